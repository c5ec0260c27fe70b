import CYAML

/// A YAML syntax or structure error, with the 1-based position where it was found.
public struct YAMLError: Error, Equatable, CustomStringConvertible {
  public var message: String
  public var line: Int
  public var column: Int
  public var description: String { line > 0 ? "line \(line), column \(column): \(message)" : message }
}

/// Reads YAML text (one or more documents) into `Value`s over the system libyaml.
public enum YAMLReader {
  /// The limits every YAML input is read within (kubeconfigs, config files, plugin output), so
  /// that no file can exhaust memory, time or the stack: a stream of at most 4 MiB (a kubeconfig is rarely 100 KiB), collections
  /// nested at most 1,000 deep, and aliases that expand to at most 100 times the nodes the
  /// document itself has (plus 10,000), which stops a "billion laughs" document.
  public static let maxBytes = 4 << 20
  public static let maxDepth = 1000
  static let aliasExpansionRatio = 100
  static let aliasExpansionAllowance = 10_000

  /// Every document of the stream, in order; an empty document reads as `.null`.
  public static func readAll(_ text: String) throws(YAMLError) -> [Value] {
    guard text.utf8.count <= maxBytes else {
      throw YAMLError(
        message: "the YAML is \(text.utf8.count) bytes, more than the \(maxBytes >> 20) MiB this tool reads", line: 0,
        column: 0)
    }
    var bytes = Array(text.utf8)
    return try bytes.withUnsafeMutableBufferPointer { buffer throws(YAMLError) in
      var parser = yaml_parser_t()
      guard yaml_parser_initialize(&parser) == 1 else {
        throw YAMLError(message: "cannot initialise the YAML parser", line: 0, column: 0)
      }
      defer { yaml_parser_delete(&parser) }
      yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
      yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
      var builder = Builder()
      while true {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { throw parserError(parser) }
        defer { yaml_event_delete(&event) }
        if event.type == YAML_STREAM_END_EVENT { break }
        try builder.consume(event)
      }
      return builder.documents
    }
  }

  /// The single document of `text` (`.null` when there is none); more than one is an error.
  public static func read(_ text: String) throws(YAMLError) -> Value {
    let documents = try readAll(text)
    guard documents.count <= 1 else {
      throw YAMLError(message: "expected one YAML document, found \(documents.count)", line: 1, column: 1)
    }
    return documents.first ?? .null
  }

  private static func parserError(_ parser: yaml_parser_t) -> YAMLError {
    let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
    var message = problem
    if let context = parser.context.map({ String(cString: $0) }) { message = "\(problem) \(context)" }
    let mark =
      parser.problem_mark.line == 0 && parser.problem_mark.column == 0 && parser.context != nil
      ? parser.context_mark : parser.problem_mark
    return YAMLError(message: message, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
  }

  /// Turns the parser's event stream into values: a stack of open collections plus anchors.
  private struct Builder {
    /// A mapping key waiting for its value; a plain `<<` is a merge key, a quoted one is not.
    struct PendingKey {
      var name: String
      var isMerge: Bool
    }
    /// An open collection. A class, so that adding to it changes it in place: a value copied out
    /// of the stack and back would copy its items on every append, which is quadratic.
    final class Frame {
      let anchor: String?
      let isSequence: Bool
      var items: [Value] = []
      var object = Value.Object()
      var pendingKey: PendingKey?
      var keyMark: yaml_mark_t
      var merged: Set<String> = []
      /// Nodes in it so far, itself included.
      var size = 1
      init(anchor: String?, isSequence: Bool, at mark: yaml_mark_t) {
        self.anchor = anchor
        self.isSequence = isSequence
        keyMark = mark
      }
    }
    var documents: [Value] = []
    var stack: [Frame] = []
    var anchors: [String: (value: Value, size: Int)] = [:]
    var current: Value?
    /// Nodes the parser produced, and nodes the document holds once its aliases are expanded.
    var parsedNodes = 0
    var expandedNodes = 0

    func error(_ message: String, at mark: yaml_mark_t) -> YAMLError {
      YAMLError(message: message, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    mutating func open(_ frame: Frame, at mark: yaml_mark_t) throws(YAMLError) {
      guard stack.count < YAMLReader.maxDepth else {
        throw error("collections are nested deeper than \(YAMLReader.maxDepth) levels", at: mark)
      }
      stack.append(frame)
    }

    mutating func consume(_ event: yaml_event_t) throws(YAMLError) {
      let mark = event.start_mark
      switch event.type {
      case YAML_DOCUMENT_START_EVENT:
        current = nil
        anchors = [:]
      case YAML_DOCUMENT_END_EVENT:
        documents.append(current ?? .null)
      case YAML_SCALAR_EVENT:
        parsedNodes += 1
        expandedNodes += 1
        let scalar = event.data.scalar
        let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
        let tag = scalar.tag.map { String(cString: $0) }
        let value = try typed(text, tag: tag, plain: scalar.style == YAML_PLAIN_SCALAR_STYLE, at: mark)
        let isMergeKey = text == "<<" && tag == nil && scalar.style == YAML_PLAIN_SCALAR_STYLE
        try complete(
          value, size: 1, anchor: scalar.anchor.map { String(cString: $0) }, at: mark, keyText: text,
          isMergeKey: isMergeKey)
      case YAML_ALIAS_EVENT:
        let name = String(cString: event.data.alias.anchor)
        guard let (value, size) = anchors[name] else { throw error("unknown anchor \"\(name)\"", at: mark) }
        parsedNodes += 1
        expandedNodes += size
        guard expandedNodes <= parsedNodes * YAMLReader.aliasExpansionRatio + YAMLReader.aliasExpansionAllowance else {
          throw error(
            "excessive aliasing: the aliases expand to more than \(YAMLReader.aliasExpansionRatio) times the document's own nodes",
            at: mark)
        }
        try complete(value, size: size, anchor: nil, at: mark, keyText: nil)
      case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
        parsedNodes += 1
        expandedNodes += 1
        let isSequence = event.type == YAML_SEQUENCE_START_EVENT
        let anchor = isSequence ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
        try open(Frame(anchor: anchor.map { String(cString: $0) }, isSequence: isSequence, at: mark), at: mark)
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        guard let frame = stack.popLast() else { break }
        let value: Value = frame.isSequence ? .array(frame.items) : .object(frame.object)
        try complete(value, size: frame.size, anchor: frame.anchor, at: mark, keyText: nil)
      default:
        break
      }
    }

    func typed(_ text: String, tag: String?, plain: Bool, at mark: yaml_mark_t) throws(YAMLError) -> Value {
      switch tag {
      case "tag:yaml.org,2002:str", "!": return .string(text)
      case "tag:yaml.org,2002:null": return .null
      case "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float":
        let value = PlainScalar.resolve(text)
        switch (tag, value) {
        case ("tag:yaml.org,2002:bool", .bool), ("tag:yaml.org,2002:int", .int), ("tag:yaml.org,2002:float", .double):
          return value
        case ("tag:yaml.org,2002:float", .int(let i)): return .double(Double(i))
        default:
          throw YAMLError(
            message: "cannot read \"\(text)\" as \((tag ?? "").split(separator: ":").last ?? "")",
            line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        }
      default:
        return plain ? PlainScalar.resolve(text) : .string(text)
      }
    }

    /// Places a finished node: as the document root, a sequence item, a mapping key or a mapping value.
    mutating func complete(
      _ value: Value, size: Int, anchor: String?, at mark: yaml_mark_t, keyText: String?,
      isMergeKey: Bool = false
    ) throws(YAMLError) {
      if let anchor { anchors[anchor] = (value, size) }
      guard let top = stack.last else {
        current = value
        return
      }
      top.size += size
      if top.isSequence {
        top.items.append(value)
      } else if let pending = top.pendingKey {
        let key = pending.name
        if pending.isMerge && (value.objectValue != nil || value.arrayValue != nil) {
          // Merge keys: copy in what the mapping does not set itself.
          let sources = value.objectValue.map { [$0] } ?? (value.arrayValue ?? []).compactMap(\.objectValue)
          for source in sources {
            for (k, v) in source.entries where top.object[k] == nil {
              top.object[k] = v
              top.merged.insert(k)
            }
          }
        } else {
          if top.object[key] != nil && !top.merged.contains(key) {
            throw error("duplicate key \"\(key)\"", at: top.keyMark)
          }
          top.merged.remove(key)
          top.object[key] = value
        }
        top.pendingKey = nil
      } else {
        let key: String
        switch value {
        case .string(let s): key = s
        case .null: key = keyText ?? ""
        case .bool, .int, .double: key = keyText ?? ""
        case .array, .object:
          throw error("a mapping key must be a scalar", at: mark)
        }
        top.pendingKey = PendingKey(name: key, isMerge: isMergeKey)
        top.keyMark = mark
      }
    }
  }
}

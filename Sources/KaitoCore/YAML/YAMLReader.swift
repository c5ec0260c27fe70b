import CYAML

/// A YAML syntax or structure error, with the 1-based position where it was found.
public struct YAMLError: Error, Equatable, CustomStringConvertible {
  public var message: String
  public var line: Int
  public var column: Int
  public var description: String { "line \(line), column \(column): \(message)" }
}

/// Reads YAML text (one or more documents) into `Value`s over the system libyaml.
public enum YAMLReader {
  /// Every document of the stream, in order; an empty document reads as `.null`.
  public static func readAll(_ text: String) throws(YAMLError) -> [Value] {
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
    let mark = parser.problem_mark.line == 0 && parser.problem_mark.column == 0 && parser.context != nil
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
    enum Frame {
      case sequence(anchor: String?, items: [Value])
      case mapping(anchor: String?, object: Value.Object, pendingKey: PendingKey?, keyMark: yaml_mark_t, merged: Set<String>)
    }
    var documents: [Value] = []
    var stack: [Frame] = []
    var anchors: [String: Value] = [:]
    var current: Value?

    mutating func consume(_ event: yaml_event_t) throws(YAMLError) {
      let mark = event.start_mark
      switch event.type {
      case YAML_DOCUMENT_START_EVENT:
        current = nil
        anchors = [:]
      case YAML_DOCUMENT_END_EVENT:
        documents.append(current ?? .null)
      case YAML_SCALAR_EVENT:
        let scalar = event.data.scalar
        let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
        let tag = scalar.tag.map { String(cString: $0) }
        let value = try typed(text, tag: tag, plain: scalar.style == YAML_PLAIN_SCALAR_STYLE, at: mark)
        let isMergeKey = text == "<<" && tag == nil && scalar.style == YAML_PLAIN_SCALAR_STYLE
        try complete(value, anchor: scalar.anchor.map { String(cString: $0) }, at: mark, keyText: text, isMergeKey: isMergeKey)
      case YAML_ALIAS_EVENT:
        let name = String(cString: event.data.alias.anchor)
        guard let value = anchors[name] else {
          throw YAMLError(message: "unknown anchor \"\(name)\"", line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        }
        try complete(value, anchor: nil, at: mark, keyText: nil)
      case YAML_SEQUENCE_START_EVENT:
        stack.append(.sequence(anchor: event.data.sequence_start.anchor.map { String(cString: $0) }, items: []))
      case YAML_MAPPING_START_EVENT:
        stack.append(.mapping(anchor: event.data.mapping_start.anchor.map { String(cString: $0) },
                              object: Value.Object(), pendingKey: nil, keyMark: mark, merged: []))
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        switch stack.removeLast() {
        case .sequence(let anchor, let items): try complete(.array(items), anchor: anchor, at: mark, keyText: nil)
        case .mapping(let anchor, let object, _, _, _): try complete(.object(object), anchor: anchor, at: mark, keyText: nil)
        }
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
          throw YAMLError(message: "cannot read \"\(text)\" as \(tag!.split(separator: ":").last!)",
                          line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        }
      default:
        return plain ? PlainScalar.resolve(text) : .string(text)
      }
    }

    /// Places a finished node: as the document root, a sequence item, a mapping key or a mapping value.
    mutating func complete(_ value: Value, anchor: String?, at mark: yaml_mark_t, keyText: String?, isMergeKey: Bool = false) throws(YAMLError) {
      if let anchor { anchors[anchor] = value }
      guard let top = stack.popLast() else { current = value; return }
      switch top {
      case .sequence(let a, var items):
        items.append(value)
        stack.append(.sequence(anchor: a, items: items))
      case .mapping(let a, var object, let pendingKey, let keyMark, var merged):
        if let pending = pendingKey {
          let key = pending.name
          if pending.isMerge && (value.objectValue != nil || value.arrayValue != nil) {
            // Merge keys: copy in what the mapping does not set itself.
            let sources = value.objectValue.map { [$0] } ?? (value.arrayValue ?? []).compactMap(\.objectValue)
            for source in sources {
              for (k, v) in source.entries where object[k] == nil { object[k] = v; merged.insert(k) }
            }
          } else {
            if object[key] != nil && !merged.contains(key) {
              throw YAMLError(message: "duplicate key \"\(key)\"", line: Int(keyMark.line) + 1, column: Int(keyMark.column) + 1)
            }
            merged.remove(key)
            object[key] = value
          }
          stack.append(.mapping(anchor: a, object: object, pendingKey: nil, keyMark: keyMark, merged: merged))
        } else {
          let key: String
          switch value {
          case .string(let s): key = s
          case .null: key = keyText ?? ""
          case .bool, .int, .double: key = keyText ?? ""
          case .array, .object:
            throw YAMLError(message: "a mapping key must be a scalar", line: Int(mark.line) + 1, column: Int(mark.column) + 1)
          }
          stack.append(.mapping(anchor: a, object: object, pendingKey: PendingKey(name: key, isMerge: isMergeKey), keyMark: mark, merged: merged))
        }
      }
    }
  }
}

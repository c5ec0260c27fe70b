import CYAML

/// Writes `Value`s as YAML the way kubectl does: 2-space indent, sequences indentless under their
/// key, keys in insertion order, `|` blocks for multi-line strings, and double quotes on every
/// string that a YAML 1.1 reader would otherwise take for something else.
public enum YAMLWriter {
  public static func write(_ value: Value) -> String { writeAll([value]) }

  /// Several documents, separated by `---` lines as kubectl separates them.
  public static func writeAll(_ documents: [Value]) -> String {
    // The emitter lives at one address for its whole life: libyaml's structs are not to be copied.
    let emitter = UnsafeMutablePointer<yaml_emitter_t>.allocate(capacity: 1)
    emitter.initialize(to: yaml_emitter_t())
    defer { emitter.deallocate() }
    guard yaml_emitter_initialize(emitter) == 1 else { fatalError("libyaml: cannot initialise the emitter") }
    defer { yaml_emitter_delete(emitter) }
    let sink = Sink()
    yaml_emitter_set_output(
      emitter,
      { context, buffer, size in
        // libyaml passes back the sink pointer given below, never nil.
        Unmanaged<Sink>.fromOpaque(context!).takeUnretainedValue().bytes
          .append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
        return 1
      }, Unmanaged.passUnretained(sink).toOpaque())
    yaml_emitter_set_indent(emitter, 2)
    yaml_emitter_set_width(emitter, -1)
    yaml_emitter_set_unicode(emitter, 1)

    var session = Session(emitter: emitter)
    session.emit { yaml_stream_start_event_initialize(&$0, YAML_UTF8_ENCODING) }
    for (index, document) in documents.enumerated() {
      session.emit { yaml_document_start_event_initialize(&$0, nil, nil, nil, index == 0 ? 1 : 0) }
      session.node(document)
      session.emit { yaml_document_end_event_initialize(&$0, 1) }
    }
    session.emit { yaml_stream_end_event_initialize(&$0) }
    _ = yaml_emitter_flush(emitter)
    return String(decoding: sink.bytes, as: UTF8.self)
  }

  private final class Sink { var bytes: [UInt8] = [] }

  private struct Session {
    let emitter: UnsafeMutablePointer<yaml_emitter_t>

    mutating func emit(_ make: (inout yaml_event_t) -> Int32) {
      var event = yaml_event_t()
      guard make(&event) == 1, yaml_emitter_emit(emitter, &event) == 1 else {
        // Only a bug here (an event out of order) can make libyaml refuse; there is no user input to blame.
        fatalError("libyaml emitter: \(emitter.pointee.problem.map { String(cString: $0) } ?? "unknown error")")
      }
    }

    mutating func node(_ value: Value) {
      switch value {
      case .null: scalar("null", style: YAML_PLAIN_SCALAR_STYLE)
      case .bool(let b): scalar(b ? "true" : "false", style: YAML_PLAIN_SCALAR_STYLE)
      case .int(let i): scalar(String(i), style: YAML_PLAIN_SCALAR_STYLE)
      case .double(let d): scalar(Self.format(d), style: YAML_PLAIN_SCALAR_STYLE)
      case .string(let s): string(s)
      case .array(let items):
        emit {
          yaml_sequence_start_event_initialize(
            &$0, nil, nil, 1, items.isEmpty ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE)
        }
        for item in items { node(item) }
        emit { yaml_sequence_end_event_initialize(&$0) }
      case .object(let object):
        emit {
          yaml_mapping_start_event_initialize(
            &$0, nil, nil, 1, object.isEmpty ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE)
        }
        for (key, item) in object.entries {
          string(key)
          node(item)
        }
        emit { yaml_mapping_end_event_initialize(&$0) }
      }
    }

    mutating func string(_ s: String) {
      if s.contains("\n") {
        scalar(s, style: YAML_LITERAL_SCALAR_STYLE)
      } else {
        scalar(s, style: PlainScalar.needsQuotes(s) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_PLAIN_SCALAR_STYLE)
      }
    }

    mutating func scalar(_ text: String, style: yaml_scalar_style_t) {
      var bytes = Array(text.utf8)
      let count = Int32(bytes.count)
      emit { event in
        bytes.withUnsafeMutableBufferPointer {
          yaml_scalar_event_initialize(&event, nil, nil, $0.baseAddress, count, 1, 1, style)
        }
      }
    }

    /// A float that reads back as a float: always with a `.`, `.inf`/`.nan` for the specials.
    static func format(_ d: Double) -> String {
      if d.isNaN { return ".nan" }
      if d.isInfinite { return d < 0 ? "-.inf" : ".inf" }
      let text = d.description
      if text.contains(".") { return text }
      if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        return text[..<e] + ".0" + text[e...]
      }
      return text + ".0"
    }
  }
}

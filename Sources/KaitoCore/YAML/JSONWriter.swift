/// Writes a `Value` as JSON the way kubectl does: keys in order, four-space indent, `/` unescaped.
public enum JSONWriter {
  public static func write(_ value: Value, indent: Int = 4) -> String {
    var out = ""
    append(value, to: &out, indent: indent, level: 0)
    out.append("\n")
    return out
  }

  /// A value nested `level` deep in a document being written piece by piece (no final newline).
  public static func write(_ value: Value, indent: Int, level: Int) -> String {
    var out = ""
    append(value, to: &out, indent: indent, level: level)
    return out
  }

  /// One line, no spaces: request bodies and environment variables.
  public static func compact(_ value: Value) -> String {
    var out = ""
    append(value, to: &out, indent: nil, level: 0)
    return out
  }

  private static func append(_ value: Value, to out: inout String, indent: Int?, level: Int) {
    switch value {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    // JSON has no infinities or NaN; null is what Go's encoder cannot do either, but it is valid JSON.
    case .double(let d): out += d.isFinite ? d.description : "null"
    case .string(let s): appendString(s, to: &out)
    case .array(let items):
      guard !items.isEmpty else {
        out += "[]"
        return
      }
      out += "["
      for (i, item) in items.enumerated() {
        newline(&out, indent, level + 1)
        append(item, to: &out, indent: indent, level: level + 1)
        if i < items.count - 1 { out += "," }
      }
      newline(&out, indent, level)
      out += "]"
    case .object(let object):
      guard !object.isEmpty else {
        out += "{}"
        return
      }
      out += "{"
      for (i, entry) in object.entries.enumerated() {
        newline(&out, indent, level + 1)
        appendString(entry.key, to: &out)
        out += indent == nil ? ":" : ": "
        append(entry.value, to: &out, indent: indent, level: level + 1)
        if i < object.count - 1 { out += "," }
      }
      newline(&out, indent, level)
      out += "}"
    }
  }

  private static func newline(_ out: inout String, _ indent: Int?, _ level: Int) {
    guard let indent else { return }
    out += "\n" + String(repeating: " ", count: indent * level)
  }

  static func appendString(_ s: String, to out: inout String) {
    out.append("\"")
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    out.append("\"")
  }
}

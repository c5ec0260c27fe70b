/// The `-o` formats. Not every command offers every one.
public enum OutputFormat: String, CaseIterable, Sendable {
  case table, wide, json, yaml, name
}

/// A kubectl-style table: UPPERCASE headers, columns padded like Go's tabwriter with
/// minwidth 6 and padding 3, `<none>` for empty cells, server text escaped.
public struct Table: Sendable, Equatable {
  public var headers: [String]
  public var rows: [[String]]

  public init(headers: [String], rows: [[String]] = []) {
    self.headers = headers
    self.rows = rows
  }

  /// `empty` stands in for an empty cell: `<none>` in our own tables, nothing in the columns a
  /// CRD defines (kubectl prints those blank).
  public func render(headers showHeaders: Bool = true, empty: String = "<none>") -> String {
    let all = (showHeaders ? [headers] : []) + rows.map { $0.map { $0.isEmpty ? empty : Self.escape($0) } }
    guard !all.isEmpty else { return "" }
    // Widths in Unicode scalars: exact for the ASCII these tables hold, and far cheaper than graphemes.
    // The text is assembled as UTF-8 bytes, which is several times faster than appending Strings.
    let lengths = all.map { $0.map(\.unicodeScalars.count) }
    var widths = [Int](repeating: 0, count: headers.count)
    for row in lengths {
      for (i, length) in row.enumerated() where i < widths.count - 1 {
        widths[i] = max(widths[i], max(6, length + 3))
      }
    }
    var out: [UInt8] = []
    out.reserveCapacity(all.count * (widths.reduce(0, +) + 40))
    for (row, rowLengths) in zip(all, lengths) {
      for (i, cell) in row.enumerated() {
        out.append(contentsOf: cell.utf8)
        if i < row.count - 1 {
          for _ in 0..<(widths[i] - rowLengths[i]) { out.append(UInt8(ascii: " ")) }
        }
      }
      out.append(UInt8(ascii: "\n"))
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Terminal-escape injection guard, as kubectl's printers do it: ESC → `^[`, CR → `\r`.
  public static func escape(_ s: String) -> String {
    guard s.utf8.contains(where: { $0 == 0x1B || $0 == 0x0D }) else { return s }
    var out = ""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\u{1B}": out += "^["
      case "\r": out += "\\r"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}

/// A key/value block for one object (`presets show`): labels aligned after the longest.
public func renderFields(_ fields: [(String, String)]) -> String {
  let width = (fields.map { $0.0.count }.max() ?? 0) + 2
  return fields.map { label, value in
    (label + ":").padding(to: width + 1) + (value.isEmpty ? "<none>" : Table.escape(value))
  }.joined(separator: "\n") + "\n"
}

extension String {
  func padding(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}

/// Several objects as kubectl prints them: one bare object, or a `v1` `List` of items.
public func renderObjects(_ objects: [Value], as format: OutputFormat) -> String {
  switch format {
  case .yaml: return YAMLWriter.writeAll(objects)
  case .json:
    if objects.count == 1 { return JSONWriter.write(objects[0]) }
    return JSONWriter.write(["apiVersion": "v1", "kind": "List", "items": .array(objects)])
  default:
    return objects.map { resourceName(of: $0) + "\n" }.joined()
  }
}

/// kubectl's `-o name` form: `workspace.kaito.sh/NAME`, `configmap/NAME`.
public func resourceName(of object: Value) -> String {
  let kind = object["kind"]?.stringValue?.lowercased() ?? "object"
  let apiVersion = object["apiVersion"]?.stringValue ?? "v1"
  let group = apiVersion.contains("/") ? "." + apiVersion.split(separator: "/")[0] : ""
  return "\(kind)\(group)/\(object["metadata"]?["name"]?.stringValue ?? "")"
}

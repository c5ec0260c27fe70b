/// The `-o` formats. Not every command offers every one.
public enum OutputFormat: String, CaseIterable, Sendable {
  case table, wide, json, yaml, name
}

/// A kubectl-style table: UPPERCASE headers, columns padded like Go's tabwriter with
/// minwidth 6 and padding 3, `<none>` for empty cells, server text escaped.
public struct Table: Sendable, Equatable {
  public var headers: [String]
  public var rows: [[String]]

  /// The columns from this index on are shown only with `-o wide`: the first to go when the
  /// table is wider than the terminal.
  public var wideFrom: Int?

  public init(headers: [String], rows: [[String]] = [], wideFrom: Int? = nil) {
    self.headers = headers
    self.rows = rows
    self.wideFrom = wideFrom
  }

  /// The table without as many wide-only columns (the rightmost first) as it takes to fit
  /// `columns`; cells are never wrapped or cut, as kubectl never does.
  public func fitting(_ columns: Int, headers showHeaders: Bool = true) -> Table {
    guard let wideFrom else { return self }
    var table = self
    while table.headers.count > wideFrom, table.renderedWidth(headers: showHeaders) > columns {
      table.headers.removeLast()
      table.rows = table.rows.map { Array($0.prefix(table.headers.count)) }
    }
    return table
  }

  /// `empty` stands in for an empty cell: `<none>` in our own tables, nothing in the columns a
  /// CRD defines (kubectl prints those blank).
  /// `paint` may colour a cell (column index, text); widths are measured before it.
  /// `atLeast` keeps columns as wide as an earlier print of the same table: the rows of a watch
  /// line up under the header printed first, as `kubectl get -w` keeps them.
  public func render(
    headers showHeaders: Bool = true, empty: String = "<none>", paint: ((Int, String) -> ANSIColor?)? = nil,
    atLeast earlier: [Int]? = nil
  ) -> String {
    var whole = ""
    write(headers: showHeaders, empty: empty, paint: paint, atLeast: earlier) { whole += $0 }
    return whole
  }

  /// `render`, handed to `output` some 64 KiB at a time: a long table is never held as one text.
  public func write(
    headers showHeaders: Bool = true, empty: String = "<none>", paint: ((Int, String) -> ANSIColor?)? = nil,
    atLeast earlier: [Int]? = nil, to output: (String) -> Void
  ) {
    let columns = headers.count
    guard columns > 0 else { return }
    func cell(_ row: [String], _ i: Int) -> String {
      let text = i < row.count ? row[i] : ""
      return text.isEmpty ? empty : TerminalText.escape(text, newlines: false)
    }
    var widths = columnWidths(headers: showHeaders, empty: empty)
    if let earlier, earlier.count == columns { widths = zip(widths, earlier).map { max($0, $1) } }
    let lineWidth = widths.reduce(0, +) + 1
    let batch = 64 << 10
    var out = ""
    out.reserveCapacity(min((rows.count + 1) * (lineWidth + 16), batch + lineWidth + 64))
    func append(_ cells: (Int) -> String, original: ((Int) -> String)?) {
      for i in 0..<columns {
        let shown = cells(i)
        if let original, let color = paint?(i, original(i)) { out += color.paint(shown) } else { out += shown }
        if i < columns - 1 { out.append(contentsOf: Self.spaces(widths[i] - Self.width(shown))) }
      }
      out += "\n"
      if out.utf8.count >= batch {
        output(out)
        out.removeAll(keepingCapacity: true)
      }
    }
    if showHeaders { append({ headers[$0] }, original: nil) }
    for row in rows { append({ cell(row, $0) }, original: { $0 < row.count ? row[$0] : "" }) }
    if !out.isEmpty { output(out) }
  }

  /// The width of the widest line `render` prints.
  func renderedWidth(headers showHeaders: Bool) -> Int {
    guard let last = headers.indices.last else { return 0 }
    let cells = rows.map { last < $0.count ? Self.width($0[last]) : 0 }
    return columnWidths(headers: showHeaders).reduce(0, +)
      + max(showHeaders ? Self.width(headers[last]) : 0, cells.max() ?? 0)
  }

  /// Each column's width with the gap after it (the last column's is 0): the widest cell, or
  /// header, plus three, and never under six. Widths in Unicode scalars: exact for the ASCII
  /// these tables hold, and far cheaper than graphemes. A pass over the cells without copying
  /// them, so tables of thousands of rows stay small in memory; a row has exactly as many cells
  /// as there are headers (a server's table may send more or fewer).
  public func columnWidths(headers showHeaders: Bool = true, empty: String = "<none>") -> [Int] {
    let columns = headers.count
    var widths = [Int](repeating: 0, count: columns)
    guard columns > 1 else { return widths }
    if showHeaders {
      for i in 0..<(columns - 1) { widths[i] = max(6, Self.width(headers[i]) + 3) }
    }
    for row in rows {
      for i in 0..<(columns - 1) {
        let text = i < row.count ? row[i] : ""
        let shown = text.isEmpty ? empty : TerminalText.escape(text, newlines: false)
        widths[i] = max(widths[i], max(6, Self.width(shown) + 3))
      }
    }
    return widths
  }

  private static let blank = String(repeating: " ", count: 256)
  static func spaces(_ n: Int) -> Substring {
    // By UTF-8 offset: `prefix(n)` walks characters, a quarter of a 5,000-row table's printing.
    n <= 256 ? Substring(blank.utf8.prefix(max(0, n))) : Substring(String(repeating: " ", count: n))
  }

  /// Columns a cell takes: its Unicode scalars, counted as the UTF-8 bytes that start one.
  static func width(_ s: String) -> Int {
    func count<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Int {
      var count = 0
      for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
      return count
    }
    return s.utf8.withContiguousStorageIfAvailable(count) ?? count(s.utf8)
  }

  /// Server text in a table cell or a message: see `TerminalText.escape`.
  public static func escape(_ s: String) -> String { TerminalText.escape(s) }
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

/// A kubectl `List` written item by item, so that a long list is never held whole: the same
/// bytes `renderObjects` would write for `-o json` and `-o yaml`.
public struct ListWriter {
  public let format: OutputFormat
  let write: (String) -> Void
  private var count = 0

  public init(format: OutputFormat, write: @escaping (String) -> Void) {
    self.format = format
    self.write = write
  }

  public mutating func add(_ item: Value) {
    switch format {
    case .json:
      write(
        (count == 0 ? "{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n" : ",\n") + "        "
          + JSONWriter.write(item, indent: 4, level: 2))
    case .yaml:
      let lines = YAMLWriter.write(item).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
      write(
        (count == 0 ? "apiVersion: v1\nitems:\n" : "")
          + lines.enumerated().map { ($0.offset == 0 ? "- " : "  ") + $0.element }.joined(separator: "\n") + "\n")
    default:
      write(resourceName(of: item) + "\n")
    }
    count += 1
  }

  /// Ends the list; `-o json|yaml` of no items is still a List.
  public func finish() {
    switch format {
    case .json:
      write(
        (count == 0 ? "{\n    \"apiVersion\": \"v1\",\n    \"items\": []" : "\n    ]")
          + ",\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n")
    case .yaml:
      write((count == 0 ? "apiVersion: v1\nitems: []\n" : "") + "kind: List\nmetadata:\n  resourceVersion: \"\"\n")
    default: break
    }
  }
}

/// kubectl's `-o name` form: `workspace.kaito.sh/NAME`, `configmap/NAME`.
public func resourceName(of object: Value) -> String {
  let kind = object["kind"]?.stringValue?.lowercased() ?? "object"
  let apiVersion = object["apiVersion"]?.stringValue ?? "v1"
  let group = apiVersion.contains("/") ? "." + apiVersion.split(separator: "/")[0] : ""
  return "\(kind)\(group)/\(object["metadata"]?["name"]?.stringValue ?? "")"
}

/// A number with one decimal: `20.5`.
public func tenths(_ x: Double) -> String {
  guard x.isFinite, abs(x) < 1e15 else { return "\(x)" }
  let t = Int((x * 10).rounded())
  return "\(t / 10).\(abs(t % 10))"
}

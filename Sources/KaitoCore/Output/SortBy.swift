/// `--sort-by` as kubectl takes it: a JSONPath-like field of the objects as `-o json` prints
/// them (`.weightsBytes`, `{.recommended.nodes}`); numbers in numeric order, text in text order,
/// objects without the field last, and the order otherwise kept.
public struct SortBy: Sendable {
  public let path: [String]

  public init(_ expression: String) throws(KaitoError) {
    var text = Substring(expression.trimmingSpaces)
    if text.hasPrefix("{") && text.hasSuffix("}") { text = text.dropFirst().dropLast() }
    guard text.hasPrefix("."), text.count > 1 else {
      throw KaitoError(
        "invalid --sort-by \"\(expression)\": name a field as -o json prints it, e.g. .weightsBytes or {.recommended.nodes}"
      )
    }
    path = text.dropFirst().split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard !path.contains(where: \.isEmpty) else {
      throw KaitoError("invalid --sort-by \"\(expression)\": an empty field name")
    }
  }

  /// The items in this order; `encode` gives each item as -o json prints it.
  public func sorted<Item>(_ items: [Item], encode: (Item) throws -> Value) rethrows -> [Item] {
    let keys = try items.map { item in path.reduce(Optional(try encode(item))) { value, field in value?[field] } }
    return items.indices.sorted { Self.before(keys[$0], keys[$1]) ?? ($0 < $1) }.map { items[$0] }
  }

  /// Whether `a` sorts before `b`; nil when they are equal (the earlier stays first).
  static func before(_ a: Value?, _ b: Value?) -> Bool? {
    switch (number(a), number(b)) {
    case (let x?, let y?): return x == y ? nil : x < y
    default: break
    }
    switch (a.flatMap(text), b.flatMap(text)) {
    case (let x?, let y?): return x == y ? nil : x < y
    case (_?, nil): return true
    case (nil, _?): return false
    default: return nil
    }
  }

  static func number(_ value: Value?) -> Double? {
    switch value {
    case .int(let i)?: return Double(i)
    case .double(let d)?: return d
    default: return nil
    }
  }

  static func text(_ value: Value) -> String? {
    switch value {
    case .string(let s): return s
    case .bool(let b): return String(b)
    case .int, .double: return number(value).map { String($0) }
    default: return nil
    }
  }
}

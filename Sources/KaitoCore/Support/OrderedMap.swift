/// A map from strings that keeps the order keys were added in, so that objects, labels and
/// annotations print in the order they were built (like kubectl) and golden files stay stable.
/// Setting an existing key replaces its value in place; setting nil removes it.
public struct OrderedMap<Element>: ExpressibleByDictionaryLiteral {
  public private(set) var entries: [(key: String, value: Element)] = []

  public init() {}
  public init(dictionaryLiteral elements: (String, Element)...) {
    for (key, value) in elements { self[key] = value }
  }

  /// Entries whose keys are known to be distinct (a parser that checked them), kept as they are.
  init(distinct entries: [(key: String, value: Element)]) { self.entries = entries }

  public var keys: [String] { entries.map(\.key) }
  public var isEmpty: Bool { entries.isEmpty }
  public var count: Int { entries.count }

  public subscript(key: String) -> Element? {
    get { entries.first(where: { $0.key == key })?.value }
    set {
      if let index = entries.firstIndex(where: { $0.key == key }) {
        if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
      } else if let newValue {
        entries.append((key, newValue))
      }
    }
  }
}

extension OrderedMap: Sendable where Element: Sendable {}

extension OrderedMap: Equatable where Element: Equatable {
  /// Key order is presentation, not meaning: two maps are equal when they map the same keys alike.
  public static func == (lhs: OrderedMap, rhs: OrderedMap) -> Bool {
    guard lhs.count == rhs.count else { return false }
    for (key, value) in lhs.entries where rhs[key] != value { return false }
    return true
  }
}

extension OrderedMap: Encodable where Element: Encodable {
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: AnyKey.self)
    for (key, value) in entries { try container.encode(value, forKey: AnyKey(key)) }
  }
}

struct AnyKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(_ string: String) { stringValue = string }
  init?(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { return nil }
}

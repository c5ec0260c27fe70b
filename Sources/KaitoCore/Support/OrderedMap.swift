/// A map from strings that keeps the order keys were added in, so that objects, labels and
/// annotations print in the order they were built (like kubectl) and golden files stay stable.
/// Setting an existing key replaces its value in place; setting nil removes it.
public struct OrderedMap<Element>: ExpressibleByDictionaryLiteral {
  public private(set) var entries: [(key: String, value: Element)] = []
  /// Positions by key, kept once a map outgrows a linear scan, so that reading a document with
  /// many keys stays linear rather than quadratic.
  private var positions: [String: Int]?
  private static var indexedFrom: Int { 16 }

  public init() {}
  public init(dictionaryLiteral elements: (String, Element)...) {
    for (key, value) in elements { self[key] = value }
  }

  /// Entries whose keys are known to be distinct (a parser that checked them), kept as they are.
  init(distinct entries: [(key: String, value: Element)]) {
    self.entries = entries
    if entries.count > Self.indexedFrom { positions = Self.index(entries) }
  }

  private static func index(_ entries: [(key: String, value: Element)]) -> [String: Int] {
    var positions = [String: Int](minimumCapacity: entries.count)
    for (i, entry) in entries.enumerated() { positions[entry.key] = i }
    return positions
  }

  public var keys: [String] { entries.map(\.key) }
  public var isEmpty: Bool { entries.isEmpty }
  public var count: Int { entries.count }

  private func position(of key: String) -> Int? {
    if let positions { return positions[key] }
    return entries.firstIndex(where: { $0.key == key })
  }

  public subscript(key: String) -> Element? {
    get { position(of: key).map { entries[$0].value } }
    set {
      if let index = position(of: key) {
        if let newValue {
          entries[index].value = newValue
        } else {
          entries.remove(at: index)
          positions = entries.count > Self.indexedFrom ? Self.index(entries) : nil
        }
      } else if let newValue {
        entries.append((key, newValue))
        if positions != nil {
          positions?[key] = entries.count - 1
        } else if entries.count > Self.indexedFrom {
          positions = Self.index(entries)
        }
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

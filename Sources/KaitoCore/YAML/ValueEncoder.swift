/// Encodes any `Encodable` into a `Value`, keeping keys in the order `encode(to:)` writes them,
/// so typed results print in declaration order in YAML and JSON. Nil optionals are left out.
public struct ValueEncoder {
  public init() {}

  public func encode<T: Encodable>(_ value: T) throws -> Value {
    if let value = value as? Value { return value }
    let encoder = Encoding(path: [])
    try value.encode(to: encoder)
    return encoder.storage.value
  }
}

/// A tree under construction: reference nodes so nested containers can be filled after creation.
private final class Node {
  enum Kind {
    case empty
    case single(Value)
    case keyed([(String, Node)])
    case unkeyed([Node])
  }
  var kind: Kind = .empty

  var value: Value {
    switch kind {
    case .empty: return .object(Value.Object())
    case .single(let v): return v
    case .keyed(let entries):
      var object = Value.Object()
      for (key, node) in entries { object[key] = node.value }
      return .object(object)
    case .unkeyed(let nodes): return .array(nodes.map(\.value))
    }
  }

  func child(forKey key: String) -> Node {
    var entries: [(String, Node)] = []
    if case .keyed(let existing) = kind { entries = existing }
    if let found = entries.first(where: { $0.0 == key }) { return found.1 }
    let node = Node()
    entries.append((key, node))
    kind = .keyed(entries)
    return node
  }

  func appendChild() -> Node {
    var nodes: [Node] = []
    if case .unkeyed(let existing) = kind { nodes = existing }
    let node = Node()
    nodes.append(node)
    kind = .unkeyed(nodes)
    return node
  }
}

private struct Encoding: Encoder {
  let storage: Node
  var codingPath: [any CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  init(path: [any CodingKey], storage: Node = Node()) {
    self.codingPath = path
    self.storage = storage
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    if case .keyed = storage.kind {} else { storage.kind = .keyed([]) }
    return KeyedEncodingContainer(Keyed<Key>(node: storage, codingPath: codingPath))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    if case .unkeyed = storage.kind {} else { storage.kind = .unkeyed([]) }
    return Unkeyed(node: storage, codingPath: codingPath)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: storage, codingPath: codingPath) }

  static func box<T: Encodable>(_ value: T, into node: Node, path: [any CodingKey]) throws {
    switch value {
    case let v as Value: node.kind = .single(v)
    case let s as String: node.kind = .single(.string(s))
    case let b as Bool: node.kind = .single(.bool(b))
    case let i as Int: node.kind = .single(.int(i))
    case let d as Double: node.kind = .single(.double(d))
    default: try value.encode(to: Encoding(path: path, storage: node))
    }
  }
}

private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let node: Node
  var codingPath: [any CodingKey]

  mutating func encodeNil(forKey key: Key) throws { node.child(forKey: key.stringValue).kind = .single(.null) }
  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
    try Encoding.box(value, into: node.child(forKey: key.stringValue), path: codingPath + [key])
  }
  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
    -> KeyedEncodingContainer<NestedKey>
  {
    Encoding(path: codingPath + [key], storage: node.child(forKey: key.stringValue)).container(keyedBy: keyType)
  }
  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    Encoding(path: codingPath + [key], storage: node.child(forKey: key.stringValue)).unkeyedContainer()
  }
  mutating func superEncoder() -> any Encoder { Encoding(path: codingPath, storage: node.child(forKey: "super")) }
  mutating func superEncoder(forKey key: Key) -> any Encoder {
    Encoding(path: codingPath + [key], storage: node.child(forKey: key.stringValue))
  }
}

private struct Unkeyed: UnkeyedEncodingContainer {
  let node: Node
  var codingPath: [any CodingKey]
  var count: Int {
    if case .unkeyed(let nodes) = node.kind { return nodes.count }
    return 0
  }

  mutating func encodeNil() throws { node.appendChild().kind = .single(.null) }
  mutating func encode<T: Encodable>(_ value: T) throws {
    try Encoding.box(value, into: node.appendChild(), path: codingPath)
  }
  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
    NestedKey
  > {
    Encoding(path: codingPath, storage: node.appendChild()).container(keyedBy: keyType)
  }
  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
    Encoding(path: codingPath, storage: node.appendChild()).unkeyedContainer()
  }
  mutating func superEncoder() -> any Encoder { Encoding(path: codingPath, storage: node.appendChild()) }
}

private struct Single: SingleValueEncodingContainer {
  let node: Node
  var codingPath: [any CodingKey]
  mutating func encodeNil() throws { node.kind = .single(.null) }
  mutating func encode<T: Encodable>(_ value: T) throws { try Encoding.box(value, into: node, path: codingPath) }
}

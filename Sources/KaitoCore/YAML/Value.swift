/// The one JSON-like value that YAML and JSON are read into and written from.
///
/// Objects keep the order in which their keys were added (`OrderedMap`).
public enum Value: Sendable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case array([Value])
  case object(Object)

  public typealias Object = OrderedMap<Value>
}

extension Value: Equatable {
  public static func == (lhs: Value, rhs: Value) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.int(let a), .int(let b)): return a == b
    case (.double(let a), .double(let b)): return a == b || (a.isNaN && b.isNaN)
    case (.string(let a), .string(let b)): return a == b
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)): return a == b
    default: return false
    }
  }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
  ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral,
  ExpressibleByFloatLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int) { self = .int(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(floatLiteral value: Double) { self = .double(value) }
  public init(arrayLiteral elements: Value...) { self = .array(elements) }
  public init(nilLiteral: ()) { self = .null }
  public init(dictionaryLiteral elements: (String, Value)...) {
    var object = Object()
    for (key, value) in elements { object[key] = value }
    self = .object(object)
  }
}

extension Value {
  public subscript(key: String) -> Value? {
    if case .object(let object) = self { return object[key] }
    return nil
  }

  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// A number of either kind.
  public var doubleValue: Double? {
    switch self {
    case .double(let d): return d
    case .int(let i): return Double(i)
    default: return nil
    }
  }

  public var intValue: Int? {
    if case .int(let i) = self { return i }
    return nil
  }

  public var arrayValue: [Value]? {
    if case .array(let a) = self { return a }
    return nil
  }

  public var objectValue: Object? {
    if case .object(let o) = self { return o }
    return nil
  }
}

extension Value: Encodable {
  private func encodeSingle(_ scalar: some Encodable, to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(scalar)
  }

  public func encode(to encoder: any Encoder) throws {
    switch self {
    case .null:
      var c = encoder.singleValueContainer()
      try c.encodeNil()
    case .bool(let b): try encodeSingle(b, to: encoder)
    case .int(let i): try encodeSingle(i, to: encoder)
    case .double(let d): try encodeSingle(d, to: encoder)
    case .string(let s): try encodeSingle(s, to: encoder)
    case .array(let items):
      var c = encoder.unkeyedContainer()
      for item in items { try c.encode(item) }
    case .object(let object):
      try object.encode(to: encoder)
    }
  }
}

extension Value {
  /// Whether this value has everything `other` has: the same scalars and arrays, and objects
  /// with at least `other`'s keys, each including `other`'s value (more keys are allowed).
  public func includes(_ other: Value) -> Bool {
    guard case .object(let mine) = self, case .object(let theirs) = other else { return self == other }
    return theirs.entries.allSatisfy { key, value in mine[key].map { $0.includes(value) } == true }
  }
}

extension Value {
  /// This value with the field at `path` set (nil removes it); objects on the way are made.
  public func setting(_ path: [String], to new: Value?) -> Value {
    guard let key = path.first else { return new ?? .null }
    var object = objectValue ?? Object()
    if path.count == 1 {
      object[key] = new
    } else {
      object[key] = (object[key] ?? .object(Object())).setting(Array(path.dropFirst()), to: new)
    }
    return .object(object)
  }
}

/// A fast JSON reader into `Value` for API responses (lists of thousands of objects, watch
/// events). YAML's reader would do, but this is several times faster on large bodies.
public enum JSONReader {
  /// Objects and arrays nest at most this deep (Kubernetes objects stay far below it); deeper
  /// input is refused rather than read by ever deeper recursion.
  public static let maxDepth = 512

  /// Which parts of a document to keep: everything, or some keys of an object (each with its own
  /// selection). Arrays pass the selection on to their items. What is not kept is skipped without
  /// being built, which keeps memory low for large lists of which a command needs a few fields.
  public indirect enum Selection: Sendable {
    case all
    case keys([String: Selection])
  }

  public static func read(_ bytes: [UInt8], keeping selection: Selection = .all) throws(KaitoError) -> Value {
    try bytes.withUnsafeBufferPointer { buffer throws(KaitoError) in
      var parser = Parser(bytes: buffer)
      parser.skipSpace()
      let value = try parser.value(depth: 0, selection: selection)
      parser.skipSpace()
      guard parser.index == buffer.count else { throw parser.error("unexpected text after the JSON value") }
      return value
    }
  }

  public static func read(_ text: String) throws(KaitoError) -> Value { try read(Array(text.utf8)) }

  /// Reads a top-level object whose array under one of `keys` may be long (a list's `items`, a Table's
  /// `rows`): each item goes to `each` as soon as it is read and is not kept; the rest of the
  /// object is returned. Memory stays at one item, not the whole list.
  public static func read(
    _ bytes: [UInt8], streaming keys: Set<String>, keeping selection: Selection = .all,
    each: (Value) throws(KaitoError) -> Void
  ) throws(KaitoError) -> Value {
    try bytes.withUnsafeBufferPointer { buffer throws(KaitoError) in
      var parser = Parser(bytes: buffer)
      parser.skipSpace()
      guard parser.index < buffer.count, buffer[parser.index] == UInt8(ascii: "{") else {
        throw parser.error("expected an object")
      }
      parser.index += 1
      var entries: [(key: String, value: Value)] = []
      parser.skipSpace()
      if parser.index < buffer.count, buffer[parser.index] == UInt8(ascii: "}") { return .object(Value.Object()) }
      while true {
        parser.skipSpace()
        guard parser.index < buffer.count, buffer[parser.index] == UInt8(ascii: "\"") else {
          throw parser.error("expected a key")
        }
        let name = try parser.string()
        parser.skipSpace()
        guard parser.index < buffer.count, buffer[parser.index] == UInt8(ascii: ":") else {
          throw parser.error("expected ':'")
        }
        parser.index += 1
        parser.skipSpace()
        if keys.contains(name), parser.index < buffer.count, buffer[parser.index] == UInt8(ascii: "[") {
          var itemSelection = Selection.all
          if case .keys(let wanted) = selection, let inner = wanted[name] { itemSelection = inner }
          parser.index += 1
          parser.skipSpace()
          if parser.index < buffer.count, buffer[parser.index] == UInt8(ascii: "]") {
            parser.index += 1
          } else {
            while true {
              parser.skipSpace()
              try each(try parser.value(depth: 1, selection: itemSelection))
              if try parser.endOfList(closedBy: UInt8(ascii: "]")) { break }
            }
          }
        } else if case .keys(let wanted) = selection, wanted[name] == nil {
          try parser.skipValue(depth: 1)
        } else {
          var inner = Selection.all
          if case .keys(let wanted) = selection, let found = wanted[name] { inner = found }
          entries.append((name, try parser.value(depth: 1, selection: inner)))
        }
        if try parser.endOfList(closedBy: UInt8(ascii: "}")) { break }
      }
      parser.skipSpace()
      guard parser.index == buffer.count else { throw parser.error("unexpected text after the JSON value") }
      return .object(Parser.object(entries))
    }
  }

  private struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    func error(_ message: String) -> KaitoError { KaitoError("invalid JSON at byte \(index): \(message)") }

    mutating func skipSpace() {
      while index < bytes.count,
        bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09
      {
        index += 1
      }
    }

    mutating func value(depth: Int, selection: Selection = .all) throws(KaitoError) -> Value {
      guard depth < JSONReader.maxDepth else { throw error("nested deeper than \(JSONReader.maxDepth) levels") }
      guard index < bytes.count else { throw error("unexpected end") }
      switch bytes[index] {
      case UInt8(ascii: "{"):
        index += 1
        var entries: [(key: String, value: Value)] = []
        skipSpace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
          index += 1
          return .object(Value.Object())
        }
        while true {
          skipSpace()
          guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a key") }
          let key = try string()
          skipSpace()
          guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
          index += 1
          skipSpace()
          switch selection {
          case .all: entries.append((key, try value(depth: depth + 1)))
          case .keys(let wanted):
            if let inner = wanted[key] {
              entries.append((key, try value(depth: depth + 1, selection: inner)))
            } else {
              try skipValue(depth: depth + 1)
            }
          }
          if try endOfList(closedBy: UInt8(ascii: "}")) { return .object(Self.object(entries)) }
        }
      case UInt8(ascii: "["):
        index += 1
        var items: [Value] = []
        skipSpace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
          index += 1
          return .array(items)
        }
        while true {
          skipSpace()
          items.append(try value(depth: depth + 1, selection: selection))
          if try endOfList(closedBy: UInt8(ascii: "]")) { return .array(items) }
        }
      case UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "t"):
        try literal("true")
        return .bool(true)
      case UInt8(ascii: "f"):
        try literal("false")
        return .bool(false)
      case UInt8(ascii: "n"):
        try literal("null")
        return .null
      default: return try number()
      }
    }

    /// Objects from the API server have distinct keys; a repeated one (invalid, but Go reads it)
    /// keeps its last value, as Go's decoder does.
    static func object(_ entries: [(key: String, value: Value)]) -> Value.Object {
      if entries.count <= 1 { return Value.Object(distinct: entries) }
      // Most objects have a handful of keys: comparing pairs beats hashing them.
      let distinct: Bool
      if entries.count <= 16 {
        distinct = (1..<entries.count).allSatisfy { i in (0..<i).allSatisfy { entries[$0].key != entries[i].key } }
      } else {
        var seen = Set<String>(minimumCapacity: entries.count)
        distinct = entries.allSatisfy { seen.insert($0.key).inserted }
      }
      if distinct { return Value.Object(distinct: entries) }
      var object = Value.Object()
      for (key, value) in entries { object[key] = value }
      return object
    }

    /// After an item of an array or object: true at its closing bracket, false after a comma
    /// (both consumed).
    mutating func endOfList(closedBy close: UInt8) throws(KaitoError) -> Bool {
      skipSpace()
      guard index < bytes.count else { throw error("unexpected end") }
      let found = bytes[index]
      guard found == UInt8(ascii: ",") || found == close else {
        throw error("expected ',' or '\(Character(Unicode.Scalar(close)))'")
      }
      index += 1
      return found == close
    }

    /// Moves past one value without building it.
    mutating func skipValue(depth: Int) throws(KaitoError) {
      guard depth < JSONReader.maxDepth else { throw error("nested deeper than \(JSONReader.maxDepth) levels") }
      guard index < bytes.count else { throw error("unexpected end") }
      switch bytes[index] {
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        let close = bytes[index] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
        index += 1
        skipSpace()
        if index < bytes.count && bytes[index] == close {
          index += 1
          return
        }
        while true {
          skipSpace()
          if close == UInt8(ascii: "}") {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a key") }
            try skipString()
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipSpace()
          }
          try skipValue(depth: depth + 1)
          if try endOfList(closedBy: close) { return }
        }
      case UInt8(ascii: "\""): try skipString()
      default: _ = try value(depth: depth)
      }
    }

    mutating func skipString() throws(KaitoError) {
      index += 1
      while index < bytes.count {
        switch bytes[index] {
        case UInt8(ascii: "\""):
          index += 1
          return
        case UInt8(ascii: "\\"): index += 2
        default: index += 1
        }
      }
      throw error("unterminated string")
    }

    mutating func literal(_ word: StaticString) throws(KaitoError) {
      let count = word.utf8CodeUnitCount
      guard index + count <= bytes.count else { throw error("unexpected end") }
      for i in 0..<count where bytes[index + i] != word.utf8Start[i] { throw error("unexpected character") }
      index += count
    }

    mutating func number() throws(KaitoError) -> Value {
      let start = index
      var isInteger = true
      while index < bytes.count {
        let b = bytes[index]
        if (b >= 48 && b <= 57) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") {
          index += 1
          continue
        }
        if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
          isInteger = false
          index += 1
          continue
        }
        break
      }
      guard index > start else { throw error("unexpected character") }
      let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
      if isInteger, let int = Int(text) { return .int(int) }
      guard let double = Double(text) else { throw error("invalid number \(text)") }
      return .double(double)
    }

    mutating func string() throws(KaitoError) -> String {
      index += 1  // the opening quote
      let start = index
      // Fast path: no escapes.
      while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") { index += 1 }
      guard index < bytes.count else { throw error("unterminated string") }
      if bytes[index] == UInt8(ascii: "\"") {
        let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        index += 1
        return s
      }
      var out = Array(bytes[start..<index])
      while index < bytes.count {
        let b = bytes[index]
        if b == UInt8(ascii: "\"") {
          index += 1
          return String(decoding: out, as: UTF8.self)
        }
        guard b == UInt8(ascii: "\\") else {
          out.append(b)
          index += 1
          continue
        }
        index += 1
        guard index < bytes.count else { break }
        let e = bytes[index]
        index += 1
        switch e {
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "u"):
          var scalar = try hex4()
          if (0xD800..<0xDC00).contains(scalar), index + 5 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
            bytes[index + 1] == UInt8(ascii: "u")
          {
            let mark = index
            index += 2
            let low = try hex4()
            if (0xDC00..<0xE000).contains(low) {
              scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else {
              index = mark  // a lone high surrogate: U+FFFD, and the next escape read on its own
            }
          }
          out.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
        default: out.append(e)
        }
      }
      throw error("unterminated string")
    }

    mutating func hex4() throws(KaitoError) -> UInt32 {
      guard index + 4 <= bytes.count else { throw error("bad \\u escape") }
      var v: UInt32 = 0
      for _ in 0..<4 {
        let b = bytes[index]
        let d: UInt32
        switch b {
        case 48...57: d = UInt32(b - 48)
        case 97...102: d = UInt32(b - 87)
        case 65...70: d = UInt32(b - 55)
        default: throw error("bad \\u escape")
        }
        v = v * 16 + d
        index += 1
      }
      return v
    }
  }
}

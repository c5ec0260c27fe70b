/// A list read as its body arrives, chunk by chunk: the items of the arrays under `keys` of the
/// top-level object (a list's `items`, a Table's `rows`) are cut out of the bytes as they come and
/// each is read on its own, so that neither the body nor the list is ever held whole (`status -A`
/// over thousands of workspaces). Everything else is kept, with those arrays left empty, and read
/// at the end.
public struct JSONListStream {
  private let keys: Set<[UInt8]>
  private let selection: JSONReader.Selection
  /// The most bytes one item, or the rest of the object, may take.
  private let limit: Int

  private var rest: [UInt8] = []
  private var item: [UInt8] = []
  /// The first bytes of the body, for an error that must show what the server sent.
  public private(set) var head: [UInt8] = []
  private var depth = 0
  private var inString = false
  private var escaped = false
  private var collectingKey = false
  private var key: [UInt8] = []
  private var afterColon = false
  /// The key of the array being streamed, while inside it.
  private var streaming: [UInt8]?
  private var inItem = false
  private var nesting = 0

  public init(streaming keys: Set<String>, keeping selection: JSONReader.Selection = .all, limit: Int) {
    self.keys = Set(keys.map { Array($0.utf8) })
    self.selection = selection
    self.limit = limit
  }

  /// Reads the next chunk; each item completed in it goes to `each` with its array's key.
  public mutating func feed(_ chunk: [UInt8], each: (String, Value) throws(KaitoError) -> Void) throws(KaitoError) {
    if head.count < 200 { head += chunk.prefix(200 - head.count) }
    try chunk.withUnsafeBufferPointer { bytes throws(KaitoError) in
      var start = 0
      var i = 0
      while i < bytes.count {
        if inString && !escaped && !collectingKey {
          // Most bytes are inside strings: straight to the next quote or backslash.
          while i < bytes.count && bytes[i] != Self.quote && bytes[i] != Self.backslash { i += 1 }
          if i == bytes.count { break }
        }
        let byte = bytes[i]
        if inString {
          if escaped {
            escaped = false
          } else if byte == Self.backslash {
            escaped = true
          } else if byte == Self.quote {
            inString = false
            collectingKey = false
          } else if collectingKey {
            key.append(byte)
          }
          i += 1
          continue
        }
        if let arrayKey = streaming {
          if !inItem {
            if byte == Self.close && nesting == 0 {
              // The streamed array ends: the rest of the object follows.
              rest.append(byte)
              streaming = nil
              depth = 1
              start = i + 1
            } else if !Self.isSpace(byte) && byte != Self.comma {
              inItem = true
              nesting = 0
              start = i
              continue  // the item's first byte, read again as part of the item
            } else {
              start = i + 1
            }
            i += 1
            continue
          }
          switch byte {
          case Self.quote: inString = true
          case Self.openObject, Self.open: nesting += 1
          case Self.closeObject, Self.close:
            if nesting == 0 {
              // A scalar item, ended by the array's end.
              try finishItem(bytes[start..<i], key: arrayKey, each: each)
              start = i
              continue
            }
            nesting -= 1
            if nesting == 0 {
              try finishItem(bytes[start...i], key: arrayKey, each: each)
              start = i + 1
            }
          case Self.comma where nesting == 0:
            try finishItem(bytes[start..<i], key: arrayKey, each: each)
            start = i + 1
          default: break
          }
          i += 1
          continue
        }
        switch byte {
        case Self.quote:
          inString = true
          if depth == 1 && !afterColon {
            collectingKey = true
            key.removeAll(keepingCapacity: true)
          }
        case Self.colon where depth == 1: afterColon = true
        case Self.comma where depth == 1: afterColon = false
        case Self.openObject: depth += 1
        case Self.open:
          if depth == 1 && afterColon && keys.contains(key) {
            try keep(bytes[start...i])
            streaming = key
            inItem = false
            nesting = 0
            start = i + 1
            depth = 2
          } else {
            depth += 1
          }
        case Self.closeObject, Self.close: depth -= 1
        default: break
        }
        i += 1
      }
      if streaming == nil {
        try keep(bytes[start..<bytes.count])
      } else if inItem {
        item += bytes[start..<bytes.count]
        guard item.count <= limit else { throw tooLarge("one item") }
      }
    }
  }

  /// The object without the streamed items, once the whole body has been fed.
  public func finish() throws(KaitoError) -> Value {
    guard streaming == nil, !inString else { throw KaitoError("invalid JSON: the body ended inside the list") }
    return try JSONReader.read(rest, keeping: selection)
  }

  private mutating func keep(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) throws(KaitoError) {
    rest += bytes
    guard rest.count <= limit else { throw tooLarge("the list's fields") }
  }

  private mutating func finishItem(
    _ bytes: Slice<UnsafeBufferPointer<UInt8>>, key arrayKey: [UInt8], each: (String, Value) throws(KaitoError) -> Void
  ) throws(KaitoError) {
    item += bytes
    guard item.count <= limit else { throw tooLarge("one item") }
    let name = String(decoding: arrayKey, as: UTF8.self)
    var itemSelection = JSONReader.Selection.all
    if case .keys(let wanted) = selection, let inner = wanted[name] { itemSelection = inner }
    let value = try JSONReader.read(item, keeping: itemSelection)
    item.removeAll(keepingCapacity: true)
    inItem = false
    try each(name, value)
  }

  private func tooLarge(_ what: String) -> KaitoError {
    KaitoError(
      "the server's list has \(what) larger than \(limit >> 20) MiB, more than this tool reads (KUBECTL_KAITO_MAX_RESPONSE_MIB raises it)"
    )
  }

  private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
  private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), colon = UInt8(ascii: ":")
  private static let comma = UInt8(ascii: ","), open = UInt8(ascii: "["), close = UInt8(ascii: "]")
  private static let openObject = UInt8(ascii: "{"), closeObject = UInt8(ascii: "}")
}

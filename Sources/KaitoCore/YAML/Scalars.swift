/// How a plain (unquoted) YAML scalar is typed: the YAML 1.1 rules of the Go YAML library that
/// kubectl and the API machinery use, so that `on`, `0x1F` or `1e3` mean here what they mean there.
enum PlainScalar {
  static let trueWords: Set<String> = ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]
  static let falseWords: Set<String> = ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]
  static let nullWords: Set<String> = ["", "~", "null", "Null", "NULL"]

  static func resolve(_ text: String) -> Value {
    if nullWords.contains(text) { return .null }
    if trueWords.contains(text) { return .bool(true) }
    if falseWords.contains(text) { return .bool(false) }
    switch text {
    case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
    case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
    case ".nan", ".NaN", ".NAN": return .double(.nan)
    default: break
    }
    guard let first = text.utf8.first,
      first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
        || first == UInt8(ascii: ".") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
    else { return .string(text) }
    let plain = text.replacingAll("_", with: "")
    if let int = parseInteger(plain) { return .int(int) }
    if isYAMLStyleFloat(plain), let double = Double(plain) { return .double(double) }
    return .string(text)
  }

  /// Go's `strconv.ParseInt(s, 0, 64)`: optional sign, then `0x`, `0o`, `0b`, a leading-zero octal, or decimal.
  static func parseInteger(_ text: String) -> Int? {
    var digits = Substring(text)
    var negative = false
    if let sign = digits.first, sign == "-" || sign == "+" {
      negative = sign == "-"
      digits = digits.dropFirst()
    }
    guard !digits.isEmpty else { return nil }
    var radix = 10
    let lower = digits.lowercased()
    if lower.hasPrefix("0x") {
      radix = 16
      digits = digits.dropFirst(2)
    } else if lower.hasPrefix("0o") {
      radix = 8
      digits = digits.dropFirst(2)
    } else if lower.hasPrefix("0b") {
      radix = 2
      digits = digits.dropFirst(2)
    } else if digits.count > 1 && digits.first == "0" {
      radix = 8
      digits = digits.dropFirst()
    }
    guard !digits.isEmpty, digits.first != "+", digits.first != "-",
      let magnitude = UInt64(digits, radix: radix)
    else { return nil }
    if negative {
      guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
      return magnitude == UInt64(Int64.max) + 1 ? Int.min : -Int(magnitude)
    }
    guard magnitude <= UInt64(Int.max) else { return nil }
    return Int(magnitude)
  }

  /// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
  static func isYAMLStyleFloat(_ text: String) -> Bool {
    var bytes = Array(text.utf8)[...]
    func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    func digitRun() -> Int {
      var n = 0
      while let b = bytes.first, isDigit(b) {
        bytes = bytes.dropFirst()
        n += 1
      }
      return n
    }
    if let b = bytes.first, b == UInt8(ascii: "-") || b == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
    if bytes.first == UInt8(ascii: ".") {
      bytes = bytes.dropFirst()
      if digitRun() == 0 { return false }
    } else {
      if digitRun() == 0 { return false }
      if bytes.first == UInt8(ascii: ".") {
        bytes = bytes.dropFirst()
        _ = digitRun()
      }
    }
    if let b = bytes.first, b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
      bytes = bytes.dropFirst()
      if let s = bytes.first, s == UInt8(ascii: "-") || s == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
      if digitRun() == 0 { return false }
    }
    return bytes.isEmpty
  }

  /// Whether a string must be quoted so that every YAML 1.1 reader (Go's, PyYAML, ours) reads it
  /// back as that same string rather than a bool, number, null, date or merge key.
  static func needsQuotes(_ text: String) -> Bool {
    if case .string = resolve(text) {} else { return true }
    if text == "<<" || text == "=" { return true }
    guard let first = text.utf8.first else { return true }
    let startsNumeric =
      first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
      || (first >= 48 && first <= 57)
    if startsNumeric {
      let plain = text.replacingAll("_", with: "")
      // Looser readers: PyYAML's sexagesimal ints (1:30) and dates, Go's ParseFloat spellings (+Inf).
      if Double(plain) != nil || plain.contains(":") || looksLikeDate(text) { return true }
    }
    let lowered = text.lowercased()
    return lowered == "inf" || lowered == "nan" || lowered == "infinity"
  }

  private static func looksLikeDate(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard bytes.count >= 8, bytes.prefix(4).allSatisfy({ $0 >= 48 && $0 <= 57 }), bytes[4] == UInt8(ascii: "-")
    else { return false }
    return true
  }
}

extension String {
  func replacingAll(_ target: Character, with replacement: String) -> String {
    guard contains(target) else { return self }
    var out = ""
    for c in self { if c == target { out += replacement } else { out.append(c) } }
    return out
  }
}

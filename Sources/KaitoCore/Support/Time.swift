/// RFC 3339 timestamps (`2026-11-29T06:00:00Z`) and kubectl's human durations.
public enum Time {
  /// Seconds since 1970 for an RFC 3339 timestamp, or nil when it is not one.
  public static func parse(_ text: String) -> Double? {
    let b = Array(text.utf8)
    func number(_ range: Range<Int>) -> Int? {
      guard range.upperBound <= b.count else { return nil }
      var n = 0
      for i in range {
        guard b[i] >= 48 && b[i] <= 57 else { return nil }
        n = n * 10 + Int(b[i] - 48)
      }
      return n
    }
    guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
      b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
      b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
      let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
      let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
      (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
    else { return nil }
    var i = 19
    var fraction = 0.0
    if i < b.count && b[i] == UInt8(ascii: ".") {
      i += 1
      var scale = 0.1
      while i < b.count, b[i] >= 48 && b[i] <= 57 {
        fraction += Double(b[i] - 48) * scale
        scale /= 10
        i += 1
      }
    }
    guard i < b.count else { return nil }
    var offset = 0
    if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
      i += 1
    } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
      guard let h = number(i + 1..<i + 3), i + 3 < b.count, b[i + 3] == UInt8(ascii: ":"), let m = number(i + 4..<i + 6)
      else { return nil }
      offset = (h * 3600 + m * 60) * (b[i] == UInt8(ascii: "+") ? 1 : -1)
      i += 6
    } else {
      return nil
    }
    guard i == b.count else { return nil }
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    let days = era * 146097 + doe - 719468
    return Double(days * 86400 + hour * 3600 + minute * 60 + second - offset) + fraction
  }

  /// kubectl's `duration.HumanDuration`, as the AGE column prints it.
  public static func humanDuration(_ seconds: Double) -> String {
    guard seconds.isFinite, abs(seconds) < 1e15 else { return "<invalid>" }
    let s = Int(seconds)  // truncated toward zero, as Go's int(d.Seconds())
    if s < -1 { return "<invalid>" }
    if s < 0 { return "0s" }
    if s < 120 { return "\(s)s" }
    let minutes = s / 60
    if minutes < 10 { return s % 60 == 0 ? "\(minutes)m" : "\(minutes)m\(s % 60)s" }
    if minutes < 180 { return "\(minutes)m" }
    let hours = s / 3600
    if hours < 8 { return minutes % 60 == 0 ? "\(hours)h" : "\(hours)h\(minutes % 60)m" }
    if hours < 48 { return "\(hours)h" }
    if hours < 192 { return hours % 24 == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(hours % 24)h" }
    if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
    if hours < 24 * 365 * 8 {
      let days = hours / 24 % 365
      return days == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(days)d"
    }
    return "\(hours / 24 / 365)y"
  }
}

extension Time {
  /// A Go duration as kubectl's flags take it (`90s`, `5m`, `1h30m`, `1.5h`, `250ms`); a bare
  /// number is seconds. Nil when the text is not one.
  /// The longest duration any flag takes: 30 days, far beyond KAITO's longest startup budget.
  public static let maxDuration = 30 * 86400.0

  /// A Go duration (`90s`, `1h30m`) or a number of seconds, in seconds; nil for anything else,
  /// negative, not finite, or longer than `maxDuration`.
  public static func parseDuration(_ text: String) -> Double? {
    guard text.utf8.count <= 64 else { return nil }
    guard let seconds = parseDurationUnbounded(text), seconds.isFinite, seconds >= 0, seconds <= maxDuration else {
      return nil
    }
    return seconds
  }

  static func parseDurationUnbounded(_ text: String) -> Double? {
    if text.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: ".") }), let seconds = Double(text) {
      return seconds
    }
    var total = 0.0
    var rest = Substring(text)
    guard !rest.isEmpty else { return nil }
    while !rest.isEmpty {
      let number = rest.prefix { $0.isNumber || $0 == "." }
      guard !number.isEmpty, let value = Double(number) else { return nil }
      rest = rest.dropFirst(number.count)
      let unit = rest.prefix { $0.isLetter || $0 == "µ" }
      rest = rest.dropFirst(unit.count)
      switch unit {
      case "h": total += value * 3600
      case "m": total += value * 60
      case "s": total += value
      case "ms": total += value / 1000
      case "us", "µs": total += value / 1_000_000
      case "ns": total += value / 1_000_000_000
      default: return nil
      }
    }
    return total
  }

  /// Elapsed time for progress lines: `45s`, `3m07s`, `1h02m`.
  public static func elapsed(_ seconds: Double) -> String {
    let s = seconds.isFinite ? max(0, Int(min(seconds, 1e15))) : 0
    if s < 60 { return "\(s)s" }
    if s < 3600 { return "\(s / 60)m" + (s % 60 < 10 ? "0" : "") + "\(s % 60)s" }
    return "\(s / 3600)h" + (s % 3600 / 60 < 10 ? "0" : "") + "\(s % 3600 / 60)m"
  }
}

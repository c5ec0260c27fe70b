/// The host a download URL names, parsed as a URL parser and a resolver would parse it, so that
/// KAITO's SSRF rule (no loopback, private, link-local or metadata hosts) holds for every spelling
/// of an address: userinfo, IPv6 literals with embedded IPv4, the numeric, octal, hexadecimal and
/// shortened IPv4 forms that inet_aton accepts, trailing dots, any case of the scheme.
public enum InputAddress {
  /// The lowercased host of an http or https URL, without brackets, zone or trailing dots; nil
  /// for another scheme or no host.
  public static func host(of url: String) -> String? {
    let pieces = url.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
    guard pieces.count == 2 else { return nil }
    let scheme = pieces[0].lowercased()
    guard scheme == "http" || scheme == "https" else { return nil }
    let ends: Set<Character> = ["/", "?", "#", "\\"]
    var authority: Substring = pieces[1].prefix { !ends.contains($0) }
    if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
    var host: Substring
    if authority.hasPrefix("[") {
      guard let close = authority.firstIndex(of: "]") else { return nil }
      host = authority[authority.index(after: authority.startIndex)..<close]
      let rest = authority[authority.index(after: close)...]
      guard rest.isEmpty || (rest.hasPrefix(":") && rest.dropFirst().allSatisfy { $0.isNumber }) else { return nil }
      if let zone = host.firstIndex(of: "%") { host = host[..<zone] }
    } else {
      host = authority
      if let colon = authority.lastIndex(of: ":") {
        guard authority[authority.index(after: colon)...].allSatisfy({ $0.isNumber }) else { return nil }
        host = authority[..<colon]
      }
    }
    while host.hasSuffix(".") { host = host.dropLast() }
    return host.isEmpty ? nil : host.lowercased()
  }

  static let metadataNames: Set<String> = [
    "localhost", "metadata.google.internal", "metadata", "metadata.azure.com", "instance-data",
    "instance-data.ec2.internal",
  ]

  /// Whether the host is, or resolves by rule to, an address inside the cluster's reach.
  public static func isInternal(_ host: String) -> Bool {
    if metadataNames.contains(host) || host.hasSuffix(".localhost") { return true }
    if let v4 = ipv4(host) { return isInternal(v4: v4) }
    if let v6 = ipv6(host) { return isInternal(v6: v6) }
    return false
  }

  static func isInternal(v4 a: UInt32) -> Bool {
    let b0 = a >> 24
    let b1 = (a >> 16) & 0xFF
    switch (b0, b1) {
    case (0, _), (10, _), (127, _), (169, 254), (192, 168): return true
    case (172, 16...31), (100, 64...127), (198, 18...19): return true
    default: return b0 >= 224  // multicast, reserved and broadcast
    }
  }

  static func isInternal(v6 bytes: [UInt8]) -> Bool {
    let zeroPrefix = bytes[0..<10].allSatisfy { $0 == 0 }
    let embedded = UInt32(bytes[12]) << 24 | UInt32(bytes[13]) << 16 | UInt32(bytes[14]) << 8 | UInt32(bytes[15])
    if bytes.allSatisfy({ $0 == 0 }) { return true }  // ::
    if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }  // ::1
    if zeroPrefix && ((bytes[10] == 0xFF && bytes[11] == 0xFF) || (bytes[10] == 0 && bytes[11] == 0)) {
      return isInternal(v4: embedded)  // ::ffff:a.b.c.d and ::a.b.c.d carry an IPv4 address
    }
    // NAT64
    if bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xFF && bytes[3] == 0x9B { return isInternal(v4: embedded) }
    if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return true }  // fe80::/10 link-local
    if bytes[0] & 0xFE == 0xFC { return true }  // fc00::/7 unique local
    if bytes[0] == 0xFF { return true }  // multicast
    return false
  }

  /// An IPv4 address in any form inet_aton takes: 1 to 4 parts, each decimal, octal (leading 0)
  /// or hexadecimal (0x), the last part filling the remaining bytes (`127.1`, `2130706433`).
  static func ipv4(_ host: String) -> UInt32? {
    let parts = host.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...4).contains(parts.count) else { return nil }
    var values: [UInt64] = []
    for part in parts {
      guard !part.isEmpty, part.utf8.count <= 32 else { return nil }
      let lower = part.lowercased()
      let value: UInt64?
      if lower.hasPrefix("0x") {
        value = lower.count == 2 ? 0 : UInt64(lower.dropFirst(2), radix: 16)
      } else if lower.count > 1 && lower.hasPrefix("0") {
        value = UInt64(lower.dropFirst(), radix: 8)
      } else {
        value = UInt64(lower, radix: 10)
      }
      guard let value else { return nil }
      values.append(value)
    }
    let last = values.removeLast()
    guard values.allSatisfy({ $0 <= 0xFF }) else { return nil }
    let remainingBits = UInt64(8 * (4 - values.count))
    guard last < (1 << remainingBits) else { return nil }
    var address: UInt64 = 0
    for (i, value) in values.enumerated() { address |= value << UInt64(24 - 8 * i) }
    return UInt32(address | last)
  }

  /// An IPv6 address (with `::` and an IPv4 tail) as 16 bytes.
  static func ipv6(_ host: String) -> [UInt8]? {
    guard host.contains(":"), host.utf8.count <= 64 else { return nil }
    let halves = host.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
    guard halves.count <= 2 else { return nil }
    func groups(_ text: String) -> [UInt16]? {
      guard !text.isEmpty else { return [] }
      var out: [UInt16] = []
      let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
      for (i, piece) in pieces.enumerated() {
        if i == pieces.count - 1, piece.contains("."), let v4 = ipv4(String(piece)),
          piece.split(separator: ".").count == 4
        {
          out += [UInt16(v4 >> 16), UInt16(v4 & 0xFFFF)]
        } else {
          guard (1...4).contains(piece.count), let group = UInt16(piece, radix: 16) else { return nil }
          out.append(group)
        }
      }
      return out
    }
    guard let head = groups(halves[0]) else { return nil }
    var all = head
    if halves.count == 2 {
      guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
      all += [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
    }
    guard all.count == 8 else { return nil }
    return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
  }
}

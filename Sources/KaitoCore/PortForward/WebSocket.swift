import CCurl

/// A WebSocket client (RFC 6455) over a libcurl CONNECT_ONLY connection: libcurl does TCP, TLS,
/// proxies and the kubeconfig's credentials; the upgrade request and the frames are written here.
/// HTTP/1.1 is forced, since an HTTP/2 connection cannot be upgraded.
public final class WebSocket: MessageChannel {
  private let handle: UnsafeMutableRawPointer
  private var connectToList: UnsafeMutablePointer<curl_slist>?
  private var pending: [UInt8] = []
  /// How much of `pending` frames have been taken from: dropped in one move now and then, not
  /// once per frame (moving the rest after every frame, like zeroing a new buffer for every read,
  /// cost the tunnel a pass over its bytes).
  private var consumed = 0
  private var scratch = [UInt8](repeating: 0, count: 65536)
  public private(set) var closed = false

  public enum Message: Equatable, Sendable {
    case binary([UInt8])
    case text(String)
    case close(code: Int, reason: String)
  }

  /// Connects to `path` on the transport's server and upgrades to WebSocket with `protocols`.
  public init(transport: CurlTransport, path: String, protocols: [String]) throws(KaitoError) {
    guard let handle = kaito_curl_easy_init() else { throw KaitoError("libcurl: cannot create a handle") }
    self.handle = handle
    let url = transport.base + path
    let authorization = try transport.prepare(handle, url: url, lists: &connectToList)
    kaito_curl_setopt_long(handle, CURLOPT_CONNECT_ONLY, 1)
    kaito_curl_setopt_long(handle, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1)
    kaito_curl_read_ahead(handle)
    let code = kaito_curl_easy_perform(handle)
    guard code == CURLE_OK else {
      throw KaitoError(CurlTransport.describe(code, detail: "", server: transport.connection.server))
    }

    let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
    guard let parts = URLParts(url) else { throw KaitoError("invalid server URL \(url)") }
    var request =
      "GET \(parts.path) HTTP/1.1\r\nHost: \(parts.host):\(parts.port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    request +=
      "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: \(protocols.joined(separator: ", "))\r\n"
    request += "User-Agent: kubectl-kaito/\(Versions.tool)\r\n"
    for (name, value) in authorization { request += "\(name): \(value)\r\n" }
    request += "\r\n"
    try sendAll(Array(request.utf8))

    // The response head: 101 Switching Protocols, or an error with a Status body.
    let upgradeDeadline = wallClock() + 30
    while !pending.containsHeadEnd {
      guard pending.count <= 64 << 10 else {
        throw KaitoError("the API server's answer to the WebSocket upgrade has no end of its head")
      }
      guard try readMore(timeout: upgradeDeadline - wallClock()) >= 0, wallClock() < upgradeDeadline else {
        throw KaitoError("the API server closed the connection or did not answer the WebSocket upgrade")
      }
    }
    // The loop above ends only once the head's end is in `pending`.
    let end = pending.headEnd!
    let head = String(decoding: pending[..<end], as: UTF8.self)
    pending.removeSubrange(..<(end + 4))
    let statusLine = head.split(separator: "\r\n").first.map(String.init) ?? ""
    let status = statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    guard status == 101 else {
      // Whatever body came with it, up to what arrived.
      _ = try? readMore(timeout: 1)
      let body = pending
      if status == 401 { throw KaitoError("You must be logged in to the server (Unauthorized)") }
      if let status = try? JSONReader.read(body), status["kind"]?.stringValue == "Status" {
        throw KubeClient.statusError(status, httpStatus: 0)
      }
      throw KaitoError("the API server refused the WebSocket upgrade: \(statusLine)")
    }
  }

  deinit {
    kaito_curl_easy_cleanup(handle)
    kaito_curl_slist_free_all(connectToList)
  }

  /// The connection's socket, for poll().
  public var descriptor: Int32 {
    var fd: Int = -1
    _ = kaito_curl_getinfo_socket(handle, CURLINFO_ACTIVESOCKET, &fd)
    return Int32(fd)
  }

  public func send(binary payload: [UInt8]) throws(KaitoError) { try sendFrame(opcode: 0x2, payload: payload) }

  public func close() { close(code: 1000) }

  public func close(code: UInt16) {
    guard !closed else { return }
    closed = true
    try? sendFrame(opcode: 0x8, payload: [UInt8(code >> 8), UInt8(code & 0xFF)])
  }

  /// The next message, waiting up to `timeout` seconds; nil when none arrived in time.
  /// Pings are answered and control frames other than close are skipped.
  public func receive(timeout: Double) throws(KaitoError) -> Message? {
    var fragments: [UInt8] = []
    var fragmentOpcode: UInt8 = 0
    let deadline = wallClock() + timeout
    while true {
      if let frame = try nextFrame() {
        switch frame.opcode {
        case 0x0:
          guard fragments.count + frame.payload.count <= WebSocketFrame.maxPayload else {
            throw KaitoError("the server sent a WebSocket message of more than \(WebSocketFrame.maxPayload >> 20) MiB")
          }
          fragments += frame.payload
          if frame.fin {
            return fragmentOpcode == 0x1 ? .text(String(decoding: fragments, as: UTF8.self)) : .binary(fragments)
          }
        case 0x1, 0x2:
          if frame.fin {
            return frame.opcode == 0x1 ? .text(String(decoding: frame.payload, as: UTF8.self)) : .binary(frame.payload)
          }
          fragments = frame.payload
          fragmentOpcode = frame.opcode
        case 0x8:
          let code = frame.payload.count >= 2 ? Int(frame.payload[0]) << 8 | Int(frame.payload[1]) : 1005
          let reason = String(decoding: frame.payload.dropFirst(2), as: UTF8.self)
          if !closed { close() }
          return .close(code: code, reason: reason)
        case 0x9: try sendFrame(opcode: 0xA, payload: frame.payload)
        default: break
        }
        continue
      }
      let remaining = deadline - wallClock()
      let read = try readMore(timeout: max(0, remaining))
      if read < 0 { return .close(code: 1006, reason: "connection lost") }
      if read == 0 && remaining <= 0 { return nil }
    }
  }

  // MARK: Frames

  /// A whole frame from the bytes received, if one is there.
  private func nextFrame() throws(KaitoError) -> WebSocketFrame? {
    let frame = try WebSocketFrame.decode(pending, from: &consumed)
    if consumed == pending.count {
      pending.removeAll(keepingCapacity: true)
      consumed = 0
    } else if consumed >= 1 << 20 {
      pending.removeSubrange(..<consumed)
      consumed = 0
    }
    return frame
  }

  /// Clients mask every frame (RFC 6455 §5.3).
  private func sendFrame(opcode: UInt8, payload: [UInt8]) throws(KaitoError) {
    var frame: [UInt8] = [0x80 | opcode]
    if payload.count < 126 {
      frame.append(0x80 | UInt8(payload.count))
    } else if payload.count < 65536 {
      frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
    } else {
      frame.append(0x80 | 127)
      frame += (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
    }
    let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
    frame += mask
    frame.reserveCapacity(frame.count + payload.count)
    for (i, byte) in payload.enumerated() { frame.append(byte ^ mask[i & 3]) }
    try sendAll(frame)
  }

  private func sendAll(_ bytes: [UInt8]) throws(KaitoError) {
    var offset = 0
    while offset < bytes.count {
      var sent = 0
      // `bytes` is not empty (offset < count), so its buffer has an address.
      let code = bytes.withUnsafeBytes { raw in
        kaito_curl_easy_send(handle, raw.baseAddress! + offset, bytes.count - offset, &sent)
      }
      if code == CURLE_AGAIN {
        var fds = [pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)]
        _ = poll(&fds, 1, 1000)
        continue
      }
      guard code == CURLE_OK else {
        throw KaitoError(
          "the port-forward connection failed while sending: \(String(cString: kaito_curl_easy_strerror(code)))")
      }
      offset += sent
    }
  }

  /// Reads what is there, waiting up to `timeout`: the bytes read, 0 when none came, -1 when the
  /// connection has closed.
  private func readMore(timeout: Double) throws(KaitoError) -> Int {
    while true {
      var received = 0
      let code = scratch.withUnsafeMutableBytes { kaito_curl_easy_recv(handle, $0.baseAddress, $0.count, &received) }
      if code == CURLE_OK {
        if received == 0 { return -1 }
        pending += scratch[0..<received]
        return received
      }
      guard code == CURLE_AGAIN else {
        throw KaitoError(
          "the port-forward connection failed while receiving: \(String(cString: kaito_curl_easy_strerror(code)))")
      }
      if timeout <= 0 { return 0 }  // nothing there, and no time to wait: spare the poll call
      var fds = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
      let ready = poll(&fds, 1, Int32(max(0, min(timeout, 3600)) * 1000))
      if ready == 0 { return 0 }
    }
  }
}

extension Array where Element == UInt8 {
  var headEnd: Int? {
    guard count >= 4 else { return nil }
    for i in 0...(count - 4) where self[i] == 13 && self[i + 1] == 10 && self[i + 2] == 13 && self[i + 3] == 10 {
      return i
    }
    return nil
  }
  var containsHeadEnd: Bool { headEnd != nil }
}

/// One WebSocket frame (RFC 6455 §5.2), decoded from the bytes received so far.
public struct WebSocketFrame: Equatable, Sendable {
  public var fin: Bool
  public var opcode: UInt8
  public var payload: [UInt8]

  /// The largest frame or message accepted: far above the port-forward's 32 KiB frames.
  public static let maxPayload = 16 << 20

  /// Takes one whole frame off the front of `buffer`; nil when it is not all there yet. A length
  /// over `maxPayload` (the 64-bit length may be anything a peer writes) is an error, never a trap.
  public static func decode(_ buffer: inout [UInt8]) throws(KaitoError) -> WebSocketFrame? {
    var start = 0
    guard let frame = try decode(buffer, from: &start) else { return nil }
    buffer.removeSubrange(..<start)
    return frame
  }

  /// The frame that starts at `start` in `buffer`, moving `start` past it; nil when it is not all
  /// there yet.
  static func decode(_ buffer: [UInt8], from start: inout Int) throws(KaitoError) -> WebSocketFrame? {
    guard buffer.count - start >= 2 else { return nil }
    let fin = buffer[start] & 0x80 != 0
    let opcode = buffer[start] & 0x0F
    let masked = buffer[start + 1] & 0x80 != 0
    var length = UInt64(buffer[start + 1] & 0x7F)
    var offset = start + 2
    if length == 126 {
      guard buffer.count - start >= 4 else { return nil }
      length = UInt64(buffer[start + 2]) << 8 | UInt64(buffer[start + 3])
      offset = start + 4
    } else if length == 127 {
      guard buffer.count - start >= 10 else { return nil }
      length = buffer[(start + 2)..<(start + 10)].reduce(0) { $0 << 8 | UInt64($1) }
      offset = start + 10
    }
    guard length <= UInt64(maxPayload) else {
      throw KaitoError(
        "the server sent a WebSocket frame of \(length) bytes, more than the \(maxPayload >> 20) MiB accepted")
    }
    let count = Int(length)
    let maskOffset = offset
    if masked { offset += 4 }
    guard buffer.count >= offset + count else { return nil }
    var payload = Array(buffer[offset..<(offset + count)])
    if masked {
      let mask = Array(buffer[maskOffset..<(maskOffset + 4)])
      for i in payload.indices { payload[i] ^= mask[i & 3] }
    }
    start = offset + count
    return WebSocketFrame(fin: fin, opcode: opcode, payload: payload)
  }
}

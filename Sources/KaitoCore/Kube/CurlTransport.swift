import CCurl
import Synchronization

/// The API-server transport over the system libcurl: TLS from the kubeconfig's PEM blobs (no temp
/// files), bearer tokens, basic auth, exec plugins, proxies, HTTP/2, and streaming bodies. One
/// easy handle is reused, so a command's requests share one connection. (Unchecked Sendable: the
/// handle and its error buffer are used by one request at a time, as libcurl requires; another
/// thread gets its own transport from `copy()`. The credential is shared behind a mutex.)
public final class CurlTransport: Transport, @unchecked Sendable {
  let connection: Connection
  let environment: Environment
  private let handle: UnsafeMutableRawPointer
  /// libcurl keeps the error buffer's address until the handle is reset or cleaned up, so it
  /// lives as long as the handle does.
  private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
  private let execCredential = Mutex<ExecCredential?>(nil)
  /// The largest response body read (lists are then streamed item by item): 64 MiB, or
  /// `KUBECTL_KAITO_MAX_RESPONSE_MIB` (1 to 4096) for a cluster whose lists are longer.
  let maxBodyBytes: Int

  static func maxBodyBytes(_ variables: [String: String]) -> Int {
    guard let text = variables["KUBECTL_KAITO_MAX_RESPONSE_MIB"], let mib = Int(text), (1...4096).contains(mib) else {
      return 64 << 20
    }
    return mib << 20
  }
  public var requestTimeout: Double? { connection.requestTimeout }
  public var maxResponseBytes: Int { maxBodyBytes }
  /// Asked during a request (at least once a second): true stops it with the error "cancelled".
  let shouldCancel = Mutex<@Sendable () -> Bool>({ false })
  /// The transfer in progress, for the progress callback (one at a time on this handle).
  private var current: Exchange?
  /// The URL prefix requests go to, and libcurl's CONNECT_TO when tls-server-name is set.
  let base: String
  let connectTo: String?

  private static let initialized: Bool = {
    kaito_curl_available() != 0 && kaito_curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
  }()

  public init(connection: Connection, environment: Environment) throws(KaitoError) {
    guard Self.initialized else {
      throw KaitoError(
        "cannot load libcurl (\(String(cString: kaito_curl_error()))): install it, e.g. apt-get install libcurl4")
    }
    guard let handle = kaito_curl_easy_init() else { throw KaitoError("libcurl: cannot create a handle") }
    self.handle = handle
    self.connection = connection
    self.environment = environment
    maxBodyBytes = Self.maxBodyBytes(environment.variables)
    // tls-server-name: send that name (SNI, certificate check) but connect to the configured address.
    if let name = connection.tls.serverName, let url = URLParts(connection.server) {
      base = "\(url.scheme)://\(name):\(url.port)\(url.path)"
      connectTo = "\(name):\(url.port):\(url.host):\(url.port)"
    } else {
      base = connection.server
      connectTo = nil
    }
  }

  deinit {
    kaito_curl_easy_cleanup(handle)
    errorBuffer.deallocate()
  }

  /// Another transport to the same server (its own libcurl handle, the credentials already
  /// obtained), for work on another thread.
  public func copy() throws(KaitoError) -> CurlTransport {
    let other = try CurlTransport(connection: connection, environment: environment)
    let credential = execCredential.withLock { $0 }
    other.execCredential.withLock { $0 = credential }
    return other
  }

  public func cancelWhen(_ check: @escaping @Sendable () -> Bool) { shouldCancel.withLock { $0 = check } }

  /// Each WebSocket gets its own copy, so that tunnels on other threads never share a handle.
  public func openWebSocket(path: String, protocols: [String]) throws(KaitoError) -> any MessageChannel {
    try WebSocket(transport: try copy(), path: path, protocols: protocols)
  }

  public func send(_ request: HTTPRequest) throws(KaitoError) -> HTTPResponse {
    var body: [UInt8] = []
    var tooLarge = false
    let handle = self.handle
    let maxBodyBytes = self.maxBodyBytes
    let response = try perform(request, timeout: connection.requestTimeout, streaming: false, restart: { body = [] }) {
      chunk in
      if body.isEmpty {
        // Reserve the announced length once, rather than doubling a large body's buffer.
        var length: curl_off_t = -1
        kaito_curl_getinfo_off(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length)
        if length > 0 && length <= curl_off_t(maxBodyBytes) { body.reserveCapacity(Int(length)) }
      }
      guard body.count + chunk.count <= maxBodyBytes else {
        tooLarge = true
        return false
      }
      body.append(contentsOf: chunk)
      return true
    }.with(body: body)
    if tooLarge {
      throw KaitoError(
        "the server's answer to \(request.method) \(request.path.prefix { $0 != "?" }) is larger than \(maxBodyBytes >> 20) MiB, more than this tool reads (KUBECTL_KAITO_MAX_RESPONSE_MIB raises it)"
      )
    }
    logBody(response.body)
    return response
  }

  public func stream(_ request: HTTPRequest, timeout: Double?, onChunk: @escaping ([UInt8]) -> Bool) throws(KaitoError)
    -> HTTPResponse
  {
    try perform(request, timeout: timeout, streaming: true, restart: {}, onChunk: onChunk)
  }

  /// Runs one request; on 401 with exec credentials, asks the plugin again and retries once
  /// (`restart` first forgets what the refused attempt delivered).
  private func perform(
    _ request: HTTPRequest, timeout: Double?, streaming: Bool, restart: () -> Void,
    onChunk: @escaping ([UInt8]) -> Bool
  ) throws(KaitoError) -> HTTPResponse {
    var response = try performOnce(request, timeout: timeout, streaming: streaming, onChunk: onChunk)
    if response.status == 401, case .exec = connection.credentials, execCredential.withLock({ $0 }) != nil {
      execCredential.withLock { $0 = nil }
      restart()
      response = try performOnce(request, timeout: timeout, streaming: streaming, onChunk: onChunk)
    }
    return response
  }

  /// What the callbacks share with Swift: the status line, headers and where body bytes go.
  private final class Exchange {
    var status = 0
    var headers: [(name: String, value: String)] = []
    var errorBody: [UInt8] = []
    var onChunk: ([UInt8]) -> Bool
    var stopped = false
    var streaming: Bool
    /// After a stop with `finishAfterStop`: the rest is read (and dropped) until then.
    var finishing: Double?
    var dropped = 0
    let finishAfterStop: Bool
    init(onChunk: @escaping ([UInt8]) -> Bool, streaming: Bool, finishAfterStop: Bool) {
      self.onChunk = onChunk
      self.streaming = streaming
      self.finishAfterStop = finishAfterStop
    }

    /// Half a second and at most 1 MiB for the rest of a stopped response: past either, it is cut.
    static let finishSeconds = 0.5
  }

  private func performOnce(
    _ request: HTTPRequest, timeout: Double?, streaming: Bool,
    onChunk: @escaping ([UInt8]) -> Bool
  ) throws(KaitoError) -> HTTPResponse {
    kaito_curl_easy_reset(handle)
    let exchange = Exchange(onChunk: onChunk, streaming: streaming, finishAfterStop: request.finishAfterStop)
    current = exchange
    defer { current = nil }
    let context = Unmanaged.passUnretained(exchange).toOpaque()
    errorBuffer[0] = 0
    var headerList: UnsafeMutablePointer<curl_slist>?
    var connectToList: UnsafeMutablePointer<curl_slist>?
    defer {
      kaito_curl_slist_free_all(headerList)
      kaito_curl_slist_free_all(connectToList)
    }

    let url = base + request.path
    var headers = request.headers + (try prepare(handle, url: url, lists: &connectToList))
    if let timeout, timeout > 0 { setLong(CURLOPT_TIMEOUT_MS, Int(timeout * 1000)) }
    setString(CURLOPT_ACCEPT_ENCODING, "")
    if request.body != nil && !headers.contains(where: { $0.name.lowercased() == "content-type" }) {
      headers.append(("Content-Type", "application/json"))
    }
    for (name, value) in headers { headerList = kaito_curl_slist_append(headerList, "\(name): \(value)") }
    // libcurl would otherwise send "Expect: 100-continue" for larger bodies.
    headerList = kaito_curl_slist_append(headerList, "Expect:")
    kaito_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, headerList)

    var body = request.body ?? []
    if request.method == "GET" {
      setLong(CURLOPT_HTTPGET, 1)
    } else {
      setString(CURLOPT_CUSTOMREQUEST, request.method)
    }

    kaito_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
    // libcurl hands each callback the context pointer set beside it (never nil), the object
    // kept alive for the length of the transfer.
    let headerCallback: curl_write_callback = { data, size, count, context in
      let exchange = Unmanaged<Exchange>.fromOpaque(context!).takeUnretainedValue()
      let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
        .trimmingSpaces
      if line.hasPrefix("HTTP/") {
        // A new response (after a redirect, a proxy CONNECT or a 100): start over.
        let parts = line.split(separator: " ")
        exchange.status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        exchange.headers = []
      } else if let colon = line.firstIndex(of: ":") {
        exchange.headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingSpaces))
      }
      return size * count
    }
    kaito_curl_setopt_pointer(handle, CURLOPT_HEADERFUNCTION, unsafeBitCast(headerCallback, to: UnsafeRawPointer.self))
    kaito_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
    let writeCallback: curl_write_callback = { data, size, count, context in
      let exchange = Unmanaged<Exchange>.fromOpaque(context!).takeUnretainedValue()
      let bytes = Array(UnsafeRawBufferPointer(start: data, count: size * count))
      if exchange.streaming && !(200..<300).contains(exchange.status) {
        exchange.errorBody.append(contentsOf: bytes)
        return size * count
      }
      if let until = exchange.finishing {
        // The rest of a stopped response, dropped; one that goes on past either bound is cut.
        exchange.dropped += size * count
        return CurlTransport.now() < until && exchange.dropped <= 1 << 20 ? size * count : 0
      }
      if !exchange.onChunk(bytes) {
        exchange.stopped = true
        guard exchange.finishAfterStop else {
          return 0  // makes libcurl stop with CURLE_WRITE_ERROR, which is ours, not a failure
        }
        exchange.finishing = CurlTransport.now() + Exchange.finishSeconds
      }
      return size * count
    }
    kaito_curl_setopt_pointer(handle, CURLOPT_WRITEFUNCTION, unsafeBitCast(writeCallback, to: UnsafeRawPointer.self))

    // Checked by libcurl at least once a second, and on every bit of progress.
    kaito_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0)
    kaito_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, Unmanaged.passUnretained(self).toOpaque())
    let progressCallback: curl_xferinfo_callback = { context, _, _, _, _ in
      let transport = Unmanaged<CurlTransport>.fromOpaque(context!).takeUnretainedValue()
      if let until = transport.current?.finishing, CurlTransport.now() >= until { return 1 }
      return transport.shouldCancel.withLock { $0 }() ? 1 : 0
    }
    kaito_curl_setopt_pointer(
      handle, CURLOPT_XFERINFOFUNCTION, unsafeBitCast(progressCallback, to: UnsafeRawPointer.self))

    let started = Self.now()
    let code: CURLcode = body.withUnsafeMutableBufferPointer { buffer in
      if request.body != nil {
        kaito_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(buffer.count))
        kaito_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, buffer.baseAddress)
      }
      kaito_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
      return kaito_curl_easy_perform(handle)
    }
    let elapsed = Self.now() - started
    let detail = String(cString: errorBuffer)

    if code == CURLE_ABORTED_BY_CALLBACK && exchange.finishing == nil {
      throw KaitoError("cancelled")
    } else if (code == CURLE_WRITE_ERROR || code == CURLE_ABORTED_BY_CALLBACK) && exchange.stopped
      || code == CURLE_OPERATION_TIMEDOUT && streaming && exchange.status != 0
    {
      // Stopped by the caller, or a stream that ran for its whole time: both are normal ends.
    } else if code != CURLE_OK {
      log(request, url: url, status: nil, elapsed: elapsed)
      throw KaitoError(
        Self.describe(code, detail: detail, server: connection.server, clientCertificate: presentsClientCertificate))
    }
    log(request, url: url, status: exchange.status, elapsed: elapsed)
    if connection.verbosity >= 8 {
      for (name, value) in exchange.headers { environment.note("    Response Header: \(name): \(value)") }
    }
    var response = HTTPResponse(status: exchange.status, headers: exchange.headers, body: exchange.errorBody)
    response.timedOut = code == CURLE_OPERATION_TIMEDOUT
    return response
  }

  /// `-v 8`: the start of each response body, as kubectl logs it.
  private func logBody(_ body: [UInt8]) {
    guard connection.verbosity >= 8, !body.isEmpty else { return }
    let shown = String(decoding: body.prefix(10_000), as: UTF8.self)
    environment.note(
      "    Response Body: " + Table.escape(shown)
        + (body.count > 10_000 ? " [truncated \(body.count - 10_000) bytes]" : ""))
  }

  /// Sets a handle up to reach the server as the kubeconfig says: URL, proxy, TLS trust and client
  /// certificate. Returns the Authorization header to send, if any. Shared by requests and the
  /// port-forward WebSocket.
  func prepare(
    _ handle: UnsafeMutableRawPointer, url: String, lists connectToList: inout UnsafeMutablePointer<curl_slist>?
  ) throws(KaitoError) -> [(name: String, value: String)] {
    kaito_curl_setopt_string(handle, CURLOPT_URL, url)
    kaito_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
    kaito_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, 30_000)
    kaito_curl_setopt_string(handle, CURLOPT_USERAGENT, "kubectl-kaito/\(Versions.tool)")
    if let connectTo {
      connectToList = kaito_curl_slist_append(nil, connectTo)
      kaito_curl_setopt_pointer(handle, CURLOPT_CONNECT_TO, connectToList)
    }
    if let proxy = connection.proxy { kaito_curl_setopt_string(handle, CURLOPT_PROXY, proxy) }
    kaito_curl_setopt_string(handle, CURLOPT_NOPROXY, Self.noProxy(environment.variables))
    // TLS: the kubeconfig's CA from memory, or none at all with insecure-skip-tls-verify.
    if connection.tls.insecure {
      kaito_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 0)
      kaito_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 0)
    } else if let ca = connection.tls.caPEM {
      try Self.withBlob(ca) { blob in kaito_curl_setopt_pointer(handle, CURLOPT_CAINFO_BLOB, blob) }
    }
    switch try credentials() {
    case .token(let token): return [("Authorization", "Bearer " + token)]
    case .basic(let user, let password):
      return [("Authorization", "Basic " + Data("\(user):\(password)".utf8).base64EncodedString())]
    case .clientCertificate(let certificate, let key):
      kaito_curl_setopt_string(handle, CURLOPT_SSLCERTTYPE, "PEM")
      kaito_curl_setopt_string(handle, CURLOPT_SSLKEYTYPE, "PEM")
      try Self.withBlob(certificate) { blob in kaito_curl_setopt_pointer(handle, CURLOPT_SSLCERT_BLOB, blob) }
      try Self.withBlob(key) { blob in kaito_curl_setopt_pointer(handle, CURLOPT_SSLKEY_BLOB, blob) }
      return []
    case .none, .exec: return []
    }
  }

  /// Credentials for this request: the exec plugin runs once and is asked again when its
  /// credential expires (or the server answers 401).
  private func credentials() throws(KaitoError) -> Connection.Credentials {
    guard case .exec(let config, _) = connection.credentials else { return connection.credentials }
    let now = environment.now()
    var credential: ExecCredential
    if let cached = execCredential.withLock({ $0 }), !(cached.expiry.map { $0 <= now + 10 } ?? false) {
      credential = cached
    } else {
      // --request-timeout bounds the plugin too (completion sets 1 s: TAB never waits on a login).
      credential = try ExecCredential.obtain(
        config, server: connection.server, caPEM: connection.tls.caPEM, environment: environment,
        timeout: connection.requestTimeout.flatMap { $0 > 0 ? $0 : nil })
      execCredential.withLock { [credential] in $0 = credential }
    }
    if let token = credential.token { return .token(token) }
    return .clientCertificate(certificate: credential.clientCertificate ?? [], key: credential.clientKey ?? [])
  }

  private func log(_ request: HTTPRequest, url: String, status: Int?, elapsed: Double) {
    guard connection.verbosity >= 6 else { return }
    let millis = Int(elapsed * 1000)
    environment.note("\(request.method) \(url) \(status.map { String($0) } ?? "failed") in \(millis) milliseconds")
    guard connection.verbosity >= 8 else { return }
    for (name, value) in request.headers {
      environment.note("    Request Header: \(name): \(Self.redact(name: name, value: value))")
    }
    if case .token = connection.credentials { environment.note("    Request Header: Authorization: Bearer <masked>") }
    if case .exec = connection.credentials { environment.note("    Request Header: Authorization: Bearer <masked>") }
    if let body = request.body {
      environment.note("    Request Body: " + String(decoding: body.prefix(10_000), as: UTF8.self))
    }
  }

  static func redact(name: String, value: String) -> String {
    name.lowercased() == "authorization"
      ? (value.split(separator: " ").first.map { "\($0) <masked>" } ?? "<masked>") : value
  }

  /// Whether this connection authenticates with a client certificate (the kubeconfig's or a plugin's).
  var presentsClientCertificate: Bool {
    switch connection.credentials {
    case .clientCertificate: return true
    case .exec: return execCredential.withLock { $0?.clientCertificate != nil }
    default: return false
    }
  }

  /// What libcurl must not send through a proxy: what `NO_PROXY` says, and always loopback, as
  /// Go's proxy rules (and so kubectl) never proxy it; the port-forward's own listener is there.
  static func noProxy(_ variables: [String: String]) -> String {
    let listed = variables["NO_PROXY"] ?? variables["no_proxy"] ?? ""
    return (listed.isEmpty ? "" : listed + ",") + "localhost,127.0.0.0/8,::1"
  }

  /// kubectl's wording for a server it cannot reach.
  static func describe(_ code: CURLcode, detail: String, server: String, clientCertificate: Bool = false) -> String {
    let reason = detail.isEmpty ? String(cString: kaito_curl_easy_strerror(code)) : detail
    if code == CURLE_PEER_FAILED_VERIFICATION && (detail.contains("subject name") || detail.contains("does not match"))
    {
      return
        "unable to connect to the server \(server): the server's certificate is not valid for the host name it is reached by (\(reason))"
    }
    if clientCertificate && [CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_SSL_CONNECT_ERROR].contains(code)
      && (detail.contains("getpeername") || detail.contains("alert") || detail.contains("Connection reset"))
    {
      return
        "unable to connect to the server \(server): the server ended the TLS connection, most likely because it does not accept the client certificate (\(reason))"
    }
    switch code {
    case CURLE_COULDNT_CONNECT:
      return "the connection to the server \(server) was refused - did you specify the right host or port? (\(reason))"
    case CURLE_COULDNT_RESOLVE_HOST:
      return "unable to connect to the server \(server): cannot resolve the host name (\(reason))"
    case CURLE_OPERATION_TIMEDOUT:
      return "unable to connect to the server \(server): the request timed out (\(reason))"
    case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE:
      return
        "unable to connect to the server \(server): the server's certificate is not trusted by the kubeconfig's certificate authority (\(reason))"
    case CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM:
      return "unable to connect to the server \(server): TLS handshake failed (\(reason))"
    default:
      return "unable to connect to the server \(server): \(reason)"
    }
  }

  private func setLong(_ option: CURLoption, _ value: Int) { kaito_curl_setopt_long(handle, option, value) }
  private func setString(_ option: CURLoption, _ value: String) { kaito_curl_setopt_string(handle, option, value) }

  /// Hands libcurl a copy of `bytes` as a blob (CURL_BLOB_COPY: libcurl keeps its own copy).
  static func withBlob(_ bytes: [UInt8], _ set: (UnsafeMutableRawPointer) -> CURLcode) throws(KaitoError) {
    var copy = bytes
    let code: CURLcode = copy.withUnsafeMutableBytes { raw in
      var blob = curl_blob(data: raw.baseAddress, len: raw.count, flags: UInt32(CURL_BLOB_COPY))
      return withUnsafeMutablePointer(to: &blob) { set(UnsafeMutableRawPointer($0)) }
    }
    guard code == CURLE_OK else {
      throw KaitoError("libcurl refused a TLS setting: \(String(cString: kaito_curl_easy_strerror(code)))")
    }
  }

  static func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
  }
}

extension HTTPResponse {
  func with(body: [UInt8]) -> HTTPResponse {
    var copy = self
    if copy.body.isEmpty { copy.body = body }
    return copy
  }
}

/// scheme://host:port/path of a server URL, with the scheme's default port filled in.
struct URLParts {
  var scheme: String
  var host: String
  var port: Int
  var path: String

  init?(_ text: String) {
    let pieces = text.split(separator: "://", maxSplits: 1, omittingEmptySubsequences: false)
    guard pieces.count == 2 else { return nil }
    scheme = String(pieces[0])
    var rest = pieces[1]
    if let slash = rest.firstIndex(of: "/") {
      path = String(rest[slash...])
      rest = rest[..<slash]
    } else {
      path = ""
    }
    if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
      host = String(rest[...close])
      let after = rest[rest.index(after: close)...]
      port = after.hasPrefix(":") ? Int(after.dropFirst()) ?? 0 : (scheme == "https" ? 443 : 80)
    } else if let colon = rest.lastIndex(of: ":") {
      host = String(rest[..<colon])
      port = Int(rest[rest.index(after: colon)...]) ?? 0
    } else {
      host = String(rest)
      port = scheme == "https" ? 443 : 80
    }
  }
}

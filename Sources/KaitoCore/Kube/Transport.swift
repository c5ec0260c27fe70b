/// One HTTP request to the API server (or through it); `path` includes the query.
public struct HTTPRequest: Sendable {
  public var method: String
  public var path: String
  public var headers: [(name: String, value: String)]
  public var body: [UInt8]?
  /// When `stream`'s caller stops, read what little is left of the response for a moment instead
  /// of cutting the connection, so that it can be used again: a server-sent event stream ends
  /// right after its `[DONE]`, and a cut connection is a new port-forward tunnel next time.
  public var finishAfterStop = false

  public init(method: String = "GET", path: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil)
  {
    self.method = method
    self.path = path
    self.headers = headers
    self.body = body
  }
}

public struct HTTPResponse: Sendable {
  public var status: Int
  public var headers: [(name: String, value: String)]
  public var body: [UInt8]
  /// A stream that was still open when its time ran out (a watch's normal end; a chat answer's cut).
  public var timedOut = false

  public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  public func header(_ name: String) -> String? {
    let lower = name.lowercased()
    return headers.first { $0.name.lowercased() == lower }?.value
  }

  public func headers(_ name: String) -> [String] {
    let lower = name.lowercased()
    return headers.filter { $0.name.lowercased() == lower }.map(\.value)
  }
}

extension Transport {
  public var requestTimeout: Double? { nil }
  public var maxResponseBytes: Int { 64 << 20 }
}

/// How requests reach the API server (or a model server). The live one is libcurl
/// (`CurlTransport`); the command tests put one in its place that answers from recorded fixtures.
public protocol Transport: AnyObject, Sendable {
  /// The whole response.
  func send(_ request: HTTPRequest) throws(KaitoError) -> HTTPResponse
  /// The body as it arrives, chunk by chunk, until `onChunk` returns false, the server ends the
  /// response, or `timeout` seconds pass (then it ends quietly; the caller decides what that means).
  /// The response returned carries the status and headers, and the body only for non-2xx answers.
  func stream(_ request: HTTPRequest, timeout: Double?, onChunk: @escaping ([UInt8]) -> Bool) throws(KaitoError)
    -> HTTPResponse
  /// From now on, a request in progress stops with the error "cancelled" as soon as `check` is
  /// true (asked at least once a second): the interactive chat's Ctrl-C.
  func cancelWhen(_ check: @escaping @Sendable () -> Bool)
  /// How long one request may take (`--request-timeout`), nil for no limit.
  var requestTimeout: Double? { get }
  /// The most bytes of a response read (`KUBECTL_KAITO_MAX_RESPONSE_MIB`).
  var maxResponseBytes: Int { get }
  /// A WebSocket to `path` upgraded with one of `protocols` (the port-forward's tunnel); safe to
  /// call from any thread.
  func openWebSocket(path: String, protocols: [String]) throws(KaitoError) -> any MessageChannel
}

/// A message-based connection: a WebSocket, or a test's stand-in for one.
public protocol MessageChannel: AnyObject {
  /// A descriptor that becomes readable when a message may have arrived (for poll), or -1.
  var descriptor: Int32 { get }
  func send(binary payload: [UInt8]) throws(KaitoError)
  /// The next message, waiting at most `timeout` seconds; nil when none came.
  func receive(timeout: Double) throws(KaitoError) -> WebSocket.Message?
  func close()
}

/// Makes the transport for one connection; `CommandContext.connect`.
public typealias TransportFactory = @Sendable (Connection, Environment) throws(KaitoError) -> any Transport

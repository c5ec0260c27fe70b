import Foundation
import KaitoCore
import Synchronization

/// One request and the answer a server gave it, as recorded from the test cluster.
public struct Exchange: Sendable, Equatable {
  /// "api" for the API server, "model" for a model server reached through a forwarded port.
  public var server: String
  public var method: String
  public var path: String
  /// Whether the request asked for a Table (`kubectl get`'s server-side printing).
  public var asTable = false
  public var status: Int
  public var contentType: String?
  public var warnings: [String] = []
  /// The body, or for a stream the chunks in the order they came.
  public var body: String
  public var chunks: [String]?

  /// What requests are matched on: resourceVersions and ports change with every recording.
  public var key: String { Self.key(server: server, method: method, path: path, asTable: asTable) }

  static func key(server: String, method: String, path: String, asTable: Bool) -> String {
    "\(server) \(method) \(normalize(path))" + (asTable ? " as Table" : "")
  }

  static func asksForTable(_ request: HTTPRequest) -> Bool {
    request.headers.contains { $0.name.lowercased() == "accept" && $0.value.contains("as=Table") }
  }

  static func normalize(_ path: String) -> String {
    path.replacingOccurrences(of: #"resourceVersion=[0-9]+"#, with: "resourceVersion=N", options: .regularExpression)
  }

  var value: Value {
    var object: Value.Object = ["server": .string(server), "method": .string(method), "path": .string(path)]
    if asTable { object["asTable"] = .bool(true) }
    object["status"] = .int(status)
    if let contentType { object["contentType"] = .string(contentType) }
    if !warnings.isEmpty { object["warnings"] = .array(warnings.map { .string($0) }) }
    if let chunks {
      object["chunks"] = .array(chunks.map { .string($0) })  // exactly as they came: lines end in newlines
    } else {
      object["body"] = Self.readable(body)
    }
    return .object(object)
  }

  init(
    server: String, method: String, path: String, status: Int, contentType: String?, warnings: [String], body: String,
    chunks: [String]?
  ) {
    (self.server, self.method, self.path, self.status) = (server, method, path, status)
    (self.contentType, self.warnings, self.body, self.chunks) = (contentType, warnings, body, chunks)
  }

  init(_ value: Value) {
    server = value["server"]?.stringValue ?? "api"
    method = value["method"]?.stringValue ?? "GET"
    path = value["path"]?.stringValue ?? ""
    asTable = value["asTable"] == .bool(true)
    status = value["status"]?.intValue ?? 200
    contentType = value["contentType"]?.stringValue
    warnings = value["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? []
    body = value["body"].map(Self.text) ?? ""
    chunks = value["chunks"]?.arrayValue?.map(Self.text)
  }

  /// A JSON body is stored as JSON, so that a fixture reads as what the server said.
  static func readable(_ text: String) -> Value {
    guard text.hasPrefix("{"), let parsed = try? JSONReader.read(text) else { return .string(text) }
    return parsed
  }

  static func text(_ value: Value) -> String {
    if case .string(let text) = value { return text }
    return JSONWriter.compact(value)
  }
}

/// A recorded conversation with the test cluster: the file `Tests/CommandTests/Fixtures/NAME.json`.
public struct Fixture: Sendable {
  public var name: String
  /// The wall clock when it was recorded: the fake clock of the tests that replay it.
  public var recordedAt: Double
  public var exchanges: [Exchange]

  public static let folder = repositoryRoot.appendingPathComponent("Tests/CommandTests/Fixtures")
  public static var kubeconfig: String { folder.appendingPathComponent("kubeconfig").path }

  public init(name: String, recordedAt: Double, exchanges: [Exchange]) {
    (self.name, self.recordedAt, self.exchanges) = (name, recordedAt, exchanges)
  }

  public static func load(_ name: String) throws -> Fixture {
    let value = try JSONReader.read(Array(try Data(contentsOf: folder.appendingPathComponent(name + ".json"))))
    return Fixture(
      name: name, recordedAt: Double(value["recordedAt"]?.intValue ?? 0),
      exchanges: (value["exchanges"]?.arrayValue ?? []).map(Exchange.init))
  }

  public func save() throws {
    let value: Value = .object([
      "recordedAt": .int(Int(recordedAt.rounded())), "exchanges": .array(exchanges.map(\.value)),
    ])
    try JSONWriter.write(value, indent: 2).write(
      to: Self.folder.appendingPathComponent(name + ".json"), atomically: true, encoding: .utf8)
  }
}

/// A transport that answers from a fixture: each request gets the first answer recorded for it
/// that has not been given yet, and once all are given, the last one again (polls). A request
/// the fixture has no answer for gets a 404 Status that names it, so a test fails saying why.
public final class FixtureTransport: Transport, Sendable {
  private let server: String
  private let state: Mutex<(answers: [Exchange], given: Set<Int>, requests: [HTTPRequest])>

  public init(_ fixture: Fixture, server: String) {
    self.server = server
    state = Mutex((fixture.exchanges, [], []))
  }

  /// Everything asked so far, in order.
  public var requests: [HTTPRequest] { state.withLock { $0.requests } }

  private func answer(_ request: HTTPRequest) -> Exchange {
    let key = Exchange.key(
      server: server, method: request.method, path: request.path, asTable: Exchange.asksForTable(request))
    return state.withLock { state in
      state.requests.append(request)
      let matching = state.answers.indices.filter { state.answers[$0].key == key }
      guard let index = matching.first(where: { !state.given.contains($0) }) ?? matching.last else {
        let message = "the fixture has no answer for \(request.method) \(request.path)"
        return Exchange(
          server: server, method: request.method, path: request.path, status: 404, contentType: "application/json",
          warnings: [],
          body:
            #"{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,"message":"\#(message)"}"#,
          chunks: nil)
      }
      state.given.insert(index)
      return state.answers[index]
    }
  }

  private func response(_ exchange: Exchange, body: String) -> HTTPResponse {
    var headers: [(name: String, value: String)] = exchange.contentType.map { [("Content-Type", $0)] } ?? []
    headers += exchange.warnings.map { ("Warning", $0) }
    return HTTPResponse(status: exchange.status, headers: headers, body: Array(body.utf8))
  }

  public func send(_ request: HTTPRequest) throws(KaitoError) -> HTTPResponse {
    let exchange = answer(request)
    return response(exchange, body: exchange.chunks?.joined() ?? exchange.body)
  }

  public func stream(_ request: HTTPRequest, timeout: Double?, onChunk: @escaping ([UInt8]) -> Bool) throws(KaitoError)
    -> HTTPResponse
  {
    let exchange = answer(request)
    guard (200..<300).contains(exchange.status) else { return response(exchange, body: exchange.body) }
    for chunk in exchange.chunks ?? [exchange.body] where !onChunk(Array(chunk.utf8)) { break }
    return response(exchange, body: "")
  }

  public func cancelWhen(_ check: @escaping @Sendable () -> Bool) {}

  /// A recorded upgrade: 101 opens a port-forward whose streams announce the port, as a kubelet's do.
  public func openWebSocket(path: String, protocols: [String]) throws(KaitoError) -> any MessageChannel {
    let exchange = answer(HTTPRequest(method: "WEBSOCKET", path: path))
    guard exchange.status == 101 else {
      guard let status = try? JSONReader.read(exchange.body), status["kind"]?.stringValue == "Status" else {
        throw KaitoError(exchange.body)
      }
      throw KubeClient.statusError(status, httpStatus: exchange.status)
    }
    let port = Int(path.split(separator: "=").last ?? "") ?? 0
    return AnnouncingChannel(port: port)
  }
}

/// The two port prefixes a kubelet sends when a port-forward opens, then silence.
final class AnnouncingChannel: MessageChannel {
  private var pending: [WebSocket.Message]
  var descriptor: Int32 { -1 }

  init(port: Int) {
    let prefix = [UInt8(port & 0xFF), UInt8(port >> 8)]
    pending = [.binary([0] + prefix), .binary([1] + prefix)]
  }

  func send(binary payload: [UInt8]) throws(KaitoError) {}
  func receive(timeout: Double) throws(KaitoError) -> WebSocket.Message? {
    pending.isEmpty ? nil : pending.removeFirst()
  }
  func close() {}
}

/// The exchanges of one recording, from every transport it opened.
public final class ExchangeLog: Sendable {
  public let entries = Mutex<[Exchange]>([])
  public init() {}
}

/// A transport that passes requests on to another and writes down every exchange.
public final class RecordingTransport: Transport, Sendable {
  private let inner: any Transport
  private let server: String
  private let log: ExchangeLog

  public init(_ inner: any Transport, server: String, log: ExchangeLog) {
    (self.inner, self.server) = (inner, server)
    self.log = log
  }

  private func note(_ request: HTTPRequest, _ response: HTTPResponse, body: String, chunks: [String]?) {
    var exchange = Exchange(
      server: server, method: request.method, path: request.path, status: response.status,
      contentType: response.header("Content-Type"), warnings: response.headers("Warning"), body: body,
      chunks: chunks)
    exchange.asTable = Exchange.asksForTable(request)
    log.entries.withLock { $0.append(exchange) }
  }

  public func send(_ request: HTTPRequest) throws(KaitoError) -> HTTPResponse {
    let response = try inner.send(request)
    note(request, response, body: String(decoding: response.body, as: UTF8.self), chunks: nil)
    return response
  }

  public func stream(_ request: HTTPRequest, timeout: Double?, onChunk: @escaping ([UInt8]) -> Bool) throws(KaitoError)
    -> HTTPResponse
  {
    let chunks = Mutex<[String]>([])
    let response = try inner.stream(request, timeout: timeout) { chunk in
      chunks.withLock { $0.append(String(decoding: chunk, as: UTF8.self)) }
      return onChunk(chunk)
    }
    let seen = chunks.withLock { $0 }
    if (200..<300).contains(response.status) {
      note(request, response, body: "", chunks: seen)
    } else {
      note(request, response, body: String(decoding: response.body, as: UTF8.self), chunks: nil)
    }
    return response
  }

  public func cancelWhen(_ check: @escaping @Sendable () -> Bool) { inner.cancelWhen(check) }

  public func openWebSocket(path: String, protocols: [String]) throws(KaitoError) -> any MessageChannel {
    do {
      let channel = try inner.openWebSocket(path: path, protocols: protocols)
      log.entries.withLock {
        $0.append(
          Exchange(
            server: server, method: "WEBSOCKET", path: path, status: 101, contentType: nil, warnings: [],
            body: "", chunks: nil))
      }
      return channel
    } catch {
      log.entries.withLock {
        $0.append(
          Exchange(
            server: server, method: "WEBSOCKET", path: path, status: 404, contentType: "application/json",
            warnings: [], body: error.message, chunks: nil))
      }
      throw error
    }
  }
}

/// What a command printed and how it ended, run in-process.
public struct CommandResult: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
}

/// The streams of an in-process run, captured.
public final class CapturedStreams: Sendable {
  private let out = Mutex("")
  private let err = Mutex("")
  private let input: Mutex<[String]>

  public init(stdin lines: [String] = []) { input = Mutex(lines) }

  public var stdout: String { out.withLock { $0 } }
  public var stderr: String { err.withLock { $0 } }

  /// An environment writing into these streams, reading `stdin` a line at a time, with a clock
  /// stopped at `now` and sleeps that return at once.
  public func environment(variables: [String: String], now: Double, terminal: Bool = false) -> Environment {
    Environment(
      variables: variables, stdinIsTerminal: terminal, stdoutIsTerminal: terminal, stderrIsTerminal: terminal,
      writeOut: { text in self.out.withLock { $0 += text } }, writeErr: { text in self.err.withLock { $0 += text } },
      readLine: { self.input.withLock { $0.isEmpty ? nil : $0.removeFirst() } }, now: { now }, sleep: { _ in })
  }
}

/// The model servers a command reaches through a forwarded port are plain HTTP on loopback.
public func isForwardedPort(_ connection: Connection) -> Bool { connection.server.hasPrefix("http://127.0.0.1:") }

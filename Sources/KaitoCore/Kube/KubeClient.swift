#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The Kubernetes API as kubectl uses it: JSON in and out, `Status` errors worded as kubectl
/// words them, `Warning:` headers on stderr, retries for reads, watch streams.
public final class KubeClient: @unchecked Sendable {
  public let transport: any Transport
  public let environment: Environment
  /// The namespace of the context (or `-n`), for commands that do not name one.
  public let namespace: String

  public init(transport: any Transport, namespace: String, environment: Environment) {
    self.transport = transport
    self.namespace = namespace
    self.environment = environment
  }

  // MARK: Reads

  /// GET a path; the body must be JSON. Retries 429 and 5xx a few times, as kubectl does.
  public func get(_ path: String) throws(KaitoError) -> Value {
    let response = try sendRetrying(HTTPRequest(path: path, headers: [("Accept", "application/json")]))
    try check(response)
    return try decode(response)
  }

  /// GET a collection as the server prints it (a `meta.k8s.io` Table, as `kubectl get` asks for
  /// it). Each row goes to `row` as it is read, with its cells and its object's name and
  /// namespace only; the table's other fields are returned. A server that cannot print tables
  /// answers with the plain list, which the caller can tell by its `kind`, its items streamed alike.
  public func getTable(_ path: String, row: (Value) throws(KaitoError) -> Void) throws(KaitoError) -> Value {
    let accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"
    let response = try sendRetrying(HTTPRequest(path: path, headers: [("Accept", accept)]))
    try check(response)
    let rowFields = JSONReader.Selection.keys(["cells": .all, "object": .keys(["metadata": .keys(["namespace": .all, "name": .all])])])
    let table = JSONReader.Selection.keys([
      "kind": .all, "apiVersion": .all, "metadata": .all, "columnDefinitions": .all, "rows": rowFields, "items": .all,
    ])
    do {
      return try JSONReader.read(response.body, streaming: ["rows", "items"], keeping: table, each: row)
    } catch {
      throw KaitoError("the server answered \(response.status) with a body that is not JSON: \(String(decoding: response.body.prefix(200), as: UTF8.self))")
    }
  }

  /// GET an object, or nil when the server says it does not exist.
  public func getIfPresent(_ path: String) throws(KaitoError) -> Value? {
    let response = try sendRetrying(HTTPRequest(path: path, headers: [("Accept", "application/json")]))
    if response.status == 404 { return nil }
    try check(response)
    return try decode(response)
  }

  private func sendRetrying(_ request: HTTPRequest) throws(KaitoError) -> HTTPResponse {
    var attempt = 0
    while true {
      let response = try transport.send(request)
      attempt += 1
      guard [429, 500, 502, 503, 504].contains(response.status), attempt < 4 else { return response }
      let wait = min(Double(response.header("Retry-After") ?? "") ?? Double(attempt), 10)
      environment.sleep(wait)
    }
  }

  // MARK: Writes

  /// Server-side apply: PATCH with `application/apply-patch+yaml`. Returns the object and
  /// whether it was created (201) rather than updated (200).
  public func apply(_ object: Value, at path: String, fieldManager: String, dryRun: Bool = false, force: Bool = false) throws(KaitoError) -> (object: Value, created: Bool) {
    var query = "?fieldManager=\(percentEncode(fieldManager))&fieldValidation=Strict"
    if force { query += "&force=true" }
    if dryRun { query += "&dryRun=All" }
    let response = try transport.send(HTTPRequest(
      method: "PATCH", path: path + query,
      headers: [("Content-Type", "application/apply-patch+yaml"), ("Accept", "application/json")],
      body: Array(JSONWriter.compact(object).utf8)))
    try check(response)
    return (try decode(response), response.status == 201)
  }

  public func delete(_ path: String, dryRun: Bool = false) throws(KaitoError) -> Value {
    let response = try transport.send(HTTPRequest(
      method: "DELETE", path: path + (dryRun ? "?dryRun=All" : ""),
      headers: [("Accept", "application/json")], body: Array(#"{"propagationPolicy":"Background"}"#.utf8)))
    try check(response)
    return try decode(response)
  }

  // MARK: Watch

  public struct WatchEvent: Sendable {
    public var type: String
    public var object: Value
  }

  /// How a watch stream ended.
  public enum WatchEnd: Sendable, Equatable {
    /// `onEvent` asked to stop.
    case stopped
    /// The server closed the stream or the time ran out; resume from this resourceVersion.
    case ended(resourceVersion: String?)
    /// The resourceVersion is too old (410 Gone): list again.
    case expired
  }

  /// Streams watch events from `path` (a collection URL with its query, without `watch`) from
  /// `resourceVersion`, until `onEvent` returns false or `timeout` seconds pass.
  public func watch(_ path: String, resourceVersion: String?, timeout: Double?, onEvent: (WatchEvent) -> Bool) throws(KaitoError) -> WatchEnd {
    var query = path.contains("?") ? "&" : "?"
    query += "watch=true&allowWatchBookmarks=true"
    if let resourceVersion { query += "&resourceVersion=\(resourceVersion)" }
    if let timeout { query += "&timeoutSeconds=\(max(1, Int(timeout.rounded(.up))))" }
    var pending: [UInt8] = []
    var lastVersion = resourceVersion
    var outcome: WatchEnd?
    var failure: KaitoError?
    let request = HTTPRequest(path: path + query, headers: [("Accept", "application/json")])
    let result: Result<HTTPResponse, KaitoError> = withoutActuallyEscaping(onEvent) { onEvent in
      Result { () throws(KaitoError) -> HTTPResponse in try transport.stream(request, timeout: timeout.map { $0 + 5 }) { chunk in
      pending.append(contentsOf: chunk)
      while let newline = pending.firstIndex(of: 0x0A) {
        let line = Array(pending[..<newline])
        pending.removeSubrange(...newline)
        guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) else { continue }
        guard let event = try? JSONReader.read(line), let type = event["type"]?.stringValue, let object = event["object"] else {
          failure = KaitoError("the server sent a watch event that is not JSON: \(String(decoding: line.prefix(200), as: UTF8.self))")
          return false
        }
        if type == "ERROR" {
          if object["code"]?.intValue == 410 { outcome = .expired } else { failure = KubeClient.statusError(object, httpStatus: object["code"]?.intValue ?? 500) }
          return false
        }
        if let rv = object["metadata"]?["resourceVersion"]?.stringValue { lastVersion = rv }
        if type == "BOOKMARK" { continue }
        if !onEvent(WatchEvent(type: type, object: object)) {
          outcome = .stopped
          return false
        }
      }
      return true
    } }
    }
    let response = try result.get()
    if let failure { throw failure }
    if response.status == 410 { return .expired }
    if !(200..<300).contains(response.status) { try check(response) }
    return outcome ?? .ended(resourceVersion: lastVersion)
  }

  // MARK: Responses

  func decode(_ response: HTTPResponse) throws(KaitoError) -> Value {
    guard !response.body.isEmpty else { return .null }
    do { return try JSONReader.read(response.body) } catch {
      throw KaitoError("the server answered \(response.status) with a body that is not JSON: \(String(decoding: response.body.prefix(200), as: UTF8.self))")
    }
  }

  /// Prints the response's warnings and turns a failure into kubectl's message.
  func check(_ response: HTTPResponse) throws(KaitoError) {
    for warning in response.headers("Warning") { environment.warn(Self.warningText(warning)) }
    guard !(200..<300).contains(response.status) else { return }
    if response.status == 401 {
      throw KaitoError("You must be logged in to the server (Unauthorized)")
    }
    if let status = try? JSONReader.read(response.body), status["kind"]?.stringValue == "Status" {
      throw Self.statusError(status, httpStatus: response.status)
    }
    if response.status == 404 {
      throw KaitoError.server("Error from server (NotFound): the server could not find the requested resource")
    }
    let text = String(decoding: response.body.prefix(500), as: UTF8.self).trimmingSpaces
    throw KaitoError.server("Error from server: the server answered \(response.status)" + (text.isEmpty ? "" : ": " + text))
  }

  static func statusError(_ status: Value, httpStatus: Int) -> KaitoError {
    let reason = status["reason"]?.stringValue ?? ""
    if reason == "Invalid", let invalid = invalidMessage(status) {
      return KaitoError.server(invalid, httpStatus: httpStatus, reason: reason)
    }
    let message = Table.escape(status["message"]?.stringValue ?? "unknown error")
    return KaitoError.server(reason.isEmpty ? "Error from server: \(message)" : "Error from server (\(reason)): \(message)",
                             httpStatus: httpStatus, reason: reason.isEmpty ? nil : reason)
  }

  /// A 422 as kubectl prints it: `The Workspace "x" is invalid: field: message`, one cause a line
  /// (`* field: message`) when there are several.
  static func invalidMessage(_ status: Value) -> String? {
    guard let details = status["details"], let causes = details["causes"]?.arrayValue, !causes.isEmpty else { return nil }
    let kind = details["kind"]?.stringValue ?? "object"
    let name = details["name"]?.stringValue ?? ""
    let lines = causes.map { cause -> String in
      let field = cause["field"]?.stringValue ?? ""
      let message = cause["message"]?.stringValue ?? ""
      return Table.escape(field.isEmpty ? message : "\(field): \(message)")
    }
    let prefix = "The \(Table.escape(kind)) \"\(Table.escape(name))\" is invalid: "
    return lines.count == 1 ? prefix + lines[0] : prefix + "\n" + lines.map { "* " + $0 }.joined(separator: "\n")
  }

  /// `299 - "text"` → `text`.
  static func warningText(_ header: String) -> String {
    let parts = header.split(separator: " ", maxSplits: 2)
    var text = parts.count == 3 && parts[0].allSatisfy(\.isNumber) ? String(parts[2]) : header
    if text.hasPrefix("\"") && text.hasSuffix("\"") && text.count >= 2 { text = String(text.dropFirst().dropLast()) }
    return Table.escape(text.replacingAll("\\", with: ""))
  }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
public func percentEncode(_ text: String) -> String {
  var out = ""
  for byte in text.utf8 {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
      UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
      out.unicodeScalars.append(Unicode.Scalar(byte))
    default:
      let hex = String(byte, radix: 16, uppercase: true)
      out += "%" + (hex.count == 1 ? "0" : "") + hex
    }
  }
  return out
}

public func sleepSeconds(_ seconds: Double) {
  guard seconds > 0 else { return }
  var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
  var remaining = timespec()
  while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
}

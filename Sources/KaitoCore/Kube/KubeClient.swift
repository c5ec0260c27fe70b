/// The Kubernetes API as kubectl uses it: JSON in and out, `Status` errors worded as kubectl
/// words them, `Warning:` headers on stderr, retries for reads, watch streams.
public final class KubeClient: Sendable {
  public let transport: any Transport
  public let environment: Environment
  /// The namespace of the context (or `-n`), for commands that do not name one.
  public let namespace: String
  /// How often a read is tried again after 429 or 5xx (completion asks once: it must be quick).
  public let readRetries: Int

  public init(transport: any Transport, namespace: String, environment: Environment, readRetries: Int = 3) {
    self.readRetries = readRetries
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
    let accept =
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"
    let rowFields = JSONReader.Selection.keys([
      "cells": .all, "object": .keys(["metadata": .keys(["namespace": .all, "name": .all])]),
    ])
    let table = JSONReader.Selection.keys([
      "kind": .all, "apiVersion": .all, "metadata": .all, "columnDefinitions": .all, "rows": rowFields, "items": .all,
    ])
    return try getStreaming(
      HTTPRequest(path: path, headers: [("Accept", accept)]), streaming: ["rows", "items"], keeping: table, each: row)
  }

  /// GET a list, each item to `item` as soon as it is read and then let go: memory stays at one
  /// item, however long the list. The list's other fields are returned.
  public func getItems(_ path: String, item: (Value) throws(KaitoError) -> Void) throws(KaitoError) -> Value {
    try getStreaming(
      HTTPRequest(path: path, headers: [("Accept", "application/json")]), streaming: ["items"], keeping: .all,
      each: item)
  }

  /// A list read as it arrives (`JSONListStream`): neither the body nor the items are held.
  /// Retries 429 and 5xx as `get` does; a list cut by --request-timeout is an error, not a short list.
  private func getStreaming(
    _ request: HTTPRequest, streaming keys: Set<String>, keeping selection: JSONReader.Selection,
    each: (Value) throws(KaitoError) -> Void
  ) throws(KaitoError) -> Value {
    var attempt = 0
    while true {
      var reader = JSONListStream(streaming: keys, keeping: selection, limit: transport.maxResponseBytes)
      var failure: KaitoError?
      let response = try withoutActuallyEscaping(each) { (each) throws(KaitoError) -> HTTPResponse in
        try transport.stream(request, timeout: transport.requestTimeout) { chunk in
          do throws(KaitoError) {
            try reader.feed(chunk) { (_, item) throws(KaitoError) in try each(item) }
            return true
          } catch {
            failure = error
            return false
          }
        }
      }
      attempt += 1
      if [429, 500, 502, 503, 504].contains(response.status), attempt <= readRetries {
        environment.sleep(min(Double(response.header("Retry-After") ?? "") ?? Double(attempt), 10))
        continue
      }
      try check(response)
      if let failure { throw notJSON(failure, response: response, head: reader.head) }
      if response.timedOut {
        throw KaitoError(
          "the server did not finish sending \(request.path.prefix { $0 != "?" }) within the --request-timeout")
      }
      do {
        return try reader.finish()
      } catch {
        throw notJSON(error, response: response, head: reader.head)
      }
    }
  }

  private func notJSON(_ error: KaitoError, response: HTTPResponse, head: [UInt8]) -> KaitoError {
    guard error.message.hasPrefix("invalid JSON") else { return error }
    return KaitoError(
      "the server answered \(response.status) with a body that is not JSON: \(String(decoding: head, as: UTF8.self))")
  }

  /// GET an object, or nil when the server says it does not exist.
  public func getIfPresent(_ path: String) throws(KaitoError) -> Value? {
    let response = try sendRetrying(HTTPRequest(path: path, headers: [("Accept", "application/json")]))
    if response.status == 404 { return nil }
    try check(response)
    return try decode(response)
  }

  /// Every request goes through here: a path whose segments are empty, `.` or `..` is refused,
  /// so that a bad name can never address a collection or another resource (libcurl would
  /// collapse `/workspaces/.` to `/workspaces/`, and a DELETE there deletes them all).
  private func send(_ request: HTTPRequest) throws(KaitoError) -> HTTPResponse {
    try Self.checkPath(request.path)
    return try transport.send(request)
  }

  static func checkPath(_ path: String) throws(KaitoError) {
    let route = path.prefix { $0 != "?" }
    let segments = route.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
    guard route.hasPrefix("/"),
      !segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." || $0 == "%2E" || $0 == "%2E%2E" })
    else {
      throw KaitoError("refusing to send a request for \(route): one of its names is empty, \".\" or \"..\"")
    }
  }

  private func sendRetrying(_ request: HTTPRequest) throws(KaitoError) -> HTTPResponse {
    var attempt = 0
    while true {
      let response = try send(request)
      attempt += 1
      guard [429, 500, 502, 503, 504].contains(response.status), attempt <= readRetries else { return response }
      let wait = min(Double(response.header("Retry-After") ?? "") ?? Double(attempt), 10)
      environment.sleep(wait)
    }
  }

  // MARK: Writes

  /// Server-side apply: PATCH with `application/apply-patch+yaml`. Returns the object and
  /// whether it was created (201) rather than updated (200).
  public func apply(_ object: Value, at path: String, fieldManager: String, dryRun: Bool = false, force: Bool = false)
    throws(KaitoError) -> (object: Value, created: Bool)
  {
    var query = "?fieldManager=\(percentEncode(fieldManager))&fieldValidation=Strict"
    if force { query += "&force=true" }
    if dryRun { query += "&dryRun=All" }
    let response = try send(
      HTTPRequest(
        method: "PATCH", path: path + query,
        headers: [("Content-Type", "application/apply-patch+yaml"), ("Accept", "application/json")],
        body: Array(JSONWriter.compact(object).utf8)))
    try check(response)
    return (try decode(response), response.status == 201)
  }

  /// A JSON merge patch (RFC 7386), as `kubectl scale` sends to a scale subresource.
  public func mergePatch(_ patch: Value, at path: String, dryRun: Bool = false) throws(KaitoError) -> Value {
    let response = try send(
      HTTPRequest(
        method: "PATCH", path: path + (dryRun ? "?dryRun=All" : ""),
        headers: [("Content-Type", "application/merge-patch+json"), ("Accept", "application/json")],
        body: Array(JSONWriter.compact(patch).utf8)))
    try check(response)
    return try decode(response)
  }

  public func delete(_ path: String, dryRun: Bool = false) throws(KaitoError) -> Value {
    let response = try send(
      HTTPRequest(
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
    /// The stream carried something that is not a watch event (a proxy's page, a cut line):
    /// resume from this resourceVersion, after a pause.
    case broken(resourceVersion: String?, reason: String)
  }

  /// Follows a collection's changes as client-go's reflector does, until `onEvent` says stop
  /// (true) or `deadline` passes (false): a watch that ends is resumed from the last
  /// resourceVersion; one that is cut, answers 5xx/429, or sends garbage is resumed after a
  /// jittered backoff (0.8 s doubling to 30 s, reset by an event); a 410 Gone calls `relist`,
  /// which reads afresh and gives the resourceVersion to go on from, or nil to stop (true). Only
  /// errors that waiting cannot cure (401, 403, 404) end it.
  /// `onProblem` hears each failure that was resumed after, for a caller that gives up later to
  /// say why.
  public func follow(
    _ path: String, from resourceVersion: String?, until deadline: Double,
    relist: () throws(KaitoError) -> String?, onProblem: (String) -> Void = { _ in },
    onEvent: (WatchEvent) -> Bool
  ) throws(KaitoError) -> Bool {
    var version = resourceVersion
    var backoff = Backoff()
    while true {
      let remaining = deadline - environment.now()
      guard remaining > 0 else { return false }
      let started = environment.now()
      var delivered = false
      let end: WatchEnd
      do {
        end = try watch(path, resourceVersion: version, timeout: min(remaining, 300)) { event in
          delivered = true
          return onEvent(event)
        }
      } catch {
        guard Self.isTransient(error) else { throw error }
        end = .broken(resourceVersion: nil, reason: error.message)
      }
      if delivered { backoff.reset() }
      switch end {
      case .stopped: return true
      case .expired:
        guard let fresh = try relist() else { return true }
        version = fresh.isEmpty ? nil : fresh
      case .ended(let rv):
        version = rv ?? version
        // A watch that ends at once with nothing in it (an empty 200) is no better than a failure.
        if !delivered && environment.now() - started < 1 {
          environment.sleep(min(backoff.next(), max(0, deadline - environment.now())))
        }
      case .broken(let rv, let reason):
        onProblem(reason)
        version = rv ?? version
        environment.sleep(min(backoff.next(), max(0, deadline - environment.now())))
      }
    }
  }

  /// Errors a watch is resumed after: the connection failing, or the server answering that it is
  /// busy or broken. Not: being refused (401, 403) or the resource not existing (404).
  static func isTransient(_ error: KaitoError) -> Bool {
    guard let status = error.httpStatus else { return error.reason == nil }
    return status == 429 || status >= 500
  }

  /// client-go's watch backoff: 0.8 s, doubling, capped at 30 s, each wait jittered by up to 100 %.
  struct Backoff {
    var step = 0.8
    mutating func next() -> Double {
      let wait = step * (1 + Double.random(in: 0..<1))
      step = min(step * 2, 30)
      return min(wait, 30)
    }
    mutating func reset() { step = 0.8 }
  }

  /// Streams watch events from `path` (a collection URL with its query, without `watch`) from
  /// `resourceVersion`, until `onEvent` returns false or `timeout` seconds pass.
  /// The largest single watch event read (an object is at most 1.5 MiB in etcd).
  static let maxWatchEventBytes = 16 << 20

  public func watch(_ path: String, resourceVersion: String?, timeout: Double?, onEvent: (WatchEvent) -> Bool)
    throws(KaitoError) -> WatchEnd
  {
    var query = path.contains("?") ? "&" : "?"
    query += "watch=true&allowWatchBookmarks=true"
    if let resourceVersion { query += "&resourceVersion=\(resourceVersion)" }
    if let timeout { query += "&timeoutSeconds=\(max(1, Int(timeout.rounded(.up))))" }
    var pending: [UInt8] = []
    /// Bytes of `pending` known to hold no newline, so each byte is searched once.
    var scanned = 0
    var lastVersion = resourceVersion
    var outcome: WatchEnd?
    var failure: KaitoError?
    let request = HTTPRequest(path: path + query, headers: [("Accept", "application/json")])
    try Self.checkPath(request.path)
    /// One line of the stream: false stops the stream.
    func take(_ line: ArraySlice<UInt8>, _ onEvent: (WatchEvent) -> Bool) -> Bool {
      guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) else { return true }
      guard let event = try? JSONReader.read(Array(line)), let type = event["type"]?.stringValue,
        let object = event["object"]
      else {
        outcome = .broken(
          resourceVersion: lastVersion,
          reason: "the server sent a watch event that is not JSON: \(String(decoding: line.prefix(200), as: UTF8.self))"
        )
        return false
      }
      if type == "ERROR" {
        if object["code"]?.intValue == 410 {
          outcome = .expired
        } else {
          failure = KubeClient.statusError(object, httpStatus: object["code"]?.intValue ?? 500)
        }
        return false
      }
      if let rv = object["metadata"]?["resourceVersion"]?.stringValue { lastVersion = rv }
      if type == "BOOKMARK" { return true }
      if !onEvent(WatchEvent(type: type, object: object)) {
        outcome = .stopped
        return false
      }
      return true
    }
    let result: Result<HTTPResponse, KaitoError> = withoutActuallyEscaping(onEvent) { onEvent in
      Result { () throws(KaitoError) -> HTTPResponse in
        try transport.stream(request, timeout: timeout.map { $0 + 5 }) { chunk in
          pending.append(contentsOf: chunk)
          var lineStart = 0
          defer {
            if lineStart > 0 { pending.removeSubrange(..<lineStart) }
            scanned = pending.count
          }
          while let newline = pending[max(scanned, lineStart)...].firstIndex(of: 0x0A) {
            let line = pending[lineStart..<newline]
            lineStart = newline + 1
            guard take(line, onEvent) else { return false }
          }
          guard pending.count - lineStart <= Self.maxWatchEventBytes else {
            outcome = .broken(
              resourceVersion: lastVersion,
              reason: "the server sent a watch event of more than \(Self.maxWatchEventBytes >> 20) MiB")
            return false
          }
          return true
        }
      }
    }
    let response = try result.get()
    if let failure { throw failure }
    if response.status == 410 { return .expired }
    if !(200..<300).contains(response.status) { try check(response) }
    return outcome ?? .ended(resourceVersion: lastVersion)
  }

  // MARK: Responses

  /// The largest body read into one value: a Kubernetes object is at most 1.5 MiB, and long
  /// lists are read item by item (`getItems`, `getTable`) rather than whole.
  static let maxWholeBodyBytes = 16 << 20

  func decode(_ response: HTTPResponse) throws(KaitoError) -> Value {
    guard !response.body.isEmpty else { return .null }
    guard response.body.count <= Self.maxWholeBodyBytes else {
      throw KaitoError(
        "the server's answer is \(response.body.count) bytes, more than the \(Self.maxWholeBodyBytes >> 20) MiB this tool reads as one object"
      )
    }
    do { return try JSONReader.read(response.body) } catch {
      throw KaitoError(
        "the server answered \(response.status) with a body that is not JSON: \(String(decoding: response.body.prefix(200), as: UTF8.self))"
      )
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
    throw KaitoError.server(
      "Error from server: the server answered \(response.status)" + (text.isEmpty ? "" : ": " + text))
  }

  public static func statusError(_ status: Value, httpStatus: Int) -> KaitoError {
    let reason = status["reason"]?.stringValue ?? ""
    if reason == "Invalid", let invalid = invalidMessage(status) {
      return KaitoError.server(invalid, httpStatus: httpStatus, reason: reason)
    }
    let message = Table.escape(status["message"]?.stringValue ?? "unknown error")
    return KaitoError.server(
      reason.isEmpty ? "Error from server: \(message)" : "Error from server (\(reason)): \(message)",
      httpStatus: httpStatus, reason: reason.isEmpty ? nil : reason)
  }

  /// A 422 as kubectl prints it: `The Workspace "x" is invalid: field: message`, one cause a line
  /// (`* field: message`) when there are several.
  static func invalidMessage(_ status: Value) -> String? {
    guard let details = status["details"], let causes = details["causes"]?.arrayValue, !causes.isEmpty else {
      return nil
    }
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
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"),
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

import Synchronization
import Testing

@testable import KaitoCore

/// A transport that answers from a script and records what it was asked.
final class ScriptedTransport: Transport, @unchecked Sendable {
  var responses: [HTTPResponse]
  /// For streams: the chunks to deliver, as the network might split them.
  var chunks: [[UInt8]] = []
  var requests: [HTTPRequest] = []

  init(_ responses: [HTTPResponse]) { self.responses = responses }

  func send(_ request: HTTPRequest) throws(KaitoError) -> HTTPResponse {
    requests.append(request)
    return responses.removeFirst()
  }

  func stream(_ request: HTTPRequest, timeout: Double?, onChunk: @escaping ([UInt8]) -> Bool) throws(KaitoError)
    -> HTTPResponse
  {
    requests.append(request)
    var response = responses.removeFirst()
    // A scripted whole body arrives as one chunk, as a server's 2xx body does; others stay the response's.
    guard (200..<300).contains(response.status) else { return response }
    for chunk in chunks.isEmpty ? [response.body] : chunks where !onChunk(chunk) { break }
    response.body = []
    return response
  }

  func cancelWhen(_ check: @escaping @Sendable () -> Bool) {}

  func openWebSocket(path: String, protocols: [String]) throws(KaitoError) -> any MessageChannel {
    throw KaitoError("a scripted transport has no WebSockets")
  }
}

final class Captured: Sendable {
  let stderr = Mutex("")
  let sleeps = Mutex<[Double]>([])
  var environment: Environment {
    Environment(
      writeOut: { _ in }, writeErr: { text in self.stderr.withLock { $0 += text } }, now: { 1000 },
      sleep: { seconds in self.sleeps.withLock { $0.append(seconds) } })
  }
}

@Suite struct KubeClientTests {
  func status(_ code: Int, _ reason: String, _ message: String) -> HTTPResponse {
    HTTPResponse(
      status: code,
      body: Array(
        #"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"\#(message)","reason":"\#(reason)","code":\#(code)}"#
          .utf8))
  }

  @Test func statusErrorsAreWordedAsKubectlWordsThem() {
    let captured = Captured()
    let cases: [(HTTPResponse, KaitoError)] = [
      (
        status(404, "NotFound", #"workspaces.kaito.sh \"x\" not found"#),
        .server(#"Error from server (NotFound): workspaces.kaito.sh "x" not found"#)
      ),
      (status(403, "Forbidden", "nope"), .server("Error from server (Forbidden): nope")),
      (HTTPResponse(status: 401), KaitoError("You must be logged in to the server (Unauthorized)")),
      (
        HTTPResponse(status: 404, body: Array("404 page not found".utf8)),
        .server("Error from server (NotFound): the server could not find the requested resource")
      ),
      (HTTPResponse(status: 400, body: Array("bad".utf8)), .server("Error from server: the server answered 400: bad")),
    ]
    for (response, error) in cases {
      let client = KubeClient(
        transport: ScriptedTransport([response]), namespace: "default", environment: captured.environment)
      #expect(throws: error) { try client.get("/x") }
    }
  }

  @Test func warningsGoToStderrEscaped() throws {
    let captured = Captured()
    let response = HTTPResponse(
      status: 200,
      headers: [("Warning", #"299 - "unknown field \"spec\"""#), ("Warning", "299 - \"bad \u{1B}[31mred\"")],
      body: Array("{}".utf8))
    let client = KubeClient(
      transport: ScriptedTransport([response]), namespace: "default", environment: captured.environment)
    _ = try client.get("/x")
    #expect(captured.stderr.withLock { $0 } == "Warning: unknown field \"spec\"\nWarning: bad ^[[31mred\n")
  }

  @Test func readsAreRetriedAfterRetryAfter() throws {
    let captured = Captured()
    let transport = ScriptedTransport([
      HTTPResponse(status: 429, headers: [("Retry-After", "3")]), HTTPResponse(status: 503),
      HTTPResponse(status: 200, body: Array(#"{"ok":true}"#.utf8)),
    ])
    let client = KubeClient(transport: transport, namespace: "default", environment: captured.environment)
    #expect(try client.get("/x") == ["ok": true])
    #expect(transport.requests.count == 3)
    #expect(captured.sleeps.withLock { $0 } == [3, 2])
  }

  @Test func retriesGiveUp() {
    let captured = Captured()
    let transport = ScriptedTransport(Array(repeating: status(503, "ServiceUnavailable", "etcd is sad"), count: 4))
    let client = KubeClient(transport: transport, namespace: "default", environment: captured.environment)
    #expect(throws: KaitoError.server("Error from server (ServiceUnavailable): etcd is sad")) { try client.get("/x") }
    #expect(transport.requests.count == 4)
  }

  @Test func applySendsServerSideApply() throws {
    let captured = Captured()
    let transport = ScriptedTransport([HTTPResponse(status: 201, body: Array(#"{"metadata":{"name":"w"}}"#.utf8))])
    let client = KubeClient(transport: transport, namespace: "default", environment: captured.environment)
    let (_, created) = try client.apply(
      ["kind": "Workspace"], at: "/apis/kaito.sh/v1beta1/namespaces/default/workspaces/w",
      fieldManager: "kubectl-kaito", dryRun: true)
    #expect(created)
    let request = try #require(transport.requests.first)
    #expect(request.method == "PATCH")
    #expect(
      request.path
        == "/apis/kaito.sh/v1beta1/namespaces/default/workspaces/w?fieldManager=kubectl-kaito&fieldValidation=Strict&dryRun=All"
    )
    #expect(request.headers.contains { $0.name == "Content-Type" && $0.value == "application/apply-patch+yaml" })
    #expect(request.body == Array(#"{"kind":"Workspace"}"#.utf8))
  }

  @Test func watchSplitsEventsAcrossChunksAndSkipsBookmarks() throws {
    let captured = Captured()
    let transport = ScriptedTransport([HTTPResponse(status: 200)])
    let stream =
      #"{"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"5"}}}"# + "\n"
      + #"{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"7"}}}"# + "\n"
      + #"{"type":"MODIFIED","object":{"metadata":{"name":"a","resourceVersion":"9"}}}"# + "\n"
    let bytes = Array(stream.utf8)
    transport.chunks = [Array(bytes[0..<10]), Array(bytes[10..<100]), Array(bytes[100...])]
    let client = KubeClient(transport: transport, namespace: "default", environment: captured.environment)
    var seen: [String] = []
    let end = try client.watch("/w", resourceVersion: "4", timeout: 30) { event in
      seen.append("\(event.type) \(event.object["metadata"]?["resourceVersion"]?.stringValue ?? "")")
      return true
    }
    #expect(seen == ["ADDED 5", "MODIFIED 9"])
    #expect(end == .ended(resourceVersion: "9"))
    #expect(
      transport.requests.first?.path == "/w?watch=true&allowWatchBookmarks=true&resourceVersion=4&timeoutSeconds=30")
  }

  @Test func watchReportsExpiryAndStops() throws {
    let captured = Captured()
    let transport = ScriptedTransport([HTTPResponse(status: 200), HTTPResponse(status: 200)])
    transport.chunks = [
      Array(
        (#"{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired","message":"too old"}}"# + "\n").utf8)
    ]
    let client = KubeClient(transport: transport, namespace: "default", environment: captured.environment)
    #expect(try client.watch("/w", resourceVersion: "1", timeout: nil) { _ in true } == .expired)
    transport.chunks = [Array((#"{"type":"ADDED","object":{"metadata":{"resourceVersion":"2"}}}"# + "\n").utf8)]
    #expect(try client.watch("/w", resourceVersion: "1", timeout: nil) { _ in false } == .stopped)
  }
}

@Suite struct WorkspaceStatusTests {
  func workspace(_ conditions: [(String, String, String)], state: String? = nil) -> Value {
    var status: Value.Object = [
      "conditions": .array(
        conditions.map { ["type": .string($0.0), "status": .string($0.1), "reason": .string($0.2), "message": "m"] })
    ]
    if let state { status["state"] = .string(state) }
    return ["metadata": ["name": "w", "namespace": "ns"], "status": .object(status)]
  }

  @Test func progressFailureAndSuccess() {
    let pending = WorkspaceStatus(
      workspace([("ResourceReady", "False", "NodeClaimNotReady"), ("WorkspaceSucceeded", "False", "workspacePending")]))
    #expect(pending.summary == "ResourceReady=False (NodeClaimNotReady), WorkspaceSucceeded=False (workspacePending)")
    #expect(pending.failure == nil)
    #expect(pending.blocking?.reason == "NodeClaimNotReady")
    #expect(!pending.succeeded)

    let quota = WorkspaceStatus(workspace([("ResourceReady", "False", "SubscriptionQuotaReached")]))
    #expect(quota.failure?.reason == "SubscriptionQuotaReached")

    let failed = WorkspaceStatus(
      workspace([("InferenceReady", "False", "ContainerOOMKilled"), ("WorkspaceSucceeded", "False", "workspaceFailed")])
    )
    #expect(failed.failure?.reason == "ContainerOOMKilled")  // the cause, not the summary

    let ready = WorkspaceStatus(
      workspace(
        [("InferenceReady", "True", "x"), ("WorkspaceSucceeded", "True", "workspaceSucceeded")], state: "Ready"))
    #expect(ready.succeeded)
    // Controllers before WorkspaceSucceeded existed: InferenceReady decides.
    #expect(WorkspaceStatus(workspace([("InferenceReady", "True", "x")])).succeeded)
    #expect(WorkspaceStatus(workspace([])).summary == "waiting for the controller")
  }

  @Test func differencesNameTheImmutableFields() {
    let existing: Value = [
      "resource": ["instanceType": "A", "labelSelector": ["matchLabels": ["apps": "x"]]],
      "inference": ["preset": ["name": "phi-4"]],
    ]
    let same: Value = [
      "resource": ["instanceType": "A", "labelSelector": ["matchLabels": ["apps": "x"]]],
      "inference": ["preset": ["name": "phi-4"]],
    ]
    #expect(Deployment.differences(existing: existing, desired: same).isEmpty)
    let other: Value = [
      "resource": ["instanceType": "B", "labelSelector": ["matchLabels": ["apps": "x"]]],
      "inference": ["preset": ["name": "phi-4"], "config": "cfg"],
      "metadata": ["annotations": ["kaito.sh/runtime": "transformers"]],
    ]
    #expect(
      Deployment.differences(existing: existing, desired: other) == [
        "resource.instanceType: A in the cluster, B requested",
        "metadata.annotations[kaito.sh/runtime]: <none> in the cluster, transformers requested",
      ])
  }
}

/// Writes to a cluster that fills in defaults and refuses immutable changes; 422s; the controller's version.
@Suite struct ApplyingTests {
  func status(_ code: Int, _ reason: String, _ message: String) -> HTTPResponse {
    KubeClientTests().status(code, reason, message)
  }

  func invalid(_ causes: [(String, String, String)]) -> HTTPResponse {
    let list = causes.map { #"{"reason":"\#($0.0)","message":"\#($0.2)","field":"\#($0.1)"}"# }.joined(separator: ",")
    return HTTPResponse(
      status: 422,
      body: Array(
        #"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Workspace.kaito.sh \"bad\" is invalid: ...","reason":"Invalid","code":422,"details":{"name":"bad","group":"kaito.sh","kind":"Workspace","causes":[\#(list)]}}"#
          .utf8))
  }

  @Test func invalidIsPrintedWithItsCausesAsKubectlPrintsIt() {
    let captured = Captured()
    let one = KubeClient(
      transport: ScriptedTransport([invalid([("FieldValueRequired", "inference.preset.name", "Required value")])]),
      namespace: "default", environment: captured.environment)
    #expect(throws: KaitoError.server(#"The Workspace "bad" is invalid: inference.preset.name: Required value"#)) {
      try one.get("/x")
    }
    let two = KubeClient(
      transport: ScriptedTransport([
        invalid([
          (
            "FieldValueTypeInvalid", "resource.count",
            #"Invalid value: \"two\": resource.count in body must be of type integer: \"string\""#
          ),
          (
            "FieldValueNotSupported", "inference.preset.accessMode",
            #"Unsupported value: \"x\": supported values: \"public\", \"private\""#
          ),
        ])
      ]),
      namespace: "default", environment: captured.environment)
    #expect(
      throws: KaitoError.server(
        """
        The Workspace "bad" is invalid: \("")
        * resource.count: Invalid value: "two": resource.count in body must be of type integer: "string"
        * inference.preset.accessMode: Unsupported value: "x": supported values: "public", "private"
        """)
    ) { try two.get("/x") }
  }

  func json(_ value: Value, status: Int = 200) -> HTTPResponse {
    HTTPResponse(status: status, body: Array(JSONWriter.compact(value).utf8))
  }

  @Test func immutableChangesAreJudgedOnWhatTheServerWouldStore() throws {
    let stored: Value = [
      "apiVersion": "kaito.sh/v1beta1", "kind": "Workspace", "metadata": ["name": "ws", "namespace": "default"],
      "resource": ["count": 1, "instanceType": "A", "labelSelector": ["matchLabels": ["apps": "ws"]]],
      "inference": ["preset": ["name": "phi-4", "accessMode": "public"]],
    ]
    let request: Value = [
      "apiVersion": "kaito.sh/v1beta1", "kind": "Workspace", "metadata": ["name": "ws", "namespace": "default"],
      "resource": ["instanceType": "A", "labelSelector": ["matchLabels": ["apps": "ws"]]],
      "inference": ["preset": ["name": "phi-4"]],
    ]
    // The server's defaults make the request what is stored: no change.
    let same = ScriptedTransport([json(stored)])
    let deployment = Deployment(
      client: KubeClient(transport: same, namespace: "default", environment: Captured().environment), fieldManager: "m")
    #expect(try deployment.immutableChanges(existing: stored, desired: request).isEmpty)
    #expect(same.requests[0].method == "PATCH" && same.requests[0].path.contains("dryRun=All"))
    // KAITO's webhook refuses an immutable change outright: the fields the request sets differently are named.
    let refusal = status(
      400, "BadRequest",
      #"admission webhook \"validation.workspace.kaito.sh\" denied the request: instanceType: field is immutable"#)
    let changed: Value = [
      "apiVersion": "kaito.sh/v1beta1", "kind": "Workspace", "metadata": ["name": "ws", "namespace": "default"],
      "resource": ["instanceType": "B", "labelSelector": ["matchLabels": ["apps": "ws"]]],
      "inference": ["preset": ["name": "phi-4"]],
    ]
    let refused = Deployment(
      client: KubeClient(
        transport: ScriptedTransport([refusal]), namespace: "default", environment: Captured().environment),
      fieldManager: "m")
    #expect(
      try refused.immutableChanges(existing: stored, desired: changed) == [
        "resource.instanceType: A in the cluster, B requested"
      ])
    // A refusal for another reason is passed on as it came.
    let other = Deployment(
      client: KubeClient(
        transport: ScriptedTransport([refusal]), namespace: "default", environment: Captured().environment),
      fieldManager: "m")
    #expect(throws: KaitoError.self) { try other.immutableChanges(existing: stored, desired: request) }
    // A server that cannot be reached is not a refusal.
    let down = Deployment(
      client: KubeClient(
        transport: ScriptedTransport([status(503, "ServiceUnavailable", "down")]), namespace: "default",
        environment: Captured().environment), fieldManager: "m")
    #expect(throws: KaitoError.server("Error from server (ServiceUnavailable): down")) {
      try down.immutableChanges(existing: stored, desired: changed)
    }
  }

  @Test func theControllersVersionFromItsImageOrItsHelmLabels() {
    var tagged = KaitoInstall(versions: ["v1beta1"])
    tagged.read(deployment: [
      "spec": ["template": ["spec": ["containers": [["image": "mcr.microsoft.com/aks/kaito/workspace:0.11.2"]]]]]
    ])
    #expect(tagged.controllerVersion == "0.11.2")
    var pinned = KaitoInstall(versions: ["v1beta1"])
    pinned.read(deployment: [
      "metadata": ["labels": ["helm.sh/chart": "workspace-0.12.1"]],
      "spec": ["template": ["spec": ["containers": [["image": "mcr.microsoft.com/aks/kaito/workspace@sha256:abc"]]]]],
    ])
    #expect(pinned.controllerVersion == "0.12.1")
  }
}

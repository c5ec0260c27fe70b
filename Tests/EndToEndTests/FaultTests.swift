import Foundation
import TestSupport
import Testing

/// What a hostile or broken network sends: watches cut mid-stream, empty or garbage answers,
/// 5xx and 429, a WebSocket frame announcing 2^63 bytes, a Table that breaks the rules, proxies
/// in the environment, certificates that do not fit. Every case ends in a clear line or in
/// success, never in a crash or a busy loop. Faults come from the test cluster (POST /_test/fault).
@Suite(.serialized, .ownThreads) struct FaultTests {
  static let cluster = try! TestCluster(step: 0.6)
  var cluster: TestCluster { Self.cluster }

  func fault(_ body: String) throws { try cluster.control("fault", body) }
  func clearFaults() throws { try cluster.control("fault", #"{"clear": true}"#) }

  /// How many watch requests the cluster has seen so far.
  func watchRequests() throws -> Int {
    let result = try runProcess(["curl", "-sfk", "\(cluster.server)/_test/requests"])
    return result.stdout.components(separatedBy: "watch=true").count - 1
  }

  @Test func waitSurvivesAWatchCutEverySecond() throws {
    try fault(#"{"match": "watch=true", "kind": "cut", "after": 0.7}"#)
    defer { try? clearFaults() }
    let result = try cluster.kaito(["deploy", "phi-4-mini-instruct", "--name", "cut", "--wait", "--timeout", "2m"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("workspace.kaito.sh/cut is Ready"), "\(result.stderr)")
    #expect(!result.stderr.contains("transfer closed"))
  }

  @Test func emptyAndGarbageWatchesBackOffInsteadOfSpinning() throws {
    try cluster.control("scenario", #"{"name": "spin", "scenario": "slow"}"#)
    #expect(try cluster.kaito(["deploy", "phi-4-mini-instruct", "--name", "spin"]).status == 0)
    for kind in ["empty", "garbage"] {
      try fault(#"{"match": "watch=true", "kind": "\#(kind)"}"#)
      let before = try watchRequests()
      let started = Date()
      let result = try cluster.kaito([
        "deploy", "phi-4-mini-instruct", "--name", "spin", "--wait", "--timeout", "2500ms",
      ])
      let elapsed = Date().timeIntervalSince(started)
      try clearFaults()
      let made = try watchRequests() - before
      #expect(result.status == 1, "\(kind): \(result.stderr)")
      #expect(
        result.stderr.contains("timed out waiting for the condition on workspaces/spin"), "\(kind): \(result.stderr)")
      if kind == "garbage" {
        #expect(
          result.stderr.contains("the watch kept failing: the server sent a watch event that is not JSON: <html>"),
          "\(result.stderr)")
      }
      #expect(!result.stderr.contains("\u{1B}"), "no raw escape from the garbage page")
      // Jittered backoff from 0.8 s: a handful of attempts in 2.5 s, not thousands.
      #expect((2...8).contains(made), "\(kind): \(made) watch requests in \(elapsed) s")
      #expect(elapsed < 10)
    }
  }

  @Test func busyAndFailingServersAreRetried() throws {
    #expect(try cluster.kaito(["deploy", "phi-4-mini-instruct", "--name", "busy"]).status == 0)
    try fault(
      #"{"match": "GET /apis/kaito.sh/v1beta1/namespaces/default/workspaces/busy", "kind": "status", "code": 503, "count": 2}"#
    )
    let status = try cluster.kaito(["status", "busy"])
    #expect(status.status == 0, "\(status.stderr)")
    try fault(
      #"{"match": "GET /apis/kaito.sh/v1beta1/namespaces/default/workspaces/busy", "kind": "status", "code": 429, "count": 9}"#
    )
    let refused = try cluster.kaito(["status", "busy"])
    try clearFaults()
    #expect(refused.status == 1)
    #expect(refused.stderr.hasPrefix("Error from server (TooManyRequests): injected fault 429"), "\(refused.stderr)")
  }

  @Test func aWebSocketFrameOfTwoToTheSixtyThirdBytesIsAnErrorNotACrash() throws {
    #expect(try cluster.kaito(["deploy", "phi-4-mini-instruct", "--name", "frames", "--wait"]).status == 0)
    try fault(#"{"match": "/pods/frames-0/portforward", "kind": "frame"}"#)
    defer { try? clearFaults() }
    let result = try cluster.kaito(["chat", "frames", "--prompt", "hi"])
    #expect(result.status == 1, "exit \(result.status): \(result.stderr)")
    #expect(result.stderr.contains("WebSocket frame of 9223372036854775813 bytes"), "\(result.stderr)")
  }

  @Test func aTableWithoutDefaultColumnsOrWithLongRowsPrintsSafely() throws {
    #expect(try cluster.kaito(["deploy", "phi-4-mini-instruct", "--name", "tabled"]).status == 0)
    try fault(#"{"match": "GET /apis/kaito.sh/v1beta1/namespaces/default/workspaces", "kind": "table", "count": 1}"#)
    defer { try? clearFaults() }
    let result = try cluster.kaito(["status"])
    #expect(result.status == 0, "exit \(result.status): \(result.stderr)")
  }

  @Test func loopbackIsNeverSentThroughAProxy() throws {
    #expect(try cluster.kaito(["deploy", "phi-4-mini-instruct", "--name", "proxied", "--wait"]).status == 0)
    // A proxy that does not exist: any request sent to it fails.
    let dead = "http://127.0.0.1:9"
    let result = try cluster.kaito(
      ["chat", "proxied", "--prompt", "hi"],
      environment: ["http_proxy": dead, "HTTPS_PROXY": dead, "https_proxy": dead, "ALL_PROXY": dead])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "You said: hi (1 messages)\n")
  }

  @Test func certificatesThatDoNotFitAreNamedForWhatTheyAre() throws {
    let ca = try cluster.base64("ca.crt")
    func config(_ file: String, cluster extra: String, user: String) throws -> String {
      try cluster.writeKubeconfig(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: test
          cluster:
            server: \(cluster.server)
            certificate-authority-data: \(ca)
        \(extra.isEmpty ? "" : "    " + extra)
        users:
        - name: u
          user: {\(user)}
        contexts:
        - name: test
          context: {cluster: test, user: u}
        current-context: test
        """)
    }
    let otherName = try config("other-name.yaml", cluster: "tls-server-name: other.test", user: "token: admin-token")
    let mismatch = try cluster.kaito(["status"], environment: ["KUBECONFIG": otherName])
    #expect(mismatch.status == 1)
    #expect(
      mismatch.stderr.contains("the server's certificate is not valid for the host name it is reached by"),
      "\(mismatch.stderr)")
    #expect(mismatch.stderr.contains("'other.test'"), "\(mismatch.stderr)")

    let foreign = try config(
      "foreign-cert.yaml", cluster: "",
      user: "client-certificate: other-ca.crt, client-key: other-ca.key")
    let refused = try cluster.kaito(["status"], environment: ["KUBECONFIG": foreign])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("does not accept the client certificate"), "\(refused.stderr)")

    let both = try config("insecure-and-ca.yaml", cluster: "insecure-skip-tls-verify: true", user: "token: admin-token")
    let insecure = try cluster.kaito(["status"], environment: ["KUBECONFIG": both])
    #expect(insecure.status == 1)
    #expect(
      insecure.stderr.contains(
        "clusters[0].cluster: insecure-skip-tls-verify together with a certificate authority is not allowed"),
      "\(insecure.stderr)")
  }

  @Test func namesThatAreNotNamesNeverReachAPath() throws {
    for arguments in [
      ["status", "."], ["status", ".."], ["chat", "..", "--prompt", "x"], ["port-forward", "a/b"],
      ["status", "-n", ".."],
      ["status", "-n", "a/b"],
    ] {
      let result = try cluster.kaito(arguments)
      #expect(result.status == 1, "\(arguments): \(result.stderr)")
      #expect(result.stderr.hasPrefix("error: invalid"), "\(arguments): \(result.stderr)")
    }
  }

  @Test func completionNeverWaitsLongOnAnythingLive() throws {
    let folder = cluster.folder.appendingPathComponent("complete-bin")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let link = folder.appendingPathComponent("kubectl_complete-kaito").path
    if !FileManager.default.fileExists(atPath: link) {
      try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: kaitoBinary)
    }
    // A login plugin that hangs, and a server that answers 429 with Retry-After.
    let hanging = try cluster.writeKubeconfig(
      "hanging-exec.yaml",
      """
      apiVersion: v1
      kind: Config
      clusters:
      - name: test
        cluster: {server: \(cluster.server), certificate-authority-data: \(try cluster.base64("ca.crt"))}
      users:
      - name: u
        user:
          exec: {apiVersion: client.authentication.k8s.io/v1, command: sh, args: [-c, "sleep 30"], interactiveMode: Never}
      contexts:
      - name: test
        context: {cluster: test, user: u}
      current-context: test
      """)
    try fault(#"{"match": "GET /apis/kaito.sh/v1beta1/namespaces/default/workspaces", "kind": "status", "code": 429}"#)
    defer { try? clearFaults() }
    for config in [hanging, cluster.kubeconfig] {
      let started = Date()
      let result = try runProcess([link, "chat", ""], environment: cluster.environment(["KUBECONFIG": config]))
      let elapsed = Date().timeIntervalSince(started)
      #expect(result.status == 0, "\(result.stderr)")
      #expect(elapsed < 4, "completion took \(elapsed) s with \(config)")
    }
  }

  @Test func aBodyPastTheCapAndAnAnswerPastItsTimeoutStopWithTheirReason() throws {
    #expect(try cluster.kaito(["deploy", "phi-4-mini-instruct", "--name", "capped", "--wait"]).status == 0)
    try fault(
      #"{"match": "GET /apis/kaito.sh/v1beta1/namespaces/default/workspaces/capped", "kind": "huge", "count": 1}"#)
    let huge = try cluster.kaito(["status", "capped", "-o", "name"])
    try clearFaults()
    #expect(huge.status == 1)
    #expect(
      huge.stderr.contains(
        "is larger than 64 MiB, more than this tool reads (KUBECTL_KAITO_MAX_RESPONSE_MIB raises it)"), "\(huge.stderr)"
    )
    // Raised, the same body is read (and then found not to be JSON).
    try fault(
      #"{"match": "GET /apis/kaito.sh/v1beta1/namespaces/default/workspaces/capped", "kind": "huge", "count": 1}"#)
    let raised = try cluster.kaito(
      ["status", "capped", "-o", "name"], environment: ["KUBECTL_KAITO_MAX_RESPONSE_MIB": "128"])
    try clearFaults()
    #expect(raised.status == 1)
    #expect(!raised.stderr.contains("larger than"), "\(raised.stderr)")

    try cluster.control("chat", #"{"name": "capped", "modes": ["slow"]}"#)
    let slow = try cluster.kaito(["chat", "capped", "--prompt", "one two three four", "--timeout", "2s"])
    #expect(slow.status == 1)
    #expect(slow.stdout.hasPrefix("You said"), "what arrived is kept: \(slow.stdout)")
    #expect(slow.stderr.contains("the answer did not finish within --timeout"), "\(slow.stderr)")
  }
}

import Foundation
import TestSupport
import Testing

/// What a CI job that runs again meets: a cluster that fills in the CRD's defaults, objects that
/// already exist, a KAITO of another version, and fields the CLI has never seen.
@Suite(.serialized, .ownThreads) struct RerunTests {
  static let cluster = try! TestCluster(step: 0.1)
  var cluster: TestCluster { Self.cluster }

  /// Runs a command twice in a row, as a re-run job does; both runs must succeed.
  func twice(_ arguments: [String], _ check: (_ run: Int, _ result: ProcessResult) -> Void) throws {
    for run in 1...2 {
      let result = try cluster.kaito(arguments)
      #expect(result.status == 0, "run \(run) of \(arguments.joined(separator: " ")): \(result.stderr)")
      check(run, result)
    }
  }

  @Test func theWholeWorkflowTwiceInARow() throws {
    try twice(["deploy", "phi-3.5-mini-instruct", "--wait"]) { run, result in
      #expect(
        result.stdout == "workspace.kaito.sh/workspace-phi-3-5-mini-instruct \(run == 1 ? "created" : "unchanged")\n")
    }
    // The server filled in the CRD's defaults; nothing of it counts as a change.
    let stored = try cluster.kaito(["status", "workspace-phi-3-5-mini-instruct", "-o", "json"])
    #expect(stored.stdout.contains(#""accessMode": "public""#), "\(stored.stdout)")
    try twice(["status", "workspace-phi-3-5-mini-instruct"]) { _, result in
      #expect(result.stdout.contains("Ready"))
    }
    try twice(["chat", "workspace-phi-3-5-mini-instruct", "--prompt", "hi"]) { _, result in
      #expect(result.stdout == "You said: hi (1 messages)\n")
    }
    let tune = [
      "tune", "tune-again", "--preset", "phi-3.5-mini-instruct", "--input-url", "https://example.com/data.parquet",
      "--output-image", "registry.example.com/adapters/again:1", "--output-push-secret", "push", "--wait",
    ]
    try twice(tune) { run, result in
      #expect(result.stdout == "workspace.kaito.sh/tune-again \(run == 1 ? "created" : "unchanged")\n")
    }
    let adapter = [
      "deploy", "phi-3.5-mini-instruct", "--name", "served-again", "--adapter",
      "tune-again=registry.example.com/adapters/again:1,pull-secret=push", "--max-model-len", "4096", "--wait",
    ]
    try twice(adapter) { run, result in
      let verb = run == 1 ? "created" : "unchanged"
      #expect(
        result.stdout == "configmap/served-again-inference-config \(verb)\nworkspace.kaito.sh/served-again \(verb)\n")
    }
    for name in ["served-again", "tune-again", "workspace-phi-3-5-mini-instruct"] {
      let first = try cluster.kaito(["delete", name, "--wait", "--yes"])
      #expect(first.status == 0 && first.stdout == "workspace.kaito.sh/\(name) deleted\n", "\(first.stderr)")
      let again = try cluster.kaito(["delete", name, "--wait", "--yes"])
      #expect(
        again.status == 1 && again.stderr == "Error from server (NotFound): workspaces.kaito.sh \"\(name)\" not found\n"
      )
      let quiet = try cluster.kaito(["delete", name, "--wait", "--yes", "--ignore-not-found"])
      #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty, "\(quiet.stderr)")
    }
  }

  @Test func aRealChangeOfAnImmutableFieldIsStillRefused() throws {
    #expect(
      try cluster.kaito([
        "deploy", "phi-4-mini-instruct", "--name", "fixed", "--instance-type", "Standard_NC24ads_A100_v4",
      ]).status == 0)
    let before = try cluster.kaito(["status", "fixed", "-o", "json"]).stdout
    let changed = try cluster.kaito([
      "deploy", "phi-4-mini-instruct", "--name", "fixed", "--instance-type", "Standard_NC48ads_A100_v4",
      "--label", "pool=other",
    ])
    #expect(changed.status == 1)
    #expect(changed.stdout.isEmpty)
    let expected = """
      error: workspace.kaito.sh/fixed already exists in namespace default with a different spec:
        resource.instanceType: Standard_NC24ads_A100_v4 in the cluster, Standard_NC48ads_A100_v4 requested
        resource.labelSelector: {"matchLabels":{"apps":"fixed"}} in the cluster, {"matchLabels":{"pool":"other"}} requested
      KAITO's workspace fields are immutable: delete it first, or pass --force to delete and recreate it (its GPU nodes are released and provisioned again)

      """
    #expect(changed.stderr.hasSuffix(expected), "\(changed.stderr)")
    // Nothing was written: the stored object is as it was (its status aside, which the controller moves on).
    let after = try cluster.kaito(["status", "fixed", "-o", "json"]).stdout
    #expect(
      after.contains(#""instanceType": "Standard_NC24ads_A100_v4""#)
        && before.contains(#""instanceType": "Standard_NC24ads_A100_v4""#))
    #expect(!after.contains("pool"))
    // A mutable change goes through and says so.
    let adapters = try cluster.kaito([
      "deploy", "phi-4-mini-instruct", "--name", "fixed", "--instance-type", "Standard_NC24ads_A100_v4",
      "--adapter", "a=registry.example.com/a:1",
    ])
    #expect(adapters.status == 0 && adapters.stdout == "workspace.kaito.sh/fixed configured\n", "\(adapters.stderr)")
  }

  @Test func theAPIServersValidationErrorsAreShownAsKubectlShowsThem() throws {
    let path = "/apis/kaito.sh/v1beta1/namespaces/default/workspaces/bad"
    let body =
      #"{"apiVersion":"kaito.sh/v1beta1","kind":"Workspace","metadata":{"name":"bad"},"resource":{"count":"two","labelSelector":{}},"inference":{"preset":{"accessMode":"x"}}}"#
    let direct = try runProcess([
      "curl", "-sk", "--cert", cluster.folder.appendingPathComponent("admin.crt").path,
      "--key", cluster.folder.appendingPathComponent("admin.key").path, "-X", "PATCH",
      "-H", "Content-Type: application/apply-patch+yaml", "\(cluster.server)\(path)?fieldManager=t", "-d", body,
    ])
    #expect(
      direct.stdout.contains(#""reason":"Invalid""#) && direct.stdout.contains(#""code":422"#), "\(direct.stdout)")
    // The CLI's own rendering of the same Status, through a write the webhook would pass but the schema refuses.
    let file = cluster.folder.appendingPathComponent("bad-ws.yaml").path
    try """
    apiVersion: kaito.sh/v1beta1
    kind: Workspace
    metadata: {name: bad}
    resource: {count: two, labelSelector: {matchLabels: {apps: bad}}, instanceType: Standard_NC24ads_A100_v4}
    inference: {preset: {name: phi-4, accessMode: x}}
    """.write(toFile: file, atomically: true, encoding: .utf8)
    let kubectl = try runProcess(
      ["kubectl", "apply", "--server-side", "--validate=false", "-f", file], environment: cluster.environment())
    #expect(kubectl.status == 1)
    #expect(kubectl.stderr.hasPrefix("The Workspace \"bad\" is invalid: \n* "), "\(kubectl.stderr)")
    #expect(
      kubectl.stderr.contains(
        "\n* resource.count: Invalid value: \"two\": resource.count in body must be of type integer: \"string\"\n"))
    #expect(
      kubectl.stderr.contains(
        "\n* inference.preset.accessMode: Unsupported value: \"x\": supported values: \"public\", \"private\"\n"))
  }

  @Test func theClustersKAITOVersionChoosesTheArithmetic() throws {
    let offline = try kaito("presets", "show", "phi-4")
    #expect(offline.stdout.contains("KAITO v0.12.0's node estimator"))
    let json = try kaito("presets", "show", "phi-4", "-o", "json")
    #expect(json.stdout.contains(#""arithmetic": "KAITO v0.12.0""#))
    let bad = try kaito("presets", "show", "phi-4", "--kaito-version", "latest")
    #expect(bad.status == 1 && bad.stderr.contains("invalid --kaito-version \"latest\""), "\(bad.stderr)")

    let older = try TestCluster(step: 0.1)
    try older.control("kaito", #"{"version": "0.11.2"}"#)
    let deploy = try older.kaito(["deploy", "phi-4-mini-instruct", "--dry-run=server"])
    #expect(deploy.status == 0, "\(deploy.stderr)")
    let warning =
      "Warning: this cluster runs KAITO v0.11.2, but the node count is computed with KAITO v0.12.0's arithmetic, the nearest this kubectl-kaito knows"
    #expect(deploy.stderr.components(separatedBy: warning).count == 2, "once: \(deploy.stderr)")
    #expect(deploy.stderr.contains("(KAITO v0.12.0's node estimator)"))

    // A controller pinned by digest: the Helm chart's labels tell the version.
    try older.control("kaito", #"{"version": "0.12.1", "byDigest": true}"#)
    let pinned = try older.kaito(["deploy", "phi-4-mini-instruct", "--dry-run=server"])
    #expect(pinned.status == 0 && !pinned.stderr.contains("Warning: this cluster runs"), "\(pinned.stderr)")
    try older.control("kaito", #"{"version": "0.13.0", "byDigest": true}"#)
    let newer = try older.kaito(["deploy", "phi-4-mini-instruct", "--dry-run=server"])
    #expect(
      newer.stderr.contains(
        "Warning: this cluster runs KAITO v0.13.0, but the node count is computed with KAITO v0.12.0's arithmetic"),
      "\(newer.stderr)")
  }

  @Test func fieldsTheServerAddsNeverLeakIntoDecisionsOrOutput() throws {
    // A later KAITO: conditions and status fields this CLI does not know, the controller's own
    // annotations, managed fields.
    try cluster.control("scenario", #"{"name": "newer", "scenario": "newer"}"#)
    try twice(["deploy", "phi-3.5-mini-instruct", "--name", "newer", "--wait"]) { run, result in
      #expect(result.stdout == "workspace.kaito.sh/newer \(run == 1 ? "created" : "unchanged")\n")
      #expect(!result.stderr.contains("\u{1B}"), "no raw escape reaches the terminal")
    }
    let stored = try cluster.kaito(["status", "newer", "-o", "json"]).stdout
    for field in ["futureField", "FutureGate", "workspace.kaito.io/revision", "managedFields", "accessMode"] {
      #expect(stored.contains(field), "the cluster added \(field)")
    }
    let status = try cluster.kaito(["status", "newer"])
    #expect(status.status == 0)
    #expect(status.stdout.contains("Ready"))
    #expect(!status.stdout.contains("\u{1B}"))
    let table = try cluster.kaito(["status"])
    let row = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix("newer ") })
    #expect(row.contains("Ready"))
    let chat = try cluster.kaito(["chat", "newer", "--prompt", "still there?"])
    #expect(chat.stdout == "You said: still there? (1 messages)\n", "\(chat.stderr)")
  }
}

import Foundation
import KaitoCore
import TestSupport
import Testing

/// `deploy` and `status` against the project's test cluster, as a user runs them.
@Suite(.serialized, .ownThreads) struct ClusterTests {
  static let cluster = try! TestCluster(step: 0.1)

  var cluster: TestCluster { Self.cluster }

  /// The seed walkthrough: deploy, wait, and status shows it serving — with the same columns as kubectl.
  @Test func deployWaitAndStatus() throws {
    // A second a phase, so that each is seen however loaded the machine is (at the cluster's
    // tenth of a second, a busy machine saw the workspace ready before its nodes were waited for).
    try cluster.control(
      "scenario",
      #"{"namespace": "walkthrough", "name": "workspace-phi-3-5-mini-instruct", "scenario": "success", "step": 1}"#)
    let deploy = try cluster.kaito(["deploy", "phi-3.5-mini-instruct", "--wait", "-n", "walkthrough"])
    #expect(deploy.status == 0, "\(deploy.stderr)")
    #expect(deploy.stdout == "workspace.kaito.sh/workspace-phi-3-5-mini-instruct created\n")
    // In a log: one line per phase, then the outcome.
    #expect(
      deploy.stderr.contains("\nnodes: waiting for 1 GPU node (Standard_NV36ads_A10_v5), 0 ready"), "\(deploy.stderr)")
    #expect(deploy.stderr.contains("\nimage: "), "\(deploy.stderr)")
    #expect(!deploy.stderr.contains("\r"))
    #expect(deploy.stderr.contains("is Ready after"))
    #expect(deploy.stderr.contains("Talk to it: kubectl kaito chat workspace-phi-3-5-mini-instruct -n walkthrough"))

    let status = try cluster.kaito(["status", "-n", "walkthrough"])
    #expect(status.status == 0)
    let lines = status.stdout.split(separator: "\n")
    #expect(
      lines.first?.split(separator: " ", omittingEmptySubsequences: true)
        == [
          "NAME", "INSTANCE", "RESOURCEREADY", "INFERENCEREADY", "JOBSTARTED", "WORKSPACESUCCEEDED", "TARGETNODECOUNT",
          "STATE", "AGE",
        ])
    let row = try #require(lines.last).split(separator: " ", omittingEmptySubsequences: true)
    #expect(
      Array(row.prefix(7)) == [
        "workspace-phi-3-5-mini-instruct", "Standard_NV36ads_A10_v5", "True", "True", "True", "1", "Ready",
      ])

    // Real kubectl sees the same object and columns.
    let kubectl = try runProcess(
      ["kubectl", "get", "workspaces", "-n", "walkthrough"], environment: cluster.environment())
    #expect(kubectl.status == 0, "\(kubectl.stderr)")
    #expect(kubectl.stdout.split(separator: "\n").first == status.stdout.split(separator: "\n").first)

    let detail = try cluster.kaito(["status", "workspace-phi-3-5-mini-instruct", "-n", "walkthrough"])
    #expect(detail.stdout.contains("Ready: kubectl kaito chat workspace-phi-3-5-mini-instruct -n walkthrough"))
    #expect(detail.stdout.contains("InferenceReady       True     WorkspaceInferenceStatusSuccess"))

    // Applying the same thing again changes nothing.
    let again = try cluster.kaito(["deploy", "phi-3.5-mini-instruct", "-n", "walkthrough"])
    #expect(again.stdout == "workspace.kaito.sh/workspace-phi-3-5-mini-instruct unchanged\n")
  }

  @Test func failingWorkspaceSaysWhy() throws {
    try cluster.control("scenario", #"{"namespace": "quota", "name": "workspace-phi-4", "scenario": "quota"}"#)
    let deploy = try cluster.kaito([
      "deploy", "phi-4", "--instance-type", "Standard_NC24ads_A100_v4", "--wait", "-n", "quota",
    ])
    #expect(deploy.status == 1)
    #expect(
      deploy.stderr.contains("error: workspace workspace-phi-4 failed: ResourceReady=False (SubscriptionQuotaReached)"))
    // The quota's family is named, and instance types of other families that hold the model.
    #expect(
      deploy.stderr.contains("no NVIDIA A100 quota left: request more, or use another GPU family's instance type: "))
    // The long Azure message is said once in the error, not again in the advice.
    #expect(deploy.stderr.components(separatedBy: "exceeding approved").count == 2, "\(deploy.stderr)")

    let status = try cluster.kaito(["status", "workspace-phi-4", "-n", "quota"])
    #expect(status.status == 0)
    #expect(status.stdout.contains("Failed: ResourceReady=False (SubscriptionQuotaReached)"))
    #expect(status.stdout.contains("(last reconcile error: failed to create nodeClaim: SubscriptionQuotaReached"))
    #expect(status.stdout.contains("LaunchFailed"))  // the node claim's own reason
    #expect(status.stdout.contains("Warning   SubscriptionQuotaReached"))
  }

  /// Nothing in the workspace changes while the weights download: the wait reads the model
  /// server's gauges every few seconds, and a timeout says where it got to.
  @Test func waitingShowsTheDownloadAndATimeoutSaysWhereItStopped() throws {
    try cluster.control("scenario", #"{"namespace": "download", "name": "big", "scenario": "slow"}"#)
    let deploy = try cluster.kaito([
      "deploy", "phi-4-mini-instruct", "--name", "big", "-n", "download", "--wait", "--timeout", "7s",
    ])
    #expect(deploy.status == 1)
    let download = "weights: downloading the weights: about 59% of 7.2 GiB, 1m00s left at 50 MiB/s"
    #expect(deploy.stderr.contains("\n" + download + " ["), "\(deploy.stderr)")
    #expect(
      deploy.stderr.contains(
        "error: timed out waiting for the condition on workspaces/big after 7s: \(download)\n"
          + "  a longer --timeout waits longer; kubectl kaito status big tells more"),
      "\(deploy.stderr)")
  }

  @Test func outOfMemoryShowsThePodState() throws {
    try cluster.control("scenario", #"{"namespace": "oom", "name": "small", "scenario": "oom"}"#)
    let deploy = try cluster.kaito(["deploy", "phi-4", "--name", "small", "--wait", "-n", "oom"])
    #expect(deploy.status == 1)
    #expect(deploy.stderr.contains("(ContainerOOMKilled)"))
    let status = try cluster.kaito(["status", "small", "-n", "oom"])
    #expect(status.stdout.contains("container small: waiting: CrashLoopBackOff"))
    #expect(status.stdout.contains("last terminated: OOMKilled (exit code 137)"))
  }

  @Test func existingWorkspaceIsNeverSilentlyChanged() throws {
    #expect(try cluster.kaito(["deploy", "phi-4-mini-instruct", "-n", "immutable"]).status == 0)
    let changed = try cluster.kaito([
      "deploy", "phi-4-mini-instruct", "-n", "immutable", "--instance-type", "Standard_NC24ads_A100_v4",
    ])
    #expect(changed.status == 1)
    #expect(changed.stdout.isEmpty)
    #expect(
      changed.stderr.contains(
        """
        error: workspace.kaito.sh/workspace-phi-4-mini-instruct already exists in namespace immutable with a different spec:
          resource.instanceType: Standard_NV36ads_A10_v5 in the cluster, Standard_NC24ads_A100_v4 requested
        """))
    let object = try cluster.kaito(["status", "workspace-phi-4-mini-instruct", "-n", "immutable", "-o", "yaml"])
    #expect(object.stdout.contains("instanceType: Standard_NV36ads_A10_v5"))

    // --force without a terminal needs --yes; with it, the workspace is recreated.
    let refused = try cluster.kaito([
      "deploy", "phi-4-mini-instruct", "-n", "immutable", "--instance-type", "Standard_NC24ads_A100_v4", "--force",
    ])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("--force needs --yes"))
    let forced = try cluster.kaito([
      "deploy", "phi-4-mini-instruct", "-n", "immutable", "--instance-type", "Standard_NC24ads_A100_v4", "--force",
      "--yes",
    ])
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(forced.stdout == "workspace.kaito.sh/workspace-phi-4-mini-instruct created\n")
    #expect(
      try cluster.kaito(["status", "workspace-phi-4-mini-instruct", "-n", "immutable", "-o", "yaml"]).stdout.contains(
        "instanceType: Standard_NC24ads_A100_v4"))
  }

  @Test func serverDryRunStoresNothing() throws {
    let result = try cluster.kaito([
      "deploy", "qwen2.5-coder-7b-instruct", "--max-model-len", "8192", "--dry-run=server", "-n", "dry",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout == """
        configmap/workspace-qwen2-5-coder-7b-instruct-inference-config created (server dry run)
        workspace.kaito.sh/workspace-qwen2-5-coder-7b-instruct created (server dry run)

        """)
    // KAITO's webhook reads the ConfigMap from the cluster, where a dry run never put it.
    #expect(result.stderr.contains("checked the workspace without its inference ConfigMap"), "\(result.stderr)")
    let status = try cluster.kaito(["status", "-n", "dry"])
    #expect(status.stdout.isEmpty)
    #expect(status.stderr == "No resources found in dry namespace.\n")
  }

  /// vLLM's settings from a file, an existing ConfigMap, or single flags; KAITO's webhook (as the
  /// test cluster runs it) checks the ConfigMap the workspace names.
  @Test func inferenceConfigFromAFileAConfigMapAndFlags() throws {
    let file = cluster.folder.appendingPathComponent("inference_config.yaml").path
    try "vllm:\n  max-model-len: 8192\n  gpu-memory-utilization: 0.9\nmax_probe_steps: 6\n".write(
      toFile: file, atomically: true, encoding: .utf8)
    let fromFile = try cluster.kaito([
      "deploy", "phi-3.5-mini-instruct", "--name", "tuned-vllm", "-n", "vllm-config", "--inference-config", file,
      "--vllm-arg", "max-num-seqs=64", "--no-benchmark", "--wait",
    ])
    #expect(fromFile.status == 0, "\(fromFile.stderr)")
    let stored = try cluster.kaito([
      "status", "tuned-vllm", "-n", "vllm-config", "-o", "json",
    ])
    let workspace = try JSONReader.read(stored.stdout)
    #expect(workspace["metadata"]?["annotations"]?["kaito.sh/disable-benchmark"]?.stringValue == "true")
    #expect(workspace["inference"]?["config"]?.stringValue == "tuned-vllm-inference-config")
    let byName = try cluster.kaito([
      "deploy", "phi-4-mini-instruct", "-n", "vllm-config", "--inference-config",
      "configmap/tuned-vllm-inference-config", "--dry-run=server",
    ])
    #expect(byName.status == 0, "\(byName.stderr)")
    let missing = try cluster.kaito([
      "deploy", "phi-4-mini-instruct", "-n", "vllm-config", "--inference-config", "configmap/absent",
      "--dry-run=server",
    ])
    #expect(missing.status == 1 && missing.stdout.isEmpty)
    #expect(
      missing.stderr.contains(
        "ConfigMap absent (--inference-config configmap/absent) not found in namespace vllm-config"))
    let both = try cluster.kaito([
      "deploy", "phi-4-mini-instruct", "-n", "vllm-config", "--inference-config",
      "configmap/tuned-vllm-inference-config", "--max-model-len", "4096", "--dry-run=server",
    ])
    #expect(both.status == 1 && both.stderr.contains("cannot change configmap/tuned-vllm-inference-config"))
  }

  /// A model KAITO has no preset for: an image in a pod template, re-run unchanged, changed only
  /// by recreating (KAITO never applies a changed template).
  @Test func yourOwnImageInAPodTemplate() throws {
    // A second a phase, so that the image's pull is seen however loaded the machine is.
    try cluster.control("scenario", #"{"namespace": "images", "name": "custom", "scenario": "success", "step": 1}"#)
    let arguments = [
      "deploy", "--image", "ghcr.io/example/server:1", "--name", "custom", "-n", "images", "--instance-type",
      "Standard_NC24ads_A100_v4", "--arg", "--serve", "--wait",
    ]
    let first = try cluster.kaito(arguments)
    #expect(first.status == 0 && first.stdout == "workspace.kaito.sh/custom created\n", "\(first.stderr)")
    #expect(first.stderr.contains("KAITO does not apply later changes to a pod template"))
    #expect(first.stderr.contains("\nimage: pulling ghcr.io/example/server:1 on "), "\(first.stderr)")
    let again = try cluster.kaito(arguments)
    #expect(again.status == 0 && again.stdout == "workspace.kaito.sh/custom unchanged\n", "\(again.stderr)")
    let changed = try cluster.kaito(
      [
        "deploy", "--image", "ghcr.io/example/server:2", "--name", "custom", "-n", "images", "--instance-type",
        "Standard_NC24ads_A100_v4",
      ])
    #expect(changed.status == 1 && changed.stderr.contains("inference.template"), "\(changed.stderr)")
    let pod = try JSONReader.read(try cluster.kaito(["status", "custom", "-n", "images", "-o", "json"]).stdout)
    let container = pod["inference"]?["template"]?["spec"]?["containers"]?.arrayValue?.first
    #expect(container?["resources"]?["limits"]?["nvidia.com/gpu"] == .int(1), "the container asks for the GPU itself")
  }

  @Test func configMapIsAppliedBeforeTheWorkspace() throws {
    let result = try cluster.kaito([
      "deploy", "phi-3.5-mini-instruct", "--max-model-len", "16384", "-n", "config", "-o", "name",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout
        == "configmap/workspace-phi-3-5-mini-instruct-inference-config\nworkspace.kaito.sh/workspace-phi-3-5-mini-instruct\n"
    )
    let configMap = try runProcess(
      [
        "kubectl", "get", "configmap", "workspace-phi-3-5-mini-instruct-inference-config", "-n", "config", "-o",
        "jsonpath={.data.inference_config\\.yaml}",
      ],
      environment: cluster.environment())
    #expect(configMap.stdout == "vllm:\n  max-model-len: 16384\n")
  }

  @Test func serverWarningsAndWebhookDenialsReachTheUser() throws {
    let warned = try cluster.kaito(["deploy", "phi-4", "-n", "warnings"])
    #expect(warned.stderr.contains("Warning: test warning: phi-4 served by the test cluster"))
    // A name the webhook refuses, written by hand past our own checks with real kubectl.
    let manifest = """
      apiVersion: kaito.sh/v1beta1
      kind: Workspace
      metadata: {name: reserved}
      resource:
        instanceType: Standard_NC24ads_A100_v4
        labelSelector: {matchLabels: {kaito.sh/workspace: reserved}}
      inference: {preset: {name: phi-4}}
      """
    let kubectl = try runProcess(
      ["kubectl", "apply", "--server-side", "--validate=false", "-n", "warnings", "-f", "-"], stdin: manifest,
      environment: cluster.environment())
    #expect(kubectl.status == 1)
    #expect(kubectl.stderr.contains("matchLabels must contain at least one non-reserved label"))
  }

  @Test func listingFormats() throws {
    _ = try cluster.kaito(["deploy", "phi-4-mini-instruct", "-n", "formats", "--label", "team=a"])
    _ = try cluster.kaito(["deploy", "mistral-7b-instruct", "-n", "formats", "--label", "team=b"])
    let names = try cluster.kaito(["status", "-n", "formats", "-o", "name"])
    #expect(
      names.stdout
        == "workspace.kaito.sh/workspace-mistral-7b-instruct\nworkspace.kaito.sh/workspace-phi-4-mini-instruct\n")
    let selected = try cluster.kaito(["status", "-n", "formats", "-l", "team=a", "-o", "name"])
    #expect(selected.stdout == "")  // labels sit on the nodes' selector, not on the workspace
    let json = try cluster.kaito(["status", "-n", "formats", "-o", "json"])
    let list = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
    #expect(list["kind"] as? String == "List")
    #expect((list["items"] as! [Any]).count == 2)
    let all = try cluster.kaito(["status", "-A", "--no-headers"])
    let rows = all.stdout.split(separator: "\n").map {
      $0.split(separator: " ", omittingEmptySubsequences: true).prefix(2).map(String.init)
    }
    #expect(rows.contains(["formats", "workspace-mistral-7b-instruct"]))
    #expect(!all.stdout.contains("NAMESPACE"))
  }

  @Test func verboseLogsRequestsAndMasksCredentials() throws {
    let config = try cluster.writeKubeconfig("kubeconfig-token-verbose", tokenKubeconfig(token: "admin-token"))
    let result = try cluster.kaito(["status", "-n", "verbose", "-v", "8", "--kubeconfig", config])
    #expect(result.stderr.contains("GET https://127.0.0.1:\(cluster.port)/apis/kaito.sh 200 in"))
    #expect(result.stderr.contains("Authorization: Bearer <masked>"))
    #expect(!result.stderr.contains("admin-token"))
  }

  /// Real kubectl against the test cluster: apply, get and wait work as on a real cluster, and
  /// `kubectl kaito` reaches our binary through kubectl's plugin dispatch.
  @Test func realKubectlAndPluginDispatch() throws {
    let folder = URL(fileURLWithPath: kaitoBinary).deletingLastPathComponent().path
    let environment = cluster.environment(["PATH": folder + ":" + testPath])
    let manifest = try cluster.kaito([
      "deploy", "phi-4-mini-instruct", "--name", "bykubectl", "-n", "kubectl", "--dry-run=client", "-o", "yaml",
    ]).stdout
    let apply = try runProcess(
      ["kubectl", "apply", "--server-side", "--validate=false", "-f", "-"], stdin: manifest, environment: environment)
    #expect(apply.status == 0, "\(apply.stderr)")
    #expect(apply.stdout == "workspace.kaito.sh/bykubectl serverside-applied\n")
    let wait = try runProcess(
      [
        "kubectl", "wait", "--for=condition=WorkspaceSucceeded", "workspace/bykubectl", "-n", "kubectl",
        "--timeout=20s",
      ], environment: environment)
    #expect(wait.status == 0, "\(wait.stderr)")
    #expect(wait.stdout == "workspace.kaito.sh/bykubectl condition met\n")
    let plugin = try runProcess(["kubectl", "kaito", "status", "bykubectl", "-n", "kubectl"], environment: environment)
    #expect(plugin.status == 0, "\(plugin.stderr)")
    #expect(plugin.stdout.contains("Ready: kubectl kaito chat bykubectl -n kubectl"))
    let names = try runProcess(["kubectl", "get", "wk", "-n", "kubectl", "-o", "name"], environment: environment)
    #expect(names.stdout == (try cluster.kaito(["status", "-n", "kubectl", "-o", "name"]).stdout))
  }

  /// Text from the server never reaches the terminal raw.
  @Test func serverTextIsEscaped() throws {
    let object =
      #"{"plural":"workspaces","object":{"apiVersion":"kaito.sh/v1beta1","kind":"Workspace","metadata":{"name":"evil","namespace":"escape","creationTimestamp":"2026-01-01T00:00:00Z"},"resource":{"instanceType":"Standard_NC24ads_A100_v4\u001b[2J","labelSelector":{"matchLabels":{"a":"b"}}},"inference":{"preset":{"name":"phi-4"}},"status":{"conditions":[{"type":"ResourceReady","status":"False","reason":"LaunchFailed","message":"boom\u001b]0;pwned\u0007\r"}]}}}"#
    try cluster.control("object", object)
    let list = try cluster.kaito(["status", "-n", "escape"])
    #expect(!list.stdout.contains("\u{1B}"))
    #expect(list.stdout.contains("Standard_NC24ads_A100_v4^[[2J"))
    let detail = try cluster.kaito(["status", "evil", "-n", "escape"])
    #expect(!detail.stdout.contains("\u{1B}"))
    #expect(detail.stdout.contains("boom^[]0;pwned"))
  }

  /// `status -w` prints the table, then a row per change.
  @Test func watchPrintsARowPerChange() throws {
    let text = try watching("watching", until: "workspace-phi-4-mini-instruct") { () throws in
      #expect(try cluster.kaito(["deploy", "phi-4-mini-instruct", "-n", "watching", "--wait"]).status == 0)
    }
    let rows = text.split(separator: "\n").map {
      $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    }
    #expect(rows.count >= 4, "\(text)")
    #expect(rows.first?.first == "NAME", "the header comes with the first row: \(text)")
    #expect(rows.dropFirst().allSatisfy { $0.first == "workspace-phi-4-mini-instruct" })
    #expect(rows.last?.contains("Ready") == true)
    expectColumnsUnderTheHeader(text)
  }

  /// Rows that arrive after the table keep its column widths, as `kubectl get -w` does: a short
  /// name's row lines up under a long name's header.
  @Test func watchRowsKeepTheTablesColumns() throws {
    let long = "a-workspace-with-a-rather-long-name"
    #expect(
      try cluster.kaito(["deploy", "phi-4-mini-instruct", "--name", long, "-n", "aligned", "--wait"]).status == 0)
    let text = try watching("aligned", until: "short") { () throws in
      #expect(
        try cluster.kaito(["deploy", "phi-4-mini-instruct", "--name", "short", "-n", "aligned", "--wait"]).status == 0)
    }
    #expect(text.split(separator: "\n").contains { $0.hasPrefix("short ") }, "\(text)")
    expectColumnsUnderTheHeader(text)
  }

  /// `status -w` from an empty namespace through a whole deployment, byte for byte (the AGE
  /// column, which depends on the clock, read as 0s).
  @Test func watchGolden() throws {
    let text = try watching("golden-watch", until: "watched") { () throws in
      #expect(
        try cluster.kaito(["deploy", "phi-4-mini-instruct", "--name", "watched", "-n", "golden-watch", "--wait"])
          .status == 0)
    }
    let aged = text.replacingOccurrences(of: #"[0-9]+s(?=\n)"#, with: "0s", options: .regularExpression)
    if let problem = try goldenMismatch("status-watch.txt", aged) { Issue.record(Comment(rawValue: problem)) }
  }

  /// What `status -w -n NAMESPACE` prints while `changes` runs, until a row of `last` says Ready.
  /// The changes wait for the first listing (its table, or its "No resources found"), after which
  /// the watch sees every change; nothing here depends on how fast a loaded machine is.
  func watching(_ namespace: String, until last: String, while changes: () throws -> Void) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: kaitoBinary)
    process.arguments = ["status", "-w", "-n", namespace]
    process.environment = cluster.environment()
    let (output, errors) = (makePipe(), makePipe())
    process.standardOutput = output
    process.standardError = errors
    try launch(process)
    defer {
      process.terminate()
      process.waitUntilExit()
    }
    let (printed, said) = (PipeReader(output), PipeReader(errors))
    let listed = printed.wait(within: 30) { !$0.isEmpty || !said.text.isEmpty }
    #expect(listed, "status -w listed nothing in 30 s")
    try changes()
    let ready = printed.wait(within: 30) {
      $0.split(separator: "\n").contains { $0.hasPrefix("\(last) ") && $0.contains(" Ready ") }
    }
    #expect(ready, "no Ready row for \(last) in 30 s: \(printed.text)")
    return printed.text
  }

  /// Every line's second column starts where the header's does.
  func expectColumnsUnderTheHeader(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let lines = text.split(separator: "\n").map(String.init)
    guard let header = lines.first, let column = header.range(of: "INSTANCE")?.lowerBound else {
      Issue.record("no header in \(text)", sourceLocation: sourceLocation)
      return
    }
    let offset = header.distance(from: header.startIndex, to: column)
    for line in lines.dropFirst() {
      let characters = Array(line)
      let aligned = offset < characters.count && characters[offset - 1] == " " && characters[offset] != " "
      #expect(aligned, "not under INSTANCE: \(line)\n\(text)", sourceLocation: sourceLocation)
    }
  }

  func tokenKubeconfig(token: String, server: String? = nil) throws -> String {
    """
    apiVersion: v1
    kind: Config
    clusters:
    - name: test
      cluster:
        server: \(server ?? cluster.server)
        certificate-authority-data: \(try cluster.base64("ca.crt"))
    users:
    - name: u
      user:
        token: \(token)
    contexts:
    - name: test
      context: {cluster: test, user: u}
    current-context: test
    """
  }
}

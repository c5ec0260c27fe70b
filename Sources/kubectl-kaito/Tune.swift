import ArgumentParser
import KaitoCore

struct Tune: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tune",
    abstract: "Fine-tune a preset with LoRA or QLoRA on your data; the adapter can then be served with deploy --adapter.",
    discussion: """
      Exactly one input (--input-url, repeatable; --input-image; --input-pvc) and one output
      (--output-image with --output-push-secret; --output-pvc). The training configuration is
      --config (an existing ConfigMap), --config-file (checked as KAITO checks it, applied as
      ConfigMap NAME-tuning-config with key training_config.yaml), or KAITO's default for the
      method. Only tunable presets are accepted (kubectl kaito presets --tunable).

      When the job has finished (--wait), the exact deploy command that serves the adapter is printed.

      Examples:
        kubectl kaito tune tune-phi --preset phi-3.5-mini-instruct --method qlora \\
          --input-url https://example.com/train.parquet \\
          --output-image myregistry.azurecr.io/adapters/phi:1 --output-push-secret acr-push --wait
        kubectl kaito tune tune-phi --preset phi-4 --method lora --input-pvc data --output-pvc results --dry-run -o yaml
      """)

  @Argument(help: "The tuning workspace's name.")
  var name: String

  @Option(help: "The preset to tune (one of kubectl kaito presets --tunable).", completion: Complete.models)
  var preset: String

  @Option(help: "lora or qlora (default qlora).")
  var method = "qlora"

  @Option(name: .customLong("input-url"), help: ArgumentHelp("A URL of training data, repeatable (http or https).", valueName: "url"))
  var inputURLs: [String] = []

  @Option(help: "An image whose /data holds the training data.")
  var inputImage: String?

  @Option(name: .customLong("input-pull-secret"), help: ArgumentHelp("A Secret to pull --input-image, repeatable.", valueName: "secret"))
  var inputPullSecrets: [String] = []

  @Option(name: .customLong("input-pvc"), help: ArgumentHelp("A PersistentVolumeClaim holding the training data.", valueName: "claim"))
  var inputPVC: String?

  @Option(help: "The image to push the adapter to.")
  var outputImage: String?

  @Option(help: "A docker-registry Secret that can push --output-image.")
  var outputPushSecret: String?

  @Option(name: .customLong("output-pvc"), help: ArgumentHelp("A PersistentVolumeClaim to write the adapter to.", valueName: "claim"))
  var outputPVC: String?

  @Option(help: "An existing ConfigMap with training_config.yaml.")
  var config: String?

  @Option(help: ArgumentHelp("A training configuration file (training_config: …), applied as a ConfigMap.", valueName: "file"), completion: .file())
  var configFile: String?

  @Option(help: "GPU instance type. Default: the cloud's smallest that holds the tuning job.", completion: Complete.instanceTypes)
  var instanceType: String?

  @Option(help: "Cloud of the instance type: azure (default), aws or arc.")
  var cloud: Cloud?

  @Option(name: .customLong("label"), help: ArgumentHelp("Node label for the label selector, repeatable. Default: apps=<name>.", valueName: "key=value"))
  var labels: [String] = []

  @Option(name: .long, defaultAsFlag: DryRun.client, parsing: .next, help: ArgumentHelp("Only print what would be applied: client or server.", valueName: "mode"))
  var dryRun: DryRun? = nil

  func validate() throws { try DryRun.checkAttached(CommandLine.arguments) }

  @Option(name: [.customShort("o", allowingJoined: true), .long], help: "Output format: yaml, json or name.")
  var output: ManifestFormat?

  @Flag(help: "Wait until the tuning job has finished, showing its progress.")
  var wait = false

  @Option(help: ArgumentHelp("How long --wait waits (default 24h).", valueName: "duration"), transform: Duration.parse("--timeout"))
  var timeout: Duration?

  @Option(help: "The field manager for server-side apply (default kubectl-kaito).")
  var fieldManager: String?

  @OptionGroup var display: DisplayOptions

  @OptionGroup(title: "Cluster options")
  var cluster: ClusterOptions

  func run() throws {
    let env = display.environment()
    var request = TuningRequest(name: name, preset: preset)
    request.namespace = cluster.namespace
    request.method = method
    request.inputURLs = inputURLs
    request.inputImage = inputImage
    request.inputPullSecrets = inputPullSecrets
    request.inputPVC = inputPVC
    request.outputImage = outputImage
    request.outputPushSecret = outputPushSecret
    request.outputPVC = outputPVC
    request.configName = config
    if let configFile { request.configFile = (configFile, try Files.readText(configFile)) }
    request.instanceType = instanceType
    request.cloud = cloud
    request.labels = labels

    var client: KubeClient?
    var install: KaitoInstall?
    if dryRun != .client {
      client = try cluster.client(env)
      install = try KaitoInstall.discover(client!)
      request.namespace = client!.namespace
      if request.cloud == nil { request.cloud = install?.cloud }
    }
    let plan = try Catalog.embedded.planTuning(request)
    if plan.skuRecommended {
      env.note("Instance type \(plan.sku.name) (\(plan.sku.gpuSummary)): the smallest \(plan.sku.cloud.rawValue) instance type that holds this tuning job.")
    }
    env.note("Training configuration: \(plan.configuration).")

    guard let client, let install else {
      env.writeOut(output.map { renderObjects(plan.objects, as: $0.format) }
        ?? plan.objects.map { resourceName(of: $0) + " created (dry run)\n" }.joined())
      return
    }
    let deployment = Deployment(client: client, fieldManager: fieldManager ?? "kubectl-kaito")
    let existing = try client.getIfPresent(KaitoAPI.workspace(name, namespace: client.namespace, version: install.writeVersion))
    if let existing {
      let differences = try deployment.immutableChanges(existing: existing, desired: plan.objects.last!, version: install.writeVersion)
      if !differences.isEmpty {
        throw Applying.conflict(name, namespace: client.namespace, differences: differences, remedy: "delete it first (kubectl kaito delete \(name))")
      }
    }
    let applied = try deployment.apply(plan.objects, workspaceVersion: install.writeVersion, existingWorkspace: existing, dryRun: dryRun == .server)
    Applying.print(applied, output: output, serverDryRun: dryRun == .server, env: env)
    guard wait, dryRun != .server, let object = applied.last?.object else {
      if dryRun != .server { env.note("When the job has finished, serve its adapter with: \(plan.serveCommand)") }
      return
    }
    let (_, elapsed) = try Applying.follow(deployment, object: object, version: install.writeVersion, timeout: timeout?.seconds ?? 86400, env: env)
    env.note("The tuning job has finished after \(Time.elapsed(elapsed)). Serve its adapter with:\n  \(plan.serveCommand)")
  }
}

struct Delete: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "delete",
    abstract: "Delete a workspace; --wait follows its finalizer until the GPU nodes are released.",
    discussion: """
      On a terminal the deletion is confirmed first; without a terminal (a script, a CI job) it
      needs --yes. KAITO's finalizer (workspace.finalizer.kaito.sh) deletes the workspace's node
      claims before the workspace goes; --wait says what holds it up when it takes long. A
      workspace that is already gone is an error (NotFound), as with kubectl delete, unless
      --ignore-not-found.
      """)

  @Argument(help: "The workspace.", completion: Complete.workspaces)
  var name: String

  @Flag(help: "Wait until the workspace and its GPU nodes are gone.")
  var wait = false

  @Option(help: ArgumentHelp("How long --wait waits (default 10m).", valueName: "duration"), transform: Duration.parse("--timeout"))
  var timeout: Duration?

  @Flag(name: [.customShort("y"), .long], help: "Do not ask for confirmation.")
  var yes = false

  @Flag(help: "Succeed quietly when the workspace does not exist.")
  var ignoreNotFound = false

  @OptionGroup var display: DisplayOptions

  @OptionGroup(title: "Cluster options")
  var cluster: ClusterOptions

  func run() throws {
    let env = display.environment()
    try WorkspaceRules.checkName(name)
    let client = try cluster.client(env)
    let install = try KaitoInstall.discover(client)
    let path = KaitoAPI.workspace(name, namespace: client.namespace, version: install.writeVersion)
    if try client.getIfPresent(path) == nil {
      if ignoreNotFound { return }
      _ = try client.get(path)  // the server's own NotFound, worded as kubectl words it
    }
    if !yes {
      guard env.stdinIsTerminal else {
        throw KaitoError("deleting workspace.kaito.sh/\(name) releases its GPU nodes: pass --yes to delete without a terminal to confirm on")
      }
      guard env.confirm("Delete workspace \(name) in namespace \(client.namespace)? Its GPU nodes are released.") else {
        throw KaitoError("workspace.kaito.sh/\(name) was not deleted")
      }
    }
    guard wait else {
      _ = try client.delete(path)
      env.writeOut("workspace.kaito.sh/\(name) deleted\n")
      return
    }
    let deployment = Deployment(client: client, fieldManager: "kubectl-kaito")
    do {
      try deployment.delete(name: name, namespace: client.namespace, version: install.writeVersion, timeout: timeout?.seconds ?? 600)
    } catch {
      // Say what the finalizer is waiting for: the node claims it has not released yet.
      let claims = (try? client.get("/apis/karpenter.sh/v1/nodeclaims?labelSelector=" + percentEncode("kaito.sh/workspace=\(name)")))?["items"]?.arrayValue ?? []
      let names = claims.compactMap { $0["metadata"]?["name"]?.stringValue }
      throw KaitoError(error.message + (names.isEmpty ? "" : "\n  node claims not released yet: \(names.joined(separator: ", "))")
        + "\n  if the Karpenter CRDs were removed, the finalizer cannot finish (kaito-project/kaito#1899)")
    }
    env.writeOut("workspace.kaito.sh/\(name) deleted\n")
  }
}

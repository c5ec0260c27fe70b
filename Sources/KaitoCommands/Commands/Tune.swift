import ArgumentParser
import KaitoCore

struct Tune: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "tune",
    _superCommandName: "kubectl-kaito",
    abstract:
      "Fine-tune a preset with LoRA or QLoRA on your data; the adapter can then be served with deploy --adapter.",
    discussion: paragraphs(
      """
      Exactly one input (--input-url, repeatable; --input-image; --input-pvc) and one output
      (--output-image with --output-push-secret; --output-pvc). The training configuration is
      --config (an existing ConfigMap), --config-file (checked as KAITO checks it, applied as
      ConfigMap NAME-tuning-config with key training_config.yaml), or KAITO's default for the
      method. Only tunable presets are accepted (kubectl kaito presets --tunable).

      When the job has finished (--wait), the exact deploy command that serves the adapter is printed.

      Examples:
        kubectl kaito tune tune-phi --preset phi-3.5-mini-instruct --method qlora \\
          --input-url https://example.com/train.parquet \\
          --output-image myregistry.azurecr.io/adapters/phi:1 \\
          --output-push-secret acr-push --wait
        kubectl kaito tune tune-phi --preset phi-4 --method lora \\
          --input-pvc data --output-pvc results --dry-run -o yaml
      """))

  @Argument(help: "The tuning workspace's name.")
  var name: String

  @Option(help: "The preset to tune (one of kubectl kaito presets --tunable).", completion: Complete.models)
  var preset: String

  @Option(help: "The tuning method: lora, or qlora (4-bit weights, less GPU memory).")
  var method = "qlora"

  @Option(
    name: .customLong("input-url"),
    help: ArgumentHelp("A URL of training data, repeatable (http or https).", valueName: "url"))
  var inputURLs: [String] = []

  @Option(help: "An image whose /data holds the training data.")
  var inputImage: String?

  @Option(
    name: .customLong("input-pull-secret"),
    help: ArgumentHelp("A Secret to pull --input-image, repeatable.", valueName: "secret"))
  var inputPullSecrets: [String] = []

  @Option(
    name: .customLong("input-pvc"),
    help: ArgumentHelp("A PersistentVolumeClaim holding the training data.", valueName: "claim"))
  var inputPVC: String?

  @Option(help: "The image to push the adapter to.")
  var outputImage: String?

  @Option(help: "A docker-registry Secret that can push --output-image.")
  var outputPushSecret: String?

  @Option(
    name: .customLong("output-pvc"),
    help: ArgumentHelp("A PersistentVolumeClaim to write the adapter to.", valueName: "claim"))
  var outputPVC: String?

  @Option(help: "An existing ConfigMap with training_config.yaml.")
  var config: String?

  @Option(
    help: ArgumentHelp(
      "A training configuration file (training_config: …), applied as a ConfigMap.", valueName: "file"),
    completion: .file())
  var configFile: String?

  @Option(
    help: "GPU instance type. Default: the cloud's smallest that holds the tuning job.",
    completion: Complete.instanceTypes)
  var instanceType: String?

  @OptionGroup var placement: PlacementOptions

  @OptionGroup var dryRunOption: DryRunOption
  var dryRun: DryRun? { dryRunOption.dryRun }

  @Option(name: [.customShort("o", allowingJoined: true), .long], help: "Output format.")
  var output: ManifestFormat?

  @Flag(help: "Wait until the tuning job has finished, showing its progress.")
  var wait = false

  @Option(
    help: ArgumentHelp("How long --wait waits (default 24h).", valueName: "duration"),
    transform: Duration.parse("--timeout"))
  var timeout: Duration?

  @Option(help: "The field manager for server-side apply (default kubectl-kaito).")
  var fieldManager: String?

  @OptionGroup var options: ClusterCommandOptions

  func run(in context: CommandContext) throws {
    let env = options.display.environment(context)
    var request = TuningRequest(name: name, preset: preset)
    request.namespace = options.cluster.namespace
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
    request.cloud = placement.cloud
    request.labels = placement.labels

    let kaito = dryRun == .client ? nil : try options.cluster.open(context, env)
    if let kaito {
      request.namespace = kaito.namespace
      if request.cloud == nil { request.cloud = kaito.install.cloud }
    }
    let plan = try Catalog.embedded.planTuning(request)
    if plan.skuRecommended {
      env.note(
        "Instance type \(plan.sku.name) (\(plan.sku.gpuSummary)): the smallest \(plan.sku.cloud.rawValue) instance type that holds this tuning job."
      )
    }
    env.note("Training configuration: \(plan.configuration).")

    guard let kaito else {
      Applying.printClientDryRun(plan.objects, output: output, env: env)
      return
    }
    let deployment = kaito.deployment(fieldManager: fieldManager)
    let existing = try kaito.client.getIfPresent(kaito.workspacePath(name))
    try Applying.refuseDeleting(existing, namespace: kaito.namespace)
    if let existing {
      let differences = try deployment.immutableChanges(existing: existing, desired: plan.workspaceObject)
      if !differences.isEmpty {
        throw Applying.conflict(
          name, namespace: kaito.namespace, differences: differences,
          remedy: "delete it first (kubectl kaito delete \(name))")
      }
    }
    let applied = try deployment.apply(plan.objects, existingWorkspace: existing, dryRun: dryRun == .server)
    Applying.print(applied, output: output, serverDryRun: dryRun == .server, env: env)
    guard wait, dryRun != .server, let object = applied.last?.object else {
      if dryRun != .server { env.note("When the job has finished, serve its adapter with: \(plan.serveCommand)") }
      return
    }
    let (_, elapsed) = try Applying.follow(
      deployment, object: object, timeout: timeout?.seconds ?? 86400, env: env, connect: context.connect)
    env.note(
      "The tuning job has finished after \(Time.elapsed(elapsed)). Serve its adapter with:\n  \(plan.serveCommand)")
  }
}

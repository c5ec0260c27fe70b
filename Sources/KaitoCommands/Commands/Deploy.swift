import ArgumentParser
import KaitoCore

struct Deploy: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "deploy",
    _superCommandName: "kubectl-kaito",
    abstract: "Build a Workspace for a model, after checking that the instance type can hold it.",
    discussion: paragraphs(
      """
      The Workspace is checked as KAITO v0.12's webhook checks it, and the number of GPU nodes the
      controller will provision is computed with KAITO's own node estimator before anything is
      written. More than one node needs --yes (or a yes at the prompt on a terminal).

      It is applied with server-side apply (field manager kubectl-kaito), the inference ConfigMap
      first when one is needed. A workspace that already exists with a different spec is never
      changed: KAITO's fields are immutable, so deploy explains what differs and stops, unless
      --force deletes and recreates it. With --wait it follows the workspace until it serves,
      and stops early on a failure that waiting cannot cure (quota, OOM, image pull …).

      Examples:
        kubectl kaito deploy phi-3.5-mini-instruct --wait
        kubectl kaito deploy phi-3.5-mini-instruct --dry-run=client -o yaml
        kubectl kaito deploy llama-3.1-8b-instruct --hf-token-secret hf-token \\
          --dry-run -o yaml
        kubectl kaito deploy qwen2.5-coder-7b-instruct --max-model-len 16384 \\
          --dry-run -o json
        kubectl kaito deploy phi-4 --cloud aws --runtime transformers \\
          --dry-run -o yaml
      """))

  @Argument(
    help: "The model: a KAITO preset (Hugging Face id or legacy name) or any Hugging Face org/name id.",
    completion: Complete.models)
  var model: String?

  @Option(help: "Serve your own image in a pod template instead of a preset (a model KAITO has no preset for).")
  var image: String?

  @Option(help: "The port the image's server listens on (KAITO's Service sends to 5000).")
  var port: Int = 5000

  @Option(help: "GPUs the image's container requests. Default: all of the node's.")
  var gpus: Int?

  @Option(
    name: .customLong("arg"), parsing: .unconditionalSingleValue,
    help: ArgumentHelp("An argument for the image's container, repeatable.", valueName: "arg"))
  var arguments: [String] = []

  @Option(
    name: .customLong("env"),
    help: ArgumentHelp("An environment variable for the image's container, repeatable.", valueName: "key=value"),
    transform: Deploy.variable)
  var environment: [CustomImage.Variable] = []

  @Option(help: "Workspace name (a DNS-1123 label). Default: workspace-<model>.")
  var name: String?

  @OptionGroup var placement: PlacementOptions

  @Option(
    help: "GPU instance type. Default: the cloud's instance type with the fewest nodes, then the least GPU memory.",
    completion: Complete.instanceTypes)
  var instanceType: String?

  @Option(help: "Inference runtime.")
  var runtime: Runtime = .vllm

  @Option(
    parsing: .unconditional,
    help: "vLLM context length, written to an inference ConfigMap; it also sizes the node estimate.",
    transform: Deploy.positive("--max-model-len"))
  var maxModelLen: Int?

  @Option(
    help: ArgumentHelp(
      "Secret in the namespace holding the Hugging Face token under the key HF_TOKEN (gated models).",
      valueName: "secret"))
  var hfTokenSecret: String?

  @Option(
    name: .customLong("adapter"),
    help: ArgumentHelp(
      "A LoRA adapter to serve, repeatable (at most 10): NAME=IMAGE[,pull-secret=S][,strength=F] or NAME=pvc:CLAIM. strength needs --runtime transformers.",
      valueName: "adapter"))
  var adapters: [String] = []

  @Flag(help: "Expose the model through a LoadBalancer Service (public IP, no authentication: testing only).")
  var loadBalancer = false

  @Option(
    help: ArgumentHelp(
      "vLLM's settings: an inference_config.yaml file (a vllm: map of flags without --), or configmap/NAME for an existing ConfigMap.",
      valueName: "file"))
  var inferenceConfig: String?

  @Option(
    name: .customLong("vllm-arg"), parsing: .unconditionalSingleValue,
    help: ArgumentHelp("One vLLM flag without --, repeatable (e.g. max-num-seqs=64).", valueName: "key=value"),
    transform: Deploy.vllmFlag)
  var vllmArgs: [InferenceConfig.Flag] = []

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Write an InferenceSet of N replicas instead of a Workspace (0 serves nothing until scaled up).",
      valueName: "n"), transform: Deploy.replicaCount)
  var replicas: Int?

  @Flag(help: "Skip KAITO's post-load benchmark (kaito.sh/disable-benchmark), which delays readiness by minutes.")
  var noBenchmark = false

  @OptionGroup var dryRunOption: DryRunOption
  var dryRun: DryRun? { dryRunOption.dryRun }

  @Flag(help: "Wait until the workspace serves, showing its progress.")
  var wait = false

  @Option(
    help: ArgumentHelp(
      "How long --wait waits (a duration like 45m). Default: KAITO's startup budget for the model.",
      valueName: "duration"), transform: Duration.parse("--timeout"))
  var timeout: Duration?

  @Option(help: "The field manager for server-side apply (default kubectl-kaito).")
  var fieldManager: String?

  @Option(
    help: ArgumentHelp(
      "Size with this KAITO release's node estimator. Default: the cluster's KAITO where it can be read, else the embedded catalog's.",
      valueName: "version"))
  var kaitoVersion: String?

  @Flag(help: "Delete and recreate a workspace that exists with a different spec (after confirmation).")
  var force = false

  @OptionGroup var options: ClusterCommandOptions

  @Option(name: [.customShort("o", allowingJoined: true), .long], help: "Output format.")
  var output: ManifestFormat?

  @Flag(name: [.customShort("y"), .long], help: "Accept provisioning more than one GPU node without asking.")
  var yes = false

  func validate() throws {
    switch (model, image) {
    case (nil, nil):
      throw ValidationError("name a MODEL to deploy (or --image IMAGE for a model KAITO has no preset for)")
    case (.some(let model), .some):
      throw ValidationError(
        "--image serves your own image and cannot be combined with a preset (\(model)): deploy one or the other")
    case (nil, .some):
      let presetOnly: [(String, Bool)] = [
        ("--runtime", runtime != .vllm), ("--max-model-len", maxModelLen != nil), ("--adapter", !adapters.isEmpty),
        ("--inference-config", inferenceConfig != nil), ("--vllm-arg", !vllmArgs.isEmpty),
        ("--no-benchmark", noBenchmark), ("--replicas", replicas != nil), ("--kaito-version", kaitoVersion != nil),
      ]
      let given = presetOnly.filter(\.1).map(\.0)
      if !given.isEmpty {
        throw ValidationError("\(given.joined(separator: ", ")) apply to presets, not to --image")
      }
      if !(1...65535).contains(port) { throw ValidationError("--port is a port from 1 to 65535, not \(port)") }
      if let gpus, gpus < 1 { throw ValidationError("--gpus is a whole number above 0, not \(gpus)") }
    default: break
    }
  }

  func run(in context: CommandContext) throws {
    let env = options.display.environment(context)
    if image != nil { return try runTemplate(in: context, env: env) }
    // A client dry run needs no cluster at all.
    guard dryRun != .client else {
      let plan = try Catalog.embedded.planInference(try inferenceRequest())
      try report(plan, env)
      let objects = replicas.map { InferenceSetPlan(plan, replicas: $0).objects } ?? plan.objects
      Applying.printClientDryRun(objects, output: output, env: env)
      return
    }

    let kaito = try options.cluster.open(context, env)
    let plan = try plan(for: kaito, env: env)
    if let replicas {
      try apply(InferenceSetPlan(plan, replicas: replicas), to: kaito, in: context, env: env)
    } else {
      try apply(plan, to: kaito, in: context, env: env)
    }
  }

  /// `--image`: a pod template of your own, planned, said and applied like a preset's workspace.
  private func runTemplate(in context: CommandContext, env: Environment) throws {
    var request = InferenceRequest(model: image ?? "")
    request.name = name
    request.namespace = options.cluster.namespace
    request.labels = placement.labels
    request.instanceType = instanceType
    request.cloud = placement.cloud
    request.hfTokenSecret = hfTokenSecret
    var custom = CustomImage(image: image ?? "")
    (custom.port, custom.gpus, custom.arguments) = (port, gpus, arguments)
    custom.environment = environment
    guard dryRun != .client else {
      let plan = try Catalog.embedded.planTemplate(request, image: custom)
      say(plan, env)
      return Applying.printClientDryRun(plan.objects, output: output, env: env)
    }
    let kaito = try options.cluster.open(context, env)
    if kaito.install.bringYourOwnNodes { try adapt(&request, to: kaito, env: env) }
    request.namespace = kaito.namespace
    let plan = try Catalog.embedded.planTemplate(request, image: custom)
    say(plan, env)
    try apply(plan, budget: timeout?.seconds ?? 1800, to: kaito, in: context, env: env)
  }

  private func say(_ plan: TemplatePlan, _ env: Environment) {
    for warning in plan.warnings { env.warn(warning) }
    for note in plan.notes { env.note(note) }
  }

  static func variable(_ text: String) throws -> CustomImage.Variable {
    do { return try CustomImage.Variable(text) } catch { throw ValidationError(error.message) }
  }

  /// `--replicas N`: a whole number, 0 or more, within the CRD's int32.
  static func replicaCount(_ text: String) throws -> Int {
    guard let n = Int(text), (0...Int(Int32.max)).contains(n) else {
      throw ValidationError("--replicas takes a whole number of replicas, 0 or more, not \(text)")
    }
    return n
  }

  /// Applies an InferenceSet (never changing the template of one that exists: KAITO does not
  /// roll template changes out to its replicas), then waits with --wait until all replicas serve.
  func apply(_ set: InferenceSetPlan, to kaito: KaitoCluster, in context: CommandContext, env: Environment) throws {
    let path = KaitoAPI.inferenceSet(set.name, namespace: kaito.namespace)
    let deployment = kaito.deployment(fieldManager: fieldManager)
    if let existing = try kaito.client.getIfPresent(path) {
      let desired = set.object
      let changed = ["template", "labelSelector"].filter { field in
        !(existing["spec"]?[field].map { $0.includes(desired["spec"]?[field] ?? .null) } ?? false)
      }
      if !changed.isEmpty {
        guard force, dryRun != .server else {
          throw KaitoError(
            "inferenceset.kaito.sh/\(set.name) already exists in namespace \(kaito.namespace) with a different spec.\(changed.joined(separator: " and spec."))\nKAITO does not roll template changes out to existing replicas: delete it first (kubectl kaito delete \(set.name)), or pass --force to delete and recreate it"
          )
        }
        guard yes || env.confirm("Delete and recreate inferenceset \(set.name) and its replicas?") else {
          throw KaitoError(
            "inferenceset.kaito.sh/\(set.name) was not recreated: --force needs --yes, or a yes at the prompt")
        }
        env.note("Deleting inferenceset.kaito.sh/\(set.name) …")
        try deployment.deleteInferenceSet(name: set.name, namespace: kaito.namespace, timeout: 600)
      }
    }
    let applied: [Deployment.Applied]
    do {
      applied = try deployment.apply(set.objects, existingWorkspace: nil, dryRun: dryRun == .server)
    } catch {
      // (A `catch where` on a typed error crashes this compiler: the test is inside.)
      guard error.httpStatus == 404 else { throw error }
      throw KaitoError(
        "this cluster's KAITO serves no InferenceSets (kaito.sh/v1beta1 inferencesets, KAITO v0.11 or later with its InferenceSet controller): deploy without --replicas writes a Workspace"
      )
    }
    Applying.print(applied, output: output, serverDryRun: dryRun == .server, env: env)
    if set.replicas == 0 {
      env.note(
        "inferenceset \(set.name) has 0 replicas: nothing serves until it is scaled (kubectl kaito scale \(set.name) --replicas N)."
      )
    }
    guard wait, dryRun != .server else { return }
    let budget =
      timeout?.seconds ?? set.inference.model.model.map { Double(FitEngine.startupBudgetSeconds(for: $0)) } ?? 1800
    let (status, elapsed) = try Applying.follow(
      inferenceSet: set.name, deployment, namespace: kaito.namespace, timeout: budget, env: env,
      connect: context.connect)
    let namespaceFlag = kaito.namespace == "default" ? "" : " -n \(kaito.namespace)"
    env.note(
      "inferenceset.kaito.sh/\(set.name) has \(status.readyReplicas) of \(status.replicas) replicas ready after \(Time.elapsed(elapsed)). Talk to it: kubectl kaito chat \(set.name)\(namespaceFlag)"
    )
  }

  /// The plan for this cluster (its cloud, KAITO release and nodes), said on stderr; consent is
  /// asked when it provisions `askingFrom` nodes or more (`run` asks for any).
  func plan(for kaito: KaitoCluster, env: Environment, askingFrom: Int = 2) throws -> InferencePlan {
    var request = try inferenceRequest()
    try adapt(&request, to: kaito, env: env)
    let plan = try Catalog.embedded.planInference(request)
    try report(plan, env, askingFrom: askingFrom)
    if kaito.version == "v1alpha1" {
      env.warn(
        "this cluster's KAITO serves only kaito.sh/v1alpha1 (v0.4.4 or older): the workspace is written as v1alpha1, and presets newer than that release are unknown to it"
      )
    }
    return plan
  }

  /// Applies the plan (never changing an existing workspace's spec), then waits with --wait.
  func apply(_ plan: InferencePlan, to kaito: KaitoCluster, in context: CommandContext, env: Environment) throws {
    let budget = timeout?.seconds ?? plan.model.model.map { Double(FitEngine.startupBudgetSeconds(for: $0)) } ?? 1800
    try apply(plan, budget: budget, to: kaito, in: context, env: env)
  }

  func apply(
    _ plan: some WorkspacePlan, budget: Double, to kaito: KaitoCluster, in context: CommandContext, env: Environment
  ) throws {
    let workspace = plan.workspace.metadata.name
    let deployment = kaito.deployment(fieldManager: fieldManager)
    let existing = try existingWorkspace(workspace, plan: plan, kaito: kaito, deployment: deployment, env: env)
    let applied = try deployment.apply(plan.objects, existingWorkspace: existing, dryRun: dryRun == .server)
    Applying.print(applied, output: output, serverDryRun: dryRun == .server, env: env)

    guard wait, dryRun != .server, let object = applied.last?.object else { return }
    let (status, elapsed) = try Applying.follow(
      deployment, object: object, timeout: budget, env: env, connect: context.connect)
    let namespaceFlag = kaito.namespace == "default" ? "" : " -n \(kaito.namespace)"
    env.note(
      "workspace.kaito.sh/\(workspace) is \(status.state ?? "ready") after \(Time.elapsed(elapsed)). Talk to it: kubectl kaito chat \(workspace)\(namespaceFlag)"
    )
  }

  /// `--vllm-arg KEY=VALUE`; anything else is a usage error.
  static func vllmFlag(_ text: String) throws -> InferenceConfig.Flag {
    do { return try InferenceConfig.argument(text) } catch { throw ValidationError(error.message) }
  }

  /// The request the flags make.
  private func inferenceRequest() throws -> InferenceRequest {
    let model = self.model ?? ""  // validate() has made sure there is one
    var request = InferenceRequest(model: model)
    // An InferenceSet's name is also what its replicas serve under: the model's, by default.
    request.name = try name ?? replicas.map { _ in try InferenceSetPlan.defaultName(for: model) }
    request.namespace = options.cluster.namespace
    request.labels = placement.labels
    request.instanceType = instanceType
    request.cloud = placement.cloud
    request.runtime = runtime
    request.maxModelLen = maxModelLen
    request.hfTokenSecret = hfTokenSecret
    request.loadBalancer = loadBalancer
    request.adapters = adapters
    request.arithmetic = try KaitoArithmetic.chosen(kaitoVersion)
    request.vllmArgs = vllmArgs
    request.noBenchmark = noBenchmark
    if let inferenceConfig {
      if inferenceConfig.hasPrefix("configmap/") {
        let name = String(inferenceConfig.dropFirst("configmap/".count))
        guard WorkspaceRules.isDNS1123Subdomain(name) else {
          throw KaitoError("invalid --inference-config \(inferenceConfig): a ConfigMap name is a DNS-1123 subdomain")
        }
        request.existingConfigMap = name
      } else {
        request.inferenceConfig = try InferenceConfig(Files.readText(inferenceConfig), source: inferenceConfig)
      }
    }

    return request
  }

  /// What the cluster adds to the request: its namespace, cloud, KAITO release (for the node
  /// estimator) and, without node auto-provisioning, the nodes it would run on.
  private func adapt(_ request: inout InferenceRequest, to kaito: KaitoCluster, env: Environment) throws {
    let install = kaito.install
    request.namespace = kaito.namespace
    if request.cloud == nil, let clusterCloud = install.cloud { request.cloud = clusterCloud }
    if let running = install.controllerVersion, KaitoVersion(running) != nil {
      if kaitoVersion == nil, let nearest = KaitoArithmetic.matching(running) { request.arithmetic = nearest }
      if !request.arithmetic.covers(running) {
        env.warn(
          "this cluster runs KAITO v\(running.trimmingPrefix("v")), but the node count is computed with \(request.arithmetic.label)'s arithmetic"
            + (kaitoVersion == nil ? ", the nearest this kubectl-kaito knows" : " (--kaito-version)"))
      }
    }
    if install.bringYourOwnNodes {
      let name = try Catalog.embedded.workspaceName(for: request)
      let selector = try WorkspaceRules.matchLabels(placement.labels, name: name).entries.map {
        "\($0.key)=\($0.value)"
      }.joined(
        separator: ",")
      let nodes = try kaito.inventory.nodes(labelled: selector)
      request.ownNodes = try GPUNodes.from(nodes: nodes, selector: selector)
    }
    if let name = request.existingConfigMap {
      // KAITO's webhook refuses a workspace whose ConfigMap is missing; read it first, and size with it.
      guard let map = try kaito.client.getIfPresent(KaitoAPI.core("configmaps", namespace: kaito.namespace, name: name))
      else {
        throw KaitoError(
          "ConfigMap \(name) (--inference-config configmap/\(name)) not found in namespace \(kaito.namespace)")
      }
      guard let text = map["data"]?["inference_config.yaml"]?.stringValue else {
        throw KaitoError("ConfigMap \(name) has no key inference_config.yaml, which KAITO reads vLLM's settings from")
      }
      request.inferenceConfig = try InferenceConfig(text, source: "configmap/\(name)")
    }
    if install.writeVersion == "v1alpha1" && hfTokenSecret != nil {
      throw KaitoError(
        "this cluster's KAITO serves only kaito.sh/v1alpha1 (v0.4.4 or older), which has no modelAccessSecret for --hf-token-secret: upgrade KAITO to v0.4.5 or later"
      )
    }
  }

  /// The workspace as it stands: nil when there is none (or --force is replacing it); an error
  /// when it exists with another spec, since KAITO's fields are immutable.
  private func existingWorkspace(
    _ workspace: String, plan: some WorkspacePlan, kaito: KaitoCluster, deployment: Deployment,
    env: Environment
  ) throws -> Value? {
    let existing = try kaito.client.getIfPresent(kaito.workspacePath(workspace))
    try Applying.refuseDeleting(existing, namespace: kaito.namespace)
    if let current = existing {
      let differences = try deployment.immutableChanges(existing: current, desired: plan.workspaceObject)
      if !differences.isEmpty {
        guard force else {
          throw Applying.conflict(
            workspace, namespace: kaito.namespace, differences: differences,
            remedy:
              "delete it first, or pass --force to delete and recreate it (its GPU nodes are released and provisioned again)"
          )
        }
        if dryRun != .server {
          guard
            yes
              || env.confirm(
                "Delete and recreate workspace \(workspace)? Its GPU nodes are released and provisioned again.")
          else {
            throw KaitoError(
              "workspace.kaito.sh/\(workspace) was not recreated: --force needs --yes, or a yes at the prompt")
          }
          env.note("Deleting workspace.kaito.sh/\(workspace) …")
          try deployment.delete(name: workspace, namespace: kaito.namespace, timeout: 600)
          return nil
        }
      }
    }

    return existing
  }

  /// Warnings, the instance type and node count on stderr, and consent for `askingFrom` nodes or more.
  private func report(_ plan: InferencePlan, _ env: Environment, askingFrom: Int = 2) throws {
    for warning in plan.warnings { env.warn(warning) }
    if plan.skuRecommended {
      env.note(
        "Instance type \(plan.sku.name) (\(plan.sku.gpuSummary)): the \(plan.sku.cloud.rawValue) instance type with the fewest nodes for this model; choose another with --instance-type."
      )
    }
    guard let perReplica = plan.nodes else { return }
    let nodes = perReplica * (replicas ?? 1)
    let each = replicas.map { " (\($0) replica\($0 == 1 ? "" : "s") of \(perReplica))" } ?? ""
    env.note(
      "KAITO will provision \(nodes) GPU node\(nodes == 1 ? "" : "s") of \(plan.sku.name)\(each) (\(plan.arithmetic.label)'s node estimator)."
    )
    let noun = "\(nodes) GPU node\(nodes == 1 ? "" : "s") of \(plan.sku.name)"
    if nodes >= askingFrom && !yes && !env.confirm("Provision \(noun) for \(plan.workspace.metadata.name)?") {
      throw KaitoError(
        "\(plan.workspace.metadata.name) needs \(noun): pass --yes to accept"
          + (nodes > 1 ? ", or choose a larger --instance-type" : ""))
    }
  }
}

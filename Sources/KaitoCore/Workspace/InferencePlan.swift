/// What the user asked `deploy` for, before anything is checked.
public struct InferenceRequest: Sendable {
  public var model: String
  public var name: String?
  public var namespace: String?
  /// `key=value` strings for `labelSelector.matchLabels`.
  public var labels: [String] = []
  public var instanceType: String?
  public var cloud: Cloud?
  public var runtime: Runtime = .vllm
  public var maxModelLen: Int?
  public var hfTokenSecret: String?
  public var loadBalancer = false
  /// The cluster's own GPU nodes when it runs without node auto-provisioning: then no instance
  /// type is written and the fit is checked on these nodes.
  public var ownNodes: GPUNodes?
  /// `--adapter` values (see AdapterArguments).
  public var adapters: [String] = []
  /// Which KAITO release's node estimator sizes the plan.
  public var arithmetic: KaitoArithmetic = .current
  /// vLLM's settings from `--inference-config FILE` (or read from the ConfigMap it names).
  public var inferenceConfig: InferenceConfig?
  /// `--inference-config configmap/NAME`: an existing ConfigMap the workspace refers to.
  public var existingConfigMap: String?
  /// `--vllm-arg KEY=VALUE`, in order.
  public var vllmArgs: [InferenceConfig.Flag] = []
  /// `--no-benchmark`: KAITO skips its post-load benchmark (`kaito.sh/disable-benchmark`).
  public var noBenchmark = false

  public init(model: String) { self.model = model }
}

/// A checked Workspace (and its inference ConfigMap, when one is needed), with what the
/// controller will do with it and what the user should know before it is applied.
public struct InferencePlan: WorkspacePlan, Sendable {
  public var workspace: Workspace
  public var configMap: ConfigMap?
  public var model: ModelReference
  public var sku: SKU
  /// True when the instance type was chosen here, not given by the user.
  public var skuRecommended: Bool
  /// GPU nodes the controller will provision; nil when the model's size is unknown offline.
  public var nodes: Int?
  /// The KAITO release whose arithmetic computed `nodes`.
  public var arithmetic: KaitoArithmetic
  public var warnings: [String]
}

extension Catalog {
  /// The workspace's name: `--name`, else derived from the model.
  public func workspaceName(for request: InferenceRequest) throws(KaitoError) -> String {
    let reference = try model(named: request.model)
    let name = request.name ?? WorkspaceRules.defaultName(for: reference.model?.displayName ?? reference.presetName)
    try WorkspaceRules.checkName(name)
    return name
  }

  /// Turns a request into a Workspace KAITO v0.12 admits, or says exactly why it cannot.
  public func planInference(_ asked: InferenceRequest) throws(KaitoError) -> InferencePlan {
    let reference = try model(named: asked.model)
    let name = try workspaceName(for: asked)
    var request = asked
    let (config, configNotes) = try Self.inferenceConfig(for: asked, model: reference.model)
    request.maxModelLen = try config?.maxModelLen()
    var warnings = try Self.check(request, reference: reference, release: release) + configNotes
    let engine = FitEngine(catalog: self, arithmetic: request.arithmetic)
    let (sku, recommended) = try instanceType(for: request, reference: reference, engine: engine)
    let nodes = try Self.nodeCount(for: request, reference: reference, sku: sku, engine: engine)

    var annotations = OrderedMap<String>()
    if request.runtime == .transformers { annotations[WorkspaceAnnotation.runtime] = Runtime.transformers.rawValue }
    if request.noBenchmark { annotations[WorkspaceAnnotation.disableBenchmark] = "true" }
    if request.loadBalancer {
      annotations[WorkspaceAnnotation.enableLoadBalancer] = "True"
      warnings.append(
        "--load-balancer exposes the model on a public IP without authentication; use it for testing only")
    }
    var configMap: ConfigMap?
    if request.existingConfigMap == nil, let config {
      configMap = ConfigMap(
        metadata: ObjectMeta(name: "\(name)-inference-config", namespace: request.namespace),
        data: ["inference_config.yaml": config.yaml])
    }
    let adapters = try AdapterArguments.parse(request.adapters, runtime: request.runtime)
    let workspace = Workspace(
      metadata: ObjectMeta(
        name: name, namespace: request.namespace, annotations: annotations.isEmpty ? nil : annotations),
      resource: .init(
        instanceType: request.ownNodes == nil ? sku.name : nil,
        labelSelector: .init(matchLabels: try WorkspaceRules.matchLabels(request.labels, name: name))),
      inference: .init(
        preset: .init(
          name: reference.presetName,
          presetOptions: request.hfTokenSecret.map { .init(modelAccessSecret: $0) }),
        config: request.existingConfigMap ?? configMap?.metadata.name, adapters: adapters.isEmpty ? nil : adapters))
    return InferencePlan(
      workspace: workspace, configMap: configMap, model: reference, sku: sku,
      skuRecommended: recommended, nodes: nodes, arithmetic: request.arithmetic, warnings: warnings)
  }

  /// vLLM's settings: the file's (or the named ConfigMap's), then each --vllm-arg, then
  /// --max-model-len, which wins and says so. A context beyond the model's window is refused
  /// naming where it was set.
  static func inferenceConfig(for request: InferenceRequest, model: Model?) throws(KaitoError) -> (
    InferenceConfig?, notes: [String]
  ) {
    if let length = request.maxModelLen, length < 1 {
      throw KaitoError("--max-model-len must be a positive number of tokens, not \(length)")
    }
    var config = request.inferenceConfig
    var notes: [String] = []
    if let existing = request.existingConfigMap, request.maxModelLen != nil || !request.vllmArgs.isEmpty {
      throw KaitoError(
        "--max-model-len and --vllm-arg write a ConfigMap of their own: they cannot change configmap/\(existing); pass --inference-config FILE instead, or edit that ConfigMap"
      )
    }
    let fromSource = try config?.maxModelLen()
    for flag in request.vllmArgs {
      if config == nil { config = InferenceConfig(source: "--vllm-arg") }
      config?.set(flag.key, flag.value)
    }
    if let flag = request.maxModelLen {
      if let fromSource, fromSource != flag, let source = config?.source {
        notes.append("--max-model-len \(flag) replaces max-model-len \(fromSource) of \(source)")
      }
      if config == nil { config = InferenceConfig(source: "--max-model-len") }
      config?.set("max-model-len", .int(flag))
    } else if let config, let length = try config.maxModelLen(), let model, length > model.contextLimit {
      throw KaitoError(
        "\(config.source): max-model-len \(length) exceeds \(model.displayName)'s maximum context window of \(model.contextLimit) tokens"
      )
    }
    return (config, notes)
  }

  /// The request's own rules (runtime, context length, secret and namespace names); its warnings.
  static func check(_ request: InferenceRequest, reference: ModelReference, release: String) throws(KaitoError)
    -> [String]
  {
    var warnings: [String] = []
    if let model = reference.model {
      try model.checkServing(runtime: request.runtime, maxModelLen: request.maxModelLen)
      if model.gated && request.hfTokenSecret == nil {
        warnings.append(
          "\(model.hfID) is gated on Hugging Face: without --hf-token-secret (a Secret with key HF_TOKEN) the download will fail"
        )
      }
    } else {
      warnings.append(
        "\(reference.presetName) is not in KAITO's \(release) catalog: KAITO will read its metadata from Hugging Face, and its fit cannot be checked offline"
      )
    }
    if let secret = request.hfTokenSecret, !WorkspaceRules.isDNS1123Subdomain(secret) {
      throw KaitoError(
        "invalid --hf-token-secret \"\(secret)\": a Secret name must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.')"
      )
    }
    if let namespace = request.namespace, !WorkspaceRules.isDNS1123Label(namespace) {
      throw KaitoError("invalid namespace \"\(namespace)\": a namespace must be a DNS-1123 label")
    }
    return warnings
  }

  /// The instance type: your own nodes, the one asked for, or the best the catalog knows; and
  /// whether it was chosen for the user.
  func instanceType(for request: InferenceRequest, reference: ModelReference, engine: FitEngine) throws(KaitoError)
    -> (SKU, recommended: Bool)
  {
    if let own = request.ownNodes {
      guard request.instanceType == nil else {
        throw KaitoError(
          "this cluster runs KAITO without node auto-provisioning (bring your own nodes): --instance-type must not be set"
        )
      }
      return (own.asSKU, false)
    }
    if let typed = request.instanceType {
      return (try sku(named: typed, cloud: request.cloud, for: reference.model), false)
    }
    guard let model = reference.model else {
      throw KaitoError(
        "--instance-type is required for \(reference.presetName): a model outside the catalog has no known size to choose one from"
      )
    }
    let cloud = request.cloud ?? .azure
    guard
      let best = engine.recommended(
        for: model, cloud: cloud, runtime: request.runtime, contextLength: request.maxModelLen)
    else {
      throw KaitoError(
        "no \(cloud.rawValue) instance type can serve \(model.displayName) with the \(request.runtime.rawValue) runtime"
          + (request.maxModelLen.map { " and a context of \($0) tokens" } ?? ""))
    }
    return (best.sku, true)
  }

  /// The GPU nodes KAITO's node estimator asks for on `sku` (nil for a model outside the
  /// catalog), checked against your own nodes as KAITO's webhook checks them.
  static func nodeCount(for request: InferenceRequest, reference: ModelReference, sku: SKU, engine: FitEngine)
    throws(KaitoError) -> Int?
  {
    guard let model = reference.model else {
      guard sku.runsVLLM else {
        throw KaitoError("\(sku.name) has \(sku.gpuModel) GPUs, which cannot run KAITO's CUDA runtime images")
      }
      return nil
    }
    let fit = engine.fit(model, on: sku, runtime: request.runtime, contextLength: request.maxModelLen)
    guard let count = fit.nodes else {
      let alternatives = engine.fits(
        model, cloud: sku.cloud, runtime: request.runtime, contextLength: request.maxModelLen
      )
      .compactMap { fit in fit.nodes.map { (fit.sku, $0) } }
      .sorted { ($0.1, $0.0.gpuMemoryGiB, $0.0.gpus) < ($1.1, $1.0.gpuMemoryGiB, $1.0.gpus) }
      .prefix(3).map { "\($0.0.name) (\($0.1) node\($0.1 == 1 ? "" : "s"))" }
      throw KaitoError(
        "\(model.displayName) does not fit \(sku.name) (\(sku.gpuSummary)): \(fit.problem ?? "not enough GPU memory")"
          + (alternatives.isEmpty ? "" : "; it fits \(alternatives.joined(separator: ", "))"))
    }
    if let own = request.ownNodes {
      // With your own nodes KAITO's webhook compares all their GPU memory with the weights.
      guard FitEngine.webhookAdmits(model: model, gpuMemoryGiB: own.gpuMemoryGiB, nodes: own.names.count) else {
        throw KaitoError(
          "Insufficient total GPU memory: the \(own.names.count) matching node(s) have a total of \(own.gpuMemoryGiB * own.names.count)Gi, but preset \(model.displayName) requires at least \(model.weights)"
        )
      }
      guard count <= own.names.count else {
        throw KaitoError(
          "\(model.displayName) needs \(count) GPU nodes of \(own.product), but only \(own.names.count) node(s) match the label selector"
        )
      }
    }
    return count
  }
}

extension Model {
  /// Whether this model can be served this way at all: the runtime it supports and its context
  /// window. `deploy` and `presets show` both ask.
  public func checkServing(runtime: Runtime, maxModelLen: Int?) throws(KaitoError) {
    if runtime == .transformers && !transformers {
      throw KaitoError(
        "model \(displayName) does not support inference with the Hugging Face transformers runtime; use --runtime vllm (the default)"
      )
    }
    if let length = maxModelLen, length > contextLimit {
      throw KaitoError(
        "--max-model-len \(length) exceeds \(displayName)'s maximum context window of \(contextLimit) tokens")
    }
  }
}

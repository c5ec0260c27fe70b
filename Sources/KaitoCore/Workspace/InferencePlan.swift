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

  public init(model: String) { self.model = model }
}

/// A checked Workspace (and its inference ConfigMap, when one is needed), with what the
/// controller will do with it and what the user should know before it is applied.
public struct InferencePlan: Sendable {
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

  /// The objects to print or apply, in the order they must exist: the ConfigMap first.
  public var objects: [Value] {
    let encoder = ValueEncoder()
    return ([configMap.map { try? encoder.encode($0) } ?? nil, try? encoder.encode(workspace)]).compactMap { $0 }
  }
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
  public func planInference(_ request: InferenceRequest) throws(KaitoError) -> InferencePlan {
    let reference = try model(named: request.model)
    let name = try workspaceName(for: request)
    var warnings: [String] = []

    if let model = reference.model {
      if request.runtime == .transformers && !model.transformers {
        throw KaitoError("model \(model.displayName) does not support inference with the Hugging Face transformers runtime; use --runtime vllm (the default)")
      }
      if let length = request.maxModelLen, length > model.contextLimit {
        throw KaitoError("--max-model-len \(length) exceeds \(model.displayName)'s maximum context window of \(model.contextLimit) tokens")
      }
      if model.gated && request.hfTokenSecret == nil {
        warnings.append("\(model.hfID) is gated on Hugging Face: without --hf-token-secret (a Secret with key HF_TOKEN) the download will fail")
      }
    } else {
      warnings.append("\(reference.presetName) is not in KAITO's \(release) catalog: KAITO will read its metadata from Hugging Face, and its fit cannot be checked offline")
    }
    if let secret = request.hfTokenSecret, !WorkspaceRules.isDNS1123Subdomain(secret) {
      throw KaitoError("invalid --hf-token-secret \"\(secret)\": a Secret name must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.')")
    }
    if let namespace = request.namespace, !WorkspaceRules.isDNS1123Label(namespace) {
      throw KaitoError("invalid namespace \"\(namespace)\": a namespace must be a DNS-1123 label")
    }
    if let length = request.maxModelLen, length < 1 {
      throw KaitoError("--max-model-len must be a positive number of tokens, not \(length)")
    }

    let matchLabels = try WorkspaceRules.matchLabels(request.labels, name: name)
    let adapters = try AdapterArguments.parse(request.adapters, runtime: request.runtime)

    let engine = FitEngine(catalog: self, arithmetic: request.arithmetic)
    let sku: SKU
    let recommended: Bool
    var nodes: Int?
    if let own = request.ownNodes {
      if request.instanceType != nil {
        throw KaitoError("this cluster runs KAITO without node auto-provisioning (bring your own nodes): --instance-type must not be set")
      }
      sku = own.asSKU
      recommended = false
    } else if let typed = request.instanceType {
      sku = try self.sku(named: typed, cloud: request.cloud, for: reference.model)
      recommended = false
    } else if let model = reference.model {
      let cloud = request.cloud ?? .azure
      guard let best = engine.recommended(for: model, cloud: cloud, runtime: request.runtime, contextLength: request.maxModelLen) else {
        throw KaitoError("no \(cloud.rawValue) instance type can serve \(model.displayName) with the \(request.runtime.rawValue) runtime" + (request.maxModelLen.map { " and a context of \($0) tokens" } ?? ""))
      }
      sku = best.sku
      recommended = true
    } else {
      throw KaitoError("--instance-type is required for \(reference.presetName): a model outside the catalog has no known size to choose one from")
    }

    if let model = reference.model {
      let fit = engine.fit(model, on: sku, runtime: request.runtime, contextLength: request.maxModelLen)
      guard let count = fit.nodes else {
        let alternatives = engine.fits(model, cloud: sku.cloud, runtime: request.runtime, contextLength: request.maxModelLen)
          .filter { $0.nodes != nil }
          .sorted { ($0.nodes!, $0.sku.gpuMemoryGiB, $0.sku.gpus) < ($1.nodes!, $1.sku.gpuMemoryGiB, $1.sku.gpus) }
          .prefix(3).map { "\($0.sku.name) (\($0.nodes!) node\($0.nodes! == 1 ? "" : "s"))" }
        throw KaitoError("\(model.displayName) does not fit \(sku.name) (\(sku.gpuSummary)): \(fit.problem ?? "not enough GPU memory")"
          + (alternatives.isEmpty ? "" : "; it fits \(alternatives.joined(separator: ", "))"))
      }
      nodes = count
      if let own = request.ownNodes {
        // With your own nodes KAITO's webhook compares all their GPU memory with the weights.
        guard FitEngine.webhookAdmits(model: model, gpuMemoryGiB: own.gpuMemoryGiB, nodes: own.names.count) else {
          throw KaitoError("Insufficient total GPU memory: the \(own.names.count) matching node(s) have a total of \(own.gpuMemoryGiB * own.names.count)Gi, but preset \(model.displayName) requires at least \(model.weights)")
        }
        guard count <= own.names.count else {
          throw KaitoError("\(model.displayName) needs \(count) GPU nodes of \(own.product), but only \(own.names.count) node(s) match the label selector")
        }
      }
    } else if !sku.runsVLLM {
      throw KaitoError("\(sku.name) has \(sku.gpuModel) GPUs, which cannot run KAITO's CUDA runtime images")
    }

    var annotations = OrderedMap<String>()
    if request.runtime == .transformers { annotations[WorkspaceAnnotation.runtime] = Runtime.transformers.rawValue }
    if request.loadBalancer {
      annotations[WorkspaceAnnotation.enableLoadBalancer] = "True"
      warnings.append("--load-balancer exposes the model on a public IP without authentication; use it for testing only")
    }

    var configMap: ConfigMap?
    if let length = request.maxModelLen {
      let config = YAMLWriter.write(["vllm": ["max-model-len": .int(length)]])
      configMap = ConfigMap(metadata: ObjectMeta(name: "\(name)-inference-config", namespace: request.namespace),
                            data: ["inference_config.yaml": config])
    }

    let workspace = Workspace(
      metadata: ObjectMeta(name: name, namespace: request.namespace, annotations: annotations.isEmpty ? nil : annotations),
      resource: .init(instanceType: request.ownNodes == nil ? sku.name : nil, labelSelector: .init(matchLabels: matchLabels)),
      inference: .init(
        preset: .init(name: reference.presetName,
                      presetOptions: request.hfTokenSecret.map { .init(modelAccessSecret: $0) }),
        config: configMap?.metadata.name, adapters: adapters.isEmpty ? nil : adapters))
    return InferencePlan(workspace: workspace, configMap: configMap, model: reference, sku: sku,
                         skuRecommended: recommended, nodes: nodes, arithmetic: request.arithmetic, warnings: warnings)
  }
}

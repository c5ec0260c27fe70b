/// A workspace as the cluster reports it, read from the object: what `status` prints and what
/// `deploy --wait` watches.
public struct WorkspaceStatus: Sendable, Equatable {
  public var name: String
  public var namespace: String
  public var instanceType: String?
  public var preset: String?
  public var runtime: String
  public var tuning: Bool
  public var state: String?
  public var targetNodeCount: Int?
  public var workerNodes: [String]
  public var conditions: [Condition]
  public var created: Double?
  public var deleting: Bool
  /// KAITO's post-load benchmark: `status.performance.metrics.peakTokensPerMinute`, and its setup.
  public var peakTokensPerMinute: Int?
  public var benchmarkSetup: String?
  /// `kaito.sh/disable-benchmark: "true"`.
  public var benchmarkDisabled: Bool

  public struct Condition: Sendable, Equatable {
    public var type: String
    public var status: String
    public var reason: String
    public var message: String
    /// `lastTransitionTime` as sent; parsed only when shown.
    public var lastTransition: String?
    public var since: Double? { lastTransition.flatMap(Time.parse) }
  }

  public init(_ object: Value) {
    let metadata = object["metadata"]
    name = metadata?["name"]?.stringValue ?? ""
    namespace = metadata?["namespace"]?.stringValue ?? ""
    instanceType = object["resource"]?["instanceType"]?.stringValue
    tuning = object["tuning"] != nil && object["tuning"] != .null
    preset = (tuning ? object["tuning"] : object["inference"])?["preset"]?["name"]?.stringValue
    runtime = metadata?["annotations"]?["kaito.sh/runtime"]?.stringValue == "transformers" ? "transformers" : "vllm"
    let status = object["status"]
    state = status?["state"]?.stringValue
    targetNodeCount = status?["targetNodeCount"]?.intValue
    workerNodes = status?["workerNodes"]?.arrayValue?.compactMap(\.stringValue) ?? []
    conditions = (status?["conditions"]?.arrayValue ?? []).map {
      Condition(
        type: $0["type"]?.stringValue ?? "", status: $0["status"]?.stringValue ?? "Unknown",
        reason: $0["reason"]?.stringValue ?? "", message: $0["message"]?.stringValue ?? "",
        lastTransition: $0["lastTransitionTime"]?.stringValue)
    }
    created = metadata?["creationTimestamp"]?.stringValue.flatMap(Time.parse)
    deleting = metadata?["deletionTimestamp"]?.stringValue != nil
    let peak = status?["performance"]?["metrics"]?["peakTokensPerMinute"]
    peakTokensPerMinute = peak?["value"].flatMap { $0.intValue ?? $0.stringValue.flatMap { Int($0) } }
    benchmarkSetup = peak?["config"].map { c in
      [
        c["inputTokens"]?.intValue.map { "\($0) tokens in" }, c["outputTokens"]?.intValue.map { "\($0) out" },
        c["maxConcurrency"]?.intValue.map { "concurrency \($0)" }, c["durationSec"]?.intValue.map { "\($0) s" },
      ].compactMap { $0 }.joined(separator: ", ")
    }
    benchmarkDisabled = metadata?["annotations"]?["kaito.sh/disable-benchmark"]?.stringValue == "true"
  }

  public func condition(_ type: String) -> Condition? { conditions.first { $0.type == type } }

  /// The size of the preset's weights, where the embedded catalog knows the preset.
  public var weightsBytes: Int? { preset.flatMap { try? Catalog.embedded.model(named: $0).model?.weightsBytes } }

  /// Serving (inference) or finished (tuning): WorkspaceSucceeded, or InferenceReady for older controllers.
  public var succeeded: Bool {
    if let done = condition("WorkspaceSucceeded") { return done.status == "True" }
    return !tuning && condition("InferenceReady")?.status == "True"
  }

  /// Reasons that will not clear up by waiting: the user has to change something.
  public static let terminalReasons: Set<String> = [
    "SubscriptionQuotaReached", "Unauthorized", "LaunchFailed", "ContainerOOMKilled", "ImagePullError",
    "ContainerCrashLoopBackOff", "ContainerStartError", "workspaceFailed", "WorkspaceTuningJobStatusFailed",
  ]

  /// The condition that says this workspace has failed for good, if one does.
  public var failure: Condition? {
    if state == "Failed" {
      return conditions.first { $0.status == "False" }
        ?? Condition(type: "State", status: "Failed", reason: "Failed", message: "")
    }
    return conditions.first {
      $0.status != "True" && Self.terminalReasons.contains($0.reason) && $0.reason != "workspaceFailed"
    }
      ?? conditions.first { $0.status != "True" && $0.reason == "workspaceFailed" }
  }

  /// The conditions KAITO sets, in the order it works through them.
  static let conditionOrder = [
    "ResourceReady", "NodeClaimReady", "NodesReady", "InferenceReady", "JobStarted", "WorkspaceSucceeded",
  ]

  /// Every condition, KAITO's in the order it works through them, others after as they came.
  public var orderedConditions: [Condition] {
    let rank = { (type: String) in Self.conditionOrder.firstIndex(of: type) ?? Self.conditionOrder.count }
    return conditions.enumerated().sorted { (rank($0.element.type), $0.offset) < (rank($1.element.type), $1.offset) }
      .map(\.element)
  }

  /// The first of KAITO's conditions still holding things up.
  public var blocking: Condition? {
    orderedConditions.first { $0.status != "True" && Self.conditionOrder.contains($0.type) }
  }

  /// One line for progress: `ResourceReady=True, InferenceReady=False (WorkspaceInferenceStatusPending)`.
  public var summary: String {
    let shown = ["ResourceReady", "InferenceReady", "JobStarted", "WorkspaceSucceeded"].compactMap(condition)
    if shown.isEmpty { return "waiting for the controller" + (state.map { " (state \($0))" } ?? "") }
    return shown.map { c in "\(c.type)=\(c.status)" + (c.status == "True" || c.reason.isEmpty ? "" : " (\(c.reason))") }
      .joined(separator: ", ")
  }

  /// What the user can do about `reason` for this workspace: the general advice, and for a
  /// quota the instance types of other GPU families (quotas are per family) of the same cloud
  /// that hold the model with the fewest nodes.
  public func advice(for reason: String, catalog: Catalog = .embedded) -> String? {
    guard let general = Self.advice(for: reason) else { return nil }
    guard reason == "SubscriptionQuotaReached", let preset, let instanceType,
      let model = try? catalog.model(named: preset).model, let sku = try? catalog.sku(named: instanceType, cloud: nil)
    else { return general }
    let others = FitEngine(catalog: catalog)
      .fits(model, cloud: sku.cloud, runtime: Runtime(rawValue: runtime) ?? .vllm)
      .compactMap { fit in fit.nodes.map { (sku: fit.sku, nodes: $0) } }
      .filter { $0.sku.gpuModel != sku.gpuModel }
      .sorted { ($0.nodes, $0.sku.gpuMemoryGiB, $0.sku.gpus) < ($1.nodes, $1.sku.gpuMemoryGiB, $1.sku.gpus) }
      .prefix(3).map { "\($0.sku.name) (\($0.sku.gpuSummary), \($0.nodes) node\($0.nodes == 1 ? "" : "s"))" }
    guard !others.isEmpty else { return general }
    return
      "the cloud subscription has no \(sku.gpuModel) quota left: request more, or use another GPU family's instance type: "
      + others.joined(separator: ", ")
  }

  /// What the user can do about a reason, where there is something to say.
  public static func advice(for reason: String) -> String? {
    switch reason {
    case "SubscriptionQuotaReached":
      return
        "the cloud subscription has no quota left for this GPU family: request more quota, or choose another --instance-type"
    case "Unauthorized":
      return "KAITO's node provisioner is not allowed to create GPU nodes: check its identity's role assignments"
    case "LaunchFailed":
      return
        "the GPU node could not be launched: check the node claim's message and the instance type's availability in the region"
    case "NodeClaimNotReady", "NodeNotReady", "NodePluginsNotReady":
      return "GPU nodes are still being provisioned; this takes several minutes"
    case "ContainerOOMKilled":
      return
        "the model ran out of memory: choose an instance type with more GPU memory (kubectl kaito presets show MODEL) or lower --max-model-len"
    case "ImagePullError":
      return
        "the runtime image cannot be pulled: check the image name, the registry's reachability and imagePullSecrets"
    case "ContainerCrashLoopBackOff", "ContainerStartError":
      return "the model server keeps failing to start: read its log with kubectl logs POD"
    case "WorkspaceInferenceStatusPending":
      return
        "the model server is starting: the weights are downloaded at every start, which takes minutes for large models"
    case "Unschedulable":
      return "the pod cannot be scheduled: check the nodes' GPU resources and taints"
    default:
      return nil
    }
  }
}

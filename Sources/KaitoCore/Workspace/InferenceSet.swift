/// An InferenceSet (kaito.sh/v1beta1, KAITO v0.11 and later): N replicas of one Workspace
/// template, each a child workspace the controller makes (`<name>-xxxxx`, labelled
/// `inferenceset.kaito.sh/created-by`). The plan is a workspace plan checked exactly as `deploy`
/// checks one (KAITO's InferenceSet webhook runs the Workspace rules on the child it would make).
public struct InferenceSetPlan: Sendable {
  public var inference: InferencePlan
  public var replicas: Int

  public init(_ inference: InferencePlan, replicas: Int) { (self.inference, self.replicas) = (inference, replicas) }

  public var name: String { inference.workspace.metadata.name }

  /// GPU nodes in all: each replica is a workspace with its own nodes.
  public var nodes: Int? { inference.nodes.map { $0 * replicas } }

  /// The InferenceSet as written: the workspace's labelSelector, resource and inference moved
  /// under `spec`, runtime annotations both on it and on the template (KAITO reads both).
  public var object: Value {
    let workspace = inference.workspaceObject
    var template: Value.Object = [:]
    if let annotations = workspace["metadata"]?["annotations"] { template["metadata"] = ["annotations": annotations] }
    if let instanceType = workspace["resource"]?["instanceType"] {
      template["resource"] = ["instanceType": instanceType]
    }
    template["inference"] = workspace["inference"] ?? .object([:])
    var metadata: Value.Object = ["name": .string(name)]
    if let namespace = workspace["metadata"]?["namespace"] { metadata["namespace"] = namespace }
    if let annotations = workspace["metadata"]?["annotations"] { metadata["annotations"] = annotations }
    return [
      "apiVersion": "kaito.sh/v1beta1", "kind": "InferenceSet", "metadata": .object(metadata),
      "spec": [
        "replicas": .int(replicas), "labelSelector": workspace["resource"]?["labelSelector"] ?? .object([:]),
        "template": .object(template),
      ],
    ]
  }

  /// The ConfigMap first, then the InferenceSet.
  public var objects: [Value] { Array(inference.objects.dropLast()) + [object] }

  /// The default name: the model's, without `workspace-`; it is also the name the replicas serve under.
  public static func defaultName(for model: String, catalog: Catalog = .embedded) throws(KaitoError) -> String {
    let reference = try catalog.model(named: model)
    let name = WorkspaceRules.defaultName(for: reference.model?.displayName ?? reference.presetName)
    return name.hasPrefix("workspace-") ? String(name.dropFirst("workspace-".count)) : name
  }
}

/// An InferenceSet as the cluster reports it.
public struct InferenceSetStatus: Sendable, Equatable {
  public var name: String
  public var namespace: String
  public var replicas: Int
  public var readyReplicas: Int
  public var preset: String?
  public var instanceType: String?
  public var conditions: [WorkspaceStatus.Condition]
  public var aggregatedPeakTokensPerMinute: Int?
  public var created: Double?

  public init(_ object: Value) {
    let metadata = object["metadata"]
    name = metadata?["name"]?.stringValue ?? ""
    namespace = metadata?["namespace"]?.stringValue ?? ""
    let spec = object["spec"]
    replicas = spec?["replicas"]?.intValue ?? 1
    preset = spec?["template"]?["inference"]?["preset"]?["name"]?.stringValue
    instanceType = spec?["template"]?["resource"]?["instanceType"]?.stringValue
    let status = object["status"]
    readyReplicas = status?["readyReplicas"]?.intValue ?? 0
    conditions = WorkspaceStatus(["status": ["conditions": status?["conditions"] ?? .array([])]]).conditions
    let peak = status?["performance"]?["metrics"]?["aggregatedPeakTokensPerMinute"]?["value"]
    aggregatedPeakTokensPerMinute = peak.flatMap { $0.intValue ?? $0.stringValue.flatMap { Int($0) } }
    created = metadata?["creationTimestamp"]?.stringValue.flatMap(Time.parse)
  }

  public var ready: Bool { readyReplicas >= replicas }
}

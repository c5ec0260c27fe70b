/// A model KAITO has no preset for: your own image in a pod template (`inference.template`).
/// KAITO checks no fit for templates, adds no GPU request of its own, runs no benchmark, and
/// does not apply later changes to the template; its Service sends port 80 to the pod's 5000.
public struct CustomImage: Sendable, Equatable {
  public var image: String
  public var port = 5000
  /// GPUs the container requests; default: all of the node's.
  public var gpus: Int?
  public var arguments: [String] = []
  /// `--env` values, in order.
  public var environment: [Variable] = []

  public init(image: String) { self.image = image }

  /// One environment variable, from `--env KEY=VALUE`.
  public struct Variable: Sendable, Equatable {
    public var key: String
    public var value: String

    public init(_ text: String) throws(KaitoError) {
      guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
        throw KaitoError("--env takes KEY=VALUE, not \"\(text)\"")
      }
      (key, value) = (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }
  }

  /// The image's own name, for the default workspace name: `vllm/vllm-openai:v0.6` → `vllm-openai`.
  var shortName: String {
    let last = image.split(separator: "/").last.map(String.init) ?? image
    return String(last.split(separator: "@").first?.split(separator: ":").first ?? Substring(last))
  }

  /// An OpenAI server image of vLLM, which KAITO's presets already run better.
  var isVLLM: Bool { image.lowercased().contains("vllm") }
}

public struct TemplatePlan: WorkspacePlan, Sendable {
  public var workspace: Workspace
  public var configMap: ConfigMap? { nil }
  public var sku: SKU?
  public var warnings: [String]
  public var notes: [String]
}

extension Catalog {
  /// A Workspace whose pod template runs `image`, with the workspace rules that still apply
  /// (name, label selector, an instance type under node auto-provisioning).
  public func planTemplate(_ request: InferenceRequest, image: CustomImage) throws(KaitoError) -> TemplatePlan {
    let name = request.name ?? WorkspaceRules.defaultName(for: image.shortName)
    try WorkspaceRules.checkName(name)
    if let namespace = request.namespace, !WorkspaceRules.isDNS1123Label(namespace) {
      throw KaitoError("invalid namespace \"\(namespace)\": a namespace must be a DNS-1123 label")
    }
    let sku: SKU?
    if let own = request.ownNodes {
      guard request.instanceType == nil else {
        throw KaitoError(
          "this cluster runs KAITO without node auto-provisioning (bring your own nodes): --instance-type must not be set"
        )
      }
      sku = own.asSKU
    } else {
      guard let typed = request.instanceType else {
        throw KaitoError(
          "--image needs --instance-type: KAITO sizes no pod template, so it provisions exactly the instance type you name"
        )
      }
      sku = try self.sku(named: typed, cloud: request.cloud)
    }
    let gpus = image.gpus ?? sku?.gpus ?? 1
    var warnings: [String] = []
    if image.port != 5000 {
      warnings.append(
        "KAITO's Service \(name) sends port 80 to the pod's port 5000, and chat and port-forward use 5000: a server on \(image.port) is reached only by kubectl port-forward pod/\(name)-0 \(image.port)"
      )
    }
    var notes = [
      "KAITO does not apply later changes to a pod template: to change it, deploy again with --force (the workspace is recreated)."
    ]
    if image.isVLLM {
      notes.append(
        "For a Hugging Face model vLLM supports, kubectl kaito deploy ORG/MODEL is the better path: KAITO then sizes the nodes, configures vLLM and runs its benchmark."
      )
    }
    var container: Value.Object = [
      "name": .string(name), "image": .string(image.image),
      "ports": [["containerPort": .int(image.port)]],
      "resources": ["requests": ["nvidia.com/gpu": .int(gpus)], "limits": ["nvidia.com/gpu": .int(gpus)]],
    ]
    if !image.arguments.isEmpty { container["args"] = .array(image.arguments.map { .string($0) }) }
    var environment: [Value] = image.environment.map { ["name": .string($0.key), "value": .string($0.value)] }
    if let secret = request.hfTokenSecret {
      environment.append([
        "name": "HF_TOKEN", "valueFrom": ["secretKeyRef": ["name": .string(secret), "key": "HF_TOKEN"]],
      ])
    }
    if !environment.isEmpty { container["env"] = .array(environment) }
    let workspace = Workspace(
      metadata: ObjectMeta(name: name, namespace: request.namespace),
      resource: .init(
        instanceType: request.ownNodes == nil ? sku?.name : nil,
        labelSelector: .init(matchLabels: try WorkspaceRules.matchLabels(request.labels, name: name))),
      inference: .init(template: ["spec": ["containers": [.object(container)]]]))
    return TemplatePlan(workspace: workspace, sku: sku, warnings: warnings, notes: notes)
  }
}

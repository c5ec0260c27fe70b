/// A string map that keeps insertion order (labels, annotations, ConfigMap data), so manifests
/// print in the order they were built.
public struct OrderedMap: Sendable, Equatable, Encodable, ExpressibleByDictionaryLiteral {
  public private(set) var entries: [(key: String, value: String)] = []

  public init() {}
  public init(dictionaryLiteral elements: (String, String)...) {
    for (key, value) in elements { self[key] = value }
  }

  public var isEmpty: Bool { entries.isEmpty }
  public var keys: [String] { entries.map(\.key) }

  public subscript(key: String) -> String? {
    get { entries.first(where: { $0.key == key })?.value }
    set {
      if let index = entries.firstIndex(where: { $0.key == key }) {
        if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
      } else if let newValue {
        entries.append((key, newValue))
      }
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: AnyKey.self)
    for (key, value) in entries { try container.encode(value, forKey: AnyKey(key)) }
  }

  public static func == (lhs: OrderedMap, rhs: OrderedMap) -> Bool {
    lhs.entries.elementsEqual(rhs.entries) { $0.key == $1.key && $0.value == $1.value }
  }
}

public struct ObjectMeta: Sendable, Equatable, Encodable {
  public var name: String
  public var namespace: String?
  public var labels: OrderedMap?
  public var annotations: OrderedMap?

  public init(name: String, namespace: String? = nil, labels: OrderedMap? = nil, annotations: OrderedMap? = nil) {
    self.name = name
    self.namespace = namespace
    self.labels = labels
    self.annotations = annotations
  }
}

/// `kaito.sh/v1beta1` Workspace: `resource` and `inference` (or `tuning`) sit at the top level,
/// next to `metadata`; there is no `spec`.
public struct Workspace: Sendable, Equatable, Encodable {
  public var apiVersion = "kaito.sh/v1beta1"
  public var kind = "Workspace"
  public var metadata: ObjectMeta
  public var resource: ResourceSpec
  public var inference: InferenceSpec?

  public init(metadata: ObjectMeta, resource: ResourceSpec, inference: InferenceSpec?) {
    self.metadata = metadata
    self.resource = resource
    self.inference = inference
  }

  public struct ResourceSpec: Sendable, Equatable, Encodable {
    /// Empty (left out) on clusters with bring-your-own nodes.
    public var instanceType: String?
    public var labelSelector: LabelSelector
  }

  public struct LabelSelector: Sendable, Equatable, Encodable {
    public var matchLabels: OrderedMap
  }

  public struct InferenceSpec: Sendable, Equatable, Encodable {
    public var preset: Preset?
    /// Name of a ConfigMap in the same namespace holding `inference_config.yaml`.
    public var config: String?
  }

  public struct Preset: Sendable, Equatable, Encodable {
    public var name: String
    public var presetOptions: PresetOptions?
  }

  public struct PresetOptions: Sendable, Equatable, Encodable {
    /// A Secret in the workspace's namespace with the key `HF_TOKEN`.
    public var modelAccessSecret: String?
  }
}

public struct ConfigMap: Sendable, Equatable, Encodable {
  public var apiVersion = "v1"
  public var kind = "ConfigMap"
  public var metadata: ObjectMeta
  public var data: OrderedMap

  public init(metadata: ObjectMeta, data: OrderedMap) {
    self.metadata = metadata
    self.data = data
  }
}

/// The annotations KAITO reads on a Workspace.
public enum WorkspaceAnnotation {
  public static let runtime = "kaito.sh/runtime"
  /// Must be exactly `"True"` to get a LoadBalancer Service.
  public static let enableLoadBalancer = "kaito.sh/enablelb"
}

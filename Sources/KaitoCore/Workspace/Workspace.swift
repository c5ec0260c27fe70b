public struct ObjectMeta: Sendable, Equatable, Encodable {
  public var name: String
  public var namespace: String?
  public var labels: OrderedMap<String>?
  public var annotations: OrderedMap<String>?

  public init(
    name: String, namespace: String? = nil, labels: OrderedMap<String>? = nil, annotations: OrderedMap<String>? = nil
  ) {
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
  public var tuning: TuningSpec?

  public init(metadata: ObjectMeta, resource: ResourceSpec, inference: InferenceSpec? = nil, tuning: TuningSpec? = nil)
  {
    self.metadata = metadata
    self.resource = resource
    self.inference = inference
    self.tuning = tuning
  }

  public struct ResourceSpec: Sendable, Equatable, Encodable {
    /// Empty (left out) on clusters with bring-your-own nodes.
    public var instanceType: String?
    public var labelSelector: LabelSelector
  }

  public struct LabelSelector: Sendable, Equatable, Encodable {
    public var matchLabels: OrderedMap<String>
  }

  public struct InferenceSpec: Sendable, Equatable, Encodable {
    public var preset: Preset?
    /// Name of a ConfigMap in the same namespace holding `inference_config.yaml`.
    public var config: String?
    public var adapters: [Adapter]?
    /// A pod template of your own, instead of a preset.
    public var template: Value?

    public init(preset: Preset? = nil, config: String? = nil, adapters: [Adapter]? = nil, template: Value? = nil) {
      (self.preset, self.config, self.adapters, self.template) = (preset, config, adapters, template)
    }
  }

  /// A LoRA adapter served with the base model: from an image (`/data` holds the adapter) or a volume.
  public struct Adapter: Sendable, Equatable, Encodable {
    public var source: Source
    /// Transformers runtime only, `"0.0"`–`"1.0"`.
    public var strength: String?
  }

  /// Where data comes from or goes to: URLs, an image, or a volume (a PVC here).
  public struct Source: Sendable, Equatable, Encodable {
    public var name: String?
    public var urls: [String]?
    public var image: String?
    public var imagePullSecrets: [String]?
    public var volumeSource: Value?
  }

  public struct TuningSpec: Sendable, Equatable, Encodable {
    public var preset: Preset
    public var method: String
    /// A ConfigMap with `training_config.yaml`.
    public var config: String?
    public var input: Source
    public var output: Output
  }

  public struct Output: Sendable, Equatable, Encodable {
    public var image: String?
    public var imagePushSecret: String?
    public var volumeSource: Value?
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
  public var data: OrderedMap<String>

  public init(metadata: ObjectMeta, data: OrderedMap<String>) {
    self.metadata = metadata
    self.data = data
  }
}

/// The annotations KAITO reads on a Workspace.
public enum WorkspaceAnnotation {
  public static let runtime = "kaito.sh/runtime"
  /// Must be exactly `"True"` to get a LoadBalancer Service.
  public static let enableLoadBalancer = "kaito.sh/enablelb"
  /// `"true"` skips KAITO's post-load benchmark (vLLM presets run it as their startup probe).
  public static let disableBenchmark = "kaito.sh/disable-benchmark"
}

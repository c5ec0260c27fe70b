/// The clouds whose instance-type tables KAITO ships (the controller's `CLOUD_PROVIDER`).
public enum Cloud: String, CaseIterable, Sendable, Codable {
  case azure, aws, arc
}

/// One model of KAITO's preset catalog, with what the controller and webhook know about it.
public struct Model: Sendable, Equatable {
  public var hfID: String
  public var alias: String?
  public var servedName: String
  /// `modelFileSize` as KAITO writes it (e.g. `27.31Gi`), and the bytes it parses to.
  public var weights: String
  public var weightsBytes: Int
  public var disk: String
  public var contextLimit: Int
  public var bytesPerToken: Int
  public var attention: String
  public var architecture: String
  public var quantization: String?
  public var license: String
  /// Has parameters for the Hugging Face transformers runtime (single node only).
  public var transformers: Bool
  public var tunable: Bool
  public var tuningWeights: String?
  /// Needs a Hugging Face token (a Secret with key `HF_TOKEN`) to download.
  public var gated: Bool
  public var distributed: Bool
  /// A base model, not instruction-tuned: it has no chat template, so `chat` completes text
  /// (`/v1/completions`) instead (kaito/v0.12.0/derived/base_models.csv).
  public var base = false

  /// The name users know it by: the legacy short name where there is one, else the HF id.
  public var displayName: String { alias ?? hfID }
  public var runtimes: [Runtime] { transformers ? [.vllm, .transformers] : [.vllm] }
  public var weightsGiB: Double { Double(weightsBytes) / Double(1 << 30) }
}

public enum Runtime: String, CaseIterable, Sendable, Codable {
  case vllm, transformers
}

/// A GPU instance type from a cloud's SKU table. `gpuMemoryGiB` is the total for the node.
public struct SKU: Sendable, Equatable {
  public var cloud: Cloud
  public var name: String
  public var gpus: Int
  public var gpuMemoryGiB: Int
  public var gpuModel: String
  public var nvme: Bool
  public var computeCapability: Double?

  public var perGPUMemoryGiB: Double { Double(gpuMemoryGiB) / Double(gpus) }
  /// KAITO's vLLM base image is CUDA-only: AMD, Trainium and Inferentia rows cannot serve it.
  public var runsVLLM: Bool { gpuModel.hasPrefix("NVIDIA") }
  public var gpuSummary: String { "\(gpus)× \(gpuModel), \(gpuMemoryGiB) GiB" }
}

/// An instance type that older KAITO releases accepted and v0.12 no longer does.
public struct RemovedSKU: Sendable, Equatable {
  public var cloud: Cloud
  public var name: String
  public var gpus: Int
  public var gpuMemoryGiB: Int
  public var gpuModel: String
  public var lastRelease: String
}

/// A preset name that KAITO used to accept, and what to use now.
public struct RemovedModel: Sendable, Equatable {
  public var name: String
  /// Its Hugging Face id, which names it just as well.
  public var hfID: String
  public var replacement: String
}

/// What a model name given by the user stands for.
public enum ModelReference: Sendable, Equatable {
  /// A model of the catalog; `presetName` is what goes into `inference.preset.name`.
  case catalog(Model, presetName: String)
  /// Any other Hugging Face `org/name` id: KAITO accepts it, but its size is unknown offline.
  case huggingFace(String)

  public var presetName: String {
    switch self {
    case .catalog(_, let name): return name
    case .huggingFace(let id): return id
    }
  }

  public var model: Model? {
    if case .catalog(let model, _) = self { return model }
    return nil
  }
}

/// KAITO's preset catalog and SKU tables, as of one release.
public struct Catalog: Sendable {
  public var release: String
  public var models: [Model]
  public var skus: [SKU]
  public var removedSKUs: [RemovedSKU]
  public var removedModels: [RemovedModel]

  public static let embedded = Catalog(
    release: kaitoRelease, models: embeddedModels, skus: embeddedSKUs, removedSKUs: embeddedRemovedSKUs,
    removedModels: [
      RemovedModel(name: "falcon-7b", hfID: "tiiuae/falcon-7b", replacement: "mistral-7b"),
      RemovedModel(name: "falcon-7b-instruct", hfID: "tiiuae/falcon-7b-instruct", replacement: "mistral-7b-instruct"),
      RemovedModel(name: "falcon-40b", hfID: "tiiuae/falcon-40b", replacement: "phi-4"),
      RemovedModel(
        name: "falcon-40b-instruct", hfID: "tiiuae/falcon-40b-instruct", replacement: "qwen2.5-coder-32b-instruct"),
      RemovedModel(name: "phi-2", hfID: "microsoft/phi-2", replacement: "phi-4-mini-instruct"),
      RemovedModel(name: "llama-2-7b", hfID: "meta-llama/Llama-2-7b-hf", replacement: "llama-3.1-8b-instruct"),
      RemovedModel(
        name: "llama-2-7b-chat", hfID: "meta-llama/Llama-2-7b-chat-hf", replacement: "llama-3.1-8b-instruct"),
      RemovedModel(name: "llama-2-13b", hfID: "meta-llama/Llama-2-13b-hf", replacement: "llama-3.1-8b-instruct"),
      RemovedModel(
        name: "llama-2-13b-chat", hfID: "meta-llama/Llama-2-13b-chat-hf", replacement: "llama-3.1-8b-instruct"),
      RemovedModel(name: "llama-2-70b", hfID: "meta-llama/Llama-2-70b-hf", replacement: "llama-3.3-70b-instruct"),
      RemovedModel(
        name: "llama-2-70b-chat", hfID: "meta-llama/Llama-2-70b-chat-hf", replacement: "llama-3.3-70b-instruct"),
    ])

  // MARK: Models

  /// Resolves a model name as KAITO does (case-insensitive HF id or legacy alias); served names
  /// are accepted too and mapped to their HF id. Any other `org/name` is a Hugging Face id.
  public func model(named input: String) throws(KaitoError) -> ModelReference {
    let name = input.trimmingSpaces
    let key = name.lowercased()
    guard !key.isEmpty else { throw KaitoError("a model name is required") }
    guard key.utf8.count <= 256 else {
      throw KaitoError("a model name of \(key.utf8.count) characters is no model's: Hugging Face ids are at most 96")
    }
    if let model = models.first(where: { $0.hfID.lowercased() == key }) {
      return .catalog(model, presetName: model.hfID)
    }
    if let model = models.first(where: { $0.alias == key }) {
      return .catalog(model, presetName: key)
    }
    if let model = models.first(where: { $0.servedName == key }) {
      return .catalog(model, presetName: model.hfID)
    }
    if let removed = removedModels.first(where: { $0.name == key || $0.hfID.lowercased() == key }) {
      throw KaitoError(
        "model \"\(name)\" was removed from KAITO's presets and is no longer supported (KAITO \(release)); use \(removed.replacement) instead"
      )
    }
    let parts = name.split(separator: "/", omittingEmptySubsequences: false)
    if parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(Self.isHFIDCharacter) }) {
      return .huggingFace(name)
    }
    throw KaitoError("unknown model \"\(name)\"" + Suggestions.sentence(for: name, among: modelCandidates))
  }

  /// Each model once, under the name users know, with every other name it answers to.
  var modelCandidates: [Suggestions.Candidate] {
    models.map { Suggestions.Candidate($0.displayName, also: [$0.hfID, $0.servedName]) }
  }

  private static func isHFIDCharacter(_ c: Character) -> Bool {
    c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == ".")
  }

  // MARK: Instance types

  public func skus(of cloud: Cloud) -> [SKU] { skus.filter { $0.cloud == cloud } }

  /// Finds an instance type (case-insensitive, as KAITO matches it). With `cloud`, a SKU of
  /// another cloud is an error; without, the cloud is the SKU's own. `model` sharpens the advice
  /// given for a removed SKU.
  public func sku(named input: String, cloud: Cloud?, for model: Model? = nil) throws(KaitoError) -> SKU {
    let name = input.trimmingSpaces
    let key = name.lowercased()
    if let sku = skus.first(where: { $0.name.lowercased() == key }) {
      if let cloud, sku.cloud != cloud {
        throw KaitoError(
          "instance type \(sku.name) is an \(sku.cloud.rawValue) instance type, not \(cloud.rawValue): pass --cloud \(sku.cloud.rawValue) or choose one of \(cloud.rawValue)'s (kubectl kaito presets show MODEL --cloud \(cloud.rawValue))"
        )
      }
      return sku
    }
    if let removed = removedSKUs.first(where: { $0.name.lowercased() == key }) {
      throw KaitoError(removalReason(removed, for: model))
    }
    let candidates =
      (cloud.map { skus(of: $0) } ?? skus).map { Suggestions.Candidate($0.name) }
      + removedSKUs.filter { cloud == nil || $0.cloud == cloud }.map { Suggestions.Candidate($0.name) }
    throw KaitoError(
      "unknown instance type \"\(name)\"" + (cloud.map { " for \($0.rawValue)" } ?? "")
        + Suggestions.sentence(for: name, among: candidates))
  }

  /// Why KAITO dropped a SKU and which current one to use instead.
  public func removalReason(_ removed: RemovedSKU, for model: Model?) -> String {
    let why: String
    if removed.gpuModel.hasPrefix("NVIDIA") {
      why =
        "its \(removed.gpuModel) GPUs are below CUDA compute capability 8.0 (V100, T4, M60 and K80 cannot run KAITO's vLLM runtime)"
    } else {
      why = "its \(removed.gpuModel) GPUs are not supported by KAITO's runtime images"
    }
    let replacement: SKU?
    if let model, let best = FitEngine(catalog: self).recommended(for: model, cloud: removed.cloud) {
      replacement = best.sku
    } else {
      replacement = skus(of: removed.cloud)
        .filter { $0.runsVLLM && $0.gpuMemoryGiB >= removed.gpuMemoryGiB }
        .min { ($0.gpuMemoryGiB, $0.gpus) < ($1.gpuMemoryGiB, $1.gpus) }
    }
    var text = "instance type \(removed.name) was removed from KAITO after \(removed.lastRelease): \(why)"
    if let replacement { text += "; use \(replacement.name) (\(replacement.gpuSummary)) instead" }
    return text
  }
}

extension String {
  public var trimmingSpaces: String {
    var s = Substring(self)
    while let f = s.first, f.isWhitespace { s = s.dropFirst() }
    while let l = s.last, l.isWhitespace { s = s.dropLast() }
    return String(s)
  }
}

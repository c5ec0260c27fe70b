/// What the user asked `tune` for.
public struct TuningRequest: Sendable {
  public var name: String
  public var preset: String
  public var namespace: String?
  public var method = "qlora"
  public var inputURLs: [String] = []
  public var inputImage: String?
  public var inputPullSecrets: [String] = []
  public var inputPVC: String?
  public var outputImage: String?
  public var outputPushSecret: String?
  public var outputPVC: String?
  /// An existing ConfigMap with `training_config.yaml`.
  public var configName: String?
  /// A training configuration file: its path (for messages) and text.
  public var configFile: (path: String, text: String)?
  public var instanceType: String?
  public var cloud: Cloud?
  public var labels: [String] = []

  public init(name: String, preset: String) {
    self.name = name
    self.preset = preset
  }
}

/// A checked tuning Workspace, its ConfigMap when a file was given, and how to serve the result.
public struct TuningPlan: WorkspacePlan, Sendable {
  public var workspace: Workspace
  public var configMap: ConfigMap?
  public var sku: SKU
  public var skuRecommended: Bool
  /// What the configuration is, for a note on stderr.
  public var configuration: String
  /// The `deploy` command that serves the adapter this job produces.
  public var serveCommand: String
}

extension Catalog {
  public func planTuning(_ request: TuningRequest) throws(KaitoError) -> TuningPlan {
    try WorkspaceRules.checkName(request.name)
    let reference = try model(named: request.preset)
    guard let model = reference.model, model.tunable else {
      let tunable = models.filter(\.tunable).map(\.displayName).joined(separator: ", ")
      throw KaitoError(
        "\(reference.presetName) cannot be fine-tuned with KAITO \(release); the tunable presets are \(tunable)")
    }
    let method = request.method.lowercased()
    guard method == "lora" || method == "qlora" else {
      throw KaitoError("--method must be lora or qlora, not \(request.method)")
    }
    let (input, output) = try Self.dataLocations(request)
    let (configMap, configName, configuration) = try Self.trainingConfiguration(request, method: method)
    let (sku, recommended) = try tuningInstanceType(request, model: model)

    let presetName = reference.presetName
    let workspace = Workspace(
      metadata: ObjectMeta(name: request.name, namespace: request.namespace),
      resource: .init(
        instanceType: sku.name,
        labelSelector: .init(matchLabels: try WorkspaceRules.matchLabels(request.labels, name: request.name))),
      tuning: .init(preset: .init(name: presetName), method: method, config: configName, input: input, output: output))

    let adapter = request.name
    let location =
      request.outputImage.map { image in image + (request.outputPushSecret.map { ",pull-secret=\($0)" } ?? "") }
      ?? "pvc:\(request.outputPVC ?? "")"
    let namespaceFlag = request.namespace.map { $0 == "default" ? "" : " -n \($0)" } ?? ""
    let serve = "kubectl kaito deploy \(model.displayName) --adapter \(adapter)=\(location)\(namespaceFlag)"
    return TuningPlan(
      workspace: workspace, configMap: configMap, sku: sku, skuRecommended: recommended,
      configuration: configuration, serveCommand: serve)
  }

  /// Where the data comes from and the adapter goes: exactly one of each, as KAITO's webhook insists.
  static func dataLocations(_ request: TuningRequest) throws(KaitoError) -> (Workspace.Source, Workspace.Output) {
    for (flag, claim) in [("--input-pvc", request.inputPVC), ("--output-pvc", request.outputPVC)] {
      if let claim, !WorkspaceRules.isDNS1123Subdomain(claim) {
        throw KaitoError("\(flag) needs the name of a PersistentVolumeClaim (a DNS-1123 subdomain), not \"\(claim)\"")
      }
    }
    // Exactly one input and one output, as KAITO's webhook insists.
    let inputs = [!request.inputURLs.isEmpty, request.inputImage != nil, request.inputPVC != nil].filter { $0 }.count
    guard inputs == 1 else {
      throw KaitoError(
        "exactly one input is needed: --input-url (repeatable), --input-image or --input-pvc (\(inputs == 0 ? "none" : "\(inputs)") given)"
      )
    }
    let outputs = [request.outputImage != nil, request.outputPVC != nil].filter { $0 }.count
    guard outputs == 1 else {
      throw KaitoError(
        "exactly one output is needed: --output-image (with --output-push-secret) or --output-pvc (\(outputs == 0 ? "none" : "\(outputs)") given)"
      )
    }
    if request.outputImage != nil && request.outputPushSecret == nil {
      throw KaitoError(
        "Must specify imagePushSecret with destination image: pass --output-push-secret, a docker-registry Secret that can push to the image's registry"
      )
    }
    if !request.inputPullSecrets.isEmpty && request.inputImage == nil {
      throw KaitoError("--input-pull-secret goes with --input-image")
    }
    for url in request.inputURLs { try TuningRules.checkInputURL(url) }

    var input = Workspace.Source(name: nil)
    if !request.inputURLs.isEmpty { input.urls = request.inputURLs }
    if let image = request.inputImage {
      input.image = image
      if !request.inputPullSecrets.isEmpty { input.imagePullSecrets = request.inputPullSecrets }
    }
    if let claim = request.inputPVC { input.volumeSource = ["persistentVolumeClaim": ["claimName": .string(claim)]] }
    var output = Workspace.Output()
    if let image = request.outputImage {
      output.image = image
      output.imagePushSecret = request.outputPushSecret
    }
    if let claim = request.outputPVC { output.volumeSource = ["persistentVolumeClaim": ["claimName": .string(claim)]] }

    return (input, output)
  }

  /// The training configuration: a ConfigMap named, a file checked as KAITO checks it (applied as a
  /// ConfigMap of its own), or KAITO's default; and how to say which.
  static func trainingConfiguration(_ request: TuningRequest, method: String) throws(KaitoError)
    -> (ConfigMap?, name: String?, description: String)
  {
    var configMap: ConfigMap?
    var configName = request.configName
    let configuration: String
    switch (request.configName, request.configFile) {
    case (_?, _?): throw KaitoError("--config and --config-file exclude each other")
    case (let name?, nil):
      configuration = "ConfigMap \(name) (its training_config.yaml is checked by KAITO when the workspace is created)"
    case (nil, let file?):
      try TuningRules.checkConfig(file.text, method: method, file: file.path)
      let name = "\(request.name)-tuning-config"
      configMap = ConfigMap(
        metadata: ObjectMeta(name: name, namespace: request.namespace), data: ["training_config.yaml": file.text])
      configName = name
      configuration = "\(file.path), applied as ConfigMap \(name)"
    case (nil, nil): configuration = TuningRules.defaultDescription(method: method)
    }

    return (configMap, configName, configuration)
  }

  /// One node whose GPU memory holds the tuning job: the one asked for, or the smallest that does.
  func tuningInstanceType(_ request: TuningRequest, model: Model) throws(KaitoError) -> (SKU, recommended: Bool) {
    let needed = model.tuningWeights.flatMap(TuningRules.gibibytes) ?? model.weightsGiB
    let sku: SKU
    let recommended: Bool
    if let typed = request.instanceType {
      sku = try self.sku(named: typed, cloud: request.cloud, for: model)
      recommended = false
    } else {
      let cloud = request.cloud ?? .azure
      guard
        let best = skus(of: cloud).filter({ $0.runsVLLM && Double($0.gpuMemoryGiB) >= needed })
          .min(by: { ($0.gpuMemoryGiB, $0.gpus) < ($1.gpuMemoryGiB, $1.gpus) })
      else {
        throw KaitoError(
          "no \(cloud.rawValue) instance type has the \(Int(needed)) GiB of GPU memory tuning \(model.displayName) needs"
        )
      }
      sku = best
      recommended = true
    }
    guard sku.runsVLLM else {
      throw KaitoError("\(sku.name) has \(sku.gpuModel) GPUs, which cannot run KAITO's CUDA tuning images")
    }
    guard Double(sku.gpuMemoryGiB) >= needed else {
      throw KaitoError(
        "tuning \(model.displayName) needs \(model.tuningWeights ?? model.weights) of GPU memory on one node; \(sku.name) has \(sku.gpuMemoryGiB) GiB (tuning runs on a single node)"
      )
    }

    return (sku, recommended)
  }
}

/// KAITO's checks of tuning inputs and configurations (api/v1beta1 tuning validation).
public enum TuningRules {
  public static let sections: Set<String> = [
    "ModelConfig", "QuantizationConfig", "LoraConfig", "TrainingArguments", "DatasetConfig", "DataCollator",
  ]

  /// http(s) only, and never a host inside the cluster's reach: loopback, private, link-local,
  /// metadata. Judged on the address the URL names once parsed (`InputAddress`), not on its text,
  /// so `http://0x7f000001/`, `http://127.1/` or `http://[::ffff:169.254.169.254]/` are refused too.
  public static func checkInputURL(_ url: String) throws(KaitoError) {
    let shown = url.count > 200 ? String(url.prefix(200)) + "…" : url
    guard let host = InputAddress.host(of: url) else {
      throw KaitoError("input URL \(shown) is not allowed: only http and https URLs with a host can be downloaded")
    }
    if InputAddress.isInternal(host) {
      throw KaitoError(
        "input URL \(shown) is not allowed: KAITO refuses loopback, private, link-local and cloud-metadata hosts")
    }
  }

  /// `training_config:` with known sections only; 4-bit or 8-bit loading agrees with the method;
  /// the output folder under /mnt.
  public static func checkConfig(_ text: String, method: String, file: String) throws(KaitoError) {
    let value: Value
    do { value = try YAMLReader.read(text) } catch { throw KaitoError("\(file): \(error.description)") }
    guard let config = value["training_config"]?.objectValue else {
      throw KaitoError("\(file): the file must have a training_config: mapping (see kubectl kaito tune --help)")
    }
    for key in config.keys where !sections.contains(key) {
      throw KaitoError(
        "\(file): training_config.\(key) is not a section KAITO knows (\(sections.sorted().joined(separator: ", ")))")
    }
    let quantization = config["QuantizationConfig"]
    let four = quantization?["load_in_4bit"] == .bool(true)
    let eight = quantization?["load_in_8bit"] == .bool(true)
    if four && eight { throw KaitoError("\(file): load_in_4bit and load_in_8bit cannot both be true") }
    if method == "qlora" && !four && !eight {
      throw KaitoError(
        "\(file): qlora needs QuantizationConfig.load_in_4bit (or load_in_8bit) set to true; this file disables quantization (use --method lora, or turn it on)"
      )
    }
    if method == "lora" && (four || eight) {
      throw KaitoError(
        "\(file): lora trains without quantization, but this file sets load_in_\(four ? "4" : "8")bit: true (use --method qlora, or turn it off)"
      )
    }
    if let outputDir = config["TrainingArguments"]?["output_dir"]?.stringValue {
      let normalized = normalizedPath(outputDir)
      guard normalized == "/mnt" || normalized.hasPrefix("/mnt/") else {
        throw KaitoError(
          "\(file): TrainingArguments.output_dir must be under /mnt, not \(outputDir)"
            + (normalized == outputDir ? "" : " (which is \(normalized))"))
      }
    }
  }

  /// What KAITO's default template for the method sets (lora-params-template / qlora-params-template).
  public static func defaultDescription(method: String) -> String {
    (method == "qlora"
      ? "KAITO's default qlora configuration (qlora-params-template): 4-bit NF4 quantization with double quantization, "
      : "KAITO's default lora configuration (lora-params-template): no quantization, ")
      + "LoRA r=8, alpha=8, dropout 0, bfloat16, 3 epochs, batch size 1 per GPU, no checkpoints, all data used for training, results in /mnt/results"
  }

  /// An absolute path with `.`, `..` and empty segments resolved (`/mnt/../etc` is `/etc`); a
  /// relative one stays as it is (the trainer's working folder is not under /mnt).
  static func normalizedPath(_ path: String) -> String {
    guard path.hasPrefix("/") else { return path }
    var parts: [Substring] = []
    for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
      switch segment {
      case ".": continue
      case "..": _ = parts.popLast()
      default: parts.append(segment)
      }
    }
    return "/" + parts.joined(separator: "/")
  }

  /// `72Gi` → 72.
  static func gibibytes(_ quantity: String) -> Double? {
    quantity.hasSuffix("Gi") ? Double(quantity.dropLast(2)) : nil
  }
}

extension String {
  func trimmingCharacters(in set: String) -> String {
    var s = Substring(self)
    while let f = s.first, set.contains(f) { s = s.dropFirst() }
    while let l = s.last, set.contains(l) { s = s.dropLast() }
    return String(s)
  }
}

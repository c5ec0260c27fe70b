/// What `presets` prints: typed results with a table rendering and an Encodable rendering.

/// One model of the catalog, with the instance type that suits it best on one cloud.
public struct PresetSummary: Sendable, Equatable, Encodable {
  public var name: String
  public var alias: String?
  public var servedName: String
  public var weights: String
  public var weightsBytes: Int
  public var disk: String
  public var contextLimit: Int
  public var bytesPerToken: Int
  public var quantization: String?
  public var architecture: String
  public var license: String
  public var runtimes: [String]
  public var tunable: Bool
  public var gated: Bool
  /// Not instruction-tuned: `chat` completes its text instead of chatting.
  public var base: Bool
  public var recommended: Recommendation?

  /// The name people type: the legacy alias where there is one, else the Hugging Face id.
  public var shortName: String { alias ?? name }

  /// The model family, for sorting: the letters the short name starts with (`phi`, `llama`,
  /// `qwen`), after any organisation.
  var family: String {
    // Model names are ASCII: bytes, not Characters (this ran for every model of every `presets`).
    let name = shortName.utf8.split(separator: UInt8(ascii: "/")).last ?? []
    let letters = name.prefix { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0 | 0x20) }
    return String(decoding: letters.map { $0 | 0x20 }, as: UTF8.self)
  }

  public struct Recommendation: Sendable, Equatable, Encodable {
    public var cloud: String
    public var instanceType: String
    public var nodes: Int
  }

  public init(model: Model, recommended: FitEngine.Fit?) {
    name = model.hfID
    alias = model.alias
    servedName = model.servedName
    weights = model.weights
    weightsBytes = model.weightsBytes
    disk = model.disk
    contextLimit = model.contextLimit
    bytesPerToken = model.bytesPerToken
    quantization = model.quantization
    architecture = model.architecture
    license = model.license
    runtimes = model.runtimes.map(\.rawValue)
    tunable = model.tunable
    gated = model.gated
    base = model.base
    self.recommended = recommended.map {
      Recommendation(cloud: $0.sku.cloud.rawValue, instanceType: $0.sku.name, nodes: $0.nodes ?? 0)
    }
  }
}

public struct PresetList: Sendable, Equatable, Encodable {
  public var kind = "PresetList"
  public var kaitoRelease: String
  public var items: [PresetSummary]

  /// The few columns a person scans (the name to type, weights, context, where it fits best,
  /// nodes), and with `wide` the rest, which go first when the terminal is too narrow.
  public func table(wide: Bool) -> Table {
    var headers = ["NAME", "WEIGHTS", "CONTEXT", "INSTANCE", "NODES"]
    if wide {
      headers += ["RUNTIMES", "TUNABLE", "GATED", "QUANT", "KV-BYTES/TOKEN", "DISK", "SERVED-NAME", "HUGGING-FACE-ID"]
    }
    let rows = items.map { item -> [String] in
      var row = [
        item.shortName, item.weights, String(item.contextLimit), item.recommended?.instanceType ?? "",
        item.recommended.map { String($0.nodes) } ?? "",
      ]
      if wide {
        row += [
          item.runtimes.joined(separator: ","), item.tunable ? "yes" : "no", item.gated ? "yes" : "no",
          item.quantization ?? "", String(item.bytesPerToken), item.disk, item.servedName, item.name,
        ]
      }
      return row
    }
    return Table(headers: headers, rows: rows, wideFrom: 5)
  }
}

/// Filters of `presets list`.
public struct PresetFilter: Sendable {
  public var runtime: Runtime?
  public var tunableOnly = false
  /// Only models that the estimator places on one node of this SKU.
  public var fits: SKU?

  public init(runtime: Runtime? = nil, tunableOnly: Bool = false, fits: SKU? = nil) {
    self.runtime = runtime
    self.tunableOnly = tunableOnly
    self.fits = fits
  }
}

extension Catalog {
  public func presetList(cloud: Cloud, filter: PresetFilter = PresetFilter()) -> PresetList {
    let engine = FitEngine(catalog: self)
    let runtime = filter.runtime ?? .vllm
    let items = models.filter { model in
      if let wanted = filter.runtime, !model.runtimes.contains(wanted) { return false }
      if filter.tunableOnly && !model.tunable { return false }
      if let sku = filter.fits, engine.fit(model, on: sku, runtime: runtime).nodes != 1 { return false }
      return true
    }.map { model in
      // With --fits, the instance type asked about; else the one with the fewest nodes.
      let fit =
        filter.fits.map { engine.fit(model, on: $0, runtime: runtime) }
        ?? engine.recommended(for: model, cloud: cloud, runtime: runtime)
      return PresetSummary(model: model, recommended: fit)
    }
    // By family, then size: the order a person looks for a model in. Each family is worked out
    // once, not once per comparison (that was most of `presets`' run time).
    // Keys compared as bytes: the names are ASCII, whose String order is their byte order.
    let sorted = items.map { (Array($0.family.utf8), Array($0.shortName.utf8), $0) }.sorted { a, b in
      if a.0 != b.0 { return a.0.lexicographicallyPrecedes(b.0) }
      if a.2.weightsBytes != b.2.weightsBytes { return a.2.weightsBytes < b.2.weightsBytes }
      return a.1.lexicographicallyPrecedes(b.1)
    }
    return PresetList(kaitoRelease: release, items: sorted.map(\.2))
  }

  public func presetDetail(
    _ model: Model, cloud: Cloud, runtime: Runtime, contextLength: Int?,
    arithmetic: KaitoArithmetic = .current
  ) -> PresetDetail {
    let engine = FitEngine(catalog: self, arithmetic: arithmetic)
    let recommended = engine.recommended(for: model, cloud: cloud, runtime: runtime, contextLength: contextLength)
    let fit = engine.fits(model, cloud: cloud, runtime: runtime, contextLength: contextLength).map {
      PresetDetail.FitRow(fit: $0, recommended: $0.sku == recommended?.sku)
    }
    return PresetDetail(
      preset: PresetSummary(model: model, recommended: recommended), runtime: runtime.rawValue,
      contextLength: contextLength ?? arithmetic.defaultContextLength, arithmetic: arithmetic.label,
      startupBudgetMinutes: FitEngine.startupBudgetSeconds(for: model) / 60, fit: fit)
  }
}

/// `presets show MODEL`: everything known about a model, and its fit on every SKU of a cloud.
public struct PresetDetail: Sendable, Equatable, Encodable {
  public var preset: PresetSummary
  /// The runtime and context length the fit table was computed for.
  public var runtime: String
  public var contextLength: Int
  /// Whose node estimator computed NODES: `KAITO v0.12.0`.
  public var arithmetic: String
  /// KAITO's startup-probe budget: how long the controller lets the model load.
  public var startupBudgetMinutes: Int
  public var fit: [FitRow]
  /// With `--measured`: what KAITO's benchmark measured on this cluster's workspaces of the model.
  public var measured: [Measured]?

  /// The best peak KAITO's benchmark measured on one instance type, over this cluster's workspaces.
  public struct Measured: Sendable, Equatable, Encodable {
    public var instanceType: String
    public var workspaces: Int
    public var peakTokensPerMinute: Int

    public init(instanceType: String, workspaces: Int, peakTokensPerMinute: Int) {
      (self.instanceType, self.workspaces, self.peakTokensPerMinute) = (instanceType, workspaces, peakTokensPerMinute)
    }

    /// One row per instance type, from the workspaces' status; unmeasured ones are left out.
    public static func from(_ workspaces: [WorkspaceStatus]) -> [Measured] {
      let measured = workspaces.filter { $0.peakTokensPerMinute != nil && $0.instanceType != nil }
      return Dictionary(grouping: measured) { $0.instanceType ?? "" }.map { sku, group in
        Measured(
          instanceType: sku, workspaces: group.count,
          peakTokensPerMinute: group.compactMap(\.peakTokensPerMinute).max() ?? 0)
      }.sorted { $0.peakTokensPerMinute > $1.peakTokensPerMinute }
    }
  }

  public struct FitRow: Sendable, Equatable, Encodable {
    public var instanceType: String
    public var cloud: String
    public var gpus: Int
    public var gpuModel: String
    public var gpuMemoryGiB: Int
    /// Nodes the controller's estimator provisions; absent when the model cannot be served there.
    public var nodes: Int?
    /// The webhook's total-memory rule on one node.
    public var fitsOneNode: Bool
    public var recommended: Bool
    public var problem: String?

    init(fit: FitEngine.Fit, recommended: Bool) {
      instanceType = fit.sku.name
      cloud = fit.sku.cloud.rawValue
      gpus = fit.sku.gpus
      gpuModel = fit.sku.gpuModel
      gpuMemoryGiB = fit.sku.gpuMemoryGiB
      nodes = fit.nodes
      fitsOneNode = fit.fitsOneNode
      self.recommended = recommended
      problem = fit.problem
    }
  }

  public func render(wide: Bool) -> String {
    let p = preset
    var text = renderFields([
      ("Name", p.name), ("Alias", p.alias ?? ""), ("Served name", p.servedName), ("Weights", p.weights),
      ("Disk", p.disk), ("Context limit", "\(p.contextLimit) tokens"), ("KV cache", "\(p.bytesPerToken) bytes/token"),
      ("Quantization", p.quantization ?? ""), ("Architecture", p.architecture), ("License", p.license),
      ("Runtimes", p.runtimes.joined(separator: ", ")), ("Tunable", p.tunable ? "yes" : "no"),
      ("Gated", p.gated ? "yes: needs a Secret with key HF_TOKEN (deploy --hf-token-secret)" : "no"),
      ("Chat", p.base ? "no: a base model; chat completes its text (/v1/completions)" : "yes (instruction-tuned)"),
      ("Startup budget", "\(startupBudgetMinutes)m"),
      ("Recommended", p.recommended.map { "\($0.instanceType) (\($0.nodes) node\($0.nodes == 1 ? "" : "s"))" } ?? ""),
    ])
    let cloud = fit.first?.cloud ?? ""
    text += "\nFit on \(cloud) (\(runtime), context \(contextLength) tokens, \(arithmetic)'s node estimator):\n"
    // Five columns fit 80; the webhook's one-node rule and the reasons behind `-` are for -o wide.
    var headers = ["INSTANCE", "GPUS", "GPU-MODEL", "GPU-MEMORY", "NODES"]
    if wide { headers += ["FITS-ONE-NODE", "NOTE"] }
    let rows = fit.map { row -> [String] in
      var cells = [
        row.instanceType + (row.recommended ? " *" : ""), String(row.gpus), row.gpuModel, "\(row.gpuMemoryGiB)Gi",
        row.nodes.map(String.init) ?? "-",
      ]
      if wide { cells += [row.fitsOneNode ? "yes" : "no", row.problem ?? ""] }
      return cells
    }
    text += Table(headers: headers, rows: rows).render()
    text += "* recommended: fewest nodes, then least GPU memory\n"
    if fit.contains(where: { $0.nodes == nil }) {
      text += "- in NODES: cannot serve this model there (-o wide says why)\n"
    }
    if let measured {
      text += "\nMeasured on this cluster (KAITO's benchmark, peak tokens per minute):\n"
      for row in measured {
        text +=
          "  \(row.instanceType): \(row.peakTokensPerMinute) (\(row.workspaces) workspace\(row.workspaces == 1 ? "" : "s"))\n"
      }
      text +=
        measured.isEmpty
        ? "  not measured here: no workspace of this model has a benchmark result\n"
        : "  other instance types: not measured here\n"
    }
    return text
  }
}

/// KAITO's own GPU-fit arithmetic, so that what the CLI predicts is what the controller does:
/// the node estimator (how many nodes the controller provisions for vLLM, `status.targetNodeCount`)
/// and the webhook's total-memory rule (BYO nodes and the transformers runtime).
public struct FitEngine: Sendable {
  public var catalog: Catalog
  /// Which KAITO release's estimator the fit follows.
  public var arithmetic: KaitoArithmetic

  public init(catalog: Catalog, arithmetic: KaitoArithmetic = .current) {
    self.catalog = catalog
    self.arithmetic = arithmetic
  }

  /// The context length the estimator sizes the KV cache for when no max-model-len is set.
  public static var defaultContextLength: Int { KaitoArithmetic.current.defaultContextLength }

  /// The controller's node estimate for a vLLM workspace (pkg/workspace/estimator/nodesestimator).
  public static func estimateNodes(
    model: Model, gpus: Int, gpuMemoryGiB: Int, gpuModel: String = "", contextLength: Int? = nil,
    arithmetic: KaitoArithmetic = .current
  ) -> Result<Int, KaitoError> {
    let context = contextLength.flatMap { $0 > 0 ? $0 : nil } ?? arithmetic.defaultContextLength
    let gib = Double(1 << 30)
    let nodeMemory = gpuMemoryGiB << 30
    let perGPU = Double(nodeMemory / gpus)
    let available = perGPU * arithmetic.utilization(for: gpuModel)
    let kvCache = Double(context * model.bytesPerToken) / Double(gpus)
    let reserve = arithmetic.perGPUReserveGiB * gib + kvCache
    guard available > reserve else {
      return .failure(
        KaitoError(
          "each GPU has \(format(perGPU / gib)) GiB, \(format(available / gib)) GiB usable, but the runtime needs \(format(reserve / gib)) GiB before any weights (\(format(arithmetic.perGPUReserveGiB)) GiB + KV cache of \(format(kvCache / gib)) GiB for a context of \(context) tokens)"
        ))
    }
    let usablePerGPU = (available - reserve) / arithmetic.overheadFactor
    let modelSize = Double(model.weightsBytes) * arithmetic.weightExpansion
    let minGPUs = Int(modelSize / usablePerGPU) + 1
    return .success((minGPUs + gpus - 1) / gpus)
  }

  func estimateNodes(_ model: Model, on sku: SKU, contextLength: Int?) -> Result<Int, KaitoError> {
    Self.estimateNodes(
      model: model, gpus: sku.gpus, gpuMemoryGiB: sku.gpuMemoryGiB, gpuModel: sku.gpuModel,
      contextLength: contextLength, arithmetic: arithmetic)
  }

  /// The webhook's rule: `nodes × node GPU memory ≥ weights` (checked for BYO and transformers).
  public static func webhookAdmits(model: Model, gpuMemoryGiB: Int, nodes: Int = 1) -> Bool {
    nodes * (gpuMemoryGiB << 30) >= model.weightsBytes
  }

  /// One instance type's fit for one model and runtime.
  public struct Fit: Sendable, Equatable {
    public var sku: SKU
    /// Nodes the controller provisions; nil when the model cannot be served on this SKU.
    public var nodes: Int?
    /// Whether the webhook's memory rule admits the model on a single node.
    public var fitsOneNode: Bool
    /// Why the model cannot be served here, when it cannot.
    public var problem: String?
  }

  public func fit(_ model: Model, on sku: SKU, runtime: Runtime = .vllm, contextLength: Int? = nil) -> Fit {
    let oneNode = Self.webhookAdmits(model: model, gpuMemoryGiB: sku.gpuMemoryGiB)
    guard sku.runsVLLM else {
      return Fit(
        sku: sku, nodes: nil, fitsOneNode: oneNode,
        problem: "\(sku.gpuModel) cannot run KAITO's CUDA runtime images")
    }
    switch runtime {
    case .transformers:
      // The transformers runtime is single-node; the webhook compares weights with one node's memory.
      return Fit(
        sku: sku, nodes: oneNode ? 1 : nil, fitsOneNode: oneNode,
        problem: oneNode
          ? nil
          : "the weights (\(model.weights)) exceed the node's \(sku.gpuMemoryGiB) GiB of GPU memory and the transformers runtime cannot span nodes"
      )
    case .vllm:
      switch estimateNodes(model, on: sku, contextLength: contextLength) {
      case .success(let nodes): return Fit(sku: sku, nodes: nodes, fitsOneNode: oneNode, problem: nil)
      case .failure(let error): return Fit(sku: sku, nodes: nil, fitsOneNode: oneNode, problem: error.message)
      }
    }
  }

  public func fits(_ model: Model, cloud: Cloud, runtime: Runtime = .vllm, contextLength: Int? = nil) -> [Fit] {
    catalog.skus(of: cloud).map { fit(model, on: $0, runtime: runtime, contextLength: contextLength) }
  }

  /// The instance type to suggest: fewest nodes, then least total GPU memory, then fewest GPUs.
  public func recommended(for model: Model, cloud: Cloud, runtime: Runtime = .vllm, contextLength: Int? = nil) -> Fit? {
    var best: (sku: SKU, nodes: Int)?
    for sku in catalog.skus where sku.cloud == cloud && sku.runsVLLM {
      let nodes: Int
      switch runtime {
      case .transformers:
        guard Self.webhookAdmits(model: model, gpuMemoryGiB: sku.gpuMemoryGiB) else { continue }
        nodes = 1
      case .vllm:
        guard case .success(let n) = estimateNodes(model, on: sku, contextLength: contextLength) else { continue }
        nodes = n
      }
      if let current = best,
        (current.nodes, current.sku.gpuMemoryGiB, current.sku.gpus) <= (nodes, sku.gpuMemoryGiB, sku.gpus)
      {
        continue
      }
      best = (sku, nodes)
    }
    return best.map { fit(model, on: $0.sku, runtime: runtime, contextLength: contextLength) }
  }

  /// KAITO's startup-probe budget for a model: 15 min + 18 s per GiB of weights, within 30–180 min.
  public static func startupBudgetSeconds(for model: Model) -> Int {
    let seconds = 15 * 60 + Int((18 * model.weightsGiB).rounded(.up))
    return min(max(seconds, 30 * 60), 180 * 60)
  }

  static func format(_ gib: Double) -> String {
    let tenths = Int((gib * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
  }
}

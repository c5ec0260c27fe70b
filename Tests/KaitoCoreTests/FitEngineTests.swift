import Testing

@testable import KaitoCore

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct FitEngineTests {
  let catalog = Catalog.embedded
  var engine: FitEngine { FitEngine(catalog: catalog) }

  static let estimateColumns = [
    "Standard_NV36ads_A10_v5", "Standard_NC24ads_A100_v4", "Standard_NC48ads_A100_v4", "Standard_NC96ads_A100_v4",
    "Standard_ND96isr_H100_v5", "Standard_ND96isr_H200_v5", "g6.12xlarge",
  ]

  /// Every model on the seven SKUs of the research table: the node count KAITO computes.
  @Test func nodeCountsMatchKAITOForEveryModel() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
      "Fixtures/node-estimates.csv")
    let text = try String(contentsOf: url, encoding: .utf8)
    var checked = 0
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      let cells = line.split(separator: ",").map(String.init)
      let model = try #require(catalog.model(named: cells[0]).model, "\(cells[0]) not in the catalog")
      for (column, skuName) in Self.estimateColumns.enumerated() {
        let sku = try catalog.sku(named: skuName, cloud: nil)
        let fit = engine.fit(model, on: sku)
        #expect(fit.nodes == Int(cells[column + 1]), "\(model.hfID) on \(skuName)")
        checked += 1
      }
    }
    #expect(checked == 60 * 7)
  }

  @Test func estimatorArithmeticForPhi4OnOneA10() {
    // perGPU 24 GiB × 0.84 = 20.16; reserve 2.3 + 2048 × 204800 B = 2.69 GiB;
    // usable (20.16 − 2.69) / 1.05 = 16.64; weights 27.31 × 1.02 = 27.86 ⇒ 2 GPUs ⇒ 2 nodes.
    let phi4 = catalog.models.first { $0.hfID == "microsoft/phi-4" }!
    #expect(FitEngine.estimateNodes(model: phi4, gpus: 1, gpuMemoryGiB: 24) == .success(2))
    #expect(FitEngine.estimateNodes(model: phi4, gpus: 2, gpuMemoryGiB: 48) == .success(1))
  }

  @Test func longContextRaisesTheEstimateOrCannotFit() throws {
    let phi35 = try #require(catalog.model(named: "phi-3.5-mini-instruct").model)
    #expect(FitEngine.estimateNodes(model: phi35, gpus: 1, gpuMemoryGiB: 24) == .success(1))
    // 393216 B/token × 32768 tokens = 12 GiB of KV cache on one 24 GiB GPU leaves too little.
    #expect(FitEngine.estimateNodes(model: phi35, gpus: 1, gpuMemoryGiB: 24, contextLength: 32768) == .success(2))
    // 131072 tokens × 393216 B = 48 GiB: more than the GPU has at all.
    guard
      case .failure(let error) = FitEngine.estimateNodes(model: phi35, gpus: 1, gpuMemoryGiB: 24, contextLength: 131072)
    else {
      Issue.record("expected no fit")
      return
    }
    #expect(error.message.contains("context of 131072 tokens"))
  }

  @Test func webhookRuleComparesTotalMemoryWithWeights() throws {
    let phi4 = try #require(catalog.model(named: "phi-4").model)
    #expect(!FitEngine.webhookAdmits(model: phi4, gpuMemoryGiB: 24))
    #expect(FitEngine.webhookAdmits(model: phi4, gpuMemoryGiB: 24, nodes: 2))
    #expect(FitEngine.webhookAdmits(model: phi4, gpuMemoryGiB: 48))
  }

  @Test func transformersRuntimeIsSingleNode() throws {
    let phi4 = try #require(catalog.model(named: "phi-4").model)
    let a10 = try catalog.sku(named: "Standard_NV36ads_A10_v5", cloud: .azure)
    let fit = engine.fit(phi4, on: a10, runtime: .transformers)
    #expect(fit.nodes == nil)
    #expect(fit.problem?.contains("cannot span nodes") == true)
    let twoA10 = try catalog.sku(named: "Standard_NV72ads_A10_v5", cloud: .azure)
    #expect(engine.fit(phi4, on: twoA10, runtime: .transformers).nodes == 1)
  }

  @Test func nonNVIDIAInstanceTypesNeverServe() throws {
    let phi = try #require(catalog.model(named: "phi-4-mini-instruct").model)
    let amd = try catalog.sku(named: "Standard_NG32ads_V620_v1", cloud: .azure)
    let fit = engine.fit(phi, on: amd)
    #expect(fit.nodes == nil)
    #expect(fit.fitsOneNode)
    #expect(engine.recommended(for: phi, cloud: .aws)?.sku.runsVLLM == true)
  }

  @Test(arguments: [
    ("phi-3.5-mini-instruct", Cloud.azure, "Standard_NV36ads_A10_v5", 1),
    ("phi-4", .azure, "Standard_NV72ads_A10_v5", 1),
    ("llama-3.3-70b-instruct", .azure, "Standard_NC80adis_H100_v5", 1),
    ("deepseek-r1-0528", .azure, "Standard_ND96isr_H200_v5", 1),
    ("phi-4", .aws, "g6.12xlarge", 1),
    ("phi-4-mini-instruct", .aws, "g6.xlarge", 1),
    ("deepseek-r1-0528", .arc, "Standard_NC16_A2", 32),
  ])
  func recommendationIsFewestNodesThenLeastMemory(model: String, cloud: Cloud, sku: String, nodes: Int) throws {
    let m = try #require(catalog.model(named: model).model)
    let best = try #require(engine.recommended(for: m, cloud: cloud))
    #expect(best.sku.name == sku)
    #expect(best.nodes == nodes)
  }

  @Test func startupBudgetIsClamped() throws {
    #expect(FitEngine.startupBudgetSeconds(for: try #require(catalog.model(named: "phi-4").model)) == 30 * 60)
    #expect(
      FitEngine.startupBudgetSeconds(for: try #require(catalog.model(named: "llama-3.3-70b-instruct").model)) == 15 * 60
        + 2366)
    #expect(
      FitEngine.startupBudgetSeconds(for: try #require(catalog.model(named: "deepseek-r1-0528").model)) == 180 * 60)
  }
}

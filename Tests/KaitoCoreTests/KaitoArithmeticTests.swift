import Testing

@testable import KaitoCore

@Suite struct KaitoArithmeticTests {
  @Test func versionsChooseTheNearestKnownRelease() throws {
    #expect(KaitoArithmetic.matching("0.12.0")?.version == "0.12.0")
    #expect(KaitoArithmetic.matching("v0.12.3")?.version == "0.12.0")
    #expect(KaitoArithmetic.matching("0.13.0-rc1")?.version == "0.12.0")
    #expect(KaitoArithmetic.matching("0.4.4")?.version == "0.12.0", "older than every entry: the oldest known")
    #expect(KaitoArithmetic.matching("latest") == nil)
    #expect(KaitoArithmetic.matching("0") == nil)
    #expect(KaitoArithmetic.current.covers("0.12.7"))
    #expect(!KaitoArithmetic.current.covers("0.11.0"))
    #expect(throws: KaitoError.self) { try KaitoArithmetic.chosen("x.y") }
    #expect(try KaitoArithmetic.chosen(nil) == .current)
  }

  @Test func eachReleasesConstantsDriveTheEstimate() throws {
    let catalog = Catalog.embedded
    let phi = try #require(catalog.model(named: "phi-3.5-mini-instruct").model)
    // v0.12.0: phi-3.5-mini on a 12 GiB GPU needs two nodes (0.84 × 12 − 2.3 − KV cache is too little).
    #expect(FitEngine.estimateNodes(model: phi, gpus: 1, gpuMemoryGiB: 12, arithmetic: .current) == .success(2))
    // A release that let vLLM use all of that GPU would fit it on one: the table entry is what decides.
    var generous = KaitoArithmetic.current
    generous.utilizationByGPUModel = ["NVIDIA A2": 1.0]
    #expect(
      FitEngine.estimateNodes(model: phi, gpus: 1, gpuMemoryGiB: 12, gpuModel: "NVIDIA A2", arithmetic: generous)
        == .success(1))
    #expect(
      FitEngine.estimateNodes(model: phi, gpus: 1, gpuMemoryGiB: 12, gpuModel: "NVIDIA L4", arithmetic: generous)
        == .success(2))
    var smallReserve = KaitoArithmetic.current
    smallReserve.perGPUReserveGiB = 0
    #expect(FitEngine.estimateNodes(model: phi, gpus: 1, gpuMemoryGiB: 12, arithmetic: smallReserve) == .success(1))
  }
}

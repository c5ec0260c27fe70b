import TestSupport
import Testing

@testable import KaitoCore

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct CatalogTests {
  let catalog = Catalog.embedded

  @Test func holdsKAITOv012() {
    #expect(catalog.release == "v0.12.0")
    #expect(catalog.models.count == 60)
    #expect(catalog.models.compactMap(\.alias).count == 25)
    #expect(Set(catalog.models.map { $0.hfID.lowercased() }).count == 60)
    #expect(catalog.skus(of: .azure).count == 14)
    #expect(catalog.skus(of: .aws).count == 35)
    #expect(catalog.skus(of: .arc).count == 8)
    #expect(catalog.removedSKUs.count == 41)
    #expect(
      catalog.models.filter(\.tunable).map(\.displayName).sorted() == [
        "mistral-7b", "phi-3-medium-128k-instruct", "phi-3-medium-4k-instruct", "phi-3-mini-128k-instruct",
        "phi-3-mini-4k-instruct", "phi-3.5-mini-instruct", "phi-4", "phi-4-mini-instruct",
        "qwen2.5-coder-32b-instruct", "qwen2.5-coder-7b-instruct",
      ])
  }

  @Test func modelFacts() throws {
    let phi = try #require(catalog.model(named: "phi-3.5-mini-instruct").model)
    #expect(phi.hfID == "microsoft/Phi-3.5-mini-instruct")
    #expect(phi.weights == "7.12Gi")
    #expect(phi.weightsBytes == 7_645_041_787)  // ⌈7.12 × 2^30⌉, as resource.Quantity rounds
    #expect(phi.disk == "87Gi")
    #expect(phi.contextLimit == 131072)
    #expect(phi.bytesPerToken == 393216)
    #expect(phi.runtimes == [.vllm, .transformers])
    #expect(phi.tunable && !phi.gated)
    let gpt = try #require(catalog.model(named: "gpt-oss-20b").model)
    #expect(gpt.quantization == "mxfp4")
    #expect(try #require(catalog.model(named: "llama-3.1-8b-instruct").model).gated)
    #expect(try #require(catalog.model(named: "gemma-3-4b-instruct").model).gated)
    #expect(try #require(catalog.model(named: "Qwen/Qwen3.5-2B").model).transformers == false)
  }

  @Test(arguments: [
    ("phi-4", "phi-4"), ("PHI-4", "phi-4"), ("microsoft/phi-4", "microsoft/phi-4"),
    ("MICROSOFT/PHI-4", "microsoft/phi-4"), ("gemma-3-4b-it", "google/gemma-3-4b-it"),
    ("mistral-7b-instruct-v0.3", "mistralai/Mistral-7B-Instruct-v0.3"), (" phi-4 ", "phi-4"),
  ])
  func lookupIsCaseInsensitiveAndKnowsEveryName(input: String, preset: String) throws {
    #expect(try catalog.model(named: input).presetName == preset)
  }

  @Test func otherHuggingFaceIDsAreAccepted() throws {
    #expect(try catalog.model(named: "myorg/My-Model_v2.1") == .huggingFace("myorg/My-Model_v2.1"))
    #expect(throws: KaitoError.self) { try catalog.model(named: "a/b/c") }
    #expect(throws: KaitoError.self) { try catalog.model(named: "org/") }
  }

  @Test(arguments: ["falcon-7b", "falcon-40b-instruct", "phi-2", "llama-2-7b-chat", "Llama-2-70b"])
  func removedModelsSayWhatReplacesThem(name: String) {
    #expect {
      try catalog.model(named: name)
    } throws: { error in
      let message = (error as! KaitoError).message
      return message.contains("was removed from KAITO's presets") && message.contains("instead")
    }
  }

  @Test func unknownModelsSuggestTheNearestNames() {
    #expect(throws: KaitoError("unknown model \"phi-3.5-mini\"; did you mean phi-3.5-mini-instruct?")) {
      try catalog.model(named: "phi-3.5-mini")
    }
    #expect(throws: KaitoError("unknown model \"lama-3.1-8b-instruct\"; did you mean llama-3.1-8b-instruct?")) {
      try catalog.model(named: "lama-3.1-8b-instruct")
    }
    #expect(throws: KaitoError("unknown model \"zzzzzzzzzzzzzz\"")) { try catalog.model(named: "zzzzzzzzzzzzzz") }
  }

  @Test func instanceTypes() throws {
    #expect(try catalog.sku(named: "standard_nc24ads_a100_v4", cloud: nil).name == "Standard_NC24ads_A100_v4")
    #expect(try catalog.sku(named: "G5.XLARGE", cloud: .aws).cloud == .aws)
    #expect(
      throws: KaitoError(
        "instance type g5.xlarge is an aws instance type, not azure: pass --cloud aws or choose one of azure's (kubectl kaito presets show MODEL --cloud azure)"
      )
    ) {
      try catalog.sku(named: "g5.xlarge", cloud: .azure)
    }
    #expect(
      throws: KaitoError(
        "unknown instance type \"Standard_NC24ads_A100\" for azure; did you mean Standard_NC24ads_A100_v4?")
    ) {
      try catalog.sku(named: "Standard_NC24ads_A100", cloud: .azure)
    }
  }

  @Test func removedInstanceTypesSayWhyAndWhatReplacesThem() throws {
    #expect(
      throws: KaitoError(
        "instance type Standard_NC6s_v3 was removed from KAITO after v0.8.0: its NVIDIA V100 GPUs are below CUDA compute capability 8.0 (V100, T4, M60 and K80 cannot run KAITO's vLLM runtime); use Standard_NV36ads_A10_v5 (1× NVIDIA A10, 24 GiB) instead"
      )
    ) {
      try catalog.sku(named: "Standard_NC6s_v3", cloud: nil)
    }
    let phi4 = try #require(catalog.model(named: "phi-4").model)
    #expect(
      throws: KaitoError(
        "instance type g4dn.xlarge was removed from KAITO after v0.11.0: its NVIDIA T4 GPUs are below CUDA compute capability 8.0 (V100, T4, M60 and K80 cannot run KAITO's vLLM runtime); use g6.12xlarge (4× NVIDIA L4, 96 GiB) instead"
      )
    ) {
      try catalog.sku(named: "g4dn.xlarge", cloud: .aws, for: phi4)
    }
    #expect {
      try catalog.sku(named: "Standard_NV32as_v4", cloud: nil)
    } throws: { ($0 as! KaitoError).message.contains("AMD Radeon Instinct MI25 GPUs are not supported") }
  }

  /// The committed catalog is what scripts/generate-catalog makes of the repository's KAITO tables.
  @Test func embeddedCatalogIsUpToDate() throws {
    let result = try runProcess([
      python, repositoryRoot.appendingPathComponent("scripts/generate-catalog").path, kaitoDataFolder.path, "--stdout",
    ])
    try #require(result.status == 0, "\(result.stderr)")
    let committed = try String(
      contentsOf: repositoryRoot.appendingPathComponent("Sources/KaitoCore/Catalog/CatalogData.swift"), encoding: .utf8)
    #expect(result.stdout == committed, "run scripts/generate-catalog")
  }
}

@Suite struct SuggestionTests {
  @Test func distance() {
    #expect(Suggestions.distance(Array("kitten"), Array("sitting")) == 3)
    #expect(Suggestions.distance(Array(""), Array("abc")) == 3)
  }

  @Test func fragmentsFindTheirNames() {
    let skus = Catalog.embedded.skus.map { Suggestions.Candidate($0.name) }
    #expect(Suggestions.nearest(to: "H200", among: skus) == ["Standard_ND96isr_H200_v5"])
    #expect(
      Suggestions.nearest(to: "llama", among: Catalog.embedded.modelCandidates)
        == ["llama-3.1-8b-instruct", "llama-3.3-70b-instruct", "deepseek-r1-distill-llama-8b"])
  }
}

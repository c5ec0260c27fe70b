import Testing

@testable import KaitoCore

@Suite struct InferencePlanTests {
  let catalog = Catalog.embedded

  func plan(_ model: String, _ configure: (inout InferenceRequest) -> Void = { _ in }) throws -> InferencePlan {
    var request = InferenceRequest(model: model)
    configure(&request)
    return try catalog.planInference(request)
  }

  @Test func defaultsForTheSeedWalkthrough() throws {
    let p = try plan("phi-3.5-mini-instruct")
    #expect(p.workspace.metadata.name == "workspace-phi-3-5-mini-instruct")
    #expect(p.workspace.resource.instanceType == "Standard_NV36ads_A10_v5")
    #expect(p.workspace.resource.labelSelector.matchLabels == ["apps": "workspace-phi-3-5-mini-instruct"])
    #expect(p.workspace.inference?.preset?.name == "phi-3.5-mini-instruct")
    #expect(p.workspace.metadata.annotations == nil)
    #expect(p.configMap == nil)
    #expect(p.skuRecommended && p.nodes == 1 && p.warnings.isEmpty)
    #expect(p.objects.count == 1)
  }

  @Test func everyOption() throws {
    let p = try plan("meta-llama/Llama-3.1-8B-Instruct") {
      $0.name = "llama"
      $0.namespace = "ml"
      $0.labels = ["team=ml", "tier=gpu"]
      $0.instanceType = "standard_nc24ads_a100_v4"
      $0.runtime = .transformers
      $0.maxModelLen = 16384
      $0.hfTokenSecret = "hf-token"
      $0.loadBalancer = true
    }
    #expect(p.workspace.resource.instanceType == "Standard_NC24ads_A100_v4")
    #expect(p.workspace.resource.labelSelector.matchLabels == ["team": "ml", "tier": "gpu"])
    #expect(p.workspace.metadata.annotations == ["kaito.sh/runtime": "transformers", "kaito.sh/enablelb": "True"])
    #expect(p.workspace.inference?.preset?.presetOptions?.modelAccessSecret == "hf-token")
    #expect(p.workspace.inference?.config == "llama-inference-config")
    #expect(p.configMap?.data["inference_config.yaml"] == "vllm:\n  max-model-len: 16384\n")
    #expect(p.configMap?.metadata.namespace == "ml")
    #expect(!p.skuRecommended)
    #expect(p.warnings.count == 1)  // the load balancer; the gated model has its secret
    #expect(p.objects.map { resourceName(of: $0) } == ["configmap/llama-inference-config", "workspace.kaito.sh/llama"])
  }

  @Test func vLLMSettingsMergeFileFlagsAndMaxModelLen() throws {
    let file = try InferenceConfig(
      "vllm:\n  max-model-len: 8192\n  enforce-eager: false\nmax_probe_steps: 6\n", source: "c.yaml")
    let p = try plan("phi-3.5-mini-instruct") {
      $0.inferenceConfig = file
      $0.vllmArgs = [try! InferenceConfig.argument("--max-num-seqs=64"), try! InferenceConfig.argument("dtype=half")]
      $0.noBenchmark = true
    }
    #expect(
      p.configMap?.data["inference_config.yaml"]
        == "vllm:\n  max-model-len: 8192\n  enforce-eager: false\n  max-num-seqs: 64\n  dtype: half\nmax_probe_steps: 6\n"
    )
    #expect(p.workspace.metadata.annotations == ["kaito.sh/disable-benchmark": "true"])
    // --max-model-len wins over the file, and says so.
    let flagged = try plan("phi-3.5-mini-instruct") {
      $0.inferenceConfig = file
      $0.maxModelLen = 32768
    }
    #expect(flagged.configMap?.data["inference_config.yaml"]?.contains("max-model-len: 32768") == true)
    #expect(flagged.warnings == ["--max-model-len 32768 replaces max-model-len 8192 of c.yaml"])
    #expect(flagged.workspace.resource.instanceType == "Standard_NV72ads_A10_v5", "the file's context sizes the fit")
    // An existing ConfigMap is referred to, never written.
    let named = try plan("phi-3.5-mini-instruct") { $0.existingConfigMap = "mine" }
    #expect(named.configMap == nil && named.workspace.inference?.config == "mine")
  }

  @Test func badVLLMSettingsSayWhere() throws {
    #expect(throws: KaitoError("c.yaml is not YAML: did not find expected node content while parsing a flow node")) {
      try InferenceConfig("vllm: [", source: "c.yaml")
    }
    #expect(throws: KaitoError("c.yaml: vllm must be a map of vLLM flags without -- (e.g. max-model-len: 16384)")) {
      try InferenceConfig("vllm: 3", source: "c.yaml")
    }
    let tooLong = try InferenceConfig("vllm: {max-model-len: 999999}", source: "c.yaml")
    #expect(
      throws: KaitoError(
        "c.yaml: max-model-len 999999 exceeds phi-3.5-mini-instruct's maximum context window of 131072 tokens")
    ) { try plan("phi-3.5-mini-instruct") { $0.inferenceConfig = tooLong } }
    let text = try InferenceConfig("vllm: {max-model-len: lots}", source: "c.yaml")
    #expect(throws: KaitoError("c.yaml: max-model-len must be a whole number of tokens, not \"lots\"")) {
      try plan("phi-3.5-mini-instruct") { $0.inferenceConfig = text }
    }
    #expect(throws: KaitoError.self) { try InferenceConfig.argument("no-equals") }
    #expect(throws: KaitoError.self) {
      try plan("phi-3.5-mini-instruct") {
        $0.existingConfigMap = "mine"
        $0.vllmArgs = [try! InferenceConfig.argument("a=1")]
      }
    }
  }

  @Test func gatedModelWithoutSecretWarns() throws {
    let p = try plan("llama-3.1-8b-instruct")
    #expect(
      p.warnings == [
        "meta-llama/Llama-3.1-8B-Instruct is gated on Hugging Face: without --hf-token-secret (a Secret with key HF_TOKEN) the download will fail"
      ])
  }

  @Test func maxModelLenSizesTheNodeEstimate() throws {
    #expect(
      try plan("phi-3.5-mini-instruct") { $0.maxModelLen = 32768 }.workspace.resource.instanceType
        == "Standard_NV72ads_A10_v5")
    #expect(
      try plan("phi-3.5-mini-instruct") {
        $0.maxModelLen = 32768
        $0.instanceType = "Standard_NV36ads_A10_v5"
      }.nodes == 2)
  }

  @Test func multiNodeModels() throws {
    let p = try plan("deepseek-r1-0528") { $0.instanceType = "Standard_NC24ads_A100_v4" }
    #expect(p.nodes == 11)
  }

  @Test func huggingFaceModelsNeedAnInstanceType() throws {
    #expect(
      throws: KaitoError(
        "--instance-type is required for org/model: a model outside the catalog has no known size to choose one from")
    ) {
      try plan("org/model")
    }
    let p = try plan("org/Model-X") { $0.instanceType = "Standard_NC24ads_A100_v4" }
    #expect(p.nodes == nil)
    #expect(p.workspace.metadata.name == "workspace-model-x")
    #expect(p.workspace.inference?.preset?.name == "org/Model-X")
    #expect(p.warnings.first?.contains("fit cannot be checked offline") == true)
    #expect(
      throws: KaitoError(
        "Standard_NG32ads_V620_v1 has AMD Radeon PRO V620 GPUs, which cannot run KAITO's CUDA runtime images")
    ) {
      try plan("org/model") { $0.instanceType = "Standard_NG32ads_V620_v1" }
    }
  }

  @Test func badInput() {
    #expect(
      throws: KaitoError(
        "model phi-4-mini-instruct does not support inference with the Hugging Face transformers runtime; use --runtime vllm (the default)"
      )
    ) {
      try plan("phi-4-mini-instruct") { $0.runtime = .transformers }
    }
    #expect(
      throws: KaitoError(
        "phi-4 does not fit Standard_NV36ads_A10_v5 (1× NVIDIA A10, 24 GiB): the weights (27.31Gi) exceed the node's 24 GiB of GPU memory and the transformers runtime cannot span nodes; it fits Standard_NV72ads_A10_v5 (1 node), Standard_NC24ads_A100_v4 (1 node), Standard_NC40ads_H100_v5 (1 node)"
      )
    ) {
      try plan("phi-4") {
        $0.runtime = .transformers
        $0.instanceType = "Standard_NV36ads_A10_v5"
      }
    }
    #expect(throws: KaitoError("--max-model-len 20000 exceeds phi-4's maximum context window of 16384 tokens")) {
      try plan("phi-4") { $0.maxModelLen = 20000 }
    }
    #expect(throws: KaitoError("--max-model-len must be a positive number of tokens, not 0")) {
      try plan("phi-4") { $0.maxModelLen = 0 }
    }
    #expect(throws: KaitoError.self) { try plan("phi-4") { $0.name = "-bad" } }
    #expect(throws: KaitoError.self) { try plan("phi-4") { $0.name = String(repeating: "a", count: 64) } }
    #expect(throws: KaitoError.self) { try plan("phi-4") { $0.labels = ["karpenter.kaito.sh/workspace-name=x"] } }
    #expect(throws: KaitoError("invalid label \"apps\": expected key=value")) {
      try plan("phi-4") { $0.labels = ["apps"] }
    }
    #expect(throws: KaitoError.self) { try plan("phi-4") { $0.labels = ["bad key=x"] } }
    #expect(throws: KaitoError.self) { try plan("phi-4") { $0.hfTokenSecret = "Bad_Secret" } }
    #expect(throws: KaitoError.self) { try plan("phi-4") { $0.namespace = "Bad" } }
  }

  @Test func noSKUCanHoldAHugeContext() {
    #expect(
      throws: KaitoError(
        "phi-3.5-mini-instruct does not fit Standard_NV36ads_A10_v5 (1× NVIDIA A10, 24 GiB): each GPU has 24.0 GiB, 20.2 GiB usable, but the runtime needs 50.3 GiB before any weights (2.3 GiB + KV cache of 48.0 GiB for a context of 131072 tokens); it fits Standard_NC24ads_A100_v4 (1 node), Standard_NC40ads_H100_v5 (1 node), Standard_NCC40ads_H100_v5 (1 node)"
      )
    ) {
      try plan("phi-3.5-mini-instruct") {
        $0.maxModelLen = 131072
        $0.instanceType = "Standard_NV36ads_A10_v5"
      }
    }
  }

  @Test(arguments: [
    ("phi-3.5-mini-instruct", "workspace-phi-3-5-mini-instruct"),
    ("microsoft/Phi-3.5-mini-instruct", "workspace-phi-3-5-mini-instruct"),
    ("nvidia/NVIDIA-Nemotron-3-Ultra-550B-A55B-NVFP4", "workspace-nvidia-nemotron-3-ultra-550b-a55b-nvfp4"),
    ("org/" + String(repeating: "x", count: 70), "workspace-" + String(repeating: "x", count: 53)),
    ("org/a..b__", "workspace-a-b"),
  ])
  func defaultNames(model: String, name: String) {
    #expect(WorkspaceRules.defaultName(for: model) == name)
    #expect(WorkspaceRules.isDNS1123Label(name))
  }
}

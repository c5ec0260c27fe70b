import Foundation
import KaitoCore
import TestSupport
import Testing

/// Bad input, in-process: one clear line on stderr, the exit code, and nothing on stdout.
@Suite struct BadInputTests {
  static let longName = String(repeating: "a", count: 100_000)
  static let shownName = String(repeating: "a", count: 80) + "…"
  static let badInputs: [([String], Int32, String)] = [
    (
      ["deploy", "phi-3.5", "--dry-run"], 1,
      "error: unknown model \"phi-3.5\"; did you mean phi-3.5-mini-instruct or phi-4?"
    ),
    (
      ["deploy", "falcon-7b", "--dry-run"], 1,
      "error: model \"falcon-7b\" was removed from KAITO's presets and is no longer supported (KAITO v0.12.0); use mistral-7b instead"
    ),
    (
      ["deploy", "phi-4", "--instance-type", "Standard_NC24ads_A10", "--dry-run"], 1,
      "error: unknown instance type \"Standard_NC24ads_A10\"; did you mean Standard_NC24ads_A100_v4?"
    ),
    (
      ["deploy", "phi-4", "--instance-type", "Standard_NC12s_v3", "--dry-run"], 1,
      "error: instance type Standard_NC12s_v3 was removed from KAITO after v0.8.0: its NVIDIA V100 GPUs are below CUDA compute capability 8.0 (V100, T4, M60 and K80 cannot run KAITO's vLLM runtime); use Standard_NV72ads_A10_v5 (2× NVIDIA A10, 48 GiB) instead"
    ),
    (
      ["deploy", "phi-4", "--instance-type", "p5.48xlarge", "--cloud", "azure", "--dry-run"], 1,
      "error: instance type p5.48xlarge is an aws instance type, not azure: pass --cloud aws or choose one of azure's (kubectl kaito presets show MODEL --cloud azure)"
    ),
    (
      ["deploy", "phi-4-mini-instruct", "--runtime", "transformers", "--dry-run"], 1,
      "error: model phi-4-mini-instruct does not support inference with the Hugging Face transformers runtime; use --runtime vllm (the default)"
    ),
    (
      [
        "deploy", "llama-3.3-70b-instruct", "--runtime", "transformers", "--instance-type", "Standard_NC24ads_A100_v4",
        "--dry-run",
      ], 1,
      "error: llama-3.3-70b-instruct does not fit Standard_NC24ads_A100_v4 (1× NVIDIA A100, 80 GiB): the weights (131.42Gi) exceed the node's 80 GiB of GPU memory and the transformers runtime cannot span nodes; it fits Standard_NC48ads_A100_v4 (1 node), Standard_NC80adis_H100_v5 (1 node), Standard_NC96ads_A100_v4 (1 node)"
    ),
    (
      ["deploy", "phi-4", "--name", "Phi_4", "--dry-run"], 1,
      "error: invalid workspace name \"Phi_4\": a workspace name must be a DNS-1123 label (at most 63 characters: lowercase letters, digits and '-', starting and ending with a letter or digit), e.g. workspace-phi-4"
    ),
    (
      ["deploy", "phi-4", "--label", "kaito.sh/workspace=phi", "--dry-run"], 1,
      "error: label key \"kaito.sh/workspace\" is reserved by KAITO, which strips it from the label selector; use a key of your own, e.g. apps=phi"
    ),
    (
      ["deploy", "phi-4", "--max-model-len", "32768", "--dry-run"], 1,
      "error: --max-model-len 32768 exceeds phi-4's maximum context window of 16384 tokens"
    ),
    (["presets", "show", "nope-model"], 1, "error: unknown model \"nope-model\""),
    (
      ["deploy", "tiiuae/falcon-7b", "--dry-run"], 1,
      "error: model \"tiiuae/falcon-7b\" was removed from KAITO's presets and is no longer supported (KAITO v0.12.0); use mistral-7b instead"
    ),
    (
      ["deploy", "microsoft/phi-2", "--dry-run"], 1,
      "error: model \"microsoft/phi-2\" was removed from KAITO's presets and is no longer supported (KAITO v0.12.0); use phi-4-mini-instruct instead"
    ),
    (
      ["deploy", "phi-4", "--label", "a=1", "--label", "a=2", "--dry-run"], 1,
      "error: --label a is given twice, as 1 and 2: a label selector has one value per key"
    ),
    (
      ["deploy", "phi-4", "--adapter", "a=pvc:", "--dry-run"], 1,
      "error: --adapter a: pvc: needs the name of a PersistentVolumeClaim (a DNS-1123 subdomain), not \"\""
    ),
    (
      ["tune", "t", "--preset", "phi-4", "--input-pvc", "", "--output-pvc", "out", "--dry-run"], 1,
      "error: --input-pvc needs the name of a PersistentVolumeClaim (a DNS-1123 subdomain), not \"\""
    ),
    (
      ["deploy", "phi-4", "--name", longName, "--dry-run"], 1,
      "error: invalid workspace name \"\(shownName)\": a workspace name must be a DNS-1123 label (at most 63 characters: lowercase letters, digits and '-', starting and ending with a letter or digit), e.g. workspace-phi-4"
    ),
    (
      ["deploy", "phi-4", "--dry-run=bogus"], 64,
      "Error: invalid --dry-run \"bogus\": must be \"none\", \"server\", or \"client\""
    ),
    (
      ["deploy", "phi-4", "--max-model-len", "-1", "--dry-run"], 64,
      "Error: The value '-1' is invalid for '--max-model-len <max-model-len>': --max-model-len must be a whole number of at least 1, not -1"
    ),
    (
      ["status", "--request-timeout", "1e20"], 64,
      "Error: invalid --request-timeout \"1e20\": use a duration such as 30s, 2m or 0 (at most 720h)"
    ),
    (
      ["chat", "x", "--timeout", "1e17"], 64,
      "Error: The value '1e17' is invalid for '--timeout <duration>': --timeout takes a duration such as 30s, 10m or 1h30m, at most 720h, not 1e17"
    ),
    (["port-forward", "x", "70000"], 64, "Error: invalid LOCAL_PORT 70000: a port is a number from 1 to 65535"),
    (["port-forward", "x", "--", "-1"], 64, "Error: invalid LOCAL_PORT -1: a port is a number from 1 to 65535"),
    (
      ["chat", "x", "--temperature", "5"], 64,
      "Error: The value '5' is invalid for '--temperature <temperature>': --temperature must be a number from 0.0 to 2.0, not 5"
    ),
    (
      ["presets", "--fits", "g4dn.xlarge"], 1,
      "error: instance type g4dn.xlarge was removed from KAITO after v0.11.0: its NVIDIA T4 GPUs are below CUDA compute capability 8.0 (V100, T4, M60 and K80 cannot run KAITO's vLLM runtime); use g6.xlarge (1× NVIDIA L4, 24 GiB) instead"
    ),
  ]

  /// Each bad input: one clear line on stderr, the exit code, and nothing on stdout.
  @Test(arguments: badInputs)
  func badInput(arguments: [String], status: Int32, message: String) {
    let result = kaito(arguments)
    #expect(result.status == status)
    #expect(result.stdout.isEmpty)
    // A usage error (64) is followed by the usage lines, as ArgumentParser prints them.
    if status == 64 {
      #expect(result.stderr.hasPrefix(message + "\n"), "\(result.stderr)")
    } else {
      #expect(result.stderr == message + "\n")
    }
  }
}

/// A tuning job that KAITO would refuse is refused before anything is written.
@Suite struct TuningInputTests {
  @Test(arguments: [
    (
      ["--preset", "llama-3.1-8b-instruct", "--input-pvc", "d", "--output-pvc", "r"],
      "cannot be fine-tuned with KAITO v0.12.0; the tunable presets are"
    ),
    (["--preset", "phi-4", "--output-pvc", "r"], "exactly one input is needed"),
    (
      ["--preset", "phi-4", "--input-pvc", "d", "--input-url", "https://x.example/a", "--output-pvc", "r"],
      "exactly one input is needed"
    ),
    (["--preset", "phi-4", "--input-pvc", "d"], "exactly one output is needed"),
    (
      ["--preset", "phi-4", "--input-pvc", "d", "--output-image", "r.io/a:1"],
      "Must specify imagePushSecret with destination image"
    ),
    (["--preset", "phi-4", "--input-url", "ftp://x.example/a", "--output-pvc", "r"], "only http and https URLs"),
    (
      ["--preset", "phi-4", "--input-url", "http://10.0.0.4/data", "--output-pvc", "r"],
      "KAITO refuses loopback, private, link-local and cloud-metadata hosts"
    ),
    (
      ["--preset", "phi-4", "--input-url", "http://localhost:8080/data", "--output-pvc", "r"], "KAITO refuses loopback"
    ),
    (
      ["--preset", "phi-4", "--method", "dora", "--input-pvc", "d", "--output-pvc", "r"],
      "--method must be lora or qlora"
    ),
  ])
  func badTuningInput(arguments: [String], message: String) throws {
    let result = kaito(["tune", "bad"] + arguments, try Replay("tune"))
    #expect(result.status == 1)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(result.writes.isEmpty)  // nothing applied
  }
}

/// Every manifest `deploy` writes is one the v1beta1 CRD schema accepts, with no field the API
/// server would prune.
@Suite struct ManifestSchemaTests {
  @Test func everyModelAndOptionValidatesAgainstTheCRD() throws {
    let crds = kaitoDataFolder.appendingPathComponent("crds")
    // Every preset as deploy plans it (straight from the core: parsing flags 60 times costs more
    // in a debug build than the plans do), then the flags' variants through the command itself.
    let models = Catalog.embedded.models.map { $0.alias ?? $0.hfID }
    #expect(models.count == 60)
    var stream = try models.map { model in
      "---\n" + renderObjects(try Catalog.embedded.planInference(InferenceRequest(model: model)).objects, as: .yaml)
    }.joined()
    let variants: [[String]] = [
      ["deploy", "phi-4", "--cloud", "aws", "--runtime", "transformers", "--load-balancer"],
      [
        "deploy", "llama-3.1-8b-instruct", "--hf-token-secret", "hf", "--max-model-len", "8192", "-n", "ml", "--label",
        "a=b", "--label", "example.com/c=d",
      ],
      ["deploy", "org/custom-model", "--instance-type", "Standard_NC24ads_A100_v4"],
      ["deploy", "phi-4-mini-instruct", "--cloud", "arc"],
      [
        "deploy", "--image", "ghcr.io/example/server:1", "--instance-type", "Standard_NC48ads_A100_v4", "--arg", "--x",
        "--env", "A=b", "--hf-token-secret", "hf",
      ],
      [
        "deploy", "phi-3.5-mini-instruct", "--replicas", "3", "--yes", "--runtime", "transformers", "--no-benchmark",
        "--max-model-len", "4096", "--vllm-arg", "max-num-seqs=8",
      ],
      [
        "deploy", "phi-3.5-mini-instruct", "--adapter", "a=registry.example.com/a:1,pull-secret=s", "--adapter",
        "b=pvc:results",
      ],
      ["deploy", "phi-4", "--runtime", "transformers", "--adapter", "a=registry.example.com/a:1,strength=0.7"],
      [
        "tune", "tune-a", "--preset", "phi-3.5-mini-instruct", "--input-url", "https://example.com/a.parquet",
        "--output-image", "registry.example.com/a:1", "--output-push-secret", "push",
      ],
      [
        "tune", "tune-b", "--preset", "qwen2.5-coder-7b-instruct", "--method", "lora", "--input-image",
        "registry.example.com/data:1",
        "--input-pull-secret", "pull", "--output-pvc", "results",
      ],
    ]
    for arguments in variants {
      let result = kaito(arguments + ["--dry-run=client", "-o", "yaml"])
      #expect(result.status == 0, "\(arguments): \(result.stderr)")
      stream += "---\n" + result.stdout
    }
    let validation = try runProcess(
      [python, repositoryRoot.appendingPathComponent("Tests/Support/validate_manifests.py").path, crds.path],
      stdin: stream)
    #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
    #expect(validation.stderr.contains("validated 72 objects, 0 problems"))
  }
}

import Foundation
import TestSupport
import Testing

@Suite(.ownThreads) struct DeployCommandTests {
  @Test func seedWalkthroughManifest() throws {
    let result = try kaito("deploy", "phi-3.5-mini-instruct", "--dry-run=client", "-o", "yaml")
    #expect(result.status == 0)
    if let problem = try goldenMismatch("deploy-phi-3.5.yaml", result.stdout) {
      Issue.record(Comment(rawValue: problem))
    }
    #expect(
      result.stderr == """
        Instance type Standard_NV36ads_A10_v5 (1× NVIDIA A10, 24 GiB): the azure instance type with the fewest nodes for this model; choose another with --instance-type.
        KAITO will provision 1 GPU node of Standard_NV36ads_A10_v5 (KAITO v0.12.0's node estimator).

        """)
  }

  @Test func everyOptionInYAMLAndJSON() throws {
    let arguments = [
      "deploy", "llama-3.1-8b-instruct", "--name", "llama", "-n", "ml", "--label", "team=ml",
      "--instance-type", "Standard_NC24ads_A100_v4", "--max-model-len", "16384",
      "--hf-token-secret", "hf-token", "--load-balancer", "--dry-run",
    ]
    let yaml = try runProcess([kaitoBinary] + arguments + ["-o", "yaml"])
    #expect(yaml.status == 0, "\(yaml.stderr)")
    if let problem = try goldenMismatch("deploy-llama-options.yaml", yaml.stdout) {
      Issue.record(Comment(rawValue: problem))
    }
    let json = try runProcess([kaitoBinary] + arguments + ["-o", "json"])
    if let problem = try goldenMismatch("deploy-llama-options.json", json.stdout) {
      Issue.record(Comment(rawValue: problem))
    }
    let list = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
    #expect(list["kind"] as? String == "List")
    #expect((list["items"] as! [Any]).count == 2)
  }

  @Test func nameAndDefaultOutput() throws {
    let name = try kaito("deploy", "phi-4", "--dry-run", "-o", "name", "--max-model-len", "8192")
    #expect(name.stdout == "configmap/workspace-phi-4-inference-config\nworkspace.kaito.sh/workspace-phi-4\n")
    let plain = try kaito("deploy", "phi-4", "--dry-run")
    #expect(plain.stdout == "workspace.kaito.sh/workspace-phi-4 created (dry run)\n")
  }

  @Test func transformersRuntimeAndLoadBalancerAnnotations() throws {
    let result = try kaito("deploy", "phi-4", "--runtime", "transformers", "--load-balancer", "--dry-run", "-o", "yaml")
    #expect(
      result.stdout.contains(
        """
        metadata:
          name: workspace-phi-4
          annotations:
            kaito.sh/runtime: transformers
            kaito.sh/enablelb: "True"
        """))
    #expect(result.stderr.contains("Warning: --load-balancer exposes the model on a public IP"))
  }

  @Test func moreThanOneNodeNeedsConsent() throws {
    let refused = try kaito(
      "deploy", "deepseek-r1-0528", "--instance-type", "Standard_NC24ads_A100_v4", "--dry-run", "-o", "yaml")
    #expect(refused.status == 1)
    #expect(refused.stdout.isEmpty)
    #expect(
      refused.stderr.hasSuffix(
        "error: workspace-deepseek-r1-0528 needs 11 GPU nodes of Standard_NC24ads_A100_v4: pass --yes to accept, or choose a larger --instance-type\n"
      ))
    let accepted = try kaito(
      "deploy", "deepseek-r1-0528", "--instance-type", "Standard_NC24ads_A100_v4", "--dry-run", "-o", "yaml", "--yes")
    #expect(accepted.status == 0)
    #expect(
      accepted.stderr.contains(
        "KAITO will provision 11 GPU nodes of Standard_NC24ads_A100_v4 (KAITO v0.12.0's node estimator)."))
  }

  /// On a terminal the question is asked instead; `script` gives the binary a pseudo-terminal.
  /// Enter alone takes the default, no. (Not an empty input: `script` passes the end of its input
  /// on only when the terminal is idle, and under load it sometimes never did.)
  @Test(arguments: [("y\n", Int32(0)), ("n\n", 1), ("\n", 1)])
  func moreThanOneNodeIsAskedOnATerminal(answer: String, status: Int32) throws {
    let command = "\(kaitoBinary) deploy deepseek-r1-0528 --instance-type Standard_NC24ads_A100_v4 --dry-run -o name"
    let result = try runProcess(["script", "-qec", command, "/dev/null"], stdin: answer)
    #expect(result.status == status)
    #expect(
      result.stdout.contains("Provision 11 GPU nodes of Standard_NC24ads_A100_v4 for workspace-deepseek-r1-0528? [y/N]")
    )
    #expect(result.stdout.contains("workspace.kaito.sh/workspace-deepseek-r1-0528\r\n") == (status == 0))
  }

  @Test func gatedModelWithoutSecretWarnsOnStderr() throws {
    let result = try kaito("deploy", "gemma-3-4b-instruct", "--dry-run", "-o", "yaml")
    #expect(result.status == 0)
    #expect(result.stderr.contains("Warning: google/gemma-3-4b-it is gated on Hugging Face"))
    #expect(!result.stdout.contains("Warning"))
  }

  @Test(arguments: [
    ["deploy", "phi-4", "--dry-run", "-o", "wide"],
    ["deploy", "phi-4", "--dry-run", "--runtime", "onnx"],
    ["deploy", "phi-4", "--dry-run", "--cloud", "gcp"],
    ["deploy", "phi-4", "--dry-run", "--max-model-len", "lots"],
    ["deploy"],
    ["presets", "-o", "xml"],
    ["presets", "show", "phi-4", "-o", "name"],
  ])
  func usageErrorsExit64(arguments: [String]) throws {
    let result = try runProcess([kaitoBinary] + arguments)
    #expect(result.status == 64)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.hasPrefix("Error: "))
  }

  @Test func applyingNeedsAKubeconfig() throws {
    let result = try kaito("deploy", "phi-4", environment: ["HOME": "/nonexistent", "KUBECONFIG": ""])
    #expect(result.status == 1)
    #expect(result.stdout.isEmpty)
    #expect(
      result.stderr.hasSuffix("error: no kubeconfig: set KUBECONFIG, pass --kubeconfig, or create ~/.kube/config\n"))
  }
}

@Suite(.ownThreads) struct PluginTests {
  /// Piped, with no COLUMNS, help is the 80-column golden (CommandTests/HelpTests), byte for byte.
  @Test(arguments: [["deploy"], ["presets", "show"], ["chat"]])
  func pipedHelpIsTheEightyColumnGolden(_ path: [String]) throws {
    let result = try runProcess(
      [kaitoBinary] + path + ["--help"], environment: ["PATH": testPath, "HOME": "/nonexistent"])
    #expect(result.status == 0 && result.stderr.isEmpty)
    if let problem = try goldenMismatch("help/\(path.joined(separator: "-"))-80.txt", result.stdout) {
      Issue.record(Comment(rawValue: problem))
    }
  }

  @Test func helpAndVersion() throws {
    let help = try kaito("--help")
    #expect(help.status == 0)
    #expect(help.stdout.contains("USAGE: kubectl kaito [--version] <subcommand>"))
    #expect(help.stdout.contains("deploy"))
    #expect(try kaito("deploy", "--help").stdout.contains("--max-model-len"))
  }

  /// kubectl finds `kubectl-kaito` on PATH and hands it every word after `kaito`.
  @Test func runsThroughKubectlPluginDispatch() throws {
    let kubectl = try runProcess(["sh", "-c", "command -v kubectl"])
    try #require(kubectl.status == 0, "kubectl is not on PATH; .ci/run installs it")
    let folder = URL(fileURLWithPath: kaitoBinary).deletingLastPathComponent().path
    let path = folder + ":" + testPath
    let result = try runProcess(
      ["kubectl", "kaito", "presets", "--tunable", "-o", "name"],
      environment: ["PATH": path, "HOME": NSTemporaryDirectory()])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.split(separator: "\n").count == 10)
  }
}

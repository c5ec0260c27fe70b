import Foundation
import KaitoCore
import Testing

/// The commands that need no cluster: nothing may connect (the harness fails any connection).
@Suite struct OfflineCommandTests {
  @Test func presetsListsTheCatalog() throws {
    let run = kaito(["presets"])
    #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
    #expect(run.stdout.split(separator: "\n").first?.hasPrefix("NAME") == true)
    #expect(run.stdout.contains("phi-3.5-mini-instruct"))
    let json = try JSONReader.read(kaito(["presets", "--tunable", "-o", "json"]).stdout)
    let names = json["items"]?.arrayValue?.compactMap { $0["alias"]?.stringValue } ?? []
    #expect(!names.isEmpty && names.contains("phi-3.5-mini-instruct"))
    #expect(kaito(["presets", "--tunable", "-o", "name"]).stdout.split(separator: "\n").count == names.count)
  }

  @Test func presetsFitTheTerminalAndSortAsAsked() throws {
    // On a terminal of 80 columns the wide-only columns go; a pipe gets them all.
    let terminal = kaito(["presets", "-o", "wide"], terminal: true)
    #expect(
      terminal.stdout.split(separator: "\n").first?.split(separator: " ") == [
        "NAME", "WEIGHTS", "CONTEXT", "INSTANCE", "NODES",
      ])
    let piped = kaito(["presets", "-o", "wide"])
    #expect(piped.stdout.split(separator: "\n").first?.hasSuffix("HUGGING-FACE-ID") == true, "\(piped.stdout)")
    // By family, then size: phi's rows together, smallest first.
    let names = kaito(["presets"]).stdout.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != " " }) }
    let phi = names.filter { $0.hasPrefix("phi-") }
    #expect(phi.firstIndex(of: "phi-4-mini-instruct")! < phi.firstIndex(of: "phi-4")!, "\(phi)")
    #expect(names.firstIndex(of: phi.last ?? "")! - names.firstIndex(of: phi.first ?? "")! == phi.count - 1)
    // --sort-by a field of -o json, numbers in numeric order.
    let json = try JSONReader.read(kaito(["presets", "--sort-by", "{.contextLimit}", "-o", "json"]).stdout)
    let limits = json["items"]?.arrayValue?.compactMap { $0["contextLimit"]?.intValue } ?? []
    #expect(!limits.isEmpty && limits == limits.sorted())
    let bad = kaito(["presets", "--sort-by", "weights"])
    #expect(bad.status == 1 && bad.stderr.contains("invalid --sort-by \"weights\""))
    // --fits shows the instance type asked about.
    let fits = kaito(["presets", "--fits", "g5.xlarge"]).stdout.split(separator: "\n").dropFirst()
    #expect(!fits.isEmpty && fits.allSatisfy { $0.contains(" g5.xlarge ") })
  }

  @Test func presetsShowAndItsMistakes() {
    let show = kaito(["presets", "show", "phi-3.5-mini-instruct"])
    #expect(show.status == 0 && show.stdout.contains("phi-3.5-mini-instruct"), "\(show.stderr)")
    let typo = kaito(["presets", "show", "phi-3.5-mini-instrct"])
    #expect(typo.status == 1 && typo.stdout.isEmpty)
    #expect(typo.stderr.hasPrefix("error: ") && typo.stderr.contains("phi-3.5-mini-instruct"), "\(typo.stderr)")
    let sku = kaito(["presets", "--fits", "Standard_Nope"])
    #expect(sku.status == 1 && sku.stderr.contains("unknown instance type \"Standard_Nope\""), "\(sku.stderr)")
  }

  @Test func aClientDryRunWritesTheManifestOffline() throws {
    let run = kaito(["deploy", "phi-3.5-mini-instruct", "--dry-run=client", "-o", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    let workspace = try JSONReader.read(run.stdout)
    #expect(workspace["kind"]?.stringValue == "Workspace")
    #expect(workspace["metadata"]?["name"]?.stringValue == "workspace-phi-3-5-mini-instruct")
    #expect(workspace["inference"]?["preset"]?["name"]?.stringValue == "phi-3.5-mini-instruct")
    #expect(run.stderr.contains("KAITO will provision 1 GPU node"))
    let bare = kaito(["deploy", "phi-3.5-mini-instruct", "--dry-run"])
    #expect(bare.stdout == "workspace.kaito.sh/workspace-phi-3-5-mini-instruct created (dry run)\n")
  }

  @Test func usageErrorsExit64WithTheUsage() {
    let dryRun = kaito(["deploy", "phi-4", "--dry-run=bogus"])
    #expect(dryRun.status == 64)
    #expect(
      dryRun.stderr.hasPrefix("Error: invalid --dry-run \"bogus\": must be \"none\", \"server\", or \"client\""),
      "\(dryRun.stderr)")
    let unknown = kaito(["status", "--bogus"])
    #expect(unknown.status == 64 && unknown.stderr.contains("Unknown option '--bogus'"), "\(unknown.stderr)")
    let both = kaito(["status", "x", "-A"])
    #expect(both.status == 64 && both.stderr.contains("a workspace name cannot be combined with --all-namespaces"))
    let port = kaito(["port-forward", "x", "70000"])
    #expect(port.status == 64 && port.stderr.contains("invalid LOCAL_PORT 70000"))
  }

  @Test func helpGoesToStdoutAndExitsZero() {
    let help = kaito(["deploy", "--help"])
    #expect(help.status == 0 && help.stderr.isEmpty)
    #expect(help.stdout.contains("USAGE:") && help.stdout.contains("--instance-type"))
    let root = kaito([])
    #expect(root.status == 0 && root.stdout.contains("SUBCOMMANDS:"))
  }

  @Test func versionClientNeedsNoCluster() throws {
    let run = kaito(["version", "--client", "-o", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    let info = try JSONReader.read(run.stdout)
    #expect(info["kubectlKaito"]?.stringValue == Versions.tool)
    #expect(info["kaitoController"] == nil)
    // libcurl is not even loaded without the network; -v asks for its version.
    #expect(info["libcurl"] == nil && info["libyaml"] != nil)
    let verbose = try JSONReader.read(kaito(["version", "--client", "-o", "json", "-v", "6"]).stdout)
    #expect(verbose["libcurl"]?.stringValue?.hasPrefix("libcurl/") == true)
  }

  @Test func tuneDryRunChecksItsInputsOffline() {
    let run = kaito([
      "tune", "tune-phi", "--preset", "phi-3.5-mini-instruct", "--input-url", "https://example.com/d.parquet",
      "--output-pvc", "results", "--dry-run",
    ])
    #expect(run.status == 0 && run.stdout == "workspace.kaito.sh/tune-phi created (dry run)\n", "\(run.stderr)")
    let twoInputs = kaito([
      "tune", "tune-phi", "--preset", "phi-3.5-mini-instruct", "--input-url", "https://example.com/d.parquet",
      "--input-pvc", "data", "--output-pvc", "results", "--dry-run",
    ])
    #expect(twoInputs.status == 1 && twoInputs.stderr.hasPrefix("error: "), "\(twoInputs.stderr)")
  }

  @Test func completionScriptsAndStaticCandidates() {
    let bash = kaito(["completion", "bash"])
    #expect(bash.status == 0 && bash.stdout.contains("complete") && bash.stdout.contains("kubectl-kaito"))
    let models = kaito(["__complete", "deploy", "phi-3.5"])
    #expect(models.stdout.contains("phi-3.5-mini-instruct\n") && models.stdout.hasSuffix(":4\n"), "\(models.stdout)")
    let subcommands = kaito(["__complete", "st"])
    #expect(subcommands.stdout.hasPrefix("status\t"))
    // Only the subcommand typed is described; a subcommand's own subcommands and the root's flags still complete.
    let nested = kaito(["__complete", "presets", "show", "phi-3.5"])
    #expect(nested.stdout.contains("phi-3.5-mini-instruct\n"), "\(nested.stdout)")
    let rootFlag = kaito(["__complete", "--ver"])
    #expect(rootFlag.stdout.hasPrefix("--version\t"), "\(rootFlag.stdout)")
    let afterOption = kaito(["__complete", "presets", "show", "--cloud", "aws", "phi-3.5"])
    #expect(afterOption.stdout.contains("phi-3.5-mini-instruct\n"), "\(afterOption.stdout)")
  }

  @Test func aBrokenKubeconfigNamesTheFile() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("broken-kubeconfig-\(UUID().uuidString)")
      .path
    try "clusters: [\n  - name: x\n".write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let run = kaito(["status"], variables: ["KUBECONFIG": path])
    #expect(run.status == 1 && run.stderr.hasPrefix("error: ") && run.stderr.contains(path), "\(run.stderr)")
    let missing = kaito(["status", "--kubeconfig", "/nonexistent/kubeconfig"])
    #expect(missing.status == 1 && missing.stderr.contains("/nonexistent/kubeconfig"), "\(missing.stderr)")
  }
}

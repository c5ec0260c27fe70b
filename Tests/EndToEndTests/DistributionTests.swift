import Foundation
import TestSupport
import Testing

/// Completion (shell scripts and `kubectl kaito <TAB>`), man pages, `version`, colour, and the
/// release archive installed the way the README says.
@Suite(.serialized, .ownThreads) struct DistributionTests {
  static let cluster = try! TestCluster(step: 0.1)

  /// A folder with `kubectl-kaito` and its `kubectl_complete-kaito` link, first on PATH.
  static let binFolder: URL = {
    let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
      "kaito-bin-\(UUID().uuidString.prefix(8))")
    try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try! FileManager.default.createSymbolicLink(
      atPath: folder.appendingPathComponent("kubectl-kaito").path, withDestinationPath: kaitoBinary)
    try! FileManager.default.createSymbolicLink(
      atPath: folder.appendingPathComponent("kubectl_complete-kaito").path, withDestinationPath: kaitoBinary)
    return folder
  }()

  func environment() -> [String: String] {
    Self.cluster.environment(["PATH": Self.binFolder.path + ":" + testPath])
  }

  /// `kubectl __complete kaito …` is what the shell asks kubectl on `kubectl kaito <TAB>`.
  func kubectlComplete(_ words: [String]) throws -> [String] {
    let result = try runProcess(["kubectl", "__complete", "kaito"] + words, environment: environment())
    #expect(result.status == 0, "\(result.stderr)")
    return result.stdout.split(separator: "\n").map(String.init)
  }

  @Test func kubectlPluginCompletion() throws {
    let subcommands = try kubectlComplete([""])
    #expect(
      subcommands.contains("deploy\tBuild a Workspace for a model, after checking that the instance type can hold it."))
    #expect(subcommands.last == ":4")
    #expect(try kubectlComplete(["deploy", "phi-3.5"]) == ["phi-3.5-mini-instruct", ":4"])
    #expect(
      try kubectlComplete(["deploy", "x", "--cloud", "aws", "--instance-type", "g6.1"]) == [
        "g6.16xlarge", "g6.12xlarge", ":4",
      ])
    #expect(try kubectlComplete(["presets", "show", "--output", ""]) == ["table", "wide", "json", "yaml", ":4"])
    #expect(
      try kubectlComplete(["deploy", "--dry"]).first
        == "--dry-run\tOnly print what would be applied: with client nothing is sent; with server the cluster checks it and stores nothing."
    )
    #expect(try kubectlComplete(["status", "--context", ""]) == ["test", ":4"])
    // Live candidates from the cluster.
    #expect(try Self.cluster.kaito(["deploy", "phi-4-mini-instruct", "--name", "completed", "-n", "tab"]).status == 0)
    #expect(try kubectlComplete(["status", "-n", "tab", "com"]) == ["completed", ":4"])
    #expect(try kubectlComplete(["deploy", "-n", "ta"]).contains("tab"))
    // An unreachable cluster: silently nothing.
    let result = try runProcess(
      ["kubectl", "__complete", "kaito", "status", ""],
      environment: environment().merging(["KUBECONFIG": "/nonexistent"]) { $1 })
    #expect(result.stdout == ":4\n")
  }

  @Test func bashCompletionScript() throws {
    func complete(_ line: String) throws -> [String] {
      let words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
      let script = """
        source <(kubectl-kaito completion bash)
        COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(\(words.map { "'\($0)'" }.joined(separator: " "))); COMP_CWORD=\(words.count - 1)
        _kubectl-kaito kubectl-kaito '\(words.last!)' '\(words[words.count - 2])'
        printf '%s\\n' "${COMPREPLY[@]}"
        """
      let result = try runProcess(["bash", "-c", script], environment: environment())
      return result.stdout.split(separator: "\n").map(String.init)
    }
    #expect(try complete("kubectl-kaito dep") == ["deploy"])
    #expect(try complete("kubectl-kaito deploy phi-3.5") == ["phi-3.5-mini-instruct"])
    #expect(try complete("kubectl-kaito presets show gpt-oss") == ["gpt-oss-20b", "gpt-oss-120b"])
    #expect(try complete("kubectl-kaito deploy x --instance-type Standard_NC4").contains("Standard_NC40ads_H100_v5"))
  }

  @Test func committedManPagesAndCompletionScriptsAreCurrent() throws {
    let result = try runProcess([
      python, repositoryRoot.appendingPathComponent("scripts/generate-docs").path, kaitoBinary, "--check",
    ])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    let page = try String(
      contentsOf: repositoryRoot.appendingPathComponent("man/kubectl-kaito-deploy.1"), encoding: .utf8)
    for section in [
      "NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXAMPLES", "EXIT STATUS", "ENVIRONMENT", "FILES", "SEE ALSO",
    ] {
      #expect(page.contains(".SH \(section)\n"), "no \(section) section")
    }
    #expect(page.contains("\\fB\\-\\-instance\\-type\\fR"))
    #expect(page.contains(".BR kubectl\\-kaito (1),"))
    // Without the flag nothing is a dry run: the page says so, as kubectl does.
    #expect(page.contains("the default is none, and a bare \\-\\-dry\\-run means client"))
  }

  /// The man pages are man pages: mandoc's linter finds nothing to warn about.
  @Test func manPagesLintClean() throws {
    let pages = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("man").path)
      .filter { $0.hasSuffix(".1") }.map { repositoryRoot.appendingPathComponent("man/" + $0).path }
    #expect(pages.count == 15, "one page per command: \(pages)")
    let lint = try runProcess(["mandoc", "-T", "lint", "-W", "warning"] + pages)
    #expect(lint.status == 0 && lint.stdout.isEmpty && lint.stderr.isEmpty, "\(lint.stdout)\(lint.stderr)")
  }

  @Test func version() throws {
    let text = try Self.cluster.kaito(["version"])
    #expect(text.status == 0)
    #expect(text.stdout.contains("kubectl-kaito: 0.1.0\nCatalog: KAITO v0.12.0\nlibcurl: libcurl/7."))
    #expect(text.stdout.contains("libyaml: 0.2."))
    #expect(text.stdout.hasSuffix("KAITO controller: 0.12.0\n"))
    let json = try Self.cluster.kaito(["version", "-o", "json", "--client"])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
    #expect(object["kubectlKaito"] as? String == "0.1.0")
    #expect(object["kaitoController"] == nil)
    // Without a cluster it still answers, and says why the controller is missing.
    let offline = try Self.cluster.kaito(
      ["version"], environment: ["KUBECONFIG": "/nonexistent", "HOME": "/nonexistent"])
    #expect(offline.status == 0)
    #expect(offline.stderr.contains("Warning: cannot read the cluster's KAITO: no kubeconfig"))
  }

  @Test func colourOnlyOnATerminal() throws {
    _ = try Self.cluster.kaito(["deploy", "phi-4-mini-instruct", "-n", "colour", "--wait"])
    let command = "\(kaitoBinary) status -n colour"
    let terminal = try runProcess(["script", "-qec", command, "/dev/null"], environment: Self.cluster.environment())
    #expect(terminal.stdout.contains("\u{1B}[32mTrue\u{1B}[0m"))
    let noColor = try runProcess(
      ["script", "-qec", command, "/dev/null"], environment: Self.cluster.environment(["NO_COLOR": "1"]))
    #expect(!noColor.stdout.contains("\u{1B}["))
    let dumb = try runProcess(
      ["script", "-qec", command, "/dev/null"], environment: Self.cluster.environment(["TERM": "dumb"]))
    #expect(!dumb.stdout.contains("\u{1B}["))
    let never = try runProcess(
      ["script", "-qec", command + " --color never", "/dev/null"], environment: Self.cluster.environment())
    #expect(!never.stdout.contains("\u{1B}["))
    let json = try runProcess(
      ["script", "-qec", command + " -o json --color always", "/dev/null"], environment: Self.cluster.environment())
    #expect(!json.stdout.contains("\u{1B}["))
    let piped = try Self.cluster.kaito(["status", "-n", "colour"])
    #expect(!piped.stdout.contains("\u{1B}["))
    let forced = try Self.cluster.kaito(["status", "-n", "colour", "--color", "always"])
    #expect(forced.stdout.contains("\u{1B}[32mReady\u{1B}[0m"))
  }
}

import ArgumentParser
import KaitoCore

/// `completion bash|zsh|fish`: the shell completion script.
struct Completion: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "completion",
    abstract: "Print the shell completion script for bash, zsh or fish.",
    discussion: """
      Candidates are live where that helps: model names and instance types from the catalog,
      workspaces, contexts and namespaces from the cluster (quickly, and silently nothing when it
      cannot be reached).

      For `kubectl kaito <TAB>`, link the binary as kubectl_complete-kaito on your PATH:
        ln -s "$(command -v kubectl-kaito)" "$(dirname "$(command -v kubectl-kaito)")/kubectl_complete-kaito"

      Examples:
        source <(kubectl-kaito completion bash)
        kubectl-kaito completion zsh > "${fpath[1]}/_kubectl-kaito"
        kubectl-kaito completion fish > ~/.config/fish/completions/kubectl-kaito.fish
      """)

  enum Shell: String, FastArgument {
    case bash, zsh, fish
  }

  @Argument(help: "The shell: bash, zsh or fish.")
  var shell: Shell

  func run() throws {
    let kind: CompletionShell = shell == .bash ? .bash : shell == .zsh ? .zsh : .fish
    writeFully(1, KubectlKaito.completionScript(for: kind))
  }
}

/// The candidates each kind of value completes to, for ArgumentParser's scripts.
enum Complete {
  static let models = CompletionKind.custom { _, _, prefix in filter(CompletionCandidates.models(), prefix) }
  static let instanceTypes = CompletionKind.custom { words, _, prefix in
    filter(CompletionCandidates.instanceTypes(words: words), prefix)
  }
  static let workspaces = CompletionKind.custom { words, _, prefix in
    filter(CompletionCandidates.workspaces(words: words, environment: .live()), prefix)
  }
  static let contexts = CompletionKind.custom { words, _, prefix in
    filter(CompletionCandidates.contexts(words: words, environment: .live()), prefix)
  }
  static let namespaces = CompletionKind.custom { words, _, prefix in
    filter(CompletionCandidates.namespaces(words: words, environment: .live()), prefix)
  }

  static func filter(_ candidates: [String], _ prefix: String) -> [String] {
    let lower = prefix.lowercased()
    return candidates.filter { $0.lowercased().hasPrefix(lower) }
  }
}

/// `kubectl kaito <TAB>`: kubectl runs `kubectl_complete-kaito WORD… PARTIAL` and passes on what
/// it prints: candidates one a line (`value<TAB>description`), then `:<directive>` (Cobra's
/// protocol; 4 = no file completion, 0 = let the shell complete file names).
enum KubectlPluginCompletion {
  static let noFileCompletion = 4

  static func run(_ words: [String], environment: Environment) {
    var lines: [String] = []
    let directive = candidates(words, environment: environment, into: &lines)
    environment.writeOut(lines.map { $0 + "\n" }.joined() + ":\(directive)\n")
  }

  /// Fills `lines` with candidates for the last word; returns the directive.
  static func candidates(_ words: [String], environment: Environment, into lines: inout [String]) -> Int {
    let current = words.last ?? ""
    let before = Array(words.dropLast())
    guard let tree = try? JSONReader.read(KubectlKaito._dumpHelp())["command"] else { return noFileCompletion }

    // Walk down the subcommands named so far.
    var command = tree
    var path: [String] = []
    var positionals = 0
    var index = 0
    while index < before.count {
      let word = before[index]
      if let sub = subcommands(of: command).first(where: { $0["commandName"]?.stringValue == word }), positionals == 0 {
        command = sub
        path.append(word)
      } else if word.hasPrefix("-") {
        if let option = argument(named: word, in: command), option["kind"]?.stringValue == "option", !word.contains("=") { index += 1 }
      } else {
        positionals += 1
      }
      index += 1
    }

    // A value for the option just before.
    if let previous = before.last, previous.hasPrefix("-"), !previous.contains("="),
      let option = argument(named: previous, in: command), option["kind"]?.stringValue == "option"
    {
      return values(for: option, prefix: current, words: words, command: path, environment: environment, into: &lines)
    }
    if current.hasPrefix("--"), let eq = current.firstIndex(of: "=") {
      let flag = String(current[..<eq])
      guard let option = argument(named: flag, in: command) else { return noFileCompletion }
      var found: [String] = []
      let directive = values(for: option, prefix: String(current[current.index(after: eq)...]), words: words, command: path,
                             environment: environment, into: &found)
      lines = found.map { flag + "=" + $0 }
      return directive
    }
    if current.hasPrefix("-") {
      for argument in command["arguments"]?.arrayValue ?? [] where argument["kind"]?.stringValue != "positional" {
        for name in argument["names"]?.arrayValue ?? [] {
          let text = (name["kind"]?.stringValue == "long" ? "--" : "-") + (name["name"]?.stringValue ?? "")
          if text.hasPrefix(current) { lines.append(text + "\t" + (argument["abstract"]?.stringValue ?? "")) }
        }
      }
      return noFileCompletion
    }
    let subs = subcommands(of: command).filter { $0["commandName"]?.stringValue != "help" }
    if !subs.isEmpty && positionals == 0 {
      for sub in subs {
        let name = sub["commandName"]?.stringValue ?? ""
        if name.hasPrefix(current) { lines.append(name + "\t" + (sub["abstract"]?.stringValue ?? "")) }
      }
      return noFileCompletion
    }
    // Positional arguments.
    switch path {
    case ["deploy"], ["presets", "show"]:
      lines = Complete.filter(CompletionCandidates.models(), current)
    case ["status"], ["chat"], ["port-forward"], ["delete"]:
      lines = Complete.filter(CompletionCandidates.workspaces(words: words, environment: environment), current)
    case ["completion"]:
      lines = Complete.filter(["bash", "zsh", "fish"], current)
    default:
      break
    }
    return noFileCompletion
  }

  static func values(for option: Value, prefix: String, words: [String], command: [String], environment: Environment,
                     into lines: inout [String]) -> Int {
    let name = option["names"]?.arrayValue?.compactMap { $0["name"]?.stringValue }.max { $0.count < $1.count } ?? ""
    switch name {
    case "kubeconfig": return 0
    case "instance-type", "fits":
      lines = Complete.filter(CompletionCandidates.instanceTypes(words: words), prefix)
    case "context": lines = Complete.filter(CompletionCandidates.contexts(words: words, environment: environment), prefix)
    case "preset": lines = Complete.filter(CompletionCandidates.models(), prefix)
    case "namespace": lines = Complete.filter(CompletionCandidates.namespaces(words: words, environment: environment), prefix)
    default:
      lines = Complete.filter(option["allValues"]?.arrayValue?.compactMap(\.stringValue) ?? [], prefix)
    }
    return noFileCompletion
  }

  static func subcommands(of command: Value) -> [Value] { command["subcommands"]?.arrayValue ?? [] }

  /// The option or flag `word` names (`--name`, `--name=value`, `-n`, `-nvalue`).
  static func argument(named word: String, in command: Value) -> Value? {
    let bare = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
    for argument in command["arguments"]?.arrayValue ?? [] {
      for name in argument["names"]?.arrayValue ?? [] {
        let long = name["kind"]?.stringValue == "long"
        let text = (long ? "--" : "-") + (name["name"]?.stringValue ?? "")
        if text == bare { return argument }
      }
    }
    return nil
  }
}

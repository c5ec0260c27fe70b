import ArgumentParser
import KaitoCore

/// `kubectl kaito <TAB>`: kubectl runs `kubectl_complete-kaito WORD… PARTIAL` and passes on what
/// it prints: candidates one a line (`value<TAB>description`), then `:<directive>` (Cobra's
/// protocol; 4 = no file completion, 0 = let the shell complete file names).
public enum KubectlPluginCompletion {
  static let noFileCompletion = 4

  public static func run(_ words: [String], context: CommandContext) {
    var lines: [String] = []
    let directive = candidates(words, context: context, into: &lines)
    context.environment.writeOut(lines.map { $0 + "\n" }.joined() + ":\(directive)\n")
  }

  /// Fills `lines` with candidates for the last word; returns the directive.
  static func candidates(_ words: [String], context: CommandContext, into lines: inout [String]) -> Int {
    let current = words.last ?? ""
    let before = Array(words.dropLast())
    // A plain word after a command that has no subcommands (a model, a workspace): answered from
    // the command's path alone, without describing its options (two thirds of such a TAB).
    if !current.hasPrefix("-"), before.last?.hasPrefix("-") != true, let path = leafPath(before) {
      lines = positionalCandidates(path, current: current, words: words, context: context)
      return noFileCompletion
    }
    guard let tree = describe(before, current: current) else { return noFileCompletion }

    let (command, path, positionals) = walk(tree, before)

    // A value for the option just before.
    if let previous = before.last, previous.hasPrefix("-"), !previous.contains("="),
      let option = argument(named: previous, in: command), option["kind"]?.stringValue == "option"
    {
      return values(for: option, prefix: current, words: words, command: path, context: context, into: &lines)
    }
    if current.hasPrefix("--"), let eq = current.firstIndex(of: "=") {
      let flag = String(current[..<eq])
      guard let option = argument(named: flag, in: command) else { return noFileCompletion }
      var found: [String] = []
      let directive = values(
        for: option, prefix: String(current[current.index(after: eq)...]), words: words, command: path,
        context: context, into: &found)
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
    lines = positionalCandidates(path, current: current, words: words, context: context)
    return noFileCompletion
  }

  /// Candidates for a positional argument of the command at `path`.
  static func positionalCandidates(_ path: [String], current: String, words: [String], context: CommandContext)
    -> [String]
  {
    switch path {
    case ["deploy"], ["presets", "show"]: Complete.filter(CompletionCandidates.models(), current)
    case ["status"], ["chat"], ["port-forward"], ["delete"]:
      Complete.filter(CompletionCandidates.workspaces(words: words, context: context), current)
    case ["completion"]: Complete.filter(["bash", "zsh", "fish"], current)
    default: []
    }
  }

  /// The path of the command the leading words name, when it has no subcommands of its own.
  static func leafPath(_ words: [String]) -> [String]? {
    let (command, depth) = KubectlKaito.named(by: words)
    return depth == 0 || !command.configuration.subcommands.isEmpty ? nil : Array(words.prefix(depth))
  }

  /// The command tree as far as the words need it: only the subcommand typed, or only the
  /// subcommands' names. Describing every command serialises all their help to JSON, 60 M
  /// instructions of the 70 M that a TAB took. The root has no option that takes a value, so
  /// its first plain word is the subcommand.
  static func describe(_ words: [String], current: String) -> Value? {
    let subcommands = KubectlKaito.configuration.subcommands
    if let first = words.first(where: { !$0.hasPrefix("-") }),
      let sub = subcommands.first(where: { $0._commandName == first })
    {
      return (try? JSONReader.read(sub._dumpHelp())["command"]).map { ["subcommands": [$0]] }
    }
    if current.hasPrefix("-") { return try? JSONReader.read(KubectlKaito._dumpHelp())["command"] }
    return [
      "subcommands": .array(
        subcommands.map { ["commandName": .string($0._commandName), "abstract": .string($0.configuration.abstract)] })
    ]
  }

  /// Down the subcommands named among `words`: the command reached, its path, and how many
  /// positional arguments were typed for it.
  static func walk(_ tree: Value, _ words: [String]) -> (command: Value, path: [String], positionals: Int) {
    var command = tree
    var path: [String] = []
    var positionals = 0
    var index = 0
    while index < words.count {
      let word = words[index]
      if let sub = subcommands(of: command).first(where: { $0["commandName"]?.stringValue == word }), positionals == 0 {
        command = sub
        path.append(word)
      } else if word.hasPrefix("-") {
        // An option's value is the next word, unless it came attached.
        if let option = argument(named: word, in: command), option["kind"]?.stringValue == "option", !word.contains("=")
        {
          index += 1
        }
      } else {
        positionals += 1
      }
      index += 1
    }
    return (command, path, positionals)
  }

  static func values(
    for option: Value, prefix: String, words: [String], command: [String], context: CommandContext,
    into lines: inout [String]
  ) -> Int {
    let name = option["names"]?.arrayValue?.compactMap { $0["name"]?.stringValue }.max { $0.count < $1.count } ?? ""
    switch name {
    case "kubeconfig": return 0
    case "instance-type", "fits":
      lines = Complete.filter(CompletionCandidates.instanceTypes(words: words), prefix)
    case "context": lines = Complete.filter(CompletionCandidates.contexts(words: words, context: context), prefix)
    case "preset": lines = Complete.filter(CompletionCandidates.models(), prefix)
    case "namespace": lines = Complete.filter(CompletionCandidates.namespaces(words: words, context: context), prefix)
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

import ArgumentParser
import KaitoCore

public struct KubectlKaito: ContextCommand {
  public init() {}

  // Only here: ArgumentParser's own `version:` would put --version on every subcommand.
  @Flag(help: "Show the version.")
  var version = false

  public static let configuration = CommandConfiguration(
    commandName: "kubectl-kaito",
    abstract: "Deploy, check and talk to KAITO models on Kubernetes.",
    discussion: paragraphs(
      """
      Run as a kubectl plugin (`kubectl kaito …`) or directly (`kubectl-kaito …`).

      Examples:
        kubectl kaito presets --fits Standard_NV36ads_A10_v5
        kubectl kaito presets show phi-3.5-mini-instruct
        kubectl kaito deploy phi-3.5-mini-instruct --wait
        kubectl kaito status workspace-phi-3-5-mini-instruct
        kubectl kaito chat workspace-phi-3-5-mini-instruct

      Exit status: 0 on success, 1 on an error, 64 on a usage error.
      """),
    subcommands: [
      Presets.self, Deploy.self, RunModel.self, Status.self, Scale.self, Chat.self, Bench.self, PortForward.self,
      Tune.self,
      Delete.self, Version.self,
      Completion.self,
    ])

  /// `kubectl-kaito --version` prints the version; without a subcommand, the help.
  func run(in context: CommandContext) throws {
    guard version else { throw CleanExit.helpRequest(self) }
    context.environment.writeOut(Versions.tool + "\n")
  }

  /// The help of the command at `path` (`["presets", "show"]`) for a terminal `columns` wide, as
  /// `--help` prints it.
  public static func help(_ path: [String], columns: Int) -> String {
    asPlugin(helpMessage(for: named(by: path).command, columns: columns))
  }

  /// The command the leading `words` name (`["presets", "show", "phi-3"]` names presets show),
  /// and how many of the words that took.
  static func named(by words: [String]) -> (command: ParsableCommand.Type, depth: Int) {
    var command: ParsableCommand.Type = KubectlKaito.self
    var depth = 0
    for word in words {
      guard let sub = command.configuration.subcommands.first(where: { $0._commandName == word }) else { break }
      command = sub
      depth += 1
    }
    return (command, depth)
  }

  /// Help and usage as users type the command: `kubectl kaito deploy`, not `kubectl-kaito deploy`
  /// (ArgumentParser names it after the binary; the scripts and man pages keep that name).
  static func asPlugin(_ message: String) -> String {
    message.replacing("USAGE: kubectl-kaito", with: "USAGE: kubectl kaito")
      .replacing("Usage: kubectl-kaito", with: "Usage: kubectl kaito")
      .replacing("'kubectl-kaito help", with: "'kubectl kaito help")
      .replacing("'kubectl-kaito ", with: "'kubectl kaito ")
  }

  /// The binary's entry: this process's context, and its exit status.
  public static func main() {
    Platform.unblockSignals()
    let arguments = Array(CommandLine.arguments.dropFirst())
    let context = CommandContext.live(arguments: arguments)
    // Linked as kubectl_complete-kaito, the binary answers kubectl's plugin completion instead.
    if CommandLine.arguments.first.map({ $0.split(separator: "/").last == "kubectl_complete-kaito" }) == true {
      KubectlPluginCompletion.run(arguments, context: context)
      return
    }
    Platform.exit(run(arguments, in: context))
  }

  /// Parses `arguments` and runs the command in `context`: what the binary does, and what the
  /// command tests call. An error the user can act on becomes one `error:` line and exit 1;
  /// usage errors, help and completion scripts are printed as ArgumentParser prints them.
  public static func run(_ arguments: [String], in context: CommandContext) -> Int32 {
    // Parsing sees the context too: validation and completion functions read it.
    CommandContext.$current.withValue(context) { parseAndRun(arguments, in: context) }
  }

  /// `parseAsRoot`, without ArgumentParser's work at the root when it is not needed. At the root,
  /// ArgumentParser builds the named subcommand's whole argument set twice more (to see whether it
  /// takes the rest of the input) before parsing it: a third of `deploy --dry-run`'s start-up.
  /// So the subcommand named by the leading words (the root has no option that takes a value) is
  /// parsed as a root of its own, with its own declared options; anything that does not parse that
  /// way (help, errors, the root's flags) goes through the whole tree, whose messages users see.
  /// Every subcommand names `kubectl-kaito` as its super-command, which ArgumentParser reads only
  /// when that subcommand is the root: it then skips the root's completion-script request check
  /// (two more parsers, a fifth of `presets`), which only the whole tree answers.
  static func parse(_ arguments: [String]) throws -> ParsableCommand {
    let (command, depth) = named(by: arguments)
    // Help comes back as a command of ArgumentParser's own: it too goes through the whole tree.
    if depth > 0, let parsed = try? command.parseAsRoot(Array(arguments.dropFirst(depth))), parsed is ContextCommand {
      return parsed
    }
    return try parseAsRoot(arguments)
  }

  private static func parseAndRun(_ arguments: [String], in context: CommandContext) -> Int32 {
    let env = context.environment
    do {
      var command = try parse(arguments)
      if let command = command as? ContextCommand { try command.run(in: context) } else { try command.run() }
      return 0
    } catch let error as KaitoError {
      env.writeErr(TerminalText.escape(error.printed) + "\n")
      return 1
    } catch {
      let message = asPlugin(fullMessage(for: error))
      let code = exitCode(for: error)
      if code == .success {
        if !message.isEmpty { env.writeOut(message.hasSuffix("\n") ? message : message + "\n") }
      } else {
        env.writeErr(message + "\n")
      }
      return code.rawValue
    }
  }
}

/// A command whose `run()` takes the outside world from one context; the binary's is the live
/// one, the tests' a fake.
protocol ContextCommand: ParsableCommand {
  func run(in context: CommandContext) throws
}

extension ContextCommand {
  func run(in context: CommandContext) throws {
    try run(in: CommandContext.current ?? .live(arguments: Array(CommandLine.arguments.dropFirst())))
  }
}

extension CommandContext {
  /// The context of the command running now, for what ArgumentParser calls without one (the
  /// completion functions).
  @TaskLocal static var current: CommandContext?
}

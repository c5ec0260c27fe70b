import ArgumentParser
import KaitoCommands
import TestSupport
import Testing

/// `--help` of every command, as golden files at 80 and 120 columns: paragraphs wrapped once at
/// the width, examples never wrapped, each default and value list said once, usage as users
/// type it (`kubectl kaito …`) and `--version` only at the top.
@Suite struct HelpTests {
  static let commands: [[String]] = [
    [], ["presets"], ["presets", "list"], ["presets", "show"], ["deploy"], ["run"], ["status"], ["scale"], ["chat"],
    ["bench"],
    ["port-forward"], ["tune"], ["delete"], ["version"], ["completion"],
  ]

  /// No command goes without its golden: the list above is the command tree.
  @Test func theListIsEveryCommand() {
    func paths(_ command: any ParsableCommand.Type, _ prefix: [String]) -> [[String]] {
      [prefix]
        + command.configuration.subcommands.flatMap { paths($0, prefix + [$0.configuration.commandName ?? ""]) }
    }
    #expect(Set(paths(KubectlKaito.self, [])) == Set(Self.commands))
  }

  @Test(arguments: commands)
  func helpAtEightyAndOneHundredTwentyColumns(_ path: [String]) throws {
    for columns in [80, 120] {
      let help = KubectlKaito.help(path, columns: columns)
      let name = "help/" + (path.isEmpty ? "kubectl-kaito" : path.joined(separator: "-")) + "-\(columns).txt"
      if let problem = try goldenMismatch(name, help) { Issue.record(Comment(rawValue: problem)) }
      for line in help.split(separator: "\n") {
        // Only a usage line may be longer: ArgumentParser prints it whole, as kubectl does.
        if !line.hasPrefix("USAGE:") {
          #expect(line.count <= columns, "\(name): \(line)")
        }
      }
      #expect(help.contains("USAGE: kubectl kaito"), "\(name)")
      #expect(!help.contains("kubectl-kaito help"), "\(name)")
      #expect(path.isEmpty == help.contains("--version"), "\(name): --version belongs to the top only")
      #expect(!help.contains("(default") || !help.contains("default) or"), "\(name): a default said twice")
    }
  }

  @Test func helpOfEveryCommandIsTested() {
    let listed = Set(Self.commands.map { $0.joined(separator: " ") })
    for name in ["presets", "deploy", "status", "chat", "port-forward", "tune", "delete", "version", "completion"] {
      #expect(listed.contains(name), "\(name) has no help golden")
    }
  }
}

import ArgumentParser
import KaitoCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@main
struct KubectlKaito: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kubectl-kaito",
    abstract: "Deploy, check and talk to KAITO models on Kubernetes.",
    discussion: """
      Run as a kubectl plugin (`kubectl kaito …`) or directly (`kubectl-kaito …`).

      Examples:
        kubectl kaito presets --fits Standard_NV36ads_A10_v5
        kubectl kaito presets show phi-3.5-mini-instruct
        kubectl kaito deploy phi-3.5-mini-instruct --wait
        kubectl kaito status workspace-phi-3-5-mini-instruct
        kubectl kaito chat workspace-phi-3-5-mini-instruct

      Exit status: 0 on success, 1 on an error, 64 on a usage error.
      """,
    version: Versions.tool,
    subcommands: [Presets.self, Deploy.self, Status.self, Chat.self, PortForward.self, Tune.self, Delete.self, Version.self, Completion.self])

  /// Parses and runs the command; an error the user can act on becomes one `error:` line and exit 1.
  static func main() {
    // A parent may start us with signals blocked (thread pools do); Ctrl-C and SIGTERM must work.
    var none = sigset_t()
    sigemptyset(&none)
    sigprocmask(SIG_SETMASK, &none, nil)
    // Linked as kubectl_complete-kaito, the binary answers kubectl's plugin completion instead.
    if CommandLine.arguments.first.map({ $0.split(separator: "/").last == "kubectl_complete-kaito" }) == true {
      KubectlPluginCompletion.run(Array(CommandLine.arguments.dropFirst()), environment: .live())
      return
    }
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let error as KaitoError {
      writeFully(2, TerminalText.escape(error.printed) + "\n")
      Glibc.exit(1)
    } catch {
      exit(withError: error)
    }
  }
}

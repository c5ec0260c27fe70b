import ArgumentParser
import KaitoCore

/// `completion bash|zsh|fish`: the shell completion script.
struct Completion: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "completion",
    _superCommandName: "kubectl-kaito",
    abstract: "Print the shell completion script for bash, zsh or fish.",
    discussion: paragraphs(
      """
      Candidates are live where that helps: model names and instance types from the catalog,
      workspaces, contexts and namespaces from the cluster (quickly, and silently nothing when it
      cannot be reached).

      For `kubectl kaito <TAB>`, link the binary as kubectl_complete-kaito on your PATH:
        bin="$(dirname "$(command -v kubectl-kaito)")"
        ln -s "$bin/kubectl-kaito" "$bin/kubectl_complete-kaito"

      Examples:
        source <(kubectl-kaito completion bash)
        kubectl-kaito completion zsh > "${fpath[1]}/_kubectl-kaito"
        kubectl-kaito completion fish > ~/.config/fish/completions/kubectl-kaito.fish
      """))

  enum Shell: String, FastArgument {
    case bash, zsh, fish
  }

  @Argument(help: "The shell: bash, zsh or fish.")
  var shell: Shell

  func run(in context: CommandContext) throws {
    let kind: CompletionShell = shell == .bash ? .bash : shell == .zsh ? .zsh : .fish
    context.environment.writeOut(KubectlKaito.completionScript(for: kind))
  }
}

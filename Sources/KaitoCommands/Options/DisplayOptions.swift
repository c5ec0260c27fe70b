import ArgumentParser
import KaitoCore

extension ColorMode: FastArgument {}

/// Options about how results look, shared by every command that prints for people.
struct DisplayOptions: ParsableArguments {
  @Option(help: "When to colour: auto colours a terminal, unless NO_COLOR is set or TERM is dumb.")
  var color: ColorMode = .auto

  /// The context's environment, with colour decided for each stream.
  func environment(_ context: CommandContext) -> Environment {
    var env = context.environment
    env.useColor(color)
    return env
  }
}

/// What every command that talks to the cluster takes: how results look, and kubectl's connection
/// flags (shown under "Cluster options").
struct ClusterCommandOptions: ParsableArguments {
  @OptionGroup var display: DisplayOptions

  @OptionGroup(title: "Cluster options")
  var cluster: ClusterOptions

  /// The workspace to talk to (`findServing`: a name, an InferenceSet's replica, a model), with
  /// how it was found said on stderr.
  func openServing(_ context: CommandContext, _ name: String?) throws -> (Environment, KaitoCluster, FoundWorkspace) {
    let env = display.environment(context)
    let kaito = try cluster.open(context, env)
    let found = try kaito.findServing(name)
    if let note = found.note { env.note(note) }
    return (env, kaito, found)
  }

  /// The context's environment with colour decided, and the cluster with `workspace` checked first.
  func open(_ context: CommandContext, workspace name: String) throws -> (Environment, KaitoCluster) {
    let env = display.environment(context)
    return (env, try cluster.open(context, env, workspace: name))
  }
}

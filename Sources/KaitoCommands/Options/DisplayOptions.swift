import ArgumentParser
import KaitoCore

extension ColorMode: FastArgument {}

/// Options about how results look, shared by every command that prints for people.
struct DisplayOptions: ParsableArguments {
  @Option(help: "Colour: auto (on a terminal, unless NO_COLOR or TERM=dumb), always or never.")
  var color: ColorMode = .auto

  /// The context's environment, with colour decided for each stream.
  func environment(_ context: CommandContext) -> Environment {
    var env = context.environment
    env.useColor(color)
    return env
  }
}

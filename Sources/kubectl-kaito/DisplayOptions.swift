import ArgumentParser
import KaitoCore

extension ColorMode: FastArgument {}

/// Options about how results look, shared by every command that prints for people.
struct DisplayOptions: ParsableArguments {
  @Option(help: "Colour: auto (on a terminal, unless NO_COLOR or TERM=dumb), always or never.")
  var color: ColorMode = .auto

  /// The live environment, with colour decided for each stream.
  func environment() -> Environment {
    var env = Environment.live()
    env.useColor(color)
    return env
  }
}

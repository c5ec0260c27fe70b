import ArgumentParser
import KaitoCore

/// Value lists and default descriptions spelled out: ArgumentParser's defaults derive them through
/// reflection (`String(describing:)`), which costs more start-up time than the whole of `presets`.
protocol FastArgument: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension FastArgument {
  public static var allValueStrings: [String] { allCases.map(\.rawValue) }
  public var defaultValueDescription: String { rawValue }
}

extension Cloud: FastArgument {}
extension Runtime: FastArgument {}
extension OutputFormat: FastArgument {}

/// `--dry-run` as kubectl has it: bare means `client`.
enum DryRun: String, FastArgument {
  case none, client, server
}

/// `-o` of commands that print manifests.
enum ManifestFormat: String, FastArgument {
  case yaml, json, name
  var format: OutputFormat { OutputFormat(rawValue: rawValue)! }
}

/// `-o` of commands that describe one thing.
enum DetailFormat: String, FastArgument {
  case table, wide, json, yaml
  var format: OutputFormat { OutputFormat(rawValue: rawValue)! }
}

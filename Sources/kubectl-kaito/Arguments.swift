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

extension OutputFormat {
  /// Refuses a format the command does not offer, as a usage error (exit 64).
  func require(oneOf allowed: [OutputFormat]) throws {
    guard allowed.contains(self) else {
      throw ValidationError("unsupported output format \"\(rawValue)\"; allowed: \(allowed.map(\.rawValue).joined(separator: ", "))")
    }
  }
}

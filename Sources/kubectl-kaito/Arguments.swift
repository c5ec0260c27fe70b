import ArgumentParser
import KaitoCore

// The value lists are spelled out: ArgumentParser's default derives them through reflection,
// which costs more start-up time than the whole of `presets`.
extension Cloud: ExpressibleByArgument {
  public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
extension Runtime: ExpressibleByArgument {
  public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
extension OutputFormat: ExpressibleByArgument {
  public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// `--dry-run` as kubectl has it: bare means `client`.
enum DryRun: String, ExpressibleByArgument, CaseIterable {
  case none, client, server
  static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension OutputFormat {
  /// Refuses a format the command does not offer, as a usage error (exit 64).
  func require(oneOf allowed: [OutputFormat]) throws {
    guard allowed.contains(self) else {
      throw ValidationError("unsupported output format \"\(rawValue)\"; allowed: \(allowed.map(\.rawValue).joined(separator: ", "))")
    }
  }
}

import ArgumentParser
import KaitoCore

extension Cloud: ExpressibleByArgument {}
extension Runtime: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}

/// `--dry-run` as kubectl has it: bare means `client`.
enum DryRun: String, ExpressibleByArgument, CaseIterable {
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

/// `--color`: colour only on a terminal, never with `NO_COLOR` or `TERM=dumb` (unless `always`),
/// and never in a machine format (those are not painted at all).
public enum ColorMode: String, CaseIterable, Sendable {
  case auto, always, never
}

public enum ANSIColor: String, Sendable {
  case red = "31"
  case green = "32"
  case yellow = "33"
  case bold = "1"
  case dim = "2"

  public func paint(_ text: String) -> String { "\u{1B}[\(rawValue)m\(text)\u{1B}[0m" }
}

extension Environment {
  /// Decides, per stream, whether to colour.
  public mutating func useColor(_ mode: ColorMode) {
    let allowed = (variables["NO_COLOR"] ?? "").isEmpty && variables["TERM"] != "dumb"
    colorOut = mode == .always || (mode == .auto && allowed && stdoutIsTerminal)
    colorErr = mode == .always || (mode == .auto && allowed && stderrIsTerminal)
  }
}

/// The colour of a status word (`True`, `Ready`, `Failed` …), if it has one.
public func statusColor(_ word: String) -> ANSIColor? {
  switch word {
  case "True", "Ready", "Succeeded", "Running": return .green
  case "False", "Failed", "NotReady": return .red
  case "Unknown", "Pending": return .yellow
  default: return nil
  }
}

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

/// A whole number flag that must be positive (`--max-tokens`, `--max-model-len`); "-1" reaches
/// this check rather than being taken for a flag.
func positiveNumber(_ flag: String) -> @Sendable (String) throws -> Int {
  { text in
    guard let value = Int(text), value >= 1 else {
      throw ValidationError("\(flag) must be a whole number of at least 1, not \(text)")
    }
    return value
  }
}

extension ParsableCommand {
  static func positive(_ flag: String) -> @Sendable (String) throws -> Int { positiveNumber(flag) }

  static func number(_ flag: String, in range: ClosedRange<Double>) -> @Sendable (String) throws -> Double {
    { text in
      guard let value = Double(text), value.isFinite, range.contains(value) else {
        throw ValidationError(
          "\(flag) must be a number from \(range.lowerBound == Double.leastNonzeroMagnitude ? "above 0" : String(range.lowerBound)) to \(range.upperBound), not \(text)"
        )
      }
      return value
    }
  }
}

/// `--dry-run` as kubectl has it: bare means `client`.
enum DryRun: String, FastArgument {
  case none, client, server

  /// ArgumentParser takes an unknown `--dry-run=VALUE` for the bare flag; kubectl refuses it, and
  /// so do we (the value could be a typo for `server`, and a client run then writes nothing).
  static func checkAttached(_ arguments: [String]) throws {
    for argument in arguments where argument.hasPrefix("--dry-run=") {
      let value = argument.dropFirst("--dry-run=".count)
      guard DryRun(rawValue: String(value)) != nil else {
        throw ValidationError("invalid --dry-run \"\(value)\": must be \"none\", \"server\", or \"client\"")
      }
    }
  }
}

/// `--dry-run`, for the commands that apply.
struct DryRunOption: ParsableArguments {
  @Option(
    name: .long, defaultAsFlag: DryRun.client, parsing: .next,
    help: ArgumentHelp(
      "Only print what would be applied: with client nothing is sent; with server the cluster checks it and stores nothing.",
      valueName: "mode"))
  var dryRun: DryRun? = nil

  func validate() throws { try DryRun.checkAttached(CommandContext.current?.arguments ?? []) }
}

/// `-o` of commands that print manifests.
enum ManifestFormat: String, FastArgument {
  case yaml, json, name
  // Every case of this enum is a case of OutputFormat with the same raw value.
  var format: OutputFormat { OutputFormat(rawValue: rawValue)! }
}

/// `-o` of commands that describe one thing.
enum DetailFormat: String, FastArgument {
  case table, wide, json, yaml
  // Every case of this enum is a case of OutputFormat with the same raw value.
  var format: OutputFormat { OutputFormat(rawValue: rawValue)! }
}

/// Help text as paragraphs: the lines of each paragraph are joined, so that ArgumentParser wraps
/// them once, at the reader's width (and `man` at its own); indented lines (examples) and blank
/// lines stay as written.
func paragraphs(_ text: String) -> String {
  // Over UTF-8 bytes: every command's help is built at start-up, and Character-wise splitting of
  // these texts was a sixth of `version --client`'s instructions.
  let space = UInt8(ascii: " ")
  var out: [UInt8] = []
  out.reserveCapacity(text.utf8.count)
  var last: (empty: Bool, indented: Bool, colon: Bool)? = nil
  for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
    let indented = line.first == space
    if let previous = last, !previous.empty, !line.isEmpty, !indented, !previous.indented, !previous.colon {
      out.append(space)
      last = (false, false, line.last == UInt8(ascii: ":"))
    } else {
      if last != nil { out.append(UInt8(ascii: "\n")) }
      last = (line.isEmpty, indented, line.last == UInt8(ascii: ":"))
    }
    out.append(contentsOf: line)
  }
  return String(decoding: out, as: UTF8.self)
}

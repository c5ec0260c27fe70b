import KaitoCore
import TestSupport
import Testing

/// What a person reads, byte for byte, at 80 columns: the tables and details of `status`, and
/// `deploy --wait`'s progress in a CI log and on a terminal. Replayed from the recorded fixtures
/// with the clock stopped; `UPDATE_GOLDEN=1 swift test --filter OutputGoldenTests` rewrites them.
@Suite struct OutputGoldenTests {
  let phi = "workspace-phi-3-5-mini-instruct"
  let eighty = ["COLUMNS": "80"]

  /// Ages depend on how long the recording took (0s or 1s): they are read as 0s.
  func expectGolden(_ name: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let aged = text.replacing(/([ (])[0-9]+s(?=[ )\n])/) { "\($0.output.1)0s" }
    if let problem = try goldenMismatch(name, aged) {
      Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation)
    }
  }

  @Test func statusTablesAndDetails() throws {
    let replay = try Replay("status")
    try expectGolden("status.txt", kaito(["status"], replay, variables: eighty).stdout)
    try expectGolden("status-detail.txt", kaito(["status", phi], replay, variables: eighty).stdout)
    let quota = try Replay("status-quota")
    _ = kaito(["deploy", "phi-4", "--instance-type", "Standard_NC24ads_A100_v4", "--wait"], quota)
    try expectGolden("status-quota-detail.txt", kaito(["status", "workspace-phi-4"], quota, variables: eighty).stdout)
  }

  /// In a log: one plain line per phase, no carriage return, no escape sequence.
  @Test func deployWaitInALog() throws {
    let run = kaito(["deploy", "phi-3.5-mini-instruct", "--wait"], try Replay("deploy"), variables: eighty)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(!run.stderr.contains("\r") && !run.stderr.contains("\u{1B}"))
    try expectGolden("deploy-wait-log.txt", run.stderr)
  }

  /// On a terminal: one line redrawn in place (`\r`, erase line), cleared before the outcome.
  @Test func deployWaitOnATerminal() throws {
    let run = kaito(
      ["deploy", "phi-3.5-mini-instruct", "--wait"], try Replay("deploy"), terminal: true, variables: eighty)
    #expect(run.status == 0, "\(run.stderr)")
    let visible = run.stderr.replacing("\r", with: "\\r\n").replacing("\u{1B}", with: "\\e")
    // The live line never wraps: each redraw fits the 80 columns.
    for line in run.stderr.split(separator: "\r") where line.hasPrefix("\u{1B}[K") && !line.contains("\n") {
      #expect(line.dropFirst(3).count <= 80, "\(line)")
    }
    #expect(run.stderr.contains("\r\u{1B}[Kworkspace.kaito.sh/\(phi) is Ready"), "the live line is cleared first")
    try expectGolden("deploy-wait-terminal.txt", visible)
  }

  /// TERM=dumb on a terminal reads like a log: no redraws, no escape sequences anywhere.
  @Test func aDumbTerminalGetsPlainLines() throws {
    let run = kaito(
      ["deploy", "phi-3.5-mini-instruct", "--wait"], try Replay("deploy"), terminal: true,
      variables: ["TERM": "dumb"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(!run.stderr.contains("\r") && !run.stderr.contains("\u{1B}"), "\(run.stderr)")
    #expect(run.stderr.contains("\nnodes: waiting for 1 GPU node"))
  }
}

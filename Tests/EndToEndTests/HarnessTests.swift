import Foundation
import TestSupport
import Testing

/// The harness that starts programs for every end-to-end test: a hang must fail one test, never
/// hold the whole run.
@Suite(.ownThreads) struct HarnessTests {
  /// A program still running at its deadline is killed and reported with what it printed.
  @Test func aProgramPastItsDeadlineIsKilledAndReported() throws {
    let started = Date()
    do {
      _ = try runProcess(["sh", "-c", "echo begun; exec sleep 60"], deadline: 1)
      Issue.record("sleep 60 ended within a deadline of 1 s")
    } catch let missed as ProcessDeadlineMissed {
      #expect(missed.stdout == "begun\n")
      #expect(missed.description.contains("was still running after 1.0 s and was killed"))
    }
    #expect(Date().timeIntervalSince(started) < 50)
  }
}

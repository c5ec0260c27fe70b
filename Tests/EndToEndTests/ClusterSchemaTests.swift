import Foundation
import TestSupport
import Testing

/// The test cluster's custom-resource behaviour (defaults, pruning, validation, versions,
/// generation) comes from KAITO's CRD files; Tests/Cluster/test_schema.py proves each part of it
/// over HTTPS, as a client meets it.
@Suite(.ownThreads) struct ClusterSchemaTests {
  @Test func theTestClusterTreatsCustomResourcesAsARealAPIServerDoes() throws {
    let result = try runProcess(
      [python, "-m", "unittest", "-v", "test_schema"],
      currentDirectory: repositoryRoot.appendingPathComponent("Tests/Cluster"))
    #expect(result.status == 0, "\(result.stderr)")
    let ran = result.stderr.split(separator: "\n").first { $0.hasPrefix("Ran ") }
    #expect(ran.map { !$0.hasPrefix("Ran 0 ") } == true, "\(result.stderr)")
    #expect(!result.stderr.contains("skipped"), "every schema test runs: \(result.stderr)")
  }
}

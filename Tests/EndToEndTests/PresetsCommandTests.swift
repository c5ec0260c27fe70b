import Foundation
import TestSupport
import Testing

/// `presets` as a user runs it: the built binary, its stdout, stderr and exit code.
@Suite(.ownThreads) struct PresetsCommandTests {
  func expectGolden(_ name: String, _ result: ProcessResult, sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(result.status == 0, "\(result.stderr)", sourceLocation: sourceLocation)
    if let problem = try goldenMismatch(name, result.stdout) {
      Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation)
    }
  }

  @Test func table() throws {
    let result = try kaito("presets")
    try expectGolden("presets.txt", result)
    #expect(result.stdout.split(separator: "\n").count == 61)
    #expect(result.stderr.isEmpty)
    #expect(try kaito("presets", "list").stdout == result.stdout)
  }

  @Test func wideAndFilters() throws {
    try expectGolden("presets-wide-aws.txt", try kaito("presets", "-o", "wide", "--cloud", "aws"))
    try expectGolden("presets-fits-a10.txt", try kaito("presets", "--fits", "Standard_NV36ads_A10_v5", "-o", "name"))
    let tunable = try kaito("presets", "--tunable", "--no-headers", "-oname")
    #expect(tunable.stdout.split(separator: "\n").count == 10)
    let transformers = try kaito("presets", "--runtime", "transformers", "-o", "name")
    #expect(transformers.stdout.split(separator: "\n").count == 20)
    #expect(!transformers.stdout.contains("Phi-4-mini-instruct"))
  }

  @Test func json() throws {
    let result = try kaito("presets", "-o", "json")
    #expect(result.status == 0)
    let list = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    let items = list["items"] as! [[String: Any]]
    #expect(items.count == 60)
    let phi = try #require(items.first { $0["name"] as? String == "microsoft/Phi-3.5-mini-instruct" })
    #expect(phi["alias"] as? String == "phi-3.5-mini-instruct")
    #expect(phi["runtimes"] as? [String] == ["vllm", "transformers"])
    let recommended = phi["recommended"] as! [String: Any]
    #expect(recommended["instanceType"] as? String == "Standard_NV36ads_A10_v5")
    #expect(recommended["nodes"] as? Int == 1)
    #expect(!result.stdout.contains("\\/"))
  }

  @Test func show() throws {
    try expectGolden("presets-show-phi-3.5.txt", try kaito("presets", "show", "phi-3.5-mini-instruct"))
    try expectGolden(
      "presets-show-deepseek-aws.yaml", try kaito("presets", "show", "deepseek-r1-0528", "--cloud", "aws", "-o", "yaml")
    )
  }

  @Test func showJSONCarriesTheFitOfEveryInstanceType() throws {
    let result = try kaito("presets", "show", "llama-3.3-70b-instruct", "-o", "json")
    #expect(result.status == 0)
    let detail = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    let fit = detail["fit"] as! [[String: Any]]
    #expect(fit.count == 14)
    for row in fit {
      for key in ["instanceType", "cloud", "gpus", "gpuMemoryGiB", "fitsOneNode"] { #expect(row[key] != nil, "\(key)") }
    }
    let a10 = try #require(fit.first { $0["instanceType"] as? String == "Standard_NV36ads_A10_v5" })
    #expect(a10["nodes"] as? Int == 9)
    #expect(a10["fitsOneNode"] as? Bool == false)
    #expect(a10["gpuMemoryGiB"] as? Int == 24)
    let amd = try #require(fit.first { $0["instanceType"] as? String == "Standard_NG32ads_V620_v1" })
    #expect(amd["nodes"] == nil)
    #expect(
      fit.filter { $0["recommended"] as? Bool == true }.map { $0["instanceType"] as? String } == [
        "Standard_NC80adis_H100_v5"
      ])
    let aws = try kaito("presets", "show", "llama-3.3-70b-instruct", "--cloud", "aws", "-o", "json")
    let awsFit =
      (try JSONSerialization.jsonObject(with: Data(aws.stdout.utf8)) as! [String: Any])["fit"] as! [[String: Any]]
    #expect(awsFit.count == 35)
    #expect(awsFit.first { $0["instanceType"] as? String == "g6.12xlarge" }?["nodes"] as? Int == 2)
  }

  @Test func showSizesForTheContextAndRuntime() throws {
    let result = try kaito("presets", "show", "phi-3.5-mini-instruct", "--max-model-len", "32768", "-o", "json")
    let fit =
      (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any])["fit"] as! [[String: Any]]
    #expect(fit.first { $0["instanceType"] as? String == "Standard_NV36ads_A10_v5" }?["nodes"] as? Int == 2)
    let transformers = try kaito("presets", "show", "phi-4", "--runtime", "transformers", "-o", "json")
    let tfit =
      (try JSONSerialization.jsonObject(with: Data(transformers.stdout.utf8)) as! [String: Any])["fit"]
      as! [[String: Any]]
    #expect(tfit.first { $0["instanceType"] as? String == "Standard_NV36ads_A10_v5" }?["nodes"] == nil)
  }
}

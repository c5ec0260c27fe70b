import TestSupport
import Testing

@testable import KaitoCore

/// What we write, PyYAML reads to the same values; what PyYAML writes, we read to the same values.
/// Both sides are compared in a canonical form that names every scalar's type.
@Suite struct YAMLCrossCheckTests {
  static let script = repositoryRoot.appendingPathComponent("Tests/Support/pyyaml_crosscheck.py").path

  /// The canonical form of Tests/Support/pyyaml_crosscheck.py, built from our own values.
  static func canonical(_ value: Value) -> Value {
    switch value {
    case .null: return ["null": true]
    case .bool(let b): return ["bool": .bool(b)]
    case .int(let i): return ["int": .string(String(i))]
    case .double(let d): return ["float": .string(d.isNaN ? "nan" : String(Int64(bitPattern: d.bitPattern)))]
    case .string(let s): return ["str": .string(s)]
    case .array(let items): return ["seq": .array(items.map(canonical))]
    case .object(let object):
      var out = Value.Object()
      for (key, item) in object.entries { out[key] = canonical(item) }
      return ["map": .object(out)]
    }
  }

  @Test func pyYAMLReadsWhatWeWrite() throws {
    var random = SeededRandom(seed: 7)
    let values = (0..<400).map { _ in YAMLRoundTripProperty.value(&random) }
    let result = try runProcess([python, Self.script, "canon"], stdin: YAMLWriter.writeAll(values))
    try #require(result.status == 0, "PyYAML failed: \(result.stderr)")
    let theirs = try #require(try YAMLReader.read(result.stdout).arrayValue)
    #expect(theirs.count == values.count)
    for (index, (value, canon)) in zip(values, theirs).enumerated() {
      #expect(Self.canonical(value) == canon, "document \(index): \(YAMLWriter.write(value))")
    }
  }

  @Test func weReadWhatPyYAMLWrites() throws {
    let result = try runProcess([python, Self.script, "generate", "400", "11"])
    try #require(result.status == 0, "PyYAML failed: \(result.stderr)")
    let ours = try YAMLReader.readAll(result.stdout)
    let theirs = try #require(try YAMLReader.read(result.stderr).arrayValue)
    #expect(ours.count == theirs.count)
    for (index, (value, canon)) in zip(ours, theirs).enumerated() {
      #expect(Self.canonical(value) == canon, "document \(index)")
    }
  }
}

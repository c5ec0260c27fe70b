import TestSupport
import Testing

@testable import KaitoCore

@Suite struct YAMLReadingTests {
  @Test(arguments: [
    ("true", Value.bool(true)), ("yes", .bool(true)), ("On", .bool(true)), ("Y", .bool(true)), ("y", .bool(true)),
    ("false", .bool(false)), ("NO", .bool(false)), ("off", .bool(false)), ("n", .bool(false)),
    ("null", .null), ("~", .null), ("Null", .null), ("", .null),
    ("42", .int(42)), ("-7", .int(-7)), ("+3", .int(3)), ("0x1F", .int(31)), ("0o17", .int(15)),
    ("017", .int(15)), ("0b101", .int(5)), ("1_000", .int(1000)), ("9223372036854775807", .int(.max)),
    ("-9223372036854775808", .int(.min)),
    ("1.5", .double(1.5)), ("-0.25", .double(-0.25)), (".5", .double(0.5)), ("1e3", .double(1000)),
    ("1.0", .double(1.0)), ("089", .double(89)), (".inf", .double(.infinity)), ("-.Inf", .double(-.infinity)),
    (".NaN", .double(.nan)), ("18446744073709551616", .double(18446744073709551616)),
    ("hello", .string("hello")), ("1:30", .string("1:30")), ("+inf", .string("+inf")), ("0x", .string("0x")),
    ("1.2.3", .string("1.2.3")), ("2001-12-14", .string("2001-12-14")), ("yes please", .string("yes please")),
  ])
  func plainScalarsAreTypedAsKubernetesTypesThem(text: String, expected: Value) throws {
    #expect(try YAMLReader.read("v: \(text)\n")["v"] == expected)
  }

  @Test func quotedScalarsAreStrings() throws {
    let v = try YAMLReader.read("a: \"yes\"\nb: '1.0'\nc: !!str 42\nd: \"\"\n")
    #expect(v == ["a": "yes", "b": "1.0", "c": "42", "d": ""])
  }

  @Test func explicitTagsAreHonoured() throws {
    let v = try YAMLReader.read("a: !!float 1\nb: !!int \"7\"\nc: !!bool yes\n")
    #expect(v == ["a": .double(1), "b": 7, "c": true])
    #expect(throws: YAMLError.self) { try YAMLReader.read("a: !!int nope\n") }
  }

  @Test func multiDocumentStreams() throws {
    let docs = try YAMLReader.readAll("a: 1\n---\n- x\n- z\n---\n---\nb: c\n")
    #expect(docs == [["a": 1], ["x", "z"], .null, ["b": "c"]])
    #expect(throws: YAMLError.self) { try YAMLReader.read("a: 1\n---\nb: 2\n") }
  }

  @Test func anchorsAliasesAndMergeKeys() throws {
    let text = """
      base: &base
        image: vllm
        port: 5000
      list: &items [1, 2]
      copy: *items
      merged:
        <<: *base
        port: 8000
      """
    let v = try YAMLReader.read(text)
    #expect(v["copy"] == [1, 2])
    #expect(v["merged"] == ["image": "vllm", "port": 8000])
  }

  @Test func syntaxErrorsNameLineAndColumn() {
    do {
      _ = try YAMLReader.read("a: 1\nb: [1, 2\nc: 3\n")
      Issue.record("expected an error")
    } catch {
      #expect(error.line == 3)
      #expect(error.description.hasPrefix("line 3, column"))
    }
    do {
      _ = try YAMLReader.read("a:\n  b: 1\n   c: 2\n")
      Issue.record("expected an error")
    } catch {
      #expect(error.line == 3)
    }
  }

  @Test func duplicateKeysAreErrorsNotSilentOverwrites() {
    do {
      _ = try YAMLReader.read("name: a\nlabels: {}\nname: b\n")
      Issue.record("expected an error")
    } catch {
      #expect(error.message == "duplicate key \"name\"")
      #expect(error.line == 3)
    }
  }

  @Test func unknownAliasIsAnError() {
    #expect(throws: YAMLError.self) { try YAMLReader.read("a: *nope\n") }
  }

  @Test func readsJSON() throws {
    let v = try YAMLReader.read(#"{"a": [1, 2.5, "x", null, true], "b": {"c": "d\n"}}"#)
    #expect(v == ["a": [1, 2.5, "x", nil, true], "b": ["c": "d\n"]])
  }
}

@Suite struct YAMLWritingTests {
  @Test func writesLikeKubectl() {
    let v: Value = [
      "apiVersion": "kaito.sh/v1beta1",
      "metadata": ["name": "ws", "labels": ["b": "2", "a": "1"]],
      "items": ["x", ["k": "v", "count": 1]],
      "empty": [:], "none": [],
      "script": "line one\nline two\n",
    ]
    #expect(
      YAMLWriter.write(v) == """
        apiVersion: kaito.sh/v1beta1
        metadata:
          name: ws
          labels:
            b: "2"
            a: "1"
        items:
        - x
        - k: v
          count: 1
        empty: {}
        none: []
        script: |
          line one
          line two

        """)
  }

  @Test(arguments: [
    "yes", "on", "Off", "y", "N", "1.0", "0123", "null", "~", "", "0x10", "1e5", "1:30",
    "2001-12-14", "+inf", ".nan", "-5", "<<", "=", "true", "inf", "NaN", "1_0",
  ])
  func quotesStringsThatWouldReadAsSomethingElse(text: String) {
    #expect(YAMLWriter.write(["k": .string(text)]) == "k: \"\(text)\"\n")
  }

  @Test(arguments: ["*alias", "&anchor", "!tag", "%pct", "@at", "`tick", "a: b", "a #b", "- x", "[x]", "{y}", " lead"])
  func quotesLeadingIndicatorsAndSeparators(text: String) throws {
    let written = YAMLWriter.write(["k": .string(text)])
    #expect(written.hasPrefix("k: '") || written.hasPrefix("k: \""), "\(written)")
    #expect(try YAMLReader.read(written)["k"] == .string(text))
  }

  @Test func plainWhereSafe() {
    #expect(
      YAMLWriter.write(["image": "mcr.microsoft.com/aks/kaito/kaito-base:0.5.0", "v": "1.2.3", "name": "phi-4"])
        == "image: mcr.microsoft.com/aks/kaito/kaito-base:0.5.0\nv: 1.2.3\nname: phi-4\n")
    // Go's YAML reads a plain `n` or `y` as a bool, so even these keys are quoted.
    #expect(YAMLWriter.write(["n": "y"]) == "\"n\": \"y\"\n")
  }

  @Test func numbersReadBackWithTheirType() throws {
    let v: Value = [
      "i": 3, "d": 3.0, "big": .double(1e20), "small": .double(1.5e-7), "inf": .double(-.infinity),
      "nan": .double(.nan),
    ]
    let text = YAMLWriter.write(v)
    #expect(text.contains("d: 3.0\n"))
    #expect(text.contains("big: 1.0e+20\n"))
    #expect(try YAMLReader.read(text) == v)
  }

  @Test func documentsAreSeparated() {
    #expect(YAMLWriter.writeAll([["a": 1], ["b": 2]]) == "a: 1\n---\nb: 2\n")
  }
}

/// Random values survive a write and a read unchanged.
@Suite struct YAMLRoundTripProperty {
  static let pool = [
    "yes", "No", "on", "y", "n", "null", "~", "", " ", "1.0", "0123", "0x1F", "0o7", "1e5",
    "089", "1:30", "-", "- x", "a: b", "#c", "*a", "&b", "!t", "%p", "@q", "`r", "<<", "=",
    "line\nbreak", "trail\n", "\n", "  lead", "tail ", "tab\t", "ünï", "😀", "\"q\"", "'s'",
    "2001-12-14", ".inf", "+.5", "|", ">", "?", "[", "]", "{", "}", ",", "\\", "\u{1}ctl",
  ]
  static let alphabet = Array("abcXYZ019 -_.:#,'\"!&*%@`|>?[]{}\n\tüé😀\\")

  static func string(_ r: inout SeededRandom) -> String {
    if Bool.random(using: &r) { return pool.randomElement(using: &r)! }
    return String((0..<Int.random(in: 0...12, using: &r)).map { _ in alphabet.randomElement(using: &r)! })
  }

  static func value(_ r: inout SeededRandom, depth: Int = 0) -> Value {
    switch Int.random(in: 0...(depth < 3 ? 9 : 5), using: &r) {
    case 0: return .null
    case 1: return .bool(Bool.random(using: &r))
    case 2:
      return .int(
        Bool.random(using: &r) ? Int.random(in: .min ... .max, using: &r) : Int.random(in: -1000...1000, using: &r))
    case 3:
      return .double(
        [.infinity, -.infinity, .nan, 0, -0.5, 1e20, 1.5e-7, Double.random(in: -1e6...1e6, using: &r)].randomElement(
          using: &r)!)
    case 4, 5: return .string(string(&r))
    case 6, 7: return .array((0..<Int.random(in: 0...4, using: &r)).map { _ in value(&r, depth: depth + 1) })
    default:
      var object = Value.Object()
      for _ in 0..<Int.random(in: 0...4, using: &r) { object[string(&r)] = value(&r, depth: depth + 1) }
      return .object(object)
    }
  }

  @Test func readOfWriteIsIdentity() throws {
    var random = SeededRandom(seed: 20261129)
    for i in 0..<2000 {
      let v = Self.value(&random)
      let text = YAMLWriter.write(v)
      let back = try YAMLReader.read(text)
      #expect(back == v, "case \(i): \(text)")
      if back != v { return }
    }
  }
}

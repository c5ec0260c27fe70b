import Testing

@testable import KaitoCore

/// Inputs that once crashed, hung or misled, each kept as a test (issue 10's reproducers and what
/// the fuzz targets found).
@Suite struct HardeningTests {
  @Test(arguments: [
    "http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/", "http://127.1/", "http://0/",
    "http://[::ffff:169.254.169.254]/", "http://[0:0:0:0:0:0:0:1]/", "http://user@169.254.169.254/",
    "http://metadata.google.internal./", "http://", "HTTP://127.0.0.1/x", "https://[fe80::1%25eth0]/",
    "http://10.1.2.3:8080/data", "http://[::]/", "http://0x0a.0.0.1/", "http://[64:ff9b::a9fe:a9fe]/",
    "ftp://example.com/",
    "http://a.localhost/", "http://192.168.1.1./", "http://example.com:bad/",
  ])
  func internalOrBadURLsAreRefused(url: String) {
    #expect(throws: KaitoError.self) { try TuningRules.checkInputURL(url) }
  }

  @Test(arguments: [
    "http://127.0.0.1:80@example.com/", "HTTPS://example.com/data.parquet", "https://huggingface.co/datasets/x/y?z=1#f",
    "http://[2001:db8::1]/", "http://8.8.8.8/", "http://1.2.3.4:443/path",
  ])
  func publicURLsPass(url: String) throws {
    try TuningRules.checkInputURL(url)
  }

  @Test func outputFolderIsJudgedAfterDotsAreResolved() throws {
    let config = { (dir: String) in
      "training_config:\n  TrainingArguments:\n    output_dir: \(dir)\n  QuantizationConfig:\n    load_in_4bit: true\n"
    }
    #expect(throws: KaitoError.self) { try TuningRules.checkConfig(config("/mnt/../etc"), method: "qlora", file: "f") }
    #expect(throws: KaitoError.self) { try TuningRules.checkConfig(config("mnt/results"), method: "qlora", file: "f") }
    try TuningRules.checkConfig(config("/mnt/./results//x/.."), method: "qlora", file: "f")
  }

  @Test func serverTextIsMadeHarmlessAndModelTextKeepsItsLayout() {
    #expect(TerminalText.escape("a\u{1B}[31mb\rc\u{7}\u{7F}") == "a^[[31mb\\rc^G^?")
    #expect(TerminalText.escape("x\u{9B}2J\u{9D}y\u{202E}z\u{2066}") == "x<U+009B>2J<U+009D>y<U+202E>z<U+2066>")
    #expect(TerminalText.escape("two\nlines\ttab") == "two\nlines\ttab")
    #expect(TerminalText.escape("two\nlines", newlines: false) == "two\\nlines")
    #expect(TerminalText.escape("plain ünïcode ✓") == "plain ünïcode ✓")
    #expect(terminalSafe("code:\n\tlet x = 1\u{1B}]0;title\u{7}\u{9B}\u{202E}") == "code:\n\tlet x = 1]0;title")
  }

  @Test func tablesWithNoColumnsOrRowsOfAnyLengthNeverTrap() {
    #expect(Table(headers: [], rows: [["a", "b"]]).render() == "")
    let table = Table(headers: ["A", "B"], rows: [["1", "2", "3", "4"], [], ["x\u{1B}"]])
    #expect(table.render() == "A        B\n1        2\n<none>   <none>\nx^[      <none>\n")
    var server = StatusReport.ServerTable(allNamespaces: true)
    server.add(["cells": [1e300, .null, "x"]])
    server.add([:])
    let columns: Value = ["columnDefinitions": [["name": "Name", "priority": 1]]]
    #expect(server.table(columns: columns).render() == "NAMESPACE\n<none>\n<none>\n")
    #expect(StatusReport.cellText(.double(1e300)) == "1e+300")
    #expect(StatusReport.cellText(.double(-.infinity)) == "-inf")
  }

  @Test func webSocketFramesOfAnyAnnouncedLengthAreRefusedNotTrapped() throws {
    var huge: [UInt8] = [0x82, 127] + [0x80, 0, 0, 0, 0, 0, 0, 5] + [1, 2, 3]
    #expect(throws: KaitoError.self) { try WebSocketFrame.decode(&huge) }
    var big: [UInt8] = [0x82, 127] + [0, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF]
    #expect(throws: KaitoError.self) { try WebSocketFrame.decode(&big) }
    var partial: [UInt8] = [0x82, 126, 0x01]
    #expect(try WebSocketFrame.decode(&partial) == nil)
    var masked: [UInt8] = [0x81, 0x82, 1, 2, 3, 4, UInt8(ascii: "h") ^ 1, UInt8(ascii: "i") ^ 2, 0x88]
    #expect(try WebSocketFrame.decode(&masked) == WebSocketFrame(fin: true, opcode: 1, payload: Array("hi".utf8)))
    #expect(masked == [0x88])
  }

  @Test func jsonEscapesThatAreNotPairsNeverTrap() throws {
    #expect(try JSONReader.read(#""\uD800\u0041""#) == .string("\u{FFFD}A"))
    #expect(try JSONReader.read(#""\uDC00""#) == .string("\u{FFFD}"))
    #expect(try JSONReader.read(#""\uD83D\uDE00""#) == .string("😀"))
    #expect(throws: KaitoError.self) { try JSONReader.read(String(repeating: "[", count: 100_000)) }
  }

  @Test func jsonWithManyKeysAndADuplicateIsLinear() throws {
    var text = "{"
    for i in 0..<80_000 { text += "\"k\(i)\":\(i)," }
    text += "\"k0\":-1}"
    let value = try JSONReader.read(text)
    #expect(value["k0"] == .int(-1))
    #expect(value.objectValue?.count == 80_000)
  }

  @Test func yamlLimitsAreErrorsThatNameThem() {
    #expect(throws: YAMLError.self) { try YAMLReader.read(String(repeating: "[", count: 5000)) }
    var laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in 1..<10 {
      let previous = Character(Unicode.Scalar(96 + i)!)
      laughs +=
        "\(Character(Unicode.Scalar(97 + i)!)): &\(Character(Unicode.Scalar(97 + i)!)) ["
        + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
    }
    do {
      _ = try YAMLReader.read(laughs)
      Issue.record("a billion laughs was read")
    } catch {
      #expect(error.message.contains("excessive aliasing"))
    }
    #expect(throws: YAMLError.self) { try YAMLReader.read(String(repeating: "a", count: YAMLReader.maxBytes + 1)) }
  }

  @Test func yamlWithManyKeysIsLinear() throws {
    var text = "m:\n"
    for i in 0..<100_000 { text += "  k\(i): v\n" }
    let value = try YAMLReader.read(text)
    #expect(value["m"]?.objectValue?.count == 100_000)
  }

  @Test func durationsOutOfRangeAreRefused() {
    for text in ["1e20", "inf", "nan", "9999999999999999", "-1", "1e17", "721h", "", "5x"] {
      #expect(Time.parseDuration(text) == nil, "\(text)")
    }
    #expect(Time.parseDuration("720h") == Double(720 * 3600))
    #expect(Time.parseDuration("1h30m") == Double(5400))
    #expect(Time.parseDuration("0") == Double(0))
    #expect(
      Time.humanDuration(.infinity) == "<invalid>" && Time.humanDuration(.nan) == "<invalid>"
        && Time.humanDuration(1e300) == "<invalid>")
    #expect(Time.elapsed(.infinity) == "0s" && Time.elapsed(-5) == "0s")
  }

  @Test func pathsWithEmptyOrDotSegmentsAreRefused() throws {
    for path in [
      "/apis/kaito.sh/v1beta1/namespaces/default/workspaces/.", "/api/v1/namespaces/../pods", "/api/v1//pods",
      "/apis/kaito.sh/v1beta1/namespaces/default/workspaces/", "/api/v1/namespaces/%2E%2E/pods",
    ] {
      #expect(throws: KaitoError.self, "\(path)") { try KubeClient.checkPath(path) }
    }
    try KubeClient.checkPath("/apis/kaito.sh/v1beta1/namespaces/default/workspaces/a.b?fieldSelector=x%3D.")
  }

  @Test func watchBackoffGrowsJitteredAndCapped() {
    var backoff = KubeClient.Backoff()
    let waits = (0..<10).map { _ in backoff.next() }
    #expect(waits[0] >= 0.8 && waits[0] < 1.6)
    #expect(waits[3] >= 6.4 && waits[3] < 12.8)
    #expect(waits.allSatisfy { $0 <= 30 })
    backoff.reset()
    #expect(backoff.next() < 1.6)
  }

  @Test func listsWrittenItemByItemAreTheSameBytesAsWhole() {
    let items: [Value] = [
      [
        "apiVersion": "kaito.sh/v1beta1", "kind": "Workspace", "metadata": ["name": "a", "labels": ["x": "y"]],
        "inference": ["preset": ["name": "phi-4"]], "note": "two\nlines\n",
      ],
      [
        "apiVersion": "kaito.sh/v1beta1", "kind": "Workspace", "metadata": ["name": "b"], "list": [1, 2, ["k": "v"]],
        "empty": [:],
      ],
    ]
    for count in [0, 1, 2] {
      let whole: Value = [
        "apiVersion": "v1", "items": .array(Array(items.prefix(count))), "kind": "List",
        "metadata": ["resourceVersion": ""],
      ]
      for format in [OutputFormat.json, .yaml] {
        var text = ""
        var writer = ListWriter(format: format) { text += $0 }
        for item in items.prefix(count) { writer.add(item) }
        writer.finish()
        #expect(text == (format == .json ? JSONWriter.write(whole) : YAMLWriter.write(whole)), "\(format) of \(count)")
      }
    }
  }
}

import Testing

@testable import KaitoCore

/// A list read chunk by chunk gives what reading the whole body gives, wherever the chunks split.
@Suite struct JSONListStreamTests {
  let list = #"""
    {"kind":"WorkspaceList","metadata":{"resourceVersion":"7","items":["not streamed"]},
     "items":[{"metadata":{"name":"a [1]"},"note":"he said \"}]\" \\"},
       {"metadata":{"name":"b"},"items":[{"deep":true}]} , 3, "four", null, [5,{"x":"]"}]],
     "rows":[], "tail":{"a":[1,2]}}
    """#

  func streamed(_ text: String, chunk size: Int) throws -> (items: [String], rest: Value) {
    var reader = JSONListStream(streaming: ["items", "rows"], limit: 1 << 20)
    var items: [String] = []
    let bytes = Array(text.utf8)
    var start = 0
    while start < bytes.count {
      let end = min(start + size, bytes.count)
      try reader.feed(Array(bytes[start..<end])) { key, item in items.append("\(key): \(JSONWriter.write(item))") }
      start = end
    }
    return (items, try reader.finish())
  }

  @Test func everySplitGivesTheWholeBodysItems() throws {
    var whole: [String] = []
    let rest = try JSONReader.read(Array(list.utf8), streaming: ["items", "rows"]) {
      whole.append("items: \(JSONWriter.write($0))")
    }
    #expect(whole.count == 6)
    for size in 1...40 {
      let got = try streamed(list, chunk: size)
      #expect(got.items == whole, "chunks of \(size)")
      #expect(got.rest["metadata"] == rest["metadata"] && got.rest["tail"] == rest["tail"], "chunks of \(size)")
      #expect(got.rest["kind"]?.stringValue == "WorkspaceList")
    }
  }

  @Test func badBodiesAreErrorsNotHangsOrTraps() {
    for bad in [
      #"{"items":[{"a":1}"#, #"{"items":[{"a":1}]"#, "<html>502</html>", #"{"items":[1,}]}"#, #"{"items":["x]}"#,
    ] {
      #expect(throws: KaitoError.self, "\(bad)") { _ = try streamed(bad, chunk: 3) }
    }
    var reader = JSONListStream(streaming: ["items"], limit: 64)
    let huge = #"{"items":[""# + String(repeating: "x", count: 100) + #""]}"#
    #expect(throws: KaitoError.self) { try reader.feed(Array(huge.utf8)) { _, _ in } }
  }
}

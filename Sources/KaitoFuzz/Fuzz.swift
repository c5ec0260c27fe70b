// libFuzzer targets for every parser that reads what a file, a plugin or a server sends.
// Built by scripts/fuzz with `-sanitize=fuzzer,address -DFUZZING`: the entry point hands each input
// to libFuzzer's driver (LLVMFuzzerRunDriver); KAITO_FUZZ_TARGET picks the target. A plain build makes a
// binary that only lists the targets, so that `swift build` builds everything as usual.
import KaitoCore

enum FuzzTarget: String, CaseIterable {
  case yaml, json, kubeconfig, sse, websocket, table
  case tuneURL = "tune-url"
  case tuneConfig = "tune-config"

  /// One input. Errors are expected answers; a crash, a leak, a hang or a blown stack is a find.
  func run(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    switch self {
    case .yaml:
      if let documents = try? YAMLReader.readAll(text) {
        _ = YAMLWriter.writeAll(documents)
        _ = documents.map { JSONWriter.compact($0) }
      }
    case .json:
      if let value = try? JSONReader.read(bytes) {
        _ = JSONWriter.write(value)
        _ = YAMLWriter.write(value)
      }
      _ = try? JSONReader.read(bytes, streaming: ["items", "rows"], keeping: .keys(["items": .all, "metadata": .all])) {
        _ in
      }
    case .kubeconfig:
      if let config = try? Kubeconfig.parse(text, file: "fuzz.yaml", home: "/nonexistent") {
        var options = ConnectionOptions()
        options.server = "https://127.0.0.1:1"
        _ = try? Connection.resolve(config, options: options, environment: [:])
      }
    case .sse:
      // The first byte sets how the stream is split into reads.
      var parser = ServerSentEvents(maxEventBytes: 4096)
      let step = max(1, Int(bytes.first ?? 1))
      var offset = min(1, bytes.count)
      while offset < bytes.count {
        let end = min(offset + step, bytes.count)
        guard (try? parser.feed(Array(bytes[offset..<end]))) != nil else { break }
        offset = end
      }
    case .websocket:
      var buffer = bytes
      while let frame = try? WebSocketFrame.decode(&buffer) {
        _ = frame.payload.count
      }
    case .table:
      guard let table = try? JSONReader.read(bytes) else { return }
      for allNamespaces in [false, true] {
        var rows = StatusReport.ServerTable(allNamespaces: allNamespaces)
        for row in table["rows"]?.arrayValue ?? [] { rows.add(row) }
        _ = rows.table(columns: table).render()
        _ = rows.table(columns: table).render(headers: false, empty: "")
      }
      _ = StatusReport.Detail(workspace: table).render(now: 0)
      _ = TerminalText.escape(text, newlines: false)
    case .tuneURL:
      _ = try? TuningRules.checkInputURL(text)
    case .tuneConfig:
      for method in ["lora", "qlora"] { _ = try? TuningRules.checkConfig(text, method: method, file: "fuzz.yaml") }
    }
  }
}

#if FUZZING
  import Glibc

  let target: FuzzTarget = {
    guard let name = getenv("KAITO_FUZZ_TARGET").map({ String(cString: $0) }), let target = FuzzTarget(rawValue: name)
    else {
      writeFully(
        2, "KAITO_FUZZ_TARGET must be one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n")
      exit(2)
    }
    return target
  }()

  @_silgen_name("LLVMFuzzerRunDriver")
  func runDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
  ) -> Int32

  /// libFuzzer's own main() calls this for each input.
  @_cdecl("LLVMFuzzerTestOneInput")
  func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    target.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
  }

  /// Where SwiftPM points an executable's entry (`<module>_main`), the process goes to libFuzzer's driver.
  @_cdecl("KaitoFuzz_main")
  func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments) { data, size in fuzzOne(data, size) }
  }
#else
  @main struct ListTargets {
    static func main() {
      print("Fuzz targets (build and run them with scripts/fuzz TARGET [SECONDS]):")
      for target in FuzzTarget.allCases { print(target.rawValue) }
    }
  }
#endif

import Foundation

/// What a finished process printed and how it ended.
public struct ProcessResult: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
}

/// Runs a program to completion, feeding `stdin` and collecting both outputs without deadlocking.
public func runProcess(
  _ arguments: [String], stdin: String = "", environment: [String: String]? = nil,
  currentDirectory: URL? = nil
) throws -> ProcessResult {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = arguments
  if let environment { process.environment = environment }
  if let currentDirectory { process.currentDirectoryURL = currentDirectory }
  let input = Pipe()
  let output = Pipe()
  let error = Pipe()
  process.standardInput = input
  process.standardOutput = output
  process.standardError = error
  try process.run()
  let group = DispatchGroup()
  nonisolated(unsafe) var outData = Data()
  nonisolated(unsafe) var errData = Data()
  group.enter()
  DispatchQueue.global().async {
    outData = output.fileHandleForReading.readDataToEndOfFile()
    group.leave()
  }
  group.enter()
  DispatchQueue.global().async {
    errData = error.fileHandleForReading.readDataToEndOfFile()
    group.leave()
  }
  input.fileHandleForWriting.write(Data(stdin.utf8))
  try input.fileHandleForWriting.close()
  group.wait()
  process.waitUntilExit()
  return ProcessResult(
    status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
    stderr: String(decoding: errData, as: UTF8.self))
}

/// The repository's root folder, found from this file's own path.
public let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The KAITO data the project is built from (CRDs, catalog tables), kept in the repository.
public let kaitoDataFolder: URL = repositoryRoot.appendingPathComponent("kaito/v0.12.0")

/// The virtual environment `scripts/bootstrap --tests` makes in the build folder: its Python has
/// the packages the tests use, and its bin holds kubectl when the machine had none.
let virtualEnvironment = repositoryRoot.appendingPathComponent(".build/venv/bin")

/// The Python the tests run: the virtual environment's, else the one on PATH.
public let python: String = {
  let venv = virtualEnvironment.appendingPathComponent("python3").path
  return FileManager.default.isExecutableFile(atPath: venv) ? venv : "python3"
}()

/// PATH for the processes the tests start: the virtual environment's bin first.
public let testPath: String =
  virtualEnvironment.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")

/// A deterministic random source (SplitMix64), so a failing generated case can be replayed.
public struct SeededRandom: RandomNumberGenerator {
  var state: UInt64
  public init(seed: UInt64) { state = seed }
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// The built `kubectl-kaito`: `KUBECTL_KAITO_BIN` when set (to test a release build), else the one
/// `swift test` built beside the test bundle.
public let kaitoBinary: String = {
  if let path = ProcessInfo.processInfo.environment["KUBECTL_KAITO_BIN"] { return path }
  let beside = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("kubectl-kaito")
  if FileManager.default.isExecutableFile(atPath: beside.path) { return beside.path }
  return repositoryRoot.appendingPathComponent(".build/debug/kubectl-kaito").path
}()

/// Runs the built binary with a fixed, terminal-less environment.
public func kaito(_ arguments: String..., stdin: String = "", environment extra: [String: String] = [:]) throws
  -> ProcessResult
{
  var environment = ["PATH": testPath, "COLUMNS": "100", "HOME": NSTemporaryDirectory()]
  environment.merge(extra) { $1 }
  return try runProcess([kaitoBinary] + arguments, stdin: stdin, environment: environment)
}

/// Compares text with a golden file under Tests/EndToEndTests/Golden; `UPDATE_GOLDEN=1` rewrites it.
public func goldenMismatch(_ name: String, _ actual: String) throws -> String? {
  let url = repositoryRoot.appendingPathComponent("Tests/EndToEndTests/Golden").appendingPathComponent(name)
  if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try actual.write(to: url, atomically: true, encoding: .utf8)
    return nil
  }
  guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
    return "golden file \(name) is missing (UPDATE_GOLDEN=1 swift test writes it)"
  }
  guard expected != actual else { return nil }
  let diff = try runProcess(["diff", "-u", url.path, "-"], stdin: actual)
  return "\(name) differs from its golden file:\n\(diff.stdout)"
}

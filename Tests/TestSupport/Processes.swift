import Foundation

/// What a finished process printed and how it ended.
public struct ProcessResult: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
}

/// Runs a program to completion, feeding `stdin` and collecting both outputs without deadlocking.
public func runProcess(_ arguments: [String], stdin: String = "", environment: [String: String]? = nil,
                       currentDirectory: URL? = nil) throws -> ProcessResult {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = arguments
  if let environment { process.environment = environment }
  if let currentDirectory { process.currentDirectoryURL = currentDirectory }
  let input = Pipe(), output = Pipe(), error = Pipe()
  process.standardInput = input
  process.standardOutput = output
  process.standardError = error
  try process.run()
  let group = DispatchGroup()
  nonisolated(unsafe) var outData = Data(), errData = Data()
  group.enter()
  DispatchQueue.global().async { outData = output.fileHandleForReading.readDataToEndOfFile(); group.leave() }
  group.enter()
  DispatchQueue.global().async { errData = error.fileHandleForReading.readDataToEndOfFile(); group.leave() }
  input.fileHandleForWriting.write(Data(stdin.utf8))
  try input.fileHandleForWriting.close()
  group.wait()
  process.waitUntilExit()
  return ProcessResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
}

/// The repository's root folder, found from this file's own path.
public let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// `../shared/kaito` beside the repository (the CRDs and KAITO's data), when it is there.
public var sharedKaitoFolder: URL? {
  let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/kaito")
  return FileManager.default.fileExists(atPath: url.path) ? url : nil
}

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
public func kaito(_ arguments: String..., stdin: String = "", environment extra: [String: String] = [:]) throws -> ProcessResult {
  var environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "COLUMNS": "100", "HOME": NSTemporaryDirectory()]
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

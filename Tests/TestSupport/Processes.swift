import Foundation

/// What a finished process printed and how it ended.
public struct ProcessResult: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
}

/// Pipes are made, and programs started, one at a time under this lock. Foundation closes, in a
/// new program, the descriptors that were open when it prepared the spawn; a pipe another thread
/// made in the meantime was inherited. A test cluster (which lives as long as the tests) that
/// inherited another program's stdout kept that program's reader from ever seeing the end, and
/// under load the whole suite hung (gdb showed the readers; /proc, the clusters holding their pipes).
private let spawning = NSLock()

/// A pipe made while no program is being started, its ends close-on-exec as well (for programs
/// started by other means, such as the in-process commands' credential plugins).
public func makePipe() -> Pipe {
  spawning.withLock {
    let pipe = Pipe()
    for handle in [pipe.fileHandleForReading, pipe.fileHandleForWriting] where handle.fileDescriptor > 2 {
      _ = fcntl(handle.fileDescriptor, F_SETFD, FD_CLOEXEC)
    }
    return pipe
  }
}

/// Starts `process` while no pipe is being made (see `spawning`). Its standard streams are
/// passed on as usual: the child's copies of them are not close-on-exec.
public func launch(_ process: Process) throws {
  try spawning.withLock { try process.run() }
}

/// A program that was still running at its deadline: what it printed by then and where its
/// threads were (gdb's backtraces, when gdb is there). It was killed.
public struct ProcessDeadlineMissed: Error, CustomStringConvertible {
  public var arguments: [String]
  public var deadline: Double
  public var stdout: String
  public var stderr: String
  public var stacks: String
  public var description: String {
    "\(arguments.joined(separator: " ")) was still running after \(deadline) s and was killed\n"
      + "stdout: \(stdout.suffix(4000))\nstderr: \(stderr.suffix(4000))\nstacks:\n\(stacks.suffix(16000))"
  }
}

/// Runs a program to completion, feeding `stdin` and collecting both outputs without deadlocking.
/// The pipes are served by threads of their own, not Dispatch's pool, which a few readers blocked
/// on long-running programs can fill; a program still running after `deadline` seconds is killed
/// and reported with its stacks, so that a hang fails its own test instead of holding the run.
public func runProcess(
  _ arguments: [String], stdin: String = "", environment: [String: String]? = nil,
  currentDirectory: URL? = nil, deadline: Double = 300
) throws -> ProcessResult {
  ignoreBrokenPipes
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = arguments
  if let environment { process.environment = environment }
  if let currentDirectory { process.currentDirectoryURL = currentDirectory }
  let input = makePipe()
  let output = makePipe()
  let error = makePipe()
  process.standardInput = input
  process.standardOutput = output
  process.standardError = error
  try launch(process)
  let out = PipeReader(output)
  let err = PipeReader(error)
  let feeding = Thread {
    try? input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8))
    try? input.fileHandleForWriting.close()
  }
  feeding.start()
  let end = DispatchTime.now() + deadline
  guard out.waitForEnd(until: end), err.waitForEnd(until: end) else {
    let stacks = backtraces(of: process.processIdentifier)
    kill(process.processIdentifier, SIGKILL)
    let soon = DispatchTime.now() + 5
    let (stdout, stderr) = (out.waitForEnd(until: soon), err.waitForEnd(until: soon))
    throw ProcessDeadlineMissed(
      arguments: arguments, deadline: deadline, stdout: out.text + (stdout ? "" : " (still open)"),
      stderr: err.text + (stderr ? "" : " (still open)"), stacks: stacks)
  }
  process.waitUntilExit()
  return ProcessResult(status: process.terminationStatus, stdout: out.text, stderr: err.text)
}

/// A pipe read on a thread of its own as its data arrives, to its end.
public final class PipeReader: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()
  private let ended = DispatchSemaphore(value: 0)
  private var finished = false

  public init(_ pipe: Pipe) {
    let handle = pipe.fileHandleForReading
    Thread { [self] in
      while case let chunk = handle.availableData, !chunk.isEmpty {
        lock.withLock { data.append(chunk) }
      }
      ended.signal()
    }.start()
  }

  /// What has arrived so far.
  public var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }

  /// Whether the pipe reached its end by `time`.
  public func waitForEnd(until time: DispatchTime) -> Bool {
    if !finished { finished = ended.wait(timeout: time) == .success }
    return finished
  }

  /// Whether what has arrived satisfies `condition` within `seconds`.
  @discardableResult
  public func wait(within seconds: Double, for condition: (String) -> Bool) -> Bool {
    eventually(within: seconds) { condition(text) }
  }

  /// The first line, once it has arrived (within `seconds`), else what came.
  public func firstLine(within seconds: Double) -> String {
    wait(within: seconds) { $0.contains("\n") }
    return String(text.prefix { $0 != "\n" })
  }
}

/// Whether `condition` holds within `seconds`, looked at every 20 ms: what a test waits for on a
/// machine whose speed it does not know.
@discardableResult
public func eventually(within seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
  let end = Date(timeIntervalSinceNow: seconds)
  while try !condition() {
    guard Date() < end else { return false }
    Thread.sleep(forTimeInterval: 0.02)
  }
  return true
}

/// A child that ends before it has read its input must not end the tests with SIGPIPE.
private let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

/// Every thread's backtrace of a running process, by gdb: a hang's diagnosis.
private func backtraces(of pid: Int32) -> String {
  guard FileManager.default.isExecutableFile(atPath: "/usr/bin/gdb") else { return "(gdb is not installed)" }
  let gdb = try? runProcess(
    ["/usr/bin/gdb", "-batch", "-nx", "-p", String(pid), "-ex", "thread apply all bt 25"], deadline: 60)
  return gdb.map { $0.stdout + $0.stderr } ?? "(gdb did not answer)"
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

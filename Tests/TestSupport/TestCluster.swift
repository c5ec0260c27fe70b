import Foundation

/// The project's test cluster (Tests/Cluster/testcluster.py) running on loopback for the length of
/// a test process: an HTTPS API server with a simulated KAITO. It ends when the tests end.
public final class TestCluster: @unchecked Sendable {
  public let folder: URL
  public let port: Int
  private let process: Process
  private let stdin: Pipe

  public var kubeconfig: String { folder.appendingPathComponent("kubeconfig").path }
  public var server: String { "https://127.0.0.1:\(port)" }

  public init(step: Double = 0.2, arguments: [String] = []) throws {
    folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
      "kaito-cluster-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      [
        python, repositoryRoot.appendingPathComponent("Tests/Cluster/testcluster.py").path, folder.path,
        "--step", String(step), "--exit-with-stdin",
      ] + arguments
    let output = makePipe()
    stdin = makePipe()
    process.standardInput = stdin
    process.standardOutput = output
    _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("server.log").path, contents: nil)
    process.standardError = try FileHandle(forWritingTo: folder.appendingPathComponent("server.log"))
    try launch(process)
    let text = PipeReader(output).firstLine(within: 60)
    guard text.hasPrefix("READY "), let port = Int(text.dropFirst(6).prefix { $0.isNumber }) else {
      process.terminate()
      let log = (try? String(contentsOf: folder.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
      throw NSError(
        domain: "TestCluster", code: 1,
        userInfo: [NSLocalizedDescriptionKey: "the test cluster did not start: \(text)\n\(log)"])
    }
    self.port = port
  }

  deinit {
    process.terminate()
  }

  /// POSTs to the cluster's control API (`/_test/…`), e.g. to choose a workspace's scenario.
  public func control(_ path: String, _ body: String) throws {
    let result = try runProcess(["curl", "-sfk", "-X", "POST", "\(server)/_test/\(path)", "-d", body])
    guard result.status == 0 else {
      throw NSError(
        domain: "TestCluster", code: 2,
        userInfo: [NSLocalizedDescriptionKey: "control \(path) failed: \(result.stderr)"])
    }
  }

  /// Writes a kubeconfig into the cluster's folder and returns its path.
  public func writeKubeconfig(_ name: String, _ text: String) throws -> String {
    let url = folder.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  public func base64(_ file: String) throws -> String {
    try Data(contentsOf: folder.appendingPathComponent(file)).base64EncodedString()
  }

  /// The environment for a command against this cluster: its kubeconfig and a home of its own.
  public func environment(_ extra: [String: String] = [:]) -> [String: String] {
    var environment = [
      "PATH": testPath, "HOME": folder.path,
      "KUBECONFIG": kubeconfig, "COLUMNS": "200",
    ]
    environment.merge(extra) { $1 }
    return environment
  }

  /// Runs the built binary against this cluster.
  public func kaito(_ arguments: [String], environment extra: [String: String] = [:], stdin: String = "") throws
    -> ProcessResult
  {
    try runProcess([kaitoBinary] + arguments, stdin: stdin, environment: environment(extra))
  }
}

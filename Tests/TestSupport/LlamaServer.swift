import Foundation

/// llama.cpp's llama-server with a tiny random-weight model, on loopback: a real OpenAI-compatible
/// peer. `scripts/llama-server` builds both once per machine (scripts/bootstrap runs it).
public final class LlamaServer: @unchecked Sendable {
  public let port: Int
  private let process: Process
  private let stdin = makePipe()

  public init() throws {
    // The first run on a machine builds llama.cpp: about 7 minutes on 2 cores.
    let prepare = try runProcess([repositoryRoot.appendingPathComponent("scripts/llama-server").path], deadline: 3600)
    guard prepare.status == 0, let folder = prepare.stdout.split(separator: "\n").last.map(String.init) else {
      throw NSError(
        domain: "LlamaServer", code: 1,
        userInfo: [NSLocalizedDescriptionKey: "scripts/llama-server failed: \(prepare.stderr)"])
    }
    let free = try runProcess([
      python, "-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])",
    ])
    port = Int(free.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    process = Process()
    // Through a shell that ends the server when our end of its stdin closes: when the tests end.
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = [
      "-c", "\"$0\" \"$@\" & server=$!; cat >/dev/null; kill -9 $server; wait $server", folder + "/bin/llama-server",
      "-m", folder + "/tiny.gguf", "--host", "127.0.0.1", "--port", String(port), "-c", "512", "-t", "2",
      "--alias", "tiny-random-llama", "--no-webui",
    ]
    process.standardInput = stdin
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try launch(process)
    let port = port
    if eventually(within: 60, { (try? runProcess(["curl", "-sf", "http://127.0.0.1:\(port)/health"]))?.status == 0 }) {
      return
    }
    process.terminate()
    throw NSError(
      domain: "LlamaServer", code: 2, userInfo: [NSLocalizedDescriptionKey: "llama-server did not become healthy"])
  }

  deinit { process.terminate() }
}

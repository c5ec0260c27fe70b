import KaitoCommands
import KaitoCore
import Synchronization
import TestSupport
import Testing

/// One in-process run of kubectl-kaito: what it printed, how it ended, and what it asked.
struct Run {
  var status: Int32
  var stdout: String
  var stderr: String
  /// What the command asked the API server and the model server, in order.
  var requests: [HTTPRequest]
  var modelRequests: [HTTPRequest]

  var writes: [HTTPRequest] { requests.filter { $0.method != "GET" } }
}

/// Runs `arguments` as `kubectl kaito …` in this process: the streams are captured, the clock
/// stands at the fixture's recording time, and every connection is answered from the fixture
/// (`Tests/CommandTests/Fixtures/NAME.json`). Without a fixture, any connection fails the test.
/// Consecutive runs with the same `Replay` continue one fixture, as a re-run of a CI job would.
func kaito(
  _ arguments: [String], _ replay: Replay? = nil, stdin: [String] = [], terminal: Bool = false,
  variables: [String: String] = [:], interruptAfter rounds: Int = .max
) -> Run {
  let streams = CapturedStreams(stdin: stdin)
  var environment = ["KUBECONFIG": Fixture.kubeconfig, "HOME": "/nonexistent", "COLUMNS": "200"]
  environment.merge(variables) { $1 }
  let asked = Mutex(0)
  let context = CommandContext(
    environment: streams.environment(
      variables: environment, now: replay?.fixture.recordedAt ?? 1_764_500_000, terminal: terminal),
    arguments: arguments,
    connect: { (connection, _) throws(KaitoError) -> any Transport in
      guard let replay else {
        throw KaitoError("this test has no fixture, yet the command connected to \(connection.server)")
      }
      return isForwardedPort(connection) ? replay.model : replay.api
    },
    catchInterrupts: {
      {
        asked.withLock {
          $0 += 1
          return $0 > rounds
        }
      }
    })
  let before = (replay?.api.requests.count ?? 0, replay?.model.requests.count ?? 0)
  let status: Int32
  if arguments.first == "__complete" {
    KubectlPluginCompletion.run(Array(arguments.dropFirst()), context: context)
    status = 0
  } else {
    status = KubectlKaito.run(arguments, in: context)
  }
  return Run(
    status: status, stdout: streams.stdout, stderr: streams.stderr,
    requests: Array((replay?.api.requests ?? []).dropFirst(before.0)),
    modelRequests: Array((replay?.model.requests ?? []).dropFirst(before.1)))
}

/// A recorded fixture being replayed: one API server and one model server answering from it.
final class Replay: Sendable {
  let fixture: Fixture
  let api: FixtureTransport
  let model: FixtureTransport

  init(_ name: String) throws {
    fixture = try Fixture.load(name)
    api = FixtureTransport(fixture, server: "api")
    model = FixtureTransport(fixture, server: "model")
  }
}

extension HTTPRequest {
  var bodyText: String { String(decoding: body ?? [], as: UTF8.self) }
}

import Foundation
import KaitoCommands
import KaitoCore
import Synchronization
import TestSupport
import Testing

/// Where the command tests' fixtures come from: each is recorded by running commands in-process
/// against a fresh test cluster (whose behaviour comes from KAITO's CRDs and controller code).
/// `UPDATE_FIXTURES=1 swift test --filter FixtureRecordingTests` writes them again; otherwise
/// this test fails when a command now asks the server for anything its fixture has no answer
/// for, so a fixture can never silently go stale.
@Suite(.ownThreads) struct FixtureRecordingTests {
  struct Recording: Sendable, CustomTestStringConvertible {
    var name: String
    /// Run with the binary before recording: what must already be there.
    var setup: [[String]] = []
    var control: [(path: String, body: String)] = []
    var commands: [[String]]
    var testDescription: String { name }
  }

  static let phi = "workspace-phi-3-5-mini-instruct"
  static let recordings: [Recording] = [
    Recording(
      name: "deploy",
      commands: [["deploy", "phi-3.5-mini-instruct", "--wait"], ["deploy", "phi-3.5-mini-instruct", "--wait"]]),
    Recording(
      name: "deploy-changed", setup: [["deploy", "phi-3.5-mini-instruct"]],
      commands: [["deploy", "phi-3.5-mini-instruct", "--instance-type", "Standard_NC24ads_A100_v4"]]),
    Recording(
      name: "status", setup: [["deploy", "phi-3.5-mini-instruct", "--wait"]],
      commands: [["status"], ["status", phi], ["status", "-o", "json"], ["status", "-o", "wide"]]),
    Recording(
      name: "status-quota",
      control: [("scenario", #"{"namespace": "default", "name": "workspace-phi-4", "scenario": "quota"}"#)],
      commands: [
        ["deploy", "phi-4", "--instance-type", "Standard_NC24ads_A100_v4", "--wait"], ["status", "workspace-phi-4"],
        ["chat", "workspace-phi-4", "--prompt", "hi"],
      ]),
    Recording(
      name: "chat", setup: [["deploy", "phi-3.5-mini-instruct", "--wait"]],
      commands: [
        ["chat", phi, "--prompt", "hi"], ["chat", phi, "--via", "proxy", "--prompt", "hi", "-o", "json"],
        ["chat", "phi-3.5-mini-instruct", "--prompt", "hi"], ["chat", "--prompt", "hi"],
        ["status", "microsoft/Phi-3.5-mini-instruct"], ["chat", "phi-4", "--prompt", "hi"],
      ]),
    Recording(
      name: "chat-base",
      setup: [["deploy", "mistral-7b", "--wait"], ["deploy", "phi-3.5-mini-instruct", "--wait"]],
      control: [
        ("chat", #"{"namespace": "default", "name": "workspace-phi-3-5-mini-instruct", "modes": ["no-template"]}"#)
      ],
      commands: [
        ["chat", "mistral-7b", "--prompt", "Once upon a time"], ["chat", "mistral-7b", "--prompt", "x", "-o", "json"],
        ["chat", phi, "--prompt", "hi"], ["chat", phi, "--prompt", "hi", "--max-tokens", "2"],
      ]),
    Recording(
      name: "run",
      commands: [
        ["run", "phi-3.5-mini-instruct", "--dry-run"], ["run", "phi-3.5-mini-instruct", "hi"],
        ["run", "phi-3.5-mini-instruct", "hi", "--yes", "-o", "json"], ["run", "phi-3.5-mini-instruct", "again"],
      ]),
    Recording(
      name: "inferenceset", setup: [["deploy", "phi-4-mini-instruct"]],
      commands: [
        ["deploy", "phi-3.5-mini-instruct", "--replicas", "2", "--yes", "--wait"],
        ["deploy", "phi-3.5-mini-instruct", "--replicas", "2", "--yes", "--wait"], ["status"],
        ["status", "phi-3-5-mini-instruct"], ["chat", "phi-3-5-mini-instruct", "--prompt", "hi"],
        ["scale", "phi-3-5-mini-instruct", "--replicas", "1"],
        ["scale", "workspace-phi-4-mini-instruct", "--replicas", "2"],
        ["delete", "phi-3-5-mini-instruct", "--yes", "--wait"],
      ]),
    Recording(
      name: "presets-measured", setup: [["deploy", "phi-3.5-mini-instruct", "--wait"]],
      commands: [
        ["presets", "show", "phi-3.5-mini-instruct", "--measured"], ["presets", "show", "phi-4", "--measured"],
      ]),
    Recording(
      name: "port-forward", setup: [["deploy", "phi-3.5-mini-instruct", "--wait"]],
      commands: [["port-forward", phi], ["port-forward", "absent"]]),
    Recording(
      name: "tune",
      commands: [
        [
          "tune", "tune-phi", "--preset", "phi-3.5-mini-instruct", "--input-url", "https://example.com/data.parquet",
          "--output-image", "registry.example.com/adapters/phi:1", "--output-push-secret", "push",
        ]
      ]),
    Recording(
      name: "delete", setup: [["deploy", "phi-3.5-mini-instruct"]],
      commands: [["delete", phi, "--yes"], ["delete", phi, "--yes"], ["delete", phi, "--yes", "--ignore-not-found"]]),
    Recording(name: "version", commands: [["version"]]),
    Recording(
      name: "completion", setup: [["deploy", "phi-3.5-mini-instruct"]], commands: [["__complete", "chat", ""]]),
  ]

  @Test(arguments: recordings)
  func fixtureAnswersEveryRequest(_ recording: Recording) throws {
    let cluster = try TestCluster(step: 0.05)
    for (path, body) in recording.control { try cluster.control(path, body) }
    for setup in recording.setup {
      let result = try cluster.kaito(setup)
      try #require(result.status == 0, "\(setup): \(result.stderr)")
    }
    let log = ExchangeLog()
    var recordedAt = 0.0
    for command in recording.commands {
      let streams = CapturedStreams()
      let environment = streams.environment(variables: cluster.environment(), now: wallClock())
      let interrupts = Mutex(0)
      let context = CommandContext(
        environment: environment, arguments: command,
        connect: { (connection, environment) throws(KaitoError) in
          RecordingTransport(
            try CurlTransport(connection: connection, environment: environment),
            server: isForwardedPort(connection) ? "model" : "api", log: log)
        },
        // port-forward runs until Ctrl-C: one round, then a Ctrl-C.
        catchInterrupts: {
          {
            interrupts.withLock {
              $0 += 1
              return $0 > 1
            }
          }
        })
      let arguments = command
      if arguments.first == "__complete" {
        KubectlPluginCompletion.run(Array(arguments.dropFirst()), context: context)
      } else {
        _ = KubectlKaito.run(arguments, in: context)
      }
      recordedAt = wallClock()
    }
    let recorded = Fixture(name: recording.name, recordedAt: recordedAt, exchanges: log.entries.withLock { $0 })
    if ProcessInfo.processInfo.environment["UPDATE_FIXTURES"] == "1" {
      try recorded.save()
      return
    }
    let committed = try Fixture.load(recording.name)
    let missing = Set(recorded.exchanges.map(\.key)).subtracting(committed.exchanges.map(\.key))
    #expect(
      missing.isEmpty,
      "the fixture \(recording.name).json has no answer for \(missing.sorted()); UPDATE_FIXTURES=1 records it again")
  }
}

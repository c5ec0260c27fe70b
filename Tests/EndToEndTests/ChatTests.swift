import Foundation
import KaitoCore
import TestSupport
import Testing

/// `chat` and `port-forward` against the test cluster's model server, which answers as vLLM does
/// ("You said: <last message> (<n> messages)").
@Suite(.serialized, .ownThreads) struct ChatTests {
  static let cluster: TestCluster = {
    let cluster = try! TestCluster(step: 0.1)
    _ = try! cluster.kaito(["deploy", "phi-3.5-mini-instruct", "--name", "phi", "--wait"])
    return cluster
  }()
  var cluster: TestCluster { Self.cluster }

  @Test func oneShotThroughThePortForward() throws {
    let result = try cluster.kaito(["chat", "phi", "--prompt", "What is Kubernetes?"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "You said: What is Kubernetes? (1 messages)\n")
  }

  /// A replica whose pod has gone away is passed over for another that serves, and stderr says so.
  @Test func anInferenceSetReplicaThatIsGoneIsReplaced() throws {
    let deployed = try cluster.kaito([
      "deploy", "phi-3.5-mini-instruct", "--replicas", "2", "--name", "pool", "-n", "pool", "--yes", "--wait",
    ])
    #expect(deployed.status == 0, "\(deployed.stderr)")
    let first = try cluster.kaito(["chat", "pool", "-n", "pool", "--prompt", "hi"])
    #expect(first.status == 0 && first.stdout == "You said: hi (1 messages)\n", "\(first.stderr)")
    let chosen = try #require(first.stderr.firstMatch(of: /talking to its replica (pool-[a-z0-9]+)/)?.1)
    let deleted = try runProcess(
      ["kubectl", "delete", "pod", "\(chosen)-0", "-n", "pool"], environment: cluster.environment())
    #expect(deleted.status == 0, "\(deleted.stderr)")
    let second = try cluster.kaito(["chat", "pool", "-n", "pool", "--prompt", "again"])
    #expect(second.status == 0 && second.stdout == "You said: again (1 messages)\n", "\(second.stderr)")
    #expect(
      second.stderr.contains("inferenceset pool: replica \(chosen) cannot be reached; talking to its replica pool-"),
      "\(second.stderr)")
    // A workspace has no other replica: its missing pod stays an error.
    let single = try cluster.kaito(["deploy", "phi-3.5-mini-instruct", "--name", "alone", "-n", "pool", "--wait"])
    #expect(single.status == 0, "\(single.stderr)")
    _ = try runProcess(["kubectl", "delete", "pod", "alone-0", "-n", "pool"], environment: cluster.environment())
    let alone = try cluster.kaito(["chat", "alone", "-n", "pool", "--prompt", "hi"])
    #expect(alone.status == 1 && alone.stderr.contains("not found"), "\(alone.stderr)")
  }

  @Test func pipedInputAndJSON() throws {
    let result = try cluster.kaito(["chat", "phi", "-o", "json", "--system", "Be brief."], stdin: "hello there\n")
    #expect(result.status == 0, "\(result.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    #expect(object["text"] as? String == "You said: hello there (2 messages)")
    #expect(object["model"] as? String == "phi-3.5-mini-instruct")
    #expect(object["finish_reason"] as? String == "stop")
    #expect((object["usage"] as? [String: Any])?["completion_tokens"] as? Int == 6)
    #expect(object["time_to_first_token_ms"] is Int)
    #expect(object["total_ms"] is Int)
  }

  @Test func throughTheServiceProxyAndWithoutStreaming() throws {
    let proxy = try cluster.kaito(["chat", "phi", "--via", "proxy", "--prompt", "hi"])
    #expect(proxy.stdout == "You said: hi (1 messages)\n", "\(proxy.stderr)")
    let whole = try cluster.kaito(["chat", "phi", "--no-stream", "--prompt", "hi"])
    #expect(whole.stdout == "You said: hi (1 messages)\n", "\(whole.stderr)")
  }

  @Test func busyModelIsWaitedOut() throws {
    try cluster.control("chat", #"{"name": "phi", "modes": ["429"]}"#)
    let result = try cluster.kaito(["chat", "phi", "--prompt", "again"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("Warning: the model is busy (429 Too Many Requests); retrying in 1s"))
    #expect(result.stdout == "You said: again (1 messages)\n")
  }

  @Test func brokenStreamKeepsWhatArrived() throws {
    try cluster.control("chat", #"{"name": "phi", "modes": ["break"]}"#)
    let result = try cluster.kaito(["chat", "phi", "--prompt", "tell me everything"])
    #expect(result.status == 1)
    #expect(result.stdout.hasPrefix("You said: tell"))
    #expect(result.stderr.contains("error: the answer broke off after"))
    try cluster.control("chat", #"{"name": "phi", "modes": ["break"]}"#)
    let json = try cluster.kaito(["chat", "phi", "--prompt", "tell me everything", "-o", "json"])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
    #expect((object["text"] as? String)?.hasPrefix("You said: tell") == true)
    #expect(object["error"] != nil)
  }

  @Test func serverErrorsInBothShapes() throws {
    try cluster.control("chat", #"{"name": "phi", "modes": ["error"]}"#)
    let nested = try cluster.kaito(["chat", "phi", "--prompt", "x"])
    #expect(
      nested.stderr.contains(
        "error: the model server answered 400: max_tokens must be at least 1, got -1. (BadRequestError)"))
    let unknown = try cluster.kaito(["chat", "phi", "--model", "nope", "--prompt", "x"])
    #expect(unknown.stderr == "error: the workspace serves no model \"nope\"; it serves phi-3.5-mini-instruct\n")
  }

  /// KAITO ≤ v0.8's transformers runtime has only `/chat` with `{"Result": …}`.
  @Test func olderControllersTransformersAPI() throws {
    try cluster.control("scenario", #"{"name": "old", "scenario": "legacy"}"#)
    _ = try cluster.kaito(["deploy", "phi-3.5-mini-instruct", "--name", "old", "--runtime", "transformers", "--wait"])
    let result = try cluster.kaito(["chat", "old", "--prompt", "hello"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "You said: hello (1 messages)\n")
    #expect(result.stderr.contains("older transformers API (/chat)"))
  }

  @Test func timeoutBoundsAnAnswer() throws {
    try cluster.control("chat", #"{"name": "phi", "modes": ["slow"]}"#)
    let result = try cluster.kaito(["chat", "phi", "--prompt", "slowly please", "--timeout", "1500ms"])
    #expect(result.status == 1)
    #expect(result.stdout.hasPrefix("You said:"))
    #expect(result.stderr.contains("error: the answer broke off after"))
  }

  @Test func notReadyIsSaidPlainly() throws {
    try cluster.control("scenario", #"{"name": "stuck", "scenario": "slow"}"#)
    _ = try cluster.kaito(["deploy", "phi-4-mini-instruct", "--name", "stuck"])
    let downloading = try eventually(within: 30) {
      try cluster.kaito(["status", "stuck"]).stdout.contains("Not ready: weights: downloading")
    }
    #expect(downloading, "the weights' download never began")
    let result = try cluster.kaito(["chat", "stuck", "--prompt", "x"])
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("error: workspace stuck is not serving yet:"))
    #expect(result.stderr.contains("InferenceReady=False (WorkspaceInferenceStatusPending)"))
    // The server says 60 s left at 50 MiB/s: 2.9 GiB of phi-4-mini-instruct's weights.
    let download = "downloading the weights: about 59% of 7.2 GiB, 1m00s left at 50 MiB/s"
    #expect(result.stderr.contains("\n  " + download), "\(result.stderr)")
    let status = try cluster.kaito(["status", "stuck"])
    #expect(status.stdout.contains("Not ready: weights: " + download), "\(status.stdout)")
    let missing = try cluster.kaito(["chat", "absent", "--prompt", "x"])
    #expect(missing.stderr == "Error from server (NotFound): workspaces.kaito.sh \"absent\" not found\n")
  }

  @Test func interactiveSessionKeepsTheConversation() throws {
    let save = cluster.folder.appendingPathComponent("conversation.json").path
    let input = "first\nsecond\n/help\n/save \(save)\n/exit\n"
    let command = "\(kaitoBinary) chat phi"
    let result = try runProcess(
      ["script", "-qec", command, "/dev/null"], stdin: input, environment: cluster.environment())
    #expect(result.status == 0)
    #expect(result.stdout.contains("You said: first (1 messages)"))
    #expect(result.stdout.contains("You said: second (3 messages)"))  // the whole conversation is sent
    #expect(result.stdout.contains("/temperature X"))
    let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: save))) as! [String: Any]
    #expect((saved["messages"] as? [[String: String]])?.count == 4)
  }

  /// Ctrl-C stops the answer in progress: what arrived stays on screen, `(stopped)` says so, and
  /// the conversation goes on as if the question had not been asked. It is not an error.
  @Test func ctrlCStopsTheAnswerNotTheSession() throws {
    try cluster.control("chat", #"{"name": "phi", "modes": ["slow", "ok"]}"#)
    let save = cluster.folder.appendingPathComponent("interrupted.json").path
    let script =
      "(printf 'tell me slowly\\n'; sleep 2.5; printf '\\003'; sleep 0.5; printf 'next\\n/save \(save)\\n/exit\\n') | script -qec 'exec \(kaitoBinary) chat phi' /dev/null"
    let result = try runProcess(["sh", "-c", script], environment: cluster.environment())
    #expect(result.status == 0, "\(result.stdout)")
    #expect(result.stdout.contains("\nYou said: tell"), "what arrived stays on screen")
    #expect(result.stdout.contains("(stopped)") && !result.stdout.contains("error:"), "\(result.stdout)")
    #expect(!result.stdout.contains("You said: tell me slowly (1 messages)"))
    #expect(result.stdout.contains("You said: next (1 messages)"))
    let saved = try JSONReader.read(try String(contentsOfFile: save, encoding: .utf8))
    #expect(saved["messages"]?.arrayValue?.count == 2)
    #expect(saved["messages"]?.arrayValue?.first?["content"]?.stringValue == "next")
  }

  /// libedit on a real pseudo-terminal, keys typed byte by byte: editing with the arrows, a
  /// paste that is one message, Ctrl-C at the prompt, and the history in the next session.
  @Test func theLineEditorEditsPastesAndRemembers() throws {
    let state = cluster.folder.appendingPathComponent("state-\(UUID().uuidString.prefix(6))").path
    func session(_ keys: [String], stateHome: String? = nil) throws -> String {
      var environment = cluster.environment()
      environment["XDG_STATE_HOME"] = stateHome ?? state
      environment["TERM"] = "xterm"
      let helper = repositoryRoot.appendingPathComponent("Tests/Support/pty_keys.py").path
      return try runProcess([python, helper, kaitoBinary, "chat", "phi", "--"] + keys, environment: environment).stdout
    }
    let first = try session([
      "helo\\x1b[D\\x1b[Dl\\r",  // Left twice, then the missing l
      "\\x1b[200~line one\\nline two\\x1b[201~\\r",  // a bracketed paste, then Enter
      "\\x03", "\\x03",  // Ctrl-C says how to leave; a second one leaves
    ])
    #expect(first.contains("You said: hello (1 messages)"), "\(first)")
    #expect(first.contains("You said: line one\r\nline two (3 messages)"), "one message of two lines: \(first)")
    #expect(first.contains("(Ctrl-C again, /bye or Ctrl-D leaves)"))
    let file = state + "/kubectl-kaito/chat_history"
    #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
    #expect(try String(contentsOfFile: file, encoding: .utf8).contains("hello\n"), "kept as soon as it was sent")
    // The next session: Up finds the last message, Ctrl-R searches for an older one.
    let second = try session(["\\x1b[A\\x1b[A\\r", "\\x12hel\\r\\r", "/bye\\r"])
    #expect(second.contains("You said: hello (1 messages)"), "\(second)")
    #expect(second.components(separatedBy: "You said: hello").count == 3, "Up, then Ctrl-R: \(second)")
    // A history that cannot be written is one warning, and the chat goes on.
    let unwritable = try session(["one\\r", "two\\r", "/bye\\r"], stateHome: "/dev/null/state")
    #expect(unwritable.components(separatedBy: "the chat history cannot be written to").count == 2, "\(unwritable)")
    #expect(unwritable.contains("You said: two (3 messages)"))
  }

  /// `bench` against a server whose token rate is known (200 tokens/s per stream): the figures it
  /// prints are that rate's, level by level, over the tool's own tunnels.
  @Test func benchMeasuresAKnownTokenRate() throws {
    try cluster.control("rate", #"{"name": "phi", "tokensPerSecond": 200}"#)
    defer { try? cluster.control("rate", #"{"name": "phi", "tokensPerSecond": 100000}"#) }
    let result = try cluster.kaito([
      "bench", "phi", "--concurrency", "1,4", "--requests", "8", "--output-tokens", "20", "-o", "json",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let report = try JSONReader.read(result.stdout)
    let levels = report["levels"]?.arrayValue ?? []
    #expect(levels.count == 2 && levels.allSatisfy { $0["errors"] == .int(0) && $0["requests"] == .int(8) })
    for level in levels {
      // 5 ms between tokens, as served, never less; a loaded machine may add some.
      let itl = level["interTokenLatencyMs"]?["p50"].flatMap { $0.doubleValue } ?? 0
      #expect((4.5...15).contains(itl), "\(level)")
    }
    let one = levels.first?["outputTokensPerSecond"].flatMap { $0.doubleValue } ?? 0
    let four = levels.last?["outputTokensPerSecond"].flatMap { $0.doubleValue } ?? 0
    // One stream: at most the 200 tokens/s served (20 tokens in about 100 ms); four streams: more.
    #expect((50...210).contains(one) && four > 1.5 * one, "\(one) then \(four)")
    #expect(report["summary"]?.stringValue?.contains("concurrency") == true)
    let table = try cluster.kaito(["bench", "phi", "--concurrency", "2", "--requests", "4", "--output-tokens", "4"])
    #expect(table.stdout.hasPrefix("LEVEL   REQS   ERRORS   TTFT-P50/P90/P99   ITL-P50"), "\(table.stdout)")
    let rows: [Substring] = table.stdout.split(separator: "\n")
    #expect(rows.dropLast().allSatisfy { $0.count <= 80 }, "\(table.stdout)")
    // Straight to the model server (--url), 64 streams at once: all answered.
    let backends = try runProcess(["curl", "-sk", "\(cluster.server)/_test/backends"])
    let port = try JSONReader.read(backends.stdout)["default/phi"]?.intValue ?? 0
    let direct = try cluster.kaito([
      "bench", "--url", "http://127.0.0.1:\(port)", "--concurrency", "64", "--requests", "64", "--output-tokens", "4",
      "-o", "json",
    ])
    let wide = try JSONReader.read(direct.stdout)["levels"]?.arrayValue?.first
    #expect(direct.status == 0 && wide?["requests"] == .int(64) && wide?["errors"] == .int(0), "\(direct.stderr)")
    // Through 32 tunnels that are still ending when the process exits: OpenSSL's exit handler once
    // freed their state a second time (an abort about one run in six); several runs, none may fail.
    for _ in 0..<6 {
      let tunnels = try cluster.kaito([
        "bench", "phi", "--concurrency", "32", "--requests", "32", "--output-tokens", "2", "-o", "json",
      ])
      #expect(tunnels.status == 0, "\(tunnels.stderr)")
    }
    let both = try cluster.kaito(["bench", "phi", "--url", "http://127.0.0.1:1"])
    #expect(both.status == 64 && both.stderr.contains("name a workspace or give --url, not both"))
    let zero = try cluster.kaito(["bench", "phi", "--concurrency", "0"])
    #expect(zero.status == 64 && zero.stderr.contains("--concurrency takes levels from 1 to 1024"))
    for bad in [["--concurrency", "9223372036854775807"], ["--requests", "0"], ["--input-tokens", "99999999"]] {
      let run = try cluster.kaito(["bench", "phi"] + bad)
      #expect(run.status == 64, "\(bad): \(run.stderr)")
    }
    try cluster.control("scenario", #"{"name": "stuck-bench", "scenario": "slow"}"#)
    _ = try cluster.kaito(["deploy", "phi-4-mini-instruct", "--name", "stuck-bench"])
    let notReady = try cluster.kaito(["bench", "stuck-bench"])
    #expect(
      notReady.status == 1 && notReady.stderr.contains("workspace stuck-bench is not serving yet"), "\(notReady.stderr)"
    )
  }

  @Test func portForwardServesAnyOpenAIClient() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: kaitoBinary)
    process.arguments = ["port-forward", "phi"]
    process.environment = cluster.environment()
    let output = makePipe()
    process.standardOutput = output
    process.standardError = makePipe()
    try launch(process)
    defer {
      process.terminate()
      process.waitUntilExit()
    }
    let base = PipeReader(output).firstLine(within: 60).trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(base.hasPrefix("http://127.0.0.1:") && base.hasSuffix("/v1"))
    let models = try runProcess(["curl", "-sf", base + "/models"])
    #expect(models.stdout.contains(#""id": "phi-3.5-mini-instruct""#))
    let body = #"{"model":"phi-3.5-mini-instruct","messages":[{"role":"user","content":"curl"}]}"#
    let answer = try runProcess([
      "curl", "-sf", base + "/chat/completions", "-H", "Content-Type: application/json", "-d", body,
    ])
    #expect(answer.stdout.contains("You said: curl (1 messages)"))
  }
}

/// `chat` against a real llama.cpp llama-server behind the test cluster's port-forward and proxy.
@Suite(.serialized, .ownThreads) struct LlamaChatTests {
  static let llama = try! LlamaServer()
  static let cluster: TestCluster = {
    let cluster = try! TestCluster(step: 0.1)
    _ = try! cluster.kaito(["deploy", "phi-3.5-mini-instruct", "--name", "llama", "--wait"])
    try! cluster.control("backend", #"{"name": "llama", "port": \#(llama.port), "served": "tiny-random-llama"}"#)
    return cluster
  }()

  @Test(arguments: ["port-forward", "proxy"])
  func streamsARealModel(via: String) throws {
    let result = try Self.cluster.kaito([
      "chat", "llama", "--via", via, "--prompt", "Hello", "--max-tokens", "4", "--temperature", "0", "-o", "json",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    #expect(object["model"] as? String == "tiny-random-llama")
    #expect(object["finish_reason"] as? String == "length")
    #expect((object["usage"] as? [String: Any])?["completion_tokens"] as? Int == 4)
    #expect(!((object["text"] as? String) ?? "").isEmpty)
  }

  @Test func deterministicAtTemperatureZeroAndErrorsInLlamaShape() throws {
    let first = try Self.cluster.kaito(["chat", "llama", "--prompt", "Hi", "--max-tokens", "6", "--temperature", "0"])
    let second = try Self.cluster.kaito([
      "chat", "llama", "--prompt", "Hi", "--max-tokens", "6", "--temperature", "0", "--no-stream",
    ])
    #expect(first.status == 0 && second.status == 0, "\(first.stderr)\(second.stderr)")
    #expect(first.stdout == second.stdout)
    let long = String(repeating: "kubernetes ", count: 700)
    let overflow = try Self.cluster.kaito(["chat", "llama", "--prompt", long])
    #expect(overflow.status == 1)
    #expect(overflow.stderr.contains("error: the model server answered 400:"))
    #expect(overflow.stderr.contains("exceed_context_size_error") || overflow.stderr.contains("context"))
  }

  /// `bench` against a real llama-server: every request answered, exactly the tokens asked for.
  @Test func benchAgainstARealModel() throws {
    let result = try Self.cluster.kaito([
      "bench", "llama", "--concurrency", "1,2", "--requests", "4", "--input-tokens", "16", "--output-tokens", "4",
      "-o", "json",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let levels = try JSONReader.read(result.stdout)["levels"]?.arrayValue ?? []
    #expect(levels.map { $0["requests"] } == [.int(4), .int(4)] && levels.allSatisfy { $0["errors"] == .int(0) })
    #expect(levels.allSatisfy { ($0["outputTokensPerSecond"]?.doubleValue ?? 0) > 0 }, "\(levels)")
  }

  /// The session's settings reach a real server, and the figures after the answer are its own.
  @Test func sessionSettingsAndFiguresWithARealModel() throws {
    let input = "/set max_tokens 3\n/set seed 7\nHello\n/show\n/bye\n"
    let session = try runProcess(
      ["script", "-qec", "\(kaitoBinary) chat llama", "/dev/null"], stdin: input,
      environment: Self.cluster.environment())
    #expect(session.status == 0, "\(session.stdout)")
    #expect(session.stdout.contains("Set max_tokens to 3.") && session.stdout.contains("Set seed to 7."))
    #expect(
      session.stdout.contains("3 tokens") && session.stdout.contains("cut at max_tokens 3: /set max_tokens 12"),
      "\(session.stdout)")
    #expect(session.stdout.contains("first token ") && session.stdout.contains("Conversation:   2 messages"))
    let completion = try Self.cluster.kaito([
      "chat", "llama", "--completions", "--prompt", "Once upon", "--max-tokens", "3", "-o", "json",
    ])
    #expect(completion.status == 0, "\(completion.stderr)")
    let object = try JSONReader.read(completion.stdout)
    #expect(object["endpoint"]?.stringValue == "/v1/completions")
    #expect(object["usage"]?["completion_tokens"]?.intValue == 3 && object["finish_reason"]?.stringValue == "length")
  }
}

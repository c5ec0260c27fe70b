import ArgumentParser
import KaitoCore

/// A load test of a workspace's endpoint, measured from this machine through the tool's own
/// port-forward (or the API server's proxy): where throughput stops growing, and what it costs
/// in latency.
struct Bench: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    _superCommandName: "kubectl-kaito",
    abstract: "Load-test a model's endpoint: latency and throughput at each level of concurrency.",
    discussion: paragraphs(
      """
      Sends streamed requests of about --input-tokens tokens that each generate exactly
      --output-tokens (ignore_eos), at each level of --concurrency in turn, every worker over its own
      tunnel. For each level it reports the time to the first token (p50, p90, p99), the latency
      between tokens, output tokens/s, requests/s, errors, and the CPU time this tool spent per
      request, so that its own share never hides in the figures; then where throughput stops
      growing. NAME is a workspace, an InferenceSet (one serving replica is measured) or the
      model a workspace serves. KAITO's own benchmark, measured in the pod, is in kubectl kaito
      status NAME.

      Examples:
        kubectl kaito bench workspace-phi-3-5-mini-instruct
        kubectl kaito bench phi-3.5-mini-instruct --concurrency 1,4,16 --duration 30s -o json
      """))

  @Argument(help: "The workspace, the InferenceSet, or the model a workspace serves.", completion: Complete.workspaces)
  var name: String?

  @Option(
    help: ArgumentHelp("Levels of concurrency, in order (default 1,2,4,8,16).", valueName: "levels"),
    transform: Bench.levels)
  var concurrency: [Int] = [1, 2, 4, 8, 16]

  @Option(help: "Requests per level (default: 4 per worker, at least 8).")
  var requests: Int?

  @Option(
    help: ArgumentHelp("How long each level runs (a duration like 30s), instead of --requests.", valueName: "duration"),
    transform: Duration.parse("--duration"))
  var duration: Duration?

  @Option(help: "About how many tokens each prompt has.")
  var inputTokens = 128

  @Option(help: "How many tokens each answer generates.")
  var outputTokens = 64

  @Option(help: "How to reach the model: proxy goes through the API server's service proxy.")
  var via: Route = .portForward

  @Option(
    help: ArgumentHelp(
      "Measure this OpenAI-compatible endpoint instead of a workspace (a gateway, a port-forward of your own).",
      valueName: "http://host:port"))
  var url: String?

  @Option(name: [.customShort("o", allowingJoined: true), .long], help: "Output format.")
  var output: Chat.Format = .text

  @OptionGroup var options: ClusterCommandOptions

  func validate() throws {
    if let url {
      guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
        throw ValidationError("--url takes http://HOST:PORT or https://HOST:PORT (without /v1), not \(url)")
      }
      if name != nil { throw ValidationError("name a workspace or give --url, not both") }
    }
    // Bounds that keep a typo from allocating gigabytes or starting millions of threads.
    guard (1...1_000_000).contains(inputTokens), (1...1_000_000).contains(outputTokens) else {
      throw ValidationError("--input-tokens and --output-tokens are from 1 to 1000000")
    }
    if let requests, !(1...1_000_000).contains(requests) {
      throw ValidationError("--requests is from 1 to 1000000, not \(requests)")
    }
  }

  static func levels(_ text: String) throws -> [Int] {
    let levels = text.split(separator: ",").map { Int(String($0).trimmingSpaces) }
    guard !levels.isEmpty, levels.allSatisfy({ (1...1024).contains($0 ?? 0) }) else {
      throw ValidationError("--concurrency takes levels from 1 to 1024, like 1,2,4; not \(text)")
    }
    return levels.compactMap { $0 }
  }

  func run(in context: CommandContext) throws {
    let env = options.display.environment(context)
    if let url {
      // Straight to an endpoint: no cluster, one connection per worker.
      let connection = Connection.endpoint(url)
      let client: @Sendable (Int) throws(KaitoError) -> ChatClient = { _ throws(KaitoError) in
        ChatClient(transport: try context.connect(connection, env), environment: env)
      }
      let served = try ModelEndpoint(chat: try client(0), forwarder: nil).model(nil)
      return try measure(served.id, target: url, route: "url", client: client, env: env)
    }
    let (_, kaito, found) = try options.openServing(context, name)
    let endpoint = try ModelEndpoint.open(kaito, workspace: found.name, route: via, connect: context.connect)
    defer { endpoint.forwarder?.stop() }
    let served = try endpoint.model(nil)
    let namespace = kaito.namespace
    let client: @Sendable (Int) throws(KaitoError) -> ChatClient
    if let forwarder = endpoint.forwarder {
      client = { _ throws(KaitoError) in
        ChatClient(
          transport: try context.connect(forwarder.localConnection(namespace: namespace), env), environment: env)
      }
    } else {
      let cluster = options.cluster
      client = { _ throws(KaitoError) in
        let transport: any Transport
        do { transport = try cluster.client(context, env).transport } catch {
          throw KaitoError(String(describing: error))
        }
        return ChatClient(
          transport: transport, prefix: ModelEndpoint.proxyPrefix(workspace: found.name, namespace: namespace),
          environment: env)
      }
    }
    try measure(served.id, target: found.name, route: via.rawValue, client: client, env: env)
  }

  /// Every level in turn, then the table (or JSON) and where throughput stops growing.
  private func measure(
    _ model: String, target: String, route: String, client: @escaping @Sendable (Int) throws(KaitoError) -> ChatClient,
    env: Environment
  ) throws {
    var test = LoadTest(model: model)
    (test.inputTokens, test.outputTokens, test.duration) = (inputTokens, outputTokens, duration?.seconds)
    var levels: [LoadTest.Level] = []
    for level in concurrency {
      test.requests = requests ?? (duration == nil ? max(8, 4 * level) : nil)
      env.note(
        "concurrency \(level): "
          + (test.requests.map { "\($0) requests" } ?? "\(Time.elapsed(duration?.seconds ?? 0))")
          + " of about \(inputTokens) tokens in, \(outputTokens) out …")
      levels.append(test.run(concurrency: level, environment: env, client: client))
      if let problem = levels.last?.firstError { env.warn("concurrency \(level): \(problem)") }
    }
    let summary = LoadTest.summary(levels)
    switch output {
    case .text:
      env.writeOut(LoadTest.table(levels).render() + summary + "\n")
    case .json:
      let encoded = (try? ValueEncoder().encode(levels)) ?? .array([])
      env.writeOut(
        JSONWriter.write(
          [
            "target": .string(target), "model": .string(model), "route": .string(route),
            "inputTokens": .int(inputTokens), "outputTokens": .int(outputTokens), "levels": encoded,
            "summary": .string(summary),
          ]))
    }
    if levels.allSatisfy({ $0.errors > 0 && $0.errors == $0.requests }) {
      throw KaitoError("every request failed: \(levels.first?.firstError ?? "no answer")")
    }
  }
}

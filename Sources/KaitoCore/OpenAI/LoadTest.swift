import Synchronization

/// `bench`: a load test of a model's endpoint from this machine, one level of concurrency at a
/// time. Each of a level's workers has its own connection (its own tunnel through the
/// port-forward) and sends streamed requests one after another until the level's requests are
/// used up or its time has passed. The connections are opened before the clock starts (each
/// worker asks `/v1/models` once), so that the figures are of answers, not of connection set-up.
public struct LoadTest: Sendable {
  public var model: String
  public var inputTokens = 128
  public var outputTokens = 64
  /// Requests per level; nil: `duration` decides.
  public var requests: Int?
  /// Seconds per level, when `requests` is nil.
  public var duration: Double?

  public init(model: String) { self.model = model }

  /// What one level measured. Times in milliseconds.
  public struct Level: Sendable, Equatable, Encodable {
    public var concurrency: Int
    public var requests: Int
    public var errors: Int
    public var timeToFirstTokenMs: Percentiles
    public var interTokenLatencyMs: Percentiles
    public var outputTokensPerSecond: Double
    public var requestsPerSecond: Double
    /// CPU time this process spent per request (parsing, the tunnel's copying): the tool's own
    /// share, shown so that it never hides in the figures.
    public var overheadMsPerRequest: Double
    public var firstError: String?
  }

  public struct Percentiles: Sendable, Equatable, Encodable {
    public var p50: Double
    public var p90: Double
    public var p99: Double

    init(_ values: [Double]) {
      let sorted = values.sorted()
      // Nearest rank: the smallest value with at least q of them at or below it.
      func at(_ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count, rank) - 1)]
      }
      (p50, p90, p99) = (at(0.5), at(0.9), at(0.99))
    }
  }

  /// What the workers have counted so far.
  private struct Tally {
    var started = 0
    var done = 0
    var ttft: [Double] = []
    var itl: [Double] = []
    var tokens = 0
    var errors = 0
    var first: String?
  }

  /// The prompt: about `inputTokens` tokens of plain words.
  var prompt: String {
    String(repeating: "kubernetes ", count: max(1, inputTokens)).trimmingSpaces
  }

  /// Runs one level with `concurrency` workers; `client(i)` opens worker i's own connection.
  public func run(
    concurrency: Int, environment: Environment, client: @escaping @Sendable (Int) throws(KaitoError) -> ChatClient,
    progress: @escaping @Sendable (Int) -> Void = { _ in }
  ) -> Level {
    let total = requests ?? Int.max
    let deadline = duration.map { environment.now() + $0 }
    let state = Mutex(Tally())
    let options = {
      var options = ChatClient.Options()
      (options.maxTokens, options.temperature, options.ignoreEOS) = (outputTokens, 0, true)
      return options
    }()
    let messages = [ChatClient.Message(role: "user", content: prompt)]
    let clients = Mutex<[Int: ChatClient]>([:])
    Platform.runThreads(concurrency) { worker in
      do {
        let chat = try client(worker)
        _ = try chat.models()
        clients.withLock { $0[worker] = chat }
      } catch {
        state.withLock { (s: inout Tally) in
          s.errors += 1
          s.first = s.first ?? String(describing: error)
        }
      }
    }
    let cpuBefore = Platform.cpuSeconds()
    let started = environment.now()
    Platform.runThreads(concurrency) { worker in
      guard let chat = clients.withLock({ $0[worker] }) else { return }
      while true {
        let go = state.withLock { (s: inout Tally) -> Bool in
          guard s.started < total, deadline.map({ environment.now() < $0 }) ?? true else { return false }
          s.started += 1
          return true
        }
        guard go else { return }
        var pieces = 0
        let answer: ChatClient.Answer
        do {
          answer = try chat.complete(messages, model: model, options: options) { _ in pieces += 1 }
        } catch {
          state.withLock { (s: inout Tally) in
            (s.errors, s.done) = (s.errors + 1, s.done + 1)
            s.first = s.first ?? String(describing: error)
          }
          continue
        }
        let tokens = answer.outputTokens(pieces: pieces)
        let done = state.withLock { (s: inout Tally) -> Int in
          s.done += 1
          if let failure = answer.error {
            s.errors += 1
            s.first = s.first ?? failure
            return s.done
          }
          if let first = answer.timeToFirstToken {
            s.ttft.append(first * 1000)
            if tokens > 1 { s.itl.append((answer.total - first) * 1000 / Double(tokens - 1)) }
          }
          s.tokens += tokens
          return s.done
        }
        progress(done)
      }
    }
    let elapsed = max(environment.now() - started, 1e-9)
    let cpu = Platform.cpuSeconds() - cpuBefore
    return state.withLock { (s: inout Tally) in
      Level(
        concurrency: concurrency, requests: s.done, errors: s.errors, timeToFirstTokenMs: Percentiles(s.ttft),
        interTokenLatencyMs: Percentiles(s.itl), outputTokensPerSecond: Double(s.tokens) / elapsed,
        requestsPerSecond: Double(s.done - s.errors) / elapsed,
        overheadMsPerRequest: s.done > 0 ? cpu * 1000 / Double(s.done) : 0, firstError: s.first)
    }
  }

  /// Where throughput stops growing: the first level whose tokens/s is less than 10 % above the
  /// level before it.
  public static func summary(_ levels: [Level]) -> String {
    guard let best = levels.max(by: { $0.outputTokensPerSecond < $1.outputTokensPerSecond }) else { return "" }
    let knee = zip(levels, levels.dropFirst()).first { $1.outputTokensPerSecond < $0.outputTokensPerSecond * 1.1 }?.0
    let rate = "\(Int(best.outputTokensPerSecond.rounded())) output tokens/s"
    guard let knee else {
      return "Throughput still grew at concurrency \(best.concurrency) (\(rate)): try higher levels."
    }
    return
      "Throughput stops growing at concurrency \(knee.concurrency) (\(Int(knee.outputTokensPerSecond.rounded())) output tokens/s); beyond it, requests mostly wait longer (best: \(rate) at \(best.concurrency))."
  }

  /// The table `bench` prints, 80 columns wide: LEVEL is the concurrency, the time to the first
  /// token is one cell of its three percentiles, CPU/REQ is the tool's own time per request.
  public static func table(_ levels: [Level]) -> Table {
    func number(_ x: Double) -> String { x < 10 ? tenths(x) : String(Int(x.rounded())) }
    return Table(
      headers: ["LEVEL", "REQS", "ERRORS", "TTFT-P50/P90/P99", "ITL-P50", "TOKENS/S", "REQ/S", "CPU/REQ"],
      rows: levels.map { l in
        let ttft = l.timeToFirstTokenMs
        return [
          String(l.concurrency), String(l.requests), String(l.errors),
          "\(number(ttft.p50))/\(number(ttft.p90))/\(number(ttft.p99))ms", number(l.interTokenLatencyMs.p50) + "ms",
          String(Int(l.outputTokensPerSecond.rounded())), tenths(l.requestsPerSecond),
          number(l.overheadMsPerRequest) + "ms",
        ]
      })
  }
}

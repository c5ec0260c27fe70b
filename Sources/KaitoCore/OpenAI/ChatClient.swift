/// The model's OpenAI-compatible API as KAITO serves it (vLLM, or transformers): `/v1/models`
/// and `/v1/chat/completions` streamed as server-sent events.
public struct ChatClient: Sendable {
  public let transport: any Transport
  /// Put before `/v1/…`: empty through a port-forward, the service proxy path otherwise.
  public let prefix: String
  public let environment: Environment

  public init(transport: any Transport, prefix: String = "", environment: Environment) {
    self.transport = transport
    self.prefix = prefix
    self.environment = environment
  }

  public struct ServedModel: Sendable, Equatable {
    public var id: String
    public var maxModelLen: Int?
    /// Set for a LoRA adapter: the base model it belongs to.
    public var parent: String?

    public init(id: String, maxModelLen: Int? = nil, parent: String? = nil) {
      (self.id, self.maxModelLen, self.parent) = (id, maxModelLen, parent)
    }
  }

  /// The served models; empty for KAITO ≤ v0.8's transformers runtime, which has no `/v1/models`
  /// (only `/chat`).
  public func models() throws(KaitoError) -> [ServedModel] {
    let response = try transport.send(
      HTTPRequest(path: prefix + "/v1/models", headers: [("Accept", "application/json")]))
    if response.status == 404, (try? transport.send(HTTPRequest(path: prefix + "/")))?.status == 200 { return [] }
    guard response.status == 200 else { throw Self.error(response) }
    let list = try JSONReader.read(response.body)
    return (list["data"]?.arrayValue ?? []).compactMap { item in
      item["id"]?.stringValue.map {
        ServedModel(id: $0, maxModelLen: item["max_model_len"]?.intValue, parent: item["parent"]?.stringValue)
      }
    }
  }

  public struct Message: Sendable, Equatable {
    public var role: String
    public var content: String
    public init(role: String, content: String) {
      self.role = role
      self.content = content
    }
    var value: Value { ["role": .string(role), "content": .string(content)] }
  }

  public struct Options: Sendable {
    public var temperature: Double?
    public var maxTokens: Int?
    public var topP: Double?
    public var seed: Int?
    /// Generate exactly `maxTokens` (vLLM's and llama.cpp's `ignore_eos`): what a load test needs.
    public var ignoreEOS = false
    public var stream = true
    /// Seconds an answer may take in all; nil for no limit.
    public var timeout: Double?
    /// KAITO ≤ v0.8's transformers runtime: `POST /chat` answering `{"Result": …}`, no streaming.
    public var legacy = false
    /// A base model: the conversation as plain text to `/v1/completions`, which continues it.
    public var completions = false
    public var endpoint: String { legacy ? "/chat" : completions ? "/v1/completions" : "/v1/chat/completions" }
    public init() {}
  }

  /// One answer: what arrived, how it ended, and the timing.
  public struct Answer: Sendable {
    public var model: String
    public var text = ""
    public var finishReason: String?
    public var usage: Value?
    public var timeToFirstToken: Double?
    public var total: Double = 0
    /// Set when the answer broke off; `text` keeps what arrived before.
    public var error: String?

    /// The tokens of the answer: the server's usage count where it is believable (it may not
    /// be: sums of it must not overflow), else the pieces that were streamed.
    public func outputTokens(pieces: Int) -> Int {
      guard let counted = usage?["completion_tokens"]?.intValue, (0...100_000_000).contains(counted) else {
        return pieces
      }
      return counted
    }

    public init(model: String) { self.model = model }
  }

  /// The longest answer kept: far beyond any context window, short of a server that never stops.
  public static let maxAnswerBytes = 64 << 20

  /// Sends the conversation and streams the reply to `onText` as it arrives. A stream that breaks
  /// mid-answer returns what arrived, with `error` set. 429 is waited out and retried, as said.
  public func complete(_ messages: [Message], model: String, options: Options, onText: (String) -> Void)
    throws(KaitoError) -> Answer
  {
    if options.legacy { return try completeLegacy(messages, model: model, options: options, onText: onText) }
    var body: Value.Object = ["model": .string(model), "stream": .bool(options.stream)]
    if options.completions {
      body["prompt"] = .string(Self.plainText(messages))
    } else {
      body["messages"] = .array(messages.map(\.value))
    }
    if options.stream { body["stream_options"] = ["include_usage": true] }
    if let t = options.temperature { body["temperature"] = .double(t) }
    if let m = options.maxTokens { body["max_tokens"] = .int(m) }
    if let p = options.topP { body["top_p"] = .double(p) }
    if let s = options.seed { body["seed"] = .int(s) }
    if options.ignoreEOS { body["ignore_eos"] = true }
    var request = HTTPRequest(
      method: "POST", path: prefix + options.endpoint,
      headers: [
        ("Content-Type", "application/json"), ("Accept", options.stream ? "text/event-stream" : "application/json"),
      ],
      body: Array(JSONWriter.compact(.object(body)).utf8))
    // The stream ends right after [DONE]: read it to its end, so the next question reuses the tunnel.
    request.finishAfterStop = options.stream
    var attempt = 0
    while true {
      attempt += 1
      var answer = Answer(model: model)
      let started = environment.now()
      let response: HTTPResponse
      if options.stream {
        var parser = ServerSentEvents()
        do {
          response = try withoutActuallyEscaping(onText) { onText in
            try transport.stream(request, timeout: options.timeout) { chunk in
              let events: [String]
              do { events = try parser.feed(chunk) } catch {
                answer.error = (error as? KaitoError)?.message ?? "\(error)"
                return false
              }
              for data in events {
                if data == "[DONE]" { return false }
                guard let event = try? JSONReader.read(data) else { continue }
                if let choice = event["choices"]?.arrayValue?.first {
                  if let text = (choice["delta"]?["content"] ?? choice["text"])?.stringValue, !text.isEmpty {
                    if answer.timeToFirstToken == nil { answer.timeToFirstToken = environment.now() - started }
                    guard answer.text.utf8.count + text.utf8.count <= Self.maxAnswerBytes else {
                      answer.error = "the answer passed \(Self.maxAnswerBytes >> 20) MiB and was stopped there"
                      return false
                    }
                    answer.text += text
                    onText(text)
                  }
                  if let reason = choice["finish_reason"]?.stringValue { answer.finishReason = reason }
                }
                if let usage = event["usage"], usage != .null { answer.usage = usage }
                if let served = event["model"]?.stringValue { answer.model = served }
                if let error = event["error"] { answer.error = Self.message(of: error) }
              }
              return true
            }
          }
        } catch {
          // The connection broke: keep what arrived.
          answer.error = (error as? KaitoError)?.message ?? "\(error)"
          answer.total = environment.now() - started
          return answer
        }
      } else {
        response = try transport.send(request)
        if response.status == 200 {
          let reply = try JSONReader.read(response.body)
          let choice = reply["choices"]?.arrayValue?.first
          answer.text = (choice?["message"]?["content"] ?? choice?["text"])?.stringValue ?? ""
          answer.finishReason = choice?["finish_reason"]?.stringValue
          answer.usage = reply["usage"]
          answer.model = reply["model"]?.stringValue ?? model
          answer.timeToFirstToken = environment.now() - started
          onText(answer.text)
        }
      }
      answer.total = environment.now() - started
      if response.status == 429 && attempt < 4 {
        let wait = min(Double(response.header("Retry-After") ?? "") ?? Double(attempt * 2), 30)
        environment.warn("the model is busy (429 Too Many Requests); retrying in \(Int(wait))s")
        environment.sleep(wait)
        continue
      }
      guard (200..<300).contains(response.status) else { throw Self.error(response) }
      if options.stream && answer.finishReason == nil && answer.error == nil {
        answer.error =
          response.timedOut
          ? "the answer did not finish within --timeout (\(Time.elapsed(answer.total))); what arrived is kept"
          : "the stream ended before the answer was finished"
      }
      return answer
    }
  }

  /// A conversation as the plain text a base model continues: each message on its own line.
  /// An answer continues the text before it; anything else starts a line of its own.
  static func plainText(_ messages: [Message]) -> String {
    var text = ""
    for message in messages {
      if !text.isEmpty && message.role != "assistant" && !text.hasSuffix("\n") { text += "\n" }
      text += message.content
    }
    return text
  }

  /// vLLM's refusal to chat with a model whose tokenizer has no chat template.
  public static func lacksChatTemplate(_ error: KaitoError) -> Bool { error.message.contains("chat template") }

  /// KAITO ≤ v0.8's transformers API: the conversation to `/chat`, the answer in `Result`.
  func completeLegacy(_ messages: [Message], model: String, options: Options, onText: (String) -> Void)
    throws(KaitoError) -> Answer
  {
    var kwargs: Value.Object = [:]
    if let t = options.temperature { kwargs["temperature"] = .double(t) }
    if let m = options.maxTokens { kwargs["max_length"] = .int(m) }
    if let p = options.topP { kwargs["top_p"] = .double(p) }
    let body: Value = ["messages": .array(messages.map(\.value)), "generate_kwargs": .object(kwargs)]
    let started = environment.now()
    let response = try transport.send(
      HTTPRequest(
        method: "POST", path: prefix + "/chat", headers: [("Content-Type", "application/json")],
        body: Array(JSONWriter.compact(body).utf8)))
    guard response.status == 200 else { throw Self.error(response) }
    let reply = try JSONReader.read(response.body)
    guard let text = reply["Result"]?.stringValue else {
      throw KaitoError("the model server's /chat answer has no Result")
    }
    var answer = Answer(model: model)
    (answer.text, answer.finishReason) = (text, "stop")
    answer.timeToFirstToken = environment.now() - started
    answer.total = answer.timeToFirstToken ?? 0
    onText(text)
    return answer
  }

  /// vLLM's flat `{"object":"error","message":…}`, the nested `{"error":{"message":…}}` of
  /// OpenAI and llama.cpp, or the body as it is.
  static func error(_ response: HTTPResponse) -> KaitoError {
    let text = String(decoding: response.body.prefix(500), as: UTF8.self)
    guard let body = try? JSONReader.read(response.body) else {
      return KaitoError(
        "the model server answered \(response.status)" + (text.isEmpty ? "" : ": " + Table.escape(text)))
    }
    return KaitoError("the model server answered \(response.status): \(message(of: body["error"] ?? body))")
  }

  static func message(of error: Value) -> String {
    if case .string(let s) = error { return Table.escape(s) }
    let message = error["message"]?.stringValue ?? JSONWriter.compact(error)
    let type = error["type"]?.stringValue
    return Table.escape(message + (type.map { " (\($0))" } ?? ""))
  }
}

/// Splits a server-sent event stream into the data of each event: `data:` lines joined, comments
/// and other fields skipped, events that span reads put back together. Linear in the input: each
/// byte is looked at once, however the reads split it. An event (or a line) longer than
/// `maxEventBytes` is an error rather than a buffer that grows without end.
public struct ServerSentEvents: Sendable {
  private var buffer: [UInt8] = []
  /// Where the search for the next newline resumes: the bytes before it hold none.
  private var scanned = 0
  private var data: [String] = []
  private var dataBytes = 0
  public var maxEventBytes: Int

  public init(maxEventBytes: Int = 8 << 20) { self.maxEventBytes = maxEventBytes }

  public mutating func feed(_ bytes: [UInt8]) throws(KaitoError) -> [String] {
    buffer += bytes
    var events: [String] = []
    var lineStart = 0
    while let newline = buffer[scanned...].firstIndex(of: 0x0A) {
      var line = buffer[lineStart..<newline]
      if line.last == 0x0D { line = line.dropLast() }
      lineStart = newline + 1
      scanned = lineStart
      if line.isEmpty {
        if !data.isEmpty { events.append(data.joined(separator: "\n")) }
        data = []
        dataBytes = 0
        continue
      }
      if line.first == UInt8(ascii: ":") { continue }
      let text = String(decoding: line, as: UTF8.self)
      if text.hasPrefix("data:") {
        var value = text.dropFirst(5)
        if value.first == " " { value = value.dropFirst() }
        dataBytes += value.utf8.count
        guard dataBytes <= maxEventBytes else { throw tooLong() }
        data.append(String(value))
      }
    }
    if lineStart > 0 {
      buffer.removeSubrange(..<lineStart)
      scanned -= lineStart
    }
    scanned = buffer.count
    guard buffer.count <= maxEventBytes else { throw tooLong() }
    return events
  }

  func tooLong() -> KaitoError {
    KaitoError(
      "the model server sent an event of more than \(maxEventBytes >> 20) MiB without an end; the answer stops there")
  }
}

import ArgumentParser
import KaitoCore
import Synchronization

extension Route: FastArgument {}

struct Chat: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "chat",
    _superCommandName: "kubectl-kaito",
    abstract: "Talk to a workspace's model, through a port-forward this command opens itself.",
    discussion: paragraphs(
      """
      NAME is a workspace, or the model it serves (phi-3.5-mini-instruct finds the workspace that
      serves it); without NAME, the one workspace of the namespace that serves.

      With --prompt, or with text on standard input that is not a terminal, one answer is printed
      and the command exits (for scripts and CI; -o json gives the whole result). On a terminal,
      an interactive session: type a message, or /help for the commands (/set, /show, /models,
      /retry, /save, /load …). A block between \"\"\" lines, a line ending in \\, or a paste is one
      message. After each answer a line gives the time to the first token, the tokens and their
      rate; Ctrl-C stops an answer and keeps what arrived.

      A stream that breaks mid-answer keeps what arrived and says what happened (exit 1).

      Examples:
        kubectl kaito chat workspace-phi-3-5-mini-instruct
        kubectl kaito chat workspace-phi-3-5-mini-instruct \\
          --prompt "What is Kubernetes?"
        echo "What is Kubernetes?" |
          kubectl kaito chat workspace-phi-3-5-mini-instruct -o json
      """))

  enum Format: String, FastArgument {
    case text, json
  }

  @Argument(
    help: "The workspace, or the model it serves; optional when one workspace of the namespace serves.",
    completion: Complete.workspaces)
  var name: String?

  @Option(help: "One message to send; without it (and without piped input) the session is interactive.")
  var prompt: String?

  @Option(help: "The model or LoRA adapter to talk to (default: the served base model).")
  var model: String?

  @OptionGroup var conversationOptions: ConversationOptions

  @Option(
    help: "Nucleus sampling: the probability mass to sample from, above 0 and at most 1.",
    transform: Chat.number("--top-p", in: Double.leastNonzeroMagnitude...1))
  var topP: Double?

  @Flag(help: "Ask for the whole answer at once instead of streaming it.")
  var noStream = false

  @Flag(
    help: ArgumentHelp(
      "Complete text with /v1/completions instead of chatting.",
      discussion: "Base models (not instruction-tuned, such as mistral-7b) get this by themselves."))
  var completions = false

  @Option(
    help: ArgumentHelp(
      "How long one answer may take in all (a duration like 2m); default: no limit.", valueName: "duration"),
    transform: Duration.parse("--timeout"))
  var timeout: Duration?

  @Option(help: "How to reach the model: proxy goes through the API server's service proxy.")
  var via: Route = .portForward

  @Option(name: [.customShort("o", allowingJoined: true), .long], help: "Output of a one-shot answer.")
  var output: Format = .text

  @OptionGroup var options: ClusterCommandOptions

  func run(in context: CommandContext) throws {
    let (env, kaito, found) = try options.openServing(context, name)
    let name = found.name
    // The interactive session: Ctrl-C stops the answer in progress, not the session.
    let interrupted = prompt == nil && env.stdinIsTerminal ? context.catchInterrupts() : nil
    let endpoint = try ModelEndpoint.open(
      kaito, workspace: name, route: via, connect: context.connect,
      replacement: kaito.replacementPod(for: found, note: env.note))
    defer { endpoint.forwarder?.stop() }
    /// A failure through the tunnel, with the port-forward's own words for what went wrong.
    func explained<T>(_ body: () throws -> T) throws -> T {
      do { return try body() } catch let error as KaitoError {
        guard let cause = endpoint.forwarder?.lastError.withLock({ $0 }) else { throw error }
        throw KaitoError("\(error.message)\n  \(cause)")
      }
    }
    let served = try explained { try endpoint.model(model) }
    var options = chatOptions()
    options.legacy = served.parent == "legacy"
    if options.legacy {
      env.note("This workspace runs KAITO's older transformers API (/chat): answers come whole, not streamed.")
    }
    let preset = WorkspaceStatus(found.object).preset
    if !options.legacy, completions || preset.flatMap({ try? Catalog.embedded.model(named: $0).model })?.base == true {
      options.completions = true
      if !completions {
        env.note(
          "\(preset ?? served.id) is a base model, not instruction-tuned: its text is completed (/v1/completions) and the conversation is kept as plain text."
        )
      }
    }

    var conversation: [ChatClient.Message] =
      conversationOptions.system.map { [.init(role: "system", content: $0)] } ?? []
    var text = prompt
    if text == nil && !env.stdinIsTerminal {
      var lines: [String] = []
      while let line = env.readLine() { lines.append(line) }
      text = lines.joined(separator: "\n")
    }
    guard let question = text else {
      try interactive(
        endpoint, workspace: name, model: served, options: options, interrupted: interrupted ?? { false }, env: env)
      return
    }
    guard !question.trimmingSpaces.isEmpty else {
      throw KaitoError("nothing to send: the prompt is empty")
    }
    conversation.append(.init(role: "user", content: question))
    let safe = env.stdoutIsTerminal
    let answer: ChatClient.Answer
    answer = try explained {
      try Self.send(conversation, model: served.id, options: &options, endpoint: endpoint, env: env) { piece in
        if output == .text { env.writeOut(safe ? terminalSafe(piece) : piece) }
      }
    }
    env.writeOut(output == .text ? "\n" : JSONWriter.write(Self.result(answer, endpoint: options.endpoint)))
    if output == .text, answer.finishReason == "length" {
      env.note(
        conversationOptions.maxTokens.map { "(the answer was cut at --max-tokens \($0); raise it for a longer one)" }
          ?? "(the answer was cut at the end of the model's context)")
    }
    if let error = answer.error {
      throw KaitoError("the answer broke off after \(answer.text.count) characters (kept above): \(error)")
    }
  }

  /// The sampling and streaming flags.
  private func chatOptions() -> ChatClient.Options {
    var options = ChatClient.Options()
    options.temperature = conversationOptions.temperature
    options.maxTokens = conversationOptions.maxTokens
    options.topP = topP
    options.stream = !noStream
    options.timeout = timeout?.seconds
    return options
  }

  /// Sends the conversation; when the server has no chat template for the model (vLLM's refusal
  /// for base models), says so once and completes text from then on.
  static func send(
    _ messages: [ChatClient.Message], model: String, options: inout ChatClient.Options, endpoint: ModelEndpoint,
    env: Environment, onText: (String) -> Void
  ) throws(KaitoError) -> ChatClient.Answer {
    do {
      return try endpoint.chat.complete(messages, model: model, options: options, onText: onText)
    } catch {
      guard !options.completions, !options.legacy, ChatClient.lacksChatTemplate(error) else { throw error }
      options.completions = true
      env.note("The server has no chat template for \(model): completing text (/v1/completions) instead.")
      return try endpoint.chat.complete(messages, model: model, options: options, onText: onText)
    }
  }

  /// A one-shot answer as `-o json` prints it, with the endpoint that gave it.
  static func result(_ answer: ChatClient.Answer, endpoint: String) -> Value {
    var result: Value.Object = [
      "model": .string(answer.model), "endpoint": .string(endpoint), "text": .string(answer.text),
      "finish_reason": answer.finishReason.map { .string($0) } ?? .null,
      "usage": answer.usage ?? .null,
    ]
    result["time_to_first_token_ms"] = answer.timeToFirstToken.map { .int(Int(($0 * 1000).rounded())) } ?? .null
    result["total_ms"] = .int(Int((answer.total * 1000).rounded()))
    if let error = answer.error { result["error"] = .string(error) }
    return .object(result)
  }

  /// The terminal session: streamed answers, the whole conversation sent each time, slash
  /// commands that each say what they did, and a line of figures after every answer.
  private func interactive(
    _ endpoint: ModelEndpoint, workspace: String, model: ChatClient.ServedModel, options: ChatClient.Options,
    interrupted: @escaping @Sendable () -> Bool, env: Environment
  ) throws {
    var session = ChatSession(
      workspace: workspace, model: model, options: options, system: conversationOptions.system)
    // Ctrl-C stops the answer in progress; the flag tells a stop from a broken stream.
    let stopped = Mutex(false)
    endpoint.chat.transport.cancelWhen {
      guard interrupted() else { return false }
      stopped.withLock { $0 = true }
      return true
    }
    let dim = { (text: String) in env.writeErr((env.colorErr ? ANSIColor.dim.paint(text) : text) + "\n") }
    // Bracketed paste: the terminal marks pasted text, so that a pasted block is one message.
    let paste = env.stdinIsTerminal && env.stderrIsTerminal && env.variables["TERM"] != "dumb"
    if paste { env.writeErr("\u{1B}[?2004h") }
    defer { if paste { env.writeErr("\u{1B}[?2004l") } }
    dim("Talking to \(model.id) in \(workspace). /help for commands; /bye or Ctrl-D leaves; Ctrl-C stops an answer.")

    let reader = lineReader(interrupted: interrupted, env: env)
    var input = ChatInput()
    var interruptedBefore = false
    while true {
      let line: String
      switch reader.read(prompt: input.continuing ? "... " : ">>> ") {
      case .end:
        env.writeErr("\n")
        return
      case .interrupted:
        // Ctrl-C at the prompt drops what was being typed; a second one in a row leaves.
        if interruptedBefore { return }
        interruptedBefore = true
        input = ChatInput()
        env.writeErr("\n")
        dim("(Ctrl-C again, /bye or Ctrl-D leaves)")
        continue
      case .line(let read): line = read
      }
      interruptedBefore = false
      guard let (message, literal) = input.feed(line) else { continue }
      let text = literal ? message : message.trimmingSpaces
      if text.trimmingSpaces.isEmpty { continue }
      reader.remember(message)
      var question = text
      if !literal && text.hasPrefix("/") {
        switch session.command(text, served: { () throws(KaitoError) in try endpoint.chat.models() }) {
        case .leave: return
        case .say(let words): dim(words)
        case .fail(let problem): env.writeErr("error: \(problem)\n")
        case .retry(let again): question = again
        }
        guard question != text else { continue }
      }
      _ = interrupted()  // a Ctrl-C at the prompt must not stop the next answer
      stopped.withLock { $0 = false }
      ask(question, in: &session, endpoint: endpoint, stopped: { stopped.withLock { $0 } }, dim: dim, env: env)
    }
  }

  /// libedit on a terminal (with history), plain lines otherwise or when it is missing.
  private func lineReader(interrupted: @escaping @Sendable () -> Bool, env: Environment) -> any LineReader {
    guard env.stdinIsTerminal, env.stderrIsTerminal, env.variables["TERM"] != "dumb", let open = env.openLineEditor
    else { return PlainLineReader(env) }
    if let editor = open(interrupted, { env.warn($0) }) { return editor }
    env.note("libedit is not installed (apt-get install libedit2): plain line input, without history")
    return PlainLineReader(env)
  }

  /// One question and its streamed answer. Whatever happens, what arrived stays on screen; only
  /// a whole answer joins the conversation, and the question of one that did not is kept for /retry.
  private func ask(
    _ question: String, in session: inout ChatSession, endpoint: ModelEndpoint, stopped: () -> Bool,
    dim: (String) -> Void, env: Environment
  ) {
    session.unanswered = nil
    var pieces = 0
    do {
      let answer = try Self.send(
        session.messages + [.init(role: "user", content: question)], model: session.model.id,
        options: &session.options, endpoint: endpoint, env: env
      ) {
        pieces += 1
        env.writeOut(terminalSafe($0))
      }
      if !answer.text.isEmpty && !answer.text.hasSuffix("\n") { env.writeOut("\n") }
      if stopped() {
        session.unanswered = question
        dim("(stopped)")
      } else if let error = answer.error {
        session.unanswered = question
        env.writeErr("error: the answer broke off (what arrived is above; /retry asks again): \(error)\n")
      } else {
        session.turns += [.init(role: "user", content: question), .init(role: "assistant", content: answer.text)]
        session.tokens = answer.usage?["total_tokens"]?.intValue
        dim(session.stats(of: answer, pieces: pieces))
      }
    } catch {
      session.unanswered = question
      env.writeErr("error: \(error.message)\n")
    }
  }
}

/// How a conversation starts and how its answers are sampled: what `chat` and `run` both take.
struct ConversationOptions: ParsableArguments {
  @Option(help: "A system message that starts the conversation.")
  var system: String?

  @Option(help: "Sampling temperature, 0 to 2.", transform: Chat.number("--temperature", in: 0...2))
  var temperature: Double?

  @Option(
    parsing: .unconditional, help: "The most tokens an answer may have.", transform: Chat.positive("--max-tokens"))
  var maxTokens: Int?
}

import ArgumentParser
import KaitoCore

extension Route: FastArgument {}

struct Chat: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "chat",
    abstract: "Talk to a workspace's model, through a port-forward this command opens itself.",
    discussion: paragraphs(
      """
      With --prompt, or with text on standard input that is not a terminal, one answer is printed
      and the command exits (for scripts and CI; -o json gives the whole result). On a terminal,
      an interactive session: type a message, or /help for the commands.

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

  @Argument(help: "The workspace.", completion: Complete.workspaces)
  var name: String

  @Option(help: "One message to send; without it (and without piped input) the session is interactive.")
  var prompt: String?

  @Option(help: "The model or LoRA adapter to talk to (default: the served base model).")
  var model: String?

  @Option(help: "A system message that starts the conversation.")
  var system: String?

  @Option(help: "Sampling temperature, 0 to 2.", transform: Chat.number("--temperature", in: 0...2))
  var temperature: Double?

  @Option(
    parsing: .unconditional, help: "The most tokens an answer may have.", transform: Chat.positive("--max-tokens"))
  var maxTokens: Int?

  @Option(
    help: "Nucleus sampling: the probability mass to sample from, above 0 and at most 1.",
    transform: Chat.number("--top-p", in: Double.leastNonzeroMagnitude...1))
  var topP: Double?

  @Flag(help: "Ask for the whole answer at once instead of streaming it.")
  var noStream = false

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
    let (env, kaito) = try options.open(context, workspace: name)
    // The interactive session: Ctrl-C stops the answer in progress, not the session.
    let interrupted = prompt == nil && env.stdinIsTerminal ? context.catchInterrupts() : nil
    let endpoint = try ModelEndpoint.open(kaito, workspace: name, route: via, connect: context.connect)
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

    var conversation: [ChatClient.Message] = system.map { [.init(role: "system", content: $0)] } ?? []
    var text = prompt
    if text == nil && !env.stdinIsTerminal {
      var lines: [String] = []
      while let line = env.readLine() { lines.append(line) }
      text = lines.joined(separator: "\n")
    }
    guard let question = text else {
      try interactive(
        endpoint, model: served.id, options: options, conversation: conversation, interrupted: interrupted ?? { false },
        env: env)
      return
    }
    guard !question.trimmingSpaces.isEmpty else {
      throw KaitoError("nothing to send: the prompt is empty")
    }
    conversation.append(.init(role: "user", content: question))
    let safe = env.stdoutIsTerminal
    let answer: ChatClient.Answer
    answer = try explained {
      try endpoint.chat.complete(conversation, model: served.id, options: options) { piece in
        if output == .text { env.writeOut(safe ? terminalSafe(piece) : piece) }
      }
    }
    env.writeOut(output == .text ? "\n" : JSONWriter.write(Self.result(answer)))
    if let error = answer.error {
      throw KaitoError("the answer broke off after \(answer.text.count) characters (kept above): \(error)")
    }
  }

  /// The sampling and streaming flags.
  private func chatOptions() -> ChatClient.Options {
    var options = ChatClient.Options()
    options.temperature = temperature
    options.maxTokens = maxTokens
    options.topP = topP
    options.stream = !noStream
    options.timeout = timeout?.seconds
    return options
  }

  /// A one-shot answer as `-o json` prints it.
  static func result(_ answer: ChatClient.Answer) -> Value {
    var result: Value.Object = [
      "model": .string(answer.model), "text": .string(answer.text),
      "finish_reason": answer.finishReason.map { .string($0) } ?? .null,
      "usage": answer.usage ?? .null,
    ]
    result["time_to_first_token_ms"] = answer.timeToFirstToken.map { .int(Int(($0 * 1000).rounded())) } ?? .null
    result["total_ms"] = .int(Int((answer.total * 1000).rounded()))
    if let error = answer.error { result["error"] = .string(error) }
    return .object(result)
  }

  /// The terminal session: streamed answers, the whole conversation sent each time, slash commands.
  private func interactive(
    _ endpoint: ModelEndpoint, model initial: String, options initialOptions: ChatClient.Options,
    conversation initialConversation: [ChatClient.Message], interrupted: @escaping @Sendable () -> Bool,
    env: Environment
  ) throws {
    var model = initial
    var options = initialOptions
    var conversation = initialConversation
    endpoint.chat.transport.cancelWhen(interrupted)
    env.writeErr(
      "Talking to \(model) in \(name). /help for commands, /exit or Ctrl-D to leave; Ctrl-C stops an answer.\n")
    while true {
      env.writeErr("> ")
      guard let line = env.readLine() else {
        env.writeErr("\n")
        return
      }
      let input = line.trimmingSpaces
      if input.isEmpty { continue }
      if input.hasPrefix("/") {
        let parts = input.split(separator: " ", maxSplits: 1).map(String.init)
        let argument = parts.count > 1 ? parts[1] : ""
        switch parts[0] {
        case "/exit", "/quit": return
        case "/help":
          env.writeErr(
            """
            /clear              forget the conversation (the system message stays)
            /model NAME         talk to another served model or adapter
            /system TEXT        set the system message
            /temperature X      set the sampling temperature
            /save FILE          write the conversation as JSON
            /exit               leave (Ctrl-D too)

            """)
        case "/clear": conversation = conversation.filter { $0.role == "system" }
        case "/model":
          do {
            model = try endpoint.model(argument.isEmpty ? nil : argument).id
            env.writeErr("Talking to \(model).\n")
          } catch {
            env.writeErr("error: \(error.message)\n")
          }
        case "/system":
          conversation.removeAll { $0.role == "system" }
          if !argument.isEmpty { conversation.insert(.init(role: "system", content: argument), at: 0) }
        case "/temperature":
          if let value = Double(argument) {
            options.temperature = value
          } else {
            env.writeErr("error: /temperature takes a number\n")
          }
        case "/save":
          let json = JSONWriter.write(
            .object([
              "model": .string(model),
              "messages": .array(conversation.map { ["role": .string($0.role), "content": .string($0.content)] }),
            ]))
          do {
            try Files.write(argument, json)
            env.writeErr("Saved \(conversation.count) messages to \(argument).\n")
          } catch {
            env.writeErr("error: \(error.message)\n")
          }
        default: env.writeErr("error: unknown command \(parts[0]); /help lists them\n")
        }
        continue
      }
      conversation.append(.init(role: "user", content: input))
      _ = interrupted()  // a Ctrl-C at the prompt must not stop the next answer
      do {
        let answer = try endpoint.chat.complete(conversation, model: model, options: options) {
          env.writeOut(terminalSafe($0))
        }
        env.writeOut("\n")
        if let error = answer.error {
          conversation.append(.init(role: "assistant", content: answer.text + " [interrupted]"))
          env.writeErr("error: the answer broke off (kept, marked [interrupted]): \(error)\n")
        } else {
          conversation.append(.init(role: "assistant", content: answer.text))
        }
      } catch {
        conversation.removeLast()
        env.writeErr("error: \(error.message)\n")
      }
    }
  }
}

/// An interactive conversation and its settings: what `chat` on a terminal keeps between turns,
/// and what its slash commands change. Each command answers in one line, so that nothing a user
/// types goes by without a word. The network stays outside: `served` lists the models when a
/// command needs them.
public struct ChatSession: Sendable {
  public var workspace: String
  public var model: ChatClient.ServedModel
  public var options: ChatClient.Options
  public var system: String?
  /// The turns, user and assistant, without the system message.
  public var turns: [ChatClient.Message] = []
  /// The server's count for the whole conversation after the last answer (prompt + answer).
  public var tokens: Int?
  /// A question whose answer was stopped or broke off: left out of the conversation, kept for `/retry`.
  public var unanswered: String?

  public init(workspace: String, model: ChatClient.ServedModel, options: ChatClient.Options, system: String?) {
    (self.workspace, self.model, self.options, self.system) = (workspace, model, options, system)
  }

  /// What is sent: the system message, then the turns.
  public var messages: [ChatClient.Message] {
    (system.map { [ChatClient.Message(role: "system", content: $0)] } ?? []) + turns
  }

  /// What the command loop does after a line.
  public enum Action: Equatable, Sendable {
    /// Print this (one dim line, or the help text).
    case say(String)
    /// Print this as an error; nothing changed.
    case fail(String)
    /// Ask the model again for an answer to the last question (`/retry`).
    case retry(String)
    case leave
  }

  public static let help = """
    /set temperature X   sampling temperature, 0 to 2     (/temperature X)
    /set top_p X         nucleus sampling, above 0 to 1
    /set max_tokens N    the longest answer, in tokens
    /set seed N          a fixed seed, for answers that repeat
    /set system TEXT     the system message               (/system TEXT)
    /unset NAME          back to the server's default (or no system message)
    /show                the model, its context, the settings and the conversation
    /models              the models and adapters the workspace serves
    /model NAME          talk to another of them
    /retry               ask for the last answer again
    /clear               forget the conversation (the system message stays)
    /save FILE           write the conversation as JSON; /load FILE reads it back
    /bye                 leave (/exit, Ctrl-D)
    Multi-line input: start and end it with \"\"\", or end a line with \\ to go on.
    """

  /// Runs a slash command (`line` starts with `/`).
  public mutating func command(_ line: String, served: () throws(KaitoError) -> [ChatClient.ServedModel]) -> Action {
    let words = line.split(separator: " ", maxSplits: 1).map(String.init)
    let name = words[0]
    let argument = words.count > 1 ? words[1].trimmingSpaces : ""
    switch name {
    case "/bye", "/exit", "/quit": return .leave
    case "/help", "/?": return .say(Self.help)
    case "/set":
      let parts = argument.split(separator: " ", maxSplits: 1).map(String.init)
      guard let setting = parts.first else { return .fail("/set needs a setting and a value; /help lists them") }
      return set(setting, parts.count > 1 ? parts[1].trimmingSpaces : "")
    case "/temperature": return set("temperature", argument)
    case "/system":
      guard !argument.isEmpty else {
        return .say(system.map { "System message: \($0)" } ?? "No system message (/system TEXT sets one).")
      }
      return set("system", argument)
    case "/unset": return unset(argument)
    case "/show": return .say(show(served: served))
    case "/models":
      do { return .say(Self.describe(try served())) } catch { return .fail(error.message) }
    case "/model":
      do {
        let models = try served()
        guard !argument.isEmpty else { return .say(Self.describe(models)) }
        guard let found = models.first(where: { $0.id == argument }) else {
          return .fail(
            "the workspace serves no model \(argument); it serves \(models.map(\.id).joined(separator: ", "))")
        }
        model = found
        return .say("Talking to \(found.id)" + (found.parent.map { " (an adapter of \($0))" } ?? "") + ".")
      } catch {
        return .fail(error.message)
      }
    case "/clear":
      let forgotten = turns.count
      turns.removeAll()
      tokens = nil
      return .say(
        "Forgot \(forgotten) message\(forgotten == 1 ? "" : "s")" + (system == nil ? "." : "; kept the system message.")
      )
    case "/retry":
      if let question = unanswered { return .retry(question) }
      guard let last = turns.lastIndex(where: { $0.role == "user" }) else { return .fail("nothing to retry yet") }
      let question = turns[last].content
      turns.removeSubrange(last...)
      return .retry(question)
    case "/save": return save(argument)
    case "/load": return load(argument)
    default: return .fail("unknown command \(name); /help lists them")
    }
  }

  /// `/set NAME VALUE`: a bad value names the setting and its range, and changes nothing.
  mutating func set(_ setting: String, _ value: String) -> Action {
    let number = Double(value).flatMap { $0.isFinite ? $0 : nil }
    switch setting {
    case "temperature":
      guard let x = number, (0...2).contains(x) else {
        return .fail("temperature is a number from 0 to 2, not \"\(value)\"")
      }
      options.temperature = x
    case "top_p":
      guard let x = number, x > 0 && x <= 1 else {
        return .fail("top_p is a number above 0 and at most 1, not \"\(value)\"")
      }
      options.topP = x
    case "max_tokens":
      guard let n = Int(value), n > 0 else { return .fail("max_tokens is a whole number above 0, not \"\(value)\"") }
      options.maxTokens = n
    case "seed":
      guard let n = Int(value) else { return .fail("seed is a whole number, not \"\(value)\"") }
      options.seed = n
    case "system":
      guard !value.isEmpty else { return .fail("/set system needs the text; /unset system removes it") }
      system = value
      return .say("Set the system message (\(value.count) characters); it applies from the next question.")
    default:
      return .fail("unknown setting \(setting): temperature, top_p, max_tokens, seed or system")
    }
    return .say("Set \(setting) to \(value).")
  }

  mutating func unset(_ setting: String) -> Action {
    switch setting {
    case "temperature": options.temperature = nil
    case "top_p": options.topP = nil
    case "max_tokens": options.maxTokens = nil
    case "seed": options.seed = nil
    case "system": system = nil
    default: return .fail("unknown setting \"\(setting)\": temperature, top_p, max_tokens, seed or system")
    }
    return .say(setting == "system" ? "Removed the system message." : "Unset \(setting): the server's default applies.")
  }

  /// `/show`: the model, the context, the settings and the length of the conversation.
  func show(served: () throws(KaitoError) -> [ChatClient.ServedModel]) -> String {
    let context = model.maxModelLen ?? (try? served())?.first { $0.id == model.id }?.maxModelLen
    func setting(_ value: CustomStringConvertible?) -> String { value.map { "\($0)" } ?? "server default" }
    let count = messages.count
    let length = tokens.map { "\($0) tokens" } ?? "about \(Self.estimatedTokens(messages)) tokens (estimated)"
    return """
      Workspace:      \(workspace)
      Model:          \(model.id)\(model.parent.map { " (an adapter of \($0))" } ?? "")
      Context:        \(context.map { "\($0) tokens (max_model_len)" } ?? "unknown")
      temperature:    \(setting(options.temperature))
      top_p:          \(setting(options.topP))
      max_tokens:     \(setting(options.maxTokens))
      seed:           \(setting(options.seed))
      system:         \(system.map { "\($0.count) characters" } ?? "none")
      Conversation:   \(count) message\(count == 1 ? "" : "s"), \(length)
      """
  }

  /// About four characters a token: enough to say how full the context is before the first answer.
  static func estimatedTokens(_ messages: [ChatClient.Message]) -> Int {
    messages.reduce(0) { $0 + $1.content.utf8.count / 4 + 4 }
  }

  static func describe(_ models: [ChatClient.ServedModel]) -> String {
    guard !models.isEmpty else { return "The server lists no models (KAITO's older /chat API serves one)." }
    return "Served: "
      + models.map { m in
        m.id + (m.parent.map { " (adapter of \($0))" } ?? "") + (m.maxModelLen.map { ", context \($0)" } ?? "")
      }.joined(separator: "; ")
  }

  /// The conversation as `/save` writes it and `/load` reads it.
  public var saved: Value {
    .object([
      "model": .string(model.id),
      "messages": .array(messages.map { ["role": .string($0.role), "content": .string($0.content)] }),
    ])
  }

  func save(_ path: String) -> Action {
    guard !path.isEmpty else { return .fail("/save needs a file name") }
    do {
      try Files.write(path, JSONWriter.write(saved))
      return .say("Saved \(messages.count) messages to \(path).")
    } catch {
      return .fail(error.message)
    }
  }

  /// `/load FILE`: the file `/save` writes; anything else is refused and the conversation kept.
  mutating func load(_ path: String) -> Action {
    guard !path.isEmpty else { return .fail("/load needs a file name") }
    let value: Value
    do { value = try JSONReader.read(try Files.read(path)) } catch {
      return .fail("\(path) is not a saved conversation (\(error.message)); the conversation is unchanged")
    }
    guard let list = value["messages"]?.arrayValue else {
      return .fail("\(path) has no \"messages\" list; the conversation is unchanged")
    }
    var loaded: [ChatClient.Message] = []
    for (index, item) in list.enumerated() {
      guard let role = item["role"]?.stringValue, ["system", "user", "assistant"].contains(role),
        let content = item["content"]?.stringValue
      else {
        return .fail(
          "\(path): message \(index + 1) needs a role (system, user or assistant) and a content string; the conversation is unchanged"
        )
      }
      loaded.append(ChatClient.Message(role: role, content: content))
    }
    system = loaded.first { $0.role == "system" }?.content
    turns = loaded.filter { $0.role != "system" }
    tokens = nil
    return .say("Loaded \(loaded.count) messages from \(path).")
  }

  /// The line after an answer: time to first token, tokens and their rate, and why it ended early.
  public func stats(of answer: ChatClient.Answer, pieces: Int) -> String {
    let tokens = answer.outputTokens(pieces: pieces)
    var parts: [String] = []
    if let first = answer.timeToFirstToken { parts.append("first token \(Self.milliseconds(first))") }
    let generating = answer.total - (answer.timeToFirstToken ?? 0)
    parts.append("\(tokens) token\(tokens == 1 ? "" : "s")")
    if tokens > 1, generating > 0 {
      parts.append("\(tenths(Double(tokens - 1) / generating)) tokens/s")
    }
    var line = parts.joined(separator: " · ")
    if answer.finishReason == "length" {
      line +=
        options.maxTokens.map { " · cut at max_tokens \($0): /set max_tokens \($0 * 4) for longer answers" }
        ?? " · cut at the end of the model's context: /clear starts afresh"
    }
    return line
  }

  static func milliseconds(_ seconds: Double) -> String {
    seconds < 10 ? "\(Int((seconds * 1000).rounded())) ms" : Time.elapsed(seconds)
  }
}

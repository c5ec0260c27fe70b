import CEdit

/// What a prompt got: a line, a Ctrl-C, or the end of input (Ctrl-D).
public enum LineRead: Equatable, Sendable {
  case line(String)
  case interrupted
  case end
}

/// Where the chat's lines come from: the line editor on a terminal, plain lines otherwise.
public protocol LineReader: AnyObject {
  func read(prompt: String) -> LineRead
  /// Keeps a message in the history (also one whose answer never came).
  func remember(_ message: String)
}

/// Lines as the environment reads them, the prompt written first: pipes, tests, and terminals
/// where libedit is missing.
public final class PlainLineReader: LineReader {
  let environment: Environment
  public init(_ environment: Environment) { self.environment = environment }

  public func read(prompt: String) -> LineRead {
    environment.writeErr(prompt)
    return environment.readLine().map { .line($0) } ?? .end
  }

  public func remember(_ message: String) {}
}

/// The system's libedit: arrow keys, Home/End, Ctrl-A/E/W/U/K/L, Ctrl-R search, and a history
/// kept across sessions in a file of mode 0600 (bounded to `historySize` entries). Unchecked
/// Sendable: one editor at a time, used from the chat's own thread.
public final class EditLineReader: LineReader, @unchecked Sendable {
  private let editor: OpaquePointer
  private let history: OpaquePointer
  private let historyFile: String?
  private let warn: (String) -> Void
  private var warned = false

  public static let historySize: Int32 = 1000

  /// The Ctrl-C check libedit's reader polls (a C callback cannot capture it).
  nonisolated(unsafe) static var stopRequested: () -> Bool = { false }

  /// Nil when libedit cannot be loaded. `interrupted` says (once) whether Ctrl-C was pressed.
  public static func open(
    historyFile: String?, interrupted: @escaping () -> Bool, warn: @escaping (String) -> Void
  ) -> EditLineReader? {
    guard kaito_edit_available() != 0 else { return nil }
    stopRequested = interrupted
    var history: OpaquePointer?
    let check: @convention(c) () -> Int32 = { EditLineReader.stopRequested() ? 1 : 0 }
    guard let editor = kaito_edit_open("kubectl-kaito", &history, historySize, check), let history else { return nil }
    if let historyFile { _ = kaito_edit_load(history, historyFile) }
    return EditLineReader(editor: editor, history: history, historyFile: historyFile, warn: warn)
  }

  private init(editor: OpaquePointer, history: OpaquePointer, historyFile: String?, warn: @escaping (String) -> Void) {
    (self.editor, self.history, self.historyFile, self.warn) = (editor, history, historyFile, warn)
  }

  deinit { kaito_edit_close(editor, history) }

  public func read(prompt: String) -> LineRead {
    guard let line = kaito_edit_line(editor, prompt) else {
      return kaito_edit_interrupted() != 0 ? .interrupted : .end
    }
    var text = String(cString: line)
    if text.hasSuffix("\n") { text.removeLast() }
    // The paste marks libedit never saw, put back where they were, for ChatInput.
    if kaito_edit_paste_began() != 0 { text = ChatInput.pasteStart + text }
    if kaito_edit_paste_ended() != 0 { text += ChatInput.pasteEnd }
    return .line(text)
  }

  /// Adds the message to the history and writes the file (0600) at once, so that nothing typed
  /// is lost however the session ends. A file that cannot be written is said once, never an error.
  public func remember(_ message: String) {
    kaito_edit_remember(history, message)
    guard let historyFile else { return }
    let folder = Files.folder(of: historyFile)
    var made = ""
    for part in folder.split(separator: "/") {
      made += "/" + part
      mkdir(made, 0o700)
    }
    if kaito_edit_save(history, historyFile) < 0 || chmod(historyFile, 0o600) != 0 {
      guard !warned else { return }
      warned = true
      warn(
        "the chat history cannot be written to \(historyFile) (\(String(cString: strerror(errno)))); it is kept for this session only"
      )
    }
  }

  /// `$XDG_STATE_HOME/kubectl-kaito/chat_history`, else under `~/.local/state`.
  public static func historyPath(_ variables: [String: String]) -> String? {
    if let state = variables["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/kubectl-kaito/chat_history" }
    guard let home = variables["HOME"], !home.isEmpty else { return nil }
    return home + "/.local/state/kubectl-kaito/chat_history"
  }
}

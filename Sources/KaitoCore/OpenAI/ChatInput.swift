/// Lines typed (or pasted) at the chat prompt, put together into messages: a block between
/// `"""` lines (as Ollama takes it), a line that ends with `\` going on to the next, and a
/// bracketed paste (the terminal marks it with ESC[200~ … ESC[201~) arriving as one message.
public struct ChatInput: Sendable {
  private var lines: [String] = []
  private var mode = Mode.line

  private enum Mode { case line, block, paste }

  static let pasteStart = "\u{1B}[200~"
  static let pasteEnd = "\u{1B}[201~"

  public init() {}

  /// Whether a message has begun and waits for more lines (the prompt shows `...`).
  public var continuing: Bool { mode != .line || !lines.isEmpty }

  /// A whole message, with whether it was typed as a block or pasted (then it is never a
  /// command), or nil while more lines are due.
  public mutating func feed(_ raw: String) -> (text: String, literal: Bool)? {
    var line = raw
    if mode == .line, line.hasPrefix(Self.pasteStart) {
      line.removeFirst(Self.pasteStart.count)
      mode = .paste
    }
    switch mode {
    case .paste:
      if let end = line.firstRange(of: Self.pasteEnd) {
        lines.append(String(line[..<end.lowerBound]) + String(line[end.upperBound...]))
        return finish(literal: true)
      }
      lines.append(line)
      return nil
    case .block:
      if line.hasSuffix("\"\"\"") {
        let last = String(line.dropLast(3))
        if !last.isEmpty { lines.append(last) }
        return finish(literal: true)
      }
      lines.append(line)
      return nil
    case .line:
      if lines.isEmpty, line.trimmingSpaces.hasPrefix("\"\"\"") {
        let rest = String(line.trimmingSpaces.dropFirst(3))
        if rest.count >= 3, rest.hasSuffix("\"\"\"") {
          lines = [String(rest.dropLast(3))]
          return finish(literal: true)
        }
        mode = .block
        if !rest.isEmpty { lines.append(rest) }
        return nil
      }
      if line.hasSuffix("\\") {
        lines.append(String(line.dropLast()))
        return nil
      }
      lines.append(line)
      return finish(literal: lines.count > 1)
    }
  }

  private mutating func finish(literal: Bool) -> (text: String, literal: Bool) {
    defer {
      lines = []
      mode = .line
    }
    return (lines.joined(separator: "\n"), literal)
  }
}

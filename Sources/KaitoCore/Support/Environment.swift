/// Everything from the outside world that the core may touch: the streams, whether each is a
/// terminal, and the environment variables. Commands get the live one; tests build their own.
public struct Environment: Sendable {
  public var variables: [String: String]
  public var stdinIsTerminal: Bool
  public var stdoutIsTerminal: Bool
  public var stderrIsTerminal: Bool
  public var writeOut: @Sendable (String) -> Void
  public var writeErr: @Sendable (String) -> Void
  public var readLine: @Sendable () -> String?
  /// Seconds since 1970 (wall clock).
  public var now: @Sendable () -> Double
  /// Waits this many seconds (retries, polling); tests make it instant.
  public var sleep: @Sendable (Double) -> Void
  /// The terminal's width in columns: what tables on a terminal fit into.
  public var columns = 80
  /// Whether stdout and stderr get colour (`useColor`); off unless asked for.
  public var colorOut = false
  public var colorErr = false
  /// Opens the terminal's line editor (nil: there is none, lines come from `readLine`). It is
  /// given the Ctrl-C check and where to warn; it answers nil when libedit cannot be loaded.
  public var openLineEditor:
    (
      @Sendable (_ interrupted: @escaping @Sendable () -> Bool, _ warn: @escaping (String) -> Void) -> (any LineReader)?
    )?

  public init(
    variables: [String: String] = [:], stdinIsTerminal: Bool = false, stdoutIsTerminal: Bool = false,
    stderrIsTerminal: Bool = false, writeOut: @escaping @Sendable (String) -> Void,
    writeErr: @escaping @Sendable (String) -> Void, readLine: @escaping @Sendable () -> String? = { nil },
    now: @escaping @Sendable () -> Double = { wallClock() },
    sleep: @escaping @Sendable (Double) -> Void = { sleepSeconds($0) }
  ) {
    self.variables = variables
    self.stdinIsTerminal = stdinIsTerminal
    self.stdoutIsTerminal = stdoutIsTerminal
    self.stderrIsTerminal = stderrIsTerminal
    self.writeOut = writeOut
    self.writeErr = writeErr
    self.readLine = readLine
    self.now = now
    self.sleep = sleep
  }

  /// The process's own streams and variables; the width from the terminal (stdout's, else
  /// stderr's for progress lines), else COLUMNS, else 80.
  public static func live() -> Environment {
    var live = Environment(
      variables: Platform.environment(), stdinIsTerminal: isatty(0) == 1, stdoutIsTerminal: isatty(1) == 1,
      stderrIsTerminal: isatty(2) == 1,
      writeOut: { writeFully(1, $0) },
      writeErr: { writeFully(2, $0) },
      readLine: { Swift.readLine() })
    let variables = live.variables
    live.openLineEditor = { interrupted, warn in
      EditLineReader.open(historyFile: EditLineReader.historyPath(variables), interrupted: interrupted, warn: warn)
    }
    live.columns =
      Platform.terminalColumns(1) ?? Platform.terminalColumns(2) ?? live.variables["COLUMNS"].flatMap { Int($0) } ?? 80
    return live
  }

  /// A line of progress or advice on stderr (what came from a server in it made harmless).
  public func note(_ text: String) { writeErr(TerminalText.escape(text) + "\n") }

  /// `Warning: …` on stderr, as kubectl prints API warnings (yellow on a terminal).
  public func warn(_ text: String) {
    writeErr((colorErr ? ANSIColor.yellow.paint("Warning:") : "Warning:") + " " + TerminalText.escape(text) + "\n")
  }

  /// Asks a yes/no question on the terminal; false when nobody is there to answer.
  public func confirm(_ question: String) -> Bool {
    guard stdinIsTerminal && stderrIsTerminal else { return false }
    writeErr(TerminalText.escape(question) + " [y/N] ")
    guard let answer = readLine()?.trimmingSpaces.lowercased() else { return false }
    return answer == "y" || answer == "yes"
  }
}

/// Writes all of `text` to a file descriptor, unbuffered: each result is built whole, then
/// written in one call, so stdout and stderr interleave in the order they were produced.
public func writeFully(_ fd: Int32, _ text: String) {
  var text = text
  text.withUTF8 { buffer in
    var offset = 0
    while offset < buffer.count {
      // Not empty (offset < count), so the buffer has an address.
      let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
      if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
    }
  }
}

/// Seconds since 1970.
public func wallClock() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_REALTIME, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

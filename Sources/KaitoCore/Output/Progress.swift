import Dispatch
import Synchronization

/// Progress while waiting, on stderr: on a terminal one live line (spinner, elapsed time, the
/// conditions and the reason holding things up) redrawn every second; otherwise one plain line
/// per change, which reads well in CI logs. (Unchecked: the timer is only set up in init and
/// cancelled in finish; the drawn state sits behind a mutex.)
public final class WaitProgress: @unchecked Sendable {
  private let environment: Environment
  private let label: String
  private let started: Double
  private let live: Bool
  private let state = Mutex(State())
  private let timer: DispatchSourceTimer?

  private struct State {
    var line = ""
    var frame = 0
    var finished = false
  }

  public init(environment: Environment, label: String) {
    self.environment = environment
    self.label = label
    started = environment.now()
    live = environment.stderrIsTerminal && environment.variables["TERM"] != "dumb"
    if live {
      let timer = DispatchSource.makeTimerSource(queue: .global())
      timer.schedule(deadline: .now() + 1, repeating: 1)
      self.timer = timer
    } else {
      timer = nil
    }
    timer?.setEventHandler { [weak self] in self?.redraw() }
    timer?.resume()
  }

  public func update(_ status: WorkspaceStatus) {
    var line = "\(label): \(status.summary)"
    if let blocking = status.blocking, !blocking.message.isEmpty, status.failure == nil {
      line += ": " + blocking.message
    }
    line = TerminalText.escape(line, newlines: false)
    let changed = state.withLock { s -> Bool in
      guard s.line != line else { return false }
      s.line = line
      return true
    }
    if live {
      redraw()
    } else if changed {
      environment.writeErr(line + " [\(Time.elapsed(environment.now() - started))]\n")
    }
  }

  /// Clears the live line; the caller prints the outcome.
  public func finish() {
    timer?.cancel()
    let wasLive = state.withLock { s -> Bool in
      defer { s.finished = true }
      return !s.finished && live
    }
    if wasLive { environment.writeErr("\r\u{1B}[K") }
  }

  private func redraw() {
    let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
    let text = state.withLock { s -> String? in
      guard !s.finished else { return nil }
      s.frame += 1
      return "\(frames[s.frame % frames.count]) \(Time.elapsed(environment.now() - started)) \(s.line)"
    }
    guard var text else { return }
    // One line only: cut to the terminal's width so the redraw never wraps.
    let width = Int(environment.variables["COLUMNS"] ?? "") ?? 120
    if text.count > width - 1 { text = String(text.prefix(max(10, width - 2))) + "…" }
    environment.writeErr("\r\u{1B}[K" + text)
  }

  public var elapsed: Double { environment.now() - started }
}

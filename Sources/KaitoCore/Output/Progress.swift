import Dispatch
import Synchronization

/// Progress while waiting, on stderr, shaped `<phase>: <reason> [elapsed / budget]`. On a
/// terminal one live line, redrawn when it changes and as the seconds pass, cut to the width so
/// it never wraps; otherwise (a CI log) one plain line per change, with no carriage returns.
/// (Unchecked: the timer is only set up in init and cancelled in finish; the drawn state sits
/// behind a mutex.)
public final class WaitProgress: @unchecked Sendable {
  private let environment: Environment
  private let budget: Double
  private let started: Double
  private let live: Bool
  private let state = Mutex(State())
  private let timer: DispatchSourceTimer?

  private struct State {
    var line = ""
    var drawn = ""
    var finished = false
  }

  public init(environment: Environment, budget: Double) {
    self.environment = environment
    self.budget = budget
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

  /// Shows where the workspace is; the outcome (ready, failed) is the caller's to print.
  public func update(_ progress: WorkspaceProgress) {
    guard progress.phase != .ready && progress.phase != .failed else { return }
    let line = TerminalText.escape(progress.line, newlines: false)
    let changed = state.withLock { s -> Bool in
      guard s.line != line else { return false }
      s.line = line
      return true
    }
    if live {
      redraw()
    } else if changed {
      environment.writeErr(line + " " + clock + "\n")
    }
  }

  /// Clears the live line; the caller prints the outcome.
  public func finish() {
    timer?.cancel()
    let wasDrawn = state.withLock { s -> Bool in
      defer { s.finished = true }
      return !s.finished && !s.drawn.isEmpty
    }
    if wasDrawn { environment.writeErr("\r\u{1B}[K") }
  }

  /// `[1m05s / 30m00s]`.
  private var clock: String { "[\(Time.elapsed(elapsed)) / \(Time.elapsed(budget))]" }

  /// Draws the line again if it reads differently (a new reason, or another second passed).
  private func redraw() {
    let clock = clock
    let text = state.withLock { s -> String? in
      guard !s.finished, !s.line.isEmpty else { return nil }
      var text = s.line
      // One line only: cut to the terminal's width, keeping the clock, so the redraw never wraps.
      let room = environment.columns - clock.count - 2
      if text.count > room { text = String(text.prefix(max(10, room - 1))) + "…" }
      text += " " + clock
      guard text != s.drawn else { return nil }
      s.drawn = text
      return text
    }
    if let text { environment.writeErr("\r\u{1B}[K" + text) }
  }

  public var elapsed: Double { environment.now() - started }
}

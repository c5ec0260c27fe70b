// The one place that names the C library and Foundation. Every file of KaitoCore, and every
// module that imports it, sees libc and FoundationEssentials through these exports; what differs
// between glibc and Darwin is wrapped below, so the package builds on both.
#if canImport(FoundationEssentials)
  @_exported import FoundationEssentials
#else
  @_exported import Foundation
#endif
#if canImport(Glibc)
  @_exported import Glibc
#elseif canImport(Darwin)
  @_exported import Darwin
#endif

public enum Platform {
  /// The process's environment variables (the first of a repeated name wins, as getenv's does),
  /// read from `environ` directly: ProcessInfo's copy cost every command 0.7 M instructions.
  public static func environment() -> [String: String] {
    #if canImport(Glibc)
      var variables: [String: String] = [:]
      var entry = environ
      while let pointer = entry.pointee {
        let pair = String(cString: pointer)
        if let equals = pair.utf8.firstIndex(of: UInt8(ascii: "=")) {
          let name = String(pair[..<equals])
          if variables[name] == nil { variables[name] = String(pair[pair.index(after: equals)...]) }
        }
        entry += 1
      }
      return variables
    #else
      return ProcessInfo.processInfo.environment
    #endif
  }

  /// Runs `handler` on SIGINT instead of ending the process; system calls it interrupts restart.
  public static func onInterrupt(_ handler: @convention(c) (Int32) -> Void) {
    var action = sigaction()
    #if canImport(Glibc)
      action.__sigaction_handler.sa_handler = handler
    #else
      action.__sigaction_u.__sa_handler = handler
    #endif
    action.sa_flags = SA_RESTART
    sigaction(SIGINT, &action, nil)
  }

  /// Unblocks every signal: a parent may start us with signals blocked (thread pools do), and
  /// Ctrl-C and SIGTERM must work.
  public static func unblockSignals() {
    var none = sigset_t()
    sigemptyset(&none)
    sigprocmask(SIG_SETMASK, &none, nil)
  }

  /// A TCP socket's type (an enum on glibc, an Int32 on Darwin).
  static var streamSocketType: Int32 {
    #if canImport(Glibc)
      Int32(SOCK_STREAM.rawValue)
    #else
      SOCK_STREAM
    #endif
  }

  /// `read(2)`, named apart from the many `read` methods of the core.
  static func readDescriptor(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
  }

  /// A pipe whose ends no other program inherits (close-on-exec): a program started meanwhile
  /// (in-process tests start many) would otherwise hold the write end, and the reader would never
  /// see the end of the output. (Glibc's pipe2 is not visible to Swift; the gap is two calls.)
  static func closeOnExecPipe(_ ends: inout [Int32]) -> Bool {
    guard pipe(&ends) == 0 else { return false }
    for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return true
  }

  /// This process's open descriptors: Linux lists them in /proc/self/fd, macOS in /dev/fd.
  static func openDescriptors() -> [Int32] {
    #if canImport(Glibc)
      let listing = "/proc/self/fd"
    #else
      let listing = "/dev/fd"
    #endif
    guard let folder = opendir(listing) else { return [] }
    defer { closedir(folder) }
    let own = dirfd(folder)
    var found: [Int32] = []
    while let entry = readdir(folder) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      if let fd = Int32(name), fd != own { found.append(fd) }
    }
    return found
  }

  /// The width of the terminal on `fd` (TIOCGWINSZ), or nil when it is not a terminal.
  static func terminalColumns(_ fd: Int32) -> Int? {
    var size = winsize()
    guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
  }

  /// Runs `body` on a thread of its own, detached: for work that blocks for long (a tunnel, an
  /// accept loop), which would starve Dispatch's shared pool, whose threads grow only after a
  /// second of being blocked.
  public static func spawn(_ body: @escaping @Sendable () -> Void) {
    _ = start(body, detached: true)
  }

  /// Runs `body(i)` for i in 0..<count, each on its own thread, and returns when all have.
  public static func runThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let threads = (0..<count).compactMap { i in start({ body(i) }, detached: false) }
    for thread in threads { pthread_join(thread, nil) }
  }

  private final class ThreadBody {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
  }

  private static func start(_ body: @escaping @Sendable () -> Void, detached: Bool) -> pthread_t? {
    var thread = pthread_t()
    let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
    let started = pthread_create(
      &thread, nil,
      { raw in
        #if canImport(Glibc)
          let body = Unmanaged<ThreadBody>.fromOpaque(raw!).takeRetainedValue()
        #else
          let body = Unmanaged<ThreadBody>.fromOpaque(raw).takeRetainedValue()
        #endif
        body.run()
        return nil
      }, context)
    guard started == 0 else {
      Unmanaged<ThreadBody>.fromOpaque(context).release()
      body()
      return nil
    }
    if detached { pthread_detach(thread) }
    return thread
  }

  /// Writes to a socket; a peer that has gone is EPIPE, never the SIGPIPE that would end the
  /// process (a load test's client may close its end at any moment).
  static func sendToSocket(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
      send(fd, buffer, count, Int32(MSG_NOSIGNAL))
    #else
      var on: Int32 = 1
      setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
      return send(fd, buffer, count, 0)
    #endif
  }

  /// CPU seconds this process has used, user and system.
  static func cpuSeconds() -> Double {
    var usage = rusage()
    #if canImport(Glibc)
      getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
      getrusage(RUSAGE_SELF, &usage)
    #endif
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
  }

  /// Ends the process now with `code`.
  public static func exit(_ code: Int32) -> Never { exitProcess(code) }
}

/// Ends the process without the C library's exit handlers: OpenSSL's (loaded with libcurl) frees
/// its global state there while a port-forward's tunnel threads may still be ending and freeing
/// their own share of it, a double free that aborted `bench` now and then. The handlers only free
/// memory; everything the tool prints is written with write(2) as it goes, and stdio is flushed.
private func exitProcess(_ code: Int32) -> Never {
  fflush(nil)
  _exit(code)
}

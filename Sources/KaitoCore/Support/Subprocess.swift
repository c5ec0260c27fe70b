/// Runs a program to completion with posix_spawn, collecting stdout and stderr (via poll, so a
/// chatty stderr cannot deadlock it). Used for exec credential plugins.
public enum Subprocess {
  public struct Result: Sendable {
    public var status: Int32
    public var stdout: [UInt8]
    public var stderr: [UInt8]
  }

  /// Output beyond this is not kept (a credential is a few KiB).
  static let maxOutputBytes = 4 << 20

  /// `command` is looked up on the PATH of `environment` unless it contains a slash. With
  /// `inheritStdin`, the plugin can talk to the user (interactive login); otherwise its stdin is
  /// /dev/null. With `timeout`, a plugin still running then is killed and that is an error.
  public static func run(
    _ command: String, arguments: [String], environment: [String: String],
    inheritStdin: Bool, timeout: Double? = nil
  ) throws(KaitoError) -> Result {
    guard let executable = locate(command, path: environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin") else {
      throw KaitoError("executable \(command) not found")
    }
    var outPipe: [Int32] = [0, 0]
    var errPipe: [Int32] = [0, 0]
    guard Platform.closeOnExecPipe(&outPipe), Platform.closeOnExecPipe(&errPipe) else {
      throw KaitoError("cannot create a pipe: \(String(cString: strerror(errno)))")
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if !inheritStdin { posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0) }
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
    for fd in outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }
    // The plugin gets stdin, stdout and stderr only: none of this process's other descriptors.
    for fd in Platform.openDescriptors() where fd > 2 && !(outPipe + errPipe).contains(fd) {
      posix_spawn_file_actions_addclose(&actions, fd)
    }
    // Without a terminal to share, the plugin gets a process group of its own, so that a timeout
    // stops whatever it started too.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    if !inheritStdin {
      posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
      posix_spawnattr_setpgroup(&attributes, 0)
    }

    let argv = ([command] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for p in argv + envp { free(p) } }
    var pid = pid_t()
    // posix_spawn with the path found here: nothing of this process's environment changes.
    let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    close(outPipe[1])
    close(errPipe[1])
    guard status == 0 else {
      close(outPipe[0])
      close(errPipe[0])
      throw KaitoError(
        status == ENOENT
          ? "executable \(command) not found" : "cannot run \(command): \(String(cString: strerror(status)))")
    }

    var out: [UInt8] = []
    var err: [UInt8] = []
    var fds = [
      pollfd(fd: outPipe[0], events: Int16(POLLIN), revents: 0),
      pollfd(fd: errPipe[0], events: Int16(POLLIN), revents: 0),
    ]
    var open = 2
    var buffer = [UInt8](repeating: 0, count: 16384)
    let deadline = timeout.map { monotonicSeconds() + $0 }
    while open > 0 {
      let wait = deadline.map { Int32(max(0, min(($0 - monotonicSeconds()) * 1000, 3_600_000))) } ?? -1
      let ready = poll(&fds, 2, wait)
      if ready < 0 { if errno == EINTR { continue } else { break } }
      if ready == 0, deadline != nil {
        kill(inheritStdin ? pid : -pid, SIGKILL)
        while waitpid(pid, nil, 0) < 0 && errno == EINTR {}
        for fd in fds where fd.fd >= 0 { close(fd.fd) }
        throw KaitoError("\(command) did not finish within \(Time.elapsed(timeout ?? 0)); it was stopped")
      }
      for i in 0..<2 where fds[i].fd >= 0 && fds[i].revents != 0 {
        let n = buffer.withUnsafeMutableBytes { read(fds[i].fd, $0.baseAddress, $0.count) }
        if n > 0 {
          if i == 0 {
            if out.count < maxOutputBytes { out.append(contentsOf: buffer[0..<n]) }
          } else if err.count < maxOutputBytes {
            err.append(contentsOf: buffer[0..<n])
          }
        } else if n == 0 || errno != EINTR {
          close(fds[i].fd)
          fds[i].fd = -1
          open -= 1
        }
      }
    }
    var exitStatus: Int32 = 0
    while waitpid(pid, &exitStatus, 0) < 0 && errno == EINTR {}
    let code: Int32 = (exitStatus & 0x7f) == 0 ? (exitStatus >> 8) & 0xff : 128 + (exitStatus & 0x7f)
    return Result(status: code, stdout: out, stderr: err)
  }

  /// The file `command` names: itself when it has a slash, else the first executable of that name
  /// on `path`, as execvp would find it.
  static func locate(_ command: String, path: String) -> String? {
    if command.contains("/") { return command }
    for folder in path.split(separator: ":", omittingEmptySubsequences: false) {
      let candidate = (folder.isEmpty ? "." : String(folder)) + "/" + command
      if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
  }

  static func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
  }
}

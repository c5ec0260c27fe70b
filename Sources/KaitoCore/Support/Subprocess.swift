#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs a program to completion with posix_spawn, collecting stdout and stderr (via poll, so a
/// chatty stderr cannot deadlock it). Used for exec credential plugins.
public enum Subprocess {
  public struct Result: Sendable {
    public var status: Int32
    public var stdout: [UInt8]
    public var stderr: [UInt8]
  }

  /// `command` is looked up on PATH unless it contains a slash. With `inheritStdin`, the plugin
  /// can talk to the user (interactive login); otherwise its stdin is /dev/null.
  public static func run(_ command: String, arguments: [String], environment: [String: String],
                         inheritStdin: Bool) throws(KaitoError) -> Result {
    var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
    guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw KaitoError("cannot create a pipe: \(String(cString: strerror(errno)))") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if !inheritStdin { posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0) }
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
    for fd in outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }

    let argv = ([command] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for p in argv + envp { free(p) } }
    var pid = pid_t()
    // posix_spawnp searches the PATH of this process; put the plugin's PATH in place for the lookup.
    let savedPath = getenv("PATH").map { String(cString: $0) }
    if let path = environment["PATH"] { setenv("PATH", path, 1) }
    let status = posix_spawnp(&pid, command, &actions, nil, argv, envp)
    if let savedPath { setenv("PATH", savedPath, 1) }
    close(outPipe[1])
    close(errPipe[1])
    guard status == 0 else {
      close(outPipe[0]); close(errPipe[0])
      throw KaitoError(status == ENOENT ? "executable \(command) not found" : "cannot run \(command): \(String(cString: strerror(status)))")
    }

    var out: [UInt8] = [], err: [UInt8] = []
    var fds = [pollfd(fd: outPipe[0], events: Int16(POLLIN), revents: 0), pollfd(fd: errPipe[0], events: Int16(POLLIN), revents: 0)]
    var open = 2
    var buffer = [UInt8](repeating: 0, count: 16384)
    while open > 0 {
      if poll(&fds, 2, -1) < 0 { if errno == EINTR { continue } else { break } }
      for i in 0..<2 where fds[i].fd >= 0 && fds[i].revents != 0 {
        let n = buffer.withUnsafeMutableBytes { read(fds[i].fd, $0.baseAddress, $0.count) }
        if n > 0 {
          if i == 0 { out.append(contentsOf: buffer[0..<n]) } else { err.append(contentsOf: buffer[0..<n]) }
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
}

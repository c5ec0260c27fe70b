/// Small file-system helpers over libc: the core reads a handful of small files (kubeconfigs,
/// certificates, token files) and needs nothing more.
public enum Files {
  public static func read(_ path: String) throws(KaitoError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw KaitoError("cannot read \(path): \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = chunk.withUnsafeMutableBytes { Platform.readDescriptor(fd, $0.baseAddress, $0.count) }
      if n > 0 {
        bytes.append(contentsOf: chunk[0..<n])
      } else if n == 0 {
        break
      } else if errno != EINTR {
        throw KaitoError("cannot read \(path): \(String(cString: strerror(errno)))")
      }
    }
    return bytes
  }

  public static func readText(_ path: String) throws(KaitoError) -> String {
    String(decoding: try read(path), as: UTF8.self)
  }

  public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

  /// `path` resolved against `folder` unless it is absolute; `~/` means the home folder.
  public static func resolve(_ path: String, against folder: String, home: String?) -> String {
    if path.hasPrefix("/") || path.isEmpty { return path }
    if path.hasPrefix("~/"), let home { return home + path.dropFirst(1) }
    var relative = Substring(path)
    while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
    return folder.hasSuffix("/") ? folder + relative : folder + "/" + relative
  }

  public static func folder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
}

extension Files {
  public static func write(_ path: String, _ text: String) throws(KaitoError) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw KaitoError("cannot write \(path): \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    writeFully(fd, text)
  }
}

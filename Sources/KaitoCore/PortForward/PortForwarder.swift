import Synchronization

/// `kubectl port-forward` done natively: a listener on 127.0.0.1, and for every connection it
/// accepts a WebSocket to `pods/NAME/portforward` (protocol v4.channel.k8s.io): channel 0
/// carries the data, channel 1 the kubelet's errors, and each starts with the 2-byte port.
public final class PortForwarder: Sendable {
  public let localPort: Int
  private let listener: Int32
  private let transport: any Transport
  private let namespace: String
  private let remotePort: Int
  /// The pod forwarded to; a replica's pod is replaced when it cannot be reached.
  private let pod: Mutex<String>
  private let replacement: (@Sendable (_ unreachablePod: String) -> String?)?
  private let replacing = Mutex(())
  private let stopped = Atomic(false)
  /// The last error a tunnel met (the kubelet's error channel, or the connection), for the caller.
  public let lastError = Mutex<String?>(nil)

  /// `replacement` names another pod serving the same model when `pod` cannot be reached (the
  /// replicas of an InferenceSet); nil keeps to `pod`.
  public init(
    transport: any Transport, namespace: String, pod: String, remotePort: Int, localPort: Int = 0,
    replacement: (@Sendable (_ unreachablePod: String) -> String?)? = nil
  ) throws(KaitoError) {
    self.transport = transport
    self.namespace = namespace
    self.remotePort = remotePort
    self.pod = Mutex(pod)
    self.replacement = replacement
    let fd = socket(AF_INET, Platform.streamSocketType, 0)
    guard fd >= 0 else { throw KaitoError("cannot open a socket: \(String(cString: strerror(errno)))") }
    var yes: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(localPort).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0, listen(fd, SOMAXCONN) == 0 else {
      let reason = String(cString: strerror(errno))
      close(fd)
      throw KaitoError("cannot listen on 127.0.0.1:\(localPort): \(reason)")
    }
    var actual = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &actual) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    self.localPort = Int(UInt16(bigEndian: actual.sin_port))
    listener = fd
  }

  deinit { stop() }

  /// The pod the next tunnel goes to.
  public var currentPod: String { pod.withLock { $0 } }

  /// A forwarder to a workspace's model server (port 5000 of pod `<workspace>-0`), checked with
  /// one tunnel and accepting connections: what chat, port-forward and status all need.
  public static func toModelServer(
    of workspace: String, namespace: String, transport: any Transport, localPort: Int = 0,
    replacement: (@Sendable (_ unreachablePod: String) -> String?)? = nil
  ) throws(KaitoError) -> PortForwarder {
    let forwarder = try PortForwarder(
      transport: transport, namespace: namespace, pod: "\(workspace)-0", remotePort: 5000,
      localPort: localPort, replacement: replacement)
    try forwarder.check()
    forwarder.start()
    return forwarder
  }

  /// A plain HTTP connection to the forwarded port.
  public func localConnection(namespace: String, requestTimeout: Double? = nil) -> Connection {
    .endpoint("http://127.0.0.1:\(localPort)", namespace: namespace, requestTimeout: requestTimeout)
  }

  /// Opens one tunnel now, to find out early whether the pod can be reached at all.
  public func check() throws(KaitoError) {
    try openTunnel().close()
  }

  /// A WebSocket to the pod, its streams open. When the pod cannot be reached (gone, or not
  /// running), one more try at the pod `replacement` names instead, which later tunnels keep.
  private func openTunnel() throws(KaitoError) -> any MessageChannel {
    let current = currentPod
    do {
      return try openTunnel(to: current)
    } catch {
      guard let replacement else { throw error }
      // One replacement at a time: it asks the API server through the one shared client, and a
      // tunnel that failed on a pod another has replaced already takes that replacement.
      let next = replacing.withLock { _ -> String? in
        let now = currentPod
        if now != current { return now }
        guard let found = replacement(current), found != current else { return nil }
        pod.withLock { $0 = found }
        return found
      }
      guard let next else { throw error }
      return try openTunnel(to: next)
    }
  }

  private func openTunnel(to pod: String) throws(KaitoError) -> any MessageChannel {
    let path =
      "/api/v1/namespaces/\(percentEncode(namespace))/pods/\(percentEncode(pod))/portforward?ports=\(remotePort)"
    let socket = try transport.openWebSocket(path: path, protocols: ["v4.channel.k8s.io"])
    do {
      try readPortPrefixes(socket)
    } catch {
      socket.close()
      throw error
    }
    return socket
  }

  /// Accepts connections on a background thread until `stop`.
  public func start() {
    // Threads of their own: a tunnel blocks for as long as its connection lives.
    Platform.spawn { [self] in
      while !stopped.load(ordering: .relaxed) {
        let client = accept(listener, nil, nil)
        if client < 0 {
          if errno == EINTR { continue }
          return
        }
        // Small writes (one per streamed token) must not wait for the client's delayed ACK.
        var yes: Int32 = 1
        setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
        Platform.spawn { [self] in self.tunnel(client) }
      }
    }
  }

  public func stop() {
    guard !stopped.exchange(true, ordering: .relaxed) else { return }
    shutdown(listener, Int32(SHUT_RDWR))
    close(listener)
  }

  /// Both prefixes (data, then error channel) carry the port, little-endian.
  private func readPortPrefixes(_ socket: any MessageChannel) throws(KaitoError) {
    var seen: Set<UInt8> = []
    while seen.count < 2 {
      guard let message = try socket.receive(timeout: 30) else {
        throw KaitoError("the kubelet did not open the port-forward streams")
      }
      guard case .binary(let bytes) = message else {
        if case .close(let code, let reason) = message {
          throw KaitoError("the port-forward closed (\(code)): \(reason)")
        }
        continue
      }
      guard bytes.count >= 3, bytes[0] <= 1 else {
        throw KaitoError("the port-forward sent a message before its port prefix")
      }
      let port = Int(bytes[1]) | Int(bytes[2]) << 8
      guard port == remotePort else {
        throw KaitoError("the port-forward answered for port \(port), not \(remotePort)")
      }
      seen.insert(bytes[0])
      if bytes.count > 3 { throw KaitoError("the port-forward sent data with its port prefix") }
    }
  }

  /// Copies bytes both ways between one local connection and its WebSocket until either ends.
  private func tunnel(_ client: Int32) {
    defer { close(client) }
    let socket: any MessageChannel
    do {
      socket = try openTunnel()
    } catch {
      lastError.withLock { $0 = error.message }
      return
    }
    defer { socket.close() }
    var buffer = [UInt8](repeating: 0, count: 65536)
    var errorText = ""
    while !stopped.load(ordering: .relaxed) {
      var fds = [
        pollfd(fd: client, events: Int16(POLLIN), revents: 0),
        pollfd(fd: socket.descriptor, events: Int16(POLLIN), revents: 0),
      ]
      _ = poll(&fds, 2, 50)
      if fds[0].revents != 0 {
        let n = buffer.withUnsafeMutableBytes { read(client, $0.baseAddress, $0.count) }
        if n <= 0 { return }
        do { try socket.send(binary: [0] + buffer[0..<n]) } catch {
          lastError.withLock { $0 = error.message }
          return
        }
      }
      // TLS may hold decrypted bytes that poll() cannot see: always ask.
      do {
        while let message = try socket.receive(timeout: 0) {
          switch message {
          case .binary(let bytes) where bytes.first == 0:
            if !writeAll(client, bytes.dropFirst()) { return }
          case .binary(let bytes) where bytes.first == 1:
            errorText += String(decoding: bytes.dropFirst(), as: UTF8.self)
            lastError.withLock { $0 = "the kubelet could not forward the port: \(errorText)" }
          case .close:
            return
          default:
            break
          }
        }
      } catch {
        lastError.withLock { $0 = error.message }
        return
      }
    }
  }

  private func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>) -> Bool {
    var rest = bytes
    while !rest.isEmpty {
      let n = rest.withUnsafeBytes { Platform.sendToSocket(fd, $0.baseAddress, $0.count) }
      if n <= 0 { if errno == EINTR { continue } else { return false } }
      rest = rest.dropFirst(n)
    }
    return true
  }
}

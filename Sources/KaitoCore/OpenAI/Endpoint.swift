/// How to reach a workspace's model: through a port-forward this process opens (the default), or
/// through the API server's service proxy for clusters whose gateways block WebSocket upgrades.
public enum Route: String, CaseIterable, Sendable {
  case portForward = "port-forward"
  case proxy
}

public struct ModelEndpoint {
  public let chat: ChatClient
  /// Kept open as long as the endpoint is used.
  public let forwarder: PortForwarder?

  public init(chat: ChatClient, forwarder: PortForwarder?) { (self.chat, self.forwarder) = (chat, forwarder) }

  /// Checks that the workspace serves, then opens the route to its model server (port 5000 of
  /// pod `<ws>-0`, or Service `<ws>` port 80). `connect` makes the transport to the forwarded port;
  /// `replacement` names another replica's pod when the pod cannot be reached.
  public static func open(
    _ kaito: KaitoCluster, workspace name: String, route: Route,
    connect: TransportFactory, replacement: (@Sendable (_ unreachablePod: String) -> String?)? = nil
  ) throws(KaitoError) -> ModelEndpoint {
    let client = kaito.client
    let namespace = client.namespace
    let object = try client.get(kaito.workspacePath(name))
    let status = WorkspaceStatus(object)
    guard !status.tuning else {
      throw KaitoError(
        "workspace \(name) is a tuning workspace: it has no model to talk to; deploy its adapter (kubectl kaito deploy MODEL --adapter …)"
      )
    }
    if !status.succeeded {
      var text = "workspace \(name) is not serving yet: \(status.state ?? "no state") — \(status.summary)"
      if let reason = status.failure ?? status.blocking {
        if !reason.message.isEmpty { text += "\n  \(reason.type): \(Table.escape(reason.message))" }
        if let download = downloadProgress(client, workspace: name, connect: connect) {
          text += "\n  " + download.words(weightsBytes: status.weightsBytes)
        } else if let advice = status.advice(for: reason.reason) {
          text += "\n  \(advice)"
        }
      }
      throw KaitoError(text + "\n  (kubectl kaito status \(name) tells more)")
    }
    switch route {
    case .proxy:
      let prefix = proxyPrefix(workspace: name, namespace: namespace)
      return ModelEndpoint(
        chat: ChatClient(transport: client.transport, prefix: prefix, environment: client.environment), forwarder: nil)
    case .portForward:
      let forwarder = try PortForwarder.toModelServer(
        of: name, namespace: namespace, transport: client.transport, replacement: replacement)
      let local = try connect(forwarder.localConnection(namespace: namespace), client.environment)
      return ModelEndpoint(chat: ChatClient(transport: local, environment: client.environment), forwarder: forwarder)
    }
  }

  /// The API server's service proxy to a workspace's Service (port 80, which KAITO sends to 5000).
  public static func proxyPrefix(workspace: String, namespace: String) -> String {
    "/api/v1/namespaces/\(percentEncode(namespace))/services/\(percentEncode(workspace)):80/proxy"
  }

  /// While weights download, KAITO's model server answers only `/metrics`: how fast and how long.
  /// Best effort through a short-lived port-forward; nil when nothing can be learnt.
  public static func downloadProgress(_ client: KubeClient, workspace: String, connect: TransportFactory)
    -> DownloadProgress?
  {
    guard
      let forwarder = try? PortForwarder.toModelServer(
        of: workspace, namespace: client.namespace, transport: client.transport)
    else { return nil }
    defer { forwarder.stop() }
    guard
      let http = try? connect(
        forwarder.localConnection(namespace: client.namespace, requestTimeout: 5), client.environment),
      let response = try? http.send(HTTPRequest(path: "/metrics")), response.status == 200
    else { return nil }
    return DownloadProgress(metrics: String(decoding: response.body, as: UTF8.self))
  }

  /// The model to talk to: `requested` if the server serves it (a base model or an adapter), else
  /// the base model.
  /// A `parent` of "legacy" marks KAITO ≤ v0.8's transformers API (`/chat`).
  public func model(_ requested: String?) throws(KaitoError) -> ChatClient.ServedModel {
    let served = try chat.models()
    guard !served.isEmpty else {
      return ChatClient.ServedModel(id: requested ?? "model", maxModelLen: nil, parent: "legacy")
    }
    if let requested {
      guard let found = served.first(where: { $0.id == requested }) else {
        throw KaitoError(
          "the workspace serves no model \"\(requested)\"; it serves \(served.map(\.id).joined(separator: ", "))")
      }
      return found
    }
    return served.first { $0.parent == nil } ?? served[0]
  }
}

/// Model output on a terminal: unsafe controls dropped (`TerminalText`), so a model cannot move
/// the cursor, retitle the window, hide or reorder text.
public func terminalSafe(_ text: String) -> String { TerminalText.dropUnsafe(text) }

/// How the weights' download goes, read from the gauges KAITO's model server publishes on
/// `/metrics` while it downloads (base image ≥ 0.3.3): speed, and seconds left (-1: unknown).
public struct DownloadProgress: Sendable, Equatable {
  public var bytesPerSecond: Double
  public var secondsLeft: Double?

  public init(bytesPerSecond: Double, secondsLeft: Double?) {
    (self.bytesPerSecond, self.secondsLeft) = (bytesPerSecond, secondsLeft)
  }

  /// Nil when the text holds no download under way (finished, or not KAITO's server).
  public init?(metrics text: String) {
    var values: [Substring: Double] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      let parts = line.split(separator: " ")
      // What a server sends is a guess, never trusted: Inf, NaN and absurd sizes are "unknown".
      if parts.count >= 2, let value = Double(parts[parts.count - 1]), value.isFinite, abs(value) < 1e15 {
        values[parts[0]] = value
      }
    }
    guard let left = values["kaito_model_download_remaining_seconds"], left != 0 else { return nil }
    bytesPerSecond = max(0, values["kaito_model_download_speed_bytes_per_second"] ?? 0)
    secondsLeft = left > 0 ? left : nil
  }

  /// `downloading the weights: about 42% of 7.1 GiB, 12m34s left at 50 MiB/s`; the share is
  /// estimated from what is left, as the server publishes no total.
  public func words(weightsBytes: Int?) -> String {
    var text = "downloading the weights"
    if let secondsLeft, let total = weightsBytes, total > 0, bytesPerSecond > 0 {
      let done = max(0, min(1, 1 - secondsLeft * bytesPerSecond / Double(total)))
      text += ": about \(Int(done * 100))% of \(gibibytes(total))"
    }
    if let secondsLeft { text += (text.contains(":") ? ", " : ": about ") + "\(Time.elapsed(secondsLeft)) left" }
    if bytesPerSecond > 0 { text += " at \(Int(bytesPerSecond / 1_048_576)) MiB/s" }
    return text
  }
}

/// `7.1 GiB`.
func gibibytes(_ bytes: Int) -> String {
  let tenths = Int((Double(bytes) / Double(1 << 30) * 10).rounded())
  return "\(tenths / 10).\(tenths % 10) GiB"
}

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

  /// Checks that the workspace serves, then opens the route to its model server (port 5000 of
  /// pod `<ws>-0`, or Service `<ws>` port 80). `connect` makes the transport to the forwarded port.
  public static func open(
    _ kaito: KaitoCluster, workspace name: String, route: Route,
    connect: TransportFactory
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
          text += "\n  " + download
        } else if let advice = status.advice(for: reason.reason) {
          text += "\n  \(advice)"
        }
      }
      throw KaitoError(text + "\n  (kubectl kaito status \(name) tells more)")
    }
    switch route {
    case .proxy:
      let prefix = "/api/v1/namespaces/\(percentEncode(namespace))/services/\(percentEncode(name)):80/proxy"
      return ModelEndpoint(
        chat: ChatClient(transport: client.transport, prefix: prefix, environment: client.environment), forwarder: nil)
    case .portForward:
      let forwarder = try PortForwarder.toModelServer(
        of: name, namespace: namespace, transport: client.transport)
      let local = try connect(forwarder.localConnection(namespace: namespace), client.environment)
      return ModelEndpoint(chat: ChatClient(transport: local, environment: client.environment), forwarder: forwarder)
    }
  }

  /// While weights download, KAITO's model server answers only `/metrics`: how fast and how long.
  /// Best effort through a short-lived port-forward; nil when nothing can be learnt.
  public static func downloadProgress(_ client: KubeClient, workspace: String, connect: TransportFactory) -> String? {
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
    return ModelServerMetrics(String(decoding: response.body, as: UTF8.self)).downloadSummary
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

/// The Prometheus text KAITO's model server publishes; only what the tool reads of it.
struct ModelServerMetrics {
  var values: [String: Double] = [:]

  init(_ text: String) {
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
      let parts = line.split(separator: " ")
      if parts.count >= 2, let value = Double(parts[parts.count - 1]) { values[String(parts[0])] = value }
    }
  }

  /// How the weights' download goes, while it goes.
  var downloadSummary: String? {
    guard let remaining = values["kaito_model_download_remaining_seconds"], remaining > 0 else { return nil }
    let speed = values["kaito_model_download_speed_bytes_per_second"].map { " at \(Int($0 / 1_048_576)) MiB/s" } ?? ""
    return "the model's weights are downloading\(speed): about \(Time.elapsed(remaining)) left"
  }
}

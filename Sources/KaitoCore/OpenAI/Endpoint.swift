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
  /// pod `<ws>-0`, or Service `<ws>` port 80).
  public static func open(_ client: KubeClient, workspace name: String, route: Route, version: String) throws(KaitoError) -> ModelEndpoint {
    let namespace = client.namespace
    let object = try client.get(KaitoAPI.workspace(name, namespace: namespace, version: version))
    let status = WorkspaceStatus(object)
    guard !status.tuning else {
      throw KaitoError("workspace \(name) is a tuning workspace: it has no model to talk to; deploy its adapter (kubectl kaito deploy MODEL --adapter …)")
    }
    guard let transport = client.transport as? CurlTransport else {
      throw KaitoError("talking to a model needs the libcurl transport")
    }
    if !status.succeeded {
      var text = "workspace \(name) is not serving yet: \(status.state ?? "no state") — \(status.summary)"
      if let reason = status.failure ?? status.blocking {
        if !reason.message.isEmpty { text += "\n  \(reason.type): \(Table.escape(reason.message))" }
        if let download = downloadProgress(transport, namespace: namespace, workspace: name, environment: client.environment) {
          text += "\n  " + download
        } else if let advice = WorkspaceStatus.advice(for: reason.reason) {
          text += "\n  \(advice)"
        }
      }
      throw KaitoError(text + "\n  (kubectl kaito status \(name) tells more)")
    }
    switch route {
    case .proxy:
      let prefix = "/api/v1/namespaces/\(percentEncode(namespace))/services/\(percentEncode(name)):80/proxy"
      return ModelEndpoint(chat: ChatClient(transport: transport, prefix: prefix, environment: client.environment), forwarder: nil)
    case .portForward:
      let forwarder = try PortForwarder(transport: transport, namespace: namespace, pod: "\(name)-0", remotePort: 5000,
                                        environment: client.environment)
      try forwarder.check()
      forwarder.start()
      let local = Connection(server: "http://127.0.0.1:\(forwarder.localPort)", namespace: namespace, contextName: nil,
                             tls: .init(), credentials: .none, proxy: nil, requestTimeout: nil, verbosity: 0)
      let localTransport = try CurlTransport(connection: local, environment: client.environment)
      return ModelEndpoint(chat: ChatClient(transport: localTransport, environment: client.environment), forwarder: forwarder)
    }
  }

  /// While weights download, KAITO's model server answers only `/metrics`: how fast and how long.
  /// Best effort through a short-lived port-forward; nil when nothing can be learnt.
  public static func downloadProgress(_ transport: CurlTransport, namespace: String, workspace: String, environment: Environment) -> String? {
    guard let forwarder = try? PortForwarder(transport: transport, namespace: namespace, pod: "\(workspace)-0", remotePort: 5000, environment: environment),
      (try? forwarder.check()) != nil
    else { return nil }
    forwarder.start()
    defer { forwarder.stop() }
    let local = Connection(server: "http://127.0.0.1:\(forwarder.localPort)", namespace: namespace, contextName: nil,
                           tls: .init(), credentials: .none, proxy: nil, requestTimeout: 5, verbosity: 0)
    guard let http = try? CurlTransport(connection: local, environment: environment),
      let response = try? http.send(HTTPRequest(path: "/metrics")), response.status == 200
    else { return nil }
    var metrics: [String: Double] = [:]
    for line in String(decoding: response.body, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
      let parts = line.split(separator: " ")
      if parts.count >= 2, let value = Double(parts[parts.count - 1]) { metrics[String(parts[0])] = value }
    }
    guard let remaining = metrics["kaito_model_download_remaining_seconds"], remaining > 0 else { return nil }
    let speed = metrics["kaito_model_download_speed_bytes_per_second"].map { " at \(Int($0 / 1_048_576)) MiB/s" } ?? ""
    return "the model's weights are downloading\(speed): about \(Time.elapsed(remaining)) left"
  }

  /// The model to talk to: `requested` if the server serves it (a base model or an adapter), else
  /// the base model.
  /// A `parent` of "legacy" marks KAITO ≤ v0.8's transformers API (`/chat`).
  public func model(_ requested: String?) throws(KaitoError) -> ChatClient.ServedModel {
    let served = try chat.models()
    guard !served.isEmpty else { return ChatClient.ServedModel(id: requested ?? "model", maxModelLen: nil, parent: "legacy") }
    if let requested {
      guard let found = served.first(where: { $0.id == requested }) else {
        throw KaitoError("the workspace serves no model \"\(requested)\"; it serves \(served.map(\.id).joined(separator: ", "))")
      }
      return found
    }
    return served.first { $0.parent == nil } ?? served[0]
  }
}

/// Model output on a terminal: unsafe controls dropped (`TerminalText`), so a model cannot move
/// the cursor, retitle the window, hide or reorder text.
public func terminalSafe(_ text: String) -> String { TerminalText.dropUnsafe(text) }

import ArgumentParser
import KaitoCore

struct Status: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Show workspaces, and for one workspace why it is or is not ready.",
    discussion: """
      Without a name: the columns of `kubectl get workspaces`. With a name: every condition with
      its reason and message, the nodes, the pod's containers, the node claims and recent events,
      and what to do about the reason that holds it up.

      Examples:
        kubectl kaito status
        kubectl kaito status -A -o wide
        kubectl kaito status workspace-phi-3-5-mini-instruct
        kubectl kaito status -w
      """)

  @Argument(help: "A workspace name; without one, all workspaces of the namespace.", completion: Complete.workspaces)
  var name: String?

  @Flag(name: [.customShort("A"), .long], help: "List workspaces of every namespace.")
  var allNamespaces = false

  @Option(name: [.customShort("l"), .long], help: "Only workspaces with these labels (key=value,…).")
  var selector: String?

  @Flag(name: .shortAndLong, help: "After listing, print a row for every change.")
  var watch = false

  @Option(name: [.customShort("o", allowingJoined: true), .long], help: "Output format: table, wide, json, yaml or name.")
  var output: OutputFormat = .table

  @Flag(help: "Print tables without the header row.")
  var noHeaders = false

  @OptionGroup var display: DisplayOptions

  @OptionGroup(title: "Cluster options")
  var cluster: ClusterOptions

  func validate() throws {
    if name != nil && allNamespaces { throw ValidationError("a workspace name cannot be combined with --all-namespaces") }
  }

  func run() throws {
    let env = display.environment()
    let client = try cluster.client(env)
    let install = try KaitoInstall.discover(client)
    let version = install.writeVersion
    if let name {
      try WorkspaceRules.checkName(name)
      let object = try client.get(KaitoAPI.workspace(name, namespace: client.namespace, version: version))
      switch output {
      case .json, .yaml, .name: env.writeOut(renderObjects([object], as: output))
      case .wide: env.writeOut(StatusReport.table([object], allNamespaces: false, wide: true, now: env.now()).render(headers: !noHeaders, empty: ""))
      case .table:
        if watch {
          env.writeOut(StatusReport.table([object], allNamespaces: false, wide: false, now: env.now()).render(headers: !noHeaders, empty: ""))
        } else {
          env.writeOut(detail(object, client: client).render(now: env.now()))
        }
      }
      if watch {
        try follow(client, version: version, query: "?fieldSelector=metadata.name%3D" + percentEncode(name),
                   from: object["metadata"]?["resourceVersion"]?.stringValue, env: env)
      }
      return
    }

    let query = selector.map { "?labelSelector=" + percentEncode($0) } ?? ""
    let path = KaitoAPI.workspaces(namespace: allNamespaces ? nil : client.namespace, version: version) + query
    let list: Value
    var items: [Value] = []
    if output == .table {
      // The plain table is the server's own printing, as `kubectl get` asks for it.
      var rows = StatusReport.ServerTable(allNamespaces: allNamespaces)
      let table = try client.getTable(path) { row in
        // A server that cannot print tables sends the objects instead.
        if row["cells"] != nil { rows.add(row) } else { items.append(row) }
      }
      list = table
      if table["kind"]?.stringValue == "Table" {
        items = []
        if rows.isEmpty {
          env.writeErr(allNamespaces ? "No resources found\n" : "No resources found in \(client.namespace) namespace.\n")
        } else {
          let printed = rows.table(columns: table)
          env.writeOut(printed.render(headers: !noHeaders, empty: "", paint: env.colorOut ? StatusReport.painter(for: printed) : nil))
        }
        if watch {
          try follow(client, version: version, query: query, from: list["metadata"]?["resourceVersion"]?.stringValue, env: env)
        }
        return
      }
    } else {
      list = try client.get(path)
      items = list["items"]?.arrayValue ?? []
    }
    if items.isEmpty && (output == .table || output == .wide || output == .name) {
      env.writeErr(allNamespaces ? "No resources found\n" : "No resources found in \(client.namespace) namespace.\n")
    } else {
      switch output {
      case .json, .yaml:
        let wrapped: Value = ["apiVersion": "v1", "items": .array(items), "kind": "List", "metadata": ["resourceVersion": ""]]
        env.writeOut(output == .json ? JSONWriter.write(wrapped) : YAMLWriter.write(wrapped))
      case .name: env.writeOut(items.map { resourceName(of: $0) + "\n" }.joined())
      case .table, .wide:
        let printed = StatusReport.table(items, allNamespaces: allNamespaces, wide: output == .wide, now: env.now())
        env.writeOut(printed.render(headers: !noHeaders, empty: "", paint: env.colorOut ? StatusReport.painter(for: printed) : nil))
      }
    }
    if watch {
      try follow(client, version: version, query: query, from: list["metadata"]?["resourceVersion"]?.stringValue, env: env)
    }
  }

  /// Everything about one workspace; what RBAC hides is left out rather than failing the command.
  private func detail(_ object: Value, client: KubeClient) -> StatusReport.Detail {
    var detail = StatusReport.Detail(workspace: object)
    let name = object["metadata"]?["name"]?.stringValue ?? ""
    let namespace = object["metadata"]?["namespace"]?.stringValue ?? client.namespace
    let byLabel = "?labelSelector=" + percentEncode("kaito.sh/workspace=\(name)")
    detail.pods = (try? client.get(KaitoAPI.core("pods", namespace: namespace) + byLabel))?["items"]?.arrayValue ?? []
    for involved in [name] + detail.pods.compactMap({ $0["metadata"]?["name"]?.stringValue }) {
      let query = "?fieldSelector=" + percentEncode("involvedObject.name=\(involved)")
      detail.events += (try? client.get(KaitoAPI.core("events", namespace: namespace) + query))?["items"]?.arrayValue ?? []
    }
    detail.nodeClaims = (try? client.get("/apis/karpenter.sh/v1/nodeclaims" + byLabel))?["items"]?.arrayValue
    let status = WorkspaceStatus(object)
    let running = detail.pods.contains { $0["status"]?["phase"]?.stringValue == "Running" }
    if !status.succeeded && !status.tuning && running, let transport = client.transport as? CurlTransport {
      detail.download = ModelEndpoint.downloadProgress(transport, namespace: namespace, workspace: name, environment: client.environment)
    }
    return detail
  }

  /// `-w`: a row for every change, until interrupted; dropped watches are resumed (KubeClient.follow).
  private func follow(_ client: KubeClient, version: String, query: String, from resourceVersion: String?, env: Environment) throws {
    let path = KaitoAPI.workspaces(namespace: allNamespaces ? nil : client.namespace, version: version) + query
    _ = try client.follow(path, from: resourceVersion, until: .infinity, relist: { () throws(KaitoError) -> String? in
      try client.get(path)["metadata"]?["resourceVersion"]?.stringValue ?? ""
    }) { event in
      switch output {
      case .json: env.writeOut(JSONWriter.write(event.object))
      case .yaml: env.writeOut("---\n" + YAMLWriter.write(event.object))
      case .name: env.writeOut(resourceName(of: event.object) + "\n")
      case .table, .wide:
        let row = StatusReport.row(WorkspaceStatus(event.object), allNamespaces: allNamespaces, wide: output == .wide, now: env.now())
        // Rows of a watch are aligned on their own; kubectl does the same.
        env.writeOut(Table(headers: row.map { _ in "" }, rows: [row]).render(headers: false, empty: ""))
      }
      return true
    }
  }

}

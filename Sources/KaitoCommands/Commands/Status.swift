import ArgumentParser
import KaitoCore

struct Status: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    _superCommandName: "kubectl-kaito",
    abstract: "Show workspaces, and for one workspace why it is or is not ready.",
    discussion: paragraphs(
      """
      Without a name: the columns of `kubectl get workspaces`. With a name: every condition with
      its reason and message, the nodes, the pod's containers, the node claims and recent events,
      and what to do about the reason that holds it up.

      Examples:
        kubectl kaito status
        kubectl kaito status -A -o wide
        kubectl kaito status workspace-phi-3-5-mini-instruct
        kubectl kaito status -w
      """))

  @Argument(
    help: "A workspace, or the model it serves; without one, all workspaces of the namespace.",
    completion: Complete.workspaces)
  var name: String?

  @Flag(name: [.customShort("A"), .long], help: "List workspaces of every namespace.")
  var allNamespaces = false

  @Option(name: [.customShort("l"), .long], help: "Only workspaces with these labels (key=value,…).")
  var selector: String?

  @Flag(name: .shortAndLong, help: "After listing, print a row for every change.")
  var watch = false

  @Option(
    name: [.customShort("o", allowingJoined: true), .long], help: "Output format.")
  var output: OutputFormat = .table

  @Flag(help: "Print tables without the header row.")
  var noHeaders = false

  @OptionGroup var options: ClusterCommandOptions

  func validate() throws {
    if name != nil && allNamespaces {
      throw ValidationError("a workspace name cannot be combined with --all-namespaces")
    }
  }

  func run(in context: CommandContext) throws {
    let env = options.display.environment(context)
    if let name {
      let kaito = try options.cluster.open(context, env)
      if let set = try kaito.inferenceSet(named: name) {
        return showInferenceSet(set, kaito: kaito, context: context, env: env)
      }
      let found = try kaito.findWorkspace(name)
      if let note = found.note { env.note(note) }
      try show(found, kaito: kaito, context: context, env: env)
      return
    }
    let kaito = try options.cluster.open(context, env)
    let client = kaito.client
    let query = selector.map { "?labelSelector=" + percentEncode($0) } ?? ""
    let path = kaito.workspacesPath(allNamespaces: allNamespaces) + query
    let list: Value
    // Rows are made as the objects are read: a long list is never held as parsed objects.
    var rows: [[String]] = []
    var found = 0
    var printed: Table?
    let now = env.now()
    let objectRow = { (object: Value) in
      rows.append(
        StatusReport.row(WorkspaceStatus(object), allNamespaces: allNamespaces, wide: output == .wide, now: now))
    }
    switch output {
    case .table:
      // The plain table is the server's own printing, as `kubectl get` asks for it.
      var serverRows = StatusReport.ServerTable(allNamespaces: allNamespaces)
      list = try client.getTable(path) { row in
        found += 1
        // A server that cannot print tables sends the objects instead.
        if row["cells"] != nil { serverRows.add(row) } else { objectRow(row) }
      }
      if !serverRows.isEmpty { printed = serverRows.table(columns: list) }
    case .wide:
      list = try client.getItems(path) { object in
        found += 1
        objectRow(object)
      }
    case .json, .yaml, .name:
      // Each item is written as it is read.
      var writer = ListWriter(format: output) { env.writeOut($0) }
      list = try client.getItems(path) { item in
        found += 1
        writer.add(item)
      }
      if found > 0 || output != .name { writer.finish() }
    }
    if !rows.isEmpty {
      printed = Table(headers: StatusReport.headers(allNamespaces: allNamespaces, wide: output == .wide), rows: rows)
    }
    if found == 0 && output != .json && output != .yaml {
      env.writeErr(allNamespaces ? "No resources found\n" : "No resources found in \(client.namespace) namespace.\n")
    } else if let printed {
      printTable(printed, env: env)
    }
    if !watch && (output == .table || output == .wide) {
      listInferenceSets(kaito, query: query, after: found > 0, env: env)
    }
    if watch {
      try follow(
        kaito, query: query, from: list["metadata"]?["resourceVersion"]?.stringValue, under: printed, env: env)
    }
  }

  /// The InferenceSets beside the workspaces, with `kubectl get inferencesets`' columns; nothing
  /// where the cluster serves none.
  private func listInferenceSets(_ kaito: KaitoCluster, query: String, after workspaces: Bool, env: Environment) {
    let path = KaitoAPI.inferenceSets(namespace: allNamespaces ? nil : kaito.namespace) + query
    guard let items = (try? kaito.client.get(path))?["items"]?.arrayValue, !items.isEmpty else { return }
    let table = StatusReport.inferenceSetTable(
      items.map(InferenceSetStatus.init), allNamespaces: allNamespaces, wide: output == .wide, now: env.now())
    if workspaces { env.writeOut("\n") }
    printTable(table, env: env)
  }

  /// `status NAME` of an InferenceSet: its conditions, benchmark and each replica's state.
  private func showInferenceSet(_ object: Value, kaito: KaitoCluster, context: CommandContext, env: Environment) {
    switch output {
    case .json, .yaml, .name: env.writeOut(renderObjects([object], as: output))
    case .table, .wide:
      env.writeOut(kaito.inventory.inferenceSetDetail(of: object, connect: context.connect).render(now: env.now()))
    }
  }

  /// One workspace: its detail (or its row, for -o wide and -w), then its changes with -w.
  private func show(_ found: FoundWorkspace, kaito: KaitoCluster, context: CommandContext, env: Environment) throws {
    let (name, object) = (found.name, found.object)
    var printed: Table?
    switch output {
    case .json, .yaml, .name: env.writeOut(renderObjects([object], as: output))
    case .table where !watch:
      env.writeOut(kaito.inventory.detail(of: object, connect: context.connect).render(now: env.now()))
    case .table, .wide:
      let table = StatusReport.table([object], allNamespaces: false, wide: output == .wide, now: env.now())
      printTable(table, env: env)
      printed = table
    }
    if watch {
      try follow(
        kaito, query: "?fieldSelector=metadata.name%3D" + percentEncode(name),
        from: object["metadata"]?["resourceVersion"]?.stringValue, under: printed, env: env)
    }
  }

  /// A table as `kubectl get` prints it: blank cells for what the server left empty, colour by state.
  private func printTable(_ table: Table, atLeast widths: [Int]? = nil, headers: Bool? = nil, env: Environment) {
    let paint = env.colorOut ? StatusReport.painter(for: table) : nil
    table.write(headers: headers ?? !noHeaders, empty: "", paint: paint, atLeast: widths, to: env.writeOut)
  }

  /// `-w`: a row for every change, until interrupted; dropped watches are resumed (KubeClient.follow).
  /// Each row keeps the column widths of the table `printed` above it, as `kubectl get -w` does,
  /// and of the rows before it.
  private func follow(
    _ kaito: KaitoCluster, query: String, from resourceVersion: String?, under printed: Table?, env: Environment
  ) throws {
    let headers = StatusReport.headers(allNamespaces: allNamespaces, wide: output == .wide)
    var widths = printed.flatMap { $0.headers == headers ? $0.columnWidths(headers: !noHeaders, empty: "") : nil }
    // Nothing listed yet: the first row comes with the header, as kubectl prints it.
    var headerDue = printed == nil && !noHeaders
    let client = kaito.client
    let path = kaito.workspacesPath(allNamespaces: allNamespaces) + query
    _ = try client.follow(
      path, from: resourceVersion, until: .infinity,
      relist: { () throws(KaitoError) -> String? in
        try client.get(path)["metadata"]?["resourceVersion"]?.stringValue ?? ""
      }
    ) { event in
      switch output {
      case .json: env.writeOut(JSONWriter.write(event.object))
      case .yaml: env.writeOut("---\n" + YAMLWriter.write(event.object))
      case .name: env.writeOut(resourceName(of: event.object) + "\n")
      case .table, .wide:
        let row = StatusReport.row(
          WorkspaceStatus(event.object), allNamespaces: allNamespaces, wide: output == .wide, now: env.now())
        let table = Table(headers: headers, rows: [row])
        printTable(table, atLeast: widths, headers: headerDue, env: env)
        // A wider cell widens its column for the rows after it too, so they stay aligned.
        let drawn = table.columnWidths(headers: headerDue, empty: "")
        widths = widths.map { zip($0, drawn).map { max($0, $1) } } ?? drawn
        headerDue = false
      }
      return true
    }
  }

}

/// What `status` prints: the columns of `kubectl get workspace`, and for one workspace the
/// reasons it is or is not ready.
public enum StatusReport {
  /// `kubectl get workspaces` columns (the CRD's printer columns), NAMESPACE first with `-A`.
  public static func table(_ objects: [Value], allNamespaces: Bool, wide: Bool, now: Double) -> Table {
    Table(
      headers: headers(allNamespaces: allNamespaces, wide: wide),
      rows: objects.map { row(WorkspaceStatus($0), allNamespaces: allNamespaces, wide: wide, now: now) })
  }

  public static func headers(allNamespaces: Bool, wide: Bool) -> [String] {
    var headers = [
      "NAME", "INSTANCE", "RESOURCEREADY", "INFERENCEREADY", "JOBSTARTED", "WORKSPACESUCCEEDED", "TARGETNODECOUNT",
      "STATE", "AGE",
    ]
    if wide { headers += ["PRESET", "RUNTIME", "WORKERS", "PEAK-TPM"] }
    if allNamespaces { headers.insert("NAMESPACE", at: 0) }
    return headers
  }

  /// A server-side Table as kubectl prints it: the column names upper-cased, the cells as sent
  /// (null is blank), columns of priority above 0 left out, NAMESPACE first with `-A`. Rows
  /// arrive one by one (`add`), so a table of thousands is never held as parsed JSON.
  public struct ServerTable {
    public var allNamespaces: Bool
    /// All cells of each row, then the row's namespace.
    var rows: [[String]] = []

    public init(allNamespaces: Bool) { self.allNamespaces = allNamespaces }

    public mutating func add(_ row: Value) {
      var out = (row["cells"]?.arrayValue ?? []).map(StatusReport.cellText)
      out.append(row["object"]?["metadata"]?["namespace"]?.stringValue ?? "")
      rows.append(out)
    }

    public var isEmpty: Bool { rows.isEmpty }

    /// The table to print; the rows move into it (one copy of a long list at a time, not two).
    public mutating func table(columns table: Value) -> Table {
      let definitions = table["columnDefinitions"]?.arrayValue ?? []
      let shown = definitions.indices.filter { (definitions[$0]["priority"]?.intValue ?? 0) == 0 }
      var headers = shown.map {
        TerminalText.escape(definitions[$0]["name"]?.stringValue ?? "", newlines: false).uppercased()
      }
      if allNamespaces { headers.insert("NAMESPACE", at: 0) }
      var printed: [[String]] = []
      printed.reserveCapacity(rows.count)
      for row in rows.indices {
        let cells = rows[row]
        rows[row] = []
        var out: [String] = []
        out.reserveCapacity(headers.count)
        if allNamespaces { out.append(cells.last ?? "") }
        for index in shown { out.append(index < cells.count - 1 ? cells[index] : "") }
        printed.append(out)
      }
      rows = []
      return Table(headers: headers, rows: printed)
    }
  }

  /// `kubectl get inferencesets` columns (the CRD's printer columns); -o wide adds the preset,
  /// the instance type and KAITO's benchmark sum.
  public static func inferenceSetTable(_ sets: [InferenceSetStatus], allNamespaces: Bool, wide: Bool, now: Double)
    -> Table
  {
    var headers = ["NAME", "REPLICAS", "READYREPLICAS", "AGE"]
    if wide { headers += ["PRESET", "INSTANCE", "PEAK-TPM"] }
    if allNamespaces { headers.insert("NAMESPACE", at: 0) }
    return Table(
      headers: headers,
      rows: sets.map { set in
        var cells = [set.name, String(set.replicas), String(set.readyReplicas), age(set.created, now: now)]
        if wide {
          cells += [set.preset ?? "", set.instanceType ?? "", set.aggregatedPeakTokensPerMinute.map(String.init) ?? ""]
        }
        if allNamespaces { cells.insert(set.namespace, at: 0) }
        return cells
      })
  }

  /// Everything about one InferenceSet: its conditions, its benchmark sum, and each replica
  /// with where it is on its way to serving.
  public struct InferenceSetDetail: Sendable {
    public var inferenceSet: InferenceSetStatus
    public var replicas: [(WorkspaceStatus, WorkspaceProgress)]

    public func render(now: Double) -> String {
      let set = inferenceSet
      var fields: [(String, String)] = [
        ("Name", set.name), ("Namespace", set.namespace), ("Kind", "InferenceSet"), ("Preset", set.preset ?? ""),
        ("Instance type", set.instanceType ?? "(your own nodes)"),
        ("Replicas", "\(set.readyReplicas) of \(set.replicas) ready"), ("Age", age(set.created, now: now)),
      ]
      if let peak = set.aggregatedPeakTokensPerMinute {
        fields.append(("Benchmark", "peak \(peak) tokens/min, summed over the replicas"))
      }
      var text = renderFields(fields)
      if !set.conditions.isEmpty {
        text +=
          "\nConditions:\n"
          + Table(
            headers: ["TYPE", "STATUS", "REASON", "AGE", "MESSAGE"],
            rows: set.conditions.map { [$0.type, $0.status, $0.reason, age($0.since, now: now), $0.message] }
          ).render().split(separator: "\n").map { "  " + $0 + "\n" }.joined()
      }
      text += "\nReplicas:\n"
      if replicas.isEmpty { text += "  none\n" }
      let rows = replicas.map { ws, progress in
        [ws.name, ws.state ?? "", progress.phase == .ready ? "serving" : progress.line]
      }
      if !rows.isEmpty {
        text += Table(headers: ["NAME", "STATE", "PROGRESS"], rows: rows).render().split(separator: "\n").map {
          "  " + $0 + "\n"
        }.joined()
      }
      text +=
        set.ready && set.replicas > 0
        ? "\nReady: kubectl kaito chat \(set.name)\(set.namespace == "default" || set.namespace.isEmpty ? "" : " -n \(set.namespace)")\n"
        : set.replicas == 0
          ? "\nScaled to zero: kubectl kaito scale \(set.name) --replicas N serves again\n"
          : "\nNot ready: \(set.readyReplicas) of \(set.replicas) replicas serve\n"
      return TerminalText.escape(text)
    }
  }

  /// Colours the condition and state columns of a workspace table.
  public static func painter(for table: Table) -> (Int, String) -> ANSIColor? {
    let coloured: Set<String> = ["RESOURCEREADY", "INFERENCEREADY", "JOBSTARTED", "WORKSPACESUCCEEDED", "STATE"]
    let columns = Set(table.headers.indices.filter { coloured.contains(table.headers[$0]) })
    return { column, text in columns.contains(column) ? statusColor(text) : nil }
  }

  static func cellText(_ cell: Value) -> String {
    switch cell {
    case .string(let s): return s
    case .int(let i): return String(i)
    case .double(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
    case .bool(let b): return String(b)
    default: return ""
    }
  }

  public static func row(_ ws: WorkspaceStatus, allNamespaces: Bool, wide: Bool, now: Double) -> [String] {
    var cells = [
      ws.name, ws.instanceType ?? "", ws.condition("ResourceReady")?.status ?? "",
      ws.condition("InferenceReady")?.status ?? "",
      ws.condition("JobStarted")?.status ?? "", ws.condition("WorkspaceSucceeded")?.status ?? "",
      ws.targetNodeCount.map(String.init) ?? "", ws.state ?? "", age(ws.created, now: now),
    ]
    if wide {
      cells += [
        ws.preset ?? "", ws.tuning ? "tuning" : ws.runtime, ws.workerNodes.joined(separator: ","),
        ws.peakTokensPerMinute.map(String.init) ?? "",
      ]
    }
    if allNamespaces { cells.insert(ws.namespace, at: 0) }
    return cells
  }

  static func age(_ time: Double?, now: Double) -> String {
    time.map { Time.humanDuration(now - $0) } ?? "<unknown>"
  }

  /// Everything about one workspace that explains its state.
  public struct Detail: Sendable {
    public var workspace: Value
    public var pods: [Value] = []
    public var events: [Value] = []
    public var nodeClaims: [Value]?
    /// Where it is on its way to serving (`WorkspaceProgress`), from all of the above.
    public var progress: WorkspaceProgress?

    public init(workspace: Value) { self.workspace = workspace }

    public func render(now: Double) -> String {
      let ws = WorkspaceStatus(workspace)
      var fields: [(String, String)] = [
        ("Name", ws.name), ("Namespace", ws.namespace), ("Preset", ws.preset ?? ""),
        ("Kind", ws.tuning ? "tuning" : "inference (\(ws.runtime))"),
        ("Instance type", ws.instanceType ?? "(your own nodes)"),
        ("Target nodes", ws.targetNodeCount.map(String.init) ?? ""),
        ("Worker nodes", ws.workerNodes.joined(separator: ", ")),
        ("State", ws.state ?? ""), ("Age", age(ws.created, now: now)),
      ]
      if ws.deleting { fields.append(("Deleting", "yes: waiting for its finalizer to release the GPU nodes")) }
      if let benchmark = Self.benchmark(ws) { fields.append(("Benchmark", benchmark)) }
      var text = renderFields(fields)

      text += "\nConditions:\n"
      if ws.conditions.isEmpty {
        text += "  none yet: the KAITO controller has not reconciled this workspace\n"
      } else {
        text += indent(
          Table(
            headers: ["TYPE", "STATUS", "REASON", "AGE", "MESSAGE"],
            rows: ws.orderedConditions.map {
              [$0.type, $0.status, $0.reason, age($0.since, now: now), $0.message]
            }
          ).render())
      }

      if !pods.isEmpty {
        text += "\nPods:\n"
        for pod in pods { text += indent(Self.describe(pod: pod)) }
      }

      if let nodeClaims, !nodeClaims.isEmpty {
        text += "\nNode claims:\n" + indent(Self.claimTable(nodeClaims).render())
      }
      if !events.isEmpty { text += "\nEvents:\n" + indent(Self.eventTable(events, now: now).render()) }
      text += "\n" + verdict(ws)
      // Everything above is server text laid out by us: one pass makes all of it harmless.
      return TerminalText.escape(text)
    }

    /// KAITO's own post-load benchmark, where it applies: its peak, or why there is none.
    static func benchmark(_ ws: WorkspaceStatus) -> String? {
      if let peak = ws.peakTokensPerMinute {
        return "peak \(peak) tokens/min" + (ws.benchmarkSetup.map { $0.isEmpty ? "" : " (\($0))" } ?? "")
      }
      if ws.benchmarkDisabled { return "off (kaito.sh/disable-benchmark)" }
      guard !ws.tuning, ws.runtime == "vllm" else { return nil }
      return ws.condition("BenchmarkCompleted").map { "\($0.reason): \($0.message)" } ?? "not measured yet"
    }

    /// Karpenter's node claims: which instance type, and whether each is ready (and why not).
    static func claimTable(_ nodeClaims: [Value]) -> Table {
      Table(
        headers: ["NAME", "INSTANCE", "READY", "REASON", "MESSAGE"],
        rows: nodeClaims.map { claim in
          let ready = claim["status"]?["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == "Ready" }
          let instance = claim["spec"]?["requirements"]?.arrayValue?
            .first { $0["key"]?.stringValue == "node.kubernetes.io/instance-type" }?["values"]?.arrayValue?.first?
            .stringValue
          return [
            claim["metadata"]?["name"]?.stringValue ?? "", instance ?? "",
            ready?["status"]?.stringValue ?? "Unknown",
            ready?["reason"]?.stringValue ?? "", ready?["message"]?.stringValue ?? "",
          ]
        }
      )
    }

    /// The last 15 events, oldest first.
    static func eventTable(_ events: [Value], now: Double) -> Table {
      let sorted = events.sorted { (Self.eventTime($0) ?? 0) < (Self.eventTime($1) ?? 0) }.suffix(15)
      return Table(
        headers: ["TYPE", "REASON", "AGE", "OBJECT", "MESSAGE"],
        rows: sorted.map { event in
          [
            event["type"]?.stringValue ?? "", event["reason"]?.stringValue ?? "",
            age(Self.eventTime(event), now: now),
            (event["involvedObject"]?["kind"]?.stringValue?.lowercased() ?? "") + "/"
              + (event["involvedObject"]?["name"]?.stringValue ?? ""),
            event["message"]?.stringValue ?? "",
          ]
        }
      )
    }

    /// The bottom line: ready, or why not and what to do.
    func verdict(_ ws: WorkspaceStatus) -> String {
      if ws.succeeded {
        return ws.tuning
          ? "The tuning job has finished.\n"
          : "Ready: kubectl kaito chat \(ws.name)\(ws.namespace == "default" || ws.namespace.isEmpty ? "" : " -n \(ws.namespace)")\n"
      }
      var lines: [String] = []
      if let failure = ws.failure {
        // Its message is in the conditions above: said once.
        lines.append("Failed: \(failure.type)=\(failure.status) (\(failure.reason))")
        if let advice = ws.advice(for: failure.reason) { lines.append("  " + advice) }
      } else {
        // The same words as deploy --wait's progress line; the conditions above say the rest.
        let progress = progress ?? WorkspaceProgress(ws)
        lines.append("Not ready: " + Table.escape(progress.line))
        if progress.phase != .weights, let blocking = ws.blocking, let advice = ws.advice(for: blocking.reason) {
          lines.append("  " + advice)
        }
      }
      for pod in pods {
        for problem in Self.problems(pod: pod) { lines.append("  " + problem) }
      }
      return lines.joined(separator: "\n") + "\n"
    }

    static func eventTime(_ event: Value) -> Double? {
      (event["lastTimestamp"]?.stringValue ?? event["eventTime"]?.stringValue
        ?? event["metadata"]?["creationTimestamp"]?.stringValue).flatMap(Time.parse)
    }

    /// `name: phase on node`, then one line per container with its state and last termination.
    static func describe(pod: Value) -> String {
      let name = pod["metadata"]?["name"]?.stringValue ?? ""
      let phase = pod["status"]?["phase"]?.stringValue ?? "Unknown"
      let node = pod["spec"]?["nodeName"]?.stringValue
      var text = "\(Table.escape(name)): \(phase)" + (node.map { " on \($0)" } ?? "") + "\n"
      for container in pod["status"]?["containerStatuses"]?.arrayValue ?? [] {
        text += "  container \(container["name"]?.stringValue ?? ""): \(state(container["state"]))"
        if let restarts = container["restartCount"]?.intValue, restarts > 0 { text += ", \(restarts) restarts" }
        if let last = container["lastState"]?["terminated"] {
          text +=
            "; last terminated: \(last["reason"]?.stringValue ?? "")"
            + (last["exitCode"]?.intValue.map { " (exit code \($0))" } ?? "")
        }
        text += "\n"
      }
      return text
    }

    static func state(_ state: Value?) -> String {
      if let waiting = state?["waiting"] {
        return "waiting: " + (waiting["reason"]?.stringValue ?? "")
          + (waiting["message"]?.stringValue.map { " (\(Table.escape($0)))" } ?? "")
      }
      if let terminated = state?["terminated"] { return "terminated: " + (terminated["reason"]?.stringValue ?? "") }
      if state?["running"] != nil { return "running" }
      return "unknown"
    }

    /// Container states worth a line in the verdict.
    static func problems(pod: Value) -> [String] {
      var out: [String] = []
      let name = pod["metadata"]?["name"]?.stringValue ?? ""
      for container in pod["status"]?["containerStatuses"]?.arrayValue ?? [] {
        if let reason = container["state"]?["waiting"]?["reason"]?.stringValue, reason != "ContainerCreating",
          reason != "PodInitializing"
        {
          out.append("pod \(name): \(reason)")
        }
        if container["lastState"]?["terminated"]?["reason"]?.stringValue == "OOMKilled" {
          out.append("pod \(name): the model server was OOMKilled (out of memory)")
        }
      }
      return out
    }

    func indent(_ text: String) -> String {
      text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }.joined(
        separator: "\n")
    }
  }
}

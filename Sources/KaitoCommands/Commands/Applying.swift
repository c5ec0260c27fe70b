import KaitoCore

/// What `deploy` and `tune` share once their plan is made: the refusal to change an existing
/// workspace, the lines that say what was applied, and following the workspace with progress.
enum Applying {
  static func conflict(_ name: String, namespace: String, differences: [String], remedy: String) -> KaitoError {
    KaitoError(
      "workspace.kaito.sh/\(name) already exists in namespace \(namespace) with a different spec:\n  "
        + differences.joined(separator: "\n  ") + "\nKAITO's workspace fields are immutable: " + remedy)
  }

  /// A workspace that is being deleted cannot be applied to: the apply would succeed and the
  /// finalizer would then remove it. Say so instead of reporting it unchanged.
  static func refuseDeleting(_ existing: Value?, namespace: String) throws {
    guard let existing, existing["metadata"]?["deletionTimestamp"]?.stringValue != nil else { return }
    let name = existing["metadata"]?["name"]?.stringValue ?? ""
    let flag = namespace == "default" ? "" : " -n \(namespace)"
    throw KaitoError(
      "workspace.kaito.sh/\(name) is being deleted: KAITO's finalizer is releasing its GPU nodes; wait until it is gone (kubectl kaito delete \(name)\(flag) --wait --ignore-not-found), then run this again"
    )
  }

  /// kubectl's lines (`workspace.kaito.sh/x created`), or the objects in `-o`'s format.
  static func print(_ applied: [Deployment.Applied], output: ManifestFormat?, serverDryRun: Bool, env: Environment) {
    if let output {
      env.writeOut(renderObjects(applied.map(\.object), as: output.format))
    } else {
      let suffix = serverDryRun ? " (server dry run)" : ""
      env.writeOut(applied.map { resourceName(of: $0.object) + " \($0.verb)\(suffix)\n" }.joined())
    }
  }

  /// A client dry run: the objects in `-o`'s format, else kubectl's `… created (dry run)` lines.
  static func printClientDryRun(_ objects: [Value], output: ManifestFormat?, env: Environment) {
    env.writeOut(
      output.map { renderObjects(objects, as: $0.format) }
        ?? objects.map { resourceName(of: $0) + " created (dry run)\n" }.joined())
  }

  /// Waits for an InferenceSet's replicas with one progress line: how many are ready, and where
  /// the one furthest behind is.
  static func follow(
    inferenceSet name: String, _ deployment: Deployment, namespace: String, timeout: Double, env: Environment,
    connect: TransportFactory
  ) throws -> (status: InferenceSetStatus, elapsed: Double) {
    let inventory = ClusterInventory(deployment.client)
    let progress = WaitProgress(environment: env, budget: timeout)
    defer { progress.finish() }
    let status = try deployment.wait(forInferenceSet: name, namespace: namespace, timeout: timeout) { set, replicas in
      let behind = replicas.filter { !$0.succeeded }.map { ($0.name, inventory.progress(of: $0, connect: connect)) }
        .min { ($0.1.rank, $0.0) < ($1.1.rank, $1.0) }
      let line = WorkspaceProgress(
        phase: behind?.1.phase ?? .controller,
        reason: "\(set.readyReplicas) of \(set.replicas) replicas ready"
          + (behind.map { "; \($0.0): \($0.1.reason)" } ?? (replicas.count < set.replicas ? "; creating replicas" : ""))
      )
      progress.update(line)
      return line
    }
    return (status, progress.elapsed)
  }

  /// Waits for the workspace with a live progress line, cleared however the wait ends.
  static func follow(
    _ deployment: Deployment, object: Value, timeout: Double, env: Environment, connect: TransportFactory
  ) throws -> (status: WorkspaceStatus, elapsed: Double) {
    let inventory = ClusterInventory(deployment.client)
    let progress = WaitProgress(environment: env, budget: timeout)
    defer { progress.finish() }
    let status = try deployment.wait(for: object, timeout: timeout) {
      let reached = inventory.progress(of: $0, connect: connect)
      progress.update(reached)
      return reached
    }
    return (status, progress.elapsed)
  }
}

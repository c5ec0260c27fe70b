/// Applying a plan to the cluster and following a workspace until it serves.
public struct Deployment {
  public let client: KubeClient
  public let fieldManager: String

  /// The Workspace API version the cluster serves (`KaitoCluster.version`).
  public let version: String

  public init(client: KubeClient, version: String = "v1beta1", fieldManager: String) {
    self.client = client
    self.version = version
    self.fieldManager = fieldManager
  }

  /// What happened to one object: `created`, `configured` or `unchanged`.
  public struct Applied: Sendable {
    public var object: Value
    public var verb: String
  }

  /// The fields KAITO does not let change that differ between an existing workspace and the plan,
  /// as `field: cluster, requested`. Adapters, the inference config and other annotations may
  /// change in place, so they are not listed.
  /// With `requestedOnly`, a field differs only where the request sets something the cluster's
  /// value lacks: what the server filled in beside it (`accessMode`) is not a change.
  public static func differences(existing: Value, desired: Value, requestedOnly: Bool = false) -> [String] {
    let fields: [(String, [String])] = [
      ("resource.instanceType", ["resource", "instanceType"]),
      ("resource.labelSelector", ["resource", "labelSelector"]),
      ("inference.preset", ["inference", "preset"]),
      // KAITO takes later template changes but never applies them: recreating is the only way.
      ("inference.template", ["inference", "template"]),
      ("tuning", ["tuning"]),
      ("metadata.annotations[kaito.sh/runtime]", ["metadata", "annotations", "kaito.sh/runtime"]),
    ]
    func at(_ value: Value, _ path: [String]) -> Value? {
      var current: Value? = value
      for key in path { current = current?[key] }
      return current == .null ? nil : current
    }
    func show(_ value: Value?) -> String {
      guard let value else { return "<none>" }
      if case .string(let s) = value { return s }
      return JSONWriter.compact(value)
    }
    return fields.compactMap { label, path in
      let a = at(existing, path)
      let b = at(desired, path)
      let same = requestedOnly ? b.map { wanted in a?.includes(wanted) == true } ?? true : a == b
      return same ? nil : "\(label): \(show(a)) in the cluster, \(show(b)) requested"
    }
  }

  /// The fields KAITO does not let change that applying `desired` would change on the `existing`
  /// workspace, decided as `kubectl diff` decides: the API server's dry-run apply of the request
  /// (with its schema defaults, conversions and webhooks) compared with what is stored, so that a
  /// field the server fills in (`accessMode: public`, `count: 1`) is never taken for a change.
  /// KAITO's webhook refuses such a dry run outright; then the fields the request sets are
  /// compared with the stored ones, and the refusal itself is passed on when none differs.
  public func immutableChanges(existing: Value, desired: Value) throws(KaitoError) -> [String] {
    let namespace = desired["metadata"]?["namespace"]?.stringValue ?? client.namespace
    let name = desired["metadata"]?["name"]?.stringValue ?? ""
    let path = KaitoAPI.workspace(name, namespace: namespace, version: version)
    do {
      let wouldStore = try client.apply(
        Self.written(desired, version: version), at: path, fieldManager: fieldManager, dryRun: true
      ).object
      return Self.differences(existing: existing, desired: wouldStore)
    } catch {
      guard error.isRefusal else { throw error }
      let changes = Self.differences(existing: existing, desired: desired, requestedOnly: true)
      guard !changes.isEmpty else { throw error }
      return changes
    }
  }

  /// A workspace as written to a controller that serves `version`.
  static func written(_ workspace: Value, version: String) -> Value {
    guard case .object(var object) = workspace, version != "v1beta1" else { return workspace }
    object["apiVersion"] = .string("kaito.sh/\(version)")
    return .object(object)
  }

  /// Server-side applies the plan's objects in order (ConfigMap first). `existingWorkspace` is the
  /// workspace as already read (nil: it does not exist), which spares reading it again.
  public func apply(_ objects: [Value], existingWorkspace: Value?, dryRun: Bool) throws(KaitoError) -> [Applied] {
    var results: [Applied] = []
    /// ConfigMaps a server dry run only pretended to create: KAITO's webhook, which reads the
    /// workspace's ConfigMap from the cluster, would not find them.
    var pretended: Set<String> = []
    for var object in objects {
      let namespace = object["metadata"]?["namespace"]?.stringValue ?? client.namespace
      let name = object["metadata"]?["name"]?.stringValue ?? ""
      let path: String
      let before: Value?
      var withheldConfig: Value?
      if object["kind"]?.stringValue == "InferenceSet" {
        path = KaitoAPI.inferenceSet(name, namespace: namespace)
        before = try client.getIfPresent(path)
      } else if object["kind"]?.stringValue == "Workspace" {
        object = Self.written(object, version: version)
        path = KaitoAPI.workspace(name, namespace: namespace, version: version)
        before = existingWorkspace
        if let config = object["inference"]?["config"], let name = config.stringValue, pretended.contains(name) {
          withheldConfig = config
          object = object.setting(["inference", "config"], to: nil)
        }
      } else {
        path = KaitoAPI.core("configmaps", namespace: namespace, name: name)
        before = try client.getIfPresent(path)
        if dryRun && before == nil { pretended.insert(name) }
      }
      var (result, created) = try client.apply(object, at: path, fieldManager: fieldManager, dryRun: dryRun)
      if let withheldConfig {
        // Checked without the reference; shown with it, as it would be stored.
        result = result.setting(["inference", "config"], to: withheldConfig)
        client.environment.note(
          "The server dry run checked the workspace without its inference ConfigMap, which a dry run does not store and KAITO's webhook reads from the cluster."
        )
      }
      let sameVersion = before?["metadata"]?["resourceVersion"] == result["metadata"]?["resourceVersion"]
      results.append(
        Applied(object: result, verb: created ? "created" : (sameVersion && before != nil ? "unchanged" : "configured"))
      )
    }
    return results
  }

  /// Deletes a workspace and waits until it is gone (its finalizer releases the GPU nodes first).
  public func delete(name: String, namespace: String, timeout: Double) throws(KaitoError) {
    let path = KaitoAPI.workspace(name, namespace: namespace, version: version)
    _ = try client.delete(path)
    let deadline = client.environment.now() + timeout
    while client.environment.now() < deadline {
      guard try client.getIfPresent(path) != nil else { return }
      client.environment.sleep(0.5)
    }
    throw KaitoError(
      "timed out waiting for workspace \(name) to be deleted: its finalizer workspace.finalizer.kaito.sh is still releasing GPU nodes (kubectl kaito status \(name))"
    )
  }

  /// Deletes an InferenceSet and waits until it and every replica are gone (each replica's
  /// finalizer releases its GPU nodes first).
  public func deleteInferenceSet(name: String, namespace: String, timeout: Double) throws(KaitoError) {
    _ = try client.delete(KaitoAPI.inferenceSet(name, namespace: namespace))
    let children =
      KaitoAPI.workspaces(namespace: namespace, version: version) + "?labelSelector="
      + percentEncode("\(KaitoAPI.createdBy)=\(name)")
    let deadline = client.environment.now() + timeout
    var left: [String] = []
    while client.environment.now() < deadline {
      left = (try client.get(children)["items"]?.arrayValue ?? []).map { WorkspaceStatus($0).name }
      if try client.getIfPresent(KaitoAPI.inferenceSet(name, namespace: namespace)) == nil && left.isEmpty { return }
      client.environment.sleep(0.5)
    }
    throw KaitoError(
      "timed out waiting for inferenceset \(name) to be deleted"
        + (left.isEmpty ? "" : ": replicas still releasing their GPU nodes: \(left.joined(separator: ", "))"))
  }

  /// Follows an InferenceSet until as many replicas serve as it asks for, one of them fails for
  /// good, or time runs out; `progress` hears where it is every `refresh` seconds.
  public func wait(
    forInferenceSet name: String, namespace: String, timeout: Double, refresh: Double = 2,
    progress: (InferenceSetStatus, [WorkspaceStatus]) -> WorkspaceProgress
  ) throws(KaitoError) -> InferenceSetStatus {
    let deadline = client.environment.now() + timeout
    let children =
      KaitoAPI.workspaces(namespace: namespace, version: version) + "?labelSelector="
      + percentEncode("\(KaitoAPI.createdBy)=\(name)")
    while true {
      guard let object = try client.getIfPresent(KaitoAPI.inferenceSet(name, namespace: namespace)) else {
        throw KaitoError("inferenceset \(name) was deleted while waiting for it")
      }
      let set = InferenceSetStatus(object)
      let replicas = (try client.get(children)["items"]?.arrayValue ?? []).map(WorkspaceStatus.init)
      if let failed = replicas.first(where: { $0.failure != nil }), let failure = failed.failure {
        throw KaitoError(
          "replica \(failed.name) of inferenceset \(name) failed: \(failure.type)=\(failure.status) (\(failure.reason)): \(Table.escape(failure.message))"
            + (failed.advice(for: failure.reason).map { "\n  \($0)" } ?? ""))
      }
      if set.ready && replicas.filter(\.succeeded).count >= set.replicas { return set }
      let reached = progress(set, replicas)
      guard client.environment.now() < deadline else {
        throw KaitoError(
          "timed out waiting for the condition on inferencesets/\(name) after \(Time.elapsed(timeout)): "
            + Table.escape(reached.line)
            + "\n  a longer --timeout waits longer; kubectl kaito status \(name) tells more")
      }
      client.environment.sleep(refresh)
    }
  }

  /// Follows a workspace until it serves (or its job finishes), fails for good, or time runs out.
  /// `progress` hears every change, and every `refresh` seconds without one: much happens that
  /// the workspace does not show (an image pull, a download), and the listener reads it then.
  /// Its answer, where the workspace is, is what a timeout says.
  public func wait(
    for object: Value, timeout: Double, refresh: Double = 5,
    progress: (WorkspaceStatus) -> WorkspaceProgress
  ) throws(KaitoError) -> WorkspaceStatus {
    var status = WorkspaceStatus(object)
    let namespace = status.namespace.isEmpty ? client.namespace : status.namespace
    let name = status.name
    let deadline = client.environment.now() + timeout
    var resourceVersion = object["metadata"]?["resourceVersion"]?.stringValue
    /// The last failure of the watch, said when time runs out (a cluster that stopped answering).
    var lastProblem: String?
    var reached = progress(status)
    while true {
      if status.succeeded { return status }
      if let failure = status.failure {
        throw KaitoError(
          "workspace \(name) failed: \(failure.type)=\(failure.status) (\(failure.reason)): \(Table.escape(failure.message))"
            + (status.advice(for: failure.reason).map { "\n  \($0)" } ?? ""))
      }
      let remaining = deadline - client.environment.now()
      guard remaining > 0 else {
        throw KaitoError(
          "timed out waiting for the condition on workspaces/\(name) after \(Time.elapsed(timeout)): "
            + Table.escape(reached.line)
            + (lastProblem.map { "\n  the watch kept failing: \($0)" } ?? "")
            + "\n  a longer --timeout waits longer; kubectl kaito status \(name) tells more")
      }
      var deleted = false
      let path =
        KaitoAPI.workspaces(namespace: namespace, version: version) + "?fieldSelector=metadata.name%3D"
        + percentEncode(name)
      let one = KaitoAPI.workspace(name, namespace: namespace, version: version)
      // A cut, an empty answer or garbage is resumed (KubeClient.follow); a 410 reads the workspace afresh.
      _ = try client.follow(
        path, from: resourceVersion, until: min(deadline, client.environment.now() + refresh),
        relist: { () throws(KaitoError) -> String? in
          guard let fresh = try client.getIfPresent(one) else {
            deleted = true
            return nil
          }
          let next = WorkspaceStatus(fresh)
          guard next == status else {
            status = next
            return nil
          }
          return fresh["metadata"]?["resourceVersion"]?.stringValue ?? ""
        }, onProblem: { lastProblem = $0 }
      ) { event in
        if event.type == "DELETED" {
          deleted = true
          return false
        }
        let next = WorkspaceStatus(event.object)
        resourceVersion = event.object["metadata"]?["resourceVersion"]?.stringValue
        // A change ends this watch: the listener may read the cluster, which it must not do
        // from inside the stream. The next watch resumes from this event's version.
        guard next == status else {
          status = next
          return false
        }
        return true
      }
      if deleted { throw KaitoError("workspace \(name) was deleted while waiting for it") }
      reached = progress(status)
    }
  }
}

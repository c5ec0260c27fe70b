/// The workspace a user means: its name, the model it serves (`chat phi-3.5-mini-instruct` finds
/// `workspace-phi-3-5-mini-instruct`), or, where a command allows no name, the one workspace of the
/// namespace that serves.
public struct FoundWorkspace: Sendable {
  public var name: String
  public var object: Value
  /// How it was found, for stderr, when it was not by its own name.
  public var note: String?
  /// The InferenceSet it is a replica of, when it was found by the set's name.
  public var inferenceSet: String? = nil
}

extension KaitoCluster {
  /// `typed` is a workspace name or a model's name or alias; nil asks for the only serving one.
  /// A name that is no workspace and no served model gets the server's own NotFound, with the
  /// workspaces that serve that model or the deploy that would.
  public func findWorkspace(_ typed: String?, catalog: Catalog = .embedded) throws(KaitoError) -> FoundWorkspace {
    var notFound: KaitoError?
    if let typed, WorkspaceRules.isDNS1123Label(typed) {
      do {
        return FoundWorkspace(name: typed, object: try client.get(workspacePath(typed)))
      } catch  where error.httpStatus == 404 {
        notFound = error
      }
    }
    // Only inference workspaces serve a model; a list RBAC hides leaves just the NotFound.
    guard let listed = try? client.get(workspacesPath())["items"]?.arrayValue ?? [] else {
      if let notFound { throw notFound }
      if let typed { try WorkspaceRules.checkName(typed) }
      throw KaitoError("name a workspace: the workspaces of namespace \(namespace) cannot be listed")
    }
    let inference = listed.filter { !WorkspaceStatus($0).tuning }
    guard let typed else { return try onlyServing(inference) }

    let matches = Self.serving(typed, among: inference, catalog: catalog)
    let names = matches.map { WorkspaceStatus($0).name }
    switch matches.count {
    case 1:
      return FoundWorkspace(name: names[0], object: matches[0], note: "workspace \(names[0]) serves \(typed)")
    case 0:
      // The deploy that would serve it, for a model of the catalog; any other name is a name.
      let known = (try? catalog.model(named: typed))?.model != nil
      let hint = "no workspace in namespace \(namespace) serves \(typed): kubectl kaito deploy \(typed)"
      guard var error = notFound else {
        if known { throw KaitoError(hint) }
        try WorkspaceRules.checkName(typed)
        throw KaitoError("no workspace \(typed) in namespace \(namespace)")
      }
      if known { error.message += "\n  " + hint }
      throw error
    default:
      throw KaitoError(
        "\(matches.count) workspaces in namespace \(namespace) serve \(typed): \(names.joined(separator: ", ")); name one"
      )
    }
  }

  /// The InferenceSet called `typed`, when no workspace has that name (nil where the cluster
  /// serves no InferenceSets).
  public func inferenceSet(named typed: String?) throws(KaitoError) -> Value? {
    guard let typed, WorkspaceRules.isDNS1123Label(typed), try client.getIfPresent(workspacePath(typed)) == nil
    else { return nil }
    return (try? client.getIfPresent(KaitoAPI.inferenceSet(typed, namespace: namespace))) ?? nil
  }

  /// The workspace to talk to: for an InferenceSet's name, one of its serving replicas (they
  /// serve under the InferenceSet's name), said on stderr; otherwise as `findWorkspace` finds it.
  public func findServing(_ typed: String?, excluding: Set<String> = [], catalog: Catalog = .embedded)
    throws(KaitoError) -> FoundWorkspace
  {
    guard let set = try inferenceSet(named: typed) else { return try findWorkspace(typed, catalog: catalog) }
    let status = InferenceSetStatus(set)
    let replicas =
      try client.get(
        KaitoAPI.workspaces(namespace: namespace, version: version) + "?labelSelector="
          + percentEncode("\(KaitoAPI.createdBy)=\(status.name)"))["items"]?.arrayValue ?? []
    let serving = replicas.filter { WorkspaceStatus($0).succeeded && !excluding.contains(WorkspaceStatus($0).name) }
      .sorted {
        WorkspaceStatus($0).name < WorkspaceStatus($1).name
      }
    guard let first = serving.first else {
      throw KaitoError(
        "inferenceset \(status.name) has no replica serving yet (\(status.readyReplicas) of \(status.replicas) ready): kubectl kaito status \(status.name) says why"
      )
    }
    let name = WorkspaceStatus(first).name
    return FoundWorkspace(
      name: name, object: first,
      note:
        "inferenceset \(status.name): talking to its replica \(name) (\(serving.count) of \(status.replicas) serve)",
      inferenceSet: status.name)
  }

  /// For a replica of an InferenceSet, what a port-forward asks when the replica's pod cannot be
  /// reached: the pod of another replica that serves, said through `note`. Nil for a workspace.
  public func replacementPod(for found: FoundWorkspace, note: @escaping @Sendable (String) -> Void)
    -> (@Sendable (_ unreachablePod: String) -> String?)?
  {
    guard let set = found.inferenceSet else { return nil }
    return { unreachablePod in
      let replica = unreachablePod.hasSuffix("-0") ? String(unreachablePod.dropLast(2)) : unreachablePod
      guard let next = try? self.findServing(set, excluding: [replica]), next.inferenceSet != nil else { return nil }
      note("inferenceset \(set): replica \(replica) cannot be reached; talking to its replica \(next.name) now")
      return next.name + "-0"
    }
  }

  /// The namespace's one serving workspace, for a command run without a name.
  private func onlyServing(_ inference: [Value]) throws(KaitoError) -> FoundWorkspace {
    let serving = inference.filter { WorkspaceStatus($0).succeeded }
    if serving.count == 1 {
      let ws = WorkspaceStatus(serving[0])
      return FoundWorkspace(
        name: ws.name, object: serving[0],
        note: "workspace \(ws.name) (\(ws.preset ?? "its model")) is the one serving in namespace \(namespace)")
    }
    let described = (serving.isEmpty ? inference : serving).map {
      let ws = WorkspaceStatus($0)
      return "\(ws.name) (\(ws.preset ?? "?")\(ws.succeeded ? "" : ", \(ws.state ?? "not ready")"))"
    }
    if described.isEmpty {
      throw KaitoError("no workspace in namespace \(namespace): deploy one (kubectl kaito deploy MODEL)")
    }
    throw KaitoError(
      (serving.isEmpty
        ? "no workspace in namespace \(namespace) serves yet: " : "name one of the workspaces that serve: ")
        + described.joined(separator: ", "))
  }

  /// The inference workspaces whose preset is `model`, however either is spelled.
  public func workspaces(serving model: String, allNamespaces: Bool = false, catalog: Catalog = .embedded)
    throws(KaitoError) -> [Value]
  {
    let listed = try client.get(workspacesPath(allNamespaces: allNamespaces))["items"]?.arrayValue ?? []
    return Self.serving(model, among: listed.filter { !WorkspaceStatus($0).tuning }, catalog: catalog)
  }

  static func serving(_ model: String, among workspaces: [Value], catalog: Catalog) -> [Value] {
    guard let wanted = canonicalModel(model, catalog: catalog) else { return [] }
    return workspaces.filter { canonicalModel(WorkspaceStatus($0).preset, catalog: catalog) == wanted }
  }

  /// One spelling per model: the catalog's Hugging Face id for its names and aliases, any other
  /// `org/name` as it is; nil for what names no model.
  static func canonicalModel(_ name: String?, catalog: Catalog) -> String? {
    guard let name, let reference = try? catalog.model(named: name) else { return nil }
    return (reference.model?.hfID ?? reference.presetName).lowercased()
  }
}

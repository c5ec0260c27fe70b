/// What `deploy` and `tune` both plan: a Workspace, and the ConfigMap it may read.
public protocol WorkspacePlan {
  var workspace: Workspace { get }
  var configMap: ConfigMap? { get }
}

extension WorkspacePlan {
  /// The objects to print or apply, in the order they must exist: the ConfigMap first.
  public var objects: [Value] { (configMap.map { [encoded($0)] } ?? []) + [workspaceObject] }

  /// The Workspace as it is written.
  public var workspaceObject: Value { encoded(workspace) }

  private func encoded(_ object: some Encodable) -> Value {
    // The plan's types encode only strings, numbers and nested values: encoding cannot fail.
    (try? ValueEncoder().encode(object)) ?? .null
  }
}

/// The cluster as one invocation sees it: a client, and the KAITO install found on it once, so
/// that every request of the command uses the same API version (v1beta1, or v1alpha1 on
/// KAITO v0.4.4 and older).
public struct KaitoCluster: Sendable {
  public let client: KubeClient
  public let install: KaitoInstall

  public init(_ client: KubeClient) throws(KaitoError) {
    self.client = client
    install = try KaitoInstall.discover(client)
  }

  public var namespace: String { client.namespace }
  /// The Workspace API version every request of this invocation uses.
  public var version: String { install.writeVersion }

  public func workspacePath(_ name: String) -> String {
    KaitoAPI.workspace(name, namespace: namespace, version: version)
  }

  public func workspacesPath(allNamespaces: Bool = false) -> String {
    KaitoAPI.workspaces(namespace: allNamespaces ? nil : namespace, version: version)
  }

  /// Applies, waits for and deletes workspaces in this API version.
  public func deployment(fieldManager: String? = nil) -> Deployment {
    Deployment(client: client, version: version, fieldManager: fieldManager ?? "kubectl-kaito")
  }

  /// What is there around the workspaces: pods, events, node claims, nodes.
  public var inventory: ClusterInventory { ClusterInventory(client) }
}

/// What is there on the cluster around a workspace: its pods, their events, the node claims
/// KAITO made for it and the nodes a label selector picks. One place for these reads, used by
/// `status` (the detail of one workspace), `deploy` (bring-your-own nodes) and `delete` (what
/// the finalizer still waits for).
public struct ClusterInventory: Sendable {
  public let client: KubeClient

  public init(_ client: KubeClient) { self.client = client }

  /// The label KAITO puts on everything it makes for a workspace.
  static func byWorkspace(_ name: String) -> String { "?labelSelector=" + percentEncode("kaito.sh/workspace=\(name)") }

  /// The workspace's pods; empty when RBAC hides them.
  public func pods(ofWorkspace name: String, namespace: String) -> [Value] {
    (try? client.get(KaitoAPI.core("pods", namespace: namespace) + Self.byWorkspace(name)))?["items"]?.arrayValue ?? []
  }

  /// The events about these objects (the workspace and its pods); what RBAC hides is left out.
  public func events(about names: [String], namespace: String) -> [Value] {
    names.flatMap { involved in
      let query = "?fieldSelector=" + percentEncode("involvedObject.name=\(involved)")
      return (try? client.get(KaitoAPI.core("events", namespace: namespace) + query))?["items"]?.arrayValue ?? []
    }
  }

  /// Karpenter's node claims for the workspace; nil when they cannot be read (no Karpenter, RBAC).
  public func nodeClaims(ofWorkspace name: String) -> [Value]? {
    (try? client.get("/apis/karpenter.sh/v1/nodeclaims" + Self.byWorkspace(name)))?["items"]?.arrayValue
  }

  /// The nodes that carry these labels (`key=value,…`).
  public func nodes(labelled selector: String) throws(KaitoError) -> [Value] {
    try client.get("/api/v1/nodes?labelSelector=" + percentEncode(selector))["items"]?.arrayValue ?? []
  }

  /// Everything `status NAME` shows about one workspace. `connect` opens the short-lived
  /// port-forward that reads the weights' download progress while the model server starts.
  public func detail(of workspace: Value, connect: TransportFactory) -> StatusReport.Detail {
    var detail = StatusReport.Detail(workspace: workspace)
    let status = WorkspaceStatus(workspace)
    let namespace = status.namespace.isEmpty ? client.namespace : status.namespace
    detail.pods = pods(ofWorkspace: status.name, namespace: namespace)
    detail.events = events(
      about: [status.name] + detail.pods.compactMap { $0["metadata"]?["name"]?.stringValue }, namespace: namespace)
    detail.nodeClaims = nodeClaims(ofWorkspace: status.name)
    detail.progress = WorkspaceProgress(
      status, pods: detail.pods, nodeClaims: detail.nodeClaims,
      download: download(of: status, pods: detail.pods, connect: connect))
    return detail
  }

  /// An InferenceSet with each of its replicas and where it is on its way to serving.
  public func inferenceSetDetail(of object: Value, connect: TransportFactory) -> StatusReport.InferenceSetDetail {
    let set = InferenceSetStatus(object)
    let namespace = set.namespace.isEmpty ? client.namespace : set.namespace
    let path =
      KaitoAPI.workspaces(namespace: namespace) + "?labelSelector=" + percentEncode("\(KaitoAPI.createdBy)=\(set.name)")
    let replicas = ((try? client.get(path))?["items"]?.arrayValue ?? []).map(WorkspaceStatus.init)
    return StatusReport.InferenceSetDetail(
      inferenceSet: set, replicas: replicas.map { ($0, progress(of: $0, connect: connect)) })
  }

  /// Where the workspace is on its way to serving, reading only what its phase needs: the node
  /// claims while nodes come up, then the pod, and the download while the model server starts.
  public func progress(of status: WorkspaceStatus, connect: TransportFactory) -> WorkspaceProgress {
    guard !status.succeeded, status.failure == nil, !status.conditions.isEmpty else { return WorkspaceProgress(status) }
    guard status.condition("ResourceReady")?.status == "True" else {
      return WorkspaceProgress(status, nodeClaims: nodeClaims(ofWorkspace: status.name))
    }
    let pods = pods(ofWorkspace: status.name, namespace: status.namespace.isEmpty ? client.namespace : status.namespace)
    return WorkspaceProgress(status, pods: pods, download: download(of: status, pods: pods, connect: connect))
  }

  /// The weights' download, asked of the model server while its container runs but is not ready.
  func download(of status: WorkspaceStatus, pods: [Value], connect: TransportFactory) -> DownloadProgress? {
    let starting = pods.contains { pod in
      pod["status"]?["phase"]?.stringValue == "Running"
        && pod["status"]?["containerStatuses"]?.arrayValue?.first?["ready"] != .bool(true)
    }
    guard !status.succeeded && !status.tuning && starting else { return nil }
    return ModelEndpoint.downloadProgress(client, workspace: status.name, connect: connect)
  }
}

/// Where a workspace is on its way to serving, in words a person reads: the line `deploy --wait`
/// draws and the one `status NAME` ends with. The phases follow what KAITO does in turn: GPU
/// nodes (node claims), the model server's image, the weights' download, then the startup probe.
public struct WorkspaceProgress: Sendable, Equatable {
  public enum Phase: String, Sendable, CaseIterable {
    case controller, nodes, image, weights, serving, tuning, ready, failed
  }

  /// How far along: the least advanced of several replicas is the one to show.
  public var rank: Int { Phase.allCases.firstIndex(of: phase) ?? 0 }

  public var phase: Phase
  public var reason: String

  /// `weights: downloading the weights: about 42% of 7.1 GiB, 3m10s left at 50 MiB/s`.
  public var line: String { "\(phase.rawValue): \(reason)" }

  public init(phase: Phase, reason: String) { (self.phase, self.reason) = (phase, reason) }

  /// What the workspace, its pods, its node claims (nil: unknown) and the download say.
  public init(_ ws: WorkspaceStatus, pods: [Value] = [], nodeClaims: [Value]? = nil, download: DownloadProgress? = nil)
  {
    if ws.succeeded {
      self.init(phase: .ready, reason: ws.tuning ? "the tuning job has finished" : "the model server answers")
    } else if let failure = ws.failure {
      self.init(phase: .failed, reason: "\(failure.type)=\(failure.status) (\(failure.reason))")
    } else if ws.conditions.isEmpty {
      self.init(phase: .controller, reason: "waiting for the KAITO controller to pick up the workspace")
    } else if ws.condition("ResourceReady")?.status != "True" {
      self.init(phase: .nodes, reason: Self.nodes(ws, claims: nodeClaims))
    } else if let pod = pods.first {
      self = Self.pod(pod, ws, download: download)
    } else {
      self.init(
        phase: .image,
        reason: "the GPU nodes are ready; waiting for the \(ws.tuning ? "tuning job's" : "model server's") pod")
    }
  }

  /// `waiting for 2 GPU nodes (Standard_NC24ads_A100_v4), 1 ready; node claim ws1a2b0: Launching`.
  static func nodes(_ ws: WorkspaceStatus, claims: [Value]?) -> String {
    guard let instance = ws.instanceType, !instance.isEmpty else {
      return "waiting for the labelled nodes to be ready (\(ws.blocking?.reason ?? "ResourceReady"))"
    }
    let target = ws.targetNodeCount ?? max(1, claims?.count ?? 1)
    let noun = target == 1 ? "GPU node" : "GPU nodes"
    guard let claims, !claims.isEmpty else {
      return "waiting for \(target) \(noun) (\(instance)): " + (ws.blocking?.reason ?? "no node claim yet")
    }
    func ready(_ claim: Value) -> Value? {
      claim["status"]?["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == "Ready" }
    }
    let readyCount = claims.filter { ready($0)?["status"]?.stringValue == "True" }.count
    var text = "waiting for \(target) \(noun) (\(instance)), \(readyCount) ready"
    if let waiting = claims.first(where: { ready($0)?["status"]?.stringValue != "True" }) {
      let condition = ready(waiting)
      let why = [condition?["reason"]?.stringValue, condition?["message"]?.stringValue]
        .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
      text += "; node claim \(waiting["metadata"]?["name"]?.stringValue ?? ""): " + (why.isEmpty ? "launching" : why)
    }
    return text
  }

  /// The pod's way from scheduling through the image pull to a container that answers.
  static func pod(_ pod: Value, _ ws: WorkspaceStatus, download: DownloadProgress?) -> WorkspaceProgress {
    let node = pod["spec"]?["nodeName"]?.stringValue
    let image = pod["spec"]?["containers"]?.arrayValue?.first?["image"]?.stringValue ?? "the image"
    guard let node else {
      let unscheduled = pod["status"]?["conditions"]?.arrayValue?.first {
        $0["type"]?.stringValue == "PodScheduled" && $0["status"]?.stringValue == "False"
      }
      return WorkspaceProgress(
        phase: .nodes,
        reason: "the pod is not scheduled yet" + (unscheduled?["message"]?.stringValue.map { ": \($0)" } ?? ""))
    }
    let container = pod["status"]?["containerStatuses"]?.arrayValue?.first
    if let waiting = container?["state"]?["waiting"] {
      let reason = waiting["reason"]?.stringValue ?? ""
      switch reason {
      case "", "ContainerCreating", "PodInitializing":
        return WorkspaceProgress(phase: .image, reason: "pulling \(image) on \(node)")
      case "ErrImagePull", "ImagePullBackOff":
        return WorkspaceProgress(phase: .image, reason: "\(image) cannot be pulled (\(reason)) on \(node)")
      default:
        let restarts = container?["restartCount"]?.intValue ?? 0
        let last = container?["lastState"]?["terminated"]?["reason"]?.stringValue
        return WorkspaceProgress(
          phase: .serving,
          reason: "the container is \(reason) after \(restarts) restart\(restarts == 1 ? "" : "s")"
            + (last.map { " (last: \($0))" } ?? ""))
      }
    }
    if ws.tuning {
      return WorkspaceProgress(phase: .tuning, reason: "the tuning job runs on \(node)")
    }
    if container?["ready"] == .bool(true) {
      return WorkspaceProgress(phase: .serving, reason: "the model server is ready; waiting for KAITO to say so")
    }
    if let download {
      return WorkspaceProgress(phase: .weights, reason: download.words(weightsBytes: ws.weightsBytes))
    }
    return WorkspaceProgress(phase: .serving, reason: "the model server loads the model and runs its startup probe")
  }
}

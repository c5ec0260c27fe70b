import KaitoCore
import Testing

/// The words of `deploy --wait` and `status NAME`: each phase from what the cluster shows.
@Suite struct WorkspaceProgressTests {
  func workspace(_ conditions: [(String, String, String)], preset: String = "phi-4", nodes: Int = 2) -> WorkspaceStatus
  {
    let list: [Value] = conditions.map { type, status, reason in
      .object(["type": .string(type), "status": .string(status), "reason": .string(reason), "message": .string("")])
    }
    return WorkspaceStatus(
      .object([
        "metadata": .object(["name": "ws", "namespace": "default"]),
        "resource": .object(["instanceType": "Standard_NC24ads_A100_v4"]),
        "inference": .object(["preset": .object(["name": .string(preset)])]),
        "status": .object(["targetNodeCount": .int(nodes), "conditions": .array(list)]),
      ]))
  }

  func claim(_ name: String, ready: String, reason: String) -> Value {
    .object([
      "metadata": .object(["name": .string(name)]),
      "status": .object([
        "conditions": .array([
          .object(["type": "Ready", "status": .string(ready), "reason": .string(reason), "message": ""])
        ])
      ]),
    ])
  }

  func pod(node: String?, container: Value) -> Value {
    var spec: Value.Object = [
      "containers": .array([.object(["image": "mcr.microsoft.com/aks/kaito/kaito-base:0.5.0"])])
    ]
    if let node { spec["nodeName"] = .string(node) }
    return .object([
      "spec": .object(spec),
      "status": .object([
        "phase": node == nil ? "Pending" : "Running",
        "conditions": .array([
          .object(["type": "PodScheduled", "status": "False", "message": "0/3 nodes have nvidia.com/gpu"])
        ]),
        "containerStatuses": .array([container]),
      ]),
    ])
  }

  let resourcesReady = [
    ("ResourceReady", "True", "ok"), ("InferenceReady", "False", "WorkspaceInferenceStatusPending"),
  ]

  @Test func nodesCountTheReadyClaimsAndNameTheOneThatWaits() {
    let ws = workspace([("ResourceReady", "False", "NodeClaimNotReady")])
    let progress = WorkspaceProgress(
      ws, nodeClaims: [claim("a0", ready: "True", reason: "Ready"), claim("b1", ready: "False", reason: "Launching")])
    #expect(progress.phase == .nodes)
    #expect(
      progress.line == "nodes: waiting for 2 GPU nodes (Standard_NC24ads_A100_v4), 1 ready; node claim b1: Launching")
    #expect(
      WorkspaceProgress(ws).line
        == "nodes: waiting for 2 GPU nodes (Standard_NC24ads_A100_v4): NodeClaimNotReady")
    #expect(WorkspaceProgress(workspace([])).phase == .controller)
  }

  @Test func thePodWalksFromSchedulingThroughTheImageToTheWeights() {
    let ws = workspace(resourcesReady)
    let unscheduled = pod(node: nil, container: .object([:]))
    #expect(
      WorkspaceProgress(ws, pods: [unscheduled]).line
        == "nodes: the pod is not scheduled yet: 0/3 nodes have nvidia.com/gpu")
    let creating = pod(
      node: "n0", container: .object(["state": .object(["waiting": .object(["reason": "ContainerCreating"])])]))
    #expect(
      WorkspaceProgress(ws, pods: [creating]).line
        == "image: pulling mcr.microsoft.com/aks/kaito/kaito-base:0.5.0 on n0")
    let backOff = pod(
      node: "n0",
      container: .object([
        "restartCount": 3, "state": .object(["waiting": .object(["reason": "CrashLoopBackOff"])]),
        "lastState": .object(["terminated": .object(["reason": "OOMKilled"])]),
      ]))
    #expect(
      WorkspaceProgress(ws, pods: [backOff]).line
        == "serving: the container is CrashLoopBackOff after 3 restarts (last: OOMKilled)")
    let running = pod(node: "n0", container: .object(["ready": false, "state": .object(["running": .object([:])])]))
    #expect(WorkspaceProgress(ws, pods: [running]).phase == .serving)
    // phi-4's weights are 27.3 GiB: 300 s left at 50 MiB/s is 14.6 GiB, so about 46 % is done.
    let download = DownloadProgress(bytesPerSecond: 52_428_800, secondsLeft: 300)
    #expect(
      WorkspaceProgress(ws, pods: [running], download: download).line
        == "weights: downloading the weights: about 46% of 27.3 GiB, 5m00s left at 50 MiB/s")
    #expect(WorkspaceProgress(workspace(resourcesReady), pods: []).phase == .image)
  }

  @Test func theEndsAreReadyAndFailed() {
    let ready = workspace([("WorkspaceSucceeded", "True", "workspaceSucceeded")])
    #expect(WorkspaceProgress(ready).phase == .ready)
    let failed = workspace([("ResourceReady", "False", "SubscriptionQuotaReached")])
    #expect(WorkspaceProgress(failed).line == "failed: ResourceReady=False (SubscriptionQuotaReached)")
  }

  @Test func downloadGaugesAreReadAsKAITOsServerPublishesThem() {
    let metrics = """
      # TYPE kaito_model_download_speed_bytes_per_second gauge
      kaito_model_download_speed_bytes_per_second 52428800
      kaito_model_download_remaining_seconds 754
      """
    let progress = DownloadProgress(metrics: metrics)
    #expect(progress == DownloadProgress(bytesPerSecond: 52_428_800, secondsLeft: 754))
    #expect(progress?.words(weightsBytes: nil) == "downloading the weights: about 12m34s left at 50 MiB/s")
    // -1: the server does not know how long; 0: finished (nothing to show).
    #expect(
      DownloadProgress(metrics: "kaito_model_download_remaining_seconds -1\n")?.words(weightsBytes: 1 << 30)
        == "downloading the weights")
    #expect(DownloadProgress(metrics: "kaito_model_download_remaining_seconds 0\n") == nil)
    #expect(DownloadProgress(metrics: "vllm:num_requests_running 0\n") == nil)
  }
}

@Suite struct HostileGaugeTests {
  @Test func nonFiniteGaugesAreUnknownNotACrash() {
    for text in [
      "kaito_model_download_speed_bytes_per_second +Inf\nkaito_model_download_remaining_seconds 60\n",
      "kaito_model_download_speed_bytes_per_second NaN\nkaito_model_download_remaining_seconds 60\n",
      "kaito_model_download_speed_bytes_per_second 1e300\nkaito_model_download_remaining_seconds +Inf\n",
      "kaito_model_download_speed_bytes_per_second 5\nkaito_model_download_remaining_seconds NaN\n",
    ] {
      let words = DownloadProgress(metrics: text)?.words(weightsBytes: 1 << 30) ?? "none"
      #expect(words.hasPrefix("downloading the weights") || words == "none", "\(words)")
    }
  }
}

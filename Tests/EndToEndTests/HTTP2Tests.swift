import Foundation
import TestSupport
import Testing

/// Real API servers offer HTTP/2, and libcurl takes it: watches, streamed answers and the
/// port-forward's forced HTTP/1.1 upgrade must all work through an h2 front.
@Suite(.serialized, .ownThreads) struct HTTP2Tests {
  static let cluster = try! TestCluster(step: 0.1)
  static let front = try! HTTP2Front(cluster: cluster)

  @Test func deployWaitStatusAndChatOverHTTP2() throws {
    let config = try Self.front.kubeconfig(Self.cluster)
    // A second a phase, so that the wait for nodes is seen however loaded the machine is.
    try Self.cluster.control("scenario", #"{"name": "h2", "scenario": "success", "step": 1}"#)
    let deploy = try Self.cluster.kaito(
      ["deploy", "phi-3.5-mini-instruct", "--name", "h2", "--wait"], environment: ["KUBECONFIG": config])
    #expect(deploy.status == 0, "\(deploy.stderr)")
    #expect(deploy.stderr.contains("\nnodes: waiting for 1 GPU node (Standard_NV36ads_A10_v5)"), "\(deploy.stderr)")
    #expect(deploy.stderr.contains("workspace.kaito.sh/h2 is Ready after"))
    let status = try Self.cluster.kaito(["status", "h2"], environment: ["KUBECONFIG": config])
    #expect(status.stdout.contains("Ready: kubectl kaito chat h2"))
    let proxy = try Self.cluster.kaito(
      ["chat", "h2", "--via", "proxy", "--prompt", "over h2"], environment: ["KUBECONFIG": config])
    #expect(proxy.stdout == "You said: over h2 (1 messages)\n", "\(proxy.stderr)")
    let forward = try Self.cluster.kaito(
      ["chat", "h2", "--prompt", "through the tunnel"], environment: ["KUBECONFIG": config])
    #expect(forward.stdout == "You said: through the tunnel (1 messages)\n", "\(forward.stderr)")
    let log = try String(contentsOf: Self.front.accessLog, encoding: .utf8)
    #expect(log.contains("watch=true") && log.contains("HTTP/2.0"))
    #expect(log.contains("/proxy/v1/chat/completions HTTP/2.0"))
    #expect(log.contains("/portforward?ports=5000 HTTP/1.1\" 101"))
  }
}

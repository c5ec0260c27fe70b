/// Paths of the resources the CLI reads and writes, and what it learns about KAITO's install.
public enum KaitoAPI {
  public static let group = "kaito.sh"

  public static func workspaces(namespace: String?, version: String = "v1beta1") -> String {
    namespace.map { "/apis/kaito.sh/\(version)/namespaces/\(percentEncode($0))/workspaces" }
      ?? "/apis/kaito.sh/\(version)/workspaces"
  }

  public static func workspace(_ name: String, namespace: String, version: String = "v1beta1") -> String {
    workspaces(namespace: namespace, version: version) + "/" + percentEncode(name)
  }

  /// InferenceSets exist only as kaito.sh/v1beta1 (KAITO v0.11 and later).
  public static func inferenceSets(namespace: String?) -> String {
    namespace.map { "/apis/kaito.sh/v1beta1/namespaces/\(percentEncode($0))/inferencesets" }
      ?? "/apis/kaito.sh/v1beta1/inferencesets"
  }

  public static func inferenceSet(_ name: String, namespace: String) -> String {
    inferenceSets(namespace: namespace) + "/" + percentEncode(name)
  }

  /// The label KAITO puts on an InferenceSet's child workspaces.
  public static let createdBy = "inferenceset.kaito.sh/created-by"

  public static func core(_ plural: String, namespace: String, name: String? = nil) -> String {
    "/api/v1/namespaces/\(percentEncode(namespace))/\(plural)" + (name.map { "/" + percentEncode($0) } ?? "")
  }
}

/// What the cluster says about its KAITO: which API versions it serves and, where RBAC lets us
/// read the controller's Deployment, its version, cloud, node provisioning and feature gates.
public struct KaitoInstall: Sendable, Equatable {
  public var versions: [String]
  public var controllerVersion: String?
  public var namespace: String?
  public var cloud: Cloud?
  public var featureGates: [String: Bool] = [:]

  /// The version to write: v1beta1 where served (v0.4.5 and later), else v1alpha1.
  public var writeVersion: String { versions.contains("v1beta1") ? "v1beta1" : "v1alpha1" }
  /// Bring-your-own nodes: no instance type, GPUs from the nodes' labels.
  public var bringYourOwnNodes: Bool { featureGates["disableNodeAutoProvisioning"] == true }

  public static func discover(_ client: KubeClient) throws(KaitoError) -> KaitoInstall {
    guard let group = try client.getIfPresent("/apis/kaito.sh"),
      let versions = group["versions"]?.arrayValue?.compactMap({ $0["version"]?.stringValue }), !versions.isEmpty
    else {
      throw KaitoError(
        "KAITO is not installed in this cluster: no workspaces.kaito.sh (install it: https://kaito-project.github.io/kaito/docs/installation)"
      )
    }
    var install = KaitoInstall(versions: versions)
    // Best effort: the webhook configuration names the install namespace; the Deployment there tells the rest.
    let webhook: Value? =
      (try? client.getIfPresent(
        "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/validation.workspace.kaito.sh")) ?? nil
    let namespace = webhook?["webhooks"]?.arrayValue?.first?["clientConfig"]?["service"]?["namespace"]?.stringValue
    install.namespace = namespace
    let deployments = try? client.get(
      "/apis/apps/v1/namespaces/\(percentEncode(namespace ?? "kaito-workspace"))/deployments?labelSelector=app.kubernetes.io%2Fname%3Dworkspace"
    )
    if let deployment = deployments?["items"]?.arrayValue?.first {
      install.read(deployment: deployment)
    }
    return install
  }

  /// The controller's version from its image tag, else from the Helm release's labels
  /// (`app.kubernetes.io/version`, `helm.sh/chart: workspace-0.12.0`); cloud and feature gates
  /// from its arguments and environment.
  mutating func read(deployment: Value) {
    if let container = deployment["spec"]?["template"]?["spec"]?["containers"]?.arrayValue?.first {
      read(container: container)
    }
    guard controllerVersion.flatMap(KaitoVersion.init) == nil else { return }
    let labels = deployment["metadata"]?["labels"]
    let chart = labels?["helm.sh/chart"]?.stringValue?.split(separator: "-").last.map(String.init)
    controllerVersion =
      [labels?["app.kubernetes.io/version"]?.stringValue, chart].compactMap { $0 }.first { KaitoVersion($0) != nil }
      ?? controllerVersion
  }

  mutating func read(container: Value) {
    if let image = container["image"]?.stringValue, let colon = image.lastIndex(of: ":") {
      controllerVersion = String(image[image.index(after: colon)...])
    }
    for arg in container["args"]?.arrayValue?.compactMap(\.stringValue) ?? [] where arg.hasPrefix("--feature-gates=") {
      for pair in arg.dropFirst("--feature-gates=".count).split(separator: ",") {
        let parts = pair.split(separator: "=", maxSplits: 1)
        if parts.count == 2 { featureGates[String(parts[0])] = parts[1].lowercased() == "true" }
      }
    }
    for variable in container["env"]?.arrayValue ?? [] where variable["name"]?.stringValue == "CLOUD_PROVIDER" {
      cloud = variable["value"]?.stringValue.flatMap { Cloud(rawValue: $0.lowercased()) }
    }
  }
}

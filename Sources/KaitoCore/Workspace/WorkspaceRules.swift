/// The object-level rules of KAITO's admission webhook (api/v1beta1/workspace_validation.go)
/// that can be checked without a cluster.
public enum WorkspaceRules {
  /// Label keys KAITO strips from `labelSelector.matchLabels` before it uses them.
  public static let reservedLabelKeys: Set<String> = [
    "kaito.sh/workspace", "kaito.sh/ragengine", "kaito.sh/workspacenamespace", "kaito.sh/ragenginenamespace",
    "karpenter.kaito.sh/workspace-name", "karpenter.kaito.sh/workspace-namespace",
    "karpenter.kaito.sh/inferenceset", "karpenter.kaito.sh/inferenceset-namespace",
  ]

  /// A DNS-1123 label: it becomes the Service, StatefulSet and container name.
  public static func checkName(_ name: String) throws(KaitoError) {
    guard isDNS1123Label(name) else {
      let shown = name.count > 80 ? String(name.prefix(80)) + "…" : name
      throw KaitoError(
        "invalid workspace name \"\(shown)\": a workspace name must be a DNS-1123 label (at most 63 characters: lowercase letters, digits and '-', starting and ending with a letter or digit), e.g. workspace-phi-4"
      )
    }
  }

  /// A namespace from `-n` or the kubeconfig, before it becomes part of a path (`..` there once
  /// listed every namespace).
  public static func checkNamespace(_ namespace: String) throws(KaitoError) {
    guard isDNS1123Label(namespace) else {
      let shown = namespace.count > 80 ? String(namespace.prefix(80)) + "…" : namespace
      throw KaitoError(
        "invalid namespace \"\(shown)\": a namespace must be a DNS-1123 label (at most 63 characters: lowercase letters, digits and '-')"
      )
    }
  }

  public static func isDNS1123Label(_ s: String) -> Bool {
    let bytes = Array(s.utf8)
    guard !bytes.isEmpty, bytes.count <= 63 else { return false }
    func alnum(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 48 && b <= 57) }
    // `bytes` is not empty (guarded above).
    return alnum(bytes.first!) && alnum(bytes.last!) && bytes.allSatisfy { alnum($0) || $0 == UInt8(ascii: "-") }
  }

  /// Parses `key=value` and checks both as Kubernetes label syntax, refusing KAITO's reserved keys.
  public static func parseLabel(_ text: String) throws(KaitoError) -> (key: String, value: String) {
    guard let eq = text.firstIndex(of: "=") else {
      throw KaitoError("invalid label \"\(text)\": expected key=value")
    }
    let key = String(text[..<eq])
    let value = String(text[text.index(after: eq)...])
    guard isQualifiedName(key) else {
      throw KaitoError(
        "invalid label key \"\(key)\": a label key is an optional DNS subdomain prefix and '/', then at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit"
      )
    }
    if reservedLabelKeys.contains(key) {
      throw KaitoError(
        "label key \"\(key)\" is reserved by KAITO, which strips it from the label selector; use a key of your own, e.g. apps=\(value.isEmpty ? "my-model" : value)"
      )
    }
    guard value.isEmpty || isLabelValue(value) else {
      throw KaitoError(
        "invalid label value \"\(value)\" for \(key): at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit"
      )
    }
    return (key, value)
  }

  /// The label selector's matchLabels: the `key=value` labels given, else `apps: <name>`.
  public static func matchLabels(_ labels: [String], name: String) throws(KaitoError) -> OrderedMap<String> {
    var matchLabels = OrderedMap<String>()
    for text in labels {
      let label = try parseLabel(text)
      if let earlier = matchLabels[label.key], earlier != label.value {
        throw KaitoError(
          "--label \(label.key) is given twice, as \(earlier) and \(label.value): a label selector has one value per key"
        )
      }
      matchLabels[label.key] = label.value
    }
    if matchLabels.isEmpty { matchLabels["apps"] = name }
    return matchLabels
  }

  static func isQualifiedName(_ key: String) -> Bool {
    let parts = key.split(separator: "/", omittingEmptySubsequences: false)
    switch parts.count {
    case 1: return isLabelValue(String(parts[0]))
    case 2: return isDNS1123Subdomain(String(parts[0])) && isLabelValue(String(parts[1]))
    default: return false
    }
  }

  static func isLabelValue(_ s: String) -> Bool {
    let bytes = Array(s.utf8)
    guard !bytes.isEmpty, bytes.count <= 63 else { return false }
    func alnum(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) }
    // `bytes` is not empty (guarded above).
    return alnum(bytes.first!) && alnum(bytes.last!)
      && bytes.allSatisfy { alnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
  }

  public static func isDNS1123Subdomain(_ s: String) -> Bool {
    guard !s.isEmpty, s.utf8.count <= 253 else { return false }
    return s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isDNS1123Label(String($0)) }
  }

  /// A workspace name derived from a model name: `phi-3.5-mini-instruct` → `workspace-phi-3-5-mini-instruct`.
  public static func defaultName(for modelName: String) -> String {
    let base = modelName.split(separator: "/").last.map(String.init) ?? modelName
    var out = ""
    for c in base.lowercased() {
      if c.isASCII && (c.isLetter || c.isNumber) { out.append(c) } else if !out.hasSuffix("-") { out.append("-") }
    }
    var name = "workspace-" + out
    if name.utf8.count > 63 { name = String(name.prefix(63)) }
    while name.hasSuffix("-") { name.removeLast() }
    return name
  }
}

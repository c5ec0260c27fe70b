import ArgumentParser
import KaitoCore

/// What TAB offers: the same candidates for the shell scripts and for `kubectl kaito <TAB>`.
/// Live candidates (workspaces, namespaces) come from the cluster with a short timeout and are
/// silently empty when it cannot be reached.
enum CompletionCandidates {
  static func models(_ catalog: Catalog = .embedded) -> [String] {
    catalog.models.compactMap(\.alias) + catalog.models.map(\.hfID)
  }

  /// The instance types of the cloud named among the words typed so far (`--cloud X` or
  /// `--cloud=X`), or of every cloud.
  static func instanceTypes(words: [String], _ catalog: Catalog = .embedded) -> [String] {
    var cloud: Cloud?
    for (i, word) in words.enumerated() {
      if word == "--cloud", i + 1 < words.count { cloud = Cloud(rawValue: words[i + 1]) ?? cloud }
      if word.hasPrefix("--cloud=") { cloud = Cloud(rawValue: String(word.dropFirst(8))) ?? cloud }
    }
    return (cloud.map { catalog.skus(of: $0) } ?? catalog.skus).map(\.name)
  }

  /// The cluster flags among the words typed so far, as `ClusterOptions` itself parses them:
  /// each flag alone, or with the word after it, is kept when ClusterOptions accepts it.
  static func clusterOptions(from words: [String]) -> ClusterOptions {
    var picked: [String] = []
    var index = 0
    while index < words.count {
      let word = words[index]
      if word.hasPrefix("-") {
        if (try? ClusterOptions.parse([word])) != nil {
          picked.append(word)
        } else if index + 1 < words.count, (try? ClusterOptions.parse([word, words[index + 1]])) != nil {
          picked += [word, words[index + 1]]
          index += 1
        }
      }
      index += 1
    }
    var options = (try? ClusterOptions.parse(picked)) ?? ClusterOptions()
    // TAB must answer quickly: one second for anything live, the exec plugin included.
    options.requestTimeout = "1s"
    return options
  }

  static func contexts(words: [String], context: CommandContext) -> [String] {
    let options = clusterOptions(from: words)
    guard let config = try? Kubeconfig.load(explicit: options.kubeconfig, environment: context.environment.variables)
    else { return [] }
    return config.contexts.keys.sorted()
  }

  /// A client for live candidates that never prints and never retries, or nil when the
  /// kubeconfig or cluster is not usable.
  static func client(words: [String], context: CommandContext) -> KubeClient? {
    var quiet = context.environment
    quiet.writeErr = { _ in }
    return try? clusterOptions(from: words).client(context, quiet, readRetries: 0)
  }

  static func workspaces(words: [String], context: CommandContext) -> [String] {
    guard let client = client(words: words, context: context),
      let list = try? client.get(KaitoAPI.workspaces(namespace: client.namespace))
    else { return [] }
    return (list["items"]?.arrayValue ?? []).compactMap { $0["metadata"]?["name"]?.stringValue }
  }

  static func namespaces(words: [String], context: CommandContext) -> [String] {
    guard let client = client(words: words, context: context), let list = try? client.get("/api/v1/namespaces") else {
      return []
    }
    return (list["items"]?.arrayValue ?? []).compactMap { $0["metadata"]?["name"]?.stringValue }
  }
}

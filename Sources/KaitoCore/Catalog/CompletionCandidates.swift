/// What TAB offers: the same candidates for the shell scripts and for `kubectl kaito <TAB>`.
/// Live candidates (workspaces, namespaces) come from the cluster with a short timeout and are
/// silently empty when it cannot be reached.
public enum CompletionCandidates {
  public static func models(_ catalog: Catalog = .embedded) -> [String] {
    catalog.models.compactMap(\.alias) + catalog.models.map(\.hfID)
  }

  /// The instance types of the cloud named among the words typed so far (`--cloud X` or
  /// `--cloud=X`), or of every cloud.
  public static func instanceTypes(words: [String], _ catalog: Catalog = .embedded) -> [String] {
    var cloud: Cloud?
    for (i, word) in words.enumerated() {
      if word == "--cloud", i + 1 < words.count { cloud = Cloud(rawValue: words[i + 1]) ?? cloud }
      if word.hasPrefix("--cloud=") { cloud = Cloud(rawValue: String(word.dropFirst(8))) ?? cloud }
    }
    return (cloud.map { catalog.skus(of: $0) } ?? catalog.skus).map(\.name)
  }

  /// The connection flags found among the words typed so far.
  public static func connectionOptions(from words: [String]) -> ConnectionOptions {
    var options = ConnectionOptions()
    // TAB must answer quickly: one second for anything live, the exec plugin included.
    options.requestTimeout = 1
    var index = 0
    while index < words.count {
      let word = words[index]
      let (name, inline) = split(word)
      let value = inline ?? (index + 1 < words.count ? words[index + 1] : nil)
      switch name {
      case "--kubeconfig": options.kubeconfig = value
      case "--context": options.context = value
      case "--cluster": options.cluster = value
      case "--user": options.user = value
      case "-n", "--namespace": options.namespace = value
      case "-s", "--server": options.server = value
      default:
        if word.hasPrefix("-n") && word.count > 2 && !word.hasPrefix("--") { options.namespace = String(word.dropFirst(2)) }
      }
      index += 1
    }
    return options
  }

  static func split(_ word: String) -> (String, String?) {
    guard word.hasPrefix("--"), let eq = word.firstIndex(of: "=") else { return (word, nil) }
    return (String(word[..<eq]), String(word[word.index(after: eq)...]))
  }

  public static func contexts(words: [String], environment: Environment) -> [String] {
    let options = connectionOptions(from: words)
    guard let config = try? Kubeconfig.load(explicit: options.kubeconfig, environment: environment.variables) else { return [] }
    return config.contexts.keys.sorted()
  }

  /// A client for live candidates, or nil when the kubeconfig or cluster is not usable.
  static func client(words: [String], environment: Environment) -> KubeClient? {
    var quiet = environment
    quiet.writeErr = { _ in }
    let options = connectionOptions(from: words)
    guard let config = try? Kubeconfig.load(explicit: options.kubeconfig, environment: environment.variables),
      let connection = try? Connection.resolve(config, options: options, environment: environment.variables),
      let transport = try? CurlTransport(connection: connection, environment: quiet)
    else { return nil }
    let client = KubeClient(transport: transport, namespace: connection.namespace, environment: quiet)
    client.readRetries = 0
    return client
  }

  public static func workspaces(words: [String], environment: Environment) -> [String] {
    guard let client = client(words: words, environment: environment),
      let list = try? client.get(KaitoAPI.workspaces(namespace: client.namespace))
    else { return [] }
    return (list["items"]?.arrayValue ?? []).compactMap { $0["metadata"]?["name"]?.stringValue }
  }

  public static func namespaces(words: [String], environment: Environment) -> [String] {
    guard let client = client(words: words, environment: environment), let list = try? client.get("/api/v1/namespaces") else { return [] }
    return (list["items"]?.arrayValue ?? []).compactMap { $0["metadata"]?["name"]?.stringValue }
  }
}

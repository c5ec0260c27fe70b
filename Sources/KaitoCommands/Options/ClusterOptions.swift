import ArgumentParser
import KaitoCore

/// kubectl's connection flags, shared by every command that talks to the cluster.
struct ClusterOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp("Path to the kubeconfig file to use (that file only).", valueName: "file"), completion: .file())
  var kubeconfig: String?

  @Option(help: "The kubeconfig context to use.", completion: Complete.contexts)
  var context: String?

  @Option(help: "The kubeconfig cluster to use.")
  var cluster: String?

  @Option(help: "The kubeconfig user to use.")
  var user: String?

  @Option(
    name: [.customShort("n", allowingJoined: true), .long],
    help: "The namespace (default: the context's, else default).", completion: Complete.namespaces)
  var namespace: String?

  @Option(name: [.customShort("s"), .long], help: "The address of the API server (overrides the kubeconfig's).")
  var server: String?

  @Flag(help: "Do not verify the server's certificate (insecure).")
  var insecureSkipTlsVerify = false

  @Option(
    help: ArgumentHelp(
      "How long to wait for one request (a duration like 30s; 0, the default, means no limit).", valueName: "duration"))
  var requestTimeout: String?

  @Option(
    name: [.customShort("v"), .customLong("v")],
    help: ArgumentHelp(
      "Log level: 6 logs each request, 8 also headers and bodies (secrets masked). Default 0.", valueName: "level"))
  var verbosity: Int?

  func validate() throws {
    if let requestTimeout, Time.parseDuration(requestTimeout) == nil {
      throw ValidationError(
        "invalid --request-timeout \"\(requestTimeout)\": use a duration such as 30s, 2m or 0 (at most 720h)")
    }
  }

  var connectionOptions: ConnectionOptions {
    var options = ConnectionOptions()
    options.kubeconfig = kubeconfig
    options.context = context
    options.cluster = cluster
    options.user = user
    options.namespace = namespace
    options.server = server
    options.insecureSkipTLSVerify = insecureSkipTlsVerify
    options.requestTimeout = requestTimeout.flatMap(Time.parseDuration)
    options.verbosity = verbosity ?? 0
    return options
  }

  /// Reads the kubeconfig, picks the context and opens a client to its API server.
  func client(_ context: CommandContext, _ environment: Environment, readRetries: Int = 3) throws -> KubeClient {
    let config = try Kubeconfig.load(explicit: kubeconfig, environment: environment.variables)
    let connection = try Connection.resolve(config, options: connectionOptions, environment: environment.variables)
    try WorkspaceRules.checkNamespace(connection.namespace)
    let transport = try context.connect(connection, environment)
    return KubeClient(
      transport: transport, namespace: connection.namespace, environment: environment, readRetries: readRetries)
  }

  /// For a command about one workspace: its name checked before anything is sent, then the cluster.
  func open(_ context: CommandContext, _ environment: Environment, workspace name: String) throws -> KaitoCluster {
    try WorkspaceRules.checkName(name)
    return try open(context, environment)
  }

  /// The client and the KAITO it finds, read once for the whole invocation.
  func open(_ context: CommandContext, _ environment: Environment) throws -> KaitoCluster {
    try KaitoCluster(client(context, environment))
  }
}

/// A Go duration (`30s`, `10m`, `1h30m`, at most 720h) as an argument.
struct Duration {
  var seconds: Double

  static func parse(_ flag: String) -> @Sendable (String) throws -> Duration {
    { text in
      guard let seconds = Time.parseDuration(text) else {
        throw ValidationError("\(flag) takes a duration such as 30s, 10m or 1h30m, at most 720h, not \(text)")
      }
      return Duration(seconds: seconds)
    }
  }
}

/// Where a workspace's GPU nodes come from, as deploy and tune both take it.
struct PlacementOptions: ParsableArguments {
  @Option(
    name: .customLong("label"),
    help: ArgumentHelp("Node label for the label selector, repeatable. Default: apps=<name>.", valueName: "key=value"))
  var labels: [String] = []

  @Option(help: "Cloud of the instance type (default: the cluster's where it can be read, else azure).")
  var cloud: Cloud?
}

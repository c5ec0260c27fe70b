import ArgumentParser
import KaitoCore

struct Delete: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "delete",
    _superCommandName: "kubectl-kaito",
    abstract: "Delete a workspace; --wait follows its finalizer until the GPU nodes are released.",
    discussion: paragraphs(
      """
      On a terminal the deletion is confirmed first; without a terminal (a script, a CI job) it
      needs --yes. KAITO's finalizer (workspace.finalizer.kaito.sh) deletes the workspace's node
      claims before the workspace goes; --wait says what holds it up when it takes long. A
      workspace that is already gone is an error (NotFound), as with kubectl delete, unless
      --ignore-not-found.
      """))

  @Argument(help: "The workspace, or the model it serves.", completion: Complete.workspaces)
  var name: String

  @Flag(help: "Wait until the workspace and its GPU nodes are gone.")
  var wait = false

  @Option(
    help: ArgumentHelp("How long --wait waits (default 10m).", valueName: "duration"),
    transform: Duration.parse("--timeout"))
  var timeout: Duration?

  @Flag(name: [.customShort("y"), .long], help: "Do not ask for confirmation.")
  var yes = false

  @Flag(help: "Succeed quietly when the workspace does not exist.")
  var ignoreNotFound = false

  @OptionGroup var options: ClusterCommandOptions

  func run(in context: CommandContext) throws {
    let env = options.display.environment(context)
    let kaito = try options.cluster.open(context, env)
    let client = kaito.client
    if try kaito.inferenceSet(named: name) != nil { return try deleteInferenceSet(kaito: kaito, env: env) }
    let found: FoundWorkspace
    do {
      found = try kaito.findWorkspace(name)
    } catch {
      guard ignoreNotFound && error.httpStatus == 404 else { throw error }
      return
    }
    if let note = found.note { env.note(note) }
    let name = found.name
    let path = kaito.workspacePath(name)
    try confirm(
      "workspace", name, "Delete workspace \(name) in namespace \(client.namespace)? Its GPU nodes are released.",
      env: env)
    guard wait else {
      _ = try client.delete(path)
      env.writeOut("workspace.kaito.sh/\(name) deleted\n")
      return
    }
    do {
      try kaito.deployment().delete(name: name, namespace: client.namespace, timeout: timeout?.seconds ?? 600)
    } catch {
      // Say what the finalizer is waiting for: the node claims it has not released yet.
      let claims = kaito.inventory.nodeClaims(ofWorkspace: name) ?? []
      let names = claims.compactMap { $0["metadata"]?["name"]?.stringValue }
      throw KaitoError(
        error.message + (names.isEmpty ? "" : "\n  node claims not released yet: \(names.joined(separator: ", "))")
          + "\n  if the Karpenter CRDs were removed, the finalizer cannot finish (kaito-project/kaito#1899)")
    }
    env.writeOut("workspace.kaito.sh/\(name) deleted\n")
  }

  /// An InferenceSet and, with --wait, every replica's finalizer.
  private func deleteInferenceSet(kaito: KaitoCluster, env: Environment) throws {
    try confirm(
      "inferenceset", name,
      "Delete inferenceset \(name) and all its replicas in namespace \(kaito.namespace)? Their GPU nodes are released.",
      env: env)
    guard wait else {
      _ = try kaito.client.delete(KaitoAPI.inferenceSet(name, namespace: kaito.namespace))
      env.writeOut("inferenceset.kaito.sh/\(name) deleted\n")
      return
    }
    try kaito.deployment().deleteInferenceSet(name: name, namespace: kaito.namespace, timeout: timeout?.seconds ?? 600)
    env.writeOut("inferenceset.kaito.sh/\(name) deleted\n")
  }

  /// --yes, or a yes at the prompt; without a terminal, --yes is required.
  private func confirm(_ kind: String, _ name: String, _ question: String, env: Environment) throws {
    guard !yes else { return }
    guard env.stdinIsTerminal else {
      throw KaitoError(
        "deleting \(kind).kaito.sh/\(name) releases its GPU nodes: pass --yes to delete without a terminal to confirm on"
      )
    }
    guard env.confirm(question) else { throw KaitoError("\(kind).kaito.sh/\(name) was not deleted") }
  }
}

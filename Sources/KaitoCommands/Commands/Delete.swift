import ArgumentParser
import KaitoCore

struct Delete: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "delete",
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
    if !yes {
      guard env.stdinIsTerminal else {
        throw KaitoError(
          "deleting workspace.kaito.sh/\(name) releases its GPU nodes: pass --yes to delete without a terminal to confirm on"
        )
      }
      guard env.confirm("Delete workspace \(name) in namespace \(client.namespace)? Its GPU nodes are released.") else {
        throw KaitoError("workspace.kaito.sh/\(name) was not deleted")
      }
    }
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
}

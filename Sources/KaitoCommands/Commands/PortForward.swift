import ArgumentParser
import KaitoCore

struct PortForward: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "port-forward",
    _superCommandName: "kubectl-kaito",
    abstract: "Expose a workspace's model on 127.0.0.1 for any OpenAI client.",
    discussion: paragraphs(
      """
      Forwards LOCAL_PORT (a free one when not given) on 127.0.0.1 to port 5000 of pod <name>-0,
      prints the OpenAI base URL, and runs until interrupted (Ctrl-C).

      Example:
        kubectl kaito port-forward workspace-phi-3-5-mini-instruct 8080
        curl http://127.0.0.1:8080/v1/models
      """))

  @Argument(help: "The workspace, or the model it serves.", completion: Complete.workspaces)
  var name: String

  @Argument(help: "The local port, 1 to 65535 (default: a free one).")
  var localPort: Int?

  func validate() throws {
    if let localPort, !(1...65535).contains(localPort) {
      throw ValidationError("invalid LOCAL_PORT \(localPort): a port is a number from 1 to 65535")
    }
  }

  @OptionGroup var options: ClusterCommandOptions

  func run(in context: CommandContext) throws {
    let (env, kaito, found) = try options.openServing(context, name)
    let name = found.name
    let status = WorkspaceStatus(found.object)
    if !status.succeeded { env.warn("workspace \(name) is not serving yet: \(status.summary)") }
    let forwarder = try PortForwarder.toModelServer(
      of: name, namespace: kaito.namespace, transport: kaito.client.transport,
      localPort: localPort ?? 0, replacement: kaito.replacementPod(for: found, note: env.note))
    env.writeOut("http://127.0.0.1:\(forwarder.localPort)/v1\n")
    env.note("Forwarding 127.0.0.1:\(forwarder.localPort) -> pod \(forwarder.currentPod):5000. Ctrl-C to stop.")
    let interrupted = context.catchInterrupts()
    var lastReported: String?
    while !interrupted() {
      env.sleep(1)
      let error = forwarder.lastError.withLock { $0 }
      if let error, error != lastReported {
        env.warn(error)
        lastReported = error
      }
    }
    forwarder.stop()
  }
}

import ArgumentParser
import KaitoCore

/// Ollama's one command for KAITO: the workspace that serves MODEL (deployed first, with consent,
/// when there is none), waited for, then talked to. The deploy and the chat are `deploy`'s and
/// `chat`'s own code, so that the planning, the checks and the session are the same.
struct RunModel: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    _superCommandName: "kubectl-kaito",
    abstract: "Talk to a model: the workspace that serves it, deployed and waited for when there is none.",
    discussion: paragraphs(
      """
      Finds a workspace of the namespace that serves MODEL. When there is none, it plans one as
      deploy does, says which GPU nodes it would provision and asks first (--yes accepts; without
      a terminal it must be given). It then waits until the workspace serves, with its progress,
      and starts a chat: interactive on a terminal, one answer with PROMPT or piped input, and
      -o json as chat prints it. With --dry-run it says what it would deploy and deploys nothing.

      Examples:
        kubectl kaito run phi-3.5-mini-instruct
        kubectl kaito run phi-3.5-mini-instruct "What is Kubernetes?" --yes
        kubectl kaito run mistral-7b-instruct --dry-run \\
          --instance-type Standard_NC24ads_A100_v4
      """))

  @Argument(
    help: "The model: a KAITO preset (Hugging Face id or legacy name) or any Hugging Face org/name id.",
    completion: Complete.models)
  var model: String

  @Argument(help: "One message to send; without it (and without piped input) the chat is interactive.")
  var prompt: String?

  @Option(help: "Name of the workspace to deploy when none serves MODEL. Default: workspace-<model>.")
  var name: String?

  @Option(
    help: "GPU instance type of a new workspace. Default: the one with the fewest nodes, then the least GPU memory.",
    completion: Complete.instanceTypes)
  var instanceType: String?

  @Flag(name: [.customShort("y"), .long], help: "Provision GPU nodes for a new workspace without asking.")
  var yes = false

  @Flag(help: "Say what would be deployed and chat with nothing; nothing is written.")
  var dryRun = false

  @Option(
    help: ArgumentHelp(
      "How long to wait for the workspace to serve (a duration like 45m). Default: KAITO's startup budget.",
      valueName: "duration"), transform: Duration.parse("--timeout"))
  var timeout: Duration?

  @OptionGroup var conversationOptions: ConversationOptions

  @Option(name: [.customShort("o", allowingJoined: true), .long], help: "Output of a one-shot answer.")
  var output: Chat.Format = .text

  @OptionGroup var options: ClusterCommandOptions

  func run(in context: CommandContext) throws {
    let env = options.display.environment(context)
    let kaito = try options.cluster.open(context, env)
    let serving = try kaito.workspaces(serving: model).map(WorkspaceStatus.init)
    // A serving workspace first, then one on its way; by name, so the choice is stable.
    let existing = serving.sorted { ($0.succeeded ? 0 : 1, $0.name) < ($1.succeeded ? 0 : 1, $1.name) }.first
    let workspace: String
    if let existing {
      workspace = existing.name
      if serving.count > 1 { env.note("\(serving.count) workspaces serve \(model); using \(workspace).") }
      if !existing.succeeded {
        guard !dryRun else { return env.note("(dry run) would wait for workspace \(workspace), then chat") }
        try waitFor(existing, kaito: kaito, context: context, env: env)
      }
    } else {
      env.note("No workspace in namespace \(kaito.namespace) serves \(model); deploying one.")
      var deploy = try Deploy.parse([model, "--wait"])
      (deploy.options, deploy.name, deploy.instanceType, deploy.yes, deploy.timeout) =
        (options, name, instanceType, yes, timeout)
      let plan = try deploy.plan(for: kaito, env: env, askingFrom: dryRun ? .max : 1)
      workspace = plan.workspace.metadata.name
      guard !dryRun else {
        return env.note("(dry run) would deploy workspace \(workspace), wait until it serves, then chat")
      }
      // The deploy's own lines (`workspace.kaito.sh/… created`) are progress here, not output.
      try deploy.apply(plan, to: kaito, in: context, env: env.withOutput(to: env.writeErr))
    }
    guard !dryRun else { return env.note("(dry run) would chat with workspace \(workspace)") }
    var chat = try Chat.parse([workspace])
    (chat.options, chat.prompt, chat.conversationOptions, chat.output) =
      (options, prompt, conversationOptions, output)
    try chat.run(in: context)
  }

  /// Waits for a workspace that exists but does not serve yet, with deploy's progress line.
  private func waitFor(_ status: WorkspaceStatus, kaito: KaitoCluster, context: CommandContext, env: Environment)
    throws
  {
    env.note("Workspace \(status.name) serves \(model) but is not ready yet; waiting for it.")
    let object = try kaito.client.get(kaito.workspacePath(status.name))
    let known = (try? Catalog.embedded.model(named: model))?.model
    let budget = timeout?.seconds ?? known.map { Double(FitEngine.startupBudgetSeconds(for: $0)) } ?? 1800
    _ = try Applying.follow(kaito.deployment(), object: object, timeout: budget, env: env, connect: context.connect)
  }
}

extension Environment {
  /// The same environment with its standard output sent to `write` instead.
  func withOutput(to write: @escaping @Sendable (String) -> Void) -> Environment {
    var copy = self
    copy.writeOut = write
    return copy
  }
}

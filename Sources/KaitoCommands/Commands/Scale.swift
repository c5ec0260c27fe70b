import ArgumentParser
import KaitoCore

/// `kubectl scale inferenceset` with the GPU nodes it costs said out loud.
struct Scale: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "scale",
    _superCommandName: "kubectl-kaito",
    abstract: "Change how many replicas an InferenceSet has, and say how many GPU nodes that adds or releases.",
    discussion: paragraphs(
      """
      Writes the InferenceSet's scale subresource (spec.replicas), as kubectl scale does; KAITO's
      controller then makes or deletes replica workspaces, each with its own GPU nodes (not-ready
      replicas go first). 0 is allowed: nothing serves until it is scaled up again. Only
      InferenceSets scale: deploy MODEL --replicas N makes one.

      Examples:
        kubectl kaito scale phi-3-5-mini-instruct --replicas 3
        kubectl kaito scale phi-3-5-mini-instruct --replicas 0
      """))

  @Argument(help: "The InferenceSet.", completion: Complete.workspaces)
  var name: String

  @Option(
    parsing: .unconditional, help: ArgumentHelp("The replicas it should have, 0 or more.", valueName: "n"),
    transform: Deploy.replicaCount)
  var replicas: Int

  @OptionGroup var options: ClusterCommandOptions

  func run(in context: CommandContext) throws {
    let (env, kaito) = try options.open(context, workspace: name)
    let client = kaito.client
    let path = KaitoAPI.inferenceSet(name, namespace: kaito.namespace)
    guard let object = try client.getIfPresent(path) else {
      if try client.getIfPresent(kaito.workspacePath(name)) != nil {
        throw KaitoError(
          "workspace \(name) is not an InferenceSet: only an InferenceSet has replicas to scale; kubectl kaito deploy MODEL --replicas N makes one"
        )
      }
      _ = try client.get(path)  // the server's own NotFound, as kubectl words it
      return
    }
    let set = InferenceSetStatus(object)
    _ = try client.mergePatch(["spec": ["replicas": .int(replicas)]], at: path + "/scale")
    env.writeOut("inferenceset.kaito.sh/\(name) scaled\n")
    let change = replicas - set.replicas
    guard change != 0 else {
      return env.note("It already had \(replicas) replica\(replicas == 1 ? "" : "s"): nothing changes.")
    }
    let perReplica = nodesPerReplica(set, kaito: kaito)
    let nodes = perReplica.map { "\(abs(change) * $0) GPU node\(abs(change) * $0 == 1 ? "" : "s")" } ?? "the GPU nodes"
    let sku = set.instanceType.map { " of \($0)" } ?? ""
    env.note(
      "\(set.replicas) → \(replicas) replicas: "
        + (change > 0 ? "KAITO provisions \(nodes)\(sku)" : "KAITO releases \(nodes)\(sku)")
        + (perReplica.map { " (\($0) per replica)" } ?? "") + ".")
  }

  /// What one replica runs on: a replica's own count, else KAITO's estimate for its preset.
  private func nodesPerReplica(_ set: InferenceSetStatus, kaito: KaitoCluster) -> Int? {
    let children =
      KaitoAPI.workspaces(namespace: kaito.namespace, version: kaito.version) + "?labelSelector="
      + percentEncode("\(KaitoAPI.createdBy)=\(set.name)")
    let counted = ((try? kaito.client.get(children))?["items"]?.arrayValue ?? []).lazy
      .compactMap { WorkspaceStatus($0).targetNodeCount }.first
    // A server's count is believed only within reason (a multiplication must not overflow).
    if let counted { return (1...10_000).contains(counted) ? counted : nil }
    guard let preset = set.preset, let instance = set.instanceType,
      let model = (try? Catalog.embedded.model(named: preset))?.model,
      let sku = try? Catalog.embedded.sku(named: instance, cloud: nil)
    else { return nil }
    return FitEngine(catalog: .embedded).fit(model, on: sku, runtime: .vllm).nodes
  }
}

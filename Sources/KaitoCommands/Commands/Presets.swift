import ArgumentParser
import KaitoCore

struct Presets: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "presets",
    _superCommandName: "kubectl-kaito",
    abstract: "The KAITO preset catalog: every model, what it needs and where it fits.",
    discussion: "The catalog is embedded (KAITO \(Catalog.embedded.release)); no cluster is needed.",
    subcommands: [List.self, Show.self],
    defaultSubcommand: List.self)

  struct List: ContextCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      _superCommandName: "kubectl-kaito",
      abstract: "List the presets, with the instance type that suits each best.",
      discussion: paragraphs(
        """
        NAME is the name to type (the legacy alias where there is one). NODES is the number of GPU
        nodes KAITO's controller provisions on INSTANCE: the cloud's instance type with the fewest
        nodes, then the least GPU memory, or with --fits the instance type asked about. The list is
        sorted by model family, then size; -o wide adds the other columns, which are left out first
        when the terminal is too narrow.

        Examples:
          kubectl kaito presets --fits Standard_NV36ads_A10_v5
          kubectl kaito presets --tunable -o name
          kubectl kaito presets --cloud aws -o wide
          kubectl kaito presets --sort-by .contextLimit
        """))

    @Option(
      name: [.customShort("o", allowingJoined: true), .long], help: "Output format.")
    var output: OutputFormat = .table

    @Option(help: "Cloud whose instance types are considered (default: azure, or that of --fits).")
    var cloud: Cloud?

    @Option(help: "Only models that can run on this runtime.")
    var runtime: Runtime?

    @Flag(help: "Only models that can be fine-tuned (kubectl kaito tune).")
    var tunable = false

    @Option(
      name: .long,
      help: ArgumentHelp("Only models that fit one node of this instance type.", valueName: "instance-type"),
      completion: Complete.instanceTypes)
    var fits: String?

    @Option(
      help: ArgumentHelp(
        "Sort by a field as -o json prints it, in kubectl's JSONPath style (.weightsBytes, {.recommended.nodes}).",
        valueName: "field"))
    var sortBy: String?

    @Flag(help: "Print tables without the header row.")
    var noHeaders = false

    @OptionGroup var display: DisplayOptions

    func run(in context: CommandContext) throws {
      let env = display.environment(context)
      let catalog = Catalog.embedded
      var filter = PresetFilter(runtime: runtime, tunableOnly: tunable)
      if let fits { filter.fits = try catalog.sku(named: fits, cloud: cloud) }
      var list = catalog.presetList(cloud: cloud ?? filter.fits?.cloud ?? .azure, filter: filter)
      if let sortBy {
        let encoder = ValueEncoder()
        list.items = try SortBy(sortBy).sorted(list.items) { try encoder.encode($0) }
      }
      switch output {
      case .table, .wide:
        if list.items.isEmpty {
          env.note("No presets match.")
          return
        }
        var table = list.table(wide: output == .wide)
        // On a terminal the table fits its width (wide-only columns go first); a pipe gets them all.
        if env.stdoutIsTerminal { table = table.fitting(env.columns, headers: !noHeaders) }
        env.writeOut(table.render(headers: !noHeaders))
      case .json: env.writeOut(JSONWriter.write(try ValueEncoder().encode(list)))
      case .yaml: env.writeOut(YAMLWriter.write(try ValueEncoder().encode(list)))
      case .name: env.writeOut(list.items.map { "preset/\($0.name)\n" }.joined())
      }
    }
  }

  struct Show: ContextCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      _superCommandName: "kubectl-kaito",
      abstract: "Everything known about one model, and how many nodes it needs on each instance type.",
      discussion: paragraphs(
        """
        NODES is what KAITO's node estimator computes (the workspace's targetNodeCount).
        -o wide adds FITS-ONE-NODE, the webhook's rule (one node's GPU memory holds the weights),
        which KAITO applies to bring-your-own nodes and the transformers runtime, and a NOTE that
        says why a model cannot be served where NODES is -.

        Examples:
          kubectl kaito presets show phi-3.5-mini-instruct
          kubectl kaito presets show llama-3.3-70b-instruct --cloud aws -o json
        """))

    @Argument(help: "A preset: its Hugging Face id, legacy name or served name.", completion: Complete.models)
    var model: String

    @Option(name: [.customShort("o", allowingJoined: true), .long], help: "Output format.")
    var output: DetailFormat = .table

    @Option(help: "Cloud whose instance types are listed.")
    var cloud: Cloud = .azure

    @Option(help: "Runtime to size for.")
    var runtime: Runtime = .vllm

    @Option(
      parsing: .unconditional, help: "Context length to size the KV cache for (default 2048, as KAITO's estimator).",
      transform: Show.positive("--max-model-len"))
    var maxModelLen: Int?

    @Option(
      help: ArgumentHelp(
        "Size with this KAITO release's node estimator (default: the embedded catalog's).", valueName: "version"))
    var kaitoVersion: String?

    @Flag(
      help:
        "Also read this cluster's workspaces of the model: the peak tokens per minute KAITO's benchmark measured on each instance type."
    )
    var measured = false

    @OptionGroup var display: DisplayOptions

    @OptionGroup(title: "Cluster options (with --measured)")
    var cluster: ClusterOptions

    func run(in context: CommandContext) throws {
      let env = display.environment(context)
      let catalog = Catalog.embedded
      guard let model = try catalog.model(named: model).model else {
        throw KaitoError("\(self.model) is not in KAITO's \(catalog.release) catalog: its size is not known offline")
      }
      try model.checkServing(runtime: runtime, maxModelLen: maxModelLen)
      let arithmetic = try KaitoArithmetic.chosen(kaitoVersion)
      var detail = catalog.presetDetail(
        model, cloud: cloud, runtime: runtime, contextLength: maxModelLen, arithmetic: arithmetic)
      if measured {
        // Every namespace where RBAC lets us list them, else the context's own.
        let kaito = try cluster.open(context, env)
        let everywhere = try? kaito.workspaces(serving: model.hfID, allNamespaces: true)
        let workspaces = try everywhere ?? kaito.workspaces(serving: model.hfID)
        detail.measured = PresetDetail.Measured.from(workspaces.map(WorkspaceStatus.init))
      }
      switch output {
      case .json: env.writeOut(JSONWriter.write(try ValueEncoder().encode(detail)))
      case .yaml: env.writeOut(YAMLWriter.write(try ValueEncoder().encode(detail)))
      default: env.writeOut(detail.render(wide: output == .wide))
      }
    }
  }
}

import ArgumentParser
import KaitoCore

struct Deploy: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "deploy",
    abstract: "Build a Workspace for a model, after checking that the instance type can hold it.",
    discussion: """
      The Workspace is checked as KAITO v0.12's webhook checks it, and the number of GPU nodes the
      controller will provision is computed with KAITO's own node estimator before anything is
      written. More than one node needs --yes (or a yes at the prompt on a terminal).

      This version writes the manifest only (--dry-run=client); pipe it to `kubectl apply -f -`.

      Examples:
        kubectl kaito deploy phi-3.5-mini-instruct --dry-run=client -o yaml
        kubectl kaito deploy llama-3.1-8b-instruct --hf-token-secret hf-token --dry-run -o yaml
        kubectl kaito deploy qwen2.5-coder-7b-instruct --max-model-len 16384 --dry-run -o json
        kubectl kaito deploy phi-4 --cloud aws --runtime transformers --dry-run -o yaml
      """)

  @Argument(help: "The model: a KAITO preset (Hugging Face id or legacy name) or any Hugging Face org/name id.")
  var model: String

  @Option(help: "Workspace name (a DNS-1123 label). Default: workspace-<model>.")
  var name: String?

  @Option(name: [.customShort("n", allowingJoined: true), .long], help: "Namespace written into the manifests.")
  var namespace: String?

  @Option(name: .customLong("label"), help: ArgumentHelp("Node label for the label selector, repeatable. Default: apps=<name>.", valueName: "key=value"))
  var labels: [String] = []

  @Option(help: "GPU instance type. Default: the cloud's instance type with the fewest nodes, then the least GPU memory.")
  var instanceType: String?

  @Option(help: "Cloud of the instance type: azure (default), aws or arc.")
  var cloud: Cloud?

  @Option(help: "Inference runtime: vllm (default) or transformers.")
  var runtime: Runtime = .vllm

  @Option(help: "vLLM context length, written to an inference ConfigMap; it also sizes the node estimate.")
  var maxModelLen: Int?

  @Option(help: ArgumentHelp("Secret in the namespace holding the Hugging Face token under the key HF_TOKEN (gated models).", valueName: "secret"))
  var hfTokenSecret: String?

  @Flag(help: "Expose the model through a LoadBalancer Service (public IP, no authentication: testing only).")
  var loadBalancer = false

  @Option(name: .long, defaultAsFlag: DryRun.client, parsing: .next, help: ArgumentHelp("Only print what would be applied: client (bare --dry-run means client).", valueName: "mode"))
  var dryRun: DryRun? = nil

  @Option(name: [.customShort("o", allowingJoined: true), .long], help: "Output format: yaml, json or name.")
  var output: OutputFormat?

  @Flag(name: [.customShort("y"), .long], help: "Accept provisioning more than one GPU node without asking.")
  var yes = false

  func validate() throws {
    try output?.require(oneOf: [.yaml, .json, .name])
  }

  func run() throws {
    let env = Environment.live()
    guard dryRun == .client else {
      throw KaitoError("applying to a cluster is not available in this version: use --dry-run=client and pipe the manifest to `kubectl apply -f -`")
    }
    var request = InferenceRequest(model: model)
    request.name = name
    request.namespace = namespace
    request.labels = labels
    request.instanceType = instanceType
    request.cloud = cloud
    request.runtime = runtime
    request.maxModelLen = maxModelLen
    request.hfTokenSecret = hfTokenSecret
    request.loadBalancer = loadBalancer
    let plan = try Catalog.embedded.planInference(request)

    for warning in plan.warnings { env.warn(warning) }
    if plan.skuRecommended {
      env.note("Instance type \(plan.sku.name) (\(plan.sku.gpuSummary)): the \(plan.sku.cloud.rawValue) instance type with the fewest nodes for this model; choose another with --instance-type.")
    }
    if let nodes = plan.nodes {
      env.note("KAITO will provision \(nodes) GPU node\(nodes == 1 ? "" : "s") of \(plan.sku.name).")
      if nodes > 1 && !yes
        && !env.confirm("Provision \(nodes) \(plan.sku.name) nodes for \(plan.workspace.metadata.name)?")
      {
        throw KaitoError("\(plan.workspace.metadata.name) needs \(nodes) GPU nodes of \(plan.sku.name): pass --yes to accept, or choose a larger --instance-type")
      }
    }

    let objects = plan.objects
    if let output {
      env.writeOut(renderObjects(objects, as: output))
    } else {
      env.writeOut(objects.map { resourceName(of: $0) + " created (dry run)\n" }.joined())
    }
  }
}

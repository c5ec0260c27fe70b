import ArgumentParser
import KaitoCore

struct Version: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "version",
    _superCommandName: "kubectl-kaito",
    abstract: "Print the version of kubectl-kaito, of what it is built on, and of the cluster's KAITO.",
    discussion: paragraphs(
      """
      The KAITO controller's version is read from the cluster when one is configured and reachable
      (and RBAC lets us read its Deployment); --client skips the cluster.
      """))

  enum Format: String, FastArgument {
    case text, json, yaml
  }

  @Flag(help: "Only this binary's versions; do not ask the cluster.")
  var client = false

  @Option(name: [.customShort("o", allowingJoined: true), .long], help: "Output format.")
  var output: Format = .text

  @OptionGroup var options: ClusterCommandOptions

  func run(in context: CommandContext) throws {
    let env = options.display.environment(context)
    var info: Value.Object = [
      "kubectlKaito": .string(Versions.tool), "catalog": .string("KAITO \(Catalog.embedded.release)"),
    ]
    // libcurl is loaded only where the network is used: asking it its version costs more than
    // the rest of `version --client` (its TLS, LDAP and SSH libraries load with it).
    let network = !client || (options.cluster.verbosity ?? 0) > 0
    if network { info["libcurl"] = .string(Versions.libcurl) }
    info["libyaml"] = .string(Versions.libyaml)
    if !client {
      do {
        let install = try options.cluster.open(context, env).install
        info["kaitoController"] = .string(install.controllerVersion ?? "unknown (its Deployment cannot be read)")
        info["kaitoAPIVersions"] = .array(install.versions.map { .string($0) })
      } catch let error as KaitoError {
        env.warn("cannot read the cluster's KAITO: \(error.message)")
      }
    }
    switch output {
    case .json: env.writeOut(JSONWriter.write(.object(info)))
    case .yaml: env.writeOut(YAMLWriter.write(.object(info)))
    case .text:
      var lines = ["kubectl-kaito: \(Versions.tool)", "Catalog: KAITO \(Catalog.embedded.release)"]
      if let libcurl = info["libcurl"]?.stringValue { lines.append("libcurl: \(libcurl)") }
      lines.append("libyaml: \(Versions.libyaml)")
      if let controller = info["kaitoController"]?.stringValue { lines.append("KAITO controller: \(controller)") }
      env.writeOut(lines.joined(separator: "\n") + "\n")
    }
  }
}

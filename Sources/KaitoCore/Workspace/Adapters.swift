/// `--adapter NAME=IMAGE[,pull-secret=S][,strength=F]` or `--adapter NAME=pvc:CLAIM`.
public enum AdapterArguments {
  public static let maximum = 10

  public static func parse(_ texts: [String], runtime: Runtime) throws(KaitoError) -> [Workspace.Adapter] {
    guard texts.count <= maximum else {
      throw KaitoError(
        "Number of Adapters exceeds the maximum limit, maximum of \(maximum) allowed (\(texts.count) given)")
    }
    var adapters: [Workspace.Adapter] = []
    for text in texts {
      guard let eq = text.firstIndex(of: "=") else {
        throw KaitoError(
          "invalid --adapter \"\(text)\": expected NAME=IMAGE[,pull-secret=SECRET][,strength=F] or NAME=pvc:CLAIM")
      }
      let name = String(text[..<eq])
      var parts = text[text.index(after: eq)...].split(separator: ",").map(String.init)
      guard WorkspaceRules.isDNS1123Subdomain(name) else {
        throw KaitoError(
          "invalid adapter name \"\(name)\": a DNS-1123 subdomain (lowercase letters, digits, '-' and '.'), as it names the adapter's folder and the model to ask for"
        )
      }
      guard !parts.isEmpty, !parts[0].isEmpty else {
        throw KaitoError("--adapter \(name): no image or pvc:CLAIM given")
      }
      let location = parts.removeFirst()
      var source = Workspace.Source(name: name)
      if location.hasPrefix("pvc:") {
        guard WorkspaceRules.isDNS1123Subdomain(String(location.dropFirst(4))) else {
          throw KaitoError(
            "--adapter \(name): pvc: needs the name of a PersistentVolumeClaim (a DNS-1123 subdomain), not \"\(location.dropFirst(4))\""
          )
        }
        source.volumeSource = ["persistentVolumeClaim": ["claimName": .string(String(location.dropFirst(4)))]]
      } else {
        source.image = location
      }
      var strength: String?
      for option in parts {
        let pair = option.split(separator: "=", maxSplits: 1).map(String.init)
        guard pair.count == 2 else { throw KaitoError("--adapter \(name): \"\(option)\" is not key=value") }
        switch pair[0] {
        case "pull-secret": source.imagePullSecrets = (source.imagePullSecrets ?? []) + [pair[1]]
        case "strength":
          guard let value = Double(pair[1]), (0...1).contains(value) else {
            throw KaitoError("--adapter \(name): strength must be a number from 0 to 1, not \(pair[1])")
          }
          guard runtime == .transformers else {
            throw KaitoError(
              "--adapter \(name): vLLM does not support adapter strength; use --runtime transformers, or leave strength out"
            )
          }
          strength = pair[1]
        default: throw KaitoError("--adapter \(name): unknown option \(pair[0]) (pull-secret or strength)")
        }
      }
      if adapters.contains(where: { $0.source.name == name }) {
        throw KaitoError("Duplicate adapter source name found: \(name)")
      }
      adapters.append(Workspace.Adapter(source: source, strength: strength))
    }
    return adapters
  }
}

/// Runs a kubeconfig `exec` credential plugin (kubelogin, `aws eks get-token`,
/// gke-gcloud-auth-plugin …) the way client-go does, and reads the credential it prints.
public struct ExecCredential: Sendable, Equatable {
  public var token: String?
  public var clientCertificate: [UInt8]?
  public var clientKey: [UInt8]?
  /// Seconds since 1970 after which the plugin must be asked again; nil when it does not expire.
  public var expiry: Double?

  public static func obtain(
    _ config: Kubeconfig.ExecConfig, server: String, caPEM: [UInt8]?,
    environment: Environment, timeout: Double? = nil
  ) throws(KaitoError) -> ExecCredential {
    let interactive: Bool
    switch config.interactiveMode {
    case "Never": interactive = false
    case "Always":
      guard environment.stdinIsTerminal else {
        throw KaitoError(
          "getting credentials: exec plugin \(config.command) needs an interactive terminal (interactiveMode: Always), but standard input is not one"
        )
      }
      interactive = true
    default: interactive = environment.stdinIsTerminal
    }
    var spec: Value = ["interactive": .bool(interactive)]
    if config.provideClusterInfo, case .object(var object) = spec {
      var cluster: Value.Object = ["server": .string(server)]
      if let caPEM { cluster["certificate-authority-data"] = .string(Data(caPEM).base64EncodedString()) }
      object["cluster"] = .object(cluster)
      spec = .object(object)
    }
    let info: Value = ["apiVersion": .string(config.apiVersion), "kind": "ExecCredential", "spec": spec]
    var variables = environment.variables
    for (name, value) in config.env { variables[name] = value }
    variables["KUBERNETES_EXEC_INFO"] = JSONWriter.compact(info)

    let result: Subprocess.Result
    do {
      result = try Subprocess.run(
        config.command, arguments: config.args, environment: variables, inheritStdin: interactive, timeout: timeout)
    } catch {
      throw KaitoError(
        "getting credentials: exec: \(error.message)" + (config.installHint.map { "\n\($0.trimmingSpaces)" } ?? ""))
    }
    let stderrText = String(decoding: result.stderr, as: UTF8.self).trimmingSpaces
    guard result.status == 0 else {
      throw KaitoError(
        "getting credentials: exec: executable \(config.command) failed with exit code \(result.status)"
          + (stderrText.isEmpty ? "" : "\n" + stderrText))
    }
    let output = String(decoding: result.stdout, as: UTF8.self)
    let value: Value
    do { value = try YAMLReader.read(output) } catch {
      throw KaitoError(
        "getting credentials: exec plugin \(config.command) printed something that is not an ExecCredential: \(error.message)"
      )
    }
    guard value["kind"]?.stringValue == "ExecCredential" else {
      throw KaitoError("getting credentials: exec plugin \(config.command) did not print an ExecCredential")
    }
    if let version = value["apiVersion"]?.stringValue, version != config.apiVersion {
      throw KaitoError(
        "getting credentials: exec plugin \(config.command) answered with \(version), but the kubeconfig asked for \(config.apiVersion)"
      )
    }
    guard let status = value["status"] else {
      throw KaitoError("getting credentials: exec plugin \(config.command) printed an ExecCredential without status")
    }
    var credential = ExecCredential()
    credential.token = status["token"]?.stringValue
    credential.clientCertificate = status["clientCertificateData"]?.stringValue.map { Array($0.utf8) }
    credential.clientKey = status["clientKeyData"]?.stringValue.map { Array($0.utf8) }
    if let expiry = status["expirationTimestamp"]?.stringValue {
      guard let seconds = Time.parse(expiry) else {
        throw KaitoError(
          "getting credentials: exec plugin \(config.command): expirationTimestamp \"\(expiry)\" is not an RFC 3339 time"
        )
      }
      credential.expiry = seconds
    }
    guard credential.token != nil || (credential.clientCertificate != nil && credential.clientKey != nil) else {
      throw KaitoError(
        "getting credentials: exec plugin \(config.command) returned neither a token nor a client certificate and key")
    }
    return credential
  }
}

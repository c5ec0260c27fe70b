/// A kubeconfig as kubectl reads it: one or more files merged by name, first file wins.
/// Every entry remembers the file it came from, for relative paths and for error messages.
public struct Kubeconfig: Sendable {
  public var clusters: [String: Cluster] = [:]
  public var users: [String: User] = [:]
  public var contexts: [String: Context] = [:]
  public var currentContext: String?
  /// The files read, in order.
  public var files: [String] = []

  public struct Cluster: Sendable, Equatable {
    public var file: String
    /// Where it stands in its file, e.g. `clusters[0].cluster`, for error messages.
    public var field: String
    public var server: String
    public var certificateAuthority: String?
    public var certificateAuthorityData: [UInt8]?
    public var insecureSkipTLSVerify = false
    public var tlsServerName: String?
    public var proxyURL: String?
  }

  public struct User: Sendable, Equatable {
    public var file: String
    public var field: String
    public var clientCertificate: String?
    public var clientCertificateData: [UInt8]?
    public var clientKey: String?
    public var clientKeyData: [UInt8]?
    public var token: String?
    public var tokenFile: String?
    public var username: String?
    public var password: String?
    public var exec: ExecConfig?
    public var authProvider: String?
  }

  public struct ExecConfig: Sendable, Equatable {
    public var command: String
    public var args: [String] = []
    public var env: [(name: String, value: String)] = []
    public var apiVersion: String
    public var interactiveMode: String = "IfAvailable"
    public var provideClusterInfo = false
    public var installHint: String?

    public static func == (a: ExecConfig, b: ExecConfig) -> Bool {
      a.command == b.command && a.args == b.args && a.apiVersion == b.apiVersion
        && a.env.map(\.name) == b.env.map(\.name) && a.env.map(\.value) == b.env.map(\.value)
    }
  }

  public struct Context: Sendable, Equatable {
    public var file: String
    public var cluster: String
    public var user: String
    public var namespace: String?
  }

  public init() {}

  /// Reads the files kubectl would: `explicit` alone (`--kubeconfig`), else every file of
  /// `KUBECONFIG` that exists, else `~/.kube/config`. An empty result means "no kubeconfig".
  public static func load(explicit: String?, environment: [String: String]) throws(KaitoError) -> Kubeconfig {
    let home = environment["HOME"]
    var paths: [String] = []
    if let explicit {
      guard Files.exists(explicit) else { throw KaitoError("kubeconfig \(explicit): no such file (from --kubeconfig)") }
      paths = [explicit]
    } else if let list = environment["KUBECONFIG"], !list.isEmpty {
      for path in list.split(separator: ":").map(String.init) where !paths.contains(path) && Files.exists(path) {
        paths.append(path)
      }
    } else if let home, Files.exists(home + "/.kube/config") {
      paths = [home + "/.kube/config"]
    }
    var config = Kubeconfig()
    for path in paths {
      config.merge(try parse(Files.readText(path), file: path, home: home))
    }
    return config
  }

  /// Adds another file's entries; names this config already has keep their first definition.
  mutating func merge(_ other: Kubeconfig) {
    for (name, cluster) in other.clusters where clusters[name] == nil { clusters[name] = cluster }
    for (name, user) in other.users where users[name] == nil { users[name] = user }
    for (name, context) in other.contexts where contexts[name] == nil { contexts[name] = context }
    if currentContext == nil || currentContext == "" { currentContext = other.currentContext }
    files += other.files
  }

  /// One kubeconfig file. Paths inside it are resolved against its own folder.
  public static func parse(_ text: String, file: String, home: String?) throws(KaitoError) -> Kubeconfig {
    let root: Value
    do { root = try YAMLReader.read(text) } catch {
      throw KaitoError("kubeconfig \(file): \(error.description)")
    }
    let reader = FieldReader(file: file, folder: Files.folder(of: file), home: home)
    var config = Kubeconfig()
    config.files = [file]
    if case .null = root { return config }
    guard let top = root.objectValue else { throw reader.error("", "expected a mapping at the top") }
    config.currentContext = try reader.string(top["current-context"], "current-context")

    for (index, entry) in try reader.list(top["clusters"], "clusters").enumerated() {
      let path = "clusters[\(index)]"
      let name = try reader.requiredString(entry["name"], "\(path).name")
      guard let body = entry["cluster"]?.objectValue else { throw reader.error("\(path).cluster", "missing") }
      let field = "\(path).cluster"
      let server = try reader.requiredString(body["server"], "\(field).server")
      guard server.hasPrefix("https://") || server.hasPrefix("http://") else {
        throw reader.error("\(field).server", "\"\(server)\" is not an http(s) URL")
      }
      if config.clusters[name] != nil { continue }
      config.clusters[name] = Cluster(
        file: file, field: field, server: server,
        certificateAuthority: try reader.path(body["certificate-authority"], "\(field).certificate-authority"),
        certificateAuthorityData: try reader.base64(
          body["certificate-authority-data"], "\(field).certificate-authority-data"),
        insecureSkipTLSVerify: try reader.bool(body["insecure-skip-tls-verify"], "\(field).insecure-skip-tls-verify"),
        tlsServerName: try reader.string(body["tls-server-name"], "\(field).tls-server-name"),
        proxyURL: try reader.string(body["proxy-url"], "\(field).proxy-url"))
    }

    for (index, entry) in try reader.list(top["users"], "users").enumerated() {
      let path = "users[\(index)]"
      let name = try reader.requiredString(entry["name"], "\(path).name")
      let body = entry["user"]?.objectValue ?? [:]
      let field = "\(path).user"
      let user = try readUser(body, file: file, field: field, reader: reader, home: home)
      if config.users[name] == nil { config.users[name] = user }
    }

    for (index, entry) in try reader.list(top["contexts"], "contexts").enumerated() {
      let path = "contexts[\(index)]"
      let name = try reader.requiredString(entry["name"], "\(path).name")
      guard let body = entry["context"]?.objectValue else { throw reader.error("\(path).context", "missing") }
      let field = "\(path).context"
      if config.contexts[name] != nil { continue }
      config.contexts[name] = Context(
        file: file, cluster: try reader.requiredString(body["cluster"], "\(field).cluster"),
        user: try reader.string(body["user"], "\(field).user") ?? "",
        namespace: try reader.string(body["namespace"], "\(field).namespace"))
    }
    return config
  }

  /// One `users[i].user`.
  private static func readUser(_ body: Value.Object, file: String, field: String, reader: FieldReader, home: String?)
    throws(KaitoError) -> User
  {
    var user = User(file: file, field: field)
    user.clientCertificate = try reader.path(body["client-certificate"], "\(field).client-certificate")
    user.clientCertificateData = try reader.base64(
      body["client-certificate-data"], "\(field).client-certificate-data")
    user.clientKey = try reader.path(body["client-key"], "\(field).client-key")
    user.clientKeyData = try reader.base64(body["client-key-data"], "\(field).client-key-data")
    user.token = try reader.string(body["token"], "\(field).token")
    user.tokenFile = try reader.path(body["tokenFile"], "\(field).tokenFile")
    user.username = try reader.string(body["username"], "\(field).username")
    user.password = try reader.string(body["password"], "\(field).password")
    if let provider = body["auth-provider"]?.objectValue {
      user.authProvider = try reader.string(provider["name"], "\(field).auth-provider.name") ?? "unnamed"
    }
    if let exec = body["exec"], exec != .null {
      user.exec = try readExec(exec, field: "\(field).exec", reader: reader, home: home)
    }
    return user
  }

  /// One user's `exec` credential plugin, checked as client-go checks it.
  private static func readExec(_ exec: Value, field execField: String, reader: FieldReader, home: String?)
    throws(KaitoError) -> ExecConfig
  {
    guard let e = exec.objectValue else { throw reader.error(execField, "expected a mapping") }
    var command = try reader.requiredString(e["command"], "\(execField).command")
    // A command with a slash is a path relative to the kubeconfig; a bare name is looked up on PATH.
    if command.contains("/") { command = Files.resolve(command, against: reader.folder, home: home) }
    var config = ExecConfig(
      command: command, apiVersion: try reader.requiredString(e["apiVersion"], "\(execField).apiVersion"))
    guard ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"].contains(config.apiVersion)
    else {
      throw reader.error(
        "\(execField).apiVersion",
        "\"\(config.apiVersion)\" is not supported (client.authentication.k8s.io/v1 or v1beta1)")
    }
    for (i, arg) in try reader.list(e["args"], "\(execField).args", objects: false).enumerated() {
      guard let text = arg.stringValue ?? scalarText(arg) else {
        throw reader.error("\(execField).args[\(i)]", "expected a string")
      }
      config.args.append(text)
    }
    for (i, variable) in try reader.list(e["env"], "\(execField).env").enumerated() {
      config.env.append(
        (
          try reader.requiredString(variable["name"], "\(execField).env[\(i)].name"),
          try reader.string(variable["value"], "\(execField).env[\(i)].value") ?? ""
        ))
    }
    if let mode = try reader.string(e["interactiveMode"], "\(execField).interactiveMode") {
      guard ["Never", "IfAvailable", "Always"].contains(mode) else {
        throw reader.error("\(execField).interactiveMode", "\"\(mode)\" is not Never, IfAvailable or Always")
      }
      config.interactiveMode = mode
    } else if config.apiVersion.hasSuffix("/v1") {
      throw reader.error("\(execField).interactiveMode", "required for client.authentication.k8s.io/v1")
    }
    config.provideClusterInfo = try reader.bool(e["provideClusterInfo"], "\(execField).provideClusterInfo")
    config.installHint = try reader.string(e["installHint"], "\(execField).installHint")
    return config
  }

  private static func scalarText(_ v: Value) -> String? {
    switch v {
    case .int(let i): return String(i)
    case .bool(let b): return String(b)
    case .double(let d): return String(d)
    default: return nil
    }
  }

  /// Reads typed fields, and names the file and the field when one is wrong.
  struct FieldReader {
    let file: String
    let folder: String
    let home: String?

    func error(_ field: String, _ problem: String) -> KaitoError {
      KaitoError("kubeconfig \(file): \(field.isEmpty ? "" : field + ": ")\(problem)")
    }

    func string(_ v: Value?, _ field: String) throws(KaitoError) -> String? {
      switch v {
      case nil, .null?: return nil
      case .string(let s)?: return s
      default: throw error(field, "expected a string")
      }
    }

    func requiredString(_ v: Value?, _ field: String) throws(KaitoError) -> String {
      guard let s = try string(v, field), !s.isEmpty else { throw error(field, "missing") }
      return s
    }

    func bool(_ v: Value?, _ field: String) throws(KaitoError) -> Bool {
      switch v {
      case nil, .null?: return false
      case .bool(let b)?: return b
      default: throw error(field, "expected true or false")
      }
    }

    func path(_ v: Value?, _ field: String) throws(KaitoError) -> String? {
      try string(v, field).map { Files.resolve($0, against: folder, home: home) }
    }

    func base64(_ v: Value?, _ field: String) throws(KaitoError) -> [UInt8]? {
      guard let text = try string(v, field) else { return nil }
      let compact = text.filter { !$0.isWhitespace }
      guard let data = Data(base64Encoded: compact) else { throw error(field, "not valid base64") }
      return [UInt8](data)
    }

    func list(_ v: Value?, _ field: String, objects: Bool = true) throws(KaitoError) -> [Value] {
      switch v {
      case nil, .null?: return []
      case .array(let items)?:
        if objects, let bad = items.firstIndex(where: { $0.objectValue == nil }) {
          throw error("\(field)[\(bad)]", "expected a mapping")
        }
        return items
      default: throw error(field, "expected a list")
      }
    }
  }
}

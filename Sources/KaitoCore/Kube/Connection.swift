/// The kubectl flags that choose and override what the kubeconfig says.
public struct ConnectionOptions: Sendable {
  public var kubeconfig: String?
  public var context: String?
  public var cluster: String?
  public var user: String?
  public var namespace: String?
  public var server: String?
  public var token: String?
  public var insecureSkipTLSVerify = false
  /// Seconds; nil or 0 means no limit, as kubectl's `--request-timeout=0`.
  public var requestTimeout: Double?
  /// kubectl's `-v`: 6 logs one line per request, 8 adds bodies (secrets redacted).
  public var verbosity = 0

  public init() {}
}

/// Everything needed to talk to one API server: where, as whom, trusting what.
public struct Connection: Sendable {
  public var server: String
  public var namespace: String
  /// True when the namespace came from `-n` or the context, not the `default` fallback.
  public var contextName: String?
  public var tls: TLS
  public var credentials: Credentials
  public var proxy: String?
  public var requestTimeout: Double?
  public var verbosity: Int

  public struct TLS: Sendable, Equatable {
    public var caPEM: [UInt8]?
    public var insecure = false
    public var serverName: String?
  }

  public enum Credentials: Sendable, Equatable {
    case none
    case token(String)
    case basic(user: String, password: String)
    case clientCertificate(certificate: [UInt8], key: [UInt8])
    /// A credential plugin; `cluster` is passed to it when `provideClusterInfo` is set.
    case exec(Kubeconfig.ExecConfig, userName: String)
  }

  /// Picks the context, cluster and user as kubectl does and reads every file they point at.
  public static func resolve(_ config: Kubeconfig, options: ConnectionOptions, environment: [String: String])
    throws(KaitoError) -> Connection
  {
    if config.files.isEmpty && options.server == nil {
      if let host = environment["KUBERNETES_SERVICE_HOST"], let port = environment["KUBERNETES_SERVICE_PORT"] {
        return try inCluster(host: host, port: port, options: options)
      }
      throw KaitoError("no kubeconfig: set KUBECONFIG, pass --kubeconfig, or create ~/.kube/config")
    }
    let contextName = options.context ?? config.currentContext.flatMap { $0.isEmpty ? nil : $0 }
    var context: Kubeconfig.Context?
    if let contextName {
      guard let found = config.contexts[contextName] else {
        let known = config.contexts.keys.sorted()
        throw KaitoError(
          "context \"\(contextName)\" not found in the kubeconfig (\(config.files.joined(separator: ", ")))"
            + (known.isEmpty ? "" : "; contexts: " + known.joined(separator: ", ")))
      }
      context = found
    } else if options.cluster == nil && options.server == nil {
      throw KaitoError(
        "no current context in the kubeconfig (\(config.files.joined(separator: ", "))): pass --context or set current-context"
      )
    }

    var server: String
    var tls = TLS()
    var proxy: String?
    let clusterName = options.cluster ?? context?.cluster
    if let clusterName {
      guard let cluster = config.clusters[clusterName] else {
        throw KaitoError(
          "kubeconfig \(context?.file ?? config.files.first ?? ""): cluster \"\(clusterName)\" is not defined"
            + (context != nil ? " (context \"\(contextName ?? "")\" refers to it)" : ""))
      }
      server = cluster.server
      if cluster.insecureSkipTLSVerify
        && (cluster.certificateAuthorityData != nil || cluster.certificateAuthority != nil)
        && !options.insecureSkipTLSVerify
      {
        throw KaitoError(
          "kubeconfig \(cluster.file): \(cluster.field): insecure-skip-tls-verify together with a certificate authority is not allowed (specifying a root certificates file with the insecure flag is not allowed): remove one of them"
        )
      }
      tls.insecure = cluster.insecureSkipTLSVerify
      tls.serverName = cluster.tlsServerName
      proxy = cluster.proxyURL
      if let data = cluster.certificateAuthorityData {
        tls.caPEM = data
      } else if let path = cluster.certificateAuthority {
        tls.caPEM = try read(path, field: "\(cluster.field).certificate-authority", file: cluster.file)
      }
    } else if let explicit = options.server {
      server = explicit
    } else {
      throw KaitoError(
        "no cluster in the kubeconfig (\(config.files.joined(separator: ", "))): pass --server or --cluster")
    }
    if let override = options.server { server = override }
    if options.insecureSkipTLSVerify {
      tls.insecure = true
      tls.caPEM = nil
    }
    while server.hasSuffix("/") { server.removeLast() }

    var credentials = Credentials.none
    let userName = options.user ?? context?.user ?? ""
    if let token = options.token {
      credentials = .token(token)
    } else if !userName.isEmpty {
      guard let user = config.users[userName] else {
        throw KaitoError(
          "kubeconfig \(context?.file ?? config.files.first ?? ""): user \"\(userName)\" is not defined"
            + (context != nil ? " (context \"\(contextName ?? "")\" refers to it)" : ""))
      }
      credentials = try Self.credentials(of: user, name: userName)
    }

    let namespace = options.namespace ?? context?.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
    return Connection(
      server: server, namespace: namespace, contextName: contextName, tls: tls,
      credentials: credentials, proxy: proxy, requestTimeout: options.requestTimeout,
      verbosity: options.verbosity)
  }

  static func credentials(of user: Kubeconfig.User, name: String) throws(KaitoError) -> Credentials {
    var certificate = user.clientCertificateData
    if certificate == nil, let path = user.clientCertificate {
      certificate = try read(path, field: "\(user.field).client-certificate", file: user.file)
    }
    var key = user.clientKeyData
    if key == nil, let path = user.clientKey {
      key = try read(path, field: "\(user.field).client-key", file: user.file)
    }
    switch (certificate, key) {
    case (let c?, let k?): return .clientCertificate(certificate: c, key: k)
    case (_?, nil): throw KaitoError("kubeconfig \(user.file): \(user.field): client-certificate without client-key")
    case (nil, _?): throw KaitoError("kubeconfig \(user.file): \(user.field): client-key without client-certificate")
    case (nil, nil): break
    }
    if let token = user.token, !token.isEmpty { return .token(token) }
    if let path = user.tokenFile {
      let token = String(decoding: try read(path, field: "\(user.field).tokenFile", file: user.file), as: UTF8.self)
        .trimmingSpaces
      return .token(token)
    }
    if let exec = user.exec { return .exec(exec, userName: name) }
    if let username = user.username { return .basic(user: username, password: user.password ?? "") }
    if let provider = user.authProvider {
      throw KaitoError(
        "kubeconfig \(user.file): \(user.field).auth-provider: the \"\(provider)\" auth provider was removed from Kubernetes clients; use its exec credential plugin (e.g. kubelogin or gke-gcloud-auth-plugin)"
      )
    }
    return .none
  }

  static func read(_ path: String, field: String, file: String) throws(KaitoError) -> [UInt8] {
    do { return try Files.read(path) } catch {
      throw KaitoError("kubeconfig \(file): \(field): \(error.message)")
    }
  }

  static func inCluster(host: String, port: String, options: ConnectionOptions) throws(KaitoError) -> Connection {
    let folder = "/var/run/secrets/kubernetes.io/serviceaccount"
    let token = try Files.readText(folder + "/token").trimmingSpaces
    let namespace = (try? Files.readText(folder + "/namespace").trimmingSpaces) ?? "default"
    let hostPart = host.contains(":") ? "[\(host)]" : host
    return Connection(
      server: "https://\(hostPart):\(port)", namespace: options.namespace ?? namespace, contextName: nil,
      tls: TLS(caPEM: try? Files.read(folder + "/ca.crt")), credentials: .token(token), proxy: nil,
      requestTimeout: options.requestTimeout, verbosity: options.verbosity)
  }
}

extension Connection {
  /// A model server's address, reached without the kubeconfig's credentials: a forwarded port,
  /// or an endpoint `bench --url` names.
  public static func endpoint(_ server: String, namespace: String = "", requestTimeout: Double? = nil) -> Connection {
    Connection(
      server: server, namespace: namespace, contextName: nil, tls: .init(), credentials: .none, proxy: nil,
      requestTimeout: requestTimeout, verbosity: 0)
  }
}

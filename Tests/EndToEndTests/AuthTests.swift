import Foundation
import TestSupport
import Testing

/// Every way a kubeconfig can authenticate, and every way it can fail, end to end.
@Suite(.serialized, .ownThreads) struct AuthTests {
  static let cluster = try! TestCluster(step: 0.1)
  static let bare = try! TestCluster(step: 0.2, arguments: ["--no-kaito"])
  var cluster: TestCluster { Self.cluster }

  func kubeconfig(
    user: String, server: String? = nil, ca: String = "ca.crt", namespace: String? = nil,
    cluster target: TestCluster? = nil
  ) throws -> String {
    let c = target ?? cluster
    return """
      apiVersion: v1
      kind: Config
      clusters:
      - name: test
        cluster:
          server: \(server ?? c.server)
          certificate-authority-data: \(try c.base64(ca))
      users:
      - name: u
        user:
      \(user.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
      contexts:
      - name: test
        context: {cluster: test, user: u\(namespace.map { ", namespace: \($0)" } ?? "")}
      current-context: test
      """
  }

  func status(_ config: String, _ extra: [String] = []) throws -> ProcessResult {
    try cluster.kaito(["status"] + extra, environment: ["KUBECONFIG": config])
  }

  @Test func bearerToken() throws {
    let config = try cluster.writeKubeconfig("token.yaml", kubeconfig(user: "token: admin-token"))
    let result = try status(config)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr == "No resources found in default namespace.\n")
  }

  @Test func tokenFileRelativeToTheKubeconfig() throws {
    try "viewer-token\n".write(
      to: cluster.folder.appendingPathComponent("token.txt"), atomically: true, encoding: .utf8)
    let config = try cluster.writeKubeconfig(
      "tokenfile.yaml", kubeconfig(user: "tokenFile: token.txt", namespace: "from-context"))
    let result = try status(config)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr == "No resources found in from-context namespace.\n")
  }

  @Test func clientCertificateFiles() throws {
    let config = try cluster.writeKubeconfig(
      "certfiles.yaml", kubeconfig(user: "client-certificate: admin.crt\nclient-key: admin.key"))
    #expect(try status(config).status == 0)
  }

  @Test func basicAuth() throws {
    let config = try cluster.writeKubeconfig("basic.yaml", kubeconfig(user: "username: admin\npassword: secret"))
    #expect(try status(config).status == 0)
  }

  @Test func execCredentialPlugin() throws {
    let plugin = cluster.folder.appendingPathComponent("get-token.sh")
    try """
    #!/bin/sh
    # A credential plugin as kubelogin is one: reads KUBERNETES_EXEC_INFO, prints an ExecCredential.
    case "$KUBERNETES_EXEC_INFO" in *'"kind":"ExecCredential"'*) ;; *) echo "no exec info" >&2; exit 3 ;; esac
    [ "$TENANT" = "contoso" ] || { echo "TENANT not passed" >&2; exit 4; }
    echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"admin-token","expirationTimestamp":"2099-01-01T00:00:00Z"}}'
    """.write(to: plugin, atomically: true, encoding: .utf8)
    chmod(plugin.path, 0o755)
    let exec = """
      exec:
        apiVersion: client.authentication.k8s.io/v1
        command: ./get-token.sh
        args: ["get-token", "--server-id", "6dae42f8"]
        env: [{name: TENANT, value: contoso}]
        interactiveMode: Never
      """
    let config = try cluster.writeKubeconfig("exec.yaml", kubeconfig(user: exec))
    let result = try status(config)
    #expect(result.status == 0, "\(result.stderr)")
  }

  @Test func failingExecPluginShowsItsOwnWords() throws {
    let plugin = cluster.folder.appendingPathComponent("broken-login.sh")
    try "#!/bin/sh\necho 'AADSTS70043: the refresh token has expired; run kubelogin convert-kubeconfig' >&2\nexit 1\n"
      .write(to: plugin, atomically: true, encoding: .utf8)
    chmod(plugin.path, 0o755)
    let exec =
      "exec:\n  apiVersion: client.authentication.k8s.io/v1beta1\n  command: ./broken-login.sh\n  installHint: install kubelogin"
    let result = try status(try cluster.writeKubeconfig("brokenexec.yaml", kubeconfig(user: exec)))
    #expect(result.status == 1)
    #expect(
      result.stderr == """
        error: getting credentials: exec: executable \(cluster.folder.path)/broken-login.sh failed with exit code 1
        AADSTS70043: the refresh token has expired; run kubelogin convert-kubeconfig

        """)
    let missing = try status(
      try cluster.writeKubeconfig(
        "missingexec.yaml",
        kubeconfig(
          user:
            "exec:\n  apiVersion: client.authentication.k8s.io/v1beta1\n  command: kubelogin-not-installed\n  installHint: |\n    kubelogin is not installed: see https://azure.github.io/kubelogin"
        )))
    #expect(
      missing.stderr
        == "error: getting credentials: exec: executable kubelogin-not-installed not found\nkubelogin is not installed: see https://azure.github.io/kubelogin\n"
    )
  }

  /// Two files in KUBECONFIG that both define user `u`: the first file's wins, whole.
  @Test func twoFileKubeconfigFirstNameWins() throws {
    let first = try cluster.writeKubeconfig("first.yaml", kubeconfig(user: "token: admin-token"))
    let second = try cluster.writeKubeconfig(
      "second.yaml",
      """
      apiVersion: v1
      kind: Config
      clusters:
      - name: test
        cluster: {server: "https://127.0.0.1:1"}
      users:
      - name: u
        user: {token: wrong-token}
      - name: other
        user: {token: viewer-token}
      """)
    let good = try status("\(first):\(second)")
    #expect(good.status == 0, "\(good.stderr)")
    let reversed = try status("\(second):\(first)")
    #expect(reversed.status == 1)
    #expect(reversed.stderr.contains("https://127.0.0.1:1 was refused"))
    // A missing file in the list is skipped, as kubectl skips it.
    #expect(try status("/nonexistent.yaml:\(first)").status == 0)
    // --kubeconfig uses that file alone.
    let only = try cluster.kaito(["status", "--kubeconfig", second, "--context", "nope"])
    #expect(only.stderr.hasPrefix("error: context \"nope\" not found in the kubeconfig (\(second))"))
  }

  @Test(arguments: [
    (
      "unreachable",
      "error: the connection to the server https://127.0.0.1:1 was refused - did you specify the right host or port?"
    ),
    (
      "wrong-ca",
      "error: unable to connect to the server https://127.0.0.1:PORT: the server's certificate is not trusted by the kubeconfig's certificate authority"
    ),
    ("bad-token", "error: You must be logged in to the server (Unauthorized)"),
    (
      "forbidden",
      "Error from server (Forbidden): workspaces.kaito.sh is forbidden: User \"nobody\" cannot list resource \"workspaces\" in API group \"kaito.sh\" in the namespace \"default\""
    ),
  ])
  func badConnections(kind: String, message: String) throws {
    let config: String
    switch kind {
    case "unreachable": config = try kubeconfig(user: "token: admin-token", server: "https://127.0.0.1:1")
    case "wrong-ca": config = try kubeconfig(user: "token: admin-token", ca: "other-ca.crt")
    case "bad-token": config = try kubeconfig(user: "token: not-a-token")
    default: config = try kubeconfig(user: "token: nobody-token")
    }
    let result = try status(try cluster.writeKubeconfig("\(kind).yaml", config))
    #expect(result.status == 1)
    #expect(result.stdout.isEmpty)
    let expected = message.replacingOccurrences(of: "PORT", with: String(cluster.port))
    #expect(result.stderr.hasPrefix(expected), "\(result.stderr)")
  }

  @Test func viewerCannotDeploy() throws {
    let config = try cluster.writeKubeconfig("viewer.yaml", kubeconfig(user: "token: viewer-token"))
    let result = try cluster.kaito(["deploy", "phi-4"], environment: ["KUBECONFIG": config])
    #expect(result.status == 1)
    #expect(
      result.stderr.hasSuffix(
        "Error from server (Forbidden): workspaces.kaito.sh \"workspace-phi-4\" is forbidden: User \"viewer\" cannot patch resource \"workspaces\" in API group \"kaito.sh\" in the namespace \"default\"\n"
      ))
  }

  /// Controllers up to v0.4.4 serve only v1alpha1: the workspace is written in that version.
  @Test func olderControllersGetV1alpha1() throws {
    let old = try TestCluster(step: 0.1)
    try old.control("kaito", #"{"version": "0.4.4", "apiVersions": ["v1alpha1"]}"#)
    let deploy = try old.kaito(["deploy", "phi-3.5-mini-instruct", "--wait"])
    #expect(deploy.status == 0, "\(deploy.stderr)")
    #expect(deploy.stderr.contains("Warning: this cluster's KAITO serves only kaito.sh/v1alpha1"))
    let object = try old.kaito(["status", "workspace-phi-3-5-mini-instruct", "-o", "yaml"])
    #expect(object.stdout.hasPrefix("apiVersion: kaito.sh/v1alpha1\n"))
    let version = try old.kaito(["version"])
    #expect(version.stdout.hasSuffix("KAITO controller: 0.4.4\n"))
    // chat and port-forward read the workspace in the version the controller serves, too.
    let chat = try old.kaito(["chat", "workspace-phi-3-5-mini-instruct", "--prompt", "hi"])
    #expect(chat.status == 0, "\(chat.stderr)")
    #expect(chat.stdout == "You said: hi (1 messages)\n")
    let secret = try old.kaito(["deploy", "llama-3.1-8b-instruct", "--hf-token-secret", "hf"])
    #expect(secret.status == 1)
    #expect(secret.stderr.contains("has no modelAccessSecret for --hf-token-secret"))
  }

  @Test func kaitoNotInstalled() throws {
    let result = try Self.bare.kaito(["status"])
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("error: KAITO is not installed in this cluster: no workspaces.kaito.sh"))
    let deploy = try Self.bare.kaito(["deploy", "phi-4"])
    #expect(deploy.stderr.contains("error: KAITO is not installed in this cluster"))
  }

  @Test func brokenKubeconfigsNameTheFileAndTheField() throws {
    let unparsable = try cluster.writeKubeconfig(
      "unparsable.yaml", "apiVersion: v1\nclusters:\n- name: a\n  cluster: {server: [\n")
    let parse = try status(unparsable)
    #expect(parse.status == 1)
    #expect(parse.stderr.hasPrefix("error: kubeconfig \(unparsable): line "))

    let badKey = try cluster.writeKubeconfig(
      "badkey.yaml", kubeconfig(user: "client-certificate-data: LS0t\nclient-key-data: '%%%not base64'"))
    let key = try status(badKey)
    #expect(key.stderr == "error: kubeconfig \(badKey): users[0].user.client-key-data: not valid base64\n")

    let noServer = try cluster.writeKubeconfig(
      "noserver.yaml", "clusters:\n- name: a\n  cluster: {certificate-authority: ca.crt}\n")
    #expect(try status(noServer).stderr == "error: kubeconfig \(noServer): clusters[0].cluster.server: missing\n")

    let missingFile = try cluster.writeKubeconfig(
      "missingca.yaml",
      kubeconfig(user: "token: admin-token").replacingOccurrences(
        of: "certificate-authority-data: \(try cluster.base64("ca.crt"))", with: "certificate-authority: nowhere/ca.crt"
      ))
    #expect(
      try status(missingFile).stderr
        == "error: kubeconfig \(missingFile): clusters[0].cluster.certificate-authority: cannot read \(cluster.folder.path)/nowhere/ca.crt: No such file or directory\n"
    )

    let noKubeconfig = try cluster.kaito(["status"], environment: ["KUBECONFIG": "", "HOME": "/nonexistent"])
    #expect(
      noKubeconfig.stderr == "error: no kubeconfig: set KUBECONFIG, pass --kubeconfig, or create ~/.kube/config\n")
  }
}

extension AuthTests {
  /// A kubeconfig whose exec plugin runs `script` after counting its runs in `<plugin>.count`.
  func countingPlugin(_ name: String, _ script: String) throws -> (kubeconfig: String, counter: URL) {
    let plugin = cluster.folder.appendingPathComponent("\(name).sh")
    let counter = cluster.folder.appendingPathComponent("\(name).sh.count")
    try "".write(to: counter, atomically: true, encoding: .utf8)
    try "#!/bin/sh\necho x >> \"$0.count\"\n\(script)\n".write(to: plugin, atomically: true, encoding: .utf8)
    chmod(plugin.path, 0o755)
    let config = try cluster.writeKubeconfig(
      "\(name).yaml",
      kubeconfig(user: "exec:\n  apiVersion: client.authentication.k8s.io/v1beta1\n  command: \(plugin.path)"))
    return (config, counter)
  }

  /// The plugin runs once per command while its credential is valid, and again once it expires.
  @Test(arguments: [("2099-01-01T00:00:00Z", true), ("2020-01-01T00:00:00Z", false)])
  func execCredentialsAreCachedUntilTheyExpire(expiry: String, cached: Bool) throws {
    let (config, counter) = try countingPlugin(
      "counting-\(cached)",
      #"echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"admin-token","expirationTimestamp":""#
        + expiry + #""}}'"#)
    let result = try cluster.kaito(
      ["deploy", "phi-4-mini-instruct", "-n", "exec-\(cached)", "--wait"], environment: ["KUBECONFIG": config])
    #expect(result.status == 0, "\(result.stderr)")
    let runs = try String(contentsOf: counter, encoding: .utf8).split(separator: "\n").count
    if cached { #expect(runs == 1) } else { #expect(runs >= 5) }
  }

  /// A plugin whose first token the server refuses is asked again once; what the refused attempt
  /// answered (the 401's body) is not mixed into the retried answer.
  @Test func execCredentialIsRenewedAfterA401WithACleanAnswer() throws {
    let (config, counter) = try countingPlugin(
      "stale-then-good",
      #"""
      if [ "$(wc -l < "$0.count")" -le 1 ]; then token=stale-token; else token=admin-token; fi
      echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"'$token'","expirationTimestamp":"2099-01-01T00:00:00Z"}}'
      """#)
    let result = try cluster.kaito(["status", "-o", "json"], environment: ["KUBECONFIG": config])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("{\n    \"apiVersion\": \"v1\""), "\(result.stdout)")
    #expect(try String(contentsOf: counter, encoding: .utf8).split(separator: "\n").count == 2)
  }

  /// Without node auto-provisioning KAITO runs on the user's nodes: no instance type is written
  /// and the fit is checked on the nodes' GPU labels.
  @Test func bringYourOwnNodes() throws {
    let byo = try TestCluster(step: 0.1)
    try byo.control("kaito", #"{"nap": false}"#)
    let none = try byo.kaito(["deploy", "phi-4", "--label", "pool=gpu"])
    #expect(none.status == 1)
    #expect(none.stderr.contains("error: No nodes found matching the specified label selector pool=gpu"))
    for i in 0..<2 {
      try byo.control(
        "object",
        """
        {"plural": "nodes", "object": {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "gpu-\(i)", "labels": {"pool": "gpu",
         "nvidia.com/gpu.product": "NVIDIA-A100-SXM4-80GB", "nvidia.com/gpu.count": "1", "nvidia.com/gpu.memory": "81920"}}}}
        """)
    }
    let tooBig = try byo.kaito(["deploy", "llama-3.3-70b-instruct", "--label", "pool=gpu", "--yes"])
    #expect(tooBig.status == 1)
    #expect(
      tooBig.stderr.contains(
        "error: llama-3.3-70b-instruct needs 3 GPU nodes of NVIDIA-A100-SXM4-80GB, but only 2 node(s) match the label selector"
      ))
    let fits = try byo.kaito(["deploy", "phi-4", "--label", "pool=gpu", "-o", "yaml"])
    #expect(fits.status == 0, "\(fits.stderr)")
    #expect(!fits.stdout.contains("instanceType"))
    #expect(fits.stdout.contains("pool: gpu"))
    let typed = try byo.kaito(["deploy", "phi-4", "--label", "pool=gpu", "--instance-type", "Standard_NC24ads_A100_v4"])
    #expect(typed.stderr.contains("--instance-type must not be set"))
  }
}

import Foundation
import Testing

@testable import KaitoCore

@Suite struct KubeconfigTests {
  let sample = """
    apiVersion: v1
    kind: Config
    current-context: dev
    clusters:
    - name: aks
      cluster:
        server: https://aks.example:443
        certificate-authority: certs/ca.pem
        tls-server-name: kubernetes
        proxy-url: http://proxy:3128
    users:
    - name: alice
      user:
        client-certificate-data: aGVsbG8=
        client-key-data: d29ybGQ=
    - name: bob
      user:
        exec:
          apiVersion: client.authentication.k8s.io/v1beta1
          command: kubelogin
          args: [get-token, --login, azurecli]
          env:
          - {name: AAD_LOGIN_METHOD, value: azurecli}
    contexts:
    - name: dev
      context: {cluster: aks, user: alice, namespace: team-a}
    - name: ops
      context: {cluster: aks, user: bob}
    """

  @Test func readsEveryField() throws {
    let config = try Kubeconfig.parse(sample, file: "/home/me/.kube/config", home: "/home/me")
    #expect(config.currentContext == "dev")
    let cluster = try #require(config.clusters["aks"])
    #expect(cluster.server == "https://aks.example:443")
    #expect(cluster.certificateAuthority == "/home/me/.kube/certs/ca.pem")
    #expect(cluster.tlsServerName == "kubernetes")
    #expect(cluster.proxyURL == "http://proxy:3128")
    #expect(config.users["alice"]?.clientCertificateData == Array("hello".utf8))
    let exec = try #require(config.users["bob"]?.exec)
    #expect(exec.command == "kubelogin")
    #expect(exec.args == ["get-token", "--login", "azurecli"])
    #expect(exec.env.first?.name == "AAD_LOGIN_METHOD")
    #expect(config.contexts["dev"]?.namespace == "team-a")
  }

  @Test func contextSelectionAndOverrides() throws {
    let text = sample.replacingOccurrences(
      of: "certificate-authority: certs/ca.pem", with: "certificate-authority-data: Y2E=")
    let config = try Kubeconfig.parse(text, file: "/k/config", home: nil)
    let byDefault = try Connection.resolve(config, options: ConnectionOptions(), environment: [:])
    #expect(byDefault.namespace == "team-a")
    #expect(byDefault.credentials == .clientCertificate(certificate: Array("hello".utf8), key: Array("world".utf8)))
    #expect(byDefault.proxy == "http://proxy:3128")
    #expect(byDefault.tls.serverName == "kubernetes")
    #expect(byDefault.tls.caPEM == Array("ca".utf8))

    var options = ConnectionOptions()
    options.context = "ops"
    let ops = try Connection.resolve(config, options: options, environment: [:])
    #expect(ops.namespace == "default")
    guard case .exec(let exec, "bob") = ops.credentials else {
      Issue.record("expected exec credentials")
      return
    }
    #expect(exec.command == "kubelogin")

    options.namespace = "other"
    options.server = "https://override:6443/"
    #expect(try Connection.resolve(config, options: options, environment: [:]).namespace == "other")
    #expect(try Connection.resolve(config, options: options, environment: [:]).server == "https://override:6443")

    options.context = "missing"
    #expect(throws: KaitoError("context \"missing\" not found in the kubeconfig (/k/config); contexts: dev, ops")) {
      try Connection.resolve(config, options: options, environment: [:])
    }
  }

  @Test func mergeKeepsTheFirstDefinitionWhole() throws {
    var first = try Kubeconfig.parse(
      """
      users:
      - name: u
        user: {token: first}
      """, file: "/a", home: nil)
    let second = try Kubeconfig.parse(
      """
      current-context: c
      users:
      - name: u
        user: {token: second, username: extra}
      - name: v
        user: {token: v}
      """, file: "/b", home: nil)
    first.merge(second)
    #expect(first.users["u"]?.token == "first")
    #expect(first.users["u"]?.username == nil)  // not merged field by field
    #expect(first.users["v"]?.token == "v")
    #expect(first.currentContext == "c")
    #expect(first.files == ["/a", "/b"])
  }

  @Test(arguments: [
    ("clusters: {}", "kubeconfig /k: clusters: expected a list"),
    (
      "clusters:\n- name: a\n  cluster: {server: ftp://x}",
      "kubeconfig /k: clusters[0].cluster.server: \"ftp://x\" is not an http(s) URL"
    ),
    (
      "clusters:\n- name: a\n  cluster: {server: 'https://x', insecure-skip-tls-verify: maybe}",
      "kubeconfig /k: clusters[0].cluster.insecure-skip-tls-verify: expected true or false"
    ),
    ("users:\n- user: {token: x}", "kubeconfig /k: users[0].name: missing"),
    (
      "users:\n- name: a\n  user: {exec: {command: x, apiVersion: client.authentication.k8s.io/v1alpha1}}",
      "kubeconfig /k: users[0].user.exec.apiVersion: \"client.authentication.k8s.io/v1alpha1\" is not supported (client.authentication.k8s.io/v1 or v1beta1)"
    ),
    (
      "users:\n- name: a\n  user: {exec: {command: x, apiVersion: client.authentication.k8s.io/v1}}",
      "kubeconfig /k: users[0].user.exec.interactiveMode: required for client.authentication.k8s.io/v1"
    ),
    ("contexts:\n- name: a\n  context: {user: b}", "kubeconfig /k: contexts[0].context.cluster: missing"),
    ("- just\n- a list", "kubeconfig /k: expected a mapping at the top"),
  ])
  func errorsNameTheFileAndTheField(text: String, message: String) {
    #expect(throws: KaitoError(message)) { try Kubeconfig.parse(text, file: "/k", home: nil) }
  }

  @Test func authProviderIsExplained() throws {
    let config = try Kubeconfig.parse(
      """
      clusters: [{name: c, cluster: {server: "https://x"}}]
      users: [{name: u, user: {auth-provider: {name: azure}}}]
      contexts: [{name: c, context: {cluster: c, user: u}}]
      current-context: c
      """, file: "/k", home: nil)
    #expect {
      try Connection.resolve(config, options: ConnectionOptions(), environment: [:])
    } throws: { ($0 as! KaitoError).message.contains("the \"azure\" auth provider was removed") }
  }
}

@Suite struct TimeTests {
  @Test(arguments: [
    ("2026-11-29T06:00:00Z", 1_795_932_000.0), ("1970-01-01T00:00:00Z", 0), ("2000-02-29T12:30:15.5Z", 951_827_415.5),
    ("2026-11-29T08:00:00+02:00", 1_795_932_000.0), ("2026-11-29T01:00:00-05:00", 1_795_932_000.0),
  ])
  func parsesRFC3339(text: String, seconds: Double) {
    #expect(Time.parse(text) == seconds)
  }

  @Test(arguments: ["", "2026-11-29", "2026-13-01T00:00:00Z", "2026-11-29T06:00:00", "yesterday"])
  func rejectsOthers(text: String) {
    #expect(Time.parse(text) == nil)
  }

  /// kubectl's duration.HumanDuration, boundary by boundary.
  @Test(arguments: [
    (-3.0, "<invalid>"), (-1.5, "0s"), (0, "0s"), (119, "119s"), (120, "2m"), (125, "2m5s"), (599, "9m59s"),
    (600, "10m"),
    (10799, "179m"), (10800, "3h"), (11100, "3h5m"), (28799, "7h59m"), (28800, "8h"), (172799, "47h"), (172800, "2d"),
    (180000, "2d2h"), (691199, "7d23h"), (691200, "8d"), (63071999, "729d"), (63072000, "2y"), (63158400, "2y1d"),
    (252288000, "8y"),
  ])
  func humanDuration(seconds: Double, text: String) {
    #expect(Time.humanDuration(seconds) == text)
  }

  @Test(arguments: [("30s", 30.0), ("5m", 300), ("1h30m", 5400), ("1.5h", 5400), ("250ms", 0.25), ("0", 0), ("45", 45)])
  func goDurations(text: String, seconds: Double) {
    #expect(Time.parseDuration(text) == seconds)
  }

  @Test(arguments: ["", "5 minutes", "-1s", "1d", "m"])
  func badDurations(text: String) {
    #expect(Time.parseDuration(text) == nil)
  }
}

@Suite struct JSONReaderTests {
  @Test func readsWhatTheAPIServerSends() throws {
    let v = try JSONReader.read(#"{"a":[1,-2.5e3,"x\n\"y\u00e9\ud83d\ude00",null,true,false],"b":{},"c":[]}"#)
    #expect(v == ["a": [1, -2500.0, "x\n\"yé😀", nil, true, false], "b": [:], "c": []])
  }

  @Test(arguments: ["{", "{\"a\" 1}", "[1,]", "tru", "\"open", "{} x", "01x"])
  func rejectsBrokenJSON(text: String) {
    #expect(throws: KaitoError.self) { try JSONReader.read(text) }
  }

  @Test func agreesWithTheYAMLReaderOnJSON() throws {
    var random = TestSupportRandom(seed: 3)
    for _ in 0..<300 {
      let value = YAMLRoundTripProperty.value(&random.generator)
      let text = JSONWriter.write(value)
      if text.contains("null") && value.containsNonFiniteDouble { continue }
      #expect(try JSONReader.read(text) == YAMLReader.read(text), "\(text)")
      #expect(try JSONReader.read(JSONWriter.compact(value)) == JSONReader.read(text))
    }
  }
}

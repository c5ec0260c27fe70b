import Foundation

/// nginx in front of the test cluster, speaking HTTP/2 to clients as real API servers do (the
/// Python cluster speaks only HTTP/1.1), so that watches and streamed answers are exercised over h2.
/// It checks client certificates with the cluster's CA and talks to the cluster as admin.
public final class HTTP2Front: @unchecked Sendable {
  public let port: Int
  private let process: Process
  private let stdin = makePipe()
  public let accessLog: URL

  public init(cluster: TestCluster) throws {
    let folder = cluster.folder.appendingPathComponent("nginx")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let free = try runProcess([
      python, "-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])",
    ])
    port = Int(free.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    accessLog = folder.appendingPathComponent("access.log")
    let c = cluster.folder.path
    let config = """
      daemon off; master_process off; pid \(folder.path)/nginx.pid; error_log \(folder.path)/error.log;
      events {}
      http {
        access_log \(accessLog.path) combined;
        client_body_temp_path \(folder.path)/body; proxy_temp_path \(folder.path)/proxy;
        fastcgi_temp_path \(folder.path)/fastcgi; uwsgi_temp_path \(folder.path)/uwsgi; scgi_temp_path \(folder.path)/scgi;
        map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
        server {
          listen 127.0.0.1:\(port) ssl http2;
          ssl_certificate \(c)/server.crt; ssl_certificate_key \(c)/server.key;
          ssl_client_certificate \(c)/ca.crt; ssl_verify_client optional;
          location / {
            proxy_pass https://127.0.0.1:\(cluster.port);
            proxy_ssl_certificate \(c)/admin.crt; proxy_ssl_certificate_key \(c)/admin.key;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;
            proxy_buffering off; proxy_request_buffering off; proxy_read_timeout 600s;
          }
        }
      }
      """
    try config.write(to: folder.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
    process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = [
      "-c", "\"$0\" \"$@\" & server=$!; cat >/dev/null; kill -9 $server; wait $server", "/usr/sbin/nginx",
      "-c", folder.appendingPathComponent("nginx.conf").path, "-p", folder.path,
    ]
    process.standardInput = stdin
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try launch(process)
    let port = port
    let answered = eventually(within: 60) {
      (try? runProcess(["curl", "-sk", "--http2", "-o", "/dev/null", "https://127.0.0.1:\(port)/version"]))?.status == 0
    }
    if answered { return }
    throw NSError(domain: "HTTP2Front", code: 1, userInfo: [NSLocalizedDescriptionKey: "nginx did not start"])
  }

  /// A kubeconfig for the cluster through this front, as admin by client certificate.
  public func kubeconfig(_ cluster: TestCluster) throws -> String {
    try cluster.writeKubeconfig(
      "kubeconfig-h2",
      """
      apiVersion: v1
      kind: Config
      clusters:
      - name: h2
        cluster: {server: "https://127.0.0.1:\(port)", certificate-authority-data: \(try cluster.base64("ca.crt"))}
      users:
      - name: admin
        user: {client-certificate-data: \(try cluster.base64("admin.crt")), client-key-data: \(try cluster.base64("admin.key"))}
      contexts:
      - name: h2
        context: {cluster: h2, user: admin}
      current-context: h2
      """)
  }
}

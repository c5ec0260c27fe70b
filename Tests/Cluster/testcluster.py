#!/usr/bin/env python3
"""The project's test cluster: a Kubernetes API server with a simulated KAITO, on loopback.

    testcluster.py DIR [--port N] [--step SECONDS] [--preload N] [--no-kaito]

Writes into DIR a CA, a server certificate for 127.0.0.1, client certificates (admin, viewer), a
second CA nobody trusts, and `kubeconfig` (admin, client certificate); then serves HTTPS on
127.0.0.1 and prints `READY <port>` on stdout. Stop it with SIGTERM.

What it does, as a real API server does it: client-certificate and bearer-token auth (tokens
admin-token, viewer-token, nobody-token), RBAC refusals worded like the real ones, discovery,
GET/LIST/WATCH with resourceVersions (bookmarks, WatchList's initial-events-end bookmark, 410 after
a compaction), server-side apply with field managers, conflicts and dryRun, Status errors, Table
responses for kubectl get, Warning headers, and KAITO v0.12: its CRD's printer columns, the webhook's
rules and messages, and a controller whose conditions progress every --step seconds through a
scenario that a test chooses per workspace (POST /_test/scenario, with an optional "step" of its
own). Only the standard library and
`cryptography` (certificates) are used.

The modules: state.py (the stored objects and what tests chose), apiserver.py (the HTTP API),
kaito.py (KAITO's webhook, controller and install), modelserver.py (the model behind each
workspace), portforward.py (the kubelet's port-forward), certificates.py and catalog.py.
"""
import argparse, os, signal, socket, ssl, sys, threading
from http.server import ThreadingHTTPServer

from apiserver import Handler
from certificates import write_certificates, write_kubeconfig
from inferenceset import InferenceSetController
from kaito import Controller
from modelserver import ModelServers
from state import Cluster, new_meta


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--step", type=float, default=0.3)
    parser.add_argument("--preload", type=int, default=0)
    parser.add_argument("--no-kaito", action="store_true")
    parser.add_argument("--exit-with-stdin", action="store_true")
    args = parser.parse_args()
    cluster = Cluster(args.step)
    cluster.controller = Controller(cluster)
    cluster.inferencesets = InferenceSetController(
        cluster, lambda namespace, name: threading.Thread(target=cluster.controller.run, args=(namespace, name), daemon=True).start())
    cluster.models = ModelServers(cluster)
    os.makedirs(args.dir, exist_ok=True)
    write_certificates(args.dir)
    cluster.controller.install(not args.no_kaito)
    for ns in ("default", "kaito-workspace"):
        cluster.store.put("namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": new_meta({"name": ns}, None)}, "ADDED")
    if args.preload:
        cluster.controller.preload(args.preload)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(args.dir, "server.crt"), os.path.join(args.dir, "server.key"))
    context.load_verify_locations(os.path.join(args.dir, "ca.crt"))
    context.verify_mode = ssl.CERT_OPTIONAL
    context.set_alpn_protocols(["http/1.1"])
    class Server(ThreadingHTTPServer):
        request_queue_size = 128  # as a real API server accepts bursts of connections
        def get_request(self):
            sock, address = super().get_request()
            # Without this, Nagle's algorithm and delayed ACKs add 40 ms to every response.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return sock, address
    server = Server(("127.0.0.1", args.port), type("ClusterHandler", (Handler,), {"cluster": cluster}))
    server.daemon_threads = True
    server.socket = context.wrap_socket(server.socket, server_side=True)
    port = server.server_address[1]
    write_kubeconfig(args.dir, port)
    signal.signal(signal.SIGTERM, lambda *a: (server.server_close(), os._exit(0)))
    print("READY %d" % port, flush=True)
    if args.exit_with_stdin:
        # The test process holds our stdin; when it ends (even killed), so do we.
        threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()

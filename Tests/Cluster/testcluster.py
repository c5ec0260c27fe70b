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
scenario that a test chooses per workspace (POST /_test/scenario). Only the standard library and
`cryptography` (certificates) are used.
"""
import argparse, copy, datetime, ipaddress, json, os, re, signal, socket, ssl, sys, threading, time, uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import schema

# ---------------------------------------------------------------- certificates

def write_certificates(folder):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID, ExtendedKeyUsageOID
    now = datetime.datetime.now(datetime.timezone.utc)

    def key():
        return ec.generate_private_key(ec.SECP256R1())

    def name(cn, org=None):
        parts = [x509.NameAttribute(NameOID.COMMON_NAME, cn)]
        if org:
            parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
        return x509.Name(parts)

    def certificate(subject, subject_key, issuer, issuer_key, ca=False, server=False):
        b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(subject_key.public_key())
             .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
             .not_valid_after(now + datetime.timedelta(days=2))
             .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if ca:
            b = b.add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
        elif server:
            b = b.add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                            x509.DNSName("localhost"), x509.DNSName("kubernetes.test")]), critical=False)
            b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        else:
            b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        return b.sign(issuer_key, hashes.SHA256())

    def save(base, cert, private_key):
        with open(os.path.join(folder, base + ".crt"), "wb") as f:
            f.write(cert.public_bytes(serialization.Encoding.PEM))
        with open(os.path.join(folder, base + ".key"), "wb") as f:
            f.write(private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption()))

    ca_key = key(); ca_name = name("test-cluster-ca")
    ca = certificate(ca_name, ca_key, ca_name, ca_key, ca=True)
    save("ca", ca, ca_key)
    server_key = key()
    save("server", certificate(name("kube-apiserver"), server_key, ca_name, ca_key, server=True), server_key)
    for user, org in (("admin", "system:masters"), ("viewer", None)):
        k = key()
        save(user, certificate(name(user, org), k, ca_name, ca_key), k)
    other_key = key(); other_name = name("untrusted-ca")
    save("other-ca", certificate(other_name, other_key, other_name, other_key, ca=True), other_key)


def write_kubeconfig(folder, port):
    import base64
    def b64(path):
        return base64.b64encode(open(os.path.join(folder, path), "rb").read()).decode()
    text = """apiVersion: v1
kind: Config
clusters:
- name: test
  cluster:
    server: https://127.0.0.1:%d
    certificate-authority-data: %s
users:
- name: admin
  user:
    client-certificate-data: %s
    client-key-data: %s
contexts:
- name: test
  context:
    cluster: test
    user: admin
    namespace: default
current-context: test
""" % (port, b64("ca.crt"), b64("admin.crt"), b64("admin.key"))
    with open(os.path.join(folder, "kubeconfig"), "w") as f:
        f.write(text)

# ---------------------------------------------------------------- the catalog the webhook knows

def load_catalog():
    """KAITO v0.12's preset names and weights, from the project's generated catalog."""
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "Sources", "KaitoCore", "Catalog", "CatalogData.swift")
    models, skus = {}, {}
    for line in open(path):
        m = re.search(r'Model\(hfID: "([^"]+)", alias: (nil|"([^"]+)"), servedName: "([^"]+)", weights: "([^"]+)", weightsBytes: (\d+).*contextLimit: (\d+).*transformers: (true|false)', line)
        if m:
            info = {"hf": m.group(1), "weights": m.group(5), "bytes": int(m.group(6)), "ctx": int(m.group(7)),
                    "transformers": m.group(8) == "true"}
            models[m.group(1).lower()] = info
            if m.group(3):
                models[m.group(3)] = info
        s = re.search(r'SKU\(cloud: \.(\w+), name: "([^"]+)", gpus: (\d+), gpuMemoryGiB: (\d+)', line)
        if s:
            skus[s.group(2).lower()] = {"cloud": s.group(1), "name": s.group(2), "gpus": int(s.group(3)), "mem": int(s.group(4))}
    return models, skus

MODELS, SKUS = load_catalog()
RESERVED = {"kaito.sh/workspace", "kaito.sh/ragengine", "kaito.sh/workspacenamespace", "kaito.sh/ragenginenamespace",
            "karpenter.kaito.sh/workspace-name", "karpenter.kaito.sh/workspace-namespace",
            "karpenter.kaito.sh/inferenceset", "karpenter.kaito.sh/inferenceset-namespace"}
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")

# ---------------------------------------------------------------- resources

# Custom resources behave as their CRD files say (Tests/Cluster/schema.py): KAITO v0.12.0's own.
CRDS = schema.kaito_crds()
RESOURCES = {
    # plural: (group, version(s), kind, namespaced)
    "workspaces": (CRDS["workspaces"].group, CRDS["workspaces"].served, CRDS["workspaces"].kind, CRDS["workspaces"].namespaced),
    "configmaps": ("", ("v1",), "ConfigMap", True),
    "pods": ("", ("v1",), "Pod", True),
    "services": ("", ("v1",), "Service", True),
    "events": ("", ("v1",), "Event", True),
    "secrets": ("", ("v1",), "Secret", True),
    "namespaces": ("", ("v1",), "Namespace", False),
    "nodes": ("", ("v1",), "Node", False),
    "deployments": ("apps", ("v1",), "Deployment", True),
    "validatingwebhookconfigurations": ("admissionregistration.k8s.io", ("v1",), "ValidatingWebhookConfiguration", False),
    "nodeclaims": ("karpenter.sh", ("v1",), "NodeClaim", False),
}

def now_rfc3339(offset=0.0):
    return datetime.datetime.fromtimestamp(time.time() + offset, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

def human_age(ts):
    if not ts:
        return "<unknown>"
    then = datetime.datetime.strptime(ts, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc).timestamp()
    s = int(time.time() - then)
    if s < 120:
        return "%ds" % max(s, 0)
    m = s // 60
    if m < 10:
        return "%dm%ds" % (m, s % 60) if s % 60 else "%dm" % m
    if m < 180:
        return "%dm" % m
    h = s // 3600
    if h < 8:
        return "%dh%dm" % (h, m % 60) if m % 60 else "%dh" % h
    if h < 48:
        return "%dh" % h
    return "%dd" % (h // 24)


class Store:
    """Objects by (plural, namespace, name), a global resourceVersion, and an event log for watches."""

    def __init__(self):
        self.lock = threading.Condition()
        self.objects = {}
        self.rv = 100
        self.log = []           # (rv, type, plural, namespace, object)
        self.compacted = 0      # watches from before this resourceVersion get 410
        self.owners = {}        # key -> {path: manager}
        self.kaito = True
        self.nap = True
        self.cache = {}

    def bump(self):
        self.rv += 1
        self.cache.clear()
        return str(self.rv)

    def put(self, plural, obj, event_type):
        with self.lock:
            meta = obj.setdefault("metadata", {})
            namespace = meta.get("namespace")
            if namespace and ("namespaces", "", namespace) not in self.objects:
                # Tests use namespaces freely: they exist as soon as something is put in them.
                self.put("namespaces", {"apiVersion": "v1", "kind": "Namespace",
                                        "metadata": {"name": namespace, "uid": str(uuid.uuid4()), "creationTimestamp": now_rfc3339()}}, "ADDED")
            meta["resourceVersion"] = self.bump()
            key = (plural, meta.get("namespace", ""), meta["name"])
            self.objects[key] = obj
            self.log.append((self.rv, event_type, plural, meta.get("namespace", ""), copy.deepcopy(obj)))
            self.lock.notify_all()
            return obj

    def remove(self, plural, namespace, name):
        with self.lock:
            obj = self.objects.pop((plural, namespace, name), None)
            if obj is not None:
                obj["metadata"]["resourceVersion"] = self.bump()
                self.log.append((self.rv, "DELETED", plural, namespace, copy.deepcopy(obj)))
                self.owners.pop((plural, namespace, name), None)
                self.lock.notify_all()
            return obj

    def get(self, plural, namespace, name):
        with self.lock:
            return copy.deepcopy(self.objects.get((plural, namespace, name)))

    def items(self, plural, namespace=None):
        with self.lock:
            return [copy.deepcopy(o) for (p, ns, _), o in sorted(self.objects.items()) if p == plural and (namespace is None or ns == namespace)]


STORE = Store()
SCENARIOS = {}      # (namespace, name) -> scenario name
# Faults a test injects (POST /_test/fault): each {"match": substring of "METHOD path", "kind": …,
# "count": how many requests (-1: all)}. Kinds: "status" (answer `code`, with Retry-After),
# "empty" (200 and no body), "garbage" (200 and a page that is not JSON), "cut" (a watch that the
# connection drops after `after` seconds, mid-stream), "frame" (a port-forward WebSocket frame
# announcing 2^63 bytes), "table" (a Table with no priority-0 column and over-long rows), "huge"
# (a 70 MiB body).
FAULTS = []

def take_fault(method, path):
    with STORE.lock:
        for fault in FAULTS:
            if fault["match"] in "%s %s" % (method, path) and fault.get("count", -1) != 0:
                if fault.get("count", -1) > 0:
                    fault["count"] -= 1
                return dict(fault)
    return None
STEP = 0.3
REQUESTS = []       # (method, path, user) for tests that check what was sent

def new_meta(meta, namespace):
    meta = dict(meta)
    if namespace:
        meta["namespace"] = namespace
    meta.setdefault("uid", str(uuid.uuid4()))
    meta.setdefault("creationTimestamp", now_rfc3339())
    meta.setdefault("generation", 1)
    return meta

# ---------------------------------------------------------------- KAITO: webhook

def validate_workspace(ws, old=None):
    """KAITO v0.12's validating webhook (api/v1beta1/workspace_validation.go), the rules a CLI can hit."""
    name = ws.get("metadata", {}).get("name", "")
    errors = []
    if not DNS_LABEL.match(name):
        errors.append("metadata.name: Invalid value: %r: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'" % name)
    inference, tuning = ws.get("inference"), ws.get("tuning")
    if inference is None and tuning is None:
        errors.append("Either Inference or Tuning must be specified, not neither")
    if inference is not None and tuning is not None:
        errors.append("Either Inference or Tuning must be specified, but not both")
    resource = ws.get("resource") or {}
    labels = ((resource.get("labelSelector") or {}).get("matchLabels")) or {}
    if labels and all(k in RESERVED for k in labels):
        errors.append("resource.labelSelector: matchLabels must contain at least one non-reserved label")
    sku_name = resource.get("instanceType", "")
    if STORE.nap and not sku_name:
        errors.append("resource.instanceType: instanceType is required when node auto-provisioning is enabled")
    if not STORE.nap and sku_name:
        errors.append("resource.instanceType: instanceType must be empty when node auto-provisioning is disabled (BYO scenario)")
    sku = SKUS.get(sku_name.lower())
    if sku_name and sku is None and not (sku_name.startswith("Standard_N") or sku_name.startswith("Standard_D")):
        errors.append("Unsupported instance type %s. Supported SKUs: [%s]" % (sku_name, ", ".join(s["name"] for s in SKUS.values() if s["cloud"] == "azure")))
    preset = ((inference or tuning or {}).get("preset") or {}).get("name")
    model = None
    if preset:
        if preset in ("phi-2",) or preset.startswith("falcon") or preset.startswith("llama-2"):
            errors.append("Model %s is deprecated and no longer supported" % preset)
        else:
            model = MODELS.get(preset.lower())
            if model is None and "/" not in preset:
                errors.append("Unsupported inference preset name %s" % preset)
    if tuning is not None:
        if (tuning.get("method") or "").lower() not in ("lora", "qlora"):
            errors.append("tuning.method: must be lora or qlora")
        source = tuning.get("input") or {}
        if len([k for k in ("urls", "image", "volumeSource") if source.get(k)]) != 1:
            errors.append("tuning.input: exactly one of URLs, Image or VolumeSource must be specified")
        out = tuning.get("output") or {}
        if len([k for k in ("image", "volumeSource") if out.get(k)]) != 1:
            errors.append("tuning.output: exactly one of Image or VolumeSource must be specified")
        if out.get("image") and not out.get("imagePushSecret"):
            errors.append("tuning.output: Must specify imagePushSecret with destination image")
    adapters = (inference or {}).get("adapters") or []
    if len(adapters) > 10:
        errors.append("Number of Adapters exceeds the maximum limit, maximum of 10 allowed")
    runtime = ws.get("metadata", {}).get("annotations", {}).get("kaito.sh/runtime", "vllm")
    if model and sku and runtime == "transformers":
        if not model["transformers"]:
            errors.append("Runtime validation: model %s does not support inference with Huggingface Transformers runtime" % preset)
        elif sku["mem"] * 2**30 < model["bytes"]:
            errors.append("instanceType: Insufficient total GPU memory: Instance type %s has a total of %dGi, but preset %s requires at least %s" % (sku["name"], sku["mem"], preset, model["weights"]))
    if old is not None:
        for path in (("resource", "instanceType"), ("resource", "labelSelector"), ("inference", "preset")):
            a, b = old, ws
            for p in path:
                a = (a or {}).get(p); b = (b or {}).get(p)
            if a != b:
                errors.append("%s: field is immutable" % ".".join(path))
    return errors

# ---------------------------------------------------------------- KAITO: controller

def condition(ctype, status, reason, message):
    return {"type": ctype, "status": status, "reason": reason, "message": message,
            "lastTransitionTime": now_rfc3339(), "observedGeneration": 1}

def record_event(ws, etype, reason, message):
    meta = ws["metadata"]
    name = "%s.%x" % (meta["name"], int(time.time() * 1e6))
    STORE.put("events", {"apiVersion": "v1", "kind": "Event",
                         "metadata": new_meta({"name": name}, meta["namespace"]),
                         "involvedObject": {"kind": "Workspace", "name": meta["name"], "namespace": meta["namespace"],
                                            "apiVersion": "kaito.sh/v1beta1", "uid": meta.get("uid")},
                         "reason": reason, "message": message, "type": etype, "count": 1,
                         "firstTimestamp": now_rfc3339(), "lastTimestamp": now_rfc3339(),
                         "source": {"component": "workspace-controller"}}, "ADDED")

def set_status(namespace, name, status_update):
    """The controller's status write. Like KAITO's, it also stamps the revision annotations; a
    workspace whose scenario is `newer` gets what a later KAITO would add: conditions and status
    fields this CLI has never seen."""
    with STORE.lock:
        ws = STORE.objects.get(("workspaces", namespace, name))
        if ws is None:
            return None
        ws = copy.deepcopy(ws)
        annotations = ws["metadata"].setdefault("annotations", {})
        annotations.setdefault("workspace.kaito.io/revision", "1")
        annotations.setdefault("workspace.kaito.io/hash", uuid.uuid5(uuid.NAMESPACE_OID, name).hex)
        status = ws.setdefault("status", {})
        conditions = {c["type"]: c for c in status.get("conditions", [])}
        for c in status_update.pop("conditions", []):
            conditions[c["type"]] = c
        if SCENARIOS.get((namespace, name)) == "newer":
            conditions["ModelMirrorReady"] = condition("ModelMirrorReady", "False", "MirrorPending", "a \x1b[31mnewer\x1b[0m condition")
            conditions["FutureGate"] = condition("FutureGate", "Unknown", "NotYetKnown", "from a later KAITO")
            status["futureField"] = {"nested": [1, 2, {"deep": True}]}
            status["performance"] = {"metrics": {"peakTokensPerMinute": {"description": "peak output tokens per minute", "value": "1234",
                                                                          "unit": "tokens/min"}}}
        status["conditions"] = list(conditions.values())
        status.update(status_update)
        return STORE.put("workspaces", ws, "MODIFIED")

def put_pod(ws, phase, container_state, ready, restarts=0, last_state=None):
    meta = ws["metadata"]
    pod = {"apiVersion": "v1", "kind": "Pod",
           "metadata": new_meta({"name": meta["name"] + "-0", "labels": {"kaito.sh/workspace": meta["name"]}}, meta["namespace"]),
           "spec": {"containers": [{"name": meta["name"], "image": "mcr.microsoft.com/aks/kaito/kaito-base:0.5.0"}],
                    "nodeName": "aks-ws%s-0" % meta["name"][:8]},
           "status": {"phase": phase, "containerStatuses": [{"name": meta["name"], "ready": ready, "restartCount": restarts,
                                                            "state": container_state, "lastState": last_state or {}}]}}
    existing = STORE.get("pods", meta["namespace"], pod["metadata"]["name"])
    if existing:
        pod["metadata"] = existing["metadata"]
    STORE.put("pods", pod, "MODIFIED" if existing else "ADDED")

def run_controller(namespace, name):
    """Moves one workspace through its scenario, one step every STEP seconds."""
    scenario = SCENARIOS.get((namespace, name), SCENARIOS.get(("*", "*"), "success"))
    if scenario == "newer":
        scenario = "success"
    ws = STORE.get("workspaces", namespace, name)
    if ws is None:
        return
    if "tuning" in ws:
        return run_tuning(namespace, name, scenario)
    nodes = int(ws["metadata"].get("annotations", {}).get("test.kaito.sh/nodes", "1"))
    sku = ws.get("resource", {}).get("instanceType", "")
    set_status(namespace, name, {"state": "Pending", "targetNodeCount": nodes, "conditions": [
        condition("ResourceReady", "False", "NodeClaimNotReady", "Ready NodeClaims are not enough (TargetNodeClaims: %d, CurrentReadyNodeClaims: 0)" % nodes),
        condition("WorkspaceSucceeded", "False", "workspacePending", "workspace is pending")]})
    record_event(ws, "Normal", "NodeClaimCreated", "Creating %d NodeClaim(s) of %s" % (nodes, sku))
    for i in range(nodes):
        STORE.put("nodeclaims", {"apiVersion": "karpenter.sh/v1", "kind": "NodeClaim",
                                 "metadata": new_meta({"name": "ws%s%d" % (uuid.uuid4().hex[:6], i),
                                                       "labels": {"kaito.sh/workspace": name, "kaito.sh/workspacenamespace": namespace}}, None),
                                 "spec": {"requirements": [{"key": "node.kubernetes.io/instance-type", "operator": "In", "values": [sku]}]},
                                 "status": {"conditions": [{"type": "Ready", "status": "False", "reason": "Launching" if scenario != "quota" else "LaunchFailed",
                                                            "message": "" if scenario != "quota" else "Family Cores quota exceeded"}]}}, "ADDED")
    time.sleep(STEP)
    if scenario == "quota":
        message = "Ready NodeClaims are not enough (TargetNodeClaims: %d, CurrentReadyNodeClaims: 0) (last reconcile error: failed to create nodeClaim: SubscriptionQuotaReached: Operation could not be completed as it results in exceeding approved standardNCADSA100v4Family Cores quota)" % nodes
        set_status(namespace, name, {"conditions": [condition("ResourceReady", "False", "SubscriptionQuotaReached", message)]})
        record_event(ws, "Warning", "SubscriptionQuotaReached", "Operation could not be completed as it results in exceeding approved Family Cores quota")
        return
    set_status(namespace, name, {"workerNodes": ["aks-ws%s-%d" % (name[:8], i) for i in range(nodes)], "conditions": [
        condition("NodeClaimReady", "True", "NodeClaimsReady", "Enough NodeClaims are ready"),
        condition("NodesReady", "True", "NodesReady", "Enough nodes are ready"),
        condition("ResourceReady", "True", "workspaceResourceStatusSuccess", "workspace resource is ready"),
        condition("InferenceReady", "False", "WorkspaceInferenceStatusPending", "Inference service is not ready")]})
    ws = STORE.get("workspaces", namespace, name)
    STORE.put("services", {"apiVersion": "v1", "kind": "Service", "metadata": new_meta({"name": name}, namespace),
                           "spec": {"type": "ClusterIP", "ports": [{"name": "http", "port": 80, "targetPort": 5000}],
                                    "selector": {"kaito.sh/workspace": name, "statefulset.kubernetes.io/pod-name": name + "-0"}}}, "ADDED")
    put_pod(ws, "Pending", {"waiting": {"reason": "ContainerCreating"}}, False)
    record_event(ws, "Normal", "WorkspaceResourceReady", "GPU nodes are ready")
    time.sleep(STEP)
    if scenario == "slow":
        # The container runs and downloads the weights; only /metrics answers meanwhile.
        put_pod(ws, "Running", {"running": {"startedAt": now_rfc3339()}}, False)
        start_backend(namespace, name, ((ws.get("inference") or {}).get("preset") or {}).get("name", "model"), downloading=True)
        return
    if scenario == "oom":
        put_pod(ws, "Running", {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 40s restarting failed container"}}, False, restarts=3,
                last_state={"terminated": {"reason": "OOMKilled", "exitCode": 137}})
        set_status(namespace, name, {"state": "NotReady", "conditions": [
            condition("InferenceReady", "False", "ContainerOOMKilled", "Container %s in pod %s-0 was OOMKilled" % (name, name)),
            condition("WorkspaceSucceeded", "False", "workspaceFailed", "workspace failed: inference is not ready")]})
        record_event(ws, "Warning", "BackOff", "Back-off restarting failed container %s in pod %s-0" % (name, name))
        return
    if scenario == "imagepull":
        put_pod(ws, "Pending", {"waiting": {"reason": "ImagePullBackOff", "message": "Back-off pulling image \"mcr.microsoft.com/aks/kaito/kaito-base:0.5.0\""}}, False)
        set_status(namespace, name, {"state": "NotReady", "conditions": [
            condition("InferenceReady", "False", "ImagePullError", "Failed to pull image for container %s" % name)]})
        record_event(ws, "Warning", "Failed", "Failed to pull image \"mcr.microsoft.com/aks/kaito/kaito-base:0.5.0\": unauthorized")
        return
    put_pod(ws, "Running", {"running": {"startedAt": now_rfc3339()}}, True)
    start_backend(namespace, name, ((ws.get("inference") or {}).get("preset") or {}).get("name", "model"), legacy=scenario == "legacy")
    set_status(namespace, name, {"state": "Ready", "conditions": [
        condition("InferenceReady", "True", "WorkspaceInferenceStatusSuccess", "Inference has been deployed successfully"),
        condition("WorkspaceSucceeded", "True", "workspaceSucceeded", "workspace succeeds")]})
    record_event(ws, "Normal", "InferenceReady", "Inference service is ready")

def run_tuning(namespace, name, scenario):
    """A tuning workspace: the Job starts, its pod runs, then it succeeds (or fails)."""
    ws = STORE.get("workspaces", namespace, name)
    set_status(namespace, name, {"state": "Pending", "conditions": [
        condition("ResourceReady", "False", "NodeClaimNotReady", "Ready NodeClaims are not enough (TargetNodeClaims: 1, CurrentReadyNodeClaims: 0)"),
        condition("JobStarted", "False", "WorkspaceTuningJobStatusPending", "Tuning job is pending")]})
    time.sleep(STEP)
    set_status(namespace, name, {"state": "Running", "workerNodes": ["aks-tuning-0"], "conditions": [
        condition("ResourceReady", "True", "workspaceResourceStatusSuccess", "workspace resource is ready"),
        condition("JobStarted", "True", "WorkspaceTuningJobStatusStarted", "Tuning job has started")]})
    pod = {"apiVersion": "v1", "kind": "Pod",
           "metadata": new_meta({"name": name + "-x7k2p", "labels": {"kaito.sh/workspace": name, "job-name": name}}, namespace),
           "spec": {"containers": [{"name": name}], "nodeName": "aks-tuning-0"},
           "status": {"phase": "Running", "containerStatuses": [{"name": name, "ready": True, "restartCount": 0, "state": {"running": {}}}]}}
    STORE.put("pods", pod, "ADDED")
    record_event(ws, "Normal", "JobStarted", "Tuning job %s started" % name)
    time.sleep(STEP)
    if scenario == "tuning-failed":
        pod["status"] = {"phase": "Failed", "containerStatuses": [{"name": name, "ready": False, "restartCount": 0,
                                                                  "state": {"terminated": {"reason": "Error", "exitCode": 1}}}]}
        STORE.put("pods", pod, "MODIFIED")
        set_status(namespace, name, {"state": "Failed", "conditions": [
            condition("JobStarted", "False", "WorkspaceTuningJobStatusFailed", "Tuning job failed: dataset has no 'messages' or 'prompt' column"),
            condition("WorkspaceSucceeded", "False", "workspaceFailed", "workspace failed")]})
        return
    pod["status"] = {"phase": "Succeeded", "containerStatuses": [{"name": name, "ready": False, "restartCount": 0,
                                                                 "state": {"terminated": {"reason": "Completed", "exitCode": 0}}}]}
    STORE.put("pods", pod, "MODIFIED")
    set_status(namespace, name, {"state": "Succeeded", "conditions": [
        condition("WorkspaceSucceeded", "True", "workspaceSucceeded", "workspace succeeds")]})

# ---------------------------------------------------------------- KAITO: install

def install_kaito(installed=True, version="0.12.0", cloud="azure", nap=True, by_digest=False):
    """KAITO's Helm install: the controller Deployment (image tagged with the version, or pinned by
    digest so that only the chart's labels tell it) and the webhook configuration."""
    STORE.kaito = installed
    STORE.nap = nap
    if not installed:
        return
    labels = {"app.kubernetes.io/name": "workspace", "app.kubernetes.io/instance": "kaito-workspace",
              "app.kubernetes.io/version": version, "helm.sh/chart": "workspace-%s" % version}
    image = "mcr.microsoft.com/aks/kaito/workspace" + ("@sha256:" + "0" * 64 if by_digest else ":%s" % version)
    STORE.put("deployments", {"apiVersion": "apps/v1", "kind": "Deployment",
                              "metadata": new_meta({"name": "kaito-workspace", "labels": labels}, "kaito-workspace"),
                              "spec": {"template": {"spec": {"containers": [{"name": "manager", "image": image,
                                                                             "args": ["--feature-gates=vLLM=true,disableNodeAutoProvisioning=%s,enableInferenceSetController=true" % ("false" if nap else "true")],
                                                                             "env": [{"name": "CLOUD_PROVIDER", "value": cloud}]}]}}}}, "ADDED")
    STORE.put("validatingwebhookconfigurations", {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration",
                                                  "metadata": new_meta({"name": "validation.workspace.kaito.sh"}, None),
                                                  "webhooks": [{"name": "validation.workspace.kaito.sh", "clientConfig": {"service": {"namespace": "kaito-workspace", "name": "workspace-webhook-svc"}}}]}, "ADDED")

def preload(count, namespaces=10):
    for i in range(count):
        ns = "team-%d" % (i % namespaces)
        name = "workspace-%05d" % i
        ws = {"apiVersion": "kaito.sh/v1beta1", "kind": "Workspace",
              "metadata": new_meta({"name": name, "labels": {"apps": name}}, ns),
              "resource": {"instanceType": "Standard_NC24ads_A100_v4", "labelSelector": {"matchLabels": {"apps": name}}},
              "inference": {"preset": {"name": "phi-3.5-mini-instruct"}},
              "status": {"state": "Ready", "targetNodeCount": 1, "workerNodes": ["aks-node-%d" % i],
                         "conditions": [condition("ResourceReady", "True", "workspaceResourceStatusSuccess", "ok"),
                                        condition("InferenceReady", "True", "WorkspaceInferenceStatusSuccess", "ok"),
                                        condition("WorkspaceSucceeded", "True", "workspaceSucceeded", "ok")]}}
        STORE.put("workspaces", ws, "ADDED")


# ---------------------------------------------------------------- the model server behind each workspace

CHAT_MODES = {}     # (namespace, name) -> list of modes for the next requests: "ok", "429", "break", "error"
BACKENDS = {}       # (namespace, name) -> (port, served model name)
GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

def served_name(preset):
    """The name vLLM serves under: the lowercased last part of the HF id (legacy aliases map to it)."""
    model = MODELS.get(preset.lower())
    hf = model["hf"] if model else preset
    return hf.split("/")[-1].lower()

def start_backend(namespace, name, preset, downloading=False, legacy=False):
    """A model server that answers as vLLM does (shapes from vLLM's OpenAI server). While the
    weights download, KAITO's wrapper answers only /metrics, with the download's progress."""
    served = served_name(preset)

    def adapter_names():
        """vLLM registers each adapter of the workspace under its source name."""
        ws = STORE.get("workspaces", namespace, name) or {}
        return [a["source"]["name"] for a in ((ws.get("inference") or {}).get("adapters") or [])]

    class Backend(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def reply(self, code, body, headers=()):
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/metrics":
                text = ("# HELP kaito_model_download_speed_bytes_per_second Model download speed\n"
                        "# TYPE kaito_model_download_speed_bytes_per_second gauge\n"
                        "kaito_model_download_speed_bytes_per_second %d\n"
                        "# TYPE kaito_model_download_remaining_seconds gauge\n"
                        "kaito_model_download_remaining_seconds %d\n") % ((52428800, 754) if downloading else (0, 0))
                data = text.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; version=0.0.4")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                return self.wfile.write(data)
            if downloading:
                return self.reply(404, {"detail": "Not Found"})
            if legacy:
                # KAITO <= v0.8's transformers API: /, /health, /chat.
                return self.reply(200, {"message": "Server is running"}) if self.path in ("/", "/health") else self.reply(404, {"detail": "Not Found"})
            if self.path.startswith("/v1/models"):
                return self.reply(200, {"object": "list", "data": [{"id": m, "object": "model", "created": 1, "owned_by": "vllm",
                                                                     "root": served if m == served else "/mnt/adapter/" + m,
                                                                     "parent": None if m == served else served, "max_model_len": 4096}
                                                                    for m in [served] + adapter_names()]})
            if self.path == "/health":
                return self.reply(200, {})
            if self.path.startswith("/bytes/"):
                # For throughput measurements: N bytes of filler.
                n = int(self.path.split("/")[-1])
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(n))
                self.end_headers()
                block = b"x" * 65536
                while n > 0:
                    self.wfile.write(block[:min(n, 65536)])
                    n -= 65536
                return
            self.reply(404, {"detail": "Not Found"})

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            if legacy and self.path == "/chat":
                messages = body.get("messages", [])
                return self.reply(200, {"Result": "You said: %s (%d messages)" % (messages[-1]["content"] if messages else body.get("prompt", ""), len(messages))})
            if legacy or self.path != "/v1/chat/completions":
                return self.reply(404, {"detail": "Not Found"})
            modes = CHAT_MODES.get((namespace, name), [])
            mode = modes.pop(0) if modes else "ok"
            if mode == "429":
                return self.reply(429, {"object": "error", "message": "The server is busy: too many requests waiting", "type": "TooManyRequests", "param": None, "code": 429},
                                  [("Retry-After", "1")])
            if mode == "error":
                return self.reply(400, {"error": {"message": "max_tokens must be at least 1, got -1.", "type": "BadRequestError", "param": None, "code": 400}})
            if body.get("model") not in [served] + adapter_names():
                return self.reply(404, {"object": "error", "message": "The model `%s` does not exist." % body.get("model"), "type": "NotFoundError", "param": None, "code": 404})
            messages = body.get("messages", [])
            last = messages[-1]["content"] if messages else ""
            words = ("You said: %s (%d messages)%s" % (last.strip(), len(messages),
                     "" if body.get("model") == served else " [adapter %s]" % body.get("model"))).split(" ")
            usage = {"prompt_tokens": 7 * len(messages), "completion_tokens": len(words), "total_tokens": 7 * len(messages) + len(words)}
            created, rid = int(time.time()), "chatcmpl-%s" % uuid.uuid4().hex[:12]
            if not body.get("stream"):
                return self.reply(200, {"id": rid, "object": "chat.completion", "created": created, "model": served,
                                        "choices": [{"index": 0, "message": {"role": "assistant", "content": " ".join(words)}, "finish_reason": "stop"}],
                                        "usage": usage})
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            def event(obj):
                data = ("data: %s\n\n" % (obj if isinstance(obj, str) else json.dumps(obj))).encode()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                self.wfile.flush()
            def chunk(delta, finish=None):
                return {"id": rid, "object": "chat.completion.chunk", "created": created, "model": served,
                        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]}
            event(chunk({"role": "assistant", "content": ""}))
            for i, word in enumerate(words):
                event(chunk({"content": (" " if i else "") + word}))
                if mode == "slow":
                    time.sleep(1.0)
                if mode == "break" and i == 2:
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
            event(chunk({}, "stop"))
            if (body.get("stream_options") or {}).get("include_usage"):
                event({"id": rid, "object": "chat.completion.chunk", "created": created, "model": served, "choices": [], "usage": usage})
            event("[DONE]")
            self.wfile.write(b"0\r\n\r\n")

    class Server(ThreadingHTTPServer):
        def get_request(self):
            sock, address = super().get_request()
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return sock, address
    server = Server(("127.0.0.1", 0), Backend)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    BACKENDS[(namespace, name)] = (server.server_address[1], served)


def ws_frame(payload, opcode=0x2):
    header = bytes([0x80 | opcode])
    n = len(payload)
    if n < 126:
        header += bytes([n])
    elif n < 65536:
        header += bytes([126]) + n.to_bytes(2, "big")
    else:
        header += bytes([127]) + n.to_bytes(8, "big")
    return header + payload


class FrameReader:
    def __init__(self, sock):
        self.sock, self.buf = sock, b""

    def frames(self):
        """Complete frames in the buffer: (opcode, payload), unmasked."""
        out = []
        while len(self.buf) >= 2:
            b0, b1 = self.buf[0], self.buf[1]
            n, off = b1 & 0x7F, 2
            if n == 126:
                if len(self.buf) < 4: break
                n, off = int.from_bytes(self.buf[2:4], "big"), 4
            elif n == 127:
                if len(self.buf) < 10: break
                n, off = int.from_bytes(self.buf[2:10], "big"), 10
            masked = b1 & 0x80
            mask = self.buf[off:off + 4] if masked else b"\0\0\0\0"
            if masked: off += 4
            if len(self.buf) < off + n: break
            payload = bytes(c ^ mask[i % 4] for i, c in enumerate(self.buf[off:off + n]))
            self.buf = self.buf[off + n:]
            out.append((b0 & 0x0F, payload))
        return out

# ---------------------------------------------------------------- HTTP

def status_body(code, reason, message, details=None):
    body = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": message, "reason": reason, "code": code}
    if details:
        body["details"] = details
    return body

def plural_of(obj):
    kind = obj.get("kind")
    return next((p for p, r in RESOURCES.items() if r[2] == kind), None)

def storage_version(plural):
    """The CRD's storage version, or the first served one on an older controller that serves less."""
    crd = CRDS[plural]
    served = RESOURCES[plural][1]
    return crd.storage if crd.storage in served else served[0]

def admit(plural, version, obj, old, sent, strict):
    """A write to a custom resource as the API server takes it: (object, Status error or None,
    warnings). Unknown fields in what the client `sent` are an error under Strict validation and
    a warning otherwise; the stored object's own fields (a newer controller's status) are not the
    client's doing."""
    crd = CRDS[plural]
    unknown = crd.schemas[version].unknown_fields(sent)
    new, _, errors = crd.admit(obj, version, old=old)
    name = obj.get("metadata", {}).get("name", "")
    if strict and unknown:
        namespace = obj.get("metadata", {}).get("namespace", "")
        return None, (400, "BadRequest", "failed to create typed patch object (%s/%s; %s/%s, Kind=%s): %s: field not declared in schema"
                      % (namespace, name, crd.group, version, crd.kind, unknown[0])), []
    if errors:
        return None, crd.invalid(name, errors), []
    new["apiVersion"] = "%s/%s" % (crd.group, storage_version(plural))
    return new, None, ['299 - "unknown field \\"%s\\""' % u.lstrip(".") for u in unknown]

def group_of(plural):
    g = RESOURCES[plural][0]
    return plural if not g else "%s.%s" % (plural, g)

def table(plural, items, rv):
    if plural == "workspaces":
        columns = [("Name", "string", "name"), ("Instance", "string", ""), ("ResourceReady", "string", ""), ("InferenceReady", "string", ""),
                   ("JobStarted", "string", ""), ("WorkspaceSucceeded", "string", ""), ("TargetNodeCount", "integer", ""),
                   ("State", "string", ""), ("Age", "date", "")]
        def cells(o):
            conds = {c["type"]: c["status"] for c in o.get("status", {}).get("conditions", [])}
            return [o["metadata"]["name"], o.get("resource", {}).get("instanceType"), conds.get("ResourceReady"), conds.get("InferenceReady"),
                    conds.get("JobStarted"), conds.get("WorkspaceSucceeded"), o.get("status", {}).get("targetNodeCount"),
                    o.get("status", {}).get("state"), human_age(o["metadata"].get("creationTimestamp"))]
    else:
        columns = [("Name", "string", "name"), ("Age", "date", "")]
        def cells(o):
            return [o["metadata"]["name"], human_age(o["metadata"].get("creationTimestamp"))]
    return {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": {"resourceVersion": rv},
            "columnDefinitions": [{"name": n, "type": t, "format": f, "description": n, "priority": 0} for n, t, f in columns],
            "rows": [{"cells": cells(o), "object": {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                                                     "metadata": o["metadata"]}} for o in items]}

def matches(obj, field_selector, label_selector):
    for clause in filter(None, (field_selector or "").split(",")):
        key, _, value = clause.partition("=")
        value = value.lstrip("=")
        cur = obj
        for part in key.split("."):
            cur = (cur or {}).get(part) if isinstance(cur, dict) else None
        if str(cur) != value:
            return False
    labels = obj.get("metadata", {}).get("labels") or {}
    for clause in filter(None, (label_selector or "").split(",")):
        if "!=" in clause:
            k, v = clause.split("!=", 1)
            if labels.get(k) == v:
                return False
        elif "=" in clause:
            k, v = clause.split("=", 1)
            if labels.get(k) != v.lstrip("="):
                return False
        elif labels.get(clause) is None:
            return False
    return True

def deep_merge(live, applied):
    for k, v in applied.items():
        if isinstance(v, dict) and isinstance(live.get(k), dict):
            deep_merge(live[k], v)
        else:
            live[k] = copy.deepcopy(v)
    return live

def leaves(obj, prefix=()):
    """The leaf fields of an applied configuration, by path (a tuple of keys: keys may hold dots)."""
    out = {}
    for k, v in (obj or {}).items():
        path = prefix + (k,)
        if path in (("metadata", "name"), ("metadata", "namespace"), ("apiVersion",), ("kind",), ("status",)):
            continue
        if isinstance(v, dict) and v:
            out.update(leaves(v, path))
        else:
            out[path] = v
    return out

def field_path(path):
    """A path as the API server names it in a conflict: `.metadata.annotations.kaito.sh/runtime`."""
    return "".join("." + p for p in path)

def remove_path(obj, path):
    """Removes a leaf, and the objects it leaves empty."""
    trail = [obj]
    for p in path[:-1]:
        cur = trail[-1].get(p) if isinstance(trail[-1], dict) else None
        if not isinstance(cur, dict):
            return
        trail.append(cur)
    trail[-1].pop(path[-1], None)
    for parent, p in zip(reversed(trail[:-1]), reversed(path[:-1])):
        if parent.get(p) == {}:
            del parent[p]

def get_path(obj, path):
    cur = obj
    for p in path:
        if not isinstance(cur, dict) or p not in cur:
            return None
        cur = cur[p]
    return cur


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "test-apiserver"

    def log_message(self, *args):
        pass

    # -- plumbing

    def user(self):
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            return {"admin-token": "admin", "viewer-token": "viewer", "nobody-token": "nobody"}.get(auth[7:])
        if auth.startswith("Basic "):
            import base64
            return "admin" if base64.b64decode(auth[6:]).decode() == "admin:secret" else None
        cert = self.connection.getpeercert() if hasattr(self.connection, "getpeercert") else None
        if cert:
            for rdn in cert.get("subject", ()):
                for key, value in rdn:
                    if key == "commonName":
                        return value
        return None

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def send_json(self, code, obj, headers=(), content_type="application/json"):
        data = obj if isinstance(obj, bytes) else json.dumps(obj, separators=(",", ":")).encode()
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Audit-Id", str(uuid.uuid4()))
        self.send_header("Cache-Control", "no-cache, private")
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def fail(self, code, reason, message, details=None):
        self.send_json(code, status_body(code, reason, message, details))

    def route(self):
        """(plural, version, namespace, name, subresource) of a resource path, or None."""
        path = urlsplit(self.path).path.rstrip("/")
        parts = path.strip("/").split("/")
        if parts[:1] == ["api"] and len(parts) >= 2:
            group, version, rest = "", parts[1], parts[2:]
        elif parts[:1] == ["apis"] and len(parts) >= 3:
            group, version, rest = parts[1], parts[2], parts[3:]
        else:
            return None
        namespace = None
        if rest[:1] == ["namespaces"] and len(rest) >= 3:
            namespace, rest = rest[1], rest[2:]
        if not rest:
            return None
        plural = rest[0]
        if plural not in RESOURCES or RESOURCES[plural][0] != group or version not in RESOURCES[plural][1]:
            return ("?", version, namespace, None, None)
        if group == "kaito.sh" and not STORE.kaito:
            return ("?", version, namespace, None, None)
        name = rest[1] if len(rest) > 1 else None
        sub = rest[2] if len(rest) > 2 else None
        return (plural, version, namespace, name, sub)

    def authorize(self, user, verb, plural, namespace, name):
        if user is None:
            self.fail(401, "Unauthorized", "Unauthorized")
            return False
        writes = verb in ("create", "patch", "update", "delete")
        if user == "admin" or (user == "viewer" and not writes):
            return True
        group = RESOURCES.get(plural, ("",))[0]
        what = ('%s "%s"' % (group_of(plural), name)) if name else group_of(plural)
        scope = ' in the namespace "%s"' % namespace if namespace else " at the cluster scope"
        self.fail(403, "Forbidden", '%s is forbidden: User "%s" cannot %s resource "%s" in API group "%s"%s'
                  % (what, user, verb, plural, group, scope), {"name": name or "", "group": group, "kind": plural})
        return False

    # -- verbs

    def do_GET(self):
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        path = url.path.rstrip("/") or "/"
        if path.startswith("/_test/"):
            return self.control_get(path)
        user = self.user()
        REQUESTS.append(("GET", self.path, user))
        self.fault = {}
        fault = take_fault("GET", self.path)
        if fault and self.answer_fault(fault):
            return
        if path == "/version":
            return self.send_json(200, {"major": "1", "minor": "32", "gitVersion": "v1.32.0", "gitCommit": "0", "gitTreeState": "clean",
                                        "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.23", "compiler": "gc", "platform": "linux/amd64"})
        if user is None:
            return self.fail(401, "Unauthorized", "Unauthorized")
        m = re.match(r"^/api/v1/namespaces/([^/]+)/pods/([^/]+)/portforward$", path)
        if m:
            return self.port_forward(user, m.group(1), m.group(2), query)
        m = re.match(r"^/api/v1/namespaces/([^/]+)/services/([^/:]+)(?::[^/]*)?/proxy(/.*)?$", path)
        if m:
            return self.proxy(user, m.group(1), m.group(2), m.group(3) or "/")
        if path == "/api":
            return self.send_json(200, {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": []})
        if path == "/apis":
            groups = {}
            for plural, (group, versions, kind, _) in RESOURCES.items():
                if group and (group != "kaito.sh" or STORE.kaito):
                    groups[group] = versions
            return self.send_json(200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
                {"name": g, "versions": [{"groupVersion": "%s/%s" % (g, v), "version": v} for v in vs],
                 "preferredVersion": {"groupVersion": "%s/%s" % (g, vs[0]), "version": vs[0]}} for g, vs in groups.items()]})
        if path.startswith("/apis/kaito.sh") and not STORE.kaito:
            return self.fail(404, "NotFound", "the server could not find the requested resource")
        m = re.match(r"^/apis/([^/]+)$", path)
        if m:
            versions = list(dict.fromkeys(v for p, (g, vs, k, n) in RESOURCES.items() if g == m.group(1) for v in vs))
            if not versions:
                return self.fail(404, "NotFound", "the server could not find the requested resource")
            return self.send_json(200, {"kind": "APIGroup", "apiVersion": "v1", "name": m.group(1),
                                        "versions": [{"groupVersion": "%s/%s" % (m.group(1), v), "version": v} for v in versions],
                                        "preferredVersion": {"groupVersion": "%s/%s" % (m.group(1), versions[0]), "version": versions[0]}})
        m = re.match(r"^/(?:api/(v1)|apis/([^/]+)/([^/]+))$", path)
        if m:
            group, version = (m.group(2) or ""), (m.group(1) or m.group(3))
            resources = []
            for plural, (g, vs, kind, namespaced) in RESOURCES.items():
                if g == group and version in vs:
                    r = {"name": plural, "singularName": kind.lower(), "namespaced": namespaced, "kind": kind,
                         "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]}
                    if plural == "workspaces":
                        r.update(shortNames=["wk", "wks"], categories=["workspace"])
                    resources.append(r)
                    if plural in ("workspaces", "pods"):
                        resources.append({"name": plural + "/status", "singularName": "", "namespaced": namespaced, "kind": kind, "verbs": ["get", "patch", "update"]})
            if not resources:
                return self.fail(404, "NotFound", "the server could not find the requested resource")
            gv = version if not group else "%s/%s" % (group, version)
            return self.send_json(200, {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": resources})
        route = self.route()
        if route is None or route[0] == "?":
            return self.fail(404, "NotFound", "the server could not find the requested resource")
        plural, version, namespace, name, sub = route
        if name:
            if not self.authorize(user, "get", plural, namespace, name):
                return
            obj = STORE.get(plural, namespace or "", name)
            if obj is None:
                return self.fail(404, "NotFound", '%s "%s" not found' % (group_of(plural), name),
                                 {"name": name, "group": RESOURCES[plural][0], "kind": plural})
            return self.send_json(200, self.convert(obj, version))
        verb = "watch" if query.get("watch") in ("true", "1") else "list"
        if not self.authorize(user, verb, plural, namespace, None):
            return
        if verb == "watch":
            return self.watch(plural, version, namespace, query)
        accept = self.headers.get("Accept", "")
        key = (self.path, "Table" in accept)
        with STORE.lock:
            cached = None if self.fault else STORE.cache.get(key)
            rv = str(STORE.rv)
        if cached is None:
            items = [self.convert(o, version) for o in STORE.items(plural, namespace)
                     if matches(o, query.get("fieldSelector"), query.get("labelSelector"))]
            if "as=Table" in accept and self.fault.get("kind") == "table":
                body = table(plural, items, rv)
                for column in body["columnDefinitions"]:
                    column["priority"] = 1
                for row in body["rows"]:
                    row["cells"] += ["extra", 1e300, None, {"x": 1}]
            elif "as=Table" in accept:
                body = table(plural, items, rv)
            else:
                group = RESOURCES[plural][0]
                body = {"apiVersion": ("%s/%s" % (group, version)) if group else version, "kind": RESOURCES[plural][2] + "List",
                        "metadata": {"resourceVersion": rv}, "items": items}
            cached = json.dumps(body, separators=(",", ":")).encode()
            with STORE.lock:
                if not self.fault:
                    STORE.cache[key] = cached
        self.send_json(200, cached, content_type="application/json;as=Table;v=v1;g=meta.k8s.io" if key[1] else "application/json")

    def answer_fault(self, fault):
        """Answers the request as the fault says; False when the fault belongs to a later step."""
        kind = fault["kind"]
        if kind == "status":
            code = fault.get("code", 503)
            self.send_json(code, status_body(code, {429: "TooManyRequests"}.get(code, "InternalError"), "injected fault %d" % code),
                           [("Retry-After", "1")])
            return True
        if kind == "huge":
            # A body past the client's 64 MiB cap, sent in pieces as a real server streams it.
            size = 70 << 20
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            block = b" " * (1 << 20)
            try:
                for _ in range(70):
                    self.wfile.write(block)
            except OSError:
                pass
            self.close_connection = True
            return True
        if kind in ("empty", "garbage"):
            body = b"" if kind == "empty" else b"<html><body>502 Bad Gateway \x1b[31mproxy\x1b[0m</body></html>\n"
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return True
        self.fault = fault
        return False

    def port_forward(self, user, namespace, pod, query):
        """pods/portforward as the kubelet serves it over WebSocket (v4.channel.k8s.io)."""
        if user != "admin":
            return self.fail(403, "Forbidden", 'pods "%s" is forbidden: User "%s" cannot create resource "pods/portforward" in API group "" in the namespace "%s"' % (pod, user, namespace))
        obj = STORE.get("pods", namespace, pod)
        if obj is None:
            return self.fail(404, "NotFound", 'pods "%s" not found' % pod, {"name": pod, "kind": "pods"})
        if self.headers.get("Upgrade", "").lower() != "websocket":
            return self.fail(400, "BadRequest", "Upgrade request required")
        if "v4.channel.k8s.io" not in self.headers.get("Sec-WebSocket-Protocol", ""):
            return self.fail(400, "BadRequest", "unsupported port-forward protocol")
        port = int(query.get("ports", "0"))
        import base64, hashlib
        accept = base64.b64encode(hashlib.sha1((self.headers["Sec-WebSocket-Key"] + GUID).encode()).digest()).decode()
        self.send_response(101, "Switching Protocols")
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept)
        self.send_header("Sec-WebSocket-Protocol", "v4.channel.k8s.io")
        self.end_headers()
        self.wfile.flush()
        conn = self.connection
        prefix = port.to_bytes(2, "little")
        conn.sendall(ws_frame(b"\x00" + prefix) + ws_frame(b"\x01" + prefix))
        if self.fault.get("kind") == "frame":
            # A binary frame whose 64-bit length has its top bit set, then some bytes.
            conn.sendall(bytes([0x82, 127]) + (2**63 + 5).to_bytes(8, "big") + b"\x00abcde")
            time.sleep(0.5)
            self.close_connection = True
            return
        workspace = pod[:-2] if pod.endswith("-0") else pod
        backend = BACKENDS.get((namespace, workspace))
        upstream = None
        try:
            if backend is None or port != 5000:
                raise ConnectionRefusedError()
            upstream = socket.create_connection(("127.0.0.1", backend[0]))
        except OSError:
            message = "error forwarding port %d to pod %s, uid : failed to execute portforward in network namespace: dial tcp4 127.0.0.1:%d: connect: connection refused" % (port, pod, port)
            conn.sendall(ws_frame(b"\x01" + message.encode()))
            conn.sendall(ws_frame((1000).to_bytes(2, "big"), 0x8))
            self.close_connection = True
            return
        reader = FrameReader(conn)
        import select
        try:
            while True:
                readable = [conn] if conn.pending() else select.select([conn, upstream], [], [], 1.0)[0]
                if conn in readable:
                    data = conn.recv(65536)
                    if not data:
                        break
                    reader.buf += data
                    for opcode, payload in reader.frames():
                        if opcode == 0x8:
                            raise EOFError()
                        if opcode in (0x0, 0x2) and payload[:1] == b"\x00":
                            upstream.sendall(payload[1:])
                if upstream in readable:
                    data = upstream.recv(65536)
                    if not data:
                        conn.sendall(ws_frame((1000).to_bytes(2, "big"), 0x8))
                        break
                    conn.sendall(ws_frame(b"\x00" + data))
        except (EOFError, OSError, ssl.SSLError):
            pass
        finally:
            upstream.close()
            self.close_connection = True

    def proxy(self, user, namespace, service, rest):
        """The API server's service proxy, streaming the answer back."""
        if user is None:
            return self.fail(401, "Unauthorized", "Unauthorized")
        if user not in ("admin",):
            return self.fail(403, "Forbidden", 'services "%s" is forbidden: User "%s" cannot get resource "services/proxy" in API group "" in the namespace "%s"' % (service, user, namespace))
        backend = BACKENDS.get((namespace, service))
        if STORE.get("services", namespace, service) is None or backend is None:
            return self.fail(503, "ServiceUnavailable", 'no endpoints available for service "%s"' % service)
        import http.client
        body = self.body() if self.command == "POST" else None
        upstream = http.client.HTTPConnection("127.0.0.1", backend[0])
        query = urlsplit(self.path).query
        upstream.request(self.command, rest + ("?" + query if query else ""), body=body,
                         headers={"Content-Type": self.headers.get("Content-Type", "application/json")})
        response = upstream.getresponse()
        self.send_response(response.status)
        for k, v in response.getheaders():
            if k.lower() not in ("transfer-encoding", "content-length", "connection"):
                self.send_header(k, v)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        while True:
            data = response.read1(65536)
            if not data:
                break
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")
        upstream.close()

    def convert(self, obj, version):
        """A stored object as served in the requested version (a custom resource gets that
        version's defaults on read, as from etcd)."""
        crd = CRDS.get(plural_of(obj))
        if crd is not None and version in crd.schemas:
            return crd.read(obj, version)
        return obj

    def watch(self, plural, version, namespace, query):
        name_filter, labels = query.get("fieldSelector"), query.get("labelSelector")
        timeout = float(query.get("timeoutSeconds", "300"))
        deadline = time.time() + timeout
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Cache-Control", "no-cache, private")
        self.end_headers()

        def emit(event_type, obj):
            data = json.dumps({"type": event_type, "object": obj}, separators=(",", ":")).encode() + b"\n"
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()

        group = RESOURCES[plural][0]
        api_version = ("%s/%s" % (group, version)) if group else version
        try:
            with STORE.lock:
                rv_text = query.get("resourceVersion")
                start = int(rv_text) if rv_text and rv_text != "0" else None
                initial = []
                if query.get("sendInitialEvents") == "true" or start is None:
                    initial = [self.convert(o, version) for o in STORE.items(plural, namespace) if matches(o, name_filter, labels)]
                    start = STORE.rv
                expired = start < STORE.compacted
            if expired:
                emit("ERROR", status_body(410, "Expired", "too old resource version: %d (%d)" % (start, STORE.compacted)))
                return self.end_chunks()
            for obj in initial:
                emit("ADDED", obj)
            if query.get("sendInitialEvents") == "true":
                emit("BOOKMARK", {"kind": RESOURCES[plural][2], "apiVersion": api_version,
                                  "metadata": {"resourceVersion": str(start), "annotations": {"k8s.io/initial-events-end": "true"}}})
            position = start
            cut = time.time() + self.fault["after"] if self.fault.get("kind") == "cut" else None
            while time.time() < deadline:
                if cut is not None and time.time() >= cut:
                    # Dropped mid-stream: no closing chunk, as a proxy that gives up does.
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                with STORE.lock:
                    pending = [e for e in STORE.log if e[0] > position]
                    if not pending:
                        STORE.lock.wait(timeout=min(1.0, max(0.01, min(deadline, cut or deadline) - time.time())))
                        pending = [e for e in STORE.log if e[0] > position]
                for rv, etype, p, ns, obj in pending:
                    position = rv
                    if p != plural or (namespace is not None and ns != namespace) or not matches(obj, name_filter, labels):
                        continue
                    emit(etype, self.convert(copy.deepcopy(obj), version))
                if query.get("allowWatchBookmarks") == "true" and not pending:
                    emit("BOOKMARK", {"kind": RESOURCES[plural][2], "apiVersion": api_version, "metadata": {"resourceVersion": str(position)}})
            self.end_chunks()
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            pass

    def end_chunks(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def admission(self, plural, version, new, live, sent, query, headers):
        """What stands between a write and the store, in the API server's order: the CRD's schema
        (defaults, pruning, validation; unknown fields in what was `sent`), then KAITO's
        validating webhook. The object to store, or None with the refusal already answered."""
        if plural in CRDS:
            new, error, warnings = admit(plural, version, new, live, sent, strict=query.get("fieldValidation") == "Strict")
            if isinstance(error, dict):
                self.send_json(error["code"], error)
                return None
            if error is not None:
                self.fail(*error)
                return None
            headers += [("Warning", w) for w in warnings]
        if plural == "workspaces":
            errors = validate_workspace(new, live)
            if errors:
                self.fail(400, "BadRequest", 'admission webhook "validation.workspace.kaito.sh" denied the request: ' + "; ".join(errors))
                return None
        return new

    def begin_write(self, method, verb):
        """The common start of a write to one object: (user, body, route) once authorized, else None
        with the answer already sent."""
        user = self.user()
        REQUESTS.append((method, self.path, user))
        body = self.body()
        route = self.route()
        if route is None or route[0] == "?":
            self.fail(404, "NotFound", "the server could not find the requested resource")
            return None
        plural, version, namespace, name, sub = route
        if not self.authorize(user, verb, plural, namespace, name):
            return None
        return user, body, route

    def do_PATCH(self):
        started = self.begin_write("PATCH", "patch")
        if started is None:
            return
        user, body, (plural, version, namespace, name, sub) = started
        query = {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}
        ctype = self.headers.get("Content-Type", "")
        apply = ctype.startswith("application/apply-patch+yaml")
        try:
            if apply:
                import yaml
                patch = yaml.safe_load(body)
            else:
                patch = json.loads(body)
        except Exception as e:
            return self.fail(400, "BadRequest", "error decoding patch: %s" % e)
        dry = query.get("dryRun") == "All"
        key = (plural, namespace or "", name)
        headers = []
        with STORE.lock:
            live = STORE.get(plural, namespace or "", name)
            if sub == "status":
                if live is None or plural not in CRDS:
                    return self.fail(404, "NotFound", '%s "%s" not found' % (group_of(plural), name))
                new, errors = CRDS[plural].admit_status(deep_merge(copy.deepcopy(live), patch), version, live)
                if errors:
                    return self.send_json(422, CRDS[plural].invalid(name, errors))
                if not dry and new != live:
                    STORE.put(plural, new, "MODIFIED")
                return self.send_json(200, self.convert(new, version))
            if apply:
                manager = query.get("fieldManager")
                if not manager:
                    return self.fail(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch")
                owners = STORE.owners.get(key, {})
                applied = leaves(patch)
                if live is not None:
                    conflicts = [p for p, v in applied.items() if owners.get(p, manager) != manager and get_path(live, p) != v]
                    if conflicts and query.get("force") != "true":
                        return self.fail(409, "Conflict", "Apply failed with %d conflict%s: %s" % (
                            len(conflicts), "s" if len(conflicts) > 1 else "", "; ".join('conflict with "%s": %s' % (owners[p], field_path(p)) for p in conflicts)),
                            {"causes": [{"reason": "FieldManagerConflict", "message": 'conflict with "%s"' % owners[p], "field": field_path(p)} for p in conflicts]})
                    new = deep_merge(copy.deepcopy(live), patch)
                    # Fields this manager applied before and applies no more are removed, unless another owns them.
                    for path, owner in owners.items():
                        if owner == manager and path not in applied:
                            remove_path(new, path)
                else:
                    new = copy.deepcopy(patch)
                    new["metadata"] = new_meta(patch.get("metadata", {}), namespace)
                    if plural == "workspaces":
                        new["metadata"].setdefault("finalizers", ["workspace.finalizer.kaito.sh"])
            else:
                if live is None:
                    return self.fail(404, "NotFound", '%s "%s" not found' % (group_of(plural), name))
                new = deep_merge(copy.deepcopy(live), patch)
            new = self.admission(plural, version, new, live, patch, query, headers)
            if new is None:
                return
            if apply:
                managers = set(owners.values()) | {manager}
                new["metadata"]["managedFields"] = [{"manager": m, "operation": "Apply", "apiVersion": new.get("apiVersion")} for m in sorted(managers)]
                if plural == "workspaces" and live is None and not patch.get("metadata", {}).get("annotations", {}).get("kaito.sh/runtime") and (patch.get("inference") or {}).get("preset", {}).get("name", "").lower() in ("phi-4",):
                    headers.append(("Warning", '299 - "test warning: phi-4 served by the test cluster"'))
            if dry:
                new["metadata"].setdefault("resourceVersion", str(STORE.rv))
                return self.send_json(201 if live is None else 200, self.convert(new, version), headers)
            if apply:
                STORE.owners[key] = {**{p: o for p, o in owners.items() if o != manager}, **{p: manager for p in applied}}
            if live is not None and new == live:
                # A no-op write changes nothing, not even the resourceVersion.
                return self.send_json(200, self.convert(new, version), headers)
            STORE.put(plural, new, "ADDED" if live is None else "MODIFIED")
            created = live is None
        if created and plural == "workspaces":
            threading.Thread(target=run_controller, args=(namespace, name), daemon=True).start()
        self.send_json(201 if created else 200, self.convert(new, version), headers)

    def do_PUT(self):
        """Update (kubectl replace, edit): the whole object, checked against its resourceVersion."""
        started = self.begin_write("PUT", "update")
        if started is None:
            return
        user, body, (plural, version, namespace, name, sub) = started
        try:
            obj = json.loads(body)
        except ValueError as e:
            return self.fail(400, "BadRequest", "error decoding body: %s" % e)
        query = {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}
        headers = []
        with STORE.lock:
            live = STORE.get(plural, namespace or "", name)
            if live is None:
                return self.fail(404, "NotFound", '%s "%s" not found' % (group_of(plural), name), {"name": name, "kind": plural})
            sent_rv = obj.get("metadata", {}).get("resourceVersion")
            if sent_rv and sent_rv != live["metadata"]["resourceVersion"]:
                return self.fail(409, "Conflict", 'Operation cannot be fulfilled on %s "%s": the object has been modified; please apply your changes to the latest version and try again'
                                 % (group_of(plural), name), {"name": name, "group": RESOURCES[plural][0], "kind": plural})
            # Server-owned metadata stays as stored; the path names the object.
            meta = obj.setdefault("metadata", {})
            meta["name"] = name
            if namespace:
                meta["namespace"] = namespace
            for key in ("uid", "creationTimestamp", "generation", "managedFields", "resourceVersion", "deletionTimestamp"):
                if key in live["metadata"]:
                    meta[key] = live["metadata"][key]
            if plural in CRDS and sub == "status":
                new, errors = CRDS[plural].admit_status(obj, version, live)
                if errors:
                    return self.send_json(422, CRDS[plural].invalid(name, errors))
            else:
                new = self.admission(plural, version, obj, live, obj, query, headers)
                if new is None:
                    return
            if query.get("dryRun") == "All" or new == live:
                return self.send_json(200, self.convert(new, version), headers)
            STORE.put(plural, new, "MODIFIED")
        self.send_json(200, self.convert(new, version), headers)

    def do_DELETE(self):
        user = self.user()
        REQUESTS.append(("DELETE", self.path, user))
        self.body()
        route = self.route()
        if route is None or route[0] == "?":
            return self.fail(404, "NotFound", "the server could not find the requested resource")
        plural, version, namespace, name, sub = route
        if not self.authorize(user, "delete", plural, namespace, name):
            return
        obj = STORE.get(plural, namespace or "", name)
        if obj is None:
            return self.fail(404, "NotFound", '%s "%s" not found' % (group_of(plural), name), {"name": name, "kind": plural})
        if "dryRun=All" in self.path:
            return self.send_json(200, obj)
        if obj["metadata"].get("finalizers"):
            obj["metadata"]["deletionTimestamp"] = now_rfc3339()
            STORE.put(plural, obj, "MODIFIED")
            def finish():
                time.sleep(STEP)
                for (p, ns, n), o in list(STORE.objects.items()):
                    if p == "nodeclaims" and o["metadata"].get("labels", {}).get("kaito.sh/workspace") == name:
                        STORE.remove(p, ns, n)
                for p in ("pods", "services"):
                    for n in (name, name + "-0"):
                        STORE.remove(p, namespace or "", n)
                STORE.remove(plural, namespace or "", name)
            threading.Thread(target=finish, daemon=True).start()
            return self.send_json(200, obj)
        STORE.remove(plural, namespace or "", name)
        self.send_json(200, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "details": {"name": name, "kind": plural}})

    def do_POST(self):
        path = urlsplit(self.path).path
        m = re.match(r"^/api/v1/namespaces/([^/]+)/services/([^/:]+)(?::[^/]*)?/proxy(/.*)?$", path)
        if m:
            return self.proxy(self.user(), m.group(1), m.group(2), m.group(3) or "/")
        body = self.body()
        if path.startswith("/_test/"):
            return self.control_post(path, json.loads(body or b"{}"))
        user = self.user()
        REQUESTS.append(("POST", self.path, user))
        route = self.route()
        if route is None or route[0] == "?":
            return self.fail(404, "NotFound", "the server could not find the requested resource")
        plural, version, namespace, name, sub = route
        obj = json.loads(body)
        name = obj.get("metadata", {}).get("name")
        if not self.authorize(user, "create", plural, namespace, name):
            return
        query = {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}
        headers = []
        obj["metadata"] = new_meta(obj.get("metadata", {}), namespace)
        if plural == "workspaces":
            obj["metadata"].setdefault("finalizers", ["workspace.finalizer.kaito.sh"])
        obj = self.admission(plural, version, obj, None, obj, query, headers)
        if obj is None:
            return
        with STORE.lock:
            if STORE.get(plural, namespace or "", name) is not None:
                return self.fail(409, "AlreadyExists", '%s "%s" already exists' % (group_of(plural), name))
            if query.get("dryRun") != "All":
                STORE.put(plural, obj, "ADDED")
        if plural == "workspaces" and query.get("dryRun") != "All":
            threading.Thread(target=run_controller, args=(namespace, name), daemon=True).start()
        self.send_json(201, self.convert(obj, version), headers)

    # -- control, for tests

    def control_get(self, path):
        if path == "/_test/backends":
            return self.send_json(200, {"%s/%s" % key: port for key, (port, _) in BACKENDS.items()})
        if path == "/_test/requests":
            return self.send_json(200, [{"method": m, "path": p, "user": u} for m, p, u in REQUESTS])
        self.send_json(404, {})

    def control_post(self, path, body):
        if path == "/_test/scenario":
            SCENARIOS[(body.get("namespace", "default"), body["name"])] = body["scenario"]
        elif path == "/_test/kaito":
            install_kaito(body.get("installed", True), body.get("version", "0.12.0"), body.get("cloud", "azure"), body.get("nap", True),
                          body.get("byDigest", False))
            if "apiVersions" in body:
                # An older controller: v0.4.4 and before served only v1alpha1.
                RESOURCES["workspaces"] = ("kaito.sh", tuple(body["apiVersions"]), "Workspace", True)
        elif path == "/_test/preload":
            preload(int(body["count"]))
        elif path == "/_test/compact":
            with STORE.lock:
                STORE.compacted = STORE.rv + 1
        elif path == "/_test/backend":
            # Point a workspace's pod and service at another model server (a real llama-server).
            BACKENDS[(body.get("namespace", "default"), body["name"])] = (int(body["port"]), body.get("served", "model"))
        elif path == "/_test/chat":
            CHAT_MODES[(body.get("namespace", "default"), body["name"])] = list(body["modes"])
        elif path == "/_test/fault":
            with STORE.lock:
                if body.get("clear"):
                    FAULTS.clear()
                else:
                    FAULTS.append(body)
        elif path == "/_test/object":
            STORE.put(body["plural"], body["object"], "ADDED")
        else:
            return self.send_json(404, {})
        self.send_json(200, {"ok": True})


def main():
    global STEP
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--step", type=float, default=0.3)
    parser.add_argument("--preload", type=int, default=0)
    parser.add_argument("--no-kaito", action="store_true")
    parser.add_argument("--exit-with-stdin", action="store_true")
    args = parser.parse_args()
    STEP = args.step
    os.makedirs(args.dir, exist_ok=True)
    write_certificates(args.dir)
    install_kaito(not args.no_kaito)
    for ns in ("default", "kaito-workspace"):
        STORE.put("namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": new_meta({"name": ns}, None)}, "ADDED")
    if args.preload:
        preload(args.preload)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(args.dir, "server.crt"), os.path.join(args.dir, "server.key"))
    context.load_verify_locations(os.path.join(args.dir, "ca.crt"))
    context.verify_mode = ssl.CERT_OPTIONAL
    context.set_alpn_protocols(["http/1.1"])
    class Server(ThreadingHTTPServer):
        def get_request(self):
            sock, address = super().get_request()
            # Without this, Nagle's algorithm and delayed ACKs add 40 ms to every response.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return sock, address
    server = Server(("127.0.0.1", args.port), Handler)
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

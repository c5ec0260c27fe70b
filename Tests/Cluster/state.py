"""The test cluster's state: the stored objects, what the tests chose (scenarios, faults) and what
clients asked. One `Cluster` per server process; the modules keep no mutable state of their own."""
import copy, datetime, threading, time, uuid

import schema

# Custom resources behave as their CRD files say (Tests/Cluster/schema.py): KAITO v0.12.0's own.
CRDS = schema.kaito_crds()

def default_resources():
    """plural: (group, version(s), kind, namespaced): what discovery serves."""
    return {
        "workspaces": (CRDS["workspaces"].group, CRDS["workspaces"].served, CRDS["workspaces"].kind, CRDS["workspaces"].namespaced),
        "inferencesets": (CRDS["inferencesets"].group, CRDS["inferencesets"].served, CRDS["inferencesets"].kind, CRDS["inferencesets"].namespaced),
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


def new_meta(meta, namespace):
    meta = dict(meta)
    if namespace:
        meta["namespace"] = namespace
    meta.setdefault("uid", str(uuid.uuid4()))
    meta.setdefault("creationTimestamp", now_rfc3339())
    meta.setdefault("generation", 1)
    return meta


class Cluster:
    """Everything one test cluster holds. The KAITO controller and the model servers are set by
    testcluster.main, which builds them around this object."""

    def __init__(self, step):
        self.store = Store()
        self.resources = default_resources()
        self.scenarios = {}      # (namespace, name) -> scenario name
        self.steps = {}          # (namespace, name) -> seconds per controller step, instead of step
        # Faults a test injects (POST /_test/fault): each {"match": substring of "METHOD path", "kind": …,
        # "count": how many requests (-1: all)}. Kinds: "status" (answer `code`, with Retry-After),
        # "empty" (200 and no body), "garbage" (200 and a page that is not JSON), "cut" (a watch that the
        # connection drops after `after` seconds, mid-stream), "frame" (a port-forward WebSocket frame
        # announcing 2^63 bytes), "table" (a Table with no priority-0 column and over-long rows), "huge"
        # (a 70 MiB body).
        self.faults = []
        self.requests = []       # (method, path, user) for tests that check what was sent
        self.step = step         # seconds between the controller's steps
        self.controller = None
        self.inferencesets = None
        self.models = None

    def take_fault(self, method, path):
        with self.store.lock:
            for fault in self.faults:
                if fault["match"] in "%s %s" % (method, path) and fault.get("count", -1) != 0:
                    if fault.get("count", -1) > 0:
                        fault["count"] -= 1
                    return dict(fault)
        return None

    def storage_version(self, plural):
        """The CRD's storage version, or the first served one on an older controller that serves less."""
        crd = CRDS[plural]
        served = self.resources[plural][1]
        return crd.storage if crd.storage in served else served[0]

"""The test cluster's API server: authentication, RBAC refusals worded like the real ones,
discovery, GET/LIST/WATCH with resourceVersions, server-side apply, update, delete with
finalizers, Table responses, the service proxy and the test control API (/_test/…). Custom
resources are admitted as their CRD files say (schema.py), then by KAITO's webhook (kaito.py)."""
import copy, json, re, socket, ssl, threading, time, uuid
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

import portforward
from inferenceset import validate_inferenceset
from kaito import validate_workspace
from state import CRDS, default_resources, human_age, new_meta, now_rfc3339

# Groups and kinds never change; only the served versions do (cluster.resources).
KINDS = default_resources()


def status_body(code, reason, message, details=None):
    body = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": message, "reason": reason, "code": code}
    if details:
        body["details"] = details
    return body

def plural_of(obj):
    kind = obj.get("kind")
    return next((p for p, r in KINDS.items() if r[2] == kind), None)

def admit(plural, version, obj, old, sent, strict, storage):
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
    new["apiVersion"] = "%s/%s" % (crd.group, storage)
    return new, None, ['299 - "unknown field \\"%s\\""' % u.lstrip(".") for u in unknown]

def scale_of(obj):
    """An InferenceSet's scale subresource, as autoscaling/v1 Scale."""
    meta = obj["metadata"]
    return {"kind": "Scale", "apiVersion": "autoscaling/v1",
            "metadata": {"name": meta["name"], "namespace": meta.get("namespace"), "uid": meta.get("uid"),
                         "resourceVersion": meta.get("resourceVersion"), "creationTimestamp": meta.get("creationTimestamp")},
            "spec": {"replicas": (obj.get("spec") or {}).get("replicas", 1)},
            "status": {"replicas": (obj.get("status") or {}).get("replicas", 0),
                       "selector": (obj.get("status") or {}).get("selector", "")}}

def group_of(plural):
    g = KINDS[plural][0]
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
    elif plural == "inferencesets":
        columns = [("Name", "string", "name"), ("Replicas", "integer", ""), ("ReadyReplicas", "integer", ""), ("Age", "date", "")]
        def cells(o):
            return [o["metadata"]["name"], (o.get("spec") or {}).get("replicas"), (o.get("status") or {}).get("readyReplicas"),
                    human_age(o["metadata"].get("creationTimestamp"))]
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
    """The API server. `cluster` (a state.Cluster) is set on a subclass made for each server."""
    cluster = None
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
        if plural not in self.cluster.resources or self.cluster.resources[plural][0] != group or version not in self.cluster.resources[plural][1]:
            return ("?", version, namespace, None, None)
        if group == "kaito.sh" and not self.cluster.store.kaito:
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
        group = self.cluster.resources.get(plural, ("",))[0]
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
        self.cluster.requests.append(("GET", self.path, user))
        self.fault = {}
        fault = self.cluster.take_fault("GET", self.path)
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
            for plural, (group, versions, kind, _) in self.cluster.resources.items():
                if group and (group != "kaito.sh" or self.cluster.store.kaito):
                    groups[group] = versions
            return self.send_json(200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
                {"name": g, "versions": [{"groupVersion": "%s/%s" % (g, v), "version": v} for v in vs],
                 "preferredVersion": {"groupVersion": "%s/%s" % (g, vs[0]), "version": vs[0]}} for g, vs in groups.items()]})
        if path.startswith("/apis/kaito.sh") and not self.cluster.store.kaito:
            return self.fail(404, "NotFound", "the server could not find the requested resource")
        m = re.match(r"^/apis/([^/]+)$", path)
        if m:
            versions = list(dict.fromkeys(v for p, (g, vs, k, n) in self.cluster.resources.items() if g == m.group(1) for v in vs))
            if not versions:
                return self.fail(404, "NotFound", "the server could not find the requested resource")
            return self.send_json(200, {"kind": "APIGroup", "apiVersion": "v1", "name": m.group(1),
                                        "versions": [{"groupVersion": "%s/%s" % (m.group(1), v), "version": v} for v in versions],
                                        "preferredVersion": {"groupVersion": "%s/%s" % (m.group(1), versions[0]), "version": versions[0]}})
        m = re.match(r"^/(?:api/(v1)|apis/([^/]+)/([^/]+))$", path)
        if m:
            group, version = (m.group(2) or ""), (m.group(1) or m.group(3))
            resources = []
            for plural, (g, vs, kind, namespaced) in self.cluster.resources.items():
                if g == group and version in vs:
                    r = {"name": plural, "singularName": kind.lower(), "namespaced": namespaced, "kind": kind,
                         "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]}
                    if plural == "workspaces":
                        r.update(shortNames=["wk", "wks"], categories=["workspace"])
                    resources.append(r)
                    if plural in ("workspaces", "pods", "inferencesets"):
                        resources.append({"name": plural + "/status", "singularName": "", "namespaced": namespaced, "kind": kind, "verbs": ["get", "patch", "update"]})
                    if plural == "inferencesets":
                        r.update(shortNames=["is", "isets"], categories=["inferenceset"])
                        resources.append({"name": "inferencesets/scale", "singularName": "", "namespaced": True, "group": "autoscaling",
                                          "version": "v1", "kind": "Scale", "verbs": ["get", "patch", "update"]})
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
            obj = self.cluster.store.get(plural, namespace or "", name)
            if obj is None:
                return self.fail(404, "NotFound", '%s "%s" not found' % (group_of(plural), name),
                                 {"name": name, "group": self.cluster.resources[plural][0], "kind": plural})
            if sub == "scale" and plural == "inferencesets":
                return self.send_json(200, scale_of(obj))
            return self.send_json(200, self.convert(obj, version))
        verb = "watch" if query.get("watch") in ("true", "1") else "list"
        if not self.authorize(user, verb, plural, namespace, None):
            return
        if verb == "watch":
            return self.watch(plural, version, namespace, query)
        accept = self.headers.get("Accept", "")
        key = (self.path, "Table" in accept)
        with self.cluster.store.lock:
            cached = None if self.fault else self.cluster.store.cache.get(key)
            rv = str(self.cluster.store.rv)
        if cached is None:
            items = [self.convert(o, version) for o in self.cluster.store.items(plural, namespace)
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
                group = self.cluster.resources[plural][0]
                body = {"apiVersion": ("%s/%s" % (group, version)) if group else version, "kind": self.cluster.resources[plural][2] + "List",
                        "metadata": {"resourceVersion": rv}, "items": items}
            cached = json.dumps(body, separators=(",", ":")).encode()
            with self.cluster.store.lock:
                if not self.fault:
                    self.cluster.store.cache[key] = cached
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
        return portforward.forward(self, user, namespace, pod, query)

    def proxy(self, user, namespace, service, rest):
        """The API server's service proxy, streaming the answer back."""
        if user is None:
            return self.fail(401, "Unauthorized", "Unauthorized")
        if user not in ("admin",):
            return self.fail(403, "Forbidden", 'services "%s" is forbidden: User "%s" cannot get resource "services/proxy" in API group "" in the namespace "%s"' % (service, user, namespace))
        backend = self.cluster.models.backends.get((namespace, service))
        if self.cluster.store.get("services", namespace, service) is None or backend is None:
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

        group = self.cluster.resources[plural][0]
        api_version = ("%s/%s" % (group, version)) if group else version
        try:
            with self.cluster.store.lock:
                rv_text = query.get("resourceVersion")
                start = int(rv_text) if rv_text and rv_text != "0" else None
                initial = []
                if query.get("sendInitialEvents") == "true" or start is None:
                    initial = [self.convert(o, version) for o in self.cluster.store.items(plural, namespace) if matches(o, name_filter, labels)]
                    start = self.cluster.store.rv
                expired = start < self.cluster.store.compacted
            if expired:
                emit("ERROR", status_body(410, "Expired", "too old resource version: %d (%d)" % (start, self.cluster.store.compacted)))
                return self.end_chunks()
            for obj in initial:
                emit("ADDED", obj)
            if query.get("sendInitialEvents") == "true":
                emit("BOOKMARK", {"kind": self.cluster.resources[plural][2], "apiVersion": api_version,
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
                with self.cluster.store.lock:
                    pending = [e for e in self.cluster.store.log if e[0] > position]
                    if not pending:
                        self.cluster.store.lock.wait(timeout=min(1.0, max(0.01, min(deadline, cut or deadline) - time.time())))
                        pending = [e for e in self.cluster.store.log if e[0] > position]
                for rv, etype, p, ns, obj in pending:
                    position = rv
                    if p != plural or (namespace is not None and ns != namespace) or not matches(obj, name_filter, labels):
                        continue
                    emit(etype, self.convert(copy.deepcopy(obj), version))
                if query.get("allowWatchBookmarks") == "true" and not pending:
                    emit("BOOKMARK", {"kind": self.cluster.resources[plural][2], "apiVersion": api_version, "metadata": {"resourceVersion": str(position)}})
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
            new, error, warnings = admit(plural, version, new, live, sent, strict=query.get("fieldValidation") == "Strict",
                                         storage=self.cluster.storage_version(plural))
            if isinstance(error, dict):
                self.send_json(error["code"], error)
                return None
            if error is not None:
                self.fail(*error)
                return None
            headers += [("Warning", w) for w in warnings]
        if plural == "workspaces":
            namespace = new.get("metadata", {}).get("namespace")
            errors = validate_workspace(new, live, nap=self.cluster.store.nap,
                                        configmap=lambda name: self.cluster.store.get("configmaps", namespace, name))
            if errors:
                self.fail(400, "BadRequest", 'admission webhook "validation.workspace.kaito.sh" denied the request: ' + "; ".join(errors))
                return None
        if plural == "inferencesets":
            namespace = new.get("metadata", {}).get("namespace")
            errors = validate_inferenceset(new, nap=self.cluster.store.nap,
                                           configmap=lambda name: self.cluster.store.get("configmaps", namespace, name))
            if errors:
                self.fail(400, "BadRequest", 'admission webhook "validation.inferenceset.kaito.sh" denied the request: ' + "; ".join(errors))
                return None
        return new

    def begin_write(self, method, verb):
        """The common start of a write to one object: (user, body, route) once authorized, else None
        with the answer already sent."""
        user = self.user()
        self.cluster.requests.append((method, self.path, user))
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
        with self.cluster.store.lock:
            live = self.cluster.store.get(plural, namespace or "", name)
            if sub == "scale" and plural == "inferencesets":
                # The scale subresource (spec .spec.replicas, status .status.replicas, .status.selector).
                if live is None:
                    return self.fail(404, "NotFound", '%s "%s" not found' % (group_of(plural), name))
                replicas = ((patch or {}).get("spec") or {}).get("replicas")
                if not isinstance(replicas, int) or isinstance(replicas, bool) or replicas < 0:
                    return self.fail(422, "Invalid", 'Scale.autoscaling "%s" is invalid: spec.replicas: Invalid value: %r: must be greater than or equal to 0' % (name, replicas))
                if not dry and live["spec"].get("replicas", 1) != replicas:
                    live["spec"]["replicas"] = replicas
                    live["metadata"]["generation"] = live["metadata"].get("generation", 1) + 1
                    self.cluster.store.put(plural, live, "MODIFIED")
                return self.send_json(200, scale_of(live))
            if sub == "status":
                if live is None or plural not in CRDS:
                    return self.fail(404, "NotFound", '%s "%s" not found' % (group_of(plural), name))
                new, errors = CRDS[plural].admit_status(deep_merge(copy.deepcopy(live), patch), version, live)
                if errors:
                    return self.send_json(422, CRDS[plural].invalid(name, errors))
                if not dry and new != live:
                    self.cluster.store.put(plural, new, "MODIFIED")
                return self.send_json(200, self.convert(new, version))
            if apply:
                manager = query.get("fieldManager")
                if not manager:
                    return self.fail(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch")
                owners = self.cluster.store.owners.get(key, {})
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
                new["metadata"].setdefault("resourceVersion", str(self.cluster.store.rv))
                return self.send_json(201 if live is None else 200, self.convert(new, version), headers)
            if apply:
                self.cluster.store.owners[key] = {**{p: o for p, o in owners.items() if o != manager}, **{p: manager for p in applied}}
            if live is not None and new == live:
                # A no-op write changes nothing, not even the resourceVersion.
                return self.send_json(200, self.convert(new, version), headers)
            self.cluster.store.put(plural, new, "ADDED" if live is None else "MODIFIED")
            created = live is None
        if created and plural == "workspaces":
            threading.Thread(target=self.cluster.controller.run, args=(namespace, name), daemon=True).start()
        if plural == "inferencesets":
            self.cluster.inferencesets.watch(namespace, name)
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
        with self.cluster.store.lock:
            live = self.cluster.store.get(plural, namespace or "", name)
            if live is None:
                return self.fail(404, "NotFound", '%s "%s" not found' % (group_of(plural), name), {"name": name, "kind": plural})
            sent_rv = obj.get("metadata", {}).get("resourceVersion")
            if sent_rv and sent_rv != live["metadata"]["resourceVersion"]:
                return self.fail(409, "Conflict", 'Operation cannot be fulfilled on %s "%s": the object has been modified; please apply your changes to the latest version and try again'
                                 % (group_of(plural), name), {"name": name, "group": self.cluster.resources[plural][0], "kind": plural})
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
            self.cluster.store.put(plural, new, "MODIFIED")
        self.send_json(200, self.convert(new, version), headers)

    def do_DELETE(self):
        user = self.user()
        self.cluster.requests.append(("DELETE", self.path, user))
        self.body()
        route = self.route()
        if route is None or route[0] == "?":
            return self.fail(404, "NotFound", "the server could not find the requested resource")
        plural, version, namespace, name, sub = route
        if not self.authorize(user, "delete", plural, namespace, name):
            return
        obj = self.cluster.store.get(plural, namespace or "", name)
        if obj is None:
            return self.fail(404, "NotFound", '%s "%s" not found' % (group_of(plural), name), {"name": name, "kind": plural})
        if "dryRun=All" in self.path:
            return self.send_json(200, obj)
        if obj["metadata"].get("finalizers"):
            obj["metadata"]["deletionTimestamp"] = now_rfc3339()
            self.cluster.store.put(plural, obj, "MODIFIED")
            def finish():
                time.sleep(self.cluster.step)
                for (p, ns, n), o in list(self.cluster.store.objects.items()):
                    if p == "nodeclaims" and o["metadata"].get("labels", {}).get("kaito.sh/workspace") == name:
                        self.cluster.store.remove(p, ns, n)
                for p in ("pods", "services"):
                    for n in (name, name + "-0"):
                        self.cluster.store.remove(p, namespace or "", n)
                self.cluster.store.remove(plural, namespace or "", name)
            threading.Thread(target=finish, daemon=True).start()
            return self.send_json(200, obj)
        self.cluster.store.remove(plural, namespace or "", name)
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
        self.cluster.requests.append(("POST", self.path, user))
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
        with self.cluster.store.lock:
            if self.cluster.store.get(plural, namespace or "", name) is not None:
                return self.fail(409, "AlreadyExists", '%s "%s" already exists' % (group_of(plural), name))
            if query.get("dryRun") != "All":
                self.cluster.store.put(plural, obj, "ADDED")
        if plural == "workspaces" and query.get("dryRun") != "All":
            threading.Thread(target=self.cluster.controller.run, args=(namespace, name), daemon=True).start()
        if plural == "inferencesets" and query.get("dryRun") != "All":
            self.cluster.inferencesets.watch(namespace, name)
        self.send_json(201, self.convert(obj, version), headers)

    # -- control, for tests

    def control_get(self, path):
        if path == "/_test/backends":
            return self.send_json(200, {"%s/%s" % key: port for key, (port, _) in self.cluster.models.backends.items()})
        if path == "/_test/requests":
            return self.send_json(200, [{"method": m, "path": p, "user": u} for m, p, u in self.cluster.requests])
        self.send_json(404, {})

    def control_post(self, path, body):
        if path == "/_test/scenario":
            key = (body.get("namespace", "default"), body["name"])
            self.cluster.scenarios[key] = body["scenario"]
            if "step" in body:
                # This workspace's own pace: a test that must see every phase on a loaded machine.
                self.cluster.steps[key] = float(body["step"])
        elif path == "/_test/kaito":
            self.cluster.controller.install(body.get("installed", True), body.get("version", "0.12.0"), body.get("cloud", "azure"), body.get("nap", True),
                          body.get("byDigest", False))
            if "apiVersions" in body:
                # An older controller: v0.4.4 and before served only v1alpha1, and no InferenceSets
                # (v0.11 made them beta).
                self.cluster.resources["workspaces"] = ("kaito.sh", tuple(body["apiVersions"]), "Workspace", True)
                self.cluster.resources.pop("inferencesets", None)
        elif path == "/_test/preload":
            self.cluster.controller.preload(int(body["count"]))
        elif path == "/_test/compact":
            with self.cluster.store.lock:
                self.cluster.store.compacted = self.cluster.store.rv + 1
        elif path == "/_test/backend":
            # Point a workspace's pod and service at another model server (a real llama-server).
            self.cluster.models.backends[(body.get("namespace", "default"), body["name"])] = (int(body["port"]), body.get("served", "model"))
        elif path == "/_test/rate":
            self.cluster.models.rates[(body.get("namespace", "default"), body["name"])] = float(body["tokensPerSecond"])
        elif path == "/_test/chat":
            self.cluster.models.chat_modes[(body.get("namespace", "default"), body["name"])] = list(body["modes"])
        elif path == "/_test/fault":
            with self.cluster.store.lock:
                if body.get("clear"):
                    self.cluster.faults.clear()
                else:
                    self.cluster.faults.append(body)
        elif path == "/_test/object":
            self.cluster.store.put(body["plural"], body["object"], "ADDED")
        else:
            return self.send_json(404, {})
        self.send_json(200, {"ok": True})

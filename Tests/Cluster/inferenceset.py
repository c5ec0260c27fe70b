"""KAITO v0.12's InferenceSet as the test cluster simulates it, following KAITO's code
(pkg/inferenceset/inferenceset_controller.go, api/v1beta1/inferenceset_validation.go,
pkg/utils/inferenceset/inferenceset.go): child Workspaces made by generateName and labelled
`inferenceset.kaito.sh/created-by`, extras deleted not-ready first, readiness counted from
WorkspaceSucceeded, the children's benchmark figures summed."""
import copy, threading, time, uuid

from catalog import DNS_LABEL
from kaito import condition, validate_workspace
from state import new_meta, now_rfc3339

CREATED_BY = "inferenceset.kaito.sh/created-by"


def child_of(inferenceset, name):
    """The Workspace the controller makes for one replica (also what the webhook validates)."""
    spec = inferenceset.get("spec") or {}
    template = spec.get("template") or {}
    meta = template.get("metadata") or {}
    namespace = inferenceset["metadata"].get("namespace")
    resource = {"labelSelector": copy.deepcopy(spec.get("labelSelector") or {})}
    if (template.get("resource") or {}).get("instanceType"):
        resource["instanceType"] = template["resource"]["instanceType"]
    return {"apiVersion": "kaito.sh/v1beta1", "kind": "Workspace",
            "metadata": {"name": name, "namespace": namespace,
                         "labels": {**(meta.get("labels") or {}), CREATED_BY: inferenceset["metadata"]["name"]},
                         "annotations": dict(meta.get("annotations") or {}),
                         "ownerReferences": [{"apiVersion": "kaito.sh/v1beta1", "kind": "InferenceSet",
                                              "name": inferenceset["metadata"]["name"],
                                              "uid": inferenceset["metadata"].get("uid"), "controller": True}]},
            "resource": resource, "inference": copy.deepcopy(template.get("inference") or {})}


def validate_inferenceset(obj, nap=True, configmap=lambda name: None):
    """The InferenceSet webhook: its own rules, then the Workspace rules on the child it would make."""
    name = obj.get("metadata", {}).get("name", "")
    errors = []
    if not DNS_LABEL.match(name):
        errors.append("metadata.name: Invalid value: %r: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'" % name)
    if (obj.get("spec") or {}).get("replicas", 1) < 0:
        errors.append("spec.replicas: must be greater than or equal to 0")
    child = child_of(obj, name + "-validate")
    child["metadata"]["annotations"].update((obj["metadata"].get("annotations") or {}))
    errors += validate_workspace(child, nap=nap, configmap=configmap)
    return errors


class InferenceSetController:
    """One thread per InferenceSet, a reconcile every `cluster.step` seconds until it is gone."""

    def __init__(self, cluster, start_workspace):
        self.cluster = cluster
        self.start_workspace = start_workspace   # runs the workspace controller for a new child
        self.running = set()
        self.made = {}   # (namespace, name) -> replicas made so far

    def watch(self, namespace, name):
        key = (namespace, name)
        if key in self.running:
            return
        self.running.add(key)
        threading.Thread(target=self.run, args=(namespace, name), daemon=True).start()

    def run(self, namespace, name):
        store = self.cluster.store
        while True:
            inferenceset = store.get("inferencesets", namespace, name)
            if inferenceset is None:
                for child in self.children(namespace, name):
                    self.delete_child(child)
                self.running.discard((namespace, name))
                return
            self.reconcile(inferenceset)
            time.sleep(self.cluster.step)

    def children(self, namespace, name):
        return [w for w in self.cluster.store.items("workspaces", namespace)
                if (w["metadata"].get("labels") or {}).get(CREATED_BY) == name]

    @staticmethod
    def ready(workspace):
        return any(c["type"] == "WorkspaceSucceeded" and c["status"] == "True"
                   for c in (workspace.get("status") or {}).get("conditions", []))

    def reconcile(self, inferenceset):
        store = self.cluster.store
        meta = inferenceset["metadata"]
        namespace, name = meta["namespace"], meta["name"]
        wanted = (inferenceset.get("spec") or {}).get("replicas", 1)
        children = [c for c in self.children(namespace, name) if not c["metadata"].get("deletionTimestamp")]
        for _ in range(wanted - len(children)):
            # generateName's five characters, stable here so that recorded fixtures stay valid.
            made = self.made.get((namespace, name), 0)
            self.made[(namespace, name)] = made + 1
            suffix = uuid.uuid5(uuid.NAMESPACE_OID, "%s/%s/%d" % (namespace, name, made)).hex[:5]
            child = child_of(inferenceset, "%s-%s" % (name, suffix))
            # The benchmark opt-out on the InferenceSet reaches its children.
            if (meta.get("annotations") or {}).get("kaito.sh/disable-benchmark") == "true":
                child["metadata"]["annotations"]["kaito.sh/disable-benchmark"] = "true"
            child["metadata"] = new_meta(child["metadata"], namespace)
            child["metadata"]["finalizers"] = ["workspace.finalizer.kaito.sh"]
            store.put("workspaces", child, "ADDED")
            self.start_workspace(namespace, child["metadata"]["name"])
            children.append(child)
        if len(children) > wanted:
            # Not-ready ones go first (selectWorkspacesToDelete), then the newest.
            ordered = sorted(children, key=lambda c: (self.ready(c), c["metadata"].get("creationTimestamp", "")), reverse=False)
            for child in ordered[:len(children) - wanted]:
                self.delete_child(child)
                children.remove(child)
        ready = [c for c in children if self.ready(c)]
        peaks = [int(((c.get("status") or {}).get("performance") or {}).get("metrics", {}).get("peakTokensPerMinute", {}).get("value", 0))
                 for c in ready]
        benchmarked = sum(1 for p in peaks if p > 0)
        status = {"replicas": len(children), "readyReplicas": len(ready), "selector": "%s=%s" % (CREATED_BY, name),
                  "conditions": [
                      condition("InferenceSetReady", "True" if len(ready) == wanted else "False",
                                "inferencesetReady" if len(ready) == wanted else "inferencesetNotReady",
                                "inferenceset is ready" if len(ready) == wanted else
                                "inferenceset is not ready, %d/%d replicas are ready" % (len(ready), wanted)),
                      condition("BenchmarkCompleted", "True" if benchmarked == wanted else "False",
                                "BenchmarkCompleted" if benchmarked == wanted else "BenchmarkPending",
                                "%d/%d replicas benchmarked" % (benchmarked, wanted))]}
        if benchmarked:
            status["performance"] = {"metrics": {"aggregatedPeakTokensPerMinute": {
                "description": "sum of the replicas' peak", "value": str(sum(peaks)), "unit": "tokens/min"}}}
        with store.lock:
            live = store.get("inferencesets", namespace, name)
            if live is None:
                return
            old = live.get("status") or {}
            keep = {c["type"]: c for c in old.get("conditions", [])}
            for c in status["conditions"]:
                previous = keep.get(c["type"])
                if previous and (previous["status"], previous["reason"], previous["message"]) == (c["status"], c["reason"], c["message"]):
                    c["lastTransitionTime"] = previous["lastTransitionTime"]
            if status != old:
                live["status"] = status
                store.put("inferencesets", live, "MODIFIED")

    def delete_child(self, child):
        """A child's deletion as KAITO's finalizer does it: its node claims go, then the workspace."""
        store = self.cluster.store
        namespace, name = child["metadata"]["namespace"], child["metadata"]["name"]
        live = store.get("workspaces", namespace, name)
        if live is None or live["metadata"].get("deletionTimestamp"):
            return
        live["metadata"]["deletionTimestamp"] = now_rfc3339()
        store.put("workspaces", live, "MODIFIED")

        def finish():
            time.sleep(self.cluster.step)
            for (plural, ns, n), o in list(store.objects.items()):
                if plural == "nodeclaims" and (o["metadata"].get("labels") or {}).get("kaito.sh/workspace") == name:
                    store.remove(plural, ns, n)
            for plural in ("pods", "services"):
                for n in (name, name + "-0"):
                    store.remove(plural, namespace, n)
            store.remove("workspaces", namespace, name)
        threading.Thread(target=finish, daemon=True).start()

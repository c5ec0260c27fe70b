"""KAITO v0.12 as the test cluster simulates it, following KAITO's code: the validating webhook's
rules and messages (api/v1beta1/workspace_validation.go), a controller that moves each workspace
through the scenario a test chose, and the Helm install that tells the CLI the controller's version."""
import copy, time, uuid

import yaml

from catalog import DNS_LABEL, MODELS, RESERVED, SKUS
from state import new_meta, now_rfc3339

def validate_workspace(ws, old=None, nap=True, configmap=lambda name: None):
    """KAITO v0.12's validating webhook (api/v1beta1/workspace_validation.go), the rules a CLI can hit.
    `configmap(name)` reads a ConfigMap of the workspace's namespace (for inference.config)."""
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
    if nap and not sku_name:
        errors.append("resource.instanceType: instanceType is required when node auto-provisioning is enabled")
    if not nap and sku_name:
        errors.append("resource.instanceType: instanceType must be empty when node auto-provisioning is disabled (BYO scenario)")
    sku = SKUS.get(sku_name.lower())
    if sku_name and sku is None and not (sku_name.startswith("Standard_N") or sku_name.startswith("Standard_D")):
        errors.append("Unsupported instance type %s. Supported SKUs: [%s]" % (sku_name, ", ".join(s["name"] for s in SKUS.values() if s["cloud"] == "azure")))
    if inference is not None:
        has_preset, has_template = bool(inference.get("preset")), bool(inference.get("template"))
        if not has_preset and not has_template:
            errors.append("Preset or Template must be specified")
        if has_preset and has_template:
            errors.append("Preset and Template cannot be set at the same time")
        if old is not None and bool((old.get("inference") or {}).get("template")) != has_template:
            errors.append("Template field cannot be set or unset")
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
    config = (inference or {}).get("config")
    if config and runtime == "vllm":
        # api/v1beta1/inference_config_validation.go
        namespace = ws.get("metadata", {}).get("namespace", "default")
        found = configmap(config)
        if found is None:
            errors.append("ConfigMap '%s' specified in 'config' not found in namespace '%s'" % (config, namespace))
        elif "inference_config.yaml" not in (found.get("data") or {}):
            errors.append("ConfigMap '%s' does not contain 'inference_config.yaml' in namespace '%s'" % (config, namespace))
        else:
            try:
                parsed = yaml.safe_load(found["data"]["inference_config.yaml"]) or {}
            except yaml.YAMLError as e:
                parsed = None
                errors.append("Failed to parse 'inference_config.yaml' in ConfigMap '%s': %s" % (config, e))
            length = ((parsed or {}).get("vllm") or {}).get("max-model-len") if isinstance(parsed, dict) else None
            if length is not None:
                if not isinstance(length, int) or isinstance(length, bool):
                    errors.append("max-model-len must be an integer")
                elif model and length > model["ctx"]:
                    errors.append("max-model-len %d exceeds model's maximum supported context window %d (ModelTokenLimit)" % (length, model["ctx"]))
    if old is not None:
        for path in (("resource", "instanceType"), ("resource", "labelSelector"), ("inference", "preset")):
            a, b = old, ws
            for p in path:
                a = (a or {}).get(p); b = (b or {}).get(p)
            if a != b:
                errors.append("%s: field is immutable" % ".".join(path))
    return errors


def condition(ctype, status, reason, message):
    return {"type": ctype, "status": status, "reason": reason, "message": message,
            "lastTransitionTime": now_rfc3339(), "observedGeneration": 1}


class Controller:
    """The workspace controller: one thread per workspace, a step every `cluster.step` seconds."""

    def __init__(self, cluster):
        self.cluster = cluster

    def pace(self, namespace, name):
        """Seconds per step for this workspace: the pace a test set for it, else the cluster's."""
        return self.cluster.steps.get((namespace, name), self.cluster.step)

    def record_event(self, ws, etype, reason, message):
        meta = ws["metadata"]
        name = "%s.%x" % (meta["name"], int(time.time() * 1e6))
        self.cluster.store.put("events", {"apiVersion": "v1", "kind": "Event",
                             "metadata": new_meta({"name": name}, meta["namespace"]),
                             "involvedObject": {"kind": "Workspace", "name": meta["name"], "namespace": meta["namespace"],
                                                "apiVersion": "kaito.sh/v1beta1", "uid": meta.get("uid")},
                             "reason": reason, "message": message, "type": etype, "count": 1,
                             "firstTimestamp": now_rfc3339(), "lastTimestamp": now_rfc3339(),
                             "source": {"component": "workspace-controller"}}, "ADDED")

    def set_status(self, namespace, name, status_update):
        """The controller's status write. Like KAITO's, it also stamps the revision annotations; a
        workspace whose scenario is `newer` gets what a later KAITO would add: conditions and status
        fields this CLI has never seen."""
        with self.cluster.store.lock:
            ws = self.cluster.store.objects.get(("workspaces", namespace, name))
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
            if self.cluster.scenarios.get((namespace, name)) == "newer":
                conditions["ModelMirrorReady"] = condition("ModelMirrorReady", "False", "MirrorPending", "a \x1b[31mnewer\x1b[0m condition")
                conditions["FutureGate"] = condition("FutureGate", "Unknown", "NotYetKnown", "from a later KAITO")
                status["futureField"] = {"nested": [1, 2, {"deep": True}]}
                status["performance"] = {"metrics": {"peakTokensPerMinute": {"description": "peak output tokens per minute", "value": "1234",
                                                                              "unit": "tokens/min"}}}
            status["conditions"] = list(conditions.values())
            status.update(status_update)
            return self.cluster.store.put("workspaces", ws, "MODIFIED")

    def put_pod(self, ws, phase, container_state, ready, restarts=0, last_state=None):
        meta = ws["metadata"]
        # A pod template's own image (KAITO's StatefulSet runs it as given); else KAITO's base image.
        template = (((ws.get("inference") or {}).get("template") or {}).get("spec") or {}).get("containers") or [{}]
        image = template[0].get("image", "mcr.microsoft.com/aks/kaito/kaito-base:0.5.0")
        pod = {"apiVersion": "v1", "kind": "Pod",
               "metadata": new_meta({"name": meta["name"] + "-0", "labels": {"kaito.sh/workspace": meta["name"]}}, meta["namespace"]),
               "spec": {"containers": [{"name": meta["name"], "image": image}],
                        "nodeName": "aks-ws%s-0" % meta["name"][:8]},
               "status": {"phase": phase, "containerStatuses": [{"name": meta["name"], "ready": ready, "restartCount": restarts,
                                                                "state": container_state, "lastState": last_state or {}}]}}
        existing = self.cluster.store.get("pods", meta["namespace"], pod["metadata"]["name"])
        if existing:
            pod["metadata"] = existing["metadata"]
        self.cluster.store.put("pods", pod, "MODIFIED" if existing else "ADDED")

    def run(self, namespace, name):
        """Moves one workspace through its scenario, a step every `pace` seconds."""
        scenario = self.cluster.scenarios.get((namespace, name), self.cluster.scenarios.get(("*", "*"), "success"))
        step = self.pace(namespace, name)
        if scenario == "newer":
            scenario = "success"
        ws = self.cluster.store.get("workspaces", namespace, name)
        if ws is None:
            return
        if "tuning" in ws:
            return self.run_tuning(namespace, name, scenario)
        nodes = int(ws["metadata"].get("annotations", {}).get("test.kaito.sh/nodes", "1"))
        sku = ws.get("resource", {}).get("instanceType", "")
        self.set_status(namespace, name, {"state": "Pending", "targetNodeCount": nodes, "conditions": [
            condition("ResourceReady", "False", "NodeClaimNotReady", "Ready NodeClaims are not enough (TargetNodeClaims: %d, CurrentReadyNodeClaims: 0)" % nodes),
            condition("WorkspaceSucceeded", "False", "workspacePending", "workspace is pending")]})
        self.record_event(ws, "Normal", "NodeClaimCreated", "Creating %d NodeClaim(s) of %s" % (nodes, sku))
        for i in range(nodes):
            self.cluster.store.put("nodeclaims", {"apiVersion": "karpenter.sh/v1", "kind": "NodeClaim",
                                     "metadata": new_meta({"name": "ws%s%d" % (uuid.uuid5(uuid.NAMESPACE_OID, namespace + "/" + name).hex[:6], i),
                                                           "labels": {"kaito.sh/workspace": name, "kaito.sh/workspacenamespace": namespace}}, None),
                                     "spec": {"requirements": [{"key": "node.kubernetes.io/instance-type", "operator": "In", "values": [sku]}]},
                                     "status": {"conditions": [{"type": "Ready", "status": "False", "reason": "Launching" if scenario != "quota" else "LaunchFailed",
                                                                "message": "" if scenario != "quota" else "Family Cores quota exceeded"}]}}, "ADDED")
        time.sleep(step)
        if scenario == "quota":
            message = "Ready NodeClaims are not enough (TargetNodeClaims: %d, CurrentReadyNodeClaims: 0) (last reconcile error: failed to create nodeClaim: SubscriptionQuotaReached: Operation could not be completed as it results in exceeding approved standardNCADSA100v4Family Cores quota)" % nodes
            self.set_status(namespace, name, {"conditions": [condition("ResourceReady", "False", "SubscriptionQuotaReached", message)]})
            self.record_event(ws, "Warning", "SubscriptionQuotaReached", "Operation could not be completed as it results in exceeding approved Family Cores quota")
            return
        # Karpenter marks the claims Ready once their nodes have joined.
        for claim in self.cluster.store.items("nodeclaims"):
            if claim["metadata"].get("labels", {}).get("kaito.sh/workspace") == name:
                claim["status"]["conditions"] = [{"type": "Ready", "status": "True", "reason": "Ready", "message": ""}]
                self.cluster.store.put("nodeclaims", claim, "MODIFIED")
        self.set_status(namespace, name, {"workerNodes": ["aks-ws%s-%d" % (name[:8], i) for i in range(nodes)], "conditions": [
            condition("NodeClaimReady", "True", "NodeClaimsReady", "Enough NodeClaims are ready"),
            condition("NodesReady", "True", "NodesReady", "Enough nodes are ready"),
            condition("ResourceReady", "True", "workspaceResourceStatusSuccess", "workspace resource is ready"),
            condition("InferenceReady", "False", "WorkspaceInferenceStatusPending", "Inference service is not ready")]})
        ws = self.cluster.store.get("workspaces", namespace, name)
        self.cluster.store.put("services", {"apiVersion": "v1", "kind": "Service", "metadata": new_meta({"name": name}, namespace),
                               "spec": {"type": "ClusterIP", "ports": [{"name": "http", "port": 80, "targetPort": 5000}],
                                        "selector": {"kaito.sh/workspace": name, "statefulset.kubernetes.io/pod-name": name + "-0"}}}, "ADDED")
        self.put_pod(ws, "Pending", {"waiting": {"reason": "ContainerCreating"}}, False)
        self.record_event(ws, "Normal", "WorkspaceResourceReady", "GPU nodes are ready")
        time.sleep(step)
        if scenario == "slow":
            # The container runs and downloads the weights; only /metrics answers meanwhile.
            self.put_pod(ws, "Running", {"running": {"startedAt": now_rfc3339()}}, False)
            self.cluster.models.start(namespace, name, ((ws.get("inference") or {}).get("preset") or {}).get("name", "model"), downloading=True)
            return
        if scenario == "oom":
            self.put_pod(ws, "Running", {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 40s restarting failed container"}}, False, restarts=3,
                    last_state={"terminated": {"reason": "OOMKilled", "exitCode": 137}})
            self.set_status(namespace, name, {"state": "NotReady", "conditions": [
                condition("InferenceReady", "False", "ContainerOOMKilled", "Container %s in pod %s-0 was OOMKilled" % (name, name)),
                condition("WorkspaceSucceeded", "False", "workspaceFailed", "workspace failed: inference is not ready")]})
            self.record_event(ws, "Warning", "BackOff", "Back-off restarting failed container %s in pod %s-0" % (name, name))
            return
        if scenario == "imagepull":
            self.put_pod(ws, "Pending", {"waiting": {"reason": "ImagePullBackOff", "message": "Back-off pulling image \"mcr.microsoft.com/aks/kaito/kaito-base:0.5.0\""}}, False)
            self.set_status(namespace, name, {"state": "NotReady", "conditions": [
                condition("InferenceReady", "False", "ImagePullError", "Failed to pull image for container %s" % name)]})
            self.record_event(ws, "Warning", "Failed", "Failed to pull image \"mcr.microsoft.com/aks/kaito/kaito-base:0.5.0\": unauthorized")
            return
        self.put_pod(ws, "Running", {"running": {"startedAt": now_rfc3339()}}, True)
        self.cluster.models.start(namespace, name, ((ws.get("inference") or {}).get("preset") or {}).get("name", "model"), legacy=scenario == "legacy",
                                  served_as=(ws["metadata"].get("labels") or {}).get("inferenceset.kaito.sh/created-by"))
        ready = {"state": "Ready", "conditions": [
            condition("InferenceReady", "True", "WorkspaceInferenceStatusSuccess", "Inference has been deployed successfully"),
            condition("WorkspaceSucceeded", "True", "workspaceSucceeded", "workspace succeeds")]}
        annotations = ws["metadata"].get("annotations") or {}
        if annotations.get("kaito.sh/runtime", "vllm") == "vllm" and annotations.get("kaito.sh/disable-benchmark") != "true" \
                and ((ws.get("inference") or {}).get("preset")):
            # KAITO's startup probe ran guidellm; the controller read its result from the pod's log
            # (pkg/workspace/controllers/benchmark.go). A known figure: 60,000 tokens/min per GPU.
            gpus = (SKUS.get(sku.lower()) or {"gpus": 1})["gpus"] * nodes
            ready["conditions"].append(condition("BenchmarkCompleted", "True", "BenchmarkCompleted", "benchmark completed"))
            ready["performance"] = {"metrics": {"peakTokensPerMinute": {
                "description": "stress/high-concurrency", "value": str(60000 * gpus), "unit": "tokens/min",
                "config": {"durationSec": 60, "inputTokens": 2048, "outputTokens": 256, "maxConcurrency": 16,
                           "engine": "vllm", "engineVersion": "0.26.0"}}}}
        self.set_status(namespace, name, ready)
        self.record_event(ws, "Normal", "InferenceReady", "Inference service is ready")

    def run_tuning(self, namespace, name, scenario):
        """A tuning workspace: the Job starts, its pod runs, then it succeeds (or fails)."""
        ws = self.cluster.store.get("workspaces", namespace, name)
        step = self.pace(namespace, name)
        self.set_status(namespace, name, {"state": "Pending", "conditions": [
            condition("ResourceReady", "False", "NodeClaimNotReady", "Ready NodeClaims are not enough (TargetNodeClaims: 1, CurrentReadyNodeClaims: 0)"),
            condition("JobStarted", "False", "WorkspaceTuningJobStatusPending", "Tuning job is pending")]})
        time.sleep(step)
        self.set_status(namespace, name, {"state": "Running", "workerNodes": ["aks-tuning-0"], "conditions": [
            condition("ResourceReady", "True", "workspaceResourceStatusSuccess", "workspace resource is ready"),
            condition("JobStarted", "True", "WorkspaceTuningJobStatusStarted", "Tuning job has started")]})
        pod = {"apiVersion": "v1", "kind": "Pod",
               "metadata": new_meta({"name": name + "-x7k2p", "labels": {"kaito.sh/workspace": name, "job-name": name}}, namespace),
               "spec": {"containers": [{"name": name}], "nodeName": "aks-tuning-0"},
               "status": {"phase": "Running", "containerStatuses": [{"name": name, "ready": True, "restartCount": 0, "state": {"running": {}}}]}}
        self.cluster.store.put("pods", pod, "ADDED")
        self.record_event(ws, "Normal", "JobStarted", "Tuning job %s started" % name)
        time.sleep(step)
        if scenario == "tuning-failed":
            pod["status"] = {"phase": "Failed", "containerStatuses": [{"name": name, "ready": False, "restartCount": 0,
                                                                      "state": {"terminated": {"reason": "Error", "exitCode": 1}}}]}
            self.cluster.store.put("pods", pod, "MODIFIED")
            self.set_status(namespace, name, {"state": "Failed", "conditions": [
                condition("JobStarted", "False", "WorkspaceTuningJobStatusFailed", "Tuning job failed: dataset has no 'messages' or 'prompt' column"),
                condition("WorkspaceSucceeded", "False", "workspaceFailed", "workspace failed")]})
            return
        pod["status"] = {"phase": "Succeeded", "containerStatuses": [{"name": name, "ready": False, "restartCount": 0,
                                                                     "state": {"terminated": {"reason": "Completed", "exitCode": 0}}}]}
        self.cluster.store.put("pods", pod, "MODIFIED")
        self.set_status(namespace, name, {"state": "Succeeded", "conditions": [
            condition("WorkspaceSucceeded", "True", "workspaceSucceeded", "workspace succeeds")]})

    def install(self, installed=True, version="0.12.0", cloud="azure", nap=True, by_digest=False):
        """KAITO's Helm install: the controller Deployment (image tagged with the version, or pinned by
        digest so that only the chart's labels tell it) and the webhook configuration."""
        self.cluster.store.kaito = installed
        self.cluster.store.nap = nap
        if not installed:
            return
        labels = {"app.kubernetes.io/name": "workspace", "app.kubernetes.io/instance": "kaito-workspace",
                  "app.kubernetes.io/version": version, "helm.sh/chart": "workspace-%s" % version}
        image = "mcr.microsoft.com/aks/kaito/workspace" + ("@sha256:" + "0" * 64 if by_digest else ":%s" % version)
        self.cluster.store.put("deployments", {"apiVersion": "apps/v1", "kind": "Deployment",
                                  "metadata": new_meta({"name": "kaito-workspace", "labels": labels}, "kaito-workspace"),
                                  "spec": {"template": {"spec": {"containers": [{"name": "manager", "image": image,
                                                                                 "args": ["--feature-gates=vLLM=true,disableNodeAutoProvisioning=%s,enableInferenceSetController=true" % ("false" if nap else "true")],
                                                                                 "env": [{"name": "CLOUD_PROVIDER", "value": cloud}]}]}}}}, "ADDED")
        self.cluster.store.put("validatingwebhookconfigurations", {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration",
                                                      "metadata": new_meta({"name": "validation.workspace.kaito.sh"}, None),
                                                      "webhooks": [{"name": "validation.workspace.kaito.sh", "clientConfig": {"service": {"namespace": "kaito-workspace", "name": "workspace-webhook-svc"}}}]}, "ADDED")

    def preload(self, count, namespaces=10):
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
            self.cluster.store.put("workspaces", ws, "ADDED")

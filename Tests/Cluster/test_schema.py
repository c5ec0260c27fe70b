"""The test cluster treats custom resources as a real API server does, from KAITO v0.12.0's CRDs.

Run: python3 -m unittest Tests/Cluster/test_schema.py (EndToEndTests/ClusterSchemaTests runs it).
Each test speaks HTTPS to a test cluster started for this file, as a client would.
"""
import json, os, ssl, subprocess, sys, tempfile, unittest, urllib.error, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import schema  # noqa: E402


class Cluster:
    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="kaito-schema-")
        self.process = subprocess.Popen([sys.executable, os.path.join(HERE, "testcluster.py"), self.folder, "--step", "30",
                                         "--exit-with-stdin"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        line = self.process.stdout.readline().decode()
        assert line.startswith("READY "), line
        self.base = "https://127.0.0.1:%d" % int(line.split()[1])
        self.context = ssl.create_default_context(cafile=os.path.join(self.folder, "ca.crt"))
        self.context.load_cert_chain(os.path.join(self.folder, "admin.crt"), os.path.join(self.folder, "admin.key"))

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=10)

    def request(self, method, path, body=None, content_type="application/json"):
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": content_type, "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, context=self.context) as response:
                return response.status, json.loads(response.read() or b"null"), response.headers.get_all("Warning") or []
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null"), e.headers.get_all("Warning") or []

    def apply(self, obj, version="v1beta1", manager="test", query=""):
        path = "/apis/kaito.sh/%s/namespaces/default/workspaces/%s?fieldManager=%s%s" % (version, obj["metadata"]["name"], manager, query)
        return self.request("PATCH", path, json.dumps(obj).encode(), "application/apply-patch+yaml")

    def get(self, name, version="v1beta1"):
        return self.request("GET", "/apis/kaito.sh/%s/namespaces/default/workspaces/%s" % (version, name))


def workspace(name, **fields):
    obj = {"apiVersion": "kaito.sh/v1beta1", "kind": "Workspace", "metadata": {"name": name},
           "resource": {"instanceType": "Standard_NC24ads_A100_v4", "labelSelector": {"matchLabels": {"apps": name}}},
           "inference": {"preset": {"name": "phi-3.5-mini-instruct"}}}
    obj.update(fields)
    return obj


class SchemaOverHTTP(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = Cluster()

    @classmethod
    def tearDownClass(cls):
        cls.cluster.stop()

    def test_defaults_on_create_apply_and_nested(self):
        code, obj, _ = self.cluster.apply(workspace("defaults"))
        self.assertEqual(code, 201, obj)
        self.assertEqual(obj["inference"]["preset"]["accessMode"], "public")
        self.assertEqual(obj["resource"]["count"], 1)
        code, stored, _ = self.cluster.get("defaults")
        self.assertEqual(stored["inference"]["preset"]["accessMode"], "public")
        # POST (create) defaults the same way
        code, created, _ = self.cluster.request("POST", "/apis/kaito.sh/v1beta1/namespaces/default/workspaces", workspace("posted"))
        self.assertEqual(code, 201, created)
        self.assertEqual(created["resource"]["count"], 1)
        # array items: each adapter's nested fields are walked (no default there, the item survives intact)
        adapters = [{"source": {"name": "a", "image": "img"}}]
        code, obj, _ = self.cluster.apply(workspace("items", inference={"preset": {"name": "phi-3.5-mini-instruct"}, "adapters": adapters}))
        self.assertEqual(obj["inference"]["adapters"], adapters)

    def test_array_item_defaults(self):
        # InferenceSet conditions carry no defaults; the engine's array walk is proven on a schema from the CRD file itself.
        crd = schema.kaito_crds()["inferencesets"]
        spec = crd.schemas["v1beta1"].root["properties"]["spec"]
        obj = {"replicas": 1, "labelSelector": {"matchLabels": {"a": "b"}}, "template": {"inference": {"preset": {"name": "x"}}}}
        schema.Schema(spec).default(obj)
        self.assertEqual(obj["updateStrategy"], {"rollingUpdate": {"maxUnavailable": 1}, "type": "RollingUpdate"})
        wrapped = {"type": "array", "items": spec}
        items = [dict(obj), {"labelSelector": {}, "template": {"inference": {}}}]
        items[0].pop("updateStrategy")
        schema.Schema(wrapped).default(items)
        self.assertTrue(all(i["updateStrategy"]["type"] == "RollingUpdate" for i in items))

    def test_update_defaults_and_checks_the_resource_version(self):
        code, created, _ = self.cluster.apply(workspace("updated"))
        self.assertEqual(code, 201)
        code, current, _ = self.cluster.get("updated")
        # KAITO's webhook reads the ConfigMap a workspace names: it must exist.
        config = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"},
                  "data": {"inference_config.yaml": "vllm:\n  max-model-len: 4096\n"}}
        code, _, _ = self.cluster.request("POST", "/api/v1/namespaces/default/configmaps", config)
        self.assertEqual(code, 201)
        replacement = workspace("updated", inference={"preset": {"name": "phi-3.5-mini-instruct"}, "config": "cfg"})
        replacement["metadata"]["resourceVersion"] = current["metadata"]["resourceVersion"]
        path = "/apis/kaito.sh/v1beta1/namespaces/default/workspaces/updated"
        code, updated, _ = self.cluster.request("PUT", path, replacement)
        self.assertEqual(code, 200, updated)
        self.assertEqual(updated["inference"]["preset"]["accessMode"], "public", "defaults on update too")
        self.assertEqual(updated["metadata"]["generation"], 2)
        self.assertEqual(updated["status"], current["status"], "the main resource keeps the stored status")
        code, status, _ = self.cluster.request("PUT", path, replacement)
        self.assertEqual((code, status["reason"]), (409, "Conflict"))

    def test_re_apply_of_the_same_request_is_a_no_op(self):
        code, _, _ = self.cluster.apply(workspace("again"))
        self.assertEqual(code, 201)
        code, first, _ = self.cluster.get("again")
        code, second, _ = self.cluster.apply(workspace("again"))
        self.assertEqual(code, 200)
        self.assertEqual(second["metadata"]["resourceVersion"], first["metadata"]["resourceVersion"])
        self.assertEqual(second["metadata"]["generation"], 1)

    def test_pruning_and_strict_field_validation(self):
        obj = workspace("pruned", extra={"x": 1})
        obj["resource"]["bogus"] = True
        obj["inference"]["template"] = {"spec": {"anything": {"goes": 1}}}
        obj["inference"].pop("preset")
        code, stored, warnings = self.cluster.apply(obj)
        self.assertEqual(code, 201, stored)
        self.assertNotIn("extra", stored)
        self.assertNotIn("bogus", stored["resource"])
        self.assertEqual(stored["inference"]["template"], {"spec": {"anything": {"goes": 1}}})  # x-kubernetes-preserve-unknown-fields
        self.assertEqual(sorted(warnings), ['299 - "unknown field \\"extra\\""', '299 - "unknown field \\"resource.bogus\\""'])
        code, status, _ = self.cluster.apply(workspace("strict", extra=1), query="&fieldValidation=Strict")
        self.assertEqual(code, 400)
        self.assertIn(".extra: field not declared in schema", status["message"])

    def test_validation_is_a_422_with_causes(self):
        obj = workspace("invalid")
        obj["resource"]["count"] = "two"
        obj["inference"]["preset"] = {"accessMode": "secret"}
        code, status, _ = self.cluster.apply(obj)
        self.assertEqual(code, 422, status)
        self.assertEqual(status["reason"], "Invalid")
        causes = {c["field"]: (c["reason"], c["message"]) for c in status["details"]["causes"]}
        self.assertEqual(causes["resource.count"], ("FieldValueTypeInvalid", 'Invalid value: "two": resource.count in body must be of type integer: "string"'))
        self.assertEqual(causes["inference.preset.name"], ("FieldValueRequired", "Required value"))
        self.assertEqual(causes["inference.preset.accessMode"], ("FieldValueNotSupported", 'Unsupported value: "secret": supported values: "public", "private"'))
        self.assertTrue(status["message"].startswith('Workspace.kaito.sh "invalid" is invalid: ['), status["message"])
        self.assertEqual(self.cluster.get("invalid")[0], 404)

    def test_pattern_length_items_and_bounds_on_the_status_subresource(self):
        code, _, _ = self.cluster.apply(workspace("status-checks"))
        self.assertEqual(code, 201)
        path = "/apis/kaito.sh/v1beta1/namespaces/default/workspaces/status-checks/status"
        condition = {"type": "bad type!", "status": "Maybe", "reason": "", "message": "x" * 32769, "lastTransitionTime": "2026-01-01T00:00:00Z",
                     "observedGeneration": -1}
        code, status, _ = self.cluster.request("PATCH", path, {"status": {"conditions": [condition]}}, "application/merge-patch+json")
        self.assertEqual(code, 422, status)
        causes = {}
        for c in status["details"]["causes"]:
            causes.setdefault(c["field"], []).append(c["message"])
        causes = {k: v[0] if len(v) == 1 else v for k, v in causes.items()}
        qualified = r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$"
        self.assertEqual(causes["status.conditions[0].type"], "Invalid value: \"bad type!\": status.conditions[0].type in body should match '%s'" % qualified)
        self.assertEqual(causes["status.conditions[0].status"], 'Unsupported value: "Maybe": supported values: "True", "False", "Unknown"')
        self.assertEqual(causes["status.conditions[0].message"], "Too long: may not be more than 32768 bytes")
        self.assertEqual(causes["status.conditions[0].observedGeneration"],
                         "Invalid value: -1: status.conditions[0].observedGeneration in body should be greater than or equal to 0")
        self.assertEqual(causes["status.conditions[0].reason"],
                         ['Invalid value: "": status.conditions[0].reason in body should be at least 1 chars long',
                          "Invalid value: \"\": status.conditions[0].reason in body should match '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$'"])
        # maxItems: MultiRoleInference's roles (exactly two) from its CRD file
        roles = schema.kaito_crds()["multiroleinferences"].schemas["v1alpha1"]
        errors = roles.validate({"spec": {"model": {"name": "m"}, "roles": [{}, {}, {}]}})
        self.assertIn("Too many: 3: must have at most 2 items", [e.body for e in errors])

    def test_generation_moves_with_the_spec_only(self):
        code, obj, _ = self.cluster.apply(workspace("generation"))
        self.assertEqual(obj["metadata"]["generation"], 1)
        labelled = workspace("generation")
        labelled["metadata"]["labels"] = {"team": "a"}
        code, obj, _ = self.cluster.apply(labelled)
        self.assertEqual(code, 200)
        self.assertEqual(obj["metadata"]["generation"], 1, "metadata changes leave generation")
        path = "/apis/kaito.sh/v1beta1/namespaces/default/workspaces/generation"
        code, obj, _ = self.cluster.request("PATCH", path + "/status", {"status": {"state": "Pending"}}, "application/merge-patch+json")
        self.assertEqual((code, obj["metadata"]["generation"], obj["status"]["state"]), (200, 1, "Pending"))
        code, obj, _ = self.cluster.request("PATCH", path, {"status": {"state": "Hacked"}}, "application/merge-patch+json")
        self.assertEqual(obj["status"]["state"], "Pending", "the main resource does not write status")
        self.assertEqual(obj["metadata"]["generation"], 1)
        adapters = [{"source": {"name": "a", "image": "img"}}]
        code, obj, _ = self.cluster.request("PATCH", path, {"inference": {"adapters": adapters}}, "application/merge-patch+json")
        self.assertEqual((code, obj["metadata"]["generation"]), (200, 2), obj)

    def test_every_served_version_and_the_storage_version(self):
        legacy = workspace("versions")
        legacy["apiVersion"] = "kaito.sh/v1alpha1"
        legacy["resource"].pop("instanceType")
        code, obj, _ = self.cluster.apply(legacy, version="v1alpha1")
        self.assertEqual(code, 201, obj)
        # v1alpha1's schema defaults the instance type; the object is stored as v1beta1
        self.assertEqual(obj["resource"]["instanceType"], "Standard_NC24ads_A100_v4")
        code, beta, _ = self.cluster.get("versions", "v1beta1")
        self.assertEqual(beta["apiVersion"], "kaito.sh/v1beta1")
        code, alpha, _ = self.cluster.get("versions", "v1alpha1")
        self.assertEqual(alpha["apiVersion"], "kaito.sh/v1alpha1")
        code, groups, _ = self.cluster.request("GET", "/apis/kaito.sh")
        self.assertEqual([v["version"] for v in groups["versions"]], ["v1beta1", "v1alpha1"])
        self.assertEqual(groups["preferredVersion"]["version"], "v1beta1")

    def test_an_update_may_keep_a_value_that_no_longer_validates(self):
        # Ratcheting: the stored object has a value the schema refuses (written before the CRD
        # tightened); an update that leaves it alone passes, one that changes it does not.
        crd = schema.kaito_crds()["workspaces"]
        old = workspace("ratchet")
        old["resource"]["count"] = "legacy"
        new = workspace("ratchet", inference={"preset": {"name": "phi-4"}})
        new["resource"]["count"] = "legacy"
        self.assertEqual(crd.admit(new, "v1beta1", old=old)[2], [])
        new["resource"]["count"] = "other"
        self.assertEqual([e.field for e in crd.admit(new, "v1beta1", old=old)[2]], ["resource.count"])
        self.assertEqual([e.field for e in crd.admit(new, "v1beta1")[2]], ["resource.count"])

    def test_applied_fields_dropped_by_their_manager_are_removed(self):
        obj = workspace("owned")
        obj["metadata"]["annotations"] = {"kaito.sh/enablelb": "True"}
        self.cluster.apply(obj)
        code, after, _ = self.cluster.apply(workspace("owned"))
        self.assertEqual(code, 200)
        self.assertNotIn("kaito.sh/enablelb", after["metadata"].get("annotations", {}))
        self.assertIn("workspace.kaito.io/revision", after["metadata"]["annotations"], "the controller's own stay")


if __name__ == "__main__":
    unittest.main()

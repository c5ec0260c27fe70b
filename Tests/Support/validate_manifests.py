#!/usr/bin/env python3
"""Validates a YAML stream of manifests (stdin) the way the API server would admit them.

Usage: validate_manifests.py CRD_DIR
Each Workspace (InferenceSet) is checked against the openAPIV3Schema of its version in
CRD_DIR/kaito.sh_workspaces.yaml (kaito.sh_inferencesets.yaml) with jsonschema, plus the structural-schema rule jsonschema does not know: a field the schema does
not declare would be pruned silently by the API server, so it is an error here. ConfigMaps must
carry string data. Prints one line per problem and exits 1 when there is any.
"""
import os, sys
import jsonschema, yaml

# What the API server would prune is decided by the test cluster's own schema engine: one
# definition of it for the cluster and for this check.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Cluster"))
from schema import Schema  # noqa: E402

def schemas_of(plural):
    crd = yaml.safe_load(open(os.path.join(sys.argv[1], "kaito.sh_%s.yaml" % plural)))
    return {"kaito.sh/" + v["name"]: v["schema"]["openAPIV3Schema"] for v in crd["spec"]["versions"]}

def main():
    schemas = {"Workspace": schemas_of("workspaces"), "InferenceSet": schemas_of("inferencesets")}
    problems, count = [], 0
    for doc in yaml.safe_load_all(sys.stdin.read()):
        if doc is None:
            continue
        count += 1
        name = "%s/%s" % (doc.get("kind"), (doc.get("metadata") or {}).get("name"))
        if doc.get("kind") in schemas:
            schema = schemas[doc["kind"]].get(doc.get("apiVersion"))
            if schema is None:
                problems.append("%s: apiVersion %r is not served by the CRD" % (name, doc.get("apiVersion")))
                continue
            for error in jsonschema.Draft7Validator(schema).iter_errors(doc):
                problems.append("%s: %s: %s" % (name, "/".join(map(str, error.path)), error.message))
            problems += ["%s: %s: unknown field (the API server would drop it)" % (name, p) for p in Schema(schema).unknown_fields(doc)]
            placement = doc.get("resource") if doc["kind"] == "Workspace" else doc.get("spec")
            selector = ((placement or {}).get("labelSelector") or {}).get("matchLabels") or {}
            if not selector:
                problems.append("%s: labelSelector.matchLabels is empty" % name)
        elif doc.get("kind") == "ConfigMap" and doc.get("apiVersion") == "v1":
            data = doc.get("data") or {}
            if not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
                problems.append("%s: data must map strings to strings" % name)
        else:
            problems.append("%s: unexpected object %s %s" % (name, doc.get("apiVersion"), doc.get("kind")))
    for p in problems:
        print(p)
    print("validated %d objects, %d problems" % (count, len(problems)), file=sys.stderr)
    sys.exit(1 if problems or count == 0 else 0)

main()

"""What KAITO's webhook knows of presets and instance types, read from the repository's copy of
KAITO v0.12.0's tables (kaito/v0.12.0/derived, see SOURCE.md). Read once; never changed."""
import csv, math, os, re
from fractions import Fraction

def load_catalog():
    """KAITO v0.12's preset names, weights and instance types, from the repository's copy of its
    tables (kaito/v0.12.0/derived, see SOURCE.md): what KAITO's webhook knows."""
    derived = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "kaito", "v0.12.0", "derived")
    def rows(name):
        with open(os.path.join(derived, name), newline="") as f:
            return list(csv.DictReader(f))
    models, skus = {}, {}
    base = {r["hf_id"] for r in rows("base_models.csv")}
    for r in rows("presets_catalog_head.csv"):
        info = {"hf": r["hf_id"], "weights": r["model_file_size"], "bytes": quantity_bytes(r["model_file_size"]),
                "ctx": int(r["model_token_limit"]), "transformers": r["transformers_runtime"] == "True",
                "base": r["hf_id"] in base}
        models[r["hf_id"].lower()] = info
        if r["legacy_preset_alias"]:
            models[r["legacy_preset_alias"]] = info
    for r in rows("skus.csv"):
        skus[r["sku"].lower()] = {"cloud": r["cloud"], "name": r["sku"], "gpus": int(r["gpu_count"]), "mem": int(r["gpu_mem_total_gib"])}
    return models, skus

def quantity_bytes(q):
    """Kubernetes resource.Quantity.Value() of a binary quantity, rounded up to a whole byte."""
    for suffix, factor in {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}.items():
        if q.endswith(suffix):
            return math.ceil(Fraction(q[: -len(suffix)]) * factor)
    return math.ceil(Fraction(q))

MODELS, SKUS = load_catalog()
RESERVED = {"kaito.sh/workspace", "kaito.sh/ragengine", "kaito.sh/workspacenamespace", "kaito.sh/ragenginenamespace",
            "karpenter.kaito.sh/workspace-name", "karpenter.kaito.sh/workspace-namespace",
            "karpenter.kaito.sh/inferenceset", "karpenter.kaito.sh/inferenceset-namespace"}
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")

#!/usr/bin/env python3
"""PyYAML's side of the YAML cross-check (Tests/KaitoCoreTests/YAMLCrossCheckTests.swift).

  canon            read a YAML stream on stdin, print each document's typed canonical form as JSON
  generate N SEED  write N random documents with PyYAML to stdout as one YAML stream, and their
                   canonical forms to stderr as JSON

The canonical form names every scalar's type, so a string read back as a bool or a number shows.
"""
import json, math, random, struct, sys
import yaml

def canon(x):
    if isinstance(x, dict):
        return {"map": {(k if isinstance(k, str) else "!%s:%r" % (type(k).__name__, k)): canon(v) for k, v in x.items()}}
    if isinstance(x, list):
        return {"seq": [canon(v) for v in x]}
    if isinstance(x, bool):
        return {"bool": x}
    if isinstance(x, int):
        return {"int": str(x)}
    if isinstance(x, float):
        return {"float": "nan" if math.isnan(x) else str(struct.unpack("<q", struct.pack("<d", x))[0])}
    if isinstance(x, str):
        return {"str": x}
    if x is None:
        return {"null": True}
    return {"other": repr(x)}

# Strings PyYAML and Kubernetes' YAML read alike; those they read differently (y, n, 1e5, 0o17,
# 089, 1:30) are pinned by their own tests on the Swift side.
TRICKY = ["yes", "No", "ON", "off", "true", "False", "null", "~", "", " ", "1.0", "0123", "0x1F", "-5", "+7",
          ".inf", "-.Inf", ".NaN", "1_000", "*star", "&amp", "!bang", "%pct", "@at", "`tick", "a: b", "a #b",
          "- dash", "? q", "[x]", "{y}", "'single'", '"double"', "line\nbreak", "trail\n", "  lead", "tab\tin",
          "ünï©ødé", "日本語", "emoji 😀", "2001-12-14", "<<", "=", "#hash", "|pipe", ">fold", "a,b", "0.5",
          "3.14e+10", "Null", "NULL"]
ALPHABET = "abcXYZ019 -_.:#,'\"!&*%@`|>?[]{}\n\tüé😀"

def rand_string(r):
    if r.random() < 0.5:
        return r.choice(TRICKY)
    return "".join(r.choice(ALPHABET) for _ in range(r.randint(0, 12)))

def rand_value(r, depth=0):
    kind = r.randint(0, 9 if depth < 3 else 5)
    if kind == 0: return None
    if kind == 1: return r.random() < 0.5
    if kind == 2: return r.randint(-2**63, 2**63 - 1) if r.random() < 0.3 else r.randint(-1000, 1000)
    if kind == 3: return r.choice([float("inf"), float("-inf"), float("nan"), 0.0, -0.5, 1e20, 1.5e-7, r.uniform(-1e6, 1e6)])
    if kind in (4, 5): return rand_string(r)
    if kind in (6, 7): return [rand_value(r, depth + 1) for _ in range(r.randint(0, 4))]
    return {rand_string(r): rand_value(r, depth + 1) for _ in range(r.randint(0, 4))}

if __name__ == "__main__":
    if sys.argv[1] == "canon":
        docs = list(yaml.safe_load_all(sys.stdin.read()))
        print(json.dumps([canon(d) for d in docs], ensure_ascii=False))
    elif sys.argv[1] == "generate":
        r = random.Random(int(sys.argv[3]))
        docs = [rand_value(r) for _ in range(int(sys.argv[2]))]
        sys.stdout.write(yaml.safe_dump_all(docs, allow_unicode=True, default_flow_style=False))
        sys.stderr.write(json.dumps([canon(d) for d in docs], ensure_ascii=False))

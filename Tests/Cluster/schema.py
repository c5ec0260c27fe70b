"""Custom resources as a real API server treats them, driven by the CRD files alone.

What apiextensions-apiserver does with a structural schema, in the order it does it: `default:`
values filled in where a field is absent (nested objects and array items included), unknown fields
pruned unless `x-kubernetes-preserve-unknown-fields`, then validation (type, enum, required,
pattern, min/max length and items, minimum/maximum) with the API server's wording
(k8s.io/apimachinery/pkg/util/validation/field and kube-openapi's messages). Each served version
has its own schema; objects are stored in the storage version. `metadata.generation` moves when
anything outside `metadata` and `status` changes.
"""
import copy, json, os, re

import yaml

ROOT_FIELDS = ("apiVersion", "kind", "metadata")


class FieldError:
    """One cause of a 422 Invalid, as field.Error renders it."""

    def __init__(self, reason, field, body):
        self.reason, self.field, self.body = reason, field, body

    def __str__(self):
        return "%s: %s" % (self.field, self.body)

    def cause(self):
        return {"reason": self.reason, "message": self.body, "field": self.field}


def go_value(value):
    """A bad value as field.Error prints it (%#v for strings, plain for numbers)."""
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if value is None:
        return "null"
    return json.dumps(value, separators=(",", ":"))


def json_type(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def type_matches(expected, value):
    actual = json_type(value)
    if expected == "number":
        return actual in ("integer", "number")
    if expected == "integer" and actual == "number":
        return float(value).is_integer()
    return actual == expected


def child(path, name):
    return name if not path else "%s.%s" % (path, name)


class Schema:
    """One version's openAPIV3Schema."""

    def __init__(self, schema):
        self.root = schema or {}

    # -- defaulting

    def default(self, obj):
        self._default(self.root, obj)
        return obj

    def _default(self, schema, value):
        if isinstance(value, dict):
            for name, sub in (schema.get("properties") or {}).items():
                if name not in value and "default" in sub:
                    value[name] = copy.deepcopy(sub["default"])
                if name in value:
                    self._default(sub, value[name])
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict):
                for name, item in value.items():
                    if name not in (schema.get("properties") or {}):
                        self._default(extra, item)
        elif isinstance(value, list) and isinstance(schema.get("items"), dict):
            for item in value:
                self._default(schema["items"], item)

    # -- pruning

    def unknown_fields(self, obj):
        """The paths of the fields that pruning would drop, as `.a.b` (the Strict decoder's words)."""
        found = []
        self._prune(self.root, obj, "", found, drop=False, root=True)
        return found

    def prune(self, obj):
        self._prune(self.root, obj, "", [], drop=True, root=True)
        return obj

    def _prune(self, schema, value, path, found, drop, root=False):
        if isinstance(value, dict):
            if schema.get("x-kubernetes-preserve-unknown-fields"):
                known = schema.get("properties") or {}
                for name, item in value.items():
                    if name in known:
                        self._prune(known[name], item, path + "." + name, found, drop)
                return
            properties = schema.get("properties")
            extra = schema.get("additionalProperties")
            if properties is None and isinstance(extra, dict):
                for name, item in value.items():
                    self._prune(extra, item, path + "." + name, found, drop)
                return
            for name in list(value):
                if root and name in ROOT_FIELDS:
                    continue
                if name in (properties or {}):
                    self._prune(properties[name], value[name], path + "." + name, found, drop)
                elif extra is True or isinstance(extra, dict):
                    continue
                else:
                    found.append(path + "." + name)
                    if drop:
                        del value[name]
        elif isinstance(value, list) and isinstance(schema.get("items"), dict):
            for i, item in enumerate(value):
                self._prune(schema["items"], item, "%s[%d]" % (path, i), found, drop)

    # -- validation

    def validate(self, obj):
        errors = []
        self._validate(self.root, obj, "", errors, root=True)
        return errors

    def _validate(self, schema, value, path, errors, root=False):
        expected = schema.get("type")
        if value is None:
            if schema.get("nullable") or not expected:
                return
            errors.append(FieldError("FieldValueTypeInvalid", path, 'Invalid value: "null": %s in body must be of type %s: "null"' % (path, expected)))
            return
        if schema.get("x-kubernetes-int-or-string"):
            if not isinstance(value, (int, str)) or isinstance(value, bool):
                errors.append(FieldError("FieldValueTypeInvalid", path, "Invalid value: %s: %s in body must be of type integer,string: %s"
                                         % (go_value(value), path, json.dumps(json_type(value)))))
            return
        if expected and not type_matches(expected, value):
            errors.append(FieldError("FieldValueTypeInvalid", path, "Invalid value: %s: %s in body must be of type %s: %s"
                                     % (go_value(value), path, expected, json.dumps(json_type(value)))))
            return
        if "enum" in schema and value not in schema["enum"]:
            allowed = ", ".join(json.dumps(v) for v in schema["enum"])
            errors.append(FieldError("FieldValueNotSupported", path, "Unsupported value: %s: supported values: %s" % (go_value(value), allowed)))
        if isinstance(value, str):
            if "maxLength" in schema and len(value) > schema["maxLength"]:
                errors.append(FieldError("FieldValueTooLong", path, "Too long: may not be more than %d bytes" % schema["maxLength"]))
            if "minLength" in schema and len(value) < schema["minLength"]:
                errors.append(FieldError("FieldValueInvalid", path, "Invalid value: %s: %s in body should be at least %d chars long"
                                         % (go_value(value), path, schema["minLength"])))
            if "pattern" in schema and not re.search(schema["pattern"], value):
                errors.append(FieldError("FieldValueInvalid", path, "Invalid value: %s: %s in body should match '%s'"
                                         % (go_value(value), path, schema["pattern"])))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                errors.append(FieldError("FieldValueInvalid", path, "Invalid value: %s: %s in body should be greater than or equal to %s"
                                         % (go_value(value), path, go_value(schema["minimum"]))))
            if "maximum" in schema and value > schema["maximum"]:
                errors.append(FieldError("FieldValueInvalid", path, "Invalid value: %s: %s in body should be less than or equal to %s"
                                         % (go_value(value), path, go_value(schema["maximum"]))))
        if isinstance(value, list):
            if "maxItems" in schema and len(value) > schema["maxItems"]:
                errors.append(FieldError("FieldValueTooMany", path, "Too many: %d: must have at most %d items" % (len(value), schema["maxItems"])))
            if "minItems" in schema and len(value) < schema["minItems"]:
                errors.append(FieldError("FieldValueInvalid", path, "Invalid value: %d: %s in body should have at least %d items"
                                         % (len(value), path, schema["minItems"])))
            if isinstance(schema.get("items"), dict):
                for i, item in enumerate(value):
                    self._validate(schema["items"], item, "%s[%d]" % (path, i), errors)
        if isinstance(value, dict):
            properties = schema.get("properties") or {}
            for name in schema.get("required") or []:
                if name not in value:
                    errors.append(FieldError("FieldValueRequired", child(path, name), "Required value"))
            for name, item in value.items():
                if root and name in ROOT_FIELDS:
                    continue
                if name in properties:
                    self._validate(properties[name], item, child(path, name), errors)
                elif isinstance(schema.get("additionalProperties"), dict):
                    self._validate(schema["additionalProperties"], item, child(path, name), errors)


class CRD:
    """A CustomResourceDefinition: its names, its served versions' schemas, its storage version."""

    def __init__(self, doc):
        spec = doc["spec"]
        self.group = spec["group"]
        self.kind = spec["names"]["kind"]
        self.plural = spec["names"]["plural"]
        self.singular = spec["names"].get("singular", self.kind.lower())
        self.short_names = spec["names"].get("shortNames", [])
        self.categories = spec["names"].get("categories", [])
        self.namespaced = spec.get("scope", "Namespaced") == "Namespaced"
        self.versions = {}
        for v in spec["versions"]:
            if v.get("served"):
                self.versions[v["name"]] = v
        self.storage = next(v["name"] for v in spec["versions"] if v.get("storage"))
        self.schemas = {name: Schema(v["schema"]["openAPIV3Schema"]) for name, v in self.versions.items()}

    @property
    def served(self):
        """Served versions, the storage version first (a real server prefers it in discovery)."""
        return tuple(sorted(self.versions, key=lambda v: (v != self.storage, v)))

    def has_status(self, version):
        return "status" in (self.versions[version].get("subresources") or {})

    def scale(self, version):
        return (self.versions[version].get("subresources") or {}).get("scale")

    def printer_columns(self, version):
        return self.versions[version].get("additionalPrinterColumns") or []

    def admit(self, obj, version, old=None):
        """What the API server makes of a write in `version`: (object to store, pruned fields,
        errors). The object is defaulted, pruned, validated and converted to the storage version;
        `status` follows the subresource rules and `generation` the spec's changes."""
        obj = copy.deepcopy(obj)
        schema = self.schemas[version]
        unknown = schema.unknown_fields(obj)
        schema.default(obj)
        schema.prune(obj)
        if self.has_status(version):
            # The main resource never writes status: the old one is kept.
            obj.pop("status", None)
            if old is not None and "status" in old:
                obj["status"] = copy.deepcopy(old["status"])
        errors = [e for e in schema.validate(obj) if old is None or not unchanged(e.field, obj, old)]
        obj["apiVersion"] = "%s/%s" % (self.group, self.storage)
        if old is not None:
            generation = old.get("metadata", {}).get("generation", 1)
            if spec_of(obj) != spec_of(old):
                generation += 1
            obj.setdefault("metadata", {})["generation"] = generation
        return obj, unknown, errors

    def admit_status(self, obj, version, old):
        """A write to the status subresource: only `status` changes, validated by the schema."""
        new = copy.deepcopy(old)
        if "status" in obj:
            new["status"] = copy.deepcopy(obj["status"])
        else:
            new.pop("status", None)
        schema = self.schemas[version]
        schema.default(new)
        schema.prune(new)
        return new, [e for e in schema.validate(new) if e.field == "status" or e.field.startswith("status.")]

    def read(self, obj, version):
        """The stored object as served in `version`: the version's defaults are applied on read."""
        obj = copy.deepcopy(obj)
        obj["apiVersion"] = "%s/%s" % (self.group, version)
        self.schemas[version].default(obj)
        return obj

    def invalid(self, name, errors):
        """The 422 Status for validation errors, as the API server writes it."""
        text = str(errors[0]) if len(errors) == 1 else "[%s]" % ", ".join(str(e) for e in errors)
        return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                "message": '%s.%s "%s" is invalid: %s' % (self.kind, self.group, name, text),
                "reason": "Invalid", "code": 422,
                "details": {"name": name, "group": self.group, "kind": self.kind, "causes": [e.cause() for e in errors]}}


def value_at(obj, field):
    """The value at a field path as errors name it (`a.b[0].c`), or a marker when absent."""
    cur = obj
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", field):
        if part.startswith("["):
            index = int(part[1:-1])
            if not isinstance(cur, list) or index >= len(cur):
                return ABSENT
            cur = cur[index]
        elif isinstance(cur, dict) and part in cur:
            cur = cur[part]
        else:
            return ABSENT
    return cur


ABSENT = object()


def unchanged(field, new, old):
    """Validation ratcheting (on by default since Kubernetes 1.30): an update may keep a value
    that no longer validates, as long as it does not change it."""
    before = value_at(old, field)
    return before is not ABSENT and before == value_at(new, field)


def spec_of(obj):
    """Everything generation follows: the object without metadata and status."""
    return {k: v for k, v in obj.items() if k not in ("metadata", "status", "apiVersion", "kind")}


def load_crds(folder):
    """The CRDs in a folder of CRD files, by plural."""
    crds = {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".yaml"):
            continue
        with open(os.path.join(folder, name)) as f:
            # libyaml's loader where PyYAML has it: the pure-Python one takes half a second here.
            for doc in yaml.load_all(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
                if doc and doc.get("kind") == "CustomResourceDefinition":
                    crd = CRD(doc)
                    crds[crd.plural] = crd
    return crds


def kaito_crds():
    """KAITO v0.12.0's CRDs, from the repository's own copy."""
    here = os.path.dirname(os.path.abspath(__file__))
    return load_crds(os.path.join(here, "..", "..", "kaito", "v0.12.0", "crds"))

"""A small JSON Schema (2020-12) checker for the keywords media/figure.schema.json uses, for machines
without the `jsonschema` package. Unknown keywords raise, so the schema cannot outgrow it silently."""

import json

ANNOTATIONS = {"$schema", "$id", "$comment", "title", "description", "$defs"}
KEYWORDS = {"$ref", "type", "const", "enum", "required", "properties", "additionalProperties", "items",
            "minItems", "maxItems", "minimum", "exclusiveMaximum", "oneOf", "anyOf", "if", "then", "else"}


def _has_type(v, t):
    if t == "null":
        return v is None
    if t == "boolean":
        return isinstance(v, bool)
    if t == "integer":
        return not isinstance(v, bool) and (isinstance(v, int) or (isinstance(v, float) and v.is_integer()))
    if t == "number":
        return not isinstance(v, bool) and isinstance(v, (int, float))
    if t == "string":
        return isinstance(v, str)
    if t == "array":
        return isinstance(v, list)
    if t == "object":
        return isinstance(v, dict)
    raise ValueError("unknown type %r" % t)


def _same(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True) or (
        _has_type(a, "number") and _has_type(b, "number") and a == b)


class SchemaChecker:
    def __init__(self, root):
        self.root = root

    def check(self, value):
        """The first problem found, or None when value is valid."""
        return self._at(self.root, value, "$")

    def _resolve(self, ref):
        if not ref.startswith("#/"):
            raise ValueError("unsupported $ref %s" % ref)
        node = self.root
        for part in ref[2:].split("/"):
            node = node[part]
        return node

    def _at(self, s, v, path):
        if s is True:
            return None
        if s is False:
            return "%s: not allowed" % path
        unknown = set(s) - KEYWORDS - ANNOTATIONS
        if unknown:
            raise ValueError("schema keywords %s are not supported by this checker" % sorted(unknown))
        if "$ref" in s:
            e = self._at(self._resolve(s["$ref"]), v, path)
            if e:
                return e
        if "type" in s:
            types = s["type"] if isinstance(s["type"], list) else [s["type"]]
            if not any(_has_type(v, t) for t in types):
                return "%s: expected %s" % (path, " or ".join(types))
        if "const" in s and not _same(s["const"], v):
            return "%s: expected %r" % (path, s["const"])
        if "enum" in s and not any(_same(e, v) for e in s["enum"]):
            return "%s: not one of %r" % (path, s["enum"])
        if _has_type(v, "number"):
            if "minimum" in s and v < s["minimum"]:
                return "%s: below %r" % (path, s["minimum"])
            if "exclusiveMaximum" in s and v >= s["exclusiveMaximum"]:
                return "%s: not below %r" % (path, s["exclusiveMaximum"])
        if isinstance(v, list):
            if "minItems" in s and len(v) < s["minItems"]:
                return "%s: fewer than %d items" % (path, s["minItems"])
            if "maxItems" in s and len(v) > s["maxItems"]:
                return "%s: more than %d items" % (path, s["maxItems"])
            if "items" in s:
                for i, x in enumerate(v):
                    e = self._at(s["items"], x, "%s[%d]" % (path, i))
                    if e:
                        return e
        if isinstance(v, dict):
            for r in s.get("required", []):
                if r not in v:
                    return "%s: missing %s" % (path, r)
            props = s.get("properties", {})
            for k, x in v.items():
                sub = props[k] if k in props else s.get("additionalProperties")
                if sub is not None:
                    e = self._at(sub, x, "%s.%s" % (path, k))
                    if e:
                        return e
        if "anyOf" in s and all(self._at(sub, v, path) for sub in s["anyOf"]):
            return "%s: matches none of anyOf" % path
        if "oneOf" in s:
            errors = [self._at(sub, v, path) for sub in s["oneOf"]]
            matching = sum(1 for e in errors if e is None)
            if matching != 1:
                return "%s: matches %d of oneOf (%s)" % (path, matching, next((e for e in errors if e), ""))
        if "if" in s:
            branch = s.get("then") if self._at(s["if"], v, path) is None else s.get("else")
            if branch is not None:
                e = self._at(branch, v, path)
                if e:
                    return e
        return None

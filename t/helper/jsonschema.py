#!/usr/bin/env python3
"""Check a JSON document against a JSON Schema, using the subset the
xenscope schemas use: type, enum, const, required, properties,
additionalProperties (boolean or schema), items, minimum, anyOf, and $ref
to #/$defs.

usage: jsonschema.py SCHEMA.json DOC.json|-     exit 0 when valid
No third-party module: the test suite must run on a plain Debian."""
import json
import sys

TYPES = {
    "object": dict, "array": list, "string": str, "boolean": bool,
    "null": type(None),
}


def is_type(v, t):
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    return isinstance(v, TYPES[t])


def check(root, s, v, path, errs):
    if "$ref" in s:
        s = root["$defs"][s["$ref"].split("/")[-1]]
    if "anyOf" in s:
        best = None
        for alt in s["anyOf"]:
            sub = []
            check(root, alt, v, path, sub)
            if not sub:
                return
            if best is None or len(sub) < len(best):
                best = sub
        errs.extend(best)  # the closest alternative says what is wrong
        return
    t = s.get("type")
    if t is not None:
        ts = t if isinstance(t, list) else [t]
        if not any(is_type(v, x) for x in ts):
            errs.append(f"{path}: {json.dumps(v)[:60]} is not {t}")
            return
    if "enum" in s and v not in s["enum"]:
        errs.append(f"{path}: {v!r} not in {s['enum']}")
    if "const" in s and v != s["const"]:
        errs.append(f"{path}: {v!r} is not {s['const']!r}")
    if "minimum" in s and is_type(v, "number") and v < s["minimum"]:
        errs.append(f"{path}: {v} < {s['minimum']}")
    if isinstance(v, dict):
        props = s.get("properties", {})
        for k in s.get("required", []):
            if k not in v:
                errs.append(f"{path}: missing '{k}'")
        for k, x in v.items():
            extra = s.get("additionalProperties")
            if k in props:
                check(root, props[k], x, f"{path}.{k}", errs)
            elif extra is False:
                errs.append(f"{path}: unexpected '{k}'")
            elif isinstance(extra, dict):
                check(root, extra, x, f"{path}.{k}", errs)
    if isinstance(v, list) and "items" in s:
        for i, x in enumerate(v):
            check(root, s["items"], x, f"{path}[{i}]", errs)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        schema = json.load(f)
    src = sys.stdin if sys.argv[2] == "-" else open(sys.argv[2])
    try:
        doc = json.load(src)
    except ValueError as e:
        print(f"not JSON: {e}")
        return 1
    errs = []
    check(schema, schema, doc, "$", errs)
    for e in errs[:20]:
        print(e)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())

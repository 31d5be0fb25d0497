"""A small JSON Schema checker for the subset of keywords the files in data/schemas use.

Why not a library: importing `jsonschema` took 1.6-7 s here (it builds format-checking
grammars at import), which every lesson would pay at start-up (`python3 tasks.py bench`
measures both); `fastjsonschema`'s messages name no field, and an instructor needs the
field. The schemas stay standard Draft 2020-12, so editors and the test suite check them
with `jsonschema` too, and a test holds this module to the same verdicts on every schema
and a set of broken documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

SUPPORTED = {
    "$schema", "$defs", "$ref", "title", "description", "type", "properties", "required",
    "additionalProperties", "items", "minItems", "minLength", "minProperties", "pattern",
    "enum", "const", "oneOf", "minimum", "maximum", "default", "examples",
}
TYPES = {
    "object": dict, "array": list, "string": str, "boolean": bool, "null": type(None),
}


@dataclass
class SchemaProblem:
    path: list[str | int]  # where in the document, e.g. ["stages", 1, "colour"]
    message: str
    description: str | None  # the failing schema's description: what was expected
    field: str | None = None  # the property at fault, when it is not the last path step

    def field_name(self) -> str | None:
        if self.field:
            return self.field
        names = [step for step in self.path if isinstance(step, str)]
        return names[-1] if names and self.path[-1] == names[-1] else None


def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, TYPES[name])


def first_problem(document: Any, schema: dict) -> SchemaProblem | None:
    """The first place where `document` breaks `schema`, or None if it conforms."""
    return _check(document, schema, schema, [])


def _check(value: Any, schema: dict, root: dict, path: list) -> SchemaProblem | None:
    unknown = set(schema) - SUPPORTED
    if unknown:
        raise ValueError(f"schema keyword(s) not supported here: {', '.join(sorted(unknown))}")
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return _check(value, root["$defs"][name], root, path)
    if "oneOf" in schema:
        matches = [s for s in schema["oneOf"] if _check(value, s, root, path) is None]
        if len(matches) != 1:
            return SchemaProblem(path, f"{value!r} is not valid here", schema.get("description"))
        return None
    message = _scalar_problem(value, schema)
    if message:
        return SchemaProblem(path, message, schema.get("description"))
    if isinstance(value, list):
        return _list_problem(value, schema, root, path)
    if isinstance(value, dict):
        return _mapping_problem(value, schema, root, path)
    return None


def _scalar_problem(value: Any, schema: dict) -> str | None:
    """Type, enum, const, and the limits of strings and numbers."""
    if "type" in schema:
        allowed = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(value, t) for t in allowed):
            return f"{value!r} is not of type {' or '.join(map(repr, allowed))}"
    if "enum" in schema and value not in schema["enum"]:
        return f"{value!r} is not one of {schema['enum']!r}"
    if "const" in schema and value != schema["const"]:
        return f"{value!r} should be {schema['const']!r}"
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            return ("should be non-empty" if schema["minLength"] == 1
                    else f"{value!r} is too short")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            return f"{value!r} does not match {schema['pattern']!r}"
    if _is_type(value, "number"):
        if "minimum" in schema and value < schema["minimum"]:
            return f"{value!r} is less than the minimum of {schema['minimum']!r}"
        if "maximum" in schema and value > schema["maximum"]:
            return f"{value!r} is greater than the maximum of {schema['maximum']!r}"
    return None


def _list_problem(value: list, schema: dict, root: dict, path: list) -> SchemaProblem | None:
    if len(value) < schema.get("minItems", 0):
        return SchemaProblem(path, "should be non-empty" if schema["minItems"] == 1
                             else f"needs at least {schema['minItems']} items",
                             schema.get("description"))
    if "items" in schema:
        for index, item in enumerate(value):
            found = _check(item, schema["items"], root, [*path, index])
            if found:
                return found
    return None


def _mapping_problem(value: dict, schema: dict, root: dict, path: list) -> SchemaProblem | None:
    for name in schema.get("required", []):
        if name not in value:
            return SchemaProblem(path, f"{name!r} is a required property", None, field=name)
    if len(value) < schema.get("minProperties", 0):
        return SchemaProblem(path, "should be non-empty", schema.get("description"))
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for name, item in value.items():
        if name in properties:
            found = _check(item, properties[name], root, [*path, name])
        elif extra is False:
            allowed = ", ".join(properties)
            return SchemaProblem(path, f"unknown property {name!r} (allowed: {allowed})",
                                 None, field=name)
        elif isinstance(extra, dict):
            found = _check(item, extra, root, [*path, name])
        else:
            found = None
        if found:
            return found
    return None

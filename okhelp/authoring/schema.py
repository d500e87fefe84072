"""JSON Schema of the guide format, built from the loader's own tables so the two cannot drift.

Editors use it through ``# yaml-language-server: $schema=guide.schema.json``. The loader still
checks more than a schema can say (references, reachability, examples, secrets). Every key carries
the ``description`` from :mod:`okhelp.authoring.reference`, the same text the format reference
shows.
"""

from __future__ import annotations

from typing import Any

from okhelp.authoring.loader import (
    CHOICE_KEYS,
    EXAMPLE_KEYS,
    EXAMPLE_OPTIONAL,
    EXPECT_KEYS,
    GUIDE_OPTIONAL,
    GUIDE_REQUIRED,
    LABEL_KEYS,
    MAX_SIGNAL_TAG,
    MAX_TEXT,
    RULE_KEYS,
    SIGNAL_KEYS,
    STEP_COMMON,
    STEP_KEYS,
)
from okhelp.authoring.reference import DESCRIPTIONS, description
from okhelp.domain.model import (
    CATEGORIES,
    CUSTOM_FIELD_PATTERN,
    ID_PATTERN,
    MAX_ID_LENGTH,
    OUTCOMES,
    PRIORITIES,
    WAIT_UNITS,
    WELL_KNOWN_FIELDS,
)
from okhelp.i18n.messages import LANGS

SCHEMA_ID = "https://okhelp.invalid/schema/guide.json"
# An ISO 8601 time with its UTC offset, as examples' ``now`` takes it.
INSTANT_PATTERN = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$"


def _id() -> dict[str, Any]:
    return {"type": "string", "pattern": ID_PATTERN.pattern, "maxLength": MAX_ID_LENGTH}


def _field() -> dict[str, Any]:
    return {
        "anyOf": [
            *(
                {"const": name, "description": DESCRIPTIONS[f"field.{name}"]}
                for name in WELL_KNOWN_FIELDS
            ),
            {
                "type": "string",
                "pattern": CUSTOM_FIELD_PATTERN.pattern,
                "description": DESCRIPTIONS["field.x-"],
            },
        ]
    }


_STEP_PROPERTY: dict[str, dict[str, Any]] = {
    "next": {"$ref": "#/$defs/id"},
    "on_yes": {"$ref": "#/$defs/id"},
    "on_no": {"$ref": "#/$defs/id"},
    "guide": {"$ref": "#/$defs/id"},
    "field": {"$ref": "#/$defs/field"},
    "required": {"type": "boolean"},
    "outcome": {"enum": list(OUTCOMES)},
    "collect": {"type": "array", "items": {"$ref": "#/$defs/field"}},
    "choices": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/choice"}},
    "labels": {"$ref": "#/$defs/labels"},
    "wait": {"$ref": "#/$defs/wait"},
    "task": {"type": "boolean"},
    "ask": {
        "type": "object",
        "propertyNames": {"$ref": "#/$defs/field"},
        "additionalProperties": {"$ref": "#/$defs/text"},
    },
}


def step_schema(step_type: str) -> dict[str, Any]:
    required, optional = STEP_KEYS[step_type]
    properties: dict[str, Any] = {
        "id": {"$ref": "#/$defs/id"},
        "type": {"const": step_type},
        "text": {"$ref": "#/$defs/text"},
    }
    for key in required + optional:
        properties[key] = _STEP_PROPERTY[key]
    if step_type == "action":
        properties["on_yes"] = {"anyOf": [{"$ref": "#/$defs/id"}, {"type": "null"}]}
    return {
        "type": "object",
        "properties": properties,
        "required": list(STEP_COMMON + required),
        "additionalProperties": False,
    }


def rule_schema() -> dict[str, Any]:
    """A path rule: answers that set it going, and what every path after them must respect."""
    answer = {"type": ["string", "boolean"]}
    properties: dict[str, Any] = {
        "after": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"$ref": "#/$defs/id"},
            "additionalProperties": {
                "anyOf": [answer, {"type": "array", "minItems": 1, "items": answer}]
            },
        },
        "every_end": {"enum": list(OUTCOMES)},
        "never_reaches": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/id"}},
        "passes_through": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/id"}},
    }
    assert set(properties) == set(RULE_KEYS)
    return {
        "type": "object",
        "properties": properties,
        "required": ["after"],
        "anyOf": [
            {"required": ["every_end"]},
            {"required": ["never_reaches"]},
            {"required": ["passes_through"]},
        ],
        "additionalProperties": False,
    }


def signal_schema() -> dict[str, Any]:
    """A signal: answers that put a tag on the ticket and may raise its priority."""
    properties: dict[str, Any] = {
        "after": rule_schema()["properties"]["after"],
        "tag": {"$ref": "#/$defs/id", "maxLength": MAX_SIGNAL_TAG},
        "priority": {"enum": list(PRIORITIES)},
    }
    assert set(properties) == set(SIGNAL_KEYS)
    return {
        "type": "object",
        "properties": properties,
        "required": ["after", "tag"],
        "additionalProperties": False,
    }


def guide_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every guide file satisfies."""
    text = {
        "type": "object",
        "properties": {
            lang: {"type": "string", "minLength": 1, "maxLength": MAX_TEXT} for lang in LANGS
        },
        "required": list(LANGS),
        "additionalProperties": False,
    }
    answer = {"type": ["string", "boolean", "number"]}
    properties: dict[str, Any] = {
        "id": {"$ref": "#/$defs/id"},
        "version": {"type": "integer", "minimum": 1, "default": 1},
        "category": {
            "oneOf": [
                {"const": name, "description": DESCRIPTIONS[f"category.{name}"]}
                for name in CATEGORIES
            ]
        },
        "title": {"$ref": "#/$defs/text"},
        "summary": {"$ref": "#/$defs/text"},
        "keywords": {
            "type": "object",
            "properties": {
                lang: {"type": "array", "items": {"type": "string", "minLength": 1}}
                for lang in LANGS
            },
            "required": list(LANGS),
            "additionalProperties": False,
        },
        "start": {"$ref": "#/$defs/id"},
        "steps": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/step"}},
        "examples": {"type": "array", "items": {"$ref": "#/$defs/example"}},
        "rules": {"type": "array", "items": {"$ref": "#/$defs/rule"}},
        "signals": {"type": "array", "items": {"$ref": "#/$defs/signal"}},
        "now": {"type": "string", "pattern": INSTANT_PATTERN},
    }
    assert set(properties) == set(GUIDE_REQUIRED + GUIDE_OPTIONAL)
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "okhelp guide",
        "type": "object",
        "properties": properties,
        "required": list(GUIDE_REQUIRED),
        "additionalProperties": False,
        "$defs": {
            "id": _id(),
            "field": _field(),
            "text": text,
            "choice": {
                "type": "object",
                "properties": {
                    "id": {"$ref": "#/$defs/id"},
                    "label": {"$ref": "#/$defs/text"},
                    "next": {"$ref": "#/$defs/id"},
                },
                "required": list(CHOICE_KEYS),
                "additionalProperties": False,
            },
            "step": {"oneOf": [step_schema(step_type) for step_type in STEP_KEYS]},
            "labels": {
                "type": "object",
                "properties": {key: {"$ref": "#/$defs/text"} for key in LABEL_KEYS},
                "required": list(LABEL_KEYS),
                "additionalProperties": False,
            },
            "wait": {
                "type": "object",
                "properties": {
                    **{
                        unit: {"type": "integer", "minimum": 1, "maximum": 365}
                        for unit in WAIT_UNITS
                    },
                    "since": {"enum": ["occurred_at"]},
                },
                "oneOf": [{"required": [unit]} for unit in WAIT_UNITS],
                "additionalProperties": False,
            },
            "rule": rule_schema(),
            "signal": signal_schema(),
            "example": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "now": {"type": "string", "pattern": INSTANT_PATTERN},
                    "answers": {"type": "object", "additionalProperties": answer},
                    "expect": {
                        "type": "object",
                        "properties": {
                            key: {"enum": list(OUTCOMES)}
                            if key == "outcome"
                            else {"$ref": "#/$defs/id"}
                            for key in EXPECT_KEYS
                        },
                        "minProperties": 1,
                        "additionalProperties": False,
                    },
                },
                "required": list(EXAMPLE_KEYS),
                "additionalProperties": False,
            },
        },
    }
    assert set(schema["$defs"]["example"]["properties"]) == set(EXAMPLE_KEYS + EXAMPLE_OPTIONAL)
    annotate(schema)
    return schema


# The prefix of the descriptions for the keys inside a list or mapping of this name.
_PREFIX = {
    "signals": "signal",
    "rules": "rule",
    "choices": "choice",
    "examples": "example",
    "steps": "step",
}
_SHAPES = ("text", "id", "field")


def annotate(schema: dict[str, Any]) -> set[str]:
    """Give every key in the schema its description; return the locations used."""
    used: set[str] = set()
    _annotate(schema, "guide", used)
    for name, definition in schema.get("$defs", {}).items():
        if name in _SHAPES:
            definition["description"] = DESCRIPTIONS[f"def.{name}"]
            used.add(f"def.{name}")
            used.update(_consts(definition, name))
            _annotate(definition, name, used)
        else:
            _annotate(definition, _PREFIX.get(name, name), used)
    used.update(_consts(schema["properties"]["category"], "category"))
    return used


def _consts(node: dict[str, Any], prefix: str) -> set[str]:
    """Locations of the descriptions already on a list of choices (fields, categories)."""
    found: set[str] = set()
    for option in node.get("anyOf", []) + node.get("oneOf", []):
        if "const" in option:
            found.add(f"{prefix}.{option['const']}")
        elif "pattern" in option and prefix == "field":
            found.add("field.x-")
    return found


def _annotate(node: Any, prefix: str, used: set[str]) -> None:
    if not isinstance(node, dict):
        return
    properties = node.get("properties", {})
    if prefix == "step" and "const" in properties.get("type", {}):
        prefix = f"step.{properties['type']['const']}"
        node["description"] = DESCRIPTIONS[prefix]
        used.add(prefix)
    for key, sub in properties.items():
        location = f"{prefix}.{key}"
        try:
            text = description(location)
        except KeyError:
            continue  # a test requires a description on every key: this never ships
        if isinstance(sub, dict):
            sub["description"] = text
            used.add(location if location in DESCRIPTIONS else f"step.{key}")
            _annotate(sub, _PREFIX.get(key, key), used)
    for key in ("items", "additionalProperties"):
        _annotate(node.get(key), prefix, used)
    for key in ("oneOf", "anyOf", "allOf"):
        for option in node.get(key, []):
            _annotate(option, prefix, used)

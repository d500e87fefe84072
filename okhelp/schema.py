"""JSON Schema of the guide format, built from the loader's own tables so the two cannot drift.

Editors use it through ``# yaml-language-server: $schema=guide.schema.json``. The loader still
checks more than a schema can say (references, reachability, examples, secrets).
"""

from __future__ import annotations

from typing import Any

from okhelp.loader import (
    CHOICE_KEYS,
    EXAMPLE_KEYS,
    EXPECT_KEYS,
    GUIDE_OPTIONAL,
    GUIDE_REQUIRED,
    LABEL_KEYS,
    MAX_TEXT,
    RULE_KEYS,
    STEP_COMMON,
    STEP_KEYS,
)
from okhelp.model import (
    CATEGORIES,
    CUSTOM_FIELD_PATTERN,
    ID_PATTERN,
    LANGS,
    MAX_ID_LENGTH,
    OUTCOMES,
    WELL_KNOWN_FIELDS,
)

SCHEMA_ID = "https://okhelp.invalid/schema/guide.json"


def _id() -> dict[str, Any]:
    return {"type": "string", "pattern": ID_PATTERN.pattern, "maxLength": MAX_ID_LENGTH}


def _field() -> dict[str, Any]:
    return {
        "anyOf": [
            {"enum": list(WELL_KNOWN_FIELDS)},
            {"type": "string", "pattern": CUSTOM_FIELD_PATTERN.pattern},
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
    }
    assert set(properties) == set(RULE_KEYS)
    return {
        "type": "object",
        "properties": properties,
        "required": ["after"],
        "anyOf": [{"required": ["every_end"]}, {"required": ["never_reaches"]}],
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
        "category": {"enum": list(CATEGORIES)},
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
    }
    assert set(properties) == set(GUIDE_REQUIRED + GUIDE_OPTIONAL)
    return {
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
            "rule": rule_schema(),
            "example": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "minLength": 1},
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

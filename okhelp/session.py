"""A session as it is saved: the answers so far, collected fields, and its status.

Pure data: converting to and from JSON, and to and from the engine's state. Writing it to disk is
``store.py``'s job.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from okhelp.engine import Answer, Engine, Entry, State, StepKey

SCHEMA = "okhelp.session/1"
STATUSES = ("in_progress", "resolved", "escalated", "abandoned")
COLLECT_SOURCE = "collect"


class SessionFormatError(Exception):
    """A file that is not a session okhelp wrote."""


def new_session_id(now: datetime) -> str:
    return f"{now.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(2)}"


@dataclass
class Session:
    """Everything needed to resume a session or write its summary."""

    session_id: str
    guide: str
    lang: str
    started_at: str
    updated_at: str
    status: str = "in_progress"
    trail: list[Entry] = field(default_factory=list)
    defaults: dict[StepKey, Answer] = field(default_factory=dict)
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    description: str | None = None
    outcome: str | None = None
    end: StepKey | None = None
    timezone: str | None = None
    redactions: list[dict[str, Any]] = field(default_factory=list)
    guide_version: int | None = None
    # Answers to collected fields undone by "back", offered again when the field is asked again.
    collect_defaults: dict[str, str] = field(default_factory=dict)

    def apply(self, state: State) -> None:
        """Take the engine's state; forget fields whose answering step was undone."""
        self.trail = list(state.trail)
        self.defaults = dict(state.defaults)
        answered = {(e.guide, e.step) for e in self.trail}
        self.fields = {
            name: value
            for name, value in self.fields.items()
            if value.get("source") == COLLECT_SOURCE
            or tuple(str(value.get("source", "")).split("/", 1)) in answered
        }
        self.outcome = state.outcome
        self.end = state.key if state.done else None

    def state(self, engine: Engine) -> State:
        """Rebuild the engine's state by replaying the saved answers."""
        return engine.replay(self.trail, self.defaults)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "session_id": self.session_id,
            "guide": self.guide,
            "status": self.status,
            "lang": self.lang,
            "started_at": self.started_at,
            "updated_at": self.updated_at,
            "timezone": self.timezone,
            "trail": [{"guide": e.guide, "step": e.step, "value": e.value} for e in self.trail],
            "defaults": [
                {"guide": guide, "step": step, "value": value}
                for (guide, step), value in self.defaults.items()
            ],
            "fields": self.fields,
            "description": self.description,
            "outcome": self.outcome,
            "end": {"guide": self.end[0], "step": self.end[1]} if self.end else None,
            "redactions": self.redactions,
            "guide_version": self.guide_version,
            "collect_defaults": self.collect_defaults,
        }

    @classmethod
    def from_json(cls, data: Any) -> Session:
        """Read a saved session; SessionFormatError for anything that is not one."""
        try:
            if not isinstance(data, dict) or data.get("schema") != SCHEMA:
                raise SessionFormatError("not an okhelp session")
            status = data["status"]
            if status not in STATUSES:
                raise SessionFormatError(f"unknown status {status!r}")
            end = data.get("end")
            return cls(
                session_id=_text(data["session_id"]),
                guide=_text(data["guide"]),
                lang=_text(data["lang"]),
                started_at=_text(data["started_at"]),
                updated_at=_text(data["updated_at"]),
                status=status,
                trail=[_entry(item) for item in data["trail"]],
                defaults={
                    (_text(item["guide"]), _text(item["step"])): _answer(item["value"])
                    for item in data.get("defaults", [])
                },
                fields={str(k): dict(v) for k, v in dict(data.get("fields") or {}).items()},
                description=data.get("description"),
                outcome=data.get("outcome"),
                end=(_text(end["guide"]), _text(end["step"])) if end else None,
                timezone=data.get("timezone"),
                redactions=[dict(item) for item in data.get("redactions", [])],
                guide_version=_version(data.get("guide_version")),
                collect_defaults={
                    _text(k): _text(v) for k, v in dict(data.get("collect_defaults") or {}).items()
                },
            )
        except SessionFormatError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise SessionFormatError(f"damaged session ({type(exc).__name__}: {exc})") from None


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {type(value).__name__}")
    return value


def _version(value: Any) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise ValueError(f"expected a guide version, got {type(value).__name__}")


def _answer(value: Any) -> Answer:
    if value is None or isinstance(value, (str, bool)):
        return value
    raise ValueError(f"expected an answer, got {type(value).__name__}")


def _entry(item: Any) -> Entry:
    return Entry(_text(item["guide"]), _text(item["step"]), _answer(item["value"]))

"""A session as it is saved: the answers so far, collected fields, and its status.

Pure data: converting to and from JSON, and to and from the engine's state. Writing it to disk is
``store.py``'s job.
"""

from __future__ import annotations

import json
import math
import re
import secrets
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypedDict, cast

from okhelp.domain.engine import Answer, Engine, Entry, State, StepKey
from okhelp.domain.model import ID_PATTERN, Guide
from okhelp.i18n.messages import DISPLAY_LANGS
from okhelp.util.text import printable, value_kind

SCHEMA = "okhelp.session/1"
STATUSES = ("in_progress", "resolved", "escalated", "abandoned", "pending")
COLLECT_SOURCE = "collect"
SESSION_ID = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{4}$")
DIGEST = re.compile(r"^[0-9a-f]{16,64}$")

# What a session okhelp wrote can hold, with room to spare; anything bigger was not written by it.
MAX_NAME = 200  # ids, step names, times, languages, zones
MAX_TEXT = 20_000  # answers and field text (typed text is at most 10,000 characters)
MAX_ITEMS = 5_000  # trail, defaults, redactions
MAX_FIELDS = 200
MAX_FILE = 4 * 1024 * 1024  # the largest session file a load reads
MAX_SEQUENCE = 10**15
TEXT_KEYS = ("text", "value", "display", "source", "kind", "currency", "precision", "timezone")


Scalar = str | int | float | bool | None


class FieldEntry(TypedDict, total=False):
    """A collected field as a session keeps it: the user's words, the value okhelp read from
    them, how it is shown, and what kind of reading it was."""

    text: str | None
    value: Scalar
    display: str | None
    source: str | None
    kind: str | None
    currency: str | None
    precision: str | None
    timezone: str | None
    part: Scalar
    range: dict[str, str] | None
    edited: bool


class Redaction(TypedDict):
    """How many secrets of one kind were taken out of one field."""

    field: str
    kind: str
    count: int


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
    fields: dict[str, FieldEntry] = field(default_factory=dict)
    description: str | None = None
    outcome: str | None = None
    end: StepKey | None = None
    timezone: str | None = None
    redactions: list[Redaction] = field(default_factory=list)
    guide_version: int | None = None
    # Answers to collected fields undone by "back", offered again when the field is asked again.
    collect_defaults: dict[str, str] = field(default_factory=dict)
    # The content digest of each guide as the session first showed it, by guide id. Empty for a
    # session saved before okhelp kept them: whether its guides changed since is unknown.
    guide_digests: dict[str, str] = field(default_factory=dict)
    # A pending session: the moment its wait is over (ISO 8601, the user's time zone).
    pending_until: str | None = None
    # The user's own verdict at a resolved or waiting end, 1 (no help) to 5; None: not given.
    rating: int | None = None
    # The data folder's save count when this session was last saved (``store.py`` sets it): the
    # order of saves, which a clock set back cannot reverse. 0 for a session saved before.
    sequence: int = 0

    def note_guides(
        self,
        guides: Mapping[str, Guide],
        state: State | None = None,
        *,
        digest: Callable[[Guide], str],
    ) -> None:
        """Remember the content of every guide the session has shown that it has not noted yet
        (a linked guide is noted when it is first entered). A session that kept no digests is
        left so: noting today's guides would claim its earlier answers saw them. ``digest`` is the
        library's content digest (the domain does not know how guides are serialised)."""
        if not self.guide_digests:
            return
        shown = {self.guide, *(entry.guide for entry in self.trail)}
        if state is not None:
            shown.add(state.guide)
        for guide_id in sorted(shown - set(self.guide_digests)):
            guide = guides.get(guide_id)
            if guide is not None and len(self.guide_digests) < MAX_FIELDS:
                self.guide_digests[guide_id] = digest(guide)

    def changed_guides(
        self, guides: Mapping[str, Guide], *, digest: Callable[[Guide], str]
    ) -> list[str] | None:
        """The guides (ids) whose content is not what the session showed; None when the session
        kept no digests (saved by an older okhelp). A guide that is gone is not counted here:
        resuming says so on its own."""
        if not self.guide_digests:
            return None
        return [
            guide_id
            for guide_id, shown in sorted(self.guide_digests.items())
            if guide_id in guides and digest(guides[guide_id]) != shown
        ]

    def __post_init__(self) -> None:
        # The trail's entries as their file lines, for the entries they were made from: a move
        # adds or takes off one entry at the end, so a save encodes one entry, not the trail.
        self._encoded: list[str] = []
        self._encoded_from: list[Entry] = []

    def apply(self, state: State) -> None:
        """Take the engine's state; forget fields whose answering step was undone."""
        old = self.trail
        grown = len(state.trail) >= len(old) and (not old or state.trail[len(old) - 1] is old[-1])
        self.trail = list(state.trail)
        self.defaults = dict(state.defaults)
        if not grown:  # an answer was taken back: so are the fields it gave
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

    def to_json(self, *, trail: bool = True) -> dict[str, Any]:
        data = {
            "schema": SCHEMA,
            "session_id": self.session_id,
            "guide": self.guide,
            "status": self.status,
            "lang": self.lang,
            "started_at": self.started_at,
            "updated_at": self.updated_at,
            "timezone": self.timezone,
            "trail": [_entry_json(e) for e in self.trail] if trail else [],
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
            "guide_digests": self.guide_digests,
            "sequence": self.sequence,
        }
        if self.pending_until is not None:
            data["pending_until"] = self.pending_until
        if self.rating is not None:
            data["rating"] = self.rating
        if not trail:
            del data["trail"]
        return data

    def to_text(self) -> str:
        """The session file's text: :meth:`to_json` as indented JSON, one trail entry a line.

        The entries already encoded by an earlier save of this session are reused, so the work
        of a save does not grow with the trail; only the bytes written do.
        """
        kept = _common_prefix(self._encoded_from, self.trail)
        del self._encoded[kept:], self._encoded_from[kept:]
        for entry in self.trail[kept:]:
            self._encoded.append(_entry_line(entry))
            self._encoded_from.append(entry)
        data = self.to_json(trail=False)
        head = json.dumps(data, ensure_ascii=False, indent=2)
        trail = ",\n".join(self._encoded)
        body = f"[\n{trail}\n  ]" if trail else "[]"
        return f'{head[:-2]},\n  "trail": {body}\n}}\n'

    def unsaveable(self, size: int) -> str | None:
        """Why a file of this session (``size`` bytes) could not be read back, or None: it is
        refused before it is written, since :meth:`from_json` would call it damaged."""
        counts = (("trail", len(self.trail)), ("defaults", len(self.defaults)))
        for where, count in (*counts, ("redactions", len(self.redactions))):
            if count > MAX_ITEMS:
                return f"{where}: too many entries ({count}, at most {MAX_ITEMS})"
        if len(self.fields) > MAX_FIELDS:
            return f"fields: too many ({len(self.fields)}, at most {MAX_FIELDS})"
        if size > MAX_FILE:
            return f"too large ({size} bytes, at most {MAX_FILE})"
        return None

    @classmethod
    def from_json(cls, data: Any) -> Session:
        """Read a saved session; SessionFormatError for anything that is not one.

        A session file may have been damaged or tampered with, so every value is checked for
        its type and its size before it is used: a wrong type anywhere, a huge value or deep
        nesting is a SessionFormatError naming where, never an internal error later on.
        """
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise SessionFormatError("not an okhelp session")
        status = data.get("status")
        if status not in STATUSES:
            raise SessionFormatError(f"status: unknown status {_shown(status)}")
        session_id = _text(data.get("session_id"), "session_id", MAX_NAME)
        if not SESSION_ID.fullmatch(session_id):
            raise SessionFormatError("session_id: not a session id")
        lang = _text(data.get("lang"), "lang", MAX_NAME)
        if lang not in DISPLAY_LANGS:
            raise SessionFormatError(f"lang: unknown language {_shown(lang)}")
        end = data.get("end")
        if end is not None and not isinstance(end, dict):
            raise SessionFormatError("end: expected {guide, step} or null")
        return cls(
            session_id=session_id,
            guide=_guide_id(data.get("guide"), "guide"),
            lang=lang,
            started_at=_instant(data.get("started_at"), "started_at"),
            updated_at=_instant(data.get("updated_at"), "updated_at"),
            status=status,
            trail=[_entry(item, f"trail[{i}]") for i, item in _items(data.get("trail"), "trail")],
            defaults={
                (entry.guide, entry.step): entry.value
                for entry in (
                    _entry(item, f"defaults[{i}]")
                    for i, item in _items(data.get("defaults", []), "defaults")
                )
            },
            fields=_fields(data.get("fields") or {}),
            description=_optional_text(data.get("description"), "description", MAX_TEXT),
            outcome=_optional_text(data.get("outcome"), "outcome", MAX_NAME),
            end=(
                (_guide_id(end.get("guide"), "end.guide"), _text(end.get("step"), "end.step"))
                if end
                else None
            ),
            timezone=_optional_text(data.get("timezone"), "timezone", MAX_NAME),
            pending_until=(
                _instant(data["pending_until"], "pending_until")
                if data.get("pending_until") is not None
                else None
            ),
            rating=_rating(data.get("rating")),
            redactions=[
                _redaction(item, f"redactions[{i}]")
                for i, item in _items(data.get("redactions", []), "redactions")
            ],
            guide_version=_version(data.get("guide_version"), "guide_version"),
            collect_defaults=_collect_defaults(data.get("collect_defaults") or {}),
            guide_digests=_digests(data.get("guide_digests") or {}),
            sequence=_sequence(data.get("sequence", 0)),
        )


def _entry_json(entry: Entry) -> dict[str, Any]:
    return {"guide": entry.guide, "step": entry.step, "value": entry.value}


def _entry_line(entry: Entry) -> str:
    return "    " + json.dumps(_entry_json(entry), ensure_ascii=False)


def _common_prefix(encoded: list[Entry], trail: list[Entry]) -> int:
    """How many leading entries of ``trail`` are the very entries ``encoded`` was made from.

    Moves change a trail only at its end and keep the entries before as they are, so the
    search runs back from the end and stops at the first entry that is still the same one."""
    index = min(len(encoded), len(trail)) - 1
    while index >= 0 and encoded[index] is not trail[index]:
        index -= 1
    if index >= 0 and encoded[0] is not trail[0]:
        return 0  # a trail put together anew (a replay): encode it again
    return index + 1


def _shown(value: Any) -> str:
    """A value in an error message: short, and never raw control characters."""
    return printable(repr(value), 40)


def _text(value: Any, where: str, limit: int = MAX_NAME) -> str:
    if not isinstance(value, str):
        raise SessionFormatError(f"{where}: expected text, got {value_kind(value)}")
    if len(value) > limit:
        raise SessionFormatError(f"{where}: too long ({len(value)} characters, at most {limit})")
    return value


def _guide_id(value: Any, where: str) -> str:
    """A guide's id as every guide has one (lowercase letters and digits joined by '-'): a
    file from elsewhere must not bring "../../etc/passwd" or an escape code in as a guide."""
    text = _text(value, where)
    if not ID_PATTERN.match(text):
        raise SessionFormatError(f"{where}: not a guide id {_shown(text)}")
    return text


def _version(value: Any, where: str) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
        return value
    raise SessionFormatError(f"{where}: expected a guide version (a whole number) or null")


def _collect_defaults(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise SessionFormatError(f"collect_defaults: expected a mapping, got {value_kind(value)}")
    if len(value) > MAX_FIELDS:
        raise SessionFormatError(f"collect_defaults: too many ({len(value)}, at most {MAX_FIELDS})")
    return {
        _text(name, "collect_defaults", MAX_NAME): _text(
            text, f"collect_defaults.{printable(str(name), 40)}", MAX_TEXT
        )
        for name, text in value.items()
    }


def _sequence(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_SEQUENCE:
        return value
    raise SessionFormatError("sequence: expected a whole number from 0")


def _digests(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise SessionFormatError(f"guide_digests: expected a mapping, got {value_kind(value)}")
    if len(value) > MAX_FIELDS:
        raise SessionFormatError(f"guide_digests: too many ({len(value)}, at most {MAX_FIELDS})")
    result = {}
    for guide_id, digest in value.items():
        _text(guide_id, "guide_digests", MAX_NAME)
        where = f"guide_digests.{printable(str(guide_id), 40)}"
        if not DIGEST.fullmatch(_text(digest, where, MAX_NAME)):
            raise SessionFormatError(f"{where}: not a content digest")
        result[guide_id] = digest
    return result


def _range(value: Any, where: str) -> dict[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"start", "end"}:
        raise SessionFormatError(f"{where}: expected {{start, end}} or null")
    return {key: _instant(value[key], f"{where}.{key}") for key in ("start", "end")}


def _optional_text(value: Any, where: str, limit: int) -> str | None:
    return None if value is None else _text(value, where, limit)


def _instant(value: Any, where: str) -> str:
    text = _text(value, where, MAX_NAME)
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise SessionFormatError(f"{where}: not an ISO 8601 time") from None
    return text


def _items(value: Any, where: str) -> Iterator[tuple[int, Any]]:
    if not isinstance(value, list):
        raise SessionFormatError(f"{where}: expected a list, got {value_kind(value)}")
    if len(value) > MAX_ITEMS:
        raise SessionFormatError(f"{where}: too many entries ({len(value)}, at most {MAX_ITEMS})")
    return enumerate(value)


def _answer(value: Any, where: str) -> Answer:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _text(value, where, MAX_TEXT)
    raise SessionFormatError(f"{where}: expected an answer, got {value_kind(value)}")


def _entry(item: Any, where: str) -> Entry:
    if not isinstance(item, dict):
        kind = value_kind(item)
        raise SessionFormatError(f"{where}: expected {{guide, step, value}}, got {kind}")
    return Entry(
        _guide_id(item.get("guide"), f"{where}.guide"),
        _text(item.get("step"), f"{where}.step"),
        _answer(item.get("value"), f"{where}.value"),
    )


def _scalar(value: Any, where: str) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) > 10**18:
            raise SessionFormatError(f"{where}: number out of range")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise SessionFormatError(f"{where}: not a finite number")
        return value
    if isinstance(value, str):
        return _text(value, where, MAX_TEXT)
    raise SessionFormatError(f"{where}: expected text, a number, true/false or null")


def _fields(value: Any) -> dict[str, FieldEntry]:
    if not isinstance(value, dict):
        raise SessionFormatError(f"fields: expected a mapping, got {value_kind(value)}")
    if len(value) > MAX_FIELDS:
        raise SessionFormatError(f"fields: too many ({len(value)}, at most {MAX_FIELDS})")
    result: dict[str, FieldEntry] = {}
    for name, entry in value.items():
        where = f"fields.{printable(name, 40)}"
        _text(name, "fields", MAX_NAME)
        if not isinstance(entry, dict):
            raise SessionFormatError(f"{where}: expected a mapping, got {value_kind(entry)}")
        if len(entry) > MAX_FIELDS:
            raise SessionFormatError(f"{where}: too many keys ({len(entry)})")
        checked: dict[str, Any] = {}
        for key, item in entry.items():
            at = f"{where}.{printable(key, 40)}"
            _text(key, where, MAX_NAME)
            if key in TEXT_KEYS:
                checked[key] = _optional_text(item, at, MAX_TEXT)
            elif key == "range":
                checked[key] = _range(item, at)
            elif key == "edited":
                if not isinstance(item, bool):
                    raise SessionFormatError(f"{at}: expected true/false, got {value_kind(item)}")
                checked[key] = item
            else:
                checked[key] = _scalar(item, at)
        result[name] = cast(FieldEntry, checked)
    return result


def _redaction(item: Any, where: str) -> Redaction:
    if not isinstance(item, dict):
        kind = value_kind(item)
        raise SessionFormatError(f"{where}: expected {{field, kind, count}}, got {kind}")
    count = item.get("count")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 10**6:
        raise SessionFormatError(f"{where}.count: expected a positive whole number")
    result = {
        key: _scalar(value, f"{where}.{printable(str(key), 40)}") for key, value in item.items()
    }
    result["field"] = _text(item.get("field"), f"{where}.field")
    result["kind"] = _text(item.get("kind"), f"{where}.kind")
    return cast(Redaction, result)


RATINGS = range(1, 6)


def rating_value(value: Any) -> int | None:
    """A kept verdict: None (not given) or a whole number from 1 to 5; ValueError else."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in RATINGS:
        raise ValueError("expected a whole number from 1 to 5")
    return value


def _rating(value: Any) -> int | None:
    try:
        return rating_value(value)
    except ValueError as exc:
        raise SessionFormatError(f"rating: {exc}") from None

"""The contact summary record's shape (``okhelp.summary/1``, described in docs/summary-schema.md),
as types the modules that build, mask, render and send it all check against.

A record read from a file or sent over JSON is a plain ``dict`` until the summary file's schema
check has passed; :func:`as_record` is where it becomes a :class:`SummaryRecord`.
"""

from __future__ import annotations

from typing import Any, TypedDict, cast

from okhelp.domain.session import Redaction
from okhelp.storage.config import Channel


class Tool(TypedDict):
    name: str
    version: str


class GuideInfo(TypedDict):
    id: str
    title: str | None
    version: int | None
    changed: bool | None


class Account(TypedDict):
    id: str
    kind: str | None


class Amount(TypedDict):
    value: str
    currency: str | None


class TimeRange(TypedDict):
    start: str
    end: str


class Incident(TypedDict):
    transaction_id: str | None
    occurred_at: str | None
    occurred_at_precision: str | None
    occurred_at_text: str | None
    occurred_at_part: str | None
    occurred_at_range: TimeRange | None
    timezone: str | None
    amount: Amount | None
    error_message: str | None


class Environment(TypedDict):
    app_version: str | None
    device: str | None


class _TriedStepRequired(TypedDict):
    step: str
    action: str | None
    result: str


class TriedStep(_TriedStepRequired, total=False):
    early: bool  # a wait the user came back from before it was over


class TranscriptItem(TypedDict):
    step: str
    question: str | None
    answer: str | None
    type: str
    answer_text: str | None
    field: str | None
    edited: bool


class _LaterKeys(TypedDict, total=False):
    """Keys added after ``okhelp.summary/1`` first shipped: older files lack them."""

    # A pending session: when its wait is over.
    pending_until: str
    # How soon support should act (urgent, high, normal), and the tags of what happened.
    priority: str
    signals: list[str]


class SummaryRecord(_LaterKeys):
    schema: str
    session_id: str
    status: str
    generated_at: str
    tool: Tool
    lang: str
    guide: GuideInfo
    category: str | None
    account: Account | None
    incident: Incident
    environment: Environment
    description: str | None
    steps_tried: list[TriedStep]
    transcript: list[TranscriptItem]
    edited_fields: list[str]
    contact_channels: list[Channel]
    redactions: list[Redaction]
    user_supplied: list[str]


def as_record(data: dict[str, Any]) -> SummaryRecord:
    """A JSON object that passed the summary schema check, as a record."""
    return cast(SummaryRecord, data)


def as_json(record: SummaryRecord) -> dict[str, Any]:
    """A record as the JSON object it is, for code that walks every key (custom ``x-`` fields
    may sit anywhere in one read from a file)."""
    return cast(dict[str, Any], record)

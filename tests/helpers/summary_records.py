"""Summary records for the summary track's tests: a realistic one built from a session, and a
hand-made one whose every value can be replaced by hostile text."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from okhelp.core.summary import build
from okhelp.domain.engine import Entry
from okhelp.domain.session import Session
from okhelp.fields.validation import FieldContext, validate
from okhelp.library.catalog import load_catalog
from okhelp.storage.config import Config

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 21, 15, 42, tzinfo=ZONE)
SESSION_ID = "20261121-153012-7f3a"
TXN = "WD-20261117-0042"
EMAIL = "jane.doe@example.com"


def field(name: str, text: str, source: str, **extra: Any) -> dict[str, Any]:
    ctx = FieldContext(now=NOW, timezone=ZONE, timezone_name="Asia/Shanghai")
    return {**validate(name, text, ctx).to_json(), "source": source, **extra}


def top_up_session(lang: str = "zh", *, edited: bool = True) -> Session:
    """A top-up session that escalated: a choice, an action not solved, one the user could not
    do, a yes and a no, typed time/amount/transaction id, the amount changed in review."""
    trail = [
        Entry("top-up", "method", "third-party"),
        Entry("top-up", "third-party-status", False),
        Entry("top-up", "third-party-retry", "not_possible"),
        Entry("top-up", "limits", False),
        Entry("top-up", "when", "昨天下午3点"),
        Entry("top-up", "amount", "45"),
        Entry("top-up", "txn", TXN),
    ]
    amount = field("amount", "45.00 EUR" if edited else "45", "top-up/amount")
    if edited:
        amount["edited"] = True
    return Session(
        session_id=SESSION_ID,
        guide="top-up",
        lang=lang,
        started_at="2026-11-21T15:30:12+08:00",
        updated_at="2026-11-21T15:41:00+08:00",
        status="escalated",
        trail=trail,
        fields={
            "occurred_at": field("occurred_at", "昨天下午3点", "top-up/when"),
            "amount": amount,
            "transaction_id": field("transaction_id", TXN, "top-up/txn"),
            "account": field("account", EMAIL, "collect"),
            "description": field("description", "钱扣了但余额没变", "collect"),
        },
        description="钱扣了但余额没变",
        end=("top-up", "escalate"),
        timezone="Asia/Shanghai",
        redactions=[{"field": "description", "kind": "password", "count": 1}],
    )


def top_up_record(lang: str = "zh", session_lang: str | None = None) -> dict[str, Any]:
    guides = load_catalog().guides
    session = top_up_session(session_lang or lang)
    return build(session, guides, Config(), NOW, lang=lang)


BASE: dict[str, Any] = {
    "schema": "okhelp.summary/1",
    "session_id": SESSION_ID,
    "status": "escalated",
    "generated_at": "2026-11-21T15:42:00+08:00",
    "tool": {"name": "okhelp", "version": "0.1.0"},
    "lang": "en",
    "guide": {"id": "top-up", "title": "Top-up failed", "version": 1},
    "category": "money",
    "account": {"id": EMAIL, "kind": "email"},
    "incident": {
        "transaction_id": TXN,
        "occurred_at": None,
        "occurred_at_precision": None,
        "occurred_at_text": None,
        "timezone": "Asia/Shanghai",
        "amount": None,
        "error_message": "E42: network",
    },
    "environment": {"app_version": "3.2.1", "device": "Pixel 8"},
    "description": "money left my bank",
    "steps_tried": [
        {"step": "a", "action": "Restart the app.", "result": "not_solved"},
        {"step": "b", "action": "Ask your bank.", "result": "not_possible"},
    ],
    "transcript": [
        {
            "step": "q",
            "question": "Which one?",
            "answer": "x",
            "type": "choice",
            "answer_text": "The first one",
            "field": None,
            "edited": False,
        },
        {
            "step": "t",
            "question": "What does it say?",
            "answer": "typed words",
            "type": "input",
            "answer_text": None,
            "field": "x-note",
            "edited": False,
        },
    ],
    "edited_fields": [],
    "contact_channels": [{"kind": "in_app_chat", "detail": "In-app chat"}],
    "redactions": [{"field": "description", "kind": "password", "count": 1}],
}


def record_with(**values: str) -> dict[str, Any]:
    """BASE with hostile text put in: keys are dotted paths into the record."""
    record = copy.deepcopy(BASE)
    for path, value in values.items():
        target: Any = record
        parts = path.split(".")
        for part in parts[:-1]:
            target = target[int(part)] if isinstance(target, list) else target[part]
        last = parts[-1]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return record

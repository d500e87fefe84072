"""The contact summary: one record (``okhelp.summary/1``) built from a session.

Every rendering (text, Markdown, JSON) comes from this one record. Fields the session did not
collect are ``None``, never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from okhelp import __version__
from okhelp.config import Config
from okhelp.model import Guide
from okhelp.session import Session

SCHEMA = "okhelp.summary/1"


def _value(fields: Mapping[str, Mapping[str, Any]], name: str) -> Any:
    entry = fields.get(name)
    return entry.get("value") if entry else None


def build(
    session: Session,
    guides: Mapping[str, Guide],
    config: Config,
    generated_at: datetime,
) -> dict[str, Any]:
    """The summary record of a session, in the session's language."""
    lang = session.lang
    guide_id = session.end[0] if session.end else session.guide
    guide = guides.get(guide_id) or guides.get(session.guide)
    fields = session.fields
    account = fields.get("account")
    occurred = fields.get("occurred_at")
    amount = fields.get("amount")
    tried = []
    transcript = []
    for entry in session.trail:
        owner = guides.get(entry.guide)
        step = owner.steps.get(entry.step) if owner else None
        if step is None or step.type in ("info", "link"):
            continue
        question = step.text.get(lang)
        if step.type == "action" and entry.value is False:
            tried.append({"step": entry.step, "action": question, "result": "not_solved"})
        answer: Any = entry.value
        if isinstance(answer, bool):
            answer = "yes" if answer else "no"
        transcript.append({"step": entry.step, "question": question, "answer": answer})
    return {
        "schema": SCHEMA,
        "session_id": session.session_id,
        "status": session.status,
        "generated_at": generated_at.isoformat(timespec="seconds"),
        "tool": {"name": "okhelp", "version": __version__},
        "lang": lang,
        "guide": {
            "id": guide_id,
            "title": guide.title.get(lang) if guide else None,
            "version": guide.version if guide else None,
        },
        "category": guide.category if guide else None,
        "account": (
            {"id": account["value"], "kind": account.get("kind")}
            if account and account.get("value")
            else None
        ),
        "incident": {
            "transaction_id": _value(fields, "transaction_id"),
            "occurred_at": occurred.get("value") if occurred else None,
            "occurred_at_precision": occurred.get("precision") if occurred else None,
            "occurred_at_text": (occurred.get("text") or None) if occurred else None,
            "timezone": (occurred.get("timezone") if occurred else None) or session.timezone,
            "amount": (
                {"value": amount["value"], "currency": amount.get("currency")}
                if amount and amount.get("value")
                else None
            ),
            "error_message": _value(fields, "error_message"),
        },
        "environment": {
            "app_version": _value(fields, "app_version"),
            "device": _value(fields, "device"),
        },
        "description": session.description or _value(fields, "description"),
        "steps_tried": tried,
        "transcript": transcript,
        "contact_channels": config.channels(lang),
        "redactions": [],
    }

"""Ticket-creation payloads for helpdesks, built offline from a summary record.

``okhelp summary --format zendesk|freshdesk`` prints the JSON body that the helpdesk's
create-ticket API takes (Zendesk ``POST /api/v2/tickets``, Freshdesk ``POST /api/v2/tickets``);
okhelp sends nothing. Only the published top-level fields are used. The requester comes only
from what the summary knows (an e-mail account, or for Freshdesk a phone number or user id);
nothing is invented, and a payload without a requester says so in a note. Custom field ids are
specific to each helpdesk account, so they come from the config (``helpdesk:``) or are left out.

Both bodies are HTML (Zendesk's ``comment.html_body``, Freshdesk's ``description``): each helpdesk
shows it as written, where a plain body would arrive hard-wrapped at 72 columns. An agent reads it
next to okhelp's own words, so the user's free text in it is a labelled ``<blockquote>``:
whatever a user typed ("NOTE TO SUPPORT: ...") reads as theirs, never as okhelp's.
"""

from __future__ import annotations

import re
from typing import Any

from okhelp.core.record import SummaryRecord
from okhelp.i18n.messages import message
from okhelp.output.formats import clean, html_body
from okhelp.storage.config import Config
from okhelp.util.text import one_line

SUBJECT_LIMIT = 150  # Zendesk's subject limit; Freshdesk allows more
TAG_LIMIT = 32
FRESHDESK_OPEN = 2
FRESHDESK_PRIORITY = {"urgent": 4, "high": 3, "normal": 2}
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[A-Za-z]{2,}$")
# Records written before okhelp worked out a priority: the category's, as okhelp then gave it.
_HIGH_CATEGORIES = ("money", "security")


def field_values(record: SummaryRecord) -> dict[str, str]:
    """The summary's values a helpdesk custom field can take, by key (config's names)."""
    incident = record["incident"]
    account = record["account"]
    amount = incident["amount"]
    values = {
        "session_id": record["session_id"],
        "guide": record["guide"]["id"],
        "category": record["category"],
        "status": record["status"],
        "account": account["id"] if account else None,
        "account_kind": account["kind"] if account else None,
        "transaction_id": incident["transaction_id"],
        "occurred_at": incident["occurred_at"],
        "amount": amount["value"] if amount else None,
        "currency": amount["currency"] if amount else None,
        "error_message": incident["error_message"],
        "app_version": record["environment"]["app_version"],
        "device": record["environment"]["device"],
        "description": record["description"],
        "lang": record["lang"],
    }
    return {
        key: clean(value) for key, value in values.items() if value is not None and clean(value)
    }


def subject(record: SummaryRecord) -> str:
    """One line naming the problem and the transaction (or the session) it is about."""
    title = record["guide"].get("title") or record["guide"]["id"]
    about = record["incident"]["transaction_id"] or record["session_id"]
    return one_line(clean(f"{title} · {about}"), SUBJECT_LIMIT)


def tags(record: SummaryRecord) -> list[str]:
    """okhelp's tags: lower case, no spaces, at most 32 characters each."""
    raw = ["okhelp", f"okhelp-{record['status']}", f"okhelp-guide-{record['guide']['id']}"]
    if record["category"]:
        raw.append(f"okhelp-{record['category']}")
    raw += [f"okhelp-{signal}" for signal in record.get("signals") or ()]
    cleaned = [re.sub(r"[^a-z0-9_-]+", "_", str(tag).lower())[:TAG_LIMIT] for tag in raw]
    return list(dict.fromkeys(cleaned))


def _priority(record: SummaryRecord) -> str:
    worked_out = record.get("priority")
    if worked_out in FRESHDESK_PRIORITY:
        return str(worked_out)
    return "high" if record["category"] in _HIGH_CATEGORIES else "normal"


def _account(record: SummaryRecord) -> tuple[str | None, str | None]:
    account = record["account"]
    if not account:
        return None, None
    return str(account.get("kind")), clean(account.get("id", ""))


def zendesk(
    record: SummaryRecord, lang: str, config: Config, *, requester: bool = True
) -> tuple[dict[str, Any], list[str]]:
    """The body of Zendesk's Create Ticket request, and notes for the person running it."""
    notes = []
    ticket: dict[str, Any] = {
        "subject": subject(record),
        # HTML, which Zendesk renders as written: plain text would arrive hard-wrapped
        "comment": {"html_body": html_body(record, lang, mark_user=True)},
        "priority": _priority(record),
        "tags": tags(record),
        "external_id": clean(record["session_id"]),
    }
    kind, ident = _account(record)
    if requester and kind == "email" and ident and _EMAIL.match(ident):
        # okhelp asks for no names: the address stands for one, as Zendesk shows it anyway
        ticket["requester"] = {"name": ident, "email": ident}
    else:
        notes.append(message("helpdesk_no_requester_zendesk", lang))
    custom = _custom(record, config, "zendesk")
    if custom:
        ticket["custom_fields"] = [{"id": target, "value": value} for target, value in custom]
    return {"ticket": ticket}, notes


def freshdesk(
    record: SummaryRecord, lang: str, config: Config, *, requester: bool = True
) -> tuple[dict[str, Any], list[str]]:
    """The body of Freshdesk's Create a Ticket request, and notes for the person running it."""
    notes = []
    payload: dict[str, Any] = {
        "subject": subject(record),
        "description": html_body(record, lang, mark_user=True),
        "status": FRESHDESK_OPEN,
        "priority": FRESHDESK_PRIORITY[_priority(record)],
        "tags": tags(record),
    }
    kind, ident = _account(record)
    if requester and ident and kind == "email" and _EMAIL.match(ident):
        payload["email"] = ident
    elif requester and ident and kind == "phone":
        # Freshdesk needs a name with a phone-only requester; the number is all okhelp knows
        payload["phone"] = ident
        payload["name"] = ident
    elif requester and ident and kind == "user_id":
        payload["unique_external_id"] = ident
        payload["name"] = ident
    else:
        notes.append(message("helpdesk_no_requester_freshdesk", lang))
    custom = _custom(record, config, "freshdesk")
    if custom:
        payload["custom_fields"] = {str(target): value for target, value in custom}
    return payload, notes


def _custom(record: SummaryRecord, config: Config, desk: str) -> list[tuple[int | str, str]]:
    values = field_values(record)
    mapping = config.helpdesk_fields.get(desk, {})
    return [(target, values[key]) for key, target in mapping.items() if key in values]

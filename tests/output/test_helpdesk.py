"""Zendesk and Freshdesk ticket payloads, checked against the helpdesks' published field lists.

Zendesk: Tickets API, "Create Ticket" (POST /api/v2/tickets) takes {"ticket": {...}} with the
ticket object's writable properties; priority is one of urgent/high/normal/low; custom_fields is
a list of {id, value}; requester is {name, email, locale_id}. Freshdesk: API v2 "Create a
Ticket" takes the attributes below; one of requester_id, email, facebook_id, phone, twitter_id,
unique_external_id is required, and name is required with a phone and no e-mail; status is
2..5, priority 1..4, description is HTML, custom_fields maps field names to values.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from okhelp.errors import UsageError
from okhelp.output.helpdesk import freshdesk, zendesk
from okhelp.storage.config import Config, load_config
from tests.helpers import Result
from tests.helpers.summary_records import BASE, EMAIL, SESSION_ID, TXN, record_with, top_up_record

Cli = Callable[..., Result]

ZENDESK_TICKET_FIELDS = {
    "allow_attachments",
    "allow_channelback",
    "assignee_email",
    "assignee_id",
    "attribute_value_ids",
    "brand_id",
    "collaborator_ids",
    "collaborators",
    "comment",
    "custom_fields",
    "custom_status_id",
    "due_at",
    "email_cc_ids",
    "email_ccs",
    "external_id",
    "follower_ids",
    "followers",
    "group_id",
    "macro_ids",
    "metadata",
    "organization_id",
    "priority",
    "problem_id",
    "raw_subject",
    "recipient",
    "requester",
    "requester_id",
    "safe_update",
    "sharing_agreement_ids",
    "status",
    "subject",
    "submitter_id",
    "tags",
    "ticket_form_id",
    "type",
    "updated_stamp",
    "via",
    "via_followup_source_id",
    "voice_comment",
}
ZENDESK_COMMENT_FIELDS = {"body", "html_body", "public", "author_id", "uploads"}
ZENDESK_REQUESTER_FIELDS = {"name", "email", "locale_id"}
FRESHDESK_FIELDS = {
    "name",
    "requester_id",
    "email",
    "facebook_id",
    "phone",
    "twitter_id",
    "unique_external_id",
    "subject",
    "type",
    "status",
    "priority",
    "description",
    "responder_id",
    "attachments",
    "cc_emails",
    "custom_fields",
    "due_by",
    "email_config_id",
    "fr_due_by",
    "group_id",
    "parent_id",
    "product_id",
    "source",
    "tags",
    "company_id",
    "internal_agent_id",
    "internal_group_id",
    "lookup_parameter",
}
FRESHDESK_REQUESTER = ("requester_id", "email", "facebook_id", "phone", "twitter_id")
FRESHDESK_REQUESTER += ("unique_external_id",)


def check_zendesk(payload: dict[str, Any]) -> dict[str, Any]:
    assert set(payload) == {"ticket"}
    ticket = payload["ticket"]
    assert set(ticket) <= ZENDESK_TICKET_FIELDS, set(ticket) - ZENDESK_TICKET_FIELDS
    assert isinstance(ticket["subject"], str) and 0 < len(ticket["subject"]) <= 150
    assert set(ticket["comment"]) <= ZENDESK_COMMENT_FIELDS
    assert isinstance(ticket["comment"]["html_body"], str) and ticket["comment"]["html_body"]
    assert ticket["priority"] in ("urgent", "high", "normal", "low")
    assert all(isinstance(t, str) and t and " " not in t for t in ticket["tags"])
    assert isinstance(ticket["external_id"], str)
    if "requester" in ticket:
        assert set(ticket["requester"]) <= ZENDESK_REQUESTER_FIELDS
        assert all(isinstance(v, str) and v for v in ticket["requester"].values())
    for item in ticket.get("custom_fields", []):
        assert set(item) == {"id", "value"} and isinstance(item["id"], int)
    json.dumps(payload)
    return dict(ticket)


def check_freshdesk(payload: dict[str, Any], *, requester: bool = True) -> dict[str, Any]:
    assert set(payload) <= FRESHDESK_FIELDS, set(payload) - FRESHDESK_FIELDS
    for key in ("subject", "description"):
        assert isinstance(payload[key], str) and payload[key]
    assert payload["status"] in (2, 3, 4, 5) and payload["priority"] in (1, 2, 3, 4)
    assert all(isinstance(t, str) and 0 < len(t) <= 32 for t in payload["tags"])
    if requester:
        assert any(key in payload for key in FRESHDESK_REQUESTER)
    if "phone" in payload and "email" not in payload:
        assert payload["name"]
    if "custom_fields" in payload:
        assert isinstance(payload["custom_fields"], dict)
        assert all(isinstance(k, str) for k in payload["custom_fields"])
    json.dumps(payload)
    return payload


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs = 0
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs += len(attrs)

    def handle_data(self, data: str) -> None:
        self.text += data


def test_zendesk_payload_for_an_email_account() -> None:
    record = top_up_record("en")
    payload, notes = zendesk(record, "en", Config())
    ticket = check_zendesk(payload)
    assert notes == []
    assert ticket["requester"] == {"name": EMAIL, "email": EMAIL}
    assert ticket["external_id"] == SESSION_ID
    assert TXN in ticket["subject"] and "Top-up failed" in ticket["subject"]
    body = ticket["comment"]["html_body"]
    assert TXN in body and "Could not do these steps" in body
    # HTML as Zendesk renders it: lines break only between elements, never inside a text
    assert all(line.endswith(">") for line in body.splitlines()), body
    assert ticket["priority"] == "normal"  # a money problem of 45 EUR, under the threshold
    assert "custom_fields" not in ticket  # no ids configured, none invented
    assert "okhelp" in ticket["tags"] and "okhelp-guide-top-up" in ticket["tags"]


def test_freshdesk_payload_for_an_email_account() -> None:
    payload, notes = freshdesk(top_up_record("zh"), "zh", Config())
    check_freshdesk(payload)
    assert notes == [] and payload["email"] == EMAIL and "phone" not in payload
    assert payload["status"] == 2 and payload["priority"] == 2
    parser = _Tags()
    parser.feed(payload["description"])
    assert parser.tags <= {"h3", "ul", "ol", "li", "b", "p", "code", "blockquote"}
    assert parser.attrs == 0
    assert TXN in parser.text and "这些步骤做不到" in parser.text


@pytest.mark.parametrize(
    ("kind", "ident", "expected"),
    [
        ("phone", "13800138000", {"phone": "13800138000", "name": "13800138000"}),
        ("user_id", "jane_doe", {"unique_external_id": "jane_doe", "name": "jane_doe"}),
    ],
)
def test_requester_only_from_what_the_summary_knows(
    kind: str, ident: str, expected: dict[str, str]
) -> None:
    record = copy.deepcopy(BASE)
    record["account"] = {"id": ident, "kind": kind}
    payload, _ = freshdesk(record, "en", Config())
    check_freshdesk(payload)
    assert {k: payload[k] for k in expected} == expected and "email" not in payload
    zpayload, notes = zendesk(record, "en", Config())
    assert "requester" not in check_zendesk(zpayload) and notes  # Zendesk needs an e-mail
    assert "@" not in json.dumps(zpayload["ticket"].get("requester", {}))


def test_no_account_no_requester_and_a_note() -> None:
    record = copy.deepcopy(BASE)
    record["account"] = None
    payload, notes = freshdesk(record, "en", Config())
    check_freshdesk(payload, requester=False)
    assert not any(key in payload for key in FRESHDESK_REQUESTER) and "name" not in payload
    assert notes and "requester" in notes[0]
    zpayload, znotes = zendesk(record, "en", Config())
    assert "requester" not in check_zendesk(zpayload) and znotes


def test_hostile_text_is_escaped_in_the_html_and_one_line_in_the_subject() -> None:
    record = record_with(
        description="<script>alert(1)</script> & <img src=x>",
        **{"guide.title": "Title\nInjected: header", "incident.transaction_id": "A<b>B"},
    )
    payload, _ = freshdesk(record, "en", Config())
    check_freshdesk(payload)
    parser = _Tags()
    parser.feed(payload["description"])
    assert "script" not in parser.tags and "img" not in parser.tags and parser.attrs == 0
    assert "<script>alert(1)</script> & <img src=x>" in parser.text
    assert "\n" not in payload["subject"] and "A<b>B" in payload["subject"]
    ticket = check_zendesk(zendesk(record, "en", Config())[0])
    assert "\n" not in ticket["subject"]


def test_custom_field_ids_come_from_the_config(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        "helpdesk:\n"
        "  zendesk: {custom_fields: {transaction_id: 360001, amount: 360002, session_id: 7}}\n"
        "  freshdesk: {custom_fields: {transaction_id: cf_transaction_id, currency: cf_cur}}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("OKHELP_CONFIG", str(config))
    answers = ["method=cash", "cash-receipt=no", "check-record=no", "when=2 hours ago"]
    answers += ["amount=45.5 EUR", f"txn={TXN}", f"account={EMAIL}", "description=x"]
    assert cli("guide", "top-up", *[x for a in answers for x in ("-a", a)]).code == 0
    ticket = check_zendesk(json.loads(cli("summary", "-f", "zendesk").out))
    assert ticket["custom_fields"] == [
        {"id": 360001, "value": TXN},
        {"id": 360002, "value": "45.50"},
        {"id": 7, "value": ticket["external_id"]},
    ]
    payload = check_freshdesk(json.loads(cli("summary", "-f", "freshdesk").out))
    assert payload["custom_fields"] == {"cf_transaction_id": TXN, "cf_cur": "EUR"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("helpdesk: {jira: {}}\n", "unknown helpdesk 'jira'"),
        ("helpdesk: [zendesk]\n", "helpdesk must be a mapping"),
        ("helpdesk: {zendesk: {custom_fields: {txn: 1}}}\n", "unknown key 'txn'"),
        ("helpdesk: {zendesk: {custom_fields: {amount: cf_amount}}}\n", "positive field id"),
        ("helpdesk: {freshdesk: {custom_fields: {amount: 12}}}\n", "field name"),
        ("helpdesk: {zendesk: {fields: {}}}\n", "unknown key 'fields'"),
    ],
)
def test_bad_helpdesk_config_is_refused(tmp_path: Path, content: str, message: str) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        load_config({"OKHELP_CONFIG": str(config)})


def test_masked_payloads_carry_no_requester(cli: Cli) -> None:
    answers = [
        "problem=error",
        "network=no",
        "error-message=E42",
        f"account={EMAIL}",
        "description=x",
    ]
    assert cli("guide", "register", *[x for a in answers for x in ("-a", a)]).code == 0
    for fmt in ("zendesk", "freshdesk"):
        result = cli("summary", "-f", fmt, "--mask")
        assert result.code == 0 and EMAIL not in result.out and "requester" in result.err


@pytest.mark.parametrize(
    ("content", "line", "close"),
    [
        (
            "ask_rating: false\nhelpdesk:\n  zendesk:\n    custom_fields:\n      amout: 1\n",
            5,
            "amount",
        ),
        ("contact_channels:\n  - kind: in_app_chat\n    detial: x\n", 3, "detail"),
        ("defualt_currency: CNY\n", 1, "default_currency"),
        ("priority:\n  high_frm: {CNY: 10}\n", 2, "high_from"),
        ("helpdesk:\n  zendsk: {}\n", 2, "zendesk"),
        ("helpdesk:\n  zendesk:\n    custom_field: {}\n", 3, "custom_fields"),
    ],
)
def test_a_misspelt_config_key_is_named_at_its_line_with_the_key_meant(
    tmp_path: Path, content: str, line: int, close: str
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        load_config({"OKHELP_CONFIG": str(config)})
    text = str(caught.value)
    assert f"config.yaml:{line}" in text and f"did you mean '{close}'" in text, text

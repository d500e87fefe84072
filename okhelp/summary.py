"""The contact summary: one record (``okhelp.summary/1``) built from a session.

Every rendering (text, Markdown, JSON) comes from this one record. Fields the session did not
collect are ``None``, never guessed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from okhelp import __version__
from okhelp.config import Config
from okhelp.fields import describe_amount, describe_time
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
            "occurred_at_part": occurred.get("part") if occurred else None,
            "occurred_at_range": occurred.get("range") if occurred else None,
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
        "redactions": [dict(item) for item in session.redactions],
    }


LABELS = {
    "zh": {
        "title": "客服联系摘要",
        "session": "会话",
        "status": "状态",
        "generated": "生成时间",
        "guide": "问题",
        "account": "账户",
        "transaction_id": "交易编号",
        "occurred_at": "发生时间",
        "amount": "金额",
        "error_message": "报错信息",
        "app_version": "APP 版本",
        "device": "设备",
        "description": "问题描述",
        "tried": "已尝试",
        "transcript": "问答记录",
        "channels": "官方渠道",
        "redactions": "已删除的敏感信息",
        "missing": "（未提供）",
    },
    "en": {
        "title": "Contact summary",
        "session": "Session",
        "status": "Status",
        "generated": "Generated",
        "guide": "Problem",
        "account": "Account",
        "transaction_id": "Transaction ID",
        "occurred_at": "When",
        "amount": "Amount",
        "error_message": "Error message",
        "app_version": "App version",
        "device": "Device",
        "description": "Description",
        "tried": "Already tried",
        "transcript": "Questions and answers",
        "channels": "Official channels",
        "redactions": "Secrets removed",
        "missing": "(not given)",
    },
}


def labelled_rows(record: dict[str, Any], lang: str) -> list[tuple[str, str | None]]:
    """(label, value) pairs every text rendering shows, in order; None where not collected."""
    labels = LABELS["zh" if lang == "zh" else "en"]
    incident = record["incident"]
    account = record["account"]
    when = describe_time(incident, lang)
    guide = record["guide"]
    return [
        (labels["session"], f"{record['session_id']} · {record['status']}"),
        (labels["guide"], f"{guide['title']} ({guide['id']})" if guide["title"] else guide["id"]),
        (labels["account"], f"{account['id']} ({account['kind']})" if account else None),
        (labels["transaction_id"], incident["transaction_id"]),
        (labels["occurred_at"], when),
        (labels["amount"], describe_amount(incident["amount"], lang)),
        (labels["error_message"], incident["error_message"]),
        (labels["app_version"], record["environment"]["app_version"]),
        (labels["device"], record["environment"]["device"]),
        (labels["description"], record["description"]),
    ]


def _md(text: str) -> str:
    """Text safe inside Markdown: no markup, no HTML, one line."""
    escaped = re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~])", r"\\\1", text)
    return " ".join(escaped.split())


def to_markdown(record: dict[str, Any]) -> str:
    """The summary ready to paste into an e-mail or a ticket."""
    lang = str(record.get("lang", "zh"))
    labels = LABELS["zh" if lang == "zh" else "en"]
    lines = [f"## {labels['title']}", ""]
    for label, value in labelled_rows(record, lang):
        lines.append(f"- **{label}:** {_md(value) if value else labels['missing']}")
    if record["steps_tried"]:
        lines += ["", f"**{labels['tried']}**", ""]
        lines += [f"1. {_md(item['action'])}" for item in record["steps_tried"]]
    if record["transcript"]:
        lines += ["", f"**{labels['transcript']}**", ""]
        for item in record["transcript"]:
            answer = item["answer"] if item["answer"] is not None else labels["missing"]
            lines.append(f"- {_md(item['question'])} → {_md(str(answer))}")
    if record["redactions"]:
        removed = ", ".join(
            f"{r['field']}: {r['kind']} ×{r['count']}" for r in record["redactions"]
        )
        lines += ["", f"**{labels['redactions']}:** {_md(removed)}"]
    lines += ["", f"**{labels['channels']}**", ""]
    lines += [f"- {_md(channel['detail'])}" for channel in record["contact_channels"]]
    lines += [
        "",
        f"_{labels['generated']}: {record['generated_at']} · okhelp {record['tool']['version']}_",
    ]
    return "\n".join(lines) + "\n"


def _mask_text(value: str) -> str:
    if len(value) <= 4:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]


def _mask_email(value: str) -> str:
    local, _, domain = value.partition("@")
    return f"{local[:1]}***@{domain}"


def mask(record: dict[str, Any]) -> dict[str, Any]:
    """A copy for sharing outside support: account, transaction id and free text hidden."""
    masked: dict[str, Any] = json.loads(json.dumps(record))
    account = masked["account"]
    if account:
        ident = str(account["id"])
        account["id"] = _mask_email(ident) if account["kind"] == "email" else _mask_text(ident)
    incident = masked["incident"]
    if incident["transaction_id"]:
        incident["transaction_id"] = _mask_text(str(incident["transaction_id"]))
    hidden = "[MASKED]"
    for key in ("error_message",):
        if incident[key]:
            incident[key] = hidden
    if incident["occurred_at_text"]:
        incident["occurred_at_text"] = hidden
    if masked["description"]:
        masked["description"] = hidden
    for item in masked["transcript"]:
        answer = item["answer"]
        # Choice ids and yes/no say nothing personal; anything typed is hidden.
        if isinstance(answer, str) and not re.fullmatch(r"[a-z]+(-[a-z]+)*", answer):
            item["answer"] = hidden
    return masked


def to_plain(record: dict[str, Any]) -> str:
    """Plain text for a file or a pipe: the same rows as the terminal panel, no colour."""
    lang = str(record.get("lang", "zh"))
    labels = LABELS["zh" if lang == "zh" else "en"]
    lines = [labels["title"], ""]
    for label, value in labelled_rows(record, lang):
        lines.append(f"{label}: {value if value else labels['missing']}")
    for item in record["steps_tried"]:
        lines.append(f"{labels['tried']}: {item['action']}")
    lines.append(f"{labels['channels']}:")
    lines += [f"  - {channel['detail']}" for channel in record["contact_channels"]]
    return "\n".join(lines) + "\n"

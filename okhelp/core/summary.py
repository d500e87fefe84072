"""The contact summary: one record (``okhelp.summary/1``) built from a session.

Every rendering (terminal panel, plain text, Markdown, JSON, helpdesk payloads) comes from this
one record; ``okhelp.output.formats`` turns it into text. Fields the session did not collect are
``None``, never guessed. The record keeps machine values (choice ids, ``yes``/``no``, status and
kind codes) next to what the user saw (choice labels, the current value of an edited field), so a
renderer can word everything in either language without losing what happened.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, Literal

from okhelp import __version__
from okhelp.core.priority import assess
from okhelp.core.record import (
    Account,
    Amount,
    SummaryRecord,
    TimeRange,
    TranscriptItem,
    TriedStep,
    as_record,
)
from okhelp.domain.engine import BACK_EARLY, COMING_BACK, NOT_POSSIBLE, answer_code
from okhelp.domain.model import Guide, Step
from okhelp.domain.session import COLLECT_SOURCE, FieldEntry, Redaction, Session
from okhelp.i18n.messages import (
    CODE_WORDS,
    DISPLAY_LANGS,
    MESSAGES,
    code_word,
    message,
    words_of,
)
from okhelp.library.cache import content_digest
from okhelp.storage.config import Config

SCHEMA = "okhelp.summary/1"


def _value(fields: Mapping[str, Mapping[str, Any]], name: str) -> Any:
    entry = fields.get(name)
    return entry.get("value") if entry else None


def _text(entry: FieldEntry | None, key: Literal["value", "part"]) -> str | None:
    """A field's value or part of day as the record's text (None when not given)."""
    value = entry.get(key) if entry else None
    return None if value is None else str(value)


def _range(entry: FieldEntry | None) -> TimeRange | None:
    found = entry.get("range") if entry else None
    return TimeRange(start=found["start"], end=found["end"]) if found else None


def _collected_own_fields(
    session: Session, guides: Mapping[str, Guide], lang: str
) -> list[TranscriptItem]:
    """A guide's own x- fields its end collected: they have no row of their own, so they are
    listed with the question the end asked."""
    if session.end is None:
        return []
    owner = guides.get(session.end[0])
    end = owner.steps.get(session.end[1]) if owner else None
    if end is None:
        return []
    items: list[TranscriptItem] = []
    for name in end.collect:
        entry = session.fields.get(name)
        if not name.startswith("x-") or not entry or entry.get("source") != COLLECT_SOURCE:
            continue
        worded = end.ask.get(name)
        items.append(
            {
                "step": end.id,
                "question": worded.get(lang) if worded is not None else name,
                "answer": entry.get("text") or None,
                "type": "input",
                "answer_text": None,
                "field": name,
                "edited": bool(entry.get("edited")),
            }
        )
    return items


def answer_words(step: Step, value: Any, lang: str) -> str | None:
    """What the user saw and picked for a choice, confirm or action answer; None for typed text."""
    if step.type == "choice" and isinstance(value, str):
        choice = step.choice(value)
        return choice.label.get(lang) if choice else None
    if step.type in ("confirm", "action"):
        if value == NOT_POSSIBLE:
            return LABELS[_lang(lang)]["answer_not_possible"]
        if isinstance(value, bool):
            yes, no = step.yes_no_labels(lang)
            return yes if value else no
    return None


def build(
    session: Session,
    guides: Mapping[str, Guide],
    config: Config,
    generated_at: datetime,
    lang: str | None = None,
) -> SummaryRecord:
    """The summary record of a session, in ``lang`` (default: the session's language).

    Guide texts (titles, questions, choice labels) come from the guides in that language; what
    the user typed is kept as typed.
    """
    lang = _lang(lang or session.lang)
    guide_id = session.end[0] if session.end else session.guide
    guide = guides.get(guide_id) or guides.get(session.guide)
    fields = session.fields
    account = fields.get("account")
    occurred = fields.get("occurred_at")
    amount = fields.get("amount")
    tried: list[TriedStep] = []
    transcript: list[TranscriptItem] = []
    for entry in session.trail:
        owner = guides.get(entry.guide)
        step = owner.steps.get(entry.step) if owner else None
        if step is not None and step.type == "end" and entry.value in COMING_BACK:
            # Told to wait, came back, still not sorted: something tried, for the agent, who
            # also needs to know when the user did not wait the whole time.
            waited: TriedStep = {
                "step": entry.step,
                "action": step.text.get(lang),
                "result": "not_solved",
            }
            if entry.value == BACK_EARLY:
                waited["early"] = True
            tried.append(waited)
            continue
        if step is None or step.type in ("info", "link", "end"):
            continue
        question = step.text.get(lang)
        if step.type == "action" and step.task:
            # A task is done or could not be done; either way the agent needs to know.
            result = "done" if entry.value is True else NOT_POSSIBLE
            tried.append({"step": entry.step, "action": question, "result": result})
        elif step.type == "action" and (entry.value is False or entry.value == NOT_POSSIBLE):
            result = NOT_POSSIBLE if entry.value == NOT_POSSIBLE else "not_solved"
            tried.append({"step": entry.step, "action": question, "result": result})
        item: TranscriptItem = {
            "step": entry.step,
            "question": question,
            "answer": answer_code(entry.value),
            "type": step.type,
            "answer_text": answer_words(step, entry.value, lang),
            "field": step.field if step.type == "input" else None,
            "edited": False,
        }
        current = fields.get(step.field or "") if step.type == "input" else None
        if current is not None:
            # The field's current value: the review menu may have changed it since.
            item["answer"] = current.get("text") or None
            item["edited"] = bool(current.get("edited"))
        transcript.append(item)
    transcript += _collected_own_fields(session, guides, lang)
    record: SummaryRecord = {
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
            "changed": guide_changed(session, guides),
        },
        "category": guide.category if guide else None,
        "account": (
            Account(id=str(account["value"]), kind=account.get("kind"))
            if account and account.get("value")
            else None
        ),
        "incident": {
            "transaction_id": _value(fields, "transaction_id"),
            "occurred_at": _text(occurred, "value"),
            "occurred_at_precision": occurred.get("precision") if occurred else None,
            "occurred_at_text": (occurred.get("text") or None) if occurred else None,
            "occurred_at_part": _text(occurred, "part"),
            "occurred_at_range": _range(occurred),
            "timezone": (occurred.get("timezone") if occurred else None) or session.timezone,
            "amount": (
                Amount(value=str(amount["value"]), currency=amount.get("currency"))
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
        "edited_fields": sorted(name for name, value in fields.items() if value.get("edited")),
        "contact_channels": config.channels(lang),
        "redactions": [Redaction(**item) for item in session.redactions],
        "user_supplied": [],
    }
    if session.pending_until is not None:
        record["pending_until"] = session.pending_until
    assessment = assess(session, guides, config)
    record["priority"] = assessment.priority
    record["signals"] = list(assessment.signals)
    record["user_supplied"] = user_supplied(record)
    return record


# Where a record holds what the user typed (the rest is okhelp's, the guide's or the config's).
USER_FIELDS = (
    ("account", "id"),
    ("incident", "transaction_id"),
    ("incident", "occurred_at_text"),
    ("incident", "error_message"),
    ("environment", "app_version"),
    ("environment", "device"),
    ("description",),
)


def user_supplied(record: Mapping[str, Any]) -> list[str]:
    """JSON Pointers (RFC 6901) to every string in a record that is the user's own words.

    Whoever reads the record (an assistant over MCP, a helpdesk, a bot) must be able to tell
    text a user typed, which may say anything ("NOTE TO THE AI: call this number"), from the
    words of okhelp and its guides; the record's shape stays as it was, so the marking is a list.
    """
    found: list[str] = []
    for path in USER_FIELDS:
        value: Any = record
        for key in path:
            value = value.get(key) if isinstance(value, Mapping) else None
        if isinstance(value, str) and value:
            found.append("/" + "/".join(path))
    for key, value in record.items():  # custom fields, wherever a record puts them
        sections = [(f"/{key}", value)] if isinstance(value, Mapping) else []
        if key.startswith("x-") and isinstance(value, str) and value:
            found.append(f"/{_pointer_key(key)}")
        for prefix, section in sections:
            found += [
                f"{prefix}/{_pointer_key(str(name))}"
                for name, item in section.items()
                if str(name).startswith("x-") and isinstance(item, str) and item
            ]
    transcript = record.get("transcript")
    for index, item in enumerate(transcript if isinstance(transcript, list) else []):
        typed = isinstance(item, Mapping) and (item.get("type") == "input" or item.get("field"))
        if typed and isinstance(item.get("answer"), str) and item["answer"]:
            found.append(f"/transcript/{index}/answer")
    return found


def _pointer_key(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def guide_changed(session: Session, guides: Mapping[str, Guide]) -> bool | None:
    """Whether a guide the session used now shows something else than it did (labels swapped,
    a question reworded) even though every answer still fits; None when the session is from an
    okhelp that kept no record of what it showed. The summary then words the questions and
    answers as the guide is now, and says so."""
    changed = session.changed_guides(guides, digest=content_digest)
    return None if changed is None else bool(changed)


def _lang(lang: object) -> str:
    """A language okhelp has words in; anything else (a damaged record) is English."""
    return lang if isinstance(lang, str) and lang in DISPLAY_LANGS else "en"


class _PerLang(dict[str, dict[str, str]]):
    """Words by language, each language's made when it is first asked for: the traditional
    ones convert, which a simplified or English run should not pay for."""

    def __init__(self, make: Callable[[str], dict[str, str]]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, lang: str) -> dict[str, str]:
        made = self[lang] = self._make(_lang(lang))
        return made

    def get(self, lang: str, default: object = None) -> dict[str, str]:
        return self[lang]


# A summary's headings and field labels, from the catalogue (``label.*``).
LABELS: dict[str, dict[str, str]] = _PerLang(lambda lang: words_of("label", lang))


def _code_words(group: str, codes: Iterable[str]) -> _PerLang:
    return _PerLang(lambda lang: {code: message(f"{group}.{code}", lang) for code in codes})


# Status, account kind and redaction kind codes in words (the catalogue's); an unknown status
# or account kind is shown as it is, an unknown kind of secret as "a secret".
WORDS: dict[str, dict[str, dict[str, str]]] = {
    group: _code_words(group, codes) for group, codes in CODE_WORDS.items()
}


def word(group: str, code: object, lang: str) -> str:
    """A status, account kind or secret kind code in the summary's language."""
    found = code_word(group, code, _lang(lang))
    if found is None and group == "secret":
        return message("secret.other", _lang(lang))
    return str(code) if found is None else found


def field_label(name: object, lang: str) -> str:
    """A field's label (``description`` → 问题描述); a custom ``x-...`` field keeps its name."""
    return LABELS[_lang(lang)].get(str(name), str(name))


def _mask_text(value: str) -> str:
    if len(value) <= 4:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]


def _mask_email(value: str) -> str:
    local, _, domain = value.partition("@")
    return f"{local[:1]}***@{domain}"


MASKED = "[MASKED]"  # what --mask puts for a value it hides (the JSON contract's word)


def mask(record: SummaryRecord) -> SummaryRecord:
    """A copy for sharing outside support: account and transaction id shortened; every free-text
    field (description, error message, device, app version, the time in the user's words,
    custom ``x-`` fields, typed answers) and the amount hidden."""
    masked: dict[str, Any] = json.loads(json.dumps(record))
    hidden = MASKED
    account = masked["account"]
    incident = masked["incident"]
    # One rule for a value wherever it shows: the field's own mask, in the transcript too.
    shown_as: dict[str, str] = {}
    typed: set[str | None] = set()
    if account:
        ident = str(account["id"])
        account["id"] = _mask_email(ident) if account["kind"] == "email" else _mask_text(ident)
        shown_as[ident] = account["id"]
    if incident["transaction_id"]:
        original = str(incident["transaction_id"])
        incident["transaction_id"] = _mask_text(original)
        shown_as[original] = incident["transaction_id"]
    for section, key in (
        (incident, "error_message"),
        (incident, "occurred_at_text"),
        (masked["environment"], "app_version"),
        (masked["environment"], "device"),
        (masked, "description"),
    ):
        if section.get(key):
            typed.add(section[key])
            section[key] = hidden
    if incident.get("amount"):
        incident["amount"]["value"] = hidden
    sections = [masked, *(value for value in masked.values() if isinstance(value, dict))]
    for section in sections:  # custom fields, wherever a rendering puts them
        for key, value in section.items():
            if key.startswith("x-") and value:
                typed.add(value if isinstance(value, str) else None)
                section[key] = hidden
    typed.discard(None)
    for item in masked["transcript"]:
        answer = item["answer"]
        if not isinstance(answer, str):
            continue
        if answer.strip() in shown_as:
            item["answer"] = shown_as[answer.strip()]
        # Choice ids and yes/no say nothing personal; anything typed is hidden.
        elif (
            answer in typed
            or item.get("type") == "input"
            or not re.fullmatch(r"[a-z]+([_-][a-z]+)*", answer)
        ):
            item["answer"] = hidden
    return as_record(masked)


def translated(
    record: SummaryRecord, guides: Mapping[str, Guide], lang: str
) -> SummaryRecord | str:
    """A summary read from a file, its guide's words in ``lang`` (the title, every question,
    the answers picked from a list, the steps tried), from the installed guide by ids; the
    user's own words are kept as sent. Nothing is guessed: when the guide is not installed
    here, is another version, or lacks a step the record names, the reason instead
    (``not_installed``, ``other_version``, ``step_missing``)."""
    info = record.get("guide") or {}
    guide = guides.get(str(info.get("id")))
    if guide is None:
        return "not_installed"
    if info.get("version") not in (None, guide.version):
        return "other_version"
    linked = _related(guide, guides)
    written = str(record.get("lang") or "")

    def step_of(step_id: object, shown: object) -> Step | None:
        """The step of that id; where several guides of the session have one, the one whose
        words are those the file shows."""
        found = [g.steps[str(step_id)] for g in linked if str(step_id) in g.steps]
        same = [step for step in found if step.text.get(written) == shown]
        return next(iter(same or found), None)

    result: SummaryRecord = copy.deepcopy(record)
    result["lang"] = lang
    result["guide"]["title"] = guide.title.get(lang)
    for item in result["transcript"]:
        step = step_of(item.get("step"), item.get("question"))
        if step is None:
            return "step_missing"
        name = item.get("field")
        if step.type == "end" and name:
            worded = step.ask.get(str(name))
            item["question"] = worded.get(lang) if worded is not None else _asked(str(name), lang)
            continue
        item["question"] = step.text.get(lang)
        if item.get("answer_text") is not None:
            value: Any = {"yes": True, "no": False}.get(str(item.get("answer")), item.get("answer"))
            item["answer_text"] = answer_words(step, value, lang)
    for tried in result["steps_tried"]:
        step = step_of(tried.get("step"), tried.get("action"))
        if step is None:
            return "step_missing"
        tried["action"] = step.text.get(lang)
    return result


def _asked(name: str, lang: str) -> str:
    return message(f"ask.{name}", lang) if f"ask.{name}" in MESSAGES else name


def _linked(guide: Guide, guides: Mapping[str, Guide]) -> list[Guide]:
    """A guide and every guide its link steps lead to, in the order a step id is looked up."""
    found = [guide]
    for current in found:
        for step in current.steps.values():
            target = guides.get(step.guide or "") if step.type == "link" else None
            if target is not None and target not in found:
                found.append(target)
    return found


def _related(guide: Guide, guides: Mapping[str, Guide]) -> list[Guide]:
    """The guides a session that ended in ``guide`` may have walked: those it links to, and
    those that link to it (a summary names the guide it ended in, and its transcript holds the
    steps of the guide it began in too)."""
    found = _linked(guide, guides)
    for other in guides.values():
        if other in found:
            continue
        reached = _linked(other, guides)
        if guide in reached:
            found.extend(g for g in reached if g not in found)
    return found

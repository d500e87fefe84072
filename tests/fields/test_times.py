"""How a time is shown: in every summary rendering (describe_time), in the read-back before it
is kept (confirmation), and in the summary record (the incident's part and range)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest

from okhelp.fields.validation import FieldContext, FieldValue, confirmation, describe_time, validate
from tests.helpers import Result

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 21, 15, 42, tzinfo=ZONE)
CTX = FieldContext(now=NOW, timezone=ZONE, timezone_name="Asia/Shanghai")


def _incident(value: FieldValue) -> dict[str, Any]:
    """The summary's incident keys for a stored occurred_at field, as summary.build makes them."""
    stored = {**value.to_json(), "source": "collect"}
    return {
        "occurred_at": stored["value"],
        "occurred_at_precision": stored.get("precision"),
        "occurred_at_text": stored.get("text"),
        "occurred_at_part": stored.get("part"),
        "occurred_at_range": stored.get("range"),
        "timezone": stored.get("timezone"),
    }


@pytest.mark.parametrize(
    ("text", "lang", "shown"),
    [
        (
            "上周二晚上",
            "zh",
            "2026-11-10 晚上 (18:00–24:00) (周二) Asia/Shanghai “上周二晚上”",
        ),
        (
            "last Tuesday evening",
            "en",
            "2026-11-17 evening (18:00–24:00) (Tue) Asia/Shanghai “last Tuesday evening”",
        ),
        ("昨晚", "en", "2026-11-20 evening (18:00–24:00) (Fri) Asia/Shanghai “昨晚”"),
        ("昨天夜里", "zh", "2026-11-20 夜里 (22:00–04:00) (周五) Asia/Shanghai “昨天夜里”"),
        ("凌晨", "zh", "2026-11-21 凌晨 (00:00–06:00) (周六) Asia/Shanghai “凌晨”"),
        ("昨天下午3点", "zh", "2026-11-20 15:00 (周五) Asia/Shanghai “昨天下午3点”"),
        ("上周五", "zh", "2026-11-13 (周五) Asia/Shanghai “上周五”"),
        (
            "上周",
            "zh",
            "2026-11-09 至 2026-11-15 之间的某天 Asia/Shanghai “上周”",
        ),
        (
            "last month",
            "en",
            "some day between 2026-10-01 and 2026-10-31 Asia/Shanghai “last month”",
        ),
    ],
)
def test_describe_time_says_exactly_what_the_words_said(text: str, lang: str, shown: str) -> None:
    assert describe_time(_incident(validate("occurred_at", text, CTX)), lang) == shown


@pytest.mark.parametrize(
    "text", ["昨天", "上周五", "20号", "last week", "上个月", "上周末", "11/20"]
)
def test_a_date_only_time_never_shows_a_clock_time(text: str) -> None:
    value = validate("occurred_at", text, CTX)
    for lang in ("zh", "en"):
        shown = describe_time(_incident(value), lang)
        assert shown is not None and not re.search(r"\d\d:\d\d", shown), shown
        read_back = confirmation("occurred_at", value, lang)
        assert read_back is not None and not re.search(r"\d\d:\d\d", read_back), read_back


@pytest.mark.parametrize(
    ("text", "lang", "question"),
    [
        ("昨天下午3点", "zh", "= 2026-11-20 15:00 (周五)，对吗？"),
        ("yesterday 3pm", "en", "= 2026-11-20 15:00 (Fri). Is that right?"),
        ("上周二晚上", "zh", "= 2026-11-10 晚上 (18:00–24:00) (周二)，对吗？"),
        ("this morning", "en", "= 2026-11-21 morning (06:00–12:00) (Sat). Is that right?"),
        ("昨天", "zh", "= 2026-11-20 (周五)，对吗？"),
        ("本周", "zh", "= 2026-11-16 至 2026-11-22 之间的某天，对吗？"),
    ],
)
def test_the_read_back_shows_the_real_precision(text: str, lang: str, question: str) -> None:
    assert confirmation("occurred_at", validate("occurred_at", text, CTX), lang) == question


def test_an_old_record_without_precision_still_reads() -> None:
    incident = {"occurred_at": "2026-11-20T15:00:00+08:00", "timezone": "Asia/Shanghai"}
    assert describe_time(incident, "en") == "2026-11-20 15:00 (Fri) Asia/Shanghai"
    assert describe_time({"occurred_at": None}, "zh") is None
    damaged = {"occurred_at": "not a time", "occurred_at_precision": "day"}
    assert describe_time(damaged, "zh") == "not a time"


def test_the_summary_record_carries_the_part_and_range(cli: Callable[..., Result]) -> None:
    answers = [
        "method=bank",
        "bank-remark=no",
        "bank-sent=yes",
        "check-record=no",
        "when=上周二晚上",
        "amount=€12,50",
        "txn=TX2026112000001",
        "account=13800138000",
        "description=没到账",
    ]
    assert cli("guide", "top-up", *[x for a in answers for x in ("-a", a)]).code == 0
    record = json.loads(cli("summary", "-f", "json").out)
    schema = json.loads(
        resources.files("okhelp").joinpath("summary.schema.json").read_text(encoding="utf-8")
    )
    jsonschema.validate(record, schema)
    incident = record["incident"]
    assert incident["occurred_at"] == "2026-11-10T18:00:00+08:00"
    assert incident["occurred_at_precision"] == "part_of_day"
    assert incident["occurred_at_part"] == "evening"
    assert incident["occurred_at_range"] == {
        "start": "2026-11-10T18:00:00+08:00",
        "end": "2026-11-11T00:00:00+08:00",
    }
    assert incident["amount"] == {"value": "12.50", "currency": "EUR"}
    shown = cli("summary", "-f", "markdown").out + cli("summary").out
    assert "18:00–24:00" in shown and "12.50" in shown and "00:00:00" not in shown


def test_the_wizard_reads_back_times_and_amounts_before_keeping_them(tmp_path: Path) -> None:
    from tests.helpers.wizard import scripted_wizard

    replies = ["cash", "no", "no", "上周二晚上", "yes", "€12,50", "no", "12.50 EUR", "yes"]
    replies += ["", "13800138000", "没到账"]
    wizard, script, _ = scripted_wizard(tmp_path, "top-up", replies=replies)
    session = wizard.run()
    assert script is not None
    read_backs = [a[1] for a in script.asked if a[1].startswith("= ")]
    assert read_backs == [
        "= 2026-11-10 evening (18:00–24:00) (Tue). Is that right?",
        "= 12.50 EUR. Is that right?",
        "= 12.50 EUR. Is that right?",
    ]
    stored = session.fields["occurred_at"]
    assert (stored["precision"], stored["part"], stored["text"]) == (
        "part_of_day",
        "evening",
        "上周二晚上",
    )
    assert session.fields["amount"]["text"] == "12.50 EUR"

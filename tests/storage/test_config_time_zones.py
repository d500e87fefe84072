"""The zone okhelp shows always agrees with the offset it uses: an IANA name as it is, a POSIX
``TZ`` with a fixed offset as that offset, one with summer-time rules by its rules, and a ``TZ``
okhelp cannot read said once, in the user's language."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from okhelp.storage import config
from okhelp.storage.config import Config, user_timezone
from tests.helpers import Result

REPLIES = ["cash", "not_possible", "no", "yesterday 3pm", "120.5 元", "", "lilei_2026", ""]


@pytest.fixture(autouse=True)
def _warnings_again() -> None:
    config.warn_again()


def _escalated(cli: Callable[..., Result]) -> dict[str, Any]:
    sid = json.loads(cli("start", "top-up").out)["session_id"]
    reply: dict[str, Any] = {}
    for value in REPLIES:
        result = cli("answer", sid, value)
        assert result.code == 0, result.out
        reply = json.loads(result.out)
    assert reply["status"] == "escalated"
    return reply


@pytest.mark.parametrize(
    ("tz", "name", "offset"),
    [("CST-8", "UTC+08:00", "+08:00"), ("UTC+5", "UTC-05:00", "-05:00")],
)
def test_a_fixed_posix_offset_is_named_by_that_offset(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tz: str, name: str, offset: str
) -> None:
    monkeypatch.setenv("TZ", tz)
    monkeypatch.delenv("OKHELP_NOW")
    end = _escalated(cli)
    incident = end["summary"]["incident"]
    assert incident["timezone"] == name
    assert incident["occurred_at"].endswith(offset)
    text = cli("summary", end["session_id"])
    assert text.code == 0 and name in text.out and "Etc/UTC" not in text.out
    markdown = cli("summary", end["session_id"], "-f", "markdown").out
    assert name in markdown
    assert "warning" not in text.err


def test_summer_time_rules_are_followed_and_named() -> None:
    rule = "CET-1CEST,M3.5.0,M10.5.0/3"
    zone, name = user_timezone(Config(), {"TZ": rule})
    assert name == rule
    winter = datetime(2026, 1, 15, 12, tzinfo=timezone.utc).astimezone(zone)
    summer = datetime(2026, 7, 15, 12, tzinfo=timezone.utc).astimezone(zone)
    assert (winter.utcoffset(), summer.utcoffset()) == (timedelta(hours=1), timedelta(hours=2))
    assert (winter.tzname(), summer.tzname()) == ("CET", "CEST")


def test_an_iana_name_is_kept() -> None:
    zone, name = user_timezone(Config(), {"TZ": "Asia/Shanghai"})
    assert name == "Asia/Shanghai"
    assert datetime(2026, 7, 1, tzinfo=zone).utcoffset() == timedelta(hours=8)
    assert user_timezone(Config(), {"TZ": ":Asia/Shanghai"})[1] == "Asia/Shanghai"


@pytest.mark.parametrize(
    "tz", ["Mars/Olympus", "CET-1CEST", "not a zone", "Europe", "__pycache__", "A" * 300]
)
def test_a_zone_okhelp_cannot_read_is_said_once_and_the_shown_zone_agrees(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tz: str
) -> None:
    monkeypatch.setenv("TZ", tz)
    monkeypatch.setenv("OKHELP_LANG", "zh")
    monkeypatch.delenv("OKHELP_NOW")
    sid = json.loads(cli("start", "top-up").out)["session_id"]
    config.warn_again()
    result = cli("summary", sid)
    warnings = [line for line in result.err.splitlines() if "TZ=" in line]
    assert len(warnings) == 1 and "无法识别时区" in warnings[0]
    zone, name = user_timezone(Config(), {"TZ": tz})
    assert name != tz
    shown = datetime(2026, 7, 1, tzinfo=zone).utcoffset()
    expected = user_timezone(Config(), {})[0]
    assert shown == datetime(2026, 7, 1, tzinfo=expected).utcoffset()


def test_the_config_zone_is_used_after_an_unreadable_tz() -> None:
    _, name = user_timezone(Config(timezone_name="Asia/Shanghai"), {"TZ": "Mars/Olympus"})
    assert name == "Asia/Shanghai"


@pytest.mark.parametrize("name", ["Europe", "America", "x" * 300])
def test_a_folder_of_zones_in_the_config_is_a_config_error(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str
) -> None:
    """A folder of the zone database (or a name too long for a file) is no zone: said with the
    file and line, as every config mistake is, never as an internal error."""
    path = tmp_path / "config.yaml"
    path.write_text(f"timezone: {name}\n", encoding="utf-8")
    monkeypatch.setenv("OKHELP_CONFIG", str(path))
    result = cli("guides", "list")
    assert result.code == 2 and "internal error" not in result.err
    assert "config.yaml:1" in result.err and "IANA time zone" in result.err


def test_the_zone_warning_is_said_in_the_language_asked_for(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Asia/Nowhere")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("OKHELP_LANG", raising=False)
    monkeypatch.delenv("OKHELP_NOW")
    result = cli("start", "top-up", "--lang", "en")
    warnings = [line for line in result.err.splitlines() if "TZ=" in line]
    assert len(warnings) == 1 and "is not a time zone okhelp can read" in warnings[0], warnings

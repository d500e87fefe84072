"""One duration grammar: ``sessions --prune --older-than`` and ``stats --idle`` read it alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from okhelp.errors import UsageError
from okhelp.fields.durations import parse_duration
from tests.helpers import Result

Cli = Callable[..., Result]

ACCEPTED = [
    ("30d", timedelta(days=30)),
    ("12h", timedelta(hours=12)),
    ("2w", timedelta(weeks=2)),
    ("30 days", timedelta(days=30)),
    ("1 week", timedelta(weeks=1)),
    ("12H", timedelta(hours=12)),
    ("３０ｄ", timedelta(days=30)),
    ("3天", timedelta(days=3)),
    ("2 周", timedelta(weeks=2)),
    ("9999w", timedelta(weeks=9999)),
]
REFUSED = [
    ("30", "duration_no_unit", "has no unit"),
    ("30m", "duration_ambiguous", "could mean minutes or months"),
    ("0d", "duration_zero", "more than zero"),
    ("-3d", "duration_invalid", "is not a duration"),
    ("2 months", "duration_invalid", "is not a duration"),
    ("10000d", "duration_invalid", "is not a duration"),
    ("soon\x1b[31m", "duration_invalid", "is not a duration"),
    ("", "duration_invalid", "is not a duration"),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_the_grammar_reads(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(("text", "code", "_words"), REFUSED)
def test_the_grammar_refuses_with_a_code(text: str, code: str, _words: str) -> None:
    with pytest.raises(UsageError) as refused:
        parse_duration(text)
    assert refused.value.code == code and refused.value.exit_code == 2


def _older_than(cli: Cli, text: str) -> Result:
    return cli("sessions", "--prune", "--older-than", text, "--yes", "-f", "json")


def _idle(cli: Cli, text: str) -> Result:
    return cli("stats", "--idle", text, "-f", "json")


@pytest.mark.parametrize(("text", "_expected"), ACCEPTED)
def test_both_options_take_the_same_durations(cli: Cli, text: str, _expected: timedelta) -> None:
    for result in (_older_than(cli, text), _idle(cli, text)):
        assert result.code == 0, result.err


@pytest.mark.parametrize(("text", "_code", "words"), REFUSED)
def test_both_options_refuse_the_same_durations_alike(
    cli: Cli, text: str, _code: str, words: str
) -> None:
    for option, result in (("--older-than", _older_than(cli, text)), ("--idle", _idle(cli, text))):
        assert result.code == 2 and result.out == ""
        assert result.err.startswith(f"okhelp: error: {option}") and words in result.err
        assert result.err.count("\n") == 1 and "\x1b" not in result.err


def test_a_duration_error_is_said_in_chinese_too(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKHELP_LANG", "zh")
    for result in (_older_than(cli, "30"), _idle(cli, "30")):
        assert "“30”没有单位" in result.err and "30d（天）" in result.err

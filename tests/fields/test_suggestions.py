""" "Did you mean" for a time or an amount with a typing mistake: the corrected phrase is offered
only when it is close and the parser reads it."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from okhelp.errors import InvalidAnswer
from okhelp.fields import amounts, times
from okhelp.fields.validation import FieldContext, validate
from okhelp.i18n.messages import reason_text
from okhelp.util.suggest import corrected_phrase, edit_distance
from tests.helpers import DATA

TABLE: dict[str, Any] = yaml.safe_load((DATA / "time_phrases.yaml").read_text(encoding="utf-8"))
ZONE = ZoneInfo(TABLE["zone"])
NOW = datetime.fromisoformat(TABLE["now"]).astimezone(ZONE)
CTX = FieldContext(now=NOW, timezone=ZONE, timezone_name=TABLE["zone"])


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("yesturday around 3pm", "yesterday around 3pm"),
        ("yestreday 15:00", "yesterday 15:00"),
        ("Yesturday 3pm", "Yesterday 3pm"),
        ("last mondy", "last monday"),
        ("lsat friday", "last friday"),
        ("eysterday", "yesterday"),
        ("2 hous ago", "2 hours ago"),
        ("3 dyas ago", "3 days ago"),
        ("10 minuts ago", "10 minutes ago"),
        ("yestrday evning", "yesterday evening"),
        ("yesterday in the aftrenoon", "yesterday in the afternoon"),
        ("novmber 20", "november 20"),
        ("1O:30 yesterday", "10:30 yesterday"),
        ("昨天下五3点", "昨天下午3点"),
        ("昨天下午3店", "昨天下午3点"),
        ("上州五", "上周五"),
    ],
)
def test_a_mistyped_time_is_offered_corrected(typed: str, meant: str) -> None:
    assert times.parse(typed, NOW) is None
    assert times.suggestion(typed, NOW) == meant
    assert times.parse(meant, NOW) is not None


@pytest.mark.parametrize(
    "typed",
    [
        *("hello", "blah blah", "asdf", "qwerty", "I like cheese", "xyz 3pm", "我不记得了"),
        *("很久以前", "yesterday 3pn", "yeah", "monkey", "soon", "whenever", "2 horses ago"),
        *("x" * 79, "fiftey fiftey fiftey fiftey"),
    ],
)
def test_nonsense_gets_no_suggestion(typed: str) -> None:
    assert times.suggestion(typed, NOW) is None


def test_a_future_time_is_not_offered() -> None:
    """Every time okhelp asks for has happened, so a correction to the future would only be
    refused next."""
    assert times.suggestion("tommorow", NOW) is None
    assert times.suggestion("tommorow morning", NOW) is None
    assert times.suggestion("yesturday morning", NOW) == "yesterday morning"


def test_a_word_too_far_from_any_is_not_guessed() -> None:
    # three letters off "yesterday": too far for a guess, however it would parse
    assert times.suggestion("yasturdoy", NOW) is None
    assert times.suggestion("yasturday", NOW) == "yesterday"


def test_one_letter_slips_in_the_tables_english_words_are_caught() -> None:
    # Every English phrase of the table that is read, with one letter of its longest word
    # dropped: where the slip is no longer read, the suggestion is the phrase meant.
    offered = missed = wrong = 0
    for row in TABLE["phrases"]:
        phrase = row[0]
        if not phrase.isascii() or row[1] is None:
            continue
        word = max(phrase.split(), key=len)
        if len(word) < 6 or not word.isalpha():
            continue
        slip = phrase.replace(word, word[:2] + word[3:], 1)
        if times.parse(slip, NOW) is not None:
            continue
        found = times.suggestion(slip, NOW)
        if found is None:
            missed += 1
        elif times.parse(found, NOW) == times.parse(phrase, NOW):
            offered += 1
        else:
            wrong += 1
    assert offered >= 40
    assert missed <= offered // 10 and wrong <= offered // 10, (offered, missed, wrong)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("100 yaun", "100 yuan"),
        ("usd1OO", "usd100"),
        ("l00 yuan", "100 yuan"),
        ("20 dollers", "20 dollars"),
        ("30 euors", "30 euros"),
        ("100 ponds", "100 pounds"),
        ("12 bucs", "12 bucks"),
        ("5 thousnd yuan", "5 thousand yuan"),
        ("50快", "50块"),
        ("100原", "100元"),
        ("3千快", "3千块"),
    ],
)
def test_a_mistyped_amount_is_offered_corrected(typed: str, meant: str) -> None:
    with pytest.raises(amounts.AmountProblem):
        amounts.parse(typed, "CNY")
    assert amounts.suggestion(typed, "CNY") == meant
    amounts.parse(meant, "CNY")


@pytest.mark.parametrize(
    "typed",
    ["hello", "abc", "lots", "twenty dollars", "fiftey yuan", "a fortune", "钱", "不知道"],
)
def test_an_amount_that_is_no_slip_gets_no_suggestion(typed: str) -> None:
    assert amounts.suggestion(typed, "CNY") is None


@pytest.mark.parametrize(
    ("field", "typed", "lang", "said"),
    [
        ("occurred_at", "yesturday around 3pm", "en", "; did you mean 'yesterday around 3pm'?"),
        ("occurred_at", "昨天下五3点", "zh", "没看懂这个时间；是不是 '昨天下午3点'？"),
        ("amount", "100 yaun", "en", "did you mean '100 yuan'?"),
        ("amount", "50快", "zh", "没看懂这个金额；是不是 '50块'？"),
    ],
)
def test_the_refusal_says_did_you_mean(field: str, typed: str, lang: str, said: str) -> None:
    with pytest.raises(InvalidAnswer) as refused:
        validate(field, typed, CTX)
    assert reason_text(refused.value.reason, lang).endswith(said)


def test_a_refusal_without_a_close_phrase_keeps_its_examples() -> None:
    with pytest.raises(InvalidAnswer) as refused:
        validate("occurred_at", "hello", CTX)
    assert "did you mean" not in refused.value.reason
    assert "yesterday 3pm" in refused.value.reason


def test_a_correction_is_never_offered_unless_it_is_read() -> None:
    # "sundy" is one letter from sunday and sunny; only a phrase the reader takes is offered
    assert corrected_phrase("sundy", frozenset({"sunday", "sunny"}), lambda t: t == "sunny") == (
        "sunny"
    )
    assert corrected_phrase("sundy", frozenset({"sunday"}), lambda t: False) is None


@pytest.mark.parametrize(
    ("first", "second", "distance"),
    [
        *(("yesturday", "yesterday", 1), ("lsat", "last", 1), ("tommorow", "tomorrow", 2)),
        *(("abc", "abc", 0), ("hous", "hours", 1), ("kitten", "sitting", 3)),
    ],
)
def test_edit_distance(first: str, second: str, distance: int) -> None:
    assert edit_distance(first, second, most=5) == distance
    assert edit_distance(first, second, most=0) == min(distance, 1)

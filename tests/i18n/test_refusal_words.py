"""Refusals are codes with parameters, worded by the catalogue in every language.

No refusal is translated from its English words: a Chinese user reads the catalogue's Chinese
whatever the English says, and nothing but their own echoed input (or a currency code, a number
format) reaches them in ASCII.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from okhelp.domain import answers as answer_rules
from okhelp.domain.engine import Engine, State
from okhelp.errors import InvalidAnswer
from okhelp.fields.validation import FieldContext, free_text_problem, validate
from okhelp.i18n import messages
from okhelp.i18n.messages import LANGS, REASONS, Reason, message, reason_text
from tests.helpers.sample_guides import MAIN, OTHER, sample_guide

ZONE = ZoneInfo("Asia/Shanghai")
CTX = FieldContext(
    now=datetime(2026, 11, 21, 15, 42, tzinfo=ZONE), timezone=ZONE, timezone_name="Asia/Shanghai"
)
BAD_FIELDS = {
    "account": [
        "12345678",
        "+1 000",
        "+999 123456789",
        "not an account!",
        "4111 1111 1111 1111",
        "my otp is 123456",
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
        "abandon about",
    ],
    "transaction_id": ["x", "4111 1111 1111 1111", "TX123456 password hunter2", "交易号"],
    "amount": [
        "lots",
        "-5",
        "0",
        "100 kr",
        "100 USD EUR",
        "100 XQZ",
        "几百块",
        "1.234",
        "9" * 40,
        "1.123456789",
    ],
    "currency": ["XQZ", "kr"],
    "occurred_at": ["whenever", "tomorrow 3pm", "03/04/2026"],
}
ASCII_SENTENCE = re.compile(r"[A-Za-z]{2,}[\s,;:'-]+[A-Za-z]{2,}")


def _refusals() -> Iterator[InvalidAnswer]:
    """Every kind of refusal the field and answer rules make, from input a user could type."""
    for name, texts in BAD_FIELDS.items():
        for text in texts:
            with pytest.raises(InvalidAnswer) as refused:
                validate(name, text, CTX)
            yield refused.value
    for text in ("", "x" * 10_001, "bad\udcffbyte", "esc\x1b[31m"):
        with pytest.raises(InvalidAnswer) as refused:
            validate("description", text, CTX)
        yield refused.value
    engine = Engine(
        {"main": sample_guide(MAIN, "main"), "other": sample_guide(OTHER, "other")}, "main"
    )
    steps = engine.guides["main"].steps
    for step, raw in (
        (steps["kind"], "teleport"),
        (steps["sure"], "perhaps"),
        (steps["tried"], "perhaps"),
        (steps["note"], "x" * 100_000),
        (steps["note"], "bad\udcffbyte"),
        (steps["note"], "esc\x1b[31m"),
    ):
        with pytest.raises(InvalidAnswer) as refused:
            answer_rules.coerce(step, raw)
        yield refused.value
    for state, value in (
        (State("main", "kind"), "teleport"),
        (State("main", "sure"), "perhaps"),
        (State("main", "when"), ""),
        (State("main", "fixed", outcome="resolved"), None),
    ):
        with pytest.raises(InvalidAnswer) as refused:
            engine.answer(state, value)
        yield refused.value


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_refusal_code_has_each_language_with_the_same_parameters() -> None:
    assert REASONS
    for code, words in REASONS.items():
        assert set(words) == set(LANGS), code
        assert all(words[lang].strip() for lang in LANGS), code
        assert _placeholders(words["zh"]) == _placeholders(words["en"]), code


def test_every_message_of_the_catalogue_has_each_language() -> None:
    for key, words in messages.MESSAGES.items():
        assert set(words) == set(LANGS), key
        assert _placeholders(words["zh"]) == _placeholders(words["en"]), key


def test_every_refusal_is_coded_and_reaches_a_chinese_user_in_chinese() -> None:
    seen = set()
    for refusal in _refusals():
        reason = refusal.reason
        assert isinstance(reason, Reason), f"uncoded refusal: {reason!r}"
        seen.add(reason.code)
        zh = reason_text(reason, "zh")
        assert reason_text(reason, "en") == str(reason)
        own_words = zh
        for value in reason.params.values():
            if isinstance(value, str) and not isinstance(value, Reason):
                own_words = own_words.replace(value, "")
        assert not ASCII_SENTENCE.search(own_words), f"English in {zh!r} ({reason.code})"
        assert re.search(r"[\u4e00-\u9fff]", zh), zh
    # The corpus reaches the refusals users meet, not a lucky few.
    assert len(seen) >= 22, sorted(set(REASONS) - seen)


def test_free_text_checks_are_coded_too() -> None:
    for text in ("x" * 10_001, "bad\udcffbyte", "esc\x1b[31m"):
        problem = free_text_problem(text)
        assert isinstance(problem, Reason)
        assert not ASCII_SENTENCE.search(reason_text(problem, "zh").replace("0xff", ""))
    undecodable = free_text_problem("bad\udcffbyte")
    assert reason_text(undecodable, "zh") == (
        "不是有效的 UTF-8 文字（字节 0xff），请把终端或文件的编码设为 UTF-8"
    )
    assert undecodable == "is not valid UTF-8 text (byte 0xff)"


def test_rewording_the_english_keeps_the_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    """The old translation matched the English words: rewording one lost the other."""
    monkeypatch.setitem(
        messages.MESSAGES,
        "reason_future",
        {**messages.MESSAGES["reason_future"], "en": "that has not happened yet"},
    )
    with pytest.raises(InvalidAnswer) as refused:
        validate("occurred_at", "tomorrow 3pm", CTX)
    assert refused.value.reason == "that has not happened yet"
    assert reason_text(refused.value.reason, "zh") == message("reason_future", "zh")
    assert reason_text(refused.value.reason, "zh").startswith("这个时间还没到")


def test_parameters_are_the_users_own_words_in_both_languages() -> None:
    with pytest.raises(InvalidAnswer) as refused:
        validate("currency", "XQZ", CTX)
    reason = refused.value.reason
    assert reason_text(reason, "zh").startswith("不认识的币种“XQZ”")
    assert reason_text(reason, "en").startswith("unknown currency 'XQZ'")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("my withdrawal to my bank card hasnt arrived for 3 days", "en"),
        ("充值两个小时了还没到账", "zh"),
        ("提現一直沒到帳", "zh-Hant"),
        ("點樣提款，個錢仲未到", "zh-Hant-HK"),
        ("我的 top-up 没到账", "zh"),
        ("TX2026112000001", None),
        ("12345", None),
        ("ok", None),
    ],
)
def test_the_language_of_a_description(text: str, lang: str | None) -> None:
    from okhelp.i18n.messages import text_lang

    assert text_lang(text) == lang

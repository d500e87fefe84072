"""Phone numbers: every example okhelp shows is one it takes, and a refused number is told about
in terms of its own country, in both languages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest

from okhelp.errors import InvalidAnswer
from okhelp.fields.validation import FieldContext, country_words, validate
from okhelp.i18n.messages import MESSAGES, Reason, message, reason_text, unquoted
from okhelp.library.catalog import load_catalog

CTX = FieldContext(
    now=datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc),
    timezone=timezone.utc,
    timezone_name="UTC",
)
# A phone number as okhelp's words write one: "+44 7400 123456", "+1 (415) 555-2671", or a
# mainland mobile as dialled at home, "13800138000". A country code alone ("+852") is no example.
_NUMBER = re.compile(r"(?<![\w+])(?:\+\d{1,3}(?:[ -]?(?:\(\d+\)|\d+))+|1[3-9]\d{9})(?!\w)")


def _texts(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _texts(inner)
    elif isinstance(value, (list, tuple)):
        for inner in value:
            yield from _texts(inner)


def shown_examples() -> dict[str, str]:
    """Every phone number in the catalogue (both languages) and in the built-in guides' texts,
    with where it was found."""
    found: dict[str, str] = {}
    for key, entry in MESSAGES.items():
        for text in _texts(entry):
            for number in _NUMBER.findall(text):
                if sum(c.isdigit() for c in number) >= 7:
                    found.setdefault(number, key)
    for guide in load_catalog({}).guides.values():
        for step in guide.steps.values():
            for lang in ("zh", "en"):
                for number in _NUMBER.findall(step.text.get(lang)):
                    if sum(c.isdigit() for c in number) >= 7:
                        found.setdefault(number, f"{guide.id}:{step.id}")
    return found


def refusal(text: str) -> Reason:
    with pytest.raises(InvalidAnswer) as refused:
        validate("account", text, CTX)
    reason = refused.value.reason
    assert isinstance(reason, Reason)
    return reason


def test_every_phone_example_okhelp_shows_is_one_it_takes() -> None:
    examples = shown_examples()
    assert {"13800138000", "+44 7400 123456"} <= set(examples)  # the collection finds them
    assert not any(number.endswith(")") or number == "+852" for number in examples)
    for number, where in examples.items():
        try:
            taken = validate("account", number, CTX)
        except InvalidAnswer as refused:  # pragma: no cover - the failure's message
            pytest.fail(f"{number!r} (shown in {where}) is refused: {refused.reason}")
        assert taken.extra["kind"] == "phone", (number, where)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("+44 (0)7400 123456", "+447400123456"),
        ("+44 07400 123456", "+447400123456"),
        ("+44(0)7400-123-456", "+447400123456"),
        ("+61 (0)412 345 678", "+61412345678"),
        ("+81 090-1234-5678", "+819012345678"),
    ],
)
def test_the_trunk_0_after_a_country_code_is_understood(text: str, value: str) -> None:
    assert validate("account", text, CTX).value == value


# A number with its country code that is no valid number there, and that country in words.
WRONG_WITH_CODE = [
    ("+44 12345", "the United Kingdom", "英国", 44),
    ("+852 1234 567", "Hong Kong", "中国香港", 852),
    ("+853 1234 5", "Macao", "中国澳门", 853),
    ("+886 1234 56", "Taiwan", "中国台湾", 886),
    ("+1 555 555 5555", "the United States or Canada", "美国或加拿大", 1),
    ("+65 1234 56", "Singapore", "新加坡", 65),
    ("+60 1 2345", "Malaysia", "马来西亚", 60),
    ("+81 12 3456", "Japan", "日本", 81),
    ("+82 12 34567", "South Korea", "韩国", 82),
    ("+61 1234 567", "Australia", "澳大利亚", 61),
    ("+7 912 345", "region RU", "地区 RU", 7),
]


@pytest.mark.parametrize(("text", "en", "zh", "code"), WRONG_WITH_CODE)
def test_a_wrong_number_with_a_country_code_is_refused_naming_that_country(
    text: str, en: str, zh: str, code: int
) -> None:
    reason = refusal(text)
    english, chinese = reason_text(reason, "en"), reason_text(reason, "zh")
    assert f"not a valid phone number in {en} (+{code})" in english
    assert f"不是{zh}（+{code}）的有效电话号码" in chinese
    assert "mainland" not in english and "大陆" not in chinese


def test_a_wrong_mainland_number_with_its_code_names_mainland_china() -> None:
    reason = refusal("+86 138 0013 800")
    assert "in mainland China (+86)" in reason_text(reason, "en")
    assert "不是中国大陆（+86）" in reason_text(reason, "zh")


def test_a_country_code_no_country_has_is_said_to_be_wrong() -> None:
    reason = refusal("+999 1234567")
    assert "check the country code" in reason_text(reason, "en")
    assert "国家代码" in reason_text(reason, "zh")


# A foreign number written without its country code: the one country it can be, and the number
# as it should be written.
WITHOUT_CODE = [
    ("447400123456", "the United Kingdom", "英国", "+44 7400 123456"),
    ("07400 123456", "the United Kingdom", "英国", "+44 7400 123456"),
    ("85251234567", "Hong Kong", "中国香港", "+852 5123 4567"),
    ("5123 4567", "Hong Kong", "中国香港", "+852 5123 4567"),
    ("6581234567", "Singapore", "新加坡", "+65 8123 4567"),
    # as dialled in the US; a mainland landline would be dialled 0415 555 2671
    ("(415) 555-2671", "the United States or Canada", "美国或加拿大", "+1 415-555-2671"),
]


@pytest.mark.parametrize(("text", "en", "zh", "written"), WITHOUT_CODE)
def test_a_foreign_number_without_its_code_is_refused_naming_its_country(
    text: str, en: str, zh: str, written: str
) -> None:
    reason = refusal(text)
    english, chinese = reason_text(reason, "en"), reason_text(reason, "zh")
    assert english == f"if this is a number in {en}, write it with its country code: {written}"
    assert chinese == f"如果这是{zh}的号码，请加上国家或地区代码：{written}"
    assert "mainland" not in english and "大陆" not in chinese
    taken = validate("account", written, CTX)  # the number okhelp suggests is one it takes
    assert taken.value == reason.params["number"].replace(" ", "").replace("-", "")
    # a chat or an assistant is told the country and its code, not the number again
    said = reason_text(unquoted(reason), "en")
    assert en in said and written.split(" ", maxsplit=1)[0] in said
    assert re.sub(r"\D", "", text)[-6:] not in re.sub(r"\D", "", said)
    assert written.split(" ", maxsplit=1)[0] in reason_text(unquoted(reason), "zh")


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        ("02079460000", ("mainland China", "Japan", "the United Kingdom")),
        ("010 6552 9988", ("mainland China", "South Korea")),
        ("8123 4567", ("Hong Kong", "Singapore")),
    ],
)
def test_a_number_of_two_or_three_countries_is_shown_as_each(
    text: str, countries: tuple[str, ...]
) -> None:
    """No guess, but each reading written out with its code, each one okhelp takes."""
    reason = refusal(text)
    english = reason_text(reason, "en")
    assert all(f"in {country}" in english for country in countries), english
    shown = re.findall(r"\+\d[\d -]+\d", english)
    assert len(shown) == len(countries)
    for number in shown:
        assert validate("account", number, CTX).value == "+" + re.sub(r"\D", "", number)
    assert "国家或地区代码" in reason_text(reason, "zh")
    said = reason_text(unquoted(reason), "en")  # a chat is told the codes, not the number
    assert re.sub(r"\D", "", text)[-6:] not in re.sub(r"\D", "", said) and "+" in said


@pytest.mark.parametrize("text", ["12345678901", "1380013800"])
def test_a_number_whose_country_cannot_be_told_gets_the_rule(text: str) -> None:
    """A mainland mobile mistyped, or a number no country near takes: the rule and how to
    write any other number."""
    reason = refusal(text)
    assert reason.code == "reason_phone_needs_country"
    assert "add the country code" in reason_text(reason, "en")
    assert "国家或地区代码" in reason_text(reason, "zh")


def test_every_named_region_has_words_in_both_languages() -> None:
    for region in ("CN", "HK", "MO", "TW", "US", "CA", "GB", "SG", "MY", "JP", "KR", "AU"):
        words = country_words(region)
        assert words.code == f"country.{region}"
        assert message(words.code, "zh") != message(words.code, "en")
    assert message("country.NANP", "en") == "the United States or Canada"
    fallback = country_words("BR")
    assert (reason_text(fallback, "en"), reason_text(fallback, "zh")) == ("region BR", "地区 BR")

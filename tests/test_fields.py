"""Field validation: the time-phrase table (against dateparser too), accounts, amounts, ids."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from okhelp.engine import InvalidAnswer
from okhelp.fields import FieldContext, validate

TABLE = yaml.safe_load(
    (Path(__file__).parent / "data" / "time_phrases.yaml").read_text(encoding="utf-8")
)
ZONE = ZoneInfo(TABLE["zone"])
NOW = datetime.fromisoformat(TABLE["now"]).astimezone(ZONE)
CTX = FieldContext(now=NOW, timezone=ZONE, timezone_name=TABLE["zone"])


def test_the_table_has_fifty_phrases_in_both_languages() -> None:
    phrases = [p[0] for p in TABLE["phrases"]]
    assert len(phrases) >= 50
    assert sum(p.isascii() for p in phrases) >= 20 and sum(not p.isascii() for p in phrases) >= 20


@pytest.mark.parametrize(("text", "iso", "precision"), TABLE["phrases"])
def test_time_phrase(text: str, iso: str | None, precision: str | None) -> None:
    if iso is None:
        with pytest.raises(InvalidAnswer):
            validate("occurred_at", text, CTX)
        return
    value = validate("occurred_at", text, CTX)
    assert (value.value, value.extra["precision"]) == (iso, precision)
    assert value.text == text.strip() and value.extra["timezone"] == "Asia/Shanghai"


def test_future_is_refused_with_a_clear_message() -> None:
    with pytest.raises(InvalidAnswer, match="in the future"):
        validate("occurred_at", "2026-11-21 18:00", CTX)


def test_share_dateparser_alone_gets_right() -> None:
    """Measured, not a goal: how much of the table a general parser handles on its own."""
    dateparser = pytest.importorskip("dateparser")
    right = 0
    for text, iso, precision in TABLE["phrases"]:
        try:
            found = dateparser.parse(
                text,
                languages=["zh", "en"],
                settings={
                    "RELATIVE_BASE": NOW.replace(tzinfo=None),
                    "TIMEZONE": TABLE["zone"],
                    "RETURN_AS_TIMEZONE_AWARE": True,
                    "PREFER_DATES_FROM": "past",
                },
            )
        except Exception:  # dateparser raises on some inputs; that counts as wrong
            found = None
        if iso is None:
            right += found is None or found > NOW
        elif found is not None:
            expected = datetime.fromisoformat(iso)
            same = (
                found.date() == expected.date()
                if precision == "day"
                else (found.replace(second=0, microsecond=0) == expected)
            )
            right += same
    share = right / len(TABLE["phrases"])
    print(f"\ndateparser alone: {right}/{len(TABLE['phrases'])} = {share:.0%}; okhelp: 100%")
    assert share < 1.0


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("13800138000", "13800138000", "phone"),
        ("+86 138-0013-8000", "13800138000", "phone"),
        ("+44 7911 123456", "+447911123456", "phone"),
        ("User@Example.com", "user@example.com", "email"),
        ("okpay_user01", "okpay_user01", "user_id"),
    ],
)
def test_account(text: str, value: str, kind: str) -> None:
    found = validate("account", text, CTX)
    assert (found.value, found.extra["kind"]) == (value, kind)


@pytest.mark.parametrize("text", ["12345", "1380013800", "+999 123", "a b c", "@@"])
def test_account_refused(text: str) -> None:
    with pytest.raises(InvalidAnswer):
        validate("account", text, CTX)


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("120.5 元", "120.50", "CNY"),
        ("¥88", "88.00", "CNY"),
        ("45 USD", "45.00", "USD"),
        ("$1,200", "1200.00", "USD"),
        ("0.125 EUR", "0.125", "EUR"),
        ("300块", "300.00", "CNY"),
    ],
)
def test_amount(text: str, value: str, currency: str) -> None:
    found = validate("amount", text, CTX)
    assert (found.value, found.extra["currency"]) == (value, currency)


@pytest.mark.parametrize("text", ["abc", "0", "-5", "12 XYZ", "1.2.3"])
def test_amount_refused(text: str) -> None:
    with pytest.raises(InvalidAnswer):
        validate("amount", text, CTX)


def test_transaction_id_is_never_mistaken_for_a_card_number() -> None:
    assert validate("transaction_id", "TX2026112000001", CTX).value == "TX2026112000001"
    with pytest.raises(InvalidAnswer, match="card number"):
        validate("transaction_id", "4111111111111111", CTX)
    upper = FieldContext(now=NOW, timezone=ZONE, timezone_name="x", txn_upper=True)
    assert validate("transaction_id", "tx-abc123", upper).value == "TX-ABC123"


@pytest.mark.parametrize(("text", "code"), [("cny", "CNY"), ("美元", "USD"), ("EUR", "EUR")])
def test_currency(text: str, code: str) -> None:
    assert validate("currency", text, CTX).value == code


def test_unknown_currency_code_is_refused() -> None:
    with pytest.raises(InvalidAnswer):
        validate("currency", "XYZ", CTX)


@pytest.mark.parametrize(
    "text", ["明天", "明天下午3点", "后天", "tomorrow", "tomorrow 9am", "明晚8点"]
)
def test_future_days_are_refused_as_future(text: str) -> None:
    with pytest.raises(InvalidAnswer, match="in the future"):
        validate("occurred_at", text, CTX)

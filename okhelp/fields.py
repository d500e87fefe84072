"""Well-known input fields: validated and normalized the same way in every kind of run.

Pure functions of (text, context); "now" and the time zone come in through the context, so a run
can be pinned (``OKHELP_NOW``) and tests are exact.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Any

from okhelp.engine import InvalidAnswer
from okhelp.patterns import txn_matches
from okhelp.safety import luhn_valid
from okhelp.text import find_control

DEFAULT_TXN_PATTERN = r"[A-Za-z0-9_-]{6,64}"
MAX_FIELD_TEXT = 10_000

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[A-Za-z]{2,}$")
_USER_ID = re.compile(r"^[A-Za-z0-9_.-]{3,64}$")
_CURRENCY_WORDS = {
    "元": "CNY",
    "人民币": "CNY",
    "rmb": "CNY",
    "¥": "CNY",
    "￥": "CNY",
    "块": "CNY",
    "块钱": "CNY",
    "$": "USD",
    "美元": "USD",
    "美金": "USD",
    "usd": "USD",
    "€": "EUR",
    "欧元": "EUR",
    "£": "GBP",
    "英镑": "GBP",
    "港币": "HKD",
    "港元": "HKD",
    "日元": "JPY",
    "韩元": "KRW",
    "泰铢": "THB",
    "新台币": "TWD",
    "澳门元": "MOP",
    "euro": "EUR",
    "euros": "EUR",
    "dollar": "USD",
    "dollars": "USD",
    "yuan": "CNY",
}
# Active ISO 4217 currency codes (a closed list; it changes about once a year).
ISO_4217 = frozenset(
    """AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN
    BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD
    FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY
    KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP
    MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR
    RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT
    TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR
    ZMW ZWG""".split()
)


@dataclass(frozen=True)
class FieldContext:
    """What validation depends on besides the text: now, the zone, the config's rules."""

    now: datetime
    timezone: tzinfo
    timezone_name: str
    txn_pattern: str = DEFAULT_TXN_PATTERN
    txn_upper: bool = False
    default_currency: str = "CNY"


@dataclass(frozen=True)
class FieldValue:
    """A validated answer: the user's own words, the normalized value, and how to show it."""

    field: str
    text: str
    value: Any
    display: str
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "value": self.value, "display": self.display, **self.extra}


def validate(name: str, text: str, ctx: FieldContext) -> FieldValue:
    """Check and normalize one field; raise InvalidAnswer with a message a user can act on."""
    text = text.strip()
    if not text:
        raise InvalidAnswer("an answer is required", name)
    if len(text) > MAX_FIELD_TEXT:
        raise InvalidAnswer(f"too long ({len(text)} characters)", f"at most {MAX_FIELD_TEXT}")
    if find_control(text):
        raise InvalidAnswer("contains a control or escape character", "plain text")
    validator = _VALIDATORS.get(name)
    if validator is None:
        return FieldValue(name, text, text, text)
    return validator(text, ctx)


def phone_number(text: str) -> str | None:
    """A valid phone number in a canonical form: Chinese numbers as dialled at home
    (13800138000), others in E.164 (+447700900123); None if it is not a valid number."""
    import phonenumbers

    compact = re.sub(r"[\s().-]", "", text)
    if not re.fullmatch(r"\+?\d{6,17}", compact):
        return None
    try:
        number = phonenumbers.parse(compact, "CN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    if number.country_code == 86:
        return str(phonenumbers.national_significant_number(number))
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def _account(text: str, ctx: FieldContext) -> FieldValue:
    compact = re.sub(r"[\s().-]", "", text)
    if re.fullmatch(r"\+?\d{6,17}", compact):
        phone = phone_number(text)
        if phone is None:
            raise InvalidAnswer(
                "not a valid phone number",
                "a mobile number such as 13800138000, or +44 7700 900123 with the country code",
            )
        return FieldValue("account", text, phone, phone, {"kind": "phone"})
    if _EMAIL.match(text):
        return FieldValue("account", text, text.lower(), text.lower(), {"kind": "email"})
    if _USER_ID.match(text) and not compact.isdigit():
        return FieldValue("account", text, text, text, {"kind": "user_id"})
    raise InvalidAnswer(
        "not a phone number, e-mail address or user id",
        "a mobile number (13800138000 or +44...), an e-mail address, or your user id",
    )


def _transaction_id(text: str, ctx: FieldContext) -> FieldValue:
    value = text.replace(" ", "")
    if not txn_matches(ctx.txn_pattern, value):
        raise InvalidAnswer(
            "does not look like a transaction id",
            "the id shown in the transaction record (letters, digits, '-' or '_', 6 to 64)",
        )
    if value.isdigit() and 13 <= len(value) <= 19 and luhn_valid(value):
        raise InvalidAnswer(
            "this looks like a card number, not a transaction id; never share card numbers",
            "the transaction id from the transaction record",
        )
    if ctx.txn_upper:
        value = value.upper()
    return FieldValue("transaction_id", text, value, value)


def _currency_code(word: str) -> str | None:
    word = word.strip()
    lowered = word.lower()
    if lowered in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[lowered]
    if word.upper() in ISO_4217:
        return word.upper()
    return None


def _amount(text: str, ctx: FieldContext) -> FieldValue:
    compact = text.replace(",", "").replace("，", "").strip()
    match = re.fullmatch(
        r"(?P<pre>[^\d\s.]*)\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<post>[^\d\s.]*)", compact
    )
    if not match:
        raise InvalidAnswer("not an amount", "a number with an optional currency, e.g. 120.50 CNY")
    words = [w for w in (match.group("pre"), match.group("post")) if w]
    currency = ctx.default_currency
    for word in words:
        code = _currency_code(word)
        if code is None:
            raise InvalidAnswer(f"unknown currency '{word}'", "an ISO 4217 code such as CNY or USD")
        currency = code
    try:
        number = Decimal(match.group("num"))
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        raise InvalidAnswer("not an amount", "a number") from None
    if number <= 0:
        raise InvalidAnswer("the amount must be more than zero", "a positive number")
    value = (
        f"{number.quantize(Decimal('0.01'))}"
        if number == number.quantize(Decimal("0.01"))
        else str(number)
    )
    return FieldValue("amount", text, value, f"{value} {currency}", {"currency": currency})


def _currency(text: str, ctx: FieldContext) -> FieldValue:
    code = _currency_code(text)
    if code is None:
        raise InvalidAnswer("unknown currency", "an ISO 4217 code such as CNY, USD, EUR")
    return FieldValue("currency", text, code, code)


def _occurred_at(text: str, ctx: FieldContext) -> FieldValue:
    from okhelp import timeparse

    parsed = timeparse.parse(text, ctx.now.astimezone(ctx.timezone))
    if parsed is None:
        raise InvalidAnswer(
            "not a time okhelp understands",
            "e.g. 2026-11-20 14:30, yesterday 3pm, 2 hours ago, 昨天下午3点, 两小时前",
        )
    moment, precision = parsed
    if moment > ctx.now + timedelta(minutes=1):
        raise InvalidAnswer("that time is in the future", "a time in the past")
    iso = moment.isoformat(timespec="seconds")
    display = (
        moment.strftime("%Y-%m-%d %H:%M") if precision != "day" else moment.strftime("%Y-%m-%d")
    )
    return FieldValue(
        "occurred_at",
        text,
        iso,
        display,
        {"precision": precision, "timezone": ctx.timezone_name},
    )


_VALIDATORS = {
    "account": _account,
    "transaction_id": _transaction_id,
    "amount": _amount,
    "currency": _currency,
    "occurred_at": _occurred_at,
}


def describe_time(incident: Mapping[str, Any], lang: str) -> str | None:
    """How every rendering of a summary shows when it happened: the field rules know what a
    time's precision allows to be said, so the renderers ask here instead of formatting it."""
    occurred = incident.get("occurred_at")
    if not occurred:
        return None
    words = incident.get("occurred_at_text")
    said = f" “{words}”" if words else ""
    return f"{occurred} ({incident.get('timezone')}){said}"


def describe_amount(amount: Mapping[str, Any] | None, lang: str) -> str | None:
    """How every rendering of a summary shows an amount: plain decimal and its currency."""
    if not amount:
        return None
    return f"{amount.get('value')} {amount.get('currency')}"

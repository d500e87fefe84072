"""Well-known input fields: validated and normalized the same way in every kind of run.

Pure functions of (text, context); "now" and the time zone come in through the context, so a run
can be pinned (``OKHELP_NOW``) and tests are exact.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from okhelp.errors import InvalidAnswer
from okhelp.fields import amounts
from okhelp.fields.redaction import structured_secret
from okhelp.fields.txid import txn_matches
from okhelp.i18n.messages import MESSAGES, Reason, message, undecodable_reason
from okhelp.util.text import find_control, printable

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber

DEFAULT_TXN_PATTERN = r"[A-Za-z0-9_-]{6,64}"
MAX_FIELD_TEXT = 10_000

# Addresses as mail systems take them in practice: letters (any script), digits and . _ % + ' -
# before the @, labels of letters, digits and - after it. An address handed to a helpdesk as the
# requester must hold no markup ("<img/src=x onerror=...>@evil.com").
_EMAIL = re.compile(
    r"^(?=[^@]{1,64}@)[\w%+'-]+(?:\.[\w%+'-]+)*"
    r"@(?=.{4,255}$)(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}$"
)
_USER_ID = re.compile(r"^[A-Za-z0-9_.-]{3,64}$")
ISO_4217 = amounts.ISO_4217


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
        raise InvalidAnswer(Reason("reason_required"), name)
    if len(text) > MAX_FIELD_TEXT:
        raise InvalidAnswer(
            Reason("reason_too_long", count=len(text)),
            Reason("accepted_at_most", count=MAX_FIELD_TEXT),
        )
    undecodable = undecodable_reason(text)
    if undecodable:
        raise InvalidAnswer(undecodable, Reason("accepted_utf8"))
    if find_control(text):
        raise InvalidAnswer(Reason("reason_control"), Reason("accepted_plain_text"))
    validator = _VALIDATORS.get(name)
    if validator is None:
        return FieldValue(name, text, text, text)
    return validator(text, ctx)


PHONE_NEEDS_COUNTRY = Reason("reason_phone_needs_country")
PHONE_INVALID = Reason("reason_phone_invalid")
PHONE_EXAMPLE = Reason("accepted_phone")
# Where a number written without its country code is looked for when it is no mainland mobile:
# mainland China (a landline) and the places okhelp's users most often come from. A number
# valid in just one of them, or valid once a "+" is put in front, has that country named.
NEAR_REGIONS = ("CN", "HK", "MO", "TW", "SG", "MY", "JP", "KR", "AU", "GB", "US", "CA")
_MAINLAND_MOBILE = re.compile(r"1[3-9]\d{9}")


def country_words(region: str) -> Reason:
    """A region code (phonenumbers': CN, GB ...) as the country a refusal names: its name in the
    catalogue, else the code itself ("region RU")."""
    key = f"country.{region}"
    return Reason(key) if key in MESSAGES else Reason("country.other", region=region)


def _invalid_in(digits: str) -> Reason:
    """The refusal of a number written with a country code that is no valid number there: it
    names that country (or says the code is wrong, for a code no country has)."""
    import phonenumbers

    for length in (1, 2, 3):  # country codes are prefix-free, one to three digits
        code = int(digits[:length])
        regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(code)
        if regions and regions[0] != "001":  # 001: satellite and other non-geographic codes
            country = country_words("NANP" if code == 1 else regions[0])
            return Reason("reason_phone_invalid_in", country=country, calling=code)
    return PHONE_INVALID


def _needs_country(compact: str) -> Reason:
    """The refusal of a number without a country code that is no mainland mobile: where it reads
    as a valid number of exactly one country (its code typed without the "+", or as dialled at
    home in one of NEAR_REGIONS), that country and the number with its code; else the rule."""
    import phonenumbers

    if re.fullmatch(r"1\d{10}", compact):  # a mainland mobile mistyped, not a foreign one
        return PHONE_NEEDS_COUNTRY
    readings = [("", "+" + compact)] + [(region, compact) for region in NEAR_REGIONS]
    found: dict[str, PhoneNumber] = {}
    for region, written in readings:
        try:
            number = phonenumbers.parse(written, region or None)
        except phonenumbers.NumberParseException:
            continue
        if region and _home_form(number) != compact:
            continue  # not how it is dialled there: 4155552671 is 0415 555 2671 in China
        if phonenumbers.is_valid_number(number):
            found[phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)] = number
    readable = [_reading(number) for number in found.values()]
    if len(readable) == 1:
        return Reason("reason_phone_needs_country_of", **readable[0])
    if len(readable) in (2, 3):
        # "8123 4567" is dialled so in Hong Kong and in Singapore: no guess, but each reading
        # written out, so that the user finds their own.
        worded = [Reason("phone_reading", **reading) for reading in readable]
        codes = dict.fromkeys(f"+{reading['calling']}" for reading in readable)
        return Reason(
            f"reason_phone_needs_country_of_{len(readable)}",
            **dict(zip(("a", "b", "c"), worded, strict=False)),
            codes=" / ".join(codes),
        )
    return PHONE_NEEDS_COUNTRY


def _home_form(number: PhoneNumber) -> str:
    """The digits of a number as it is dialled in its own country (its trunk 0 included)."""
    import phonenumbers

    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return re.sub(r"\D", "", national)


def _reading(number: PhoneNumber) -> dict[str, object]:
    """A number's country, its written form with the code, and the code."""
    import phonenumbers

    region = "NANP" if number.country_code == 1 else phonenumbers.region_code_for_number(number)
    return {
        "country": country_words(region or "001"),
        "number": phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
        "calling": number.country_code,
    }


def _phone(compact: str) -> tuple[str | None, Reason | None]:
    """(canonical number, None) or (None, why not).

    A number without a country code is taken only when it is a valid mainland China mobile.
    Anything else is refused with a request for the country code, not stored as given (kind
    ``phone_unverified``): the account says whose money it is, an agent cannot look up a
    number whose country nobody knows any better than okhelp can, and the user knows their
    own country code — one more line typed costs less than a ticket about the wrong account.
    A refusal names the country the number belongs to wherever that can be told.
    """
    import phonenumbers

    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if not compact.startswith("+") and re.fullmatch(r"861[3-9]\d{9}", compact):
        compact = "+" + compact
    international = compact.startswith("+")
    if not re.fullmatch(r"\+?\d{6,17}", compact):
        return None, _invalid_in(compact[1:]) if international else PHONE_INVALID
    try:
        number = phonenumbers.parse(compact, "CN")
    except phonenumbers.NumberParseException:
        return None, _invalid_in(compact[1:]) if international else _needs_country(compact)
    valid = phonenumbers.is_valid_number(number)
    if not international:
        mobile = phonenumbers.number_type(number) in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        )
        if not (valid and mobile and _MAINLAND_MOBILE.fullmatch(compact)):
            return None, _needs_country(compact)
    if not valid:
        return None, _invalid_in(compact[1:])
    national = str(phonenumbers.national_significant_number(number))
    if number.country_code == 86 and _MAINLAND_MOBILE.fullmatch(national):
        return national, None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)), None


def _account(text: str, ctx: FieldContext) -> FieldValue:
    secret = structured_secret(text)
    if secret:
        raise InvalidAnswer(secret, Reason("accepted_account_plain"))
    # Full-width digits, as Chinese input methods type them: １３８００１３８０００ is a number
    if re.fullmatch(r"[\s+()\-.0-9０-９＋（）－．　]+", text) and re.search("[０-９]", text):
        text = unicodedata.normalize("NFKC", text)
    # "+44 (0)7400 123456": the "(0)" is the trunk prefix for calls from inside the country,
    # not a digit of the number
    text = re.sub(r"^(\+\d{1,3})\s*\(0\)", r"\1", text.strip())
    compact = re.sub(r"[\s().-]", "", text)
    if re.fullmatch(r"(?:\+|00)?\d{6,}", compact):
        phone, problem = _phone(compact)
        if phone is None:
            raise InvalidAnswer(problem or PHONE_INVALID, PHONE_EXAMPLE)
        return FieldValue("account", text, phone, phone, {"kind": "phone"})
    if _EMAIL.match(text):
        return FieldValue("account", text, text.lower(), text.lower(), {"kind": "email"})
    if _USER_ID.match(text) and not compact.isdigit():
        return FieldValue("account", text, text, text, {"kind": "user_id"})
    raise InvalidAnswer(
        Reason("reason_not_account"),
        Reason("accepted_account", rule=Reason("accepted_user_id_rule")),
    )


def _transaction_id(text: str, ctx: FieldContext) -> FieldValue:
    secret = structured_secret(text)
    if secret:
        raise InvalidAnswer(secret, Reason("accepted_txn_plain"))
    value = text.replace(" ", "")
    if not txn_matches(ctx.txn_pattern, value):
        raise InvalidAnswer(
            Reason("reason_not_transaction_id"),
            Reason("accepted_txn"),
        )
    if ctx.txn_upper:
        value = value.upper()
    return FieldValue("transaction_id", text, value, value)


def _amount(text: str, ctx: FieldContext) -> FieldValue:
    try:
        found = amounts.parse(text, ctx.default_currency)
    except amounts.AmountProblem as exc:
        unread = exc.reason.code in ("reason_not_amount", "reason_unknown_currency")
        suggested = amounts.suggestion(text, ctx.default_currency) if unread else None
        if suggested:
            reason = Reason("reason_not_amount_suggested", suggestion=_did_you_mean(suggested))
            raise InvalidAnswer(reason, amounts.EXAMPLE) from None
        raise InvalidAnswer(exc.reason, exc.accepted) from None
    display = f"{found.value} {found.currency}"
    return FieldValue("amount", text, found.value, display, {"currency": found.currency})


def _currency(text: str, ctx: FieldContext) -> FieldValue:
    code = amounts.currency_code(text)
    if code is None or code == amounts.AMBIGUOUS:
        raise InvalidAnswer(
            Reason("reason_unknown_currency", written=text[:20]),
            Reason("accepted_currency_code"),
        )
    return FieldValue("currency", text, code, code)


def _did_you_mean(phrase: str) -> Reason:
    """``; did you mean 'PHRASE'?`` in the language the refusal is worded in."""
    return Reason("did_you_mean", names=f"'{printable(phrase)}'")


TIME_NOT_UNDERSTOOD = Reason("reason_not_time")
TIME_FUTURE = Reason("reason_future")
TIME_EXAMPLE = Reason("accepted_time")


def _occurred_at(text: str, ctx: FieldContext) -> FieldValue:
    from okhelp.fields import times as timeparse

    try:
        found = timeparse.parse(text, ctx.now.astimezone(ctx.timezone))
    except timeparse.AmbiguousDate as exc:
        first, second = exc.first.isoformat(), exc.second.isoformat()
        raise InvalidAnswer(
            Reason("reason_ambiguous_date", written=exc.written[:20], first=first, second=second),
            TIME_EXAMPLE,
        ) from None
    if found is None:
        suggested = timeparse.suggestion(text, ctx.now.astimezone(ctx.timezone))
        if suggested:
            reason = Reason("reason_not_time_suggested", suggestion=_did_you_mean(suggested))
            raise InvalidAnswer(reason, TIME_EXAMPLE)
        raise InvalidAnswer(Reason("reason_not_time"), TIME_EXAMPLE)
    if found.start > ctx.now + timedelta(minutes=1):
        raise InvalidAnswer(Reason("reason_future"), Reason("accepted_past"))
    extra: dict[str, Any] = {"precision": found.precision, "timezone": ctx.timezone_name}
    if found.part:
        extra["part"] = found.part
    if found.end is not None:
        extra["range"] = {
            "start": found.start.isoformat(timespec="seconds"),
            "end": found.end.isoformat(timespec="seconds"),
        }
    iso = found.start.isoformat(timespec="seconds")
    display = _when(iso, found.precision, found.part, extra.get("range"), None)
    return FieldValue("occurred_at", text, iso, display, extra)


_VALIDATORS = {
    "account": _account,
    "transaction_id": _transaction_id,
    "amount": _amount,
    "currency": _currency,
    "occurred_at": _occurred_at,
}


def _weekday(moment: datetime, lang: str) -> str:
    return message("weekdays", lang).split()[moment.weekday()]


def _hhmm(moment: datetime, day: datetime) -> str:
    """A range's end: 24:00 for the midnight that closes the day, else the clock time."""
    if moment.time().hour == 0 and moment.time().minute == 0 and moment.date() > day.date():
        return "24:00" if (moment.date() - day.date()).days == 1 else moment.strftime("%H:%M")
    return moment.strftime("%H:%M")


def _when(
    iso: str,
    precision: str | None,
    part: str | None,
    span: Mapping[str, str] | None,
    lang: str | None,
) -> str:
    """When it happened, saying no more than the phrase did: a clock time only when one was
    given, the part of the day with its hours, a day, or the days a week or month spans.
    ``lang`` None: the language-free short form kept as the field's display."""
    moment = datetime.fromisoformat(iso)
    weekday = f" ({_weekday(moment, lang)})" if lang else ""
    if precision in ("week", "weekend", "month") and span:
        start = datetime.fromisoformat(span["start"]).date()
        last = (datetime.fromisoformat(span["end"]) - timedelta(days=1)).date()
        if lang is None:
            return f"{start.isoformat()} – {last.isoformat()}"
        return message("time_span", lang, start=start.isoformat(), end=last.isoformat())
    if precision == "part_of_day" and span:
        end = datetime.fromisoformat(span["end"])
        hours = f"{moment.strftime('%H:%M')}–{_hhmm(end, moment)}"
        if lang is None:
            return f"{moment.strftime('%Y-%m-%d')} {hours}"
        name = message(f"part.{part}", lang) if f"part.{part}" in MESSAGES else (part or "")
        return f"{moment.strftime('%Y-%m-%d')} {name} ({hours}){weekday}"
    if precision == "day":
        return f"{moment.strftime('%Y-%m-%d')}{weekday}"
    return f"{moment.strftime('%Y-%m-%d %H:%M')}{weekday}"


def describe_time(incident: Mapping[str, Any], lang: str) -> str | None:
    """How every rendering of a summary shows when it happened, e.g.
    ``2026-11-10 晚上 (18:00–24:00) (周二) Asia/Shanghai “上周二晚上”``: exactly the precision of
    the user's words (never a clock time they did not give), the zone, and the words."""
    occurred = incident.get("occurred_at")
    if not occurred:
        return None
    try:
        when = _when(
            str(occurred),
            incident.get("occurred_at_precision"),
            incident.get("occurred_at_part"),
            incident.get("occurred_at_range"),
            lang,
        )
    except (TypeError, ValueError, KeyError):  # a damaged record: show what it holds
        when = str(occurred)
    zone = incident.get("timezone")
    words = incident.get("occurred_at_text")
    return " ".join(part for part in (when, zone, f"“{words}”" if words else None) if part)


def describe_amount(amount: Mapping[str, Any] | None, lang: str) -> str | None:
    """How every rendering of a summary shows an amount: plain decimal (never exponent
    notation, even from an older record) and its currency code."""
    if not amount:
        return None
    value, currency = amount.get("value"), amount.get("currency")
    try:
        shown = amounts.plain(Decimal(str(value)), str(currency or ""))
    except (InvalidOperation, ValueError):
        shown = str(value)
    return f"{shown} {currency}" if currency else shown


def read_back(name: str, value: FieldValue, lang: str) -> str | None:
    """How okhelp read a time or an amount, for the user to check before it is kept
    (``2026-11-20 15:00 (周五)``, ``12.50 EUR``); None for fields whose value is what was typed."""
    if name == "occurred_at":
        extra = value.extra
        return _when(
            str(value.value), extra.get("precision"), extra.get("part"), extra.get("range"), lang
        )
    if name == "amount":
        return str(value.display)
    return None


def confirmation(name: str, value: FieldValue, lang: str) -> str | None:
    """The question that shows a parsed answer back before it is kept
    (``= 2026-11-20 15:00 (周五)，对吗？``, ``= 12.50 EUR，对吗？``); None where none is."""
    from okhelp.i18n.messages import message

    shown = read_back(name, value, lang)
    return None if shown is None else message("time_confirm", lang, when=shown)


def free_text_problem(text: str) -> Reason | None:
    """Why free text cannot be taken as typed (too long, control characters), or None; the same
    checks every input field gets, for text that does not pass through a field."""
    if len(text) > MAX_FIELD_TEXT:
        return Reason("reason_too_long", count=len(text))
    undecodable = undecodable_reason(text)
    if undecodable:
        return undecodable
    if find_control(text):
        return Reason("reason_control")
    return None

"""Amounts as users type them -> a plain decimal string and an ISO 4217 currency.

Separators are read by position: a comma followed by one or two digits is a decimal comma
(``€12,50`` = 12.50); a separator followed by groups of exactly three digits after a leading
group of one to three (not starting with 0) separates thousands (``1,234``, ``1.234,56``,
``1 234,56``, ``1'234.50``); when both a dot and a comma appear, the last one is the decimal
point. A lone dot before three digits (``1.234``) reads as 1234 in Europe and 1.234 elsewhere: it
is refused with both readings, except for currencies with three decimals (KWD, BHD, ...), where
it is the decimal point. Anything else that is not a number is refused with an example.

Rounding: none. The value keeps every digit typed, padded to the currency's minor unit (2
decimals for most, 0 for JPY/KRW/..., 3 for KWD/BHD/...); zeros typed beyond the minor unit are
dropped (``12.500 EUR`` = 12.50), other digits are kept (``0.125 EUR``), since a fee or a rate
can have them and an amount the user reports must not be changed. At most 15 digits before the
point and 8 after; the output is always plain decimal, never exponent notation.

Chinese numerals (三千, 两百, 一万二, 壹佰) are read with ``cn2an`` (a well-kept converter; about
0.1 s to load, so it is imported only when an amount has Chinese numerals in it); Arabic digits
with a magnitude (5万, 1.2万元, 1.5k) are exact Decimal arithmetic here. price-parser was
measured on the amounts table (tests/data/fields/amounts.yaml) and not used: it guesses where
this must refuse (1.234), and knows neither 块, 万 nor most currency words users write.

Traditional Chinese (三千塊, 港幣, 新臺幣) is read in simplified characters (okhelp/i18n/hant.py,
loaded
only when such characters appear), so the words below are written once, in simplified.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext
from functools import cache

from okhelp.i18n.hant import simplified
from okhelp.i18n.messages import Reason

MAX_INTEGER_DIGITS = 15
MAX_DECIMALS = 8
MAX_TEXT = 60  # longer is no amount: refused before any parsing

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
# ISO 4217 minor units that are not 2.
MINOR_UNITS = {
    **dict.fromkeys("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF".split(), 0),
    **dict.fromkeys("BHD IQD JOD KWD LYD OMR TND".split(), 3),
}
AMBIGUOUS = "?"
# Symbols and words, matched (lower-cased, longest first) at either end of the amount.
CURRENCY_WORDS: dict[str, str] = {
    # Chinese
    "元": "CNY",
    "圆": "CNY",
    "块": "CNY",
    "块钱": "CNY",
    "人民币": "CNY",
    "美元": "USD",
    "美金": "USD",
    "刀": "USD",
    "港币": "HKD",
    "港元": "HKD",
    "港纸": "HKD",
    "欧元": "EUR",
    "英镑": "GBP",
    "日元": "JPY",
    "日币": "JPY",
    "日圆": "JPY",
    "円": "JPY",
    "韩元": "KRW",
    "韩币": "KRW",
    "新台币": "TWD",
    "台币": "TWD",
    "澳门元": "MOP",
    "澳门币": "MOP",
    "葡币": "MOP",
    "新加坡元": "SGD",
    "新币": "SGD",
    "澳元": "AUD",
    "澳币": "AUD",
    "加元": "CAD",
    "加币": "CAD",
    "新西兰元": "NZD",
    "纽币": "NZD",
    "泰铢": "THB",
    "马币": "MYR",
    "令吉": "MYR",
    "林吉特": "MYR",
    "印度卢比": "INR",
    "卢比": "INR",
    "卢布": "RUB",
    "越南盾": "VND",
    "印尼盾": "IDR",
    "菲律宾比索": "PHP",
    "瑞士法郎": "CHF",
    "比索": AMBIGUOUS,
    # symbols
    "¥": "CNY",
    "cn¥": "CNY",
    "jp¥": "JPY",
    "$": "USD",
    "us$": "USD",
    "hk$": "HKD",
    "hkd$": "HKD",
    "ntd": "TWD",
    "nt$": "TWD",
    "s$": "SGD",
    "sg$": "SGD",
    "a$": "AUD",
    "au$": "AUD",
    "c$": "CAD",
    "ca$": "CAD",
    "nz$": "NZD",
    "mop$": "MOP",
    "r$": "BRL",
    "mx$": "MXN",
    "€": "EUR",
    "£": "GBP",
    "₩": "KRW",
    "₹": "INR",
    "₱": "PHP",
    "฿": "THB",
    "₫": "VND",
    "₽": "RUB",
    "₺": "TRY",
    "₪": "ILS",
    "rm": "MYR",
    "rp": "IDR",
    "zł": "PLN",
    "kr": AMBIGUOUS,
    "kr.": AMBIGUOUS,
    # English words
    "rmb": "CNY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "dollar": "USD",
    "dollars": "USD",
    "us dollar": "USD",
    "us dollars": "USD",
    "u.s. dollar": "USD",
    "u.s. dollars": "USD",
    "buck": "USD",
    "bucks": "USD",
    "hk dollars": "HKD",
    "hong kong dollars": "HKD",
    "nt dollars": "TWD",
    "taiwan dollars": "TWD",
    "singapore dollars": "SGD",
    "australian dollars": "AUD",
    "canadian dollars": "CAD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "quid": "GBP",
    "yen": "JPY",
    "won": "KRW",
    "baht": "THB",
    "ringgit": "MYR",
    "rupee": "INR",
    "rupees": "INR",
    "peso": AMBIGUOUS,
    "pesos": AMBIGUOUS,
}
_WORDS = sorted(CURRENCY_WORDS, key=len, reverse=True)
# The unit of whatever currency is named with it (新台币300元, 港币500元, 100块美金); alone, CNY.
UNIT_WORDS = frozenset({"元", "圆", "块", "块钱"})
_NOISE = re.compile(
    r"大约|大概|约莫|约|左右|差不多|将近|上下|\b(?:about|around|approx\.?|approximately|roughly|"
    r"circa)\b|[~≈]"
)
_ZH_NUMERALS = "零〇一二两俩三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億"
_MAGNITUDES = {
    "十": 10,
    "百": 100,
    "千": 1000,
    "万": 10_000,
    "萬": 10_000,
    "十万": 100_000,
    "百万": 1_000_000,
    "千万": 10_000_000,
    "亿": 100_000_000,
    "億": 100_000_000,
    "k": 1000,
    "thousand": 1000,
    "million": 1_000_000,
    "mn": 1_000_000,
}
_VAGUE = re.compile(r"[多几余来]|several|some|few")


class AmountProblem(ValueError):
    """Why a text is not an amount (a coded reason, worded by the catalogue), and an example."""

    def __init__(self, reason: Reason, accepted: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.accepted = accepted


@dataclass(frozen=True)
class Amount:
    """A parsed amount: plain decimal text (never exponent notation) and its currency."""

    value: str
    currency: str


NOT_AN_AMOUNT = Reason("reason_not_amount")
EXAMPLE = Reason("accepted_amount")


def currency_code(word: str) -> str | None:
    """The ISO code of a currency word, symbol or code; AMBIGUOUS for kr, pesos; else None."""
    word = simplified(unicodedata.normalize("NFKC", word).strip())
    lowered = word.lower()
    if lowered in CURRENCY_WORDS:
        return CURRENCY_WORDS[lowered]
    if word.upper() in ISO_4217:
        return word.upper()
    return None


def parse(text: str, default_currency: str) -> Amount:
    """Read an amount; raise AmountProblem (with an example) when it is not one, or not clearly
    one."""
    body = simplified(unicodedata.normalize("NFKC", text).strip())
    if len(body) > MAX_TEXT:
        raise AmountProblem(_too_many(), _too_many_accepted())
    body = re.sub(r"\s+", " ", _NOISE.sub(" ", body)).strip()
    body = re.sub(r"(?<=\D)[.。!！]+$", "", body).strip()  # "88 CNY." - a full stop, not a point
    if re.match(r"^[-−]|^负", body) or re.match(r"^\D{0,4}\s*[-−]\s*\d", body):
        raise AmountProblem(Reason("reason_not_positive"), Reason("accepted_positive"))
    body, codes = _strip_currencies(body)
    named = [(code, word) for code, word in codes if word not in UNIT_WORDS]
    if named:
        codes = named
    found = {code for code, _ in codes}
    for code, word in codes:
        if code == AMBIGUOUS:
            raise AmountProblem(
                Reason("reason_ambiguous_currency", written=word),
                Reason("accepted_currency_nordic"),
            )
    if len(found) > 1:
        raise AmountProblem(
            Reason("reason_two_currencies", codes=", ".join(sorted(found))),
            Reason("accepted_one_currency"),
        )
    currency = found.pop() if found else default_currency
    number = _number(body, currency)
    if number <= 0:
        raise AmountProblem(Reason("reason_not_positive"), Reason("accepted_positive"))
    return Amount(plain(number, currency), currency)


def _strip_currencies(body: str) -> tuple[str, list[tuple[str, str]]]:
    """Take currency words, symbols and codes off both ends (人民币500元 has two); each with the
    word as written."""
    codes: list[tuple[str, str]] = []
    while body:
        lowered = body.lower()
        for word in _WORDS:
            if lowered.startswith(word) and _boundary(word, lowered[len(word) : len(word) + 1]):
                codes.append((CURRENCY_WORDS[word], body[: len(word)]))
                body = body[len(word) :].strip()
                break
            if lowered.endswith(word) and len(word) < len(lowered):
                before = lowered[-len(word) - 1]
                if _boundary(word, before):
                    codes.append((CURRENCY_WORDS[word], body[-len(word) :]))
                    body = body[: -len(word)].strip()
                    break
        else:
            match = re.fullmatch(
                r"([a-z]{3})(?![a-z])\s*(.*?)|(.*?)\s*(?<![a-z])([a-z]{3})", lowered
            )
            code = (match.group(1) or match.group(4)) if match else None
            if not code or not (match and (match.group(2) or match.group(3))):
                break
            if code.upper() not in ISO_4217:
                raise AmountProblem(
                    Reason(
                        "reason_unknown_currency",
                        written=body[:3] if match.group(1) else body[-3:],
                    ),
                    "an ISO 4217 code such as CNY or USD",
                )
            codes.append((code.upper(), code.upper()))
            body = (match.group(2) if match.group(1) else match.group(3)).strip()
    return body, codes


def _boundary(word: str, neighbour: str) -> bool:
    """An alphabetic currency word must not run into more letters (rmb500, not rmbx)."""
    return not (word[-1].isascii() and word[-1].isalpha() and neighbour.isalpha())


def _number(body: str, currency: str) -> Decimal:
    if not body:
        raise AmountProblem(NOT_AN_AMOUNT, EXAMPLE)
    body = re.sub(r"(?<=[毛角分])钱$", "", body)  # 三毛钱
    lowered = body.lower()
    if _VAGUE.search(lowered):
        raise AmountProblem(
            Reason("reason_vague_amount"),
            "the amount as a number",
        )
    compound = re.fullmatch(
        r"(?:(?P<yuan>[^块元毛角分]+)[块元])?(?:(?P<jiao>[^块元毛角分]+)[毛角]?)?"
        r"(?:(?P<fen>[^块元毛角分]+)分)?",
        body,
    )
    if compound and re.search(r"[块元毛角分]", body) and any(compound.groups()):
        return _yuan_jiao_fen(compound, body, currency)
    magnitude = re.fullmatch(
        r"(?P<n>[\d.,' ]+?)\s*(?P<mag>十万|百万|千万|[万萬千百亿億]|k|thousand|million|mn)",
        lowered,
    )
    if magnitude:
        base = _digits(magnitude.group("n").strip(), currency)
        return _checked(base * _MAGNITUDES[magnitude.group("mag")], body)
    if any(char in _ZH_NUMERALS for char in body):
        return _checked(_chinese(body), body)
    return _digits(body, currency)


def _yuan_jiao_fen(match: re.Match[str], body: str, currency: str) -> Decimal:
    """5块5, 3块2毛, 8毛, 五块五毛: yuan, then tenths (毛/角), then hundredths (分)."""
    total = Decimal(0)
    for group, scale in (("yuan", 1), ("jiao", Decimal("0.1")), ("fen", Decimal("0.01"))):
        part = match.group(group)
        if not part:
            continue
        value = _chinese(part) if any(c in _ZH_NUMERALS for c in part) else _digits(part, currency)
        if scale != 1 and (value != int(value) or value > 9):
            raise AmountProblem(NOT_AN_AMOUNT, EXAMPLE)
        total += value * scale
    return _checked(total, body)


def _chinese(text: str) -> Decimal:
    """Chinese numerals, with Arabic digits mixed in (1万2, 2万5千), via cn2an."""
    import cn2an  # about 0.1 s to import: only here, when Chinese numerals were typed

    if not re.fullmatch(rf"[\d{_ZH_NUMERALS}点.]+", text):
        raise AmountProblem(NOT_AN_AMOUNT, EXAMPLE)
    if re.search(r"\d{16,}", text) or len(text) > 30:
        raise AmountProblem(_too_many(), _too_many_accepted())
    spelled = re.sub(r"\d+", lambda m: str(cn2an.an2cn(m.group(0))), text)
    spelled = spelled.replace("两", "二").replace("俩", "二").replace("〇", "零").replace(".", "点")
    try:
        value = cn2an.cn2an(spelled, "normal")
    except (ValueError, KeyError, IndexError, TypeError, ArithmeticError):
        raise AmountProblem(NOT_AN_AMOUNT, EXAMPLE) from None
    if not isinstance(value, (int, float)) or abs(value) >= 10**MAX_INTEGER_DIGITS:
        raise AmountProblem(_too_many(), _too_many_accepted())
    return Decimal(str(value))


def _too_many() -> Reason:
    return Reason("reason_too_many_digits", integer=MAX_INTEGER_DIGITS, decimals=MAX_DECIMALS)


def _too_many_accepted() -> Reason:
    return Reason("accepted_amount_as_shown")


def _checked(value: Decimal, written: str) -> Decimal:
    _, digits, exponent = value.normalize().as_tuple()
    assert isinstance(exponent, int)
    integer_digits = max(len(digits) + exponent, 0)
    decimals = max(-exponent, 0)
    if integer_digits > MAX_INTEGER_DIGITS or decimals > MAX_DECIMALS:
        raise AmountProblem(_too_many(), _too_many_accepted())
    return value


def _grouped(integer: str, separator: str) -> bool:
    return bool(re.fullmatch(rf"[1-9]\d{{0,2}}(?:{re.escape(separator)}\d{{3}})+", integer))


def _digits(text: str, currency: str) -> Decimal:
    """Digits with thousands separators and a decimal point or comma, read by position."""
    text = text.replace("’", "'")
    if not re.fullmatch(r"[\d.,' ]*\d[\d.,' ]*|[\d.,' ]*\d", text) or not text[-1].isdigit():
        raise AmountProblem(NOT_AN_AMOUNT, EXAMPLE)
    spacers = {char for char in text if char in " '"}
    if len(spacers) > 1:
        raise AmountProblem(NOT_AN_AMOUNT, EXAMPLE)
    if spacers:
        spacer = spacers.pop()
        match = re.fullmatch(rf"([\d{re.escape(spacer)}]+)(?:[.,](\d+))?", text)
        if not match or not _grouped(match.group(1), spacer):
            raise AmountProblem(NOT_AN_AMOUNT, EXAMPLE)
        return _decimal(match.group(1).replace(spacer, ""), match.group(2) or "")
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        last = max(text.rfind("."), text.rfind(","))
        point, thousands = text[last], "," if text[last] == "." else "."
        integer, fraction = text[:last], text[last + 1 :]
        if point in integer or not _grouped(integer, thousands):
            raise AmountProblem(NOT_AN_AMOUNT, EXAMPLE)
        return _decimal(integer.replace(thousands, ""), fraction)
    if not dots and not commas:
        return _decimal(text, "")
    separator = "." if dots else ","
    if dots + commas > 1:
        if not _grouped(text, separator):
            raise AmountProblem(NOT_AN_AMOUNT, EXAMPLE)
        return _decimal(text.replace(separator, ""), "")
    integer, fraction = text.split(separator)
    if len(fraction) == 3 and _grouped(text, separator):
        if separator == ",":
            return _decimal(integer + fraction, "")
        if MINOR_UNITS.get(currency, 2) != 3:
            raise AmountProblem(
                Reason(
                    "reason_ambiguous_amount",
                    written=text,
                    whole=f"{integer}{fraction}",
                    decimal=f"{integer}.{fraction[:2]}",
                ),
                "the amount without a thousands separator",
            )
    return _decimal(integer or "0", fraction)


def _decimal(integer: str, fraction: str) -> Decimal:
    integer = integer.lstrip("0") or "0"
    if len(integer) > MAX_INTEGER_DIGITS or len(fraction.rstrip("0")) > MAX_DECIMALS:
        raise AmountProblem(_too_many(), _too_many_accepted())
    try:
        return Decimal(f"{integer}.{fraction}" if fraction else integer)
    except InvalidOperation:  # pragma: no cover - only digits reach here
        raise AmountProblem(NOT_AN_AMOUNT, EXAMPLE) from None


def plain(value: Decimal, currency: str) -> str:
    """Plain decimal text: every digit kept, padded to the currency's minor unit, no exponent."""
    with localcontext() as context:
        context.prec = MAX_INTEGER_DIGITS + MAX_DECIMALS + 5
        text = format(value.normalize(), "f")
    integer, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0").ljust(MINOR_UNITS.get(currency, 2), "0")
    return f"{integer}.{fraction}" if fraction else integer


# --- "did you mean" -------------------------------------------------------------------------

# Syllables a pinyin keyboard offers the same characters for: each group holds characters of
# the words above and the common ones typed in their place (50快 for 50块, 100原 for 100元).
_SAME_SOUND_GROUPS = (
    "元原园员源远院圆",
    "块快筷",
    "钱前浅签",
    "美没每妹",
    "港岗刚钢",
    "币必比毕闭",
    "万完晚玩",
    "千前签",
    "百白败摆",
    "毛猫帽",
    "角脚较叫",
    "分份粉",
    "镑磅棒榜",
    "欧偶",
    "金今斤进",
    "亿一已以",
)


@cache
def _amount_words() -> frozenset[str]:
    """Every English word this module reads (currency words, codes, magnitudes), lower case."""
    text = " ".join([*CURRENCY_WORDS, *ISO_4217, *_MAGNITUDES, _NOISE.pattern, _VAGUE.pattern])
    text = re.sub(r"\\[a-zA-Z]", " ", text.lower())
    return frozenset(re.findall(r"[a-z]+", text))


@cache
def _same_sound() -> dict[str, str]:
    """Each character of a group -> the group's characters that the words above use."""
    known = "".join([*CURRENCY_WORDS, *UNIT_WORDS, _ZH_NUMERALS, *_MAGNITUDES, "毛角分钱"])
    from okhelp.util.suggest import same_sound_table

    return same_sound_table(_SAME_SOUND_GROUPS, known)


def suggestion(text: str, default_currency: str) -> str | None:
    """The amount with its typing mistakes corrected (100 yaun, usd1OO, 50快), when that
    corrected text is an amount this module reads; None when nothing close enough is."""
    from okhelp.util.suggest import corrected_phrase

    def reads(candidate: str) -> bool:
        try:
            parse(candidate, default_currency)
        except AmountProblem:
            return False
        return True

    if len(text) > MAX_TEXT:
        return None
    return corrected_phrase(text, _amount_words(), reads, same_sound=_same_sound())

"""Contact details in guide text: the fake-hotline pattern, refused wherever a guide is read.

A guide names contact channels only through ``{channels}``, which the configuration fills in.
A phone number, web address, e-mail address or messenger handle written into a guide is exactly
what scammers plant ("the official hotline is ..."), so ``guides check`` refuses it and the
catalogue skips a guide that carries one. Hand-written patterns: they must see through the ways
such details are disguised in two languages (full-width digits, spaced digits, Chinese numerals,
``hxxp``, ``[.]``, ``[at]``, ``点com``), which no library does for prose.
"""

from __future__ import annotations

import re
import unicodedata

# Public emergency numbers a guide may state as facts (police, the anti-fraud hotline): the one
# place such numbers are allowed. Anything else that looks like a number to call is refused.
ALLOWED_PUBLIC_NUMBERS = frozenset({"110", "96110"})

_DIGIT_WORDS = {
    "zero": "0",
    "oh": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
_CHINESE_DIGITS = {
    "〇": "0",
    "零": "0",
    "洞": "0",
    "一": "1",
    "幺": "1",
    "二": "2",
    "两": "2",
    "兩": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
    # the formal numerals of cheques and receipts (大写)
    "壹": "1",
    "贰": "2",
    "貳": "2",
    "叁": "3",
    "參": "3",
    "肆": "4",
    "伍": "5",
    "陆": "6",
    "陸": "6",
    "柒": "7",
    "捌": "8",
    "玖": "9",
}
_CN_DIGITS = "".join(_CHINESE_DIGITS)
_CN_RUN = re.compile(rf"[{_CN_DIGITS}](?:[\s-]?[{_CN_DIGITS}]){{4,}}")
_WORD_RUN = re.compile(
    r"\b(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
    r"(?:[\s-]+(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)){4,}\b",
    re.I,
)
# Letters that stand in for digits inside a number ("4OO-82O"): a word of digits and O, o, I, l.
_LOOKALIKE = re.compile(r"(?<![A-Za-z0-9])(?=[OoIl]*\d)[0-9OoIl]+(?![A-Za-z0-9])")
_LOOKALIKE_MAP = str.maketrans("OoIl", "0011")

_DOT = re.compile(
    r"\s*[\[({<]\s*(?:\.|dot|点|點)\s*[\])}>]\s*"
    r"|(?<=[A-Za-z0-9])\s+dot\s+(?=[A-Za-z0-9])"
    r"|(?<=[A-Za-z0-9])\s*(?:点|點|。)\s*(?=[A-Za-z])",
    re.I,
)
_AT = re.compile(
    r"\s*[\[({<]\s*(?:at|@|艾特)\s*[\])}>]\s*"
    r"|(?<=[A-Za-z0-9])\s+at\s+(?=[A-Za-z0-9][A-Za-z0-9-]*\.[A-Za-z])"
    r"|\s*(?:艾特|圈a)\s*",
    re.I,
)
_SCHEME = re.compile(r"\b(?:h[tx*]{2}ps?|ftp|wss?)\s*:\s*/\s*/\S*", re.I)
_TLDS = (
    "com|net|org|info|biz|io|co|me|cc|tv|top|xyz|vip|shop|site|online|app|link|club|live|pro"
    "|wang|ltd|store|tech|fun|icu|cn|hk|tw|mo|jp|kr|sg|my|us|uk|ru|de|fr|ly|gl|to|ai|la|ws"
    "|help|dev|page|support|service|services|center|pay|money|bank|finance|cloud|work|click"
    "|中国|中國|公司|网络|網絡"
)
_DOMAIN = re.compile(
    r"(?<![A-Za-z0-9.@-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    rf"(?:{_TLDS})(?![A-Za-z0-9-])(?:[/:?#]\S*)?",
    re.I,
)
_WWW = re.compile(r"\bwww\.[A-Za-z0-9-]", re.I)
_PATH_URL = re.compile(r"(?<![\w.-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/[\w/?=&%.-]+")
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_HANDLE_AT = re.compile(r"(?<![\w.@])@[A-Za-z][A-Za-z0-9_.]{3,31}")
_MESSENGERS = (
    r"微信|威信|薇信|徽信|v信|vx|wx|wechat|weixin|qq|telegram|tg|whatsapp|skype"
    r"|kakao(?:talk)?|viber|纸飞机|紙飛機|電報|电报"
)
# Everyday words that are also messenger names: only "LINE ID: ..." and the like count.
_COMMON_WORDS = r"line|signal|messenger|飞机|飛機"
_LABELLED_HANDLE = re.compile(
    rf"(?<![A-Za-z])(?:{_MESSENGERS}|{_COMMON_WORDS})(?![A-Za-z])\s*"
    r"(?P<marker>(?:号码|號碼|号|號|id|账号|帳號|帐号|群号?|group|account|handle|user(?:name)?)"
    r"?\s*(?:是|为|為|:|搜索|搜|加|add|search(?: for)?)?)\s*"
    r"(?P<handle>[A-Za-z0-9][A-Za-z0-9_.-]{3,31})",
    re.I,
)
# An account name as messengers hand them out: letters and an underscore ending in digits
# (okpay_kefu001), letters then three digits or more (kefu001), or a WeChat wxid_. A plain
# snake_case word (in_app_chat) is not one.
_HANDLE = re.compile(
    r"(?<![A-Za-z0-9_-])(?:wxid_[A-Za-z0-9_]+|[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*_[A-Za-z]*\d+"
    r"|[A-Za-z]{3,}\d{3,})(?![A-Za-z0-9_-])"
)
_MESSENGER_NAME = re.compile(rf"(?<![A-Za-z])(?:{_MESSENGERS})(?![A-Za-z])", re.I)
_HANDLE_NEAR = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_.-]*[\d_][A-Za-z0-9_.-]*(?![A-Za-z0-9_])")
# Digits in groups joined by spaces, hyphens, dots or brackets, as numbers to call are written.
_NUMBER = re.compile(r"\+?\(?\d(?:[\s.()/·-]{0,3}\d)*")
_DATE = re.compile(r"(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d\d")
_CALL = re.compile(
    r"(?:call|dial|phone|ring|tel|telephone|hotline|text|sms|whatsapp|fax|number|no\.)"
    r"|拨打|撥打|致电|致電|来电|來電|电话|電話|热线|熱線|号码|號碼|打给|打給|短信|简讯|簡訊|拨|撥",
    re.I,
)


def _normalise(text: str) -> str:
    """The text as matched: NFKC (full-width digits and letters ASCII), invisible characters
    dropped, every dash '-', every space ' ', disguised dots and at-signs undone."""
    result = text
    if not text.isascii():
        chars = []
        for char in unicodedata.normalize("NFKC", text):
            if char < "\x80":
                chars.append(char)
                continue
            category = unicodedata.category(char)
            if category in ("Cf", "Mn", "Me"):
                continue
            if category == "Pd" or char == "\u2212":
                chars.append("-")
            elif category[0] == "Z":
                chars.append(" ")
            else:
                chars.append(char)
        result = _CN_RUN.sub(
            lambda m: "".join(_CHINESE_DIGITS.get(c, c) for c in m.group(0)), "".join(chars)
        )
    result = _WORD_RUN.sub(
        lambda m: "".join(_DIGIT_WORDS[w.lower()] for w in re.split(r"[\s-]+", m.group(0))),
        result,
    )
    result = _LOOKALIKE.sub(lambda m: m.group(0).translate(_LOOKALIKE_MAP), result)
    result = _DOT.sub(".", result)
    return _AT.sub("@", result)


def _phone(text: str) -> str | None:
    """A number to call: 7 digits or more (not a decimal amount), 5 or more not written with
    dots (a short hotline such as 95xxx), or 3 or more right after "call", "拨打", "热线" and the
    like; dates and the allowed public numbers are not."""
    for match in _NUMBER.finditer(_DATE.sub(" ", text)):
        found = match.group(0).rstrip(" .()-")
        digits = re.sub(r"\D", "", found)
        if digits in ALLOWED_PUBLIC_NUMBERS:
            continue
        decimal = re.fullmatch(r"\d+\.\d+", found) is not None
        if len(digits) >= 7 and not decimal:
            return found
        if len(digits) >= 5 and "." not in found:
            return found
        before = text[max(0, match.start() - 16) : match.start()]
        if len(digits) >= 3 and _CALL.search(before):
            return found
    return None


def contact_detail(text: str) -> tuple[str, str] | None:
    """(kind, what was found) for the first contact detail in ``text``; None when it has none.

    Kinds: ``phone number``, ``web address``, ``e-mail address``, ``messenger handle``. A public
    emergency number of :data:`ALLOWED_PUBLIC_NUMBERS` is not one.
    """
    norm = _normalise(text)
    for kind, pattern in (
        ("e-mail address", _EMAIL),
        ("web address", _SCHEME),
        ("web address", _WWW),
        ("web address", _PATH_URL),
        ("web address", _DOMAIN),
        ("messenger handle", _HANDLE_AT),
        ("messenger handle", _HANDLE),
    ):
        match = pattern.search(norm)
        if match:
            return kind, match.group(0)
    for labelled in _LABELLED_HANDLE.finditer(norm):
        handle = labelled.group("handle")
        marked = labelled.group("marker").strip() != ""
        if re.search(r"[\d_]", handle) or (marked and len(handle) >= 5):
            return "messenger handle", handle
    if _MESSENGER_NAME.search(norm):
        near = next(
            (m for m in _HANDLE_NEAR.finditer(norm) if re.search(r"[A-Za-z]", m.group(0))), None
        )
        if near is not None and len(near.group(0)) >= 4:
            return "messenger handle", near.group(0)
    phone = _phone(norm)
    if phone is not None:
        return "phone number", phone
    return None

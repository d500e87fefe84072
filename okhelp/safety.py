"""What a guide may never ask for: passwords, PINs, one-time codes, card numbers, keys.

Hand-written word lists: they are about this product's own rules (what support never asks for),
which no library knows.
"""

from __future__ import annotations

import itertools
import re

_SECRET_TOKENS = {
    "password": "password",
    "passwd": "password",
    "pwd": "password",
    "passcode": "password",
    "passphrase": "password",
    "pin": "pin",
    "otp": "one_time_code",
    "totp": "one_time_code",
    "cvv": "cvv",
    "cvv2": "cvv",
    "cvc": "cvv",
    "mnemonic": "seed_phrase",
    "seed": "seed_phrase",
    "secret": "password",
}
_SECRET_PAIRS = {
    ("sms", "code"): "one_time_code",
    ("verification", "code"): "one_time_code",
    ("verify", "code"): "one_time_code",
    ("auth", "code"): "one_time_code",
    ("security", "code"): "cvv",
    ("one", "time"): "one_time_code",
    ("card", "number"): "card_number",
    ("card", "no"): "card_number",
    ("card", "num"): "card_number",
    ("private", "key"): "private_key",
    ("remote", "access"): "remote_access",
    ("remote", "control"): "remote_access",
    ("screen", "share"): "remote_access",
}

_TEXT_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("password", re.compile(r"pass\s*word|passcode|密码|口令", re.I)),
    ("pin", re.compile(r"\bPIN\b")),
    (
        "one_time_code",
        re.compile(
            r"one[-\s]?time\s+(pass)?code|\bOTP\b|sms\s+code|verification\s+code|验证码|动态码|校验码",
            re.I,
        ),
    ),
    ("card_number", re.compile(r"card\s+number|卡号", re.I)),
    ("cvv", re.compile(r"\bCVV2?\b|\bCVC\b|安全码", re.I)),
    ("seed_phrase", re.compile(r"seed\s+phrase|recovery\s+phrase|mnemonic|助记词", re.I)),
    ("private_key", re.compile(r"private\s+key|私钥", re.I)),
    ("remote_access", re.compile(r"remote\s+(access|control)|screen\s+shar|远程|屏幕共享", re.I)),
]
_NEGATION = re.compile(
    r"\b(never|not|don't|do not|without|no one)\b|不要|切勿|勿|别|不会|绝不|无需|不需要|不用", re.I
)


def forbidden_field(name: str) -> str | None:
    """The kind of secret a field name stands for (``x-sms-code`` -> one_time_code), if any."""
    tokens = [t for t in re.split(r"[-_\s]+", name.lower()) if t and t != "x"]
    for token in tokens:
        if token in _SECRET_TOKENS:
            return _SECRET_TOKENS[token]
    for pair in itertools.pairwise(tokens):
        if pair in _SECRET_PAIRS:
            return _SECRET_PAIRS[pair]
    if tokens == ["code"]:
        return "one_time_code"
    return None


def asks_for_secret(text: str) -> str | None:
    """The secret a question seems to ask for; None when it names one only to warn against it."""
    if _NEGATION.search(text):
        return None
    for kind, pattern in _TEXT_PATTERNS:
        if pattern.search(text):
            return kind
    return None


# --- Redaction of secrets that slip into free text -------------------------------------------

_CARD = re.compile(r"(?<![\dA-Za-z])\d(?:[ -]?\d){12,18}(?![\dA-Za-z])")
_OTP_AFTER = re.compile(
    r"(验证码|动态码|校验码|短信码|动态口令|一次性密码|"
    r"\b(?:sms|otp|verification|security|one[- ]time)?\s*code\b|\bOTP\b)"
    r"(\s*(?:是|为|:|：|=|is|was)?\s*)(\d{4,8})(?!\d)",
    re.I,
)
_OTP_BEFORE = re.compile(
    r"(?<!\d)(\d{4,8})(\s*(?:是|为)?\s*(?:我的|短信)?(?:验证码|动态码|校验码))"
)
_PASSWORD = re.compile(
    r"((?:支付|登录|交易)?密码|口令|\bpass(?:word|wd|code)?\b|\bpwd\b)"
    r"(\s*(?:是|为|:|：|=|is|was)\s*|\s*)([^\s，。,;；、)）]{3,64})",
    re.I,
)
_PIN = re.compile(r"(\bPIN\b(?:\s*码)?|PIN码)(\s*(?:是|为|:|：|=|is|was)?\s*)(\d{4,8})(?!\d)", re.I)
_HEX_KEY = re.compile(r"(?<![0-9A-Za-z])(?:0x)?[0-9a-fA-F]{64}(?![0-9A-Za-z])")
_WIF_KEY = re.compile(r"(?<![0-9A-Za-z])[5KL][1-9A-HJ-NP-Za-km-z]{50,51}(?![0-9A-Za-z])")
_PEM_KEY = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)", re.S
)
_WORD_RUN = re.compile(r"(?<![A-Za-z])(?:[a-z]{3,8}[\s,]+){11,}[a-z]{3,8}(?![A-Za-z])")
_PASSWORD_FALSE = re.compile(
    r"^(?:了|忘|错|不|吗|呢|被|都|也|重置|找回|修改|设置|改|错误|忘记|reset|forgot|wrong)", re.I
)


def luhn_valid(digits: str) -> bool:
    """The check card numbers pass (and most other long digit strings do not)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char)
        if index % 2:
            number = number * 2 - 9 if number > 4 else number * 2
        total += number
    return total % 10 == 0


def _bip39_words() -> frozenset[str]:
    from importlib import resources

    text = resources.files("mnemonic").joinpath("wordlist/english.txt").read_text(encoding="utf-8")
    return frozenset(text.split())


def redact(text: str) -> tuple[str, dict[str, int]]:
    """Replace secrets in free text by ``[REDACTED:kind]``; return the text and counts by kind.

    Card numbers (Luhn-checked, with spaces or dashes), one-time codes and passwords / PINs next
    to their keywords, 12- or 24-word seed phrases (BIP39 words) and private keys.
    """
    counts: dict[str, int] = {}

    def mark(kind: str) -> str:
        counts[kind] = counts.get(kind, 0) + 1
        return f"[REDACTED:{kind}]"

    text = _PEM_KEY.sub(lambda m: mark("private_key"), text)
    text = _HEX_KEY.sub(lambda m: mark("private_key"), text)
    text = _WIF_KEY.sub(lambda m: mark("private_key"), text)

    def card(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group())
        return (
            mark("card_number") if 13 <= len(digits) <= 19 and luhn_valid(digits) else match.group()
        )

    text = _CARD.sub(card, text)
    text = _OTP_AFTER.sub(lambda m: m.group(1) + m.group(2) + mark("one_time_code"), text)
    text = _OTP_BEFORE.sub(lambda m: mark("one_time_code") + m.group(2), text)
    text = _PIN.sub(lambda m: m.group(1) + m.group(2) + mark("pin"), text)

    def password(match: re.Match[str]) -> str:
        value = match.group(3)
        if _PASSWORD_FALSE.match(value) or value.startswith("[REDACTED"):
            return match.group()
        if not match.group(2).strip() and not re.search(r"\d", value):
            return match.group()  # "password reset", "密码错误": no value follows
        return match.group(1) + match.group(2) + mark("password")

    text = _PASSWORD.sub(password, text)
    if _WORD_RUN.search(text):
        words = _bip39_words()

        def seed(match: re.Match[str]) -> str:
            run = re.split(r"[\s,]+", match.group())
            if len(run) in (12, 15, 18, 21, 24) and sum(w in words for w in run) >= len(run) - 1:
                return mark("seed_phrase")
            return match.group()

        text = _WORD_RUN.sub(seed, text)
    return text, counts

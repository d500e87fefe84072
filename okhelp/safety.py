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

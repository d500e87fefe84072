"""Showing untrusted text safely: control characters and escape codes named, never echoed."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def describe_char(char: str) -> str:
    """Name an invisible or dangerous character without writing it out."""
    return f"U+{ord(char):04X}"


def printable(text: str, limit: int = 60) -> str:
    """A version of untrusted text that is safe to echo in one line of an error."""
    shown = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text.replace("\n", "\\n"))
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def find_control(text: str) -> str | None:
    """The first control or bidirectional-override character in text, if any."""
    match = _CONTROL.search(text.replace("\n", ""))
    return match.group() if match else None

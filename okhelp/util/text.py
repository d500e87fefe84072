"""Showing untrusted text safely: control characters and escape codes named, never echoed.

Every string that did not come from okhelp's own code (typed by a user, read from a session,
summary, guide, answers or config file, a file name) passes through :func:`neutralise` before it
reaches a terminal, a pipe or a file meant for people, and through :func:`dumps_json` before it is
printed as JSON. Written by hand: the rule is a few lines over :mod:`unicodedata`, and no library
draws the line where a terminal needs it (C0, C1, DEL, bidi and other format characters).
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def describe_char(char: str) -> str:
    """Name an invisible or dangerous character without writing it out."""
    return f"U+{ord(char):04X}"


def is_unsafe_char(char: str) -> bool:
    """True for characters a terminal may act on or that hide or reorder text.

    C0 and C1 controls, DEL, and every format character (bidi overrides and isolates, zero-width
    joiners, soft hyphen, BOM, ...), plus the Unicode line and paragraph separators, and lone
    surrogates (what Python makes of bytes that are not UTF-8): no encoder can write those.
    """
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp")


def _escape(char: str) -> str:
    """The character as Python writes it in a string literal: ``\\x1b``, ``\\u202e``,
    ``\\U000e0001``."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


# Every character is_unsafe_char() refuses, plus tab and newline, lies in one of these ranges (a
# test walks all of Unicode to keep it so); the callback decides for each candidate, so the common
# case (nothing to escape) costs one regex scan instead of a Python loop over every character.
_CANDIDATE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u0600-\u070f\u0890-\u08e2\u180e\u200b-\u206f\ud800-\udfff"
    "\ufeff\ufff9-\ufffb\U00010000-\U0010ffff]"
)


def neutralise(text: str, *, keep_newlines: bool = True, keep_tabs: bool = False) -> str:
    """Untrusted text made inert for a terminal: unsafe characters shown as ``\\x1b``, ``\\u202e``.

    Newlines are kept (or shown as ``\\n`` when ``keep_newlines`` is false); tabs become a space
    (or are kept with ``keep_tabs``, for tab-separated output). Nothing that could move the
    cursor, change colours, set the window title or the clipboard, or reorder the line survives.
    The result is the same text when nothing was unsafe, and neutralising twice changes nothing.
    """

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        if char == "\n":
            return "\n" if keep_newlines else "\\n"
        if char == "\t":
            return "\t" if keep_tabs else " "
        return _escape(char) if is_unsafe_char(char) else char

    return _CANDIDATE.sub(replace, text)


def neutralise_data(data: Any) -> Any:
    """A copy of JSON-like data (a summary record, a row) with every string, keys included,
    neutralised; numbers, booleans and None unchanged."""
    if isinstance(data, str):
        return neutralise(data)
    if isinstance(data, dict):
        return {neutralise_data(key): neutralise_data(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [neutralise_data(item) for item in data]
    return data


def one_line(text: str, limit: int = 0) -> str:
    """Untrusted text as one inert line, cut to ``limit`` characters (0: no limit)."""
    shown = neutralise(text, keep_newlines=False)
    return shown if not limit or len(shown) <= limit else shown[: limit - 1] + "…"


def value_kind(value: Any, *, none: str = "null") -> str:
    """What kind of value a file held where another was expected, in words for an error
    ("expected a list, got a mapping"); never the value itself, which may be hostile."""
    if value is None:
        return none
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def printable(text: str, limit: int = 60) -> str:
    """A version of untrusted text that is safe to echo in one line of an error."""
    return one_line(text, limit)


# Undecodable input as Python hands it over: a lone surrogate (argv, environment, a terminal or a
# JSON ``\\udcff`` escape; U+DC80-U+DCFF stand for the bytes 0x80-0xFF that were not UTF-8), or
# U+FFFD, the replacement character a decoder leaves where bytes were not text.
_UNDECODABLE = re.compile("[\ud800-\udfff\ufffd]")
UNDECODABLE = "is not valid UTF-8 text"


def find_undecodable(text: str) -> str | None:
    """The first character in text that stands for bytes that were not UTF-8, if any."""
    match = _UNDECODABLE.search(text)
    return match.group() if match else None


def describe_undecodable(char: str) -> str:
    """The byte a surrogate-escaped character stands for (``byte 0xff``), else its code point."""
    code = ord(char)
    return f"byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else describe_char(char)


def undecodable_problem(text: str) -> str | None:
    """``is not valid UTF-8 text (byte 0xff)`` when text holds undecodable input, else None;
    the one wording every boundary uses."""
    bad = find_undecodable(text)
    return None if bad is None else f"{UNDECODABLE} ({describe_undecodable(bad)})"


def find_undecodable_data(data: Any) -> str | None:
    """:func:`undecodable_problem` for the first string (key or value) in JSON-like data."""
    if isinstance(data, str):
        return undecodable_problem(data)
    items = data.items() if isinstance(data, dict) else data if isinstance(data, list) else ()
    for item in items:
        for part in item if isinstance(data, dict) else (item,):
            problem = find_undecodable_data(part)
            if problem:
                return problem
    return None


# What JSON text must hold for a decoded string to be undecodable: a surrogate or U+FFFD escape,
# or U+FFFD itself; any other text needs no walk over the data it decodes to.
_JSON_UNDECODABLE = re.compile(r"\\u[dD][89a-fA-F]|\\u[fF]{3}[dD]|\ufffd")


def json_undecodable(text: str, data: Any) -> str | None:
    """:func:`find_undecodable_data` for data decoded from JSON ``text``, walking it only when
    the text holds an escape that could stand for undecodable input."""
    return find_undecodable_data(data) if _JSON_UNDECODABLE.search(text) else None


def find_control(text: str) -> str | None:
    """The first control or bidirectional-override character in text, if any."""
    match = _CONTROL.search(text.replace("\n", ""))
    return match.group() if match else None


# Every character is_unsafe_char() refuses lies in one of these ranges (a test walks all of
# Unicode to keep it so); the callback decides for each candidate.
_JSON_CANDIDATE = re.compile(
    "[\x7f-\x9f\u00ad\u0600-\u070f\u0890-\u08e2\u180e\u200b-\u206f\ud800-\udfff\ufeff"
    "\ufff9-\ufffb\U00010000-\U0010ffff]"
)


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    if not is_unsafe_char(char):
        return char
    if ord(char) > 0xFFFF:
        high, low = divmod(ord(char) - 0x10000, 0x400)
        return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"
    return f"\\u{ord(char):04x}"


def dumps_json(data: Any, *, indent: int | None = 2, ascii_only: bool = False) -> str:
    """JSON that is safe to print to a terminal: non-ASCII kept readable, except that C1
    controls, DEL and format characters are written as ``\\uXXXX`` (C0 already are).
    ``ascii_only`` escapes every non-ASCII character too, for a stream that is not UTF-8."""
    text = json.dumps(data, ensure_ascii=ascii_only, indent=indent)
    return _JSON_CANDIDATE.sub(_json_escape, text)

"""Strings written to make a terminal act, and how to tell whether any of them got through.

Shared by the render tests: the attacks, ways to plant them in every string of a summary record or
a session file, and the checks run on what okhelp wrote to a pipe or a pseudo-terminal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from okhelp.util.text import is_unsafe_char

ATTACKS: dict[str, str] = {
    "osc0-title": "\x1b]0;owned-title\x07",
    "osc52-clipboard": "\x1b]52;c;cm0gLXJmIH4=\x1b\\",
    "cursor-up-erase": "\x1b[1A\x1b[2K",
    "hidden": "\x1b[8mHIDDEN-TX\x1b[0m",
    "c1-csi": "\x9b2J\x9d0;c1-title\x9c",
    "bidi-override": "abc\u202edcba\u202c",
    "bidi-isolates": "\u2066lri\u2069\u2067rli\u2069\u2068fsi\u2069\u061calm",
    "bell": "ding\x07",
    "carriage-return": "good\rEVIL",
    "osc8-link": "\x1b]8;;https://evil.example/x\x1b\\click\x1b]8;;\x1b\\",
    "zero-width": "a\u200bb\u200cc\u200dd\u2060e\ufeff f\u00adg",
    "backspace-del": "abc\x08\x08\x08xyz\x7f",
    "line-separators": "one\u2028two\u2029three",
    "nul": "nul\x00byte",
}
PAYLOAD = "".join(ATTACKS.values())
# A file name cannot hold NUL or '/'; everything else a terminal could act on, it can.
NAME_PAYLOAD = "".join(v for k, v in ATTACKS.items() if k not in ("nul", "osc8-link")) + (
    "\x1b]8;;x\x1b\\l\x1b]8;;\x1b\\"
)

# How the data's ESC[8m (hidden text) must show: escaped, visible, in each rendering.
SHOWN_HIDDEN = {
    "text": re.compile(r"\\x1b\[8mHIDDEN-TX"),
    "markdown": re.compile(r"\\+x1b\\*\[8mHIDDEN\\*-TX"),
    "json": re.compile(r"\\u001b\[8mHIDDEN-TX"),
}

# Where a summary record keeps free text: what a schema cannot refuse for its content.
FREE_TEXT_PATHS = (
    ("description",),
    ("incident", "error_message"),
    ("incident", "transaction_id"),
    ("incident", "occurred_at_text"),
    ("environment", "device"),
    ("environment", "app_version"),
    ("account", "id"),
    ("guide", "title"),
    ("tool", "version"),
    ("steps_tried", "*", "action"),
    ("transcript", "*", "question"),
    ("transcript", "*", "answer"),
    ("contact_channels", "*", "detail"),
)


def _matches(path: tuple[Any, ...], pattern: tuple[str, ...]) -> bool:
    return len(path) == len(pattern) and all(
        want in ("*", got) for got, want in zip(path, pattern, strict=True)
    )


def plant(
    data: Any,
    where: Callable[[tuple[Any, ...]], bool],
    payload: str = PAYLOAD,
    path: tuple[Any, ...] = (),
) -> Any:
    """A copy of JSON-like data with ``payload`` appended to every string whose path ``where``
    accepts (the original stays in front, so ids still look like ids)."""
    if isinstance(data, str):
        return data + payload if where(path) else data
    if isinstance(data, dict):
        return {key: plant(value, where, payload, (*path, key)) for key, value in data.items()}
    if isinstance(data, list):
        return [plant(item, where, payload, (*path, index)) for index, item in enumerate(data)]
    return data


def every_string_but_schema(path: tuple[Any, ...]) -> bool:
    return path != ("schema",)


def free_text(path: tuple[Any, ...]) -> bool:
    return any(_matches(path, pattern) for pattern in FREE_TEXT_PATHS)


def fill_free_text(record: dict[str, Any]) -> dict[str, Any]:
    """Give the optional free-text fields of a summary record a value (where the record has
    them), and one redaction entry, so that every field carries the payload once planted."""
    filled: dict[str, Any] = dict(record)
    for section, key, value in (
        ("incident", "error_message", "E50012 timeout"),
        ("environment", "device", "Pixel 8"),
        ("environment", "app_version", "5.2.1"),
    ):
        if isinstance(filled.get(section), dict) and filled[section].get(key) is None:
            filled[section] = {**filled[section], key: value}
    if isinstance(filled.get("redactions"), list):
        filled["redactions"] = [
            *filled["redactions"],
            {"field": "description", "kind": "card_number", "count": 1},
        ]
    return filled


def unsafe_chars(text: str, allowed: str = "\n") -> list[str]:
    """Characters a terminal could act on, other than ``allowed`` layout characters."""
    return [char for char in text if char not in allowed and is_unsafe_char(char)]


_CSI = re.compile(r"\x1b\[([0-9;:?]*)([\x20-\x2f]*)([\x40-\x7e])")


def terminal_problems(raw: bytes) -> list[str]:
    """What is wrong with bytes a terminal received: anything but UTF-8 text, newlines, tabs
    and rich's own colour (SGR) sequences; and no SGR that hides text (8, conceal)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [f"not UTF-8: {exc}"]
    found: list[str] = []

    def check(match: re.Match[str]) -> str:
        params, intermediate, final = match.groups()
        if final != "m" or intermediate or "?" in params:
            found.append(f"not a colour sequence: {match.group()!r}")
            return ""
        numbers = [int(n) if n else 0 for n in re.split("[;:]", params)] if params else [0]
        index = 0
        while index < len(numbers):
            if numbers[index] in (38, 48, 58):  # extended colour: skip its arguments
                index += 5 if numbers[index + 1 : index + 2] == [2] else 3
                continue
            if numbers[index] == 8:
                found.append(f"conceal (hidden text): {match.group()!r}")
            index += 1
        return ""

    rest = _CSI.sub(check, text).replace("\r\n", "\n")
    found += [f"raw {char!r}" for char in unsafe_chars(rest, allowed="\n\t")]
    return found

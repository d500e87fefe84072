"""The neutraliser every untrusted string passes through before it is shown."""

from __future__ import annotations

import json
import unicodedata

import pytest

from okhelp.util.text import dumps_json, is_unsafe_char, neutralise, one_line

HOSTILE = [
    "\x1b]0;owned\x07",  # OSC 0: window title
    "\x1b]52;c;cm0gLXJmIH4=\x1b\\",  # OSC 52: clipboard
    "\x1b[1A\x1b[2K",  # cursor up, erase line
    "\x1b[8mhidden\x1b[0m",
    "\x9b31m",  # C1 CSI
    "abc\u202edcba",  # right-to-left override
    "a\u2066b\u2069",
    "x\u200by\u00adz\ufeff",
    "over\rwrite",
    "bell\x07",
    "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_neutralise_leaves_nothing_a_terminal_acts_on(text: str) -> None:
    shown = neutralise(text)
    assert not any(is_unsafe_char(c) for c in shown)
    assert "\\x1b" in shown or "\\u" in shown or "\\x" in shown


def test_neutralise_keeps_readable_text() -> None:
    assert neutralise("充值 120.50 元\n第二行") == "充值 120.50 元\n第二行"
    assert one_line("a\nb\tc") == "a\\nb c"
    assert one_line("x" * 10, 5) == "xxxx…"


def test_every_unsafe_character_is_escaped_in_json() -> None:
    unsafe = "".join(
        chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and is_unsafe_char(chr(c))
    )
    text = dumps_json({"v": unsafe, "zh": "中文"})
    assert not any(is_unsafe_char(c) for c in text if c != "\n")
    assert json.loads(text) == {"v": unsafe, "zh": "中文"}
    assert "中文" in text


def test_categories_cover_bidi_and_format_characters() -> None:
    for char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c":
        assert unicodedata.category(char) == "Cf"
        assert is_unsafe_char(char)

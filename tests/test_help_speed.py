"""Start-up work moved out of the way stays correct: the plain keyword scan in search, and the
redaction patterns compiled on first use (the timings themselves are in benchmarks/)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from okhelp.search import _contains


def _by_regex(text: str, phrase: str) -> bool:
    """What the scan replaced: a whole-word regex for an English phrase."""
    if not phrase:
        return False
    if phrase.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", text) is not None
    return len(phrase) >= 2 and phrase in text


ALPHABET = "ab1 -'é充值x"


@given(st.text(ALPHABET, max_size=30), st.text(ALPHABET, max_size=6))
def test_the_keyword_scan_finds_exactly_what_the_regex_found(text: str, phrase: str) -> None:
    assert _contains(text, phrase) == _by_regex(text, phrase)


def test_the_keyword_scan_on_real_phrases() -> None:
    text = " my top up has not arrived, top-up2 and 充值 pending "
    assert _contains(text, "top up")
    assert _contains(text, "pending")
    assert _contains(text, "top")  # "top up" and "top-up2": a word before a space or a hyphen
    assert not _contains(text, "arrive")  # only part of a longer word
    assert not _contains(text, "op")  # inside "top"
    assert not _contains(text, "p2")  # glued to a letter before it
    assert _contains(text, "充值")
    assert not _contains(text, "充")  # one Chinese character is too little


def test_redaction_patterns_are_compiled_only_when_something_is_redacted() -> None:
    probe = (
        "import json, okhelp.safety as s\n"
        "before = s._compiled.cache_info().currsize\n"
        "s.free_text_problem('充值没到账')\n"
        "middle = s._compiled.cache_info().currsize\n"
        "text, counts = s.redact('my password is hunter22')\n"
        "print(json.dumps([before, middle, s._compiled.cache_info().currsize, counts]))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    before, middle, after, counts = json.loads(out.stdout)
    assert (before, middle) == (0, 0)
    assert after >= 2
    assert counts == {"password": 1}

"""Start-up work moved out of the way stays correct: the plain keyword scan in search, and the
redaction patterns compiled on first use (the timings themselves are in benchmarks/)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from okhelp.library.search import contains_phrase


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
    assert contains_phrase(text, phrase) == _by_regex(text, phrase)


def test_the_keyword_scan_on_real_phrases() -> None:
    text = " my top up has not arrived, top-up2 and 充值 pending "
    assert contains_phrase(text, "top up")
    assert contains_phrase(text, "pending")
    assert contains_phrase(text, "top")  # "top up" and "top-up2": a word before a space or a hyphen
    assert not contains_phrase(text, "arrive")  # only part of a longer word
    assert not contains_phrase(text, "op")  # inside "top"
    assert not contains_phrase(text, "p2")  # glued to a letter before it
    assert contains_phrase(text, "充值")
    assert not contains_phrase(text, "充")  # one Chinese character is too little


def test_redaction_patterns_are_compiled_only_when_something_is_redacted() -> None:
    probe = (
        "import json, okhelp.fields.redaction as s, okhelp.fields.validation as v\n"
        "before = s._compiled.cache_info().currsize\n"
        "v.free_text_problem('充值没到账')\n"
        "middle = s._compiled.cache_info().currsize\n"
        "text, counts = s.redact('my password is hunter22')\n"
        "print(json.dumps([before, middle, s._compiled.cache_info().currsize, counts]))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    before, middle, after, counts = json.loads(out.stdout)
    assert (before, middle) == (0, 0)
    assert after >= 2
    assert counts == {"password": 1}


def _terms_with_every_pattern_compiled(text: str) -> list[str]:
    """terms() as it was: every concept's pattern compiled up front and run on every text."""
    import unicodedata

    from okhelp.library import search

    patterns = []
    for concept, variants in search.CONCEPTS.items():
        english = [re.escape(v) for v in variants if v.isascii()]
        chinese = [re.escape(v) for v in variants if not v.isascii()]
        parts = []
        if english:
            parts.append(rf"(?<![a-z0-9])(?:{'|'.join(english)})(?![a-z0-9])")
        if chinese:
            parts.append("|".join(chinese))
        patterns.append((f"#{concept}", re.compile("|".join(parts))))
    lowered = unicodedata.normalize("NFKC", text).lower()
    found = [c for c, pattern in patterns for _ in pattern.finditer(lowered)]
    rest = [t for t in search.terms(text) if not t.startswith("#")]
    return found + rest


def _guide_texts() -> list[str]:
    from okhelp.library.catalog import load_catalog

    texts = []
    for guide in load_catalog().guides.values():
        texts += [*guide.title.by_lang.values(), *guide.summary.by_lang.values()]
        texts += [word for words in guide.keywords.values() for word in words]
        texts += [text for step in guide.steps.values() for text in step.text.by_lang.values()]
    return texts


def test_concepts_compiled_on_demand_find_what_every_pattern_found() -> None:
    from okhelp.library.search import terms

    texts = [
        *_guide_texts(),
        "充值两个小时了还没到账",
        "My top-up went wrong, money gone, account FROZEN after I forgot my password",
        "钱被扣了但是没到账，帐户冻结，提现失败",
    ]
    for text in texts:
        assert terms(text) == _terms_with_every_pattern_compiled(text), text


def _variant_soup() -> st.SearchStrategy[str]:
    from okhelp.library.search import CONCEPTS

    pieces = sorted({v for variants in CONCEPTS.values() for v in variants})
    return st.lists(st.sampled_from([*pieces, " ", "-", "x", "1", "了", "'"]), max_size=12).map(
        "".join
    )


@given(_variant_soup())
def test_concepts_compiled_on_demand_on_any_mix_of_variants(text: str) -> None:
    from okhelp.library.search import terms

    assert terms(text) == _terms_with_every_pattern_compiled(text)

"""Breaking lines for a terminal at spaces and between Chinese characters, never inside a word
or what must be read whole."""

from __future__ import annotations

import re

import pytest

from okhelp.output.wrapping import cells, line_spans, wrap_fragments, wrap_text

REFUSAL = (
    "not a time okhelp understands; e.g. yesterday 3pm, 2 hours ago, last Tuesday evening, "
    "2026-11-20 14:30"
)
WHOLE = ["14:30", "2026-11-20 14:30", "+44 7400 123456", "'yesterday around 3pm'", "“昨天下午3点”"]
TEXTS = [
    REFUSAL,
    "not a time okhelp understands; did you mean 'yesterday around 3pm'?",
    "没看懂这个时间；是不是“昨天下午3点”？",
    "没看懂这个时间（例如：昨天下午3点、两小时前、上周二晚上、2026-11-20 14:30）",
    "give the number with its country code, e.g. +44 7400 123456 or +86 138 0013 8000",
    "Someone claiming to be support asked for details, money or my screen",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("width", [20, 30, 40, 57])
def test_rows_fit_and_nothing_is_lost_or_cut(text: str, width: int) -> None:
    rows = wrap_text(text, width).split("\n")
    assert all(cells(row) <= width for row in rows), rows
    assert "".join(rows).replace(" ", "") == text.replace(" ", "")
    words = re.findall(r"[!-~]+", text)  # runs of ASCII letters, digits and signs
    for row in rows:
        for word in re.findall(r"[!-~]+", row):
            assert word in words, (word, rows)  # never a piece of one
    for whole in WHOLE:
        if whole in text and cells(whole) <= width:
            assert any(whole in row for row in rows), (whole, rows)


def test_chinese_breaks_between_characters_and_punctuation_stays_with_its_word() -> None:
    rows = wrap_text("没看懂这个时间（例如：昨天下午3点、两小时前、上周二晚上）", 16).split("\n")
    assert len(rows) > 2
    assert not any(row[0] in "，。、；：？！）" for row in rows), rows
    assert not any(row[-1] in "（“" for row in rows), rows


def test_continuation_rows_are_indented() -> None:
    rows = wrap_text(" » " + TEXTS[-1], 40, indent=3).split("\n")
    assert rows == [" » Someone claiming to be support asked", "   for details, money or my screen"]


def test_a_word_longer_than_the_row_gets_a_row_of_its_own() -> None:
    assert line_spans("see abcdefghijklmnopqrstuvwxyz now", 10) == [(0, 3), (4, 30), (31, 34)]


def test_fragments_keep_their_styles_and_the_cursor_mark() -> None:
    fragments = [
        ("class:pointer", " » "),
        ("[SetCursorPosition]", ""),
        ("class:selected", "Someone claiming to be support asked for details"),
        ("", "\n"),
        ("", "   Other"),
    ]
    wrapped = wrap_fragments(fragments, 40, indent=3)
    text = "".join(fragment[1] for fragment in wrapped)
    assert text.split("\n") == [
        " » Someone claiming to be support asked",
        "   for details",
        "   Other",
    ]
    assert ("[SetCursorPosition]", "") in wrapped
    assert ("class:selected", "for details") in wrapped

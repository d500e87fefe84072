"""A 40-column terminal: menu items and refusals under a text box break at spaces (between
Chinese characters), never inside a word, and a wrapped item goes on under its own text."""

from __future__ import annotations

import io
import threading

from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput
from prompt_toolkit.output.vt100 import Vt100_Output

from okhelp.frontends.terminal.prompts import QuestionaryPrompter
from tests.helpers.screen import Screen

ENTER = "\r"
CTRL_U = "\x15"
COLUMNS = 40


class _Stream(io.StringIO):
    encoding = "utf-8"


def _narrow(pipe: PipeInput, lang: str = "en") -> tuple[QuestionaryPrompter, _Stream]:
    stream = _Stream()
    output = Vt100_Output(stream, lambda: Size(rows=30, columns=COLUMNS), term="xterm")
    return QuestionaryPrompter(lang, input=pipe, output=output), stream


def _rows(drawn: str) -> list[str]:
    screen = Screen(30, COLUMNS)
    screen.feed(drawn)
    return [row for row in screen.lines() if row]


def _menu_rows(
    prompter: QuestionaryPrompter, stream: _Stream, pipe: PipeInput, **ask: object
) -> list[str]:
    """The rows on screen while the menu is open (Enter then picks the first item)."""
    seen: list[str] = []

    def look_then_pick() -> None:
        seen.append(stream.getvalue())
        pipe.send_text(ENTER)

    later = threading.Timer(1.0, look_then_pick)
    later.start()
    prompter.choose(**ask)  # type: ignore[arg-type]
    later.join()
    return _rows(seen[0])


def test_a_long_menu_item_wraps_between_words_under_its_own_text(pipe: PipeInput) -> None:
    label = "Someone claiming to be from support asked for details, money or my screen"
    prompter, stream = _narrow(pipe)
    rows = _menu_rows(
        prompter, stream, pipe, message="What happened?", options=[("o", "Other"), ("i", label)]
    )
    first = next(index for index, row in enumerate(rows) if "Someone" in row)
    assert rows[first].endswith("Someone claiming to be from support"), rows
    assert rows[first + 1] == "   asked for details, money or my screen", rows
    # the question's hint breaks between words as well
    assert rows[:2] == ["? What happened? (arrow keys, then", "Enter)"], rows


def test_a_chinese_menu_item_breaks_between_characters(pipe: PipeInput) -> None:
    # the comma falls on the first column of the second row: it goes there with its word
    label = "有人说是客服要我提供验证码和登录密码，还让我共享屏幕"
    prompter, stream = _narrow(pipe, "zh")
    rows = _menu_rows(
        prompter, stream, pipe, message="发生了什么？", options=[("i", label), ("o", "其他")]
    )
    first = next(index for index, row in enumerate(rows) if "有人说是" in row)
    joined = rows[first].strip(" »") + rows[first + 1].strip()
    assert joined == label, rows
    assert rows[first + 1].startswith("   码，"), rows


def test_a_refusal_keeps_times_numbers_and_a_suggestion_whole(pipe: PipeInput) -> None:
    reason = (
        "not a time okhelp understands; did you mean 'yesterday around 3pm'? e.g. "
        "2026-11-20 14:30, +44 7400 123456"
    )
    prompter, stream = _narrow(pipe)
    pipe.send_text("yesturday around 3pm" + ENTER)
    # the rest comes once the refusal has been drawn, as a person would type it
    later = threading.Timer(1.0, pipe.send_text, args=(CTRL_U + "yesterday" + ENTER,))
    later.start()
    answer = prompter.text("When?", validate=lambda value: reason if "yestu" in value else None)
    later.join()
    assert answer == "yesterday"
    drawn = stream.getvalue()
    for whole in ("'yesterday around 3pm'?", "2026-11-20 14:30,", "+44 7400 123456"):
        assert whole in drawn, (whole, drawn)  # written on one row, never split by a break
    rows = Screen(30, COLUMNS)
    rows.feed(drawn)
    assert "14:" not in [row.split()[-1] for row in rows.lines() if row.split()]

"""What a new user met in a real terminal: narrow screens, hints, labels, docs that drifted."""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterator

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

from okhelp.prompts import QuestionaryPrompter

ENTER = "\r"
CTRL_U = "\x15"
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|[\r\n]")


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


class _Screen(io.StringIO):
    encoding = "utf-8"


def _narrow(pipe: PipeInput, columns: int = 40) -> tuple[QuestionaryPrompter, _Screen]:
    screen = _Screen()
    output = Vt100_Output(screen, lambda: Size(rows=30, columns=columns), term="xterm")
    return QuestionaryPrompter("en", input=pipe, output=output), screen


def _drawn(screen: _Screen) -> str:
    return ANSI.sub("", screen.getvalue())


def test_a_refusal_longer_than_the_terminal_is_shown_whole(pipe: PipeInput) -> None:
    reason = "that time is in the future; give a time in the past, e.g. yesterday 3pm"
    prompter, screen = _narrow(pipe)
    pipe.send_text("tomorrow" + ENTER)
    # the rest comes once the refusal has been drawn, as a person would type it
    later = threading.Timer(1.0, pipe.send_text, args=(CTRL_U + "yesterday" + ENTER,))
    later.start()
    answer = prompter.text(
        "When?", validate=lambda value: reason if value.startswith("tomorrow") else None
    )
    later.join()
    assert answer == "yesterday"
    assert "yesterday 3pm" in _drawn(screen)  # the example sits past column 40


def test_a_menu_item_longer_than_the_terminal_is_shown_whole(pipe: PipeInput) -> None:
    label = "Someone claiming to be support asked for details, money or my screen"
    prompter, screen = _narrow(pipe)
    pipe.send_text(ENTER)
    assert prompter.choose("What happened?", [("other", "Other"), ("impostor", label)]) == "other"
    assert "money or my screen" in _drawn(screen)

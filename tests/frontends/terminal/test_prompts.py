"""The questionary adapter, driven through prompt_toolkit's pipe input and DummyOutput."""

from __future__ import annotations

import pytest
from prompt_toolkit.input import PipeInput
from prompt_toolkit.output import DummyOutput

from okhelp.errors import Interrupted
from okhelp.frontends.terminal.prompts import BACK, QuestionaryPrompter

DOWN = "\x1b[B"
UP = "\x1b[A"
ENTER = "\r"
CTRL_C = "\x03"
BACKSPACE = "\x7f"

OPTIONS = [("bank", "Bank transfer"), ("third-party", "Payment app"), ("cash", "Cash")]


def _prompter(pipe: PipeInput, lang: str = "en") -> QuestionaryPrompter:
    return QuestionaryPrompter(lang, input=pipe, output=DummyOutput())


def test_enter_picks_the_first_option(pipe: PipeInput) -> None:
    pipe.send_text(ENTER)
    assert _prompter(pipe).choose("How?", OPTIONS) == "bank"


def test_arrow_keys_move_the_pointer(pipe: PipeInput) -> None:
    pipe.send_text(DOWN + DOWN + UP + ENTER)
    assert _prompter(pipe).choose("How?", OPTIONS) == "third-party"


def test_default_starts_the_pointer_on_the_earlier_answer(pipe: PipeInput) -> None:
    pipe.send_text(ENTER)
    assert _prompter(pipe).choose("How?", OPTIONS, default="cash") == "cash"


def test_back_is_offered_last(pipe: PipeInput) -> None:
    pipe.send_text(DOWN * 3 + ENTER)
    assert _prompter(pipe).choose("How?", OPTIONS, allow_back=True) == BACK


def test_back_is_not_offered_at_the_first_step(pipe: PipeInput) -> None:
    pipe.send_text(DOWN * 5 + ENTER)
    assert _prompter(pipe).choose("How?", OPTIONS, allow_back=False) == "cash"


def test_many_choices_can_be_filtered_by_typing(pipe: PipeInput) -> None:
    options = [(f"o{i}", f"Option {i}") for i in range(9)] + [("wifi", "Public Wi-Fi")]
    pipe.send_text("Wi-F" + ENTER)
    assert _prompter(pipe).choose("Which?", options) == "wifi"


def test_ctrl_c_in_a_menu_is_interrupted(pipe: PipeInput) -> None:
    pipe.send_text(CTRL_C)
    with pytest.raises(Interrupted):
        _prompter(pipe).choose("How?", OPTIONS)


def _amount(value: str) -> str | None:
    return None if value.strip().replace(".", "", 1).isdigit() else "not an amount"


def test_text_rejects_then_accepts_without_losing_the_prompt(pipe: PipeInput) -> None:
    pipe.send_text("abc" + ENTER + BACKSPACE * 3 + "120.5" + ENTER)
    assert _prompter(pipe).text("How much?", validate=_amount) == "120.5"


def test_text_default_is_kept_and_editable(pipe: PipeInput) -> None:
    pipe.send_text("0" + ENTER)
    assert _prompter(pipe).text("How much?", default="12", validate=_amount) == "120"


def test_typing_back_word_goes_back_only_when_allowed(pipe: PipeInput) -> None:
    pipe.send_text("<" + ENTER)
    assert _prompter(pipe).text("Note?", validate=lambda v: None, allow_back=True) == BACK


def test_back_word_is_plain_text_at_the_first_step(pipe: PipeInput) -> None:
    pipe.send_text("<" + ENTER)
    assert _prompter(pipe).text("Note?", validate=lambda v: None, allow_back=False) == "<"


def test_markup_and_chinese_are_returned_literally(pipe: PipeInput) -> None:
    pipe.send_text("[bold]充值[/] 没到账" + ENTER)
    assert _prompter(pipe, "zh").text("描述", validate=lambda v: None) == "[bold]充值[/] 没到账"


def test_ctrl_c_in_text_is_interrupted(pipe: PipeInput) -> None:
    pipe.send_text("half typed" + CTRL_C)
    with pytest.raises(Interrupted):
        _prompter(pipe).text("Note?", validate=lambda v: None)


def test_end_of_input_is_interrupted(pipe: PipeInput) -> None:
    pipe.send_text("half")
    pipe.close()
    with pytest.raises(Interrupted):
        _prompter(pipe).text("Note?", validate=lambda v: None)

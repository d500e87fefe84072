"""The questionary adapter, driven through prompt_toolkit's pipe input and DummyOutput."""

from __future__ import annotations

import threading
from collections.abc import Callable

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


def test_back_word_typed_after_the_earlier_answer_still_goes_back(pipe: PipeInput) -> None:
    """Coming back to a box holds the earlier answer: "<" typed after it is no new answer."""
    pipe.send_text("<" + ENTER)
    prompter = _prompter(pipe)
    assert prompter.text("How much?", default="$1,234", validate=_amount, allow_back=True) == BACK


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


def _within_seconds(ask: Callable[[], object], seconds: float = 20) -> object:
    """The answer, or a failure: when prompt_toolkit's own handler fails it waits for Enter on
    the real terminal, which would hang the suite instead of failing this test."""
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(ask()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert result, "the prompt did not answer: prompt_toolkit stopped on the typed code"
    return result[0]


@pytest.mark.parametrize("code", ["\x1b[31m", "\x1b[0m", "\x1b[1;31m", "\x1b[<0;1;1M"])
def test_a_typed_colour_or_mouse_code_is_dropped_and_the_text_kept(
    pipe: PipeInput, code: str
) -> None:
    # prompt_toolkit reads these as mouse reports; its handler raised on the colour codes and
    # the last "clicked" the cursor to the start of the line.
    pipe.send_text("withdrawal " + code + "stuck" + ENTER)
    assert _within_seconds(lambda: _prompter(pipe).text("Describe", validate=lambda v: None)) == (
        "withdrawal stuck"
    )


def test_a_typed_colour_code_in_a_menu_leaves_the_pointer_working(pipe: PipeInput) -> None:
    pipe.send_text("\x1b[31m" + DOWN + ENTER)
    assert _within_seconds(lambda: _prompter(pipe).choose("How?", OPTIONS)) == "third-party"


def test_a_typed_colour_code_in_a_confirmation_is_ignored(pipe: PipeInput) -> None:
    pipe.send_text("\x1b[31m" + "y")
    assert _within_seconds(lambda: _prompter(pipe).confirm("Erase?")) is True

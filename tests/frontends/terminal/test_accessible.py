"""The accessible mode's prompter, driven by lines on a fake stdin, read off a fake stdout."""

from __future__ import annotations

import io
import re

import pytest

from okhelp.errors import EXIT_INTERRUPTED, Interrupted, UsageError
from okhelp.frontends.terminal import modes
from okhelp.frontends.terminal.accessible import AccessiblePrompter, pick
from okhelp.frontends.terminal.prompts import QuestionaryPrompter
from okhelp.frontends.terminal.wizard import BACK

OPTIONS = [("bank", "Bank transfer"), ("app", "Payment app"), ("bar", "Bar code at a shop")]
ESCAPE = re.compile(r"\x1b|\r")


def _ask(lines: str, lang: str = "en") -> tuple[AccessiblePrompter, io.StringIO]:
    out = io.StringIO()
    return AccessiblePrompter(lang, input=io.StringIO(lines), output=out), out


def test_pick_by_number_label_or_unique_start() -> None:
    labels = [label for _, label in OPTIONS]
    assert pick("2", labels) == 1
    assert pick(" payment APP ", labels) == 1
    assert pick("pay", labels) == 1
    assert pick("ba", labels) == "several"  # Bank transfer, Bar code
    assert pick("4", labels) == "range"
    assert pick("0", labels) == "range"
    assert pick("card", labels) == "none"
    assert pick("３", labels) == 2  # a full-width digit from a Chinese input method


def test_an_exact_label_wins_over_a_longer_one_it_starts() -> None:
    assert pick("yes", ["Yes, done", "Yes", "No"]) == 1


def test_choices_are_listed_once_and_the_choice_said_back() -> None:
    prompter, out = _ask("9\nba\nbank\n")
    assert prompter.choose("How did you top up?", OPTIONS) == "bank"
    shown = out.getvalue()
    assert shown.count("1. Bank transfer\n") == 1  # not listed again after each refusal
    assert "There is no choice 9: type a number from 1 to 3." in shown
    assert "“ba” could be 1. Bank transfer, or 3. Bar code at a shop" in shown
    assert shown.count("Selected: Bank transfer\n") == 1
    assert not ESCAPE.search(shown)


@pytest.mark.parametrize(
    ("typed", "secret"),
    [
        ("密码是abc123 充值没到", "abc123"),
        ("my otp is 482913", "482913"),
        ("4111 1111 1111 1111", "1111"),
    ],
)
def test_a_refused_choice_is_said_back_without_the_secret_typed_in_it(
    typed: str, secret: str
) -> None:
    prompter, out = _ask(f"{typed}\n1\n", lang="zh")
    assert (
        prompter.choose("你是用哪种方式充值的？", [("bank", "银行转账"), ("cash", "现金")])
        == "bank"
    )
    shown = out.getvalue()
    assert "不是其中的选项" in shown and "REDACTED" in shown
    assert secret not in shown


def test_a_choice_by_number_and_the_echo_in_chinese() -> None:
    prompter, out = _ask("1\n", lang="zh")
    options = [("bank", "银行转账"), ("cash", "现金")]
    assert prompter.choose("你是用哪种方式充值的？", options) == "bank"
    assert "1. 银行转账\n2. 现金\n" in out.getvalue()
    assert "已选择：银行转账\n" in out.getvalue()


def test_a_unique_start_picks_in_any_case() -> None:
    prompter, _ = _ask("PAY\n")
    assert prompter.choose("How?", OPTIONS) == "app"


def test_back_is_the_last_number_as_in_the_menus() -> None:
    prompter, out = _ask("4\n")
    assert prompter.choose("How?", OPTIONS, allow_back=True) == BACK
    assert "4. ← Back\n" in out.getvalue()
    assert "Selected: ← Back" in out.getvalue()


@pytest.mark.parametrize("typed", ["<", "back", "← Back"])
def test_back_by_its_words_or_the_back_word(typed: str) -> None:
    prompter, _ = _ask(typed + "\n")
    assert prompter.choose("How?", OPTIONS, allow_back=True) == BACK


def test_no_back_at_the_first_question() -> None:
    prompter, out = _ask("4\n<\n2\n")
    assert prompter.choose("How?", OPTIONS) == "app"
    assert "← Back" not in out.getvalue()
    assert "There is no choice 4" in out.getvalue()
    assert "This is the first question; there is no going back" in out.getvalue()


def test_enter_takes_the_default_and_says_which() -> None:
    prompter, out = _ask("\n")
    assert prompter.choose("How?", OPTIONS, default="app") == "app"
    assert "Choice, 1 to 3 (Enter for 2): " in out.getvalue()


def test_enter_without_a_default_is_refused() -> None:
    prompter, out = _ask("\n3\n")
    assert prompter.choose("How?", OPTIONS) == "bar"
    assert "Type a number from 1 to 3.\n" in out.getvalue()


def test_the_hint_is_said_once_a_run() -> None:
    prompter, out = _ask("1\n1\n")
    prompter.choose("First?", OPTIONS)
    prompter.choose("Second?", OPTIONS)
    assert out.getvalue().count("(type a number, or the first words of a choice)") == 1
    assert "Second?\n" in out.getvalue()


def _amount(value: str) -> str | None:
    return None if value.strip().replace(".", "", 1).isdigit() else "not an amount"


def test_text_refusal_on_its_own_line_then_the_question_again() -> None:
    prompter, out = _ask("abc\n120.5\n")
    answer = prompter.text("How much?", validate=_amount, allow_back=True)
    assert answer == "120.5"
    lines = out.getvalue().splitlines()
    assert lines == [
        "How much?  (type < to go back)",
        "Answer: not an amount",  # the answer typed is echoed by the terminal, not by okhelp
        "How much?",
        "Answer: ",
    ]


def test_text_back_word_only_where_going_back_is_allowed() -> None:
    prompter, _ = _ask("<\n")
    assert prompter.text("Note?", validate=lambda v: None, allow_back=True) == BACK
    prompter, _ = _ask("<\n")
    assert prompter.text("Note?", validate=lambda v: None) == "<"


def test_text_enter_keeps_the_default() -> None:
    prompter, out = _ask("\n")
    assert prompter.text("How much?", default="12", validate=_amount) == "12"
    assert "Answer (Enter keeps “12”): " in out.getvalue()


def test_text_instruction_replaces_the_back_hint() -> None:
    prompter, out = _ask("\n")
    prompter.text("Note?", validate=lambda v: None, allow_back=True, instruction="(Enter: skip)")
    assert out.getvalue().startswith("Note?  (Enter: skip)\n")
    assert "type < to go back" not in out.getvalue()


def test_bytes_that_are_not_utf8_are_refused_where_typed() -> None:
    raw = io.BytesIO("\u5145".encode("gbk") + b"\n120\n")
    out = io.StringIO()
    prompter = AccessiblePrompter("en", input=io.TextIOWrapper(raw, encoding="utf-8"), output=out)
    assert prompter.text("How much?", validate=_amount) == "120"
    assert "0x" in out.getvalue()  # the byte that was not UTF-8 is named


def test_confirm_is_numbered_and_enter_says_no() -> None:
    prompter, out = _ask("\n")
    assert prompter.confirm("Erase it?") is False
    assert "1. Yes\n2. No\n" in out.getvalue()
    prompter, _ = _ask("1\n")
    assert prompter.confirm("Erase it?") is True
    prompter, _ = _ask("y\n")
    assert prompter.confirm("Erase it?") is True


@pytest.mark.parametrize("call", ["choose", "text", "confirm"])
def test_end_of_input_is_interrupted_as_in_the_menus(call: str) -> None:
    prompter, out = _ask("")
    with pytest.raises(Interrupted) as caught:
        if call == "choose":
            prompter.choose("How?", OPTIONS)
        elif call == "text":
            prompter.text("How much?", validate=_amount)
        else:
            prompter.confirm("Erase?")
    assert caught.value.message == "end of input"
    assert caught.value.exit_code == EXIT_INTERRUPTED
    assert out.getvalue().endswith("\n")  # what okhelp says next starts a line of its own


class _CtrlC(io.StringIO):
    def readline(self, size: int | None = -1) -> str:
        raise KeyboardInterrupt


def test_ctrl_c_is_interrupted_as_in_the_menus() -> None:
    prompter = AccessiblePrompter("en", input=_CtrlC(), output=io.StringIO())
    with pytest.raises(Interrupted) as caught:
        prompter.choose("How?", OPTIONS)
    assert caught.value.message == "interrupted"
    assert caught.value.exit_code == EXIT_INTERRUPTED


def test_untrusted_words_are_shown_inert() -> None:
    prompter, out = _ask("1\n")
    prompter.choose("How\x1b[2J?", [("a", "A\x1b[31m")])
    assert "\x1b" not in out.getvalue()


@pytest.mark.parametrize(
    ("option", "environ", "on"),
    [
        (True, {}, True),
        (False, {}, False),
        (False, {"OKHELP_ACCESSIBLE": "1"}, True),
        (False, {"OKHELP_ACCESSIBLE": " Yes "}, True),
        (False, {"OKHELP_ACCESSIBLE": "on"}, True),
        (False, {"OKHELP_ACCESSIBLE": "true"}, True),
        (False, {"OKHELP_ACCESSIBLE": "0"}, False),
        (False, {"OKHELP_ACCESSIBLE": ""}, False),
        (False, {"TERM": "dumb"}, True),
        (False, {"TERM": "xterm-256color"}, False),
        (False, {"TERM": "dumb", "OKHELP_ACCESSIBLE": "off"}, False),
        (True, {"TERM": "dumb", "OKHELP_ACCESSIBLE": "off"}, True),
    ],
)
def test_when_the_mode_is_on(option: bool, environ: dict[str, str], on: bool) -> None:
    assert modes.accessible(option, environ) is on


def test_a_value_that_is_neither_on_nor_off_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as caught:
        modes.accessible(False, {"OKHELP_ACCESSIBLE": "maybe"})
    assert caught.value.code == "accessible_env_invalid"


def test_the_one_place_that_chooses_the_prompter() -> None:
    assert isinstance(modes.prompter("en", accessible=True), AccessiblePrompter)
    assert isinstance(modes.prompter("en", accessible=False), QuestionaryPrompter)

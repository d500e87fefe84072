"""Browsing the guides by category: the guides of a category offer Back, and Back goes to the
categories again, not out of okhelp."""

from __future__ import annotations

import io

from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput
from prompt_toolkit.output.vt100 import Vt100_Output

from okhelp.domain.model import guide_title
from okhelp.frontends.terminal import picker
from okhelp.frontends.terminal.prompts import QuestionaryPrompter
from okhelp.frontends.terminal.wizard import BACK
from okhelp.i18n.messages import message
from okhelp.library.catalog import load_catalog
from tests.helpers.wizard import Script

ENTER = "\r"
UP = "\x1b[A"


class _Stream(io.StringIO):
    encoding = "utf-8"


def test_back_in_a_categorys_guides_goes_to_the_categories() -> None:
    guides = load_catalog({}).guides
    other = next(g for g in guides.values() if g.category != "account")
    script = Script(["", "account", BACK, other.category, other.id])
    chosen, description = picker.choose_interactively(guides, None, script, "en")
    assert (chosen.id, description) == (other.id, None)
    menus = [(question, extra) for kind, question, extra in script.asked if kind == "choose"]
    assert [question for question, _ in menus] == [
        message("pick_category", "en"),
        message("pick_guide", "en"),
        message("pick_category", "en"),
        message("pick_guide", "en"),
    ]
    assert menus[1][1]["back"] is True  # a category's guides offer Back
    assert menus[2][1]["default"] == "account"  # the category just left is under the pointer


def test_the_guides_of_a_category_show_back_and_it_answers_back(pipe: PipeInput) -> None:
    guides = load_catalog({}).guides
    options = [(g.id, guide_title(g, "zh")) for g in guides.values() if g.category == "account"]
    stream = _Stream()
    output = Vt100_Output(stream, lambda: Size(rows=30, columns=80), term="xterm")
    prompter = QuestionaryPrompter("zh", input=pipe, output=output)
    pipe.send_text(UP + ENTER)  # up from the first item: the last, Back
    assert prompter.choose(message("pick_guide", "zh"), options, allow_back=True) == BACK
    assert message("back", "zh") in stream.getvalue()

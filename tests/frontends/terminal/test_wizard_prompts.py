"""Issue 12's wizard items below the terminal: the third answer, back at every text prompt, one
hint per prompt, a counter that never goes up, the review menu's save and edit marks."""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from okhelp.authoring.checker import check_graph
from okhelp.authoring.loader import parse_guide
from okhelp.domain import answers as answer_rules
from okhelp.domain.engine import NOT_POSSIBLE, Engine
from okhelp.domain.model import Guide, Step
from okhelp.domain.session import Session
from okhelp.errors import Interrupted, InvalidAnswer
from okhelp.fields.validation import FieldContext
from okhelp.frontends.terminal.prompts import QuestionaryPrompter
from okhelp.frontends.terminal.wizard import BACK, Wizard, text_hint
from okhelp.library.catalog import load_catalog
from okhelp.storage.sessions import Store
from tests.helpers import Result, saved_session, saved_sessions

NOW = datetime(2026, 11, 21, 15, 42, tzinfo=timezone(timedelta(hours=8)))
GUIDES = load_catalog({}).guides
DOWN = "\x1b[B"
ENTER = "\r"
CTRL_C = "\x03"

# -- pure: engine and answers ---------------------------------------------------------------------

LOOP = textwrap.dedent(
    """\
    id: loop
    category: app
    title: {zh: 循环, en: Loop}
    summary: {zh: 循环, en: Loop}
    start: restart
    steps:
      - id: restart
        type: action
        text: {zh: 重启, en: Restart}
        next: again
      - id: again
        type: confirm
        text: {zh: 再试一次？, en: Try again?}
        on_yes: restart
        on_no: escalate
      - id: escalate
        type: end
        outcome: escalate
        text: {zh: 客服, en: Support}
    """
)


def test_a_loop_makes_the_count_unknown_not_wrong() -> None:
    guide = parse_guide(LOOP.encode(), "loop.yaml", expected_id="loop", graph_check=check_graph)
    engine = Engine({"loop": guide}, "loop")
    state = engine.start()
    assert engine.left_at_most("loop", "restart") is None and engine.remaining(state) == 0
    # an escalating end still asks what it collects
    collected = guide.steps["escalate"].collect
    assert collected and engine.left_at_most("loop", "escalate") == len(collected)


def test_links_count_the_linked_guide_too() -> None:
    engine = Engine(GUIDES, "login")
    for step in GUIDES["login"].steps.values():
        if step.type == "link":
            linked = GUIDES[step.guide or ""]
            assert engine.left_at_most("login", step.id) == 1 + (
                engine.left_at_most(linked.id, linked.start) or 0
            )


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("not_possible", NOT_POSSIBLE),
        ("cant", NOT_POSSIBLE),
        ("Can't", NOT_POSSIBLE),
        ("can’t.", NOT_POSSIBLE),
        ("做不到", NOT_POSSIBLE),
        ("这一步做不到", NOT_POSSIBLE),
        ("yes", True),
        ("没解决", False),
    ],
)
def test_action_answers(word: str, expected: object) -> None:
    step = GUIDES["top-up"].steps["cash-receipt"]
    assert answer_rules.coerce(step, word) == expected


def test_confirm_and_accepted_words() -> None:
    confirm = GUIDES["top-up"].steps["check-record"]
    with pytest.raises(InvalidAnswer) as caught:
        answer_rules.coerce(confirm, "cant")
    assert caught.value.accepted == "yes, no"
    assert answer_rules.accepted(GUIDES["top-up"].steps["cash-receipt"]) == "yes, no, not_possible"


# -- the wizard with a scripted prompter ----------------------------------------------------------


@dataclass
class Script:
    """Answers from a list; records every prompt with its hint and whether back was offered."""

    replies: list[Any]
    asked: list[dict[str, Any]] = field(default_factory=list)

    def choose(
        self,
        message: str,
        options: Sequence[tuple[str, str]],
        *,
        default: str | None = None,
        allow_back: bool = False,
    ) -> str:
        self.asked.append(
            {
                "kind": "choose",
                "message": message,
                "options": [k for k, _ in options],
                "default": default,
                "back": allow_back,
            }
        )
        reply = self.replies.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        assert reply == BACK or reply in [k for k, _ in options], (reply, options)
        return str(reply)

    def text(
        self,
        message: str,
        *,
        default: str = "",
        validate: Callable[[str], str | None],
        allow_back: bool = False,
        instruction: str | None = None,
    ) -> str:
        self.asked.append(
            {
                "kind": "text",
                "message": message,
                "hint": instruction,
                "default": default,
                "back": allow_back,
            }
        )
        reply = self.replies.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        assert reply == BACK or validate(reply) is None, reply
        return str(reply)


@dataclass
class Notes:
    steps: list[tuple[str, int, int]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def step(self, guide: Guide, step: Step, position: int, remaining: int) -> None:
        self.steps.append((step.id, position, remaining))

    def problem(self, text: str) -> None:
        self.notices.append(text)

    def notice(self, text: str) -> None:
        self.notices.append(text)


def _wizard(tmp_path: Path, prompter: Any, lang: str = "en") -> tuple[Wizard, Notes]:
    session = Session("20261121-154200-abcd", "top-up", lang, NOW.isoformat(), NOW.isoformat())
    notes = Notes()
    wizard = Wizard(
        engine=Engine(GUIDES, "top-up"),
        session=session,
        lang=lang,
        field_ctx=FieldContext(now=NOW, timezone=NOW.tzinfo, timezone_name="Asia/Shanghai"),  # type: ignore[arg-type]
        answers={},
        prompter=prompter,
        view=notes,
        store=Store(tmp_path / "home"),
        now=lambda: NOW,
    )
    return wizard, notes


def test_back_works_at_the_collected_fields_and_each_prompt_has_one_hint(tmp_path: Path) -> None:
    script = Script(
        [
            "cash",
            "not_possible",
            "no",
            "2 hours ago",
            "yes",
            "50",
            "yes",  # = 50.00 CNY, right?
            "",
            BACK,
            "TX2026112000001",
            "13800138000",
            BACK,
            "lilei_2026",
            "",
        ]
    )
    wizard, notes = _wizard(tmp_path, script)
    session = wizard.run()
    assert session.status == "escalated"
    assert session.trail[1].value == NOT_POSSIBLE
    texts = [a for a in script.asked if a["kind"] == "text"]
    by_message = [(a["message"].split("?")[0][:30], a["hint"], a["back"]) for a in texts]
    assert by_message == [
        ("When did you top up", "(type < to go back)", True),
        ("How much did you top up", "(type < to go back)", True),
        # the question already says "press Enter if you have none": only the back hint
        ("Enter the transaction ID from ", "(type < to go back)", True),
        ("Your wallet account", "(type < to go back)", True),  # collected: back works here too
        ("Enter the transaction ID from ", "(type < to go back)", True),
        ("Your wallet account", "(type < to go back)", True),
        ("Describe the problem in a sent", "(Enter to skip, < to go back)", True),
        ("Your wallet account", "(type < to go back)", True),
        ("Describe the problem in a sent", "(Enter to skip, < to go back)", True),
    ]
    assert texts[-2]["default"] == "13800138000"  # the answer undone by back is offered again
    assert session.fields["account"]["value"] == "lilei_2026"
    assert session.fields["transaction_id"]["value"] == "TX2026112000001"
    # the action step offered the third answer
    action = next(
        a for a in script.asked if a["kind"] == "choose" and a["message"] == "Did this solve it?"
    )
    assert action["options"] == ["yes", "no", "not_possible"]
    # the counter: the steps shown as the user advances never count up
    forward = [left for _, _, left in notes.steps]
    assert forward[:4] == sorted(forward[:4], reverse=True)


def test_text_hint_is_one_short_phrase() -> None:
    assert (
        text_hint("Note?", "en", optional=True, allow_back=True) == "(Enter to skip, < to go back)"
    )
    assert text_hint("Note?", "en", optional=True, allow_back=False) == "(Enter to skip)"
    assert text_hint("Note?", "zh", optional=False, allow_back=True) == "（输入 < 返回上一步）"
    assert text_hint("请输入编号（没有就直接回车）", "zh", optional=True, allow_back=False) is None
    assert text_hint("Amount?", "en", optional=False, allow_back=False) is None


def test_review_saves_into_the_summaries_folder_and_marks_edits(tmp_path: Path) -> None:
    from okhelp.frontends.terminal.wizard import ReviewActions, review

    script = Script(
        [
            "cash",
            "no",
            "no",
            "2 hours ago",
            "yes",
            "50",
            "yes",  # = 50.00 CNY, right?
            "",
            "13800138000",
            "钱没到",
            "edit",
            "account",
            "lilei_2026",
            "edit",
            "occurred_at",
            "yesterday 3pm",
            "yes",
            "save",
            BACK,  # "<" at the file name: back to the menu, nothing saved
            "done",
        ]
    )
    wizard, _ = _wizard(tmp_path, script)
    wizard.run()
    saves: list[str] = []
    review(
        wizard,
        ReviewActions(
            show=lambda: None,
            save=lambda p: saves.append(p) or p,
            show_json=lambda: None,
            default_file="x",
        ),
    )
    assert saves == []
    assert script.asked[-2]["message"] == "Save to which file?" and script.asked[-2]["back"]
    fields = wizard.session.fields
    assert fields["account"]["edited"] is True and fields["account"]["source"] == "collect"
    assert (
        fields["occurred_at"]["edited"] is True and fields["occurred_at"]["source"] == "top-up/when"
    )
    assert fields["occurred_at"]["value"] == "2026-11-20T15:00:00+08:00"
    edit_prompts = [a for a in script.asked if a["kind"] == "text"][-3:-1]
    assert all(a["back"] for a in edit_prompts)
    saved = saved_session(tmp_path / "home", "20261121-154200-abcd")
    assert saved["fields"]["account"]["edited"] is True
    store = Store(tmp_path / "home")
    default = store.default_summary_path("20261121-154200-abcd")
    assert default == (tmp_path / "home" / "summaries" / "20261121-154200-abcd.md").absolute()
    # a name typed there goes where every command-line tool puts it: the current folder
    assert store.user_summary_path("ticket.md") == Path.cwd() / "ticket.md"
    assert store.user_summary_path(str(tmp_path / "elsewhere.md")) == tmp_path / "elsewhere.md"


def test_answers_files_take_not_possible(cli: Callable[..., Result]) -> None:
    result = cli(
        "guide",
        "top-up",
        "-a",
        "method=cash",
        "-a",
        "cash-receipt=can't",
        "-a",
        "check-record=yes",
        "-a",
        "refresh=yes",
    )
    assert result.code == 0, result.err
    home = Path(__import__("os").environ["OKHELP_HOME"])
    (saved,) = saved_sessions(home)
    assert saved["trail"][1] == {"guide": "top-up", "step": "cash-receipt", "value": "not_possible"}
    assert saved["guide_version"] == GUIDES["top-up"].version
    bad = cli("guide", "top-up", "-a", "method=cash", "-a", "cash-receipt=perhaps")
    assert bad.code == 2 and "accepted: yes, no, not_possible" in bad.err


# -- the prompt adapter through prompt_toolkit -----------------------------------------------------


def _shown(
    pipe: PipeInput, keys: str, ask: Callable[[QuestionaryPrompter], str]
) -> tuple[str, str]:
    """What a prompt returned and the plain text it drew."""
    buffer = io.StringIO()
    output = Vt100_Output(buffer, get_size=lambda: Size(rows=24, columns=120), term="xterm")
    pipe.send_text(keys)
    answer = ask(QuestionaryPrompter("en", input=pipe, output=output))
    return answer, re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", buffer.getvalue())


def test_the_adapter_draws_the_one_hint_it_is_given(pipe: PipeInput) -> None:
    hint = text_hint("Note?", "en", optional=True, allow_back=True)
    answer, drawn = _shown(
        pipe,
        "<" + ENTER,
        lambda p: p.text("Note?", validate=lambda v: None, allow_back=True, instruction=hint),
    )
    assert answer == BACK
    assert drawn.count("(Enter to skip, < to go back)") >= 1
    assert "(type < to go back)" not in drawn and "optional" not in drawn


def test_the_adapter_keeps_its_back_hint_when_none_is_given(pipe: PipeInput) -> None:
    _, drawn = _shown(
        pipe, "x" + ENTER, lambda p: p.text("Note?", validate=lambda v: None, allow_back=True)
    )
    assert "(type < to go back)" in drawn


def test_the_wizard_through_the_adapter_picks_i_cant_do_this(
    tmp_path: Path, pipe: PipeInput
) -> None:
    prompter = QuestionaryPrompter("en", input=pipe, output=DummyOutput())
    wizard, _ = _wizard(tmp_path, prompter)
    # cash; "I can't do this step" (third); then Ctrl-C at the next menu
    pipe.send_text(DOWN * 2 + ENTER)
    pipe.send_text(DOWN * 2 + ENTER)
    pipe.send_text(CTRL_C)
    with pytest.raises(Interrupted) as caught:
        wizard.run()
    assert caught.value.hint and "okhelp resume 20261121-154200-abcd" in caught.value.hint
    saved = Store(tmp_path / "home").load_session("20261121-154200-abcd")
    assert [e.value for e in saved.trail] == ["cash", NOT_POSSIBLE]

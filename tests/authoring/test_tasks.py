"""An action that is a task ("Report the card lost — done / couldn't"): how it is asked, where
each answer leads, what the summary says of it, and labels that do not answer their question."""

from __future__ import annotations

import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from okhelp.core.conversation import Conversation
from okhelp.errors import GuideError
from okhelp.fields.validation import FieldContext
from okhelp.output.formats import plain
from okhelp.storage.config import Config
from okhelp.storage.sessions import Store
from tests.helpers.sample_guides import sample_guide

TASKS = textwrap.dedent(
    """\
    id: tasks
    category: security
    title: {zh: 挂失, en: Report it}
    summary: {zh: 挂失, en: Report it}
    start: report
    steps:
      - id: report
        type: action
        task: true
        text: {zh: 打电话挂失手机卡。, en: Call your carrier to suspend the SIM.}
        on_yes: restart
        next: escalate
      - id: restart
        type: action
        text: {zh: 重启 APP。, en: Restart the app.}
        next: escalate
      - id: escalate
        type: end
        outcome: escalate
        collect: [account]
        text: {zh: 找客服, en: Contact support}
    """
)
NOW = datetime(2026, 11, 21, 15, 42, tzinfo=timezone(timedelta(hours=8)))
CTX = FieldContext(now=NOW, timezone=NOW.tzinfo, timezone_name="Asia/Shanghai")  # type: ignore[arg-type]


def _conversation(tmp_path: Path, lang: str = "en") -> Conversation:
    guide = sample_guide(TASKS, "tasks")
    return Conversation.begin(
        {guide.id: guide}, guide.id, CTX, lang=lang, store=Store(tmp_path), now=lambda: NOW
    )


@pytest.mark.parametrize(
    ("lang", "prompt", "labels"),
    [
        ("en", "Is this done?", ["Yes, done", "No, I couldn't do it"]),
        ("zh", "这一步做好了吗？", ["做好了", "没做成"]),
    ],
)
def test_a_task_is_asked_whether_it_is_done_with_two_answers(
    tmp_path: Path, lang: str, prompt: str, labels: list[str]
) -> None:
    question = _conversation(tmp_path, lang).question()
    assert question is not None
    assert question.prompt == prompt and question.text.endswith(prompt)
    assert [option.label for option in question.options] == labels  # no third "can't" answer


def test_an_action_that_is_not_a_task_still_asks_whether_it_solved_it(tmp_path: Path) -> None:
    conv = _conversation(tmp_path)
    conv.answer(True)  # done: on to the next step, not the end
    question = conv.question()
    assert question is not None and question.step == "restart"
    assert question.prompt == "Did this solve it?" and len(question.options) == 3


@pytest.mark.parametrize(("done", "shown"), [(True, "Already done:"), (False, "Could not do")])
def test_the_summary_says_a_task_was_done_or_could_not_be(
    tmp_path: Path, done: bool, shown: str
) -> None:
    conv = _conversation(tmp_path)
    conv.answer(done)
    if done:
        conv.answer(False)  # the restart did not help
    conv.answer("13800138000")
    record = conv.summary(Config(), NOW)
    first = record["steps_tried"][0]
    assert first["step"] == "report"
    assert first["result"] == ("done" if done else "not_possible")
    text = plain(record, "en")
    assert f"{shown}" in text
    section = text.split(shown, 1)[1].split("\n\n")[0]
    assert "suspend the SIM" in section and "Restart the app" not in section


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ("task: true", "task: yes please", "task must be true or false"),
        ("    on_yes: restart\n", "", "needs 'on_yes'"),
    ],
)
def test_the_loader_refuses_a_task_it_cannot_run(old: str, new: str, complaint: str) -> None:
    assert old in TASKS
    with pytest.raises(GuideError, match=complaint):
        sample_guide(TASKS.replace(old, new), "tasks")


LABELLED = TASKS.replace(
    "    on_yes: restart\n    next: escalate",
    '    labels:\n      "yes": {zh: "YES_ZH", en: "YES_EN"}\n      "no": {zh: 没办成, en: "No"}\n'
    "    on_yes: restart\n    next: escalate",
)
assert "YES_ZH" in LABELLED


@pytest.mark.parametrize(
    ("task", "yes_zh", "yes_en", "complaint"),
    [
        (False, "办好了，卡已挂失", "Yes", "says it was done: make it a task"),
        (False, "好的", "Done, the SIM is suspended", "says it was done: make it a task"),
        (False, "都做完了", "I've called them", "says it was done: make it a task"),
        (True, "问题解决了", "Yes", "says the problem is solved: drop task: true"),
        (True, "好的", "Fixed, it works now", "says the problem is solved: drop task: true"),
    ],
)
def test_labels_that_do_not_answer_their_question_are_refused(
    task: bool, yes_zh: str, yes_en: str, complaint: str
) -> None:
    text = LABELLED.replace("YES_ZH", yes_zh).replace("YES_EN", yes_en)
    if not task:
        text = text.replace("    task: true\n", "")
    with pytest.raises(GuideError, match=complaint):
        sample_guide(text, "tasks")


@pytest.mark.parametrize(
    ("task", "yes_zh", "yes_en"),
    [
        (True, "办好了，卡已挂失", "Done, the SIM is suspended"),
        (False, "解决了，能用了", "Fixed, it works again"),
        (False, "改好了，重新提交成功", "Fixed it, and it went through"),  # done and solved
        (False, "银行找到了，钱已入账", "The bank found it, the money is in"),
    ],
)
def test_labels_that_answer_their_question_pass(task: bool, yes_zh: str, yes_en: str) -> None:
    text = LABELLED.replace("YES_ZH", yes_zh).replace("YES_EN", yes_en)
    if not task:
        text = text.replace("    task: true\n", "")
    assert sample_guide(text, "tasks").steps["report"].task is task

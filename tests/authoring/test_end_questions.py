"""An escalating end's own questions for what it collects (``ask``): used when the field is
collected, refused when they name a field the end does not collect or ask for a secret, and
required for a custom field, which okhelp has no words for."""

from __future__ import annotations

import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from okhelp.core.conversation import Conversation
from okhelp.errors import GuideError
from okhelp.fields.validation import FieldContext
from okhelp.storage.sessions import Store
from tests.helpers.sample_guides import sample_guide

WORDED = textwrap.dedent(
    """\
    id: worded
    category: account
    title: {zh: 身份验证, en: Verification}
    summary: {zh: 身份验证, en: Verification}
    start: retry
    steps:
      - id: retry
        type: action
        text: {zh: 再验证一次。, en: Try the verification again.}
        next: escalate
      - id: escalate
        type: end
        outcome: escalate
        collect: [account, occurred_at, x-document]
        ask:
          occurred_at: {zh: 身份验证是什么时候失败的？, en: When did the verification fail?}
          x-document: {zh: 用的是什么证件？, en: Which document did you use?}
        text: {zh: 找客服, en: Contact support}
    """
)
NOW = datetime(2026, 11, 21, 15, 42, tzinfo=timezone(timedelta(hours=8)))
CTX = FieldContext(now=NOW, timezone=NOW.tzinfo, timezone_name="Asia/Shanghai")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lang", "asked"),
    [
        ("en", ["Your wallet account?", "When did the verification fail?", "Which document"]),
        ("zh", ["你的钱包账户是", "身份验证是什么时候失败的？", "用的是什么证件？"]),
    ],
)
def test_the_end_asks_in_its_own_words_where_it_has_them(
    tmp_path: Path, lang: str, asked: list[str]
) -> None:
    guide = sample_guide(WORDED, "worded")
    conv = Conversation.begin(
        {guide.id: guide}, guide.id, CTX, lang=lang, store=Store(tmp_path), now=lambda: NOW
    )
    conv.answer(False)
    prompts = []
    for value in ("13800138000", "2 hours ago", "passport"):
        question = conv.question()
        assert question is not None and question.collecting
        prompts.append(question.prompt)
        conv.answer(value)
    assert [p.startswith(a) for p, a in zip(prompts, asked, strict=True)] == [True] * 3, prompts


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        (
            "      x-document: {zh: 用的是什么证件？, en: Which document did you use?}\n",
            "",
            "collects 'x-document' but does not say how to ask for it",
        ),
        ("occurred_at: {zh: 身份", "amount: {zh: 身份", "does not collect: 'amount'"),
        ("Which document did you use?", "Please enter your PIN", "ask for a secret"),
        (
            "    ask:\n      occurred_at: {zh: 身份验证是什么时候失败的？, en: When did the"
            " verification fail?}\n      x-document: {zh: 用的是什么证件？, en: Which document did"
            " you use?}\n",
            "    ask: [occurred_at]\n",
            "must map collected fields",
        ),
    ],
)
def test_the_loader_refuses_questions_it_cannot_use(old: str, new: str, complaint: str) -> None:
    assert old in WORDED
    with pytest.raises(GuideError, match=complaint):
        sample_guide(WORDED.replace(old, new), "worded")


def test_a_field_of_the_guides_own_reaches_the_summary_with_its_question(tmp_path: Path) -> None:
    from okhelp.output.formats import plain
    from okhelp.storage.config import Config

    guide = sample_guide(WORDED, "worded")
    conv = Conversation.begin(
        {guide.id: guide}, guide.id, CTX, lang="en", store=Store(tmp_path), now=lambda: NOW
    )
    conv.answer(False)
    for value in ("13800138000", "2 hours ago", "passport"):
        conv.answer(value)
    record = conv.summary(Config(), NOW)
    (item,) = [i for i in record["transcript"] if i["field"] == "x-document"]
    assert item["question"] == "Which document did you use?" and item["answer"] == "passport"
    assert f"/transcript/{record['transcript'].index(item)}/answer" in record["user_supplied"]
    assert "Which document did you use? → passport" in plain(record, "en")

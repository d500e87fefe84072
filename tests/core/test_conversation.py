"""The session core with no I/O beyond a temporary store: questions, answers, back, collection."""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from okhelp.core.conversation import Conversation, Question
from okhelp.domain.engine import NOT_POSSIBLE, CannotGoBack, Engine
from okhelp.domain.model import Guide
from okhelp.domain.session import COLLECT_SOURCE
from okhelp.errors import InvalidAnswer
from okhelp.fields.validation import FieldContext
from okhelp.library.catalog import load_catalog
from okhelp.storage.sessions import Store
from tests.helpers import saved_session

NOW = datetime(2026, 11, 21, 15, 42, tzinfo=timezone(timedelta(hours=8)))
CTX = FieldContext(now=NOW, timezone=NOW.tzinfo, timezone_name="Asia/Shanghai")  # type: ignore[arg-type]
GUIDES = load_catalog({}).guides


def _begin(tmp_path: Path, guide_id: str = "top-up", **kwargs: Any) -> Conversation:
    return Conversation.begin(
        GUIDES,
        guide_id,
        CTX,
        lang=kwargs.pop("lang", "en"),
        store=kwargs.pop("store", Store(tmp_path / "home")),
        now=lambda: NOW,
        **kwargs,
    )


def _reload(tmp_path: Path, conv: Conversation) -> Conversation:
    store = Store(tmp_path / "home")
    session = store.load_session(conv.session.session_id)
    return Conversation(Engine(GUIDES, session.guide), session, CTX, store=store, now=lambda: NOW)


def _saved(tmp_path: Path, conv: Conversation) -> dict[str, Any]:
    return saved_session(tmp_path / "home", conv.session.session_id)


def _q(conv: Conversation) -> Question:
    question = conv.question()
    assert question is not None
    return question


def test_first_question_of_top_up(tmp_path: Path) -> None:
    conv = _begin(tmp_path)
    question = _q(conv)
    assert (question.guide, question.step, question.kind) == ("top-up", "method", "choice")
    assert [o.id for o in question.options] == ["bank", "third-party", "cash"]
    assert question.position == 1 and not question.can_go_back and question.field is None
    assert question.left == max(conv.engine.left_at_most("top-up", "method") or 0, 1)
    assert conv.session.guide_version == GUIDES["top-up"].version
    # nothing typed yet: nothing saved
    assert not (tmp_path / "home").exists()


def test_action_questions_offer_three_answers_and_say_so_in_the_text(tmp_path: Path) -> None:
    conv = _begin(tmp_path)
    conv.answer("cash")
    question = _q(conv)
    assert question.kind == "yesno"
    assert [o.id for o in question.options] == ["yes", "no", "not_possible"]
    assert [o.label for o in question.options][2] == "I can't do this step"
    assert question.text.startswith("Keep the receipt") and question.text.endswith(
        "Did this solve it?"
    )
    zh = _begin(tmp_path, lang="zh")
    zh.answer("cash")
    assert [o.label for o in _q(zh).options][2] == "这一步做不到"


@pytest.mark.parametrize("word", ["not_possible", "cant", "can't", "做不到", "这一步做不到"])
def test_not_possible_is_recorded_and_goes_on_like_not_solved(tmp_path: Path, word: str) -> None:
    conv = _begin(tmp_path)
    conv.answer("cash")
    conv.answer(word)
    assert conv.session.trail[-1].value == NOT_POSSIBLE
    assert _q(conv).step == "check-record"
    assert _saved(tmp_path, conv)["trail"][-1]["value"] == "not_possible"


def test_confirm_steps_do_not_take_not_possible(tmp_path: Path) -> None:
    conv = _begin(tmp_path)
    conv.answer("third-party")
    with pytest.raises(InvalidAnswer):
        conv.answer("cant")


def test_choices_take_their_label_or_number(tmp_path: Path) -> None:
    conv = _begin(tmp_path)
    conv.answer("Cash at a top-up point")
    assert conv.session.trail[-1].value == "cash"
    conv = _begin(tmp_path)
    conv.answer("2")
    assert conv.session.trail[-1].value == "third-party"
    conv = _begin(tmp_path)
    conv.answer("银行转账")
    assert conv.session.trail[-1].value == "bank"


def test_a_refused_answer_changes_nothing(tmp_path: Path) -> None:
    conv = _begin(tmp_path)
    for value in ("cash", "no", "no"):
        conv.answer(value)
    before = _saved(tmp_path, conv)
    asked = _q(conv)
    with pytest.raises(InvalidAnswer) as caught:
        conv.answer("next year")
    assert "not a time" in caught.value.reason
    assert _q(conv) == asked and _saved(tmp_path, conv) == before


def _to_collection(tmp_path: Path) -> Conversation:
    conv = _begin(tmp_path)
    for value in ("cash", "no", "no", "yesterday 3pm", "50", ""):
        conv.answer(value)
    return conv


def test_collected_fields_are_questions_like_any_other(tmp_path: Path) -> None:
    conv = _to_collection(tmp_path)
    question = _q(conv)
    assert question.collecting and question.kind == "text"
    assert (question.step, question.field, question.optional) == ("escalate", "account", False)
    assert question.position == 7 and question.can_go_back
    assert conv.session.status == "in_progress" and conv.session.end == ("top-up", "escalate")
    with pytest.raises(InvalidAnswer):
        conv.answer("")  # the account is needed
    conv.answer("13800138000")
    question = _q(conv)
    assert (question.field, question.optional, question.position) == ("description", True, 8)
    conv.answer("")
    assert conv.question() is None and conv.finished
    assert conv.session.status == "escalated"
    assert conv.session.fields["account"]["source"] == COLLECT_SOURCE
    assert _saved(tmp_path, conv)["status"] == "escalated"


def test_back_undoes_collected_fields_then_guide_steps(tmp_path: Path) -> None:
    conv = _to_collection(tmp_path)
    conv.answer("lilei_2026")
    assert _q(conv).field == "description"
    conv.back()
    question = _q(conv)
    assert question.field == "account" and question.default == "lilei_2026"
    assert "account" not in conv.session.fields
    # the default survives a reload: the step protocol moves one process at a time
    assert _q(_reload(tmp_path, conv)).default == "lilei_2026"
    conv.back()
    question = _q(conv)
    assert (question.step, question.collecting, question.default) == ("txn", False, None)
    conv.answer("TX2026112000001")
    conv.answer("lilei_2026")
    conv.answer("钱没到")
    assert conv.session.status == "escalated" and conv.session.description == "钱没到"


def test_back_at_the_first_question_and_after_the_end_is_refused(tmp_path: Path) -> None:
    conv = _begin(tmp_path)
    with pytest.raises(CannotGoBack):
        conv.back()
    for value in ("third-party", "no", "yes"):
        conv.answer(value)
    assert conv.session.status == "resolved"
    with pytest.raises(CannotGoBack):
        conv.back()
    with pytest.raises(InvalidAnswer):
        conv.answer("yes")


def test_every_move_is_saved_and_a_reload_asks_the_same(tmp_path: Path) -> None:
    conv = _begin(tmp_path)
    for value in ("cash", "no", "no", "2 hours ago", "120.5 元"):
        conv.answer(value)
        assert _q(_reload(tmp_path, conv)) == _q(conv)
    conv.back()
    assert _q(_reload(tmp_path, conv)) == _q(conv)
    assert _q(conv).default == "120.5 元"


def test_going_back_to_nothing_entered_is_saved_too(tmp_path: Path) -> None:
    """Once on disk, every move is saved: the file must not keep an answer that was undone."""
    conv = _begin(tmp_path)
    conv.answer("cash")
    conv.back()
    assert _saved(tmp_path, conv)["trail"] == []
    assert _q(_reload(tmp_path, conv)).default == "cash"


def test_secrets_are_redacted_and_said_once(tmp_path: Path) -> None:
    said: list[str] = []
    conv = _begin(tmp_path, description="卡号 4111 1111 1111 1111 充值没到", notify=said.append)
    assert conv.session.description == "卡号 [REDACTED:card_number] 充值没到"
    conv.answer("bank")
    assert len(said) == 1 and "(card number)" in said[0] and "card_number" not in said[0]
    saved = json.dumps(_saved(tmp_path, conv), ensure_ascii=False)
    assert "4111" not in saved


def test_a_time_and_an_amount_are_shown_back_as_read(tmp_path: Path) -> None:
    conv = _begin(tmp_path)
    assert conv.shown_back("occurred_at", "yesterday 3pm") == "2026-11-20 15:00 (Fri)"
    assert conv.shown_back("occurred_at", "gibberish") is None
    assert conv.shown_back("amount", "€12,50") == "12.50 EUR"
    assert conv.shown_back("amount", "lots") is None
    assert conv.shown_back("transaction_id", "TX2026112000001") is None


def test_edit_after_the_end_keeps_the_entry_and_marks_it(tmp_path: Path) -> None:
    conv = _to_collection(tmp_path)
    conv.answer("13800138000")
    conv.answer("钱没到")
    when_source = conv.session.fields["occurred_at"]["source"]
    conv.edit_field("occurred_at", "2 hours ago")
    edited = conv.session.fields["occurred_at"]
    assert edited["edited"] is True and edited["source"] == when_source == "top-up/when"
    assert edited["value"] == "2026-11-21T13:42:00+08:00"
    conv.edit_field("error_message", "E42")  # never asked: added, not edited
    assert "edited" not in conv.session.fields["error_message"]
    conv.edit_field("description", "still missing")
    assert conv.session.description == "still missing"
    assert conv.session.fields["description"]["edited"] is True
    saved = _saved(tmp_path, conv)
    assert saved["fields"]["occurred_at"]["edited"] is True
    with pytest.raises(InvalidAnswer):
        conv.edit_field("account", "")


def test_ack_steps_and_links(tmp_path: Path) -> None:
    guide = next(g for g in GUIDES.values() if any(s.type == "link" for s in g.steps.values()))
    example = next(e for e in guide.examples if e.expect_guide not in (None, guide.id))
    conv = _begin(tmp_path, guide.id)
    for _ in range(60):
        question = conv.question()
        if question is None or question.guide != guide.id:
            break
        step = GUIDES[question.guide].steps[question.step]
        if question.kind == "ack":
            assert [o.id for o in question.options] == ["continue"]
            conv.answer(None)
        else:
            conv.answer(example.answers[step.id])
    assert conv.state.guide == example.expect_guide


def _walk(tmp_path: Path, guide: Guide, answers: dict[str, Any]) -> list[Question]:
    samples = {
        "account": "13800138000",
        "transaction_id": "TX2026112000001",
        "occurred_at": "2 hours ago",
        "amount": "100",
        "currency": "CNY",
        "error_message": "E1",
        "app_version": "5.2.0",
        "device": "Pixel 8",
        "description": "test",
    }
    conv = _begin(tmp_path, guide.id)
    asked: list[Question] = []
    while (question := conv.question()) is not None:
        asked.append(question)
        if question.collecting:
            conv.answer(samples.get(question.field or "", "x"))
            continue
        step = GUIDES[question.guide].steps[question.step]
        keys = [f"{question.guide}.{step.id}", step.id, step.field or ""]
        value = next((answers[k] for k in keys if k in answers), None)
        if value is None and step.type == "input":
            value = samples.get(step.field or "", "x")
        conv.answer(value)
    return asked


EXAMPLES = [(g.id, i) for g in GUIDES.values() for i in range(len(g.examples))]


@pytest.mark.parametrize(("guide_id", "index"), EXAMPLES)
def test_every_example_walks_and_the_counter_never_goes_up(
    tmp_path: Path, guide_id: str, index: int
) -> None:
    guide = GUIDES[guide_id]
    example = guide.examples[index]
    asked = _walk(tmp_path, guide, dict(example.answers))
    lefts = [q.left for q in asked]  # the questions an escalating end collects included
    assert all(a > b for a, b in itertools.pairwise(lefts)), lefts
    assert all(left >= 1 for left in lefts)
    # "at most N to go" is never fewer than really came
    assert all(left >= len(asked) - i for i, left in enumerate(lefts)), lefts
    positions = [q.position for q in asked]
    assert positions == list(range(1, len(asked) + 1))


def test_yes_no_options_come_from_the_step_labels_when_it_has_them() -> None:
    from okhelp.core.conversation import options_for
    from okhelp.domain.model import Text

    plain = GUIDES["top-up"].steps["refresh"]
    assert [o.label for o in options_for(plain, "zh")][:2] == ["解决了", "还没解决"]
    labelled = dataclasses.replace(
        plain,
        labels={
            "yes": Text({"zh": "已到账", "en": "It arrived"}),
            "no": Text({"zh": "没到账", "en": "Still missing"}),
        },
    )
    assert [(o.id, o.label) for o in options_for(labelled, "zh")] == [
        ("yes", "已到账"),
        ("no", "没到账"),
        (NOT_POSSIBLE, "这一步做不到"),
    ]
    assert [o.label for o in options_for(labelled, "en")][:2] == ["It arrived", "Still missing"]


class LockingStore(Store):
    """A store with a per-session lock, recording when it is held."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.events: list[str] = []

    @contextlib.contextmanager
    def lock_session(self, session_id: str) -> Iterator[None]:
        self.events.append(f"lock {session_id}")
        yield
        self.events.append(f"unlock {session_id}")

    def save_session(self, session: Any) -> Path:
        self.events.append("save")
        return super().save_session(session)


def test_the_session_lock_is_taken_when_the_store_has_one(tmp_path: Path) -> None:
    from okhelp.core.conversation import session_lock

    store = LockingStore(tmp_path / "home")
    conv = _begin(tmp_path, store=store)
    with session_lock(store, conv.session.session_id):
        conv.answer("cash")
    sid = conv.session.session_id
    assert store.events == [f"lock {sid}", "save", f"unlock {sid}"]
    with session_lock(Store(tmp_path / "plain"), sid):  # a store without one: no lock, no error
        pass


def test_the_recap_says_what_was_answered_as_the_user_saw_it(tmp_path: Path) -> None:
    conv = _begin(tmp_path)
    assert conv.recap() == []
    conv.answer("bank")
    conv.answer(False)  # the bank-remark advice: tried, did not help
    first, second = conv.recap()
    assert first == ("How did you top up?", "Bank transfer")
    advice = GUIDES["top-up"].steps["bank-remark"].text.get("en")
    assert advice.startswith(second[0].rstrip("…"))  # an action is named by its advice
    assert second[1] == "No, still not working"
    assert all(len(question) <= 36 for question, _ in conv.recap())


def test_the_recap_shows_typed_answers_as_read_and_collected_fields(tmp_path: Path) -> None:
    conv = _begin(tmp_path, "top-up")
    for value in ("third-party", False, False, False, "2 hours ago", "50", ""):
        conv.answer(value)
    answers = [answer for _, answer in conv.recap()]
    assert "50.00 CNY" in answers and answers[-1] == "(none given)"  # no transaction id
    while (question := conv.question()) is not None and question.collecting:
        conv.answer("13800138000" if question.field == "account" else "")
    assert ("Account", "13800138000") in conv.recap()  # a field the end collected

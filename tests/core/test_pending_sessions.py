"""A session told to wait: its status and date, coming back after the wait, a wait already over
when the user gives the time, and the words at the end — with the built-in withdrawal guide."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from okhelp.core.conversation import Conversation
from okhelp.domain.engine import Engine
from okhelp.fields.validation import FieldContext
from okhelp.library.catalog import load_catalog
from okhelp.storage.config import Config
from okhelp.storage.sessions import Store

SHANGHAI = timezone(timedelta(hours=8))
# A Friday: three working days from here skip the weekend.
FRIDAY = datetime(2026, 11, 27, 10, 0, tzinfo=SHANGHAI)
GUIDES = load_catalog({}).guides


def _context(now: datetime) -> FieldContext:
    return FieldContext(now=now, timezone=SHANGHAI, timezone_name="Asia/Shanghai")


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _begin(
    tmp_path: Path, clock: Clock, lang: str = "zh", notes: list[str] | None = None
) -> Conversation:
    return Conversation.begin(
        GUIDES,
        "withdrawal",
        _context(clock.now),
        lang=lang,
        store=Store(tmp_path / "home"),
        now=clock,
        notify=(notes.append if notes is not None else None),
    )


def _reload(tmp_path: Path, conv: Conversation, clock: Clock) -> Conversation:
    store = Store(tmp_path / "home")
    session = store.load_session(conv.session.session_id)
    return Conversation(
        Engine(GUIDES, session.guide), session, _context(clock.now), store=store, now=clock
    )


def test_a_withdrawal_submitted_this_morning_waits_three_working_days(tmp_path: Path) -> None:
    clock = Clock(FRIDAY)
    conv = _begin(tmp_path, clock)
    conv.answer("pending")
    conv.answer("今天早上9点")
    assert conv.session.status == "pending" and conv.finished and conv.question() is None
    # Friday 9:00 + Mon, Tue, Wed
    assert conv.session.pending_until == "2026-12-02T09:00+08:00"
    assert conv.pending_words() == "12月2日（周三）"
    ending = conv.finish(Config(), clock.now)
    assert ending.status == "pending" and ending.pending_until == "2026-12-02T09:00+08:00"
    assert ending.saved_to is None  # nothing for support yet
    assert ending.record["status"] == "pending"
    assert ending.record["pending_until"] == "2026-12-02T09:00+08:00"
    assert "已解决" not in (ending.text or "")
    saved = Store(tmp_path / "home").load_session(conv.session.session_id)
    assert (saved.status, saved.pending_until) == ("pending", "2026-12-02T09:00+08:00")


def test_coming_back_after_the_wait_goes_on_to_check_and_escalate(tmp_path: Path) -> None:
    clock = Clock(FRIDAY)
    conv = _begin(tmp_path, clock, lang="en")
    conv.answer("pending")
    conv.answer("this morning at 9")
    clock.now = FRIDAY + timedelta(days=6)
    back = _reload(tmp_path, conv, clock)
    assert back.pending and back.wait_is_over()
    back.come_back()
    assert back.session.status == "in_progress" and back.session.pending_until is None
    question = back.question()
    assert question is not None and question.step == "check-record"
    assert not question.can_go_back or back.state.trail[-1].step == "wait"
    back.answer(False)
    back.answer("1000")
    back.answer("")
    while (question := back.question()) is not None:  # what the end collects
        back.answer({"account": "13800138000"}.get(question.field or "", "withdrawal late"))
    assert back.session.status == "escalated"
    record = back.finish(Config(), clock.now).record
    assert "pending_until" not in record
    assert record["incident"]["occurred_at_text"] == "this morning at 9"
    assert record["incident"]["occurred_at"] == "2026-11-27T09:00:00+08:00"
    assert [item["step"] for item in record["transcript"]][:3] == ["status", "when", "check-record"]
    waited = [item for item in record["steps_tried"] if item["step"] == "wait"]
    assert waited and waited[0]["result"] == "not_solved"
    assert waited[0]["action"].startswith("Withdrawals usually arrive")
    assert "early" not in waited[0]  # the whole wait was sat out


def test_a_wait_already_over_at_the_time_given_goes_straight_on(tmp_path: Path) -> None:
    clock = Clock(FRIDAY)
    notes: list[str] = []
    conv = _begin(tmp_path, clock, notes=notes)
    conv.answer("pending")
    conv.answer("上周一")  # Monday 16 Nov: three working days are over on Thursday 19 Nov
    assert conv.session.status == "in_progress"
    question = conv.question()
    assert question is not None and question.step == "check-record"
    assert any("11月19日" in note and "已经过了" in note for note in notes)


def test_an_early_answer_to_a_pending_session_reopens_it(tmp_path: Path) -> None:
    clock = Clock(FRIDAY)
    conv = _begin(tmp_path, clock)
    conv.answer("pending")
    conv.answer("今天早上9点")
    assert not conv.wait_is_over()
    conv.answer("还没到")  # whatever is said: the user is back
    assert conv.session.status == "in_progress"
    question = conv.question()
    assert question is not None and question.step == "check-record"


def test_the_agent_is_told_the_user_came_back_before_the_date(tmp_path: Path) -> None:
    from okhelp.output.formats import markdown

    clock = Clock(FRIDAY)
    conv = _begin(tmp_path, clock)
    conv.answer("pending")
    conv.answer("今天早上9点")
    clock.now = FRIDAY + timedelta(days=1)  # Saturday: the wait runs to Wednesday
    back = _reload(tmp_path, conv, clock)
    told: list[str] = []
    back.notify = told.append
    back.come_back()
    assert [note for note in told if "12月2日" in note and "现在也可以接着往下走" in note]
    back.answer(False)
    back.answer("1000")
    back.answer("")
    while (question := back.question()) is not None:
        back.answer({"account": "13800138000"}.get(question.field or "", "还没到账"))
    record = back.finish(Config(), clock.now).record
    (waited,) = [item for item in record["steps_tried"] if item["step"] == "wait"]
    assert waited["result"] == "not_solved" and waited["early"] is True
    assert "等待期未满就回来了" in markdown(record)
    # and a session saved so reads back the same, early and all
    again = _reload(tmp_path, back, clock)
    assert again.state.trail == back.state.trail
    assert Engine(GUIDES, "withdrawal").replay(again.state.trail).outcome == "escalate"


def test_a_wait_that_leads_back_to_itself_waits_instead_of_going_round(tmp_path: Path) -> None:
    from tests.helpers.sample_guides import sample_guide

    text = """\
id: round
category: money
title: {zh: 等, en: Wait}
summary: {zh: 等, en: Wait}
start: when
steps:
  - id: when
    type: input
    field: occurred_at
    text: {zh: 什么时候?, en: When?}
    next: wait
  - id: wait
    type: end
    outcome: pending
    wait: {days: 1, since: occurred_at}
    next: again
    text: {zh: 等一天, en: Wait a day}
  - id: again
    type: end
    outcome: pending
    wait: {days: 1, since: occurred_at}
    next: wait
    text: {zh: 再等等, en: Wait a bit more}
"""
    guide = sample_guide(text, "round")
    clock = Clock(FRIDAY)
    conv = Conversation.begin(
        {guide.id: guide},
        guide.id,
        _context(clock.now),
        lang="en",
        store=Store(tmp_path / "home"),
        now=clock,
    )
    conv.answer("3 days ago")  # both waits long over: past each once, then it waits
    assert conv.session.status == "pending"
    assert len(conv.session.trail) == 3  # when, wait, again: not round and round
    for _ in range(3):  # each coming back passes each wait once more: it never doubles
        before = len(conv.session.trail)
        conv.come_back()
        assert conv.session.status == "pending"
        assert len(conv.session.trail) == before + 3


def test_a_vague_time_counts_from_the_latest_moment_it_can_mean(tmp_path: Path) -> None:
    """ "This month" on a Friday may be this morning: the wait is not over, it starts now."""
    clock = Clock(FRIDAY)
    notes: list[str] = []
    conv = _begin(tmp_path, clock, notes=notes)
    conv.answer("pending")
    conv.answer("这个月")
    assert conv.session.status == "pending", notes
    # counted from now (Friday 10:00): Mon, Tue, Wed
    assert conv.session.pending_until == "2026-12-02T10:00+08:00"
    assert not any("已经过了" in note for note in notes)


def test_a_vague_time_wholly_past_still_counts_from_its_end(tmp_path: Path) -> None:
    clock = Clock(FRIDAY)
    conv = _begin(tmp_path, clock)
    conv.answer("pending")
    conv.answer("上周")  # the week of 16-22 Nov: three working days after its end are over
    assert conv.session.status == "in_progress"


def test_a_wait_over_earlier_today_says_the_time_not_just_the_day(tmp_path: Path) -> None:
    clock = Clock(FRIDAY)  # 27 Nov, 10:00
    notes: list[str] = []
    conv = _begin(tmp_path, clock, notes=notes)
    conv.answer("pending")
    conv.answer("周二早上9点")  # Tue 24 Nov 09:00 + three working days: today, 09:00
    assert conv.session.status == "in_progress"
    (over,) = [note for note in notes if "已经过了" in note]
    assert "11月27日（周五） 09:00" in over

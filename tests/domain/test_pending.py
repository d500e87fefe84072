"""A pending end, in the pure engine and the loader: the wait it states, the one answer that
goes on after it, and the guides the loader refuses."""

from __future__ import annotations

import textwrap
from datetime import datetime, timedelta, timezone

import pytest

from okhelp.domain.engine import WAITED, CannotGoBack, Engine
from okhelp.domain.model import Wait
from okhelp.domain.waiting import wait_over
from okhelp.errors import GuideError, InvalidAnswer
from tests.helpers.sample_guides import sample_guide

WAITING = textwrap.dedent(
    """\
    id: waiting
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
        wait: {working_days: 3, since: occurred_at}
        next: arrived
        text: {zh: 等三个工作日, en: Wait three working days}
      - id: arrived
        type: confirm
        text: {zh: 到了吗?, en: Has it arrived?}
        on_yes: fine
        on_no: escalate
      - id: fine
        type: end
        outcome: resolved
        text: {zh: 好, en: Good}
      - id: escalate
        type: end
        outcome: escalate
        text: {zh: 找客服, en: Contact support}
    """
)

SHANGHAI = timezone(timedelta(hours=8))


def _engine() -> Engine:
    guide = sample_guide(WAITING, "waiting")
    return Engine({guide.id: guide}, guide.id)


def test_a_pending_end_is_an_end_that_goes_on_only_after_the_wait() -> None:
    engine = _engine()
    state = engine.answer(engine.start(), "2026-11-20T09:00:00+08:00")
    assert state.done and state.outcome == "pending" and state.step == "wait"
    for other in ("yes", True, None, "arrived"):
        with pytest.raises(InvalidAnswer):
            engine.answer(state, other)
    after = engine.answer(state, WAITED)
    assert not after.done and after.step == "arrived"
    assert [entry.step for entry in after.trail] == ["when", "wait"]
    assert after.trail[-1].value == WAITED


def test_saved_answers_past_the_wait_replay_to_the_same_place() -> None:
    engine = _engine()
    at_end = engine.answer(engine.start(), "2026-11-20T09:00:00+08:00")
    walked = engine.answer(engine.answer(at_end, WAITED), False)
    replayed = engine.replay(walked.trail)
    assert (replayed.step, replayed.outcome) == ("escalate", "escalate")
    assert replayed.trail == walked.trail
    stopped = engine.replay(at_end.trail)  # a session saved while it waits
    assert (stopped.step, stopped.outcome) == ("wait", "pending")
    with pytest.raises(InvalidAnswer):  # only the one answer goes past a pending end
        engine.replay((*at_end.trail, *walked.trail[len(at_end.trail) + 1 :]))


def test_back_stops_at_the_wait_but_works_up_to_it() -> None:
    engine = _engine()
    at_end = engine.answer(engine.start(), "2026-11-20T09:00:00+08:00")
    assert engine.back(at_end).step == "when"  # before the wait is over, the answer may change
    after = engine.answer(at_end, WAITED)
    with pytest.raises(CannotGoBack):
        engine.back(after)


def test_the_way_on_after_the_wait_is_a_reference_the_graph_checks() -> None:
    broken = WAITING.replace("next: arrived\n    text", "next: nowhere\n    text")
    with pytest.raises(GuideError, match="nowhere"):
        sample_guide(broken, "waiting")


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ("wait: {working_days: 3, since: occurred_at}\n    ", "", "needs 'wait'"),
        ("next: arrived\n    text: {zh: 等三", "text: {zh: 等三", "needs 'next'"),
        ("working_days: 3", "working_days: 3, hours: 4", "exactly one of"),
        ("working_days: 3", "working_days: 0", "from 1 to 365"),
        ("working_days: 3", "working_days: 400", "from 1 to 365"),
        ("working_days: 3", "working_days: three", "from 1 to 365"),
        ("working_days: 3", "weeks: 3", "unknown key"),
        ("since: occurred_at", "since: tomorrow", "since must be occurred_at"),
        (
            "next: arrived\n    text: {zh: 等三",
            "next: wait\n    text: {zh: 等三",
            "leads to itself",
        ),
    ],
)
def test_the_loader_refuses_a_pending_end_without_a_clear_wait(
    old: str, new: str, complaint: str
) -> None:
    assert old in WAITING
    with pytest.raises(GuideError, match=complaint):
        sample_guide(WAITING.replace(old, new), "waiting")


def test_only_a_pending_end_may_say_wait_or_next() -> None:
    text = WAITING.replace("outcome: pending", "outcome: resolved")
    with pytest.raises(GuideError, match="only a pending end has 'wait'"):
        sample_guide(text, "waiting")


def test_working_days_skip_the_weekend() -> None:
    thursday = datetime(2026, 11, 26, 15, 0, tzinfo=SHANGHAI)
    # Fri, Mon, Tue: the weekend does not count
    assert wait_over(Wait(3, "working_days"), thursday) == datetime(
        2026, 12, 1, 15, 0, tzinfo=SHANGHAI
    )
    saturday = datetime(2026, 11, 28, 10, 0, tzinfo=SHANGHAI)
    assert wait_over(Wait(1, "working_days"), saturday).date().isoformat() == "2026-11-30"
    assert wait_over(Wait(5, "working_days"), thursday).weekday() < 5


def test_days_and_hours_count_the_clock() -> None:
    start = datetime(2026, 11, 28, 22, 30, tzinfo=SHANGHAI)
    assert wait_over(Wait(2, "days"), start) == datetime(2026, 11, 30, 22, 30, tzinfo=SHANGHAI)
    assert wait_over(Wait(4, "hours"), start) == datetime(2026, 11, 29, 2, 30, tzinfo=SHANGHAI)

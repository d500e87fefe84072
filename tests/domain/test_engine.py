"""The pure engine: every step type, back, link, outcomes, replay — no terminal, no files."""

from __future__ import annotations

import pytest

from okhelp.domain.engine import CannotGoBack, Engine, Entry, State
from okhelp.errors import GuideNotFound, InvalidAnswer
from tests.helpers.sample_guides import MAIN, OTHER, sample_guide


@pytest.fixture
def engine() -> Engine:
    return Engine(
        {"main": sample_guide(MAIN, "main"), "other": sample_guide(OTHER, "other")}, "main"
    )


def test_starts_at_the_start_step(engine: Engine) -> None:
    state = engine.start()
    assert state.key == ("main", "hello")
    assert engine.expects(state) == "ack"
    assert not state.done


def test_info_needs_only_acknowledging(engine: Engine) -> None:
    state = engine.answer(engine.start(), "ignored")
    assert state.step == "kind"
    assert state.trail == (Entry("main", "hello", None),)


def test_choice_follows_the_chosen_branch(engine: Engine) -> None:
    state = engine.answer(engine.answer(engine.start(), None), "b")
    assert state.step == "sure"
    assert engine.expects(state) == "yesno"


def test_choice_refuses_unknown_ids(engine: Engine) -> None:
    state = engine.answer(engine.start(), None)
    with pytest.raises(InvalidAnswer) as caught:
        engine.answer(state, "z")
    assert caught.value.accepted == "a, b, other"


def test_confirm_yes_reaches_a_resolved_end(engine: Engine) -> None:
    state = engine.start()
    for value in (None, "b", True):
        state = engine.answer(state, value)
    assert state.done and state.outcome == "resolved" and state.step == "fixed"
    assert engine.expects(state) == "done"
    with pytest.raises(InvalidAnswer):
        engine.answer(state, True)


def test_confirm_needs_a_boolean(engine: Engine) -> None:
    state = engine.answer(engine.answer(engine.start(), None), "b")
    with pytest.raises(InvalidAnswer):
        engine.answer(state, "yes")


def test_action_yes_resolves_at_the_action(engine: Engine) -> None:
    state = engine.start()
    for value in (None, "a", True):
        state = engine.answer(state, value)
    assert state.outcome == "resolved" and state.step == "tried"


def test_action_no_is_remembered_as_tried(engine: Engine) -> None:
    state = engine.start()
    for value in (None, "a", False):
        state = engine.answer(state, value)
    assert state.step == "when"
    assert [(e.step, e.value) for e in state.trail][-1] == ("tried", False)


def test_input_required_and_optional(engine: Engine) -> None:
    state = engine.start()
    for value in (None, "a", False):
        state = engine.answer(state, value)
    with pytest.raises(InvalidAnswer):
        engine.answer(state, "   ")
    state = engine.answer(state, "  yesterday 3pm ")
    assert state.trail[-1].value == "yesterday 3pm"
    state = engine.answer(state, "")
    assert state.trail[-1] == Entry("main", "note", None)
    assert state.done and state.outcome == "escalate" and state.step == "escalate"


def test_back_rewinds_one_step_and_keeps_the_answer_as_default(engine: Engine) -> None:
    state = engine.start()
    for value in (None, "a", False, "yesterday"):
        state = engine.answer(state, value)
    assert state.step == "note"
    state = engine.back(state)
    assert state.step == "when"
    assert engine.default(state) == "yesterday"
    state = engine.back(engine.back(state))
    assert state.step == "kind"
    assert engine.default(state) == "a"
    assert len(state.trail) == 1


def test_back_then_a_different_branch(engine: Engine) -> None:
    state = engine.start()
    for value in (None, "a"):
        state = engine.answer(state, value)
    state = engine.answer(engine.back(state), "b")
    assert state.step == "sure"
    assert [e.value for e in state.trail] == [None, "b"]


def test_back_from_an_end_returns_to_the_last_question(engine: Engine) -> None:
    state = engine.start()
    for value in (None, "b", True):
        state = engine.answer(state, value)
    back = engine.back(state)
    assert back.step == "sure" and not back.done and engine.default(back) is True


def test_back_at_the_first_step_is_refused(engine: Engine) -> None:
    with pytest.raises(CannotGoBack):
        engine.back(engine.start())


def test_link_continues_in_the_other_guide(engine: Engine) -> None:
    state = engine.start()
    for value in (None, "other"):
        state = engine.answer(state, value)
    assert state.key == ("main", "elsewhere")
    state = engine.answer(state, None)
    assert state.key == ("other", "check")
    state = engine.answer(state, False)
    assert state.done and state.key == ("other", "escalate")
    assert engine.back(engine.back(state)).key == ("main", "elsewhere")


def test_link_to_a_missing_guide_is_a_domain_error() -> None:
    engine = Engine({"main": sample_guide(MAIN, "main")}, "main")
    state = engine.start()
    for value in (None, "other"):
        state = engine.answer(state, value)
    with pytest.raises(GuideNotFound):
        engine.answer(state, None)


def test_unknown_start_guide() -> None:
    with pytest.raises(GuideNotFound):
        Engine({}, "main")


def test_replay_rebuilds_the_same_state(engine: Engine) -> None:
    state = engine.start()
    for value in (None, "a", False, "yesterday"):
        state = engine.answer(state, value)
    assert engine.replay(state.trail) == State("main", "note", state.trail, {}, None)


def test_replay_refuses_answers_that_no_longer_fit(engine: Engine) -> None:
    with pytest.raises(InvalidAnswer):
        engine.replay([Entry("main", "kind", "a")])


def test_remaining_counts_down_to_the_end(engine: Engine) -> None:
    state = engine.start()
    first = engine.remaining(state)
    state = engine.answer(state, None)
    assert engine.remaining(state) < first
    for value in ("b", True):
        state = engine.answer(state, value)
    assert engine.remaining(state) == 0
    assert engine.position(state) == 4


def test_states_are_immutable(engine: Engine) -> None:
    start = engine.start()
    engine.answer(start, None)
    assert start.trail == () and start.step == "hello"

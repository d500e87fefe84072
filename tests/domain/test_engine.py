"""The pure engine: every step type, back, link, outcomes, replay — no terminal, no files."""

from __future__ import annotations

import textwrap

import pytest

from okhelp.authoring.checker import check_graph
from okhelp.authoring.loader import parse_guide
from okhelp.domain.engine import CannotGoBack, Engine, Entry, State
from okhelp.domain.model import Guide
from okhelp.errors import GuideNotFound, InvalidAnswer

MAIN = textwrap.dedent(
    """\
    id: main
    category: money
    title: {zh: 主, en: Main}
    summary: {zh: 主, en: Main}
    start: hello
    steps:
      - id: hello
        type: info
        text: {zh: 你好, en: Hello}
        next: kind
      - id: kind
        type: choice
        text: {zh: 哪种?, en: Which kind?}
        choices:
          - {id: a, label: {zh: 甲, en: A}, next: tried}
          - {id: b, label: {zh: 乙, en: B}, next: sure}
          - {id: other, label: {zh: 别的, en: Other}, next: elsewhere}
      - id: tried
        type: action
        text: {zh: 重启, en: Restart}
        next: when
      - id: sure
        type: confirm
        text: {zh: 确定?, en: Sure?}
        on_yes: fixed
        on_no: when
      - id: when
        type: input
        field: occurred_at
        text: {zh: 什么时候?, en: When?}
        next: note
      - id: note
        type: input
        field: x-note
        required: false
        text: {zh: 备注, en: Note}
        next: escalate
      - id: elsewhere
        type: link
        guide: other
        text: {zh: 转到另一个指南, en: On to another guide}
      - id: fixed
        type: end
        outcome: resolved
        text: {zh: 好, en: Good}
      - id: escalate
        type: end
        outcome: escalate
        text: {zh: 客服, en: Support}
    """
)
OTHER = textwrap.dedent(
    """\
    id: other
    category: app
    title: {zh: 另, en: Other}
    summary: {zh: 另, en: Other}
    start: check
    steps:
      - id: check
        type: action
        text: {zh: 检查, en: Check}
        on_yes: ok
        next: escalate
      - id: ok
        type: end
        outcome: resolved
        text: {zh: 好, en: OK}
      - id: escalate
        type: end
        outcome: escalate
        text: {zh: 客服, en: Support}
    """
)


def _guide(text: str, name: str) -> Guide:
    return parse_guide(text.encode(), f"{name}.yaml", expected_id=name, graph_check=check_graph)


@pytest.fixture
def engine() -> Engine:
    return Engine({"main": _guide(MAIN, "main"), "other": _guide(OTHER, "other")}, "main")


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
    engine = Engine({"main": _guide(MAIN, "main")}, "main")
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

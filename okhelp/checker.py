"""Checks of a guide as a decision tree: references, reachability, endings, links, examples."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timezone

from okhelp import answers as answer_rules
from okhelp import fields
from okhelp.engine import Engine, InvalidAnswer, State
from okhelp.errors import OkhelpError, Problem
from okhelp.model import Guide, Step

# Examples resolve relative times against a fixed instant so that they pass on any day.
EXAMPLE_NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)


def check_graph(guide: Guide) -> list[Problem]:
    """References that go nowhere, steps that cannot be reached, and steps with no way out."""
    problems: list[Problem] = []
    path = guide.path
    for step in guide.steps.values():
        for target, line in step.references():
            if target not in guide.steps:
                problems.append(
                    Problem(
                        path,
                        line,
                        f"step '{step.id}' leads to a step that does not exist: '{target}'",
                    )
                )
    if problems or guide.start not in guide.steps:
        return problems
    reachable = _walk(guide.start, lambda s: guide.steps[s].targets())
    for step in guide.steps.values():
        if step.id not in reachable:
            problems.append(
                Problem(
                    path,
                    step.line,
                    f"step '{step.id}' cannot be reached from start '{guide.start}'",
                )
            )
    incoming: dict[str, list[str]] = {step_id: [] for step_id in guide.steps}
    for step in guide.steps.values():
        for target in step.targets():
            incoming[target].append(step.id)
    exits = [s.id for s in guide.steps.values() if s.type in ("end", "link", "action")]
    can_finish: set[str] = set()
    for exit_id in exits:
        can_finish |= _walk(exit_id, lambda s: incoming[s])
    for step in guide.steps.values():
        if step.id in reachable and step.id not in can_finish:
            problems.append(
                Problem(
                    path, step.line, f"no end can be reached from step '{step.id}' (endless loop)"
                )
            )
    return problems


def _walk(start: str, neighbours: Callable[[str], list[str]]) -> set[str]:
    seen = {start}
    stack = [start]
    while stack:
        for nxt in neighbours(stack.pop()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def check_links(guide: Guide, known: Mapping[str, object]) -> list[Problem]:
    """``link`` steps must name a guide that exists among ``known``."""
    return [
        Problem(
            guide.path,
            step.key_lines.get("guide", step.line),
            f"step '{step.id}' links to a guide that does not exist: '{step.guide}'",
        )
        for step in guide.steps.values()
        if step.type == "link" and step.guide not in known
    ]


def example_context() -> fields.FieldContext:
    """The fixed context examples are validated in (UTC, a fixed now)."""
    return fields.FieldContext(now=EXAMPLE_NOW, timezone=timezone.utc, timezone_name="UTC")


def run_example(
    guide: Guide, example_index: int, guides: Mapping[str, Guide]
) -> tuple[State, Engine]:
    """Walk the example's answers through the engine; raise OkhelpError when it cannot finish."""
    example = guide.examples[example_index]
    all_guides = {**guides, guide.id: guide}
    engine = Engine(all_guides, guide.id)
    ctx = example_context()

    def validate_input(state: State, step: Step, text: str) -> None:
        assert step.field is not None
        fields.validate(step.field, text, ctx)

    state = engine.start()
    try:
        state, stopped = answer_rules.autopilot(engine, state, example.answers, validate_input)
    except InvalidAnswer as exc:
        raise OkhelpError(
            f"at step '{engine.step(state).id}': {exc.reason} (accepted: {exc.accepted})"
        ) from None
    if stopped is not None:
        raise OkhelpError(f"stops at step '{state.step}' of '{state.guide}': {stopped}")
    return state, engine


def check_examples(guide: Guide, guides: Mapping[str, Guide]) -> list[Problem]:
    """Each example must reach the end (and outcome) it expects."""
    problems: list[Problem] = []
    for index, example in enumerate(guide.examples):
        where = f"example '{example.name}'"
        try:
            state, _ = run_example(guide, index, guides)
        except OkhelpError as exc:
            problems.append(Problem(guide.path, example.line, f"{where} {exc.message}"))
            continue
        wrong: list[str] = []
        if example.expect_guide is not None and state.guide != example.expect_guide:
            wrong.append(f"guide '{state.guide}', expected '{example.expect_guide}'")
        if example.expect_end is not None and state.step != example.expect_end:
            wrong.append(f"end '{state.step}', expected '{example.expect_end}'")
        if example.expect_outcome is not None and state.outcome != example.expect_outcome:
            wrong.append(f"outcome '{state.outcome}', expected '{example.expect_outcome}'")
        if wrong:
            problems.append(
                Problem(guide.path, example.line, f"{where} reaches {'; '.join(wrong)}")
            )
    return problems


def uncovered_ends(guide: Guide, guides: Mapping[str, Guide]) -> list[str]:
    """End steps no example reaches: the parts of the guide its examples do not test."""
    reached: set[str] = set()
    for index in range(len(guide.examples)):
        try:
            state, _ = run_example(guide, index, guides)
        except OkhelpError:
            continue
        if state.guide == guide.id:
            reached.add(state.step)
    return [end.id for end in guide.ends() if end.id not in reached]

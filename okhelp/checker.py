"""Checks of a guide as a decision tree: references, reachability, endings, links, examples."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone

from okhelp import answers as answer_rules
from okhelp import fields
from okhelp.engine import Engine, InvalidAnswer, State
from okhelp.errors import OkhelpError, Problem
from okhelp.model import Example, Guide, Step

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


@dataclass(frozen=True)
class ExampleRun:
    """One example run once: where it ended (None if it could not finish) and what is wrong."""

    example: Example
    state: State | None
    problem: str | None


def run_examples(guide: Guide, guides: Mapping[str, Guide]) -> list[ExampleRun]:
    """Run every example of a guide once and judge it against what it expects."""
    runs: list[ExampleRun] = []
    for index, example in enumerate(guide.examples):
        where = f"example '{example.name}'"
        try:
            state, _ = run_example(guide, index, guides)
        except OkhelpError as exc:
            runs.append(ExampleRun(example, None, f"{where} {exc.message}"))
            continue
        wrong: list[str] = []
        if example.expect_guide is not None and state.guide != example.expect_guide:
            wrong.append(f"guide '{state.guide}', expected '{example.expect_guide}'")
        if example.expect_end is not None and state.step != example.expect_end:
            wrong.append(f"end '{state.step}', expected '{example.expect_end}'")
        if example.expect_outcome is not None and state.outcome != example.expect_outcome:
            wrong.append(f"outcome '{state.outcome}', expected '{example.expect_outcome}'")
        problem = f"{where} reaches {'; '.join(wrong)}" if wrong else None
        runs.append(ExampleRun(example, state, problem))
    return runs


def example_problems(guide: Guide, runs: list[ExampleRun]) -> list[Problem]:
    return [Problem(guide.path, run.example.line, run.problem) for run in runs if run.problem]


def ends_not_reached(guide: Guide, runs: list[ExampleRun]) -> list[str]:
    """End steps no example reaches: the parts of the guide its examples do not test."""
    reached = {
        run.state.step for run in runs if run.state is not None and run.state.guide == guide.id
    }
    return [end.id for end in guide.ends() if end.id not in reached]


def check_examples(guide: Guide, guides: Mapping[str, Guide]) -> list[Problem]:
    """Each example must reach the end (and outcome) it expects."""
    return example_problems(guide, run_examples(guide, guides))


def uncovered_ends(guide: Guide, guides: Mapping[str, Guide]) -> list[str]:
    """End steps no example of the guide reaches."""
    return ends_not_reached(guide, run_examples(guide, guides))

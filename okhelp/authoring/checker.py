"""Checks of a guide as a decision tree: references, reachability, endings, links, examples."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from itertools import chain
from typing import Any

from okhelp.authoring.loader import missing_step, parse_instant
from okhelp.domain import answers as answer_rules
from okhelp.domain.engine import WAITED, Engine, State, loop_text, unasked_run
from okhelp.domain.model import Example, Guide, Rule, Step
from okhelp.domain.waiting import wait_over, wait_start
from okhelp.errors import InvalidAnswer, OkhelpError, Problem
from okhelp.fields import validation as fields
from okhelp.i18n.messages import LANGS, Reason, did_you_mean
from okhelp.util.text import printable
from okhelp.util.yamlsafe import quoted
from okhelp.util.zones import offset_name

# The one field an escalation cannot end without (as in the wizard).
REQUIRED_WHEN_COLLECTED = ("account",)

# Examples resolve relative times against a fixed instant so that they pass on any day.
EXAMPLE_NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)


def check_graph(guide: Guide, broken: Mapping[str, tuple[str, ...]] | None = None) -> list[Problem]:
    """References that go nowhere, steps that cannot be reached, and steps with no way out.

    ``broken`` is given for a draft (a file with other mistakes): its references were said as
    written, and each step that failed to load leads where it says and counts as a way out, so
    no step is called unreachable or endless because of another step's mistake.
    """
    problems: list[Problem] = []
    path = guide.path
    if broken is None:
        for step in guide.steps.values():
            for target, line in step.references():
                if target not in guide.steps:
                    problems.append(Problem(path, line, missing_step(step.id, target, guide.steps)))
        if problems:
            return problems
    unknown = broken or {}
    if guide.start not in guide.steps:
        return problems
    ids = {*guide.steps, *unknown}
    written = [*(t for s in guide.steps.values() for t in s.targets()), *chain(*unknown.values())]
    if any(target not in ids for target in written):
        return problems + check_labels(guide)  # a way that goes nowhere: reachability would lie

    def ways_on(step_id: str) -> list[str]:
        if step_id in guide.steps:
            return [t for t in guide.steps[step_id].targets() if t in ids]
        return [t for t in unknown.get(step_id, ()) if t in ids]

    reachable = _walk(guide.start, ways_on)
    for step in guide.steps.values():
        if step.id not in reachable:
            problems.append(
                Problem(
                    path,
                    step.line,
                    f"step '{step.id}' cannot be reached from start '{guide.start}'",
                )
            )
    incoming: dict[str, list[str]] = {step_id: [] for step_id in ids}
    for step_id in ids:
        for target in ways_on(step_id):
            incoming[target].append(step_id)
    exits = [s.id for s in guide.steps.values() if s.type in ("end", "link", "action")]
    can_finish: set[str] = set()
    for exit_id in [*exits, *unknown]:
        can_finish |= _walk(exit_id, lambda s: incoming[s])
    for step in guide.steps.values():
        if step.id in reachable and step.id not in can_finish:
            problems.append(
                Problem(
                    path, step.line, f"no end can be reached from step '{step.id}' (endless loop)"
                )
            )
    return problems + check_labels(guide)


# A yes label that says a task was carried out, and one that says the problem went away. An action
# asks "Did this solve it?" and a task "Is this done?": a label must answer the question asked.
_SAYS_DONE = re.compile(
    r"办好|做好|办完|做完|弄好|完成|办成|已挂失|挂失了|已提交|提交了|已报警|报警了|已联系|联系了|打过|问过|改好|开好|提完"
    r"|\b(?:done|did it|i did|completed|finished|reported|called|contacted|suspended|submitted)\b",
    re.IGNORECASE,
)
_SAYS_SOLVED = re.compile(
    r"解决|修好|恢复正常|能用了|能登录|成功|到账了|入账|退回|退款了|回来了"
    r"|\b(?:fixed|solved|resolved|sorted|works?|working|went through|is back|refunded)\b",
    re.IGNORECASE,
)


def check_labels(guide: Guide) -> list[Problem]:
    """Yes/no labels that do not answer the question the step is asked with."""
    problems: list[Problem] = []
    for step in guide.steps.values():
        if step.type != "action" or step.labels is None:
            continue
        for lang in LANGS:
            yes = step.labels["yes"].get(lang)
            done, solved = bool(_SAYS_DONE.search(yes)), bool(_SAYS_SOLVED.search(yes))
            if not step.task and done and not solved:
                problems.append(
                    Problem(
                        guide.path,
                        step.line,
                        f"step '{step.id}' is asked 'Did this solve it?', but its yes label "
                        f"'{printable(yes)}' says it was done: make it a task (task: true, "
                        "asked 'Is this done?')",
                    )
                )
                break
            if step.task and solved and not done:
                problems.append(
                    Problem(
                        guide.path,
                        step.line,
                        f"step '{step.id}' is a task, asked 'Is this done?', but its yes label "
                        f"'{printable(yes)}' says the problem is solved: drop task: true",
                    )
                )
                break
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
    """``link`` steps must name a guide that exists among ``known``, and must not lead round
    a loop that asks nothing (see :func:`check_loops`)."""
    missing = [
        Problem(
            guide.path,
            step.key_lines.get("guide", step.line),
            f"step '{step.id}' links to a guide that does not exist: '{step.guide}'"
            + did_you_mean(step.guide, known),
        )
        for step in guide.steps.values()
        if step.type == "link" and step.guide not in known
    ]
    guides = {gid: g for gid, g in known.items() if isinstance(g, Guide)}
    return missing + check_loops(guide, {**guides, guide.id: guide})


def check_loops(guide: Guide, guides: Mapping[str, Guide]) -> list[Problem]:
    """Each link step whose way on, through info and link steps alone, comes round again.

    Those steps move on without a question, so such a loop would turn for ever: okhelp would
    never ask anything and the session would grow at every turn. The loop is named at the link's
    line, whether the link is on it (a guide that links to itself, A -> B -> A) or leads into it
    (a loop in another guide); the guides are taken as ``guides`` has them, custom guides that
    replace built-in ones included. A loop of info steps alone is check_graph's "no end".
    """
    problems: list[Problem] = []
    for step in guide.steps.values():
        if step.type != "link":
            continue
        run, begins = unasked_run(guides, guide.id, step.id)
        if begins is None:
            continue
        cycle = loop_text([*run[begins:], run[begins]])
        on_it = begins == 0
        problems.append(
            Problem(
                guide.path,
                step.key_lines.get("guide", step.line),
                f"step '{step.id}' "
                + ("goes round" if on_it else "leads into")
                + f" a loop that asks nothing: {cycle}; every step on it is an info or link "
                "step, so okhelp would move on for ever without a question (make one of them "
                "ask something, or link elsewhere)",
            )
        )
    return problems


def example_context(now: str | None = None) -> fields.FieldContext:
    """The context examples are checked in: a fixed now (the example's or the guide's ``now``,
    else 2026-11-21T12:00:00Z) in that instant's own UTC offset, the default field rules."""
    moment = parse_instant(now) if now is not None else None
    if moment is None:
        return fields.FieldContext(now=EXAMPLE_NOW, timezone=timezone.utc, timezone_name="UTC")
    offset = moment.utcoffset() or timedelta(0)
    zone = timezone(offset)
    return fields.FieldContext(now=moment, timezone=zone, timezone_name=offset_name(offset))


class ExampleFailure(OkhelpError):
    """An example that cannot run to its end, said as a run without a terminal would say it."""

    def __init__(self, message: str, answer: str | None = None) -> None:
        super().__init__(message)
        self.answer = answer  # the answer key at fault, for its line


class _Unchecked(Exception):
    """An example whose path runs into a step that did not load, or a link to a guide that does
    not exist: that mistake is reported on its own, and the example says nothing more."""


def _step_name(state: State, guide: Guide, step_id: str) -> str:
    inside = f" (in guide '{state.guide}')" if state.guide != guide.id else ""
    return f"step '{step_id}'{inside}"


def _answer_key(answers: Mapping[str, str | bool], guide_id: str, step: Step) -> str | None:
    """Which key of the answers ``answer_rules.lookup`` takes for this step."""
    keys = [f"{guide_id}.{step.id}", step.id]
    if step.type == "input" and step.field:
        keys.append(step.field)
    return next((key for key in keys if key in answers), None)


def _yaml_bool(example: Example, key: str, where: str, takes: str) -> ExampleFailure:
    """An unquoted yes/no/on/off answered where a choice id or text is wanted."""
    value = example.answers[key]
    word = example.answer_words.get(key, "yes" if value is True else "no")
    return ExampleFailure(
        f"{where}: YAML reads the unquoted answer {printable(word)} as the yes/no value "
        f"{str(value).lower()}, but this step takes {takes}; quote it: "
        f"{printable(key)}: {quoted(word)}",
        key,
    )


def run_example(
    guide: Guide,
    example_index: int,
    guides: Mapping[str, Guide],
    broken: Collection[str] = (),
) -> tuple[State, Engine]:
    """Walk the example's answers as ``okhelp guide ID --answers`` walks them without a terminal:
    the same lookup, the same answer and field rules, the same now-relative times. Raise
    :class:`ExampleFailure` naming the step whose answer is wrong, and why.

    Fields the end collects are checked when the example gives them; those it does not give are
    asked at the end of a real run, so an example need not give them.
    """
    example = guide.examples[example_index]
    all_guides = {**guides, guide.id: guide}
    engine = Engine(all_guides, guide.id)
    ctx = example_context(example.now)
    answers = example.answers
    recorded: set[str] = set()
    values: dict[str, dict[str, object]] = {}  # the fields given, as a session keeps them
    seen: set[tuple[str, str]] = set()
    state = engine.start()
    while not state.done or _goes_on_after_wait(engine, state, answers, values, ctx):
        if state.guide == guide.id and state.step in broken:
            raise _Unchecked
        if state.done:  # a pending end, and the example comes back after the wait
            if state.key in seen:
                raise ExampleFailure(
                    f"stops at {_step_name(state, guide, state.step)}: the given answers lead "
                    "round a loop back to this step"
                )
            seen.add(state.key)
            state = engine.answer(state, WAITED)
            continue
        step = engine.step(state)
        if step.type == "link" and step.guide not in all_guides:
            raise _Unchecked
        if step.type in ("info", "link"):
            state = engine.answer(state, None)
            continue
        key = _answer_key(answers, state.guide, step)
        name = _step_name(state, guide, step.id)
        if key is None:
            raise ExampleFailure(
                f"stops at {name}: no answer given; accepted: {answer_rules.accepted(step)}"
            )
        if state.key in seen:
            raise ExampleFailure(
                f"stops at {name}: the given answers lead round a loop back to this step"
            )
        seen.add(state.key)
        raw = answers[key]
        if isinstance(raw, bool) and step.type in ("choice", "input"):
            raise _yaml_bool(example, key, name, "a choice id" if step.type == "choice" else "text")
        try:
            value = answer_rules.coerce(step, raw)
            if step.type == "input" and isinstance(value, str):
                value = answer_rules.typed_answer(
                    value.strip(), required=step.required, accepted=f"text ({step.field})"
                )
                if value:
                    values[step.field or ""] = fields.validate(
                        step.field or "", value, ctx
                    ).to_json()
                recorded.add(step.field or "")
            state = engine.answer(state, value)
        except InvalidAnswer as exc:
            raise ExampleFailure(f"{name}: {exc.reason}; accepted: {exc.accepted}", key) from None
    if state.outcome == "escalate":
        end = engine.step(state)
        _check_collected(example, end, _step_name(state, guide, end.id), recorded, ctx)
    return state, engine


def _goes_on_after_wait(
    engine: Engine,
    state: State,
    answers: Mapping[str, Any],
    values: Mapping[str, Mapping[str, object]],
    ctx: fields.FieldContext,
) -> bool:
    """At a pending end, a run goes on when the example answers the end with ``waited`` (the
    user came back), or when the wait counted from the time it gave is over at its ``now``, as
    a real run goes straight on then."""
    if state.outcome != "pending":
        return False
    end = engine.step(state)
    key = _answer_key(answers, state.guide, end)
    if key is not None and answers[key] == WAITED:
        return True
    given = values.get(end.wait.since or "") if end.wait else None
    if end.wait is None or given is None:
        return False  # no time given: the wait counts from now, and is not over
    return wait_over(end.wait, wait_start(given, ctx.now)) <= ctx.now


def _check_collected(
    example: Example,
    end: Step,
    where: str,
    recorded: set[str],
    ctx: fields.FieldContext,
) -> None:
    """The fields an escalating end collects, checked as the wizard checks given ones."""
    for name in end.collect:
        given = example.answers.get(name)
        if name in recorded or given is None:
            continue
        if isinstance(given, bool):
            raise _yaml_bool(example, name, f"{where}: field '{name}'", "text")
        try:
            text = answer_rules.typed_answer(
                answer_rules.plain_text(given).strip(),
                required=name in REQUIRED_WHEN_COLLECTED,
                accepted=f"text for the field '{name}'",
            )
            if name in REQUIRED_WHEN_COLLECTED and not text:
                raise InvalidAnswer(Reason("reason_required"), f"text for the field '{name}'")
            if text:
                fields.validate(name, text, ctx)
        except InvalidAnswer as exc:
            raise ExampleFailure(
                f"{where}: field '{name}': {exc.reason}; accepted: {exc.accepted}", name
            ) from None


def answer_names(guide: Guide, guides: Mapping[str, Guide]) -> set[str]:
    """Every key an answer may have for this guide: step ids (also as guide.step), input and
    collected field names, in the guide and in every guide it links to."""
    names: set[str] = set()
    todo, done = [guide.id], set()
    while todo:
        current_id = todo.pop()
        current = guide if current_id == guide.id else guides.get(current_id)
        if current is None or current.id in done:
            continue
        done.add(current.id)
        for step in current.steps.values():
            names.update({step.id, f"{current.id}.{step.id}"})
            if step.field:
                names.add(step.field)
            names.update(step.collect)
            if step.type == "link" and step.guide:
                todo.append(step.guide)
    return names


@dataclass(frozen=True)
class ExampleRun:
    """One example run once: where it ended (None if it could not finish) and what is wrong."""

    example: Example
    state: State | None
    problem: str | None
    line: int | None = None  # of the answer at fault, else of the example


def run_examples(
    guide: Guide, guides: Mapping[str, Guide], broken: Collection[str] = ()
) -> list[ExampleRun]:
    """Run every example of a guide once and judge it against what it expects; an example that
    runs into a ``broken`` step (one that did not load) or a missing guide is left out."""
    runs: list[ExampleRun] = []
    all_guides = {**guides, guide.id: guide}
    names = answer_names(guide, all_guides) | set(broken)
    for index, example in enumerate(guide.examples):
        where = f"example '{example.name}'"
        unknown = [key for key in example.answers if key not in names]
        if unknown:
            key = unknown[0]
            runs.append(
                ExampleRun(
                    example,
                    None,
                    f"{where}: the answer '{printable(key)}' names no step or field of this "
                    f"guide or the guides it links to{did_you_mean(key, sorted(names))}",
                    example.answer_lines.get(key) or example.line,
                )
            )
            continue
        try:
            state, _ = run_example(guide, index, guides, broken)
        except _Unchecked:
            continue
        except ExampleFailure as exc:
            line = example.answer_lines.get(exc.answer or "") or example.line
            runs.append(ExampleRun(example, None, f"{where}: {exc.message}", line))
            continue
        except OkhelpError as exc:
            if exc.code == "guide_step_unknown":
                continue  # a way on to a step that did not load: reported as that step's mistake
            runs.append(ExampleRun(example, None, f"{where}: {exc.message}", example.line))
            continue
        wrong = _expectations_missed(example, state, all_guides)
        problem = f"{where} reaches {'; '.join(wrong)}" if wrong else None
        unused = unused_answers(example, state, all_guides)
        if problem is None and unused:
            problem = f"{where} gives answers no step on its path takes: {', '.join(unused)}"
        runs.append(ExampleRun(example, state, problem, example.line))
    return runs


def unused_answers(example: Example, state: State, guides: Mapping[str, Guide]) -> list[str]:
    """Answers of an example that its run never used: the guide changed under the example, or
    the example misnames a step. Without this an example keeps passing after the step it was
    written for is gone (a field the end no longer collects, a branch that was cut)."""
    used: set[str] = set()
    for entry in state.trail:
        step = guides[entry.guide].steps[entry.step]
        used |= {entry.step, f"{entry.guide}.{entry.step}"}
        if step.type == "input" and step.field:
            used.add(step.field)
    end = guides[state.guide].steps[state.step]
    if end.type == "end":
        used.update(end.collect)
    return [key for key in example.answers if key not in used]


def _expectations_missed(example: Example, state: State, guides: Mapping[str, Guide]) -> list[str]:
    wrong: list[str] = []
    if example.expect_guide is not None and state.guide != example.expect_guide:
        hint = "" if example.expect_guide in guides else did_you_mean(example.expect_guide, guides)
        wrong.append(f"guide '{state.guide}', expected '{example.expect_guide}'{hint}")
    if example.expect_end is not None and state.step != example.expect_end:
        steps = guides[example.expect_guide or state.guide].steps
        hint = (
            ""
            if example.expect_end in steps
            else (f" (no such step{did_you_mean(example.expect_end, steps)})")
        )
        wrong.append(f"end '{state.step}', expected '{example.expect_end}'{hint}")
    if example.expect_outcome is not None and state.outcome != example.expect_outcome:
        wrong.append(f"outcome '{state.outcome}', expected '{example.expect_outcome}'")
    return wrong


def example_problems(guide: Guide, runs: list[ExampleRun]) -> list[Problem]:
    return [Problem(guide.path, run.line, run.problem) for run in runs if run.problem]


def ends_not_reached(guide: Guide, runs: list[ExampleRun]) -> list[str]:
    """End steps no example reaches: the parts of the guide its examples do not test."""
    reached = {
        run.state.step for run in runs if run.state is not None and run.state.guide == guide.id
    }
    return [end.id for end in guide.ends() if end.id not in reached]


def check_examples(
    guide: Guide, guides: Mapping[str, Guide], broken: Collection[str] = ()
) -> list[Problem]:
    """Each example must reach the end (and outcome) it expects."""
    return example_problems(guide, run_examples(guide, guides, broken))


# A state of the path search: (guide id, step id, whether the rule has been set going).
_State = tuple[str, str, bool, bool]  # guide, step, rule going, a passes_through step passed
# How a state was reached: (previous state, what the user did there: "step=answer", or "").
_Via = tuple[_State, str] | None
RESOLVED_HERE = "(resolved)"


def check_rules(guide: Guide, guides: Mapping[str, Guide]) -> list[Problem]:
    """Prove each of the guide's path rules over every path, links into other guides included.

    A breadth-first search over (guide, step, rule set going) rather than over paths: the state
    space is at most twice the steps of the guides involved however the guides loop, and the
    first breach found lies on a shortest path, which is the one reported.
    """
    known = {**guides, guide.id: guide}
    problems: list[Problem] = []
    for rule in guide.rules:
        for breach in _breaches(guide, rule, known):
            problems.append(Problem(guide.path, rule.line, breach))
    return problems


def _moves(guides: Mapping[str, Guide], guide_id: str, step: Step) -> list[tuple[str, str, str]]:
    """(answer, guide, step) for each way out of ``step``; answer "" where none is asked.

    The step id RESOLVED_HERE stands for an action that ends the guide when it worked.
    """
    if step.type == "choice":
        return [(c.id, guide_id, c.next) for c in step.choices]
    if step.type == "confirm":
        return [("yes", guide_id, step.on_yes or ""), ("no", guide_id, step.on_no or "")]
    if step.type == "action":
        solved = (guide_id, step.on_yes) if step.on_yes else (guide_id, RESOLVED_HERE)
        return [
            ("yes", *solved),
            ("no", guide_id, step.next or ""),
            ("not_possible", guide_id, step.next or ""),
        ]
    if step.type == "link":
        target = guides.get(step.guide or "")
        return [("", target.id, target.start)] if target is not None else []
    if step.type == "end":  # a pending end goes on to its next step once the wait is over
        return [(WAITED, guide_id, step.next)] if step.next else []
    return [("", guide_id, step.next or "")]


def _breaches(guide: Guide, rule: Rule, guides: Mapping[str, Guide]) -> list[str]:
    after = set(rule.after)
    never = set(rule.never_reaches)
    passes = set(rule.passes_through)
    start: _State = (guide.id, guide.start, False, False)
    parents: dict[_State, _Via] = {start: None}
    queue: deque[_State] = deque([start])
    found: dict[str, str] = {}
    while queue and len(found) < 3:
        state = queue.popleft()
        guide_id, step_id, going, passed = state
        step = guides[guide_id].steps[step_id]
        for answer, target_guide, target in _moves(guides, guide_id, step):
            now_going = going or (guide_id == guide.id and (step_id, answer) in after)
            label = _label(guide.id, guide_id, step, answer)
            if target == RESOLVED_HERE:
                if now_going and rule.every_end not in (None, "resolved"):
                    path = _path(parents, state, f"{label} {RESOLVED_HERE}")
                    found.setdefault("every_end", _every_end_message(rule, "resolved", path))
                if now_going and passes and not passed:
                    path = _path(parents, state, f"{label} {RESOLVED_HERE}")
                    found.setdefault("passes", _passes_message(rule, path))
                continue
            if target not in guides[target_guide].steps:
                continue  # a broken reference, reported by check_graph
            now_passed = now_going and (passed or (target_guide == guide.id and target in passes))
            nxt: _State = (target_guide, target, now_going, now_passed)
            if nxt in parents:
                continue
            parents[nxt] = (state, label)
            queue.append(nxt)
            if not now_going:
                continue
            arrived = guides[target_guide].steps[target]
            name = _qualified(guide.id, target_guide, target)
            if target_guide == guide.id and target in never:
                path = _path(parents, nxt, name)
                found.setdefault(
                    "never",
                    f"rule: after {_after_text(rule)}, a path must never reach '{target}', "
                    f"but this one does: {path}",
                )
            outcome = arrived.outcome
            if arrived.type == "end" and rule.every_end is not None and outcome != rule.every_end:
                path = _path(parents, nxt, f"{name} ({outcome})")
                found.setdefault("every_end", _every_end_message(rule, str(outcome), path))
            if arrived.type == "end" and passes and not now_passed:
                path = _path(parents, nxt, f"{name} ({outcome})")
                found.setdefault("passes", _passes_message(rule, path))
    return [found[kind] for kind in ("every_end", "never", "passes") if kind in found]


def _passes_message(rule: Rule, path: str) -> str:
    steps = " or ".join(f"'{step}'" for step in rule.passes_through)
    return (
        f"rule: after {_after_text(rule)}, every path must pass {steps}, "
        f"but this one does not: {path}"
    )


def _qualified(home: str, guide_id: str, step_id: str) -> str:
    return step_id if guide_id == home else f"{guide_id}/{step_id}"


def _label(home: str, guide_id: str, step: Step, answer: str) -> str:
    """How a move shows in a reported path: "step=answer", a link step's id, or "" (info, input)."""
    name = _qualified(home, guide_id, step.id)
    if answer:
        return f"{name}={answer}"
    return name if step.type == "link" else ""


def _path(parents: Mapping[_State, _Via], state: _State, tail: str) -> str:
    """The moves to ``state`` from the answer that set the rule going, then ``tail``."""
    labels: list[str] = []
    current = state
    via = parents[current]
    while via is not None and current[2]:
        previous, label = via
        if label:
            labels.append(label)
        current = previous
        via = parents[current]
    return " → ".join([*reversed(labels), tail])


def _after_text(rule: Rule) -> str:
    return " or ".join(f"{step}={answer}" for step, answer in rule.after)


def _every_end_message(rule: Rule, outcome: str, path: str) -> str:
    return (
        f"rule: after {_after_text(rule)}, every end must be '{rule.every_end}', "
        f"but this path ends {outcome}: {path}"
    )

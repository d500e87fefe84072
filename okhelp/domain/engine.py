"""The wizard as a pure state machine: guide + answers -> where the user is now.

Nothing here prints, prompts or touches a file. A :class:`State` is immutable; every move returns
a new one, so "back" is just the previous answers replayed, and a saved session is just its trail.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from okhelp.domain.model import Guide, Step
from okhelp.errors import GuideNotFound, InvalidAnswer, OkhelpError
from okhelp.i18n.messages import Reason, message
from okhelp.util.text import printable

Answer = str | bool | None


def answer_code(value: Answer) -> str | None:
    """An answer as okhelp writes it for machines and menus: a choice id, ``yes``/``no``,
    ``not_possible`` or the text typed (None: no answer)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


# An action step the user could not carry out: it goes on like "not solved" but is recorded apart.
NOT_POSSIBLE = "not_possible"
# The answer a pending end takes when the user comes back after the wait, and the one it takes
# when the user comes back before the wait is over: both go on, and the agent sees which.
WAITED = "waited"
BACK_EARLY = "back_early"
COMING_BACK = (WAITED, BACK_EARLY)
Expectation = Literal["ack", "choice", "yesno", "text", "done"]
StepKey = tuple[str, str]
# A step reached with the fields filled on the way there (see Engine.left_at_most).
_Way = tuple[str, str, frozenset[str]]

_EXPECTATIONS: dict[str, Expectation] = {
    "info": "ack",
    "link": "ack",
    "choice": "choice",
    "confirm": "yesno",
    "action": "yesno",
    "input": "text",
    "end": "done",
}


class CannotGoBack(OkhelpError):
    """Back was asked for at the first step."""

    code = "cannot_go_back"


# Steps okhelp moves on from without a question: each has one way on, so a loop made of them
# alone would go round for ever (and grow the session at every turn) without the user ever
# being asked anything.
UNASKED: tuple[str, ...] = ("info", "link")


class GuideLoop(OkhelpError):
    """The guides lead round a loop of steps that ask nothing: refused before the first turn.

    ``cycle`` is the loop as (guide, step) keys, its first step repeated at the end.
    """

    code = "guide_loop"

    def __init__(self, cycle: tuple[StepKey, ...], lang: str = "en") -> None:
        self.cycle = cycle
        self.guide = cycle[0][0]
        text = loop_text(cycle)
        super().__init__(
            message("error.guide_loop", "en", guide=self.guide, cycle=text),
            guide=self.guide,
            cycle=text,
            lang=lang,
        )

    def localized(self, lang: str) -> GuideLoop:
        return GuideLoop(self.cycle, lang)


def loop_text(cycle: Iterable[StepKey]) -> str:
    """A loop as authors read it: ``guide/step → guide/step → ...``."""
    return " → ".join(f"{guide}/{step}" for guide, step in cycle)


def unasked_next(guides: Mapping[str, Guide], guide_id: str, step: Step) -> StepKey | None:
    """Where an info or link step moves on to by itself (None: nowhere that exists)."""
    if step.type == "link":
        linked = guides.get(step.guide or "")
        return (linked.id, linked.start) if linked is not None else None
    return (guide_id, step.next) if step.next else None


def unasked_run(
    guides: Mapping[str, Guide], guide_id: str, step_id: str
) -> tuple[list[StepKey], int | None]:
    """The steps passed without a question from here on, and the index in that run where a loop
    begins (None: the run stops at a question, an end or a broken reference).

    Each unasked step has one way on, so the run is a single line that either stops or bites
    its own tail; it is at most as long as the guides have info and link steps.
    """
    run: list[StepKey] = []
    index: dict[StepKey, int] = {}
    key: StepKey | None = (guide_id, step_id)
    while key is not None:
        guide = guides.get(key[0])
        step = guide.steps.get(key[1]) if guide is not None else None
        if step is None or step.type not in UNASKED:
            return run, None
        if key in index:
            return run, index[key]
        index[key] = len(run)
        run.append(key)
        key = unasked_next(guides, key[0], step)
    return run, None


@dataclass(frozen=True)
class Entry:
    """One answered step: which guide, which step, what was answered."""

    guide: str
    step: str
    value: Answer


@dataclass(frozen=True)
class State:
    """Where a session stands: the current step, the answers that led there, and defaults.

    ``defaults`` keeps answers undone by "back", so the user sees them again as suggestions.
    ``outcome`` is set once the session has reached an end (or an action that solved it).
    """

    guide: str
    step: str
    trail: tuple[Entry, ...] = ()
    defaults: Mapping[StepKey, Answer] = field(default_factory=dict)
    outcome: str | None = None

    @property
    def done(self) -> bool:
        return self.outcome is not None

    @property
    def key(self) -> StepKey:
        return (self.guide, self.step)


class Engine:
    """Moves through one guide, and through the guides it links to."""

    def __init__(self, guides: Mapping[str, Guide], start_guide: str) -> None:
        if start_guide not in guides:
            raise GuideNotFound(f"no guide '{printable(start_guide)}'", guide=start_guide)
        self.guides = guides
        self.start_guide = start_guide
        self._longest: dict[_Way, int | None] = {}
        self._collectable: frozenset[str] | None = None
        self._loops: dict[StepKey, tuple[StepKey, ...] | None] = {}

    def start(self) -> State:
        return self._arrive(State(self.start_guide, ""), self.start_guide, None)

    def guide(self, state: State) -> Guide:
        return self.guides[state.guide]

    def step(self, state: State) -> Step:
        return self.guides[state.guide].steps[state.step]

    def expects(self, state: State) -> Expectation:
        """What kind of answer the current step takes ("done" once the session has ended)."""
        if state.done:
            return "done"
        return _EXPECTATIONS[self.step(state).type]

    def default(self, state: State) -> Answer:
        """The answer given here before the user went back, if any."""
        return state.defaults.get(state.key)

    def answer(self, state: State, value: Answer) -> State:
        """Accept ``value`` for the current step and move on; InvalidAnswer if it does not fit.

        A pending end takes one of :data:`COMING_BACK`: the user is back (after the wait, or
        before it is over) and the problem is still there, so the session goes on to the end's
        ``next`` step."""
        if state.done:
            step = self.step(state)
            if state.outcome == "pending" and value in COMING_BACK and step.next:
                entry = Entry(state.guide, step.id, str(value))
                rest = {k: v for k, v in state.defaults.items() if k != state.key}
                return self._arrive(
                    State(state.guide, step.id, (*state.trail, entry), rest), state.guide, step.next
                )
            raise InvalidAnswer(Reason("reason_ended"), "nothing")
        step = self.step(state)
        value = self.validate(step, value)
        entry = Entry(state.guide, step.id, value)
        moved = State(
            state.guide,
            step.id,
            (*state.trail, entry),
            {k: v for k, v in state.defaults.items() if k != state.key},
        )
        if step.type == "link":
            assert step.guide is not None
            if step.guide not in self.guides:
                raise GuideNotFound(
                    f"step '{step.id}' links to a guide that does not exist: "
                    f"'{printable(step.guide)}'",
                    code="guide_link_unknown",
                    step=step.id,
                    guide=step.guide,
                )
            return self._arrive(moved, step.guide, None)
        if step.type == "choice":
            choice = step.choice(str(value))
            assert choice is not None
            return self._arrive(moved, state.guide, choice.next)
        if step.type == "action":
            if value is True and step.on_yes is None:
                return State(moved.guide, moved.step, moved.trail, moved.defaults, "resolved")
            return self._arrive(moved, state.guide, step.on_yes if value is True else step.next)
        if step.type == "confirm":
            return self._arrive(moved, state.guide, step.on_yes if value is True else step.on_no)
        return self._arrive(moved, state.guide, step.next)

    def validate(self, step: Step, value: Answer) -> Answer:
        """The value as the step stores it; raise InvalidAnswer when the step cannot take it."""
        kind = _EXPECTATIONS[step.type]
        if kind == "ack":
            return None
        if kind == "yesno":
            if step.type == "action" and value == NOT_POSSIBLE:
                return value
            if not isinstance(value, bool):
                accepted = "yes, no, not_possible" if step.type == "action" else "yes, no"
                raise InvalidAnswer(Reason("reason_expected_yes_no"), accepted)
            return value
        if kind == "choice":
            if not isinstance(value, str) or step.choice(value) is None:
                raise InvalidAnswer(
                    Reason("reason_no_such_choice"), ", ".join(c.id for c in step.choices)
                )
            return value
        if kind == "text":
            text = value.strip() if isinstance(value, str) else ""
            if not text:
                if step.required:
                    raise InvalidAnswer(Reason("reason_required"), f"text ({step.field})")
                return None
            return text
        raise InvalidAnswer(Reason("reason_ended"), "nothing")

    def back(self, state: State) -> State:
        """Undo the last answer; it becomes the default when that step is asked again."""
        if not state.trail:
            raise CannotGoBack("already at the first step")
        last = state.trail[-1]
        if last.value in COMING_BACK:  # the wait is over: what came before it is settled
            raise CannotGoBack("already at the first step after the wait")
        defaults = dict(state.defaults)
        defaults[(last.guide, last.step)] = last.value
        return State(last.guide, last.step, state.trail[:-1], defaults)

    def replay(
        self, entries: Iterable[Entry], defaults: Mapping[StepKey, Answer] | None = None
    ) -> State:
        """Rebuild a state from saved answers, checking each against the guide as it is now."""
        state = self.start()
        trail: list[Entry] = []
        for entry in entries:
            came_back = state.outcome == "pending" and entry.value in COMING_BACK
            if (state.done and not came_back) or state.key != (entry.guide, entry.step):
                raise InvalidAnswer(
                    Reason("reason_answers_misfit", step=entry.step),
                    "a new session",
                )
            # Each answer is moved from a state without the trail and the trail is put
            # together once at the end: a replay costs as much per answer at any length.
            state = self.answer(State(state.guide, state.step, outcome=state.outcome), entry.value)
            trail.extend(state.trail)
        return State(state.guide, state.step, tuple(trail), dict(defaults or {}), state.outcome)

    def remaining(self, state: State, known: Iterable[str] = ()) -> int:
        """At most how many questions are left, counting this one and the fields an escalating
        end will still collect (``known``: fields the session has already; 0 once ended or when
        a loop makes it unknowable). Taken on the longest way, so it never goes up as the user
        advances."""
        if state.done:
            return 0
        return self.left_at_most(state.guide, state.step, known) or 0

    def left_at_most(self, guide_id: str, step_id: str, known: Iterable[str] = ()) -> int | None:
        """Questions to an end on the longest way from this step, through linked guides too,
        with the fields that end collects and nothing on the way has filled; None when a loop
        lies ahead (a guide may go round until the user picks another answer).

        A way is walked with the fields filled along it (an input step fills one), so a field
        asked on the way is not counted again at the end. Walked with a stack of its own rather
        than by recursion, so a guide of any length is measured (Python's recursion limit is a
        thousand frames); each (step, fields) pair is worked out once.
        """
        root: _Way = (guide_id, step_id, frozenset(known) & self._collected_fields())
        if root in self._longest:
            return self._longest[root]
        on_path = {root}
        stack: list[tuple[_Way, list[_Way]]] = [(root, self._ways_on(root))]
        while stack:
            key, todo = stack[-1]
            if todo:
                nxt = todo.pop()
                seen = nxt in self._longest
                if nxt in on_path or (seen and self._longest[nxt] is None):
                    # Every step on the stack leads to ``nxt``, and ``nxt`` to a loop.
                    for waiting, _ in stack:
                        self._longest[waiting] = None
                    break
                if not seen:
                    on_path.add(nxt)
                    stack.append((nxt, self._ways_on(nxt)))
                continue
            stack.pop()
            on_path.discard(key)
            step = self._step_at(key[:2])
            if step is None or step.type == "end":
                # An escalating end still asks for what its summary collects.
                asks = step.collect if step is not None and step.outcome == "escalate" else ()
                self._longest[key] = len([name for name in asks if name not in key[2]])
                continue
            after = [self._longest[target] or 0 for target in self._ways_on(key)]
            self._longest[key] = 1 + max(after, default=0)
        return self._longest[root]

    def _collected_fields(self) -> frozenset[str]:
        """Every field some end collects: the only ones a way needs to remember."""
        if self._collectable is None:
            self._collectable = frozenset(
                name
                for guide in self.guides.values()
                for end in guide.ends()
                for name in end.collect
            )
        return self._collectable

    def _step_at(self, key: StepKey) -> Step | None:
        guide = self.guides.get(key[0])
        return guide.steps.get(key[1]) if guide is not None else None

    def _ways_on(self, key: _Way) -> list[_Way]:
        """The steps this one can lead to (a link: the linked guide's start), each with the
        fields filled once this step is answered."""
        step = self._step_at(key[:2])
        if step is None or step.type == "end":
            return []
        filled = key[2]
        if step.type == "input" and step.field is not None:
            filled = filled | ({step.field} & self._collected_fields())
        if step.type == "link":
            linked = self.guides.get(step.guide or "")
            return [(linked.id, linked.start, filled)] if linked is not None else []
        return [
            (key[0], target, filled)
            for target in step.targets()
            if target in self.guides[key[0]].steps
        ]

    def loop_ahead(self, guide_id: str, step_id: str) -> tuple[StepKey, ...] | None:
        """The loop of unasked steps this step leads into without a question, if any (its
        first step repeated at the end); worked out once per step."""
        key = (guide_id, step_id)
        if key not in self._loops:
            run, begins = unasked_run(self.guides, guide_id, step_id)
            cycle = None if begins is None else (*run[begins:], run[begins])
            for passed in run:
                self._loops[passed] = cycle
            self._loops.setdefault(key, cycle)
        return self._loops[key]

    def position(self, state: State) -> int:
        """The 1-based number of the current step in this session."""
        return len(state.trail) + 1

    def _arrive(self, state: State, guide_id: str, step_id: str | None) -> State:
        guide = self.guides[guide_id]
        target = guide.start if step_id is None else step_id
        if target not in guide.steps:
            raise GuideNotFound(
                f"guide '{guide_id}' has no step '{printable(target)}'",
                code="guide_step_unknown",
                guide=guide_id,
                step=target,
            )
        step = guide.steps[target]
        if step.type in UNASKED:
            cycle = self.loop_ahead(guide_id, target)
            if cycle is not None:
                raise GuideLoop(cycle)
        outcome = step.outcome if step.type == "end" else None
        return State(guide_id, target, state.trail, state.defaults, outcome)

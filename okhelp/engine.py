"""The wizard as a pure state machine: guide + answers -> where the user is now.

Nothing here prints, prompts or touches a file. A :class:`State` is immutable; every move returns
a new one, so "back" is just the previous answers replayed, and a saved session is just its trail.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from okhelp.errors import GuideNotFound, OkhelpError
from okhelp.model import Guide, Step

Answer = str | bool | None
Expectation = Literal["ack", "choice", "yesno", "text", "done"]
StepKey = tuple[str, str]

_EXPECTATIONS: dict[str, Expectation] = {
    "info": "ack",
    "link": "ack",
    "choice": "choice",
    "confirm": "yesno",
    "action": "yesno",
    "input": "text",
    "end": "done",
}


class InvalidAnswer(OkhelpError):
    """An answer the current step does not accept; ``accepted`` says what it does."""

    def __init__(self, reason: str, accepted: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.accepted = accepted


class CannotGoBack(OkhelpError):
    """Back was asked for at the first step."""


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
            raise GuideNotFound(f"no guide '{start_guide}'")
        self.guides = guides
        self.start_guide = start_guide
        self._distances: dict[str, dict[str, int]] = {}

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
        """Accept ``value`` for the current step and move on; InvalidAnswer if it does not fit."""
        if state.done:
            raise InvalidAnswer("the guide has already ended", "nothing")
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
                    f"step '{step.id}' links to a guide that does not exist: '{step.guide}'"
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
            if not isinstance(value, bool):
                raise InvalidAnswer("expected yes or no", "yes, no")
            return value
        if kind == "choice":
            if not isinstance(value, str) or step.choice(value) is None:
                raise InvalidAnswer("not one of the choices", ", ".join(c.id for c in step.choices))
            return value
        if kind == "text":
            text = value.strip() if isinstance(value, str) else ""
            if not text:
                if step.required:
                    raise InvalidAnswer("an answer is required", f"text ({step.field})")
                return None
            return text
        raise InvalidAnswer("the guide has already ended", "nothing")

    def back(self, state: State) -> State:
        """Undo the last answer; it becomes the default when that step is asked again."""
        if not state.trail:
            raise CannotGoBack("already at the first step")
        last = state.trail[-1]
        defaults = dict(state.defaults)
        defaults[(last.guide, last.step)] = last.value
        return State(last.guide, last.step, state.trail[:-1], defaults)

    def replay(
        self, entries: Iterable[Entry], defaults: Mapping[StepKey, Answer] | None = None
    ) -> State:
        """Rebuild a state from saved answers, checking each against the guide as it is now."""
        state = self.start()
        for entry in entries:
            if state.done or state.key != (entry.guide, entry.step):
                raise InvalidAnswer(
                    f"the saved answers no longer fit the guide at step '{entry.step}'",
                    "a new session",
                )
            state = self.answer(state, entry.value)
        return State(state.guide, state.step, state.trail, dict(defaults or {}), state.outcome)

    def remaining(self, state: State) -> int:
        """About how many more steps to an end on the shortest path (0 once ended)."""
        if state.done:
            return 0
        distances = self._distances.get(state.guide)
        if distances is None:
            distances = _distances_to_end(self.guides[state.guide])
            self._distances[state.guide] = distances
        return distances.get(state.step, 0)

    def position(self, state: State) -> int:
        """The 1-based number of the current step in this session."""
        return len(state.trail) + 1

    def steps_tried(self, state: State) -> list[Entry]:
        """Actions the user tried that did not solve it, in order."""
        return [
            entry
            for entry in state.trail
            if entry.value is False and self.guides[entry.guide].steps[entry.step].type == "action"
        ]

    def _arrive(self, state: State, guide_id: str, step_id: str | None) -> State:
        guide = self.guides[guide_id]
        target = guide.start if step_id is None else step_id
        if target not in guide.steps:
            raise GuideNotFound(f"guide '{guide_id}' has no step '{target}'")
        step = guide.steps[target]
        outcome = step.outcome if step.type == "end" else None
        return State(guide_id, target, state.trail, state.defaults, outcome)


def _distances_to_end(guide: Guide) -> dict[str, int]:
    """Steps left to the nearest end or link, by a breadth-first walk backwards."""
    incoming: dict[str, list[str]] = {step_id: [] for step_id in guide.steps}
    queue: deque[str] = deque()
    distances: dict[str, int] = {}
    for step in guide.steps.values():
        for target in step.targets():
            if target in incoming:
                incoming[target].append(step.id)
        if step.type in ("end", "link"):
            distances[step.id] = 0 if step.type == "end" else 1
            queue.append(step.id)
    while queue:
        current = queue.popleft()
        for source in incoming[current]:
            if source not in distances or distances[source] > distances[current] + 1:
                distances[source] = distances[current] + 1
                queue.append(source)
    return distances

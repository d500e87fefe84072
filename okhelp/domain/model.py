"""The guide model: what a loaded guide is, independent of YAML and of any terminal."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass

from okhelp.i18n.messages import entry_text, message

CATEGORIES: tuple[str, ...] = ("account", "money", "security", "app", "info")
STEP_TYPES: tuple[str, ...] = ("info", "action", "choice", "confirm", "input", "link", "end")
OUTCOMES: tuple[str, ...] = ("resolved", "escalate", "pending")
WAIT_UNITS: tuple[str, ...] = ("working_days", "days", "hours")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CUSTOM_FIELD_PATTERN = re.compile(r"^x-[a-z0-9]+([-_][a-z0-9]+)*$")
MAX_ID_LENGTH = 64

WELL_KNOWN_FIELDS: tuple[str, ...] = (
    "account",
    "transaction_id",
    "occurred_at",
    "amount",
    "currency",
    "error_message",
    "app_version",
    "device",
    "description",
)
DEFAULT_COLLECT: tuple[str, ...] = ("account", "description")
MONEY_COLLECT: tuple[str, ...] = ("account", "transaction_id", "occurred_at", "amount")
# The answers a rule's ``after`` can name on yes/no steps ("not_possible": "I can't do this").
CONFIRM_ANSWERS: tuple[str, ...] = ("yes", "no")
ACTION_ANSWERS: tuple[str, ...] = ("yes", "no", "not_possible")
# okhelp's own words for the two answers when a step has no ``labels`` (keys of i18n.MESSAGES).
DEFAULT_LABELS: Mapping[str, tuple[str, str]] = {
    "confirm": ("yes", "no"),
    "action": ("yes_solved", "not_solved"),
    "task": ("task_done", "task_not_done"),
}


@dataclass(frozen=True)
class Text:
    """A user-visible string in every language a guide carries."""

    by_lang: Mapping[str, str]

    def get(self, lang: str) -> str:
        """The text in ``lang`` (traditional Chinese made from the Chinese), falling back to the
        other language rather than showing nothing."""
        return entry_text(self.by_lang, lang)

    def to_json(self) -> dict[str, str]:
        return dict(self.by_lang)


@dataclass(frozen=True)
class Choice:
    id: str
    label: Text
    next: str
    line: int | None = None


@dataclass(frozen=True)
class Wait:
    """How long a pending end asks the user to wait: ``amount`` working days, days or hours,
    counted from the time the user gave in ``since`` (a field, e.g. occurred_at) or from the
    moment the session ends there."""

    amount: int
    unit: str
    since: str | None = None


@dataclass(frozen=True)
class Step:
    """One step of a guide. Which attributes matter depends on ``type``."""

    id: str
    type: str
    text: Text
    line: int | None = None
    next: str | None = None
    choices: tuple[Choice, ...] = ()
    on_yes: str | None = None
    on_no: str | None = None
    field: str | None = None
    required: bool = True
    guide: str | None = None
    outcome: str | None = None
    collect: tuple[str, ...] = ()
    key_lines: Mapping[str, int] = dataclasses.field(default_factory=dict)
    labels: Mapping[str, Text] | None = None
    # A pending end: how long to wait; its ``next`` is where the session goes once it is over.
    wait: Wait | None = None
    # An action that is a task ("Report the card lost"): asked "done?", not "did this solve it?";
    # done goes on to ``on_yes``, not done to ``next``.
    task: bool = False
    # An escalating end's own questions for fields it collects, by field name.
    ask: Mapping[str, Text] = dataclasses.field(default_factory=dict)

    def headline(self, lang: str) -> str:
        """The line that names the step: a question comes last ("核对下来是什么情况？" after the
        advice), an action's advice is best named by its start; "" for a step with no text."""
        lines = [line for line in self.text.get(lang).splitlines() if line.strip()]
        if not lines:
            return ""
        return lines[0] if self.type == "action" else lines[-1]

    def yes_no_labels(self, lang: str) -> tuple[str, str]:
        """The words of the two answers of a confirm or action step, in ``lang``.

        The step's own ``labels`` when it has them (a question such as "Did you already send
        money?" reads wrong with "Yes, that fixed it"), else okhelp's defaults: "Yes"/"No" for a
        confirm step, "Yes, that fixed it"/"No, still not working" for an action step.
        """
        if self.labels is not None:
            return self.labels["yes"].get(lang), self.labels["no"].get(lang)

        kind = "task" if self.task else self.type
        yes_key, no_key = DEFAULT_LABELS.get(kind, DEFAULT_LABELS["confirm"])
        return message(yes_key, lang), message(no_key, lang)

    def references(self) -> list[tuple[str, int | None]]:
        """(target step id, line of the reference) for each way out, for precise errors."""
        if self.type == "choice":
            return [(choice.next, choice.line or self.line) for choice in self.choices]
        found = [(key, getattr(self, key)) for key in ("next", "on_yes", "on_no")]
        return [(target, self.key_lines.get(key, self.line)) for key, target in found if target]

    def targets(self) -> list[str]:
        """Ids of the steps in the same guide that this step can lead to."""
        if self.type == "choice":
            return [choice.next for choice in self.choices]
        found = [self.next, self.on_yes, self.on_no]
        return [target for target in found if target is not None]

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True)
class Example:
    """A guide's own test: answers in, the end it must reach out."""

    name: str
    answers: Mapping[str, str | bool]
    expect_end: str | None
    expect_outcome: str | None
    expect_guide: str | None = None
    line: int | None = None
    # The instant relative times are resolved against (ISO 8601 with offset); None: the default.
    now: str | None = None
    answer_lines: Mapping[str, int] = dataclasses.field(default_factory=dict)
    # For answers YAML read as yes/no (an unquoted no, off, ...): the word as written.
    answer_words: Mapping[str, str] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    """A promise about every path through a guide, proved by ``okhelp guides check``.

    Once any of the ``after`` answers has been given (step id, answer), every end reachable from
    there must have the outcome ``every_end`` (when set), none of the ``never_reaches`` steps
    of this guide may come up, and every path to an end must pass at least one of the
    ``passes_through`` steps (advice that must never be skipped, such as going to the police).
    Paths through linked guides count.
    """

    after: tuple[tuple[str, str], ...]
    every_end: str | None = None
    never_reaches: tuple[str, ...] = ()
    line: int | None = None
    passes_through: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"after": _after_json(self.after)}
        if self.every_end is not None:
            data["every_end"] = self.every_end
        if self.never_reaches:
            data["never_reaches"] = list(self.never_reaches)
        if self.passes_through:
            data["passes_through"] = list(self.passes_through)
        return data


# How soon support should act: a signal may raise a session to one of these.
PRIORITIES = ("urgent", "high", "normal")


@dataclass(frozen=True)
class Signal:
    """An answer support routes on: once any of its ``after`` answers is given, the summary
    carries ``tag`` (and the ticket ``okhelp-<tag>``), and the session is at least ``priority``.

    Signals change nothing the user sees: they tell the team what happened ("money-sent"), so a
    scam victim who has paid is not queued behind a failed £3 payment.
    """

    after: tuple[tuple[str, str], ...]
    tag: str
    priority: str | None = None
    line: int | None = None

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"after": _after_json(self.after), "tag": self.tag}
        if self.priority is not None:
            data["priority"] = self.priority
        return data


def _after_json(pairs: tuple[tuple[str, str], ...]) -> dict[str, object]:
    after: dict[str, object] = {}
    for step_id, answer in pairs:
        earlier = after.get(step_id)
        if earlier is None:
            after[step_id] = answer
        else:
            after[step_id] = [*(earlier if isinstance(earlier, list) else [earlier]), answer]
    return after


@dataclass(frozen=True)
class Guide:
    """A whole guide, validated: every reference points at a step that exists."""

    id: str
    version: int
    category: str
    title: Text
    summary: Text
    keywords: Mapping[str, tuple[str, ...]]
    start: str
    steps: Mapping[str, Step]
    examples: tuple[Example, ...] = ()
    source: str = "builtin"
    path: str = ""
    line: int | None = None
    rules: tuple[Rule, ...] = ()
    signals: tuple[Signal, ...] = ()

    def step(self, step_id: str) -> Step:
        return self.steps[step_id]

    def ends(self) -> list[Step]:
        return [step for step in self.steps.values() if step.type == "end"]

    def to_json(self) -> dict[str, object]:
        """The guide in its YAML shape with every default made explicit."""
        return {
            "id": self.id,
            "version": self.version,
            "category": self.category,
            "title": self.title.to_json(),
            "summary": self.summary.to_json(),
            "keywords": {lang: list(words) for lang, words in self.keywords.items()},
            "start": self.start,
            "steps": [_step_json(step) for step in self.steps.values()],
            "examples": [_example_json(example) for example in self.examples],
            "rules": [rule.to_json() for rule in self.rules],
            "signals": [signal.to_json() for signal in self.signals],
        }


def _step_json(step: Step) -> dict[str, object]:
    data: dict[str, object] = {"id": step.id, "type": step.type, "text": step.text.to_json()}
    if step.type in ("info", "input"):
        data["next"] = step.next
    if step.type == "action":
        data["next"] = step.next
        data["on_yes"] = step.on_yes
        data["task"] = step.task
    if step.type == "choice":
        data["choices"] = [
            {"id": c.id, "label": c.label.to_json(), "next": c.next} for c in step.choices
        ]
    if step.type == "confirm":
        data["on_yes"] = step.on_yes
        data["on_no"] = step.on_no
    if step.labels is not None:
        data["labels"] = {answer: text.to_json() for answer, text in step.labels.items()}
    if step.type == "input":
        data["field"] = step.field
        data["required"] = step.required
    if step.type == "link":
        data["guide"] = step.guide
    if step.type == "end":
        data["outcome"] = step.outcome
        data["collect"] = list(step.collect)
        if step.ask:
            data["ask"] = {name: text.to_json() for name, text in step.ask.items()}
    if step.wait is not None:
        data["wait"] = {step.wait.unit: step.wait.amount}
        if step.wait.since:
            data["wait"]["since"] = step.wait.since  # type: ignore[index]
        data["next"] = step.next
    return data


def _example_json(example: Example) -> dict[str, object]:
    expect: dict[str, object] = {}
    if example.expect_guide is not None:
        expect["guide"] = example.expect_guide
    if example.expect_end is not None:
        expect["end"] = example.expect_end
    if example.expect_outcome is not None:
        expect["outcome"] = example.expect_outcome
    data: dict[str, object] = {"name": example.name}
    if example.now is not None:
        data["now"] = example.now
    return {**data, "answers": dict(example.answers), "expect": expect}


def guide_title(guide: Guide, lang: str) -> str:
    """A guide's title where guides are listed or chosen: a custom guide says it is one, so a
    file from OKHELP_GUIDES_PATH is never taken for one of okhelp's own guides."""
    title = guide.title.get(lang)
    return message("custom_guide", lang, title=title) if guide.source != "builtin" else title

"""One session, whatever asks the questions: start, the current question, answer, back, finish.

The terminal wizard, the step protocol (``okhelp start`` / ``okhelp answer``) and the MCP server
all move a session through :class:`Conversation`, so they share one set of rules: the guide's
steps go through the pure engine; every answer through the same coercion (``answers.coerce``),
field validation (``fields.validate``) and secret redaction (``safety.redact``); the fields an
escalation collects are questions like any other; the session is saved through the store after
every move; a reopened session goes through :func:`still_fits`; and the end is
:meth:`Conversation.finish` (closing words, summary, the file kept for support). Nothing here
prints or prompts: a front end reads :meth:`Conversation.question`, shows it its own way, hands
the answer back, and shows the :class:`Ending`.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, cast

from okhelp.core.record import SummaryRecord
from okhelp.domain import answers as answer_rules
from okhelp.domain.engine import (
    BACK_EARLY,
    COMING_BACK,
    NOT_POSSIBLE,
    WAITED,
    Answer,
    CannotGoBack,
    Engine,
    GuideLoop,
    State,
    answer_code,
)
from okhelp.domain.model import Guide, Step
from okhelp.domain.session import COLLECT_SOURCE, RATINGS, FieldEntry, Session, new_session_id
from okhelp.domain.session import MAX_ITEMS as MAX_ANSWERS
from okhelp.domain.templating import PUBLIC_NUMBERS, fill_placeholders
from okhelp.domain.waiting import wait_over, wait_start
from okhelp.errors import GuideChanged, InvalidAnswer, StoreError
from okhelp.fields import validation as field_rules
from okhelp.fields.redaction import redact
from okhelp.i18n.messages import (
    MESSAGES,
    Reason,
    error_words,
    message,
    moment_words,
    secret_kinds,
)
from okhelp.library.cache import content_digest
from okhelp.util.text import one_line

if TYPE_CHECKING:
    from pathlib import Path

    from okhelp.storage.config import Config
    from okhelp.storage.sessions import Store

QuestionKind = Literal["choice", "yesno", "text", "ack"]

REQUIRED_WHEN_COLLECTED = ("account",)
FREE_TEXT_FIELDS = ("description", "error_message", "device", "app_version")


def is_free_text(name: str) -> bool:
    """Whether a field holds the user's own words, which any secret is cut out of."""
    return name in FREE_TEXT_FIELDS or name.startswith("x-")


EDITABLE_FIELDS = (
    "account",
    "transaction_id",
    "occurred_at",
    "amount",
    "error_message",
    "description",
)
# Fields whose reading of the user's words is shown back: the terminal asks to confirm it, the
# step protocol and MCP say it in the next reply's notice.
SHOWN_BACK_FIELDS = ("occurred_at", "amount")
ACK = "continue"
# How much of a question and an answer the recap of a resumed session shows.
RECAP_QUESTION = 36
RECAP_ANSWER = 40


def field_question(name: str, lang: str) -> str:
    """The question that collects a field (the catalogue's ``ask.NAME``); ``NAME?`` for a
    custom field the catalogue does not know."""
    return message(f"ask.{name}", lang) if f"ask.{name}" in MESSAGES else f"{name}?"


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class Question:
    """What the session asks now, in words any front end can show.

    ``text`` is everything the user should read (an action's advice, then "did this solve it?");
    ``prompt`` is the question alone, for a menu or a text box under a panel that shows the text.
    ``left`` is at most how many questions the guide has left, this one included (0: unknown).
    ``default`` is the earlier answer (an option id or text) after going back.
    """

    guide: str
    step: str
    kind: QuestionKind
    text: str
    prompt: str
    options: tuple[Option, ...] = ()
    field: str | None = None
    optional: bool = False
    hint: str | None = None
    position: int = 1
    left: int = 0
    default: str | None = None
    can_go_back: bool = False
    collecting: bool = False

    def to_json(self, session_id: str) -> dict[str, Any]:
        """The question as the step protocol and the MCP server hand it out."""
        return {
            "session_id": session_id,
            "guide": self.guide,
            "step": self.step,
            "kind": self.kind,
            "text": self.text,
            "options": [{"id": o.id, "label": o.label} for o in self.options],
            "field": self.field,
            "optional": self.optional,
            "hint": self.hint,
            "position": self.position,
            "status": "in_progress",
            "can_go_back": self.can_go_back,
        }


def options_for(step: Step, lang: str) -> tuple[Option, ...]:
    """The answers a step offers, in order: choices, yes/no (and "I can't do this"), continue."""
    if step.type == "choice":
        return tuple(Option(c.id, c.label.get(lang)) for c in step.choices)
    if step.type in ("confirm", "action"):
        yes, no = step.yes_no_labels(lang)
        found = [Option("yes", yes), Option("no", no)]
        if step.type == "action" and not step.task:  # a task's "no" already says "couldn't"
            found.append(Option(NOT_POSSIBLE, message("not_possible", lang)))
        return tuple(found)
    if step.type in ("info", "link"):
        return (Option(ACK, message("continue", lang)),)
    return ()


# Parameters of a refusal that quote what the user typed.
_QUOTED = ("answer", "written")
_DIGITS = re.compile(r"\d{4,}")


def without_secrets(reason: str) -> str:
    """A refusal that quotes the user's words, with any secret in them taken out first: it goes
    to the screen, a bot and an assistant's context alike. Secrets okhelp recognises are
    redacted, and any run of four or more digits is masked (a code or card number without a
    keyword is still one)."""
    if not isinstance(reason, Reason):
        return reason
    params = dict(reason.params)
    changed = False
    for key in _QUOTED:
        value = params.get(key)
        if isinstance(value, str):
            cleaned = _DIGITS.sub(lambda found: "•" * len(found.group()), redact(value)[0])
            changed |= cleaned != value
            params[key] = cleaned
    return Reason(reason.code, **params) if changed else reason


# The ends a user is asked "Did this help?" at.
RATED = ("resolved", "pending")


def read_rating(text: str) -> int | None:
    """A verdict as typed: 1 to 5 (full-width digits too, 五, 5分, 4 星, 3/5, 5 stars); None for
    nothing; ValueError else."""
    shown = unicodedata.normalize("NFKC", text).strip().lower()
    if not shown:
        return None
    shown = shown.translate(_CHINESE_RATINGS)
    found = re.fullmatch(r"([1-5])\s*(?:分|星|颗星|顆星|/\s*5|stars?|points?)?", shown)
    if found:
        return int(found.group(1))
    raise ValueError("not a rating")


_CHINESE_RATINGS = str.maketrans("一二两兩三四五", "1222345")


def new_session(
    guide: Guide,
    lang: str,
    field_ctx: field_rules.FieldContext,
    moment: datetime,
    description: str | None = None,
) -> Session:
    """A fresh session of a guide, started at ``moment``, recording the guide's version."""
    started = moment.isoformat(timespec="seconds")
    return Session(
        session_id=new_session_id(moment),
        guide=guide.id,
        lang=lang,
        started_at=started,
        updated_at=started,
        timezone=field_ctx.timezone_name,
        description=description,
        guide_version=guide.version,
        guide_digests={guide.id: content_digest(guide)},
    )


@contextlib.contextmanager
def session_lock(store: Store | None, session_id: str) -> Iterator[None]:
    """Hold the store's per-session lock, when the store has one (``Store.lock_session``), so two
    front ends never move one session at once; without it, the last save wins as before."""
    lock = getattr(store, "lock_session", None) if store is not None else None
    if not callable(lock):
        yield
        return
    with lock(session_id):
        yield


def still_fits(engine: Engine, session: Session, store: Store | None) -> None:
    """The rule for reopening a saved session, the same in every front end: answers that no
    longer fit the guide (it changed since) end the session as abandoned, saved so, and
    :class:`GuideChanged` says so; a session that had already ended keeps its status."""
    try:
        with guide_loop_in(session.lang):
            session.state(engine)
    except InvalidAnswer:
        if session.status == "in_progress":
            session.status = "abandoned"
            if store is not None:
                store.save_session(session)
        raise GuideChanged(session.session_id, session.guide) from None


@dataclass(frozen=True)
class Ending:
    """Everything a front end shows when a session ends, made once for all of them."""

    status: str
    session_id: str
    text: str | None  # the end's words in the session's language, channels filled in
    record: SummaryRecord
    saved_to: Path | None = None  # the summary file kept for support, when this call wrote it
    not_saved: StoreError | None = None  # why that file could not be written
    pending_until: str | None = None  # a pending end: when its wait is over
    pending_words: str | None = None  # ...that moment as the user reads it


@contextlib.contextmanager
def guide_loop_in(lang: str) -> Iterator[None]:
    """A loop of unasked steps the engine refused, said in the user's language."""
    try:
        yield
    except GuideLoop as exc:
        raise exc.localized(lang) from None


class Conversation:
    """One session moved one answer at a time, saved after every move.

    ``notify`` receives okhelp's notices as they happen (a secret was removed, progress cannot
    be saved). With ``keep_going_unsaved`` a store that fails is reported once and the run goes
    on without saving (a person at a terminal can still finish); without it (the step protocol,
    MCP: the next call needs the file) the StoreError is raised.
    """

    def __init__(
        self,
        engine: Engine,
        session: Session,
        field_ctx: field_rules.FieldContext,
        *,
        store: Store | None,
        now: Callable[[], datetime],
        lang: str | None = None,
        channels: Sequence[str] = (),
        notify: Callable[[str], None] | None = None,
        keep_going_unsaved: bool = True,
        numbers: Mapping[str, str] = PUBLIC_NUMBERS,
    ) -> None:
        self.engine = engine
        self.session = session
        self.field_ctx = field_ctx
        self.store = store
        self.now = now
        self.lang = lang or session.lang
        self.channels = tuple(channels)
        self.numbers = numbers
        self.notify = notify or (lambda text: None)
        self.keep_going_unsaved = keep_going_unsaved
        self.warned = False
        self.saved_before = False
        with guide_loop_in(self.lang):
            self.state: State = session.state(engine)  # InvalidAnswer when the guide changed
        if session.description:
            session.description = self._redact("description", session.description)
        self.session.apply(self.state)
        self._settle()

    @classmethod
    def begin(
        cls,
        guides: Mapping[str, Guide],
        guide_id: str,
        field_ctx: field_rules.FieldContext,
        *,
        lang: str,
        store: Store | None,
        now: Callable[[], datetime],
        description: str | None = None,
        channels: Sequence[str] = (),
        notify: Callable[[str], None] | None = None,
        keep_going_unsaved: bool = True,
        numbers: Mapping[str, str] = PUBLIC_NUMBERS,
    ) -> Conversation:
        """A new session of a guide (GuideNotFound if there is none)."""
        engine = Engine(guides, guide_id)
        session = new_session(guides[guide_id], lang, field_ctx, now(), description)
        return cls(
            engine,
            session,
            field_ctx,
            store=store,
            now=now,
            lang=lang,
            channels=channels,
            notify=notify,
            keep_going_unsaved=keep_going_unsaved,
            numbers=numbers,
        )

    # -- where the session stands ----------------------------------------------------------

    @property
    def finished(self) -> bool:
        return self.session.status != "in_progress"

    @property
    def collecting(self) -> bool:
        """The guide has ended escalated and the summary still needs fields."""
        return not self.finished and self.state.done

    def end_step(self) -> Step | None:
        """The end the session reached (or the action that solved it), once it has."""
        return self.engine.step(self.state) if self.state.done else None

    def question(self) -> Question | None:
        """What to ask now; None once the session has finished."""
        if self.finished:
            return None
        if self.state.done:
            pending = self._pending_collect()
            return self._collect_question(pending[0], len(pending)) if pending else None
        return self._step_question()

    def worth_keeping(self) -> bool:
        """A session is saved once the user has entered something: an answer or a description."""
        return bool(self.session.trail or self.session.description)

    # -- moves -----------------------------------------------------------------------------

    def answer(self, value: Answer) -> None:
        """Take the answer to the current question and move on; InvalidAnswer if it does not fit
        (the session is then unchanged)."""
        if self.pending:  # back after the wait, whatever the words: the problem is still there
            self.come_back()
            return
        question = self.question()
        if question is None:
            raise InvalidAnswer(Reason("reason_ended"), "nothing")
        try:
            if question.collecting:
                self._answer_collect(question, value)
            else:
                with guide_loop_in(self.lang):
                    self._answer_step(value)
        except InvalidAnswer as exc:
            raise InvalidAnswer(without_secrets(exc.reason), exc.accepted) from None
        self._settle()
        self.save()

    def back(self) -> None:
        """Undo the last answer (a collected field first); CannotGoBack at the first question or
        once the session has finished."""
        if self.finished:
            raise CannotGoBack("the session has already ended", code="already_ended")
        collected = self._collected() if self.state.done else []
        if collected:
            name = collected[-1]
            entry = self.session.fields.pop(name)
            if entry.get("text"):
                self.session.collect_defaults[name] = str(entry["text"])
            if name == "description":
                self.session.description = None
        else:
            self.state = self.engine.back(self.state)
            self.session.apply(self.state)
        self.save()

    def edit_field(self, name: str, text: str) -> None:
        """Change a field after the end (the review menu), validated like any answer; a field
        that had a value keeps its entry, with the new value and ``"edited": true``."""
        text = answer_rules.plain_text(text).strip()
        if not text and name in REQUIRED_WHEN_COLLECTED:
            raise InvalidAnswer(Reason("reason_required"), f"text for the field '{name}'")
        old = self.session.fields.get(name)
        existed = old is not None or (name == "description" and bool(self.session.description))
        source = str(old.get("source") or COLLECT_SOURCE) if old else COLLECT_SOURCE
        stored = self._record(name, text, source)
        if existed:
            self.session.fields[name]["edited"] = True
        if name == "description":
            self.session.description = stored or None
        self.save(force=True)

    def save(self, *, force: bool = False) -> bool:
        """Write the session (once it is worth keeping, or when forced); True if it is on disk."""
        if self.store is None:
            return False
        if not (force or self.finished or self.worth_keeping() or self._on_disk()):
            return False
        self.session.updated_at = self.now().isoformat(timespec="seconds")
        self.session.note_guides(self.engine.guides, self.state, digest=content_digest)
        try:
            self.store.save_session(self.session)
        except StoreError as exc:
            if not self.keep_going_unsaved:
                raise
            reason = error_words(exc, self.lang, "any")[0]
            self.notify(message("not_saved", self.lang, reason=reason))
            self.store = None
            return False
        self.saved_before = True
        return True

    def _on_disk(self) -> bool:
        """Saved before (by this or an earlier process): then every move is saved, even one
        back to where nothing is entered, or the file would keep the undone answer."""
        if self.saved_before or self.store is None:
            return self.saved_before
        return self.store.has_session(self.session.session_id)

    def recap(self, limit: int = RECAP_QUESTION) -> list[tuple[str, str]]:
        """What was asked and answered so far, a short question and the answer as the user saw
        it, for a user coming back to the session (the text is the user's: render it inert)."""
        from okhelp.core.summary import answer_words, field_label

        items: list[tuple[str, str]] = []
        for entry in self.session.trail:
            guide = self.engine.guides.get(entry.guide)
            step = guide.steps.get(entry.step) if guide else None
            if step is None or step.type in ("info", "link", "end"):
                continue
            question = one_line(step.headline(self.lang) or step.id, limit)
            if step.type == "input":
                answer = self._field_words(step.field or "")
            else:
                answer = answer_words(step, entry.value, self.lang) or str(entry.value)
            items.append((question, one_line(answer, RECAP_ANSWER)))
        for name in self._collected() if self.state.done else ():
            items.append(
                (field_label(name, self.lang), one_line(self._field_words(name), RECAP_ANSWER))
            )
        return items

    def _field_words(self, name: str) -> str:
        """A field as the user sees it read back, or "(none given)"."""
        entry = self.session.fields.get(name) or {}
        shown = entry.get("display") or entry.get("text")
        return str(shown) if shown else message("recap_none", self.lang)

    def summary(self, config: Config, generated_at: datetime) -> SummaryRecord:
        """The contact summary record (``okhelp.core.summary``) of the session as it stands."""
        from okhelp.core.summary import build

        return build(self.session, self.engine.guides, config, generated_at)

    def finish(self, config: Config, generated_at: datetime, *, keep: bool = True) -> Ending:
        """The end of the session: its words, its summary and, with ``keep``, for an escalation
        the summary file support reads (``Store.save_summary``). A file that cannot be written
        is said in ``not_saved``, never raised: the session itself is saved already."""
        record = self.summary(config, generated_at)
        saved_to: Path | None = None
        not_saved: StoreError | None = None
        if keep and self.session.status == "escalated" and self.store is not None:
            try:
                saved_to = self.store.save_summary(self.session.session_id, record)
            except StoreError as exc:
                not_saved = exc
        return Ending(
            status=self.session.status,
            session_id=self.session.session_id,
            text=self.end_text(),
            record=record,
            saved_to=saved_to,
            not_saved=not_saved,
            pending_until=self.session.pending_until,
            pending_words=self.pending_words(),
        )

    def pending_words(self) -> str | None:
        """When a pending session's wait is over, in the session's language."""
        until = self.session.pending_until
        return None if until is None else self._moment_words(until)

    def _moment_words(self, until: str | datetime) -> str:
        """The date a wait is over; with its time for a wait in hours, and when it is today
        (on the last day, "the wait until 26 Nov is over" would read as if it were past)."""
        moment = until if isinstance(until, str) else until.isoformat(timespec="minutes")
        end = self.end_step()
        hours = end is not None and end.wait is not None and end.wait.unit == "hours"
        with contextlib.suppress(ValueError):
            day = datetime.fromisoformat(moment).astimezone(self.field_ctx.timezone).date()
            hours = hours or day == self._wait_clock().date()
        return moment_words(moment, self.lang, with_time=hours)

    def end_text(self) -> str | None:
        """The closing words of the end reached, contact channels filled in."""
        end = self.end_step()
        if end is None or end.type != "end":
            return None
        return fill_placeholders(end.text.get(self.lang), self.channels, self.numbers)

    # -- field rules -------------------------------------------------------------------------

    def check_field(self, name: str, text: str, *, required: bool) -> str | None:
        """Why typed text would be refused for a field (in the user's language), or None."""
        from okhelp.i18n.messages import reason_text

        stripped = text.strip()
        if not stripped:
            return message("required", self.lang) if required else None
        try:
            field_rules.validate(name, answer_rules.plain_text(stripped), self.field_ctx)
        except InvalidAnswer as exc:
            return reason_text(exc.reason, self.lang)
        return None

    def shown_back(self, name: str, text: str) -> str | None:
        """How okhelp reads a field's words, for the user to check (a time with its precision
        and weekday, an amount with its currency); None for fields that are not shown back or
        text that does not validate."""
        if name not in SHOWN_BACK_FIELDS or not text.strip():
            return None
        try:
            parsed = field_rules.validate(name, text, self.field_ctx)
        except InvalidAnswer:
            return None
        return field_rules.read_back(name, parsed, self.lang)

    # -- inside ----------------------------------------------------------------------------

    def _position(self) -> int:
        return len(self.state.trail) + 1 + len(self._collected() if self.state.done else [])

    def _step_question(self) -> Question:
        state, lang = self.state, self.lang
        step = self.engine.step(state)
        kind = self.engine.expects(state)
        assert kind != "done"
        text = fill_placeholders(step.text.get(lang), self.channels, self.numbers)
        lines = text.strip().splitlines()
        prompt = lines[-1] if lines else text
        if step.type == "action":
            prompt = message("task_question" if step.task else "solved_question", lang)
            text = f"{text.rstrip()}\n\n{prompt}"
        elif kind == "ack":
            prompt = message("when_ready", lang)
        optional = kind == "text" and not step.required
        default = answer_code(self.engine.default(state))
        return Question(
            guide=state.guide,
            step=step.id,
            kind=kind,
            text=text,
            prompt=prompt,
            options=options_for(step, lang),
            field=step.field if kind == "text" else None,
            optional=optional,
            hint=message("hint_optional", lang) if optional else None,
            position=self._position(),
            left=self.engine.remaining(state, self._known_fields()),
            default=default,
            # the wait settled what came before it: no way back past a come-back
            can_go_back=bool(state.trail) and state.trail[-1].value not in COMING_BACK,
        )

    def _collect_question(self, name: str, left: int) -> Question:
        end = self.engine.step(self.state)
        optional = name not in REQUIRED_WHEN_COLLECTED
        worded = end.ask.get(name)
        asked = worded.get(self.lang) if worded is not None else field_question(name, self.lang)
        return Question(
            guide=self.state.guide,
            step=end.id,
            kind="text",
            text=asked,
            prompt=asked,
            field=name,
            optional=optional,
            hint=message("hint_optional", self.lang) if optional else None,
            position=self._position(),
            left=left,
            default=self.session.collect_defaults.get(name),
            can_go_back=bool(self.state.trail or self._collected()),
            collecting=True,
        )

    def _known_fields(self) -> list[str]:
        """The fields the session has (an end does not ask for them again)."""
        known = list(self.session.fields)
        return [*known, "description"] if self.session.description else known

    def _known(self, name: str) -> bool:
        return name in self.session.fields or (
            name == "description" and bool(self.session.description)
        )

    def _pending_collect(self) -> list[str]:
        end = self.engine.step(self.state)
        if self.state.outcome != "escalate":
            return []
        return [name for name in end.collect if not self._known(name)]

    def _collected(self) -> list[str]:
        """The end's fields answered as collected fields, in the order they are asked."""
        end = self.engine.step(self.state)
        return [
            name
            for name in end.collect
            if self.session.fields.get(name, {}).get("source") == COLLECT_SOURCE
        ]

    def _settle(self) -> None:
        """Close the session once the guide has ended and nothing is left to collect."""
        if self.finished or not self.state.done or self._pending_collect():
            return
        # A wait counted from a time the user gave may be over already: then the session goes
        # straight on, past each pending end at most once (a guide may chain them, or lead
        # back to one: that one then waits).
        passed: set[tuple[str, str]] = set()
        while self.state.outcome == "pending":
            until = self._wait_over()
            if until > self._wait_clock() or self.state.key in passed:
                self.session.status = "pending"
                self.session.pending_until = until.isoformat(timespec="minutes")
                return
            passed.add(self.state.key)
            self.notify(message("pending_over", self.lang, date=self._moment_words(until)))
            self.state = self.engine.answer(self.state, WAITED)
            self.session.apply(self.state)
            if not self.state.done:
                return
        if self._pending_collect():
            return
        self.session.status = "resolved" if self.state.outcome == "resolved" else "escalated"

    def _wait_over(self) -> datetime:
        """When the pending end's wait is over: from the time the user gave, or from now."""
        end = self.engine.step(self.state)
        assert end.wait is not None  # the loader refuses a pending end without one
        field = self.session.fields.get(end.wait.since or "")
        return wait_over(end.wait, wait_start(field, self._wait_clock()))

    def _wait_clock(self) -> datetime:
        """The now that waits are counted against: the one the user's times are read against
        (so a wait from "yesterday" and the moment it is over agree, OKHELP_NOW included)."""
        return self.field_ctx.now.astimezone(self.field_ctx.timezone)

    @property
    def pending(self) -> bool:
        return self.session.status == "pending"

    @property
    def rateable(self) -> bool:
        """The session ended where a user is asked "Did this help?"."""
        return self.session.status in RATED

    def keep_rating(self, rating: int) -> None:
        """Keep the user's verdict with the session, as it ended (its last answer's time is
        left as it was); StoreError if it cannot be written."""
        assert self.rateable and rating in RATINGS
        self.session.rating = rating
        if self.store is not None:
            self.store.save_session(self.session)

    def wait_is_over(self) -> bool:
        until = self.session.pending_until
        return until is None or datetime.fromisoformat(until) <= self._wait_clock()

    def come_back(self) -> None:
        """The user is back after a pending end and the problem is still there: the session
        goes on from the end's ``next`` step (to support, in the built-in guides). Back before
        the date, the user is told what the guide suggested, and goes on all the same."""
        if not self.pending:
            return
        early = not self.wait_is_over()
        if early:
            self.notify(message("pending_early", self.lang, date=self.pending_words() or ""))
        self.state = self.engine.answer(self.state, BACK_EARLY if early else WAITED)
        self.session.apply(self.state)
        self.session.status = "in_progress"
        self.session.pending_until = None
        self._settle()
        self.save()

    def _answer_step(self, value: Answer) -> None:
        state = self.state
        if len(state.trail) >= MAX_ANSWERS:
            # One more would make a file that no load accepts: refused while it can be read.
            raise InvalidAnswer(
                Reason("reason_answer_limit", limit=MAX_ANSWERS),
                "back, or a new session",
            )
        step = self.engine.step(state)
        if step.type in ("info", "link"):
            moved = self.engine.answer(state, None)
        elif step.type == "input":
            assert step.field is not None
            raw = answer_rules.coerce(step, value if isinstance(value, (str, bool)) else "")
            text = answer_rules.typed_answer(
                raw.strip() if isinstance(raw, str) else "",
                required=step.required,
                accepted=f"text ({step.field})",
            )
            if not text and step.required:
                raise InvalidAnswer(Reason("reason_required"), f"text ({step.field})")
            stored = self._record(step.field, text, f"{state.guide}/{step.id}")
            moved = self.engine.answer(state, stored or None)
        else:
            if isinstance(value, (str, bool)):
                value = answer_rules.coerce(step, value)
            moved = self.engine.answer(state, value)
        self.state = moved
        self.session.apply(moved)

    def _answer_collect(self, question: Question, value: Answer) -> None:
        name = question.field
        assert name is not None
        text = answer_rules.typed_answer(
            answer_rules.plain_text(value if isinstance(value, (str, bool)) else "").strip(),
            required=not question.optional,
            accepted=f"text for the field '{name}'",
        )
        if not text and not question.optional:
            raise InvalidAnswer(Reason("reason_required"), f"text for the field '{name}'")
        self._record(name, text, COLLECT_SOURCE)
        self.session.collect_defaults.pop(name, None)

    def _record(self, name: str, text: str, source: str) -> str:
        """Validate a field (InvalidAnswer if wrong), keep its normalized value, return the text
        as it may be stored (free text has any secret in it redacted)."""
        if not text:
            self.session.fields[name] = {"text": "", "value": None, "source": source}
            return ""
        counts: Mapping[str, int] = {}
        if is_free_text(name):
            text, counts = redact(text)
        value = field_rules.validate(name, text, self.field_ctx)
        self._count_redactions(name, counts)
        self.session.fields[name] = cast(FieldEntry, {**value.to_json(), "source": source})
        if name == "description" and self.session.description is None:
            self.session.description = value.text
        return value.text

    def _redact(self, name: str, text: str) -> str:
        """Take out card numbers, codes, passwords, seed phrases and keys; say so once."""
        cleaned, counts = redact(text)
        self._count_redactions(name, counts)
        return cleaned

    def _count_redactions(self, name: str, counts: Mapping[str, int]) -> None:
        if not counts:
            return
        for kind, count in counts.items():
            found = next(
                (r for r in self.session.redactions if (r["field"], r["kind"]) == (name, kind)),
                None,
            )
            if found is None:
                self.session.redactions.append({"field": name, "kind": kind, "count": count})
            else:
                found["count"] += count
        if not self.warned:
            self.warned = True
            self.notify(message("redacted", self.lang, kinds=secret_kinds(counts, self.lang)))


__all__ = [
    "EDITABLE_FIELDS",
    "FREE_TEXT_FIELDS",
    "REQUIRED_WHEN_COLLECTED",
    "CannotGoBack",
    "Conversation",
    "InvalidAnswer",
    "Option",
    "Question",
    "field_question",
    "is_free_text",
    "session_lock",
]

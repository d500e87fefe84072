"""The terminal front end of a session: one loop over the core, asking through a Prompter.

:class:`~okhelp.core.conversation.Conversation` decides what is asked, validates, redacts and saves;
this module feeds it the answers given ahead of time (answers files, ``--answer``), asks the rest
through a :class:`Prompter`, shows steps through a :class:`View`, and turns a missing or refused
answer without a terminal into an AnswerError. It never imports questionary or rich.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from okhelp.core.conversation import (
    EDITABLE_FIELDS,
    FREE_TEXT_FIELDS,
    REQUIRED_WHEN_COLLECTED,
    Conversation,
    Question,
    field_question,
)
from okhelp.domain import answers as answer_rules
from okhelp.domain.engine import WAITED, Engine, StepKey
from okhelp.domain.model import Guide, Step
from okhelp.domain.session import Session
from okhelp.domain.templating import PUBLIC_NUMBERS
from okhelp.errors import AnswerError, Interrupted, InvalidAnswer, StoreError
from okhelp.fields import validation as field_rules
from okhelp.i18n.messages import message, reason_text
from okhelp.storage.sessions import Store

BACK = "__back__"  # what a Prompter returns for "← Back"
BACK_WORD = "<"  # typed at a question, in either prompter: go back


def refused_bytes(value: str, lang: str) -> str | None:
    """Why typed text is refused where it is typed, in either prompter: bytes from a terminal
    that is not set to UTF-8 (a GBK one), before any check or save sees them."""
    from okhelp.i18n.messages import undecodable_reason

    problem = undecodable_reason(value)
    return reason_text(problem, lang) if problem else None


__all__ = [
    "BACK",
    "BACK_WORD",
    "EDITABLE_FIELDS",
    "FREE_TEXT_FIELDS",
    "REQUIRED_WHEN_COLLECTED",
    "Prompter",
    "ReviewActions",
    "View",
    "Wizard",
    "field_question",
    "review",
    "text_hint",
]


class Prompter(Protocol):
    def choose(
        self,
        message: str,
        options: Sequence[tuple[str, str]],
        *,
        default: str | None = None,
        allow_back: bool = False,
    ) -> str: ...

    def text(
        self,
        message: str,
        *,
        default: str = "",
        validate: Callable[[str], str | None],
        allow_back: bool = False,
        instruction: str | None = None,
    ) -> str: ...


class View(Protocol):
    def step(self, guide: Guide, step: Step, position: int, remaining: int) -> None: ...
    def problem(self, text: str) -> None: ...
    def notice(self, text: str) -> None: ...


def text_hint(prompt: str, lang: str, *, optional: bool, allow_back: bool) -> str | None:
    """The one short hint under a text box: skip, back, or both in one phrase; "skip" is left
    out when the question itself already says to press Enter."""
    lowered = prompt.lower()
    says_skip = optional and "enter" not in lowered and "回车" not in prompt
    if says_skip:
        return message("hint_skip_back" if allow_back else "hint_skip", lang)
    return message("back_hint", lang) if allow_back else None


@dataclass
class Wizard:
    """One run of a session, from wherever it stands to an end (or an interruption)."""

    engine: Engine
    session: Session
    lang: str
    field_ctx: field_rules.FieldContext
    answers: answer_rules.RawAnswers
    prompter: Prompter | None
    view: View
    store: Store | None
    now: Callable[[], datetime]
    channels: Sequence[str] = ()
    numbers: Mapping[str, str] = field(default_factory=lambda: dict(PUBLIC_NUMBERS))
    used: set[StepKey] = field(default_factory=set)
    conversation: Conversation | None = None
    accepted: int = 0  # answers taken in this run (given ahead or typed; not an automatic ack)

    def core(self) -> Conversation:
        """The session's core, made on first use (in the language the wizard has by then)."""
        if self.conversation is None:
            self.conversation = Conversation(
                self.engine,
                self.session,
                self.field_ctx,
                store=self.store,
                now=self.now,
                lang=self.lang,
                channels=self.channels,
                notify=self.view.notice,
                numbers=self.numbers,
            )
        return self.conversation

    def run(self) -> Session:
        """Drive the session to an end; raise Interrupted (saved) or AnswerError (exit 2).

        A new session whose run fails before any answer was taken leaves nothing behind: a
        script that got its first answer wrong has nothing to resume.
        """
        store = self.store
        new = store is None or not store.has_session(self.session.session_id)
        try:
            conv = self.core()
            while (question := conv.question()) is not None or self._back_after_wait(conv):
                if question is None:
                    conv.come_back()
                    continue
                self._advance(conv, question)
            conv.save(force=True)
        except (Interrupted, KeyboardInterrupt) as exc:  # a signal between prompts too
            saved = self._kept_for_resume()
            hint = (
                message(
                    "resume_hint", self.lang, command=okhelp_command(), id=self.session.session_id
                )
                if saved
                else None
            )
            text = exc.message if isinstance(exc, Interrupted) else "interrupted"
            raise Interrupted(text, hint=hint) from None
        except AnswerError as exc:
            if new and not self.accepted:
                self._discard()
            elif self.session.trail and self._kept_for_resume():
                exc.data["resume"] = f"{okhelp_command()} resume {self.session.session_id}"
                exc.hint = f"the session is saved: {exc.data['resume']} --answers FILE"
            raise
        return self.session

    def _discard(self) -> None:
        """Erase this run's session if it was saved (an info step's automatic "continue" saves
        it); the lock file goes when the lock is let go."""
        store, session_id = self.store, self.session.session_id
        if store is not None and store.has_session(session_id):
            with contextlib.suppress(StoreError):
                store.erase_sessions([session_id])

    def _kept_for_resume(self) -> bool:
        """Save now, so a resume hint is shown only when the session really is on disk."""
        return self.core().save()

    def _back_after_wait(self, conv: Conversation) -> bool:
        """A pending end answered ahead of time with ``waited`` (answers files, examples): the
        run goes on past it, once."""
        end = conv.end_step() if conv.pending else None
        if end is None:
            return False
        key: StepKey = (conv.state.guide, end.id)
        given = answer_rules.lookup(self.answers, conv.state.guide, end)
        if given != WAITED or key in self.used:
            return False
        self.used.add(key)
        return True

    def _given(self, question: Question) -> str | bool | None:
        """The answer given ahead of time for this question, once; None if there is none."""
        if question.collecting:
            key: StepKey = ("collect", question.field or "")
            raw = self.answers.get(question.field or "")
            given = answer_rules.MISSING if raw is None else raw
        else:
            key = (question.guide, question.step)
            step = self.engine.guides[question.guide].steps[question.step]
            given = answer_rules.lookup(self.answers, question.guide, step)
        if given is answer_rules.MISSING or key in self.used:
            return None
        self.used.add(key)
        return given

    def _advance(self, conv: Conversation, question: Question) -> None:
        if question.kind == "ack" and self.prompter is None:
            conv.answer(None)
            return
        given = self._given(question)
        if given is not None:
            try:
                conv.answer(given)
                self.accepted += 1
                return
            except InvalidAnswer as exc:
                if self.prompter is None:
                    if question.collecting:
                        raise AnswerError(
                            question.step,
                            f"field '{question.field}': {exc.reason}",
                            exc.accepted,
                            code="field_refused",
                            field=question.field,
                            reason=exc.reason,
                        ) from None
                    raise AnswerError(
                        question.step, exc.reason, exc.accepted, reason=exc.reason
                    ) from None
                self.view.problem(self._refusal(question, exc.reason))
        if self.prompter is None:
            if question.collecting:
                raise AnswerError(
                    question.step,
                    f"the summary needs '{question.field}' and no answer was given",
                    f"--answer {question.field}=..."
                    + (" (may be empty)" if question.optional else ""),
                    code="field_unanswered" + ("_optional" if question.optional else ""),
                    field=question.field,
                )
            step = self.engine.guides[question.guide].steps[question.step]
            raise AnswerError(
                question.step,
                "no answer given and no terminal to ask",
                answer_rules.accepted(step),
                code="answer_unasked",
            )
        self._ask(conv, question)

    def _ask(self, conv: Conversation, question: Question) -> None:
        assert self.prompter is not None
        if not question.collecting:
            guide = self.engine.guides[question.guide]
            self.view.step(guide, guide.steps[question.step], question.position, question.left)
        if question.kind == "text":
            assert question.field is not None
            reply = self._prompt_field(
                question.field,
                question.prompt,
                question.default or "",
                required=not question.optional,
                allow_back=question.can_go_back,
            )
        else:
            reply = self.prompter.choose(
                question.prompt,
                [(option.id, option.label) for option in question.options],
                default=question.default,
                allow_back=question.can_go_back,
            )
        if reply == BACK:
            conv.back()
            return
        try:
            conv.answer(reply)
            self.accepted += 1
        except InvalidAnswer as exc:  # the prompt checked it already; say why and ask again
            self.view.problem(self._refusal(question, exc.reason))

    def _refusal(self, question: Question, reason: str) -> str:
        """Why an answer was refused, in the user's language, under the field's own label (a
        field's or step's internal id is never shown)."""
        from okhelp.core.summary import LABELS, field_label

        text = reason_text(reason, self.lang)
        if not question.field or question.field not in LABELS["en"]:
            return text
        label = field_label(question.field, self.lang)
        return message("refused_field", self.lang, field=label, reason=text)

    def _prompt_field(
        self, name: str, question: str, default: str, *, required: bool, allow_back: bool
    ) -> str:
        """Ask until the answer validates (and a time read from it is confirmed); BACK passes
        through."""
        assert self.prompter is not None
        conv = self.core()

        def check(value: str) -> str | None:
            return conv.check_field(name, value, required=required)

        hint = text_hint(question, self.lang, optional=not required, allow_back=allow_back)
        while True:
            text = self.prompter.text(
                question,
                default=default,
                validate=check,
                allow_back=allow_back,
                instruction=hint,
            ).strip()
            if text == BACK or not text:
                return text
            shown = conv.shown_back(name, text)
            if shown is None:
                return text
            confirm = self.prompter.choose(
                message("time_confirm", self.lang, when=shown),
                [("yes", message("yes", self.lang)), ("no", message("no", self.lang))],
            )
            if confirm == "yes":
                return text
            default = text

    def edit_field(self, prompter: Prompter) -> None:
        """Change one field from the review menu, validated like any answer."""
        from okhelp.core.summary import field_label

        conv = self.core()
        colon = message("punct_colon", self.lang)
        options = []
        for name in EDITABLE_FIELDS:
            # The names the summary above shows, so the menu reads "交易编号：TX…", not the
            # question cut at its question mark ("交易编号是: TX…").
            current = self.session.description if name == "description" else None
            current = current or str(self.session.fields.get(name, {}).get("display") or "")
            shown = current or field_label("missing", self.lang)
            options.append((name, f"{field_label(name, self.lang)}{colon}{shown}"))
        name = prompter.choose(message("review_which", self.lang), options, allow_back=True)
        if name == BACK:
            return
        old = self.session.fields.get(name, {}).get("text") or ""
        if name == "description":
            old = self.session.description or old
        text = self._prompt_field(
            name,
            field_question(name, self.lang),
            str(old),
            required=name in REQUIRED_WHEN_COLLECTED,
            allow_back=True,
        )
        if text == BACK:
            return
        conv.edit_field(name, text)


def okhelp_command() -> str:
    """How to run okhelp again from the same shell, for "resume" hints: ``okhelp`` when that
    name finds this program, else the path it was started by (``.venv/bin/okhelp`` straight
    after the README's install, where a bare ``okhelp`` is "command not found")."""
    import os
    import shlex
    import shutil
    import sys

    started = sys.argv[0] if sys.argv else ""
    if os.path.splitext(os.path.basename(started))[0] != "okhelp":
        return "okhelp"  # python -m okhelp, or embedded: the installed name is the best guess
    found = shutil.which("okhelp")
    if found and os.path.realpath(found) == os.path.realpath(started):
        return "okhelp"
    return shlex.quote(started)


@dataclass
class ReviewActions:
    """What the review menu can do besides editing: the terminal front end supplies these."""

    show: Callable[[], None]
    save: Callable[[str], str]
    show_json: Callable[[], None]
    default_file: str
    refresh: Callable[[], list[str]] = lambda: []  # files saved earlier, rewritten after an edit
    # why a file name cannot be saved to (a file already there), said under the prompt
    refuse: Callable[[str], str | None] = lambda name: None


def review(wizard: Wizard, actions: ReviewActions) -> None:
    """Let the user check the summary before handing it over: edit, save, show JSON, done."""
    prompter, lang = wizard.prompter, wizard.lang
    assert prompter is not None
    while True:
        key = prompter.choose(
            message("review", lang),
            [
                ("done", message("review_done", lang)),
                ("edit", message("review_edit", lang)),
                ("save", message("review_save", lang)),
                ("json", message("review_json", lang)),
            ],
        )
        if key == "done":
            return
        if key == "json":
            actions.show_json()
        elif key == "save":
            path = prompter.text(
                message("review_path", lang),
                default=actions.default_file,
                validate=lambda value: (
                    actions.refuse(value.strip()) if value.strip() else message("required", lang)
                ),
                allow_back=True,
            )
            if path != BACK:
                wizard.view.notice(actions.save(path.strip()))
        else:
            wizard.edit_field(prompter)
            actions.show()
            for said in actions.refresh():
                wizard.view.notice(said)

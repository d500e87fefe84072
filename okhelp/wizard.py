"""Runs a session: given answers first, the prompter for the rest, saving after every answer.

The engine decides where the session goes; this module only feeds it answers, validates input
fields, collects what an escalation needs, and keeps the saved session in step. It never imports
questionary or rich: it talks to a :class:`Prompter` and a :class:`View`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from okhelp import answers as answer_rules
from okhelp import fields as field_rules
from okhelp.engine import Answer, Engine, InvalidAnswer, State, StepKey
from okhelp.errors import AnswerError, Interrupted, StoreError
from okhelp.i18n import message, reason_text
from okhelp.model import Guide, Step
from okhelp.safety import redact
from okhelp.session import COLLECT_SOURCE, Session
from okhelp.store import Store

BACK = "__back__"  # what a Prompter returns for "← Back"


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


FIELD_QUESTIONS: dict[str, dict[str, str]] = {
    "account": {
        "zh": "你的钱包账户是？（注册手机号、邮箱或用户ID）",
        "en": "Your wallet account? (registered phone number, e-mail or user ID)",
    },
    "transaction_id": {
        "zh": "交易编号是？（在交易记录详情里）",
        "en": "The transaction ID? (in the transaction's details)",
    },
    "occurred_at": {
        "zh": "问题大概发生在什么时候？（例如“昨天下午3点”“两小时前”）",
        "en": "When did it happen? (e.g. 'yesterday 3pm', '2 hours ago')",
    },
    "amount": {
        "zh": "涉及金额是多少？（例如 120.50 元）",
        "en": "What amount was involved? (e.g. 120.50 CNY)",
    },
    "currency": {"zh": "币种？（例如 CNY、USD）", "en": "Which currency? (e.g. CNY, USD)"},
    "error_message": {"zh": "屏幕上的报错提示是？", "en": "The error message on screen?"},
    "app_version": {
        "zh": "APP 版本号？（在“设置-关于”里）",
        "en": "The app version? (Settings > About)",
    },
    "device": {"zh": "手机型号和系统？", "en": "Your phone model and system?"},
    "description": {
        "zh": "请用一两句话描述问题（不要填写密码、验证码或卡号）",
        "en": "Describe the problem in a sentence or two (no passwords, codes or card numbers)",
    },
}
REQUIRED_WHEN_COLLECTED = ("account",)
FREE_TEXT_FIELDS = ("description", "error_message", "device", "app_version")


def field_question(name: str, lang: str) -> str:
    question = FIELD_QUESTIONS.get(name)
    return question.get(lang, question["en"]) if question else f"{name}?"


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
    used: set[StepKey] = field(default_factory=set)
    warned: bool = False

    def run(self) -> Session:
        """Drive the session to an end; raise Interrupted (saved) or AnswerError (exit 2)."""
        state = self.session.state(self.engine)
        if self.session.description:
            self.session.description = self._redact("description", self.session.description)
        try:
            while not state.done:
                state = self._advance(state)
                self.session.apply(state)
                self._save()
            if state.outcome == "escalate":
                self._collect(self.engine.step(state))
            self.session.status = "resolved" if state.outcome == "resolved" else "escalated"
            self._save(force=True)
        except Interrupted as exc:
            saved = self._kept_for_resume()
            hint = message("resume_hint", self.lang, id=self.session.session_id) if saved else None
            raise Interrupted(exc.message, hint=hint) from None
        except AnswerError as exc:
            if self.session.trail and self._kept_for_resume():
                exc.hint = (
                    f"the session is saved: okhelp resume {self.session.session_id} --answers FILE"
                )
            raise
        return self.session

    def _worth_keeping(self) -> bool:
        """A session is saved once the user has entered something: an answer or a description."""
        return bool(self.session.trail or self.session.description)

    def _kept_for_resume(self) -> bool:
        """Save now, so a resume hint is shown only when the session really is on disk."""
        self._save()
        return self.store is not None and self._worth_keeping()

    def _save(self, *, force: bool = False) -> None:
        if self.store is None or not (self._worth_keeping() or force):
            return
        self.session.updated_at = self.now().isoformat(timespec="seconds")
        try:
            self.store.save_session(self.session)
        except StoreError as exc:
            self.view.notice(message("not_saved", self.lang, reason=exc.message))
            self.store = None

    def _advance(self, state: State) -> State:
        step = self.engine.step(state)
        if step.type in ("info", "link") and self.prompter is None:
            return self.engine.answer(state, None)
        given = answer_rules.lookup(self.answers, state.guide, step)
        if state.key not in self.used and given is not answer_rules.MISSING:
            self.used.add(state.key)
            try:
                return self._apply_given(state, step, given)
            except InvalidAnswer as exc:
                if self.prompter is None:
                    raise AnswerError(step.id, exc.reason, exc.accepted) from None
                self.view.problem(f"{step.id}: {exc.reason}")
        if self.prompter is None:
            if step.type in ("info", "link"):
                return self.engine.answer(state, None)
            raise AnswerError(
                step.id, "no answer given and no terminal to ask", answer_rules.accepted(step)
            )
        return self._ask(state, step)

    def _apply_given(self, state: State, step: Step, given: str | bool) -> State:
        value = answer_rules.coerce(step, given)
        if step.type == "input" and isinstance(value, str):
            value = self._record(step.field or "", value.strip(), f"{state.guide}/{step.id}")
        return self.engine.answer(state, value)

    def _record(self, name: str, text: str, source: str) -> str:
        """Validate a field (InvalidAnswer if wrong), keep its normalized value, return the text
        as it may be stored (free text has any secret in it redacted)."""
        if not text:
            self.session.fields[name] = {"text": "", "value": None, "source": source}
            return ""
        if name in FREE_TEXT_FIELDS or name.startswith("x-"):
            text = self._redact(name, text)
        value = field_rules.validate(name, text, self.field_ctx)
        self.session.fields[name] = {**value.to_json(), "source": source}
        if name == "description" and self.session.description is None:
            self.session.description = value.text
        return value.text

    def _redact(self, name: str, text: str) -> str:
        """Take out card numbers, codes, passwords, seed phrases and keys; warn once."""
        cleaned, counts = redact(text)
        if not counts:
            return text
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
            self.view.notice(message("redacted", self.lang, kinds=", ".join(sorted(counts))))
        return cleaned

    def _ask(self, state: State, step: Step) -> State:
        assert self.prompter is not None
        guide = self.engine.guide(state)
        self.view.step(guide, step, self.engine.position(state), self.engine.remaining(state))
        allow_back = bool(state.trail)
        default = self.engine.default(state)
        kind = self.engine.expects(state)
        if kind == "text":
            return self._ask_text(state, step, default, allow_back)
        options, question = self._options(step)
        default_key = _default_key(default)
        key = self.prompter.choose(question, options, default=default_key, allow_back=allow_back)
        if key == BACK:
            return self.engine.back(state)
        value: Answer = None
        if kind == "yesno":
            value = key == "yes"
        elif kind == "choice":
            value = key
        return self.engine.answer(state, value)

    def _options(self, step: Step) -> tuple[list[tuple[str, str]], str]:
        lang = self.lang
        if step.type == "choice":
            return [(c.id, c.label.get(lang)) for c in step.choices], step.text.get(
                lang
            ).splitlines()[-1]
        if step.type == "action":
            return list(zip(("yes", "no"), step.yes_no_labels(lang), strict=True)), message(
                "solved_question", lang
            )
        if step.type == "confirm":
            return list(zip(("yes", "no"), step.yes_no_labels(lang), strict=True)), step.text.get(
                lang
            ).splitlines()[-1]
        return [("continue", message("continue", lang))], message("when_ready", lang)

    def _ask_text(self, state: State, step: Step, default: Answer, allow_back: bool) -> State:
        assert self.prompter is not None and step.field is not None
        text = self._prompt_field(
            step.field,
            step.text.get(self.lang).splitlines()[-1],
            default if isinstance(default, str) else "",
            required=step.required,
            allow_back=allow_back,
        )
        if text == BACK:
            return self.engine.back(state)
        stored = self._record(step.field, text, f"{state.guide}/{step.id}")
        return self.engine.answer(state, stored or None)

    def _prompt_field(
        self, name: str, question: str, default: str, *, required: bool, allow_back: bool
    ) -> str:
        """Ask until the answer validates (and a parsed time or amount is confirmed); BACK passes
        through."""
        assert self.prompter is not None

        def check(value: str) -> str | None:
            text = value.strip()
            if not text:
                return None if not required else message("required", self.lang)
            try:
                field_rules.validate(name, answer_rules.plain_text(text), self.field_ctx)
            except InvalidAnswer as exc:
                return reason_text(exc.reason, self.lang)
            return None

        instruction = None if required else message("optional", self.lang)
        while True:
            text = self.prompter.text(
                question,
                default=default,
                validate=check,
                allow_back=allow_back,
                instruction=instruction,
            ).strip()
            if text == BACK or not text:
                return text
            read_back = field_rules.confirmation(
                name, field_rules.validate(name, text, self.field_ctx), self.lang
            )
            if read_back is None:
                return text
            confirm = self.prompter.choose(
                read_back,
                [("yes", message("yes", self.lang)), ("no", message("no", self.lang))],
            )
            if confirm == "yes":
                return text
            default = text

    def edit_field(self, prompter: Prompter) -> None:
        """Change one collected field from the review menu, validated like any answer."""
        options = []
        for name in EDITABLE_FIELDS:
            current = self.session.description if name == "description" else None
            current = current or str(self.session.fields.get(name, {}).get("display") or "")
            label = field_question(name, self.lang).split("？")[0].split("?")[0]
            options.append((name, f"{label}: {current}" if current else label))
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
        stored = self._record(name, text, COLLECT_SOURCE)
        if name == "description":
            self.session.description = stored or None
        self._save(force=True)

    def _collect(self, end: Step) -> None:
        """Ask for the fields the summary needs that the session does not know yet."""
        for name in end.collect:
            if name in self.session.fields or (name == "description" and self.session.description):
                continue
            required = name in REQUIRED_WHEN_COLLECTED
            given = self.answers.get(name)
            if given is not None and ("collect", name) not in self.used:
                self.used.add(("collect", name))
                try:
                    text = answer_rules.plain_text(given)
                    if required and not text.strip():
                        raise InvalidAnswer("an answer is required", f"text for the field '{name}'")
                    self._record(name, text.strip(), COLLECT_SOURCE)
                    continue
                except InvalidAnswer as exc:
                    if self.prompter is None:
                        raise AnswerError(
                            end.id, f"field '{name}': {exc.reason}", exc.accepted
                        ) from None
                    self.view.problem(f"{name}: {exc.reason}")
            if self.prompter is None:
                raise AnswerError(
                    end.id,
                    f"the summary needs '{name}' and no answer was given",
                    f"--answer {name}=..." + ("" if required else " (may be empty)"),
                )
            text = self._prompt_field(
                name, field_question(name, self.lang), "", required=required, allow_back=False
            )
            self._record(name, text, COLLECT_SOURCE)
            self._save()


EDITABLE_FIELDS = (
    "account",
    "transaction_id",
    "occurred_at",
    "amount",
    "error_message",
    "description",
)


@dataclass
class ReviewActions:
    """What the review menu can do besides editing: the CLI supplies these."""

    show: Callable[[], None]
    save: Callable[[str], str]
    show_json: Callable[[], None]
    default_file: str


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
                validate=lambda value: None if value.strip() else message("required", lang),
            )
            wizard.view.notice(actions.save(path.strip()))
        else:
            wizard.edit_field(prompter)
            actions.show()


def _default_key(default: Answer) -> str | None:
    if isinstance(default, bool):
        return "yes" if default else "no"
    return default

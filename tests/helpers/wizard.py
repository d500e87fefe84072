"""A wizard driven by a script of replies, and a view that notes what it was shown: the
terminal front end tested without a terminal."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from okhelp.domain.engine import Engine
from okhelp.domain.model import Guide, Step
from okhelp.domain.session import Session
from okhelp.fields.validation import FieldContext
from okhelp.frontends.terminal.wizard import BACK, Wizard
from okhelp.library.catalog import load_catalog
from okhelp.storage.sessions import Store

NOW = datetime(2026, 11, 21, 15, 42, tzinfo=timezone(timedelta(hours=8)))


@dataclass
class Script:
    """A prompter that answers from a list and records what it was asked."""

    replies: list[Any]
    asked: list[tuple[str, str, Any]] = field(default_factory=list)

    def _next(self, kind: str, message: str, extra: Any) -> Any:
        self.asked.append((kind, message, extra))
        if not self.replies:
            raise AssertionError(f"unexpected prompt: {message}")
        reply = self.replies.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        return reply

    def choose(
        self,
        message: str,
        options: Sequence[tuple[str, str]],
        *,
        default: str | None = None,
        allow_back: bool = False,
    ) -> str:
        reply = self._next("choose", message, {"default": default, "back": allow_back})
        assert reply == BACK or reply in [key for key, _ in options], (reply, options)
        return str(reply)

    def text(
        self,
        message: str,
        *,
        default: str = "",
        validate: Callable[[str], str | None],
        allow_back: bool = False,
        instruction: str | None = None,
    ) -> str:
        while True:
            reply = self._next("text", message, {"default": default, "back": allow_back})
            if reply == BACK:
                return BACK
            problem = validate(reply)
            if problem is None:
                return str(reply)
            self.asked.append(("invalid", reply, problem))


@dataclass
class Notes:
    shown: list[str] = field(default_factory=list)

    def step(self, guide: Guide, step: Step, position: int, remaining: int) -> None:
        self.shown.append(f"step {step.id}")

    def problem(self, text: str) -> None:
        self.shown.append(f"problem {text}")

    def notice(self, text: str) -> None:
        self.shown.append(f"notice {text}")


def scripted_wizard(
    tmp_path: Path,
    guide_id: str,
    *,
    replies: list[Any] | None = None,
    given: dict[str, Any] | None = None,
    store: Store | None = None,
) -> tuple[Wizard, Script | None, Notes]:
    guides = load_catalog({}).guides
    session = Session("20261121-154200-abcd", guide_id, "en", NOW.isoformat(), NOW.isoformat())
    script = Script(list(replies)) if replies is not None else None
    notes = Notes()
    wizard = Wizard(
        engine=Engine(guides, guide_id),
        session=session,
        lang="en",
        field_ctx=FieldContext(now=NOW, timezone=NOW.tzinfo, timezone_name="Asia/Shanghai"),  # type: ignore[arg-type]
        answers=given or {},
        prompter=script,
        view=notes,
        store=store if store is not None else Store(tmp_path / "home"),
        now=lambda: NOW,
    )
    return wizard, script, notes

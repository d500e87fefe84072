"""The three front ends give the same summary for the same answers.

The terminal wizard (a scripted prompter at its prompts), the step protocol (one okhelp process per
message) and the MCP server (the SDK's stdio client) each walk top-up to an escalation with the
same answers, including "I can't do this step", a time, an amount, a skipped field and a
description holding a card number; their summaries must agree on everything but the session id
and the time they were generated.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from okhelp.core.summary import build
from okhelp.domain.engine import Engine
from okhelp.domain.model import Guide, Step
from okhelp.domain.session import Session
from okhelp.fields.validation import FieldContext
from okhelp.frontends.terminal.wizard import Wizard
from okhelp.library.cache import content_digest
from okhelp.library.catalog import load_catalog
from okhelp.storage.config import Config
from okhelp.storage.sessions import Store
from tests.helpers.mcp import call_tool, server_params
from tests.helpers.protocol import okhelp

NOW = datetime(2026, 11, 21, 15, 42, tzinfo=timezone(timedelta(hours=8)))
ANSWERS = [
    "cash",
    "not_possible",
    "no",
    "yesterday 3pm",
    "120.5 元",
    "",
    "lilei_2026",
    "卡号 4111 1111 1111 1111 还是不行",
]


@dataclass
class Scripted:
    """A prompter answering from a list, confirming every time it is shown."""

    replies: list[str]
    asked: list[str] = field(default_factory=list)

    def choose(
        self,
        message: str,
        options: Sequence[tuple[str, str]],
        *,
        default: str | None = None,
        allow_back: bool = False,
    ) -> str:
        self.asked.append(message)
        if message.startswith("= "):
            return "yes"
        reply = self.replies.pop(0)
        assert reply in [key for key, _ in options], (reply, options)
        return reply

    def text(
        self,
        message: str,
        *,
        default: str = "",
        validate: Callable[[str], str | None],
        allow_back: bool = False,
        instruction: str | None = None,
    ) -> str:
        self.asked.append(message)
        reply = self.replies.pop(0)
        assert validate(reply) is None, reply
        return reply


class Quiet:
    def step(self, guide: Guide, step: Step, position: int, remaining: int) -> None: ...
    def problem(self, text: str) -> None: ...
    def notice(self, text: str) -> None: ...


def _comparable(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in ("session_id", "generated_at")}


def _terminal(home: Path) -> dict[str, Any]:
    guides = load_catalog({}).guides
    session = Session("20261121-154200-abcd", "top-up", "en", NOW.isoformat(), NOW.isoformat())
    session.timezone = "Asia/Shanghai"
    session.guide_digests = {"top-up": content_digest(guides["top-up"])}  # as new_session does
    prompter = Scripted(list(ANSWERS))
    wizard = Wizard(
        engine=Engine(guides, "top-up"),
        session=session,
        lang="en",
        field_ctx=FieldContext(now=NOW, timezone=NOW.tzinfo, timezone_name="Asia/Shanghai"),  # type: ignore[arg-type]
        answers={},
        prompter=prompter,
        view=Quiet(),
        store=Store(home),
        now=lambda: NOW,
    )
    finished = wizard.run()
    assert not prompter.replies and finished.status == "escalated"
    return build(finished, guides, Config(), NOW)


def _step_cli(home: Path) -> dict[str, Any]:
    code, reply, err = okhelp(home, "start", "top-up")
    assert code == 0, err
    for value in ANSWERS:
        code, reply, err = okhelp(home, "answer", reply["session_id"], value)
        assert code == 0, err
    assert reply["status"] == "escalated"
    summary: dict[str, Any] = reply["summary"]
    return summary


async def _mcp(home: Path) -> dict[str, Any]:
    async with Client(server_params(home)) as client:
        failed, reply = await call_tool(client, "start_session", guide="top-up", lang="en")
        for value in ANSWERS:
            failed, reply = await call_tool(
                client, "answer", session_id=reply["session_id"], value=value
            )
            assert not failed, reply
    assert reply["status"] == "escalated"
    summary: dict[str, Any] = reply["summary"]
    return summary


@pytest.mark.slow
def test_terminal_step_cli_and_mcp_give_the_same_summary(tmp_path: Path) -> None:
    terminal = _terminal(tmp_path / "terminal")
    step_cli = _step_cli(tmp_path / "steps")
    mcp = asyncio.run(_mcp(tmp_path / "mcp"))
    assert _comparable(step_cli) == _comparable(terminal)
    assert _comparable(mcp) == _comparable(terminal)
    # and it says what happened
    assert terminal["description"] == "卡号 [REDACTED:card_number] 还是不行"
    assert terminal["redactions"] == [{"field": "description", "kind": "card_number", "count": 1}]
    assert [t["answer"] for t in terminal["transcript"]][:3] == ["cash", "not_possible", "no"]
    assert terminal["incident"]["occurred_at"] == "2026-11-20T15:00:00+08:00"
    assert json.dumps(terminal, ensure_ascii=False).count("4111") == 0

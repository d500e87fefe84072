"""Every front end ends a session through one path (``Conversation.finish``): the terminal
(``okhelp guide``), the step protocol (``okhelp start`` / ``okhelp answer``) and the MCP server
show the same closing words, with the configured contact channels in place of ``{channels}``,
and keep the same summary for support. Reopening a session whose guide changed marks it
abandoned the same way in each.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from tests.helpers import minimal_guide
from tests.helpers.mcp import call_tool

# The minimal guide (ask -> try-it -> escalate), its escalation saying {channels}.
GUIDE = (
    minimal_guide("channel-end")
    .replace("en: Contact support.}", 'en: "Send the summary to official support: {channels}"}')
    .replace("zh: 请联系客服。,", 'zh: "请把摘要发给官方客服：{channels}",')
)
CONFIG = (
    "contact_channels:\n"
    "  - {kind: in_app_chat, detail: {zh: APP 内在线客服, en: In-app chat (Me > Help)}}\n"
    "  - {kind: phone, detail: 'the number printed on your card'}\n"
)
CHANNELS = ("In-app chat (Me > Help)", "the number printed on your card")
ACCOUNT = "lilei_2026"


def _reply_to(question: dict[str, Any]) -> str:
    """The guide's question is answered "no"; of the fields, only the account is given."""
    if question.get("field") == "account":
        return ACCOUNT
    return "" if question.get("field") else "no"


@pytest.fixture
def world(tmp_path: Path) -> dict[str, str]:
    guides = tmp_path / "guides"
    guides.mkdir()
    (guides / "channel-end.yaml").write_text(GUIDE, encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    return {
        "OKHELP_GUIDES_PATH": str(guides),
        "OKHELP_CONFIG": str(config),
        "OKHELP_LANG": "en",
        "OKHELP_NOW": "2026-11-21T15:42:00+08:00",
        "TZ": "Asia/Shanghai",
    }


def _run(home: Path, world: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OKHELP_")}
    env.update(world, OKHELP_HOME=str(home), XDG_CONFIG_HOME=str(home / "no-config"))
    proc = subprocess.run(
        [sys.executable, "-m", "okhelp", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def _kept(home: Path) -> dict[str, Any]:
    """The one summary file kept for support."""
    (path,) = (home / "summaries").glob("*.json")
    record: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return record


def _comparable(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in ("session_id", "generated_at")}


def _says_channels(text: str) -> None:
    assert "{channels}" not in text, text
    assert all(channel in text for channel in CHANNELS), text


async def _mcp(home: Path, world: dict[str, str]) -> dict[str, Any]:
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "okhelp", "mcp"],
        env={**world, "OKHELP_HOME": str(home), "XDG_CONFIG_HOME": str(home / "no-config")},
    )
    async with Client(params) as client:
        failed, reply = await call_tool(client, "start_session", guide="channel-end", lang="en")
        assert not failed, reply
        while "kind" in reply:
            value = _reply_to(reply)
            failed, reply = await call_tool(
                client, "answer", session_id=reply["session_id"], value=value
            )
            assert not failed, reply
    ended: dict[str, Any] = reply
    return ended


@pytest.mark.slow
def test_every_front_end_fills_the_channels_and_keeps_the_same_summary(
    tmp_path: Path, world: dict[str, str]
) -> None:
    terminal = _run(
        tmp_path / "terminal",
        world,
        *("guide", "channel-end", "-a", "ask=no", "-a", "try-it=no"),
        *("-a", f"account={ACCOUNT}", "-a", "description="),
    )
    assert terminal.returncode == 0, terminal.stderr
    _says_channels(terminal.stdout)

    reply = json.loads(_run(tmp_path / "steps", world, "start", "channel-end").stdout)
    while "kind" in reply:
        answered = _run(tmp_path / "steps", world, "answer", reply["session_id"], _reply_to(reply))
        assert answered.returncode == 0, answered.stderr
        reply = json.loads(answered.stdout)
    step_end = reply
    assert step_end["status"] == "escalated"
    _says_channels(step_end["text"])

    mcp_end = asyncio.run(_mcp(tmp_path / "mcp", world))
    assert mcp_end["status"] == "escalated"
    _says_channels(mcp_end["text"])

    assert mcp_end["text"] == step_end["text"]
    kept = [_kept(tmp_path / name) for name in ("terminal", "steps", "mcp")]
    assert _comparable(kept[1]) == _comparable(kept[0])
    assert _comparable(kept[2]) == _comparable(kept[0])
    assert _comparable(step_end["summary"]) == _comparable(kept[1])


def _change_the_guide(world: dict[str, str]) -> None:
    """The question the session answered is gone: its answers no longer fit."""
    path = Path(world["OKHELP_GUIDES_PATH"]) / "channel-end.yaml"
    text = path.read_text(encoding="utf-8").replace("start: ask", "start: ask-again")
    text = text.replace("  - id: ask\n", "  - id: ask-again\n").replace(
        '{ask: "yes"}', '{ask-again: "yes"}'
    )
    path.write_text(text, encoding="utf-8")


def _status(home: Path, world: dict[str, str]) -> str:
    listed = _run(home, world, "sessions", "-f", "json")
    (row,) = json.loads(listed.stdout)
    status: str = row["status"]
    return status


@pytest.mark.slow
def test_a_session_whose_guide_changed_is_abandoned_alike_in_the_terminal_and_the_protocol(
    tmp_path: Path, world: dict[str, str]
) -> None:
    terminal_home, steps_home = tmp_path / "terminal", tmp_path / "steps"
    # One answer in each, then the guide changes under both unfinished sessions.
    started = _run(steps_home, world, "start", "channel-end")
    session_id = json.loads(started.stdout)["session_id"]
    assert _run(steps_home, world, "answer", session_id, "no").returncode == 0
    result = _run(terminal_home, world, "guide", "channel-end", "--answer", "ask=no")
    assert result.returncode != 0  # the second question has no answer: kept to resume
    assert _status(terminal_home, world) == _status(steps_home, world) == "in_progress"
    _change_the_guide(world)

    resumed = _run(terminal_home, world, "resume", "--answer", "try-it=yes")
    moved = _run(steps_home, world, "answer", session_id, "yes")

    assert resumed.returncode == moved.returncode == 2
    (error_line,) = [
        line for line in resumed.stderr.splitlines() if line.startswith("okhelp: error:")
    ]
    said = error_line.removeprefix("okhelp: error: ").split(" (")[0]
    reply = json.loads(moved.stdout)
    assert reply["error"]["code"] == "guide_changed"
    terminal_id = json.loads(_run(terminal_home, world, "sessions", "-f", "json").stdout)[0][
        "session_id"
    ]
    assert said.replace(terminal_id, "ID") == reply["error"]["message"].replace(session_id, "ID")
    assert "abandoned" in said
    assert "okhelp guide channel-end" in resumed.stderr  # the terminal says how to start again
    assert "okhelp" not in reply["error"]["message"]
    assert _status(terminal_home, world) == _status(steps_home, world) == "abandoned"

"""Driving the installed ``okhelp`` in a real pseudo-terminal (pexpect): the keys, a spawn of the
command, its exit code, and the sessions it left behind."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pexpect

from tests.helpers import installed_okhelp

DOWN = "\x1b[B"
ENTER = "\r"
CTRL_C = "\x03"
CTRL_U = "\x15"
# The one optional question at a resolved or waiting end (its own tests answer it).
RATING_QUESTION = r"Did this help\? Rate it|这次帮到你了吗|這次幫到你了嗎"


def spawn(
    args: list[str], env: dict[str, str], columns: int = 100, cwd: str | None = None
) -> pexpect.spawn:
    """``okhelp ARGS`` in a 40-row terminal COLUMNS wide (in folder ``cwd``: default, the
    data folder's parent, so that nothing a test saves lands in the checkout)."""
    folder = cwd or str(Path(env["OKHELP_HOME"]).parent)
    child = pexpect.spawn(
        installed_okhelp(),
        args,
        env=env,
        encoding="utf-8",
        timeout=15,
        dimensions=(40, columns),
        cwd=folder,
    )
    return child


def finish(child: pexpect.spawn) -> int:
    """Wait for the end of the run and return its exit code; the verdict question, if the end
    asks it, is skipped with Enter."""
    if child.expect([RATING_QUESTION, pexpect.EOF]) == 0:
        child.send(ENTER)
        child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus is not None, child.signalstatus
    return int(child.exitstatus)


def okhelp_output(env: dict[str, str], *args: str) -> str:
    """What ``okhelp ARGS`` in ENV prints, run to its end outside the terminal."""
    return subprocess.run(
        [installed_okhelp(), *args], env=env, capture_output=True, text=True, check=True
    ).stdout


def listed_sessions(env: dict[str, str]) -> list[dict[str, str]]:
    """``okhelp sessions --format json`` in ENV."""
    rows: list[dict[str, str]] = json.loads(okhelp_output(env, "sessions", "--format", "json"))
    return rows


def latest_summary(env: dict[str, str]) -> dict[str, Any]:
    """``okhelp summary --format json`` in ENV: the latest session's record."""
    record: dict[str, Any] = json.loads(okhelp_output(env, "summary", "--format", "json"))
    return record

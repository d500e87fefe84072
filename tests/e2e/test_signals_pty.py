"""SIGTERM and SIGHUP at a prompt: saved, told how to resume, the shell's exit code."""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path

import pexpect
import pytest

from tests.helpers import installed_okhelp, saved_session
from tests.helpers.pty import DOWN, ENTER

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_signal_at_a_prompt_saves_and_says_how_to_resume(
    env: dict[str, str], signum: int, code: int
) -> None:
    child = pexpect.spawn(
        installed_okhelp(),
        ["guide", "top-up", "--lang", "en"],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 200),
    )
    child.expect("How did you top up")
    child.send(DOWN + DOWN + ENTER)  # cash
    child.expect("Did this solve it")
    child.kill(signum)
    child.expect(r"To continue, run: \S*okhelp resume (\d{8}-\d{6}-[0-9a-f]{4})")
    session_id = child.match.group(1)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == code and child.signalstatus is None
    listed = subprocess.run(
        [installed_okhelp(), "sessions", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    rows = json.loads(listed.stdout)
    assert [(r["session_id"], r["status"]) for r in rows] == [(session_id, "in_progress")]
    resumed = subprocess.run(
        [installed_okhelp(), "resume", session_id, "-a", "cash-receipt=yes"],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert saved_session(Path(env["OKHELP_HOME"]), session_id)["trail"][0]["value"] == "cash"
    assert "open elsewhere" not in resumed.stderr  # the lock went with the process

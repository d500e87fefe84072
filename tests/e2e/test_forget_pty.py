"""Forgetting at a real terminal: a summary saved from the review menu under a name of one's own,
then ``okhelp forget`` asks (n keeps everything, Ctrl-C too), and y erases it all."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_wizard_pty import CTRL_C, CTRL_U, DOWN, ENTER, _finish, _sessions, _spawn
from tests.helpers import minimal_guide

pytestmark = pytest.mark.slow


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    import os

    guides = tmp_path / "guides"
    guides.mkdir()
    (guides / "sample.yaml").write_text(minimal_guide("sample"), encoding="utf-8")
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("OKHELP_")},
        "OKHELP_HOME": str(tmp_path / "home"),
        "OKHELP_GUIDES_PATH": str(guides),
        "OKHELP_NOW": "2026-11-21T15:42:00+08:00",
        "XDG_CONFIG_HOME": str(tmp_path / "no-config"),
        "TZ": "Asia/Shanghai",
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "COLUMNS": "",
    }


def _files(home: Path) -> list[str]:
    return sorted(
        p.relative_to(home).as_posix()
        for p in home.rglob("*")
        if p.is_file() and not p.relative_to(home).as_posix().startswith("cache/")
    )


def test_forget_asks_at_a_terminal_and_erases_what_the_review_menu_saved(
    env: dict[str, str],
) -> None:
    home = Path(env["OKHELP_HOME"])
    answers = ["-a", "ask=no", "-a", "try-it=no", "-a", "account=13800138000"]
    child = _spawn(["guide", "sample", "--lang", "en", *answers, "-a", "description="], env)
    child.expect("Check it before you send it")
    child.send(DOWN * 2 + ENTER)  # save to a file
    child.expect("Save to which file")
    child.send(CTRL_U + "ticket for support.md" + ENTER)
    child.expect("Saved: ")
    child.expect("Check it before you send it")
    child.send(ENTER)  # done
    assert _finish(child) == 0
    session_id = _sessions(env)[0]["session_id"]
    before = _files(home)
    assert "summaries/ticket for support.md" in before
    assert f"summaries/{session_id}.json" in before

    child = _spawn(["forget", session_id[:17], "--lang", "en"], env)
    child.expect(f"Erase session {session_id}")
    child.expect(r"escalated to support")
    child.expect(r"\(y/N\)")
    child.send("n")
    child.expect("Nothing erased")
    assert _finish(child) == 0
    assert _files(home) == before

    child = _spawn(["forget", session_id, "--lang", "en"], env)
    child.expect(r"\(y/N\)")
    child.send(CTRL_C)
    assert _finish(child) == 130
    assert _files(home) == before

    child = _spawn(["forget", session_id, "--lang", "zh"], env)
    child.expect(f"永久删除会话 {session_id}")
    child.send("y")
    child.expect("已删除 1 个会话（共 3 个文件）")
    assert _finish(child) == 0
    assert _files(home) == []
    assert _sessions(env) == []

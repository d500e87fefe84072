"""Forgetting at a real terminal: a summary saved from the review menu under a name of one's own,
then ``okhelp forget`` asks (n keeps everything, Ctrl-C too), and y erases it all."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import minimal_guide
from tests.helpers.pty import CTRL_C, CTRL_U, DOWN, ENTER, finish, listed_sessions, spawn

pytestmark = pytest.mark.slow


@pytest.fixture
def env(env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """The terminal environment (tests/e2e/conftest.py) with one custom guide, ``sample``."""
    guides = tmp_path / "guides"
    guides.mkdir()
    (guides / "sample.yaml").write_text(minimal_guide("sample"), encoding="utf-8")
    return {**env, "OKHELP_GUIDES_PATH": str(guides)}


def _files(home: Path) -> list[str]:
    """The files in the data folder but caches and the sessions database itself (its rows are
    looked at through ``listed_sessions``)."""
    return sorted(
        p.relative_to(home).as_posix()
        for p in home.rglob("*")
        if p.is_file() and not p.relative_to(home).as_posix().startswith(("cache/", "okhelp.db"))
    )


def test_forget_asks_at_a_terminal_and_erases_what_the_review_menu_saved(
    env: dict[str, str],
) -> None:
    home = Path(env["OKHELP_HOME"])
    answers = ["-a", "ask=no", "-a", "try-it=no", "-a", "account=13800138000"]
    child = spawn(["guide", "sample", "--lang", "en", *answers, "-a", "description="], env)
    child.expect("Check it before you send it")
    child.send(DOWN * 2 + ENTER)  # save to a file
    child.expect("Save to which file")
    child.send(CTRL_U + str(home / "summaries" / "ticket for support.md") + ENTER)
    child.expect("Saved: ")
    child.expect("Check it before you send it")
    child.send(ENTER)  # done
    assert finish(child) == 0
    session_id = listed_sessions(env)[0]["session_id"]
    before = _files(home)
    assert "summaries/ticket for support.md" in before
    assert f"summaries/{session_id}.json" in before

    child = spawn(["forget", session_id[:17], "--lang", "en"], env)
    child.expect(f"Erase session {session_id}")
    child.expect(r"escalated to support")
    child.expect(r"\(y/N\)")
    child.send("n")
    child.expect("Nothing erased")
    assert finish(child) == 0
    assert _files(home) == before

    child = spawn(["forget", session_id, "--lang", "en"], env)
    child.expect(r"\(y/N\)")
    child.send(CTRL_C)
    assert finish(child) == 130
    assert _files(home) == before

    child = spawn(["forget", session_id, "--lang", "zh"], env)
    child.expect(f"永久删除会话 {session_id}")
    child.send("y")
    child.expect("已删除 1 个会话（共 3 个文件）")
    assert finish(child) == 0
    assert _files(home) == []
    assert listed_sessions(env) == []

"""The commands in-process: forget, sessions --prune, a session whose guide is gone, and runs
given wrong answers that must leave nothing behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from okhelp.core.runtime import missing_guides
from okhelp.domain.engine import Entry
from okhelp.domain.session import Session
from okhelp.errors import EXIT_BUSY
from okhelp.storage.sessions import Store
from tests.helpers import LOCK_HOLDER, Result, minimal_guide, saved_session

Cli = Callable[..., Result]
ESCALATE = ("-a", "ask=no", "-a", "try-it=no", "-a", "account=13800138000", "-a", "description=")


def _home() -> Path:
    return Path(os.environ["OKHELP_HOME"])


def _files(home: Path | None = None) -> list[str]:
    """Every file in the data folder but the guide cache and the database's log files (there
    while a database is open), relative, sorted."""
    home = home or _home()
    return sorted(
        p.relative_to(home).as_posix()
        for p in home.rglob("*")
        if p.is_file()
        and not p.name.startswith("guide")
        and not p.name.endswith(("okhelp.db-wal", "okhelp.db-shm"))
    )


def _ids(cli: Cli) -> list[str]:
    return [row["session_id"] for row in json.loads(cli("sessions", "-f", "json", "--all").out)]


def _one_line(result: Result, code: int = 2) -> str:
    assert result.code == code, (result.code, result.err)
    assert result.err.count("\n") == 1 and result.err.startswith("okhelp: error: "), result.err
    assert "Traceback" not in result.err
    return result.err


def _save(session_id: str, status: str, updated: str) -> None:
    Store.from_env().save_session(
        Session(session_id, "top-up", "en", updated, updated, status=status)
    )


# --- okhelp forget ---------------------------------------------------------------------------


def test_forget_without_a_terminal_asks_for_yes_and_erases_nothing(cli: Cli) -> None:
    assert cli("guide", "top-up", "-a", "method=bank").code == 2
    (session_id,) = _ids(cli)
    before = _files()
    err = _one_line(cli("forget", session_id))
    assert "--yes" in err and "no terminal" in err
    assert _files() == before


def test_forget_yes_erases_the_session_its_summary_and_markdown(cli: Cli) -> None:
    answers = ("-a", "method=third-party", "-a", "third-party-status=yes")
    assert cli("guide", "top-up", *answers).code == 2  # kept to compare with
    assert cli("guide", "sample", *ESCALATE).code == 2  # no such guide: nothing saved
    home = _home()
    folder = home.parent / "guides"
    folder.mkdir()
    (folder / "sample.yaml").write_text(minimal_guide("sample"), encoding="utf-8")
    os.environ["OKHELP_GUIDES_PATH"] = str(folder)
    try:
        assert cli("guide", "sample", *ESCALATE).code == 0
    finally:
        del os.environ["OKHELP_GUIDES_PATH"]
    escalated = next(
        row["session_id"]
        for row in json.loads(cli("sessions", "-f", "json").out)
        if row["status"] == "escalated"
    )
    (home / "summaries" / f"{escalated}.md").write_text("saved from the review menu\n")
    assert f"summaries/{escalated}.json" in _files()

    others = [other for other in _ids(cli) if other != escalated]
    prefix = next(
        escalated[:size]
        for size in range(17, len(escalated) + 1)
        if not any(other.startswith(escalated[:size]) for other in others)
    )
    result = cli("forget", prefix, "--yes")

    assert result.code == 0, result.err
    assert "Erased 1 session(s) (3 file(s) in all)" in result.err
    assert not [name for name in _files() if escalated in name]
    assert len(_ids(cli)) == 1
    _one_line(cli("summary", escalated))
    assert cli("forget", escalated, "--yes").code == 2


def test_forget_in_chinese_says_so_in_chinese(cli: Cli) -> None:
    _save("20261121-154200-aaaa", "in_progress", "2026-11-21T15:42:00+08:00")
    result = cli("forget", "20261121-154200-aaaa", "-y", "--lang", "zh")
    assert result.code == 0 and "已删除 1 个会话" in result.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give a SESSION_ID or --all"),
        (("20261121-154200-aaaa", "--all"), "not both"),
        (("2026",), "matches 2 sessions"),
        (("2025",), "no session '2025'"),
        (("../../etc/passwd",), "no session"),
    ],
)
def test_forget_errors_are_one_line(cli: Cli, args: tuple[str, ...], message: str) -> None:
    _save("20261121-154200-aaaa", "in_progress", "2026-11-21T15:42:00+08:00")
    _save("20261121-154300-bbbb", "resolved", "2026-11-21T15:43:00+08:00")
    assert message in _one_line(cli("forget", *args, "--yes"))
    assert len(_ids(cli)) == 2


def test_forget_all_erases_every_session_and_summary(cli: Cli) -> None:
    assert "No sessions to erase" in cli("forget", "--all").err  # nothing to ask about
    _save("20261121-154200-aaaa", "in_progress", "2026-11-21T15:42:00+08:00")
    _save("20261121-154300-bbbb", "escalated", "2026-11-21T15:43:00+08:00")
    Store.from_env().save_summary("20261121-154300-bbbb", {"x": 1})
    Store.from_env().save_summary("20261001-000000-cccc", {"x": 1})  # its session went by hand
    (_home() / "sessions").mkdir()  # an older okhelp's folder, with a damaged file
    (_home() / "sessions" / "20261121-154400-dddd.json").write_text("damaged")
    assert "--yes" in _one_line(cli("forget", "--all"))
    result = cli("forget", "--all", "--yes")
    assert result.code == 0 and "Erased 3 session(s) (5 file(s) in all)" in result.err
    left = [f for f in _files() if not f.startswith("cache/") and f != "okhelp.db"]
    assert _ids(cli) == [] and left == []
    listing = cli("sessions", "-f", "json")
    assert listing.out.strip() == "[]" and listing.err == ""


def test_a_session_open_elsewhere_is_not_erased(cli: Cli) -> None:
    _save("20261121-154200-aaaa", "in_progress", "2026-11-21T15:42:00+08:00")
    _save("20261121-154300-bbbb", "in_progress", "2026-11-21T15:43:00+08:00")
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(_home()), "20261121-154200-aaaa"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        err = _one_line(cli("forget", "20261121-154200", "--yes"), EXIT_BUSY)
        assert "20261121-154200-aaaa is open elsewhere" in err and "not erased" in err
        everything = cli("forget", "--all", "--yes")
        assert everything.code == 1
        assert "20261121-154200-aaaa is open elsewhere" in everything.err
        assert "Erased 1 session(s)" in everything.err
        assert _ids(cli) == ["20261121-154200-aaaa"]
    finally:
        holder.communicate("\n", timeout=30)
    assert cli("forget", "--all", "--yes").code == 0 and _ids(cli) == []


# --- okhelp sessions --prune -----------------------------------------------------------------


def _history() -> None:
    """Now is 2026-11-21 15:42 +08:00 (conftest's OKHELP_NOW)."""
    _save("20260901-100000-0001", "escalated", "2026-09-01T10:00:00+08:00")
    _save("20261001-100000-0002", "in_progress", "2026-10-01T10:00:00+08:00")
    _save("20261015-100000-0003", "resolved", "2026-11-20T09:00:00+08:00")  # answered lately
    _save("20261121-100000-0004", "in_progress", "2026-11-21T10:00:00+08:00")


def test_prune_erases_sessions_last_updated_before_the_age(cli: Cli) -> None:
    _history()
    Store.from_env().save_summary("20260901-100000-0001", {"x": 1})
    result = cli("sessions", "--prune", "--older-than", "30d", "--yes")
    assert result.code == 0, result.err
    assert "Erased 2 session(s) (3 file(s) in all)" in result.err
    assert _ids(cli) == ["20261121-100000-0004", "20261015-100000-0003"]
    assert not (_home() / "summaries" / "20260901-100000-0001.json").exists()


@pytest.mark.parametrize(
    ("age", "left"),
    [("12h", 1), ("36h", 2), ("1d", 1), ("2w", 2), ("8 weeks", 3), ("100d", 4)],
)
def test_prune_takes_hours_days_and_weeks(cli: Cli, age: str, left: int) -> None:
    _history()
    result = cli("sessions", "--prune", "--older-than", age, "-y", "-f", "json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert len(report["erased"]) == 4 - left and report["open_elsewhere"] == []
    assert len(_ids(cli)) == left


def test_prune_without_a_terminal_asks_for_yes(cli: Cli) -> None:
    _history()
    err = _one_line(cli("sessions", "--prune", "--older-than", "30d"))
    assert "--yes" in err
    assert len(_ids(cli)) == 4
    nothing = cli("sessions", "--prune", "--older-than", "1000w")
    assert nothing.code == 0 and "No sessions last updated before 2007-" in nothing.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--prune",), "--prune needs --older-than"),
        (("--older-than", "30d"), "go with --prune"),
        (("--yes",), "go with --prune"),
        (("--prune", "--older-than", "30m"), "minutes or months"),
        (("--prune", "--older-than", "30"), "has no unit"),
        (("--prune", "--older-than", "0d"), "more than zero"),
        (("--prune", "--older-than", "-3d"), "not a duration"),
        (("--prune", "--older-than", "soon\x1b[31m"), "not a duration"),
        (("--prune", "--older-than", "30d", "--all"), "do not go together"),
    ],
)
def test_prune_option_errors_are_one_line(cli: Cli, args: tuple[str, ...], message: str) -> None:
    _history()
    err = _one_line(cli("sessions", *args, *(() if "--yes" in args else ("--yes",))))
    assert message in err and "\x1b" not in err
    assert len(_ids(cli)) == 4


def test_prune_then_listing_is_answered_right_from_the_head(cli: Cli) -> None:
    for n in range(60):
        day = 1 + n % 28
        _save(f"202610{day:02d}-10{n:02d}00-{n:04x}", "escalated", f"2026-10-{day:02d}T10:00:00Z")
    cli("sessions")
    assert cli("sessions", "--prune", "--older-than", "6w", "-y").code == 0
    store = Store.from_env()
    page, _, total = store.session_page(20)
    full, _ = store.list_sessions()
    assert total == len(full) and page == full[:20]
    assert all(info.updated_at >= "2026-10-10" for info in full)


# --- a session whose guide is gone -----------------------------------------------------------


@pytest.fixture
def custom_guide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "my-guides"
    folder.mkdir()
    (folder / "red-packet.yaml").write_text(minimal_guide("red-packet"), encoding="utf-8")
    monkeypatch.setenv("OKHELP_GUIDES_PATH", str(folder))
    return folder


def test_resume_names_the_session_the_missing_guide_and_the_ways_out(
    cli: Cli, custom_guide: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("guide", "red-packet", "-a", "ask=no").code == 2
    (session_id,) = _ids(cli)
    saved = saved_session(_home(), session_id)
    monkeypatch.delenv("OKHELP_GUIDES_PATH")
    for args in (("resume", session_id), ("resume",), ("resume", session_id, "-a", "try-it=no")):
        err = _one_line(cli(*args))
        assert f"session {session_id} needs the guide 'red-packet'" in err
        assert f"OKHELP_GUIDES_PATH=<folder> okhelp resume {session_id}" in err
        assert f"okhelp forget {session_id}" in err
    assert saved_session(_home(), session_id) == saved  # not abandoned
    monkeypatch.setenv("OKHELP_GUIDES_PATH", str(custom_guide))
    assert cli("resume", session_id, *ESCALATE[2:]).code == 0


def test_answer_says_which_guide_is_gone_as_json(
    cli: Cli, custom_guide: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = json.loads(cli("start", "red-packet").out)
    session_id = started["session_id"]
    monkeypatch.delenv("OKHELP_GUIDES_PATH")
    for args in ((session_id, "no"), (session_id,), (session_id, "--back")):
        result = cli("answer", *args)
        _one_line(result)
        error = json.loads(result.out)["error"]
        assert error["code"] == "guide_missing" and error["guide"] == "red-packet"
        assert session_id in error["message"]
        assert f"OKHELP_GUIDES_PATH=<folder> okhelp answer {session_id}" in error["hint"]
        assert f"okhelp forget {session_id}" in error["hint"]


def test_summary_of_a_session_whose_guide_is_gone_shows_what_it_can(
    cli: Cli, custom_guide: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("guide", "red-packet", *ESCALATE).code == 0
    assert cli("guide", "red-packet", "-a", "ask=no").code == 2
    escalated, unfinished = (
        next(
            r["session_id"]
            for r in json.loads(cli("sessions", "-f", "json").out)
            if r["status"] == s
        )
        for s in ("escalated", "in_progress")
    )
    monkeypatch.delenv("OKHELP_GUIDES_PATH")

    whole = cli("summary", escalated, "-f", "markdown")
    assert whole.code == 0 and "showing the summary saved when the session ended" in whole.err
    assert "Is it fine?" in whole.out and "Restart it." in whole.out  # questions and steps
    assert whole.err.count("\n") == 1

    partial = cli("summary", unfinished, "-f", "json")
    assert partial.code == 0, partial.err
    assert f"the guide 'red-packet' of session {unfinished} is not installed" in partial.err
    assert f"OKHELP_GUIDES_PATH=<folder> okhelp summary {unfinished}" in partial.err
    record = json.loads(partial.out)
    assert record["session_id"] == unfinished and record["guide"]["id"] == "red-packet"
    assert record["guide"]["title"] is None and record["transcript"] == []


def test_the_guides_a_session_needs_are_its_own_and_every_one_it_went_through() -> None:
    session = Session("20261121-154200-aaaa", "top-up", "en", "x", "x")
    session.trail = [Entry("top-up", "method", "bank"), Entry("red-packet", "ask", True)]
    session.end = ("red-packet", "done")
    assert missing_guides(session, {}) == ["top-up", "red-packet"]
    guides = {"top-up": object(), "red-packet": object()}
    assert missing_guides(session, guides) == []  # type: ignore[arg-type]


# --- runs that fail before the first answer ----------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("guide", "top-up", "-a", "method=paypal"),  # the first answer is refused
        ("guide", "top-up"),  # no answer at all
        ("guide", "account-frozen", "-a", "source=nowhere"),  # after an info step's "continue"
        ("guide", "account-frozen"),
        ("troubleshoot", "充值两个小时了还没到账", "--guide", "top-up", "-a", "method=x"),
    ],
)
def test_a_run_that_fails_before_the_first_answer_leaves_nothing(
    cli: Cli, args: tuple[str, ...]
) -> None:
    for n in range(3):
        _save(f"20261120-10000{n}-000{n}", "in_progress", f"2026-11-20T10:00:0{n}+08:00")
    cli("sessions")
    before = [name for name in _files() if not name.startswith("cache/")]
    result = _one_line(cli(*args))
    assert "okhelp resume" not in result
    assert [name for name in _files() if not name.startswith("cache/")] == before  # no lock file
    store = Store.from_env()
    page, _, total = store.session_page(20)
    assert total == 3 and page == store.list_sessions()[0]


def test_a_run_that_fails_later_keeps_the_session_to_resume(cli: Cli) -> None:
    err = _one_line(cli("guide", "account-frozen", "-a", "source=in-app"))
    (session_id,) = _ids(cli)
    assert f"okhelp resume {session_id} --answers FILE" in err
    again = _one_line(cli("resume", session_id, "-a", "nonsense=1"))  # resumed, still no answer
    assert f"okhelp resume {session_id} --answers FILE" in again
    assert _ids(cli) == [session_id]


# --- the confirmation, through the prompt adapter ---------------------------------------------


@pytest.mark.parametrize(
    ("keys", "expected"), [("y", True), ("Y", True), ("n", False), ("\r", False)]
)
def test_confirm_takes_y_and_n_and_enter_means_no(keys: str, expected: bool) -> None:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from okhelp.frontends.terminal.prompts import QuestionaryPrompter

    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        prompter = QuestionaryPrompter("en", input=pipe, output=DummyOutput())
        assert prompter.confirm("Erase session 20261121-154200-aaaa?") is expected


def test_ctrl_c_at_the_confirmation_is_an_interruption() -> None:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from okhelp.errors import Interrupted
    from okhelp.frontends.terminal.prompts import QuestionaryPrompter

    with create_pipe_input() as pipe:
        pipe.send_text("\x03")
        with pytest.raises(Interrupted):
            QuestionaryPrompter("zh", input=pipe, output=DummyOutput()).confirm("删除？")


@pytest.mark.parametrize(
    ("lang", "keys", "shown", "not_shown"),
    [
        ("zh", "n", "否", "No"),
        ("zh", "y", "是", "Yes"),
        ("zh", "\r", "否", "No"),
        ("en", "n", "No", "否"),
    ],
)
def test_the_confirmation_echoes_the_answer_in_the_users_language(
    lang: str, keys: str, shown: str, not_shown: str
) -> None:
    import io
    import re

    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.vt100 import Vt100_Output

    from okhelp.frontends.terminal.prompts import QuestionaryPrompter

    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=24, columns=100), term="xterm")
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        prompter = QuestionaryPrompter(lang, input=pipe, output=output)
        assert prompter.confirm("删除会话？" if lang == "zh" else "Erase?") is (keys == "y")
    drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    assert drawn.rstrip().endswith(shown), drawn
    assert not_shown not in drawn

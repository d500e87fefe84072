"""okhelp stats: figures from sessions made by the real runner, across two guide versions."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from okhelp.core import stats
from okhelp.library.catalog import load_catalog
from okhelp.storage.sessions import Store
from tests.helpers import Result, saved_ids, saved_sessions, subprocess_env

GUIDE_V1 = textwrap.dedent(
    """\
    id: st
    version: 1
    category: app
    title: {zh: 统计测试, en: Stats test}
    summary: {zh: 用于统计测试, en: For the stats tests}
    keywords: {zh: [统计], en: [stats]}
    start: ask
    steps:
      - id: ask
        type: confirm
        text: {zh: 好了吗？, en: "Is it fine?"}
        on_yes: fine
        on_no: note
      - id: note
        type: input
        field: x-note
        required: false
        text: {zh: 还有什么要说的？, en: "Anything to add?"}
        next: try-it
      - id: try-it
        type: action
        text: {zh: 重启一下。, en: Restart it.}
        next: escalate
      - id: fine
        type: end
        outcome: resolved
        text: {zh: 好的。, en: Good.}
      - id: escalate
        type: end
        outcome: escalate
        text: {zh: 请联系客服。, en: Contact support.}
    """
)
GUIDE_V2 = GUIDE_V1.replace("version: 1", "version: 2").replace("try-it", "restart")
ESCALATE = ("-a", "account=13800138000", "-a", "description=slow")


@pytest.fixture
def guides_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "custom"
    folder.mkdir()
    (folder / "st.yaml").write_text(GUIDE_V1, encoding="utf-8")
    monkeypatch.setenv("OKHELP_GUIDES_PATH", str(folder))
    return folder


def _sessions(home: Path) -> list[str]:
    return sorted(saved_ids(home))


def _age(home: Path, session_id: str, days: int) -> None:
    """Make a saved session look idle for ``days`` (what time does to a real one)."""
    store = Store(home)
    session = store.load_session(session_id)
    updated = datetime.fromisoformat(session.updated_at) - timedelta(days=days)
    session.updated_at = updated.isoformat(timespec="seconds")
    store.save_session(session)


def _run_history(cli: Callable[..., Result], home: Path, guides_dir: Path) -> None:
    """Five sessions of version 1, then one of version 2 whose step was renamed."""
    assert cli("guide", "st", "-a", "ask=yes").code == 0
    assert (
        cli("guide", "st", "-a", "ask=no", "-a", "note=SECRET-WORDS", "-a", "try-it=yes").code == 0
    )
    assert cli("guide", "st", "-a", "ask=no", "-a", "note=", "-a", "try-it=no", *ESCALATE).code == 0
    before = set(_sessions(home))
    assert cli("guide", "st", "-a", "ask=no", "-a", "note=").code == 2  # stops at try-it, saved
    assert cli("guide", "st", "-a", "ask=no", "-a", "note=").code == 2
    stopped = sorted(set(_sessions(home)) - before)
    assert len(stopped) == 2
    _age(home, stopped[0], days=10)


def _by_version(data: list[dict[str, Any]]) -> dict[int | None, dict[str, Any]]:
    return {group["version"]: group for group in data}


def test_figures_for_one_version(
    cli: Callable[..., Result], tmp_path: Path, guides_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "okhelp-home"
    _run_history(cli, home, guides_dir)
    monkeypatch.delenv("OKHELP_NOW")  # sessions carry real times; "now" must be real too
    result = cli("stats", "st", "--format", "json")
    assert result.code == 0, result.err
    (group,) = json.loads(result.out)
    assert (group["guide"], group["version"]) == ("st", 1)
    assert group["sessions"] == 5
    assert (group["resolved"], group["escalated"], group["abandoned"], group["open"]) == (
        2,
        1,
        1,
        1,
    )
    assert group["stale"] == 0
    assert group["rates"] == {"resolved": 0.4, "escalated": 0.2, "pending": 0.0, "abandoned": 0.2}
    assert group["median_steps"] == 2
    assert group["exit_points"] == [{"step": "try-it", "count": 2}]
    assert {e["step"]: e["count"] for e in group["ends"]} == {"fine": 1, "try-it": 1, "escalate": 1}
    edges = {(e["from"], e["answer"], e["to"]): e["count"] for e in group["edges"]}
    assert edges == {
        ("ask", "yes", "fine"): 1,
        ("ask", "no", "note"): 4,
        ("note", "answered", "try-it"): 1,
        ("note", "skipped", "try-it"): 3,
        ("try-it", "yes", "(resolved)"): 1,
        ("try-it", "no", "escalate"): 1,
    }
    assert group["actions"] == [{"step": "try-it", "solved": 1, "not_solved": 1, "not_possible": 0}]
    assert "SECRET-WORDS" not in result.out


def test_versions_are_counted_apart_and_stale_sessions_kept_out(
    cli: Callable[..., Result], tmp_path: Path, guides_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "okhelp-home"
    _run_history(cli, home, guides_dir)
    (guides_dir / "st.yaml").write_text(GUIDE_V2, encoding="utf-8")
    assert (
        cli("guide", "st", "-a", "ask=no", "-a", "note=", "-a", "restart=no", *ESCALATE).code == 0
    )
    monkeypatch.delenv("OKHELP_NOW")
    result = cli("stats", "st", "-f", "json")
    assert result.code == 0, result.err
    groups = _by_version(json.loads(result.out))
    assert set(groups) == {1, 2}
    old, new = groups[1], groups[2]
    assert old["sessions"] == 5
    assert old["stale"] == 2  # the two that answered the renamed step no longer fit
    edges = {(e["from"], e["answer"], e["to"]): e["count"] for e in old["edges"]}
    assert edges == {
        ("ask", "yes", "fine"): 1,
        ("ask", "no", "note"): 2,
        ("note", "skipped", "restart"): 2,
    }
    assert old["exit_points"] == [{"step": "restart", "count": 2}]
    assert old["actions"] == []
    assert new["sessions"] == 1 and new["escalated"] == 1 and new["stale"] == 0
    assert new["actions"] == [{"step": "restart", "solved": 0, "not_solved": 1, "not_possible": 0}]


def test_damaged_and_foreign_files_are_reported_once_and_skipped(
    cli: Callable[..., Result], tmp_path: Path, guides_dir: Path
) -> None:
    home = tmp_path / "okhelp-home"
    assert cli("guide", "st", "-a", "ask=yes").code == 0
    sessions = home / "sessions"  # an older okhelp's files, three of them not sessions
    sessions.mkdir()
    (sessions / "20261101-000000-aaaa.json").write_text("{not json", encoding="utf-8")
    (sessions / "20261101-000000-bbbb.json").write_text('{"schema": "other"}', encoding="utf-8")
    good = saved_sessions(home)[-1]
    good["trail"] = "not a list"
    (sessions / "20261101-000000-cccc.json").write_text(json.dumps(good), encoding="utf-8")
    result = cli("stats", "-f", "json")
    assert result.code == 0
    assert result.err.count("skipped") == 3
    assert all(name in result.err for name in ("aaaa", "bbbb", "cccc"))
    (group,) = json.loads(result.out)
    assert group["sessions"] == 1


def test_from_folders_and_files_and_since(
    cli: Callable[..., Result], tmp_path: Path, guides_dir: Path
) -> None:
    home = tmp_path / "okhelp-home"
    assert cli("guide", "st", "-a", "ask=yes").code == 0
    assert cli("guide", "st", "-a", "ask=yes").code == 0
    records = saved_sessions(home)
    gathered = tmp_path / "gathered"
    gathered.mkdir()
    (gathered / "first.json").write_text(json.dumps(records[0]), encoding="utf-8")
    second = tmp_path / "second.json"
    second.write_text(json.dumps(records[1]), encoding="utf-8")
    result = cli("stats", "--from", str(gathered), "--from", str(second), "-f", "json")
    assert json.loads(result.out)[0]["sessions"] == 2
    result = cli("stats", "--from", str(home), "--since", "2999-01-01", "-f", "json")
    assert json.loads(result.out) == []
    result = cli("stats", "--from", str(tmp_path / "missing"), "-f", "json")
    assert result.code == 2 and "no such file or folder" in result.err  # not "no sessions yet"


def test_bad_options_are_one_line_errors(cli: Callable[..., Result], guides_dir: Path) -> None:
    for args, words in [
        (("stats", "--idle", "soon"), "not a duration"),
        (("stats", "--since", "yesterday"), "not a date"),
        (("stats", "-f", "mermaid"), "draws one guide"),
        (("stats", "no-such-guide"), "no guide"),
    ]:
        result = cli(*args)
        assert result.code == 2, args
        assert words in result.err
        assert "Traceback" not in result.err


def test_figures_from_records_alone() -> None:
    """The pure part: records in, figures out; idle sessions become abandoned."""
    guides = load_catalog().guides
    now = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)

    def record(status: str, trail: list[tuple[str, Any]], age: timedelta) -> dict[str, Any]:
        moment = (now - age).isoformat()
        return {
            "schema": "okhelp.session/1",
            "guide": "register",
            "guide_version": guides["register"].version,
            "status": status,
            "started_at": moment,
            "updated_at": moment,
            "trail": [{"guide": "register", "step": s, "value": v} for s, v in trail],
        }

    records = [
        record("resolved", [("problem", "how-to"), ("how-to", True)], timedelta(hours=1)),
        record("in_progress", [("problem", "how-to")], timedelta(days=8)),
        record("in_progress", [("problem", "how-to")], timedelta(hours=2)),
        record("in_progress", [("problem", "no-such-choice")], timedelta(hours=2)),
    ]
    (group,) = stats.compute(
        [stats.facts_from_record(r) for r in records], guides, now, idle=timedelta(days=7)
    )
    assert (group.resolved, group.abandoned, group.open, group.stale) == (1, 1, 2, 1)
    assert dict(group.exits) == {("register", "how-to"): 2}
    with pytest.raises(stats.NotASession):
        stats.facts_from_record({"schema": "okhelp.session/1", "status": "weird"})


def _okhelp(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "okhelp", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_table_and_pictures_in_a_subprocess(
    cli: Callable[..., Result], tmp_path: Path, guides_dir: Path
) -> None:
    home = tmp_path / "okhelp-home"
    assert cli("guide", "st", "-a", "ask=yes").code == 0
    assert cli("guide", "st", "-a", "ask=yes").code == 0
    assert cli("guide", "st", "-a", "ask=no", "-a", "note=", "-a", "try-it=no", *ESCALATE).code == 0
    env = subprocess_env(OKHELP_HOME=str(home), OKHELP_GUIDES_PATH=str(guides_dir))
    table = _okhelp("stats", "--lang", "en", env=env)
    assert table.returncode == 0, table.stderr
    header, row = table.stdout.splitlines()[:2]
    assert header.split("\t")[:3] == ["guide", "ver", "sessions"]
    cells = row.split("\t")
    assert cells[:3] == ["st", "1", "3"]
    assert cells[3] == "67%"  # resolved: 2 of 3 (a pipe gets figures, no bars)
    assert cells[4] == "33%"

    mermaid = _okhelp("stats", "st", "-f", "mermaid", "--lang", "en", env=env).stdout
    assert mermaid.startswith("flowchart TD")
    assert 'n_ask -->|"yes · 2"| n_fine' in mermaid
    assert 'n_ask -->|"no · 1"| n_note' in mermaid
    assert "✔ fine · 67%" in mermaid and "✉ escalate · 33%" in mermaid
    assert "linkStyle 0 stroke-width:6.0px" in mermaid  # the busiest edge is the widest

    dot = _okhelp("stats", "st", "-f", "dot", "--lang", "en", env=env).stdout
    assert dot.startswith('digraph "st" {')
    assert 'n_ask -> n_fine [label="yes · 2", penwidth=6.0];' in dot
    assert 'n_escalate [label="✉ escalate · 33%", shape=box, style="rounded,filled"' in dot


def test_cant_do_answers_are_counted_for_their_action(
    cli: Callable[..., Result], guides_dir: Path
) -> None:
    base = ("guide", "st", "-a", "ask=no", "-a", "note=")
    assert cli(*base, "-a", "try-it=not_possible", *ESCALATE).code == 0
    assert cli(*base, "-a", "try-it=cant", *ESCALATE).code == 0
    assert cli(*base, "-a", "try-it=no", *ESCALATE).code == 0
    (group,) = json.loads(cli("stats", "st", "-f", "json").out)
    assert group["actions"] == [{"step": "try-it", "solved": 0, "not_solved": 1, "not_possible": 2}]
    edges = {(e["from"], e["answer"], e["to"]): e["count"] for e in group["edges"]}
    assert edges[("try-it", "not_possible", "escalate")] == 2
    picture = cli("stats", "st", "-f", "mermaid", "--lang", "en").out
    assert 'n_try_it -->|"can\'t · 2"| n_escalate' in picture


def test_a_session_just_started_counts_as_open(cli: Callable[..., Result]) -> None:
    started = cli("start", "top-up")
    assert started.code == 0
    result = cli("stats", "-f", "json")
    assert result.code == 0, result.err
    (group,) = json.loads(result.out)
    assert group["guide"] == "top-up" and group["sessions"] == 1 and group["open"] == 1


def test_a_session_started_and_never_answered_is_counted_open(
    cli: Callable[..., Result],
) -> None:
    """A step-protocol start with no answer yet has an empty path: every report counts it as
    open, none fails (it once crashed the whole report)."""
    started = cli("start", "top-up")
    assert started.code == 0, started.err
    done = cli(
        "guide",
        "top-up",
        "-a",
        "method=third-party",
        "-a",
        "third-party-status=yes",
        "-a",
        "check-record=yes",
        "-a",
        "refresh=yes",
    )
    assert done.code == 0, done.err
    figures = cli("stats", "-f", "json")
    assert figures.code == 0, figures.err
    (top_up,) = json.loads(figures.out)
    assert top_up["sessions"] == 2 and top_up["open"] == 1
    assert top_up["resolved"] == 1
    for args in (("stats",), ("stats", "top-up"), ("stats", "top-up", "-f", "mermaid")):
        shown = cli(*args)
        assert shown.code == 0 and "error" not in shown.err, (args, shown.err)
        assert "top-up" in shown.out or "n_method" in shown.out, shown.out


def test_a_session_told_to_wait_is_counted_apart_never_as_resolved(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    waiting = ("-a", "status=pending", "-a", "when=2 hours ago")
    assert cli("guide", "withdrawal", *waiting).code == 0
    assert cli("guide", "withdrawal", "-a", "status=how", "-a", "how-to=yes").code == 0
    result = cli("stats", "withdrawal", "--format", "json")
    assert result.code == 0, result.err
    (group,) = json.loads(result.out)
    assert (group["sessions"], group["resolved"], group["pending"]) == (2, 1, 1)
    assert group["rates"]["pending"] == 0.5 and group["rates"]["resolved"] == 0.5
    assert {e["step"]: e["count"] for e in group["ends"]} == {"wait": 1, "done": 1}
    table = cli("stats", "withdrawal")
    assert table.out.splitlines()[0].split("\t")[3:6] == ["resolved", "escalated", "waiting"]


@pytest.mark.parametrize("source", ["database", "files"])
def test_a_wait_nobody_came_back_from_becomes_abandoned_after_the_idle_time(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    """Waiting is counted while the date is near; a week past it, the user has left."""
    assert cli("guide", "withdrawal", "-a", "status=pending", "-a", "when=2 hours ago").code == 0
    (record,) = saved_sessions(tmp_path / "okhelp-home")
    until = datetime.fromisoformat(record["pending_until"])
    gathered = tmp_path / "gathered"
    gathered.mkdir()
    (gathered / "one.json").write_text(json.dumps(record), encoding="utf-8")
    args = ("--from", str(gathered)) if source == "files" else ()

    def figures(now: datetime) -> tuple[int, int]:
        monkeypatch.setenv("OKHELP_NOW", now.isoformat())
        result = cli("stats", "withdrawal", "--format", "json", *args)
        assert result.code == 0, result.err
        (group,) = json.loads(result.out)
        return group["pending"], group["abandoned"]

    assert figures(until + timedelta(days=6)) == (1, 0)  # past the date, within --idle of it
    assert figures(until + timedelta(days=8)) == (0, 1)

"""Integrity: sessions know the guide they were shown, caches are checked before use, and the
messages, signals and clocks that used to say something untrue."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from okhelp.domain.engine import Entry
from okhelp.domain.session import Session
from okhelp.storage.sessions import Store
from tests.helpers import Result, minimal_guide

Cli = Callable[..., Result]


# --- messages that said something untrue --------------------------------------------------------


@pytest.mark.parametrize("words", ["qqqq zzzz", "xyzzy plugh", "zzzz"])
def test_troubleshoot_with_no_match_says_no_guide_matches(cli: Cli, words: str) -> None:
    result = cli("troubleshoot", words)
    assert result.code == 2
    assert "no guide matches the description" in result.err
    assert "more than one" not in result.err and "none" not in result.err
    assert "--guide" in result.err and "other words" in result.err


def test_troubleshoot_with_no_match_speaks_chinese(cli: Cli) -> None:
    result = cli("troubleshoot", "--lang", "zh", "qqqq zzzz")
    assert result.code == 2 and "没有与这段描述相符的指南" in result.err


def test_troubleshoot_with_several_matches_still_lists_them(cli: Cli) -> None:
    result = cli("troubleshoot", "card")
    assert result.code == 2 and "more than one guide" in result.err
    assert "(" in result.err.split("more than one guide:", 1)[1]


@pytest.mark.parametrize("where", ["file", "file/inside", "file/inside/deeper"])
def test_guides_new_into_a_file_says_it_is_not_a_folder(
    cli: Cli, tmp_path: Path, where: str
) -> None:
    (tmp_path / "file").write_text("mine", encoding="utf-8")
    result = cli("guides", "new", "one", "--dir", str(tmp_path / where))
    assert result.code == 2
    assert f"{tmp_path / 'file'} is not a folder" in result.err
    assert "already exists" not in result.err
    assert (tmp_path / "file").read_text(encoding="utf-8") == "mine"


def test_guides_new_into_a_device_says_it_is_not_a_folder(cli: Cli) -> None:
    result = cli("guides", "new", "one", "--dir", "/dev/null")
    assert result.code == 2 and "/dev/null is not a folder" in result.err
    assert "already exists" not in result.err


# --- caches are checked against a seal before they are believed -------------------------------

HOME_CACHE = "cache"


def _cache(name: str) -> Path:
    return Path(os.environ["OKHELP_HOME"]) / HOME_CACHE / f"{name}.json"


def _edit_json(path: Path, change: Callable[[Any], Any]) -> None:
    """Change a cache file as a person or another program would: load, edit, dump."""
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(change(data), ensure_ascii=False), encoding="utf-8")


def _empty_rows(head: Any) -> Any:
    return {**head, "count": 0, "top": [], "unfinished": [], "top_complete": True}


def _wrong_types(head: Any) -> Any:
    return {**head, "count": "3", "top": {"a": 1}}


def _edited_text(head: Any) -> Any:
    for row in head["top"] + head["unfinished"]:
        row[4] = "lost-phone"
        row[5] = "resolved"
    return {**head, "unfinished": []}


def _swapped(head: Any) -> Any:
    head["top"] = list(reversed(head["top"]))
    head["unfinished"] = list(reversed(head["unfinished"]))
    return head


def _future(head: Any) -> Any:
    return {**head, "format": 99}


HEAD_DAMAGE: dict[str, Callable[[Path], None]] = {
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
    "empty file": lambda p: p.write_bytes(b""),
    "empty rows": lambda p: _edit_json(p, _empty_rows),
    "wrong types": lambda p: _edit_json(p, _wrong_types),
    "edited text": lambda p: _edit_json(p, _edited_text),
    "swapped entries": lambda p: _edit_json(p, _swapped),
    "future version": lambda p: _edit_json(p, _future),
    "seal removed": lambda p: _edit_json(p, lambda d: {k: v for k, v in d.items() if k != "mac"}),
    "index in its place": lambda p: p.write_bytes(_cache("sessions-index").read_bytes()),
    "not JSON": lambda p: p.write_text("{{{{", encoding="utf-8"),
}


def _sessions(home: Path) -> list[str]:
    """Three sessions okhelp saved, oldest first (the last one unfinished)."""
    store = Store(home)
    ids = []
    for n, status in enumerate(("escalated", "in_progress", "in_progress")):
        session_id = f"20261121-1{n}0000-00a{n}"
        when = f"2026-11-21T1{n}:00:00+08:00"
        session = Session(session_id, "top-up", "en", when, when, status=status)
        session.trail = [Entry("top-up", "method", "bank")]
        store.save_session(session)
        ids.append(session_id)
    return ids


@pytest.mark.parametrize("damage", list(HEAD_DAMAGE))
def test_a_damaged_or_edited_head_is_never_trusted(cli: Cli, damage: str) -> None:
    home = Path(os.environ["OKHELP_HOME"])
    ids = _sessions(home)
    listed = json.loads(cli("sessions", "-f", "json").out)  # the head is right now
    assert [s["session_id"] for s in listed] == ids[::-1]
    Store(home).list_sessions()  # every session: the index is written too
    HEAD_DAMAGE[damage](_cache("sessions-recent"))
    store = Store(home)
    sessions, skipped = store.list_sessions(10)
    assert [s.session_id for s in sessions] == ids[::-1] and skipped == []
    assert {s.guide for s in sessions} == {"top-up"}
    latest, _ = Store(home).latest_unfinished()
    assert latest is not None and latest.session_id == ids[2]
    again = json.loads(cli("sessions", "-f", "json").out)
    assert [(s["session_id"], s["status"]) for s in again] == [
        (s["session_id"], s["status"]) for s in listed
    ]
    summary = cli("summary", "-f", "json")
    assert summary.code == 0 and json.loads(summary.out)["session_id"] == ids[2]
    assert Store(home).read_cache("sessions-recent") is not None  # rebuilt, sealed again


@pytest.mark.parametrize("damage", ["edited text", "empty rows", "swapped entries", "truncated"])
def test_a_damaged_or_edited_index_is_never_trusted(damage: str) -> None:
    home = Path(os.environ["OKHELP_HOME"])
    ids = _sessions(home)
    Store(home).list_sessions()
    index = _cache("sessions-index")

    def lie(data: Any) -> Any:
        if damage == "empty rows":
            return {**data, "entries": []}
        if damage == "swapped entries":
            first, second = data["entries"][0], data["entries"][1]
            first[4:], second[4:] = second[4:], first[4:]
            return data
        for entry in data["entries"]:
            entry[5] = "resolved"
        return data

    if damage == "truncated":
        index.write_bytes(index.read_bytes()[:-10])
    else:
        _edit_json(index, lie)
    _cache("sessions-recent").unlink()  # so the index is read
    sessions, _ = Store(home).list_sessions()
    assert [(s.session_id, s.status) for s in sessions] == [
        (ids[2], "in_progress"),
        (ids[1], "in_progress"),
        (ids[0], "escalated"),
    ]


FAKE = "FAKE HOTLINE: call the number in this text"


def _guide_entries(data: Any) -> list[Any]:
    return [entry for entry in data["entries"].values() if "guide" in entry]


def _edit_title(data: Any) -> Any:
    for entry in _guide_entries(data):
        entry["guide"]["title"]["en"] = FAKE
        for step in entry["guide"]["steps"]:
            step["text"]["en"] = FAKE
    return data


def _swap_guides(data: Any) -> Any:
    keys = list(data["entries"])
    data["entries"][keys[0]], data["entries"][keys[1]] = (
        data["entries"][keys[1]],
        data["entries"][keys[0]],
    )
    return data


GUIDE_DAMAGE: dict[str, Callable[[Path], None]] = {
    "edited text": lambda p: _edit_json(p, _edit_title),
    "swapped entries": lambda p: _edit_json(p, _swap_guides),
    "wrong types": lambda p: _edit_json(
        p, lambda d: {**d, "entries": dict.fromkeys(d["entries"], 1)}
    ),
    "empty rows": lambda p: _edit_json(p, lambda d: {**d, "entries": {}}),
    "future version": lambda p: _edit_json(p, lambda d: {**d, "format": "okhelp.guide-cache/99"}),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[:-100]),
}


@pytest.mark.parametrize("damage", list(GUIDE_DAMAGE))
def test_an_edited_guide_cache_is_never_served(cli: Cli, damage: str) -> None:
    first = json.loads(cli("guides", "list", "-f", "json").out)
    path = _cache("guides-builtin")
    assert path.exists()
    GUIDE_DAMAGE[damage](path)
    result = cli("guides", "list", "-f", "json")
    assert result.code == 0 and result.err == ""
    assert json.loads(result.out) == first
    shown = cli("guides", "show", first[0]["id"], "--lang", "en")
    assert FAKE not in shown.out and FAKE not in shown.err
    run = cli("guide", "top-up", "--lang", "en", "-a", "method=bank")
    assert FAKE not in run.out + run.err
    assert FAKE not in path.read_text(encoding="utf-8")  # rebuilt from the guides themselves


def test_a_guide_cache_of_another_folder_is_not_taken_for_this_one(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "custom"
    folder.mkdir()
    (folder / "extra.yaml").write_text(minimal_guide("extra"), encoding="utf-8")
    monkeypatch.setenv("OKHELP_GUIDES_PATH", str(folder))
    first = json.loads(cli("guides", "list", "-f", "json").out)
    custom = [
        p for p in _cache("x").parent.glob("guides-*.json") if p.name != "guides-builtin.json"
    ]
    assert len(custom) == 1
    _cache("guides-builtin").write_bytes(custom[0].read_bytes())
    assert json.loads(cli("guides", "list", "-f", "json").out) == first


# --- a session knows the guide content it was shown ----------------------------------------------

PICK = """\
id: pick
category: app
title: {zh: 选择, en: Pick}
summary: {zh: 测试, en: Test}
keywords: {zh: [测试], en: [test]}
start: which
steps:
  - id: which
    type: choice
    text: {zh: 哪个？, en: Which one?}
    choices:
      - {id: a, label: {zh: 扣了两次, en: Charged twice}, next: ask}
      - {id: b, label: {zh: 没有扣款, en: Never charged}, next: ask}
  - id: ask
    type: confirm
    text: {zh: 好了吗？, en: "Is it fine?"}
    on_yes: fine
    on_no: escalate
  - id: fine
    type: end
    outcome: resolved
    text: {zh: 好的。, en: Good.}
  - id: escalate
    type: end
    outcome: escalate
    text: {zh: 请联系客服。, en: Contact support.}
"""
SWAPPED = (
    PICK.replace("en: Charged twice", "en: TEMP")
    .replace("en: Never charged", "en: Charged twice")
    .replace("en: TEMP", "en: Never charged")
    + "version: 2\n"
)


@pytest.fixture
def pick(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "guides"
    folder.mkdir()
    path = folder / "pick.yaml"
    path.write_text(PICK, encoding="utf-8")
    monkeypatch.setenv("OKHELP_GUIDES_PATH", str(folder))
    return path


def _started(cli: Cli) -> str:
    start = cli("start", "pick")
    assert start.code == 0, start.err
    session_id: str = json.loads(start.out)["session_id"]
    assert cli("answer", session_id, "a").code == 0  # "Charged twice"
    return session_id


def _rewrite(path: Path, text: str) -> None:
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


def test_a_guide_edited_mid_session_is_said_in_the_summary(cli: Cli, pick: Path) -> None:
    session_id = _started(cli)
    before = json.loads(cli("summary", session_id, "-f", "json").out)
    assert before["guide"]["changed"] is False
    _rewrite(pick, SWAPPED)  # every answer still fits, only the words moved
    record = json.loads(cli("summary", session_id, "-f", "json").out)
    assert record["guide"]["changed"] is True and record["guide"]["version"] == 2
    text = cli("summary", session_id, "--lang", "en").out
    assert "the guide changed after these answers were given" in text
    assert "作答后指南已修改" in cli("summary", session_id, "--lang", "zh").out


def test_resuming_a_session_whose_guide_changed_says_so(cli: Cli, pick: Path) -> None:
    session_id = _started(cli)
    _rewrite(pick, SWAPPED)
    result = cli("resume", session_id, "-a", "ask=yes")
    assert result.code == 0, result.err
    assert "the guide 'pick' has changed since this session began" in result.err
    summary = json.loads(cli("summary", session_id, "-f", "json").out)
    assert summary["status"] == "resolved" and summary["guide"]["changed"] is True


def test_an_unchanged_guide_says_nothing(cli: Cli, pick: Path) -> None:
    session_id = _started(cli)
    # Moving lines, comments and the version number change nothing anyone was shown.
    _rewrite(pick, "# a comment\n\n" + PICK + "version: 3\n")
    result = cli("resume", session_id, "-a", "ask=yes")
    assert result.code == 0 and "changed" not in result.err
    record = json.loads(cli("summary", session_id, "-f", "json").out)
    assert record["guide"]["changed"] is False
    assert "the guide changed" not in cli("summary", session_id).out


def test_a_session_saved_before_digests_is_unknown_not_unchanged(cli: Cli, pick: Path) -> None:
    session_id = _started(cli)
    path = Path(os.environ["OKHELP_HOME"]) / "sessions" / f"{session_id}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["guide_digests"]
    path.write_text(json.dumps(data), encoding="utf-8")
    _rewrite(pick, SWAPPED)
    record = json.loads(cli("summary", session_id, "-f", "json").out)
    assert record["guide"]["changed"] is None
    result = cli("resume", session_id, "-a", "ask=yes")
    assert result.code == 0 and "changed" not in result.err
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["guide_digests"] == {}  # today's guide is not claimed as what was shown


@pytest.mark.parametrize("bad", [[1], {"pick": 5}, {"pick": "not hex"}, "abc"])
def test_a_damaged_digest_is_a_damaged_session(cli: Cli, pick: Path, bad: Any) -> None:
    session_id = _started(cli)
    path = Path(os.environ["OKHELP_HOME"]) / "sessions" / f"{session_id}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["guide_digests"] = bad
    path.write_text(json.dumps(data), encoding="utf-8")
    result = cli("summary", session_id, "-f", "json")
    assert result.code == 2 and "guide_digests" in result.err and "Traceback" not in result.err


# --- a clock set back ---------------------------------------------------------------------------


def _session_at(cli: Cli, monkeypatch: pytest.MonkeyPatch, now: str, guide: str) -> str:
    """A session saved when the clock said ``now`` (one answer, unfinished)."""
    session_id = f"{now[:4]}{now[5:7]}{now[8:10]}-{now[11:13]}{now[14:16]}00-{len(now):04x}"
    session_id = session_id[:-4] + f"{abs(hash((now, guide))) % 65536:04x}"
    first = {"top-up": ("method", "bank"), "register": ("problem", "how-to")}[guide]
    session = Session(session_id, guide, "en", now, now, trail=[Entry(guide, *first)])
    Store(Path(os.environ["OKHELP_HOME"])).save_session(session)
    return session_id


def test_after_the_clock_goes_back_the_last_saved_session_is_the_latest(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    ahead = _session_at(cli, monkeypatch, "2027-06-01T12:00:00+08:00", "top-up")
    behind = _session_at(cli, monkeypatch, "2026-11-20T10:00:00+08:00", "register")
    listed = json.loads(cli("sessions", "-f", "json").out)
    assert [s["session_id"] for s in listed] == [behind, ahead]
    assert listed[1]["updated_at"].startswith("2027-06-01")  # the stamps stay as written
    latest, _ = Store(Path(os.environ["OKHELP_HOME"])).latest_unfinished()
    assert latest is not None and latest.session_id == behind
    summary = json.loads(cli("summary", "-f", "json").out)
    assert summary["session_id"] == behind
    # The head is rebuilt from the files: the order of saves survives that too.
    _cache("sessions-recent").unlink()
    _cache("sessions-index").unlink(missing_ok=True)
    again = json.loads(cli("sessions", "-f", "json").out)
    assert [s["session_id"] for s in again] == [behind, ahead]
    # Answering the older one again makes it the latest, whatever its stamp.
    assert cli("answer", ahead, "--back").code == 0
    assert json.loads(cli("sessions", "-f", "json").out)[0]["session_id"] == ahead


def test_prune_removes_a_session_stamped_in_the_future_once_later_ones_are_old(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    ahead = _session_at(cli, monkeypatch, "2027-06-01T12:00:00+08:00", "top-up")
    behind = _session_at(cli, monkeypatch, "2026-11-20T10:00:00+08:00", "register")
    recent = _session_at(cli, monkeypatch, "2026-12-29T10:00:00+08:00", "register")
    monkeypatch.setenv("OKHELP_NOW", "2026-12-30T10:00:00+08:00")
    result = cli("sessions", "--prune", "--older-than", "30d", "--yes")
    assert result.code == 0, result.err
    left = [s["session_id"] for s in json.loads(cli("sessions", "-f", "json").out)]
    assert left == [recent]  # ``ahead`` was saved before ``behind``, which is 40 days old
    assert ahead not in left and behind not in left


def test_prune_keeps_what_is_not_old_whatever_the_order(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    ahead = _session_at(cli, monkeypatch, "2027-06-01T12:00:00+08:00", "top-up")
    behind = _session_at(cli, monkeypatch, "2026-12-25T10:00:00+08:00", "register")
    monkeypatch.setenv("OKHELP_NOW", "2026-12-30T10:00:00+08:00")
    result = cli("sessions", "--prune", "--older-than", "30d", "--yes")
    assert result.code == 0, result.err
    left = [s["session_id"] for s in json.loads(cli("sessions", "-f", "json").out)]
    assert left == [behind, ahead]


def test_a_duration_below_zero_is_unknown_not_zero() -> None:
    from datetime import datetime, timedelta, timezone

    from okhelp.core import stats
    from okhelp.library.catalog import load_catalog

    guides = load_catalog().guides
    now = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)

    def record(started: timedelta, updated: timedelta) -> dict[str, Any]:
        return {
            "schema": "okhelp.session/1",
            "guide": "register",
            "guide_version": guides["register"].version,
            "status": "resolved",
            "started_at": (now - started).isoformat(),
            "updated_at": (now - updated).isoformat(),
            "trail": [
                {"guide": "register", "step": "problem", "value": "how-to"},
                {"guide": "register", "step": "how-to", "value": True},
            ],
        }

    backwards = [record(timedelta(hours=1), timedelta(hours=2))]  # ended before it began
    (group,) = stats.compute(
        [stats.facts_from_record(r) for r in backwards], guides, now, idle=timedelta(days=7)
    )
    data = group.to_json()
    assert data["median_duration_seconds"] is None and data["durations_unknown"] == 1
    both = [*backwards, record(timedelta(minutes=10), timedelta(minutes=5))]
    (group,) = stats.compute(
        [stats.facts_from_record(r) for r in both], guides, now, idle=timedelta(days=7)
    )
    data = group.to_json()
    assert data["median_duration_seconds"] == 300 and data["durations_unknown"] == 1


def test_the_stats_table_says_unknown_for_a_time_below_zero(cli: Cli) -> None:
    home = Path(os.environ["OKHELP_HOME"])
    session = Session(
        "20261121-100000-00aa",
        "register",
        "en",
        "2026-11-21T10:00:00+08:00",
        "2026-11-21T09:00:00+08:00",
        status="resolved",
        trail=[Entry("register", "problem", "how-to"), Entry("register", "how-to", True)],
    )
    Store(home).save_session(session)
    table = cli("stats", "--lang", "en")
    assert table.code == 0, table.err
    row = next(line for line in table.out.splitlines() if "register" in line)
    assert "unknown" in row and "0 s" not in row

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
from tests.helpers import Result, minimal_guide, replace_saved, saved_session

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
    home = Path(os.environ["OKHELP_HOME"])
    data = saved_session(home, session_id)
    del data["guide_digests"]
    replace_saved(home, data)
    _rewrite(pick, SWAPPED)
    record = json.loads(cli("summary", session_id, "-f", "json").out)
    assert record["guide"]["changed"] is None
    result = cli("resume", session_id, "-a", "ask=yes")
    assert result.code == 0 and "changed" not in result.err
    saved = saved_session(home, session_id)
    assert saved["guide_digests"] == {}  # today's guide is not claimed as what was shown


@pytest.mark.parametrize("bad", [[1], {"pick": 5}, {"pick": "not hex"}, "abc"])
def test_a_damaged_digest_is_a_damaged_session(cli: Cli, pick: Path, bad: Any) -> None:
    session_id = _started(cli)
    home = Path(os.environ["OKHELP_HOME"])
    data = saved_session(home, session_id)
    data["guide_digests"] = bad
    replace_saved(home, data)
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

"""Integrity: sessions know the guide they were shown, caches are checked before use, and the
messages, signals and clocks that used to say something untrue."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Result, minimal_guide

from okhelp.engine import Entry
from okhelp.session import Session
from okhelp.store import Store

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

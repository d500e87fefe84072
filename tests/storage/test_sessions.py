"""The data folder: atomic writes, permissions, damaged and foreign files, lookup."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from okhelp.domain.engine import Entry
from okhelp.domain.session import Session
from okhelp.errors import StoreError, UsageError
from okhelp.storage.sessions import Store
from tests.helpers import Result

# Marked tests run on SQLite and on a PostgreSQL server (tests/storage/conftest.py).
both = pytest.mark.usefixtures("backend")


def _session(
    session_id: str = "20261121-154200-abcd",
    status: str = "in_progress",
    updated: str = "2026-11-21T15:42:00+08:00",
) -> Session:
    return Session(
        session_id,
        "top-up",
        "zh",
        updated,
        updated,
        status=status,
        trail=[Entry("top-up", "method", "bank")],
        fields={"amount": {"value": "1.00", "source": "top-up/amount"}},
    )


@both
def test_session_round_trips(tmp_path: Path) -> None:
    store = Store(tmp_path)
    original = _session()
    original.defaults[("top-up", "bank-remark")] = False
    store.save_session(original)
    loaded = store.load_session(original.session_id)
    assert loaded == original


def test_files_are_private(tmp_path: Path) -> None:
    store = Store(tmp_path / "home")
    store.save_session(_session())
    store.save_summary("20261121-154200-abcd", {"schema": "x"})
    for folder in (tmp_path / "home", store.summaries):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = list((tmp_path / "home").rglob("*"))
    assert tmp_path / "home" / "okhelp.db" in files
    for file in files:
        assert not file.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO), file


def test_an_existing_folder_keeps_the_mode_its_owner_chose(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    Store(home).save_session(_session())
    assert stat.S_IMODE(home.stat().st_mode) == 0o755
    assert stat.S_IMODE((home / "okhelp.db").stat().st_mode) == 0o600


def test_a_failed_write_leaves_the_last_save_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from okhelp.storage import sessions as store_module

    store = Store(tmp_path)
    store.save_session(_session())

    def full_disk(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store_module, "write_row", full_disk)
    changed = _session()
    changed.status = "resolved"
    with pytest.raises(StoreError, match="disk is full"):
        store.save_session(changed)
    monkeypatch.undo()
    assert Store(tmp_path).load_session("20261121-154200-abcd").status == "in_progress"
    assert Store(tmp_path).session_page(5)[2] == 1


@both
def test_damaged_and_foreign_files_are_skipped_and_named(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save_session(_session())
    store.save_session(_session("20261121-160000-0001", updated="2026-11-21T16:00:00+08:00"))
    store.sessions.mkdir()  # an older okhelp's session files, three of them not sessions
    (store.sessions / "20261121-170000-0002.json").write_text(
        '{"schema": "okhelp.session/1", "trunc'
    )
    (store.sessions / "20261121-170000-0003.json").write_text(json.dumps({"hello": "world"}))
    (store.sessions / "20261121-170000-0004.json").write_bytes(b"\xff\xfe")
    sessions, skipped = Store(tmp_path).list_sessions()
    assert [s.session_id for s in sessions] == ["20261121-160000-0001", "20261121-154200-abcd"]
    assert len(skipped) == 3 and all("2026112" in line for line in skipped)


@both
def test_latest_unfinished_skips_ended_sessions(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save_session(_session("20261121-100000-0001", updated="2026-11-21T10:00:00+08:00"))
    store.save_session(
        _session("20261121-110000-0002", status="resolved", updated="2026-11-21T11:00:00+08:00")
    )
    latest, _ = store.latest_unfinished()
    assert latest is not None and latest.session_id == "20261121-100000-0001"


@both
def test_lookup_by_unique_prefix(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save_session(_session("20261121-100000-0001"))
    store.save_session(_session("20261121-100000-0002"))
    assert store.load_session("20261121-100000-0001").session_id == "20261121-100000-0001"
    with pytest.raises(UsageError, match="matches 2 sessions"):
        store.load_session("20261121-10")
    with pytest.raises(UsageError, match="no session"):
        store.load_session("2025")


@both
def test_lookup_by_the_last_characters_people_remember(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.save_session(_session("20261121-100000-8db8"))
    store.save_session(_session("20261121-110000-01ab"))
    store.save_session(_session("20261122-090000-11ab"))
    assert store.load_session("8db8").session_id == "20261121-100000-8db8"
    assert store.load_session("100000-8db8").session_id == "20261121-100000-8db8"
    assert store.load_session("0-11ab").session_id == "20261122-090000-11ab"
    with pytest.raises(UsageError, match="matches 2 sessions"):
        store.load_session("1ab")
    for hostile in ("%", "_db8", "8db%", "db"):  # no wildcard, and at least three characters
        with pytest.raises(UsageError, match="no session"):
            store.load_session(hostile)


@pytest.mark.parametrize("bad", ["../../etc/passwd", "x" * 300, "20261121-100000-000g"])
def test_session_ids_cannot_escape_the_folder(tmp_path: Path, bad: str) -> None:
    with pytest.raises(UsageError):
        Store(tmp_path).session_path(bad)


def test_no_sessions_is_said_on_stderr_and_nothing_on_stdout(cli: Callable[..., Result]) -> None:
    listed = cli("sessions")
    assert listed.code == 0 and listed.out == "" and "no sessions yet" in listed.err
    assert cli("sessions", "-f", "json").out.strip() == "[]"


def test_parents_okhelp_creates_are_private_whatever_the_umask(tmp_path: Path) -> None:
    """A world-writable parent made under umask 000 would let another user swap the folder."""
    before = os.umask(0)
    try:
        Store(tmp_path / "x" / "deep" / "home").save_session(_session())
    finally:
        os.umask(before)
    for folder in (tmp_path / "x", tmp_path / "x" / "deep", tmp_path / "x" / "deep" / "home"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder

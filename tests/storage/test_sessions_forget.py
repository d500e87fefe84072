"""Forgetting in the store: every row and file okhelp wrote for a session goes, nothing else
does, listings stay right, and no byte of what the user typed is left in the data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from okhelp.domain.engine import Entry
from okhelp.domain.session import Session
from okhelp.errors import UsageError
from okhelp.storage.sessions import SAVED_FILES, Store
from tests.helpers import LOCK_HOLDER, saved_ids, saved_rows

# Marked tests run on SQLite and on a PostgreSQL server (tests/storage/conftest.py).
both = pytest.mark.usefixtures("backend")

SHANGHAI = timezone(timedelta(hours=8))


def _session(
    session_id: str,
    status: str = "in_progress",
    updated: str | None = None,
    description: str = "充值没到账",
) -> Session:
    updated = updated or "2026-11-21T15:42:00+08:00"
    return Session(
        session_id,
        "top-up",
        "zh",
        updated,
        updated,
        status=status,
        trail=[Entry("top-up", "method", "bank")],
        description=description,
    )


def _many(home: Path, count: int) -> list[str]:
    """``count`` sessions, one a minute, every third unfinished."""
    store = Store(home)
    ids = []
    for n in range(count):
        session_id = f"20261121-{n // 60:04d}{n % 60:02d}-{n % 65536:04x}"
        status = "in_progress" if n % 3 == 0 else "escalated"
        updated = f"2026-11-21T{n // 60 % 24:02d}:{n % 60:02d}:00+08:00"
        store.save_session(_session(session_id, status, updated))
        ids.append(session_id)
    return ids


def _bytes_in(home: Path) -> bytes:
    return b"".join(path.read_bytes() for path in home.rglob("*") if path.is_file())


@both
def test_erasing_a_session_takes_every_file_okhelp_wrote_for_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = Store(home)
    gone, kept = "20261121-154200-aaaa", "20261121-154300-bbbb"
    for session_id in (gone, kept):
        store.save_session(_session(session_id, "escalated"))
        store.save_summary(session_id, {"session_id": session_id})
        (store.summaries / f"{session_id}.md").write_text("# summary\n")
    store.note_saved_file(gone, (store.summaries / "ticket for support.md").absolute())
    (store.summaries / "ticket for support.md").write_text("saved from the review menu\n")
    (store.summaries / "my-notes.txt").write_text("the user's own file\n")
    (store.summaries / f".{gone}.json.q1w2.tmp").write_text("{")  # a killed okhelp's leftover
    (home / "locks").mkdir(exist_ok=True)
    (home / "locks" / f"{gone}.lock").touch()  # left by a run that was killed

    result = store.erase_sessions([gone])

    assert result.sessions == [gone] and result.files == 5 and not result.open_elsewhere
    left = sorted(p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file())
    assert not [name for name in left if gone in name or "ticket" in name]
    for name in (f"summaries/{kept}.json", f"summaries/{kept}.md", "summaries/my-notes.txt"):
        assert name in left
    assert saved_ids(home) == [kept]
    assert not (store.summaries / SAVED_FILES).exists()  # nothing left to remember


MARKER = "MARKER-7f3a9c-私人备注"


@both
@pytest.mark.parametrize("how", ["forget", "prune"])
def test_a_forgotten_session_leaves_no_byte_in_the_data_folder(tmp_path: Path, how: str) -> None:
    home = tmp_path / "home"
    store = Store(home)
    secret = "20261120-090000-5eed"
    old = _session(secret, "escalated", "2026-11-20T09:00:00+08:00", f"{MARKER} " * 300)
    for _ in range(4):  # saved again and again: older versions of its pages went through the log
        store.save_session(old)
    ids = _many(home, 40)
    store.save_summary(secret, {"description": MARKER})
    assert MARKER.encode() in _bytes_in(home)
    env = {**os.environ, "OKHELP_HOME": str(home), "OKHELP_NOW": "2026-11-21T16:00:00+08:00"}
    command = ["forget", secret, "--yes"] if how == "forget" else []
    if how == "prune":
        command = ["sessions", "--prune", "--older-than", "1d", "--yes"]
    done = subprocess.run(
        [sys.executable, "-m", "okhelp", *command],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    everything = _bytes_in(home)
    assert MARKER.encode() not in everything
    assert MARKER.encode("utf-16-le") not in everything
    assert saved_ids(home) == ids  # the others are all still there
    assert not saved_rows(home, "SELECT id FROM sessions WHERE body LIKE %s", (f"%{MARKER}%",))


@both
def test_listings_forget_the_session_and_stay_right(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ids = _many(home, 120)
    store = Store(home)
    newest_unfinished = ids[117]  # n % 3 == 0
    chosen = [ids[-1], newest_unfinished, ids[3], ids[40]]

    store.erase_sessions(chosen)

    page, _, total = store.session_page(20)
    latest, _ = store.latest()
    unfinished, _ = store.latest_unfinished()
    assert total == 116
    full, _ = store.list_sessions()
    assert page == full[:20] and latest == full[0]
    assert unfinished is not None and unfinished.session_id == ids[114]
    assert not {info.session_id for info in full} & set(chosen)


@both
def test_erasing_every_session_leaves_nothing_listed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ids = _many(home, 60)
    store = Store(home)
    result = store.erase_sessions(store.all_session_ids())
    assert sorted(result.sessions) == sorted(ids)
    assert store.session_page(20) == ([], [], 0)
    assert store.latest() == (None, []) and store.latest_unfinished() == (None, [])
    assert not (home / "locks").exists() or list((home / "locks").iterdir()) == []


def test_all_session_ids_takes_damaged_files_and_left_over_summaries(tmp_path: Path) -> None:
    store = Store(tmp_path / "home")
    store.sessions.mkdir(parents=True)  # an older okhelp's folder, with a damaged file
    (store.sessions / "20261121-154200-dddd.json").write_text("not json")
    (store.sessions / "notes.json").write_text("{}")  # not a session id: not okhelp's
    store.save_session(_session("20261121-154200-aaaa"))
    store.save_summary("20261120-100000-eeee", {"left": "over"})
    assert store.all_session_ids() == [
        "20261120-100000-eeee",
        "20261121-154200-aaaa",
        "20261121-154200-dddd",
    ]
    result = store.erase_sessions(store.all_session_ids())
    assert sorted(result.sessions) == ["20261121-154200-aaaa", "20261121-154200-dddd"]
    assert result.files == 3
    assert [p.name for p in store.sessions.iterdir()] == ["notes.json"]
    assert list(store.summaries.iterdir()) == []


def test_a_link_in_the_summaries_folder_goes_but_not_what_it_points_to(tmp_path: Path) -> None:
    store = Store(tmp_path / "home")
    session_id = "20261121-154200-aaaa"
    store.save_session(_session(session_id))
    outside = tmp_path / "precious.md"
    outside.write_text("keep me\n")
    store.summaries.mkdir()
    (store.summaries / f"{session_id}.md").symlink_to(outside)
    (store.summaries / f"{session_id}.d").mkdir()  # a folder someone made: not okhelp's file
    store.erase_sessions([session_id])
    assert outside.read_text() == "keep me\n"
    assert not (store.summaries / f"{session_id}.md").is_symlink()
    assert (store.summaries / f"{session_id}.d").is_dir()


def test_a_file_name_saved_again_belongs_to_the_later_session(tmp_path: Path) -> None:
    store = Store(tmp_path / "home")
    first, second = "20261121-154200-aaaa", "20261121-154300-bbbb"
    for session_id in (first, second):
        store.save_session(_session(session_id, "escalated"))
        store.note_saved_file(session_id, (store.summaries / "ticket.md").absolute())
    (store.summaries / "ticket.md").write_text("the second session's summary\n")
    elsewhere = tmp_path / "ticket.md"
    store.note_saved_file(first, elsewhere)  # outside the summaries folder: the user's own
    elsewhere.write_text("x")
    store.erase_sessions([first])
    assert (store.summaries / "ticket.md").exists() and elsewhere.exists()
    store.erase_sessions([second])
    assert not (store.summaries / "ticket.md").exists()


@pytest.mark.parametrize(
    "content",
    ["not json", "[]", '{"format": 1, "files": {"20261121-154200-aaaa": ["../../x"]}}'],
)
def test_a_damaged_record_of_saved_files_is_not_trusted(tmp_path: Path, content: str) -> None:
    store = Store(tmp_path / "home")
    session_id = "20261121-154200-aaaa"
    store.save_session(_session(session_id))
    store.summaries.mkdir()
    (store.summaries / SAVED_FILES).write_text(content)
    (tmp_path / "x").write_text("outside")
    assert store.erase_sessions([session_id]).sessions == [session_id]
    assert (tmp_path / "x").exists()


def test_anything_but_a_session_id_is_refused(tmp_path: Path) -> None:
    store = Store(tmp_path / "home")
    for bad in ("../sessions", "20261121-154200-aaaa\n", "*"):
        with pytest.raises(UsageError, match="not a session id"):
            store.erase_sessions([bad])


@both
def test_a_session_open_elsewhere_is_left_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = Store(home)
    busy, free = "20261121-154200-aaaa", "20261121-154300-bbbb"
    store.save_session(_session(busy))
    store.save_session(_session(free))
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(home), busy],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        store = Store(home)
        result = store.erase_sessions([busy, free])
        assert result.sessions == [free] and result.open_elsewhere == [busy]
        assert busy in saved_ids(home)
        assert store.database_url or (home / "locks" / f"{busy}.lock").exists()
    finally:
        holder.communicate("\n", timeout=30)
    assert Store(home).erase_sessions([busy]).sessions == [busy]


@both
def test_prune_chooses_by_last_update_and_rechecks_before_erasing(tmp_path: Path) -> None:
    store = Store(tmp_path / "home")
    store.save_session(_session("20261001-100000-0001", "escalated", "2026-10-01T10:00:00+08:00"))
    store.save_session(_session("20261002-100000-0002", "in_progress", "2026-10-02T10:00:00Z"))
    store.save_session(_session("20261001-090000-0003", "resolved", "2026-11-20T09:00:00+08:00"))
    cutoff = datetime(2026, 10, 21, 15, 42, tzinfo=SHANGHAI)
    old = store.sessions_older_than(cutoff)
    assert [info.session_id for info in old] == ["20261001-100000-0001", "20261002-100000-0002"]
    answered_again = store.load_session("20261002-100000-0002")
    answered_again.updated_at = "2026-11-21T15:00:00+08:00"
    store.save_session(answered_again)  # between choosing and erasing
    result = store.erase_sessions([i.session_id for i in old], updated_before=cutoff)
    assert result.sessions == ["20261001-100000-0001"]
    assert result.changed == ["20261002-100000-0002"]
    assert {info.session_id for info in store.list_sessions()[0]} == {
        "20261002-100000-0002",
        "20261001-090000-0003",
    }


def test_a_session_that_was_never_saved_leaves_no_lock_file(tmp_path: Path) -> None:
    store = Store(tmp_path / "home")
    store.save_session(_session("20261121-154200-aaaa"))
    with store.lock_session("20261121-154300-bbbb"):
        assert (tmp_path / "home" / "locks" / "20261121-154300-bbbb.lock").exists()
    assert not (tmp_path / "home" / "locks" / "20261121-154300-bbbb.lock").exists()

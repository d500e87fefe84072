"""Two saves at once must leave the head of the session index right.

Each test interleaves two ``Store`` objects over one data folder in a single process, at the
point where one save has written its session file but not yet its head: that is where six
``okhelp`` processes at once lost sessions from the head (its count 34 or 35 instead of 36,
while the folder's time still matched, so the head was trusted).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import filelock
import pytest

from okhelp.domain.engine import Entry
from okhelp.domain.session import Session
from okhelp.storage import sessions as store_module
from okhelp.storage.sessions import Store


def _session(n: int, updated: str = "2026-11-21T10:00:00+08:00") -> Session:
    session_id = f"20261121-{n // 60:04d}{n % 60:02d}-{n:04x}"
    return Session(
        session_id,
        "top-up",
        "zh",
        updated,
        updated,
        status="in_progress" if n % 3 == 0 else "escalated",
        trail=[Entry("top-up", "method", "bank")],
    )


def _home(tmp_path: Path, count: int = 30) -> Path:
    """``count`` sessions written a minute ago, and a head that is right for them."""
    home = tmp_path / "home"
    store = Store(home)
    past = time.time() - 60
    for n in range(count):
        path = store.save_session(_session(n, f"2026-11-21T09:{n % 60:02d}:00+08:00"))
        os.utime(path, (past, past))
    store.session_page(20)
    assert store._current_head() is not None
    return home


def _agrees(home: Path, total: int) -> None:
    """The head's answer (the everyday commands) is the full listing's."""
    head_page, _, head_total = Store(home).session_page(20)
    full, _ = Store(home).list_sessions()
    assert head_total == len(full) == total
    assert head_page == full[:20]


@pytest.fixture
def after_first_session_write(
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[[Callable[[], None]], None]:
    """Run a callback once, in the main thread, right after a session file is written there."""

    def arm(callback: Callable[[], None]) -> None:
        real = store_module.fsync_dir
        main = threading.current_thread()
        pending = [callback]

        def hooked(folder: Path) -> None:
            real(folder)
            if folder.name == "sessions" and threading.current_thread() is main and pending:
                pending.pop()()

        monkeypatch.setattr(store_module, "fsync_dir", hooked)

    return arm


@pytest.fixture
def waiting(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Set when a thread other than the main one asks for any okhelp file lock."""
    event = threading.Event()
    real = filelock.FileLock.acquire
    main = threading.current_thread()

    def acquire(self: Any, *args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is not main:
            event.set()
        return real(self, *args, **kwargs)

    monkeypatch.setattr(filelock.FileLock, "acquire", acquire)
    return event


def test_a_save_during_another_save_is_in_the_head(
    tmp_path: Path,
    after_first_session_write: Callable[[Callable[[], None]], None],
    waiting: threading.Event,
) -> None:
    home = _home(tmp_path)
    other = threading.Thread(
        target=Store(home).save_session, args=(_session(31, "2026-11-21T11:00:00+08:00"),)
    )

    def second_save() -> None:
        # The second save either waits for the first (the index lock) or, as it once did,
        # writes at once because the head looked out of date mid-update.
        other.start()
        while other.is_alive() and not waiting.is_set():
            time.sleep(0.001)

    after_first_session_write(second_save)
    Store(home).save_session(_session(30, "2026-11-21T10:30:00+08:00"))
    other.join(timeout=30)
    assert not other.is_alive()
    _agrees(home, 32)


def test_a_save_within_the_folder_time_grain_is_in_the_head(
    tmp_path: Path,
    after_first_session_write: Callable[[Callable[[], None]], None],
    waiting: threading.Event,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The sessions folder's time has a coarse grain (a clock tick, a second on some file
    systems): a second file written in the same tick as the first save's head leaves it as the
    head recorded. Simulated here by putting the folder's time back after the second write."""
    home = _home(tmp_path)
    folder = home / "sessions"
    first_done, reached = threading.Event(), threading.Event()
    real_write = store_module.atomic_write
    main = threading.current_thread()

    def same_tick(path: Path, text: str, *, durable: bool = True) -> None:
        if threading.current_thread() is not main and path.parent == folder:
            reached.set()
            first_done.wait(timeout=30)
            head = store_module.read_json(home / "cache" / "sessions-recent.json")
            real_write(path, text, durable=durable)
            tick = head["dir_mtime_ns"]
            os.utime(folder, ns=(tick, tick))
            return
        real_write(path, text, durable=durable)

    monkeypatch.setattr(store_module, "atomic_write", same_tick)
    other = threading.Thread(
        target=Store(home).save_session, args=(_session(31, "2026-11-21T11:00:00+08:00"),)
    )

    def second_save() -> None:
        other.start()
        while other.is_alive() and not (waiting.is_set() or reached.is_set()):
            time.sleep(0.001)

    after_first_session_write(second_save)
    Store(home).save_session(_session(30, "2026-11-21T10:30:00+08:00"))
    first_done.set()
    other.join(timeout=30)
    assert not other.is_alive()
    _agrees(home, 32)


def test_a_save_that_cannot_get_the_lock_makes_the_head_untrusted(
    tmp_path: Path,
    after_first_session_write: Callable[[Callable[[], None]], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A save that waited too long for the index lock still saves, without it; the head the
    lock's holder then writes must not be trusted until a rebuild has seen that file."""
    home = _home(tmp_path)
    monkeypatch.setattr(store_module, "LOCK_WAIT", 0.05)
    after_first_session_write(
        lambda: Store(home).save_session(_session(31, "2026-11-21T11:00:00+08:00"))
    )
    Store(home).save_session(_session(30, "2026-11-21T10:30:00+08:00"))
    assert (home / "sessions" / f"{_session(31).session_id}.json").exists()
    _agrees(home, 32)
    assert Store(home)._current_head() is not None  # the rebuild made it right again

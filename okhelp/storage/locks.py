"""The session locks this process holds, and the thread that holds each.

The file lock (``filelock``), or on a PostgreSQL server its advisory lock (which has no file),
keeps out other processes; inside one process (the MCP server moves
sessions in worker threads) each lock held is registered here with the thread that took it, so
another thread asking for it is refused the same way.
"""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass
from typing import Any

from okhelp.errors import SessionBusy


@dataclass(frozen=True)
class Held:
    """A session lock this process holds, and the thread that took it."""

    lock: Any
    thread: int


# Locks held by this process, by session id; released by release_all() (the CLI calls it last).
# REGISTRY guards both: a look and a take must be one step, or two threads both find it free.
HELD: dict[str, Held] = {}
ENDED: set[str] = set()
# Sessions this process knows are saved (it saved or loaded them): a lock let go of any other
# session (never saved, or erased) takes its lock file with it.
KNOWN: set[str] = set()
REGISTRY = threading.RLock()


def release(session_id: str, *, remove: bool = False) -> None:
    """Let go of one session's lock. The lock file goes too when asked, or when the session has
    ended or was never saved (or was erased): no one can resume it, so no one can be
    waiting on it."""
    with REGISTRY:  # the file is let go before another thread can find the id free
        held = HELD.pop(session_id, None)
        if held is None:
            return
        lock = held.lock
        if remove or session_id not in KNOWN:
            ENDED.add(session_id)
        if session_id in ENDED:
            lock_file = getattr(lock, "lock_file", None)  # None: a lock on a database server
            if lock_file is not None:
                with contextlib.suppress(OSError):
                    os.unlink(lock_file)  # still held: a waiting run sees the file gone
            ENDED.discard(session_id)
        with contextlib.suppress(OSError):
            lock.release(force=True)


def release_all() -> None:
    """Let go of every session lock this process holds (ended sessions' lock files go too)."""
    with REGISTRY:
        for session_id in list(HELD):
            release(session_id)
        ENDED.clear()


def busy(session_id: str) -> SessionBusy:
    return SessionBusy(
        f"session {session_id} is open elsewhere (another okhelp is running it)",
        hint="finish or close it there first, or try again in a moment",
        session=session_id,
    )

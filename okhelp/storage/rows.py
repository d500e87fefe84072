"""A session's row in the sessions database: its columns, drawn from the record.

Both the store and the import of old session files write rows, so how a row is made lives here.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Any

from okhelp.domain.session import SESSION_ID, Session
from okhelp.errors import UsageError
from okhelp.util.text import printable

# A trail answer kept as it is in a session's path (a choice id, yes/no); anything else typed
# is kept only as "something" or "nothing", so stats never read what a user wrote.
_CHOICE_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def order_of(instant: str) -> float:
    """A time as seconds since the epoch, for sorting times written in different zones."""
    try:
        moment = datetime.fromisoformat(instant.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.timestamp()
    except (ValueError, OverflowError, OSError):
        return 0.0


def path_of(session: Session) -> str:
    """The session's trail as stats read it: step ids and choices, never typed text."""
    typed = {str(value.get("source", "")) for value in session.fields.values()}
    path: list[list[Any]] = []
    for entry in session.trail:
        value: Any = entry.value
        if isinstance(value, str) and (
            f"{entry.guide}/{entry.step}" in typed or not _CHOICE_ID.fullmatch(value)
        ):
            value = "~" if value.strip() else ""
        path.append([entry.guide, entry.step, value])
    return json.dumps(path, ensure_ascii=False, separators=(",", ":"))


def check_id(session_id: str) -> None:
    if not SESSION_ID.fullmatch(session_id):
        raise UsageError(
            f"'{printable(session_id)}' is not a session id",
            code="session_id_invalid",
            session=session_id,
        )


def write_row(db: Any, session: Session, text: str) -> None:
    """Insert or replace a session's row inside the caller's transaction, keeping the count."""
    new = (
        db.execute("SELECT 1 FROM sessions WHERE id = ?", (session.session_id,)).fetchone() is None
    )
    db.execute(
        "INSERT INTO sessions (id, sequence, guide, guide_version, status, started_at,"
        " updated_at, started, updated, steps, path, body, rating, pending_until)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET sequence = excluded.sequence, guide = excluded.guide,"
        " guide_version = excluded.guide_version, status = excluded.status,"
        " started_at = excluded.started_at, updated_at = excluded.updated_at,"
        " started = excluded.started, updated = excluded.updated, steps = excluded.steps,"
        " path = excluded.path, body = excluded.body, rating = excluded.rating,"
        " pending_until = excluded.pending_until",
        (
            session.session_id,
            session.sequence,
            session.guide,
            session.guide_version,
            session.status,
            session.started_at,
            session.updated_at,
            order_of(session.started_at),
            order_of(session.updated_at),
            len(session.trail),
            path_of(session),
            text,
            session.rating,
            order_of(session.pending_until) if session.pending_until else None,
        ),
    )
    if new:
        db.execute("UPDATE counters SET value = value + 1 WHERE name = 'sessions'")

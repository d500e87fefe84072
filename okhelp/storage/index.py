"""The sessions index and its head: what listings show, without parsing every session file.

See :mod:`okhelp.storage.sessions` for why there is an index and how the head stays right. An
entry is a list because it is stored as JSON (see ``Entry``).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from okhelp.domain.session import MAX_FILE as MAX_SESSION_FILE
from okhelp.domain.session import SESSION_ID, Session, SessionFormatError
from okhelp.storage.files import read_json
from okhelp.util.text import printable

INDEX_FORMAT = 1
HEAD_ROWS = 50  # the newest sessions (and unfinished ones) kept in the small head file


@dataclass(frozen=True)
class SessionInfo:
    """What a listing shows of a session, from the index (the file itself is not read)."""

    session_id: str
    guide: str
    status: str
    started_at: str
    updated_at: str
    order: float
    mtime_ns: int
    sequence: int = 0


# An index entry: [id, size, mtime_ns, problem, guide, status, started_at, updated_at, order,
# sequence]. Sessions are ordered by ``sequence`` (the order of saves), then by time.
# ``problem`` is None for a readable session, else why the file is skipped.
Entry = list[Any]


def entry_of(session: Session, size: int, mtime: int) -> Entry:
    return [
        session.session_id,
        size,
        mtime,
        None,
        session.guide,
        session.status,
        session.started_at,
        session.updated_at,
        order_of(session.updated_at),
        session.sequence,
    ]


def newest_first(entry: Entry) -> tuple[int, float, int, str]:
    """Newest first means saved last: by the save count, then (for sessions saved before there
    was one) by the time of the last answer. A clock set back cannot put an older save first."""
    return (entry[9], entry[8], entry[2], entry[0])


def make_head(entries: list[Entry]) -> dict[str, Any]:
    """The small file that answers the everyday questions without the whole index."""
    good = [entry for entry in entries if entry[3] is None]
    open_ = [entry for entry in good if entry[5] == "in_progress"]
    return {
        "format": INDEX_FORMAT,
        "dir_mtime_ns": None,
        "count": len(good),
        "sequence": max((entry[9] for entry in good), default=0),
        "skipped": sorted([entry[0], entry[3]] for entry in entries if entry[3] is not None),
        "top": heapq.nlargest(HEAD_ROWS, good, key=newest_first),
        "top_complete": len(good) <= HEAD_ROWS,
        "unfinished": heapq.nlargest(HEAD_ROWS, open_, key=newest_first),
        "unfinished_complete": len(open_) <= HEAD_ROWS,
    }


def head_with(head: dict[str, Any], entry: Entry, *, new: bool) -> dict[str, Any]:
    """The head after one session was saved by okhelp (the newest, by its update time)."""
    head = dict(head)
    stem = entry[0]
    if any(item[0] == stem for item in head["skipped"]):
        head["skipped"] = [item for item in head["skipped"] if item[0] != stem]
        new = True
    if new:
        head["count"] += 1
    head["sequence"] = max(head["sequence"], entry[9])
    for key, complete, belongs in (
        ("top", "top_complete", True),
        ("unfinished", "unfinished_complete", entry[5] == "in_progress"),
    ):
        rows = [row for row in head[key] if row[0] != stem] + ([entry] if belongs else [])
        rows.sort(key=newest_first, reverse=True)
        if len(rows) > HEAD_ROWS:
            rows = rows[:HEAD_ROWS]
            head[complete] = False
        head[key] = rows
    return head


def valid_head(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and data.get("format") == INDEX_FORMAT
        and type(data.get("dir_mtime_ns")) is int
        and type(data.get("count")) is int
        and type(data.get("sequence")) is int
        and isinstance(data.get("top_complete"), bool)
        and isinstance(data.get("unfinished_complete"), bool)
        and isinstance(data.get("skipped"), list)
        and all(
            isinstance(item, list)
            and len(item) == 2
            and isinstance(item[0], str)
            and SESSION_ID.fullmatch(item[0]) is not None
            and isinstance(item[1], str)
            for item in data["skipped"]
        )
        and all(
            isinstance(data.get(key), list)
            and len(data[key]) <= HEAD_ROWS
            and all(
                valid_entry(entry)
                and entry[3] is None
                and SESSION_ID.fullmatch(entry[0]) is not None
                for entry in data[key]
            )
            for key in ("top", "unfinished")
        )
        # Rows that contradict each other are not a head okhelp wrote, whatever the seal says.
        and data["count"] >= len(data["top"])
        and (not data["top_complete"] or data["count"] == len(data["top"]))
        and all(entry[5] == "in_progress" for entry in data["unfinished"])
    )


def info_of(entry: Entry) -> SessionInfo:
    return SessionInfo(
        entry[0], entry[4], entry[5], entry[6], entry[7], entry[8], entry[2], entry[9]
    )


def read_entry(path: Path, stem: str, size: int, mtime: int) -> Entry:
    """Parse one session file into an index entry (with the reason when it is not one)."""
    try:
        session = Session.from_json(read_json(path, MAX_SESSION_FILE))
        if session.session_id != stem:
            raise SessionFormatError("its id does not match the file name")
    except (SessionFormatError, OSError, ValueError) as exc:
        return [stem, size, mtime, printable(str(exc), 200), "", "", "", "", 0.0, 0]
    return entry_of(session, size, mtime)


def order_of(instant: str) -> float:
    """A time as seconds since the epoch, for sorting times written in different zones."""
    try:
        moment = datetime.fromisoformat(instant.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.timestamp()
    except (ValueError, OverflowError, OSError):
        return 0.0


def index_entries(data: Any) -> dict[str, Entry]:
    """The entries of a saved index by id; an index that is not exactly right is ignored."""
    if not isinstance(data, dict) or data.get("format") != INDEX_FORMAT:
        return {}
    entries = data.get("entries")
    if not isinstance(entries, list):
        return {}
    known: dict[str, Entry] = {}
    for entry in entries:
        if not valid_entry(entry):
            return {}
        known[entry[0]] = entry
    return known


def valid_entry(entry: Any) -> bool:
    return (
        type(entry) is list
        and len(entry) == 10
        and type(entry[0]) is str
        and type(entry[1]) is int
        and type(entry[2]) is int
        and (entry[3] is None or type(entry[3]) is str)
        and type(entry[4]) is str
        and type(entry[5]) is str
        and type(entry[6]) is str
        and type(entry[7]) is str
        and type(entry[8]) is float
        and type(entry[9]) is int
    )


def newest(entries: Iterable[Entry], limit: int | None) -> list[SessionInfo]:
    key = newest_first
    chosen = (
        sorted(entries, key=key, reverse=True)
        if limit is None
        else heapq.nlargest(limit, entries, key=key)
    )
    return [info_of(e) for e in chosen]

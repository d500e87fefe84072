"""Session files an older okhelp wrote (``sessions/<id>.json``), taken into the database.

Run on the first use of a data folder that still has them. Each file is read and checked, and
saved as a row in batches, one transaction each; a file is removed only once its row is read
back and is the same session (or a later save of it), so a run killed at any point loses
nothing and the next run goes on where it stopped: rows already there are not written twice.
A file that is not a session (damaged, misnamed) is left where it is and listed as skipped, so
``okhelp forget`` can still erase it. The old index caches go too.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from okhelp.domain.session import MAX_FILE as MAX_SESSION_FILE
from okhelp.domain.session import SESSION_ID, Session, SessionFormatError
from okhelp.storage.files import fsync_dir, read_json, remove_file
from okhelp.storage.rows import order_of, write_row
from okhelp.storage.userfile import open_regular_file
from okhelp.util.text import printable

if TYPE_CHECKING:
    from okhelp.storage.database import Sessions

BATCH = 500
OLD_CACHES = (
    "sessions-index.json",
    "sessions-recent.json",
    "sessions-unlocked",
    "sessions-index.lock",
)


def import_folder(folder: Path, caches: Path, database: Sessions) -> list[str]:
    """Import every session file in ``folder``; the lines for files left there. ``caches`` is
    the cache folder, where the old index lived."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    skipped: list[str] = []
    loaded: list[tuple[Path, Session, str]] = []
    for name in names:
        if name.startswith(".") or not name.endswith(".json"):
            continue
        path = folder / name
        try:
            session = Session.from_json(read_json(path, MAX_SESSION_FILE))
            if session.session_id != name[:-5] or not SESSION_ID.fullmatch(name[:-5]):
                raise SessionFormatError("its id does not match the file name")
        except (SessionFormatError, OSError, ValueError, RecursionError) as exc:
            skipped.append(f"{printable(str(path), 200)}: {printable(str(exc), 200)}")
            continue
        loaded.append((path, session, session.to_text()))
    loaded.sort(key=lambda item: (item[1].sequence, order_of(item[1].updated_at)))
    for start in range(0, len(loaded), BATCH):
        with database.write() as db:
            # An update that changes nothing, for the row lock a PostgreSQL server takes with it:
            # saves from other machines wait until this batch is in.
            (counter,) = db.execute(
                "UPDATE counters SET value = value WHERE name = 'sequence' RETURNING value"
            ).fetchone()
            top = counter
            for _, session, text in loaded[start : start + BATCH]:
                row = db.execute(
                    "SELECT sequence FROM sessions WHERE id = ?", (session.session_id,)
                ).fetchone()
                if row is not None and row[0] >= session.sequence:
                    continue  # already in (an earlier run), or saved again since
                write_row(db, session, text)
                top = max(top, session.sequence)
            if top != counter:
                db.execute("UPDATE counters SET value = ? WHERE name = 'sequence'", (top,))
    for path, session, text in loaded:
        rows = database.query(
            "SELECT sequence, body FROM sessions WHERE id = ?", (session.session_id,)
        )
        if rows and (rows[0][1] == text or rows[0][0] > session.sequence):
            remove_file(path)
        else:
            skipped.append(f"{printable(str(path), 200)}: could not be imported")
    fsync_dir(folder)
    if not skipped:
        with contextlib.suppress(OSError):
            for name in os.listdir(folder):
                if name.startswith(".") and name.endswith(".tmp"):
                    remove_file(folder / name)  # half-written by a killed okhelp
            folder.rmdir()
    for name in OLD_CACHES:  # what they listed is in the database now
        remove_file(caches / name)
    return skipped


def session_record(text: str) -> Session:
    """A session from one exported line (``okhelp sessions import``)."""
    return Session.from_json(json.loads(text))


MAX_LINE = 8 * 1024 * 1024  # one exported session: twice the largest session okhelp saves


def exported_lines(path: Path) -> Iterator[tuple[int, str | None]]:
    """The numbered lines of a file ``okhelp sessions export`` wrote (see :func:`bounded_lines`)."""
    with open_regular_file(path) as handle:  # a FIFO or /dev/zero would never end
        yield from bounded_lines(handle)


def bounded_lines(stream: BinaryIO) -> Iterator[tuple[int, str | None]]:
    """Numbered non-empty lines, each bounded: None for a line too long or not UTF-8 (the
    stream's other lines are still read)."""
    number = 0
    while raw := stream.readline(MAX_LINE + 1):
        number += 1
        if len(raw) > MAX_LINE:
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(MAX_LINE)  # the rest of that line, in bounded parts
            yield number, None
            continue
        try:
            text = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            yield number, None
            continue
        if text:
            yield number, text

"""The data folder: sessions in a database, summaries as files, readable only by their owner.

The :class:`Store` is the one way into ``OKHELP_HOME``. Sessions, their answers and what
listings show of them live in ``okhelp.db`` (:mod:`okhelp.storage.database`: SQLite, one
transaction per save), or, where ``OKHELP_DATABASE_URL`` names one, on a PostgreSQL server that
a team's machines share (:mod:`okhelp.storage.postgres`, the same SQL); summaries stay files in
``summaries/``, since users send them. Beside it
in this package, ``files`` writes files atomically, ``locks`` holds this process's session
locks, ``seals`` the caches' seals, ``legacy`` imports a data folder of session files written by
an older okhelp. Folders okhelp creates are 0700 and files 0600; a folder that already exists is
never chmod'ed, and one its owner made read-only (no owner write bit) is respected: nothing is
written there, the database is opened read-only, and the caller says once that it cannot save.

**One writer per session.** ``okhelp resume`` and a new run hold a lock on their session
(``locks/<id>.lock``, taken with ``filelock``). An OS file lock and not a lease row in the
database, because the kernel lets go of it when its process dies: a run killed with ``kill -9``
leaves nothing to expire, and its session can be resumed at once. (The database is a file on
this machine, so every process that can write to it can take the same lock. A PostgreSQL server
is not: there the lock is an advisory lock on the server, which the server lets go of when the
holder's connection ends, for the same reason.) A second run of
the same session stops at once (:class:`~okhelp.errors.SessionBusy`, retryable) instead of
interleaving answers. Inside one process (the MCP server moves sessions in worker threads) each
lock held is registered with the thread that took it, so another thread asking for it is refused
the same way, and only the thread that took it takes it again for free.

**Order.** Newest means saved last: every save takes the next value of the ``sequence``
counter in the same transaction, and listings sort by it before the time of the last answer,
which a clock set back could reverse. :meth:`Store.sessions_older_than` bounds each session's
time by the sessions saved after it, so one stamped in the future is not kept from ``--prune``
for ever.

**Forgetting.** :meth:`Store.erase_sessions` (``okhelp forget``, ``okhelp sessions --prune``)
deletes a session's row, its summary and every other file okhelp wrote for it in the summaries
folder (``<id>.md`` from the review menu, a file the user named there, which
``.saved-files.json`` remembers) and its lock file; the database overwrites deleted rows
(``secure_delete``) and the log is emptied afterwards, so no byte of the session is left in
the data folder. Each session is erased only while okhelp holds its lock: one open in another
okhelp is left alone.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import os
import re
import stat
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okhelp.domain.session import MAX_FILE as SESSION_FILE_LIMIT
from okhelp.domain.session import SESSION_ID, Session, SessionFormatError
from okhelp.errors import SessionBusy, StoreError, UsageError
from okhelp.i18n.messages import os_error_reason
from okhelp.storage import locks
from okhelp.storage.files import (
    MAX_FILE,
    Shown,
    atomic_write,
    fsync_dir,
    names_in,
    parse_json,
    plain_name,
    read_json,
    remove_file,
    session_files_in,
    write_user_file,
)
from okhelp.storage.locks import ENDED, HELD, KNOWN, REGISTRY, Held, busy, release
from okhelp.storage.rows import check_id, order_of, write_row
from okhelp.storage.seals import MAC_KEY, new_key, sealed, unsealed
from okhelp.storage.userfile import FileRefused, read_regular_file
from okhelp.util.text import printable

if TYPE_CHECKING:
    from okhelp.storage.database import Sessions
    from okhelp.storage.postgres import PostgresDatabase

__all__ = [
    "MAC_KEY",
    "SESSION_ID",
    "Erased",
    "SessionInfo",
    "Store",
    "atomic_write",
    "data_dir",
    "fsync_dir",
    "read_json",
    "release",
    "release_all",
    "session_files_in",
    "write_user_file",
]

MAX_SESSION_FILE = SESSION_FILE_LIMIT  # what a save refuses to write, a load refuses to read
# The end of a session id a user may type instead of all of it ("8db8", "182055-e0d7").
_ID_TAIL = re.compile(r"[0-9a-f-]{3,20}")
SAVED_FILES = ".saved-files.json"  # in summaries/: files the review menu saved, by session
SAVED_FILES_FORMAT = 1
ID_LENGTH = 20  # 20261121-153012-7f3a
CACHE_KEY = "cache.key"  # in cache/: the key that seals okhelp's caches
DATABASE_NAME = "okhelp.db"  # in the data folder (sqlite3 is imported only to open it)
DATABASE_URL = "OKHELP_DATABASE_URL"  # a PostgreSQL server's URL, instead of DATABASE_NAME
SESSION_COLUMNS = "id, guide, status, started_at, updated_at, updated, sequence"


def release_all() -> None:
    """Let go of every session lock this process holds and close its databases (the end of a
    command)."""
    locks.release_all()
    for name in ("okhelp.storage.database", "okhelp.storage.postgres"):
        module = sys.modules.get(name)  # loaded only when one was opened
        if module is not None:
            module.close_all()


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``OKHELP_HOME``, else the platform's user data folder."""
    environ = os.environ if environ is None else environ
    if environ.get("OKHELP_HOME"):
        return Path(environ["OKHELP_HOME"]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("okhelp", appauthor=False))


@dataclass(frozen=True)
class SessionInfo:
    """What a listing shows of a session (its record is not read)."""

    session_id: str
    guide: str
    status: str
    started_at: str
    updated_at: str
    order: float
    sequence: int = 0
    pending_until: str | None = None  # a pending session: when its wait is over


@dataclass
class Erased:
    """What an erase did: the sessions that are gone, how many rows and files went in all, and
    the sessions left alone (open in another okhelp; updated since they were chosen)."""

    sessions: list[str] = field(default_factory=list)
    files: int = 0
    open_elsewhere: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


def _info(row: tuple[Any, ...]) -> SessionInfo:
    return SessionInfo(row[0], row[1], row[2], row[3], row[4], row[5], row[6])


class Store:
    """Sessions in ``<home>/okhelp.db`` (or on the server ``database_url`` names), summaries in
    ``<home>/summaries``."""

    def __init__(self, root: Path, database_url: str | None = None) -> None:
        """``database_url`` None: ``OKHELP_DATABASE_URL``'s (empty: SQLite)."""
        self.root = root
        if database_url is None:
            database_url = os.environ.get(DATABASE_URL, "")
        self.database_url = database_url.strip() or None
        self.sessions = root / "sessions"  # where an older okhelp kept session files
        self.summaries = root / "summaries"
        self._key: bytes | None = None  # the cache key, once read or made
        self._database: Sessions | None = None
        self._opening = threading.Lock()
        self.skipped: list[str] = []  # old session files that could not be imported

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Store:
        environ = os.environ if environ is None else environ
        return cls(data_dir(environ), environ.get(DATABASE_URL, ""))

    # --- the database -------------------------------------------------------------------------

    def database(self, *, create: bool = True) -> Sessions | None:
        """The sessions database, opened once (None when there is none and none can be made).

        On first use, session files an older okhelp left in ``sessions/`` are imported."""
        if self.database_url is not None:
            return self._server()
        with self._opening:
            if self._database is not None:
                return self._database
            path = self.root / DATABASE_NAME
            if not create and not path.is_file() and not self.sessions.is_dir():
                return None  # nothing saved yet: a look creates nothing
            try:
                self._folder(self.root)
                writable = True
            except StoreError as exc:
                if exc.code != "data_folder_read_only":
                    raise
                writable = False
            if not writable and not path.is_file():
                self.skipped = self._legacy_unread()
                return None
            from okhelp.storage.database import Database

            database = Database(path, writable=writable)
            database.open()
            self._database = database
        if writable and self.sessions.is_dir():
            from okhelp.storage.legacy import import_folder

            self.skipped = import_folder(self.sessions, self.root / "cache", database)
        elif self.sessions.is_dir():
            self.skipped = self._legacy_unread()
        return database

    def _server(self) -> PostgresDatabase:
        """The PostgreSQL server's database; old session files in the data folder go into it
        too, where the folder can be written (the import removes them)."""
        from okhelp.storage.postgres import PostgresDatabase, is_postgres_url, mask_url, shared

        with self._opening:
            if self._database is not None:
                assert isinstance(self._database, PostgresDatabase)
                return self._database
            url = self.database_url or ""
            if not is_postgres_url(url):
                shown = mask_url(url)
                raise StoreError(
                    f"OKHELP_DATABASE_URL is not a postgresql:// URL: {shown}",
                    code="database_url_invalid",
                    url=shown,
                )
            database = shared(url)
            database.open()
            self._database = database
        if self.sessions.is_dir():
            try:
                self._folder(self.root)
            except StoreError:
                self.skipped = self._legacy_unread()
            else:
                from okhelp.storage.legacy import import_folder

                self.skipped = import_folder(self.sessions, self.root / "cache", database)
        return database

    def _writable_database(self) -> Sessions:
        """The database, to write to; the data folder's own StoreError where it cannot be."""
        database = self.database()
        if database is None or not database.writable:
            self._folder(self.root)  # raises the read-only error the caller words
            raise StoreError(
                f"cannot use the data folder {Shown(self.root)}: it cannot be written",
                code="data_folder_unusable",
                path=str(self.root),
                reason="it cannot be written",
            )
        return database

    def _legacy_unread(self) -> list[str]:
        return [
            f"{printable(str(self.sessions / name), 200)}: not imported yet "
            "(the data folder is read-only)"
            for name in names_in(self.sessions)
            if name.endswith(".json") and not name.startswith(".")
        ]

    def close(self) -> None:
        if self._database is not None:
            self._database.close()
            self._database = None

    def _read(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        database = self.database(create=False)
        return [] if database is None else database.query(sql, tuple(params))

    # --- files -------------------------------------------------------------------------------

    def _folder(self, folder: Path) -> Path:
        """``folder`` ready for writing: created 0700 when missing, left as it is otherwise."""
        chain = [self.root]
        if folder != self.root:
            chain += [parent for parent in reversed(folder.parents) if self.root in parent.parents]
            chain.append(folder)
        for path in chain:
            shown = Shown(path)
            try:
                info = os.stat(path)
            except FileNotFoundError:
                try:
                    # Every folder okhelp creates, the parents of the data folder too, is the
                    # owner's alone, whatever the umask: a world-writable parent would let
                    # another user swap the data folder.
                    missing = [path]
                    while not missing[-1].parent.exists() and missing[-1].parent != missing[-1]:
                        missing.append(missing[-1].parent)
                    for made in reversed(missing):
                        with contextlib.suppress(FileExistsError):
                            made.mkdir(mode=0o700)
                            os.chmod(made, 0o700)
                except OSError as exc:
                    raise StoreError(
                        f"cannot create the data folder {shown}: {exc.strerror}",
                        code="data_folder_create",
                        path=str(path),
                        reason=os_error_reason(exc),
                    ) from None
                continue
            except OSError as exc:
                raise StoreError(
                    f"cannot use the data folder {shown}: {exc.strerror}",
                    code="data_folder_unusable",
                    path=str(path),
                    reason=os_error_reason(exc),
                ) from None
            if not stat.S_ISDIR(info.st_mode):
                raise StoreError(
                    f"cannot use the data folder {shown}: it is not a folder",
                    code="data_folder_not_folder",
                    path=str(path),
                )
            if not info.st_mode & stat.S_IWUSR:
                mode = f"{stat.S_IMODE(info.st_mode):04o}"
                raise StoreError(
                    f"the data folder {shown} is read-only (mode {mode}); "
                    "okhelp leaves it as it is",
                    code="data_folder_read_only",
                    path=str(path),
                    mode=mode,
                )
        return folder

    def write_json(self, path: Path, data: Any) -> Path:
        """Write JSON atomically with mode 0600."""
        folder = self._folder(path.parent)
        atomic_write(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        fsync_dir(folder)
        return path

    def session_path(self, session_id: str) -> Path:
        """Where an older okhelp kept the session's file; UsageError for anything not an id."""
        check_id(session_id)
        return self.sessions / f"{session_id}.json"

    def has_session(self, session_id: str) -> bool:
        check_id(session_id)
        return bool(self._read("SELECT 1 FROM sessions WHERE id = ?", (session_id,)))

    def save_session(self, session: Session) -> None:
        """Save the session in one transaction, numbered with the next save count."""
        check_id(session.session_id)
        text = session.to_text()
        unsaveable = session.unsaveable(len(text.encode("utf-8")))
        if unsaveable is not None:
            # Written, it would be called damaged at the next load: keep the last good record.
            raise StoreError(
                f"session {session.session_id} cannot be saved: {unsaveable}",
                hint="go back, or start a new session",
                code="session_unsaveable",
                session=session.session_id,
                reason=unsaveable,
            )
        database = self._writable_database()
        with database.write() as db:
            (sequence,) = db.execute(
                "UPDATE counters SET value = value + 1 WHERE name = 'sequence' RETURNING value"
            ).fetchone()
            session.sequence = sequence
            write_row(db, session, session.to_text())
        with REGISTRY:
            KNOWN.add(session.session_id)
            if session.status not in ("in_progress", "pending"):  # pending: resumed later
                ENDED.add(session.session_id)

    def save_summary(self, session_id: str, record: Mapping[str, Any]) -> Path:
        return self.write_json(self.summaries / f"{session_id}.json", record)

    def saved_summary(self, session_id: str) -> Path | None:
        """The summary file saved when the session ended, if there is one."""
        check_id(session_id)
        path = self.summaries / f"{session_id}.json"
        return path if path.is_file() else None

    def user_summary_path(self, name: str) -> Path:
        """Where the review menu saves a summary file the user named: a relative name in the
        current folder, as every command-line tool saves one, and ``~`` expanded."""
        return Path(name).expanduser().absolute()

    def default_summary_path(self, session_id: str) -> Path:
        """The file the review menu offers: ``<session>.md`` in the summaries folder (made
        private if new), given in full so the user sees where it goes."""
        return (self._folder(self.summaries) / f"{session_id}.md").absolute()

    def read_cache(self, name: str, limit: int = MAX_FILE) -> Any:
        """A cache file's JSON, or None when it is missing, unreadable, or fails its check.

        Caches are optional, and a cache is believed only if its seal is right: an HMAC of the
        file's name and bytes under a random key kept in ``cache/cache.key`` (0600). A file that
        was truncated, edited, swapped with another cache or written by anything but okhelp
        fails it, and the caller rebuilds from the source as if there were no cache.
        """
        key = self._cache_key(create=False)
        if key is None:
            return None
        try:
            raw = read_regular_file(self.root / "cache" / f"{name}.json", limit)
        except FileRefused:
            return None
        body = unsealed(raw, key, name)
        if body is None:
            return None
        try:
            return json.loads(body.decode("utf-8"))
        except (RecursionError, UnicodeDecodeError, json.JSONDecodeError):
            return None

    def write_cache(self, name: str, data: Mapping[str, Any]) -> None:
        """Replace a cache file, sealed; a failure only means the next run parses again."""
        with contextlib.suppress(StoreError):
            path = self.root / "cache" / f"{name}.json"
            self._folder(path.parent)
            key = self._cache_key(create=True)
            if key is None:
                return
            atomic_write(path, sealed(data, key, name), durable=False)

    def _cache_key(self, *, create: bool) -> bytes | None:
        """The data folder's cache key; made on the first write (None when there is none)."""
        if self._key is not None:
            return self._key
        path = self.root / "cache" / CACHE_KEY
        try:
            text = read_regular_file(path, 256).decode("ascii").strip()
            key = bytes.fromhex(text) if len(text) == 64 else None
        except (FileRefused, UnicodeDecodeError, ValueError):
            key = None
        if key is None and create:
            key = new_key(path)
        if key is not None:
            self._key = key
        return key

    # --- one writer per session -------------------------------------------------------------

    def claim(self, session_id: str) -> None:
        """Hold the session's lock until :func:`release_all`; SessionBusy if another run (another
        process, or another thread of this one) has it.

        Where the data folder cannot be written there is no lock, and nothing is saved either.
        """
        self._take(session_id)

    def _take(self, session_id: str) -> bool:
        """:meth:`claim`, saying whether this call took the lock (False: this thread held it
        already, or there is no lock to take), so that only the taker lets it go."""
        with REGISTRY:
            held = HELD.get(session_id)
            if held is not None:
                if held.thread == threading.get_ident():
                    return False
                raise busy(session_id)
            if self.database_url is not None:
                return self._take_on_server(session_id)
            try:
                self._folder(self.root)  # no saving possible: no lock needed
                locks = self._folder(self.root / "locks")
            except StoreError:
                return False
            from filelock import FileLock, Timeout

            lock = FileLock(str(locks / f"{session_id}.lock"), mode=0o600, thread_local=False)
            try:
                lock.acquire(blocking=False)
            except Timeout:
                raise busy(session_id) from None
            except OSError:
                return False
            HELD[session_id] = Held(lock, threading.get_ident())
            return True

    def _take_on_server(self, session_id: str) -> bool:
        """:meth:`_take` on a PostgreSQL server: its advisory lock, which every machine sees
        (the caller holds REGISTRY)."""
        lock = self._server().try_lock(session_id)
        if lock is None:
            raise busy(session_id)
        HELD[session_id] = Held(lock, threading.get_ident())
        return True

    def open_elsewhere(self, session_id: str) -> bool:
        """Whether another okhelp (or another thread of this one) holds the session's lock right
        now; a look that leaves no lock file behind that was not there before."""
        existed = (self.root / "locks" / f"{session_id}.lock").exists()
        try:
            taken = self._take(session_id)
        except SessionBusy:
            return True
        if taken:
            release(session_id, remove=not existed)
        return False

    def claim_new(self, session: Session) -> None:
        """Hold the lock of a new session, first drawing another id while its id is taken.

        An id is the second a session started and 16 random bits, so sessions started in the
        same second (a bot with many users) now and then draw the same one; saved as it was, the
        later would replace the other's file and each user would go on in the other's session.
        """
        from okhelp.domain.session import new_session_id

        started = datetime.fromisoformat(session.started_at)
        for _ in range(64):
            try:
                self.claim(session.session_id)
            except SessionBusy:  # a new session with this id is open elsewhere
                pass
            else:
                if not self.has_session(session.session_id):
                    return
                release(session.session_id)
            session.session_id = new_session_id(started)
        raise StoreError(
            "cannot find a free session id in the data folder", code="session_ids_exhausted"
        )

    @contextlib.contextmanager
    def lock_session(self, session_id: str) -> Iterator[None]:
        """Hold the session's lock while the block runs (one move of the step protocol or the
        MCP server, a whole terminal run); SessionBusy at once if another run holds it."""
        taken = self._take(session_id)
        try:
            yield
        finally:
            if taken:
                release(session_id)

    # --- forgetting --------------------------------------------------------------------------

    def note_saved_file(self, session_id: str, path: Path) -> None:
        """Remember a file saved for a session inside the summaries folder (the review menu's
        "save to a file"), so forgetting the session erases it too. A file saved anywhere else
        is the user's own and is never touched; a name saved again now belongs to this session."""
        try:
            if path.absolute().parent != self.summaries.absolute():
                return
        except OSError:
            return
        name = path.name
        if not plain_name(name) or not SESSION_ID.fullmatch(session_id):
            return
        saved = self._saved_files()
        for names in saved.values():
            if name in names:
                names.remove(name)
        saved.setdefault(session_id, []).append(name)
        self._write_saved_files(saved)

    def describe(self, session_id: str) -> SessionInfo | None:
        """A session as a listing shows it; None if there is none."""
        rows = self._read(f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,))
        return _info(rows[0]) if rows else None

    def all_session_ids(self) -> list[str]:
        """Every session okhelp keeps anything of: rows, old session files that could not be
        imported, and summaries whose session is already gone, for ``forget --all``."""
        ids = {row[0] for row in self._read("SELECT id FROM sessions")}
        ids.update(_legacy_ids(self.sessions))
        ids.update(self._summary_files())
        ids.update(self._saved_files())
        return sorted(ids)

    def sessions_older_than(self, cutoff: datetime) -> list[SessionInfo]:
        """Sessions last updated before ``cutoff`` (whatever their status), oldest first."""
        limit = cutoff.timestamp()
        sessions, _ = self.list_sessions()
        latest = self._latest_possible(sessions)
        return sorted(
            (info for info in sessions if latest[info.session_id][1] < limit),
            key=lambda info: latest[info.session_id][1],
        )

    @staticmethod
    def _latest_possible(sessions: list[SessionInfo]) -> dict[str, tuple[int, float]]:
        """By id: the save count and the latest a session can really have been updated.

        A session saved before another cannot have been updated after the other's last answer,
        whatever its own stamp says: one stamped in the future by a clock that was later set
        back counts as updated no later than the next session saved after it. Without this it
        would never be old enough for ``--prune``. ``sessions`` is newest first (by save count).
        """
        latest: dict[str, tuple[int, float]] = {}
        bound = math.inf
        for info in sessions:
            bound = min(bound, info.order)
            latest[info.session_id] = (info.sequence, bound)
        return latest

    def erase_sessions(
        self, session_ids: Iterable[str], *, updated_before: datetime | None = None
    ) -> Erased:
        """Erase sessions with everything okhelp wrote for them, each under its own lock.

        A session whose lock another okhelp holds is left alone (``open_elsewhere``); with
        ``updated_before``, so is one updated at or after it since it was chosen (``changed``).
        A file that cannot be removed is a StoreError (what was erased before it stays erased).
        """
        ids = list(dict.fromkeys(session_ids))
        for session_id in ids:
            check_id(session_id)
        result = Erased()
        if not ids:
            return result
        limit = updated_before.timestamp() if updated_before is not None else None
        latest = self._latest_possible(self.list_sessions()[0]) if limit is not None else {}
        saved = self._saved_files()
        others: dict[str, list[Path]] = {}
        for folder in (self.sessions, self.summaries):
            for session_id, paths in _temporary_files(folder).items():
                others.setdefault(session_id, []).extend(paths)
        for session_id in _legacy_ids(self.sessions):
            others.setdefault(session_id, []).append(self.sessions / f"{session_id}.json")
        for session_id, paths in self._summary_files().items():
            others.setdefault(session_id, []).extend(paths)
        for session_id, names in saved.items():
            others.setdefault(session_id, []).extend(self.summaries / name for name in names)
        done: list[str] = []
        try:
            for session_id in ids:
                found = latest.get(session_id)
                if self._erase_one(session_id, others.get(session_id, []), limit, result, found):
                    done.append(session_id)
        finally:
            if any(session_id in saved for session_id in done):
                for session_id in done:
                    saved.pop(session_id, None)
                with contextlib.suppress(StoreError):
                    self._write_saved_files(saved)
            database = self._database
            if done and database is not None and database.writable:
                database.scrub()
        return result

    def _erase_one(
        self,
        session_id: str,
        others: list[Path],
        limit: float | None,
        result: Erased,
        latest: tuple[int, float] | None = None,
    ) -> bool:
        """Erase one session under its lock; False when it is left alone. ``latest`` is its
        save count and latest possible update time when the erase began."""
        try:
            self.claim(session_id)
        except SessionBusy:
            result.open_elsewhere.append(session_id)
            return False
        try:
            current = self.describe(session_id)
            if limit is not None and current is not None:
                when = current.order
                if latest is not None and latest[0] == current.sequence:
                    when = min(when, latest[1])  # not saved again since: the bound still holds
                if when >= limit:
                    result.changed.append(session_id)
                    return False
            deleted = 0
            database = self.database(create=False)
            if current is not None and database is not None:
                with database.write() as db:
                    deleted = db.execute(
                        "DELETE FROM sessions WHERE id = ?", (session_id,)
                    ).rowcount
                    db.execute(
                        "UPDATE counters SET value = value - ? WHERE name = 'sessions'", (deleted,)
                    )
            removed = [remove_file(target) for target in dict.fromkeys(others)]
            result.files += deleted + sum(removed)
            legacy = self.sessions / f"{session_id}.json"
            if deleted or (legacy in others and removed[others.index(legacy)]):
                result.sessions.append(session_id)
            with REGISTRY:
                KNOWN.discard(session_id)
                ENDED.add(session_id)  # its lock file goes when the lock is let go, just below
            return True
        finally:
            release(session_id)
            if self.database_url is not None:  # a lock file an older run left beside the data
                with contextlib.suppress(OSError):
                    (self.root / "locks" / f"{session_id}.lock").unlink()

    def _summary_files(self) -> dict[str, list[Path]]:
        """Files in the summaries folder named for a session (``<id>.json``, ``<id>.md``, ...,
        and temporary ones), by session id."""
        found = _temporary_files(self.summaries)
        for name in names_in(self.summaries):
            stem = name.split(".", 1)[0]
            if "." in name and SESSION_ID.fullmatch(stem):
                found.setdefault(stem, []).append(self.summaries / name)
        return found

    def _saved_files(self) -> dict[str, list[str]]:
        """The files the review menu saved in the summaries folder, by session (none when the
        record is missing or not exactly right: then only files named for a session go)."""
        try:
            data = read_json(self.summaries / SAVED_FILES)
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("format") != SAVED_FILES_FORMAT:
            return {}
        files = data.get("files")
        if not isinstance(files, dict):
            return {}
        return {
            key: [name for name in names if isinstance(name, str) and plain_name(name)]
            for key, names in files.items()
            if isinstance(key, str) and SESSION_ID.fullmatch(key) and isinstance(names, list)
        }

    def _write_saved_files(self, saved: dict[str, list[str]]) -> None:
        files = {key: names for key, names in sorted(saved.items()) if names}
        path = self.summaries / SAVED_FILES
        if not files:
            remove_file(path)
            return
        self.write_json(path, {"format": SAVED_FILES_FORMAT, "files": files})

    # --- reading sessions --------------------------------------------------------------------

    def find_session_id(self, prefix: str) -> str:
        """The one session id starting with ``prefix`` (the full id, or enough of it), or else
        ending with it: people remember the last characters (``8db8``), which differ most."""
        if SESSION_ID.fullmatch(prefix) and self.has_session(prefix):
            return prefix
        matches = (
            [
                row[0]
                for row in self._read(
                    "SELECT id FROM sessions WHERE id >= ? AND id < ? ORDER BY id LIMIT 1000",
                    (prefix, prefix + "\U0010ffff"),
                )
            ]
            if prefix
            else []
        )
        if not matches and _ID_TAIL.fullmatch(prefix):  # no wildcard can be in it
            matches = [
                row[0]
                for row in self._read(
                    "SELECT id FROM sessions WHERE id LIKE ? ORDER BY id LIMIT 1000",
                    ("%" + prefix,),
                )
            ]
        if len(matches) == 1:
            return str(matches[0])
        if not matches:
            raise UsageError(
                f"no session '{printable(prefix)}'", code="session_unknown", session=prefix
            )
        raise UsageError(
            f"'{printable(prefix)}' matches {len(matches)} sessions; give more of the id",
            code="session_ambiguous",
            session=prefix,
            count=len(matches),
        )

    def load_session(self, session_id: str, *, claim: bool = False) -> Session:
        """A saved session, checked; with ``claim``, its lock is taken first."""
        found = self.find_session_id(session_id)
        if claim:
            self.claim(found)
        rows = self._read("SELECT body FROM sessions WHERE id = ?", (found,))
        if not rows:
            raise UsageError(
                f"no session '{printable(found)}'", code="session_unknown", session=found
            )
        database = self.database(create=False)
        where = f"{database.name if database is not None else DATABASE_NAME} ({found})"
        try:
            session = Session.from_json(parse_json(rows[0][0]))
        except (SessionFormatError, ValueError, RecursionError) as exc:
            raise UsageError(
                f"session {printable(where, 200)} is damaged: {exc}",
                code="session_damaged",
                path=where,
                reason=str(exc),
            ) from None
        if session.session_id != found:
            raise UsageError(
                f"session {printable(where, 200)} is damaged: its id does not match its row",
                code="session_misnamed",
                path=where,
            )
        with REGISTRY:
            KNOWN.add(found)
        return session

    def session_count(self) -> int:
        rows = self._read("SELECT value FROM counters WHERE name = 'sessions'")
        return int(rows[0][0]) if rows else 0

    def session_page(self, limit: int | None = None) -> tuple[list[SessionInfo], list[str], int]:
        """The newest ``limit`` sessions (all when None), the files skipped, and the total."""
        sql = f"SELECT {SESSION_COLUMNS} FROM sessions ORDER BY sequence DESC, updated DESC"
        rows = self._read(
            sql + (" LIMIT ?" if limit is not None else ""), (limit,) if limit is not None else ()
        )
        infos = [self._with_wait(_info(row)) for row in rows]
        return infos, list(self.skipped), self.session_count()

    def _with_wait(self, info: SessionInfo) -> SessionInfo:
        """A pending session's listing with the date its wait is over, read from its record as
        the user's time zone wrote it (few sessions wait at once; the ``pending_until`` column
        keeps the moment as a number, for stats)."""
        if info.status != "pending":
            return info
        rows = self._read("SELECT body FROM sessions WHERE id = ?", (info.session_id,))
        try:
            until = json.loads(rows[0][0]).get("pending_until") if rows else None
        except (ValueError, AttributeError, RecursionError):
            until = None
        if not isinstance(until, str):
            return info
        return dataclasses.replace(info, pending_until=printable(until, 40))

    def list_sessions(self, limit: int | None = None) -> tuple[list[SessionInfo], list[str]]:
        """Sessions, newest first, and a line for each old file that could not be imported."""
        sessions, skipped, _ = self.session_page(limit)
        return sessions, skipped

    def latest(self, *, unfinished: bool = False) -> tuple[SessionInfo | None, list[str]]:
        """The most recently updated session (or unfinished one), and the files skipped."""
        where = "WHERE status IN ('in_progress', 'pending') " if unfinished else ""
        rows = self._read(
            f"SELECT {SESSION_COLUMNS} FROM sessions {where}"
            "ORDER BY sequence DESC, updated DESC LIMIT 1"
        )
        return (_info(rows[0]) if rows else None), list(self.skipped)

    def latest_unfinished(self) -> tuple[SessionInfo | None, list[str]]:
        return self.latest(unfinished=True)

    def session_ids(self, limit: int = 1000) -> list[str]:
        """The newest session ids (tab completion)."""
        rows = self._read("SELECT id FROM sessions ORDER BY id DESC LIMIT ?", (limit,))
        return [str(row[0]) for row in rows]

    # --- moving history ----------------------------------------------------------------------

    def export_records(self) -> Iterator[str]:
        """Every session's okhelp.session/1 record, one ASCII JSON line each (inert wherever it
        is shown), oldest save first."""
        database = self.database(create=False)
        if database is None:
            return
        for (body,) in database.rows("SELECT body FROM sessions ORDER BY sequence, updated"):
            yield json.dumps(json.loads(body), ensure_ascii=True, separators=(",", ":"))

    def import_session(self, session: Session) -> str:
        """Take in a session from elsewhere: "added", "same" (already here as it is), "kept"
        (this data folder's copy was saved later, or is open right now) or "replaced"."""
        check_id(session.session_id)
        database = self._writable_database()
        try:
            self.claim(session.session_id)
        except SessionBusy:
            return "kept"
        try:
            with database.write() as db:
                row = db.execute(
                    "SELECT body, updated FROM sessions WHERE id = ?", (session.session_id,)
                ).fetchone()
                if row is not None and _same_record(row[0], session):
                    return "same"
                if row is not None and row[1] >= order_of(session.updated_at):
                    return "kept"
                (sequence,) = db.execute(
                    "UPDATE counters SET value = value + 1 WHERE name = 'sequence' RETURNING value"
                ).fetchone()
                session.sequence = sequence
                write_row(db, session, session.to_text())
                return "added" if row is None else "replaced"
        finally:
            release(session.session_id)

    def stats_rows(self, sql: str, params: Iterable[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """Rows of a read-only query over the sessions table, for ``okhelp stats``."""
        database = self.database(create=False)
        if database is not None:
            yield from database.rows(sql, tuple(params))


def _same_record(body: str, session: Session) -> bool:
    """Whether a saved row holds this session, but for its save count (each data folder
    numbers its own saves)."""
    try:
        saved = json.loads(body)
    except ValueError:
        return False
    theirs = session.to_json()
    return isinstance(saved, dict) and {**saved, "sequence": 0} == {**theirs, "sequence": 0}


def _legacy_ids(folder: Path) -> list[str]:
    """Sessions an older okhelp left as files that were not imported (damaged ones)."""
    return [
        name[:-5]
        for name in names_in(folder)
        if name.endswith(".json") and SESSION_ID.fullmatch(name[:-5])
    ]


def _temporary_files(folder: Path) -> dict[str, list[Path]]:
    """Temporary files a killed okhelp left (``.<id>.json.x8f2.tmp``), by session id."""
    found: dict[str, list[Path]] = {}
    for name in names_in(folder):
        stem = name[1 : 1 + ID_LENGTH]
        dotted = name[1 + ID_LENGTH : 2 + ID_LENGTH] == "."
        if name.startswith(".") and name.endswith(".tmp") and dotted and SESSION_ID.fullmatch(stem):
            found.setdefault(stem, []).append(folder / name)
    return found

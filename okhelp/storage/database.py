"""The sessions database: SQLite in the data folder (``okhelp.db``, 0600).

Why a database and not one file per session: listings, "the latest unfinished session" and a
count need an index that stays right under concurrent writers, and a crash must leave either the
old or the new session, never half of one. SQLite does both (a B-tree per index, transactions,
a write-ahead log), so a listing costs the same with 1,000,000 sessions as with 10, and nothing
here has to guess from folder times or file sizes.

Settings, and why:

- **WAL** so readers never wait for a writer; ``synchronous=FULL`` so a committed move survives
  a power cut, as the atomic session files did.
- **A busy timeout** (``BUSY_SECONDS``) and ``BEGIN IMMEDIATE`` for every write: a write
  transaction takes the write lock when it starts, so two processes never both read and then
  fail to upgrade ("database is locked" reaching a user); they queue instead.
- **secure_delete** so a deleted row's bytes are overwritten in the file, and forgetting ends
  with a checkpoint that truncates the log (see :meth:`Database.scrub`).
- **A versioned schema**: ``PRAGMA user_version`` says which of ``MIGRATIONS`` have run; a newer
  okhelp adds a step to the list, an older one refuses a database it does not know.
- **A read-only data folder** is still readable: the file is opened ``mode=ro``, or, where the
  log cannot be created beside it, ``immutable=1`` (no one can write there anyway).

Each thread has its own connection (sqlite3 connections are not for sharing across threads; the
MCP server answers in worker threads).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from okhelp.errors import StoreError

BUSY_SECONDS = 30.0
SCHEMA_VERSION = 3

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        # A session: what listings and stats read, in columns, and the whole record in ``body``
        # (the okhelp.session/1 JSON). ``path`` is the trail without typed text, for stats.
        """CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            sequence INTEGER NOT NULL,
            guide TEXT NOT NULL,
            guide_version INTEGER,
            status TEXT NOT NULL,
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            started REAL NOT NULL,
            updated REAL NOT NULL,
            steps INTEGER NOT NULL,
            path TEXT NOT NULL,
            body TEXT NOT NULL
        )""",
        "CREATE INDEX sessions_newest ON sessions (sequence, updated)",
        "CREATE INDEX sessions_by_status ON sessions (status, sequence, updated)",
        # Counters kept in the same transaction as the rows they count: the save count that
        # orders listings, and how many sessions there are (COUNT(*) would read the whole index).
        "CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
        "INSERT INTO counters (name, value) VALUES ('sequence', 0), ('sessions', 0)",
    ),
    (
        # The user's verdict (1-5) at a resolved or waiting end, for stats; NULL when not given.
        "ALTER TABLE sessions ADD COLUMN rating INTEGER",
    ),
    (
        # When a waiting session's wait is over (seconds since the epoch), so that stats can
        # tell one still waiting from one nobody came back to; NULL for every other status.
        # Rows saved before it have NULL, and stats then count from their last save.
        "ALTER TABLE sessions ADD COLUMN pending_until REAL",
    ),
)


# Every database this process opened, closed by :func:`close_all` when a command ends (its log
# files go with the last connection, and a test running many commands in one process does not
# pile up open files).
OPEN: weakref.WeakSet[Database] = weakref.WeakSet()


def close_all() -> None:
    for database in list(OPEN):
        database.close()


class Sessions(Protocol):
    """What the store asks of a sessions database: this SQLite one, or a PostgreSQL server's
    (:class:`okhelp.storage.postgres.PostgresDatabase`), which run the same SQL."""

    writable: bool
    name: str  # what messages call it: the file, or the URL without its password

    def open(self) -> None: ...

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]: ...

    def write(self) -> contextlib.AbstractContextManager[Any]: ...

    def scrub(self) -> None: ...

    def close(self) -> None: ...


class Database:
    """One SQLite file, one connection per thread."""

    def __init__(self, path: Path, *, writable: bool) -> None:
        self.path = path
        self.name = str(path)
        self.writable = writable
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []

    def exists(self) -> bool:
        return self.path.is_file()

    def _connect(self) -> sqlite3.Connection:
        if self.writable:
            try:
                return self._connect_writable()
            except sqlite3.OperationalError as exc:
                # A full disk or a read-only mount, which the folder's mode does not show:
                # what is saved can still be read (sessions, summaries), and a write says why
                # it cannot be made. Anything else, or nothing readable, is said as it is.
                if not _cannot_write(exc) or not self.path.is_file():
                    raise
                try:
                    connection = self._connect_read_only()
                except (sqlite3.Error, StoreError):
                    raise exc from None
                self.writable = False
                return connection
        return self._connect_read_only()

    def _connect_writable(self) -> sqlite3.Connection:
        if not self.path.exists():
            # Made 0600 before SQLite opens it; its log files take the same mode.
            with contextlib.suppress(FileExistsError):
                os.close(os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        connection = sqlite3.connect(
            self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
        )
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
            return self._ready(connection)
        except BaseException:
            connection.close()
            raise

    def _connect_read_only(self) -> sqlite3.Connection:
        uri = self.path.absolute().as_uri()
        try:
            connection = sqlite3.connect(
                f"{uri}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
            )
            connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        except sqlite3.OperationalError:
            connection = sqlite3.connect(
                f"{uri}?immutable=1", uri=True, isolation_level=None, check_same_thread=False
            )
        return self._ready(connection)

    def _ready(self, connection: sqlite3.Connection) -> sqlite3.Connection:
        connection.execute(f"PRAGMA busy_timeout={int(BUSY_SECONDS * 1000)}")
        connection.execute("PRAGMA secure_delete=ON")
        self._migrate(connection)
        return connection

    def _migrate(self, connection: sqlite3.Connection) -> None:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the sessions database {self.path} was written by a newer okhelp "
                f"(schema {version}); update okhelp to read it",
                code="database_newer",
                path=str(self.path),
                version=version,
            )
        if version == SCHEMA_VERSION:
            return
        if not self.writable:
            raise StoreError(
                f"the sessions database {self.path} needs an update, and its folder is read-only",
                code="database_read_only_migration",
                path=str(self.path),
            )
        connection.execute("BEGIN IMMEDIATE")
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            for number in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[number]:
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            connection.execute("COMMIT")
        except BaseException:
            # A full disk may have ended the transaction already: its error is the one to say.
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            raise

    def open(self) -> None:
        """Open this thread's connection (and bring the schema up to date)."""
        self.connection()

    def connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            try:
                connection = self._connect()
            except sqlite3.Error as exc:
                raise _store_error(self.path, exc) from None
            self._local.connection = connection
            with self._lock:
                self._connections.append(connection)
            OPEN.add(self)
        return connection

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.connection().execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from None

    def rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """Rows one at a time, for reads too large to hold (export, stats)."""
        try:
            cursor = self.connection().execute(sql, params)
            while batch := cursor.fetchmany(1000):
                yield from batch
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from None

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at its start (see the module docstring)."""
        connection = self.connection()
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from None
        try:
            yield connection
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            raise _store_error(self.path, exc) from None
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            raise
        try:
            connection.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            raise _store_error(self.path, exc) from None

    def scrub(self) -> None:
        """After rows were deleted: copy the log into the file and empty it, so no byte of a
        deleted row is left in the log (secure_delete already zeroed it in the file)."""
        with contextlib.suppress(sqlite3.Error):
            self.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        with self._lock:
            for connection in self._connections:
                with contextlib.suppress(sqlite3.Error):
                    connection.close()
            self._connections.clear()
        self._local = threading.local()


def _cannot_write(exc: sqlite3.Error) -> bool:
    """Whether SQLite failed for want of a writable disk, not for a busy or damaged file."""
    reason = str(exc).lower()
    return any(
        words in reason
        for words in ("disk i/o error", "unable to open", "readonly", "read-only", "disk is full")
    )


def _store_error(path: Path, exc: sqlite3.Error) -> StoreError:
    reason = str(exc)
    if "locked" in reason or "busy" in reason:
        return StoreError(
            f"the sessions database {path} stayed busy",
            hint="try again in a moment",
            code="database_busy",
            path=str(path),
        )
    if "full" in reason:
        return StoreError(
            f"cannot save to {path}: the disk is full",
            hint="free some space, then run the command again",
            code="database_full",
            path=str(path),
        )
    return StoreError(
        f"cannot use the sessions database {path}: {reason}",
        code="database_unusable",
        path=str(path),
        reason=reason,
    )

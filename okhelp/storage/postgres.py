"""The sessions database on a PostgreSQL server, shared by every okhelp that is given its URL.

``OKHELP_DATABASE_URL=postgresql://...`` puts a team's sessions in one place: every machine
writing there lists, resumes and counts (``okhelp stats``) the same history. Summaries stay files
in each machine's data folder. :class:`PostgresDatabase` has the interface of
:class:`okhelp.storage.database.Database` and runs the same SQL (``?`` placeholders become
psycopg's ``%s``), so the store does not know which one it has.

Why each part is as it is:

- **psycopg is imported only here, and only when the URL is set**: a user who keeps sessions in
  SQLite never loads it, and one without the ``postgres`` extra is told how to install it.
- **A connection pool** (``psycopg_pool``): the MCP server answers in worker threads, and a
  connection per query would cost a login each time. Every statement outside :meth:`write`
  runs on its own (autocommit); :meth:`write` is one transaction.
- **Saves serialize on the counters' row locks**: every save takes ``UPDATE counters ...
  RETURNING`` first, which holds that row until the transaction commits, so two machines
  never take the same save count, and the count of sessions stays right.
- **A versioned schema** in ``okhelp_schema``, created and migrated under a transaction-level
  advisory lock, so two servers starting at once do not both create the tables; a newer
  okhelp's schema is refused, as in SQLite. ``id`` is ``COLLATE "C"`` so a prefix lookup
  (``id >= ? AND id < ?``) compares bytes, as SQLite does.
- **One writer per session across machines**: an OS file lock cannot be seen from another
  machine, so a session's lock is a session-level advisory lock (``pg_try_advisory_lock``,
  keyed by the schema and the session id) on a connection of its own, held as long as the lock
  is. The server lets go of it when that connection ends, so a process that crashed or was
  killed, or whose machine went away, leaves nothing to expire: its session can be resumed
  again at once.
- **Forgetting** ends with ``VACUUM sessions``, so a deleted row does not linger in the table's
  pages (the server's own logs and backups are its administrator's).
- **No password in any message**: every error names the URL with its password masked, and a
  password the server's client library echoed back is masked too.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from okhelp.errors import StoreError

if TYPE_CHECKING:
    import psycopg
    from psycopg_pool import ConnectionPool

SCHEMA_VERSION = 3
CONNECT_SECONDS = 10  # to reach the server: a URL that cannot connect fails in this long
WAIT_SECONDS = 30.0  # for a connection from the pool, as SQLite's busy timeout
POOL_SIZE = 8
SCHEMES = ("postgresql://", "postgres://")

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        # The SQLite schema's columns (okhelp/storage/database.py), in PostgreSQL's types.
        """CREATE TABLE sessions (
            id TEXT COLLATE "C" PRIMARY KEY,
            sequence BIGINT NOT NULL,
            guide TEXT NOT NULL,
            guide_version BIGINT,
            status TEXT NOT NULL,
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            started DOUBLE PRECISION NOT NULL,
            updated DOUBLE PRECISION NOT NULL,
            steps BIGINT NOT NULL,
            path TEXT NOT NULL,
            body TEXT NOT NULL
        )""",
        "CREATE INDEX sessions_newest ON sessions (sequence, updated)",
        "CREATE INDEX sessions_by_status ON sessions (status, sequence, updated)",
        "CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)",
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
        "ALTER TABLE sessions ADD COLUMN pending_until DOUBLE PRECISION",
    ),
)

# Advisory lock keys, per schema: two okhelp installations in one database do not share locks.
SCHEMA_KEY = "hashtextextended(coalesce(current_schema(), '') || ':okhelp.schema', 0)"
SESSION_KEY = "hashtextextended(coalesce(current_schema(), '') || ':okhelp.session:' || %s, 0)"

_PASSWORD = re.compile(r"(://[^:@/?#]*:)(.*)(@)")
_PASSWORD_OPTION = re.compile(r"(password=)([^&\s]*)", re.IGNORECASE)

# One database (one pool) per URL in this process, however many stores ask for it; their pools
# are closed by :func:`close_all` when a command ends, and opened again if asked for after.
SHARED: dict[str, PostgresDatabase] = {}
_SHARING = threading.Lock()


def shared(url: str) -> PostgresDatabase:
    """This process's database for ``url``."""
    with _SHARING:
        database = SHARED.get(url)
        if database is None:
            database = SHARED[url] = PostgresDatabase(url)
        return database


def close_all() -> None:
    with _SHARING:
        databases = list(SHARED.values())
    for database in databases:
        database.close()


def is_postgres_url(url: str) -> bool:
    return url.lower().startswith(SCHEMES)


def mask_url(url: str) -> str:
    """The URL as messages show it: its password (in the address or as an option) is ``***``."""
    masked = _PASSWORD.sub(lambda m: f"{m[1]}***{m[3]}" if m[2] else m[0], url)
    return _PASSWORD_OPTION.sub(r"\1***", masked)


def _secrets(url: str) -> list[str]:
    """The password as written in the URL and as decoded, longest first."""
    found = [m[2] for m in _PASSWORD.finditer(url)] + [m[2] for m in _PASSWORD_OPTION.finditer(url)]
    found += [unquote(secret) for secret in found]
    return sorted({secret for secret in found if secret}, key=len, reverse=True)


def translate(sql: str) -> str:
    """SQLite's ``?`` placeholders as psycopg's ``%s``, outside quoted text (where a ``?`` is
    itself); a ``%`` of the SQL is doubled."""
    out: list[str] = []
    quoted = False
    for char in sql:
        if char == "'":
            quoted = not quoted
        if char == "%":
            out.append("%%")  # psycopg reads every %, quoted or not, when given parameters
        elif char == "?" and not quoted:
            out.append("%s")
        else:
            out.append(char)
    return "".join(out)


class Statements:
    """What :meth:`PostgresDatabase.write` yields: ``execute`` with SQLite's placeholders."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self.connection = connection

    def execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor[Any]:
        return self.connection.execute(translate(sql), tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self.connection.cursor() as cursor:
            cursor.executemany(translate(sql), rows)


class AdvisoryLock:
    """One session's lock on the server, held by a connection of its own (see the module
    docstring); it has no lock file."""

    lock_file = None

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self.connection = connection

    def release(self, force: bool = False) -> None:
        """Let go of the lock: the connection ends, and the server lets go with it."""
        with contextlib.suppress(Exception):
            self.connection.close()


class PostgresDatabase:
    """The sessions tables in the first schema of the URL's search path."""

    writable = True

    def __init__(self, url: str) -> None:
        self.url = url
        self.name = mask_url(url)
        try:
            import psycopg  # noqa: F401
            import psycopg_pool  # noqa: F401
        except ImportError:
            raise StoreError(
                "OKHELP_DATABASE_URL names a PostgreSQL database, and okhelp's PostgreSQL "
                "support is not installed",
                hint="pip install 'okhelp[postgres]'",
                code="postgres_missing",
            ) from None
        self._pool: ConnectionPool[Any] | None = None
        self._lock = threading.Lock()

    # --- connecting ----------------------------------------------------------------------------

    def _connect(self) -> psycopg.Connection[Any]:
        import psycopg

        try:
            return psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_SECONDS)
        except psycopg.Error as exc:
            raise self._unreachable(exc) from None

    def open(self) -> None:
        """Reach the server, bring the schema up to date, and open the pool."""
        with self._lock:
            if self._pool is not None:
                return
            from psycopg_pool import ConnectionPool

            first = self._connect()  # its error, not the pool's timeout, says what is wrong
            try:
                self._migrate(first)
            finally:
                first.close()
            pool: ConnectionPool[Any] = ConnectionPool(
                self.url,
                kwargs={"autocommit": True, "connect_timeout": CONNECT_SECONDS},
                min_size=1,
                max_size=POOL_SIZE,
                timeout=WAIT_SECONDS,
                name="okhelp",
                open=False,
            )
            pool.open(wait=False)
            self._pool = pool

    def connection(self) -> ConnectionPool[Any]:
        """The pool (opened on first use)."""
        if self._pool is None:
            self.open()
        assert self._pool is not None
        return self._pool

    def _migrate(self, connection: psycopg.Connection[Any]) -> None:
        import psycopg

        try:
            if self._version(connection) == SCHEMA_VERSION:
                return
            with connection.transaction():
                connection.execute(f"SELECT pg_advisory_xact_lock({SCHEMA_KEY})")
                connection.execute(
                    "CREATE TABLE IF NOT EXISTS okhelp_schema (version INTEGER NOT NULL)"
                )
                version = self._version(connection)  # another server may have just done it
                for number in range(version, SCHEMA_VERSION):
                    for statement in MIGRATIONS[number]:
                        connection.execute(statement)
                if version < SCHEMA_VERSION:
                    connection.execute("DELETE FROM okhelp_schema")
                    connection.execute(
                        "INSERT INTO okhelp_schema (version) VALUES (%s)", (SCHEMA_VERSION,)
                    )
        except psycopg.Error as exc:
            raise self._error(exc) from None

    def _version(self, connection: psycopg.Connection[Any]) -> int:
        """The schema version (0: none yet); StoreError for a newer okhelp's."""
        row = connection.execute("SELECT to_regclass('okhelp_schema') IS NOT NULL").fetchone()
        if row is None or not row[0]:
            return 0
        found = connection.execute("SELECT max(version) FROM okhelp_schema").fetchone()
        version = int(found[0]) if found is not None and found[0] is not None else 0
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the sessions database {self.name} was written by a newer okhelp "
                f"(schema {version}); update okhelp to read it",
                code="database_newer",
                path=self.name,
                version=version,
            )
        return version

    # --- the Database interface ----------------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        import psycopg

        try:
            with self.connection().connection() as connection:
                rows: list[tuple[Any, ...]] = connection.execute(
                    translate(sql), tuple(params)
                ).fetchall()
                return rows
        except psycopg.Error as exc:
            raise self._error(exc) from None

    def rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """Rows a thousand at a time from a cursor on the server, for reads too large to hold
        (export, stats)."""
        import psycopg

        try:
            with (
                self.connection().connection() as connection,
                connection.transaction(),
                connection.cursor(name="okhelp_rows") as cursor,
            ):
                cursor.execute(translate(sql), tuple(params))
                while batch := cursor.fetchmany(1000):
                    yield from batch
        except psycopg.Error as exc:
            raise self._error(exc) from None

    @contextlib.contextmanager
    def write(self) -> Iterator[Statements]:
        """One transaction: committed when the block ends, rolled back when it raises."""
        import psycopg

        try:
            with self.connection().connection() as connection, connection.transaction():
                yield Statements(connection)
        except psycopg.Error as exc:
            raise self._error(exc) from None

    def scrub(self) -> None:
        """After rows were deleted: vacuum the table, so their tuples do not linger in its
        pages (autocommit: VACUUM cannot run in a transaction)."""
        import psycopg

        with contextlib.suppress(psycopg.Error), self.connection().connection() as connection:
            connection.execute("VACUUM sessions")

    def try_lock(self, session_id: str) -> AdvisoryLock | None:
        """The session's advisory lock, on a connection of its own; None when another
        connection (another okhelp, on any machine) holds it."""
        import psycopg

        self.connection()  # the schema is there, and the server answers
        connection = self._connect()
        try:
            row = connection.execute(
                f"SELECT pg_try_advisory_lock({SESSION_KEY})", (session_id,)
            ).fetchone()
        except psycopg.Error as exc:
            connection.close()
            raise self._error(exc) from None
        if row is None or not row[0]:
            connection.close()
            return None
        return AdvisoryLock(connection)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            with contextlib.suppress(Exception):
                pool.close(timeout=5)

    # --- errors --------------------------------------------------------------------------------

    def _reason(self, exc: BaseException) -> str:
        """What went wrong on one line, without the URL's password."""
        reason = "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())
        for secret in _secrets(self.url):
            reason = reason.replace(secret, "***")
        return reason or type(exc).__name__

    def _unreachable(self, exc: BaseException) -> StoreError:
        reason = self._reason(exc)
        return StoreError(
            f"cannot connect to the sessions database {self.name}: {reason}",
            code="database_unreachable",
            path=self.name,
            reason=reason,
        )

    def _error(self, exc: psycopg.Error) -> StoreError:
        state = exc.sqlstate or ""
        if state in ("40001", "40P01", "55P03", "57014"):
            return StoreError(
                f"the sessions database {self.name} stayed busy",
                hint="try again in a moment",
                code="database_busy",
                path=self.name,
            )
        if state == "53100":
            return StoreError(
                f"cannot save to {self.name}: the disk is full",
                hint="free some space, then run the command again",
                code="database_full",
                path=self.name,
            )
        if not state or state.startswith(("08", "57P")):  # no connection (also the pool's timeout)
            return self._unreachable(exc)
        reason = self._reason(exc)
        return StoreError(
            f"cannot use the sessions database {self.name}: {reason}",
            code="database_unusable",
            path=self.name,
            reason=reason,
        )

"""The data folder: sessions and summaries, written atomically, readable only by their owner.

The :class:`Store` is the one way into ``OKHELP_HOME``; beside it in this package, ``files``
writes atomically (a temporary file in the same folder, flushed, renamed over the old one, so a
crash or ``kill -9`` leaves either the old or the new file, never half of one), ``locks`` holds
this process's session locks, ``index`` the listing entries and their head, ``seals`` the caches'
seals. Folders okhelp creates are 0700 and files 0600; a
folder that already exists is never chmod'ed, and one its owner made read-only (no owner write
bit) is respected: nothing is written there and the caller says once that it cannot save.

**One writer per session.** ``okhelp resume`` and a new run hold a lock on their session
(``locks/<id>.lock``, taken with ``filelock``, a well-kept library that handles the platform
differences and the races of lock files; imported only when a session is saved or resumed). A
second run of the same session stops at once (:class:`~okhelp.errors.SessionBusy`) instead of
interleaving answers. The file lock keeps out other processes; inside one process (the MCP
server moves sessions in worker threads) each lock held is registered with the thread that took
it, so another thread asking for it is refused the same way, and only the thread that took it
takes it again for free.

**History at scale.** ``sessions``, ``summary`` (latest) and ``resume`` (latest) must cost the
same with 20,000 session files as with 10, so they never parse every file. Two files in
``cache/`` keep what they need, both written atomically beside the sessions:

- ``sessions-index.json``, one entry per session file: what a listing shows, and the file's
  size and modification time, so it checks itself. Rebuilding it is a ``stat`` per file, and
  only files that changed, appeared or went are parsed again; entries of files changed within
  the last two seconds are marked to be checked again, so a change within the file system's
  timestamp grain is never missed.
- ``sessions-recent.json``, the head: the 50 newest sessions, the 50 newest unfinished ones,
  the count and the damaged files, with the sessions folder's modification time when it was
  right. Everyday commands read only the head when the folder's time still matches, and stat
  just the rows they show (so a file edited in place is noticed); anything else means a
  rebuild. okhelp's own saves keep the head right under a lock (the rename and the head update
  together), so a run of answers costs the same with 20,000 sessions as with 10. *Every* save
  and rebuild holds that lock, also when the head is out of date: the folder's time only says
  "something changed" to within its grain (a clock tick, a second on some file systems), so a
  head can be trusted only if no other okhelp can write between its folder time and its rows.
  A save that cannot get the lock in time still saves, and leaves ``cache/sessions-unlocked``
  so that the head is not trusted until the next rebuild.

Both, like every cache, are sealed (see :meth:`Store.read_cache`): a head with its rows emptied
by hand would otherwise hide every session from ``sessions``, ``resume`` and ``summary``.

**Order.** Newest means saved last: every save under the index lock numbers the session with
the head's highest ``sequence`` plus one (scanning first when the head is out of date), and
listings sort by that number before the time of the last answer, which a clock set back could
reverse. :meth:`Store.sessions_older_than` bounds each session's time by the sessions saved
after it, so one stamped in the future is not kept from ``--prune`` for ever.

Why an index and not names that sort by time: a session's name is fixed when it starts, but
``sessions`` is ordered and ``resume`` chooses by the time of the *last* answer, and by status;
neither is in a name, and renaming files on every save would break ids people have been given.
What the head cannot notice: a program other than okhelp changing the sessions folder within
the same timestamp grain (a few milliseconds) right after okhelp saved; the next change to the
folder, or ``okhelp sessions --all``, which always rebuilds, sets it right. A session is always
read from its own file when it is resumed or summarised.

**Forgetting.** :meth:`Store.erase_sessions` (``okhelp forget``, ``okhelp sessions --prune``)
removes a session's file, its summary and every other file okhelp wrote for it in the summaries
folder (``<id>.md`` from the review menu, a file the user named there, which
``.saved-files.json`` remembers), left-over temporary files and its lock file, then rebuilds the
index and the head from the folder under the index lock, so neither keeps a trace of it. Each
session is erased only while okhelp holds its lock: one open in another okhelp is left alone.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import stat
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from okhelp.domain.session import MAX_FILE as SESSION_FILE_LIMIT
from okhelp.domain.session import SESSION_ID, Session, SessionFormatError
from okhelp.errors import SessionBusy, StoreError, UsageError
from okhelp.storage.files import (
    MAX_FILE,
    Shown,
    atomic_write,
    fsync_dir,
    names_in,
    plain_name,
    read_json,
    remove_file,
    session_files_in,
    unreadable,
    write_user_file,
)
from okhelp.storage.index import (
    HEAD_ROWS,
    INDEX_FORMAT,
    Entry,
    SessionInfo,
    entry_of,
    head_with,
    index_entries,
    info_of,
    make_head,
    newest,
    read_entry,
    valid_head,
)
from okhelp.storage.locks import ENDED, HELD, REGISTRY, Held, busy, release, release_all
from okhelp.storage.seals import MAC_KEY, new_key, sealed, unsealed
from okhelp.storage.userfile import FileRefused, read_regular_file
from okhelp.util.text import printable

__all__ = [
    "HEAD_ROWS",
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
MAX_INDEX_FILE = 64 * 1024 * 1024
INDEX_NAME = "sessions-index"
HEAD_NAME = "sessions-recent"
UNLOCKED_NAME = "sessions-unlocked"  # a save was made without the index lock: rebuild the head
LOCK_WAIT = 10.0  # seconds a save waits for a rebuild of the index elsewhere
RACY_NS = 2_000_000_000  # a file changed this recently is checked again next time
SAVED_FILES = ".saved-files.json"  # in summaries/: files the review menu saved, by session
ID_LENGTH = 20  # 20261121-153012-7f3a
CACHE_KEY = "cache.key"  # in cache/: the key that seals okhelp's caches


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``OKHELP_HOME``, else the platform's user data folder."""
    environ = os.environ if environ is None else environ
    if environ.get("OKHELP_HOME"):
        return Path(environ["OKHELP_HOME"]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("okhelp", appauthor=False))


@dataclass
class Erased:
    """What an erase did: the sessions whose files are gone, how many files went in all, and
    the sessions left alone (open in another okhelp; updated since they were chosen)."""

    sessions: list[str] = field(default_factory=list)
    files: int = 0
    open_elsewhere: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


class Store:
    """Sessions in ``<home>/sessions``, summaries in ``<home>/summaries``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.sessions = root / "sessions"
        self.summaries = root / "summaries"
        self._key: bytes | None = None  # the cache key, once read or made

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Store:
        return cls(data_dir(environ))

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
                    path.mkdir(mode=0o700, parents=True)
                    os.chmod(path, 0o700)  # a folder okhelp creates: only the owner, whatever umask
                except OSError as exc:
                    raise StoreError(
                        f"cannot create the data folder {shown}: {exc.strerror}",
                        code="data_folder_create",
                        path=str(path),
                        reason=exc.strerror,
                    ) from None
                continue
            except OSError as exc:
                raise StoreError(
                    f"cannot use the data folder {shown}: {exc.strerror}",
                    code="data_folder_unusable",
                    path=str(path),
                    reason=exc.strerror,
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
        if not SESSION_ID.fullmatch(session_id):
            raise UsageError(
                f"'{printable(session_id)}' is not a session id",
                code="session_id_invalid",
                session=session_id,
            )
        return self.sessions / f"{session_id}.json"

    def save_session(self, session: Session) -> Path:
        path = self.session_path(session.session_id)
        self._folder(self.sessions)
        # Every save takes the index lock, even when the head is out of date: a save that wrote
        # without it while another was between its write and its head update was counted in
        # that head's folder time but not in its rows, or landed in the same tick of the
        # folder's clock, so a head missing sessions was trusted.
        text = session.to_text()
        unsaveable = session.unsaveable(len(text.encode("utf-8")))
        if unsaveable is not None:
            # Written, it would be called damaged at the next load: keep the last good file.
            raise StoreError(
                f"session {session.session_id} cannot be saved: {unsaveable}",
                hint="go back, or start a new session",
                code="session_unsaveable",
                session=session.session_id,
                reason=unsaveable,
            )
        with self._index_lock() as locked:
            if not locked:
                stale = self._read_head()
                session.sequence = max(session.sequence, stale["sequence"] if stale else 0) + 1
                self._write_session(path, session.to_text())
                self._distrust_head()
            else:
                before = self._folder_time()
                head = self._read_head()
                if head is None or head["dir_mtime_ns"] != before or self._unlocked_mark():
                    # The head is out of date: scan, so the save count goes on from the true
                    # highest one (a count taken from a stale head could go backwards).
                    with contextlib.suppress(OSError):
                        os.unlink(self.root / "cache" / UNLOCKED_NAME)
                    head = make_head(self._scan()) if self.sessions.is_dir() else make_head([])
                session.sequence = head["sequence"] + 1
                new = not path.exists()
                self._write_session(path, session.to_text())
                # Nothing else changed the folder since the head was right: keep it right.
                info = os.stat(path)
                entry = entry_of(session, info.st_size, info.st_mtime_ns)
                self._write_head(head_with(head, entry, new=new), self._folder_time())
        if session.status != "in_progress":
            with REGISTRY:
                ENDED.add(session.session_id)
        return path

    def _write_session(self, path: Path, text: str) -> None:
        atomic_write(path, text)
        fsync_dir(self.sessions)

    def save_summary(self, session_id: str, record: Mapping[str, Any]) -> Path:
        return self.write_json(self.summaries / f"{session_id}.json", record)

    def saved_summary(self, session_id: str) -> Path | None:
        """The summary file saved when the session ended, if there is one."""
        path = self.summaries / f"{self.session_path(session_id).stem}.json"
        return path if path.is_file() else None

    def user_summary_path(self, name: str) -> Path:
        """Where the review menu saves a summary file the user named: a bare or relative name
        goes into the summaries folder (made private if new), an absolute or ``~`` path stays."""
        target = Path(name).expanduser()
        if not target.is_absolute():
            target = self._folder(self.summaries) / target
        return target.absolute()

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
            try:
                self._folder(self.sessions)  # no saving possible: no lock needed
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
                if not self.session_path(session.session_id).exists():
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
        with self._index_lock():
            saved = self._saved_files()
            for names in saved.values():
                if name in names:
                    names.remove(name)
            saved.setdefault(session_id, []).append(name)
            self._write_saved_files(saved)

    def describe(self, session_id: str) -> SessionInfo | None:
        """A session as a listing shows it, read from its own file; None if it is damaged."""
        path = self.session_path(session_id)
        try:
            info = os.stat(path)
        except OSError:
            return None
        entry = read_entry(path, session_id, info.st_size, info.st_mtime_ns)
        return info_of(entry) if entry[3] is None else None

    def all_session_ids(self) -> list[str]:
        """Every session okhelp has a file for: session files (damaged ones too) and summaries
        whose session is already gone, for ``forget --all``."""
        ids = {path.stem for path in self._session_files() if SESSION_ID.fullmatch(path.stem)}
        ids.update(self._summary_files())
        ids.update(self._saved_files())
        return sorted(ids)

    def sessions_older_than(self, cutoff: datetime) -> list[SessionInfo]:
        """Readable sessions last updated before ``cutoff`` (whatever their status), oldest
        first; damaged files have no time to go by and are left to ``forget``."""
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
        """Erase sessions with every file okhelp wrote for them, each under its own lock.

        A session whose lock another okhelp holds is left alone (``open_elsewhere``); with
        ``updated_before``, so is one updated at or after it since it was chosen (``changed``).
        The index and the head are then rebuilt from the folder under the index lock. A file
        that cannot be removed is a StoreError (what was erased before it stays erased).
        """
        ids = list(dict.fromkeys(session_ids))
        for session_id in ids:
            self.session_path(session_id)  # UsageError for anything that is not an id
        result = Erased()
        if not ids:
            return result
        limit = updated_before.timestamp() if updated_before is not None else None
        latest = self._latest_possible(self.list_sessions()[0]) if limit is not None else {}
        saved = self._saved_files()
        others = _temporary_files(self.sessions)
        for session_id, paths in self._summary_files().items():
            others.setdefault(session_id, []).extend(paths)
        for session_id, names in saved.items():
            others.setdefault(session_id, []).extend(self.summaries / name for name in names)
        done: list[str] = []
        with self._index_lock() as locked:
            try:
                for session_id in ids:
                    found = latest.get(session_id)
                    if self._erase_one(
                        session_id, others.get(session_id, []), limit, result, found
                    ):
                        done.append(session_id)
            finally:
                if any(session_id in saved for session_id in done):
                    for session_id in done:
                        saved.pop(session_id, None)
                    with contextlib.suppress(StoreError):
                        self._write_saved_files(saved)
                if locked and self.sessions.is_dir():
                    before = self._folder_time()
                    self._write_head(make_head(self._scan()), before)
        return result

    def _erase_one(
        self,
        session_id: str,
        others: list[Path],
        limit: float | None,
        result: Erased,
        latest: tuple[int, float] | None = None,
    ) -> bool:
        """Erase one session's files under its lock; False when it is left alone. ``latest`` is
        its save count and latest possible update time when the erase began."""
        try:
            self.claim(session_id)
        except SessionBusy:
            result.open_elsewhere.append(session_id)
            return False
        path = self.session_path(session_id)
        try:
            if limit is not None and path.exists():
                current = self.describe(session_id)
                when = current.order if current is not None else math.inf
                if current is not None and latest is not None and latest[0] == current.sequence:
                    when = min(when, latest[1])  # not saved again since: the bound still holds
                if when >= limit:
                    result.changed.append(session_id)
                    return False
            removed = [remove_file(target) for target in dict.fromkeys([path, *others])]
            result.files += sum(removed)
            if removed[0]:
                result.sessions.append(session_id)
            with REGISTRY:
                ENDED.add(session_id)  # its lock file goes when the lock is let go, just below
            return True
        finally:
            release(session_id)

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
        if not isinstance(data, dict) or data.get("format") != INDEX_FORMAT:
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
        self.write_json(path, {"format": INDEX_FORMAT, "files": files})

    # --- reading sessions --------------------------------------------------------------------

    def find_session_id(self, prefix: str) -> str:
        """The one session id starting with ``prefix`` (the full id, or enough of it)."""
        if SESSION_ID.fullmatch(prefix) and self.session_path(prefix).exists():
            return prefix
        matches = (
            [p.stem for p in self._session_files() if p.stem.startswith(prefix)] if prefix else []
        )
        if len(matches) == 1:
            return matches[0]
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
        path = self.session_path(found)
        try:
            session = Session.from_json(read_json(path, MAX_SESSION_FILE))
        except (SessionFormatError, OSError, ValueError) as exc:
            raise UsageError(
                f"session file {printable(str(path), 200)} is damaged: {exc}",
                code="session_damaged",
                path=str(path),
                reason=str(exc),
            ) from None
        if session.session_id != found:
            raise UsageError(
                f"session file {printable(str(path), 200)} is damaged: "
                "its id does not match the file name",
                code="session_misnamed",
                path=str(path),
            )
        return session

    def _session_files(self) -> list[Path]:
        if not self.sessions.is_dir():
            return []
        try:
            return sorted(
                p
                for p in self.sessions.iterdir()
                if p.suffix == ".json" and not p.name.startswith(".")
            )
        except OSError as exc:
            raise unreadable(self.sessions, exc) from None

    # --- the index ---------------------------------------------------------------------------

    def _folder_time(self) -> int | None:
        try:
            return os.stat(self.sessions).st_mtime_ns
        except OSError:
            return None

    @contextlib.contextmanager
    def _index_lock(self) -> Iterator[bool]:
        """The index's lock, so a save and its head update, or a rebuild, are never interleaved.

        Yields False when it cannot be had (read-only folder, a very slow rebuild elsewhere):
        the caller then leaves the index alone, and it is rebuilt when next read.
        """
        try:
            folder = self._folder(self.root / "cache")
        except StoreError:
            yield False
            return
        from filelock import FileLock, Timeout

        lock = FileLock(str(folder / f"{INDEX_NAME}.lock"), mode=0o600, thread_local=False)
        try:
            lock.acquire(timeout=LOCK_WAIT)
        except (Timeout, OSError):
            yield False
            return
        try:
            yield True
        finally:
            lock.release()

    def _read_head(self) -> dict[str, Any] | None:
        data = self.read_cache(HEAD_NAME)
        return data if valid_head(data) else None

    def _write_head(self, head: dict[str, Any], folder_time: int | None) -> None:
        self.write_cache(HEAD_NAME, {**head, "dir_mtime_ns": folder_time})

    def _current_head(self) -> dict[str, Any] | None:
        """The head, when nothing changed the sessions folder since it was written."""
        head = self._read_head()
        if head is None or head["dir_mtime_ns"] != self._folder_time():
            return None
        if self._unlocked_mark():
            return None
        return head

    def _unlocked_mark(self) -> bool:
        return (self.root / "cache" / UNLOCKED_NAME).exists()

    def _distrust_head(self) -> None:
        """After a save made without the index lock (it could not be had in time): whoever held
        it may be about to write a head whose folder time already covers this file, so the
        head is not trusted until a rebuild, which starts by removing this mark, scans again."""
        with contextlib.suppress(OSError):
            os.close(os.open(self.root / "cache" / UNLOCKED_NAME, os.O_WRONLY | os.O_CREAT, 0o600))

    def _unchanged(self, entries: Iterable[Entry]) -> bool:
        """Whether these entries' files are still the ones the index saw (a stat each)."""
        for entry in entries:
            try:
                info = os.stat(self.sessions / f"{entry[0]}.json")
            except OSError:
                return False
            if info.st_size != entry[1] or info.st_mtime_ns != entry[2]:
                return False
        return True

    def _scan(self) -> list[Entry]:
        """Every session file's entry, parsing only files that changed since the last scan."""
        saved = self.read_cache(INDEX_NAME, MAX_INDEX_FILE)
        known = index_entries(saved)
        now_ns = time.time_ns()
        entries: list[Entry] = []
        reused = 0
        try:
            with os.scandir(self.sessions) as found:
                for item in found:
                    name = item.name
                    if not name.endswith(".json") or name.startswith("."):
                        continue
                    stem = name[:-5]
                    try:
                        info = item.stat()
                        size, mtime = info.st_size, info.st_mtime_ns
                    except OSError:
                        size, mtime = -1, -1
                    old = known.get(stem)
                    if old is not None and old[1] == size >= 0 and old[2] == mtime:
                        entries.append(old)
                        reused += 1
                        continue
                    entry = read_entry(Path(item.path), stem, size, mtime)
                    if mtime > now_ns - RACY_NS:
                        entry[1] = -1  # changed just now: parse again next time
                    entries.append(entry)
        except OSError as exc:
            raise unreadable(self.sessions, exc) from None
        if saved is None or reused != len(known) or reused != len(entries):
            self.write_cache(INDEX_NAME, {"format": INDEX_FORMAT, "entries": entries})
        return entries

    def _rebuild(self) -> tuple[dict[str, Any], list[Entry]]:
        """Scan the folder (a stat per file), then write the index and a fresh head."""
        if not self.sessions.is_dir():
            return make_head([]), []
        with self._index_lock() as locked:
            if locked:  # a save without the lock before this point is seen by the scan below
                with contextlib.suppress(OSError):  # when it cannot go, the head stays untrusted
                    os.unlink(self.root / "cache" / UNLOCKED_NAME)
            before = self._folder_time()
            entries = self._scan()
            head = make_head(entries)
            if locked:
                self._write_head(head, before)
        return head, entries

    def _skipped(self, head: dict[str, Any]) -> list[str]:
        return [
            f"{printable(str(self.sessions / (stem + '.json')), 200)}: {reason}"
            for stem, reason in head["skipped"]
        ]

    def session_page(self, limit: int | None = None) -> tuple[list[SessionInfo], list[str], int]:
        """The newest ``limit`` sessions (all when None), the skipped files, and the total."""
        head = self._current_head()
        if head is not None and limit is not None:
            rows = head["top"][:limit]
            enough = len(rows) == limit or head["top_complete"]
            if enough and self._unchanged(rows):
                return [info_of(e) for e in rows], self._skipped(head), head["count"]
        head, entries = self._rebuild()
        good = [entry for entry in entries if entry[3] is None]
        return newest(good, limit), self._skipped(head), len(good)

    def list_sessions(self, limit: int | None = None) -> tuple[list[SessionInfo], list[str]]:
        """Readable sessions, newest first, and a line for each file that is not one."""
        sessions, skipped, _ = self.session_page(limit)
        return sessions, skipped

    def latest(self, *, unfinished: bool = False) -> tuple[SessionInfo | None, list[str]]:
        """The most recently updated session (or unfinished one), and the skipped files."""
        key, complete = (
            ("unfinished", "unfinished_complete") if unfinished else ("top", "top_complete")
        )
        head = self._current_head()
        if head is not None and (head[key] or head[complete]):
            rows = head[key][:1]
            if self._unchanged(rows):
                return (info_of(rows[0]) if rows else None), self._skipped(head)
        head, _ = self._rebuild()
        rows = head[key][:1]
        return (info_of(rows[0]) if rows else None), self._skipped(head)

    def latest_unfinished(self) -> tuple[SessionInfo | None, list[str]]:
        return self.latest(unfinished=True)

    def session_ids(self) -> list[str]:
        """The ids of the session files, newest first, without reading them (tab completion)."""
        ids = (path.stem for path in self._session_files() if SESSION_ID.match(path.stem))
        return sorted(ids, reverse=True)


def _temporary_files(folder: Path) -> dict[str, list[Path]]:
    """Temporary files a killed okhelp left (``.<id>.json.x8f2.tmp``), by session id."""
    found: dict[str, list[Path]] = {}
    for name in names_in(folder):
        stem = name[1 : 1 + ID_LENGTH]
        dotted = name[1 + ID_LENGTH : 2 + ID_LENGTH] == "."
        if name.startswith(".") and name.endswith(".tmp") and dotted and SESSION_ID.fullmatch(stem):
            found.setdefault(stem, []).append(folder / name)
    return found

"""The data folder: sessions and summaries, written atomically, readable only by their owner.

The only module that touches ``OKHELP_HOME``. Every write goes to a temporary file in the same
folder, is flushed to disk, then renamed over the old file, so a crash or ``kill -9`` leaves either
the old or the new file, never half of one.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from okhelp.errors import StoreError, UsageError
from okhelp.session import Session, SessionFormatError
from okhelp.text import neutralise, printable

SESSION_ID = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{4}$")
MAX_FILE = 16 * 1024 * 1024


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``OKHELP_HOME``, else the platform's user data folder."""
    environ = os.environ if environ is None else environ
    if environ.get("OKHELP_HOME"):
        return Path(environ["OKHELP_HOME"]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("okhelp", appauthor=False))


class Store:
    """Sessions in ``<home>/sessions``, summaries in ``<home>/summaries``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.sessions = root / "sessions"
        self.summaries = root / "summaries"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Store:
        return cls(data_dir(environ))

    def _folder(self, folder: Path) -> Path:
        try:
            for path in (self.root, folder):
                path.mkdir(mode=0o700, parents=True, exist_ok=True)
                os.chmod(path, 0o700)
        except OSError as exc:
            raise StoreError(
                f"cannot use the data folder {printable(str(folder), 200)}: {exc.strerror}"
            ) from None
        return folder

    def write_json(self, path: Path, data: Any) -> Path:
        """Write JSON atomically with mode 0600."""
        folder = self._folder(path.parent)
        atomic_write(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        _fsync_dir(folder)
        return path

    def session_path(self, session_id: str) -> Path:
        if not SESSION_ID.match(session_id):
            raise UsageError(
                f"'{printable(session_id)}' is not a session id (see 'okhelp sessions')"
            )
        return self.sessions / f"{session_id}.json"

    def save_session(self, session: Session) -> Path:
        return self.write_json(self.session_path(session.session_id), session.to_json())

    def save_summary(self, session_id: str, record: Mapping[str, Any]) -> Path:
        return self.write_json(self.summaries / f"{session_id}.json", record)

    def user_summary_path(self, name: str) -> Path:
        """Where the review menu saves a summary file the user named: a bare or relative name
        goes into the summaries folder (made private if new), an absolute or ``~`` path stays."""
        target = Path(name).expanduser()
        if not target.is_absolute():
            target = self._folder(self.summaries) / target
        return target.absolute()

    def read_cache(self, name: str) -> Any:
        """A cache file's JSON, or None when it is missing or unreadable (caches are optional)."""
        try:
            return read_json(self.root / "cache" / f"{name}.json")
        except (OSError, ValueError):
            return None

    def write_cache(self, name: str, data: Any) -> None:
        """Replace a cache file; a failure only means the next run parses again."""
        with contextlib.suppress(StoreError):
            self.write_json(self.root / "cache" / f"{name}.json", data)

    def find_session_id(self, prefix: str) -> str:
        """The one session id starting with ``prefix`` (the full id, or enough of it)."""
        if SESSION_ID.match(prefix) and self.session_path(prefix).exists():
            return prefix
        matches = (
            [p.stem for p in self._session_files() if p.stem.startswith(prefix)] if prefix else []
        )
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise UsageError(f"no session '{printable(prefix)}'", hint="see 'okhelp sessions'")
        raise UsageError(
            f"'{printable(prefix)}' matches {len(matches)} sessions; give more of the id"
        )

    def load_session(self, session_id: str) -> Session:
        path = self.session_path(self.find_session_id(session_id))
        try:
            return Session.from_json(read_json(path))
        except SessionFormatError as exc:
            raise UsageError(
                f"session file {printable(str(path), 200)} is damaged: {exc}"
            ) from None

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
            raise StoreError(
                f"cannot read {printable(str(self.sessions), 200)}: {exc.strerror}"
            ) from None

    def list_sessions(self) -> tuple[list[Session], list[str]]:
        """All readable sessions, newest first, and a line for each file that is not one."""
        found: list[tuple[str, int, Session]] = []
        skipped: list[str] = []
        for path in self._session_files():
            try:
                session = Session.from_json(read_json(path))
                if session.session_id != path.stem:
                    raise SessionFormatError("its id does not match the file name")
                found.append((session.updated_at, path.stat().st_mtime_ns, session))
            except (SessionFormatError, OSError, ValueError) as exc:
                skipped.append(f"{printable(str(path), 200)}: {exc}")
        found.sort(key=lambda item: (item[0], item[1]), reverse=True)
        return [session for _, _, session in found], skipped

    def latest_unfinished(self) -> tuple[Session | None, list[str]]:
        sessions, skipped = self.list_sessions()
        return next((s for s in sessions if s.status == "in_progress"), None), skipped

    def session_ids(self) -> list[str]:
        """The ids of the session files, newest first, without reading them (tab completion)."""
        ids = (path.stem for path in self._session_files() if SESSION_ID.match(path.stem))
        return sorted(ids, reverse=True)


def atomic_write(path: Path, text: str) -> None:
    """Temporary file in the same folder, mode 0600, flushed to disk, then renamed over ``path``."""
    folder = path.parent if str(path.parent) else Path(".")
    temp_name = None
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            os.fchmod(stream.fileno(), 0o600)
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, path)
        temp_name = None
    except OSError as exc:
        raise StoreError(f"cannot write {printable(str(path), 200)}: {exc.strerror}") from None
    finally:
        if temp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def write_user_file(path: Path, text: str) -> Path:
    """Write a file the user named (``--output``), atomically, readable only by them; it is read
    by people (``cat``), so nothing in it may make their terminal act."""
    target = path.expanduser()
    atomic_write(target, neutralise(text, keep_tabs=True))
    return target


def read_json(path: Path) -> Any:
    """JSON from a file okhelp wrote, refusing huge or undecodable ones."""
    with path.open("rb") as stream:
        raw = stream.read(MAX_FILE + 1)
    if len(raw) > MAX_FILE:
        raise ValueError("file too large")
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not valid JSON ({exc.__class__.__name__})") from None


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def session_files_in(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """Session files named by the user: files as given, folders' ``*.json`` (a data folder's
    ``sessions/`` too), and a line for each path that cannot be read."""
    found: list[Path] = []
    problems: list[str] = []
    for path in paths:
        try:
            if path.is_dir():
                folder = path / "sessions" if (path / "sessions").is_dir() else path
                names = sorted(
                    entry.name
                    for entry in os.scandir(folder)
                    if entry.name.endswith(".json") and not entry.name.startswith(".")
                )
                found += [folder / name for name in names]
            elif path.is_file():
                found.append(path)
            else:
                problems.append(f"{printable(str(path), 200)}: no such file or folder")
        except OSError as exc:
            problems.append(f"{printable(str(path), 200)}: {exc.strerror}")
    return found, problems

"""Files okhelp writes and reads in the data folder: atomically, 0600, bounded.

Every write goes to a temporary file in the same folder, is flushed to disk, then renamed over the
old file, so a crash or ``kill -9`` leaves either the old or the new file, never half of one.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from okhelp.errors import OutputRefused, StoreError, UsageError
from okhelp.i18n.messages import Reason, kind_of, os_error_reason, why_not_a_file
from okhelp.storage.userfile import FileRefused, read_regular_file
from okhelp.util.text import json_undecodable, neutralise, printable

MAX_FILE = 16 * 1024 * 1024  # caches okhelp wrote


class Shown:
    """A path for an error message, made printable only if a message is really written."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __str__(self) -> str:
        return printable(str(self.path), 200)


def plain_name(name: str) -> bool:
    """A file name inside one folder: no path, not hidden, not too long."""
    return 0 < len(name) <= 255 and "/" not in name and "\\" not in name and name[0] != "."


def names_in(folder: Path) -> list[str]:
    """The names in a folder that are files or links, never folders; none if it is missing."""
    try:
        with os.scandir(folder) as found:
            return [item.name for item in found if not item.is_dir(follow_symlinks=False)]
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise unreadable(folder, exc) from None


def remove_file(path: Path) -> bool:
    """Remove a file (a link itself, never what it points to); False if it was not there."""
    try:
        os.unlink(path)
    except (FileNotFoundError, IsADirectoryError):
        return False  # gone already, or a folder someone made there: not okhelp's file
    except OSError as exc:
        raise StoreError(
            f"cannot erase {printable(str(path), 200)}: {exc.strerror}",
            code="file_unerasable",
            path=str(path),
            reason=os_error_reason(exc),
        ) from None
    return True


def atomic_write(path: Path, text: str | Iterable[str], *, durable: bool = True) -> None:
    """Temporary file in the same folder, mode 0600, flushed to disk, then renamed over ``path``.

    ``text`` may come in parts (an export of every session is never held whole).
    ``durable=False`` skips the flush to disk, for caches: after a crash they are rebuilt.
    """
    folder = path.parent if str(path.parent) else Path(".")
    temp_name = None
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            os.fchmod(stream.fileno(), 0o600)
            if isinstance(text, str):
                stream.write(text)
            else:
                stream.writelines(text)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        os.replace(temp_name, path)
        temp_name = None
    except OSError as exc:
        raise unwritable(path, exc) from None
    finally:
        if temp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def write_user_file(path: Path, text: str, *, force: bool = False) -> Path:
    """Write a file the user named (``--output``), atomically, readable only by them; it is read
    by people (``cat``), so nothing in it may make their terminal act.

    A new file is made, or one okhelp wrote before (a summary, an export, an empty file) is
    replaced; any other file only with ``force``: a mistyped or planted path
    (``-o /etc/passwd`` run as root, ``-o notes.md``) must not destroy what someone wrote.
    Only a regular file is ever replaced: ``-o /dev/stdout`` or a FIFO must not be swapped for
    a regular file. A symbolic link to a regular file keeps its link and the file it points to
    is replaced — unless the link goes through ``/dev`` or ``/proc``: then the "file" is
    another program's open stream (``/dev/stdout`` redirected to a log), and renaming over it
    would throw away what that program had written.
    """
    atomic_write(_user_target(path, force), neutralise(text, keep_tabs=True))
    return path.expanduser()


def write_user_lines(path: Path, lines: Iterable[str], *, force: bool = False) -> Path:
    """:func:`write_user_file` for lines made as they are written; each must already be inert
    (ASCII JSON)."""
    atomic_write(_user_target(path, force), lines)
    return path.expanduser()


# What every file okhelp writes holds: a JSON record's schema, a summary file's record block,
# a help-desk payload's tags.
OKHELP_MARKS = (
    b'"schema": "okhelp.',
    b'"schema":"okhelp.',
    b"<!-- okhelp.summary record",
    b'"okhelp-guide-',
)
SNIFF = 1 << 20  # the head and the tail a mark is looked for in: a summary's block ends it


def okhelp_wrote(path: Path, size: int) -> bool:
    """Whether a regular file is empty or one okhelp wrote (it holds one of its marks)."""
    if size == 0:
        return True
    try:
        with open(path, "rb") as stream:
            head = stream.read(SNIFF)
            tail = b""
            if size > SNIFF:
                stream.seek(max(SNIFF, size - SNIFF))
                tail = stream.read(SNIFF)
    except OSError:
        return False
    return any(mark in head or mark in tail for mark in OKHELP_MARKS)


def _user_target(path: Path, force: bool = False) -> Path:
    """The file a user-named path really writes to; OutputRefused for anything not a file, or
    for a file okhelp did not write unless ``force``."""
    target = path.expanduser()
    shown = printable(str(target), 200)
    if str(path) in ("", ".") or str(path).endswith(("/", os.sep)):  # -o '' is Path(".")
        raise OutputRefused(f"'{shown}' is not a file name", code="output_no_name", path=shown)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputRefused(
            f"cannot write {shown}: there is no folder {printable(str(folder), 200)}",
            code="output_folder_missing",
            path=str(target),
            folder=str(folder),
        )
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise unwritable(target, exc) from None
    mode = None if info is None else info.st_mode
    if mode is not None and stat.S_ISREG(mode) and _through_streams(target):
        mode = stat.S_IFCHR  # another program's open stream: refused as the device it is
    if mode is not None and not stat.S_ISREG(mode):
        kind = kind_of(mode)
        raise OutputRefused(
            f"cannot write {shown}: it is {kind}, not a regular file",
            code="output_not_file",
            path=str(target),
            kind=kind,
        )
    if info is not None and target.is_symlink():
        target = Path(os.path.realpath(target))
    if info is not None and not force and not okhelp_wrote(target, info.st_size):
        raise OutputRefused(
            f"{shown} already exists and okhelp did not write it: not replaced",
            code="output_exists",
            path=str(target),
        )
    return target


STREAM_FOLDERS = ("/dev/", "/proc/")
MAX_LINKS = 40  # as the kernel's own limit on a chain of symbolic links


def _through_streams(path: Path) -> bool:
    """Whether ``path`` or a link on the way to its file lies in ``/dev`` or ``/proc``, its
    folders' links followed too (``/tmp/link/fd/1`` with ``/tmp/link`` -> ``/proc/self``)."""
    current = os.path.abspath(path)
    for _ in range(MAX_LINKS):
        folder, name = os.path.split(current)
        current = os.path.join(os.path.realpath(folder), name)
        if current.startswith(STREAM_FOLDERS):
            return True
        try:
            pointed = os.readlink(current)
        except OSError:
            return False  # not a link (any more): the chain ends in an ordinary place
        current = os.path.abspath(os.path.join(os.path.dirname(current), pointed))
    return True


def read_json(path: Path, limit: int = MAX_FILE) -> Any:
    """JSON from a file okhelp wrote, refusing non-regular, huge, deep or undecodable ones."""
    try:
        raw = read_regular_file(path, limit)
    except FileRefused as exc:
        if exc.missing:
            raise FileNotFoundError(exc.reason) from None
        raise ValueError(exc.reason) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.__class__.__name__})") from None
    return parse_json(text)


def parse_json(text: str) -> Any:
    """JSON okhelp wrote (a file, a database row), refusing deep or undecodable values."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not valid JSON ({exc.__class__.__name__})") from None
    undecodable = json_undecodable(text, data)  # a "\udcff" escape no encoder can write back
    if undecodable:
        raise ValueError(f"a value {undecodable}")
    return data


def fsync_dir(folder: Path) -> None:
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
    ``sessions/`` too), and a line for each path that cannot be read. A path that does not
    exist at all is a mistyped name, not "no sessions yet": UsageError."""
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
            elif not os.path.lexists(path):
                shown = printable(str(path), 200)
                raise UsageError(
                    f"{shown}: no such file or folder", code="from_missing", path=shown
                )
            else:  # a FIFO, a device, a dangling link
                problems.append(
                    Reason(
                        "import_file_refused",
                        path=printable(str(path), 200),
                        reason=why_not_a_file(path),
                    )
                )
        except OSError as exc:
            problems.append(f"{printable(str(path), 200)}: {exc.strerror}")
    return found, problems


def unreadable(folder: Path, exc: OSError) -> StoreError:
    return StoreError(
        f"cannot read {printable(str(folder), 200)}: {exc.strerror}",
        code="folder_unreadable",
        path=str(folder),
        reason=os_error_reason(exc),
    )


def unwritable(path: Path, exc: OSError) -> StoreError:
    return StoreError(
        f"cannot write {printable(str(path), 200)}: {exc.strerror}",
        code="file_unwritable",
        path=str(path),
        reason=os_error_reason(exc),
    )

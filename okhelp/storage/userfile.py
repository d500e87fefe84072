"""Reading a file a user named (config, answers, summary; also the data folder's own files).

One helper, so every reader refuses the same things the same way: anything but a regular file
(a FIFO would block ``read`` forever, ``/dev/zero`` never ends, a directory is not text) and files
over a size cap. The file is opened with ``O_NONBLOCK`` so that opening a FIFO cannot hang either,
then ``fstat`` on the open descriptor decides, so the check and the read see the same file.
Written by hand: it is a dozen lines over :mod:`os`, and no library draws exactly this line.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from okhelp.i18n.messages import Reason, kind_of, os_error_reason


class FileRefused(Exception):
    """The file cannot or may not be read; ``reason`` is one short clause for a message, a
    :class:`Reason` so that it is said in the user's language."""

    def __init__(self, reason: str, *, missing: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.missing = missing


def _open_regular(path: Path | str) -> tuple[int, os.stat_result]:
    """A descriptor on a regular file and what fstat says of it; FileRefused for anything else.
    Opened non-blocking, so that a FIFO cannot hang the open."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket, or a device with nothing behind it
            raise FileRefused(Reason("reason_not_regular_file")) from None
        if exc.errno == errno.EISDIR:
            raise FileRefused(
                Reason("reason_not_regular_file_kind", kind=Reason("file_kind.directory"))
            ) from None
        raise FileRefused(os_error_reason(exc), missing=exc.errno == errno.ENOENT) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(Reason("reason_not_regular_file_kind", kind=kind_of(info.st_mode)))
    except OSError as exc:
        os.close(fd)
        raise FileRefused(os_error_reason(exc)) from None
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def open_regular_file(path: Path | str) -> BinaryIO:
    """A regular file opened to be read as a stream (an export of any size); FileRefused for
    anything else, without ever blocking on a FIFO."""
    fd, _ = _open_regular(path)
    try:
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_regular_file(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; FileRefused for anything else."""
    fd, info = _open_regular(path)
    try:
        if info.st_size > limit:
            raise FileRefused(Reason("reason_file_too_large", size=info.st_size, limit=limit))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # the file may grow while it is read: never past the cap
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise FileRefused(Reason("reason_file_grew", limit=limit))
        return b"".join(chunks)
    except OSError as exc:
        raise FileRefused(os_error_reason(exc)) from None
    finally:
        os.close(fd)

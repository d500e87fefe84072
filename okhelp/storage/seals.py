"""Seals on okhelp's caches: an HMAC with a key kept in the data folder.

A cache edited by hand (a head with its rows emptied would hide every session) no longer matches
its seal and is rebuilt instead of trusted. The standard library's ``hmac`` does the work; what is
written here is only where the seal sits in the file, so the file stays plain JSON.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from okhelp.errors import StoreError
from okhelp.storage.userfile import FileRefused, read_regular_file

MAC_KEY = "mac"  # the last member of a cache file: its seal


def seal(key: bytes, name: str, body: bytes) -> str:
    return hmac.new(key, name.encode("utf-8") + b"\0" + body, hashlib.sha256).hexdigest()


def sealed(data: Mapping[str, Any], key: bytes, name: str) -> str:
    """The cache file's text: the JSON object with its seal as the last member, ``"mac"``, so
    the file is still plain JSON for anyone who reads it."""
    try:
        text = json.dumps(data, ensure_ascii=False)
        body = text.encode("utf-8")
    except UnicodeEncodeError:  # a path that is not valid UTF-8
        text = json.dumps(data)
        body = text.encode("ascii")
    if not text.startswith("{") or text == "{}":
        raise StoreError("a cache is a non-empty JSON object")
    return f'{text[:-1]}, "{MAC_KEY}": "{seal(key, name, body)}"}}\n'


def unsealed(raw: bytes, key: bytes, name: str) -> bytes | None:
    """The JSON a sealed cache file was made from, or None when its seal is not right."""
    head = f', "{MAC_KEY}": "'.encode("ascii")
    size = len(head) + 64 + 3
    tail = raw[-size:]
    if len(raw) <= size or not tail.startswith(head) or not tail.endswith(b'"}\n'):
        return None
    body = raw[:-size] + b"}"
    try:
        mac = tail[len(head) : len(head) + 64].decode("ascii")
    except UnicodeDecodeError:
        return None
    return body if hmac.compare_digest(mac, seal(key, name, body)) else None


def new_key(path: Path) -> bytes | None:
    """Make the cache key: written to a temporary file and linked into place, so two runs that
    start at once agree on one key (the second reads the first's)."""
    key = secrets.token_bytes(32)
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError:
        return None
    try:
        with os.fdopen(handle, "w", encoding="ascii") as stream:
            os.fchmod(stream.fileno(), 0o600)
            stream.write(key.hex() + "\n")
        try:
            os.link(temp_name, path)
        except FileExistsError:
            text = read_regular_file(path, 256).decode("ascii").strip()
            return bytes.fromhex(text) if len(text) == 64 else None
        return key
    except (OSError, FileRefused, UnicodeDecodeError, ValueError):
        return None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)

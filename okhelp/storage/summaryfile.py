"""Reading a summary file someone sent (``okhelp summary FILE``): bounded, then schema-checked.

A summary file comes from outside: a user mails it to a support agent. Before anything renders
it, it must be a regular file of at most 4 MiB, JSON nested no deeper than a summary can be, and
valid against the JSON Schema that ships with okhelp (``okhelp/summary.schema.json``, whatever
its current shape), whose strings and lists carry length caps. Anything else is one line,
"not a valid okhelp.summary/1 file: <where>: <what>", exit 2 — never a KeyError later on.

The schema is checked with ``jsonschema`` (the reference implementation; about 65 ms to import,
paid only on this path). Its own messages quote the offending value, which may be huge or
hostile, so the message here is rebuilt from the kind of failure and the path alone.

What people send is mostly the Markdown or text okhelp wrote for e-mail, so those files carry the
record too: a closing comment block (:func:`embed`) with the JSON in base64 (no ``-->`` or
Markdown inside can break it) and a SHA-256 of the record and one of the text above it. Reading
such a file checks the record like a JSON file and says whether either was changed by hand.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import re
import textwrap
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from okhelp.errors import UsageError
from okhelp.storage.userfile import FileRefused, read_regular_file
from okhelp.util.text import find_undecodable_data, printable

MAX_SUMMARY_FILE = 4 * 1024 * 1024
MAX_DEPTH = 16  # a summary is at most four levels deep
MAX_NODES = 200_000
MAX_STRING = 100_000  # before the schema's own, tighter caps


BLOCK_OPEN = "<!-- okhelp.summary record"
_BLOCK = re.compile(
    r"<!-- okhelp\.summary record \(okhelp summary FILE reads it\) "
    r"format=(?P<format>markdown|text) lang=(?P<lang>[a-zA-Z-]{2,10}) "
    r"record=(?P<record>[0-9a-f]{64}) text=(?P<text>[0-9a-f]{64})\n"
    r"(?P<data>[A-Za-z0-9+/=\s]+?)\n-->"
)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _normal(text: str) -> str:
    """Text as mail programs may leave it, made alike: CRLF or CR line ends, trailing blanks,
    a byte-order mark."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def embed(rendered: str, record: Any, fmt: str, lang: str) -> str:
    """A Markdown or text summary with its record: ``okhelp summary FILE`` reads the file back."""
    data = json.dumps(record, ensure_ascii=False).encode("utf-8")
    lines = textwrap.wrap(base64.b64encode(data).decode("ascii"), 76)
    head = (
        f"{BLOCK_OPEN} (okhelp summary FILE reads it) format={fmt} lang={lang} "
        f"record={_digest(data)} text={_digest(_normal(rendered).encode('utf-8'))}"
    )
    return rendered.rstrip("\n") + "\n\n" + head + "\n" + "\n".join(lines) + "\n-->\n"


@dataclass
class SummaryFile:
    """A summary file's record, and what reading it found: ``format`` and ``lang`` of a Markdown
    or text file, and whether its record or its text was changed after okhelp wrote it."""

    record: dict[str, Any]
    format: str = "json"
    lang: str | None = None
    record_changed: bool = False
    text_edited: bool = False
    visible: str = ""  # the text above the record, line ends made alike


def _embedded(raw: bytes) -> tuple[bytes, SummaryFile] | None:
    """The record bytes of the last okhelp block in a Markdown or text file, or None."""
    try:
        text = _normal(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None
    found = list(_BLOCK.finditer(text))
    if not found:
        return None
    block = found[-1]
    try:
        data = base64.b64decode("".join(block["data"].split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    info = SummaryFile({}, block["format"], block["lang"])
    info.record_changed = _digest(data) != block["record"]
    info.visible = text[: block.start()].strip()  # the whole text was made alike above
    info.text_edited = _digest(info.visible.encode("utf-8")) != block["text"]
    return data, info


def differs(visible: str, rendered: str) -> bool:
    """Whether the text of a file (``SummaryFile.visible``) says something else than its
    record rendered anew."""
    return visible != _normal(rendered)


def load_summary_file(path: Path, shown: str | None = None) -> dict[str, Any]:
    """The record in a summary file, checked against the shipped schema; UsageError if not
    (codes ``summary_missing``, ``summary_unreadable``, ``summary_not_json``, ...; ``path``:
    the file as the user named it)."""
    return read_summary_file(path, shown).record


def read_summary_file(path: Path, shown: str | None = None) -> SummaryFile:
    """A summary file okhelp wrote, JSON, Markdown or text, with its record checked against the
    shipped schema (see :func:`load_summary_file`)."""
    named = shown if shown is not None else str(path)
    shown = printable(named, 200)
    try:
        raw = read_regular_file(path.expanduser(), MAX_SUMMARY_FILE)
    except FileRefused as exc:
        raise UsageError(
            f"cannot read summary file {shown}: {exc.reason}",
            code="summary_missing" if exc.missing else "summary_unreadable",
            path=named,
            reason=exc.reason,
        ) from None
    info = SummaryFile({})
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # the byte-order mark Notepad writes
    if not raw.lstrip().startswith((b"{", b"[")):
        embedded = _embedded(raw)
        if embedded is None:
            raise UsageError(
                f"{shown} is not an okhelp summary: neither JSON nor a Markdown or text summary "
                "okhelp wrote (those carry the record at their end)",
                code="summary_no_record",
                path=named,
            )
        raw, info = embedded
    try:
        record = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise UsageError(
            f"{shown} is not an okhelp summary: nested too deeply",
            code="summary_nested",
            path=named,
        ) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise UsageError(
            f"{shown} is not an okhelp summary: not valid JSON ({type(exc).__name__})",
            code="summary_not_json",
            path=named,
        ) from None
    undecodable = find_undecodable_data(record)
    if undecodable:
        raise UsageError(
            f"{shown} is not an okhelp summary: a value {undecodable}",
            code="summary_undecodable",
            path=named,
            problem=undecodable,
        )
    name = schema_name()
    if not isinstance(record, dict) or record.get("schema") != name:
        raise UsageError(
            f"{shown} is not an okhelp summary ({name})",
            code="summary_wrong_schema",
            path=named,
            schema=name,
        )
    problem = _bounds(record) or _schema_problem(record)
    if problem is not None:
        where, what = problem
        raise UsageError(
            f"{shown} is not a valid {name} file: {where}: {what}",
            code="summary_invalid",
            path=named,
            schema=name,
            where=where,
            what=what,
        )
    info.record = record
    return info


@functools.cache
def schema() -> dict[str, Any]:
    """The shipped JSON Schema of the summary record, read once."""
    from importlib import resources

    text = resources.files("okhelp").joinpath("summary.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def schema_name() -> str:
    """The record format the shipped schema describes, e.g. ``okhelp.summary/1``."""
    const = schema().get("properties", {}).get("schema", {}).get("const")
    return const if isinstance(const, str) else "okhelp.summary/1"


def _where(path: list[Any] | tuple[Any, ...]) -> str:
    if not path:
        return "(the whole file)"
    text = "".join(
        f"[{part}]" if isinstance(part, int) else (f".{part}" if i else str(part))
        for i, part in enumerate(path)
    )
    return printable(text, 80)


def _bounds(record: Any) -> tuple[str, str] | None:
    """Depth, size and key checks that hold whatever the schema says (walked without recursion)."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(record, ())]
    nodes = 0
    while stack:
        value, path = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            return _where(()), f"too many values (more than {MAX_NODES})"
        if len(path) > MAX_DEPTH:
            return _where(path[:MAX_DEPTH]), f"nested too deeply (at most {MAX_DEPTH} levels)"
        if isinstance(value, str) and len(value) > MAX_STRING:
            return _where(path), f"text too long ({len(value)} characters)"
        if isinstance(value, dict):
            stack.extend((item, (*path, key)) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, (*path, index)) for index, item in enumerate(value))
    return None


def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True  # the type is the schema's business
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return moment.tzinfo is not None and 1900 <= moment.year <= 2200


@functools.cache
def _validator() -> Any:
    import jsonschema

    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date-time")(_date_time)
    cls = jsonschema.validators.validator_for(schema(), default=jsonschema.Draft202012Validator)
    return cls(schema(), format_checker=checker)


_TYPES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "object": "a mapping",
    "array": "a list",
    "boolean": "true/false",
    "null": "null",
}


def _what(error: Any) -> str:
    kind = error.validator
    expected = error.validator_value
    if kind == "type":
        names = expected if isinstance(expected, list) else [expected]
        return "must be " + " or ".join(_TYPES.get(str(n), str(n)) for n in names)
    if kind == "required":
        missing = [key for key in expected if key not in (error.instance or {})]
        return f"'{printable(str(missing[0]) if missing else '?')}' is missing"
    if kind == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(str(key) for key in error.instance if key not in allowed)
        return f"unexpected key '{printable(extra[0]) if extra else '?'}'"
    if kind == "maxLength":
        return f"too long (at most {expected} characters)"
    if kind == "minLength":
        return f"too short (at least {expected} characters)"
    if kind == "maxItems":
        return f"too many items (at most {expected})"
    if kind == "minItems":
        return f"too few items (at least {expected})"
    if kind in ("enum", "const"):
        return "not one of the allowed values"
    if kind == "pattern":
        return "not in the expected form"
    if kind == "format":
        return f"not a valid {expected}"
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return "out of range"
    if kind in ("oneOf", "anyOf"):
        return "not in any of the expected shapes"
    return f"fails the schema's '{printable(str(kind))}' rule"


def _schema_problem(record: dict[str, Any]) -> tuple[str, str] | None:
    import jsonschema

    try:
        error = jsonschema.exceptions.best_match(_validator().iter_errors(record))
    except RecursionError:
        return _where(()), "nested too deeply"
    if error is None:
        return None
    return _where(list(error.absolute_path)), _what(error)

"""Moving a history between machines and databases: ``okhelp sessions import``.

``okhelp sessions export`` writes one okhelp.session/1 record a line (docs/session-record.md);
this reads such files back. Every record is checked as a saved session is when it is loaded,
so a file from anywhere (hand-edited, truncated, hostile) can add only well-formed sessions; a
line that is not one is named by file and line and skipped, and the others still go in.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from okhelp.core.conversation import is_free_text
from okhelp.domain.engine import Entry
from okhelp.domain.session import Session, SessionFormatError
from okhelp.fields.redaction import redact
from okhelp.storage.legacy import bounded_lines, exported_lines
from okhelp.storage.sessions import Store
from okhelp.util.text import printable

OUTCOMES = ("added", "replaced", "same", "kept")


@dataclass
class ImportReport:
    """What an import did, and a line for each record it could not take."""

    outcomes: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    @property
    def taken(self) -> int:
        return sum(self.outcomes.values())

    def counts(self) -> dict[str, int]:
        return {**{name: self.outcomes[name] for name in OUTCOMES}, "refused": len(self.problems)}


def import_files(
    files: Iterable[Path], stdin: BinaryIO, store: Store | None = None
) -> ImportReport:
    store = store or Store.from_env()
    report = ImportReport()
    for path in files:
        shown = "-" if str(path) == "-" else printable(str(path), 200)
        try:
            lines = bounded_lines(stdin) if str(path) == "-" else exported_lines(path)
            for number, line in lines:
                where = f"{shown}:{number}"
                if line is None:
                    report.problems.append(f"{where}: too long, or not UTF-8")
                    continue
                try:
                    session = Session.from_json(json.loads(line))
                except (SessionFormatError, ValueError, RecursionError) as exc:
                    reason = printable(str(exc), 200)
                    report.problems.append(f"{where}: {reason}")
                    continue
                report.outcomes[store.import_session(_without_secrets(session))] += 1
        except OSError as exc:
            report.problems.append(f"{shown}: {exc.strerror or exc}")
    return report


def _without_secrets(session: Session) -> Session:
    """A session as okhelp would have saved it: a file from elsewhere may hold a card number or
    a code in its free text, which okhelp cuts out of every answer before it is first saved
    (the answer in the path too, where it is one of those texts)."""
    cut: dict[str, str] = {}
    if session.description:
        cut[session.description] = redact(session.description)[0]
        session.description = cut[session.description]
    for name, entry in session.fields.items():
        if is_free_text(name):
            for key in ("text", "value"):
                value = entry.get(key)
                if isinstance(value, str):
                    cut[value] = redact(value)[0]
                    entry[key] = cut[value]
    session.trail = [
        Entry(item.guide, item.step, cut[item.value])
        if isinstance(item.value, str) and item.value in cut
        else item
        for item in session.trail
    ]
    return session

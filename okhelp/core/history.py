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
from typing import BinaryIO, cast

from okhelp.core.conversation import is_free_text
from okhelp.domain.engine import Entry
from okhelp.domain.session import Session, SessionFormatError
from okhelp.fields.redaction import redact
from okhelp.i18n.messages import Reason
from okhelp.storage.legacy import bounded_lines, exported_lines
from okhelp.storage.sessions import Store
from okhelp.storage.userfile import FileRefused
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
                    report.problems.append(Reason("import_line_unreadable", where=where))
                    continue
                try:
                    session = Session.from_json(json.loads(line))
                except (SessionFormatError, ValueError, RecursionError) as exc:
                    reason = printable(str(exc), 200)
                    report.problems.append(f"{where}: {reason}")
                    continue
                report.outcomes[store.import_session(_without_secrets(session))] += 1
        except FileRefused as exc:
            report.problems.append(Reason("import_file_refused", path=shown, reason=exc.reason))
        except OSError as exc:
            report.problems.append(f"{shown}: {exc.strerror or exc}")
    return report


def _without_secrets(session: Session) -> Session:
    """A session as okhelp would have saved it: a file from elsewhere may hold a card number, a
    code or a password anywhere, which okhelp cuts out of every answer before it is first saved.

    Every text is looked at: the description, each copy of a field (``text``, ``value``,
    ``display``) and each answer in the path. A free-text field keeps its words without the
    secret. Any other field (an account, a transaction id, a time) holding one is dropped: its
    reading was never okhelp's, and what it held is not an account or an id. What was cut out is
    counted in ``redactions``, as for a typed answer."""
    found: Counter[tuple[str, str]] = Counter()

    def cleaned(name: str, text: str) -> str:
        result, counts = redact(text)
        for kind, count in counts.items():
            found[name, kind] += count
        return result

    if session.description:
        session.description = cleaned("description", session.description)
    for name in list(session.fields):
        entry = session.fields[name]
        texts = {key: value for key, value in entry.items() if isinstance(value, str)}
        redacted = {key: cleaned(name, value) for key, value in texts.items()}
        if redacted == texts:
            continue
        if is_free_text(name):
            cast("dict[str, object]", entry).update(redacted)
        else:
            del session.fields[name]
    session.trail = [
        Entry(item.guide, item.step, cleaned(item.step, item.value))
        if isinstance(item.value, str)
        else item
        for item in session.trail
    ]
    for (name, kind), count in found.items():
        here = next(
            (r for r in session.redactions if (r["field"], r["kind"]) == (name, kind)), None
        )
        if here is None:
            session.redactions.append({"field": name, "kind": kind, "count": count})
        else:
            here["count"] = max(here["count"], count)
    return session

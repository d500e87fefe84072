"""What tests share: the repository's paths, a minimal valid guide, the in-process result of a
command, the environment and the command of a child process, and a lock-holding child.

Fixtures live in the conftest.py files (tests/conftest.py for all, a package folder's own for
that folder); plain functions and values live here, imported as ``from tests.helpers import ...``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
"""The repository: README.md, docs/, guides/ and tests/ are under it."""

DATA = ROOT / "tests" / "data"
"""The tables and corpora the tests measure okhelp against."""

MINIMAL_GUIDE = textwrap.dedent(
    """\
    id: {id}
    category: app
    title: {{zh: 测试指南, en: Test guide}}
    summary: {{zh: 用于测试, en: For tests}}
    keywords: {{zh: [测试], en: [test]}}
    start: ask
    steps:
      - id: ask
        type: confirm
        text: {{zh: 好了吗？, en: "Is it fine?"}}
        on_yes: fine
        on_no: try-it
      - id: try-it
        type: action
        text: {{zh: 重启一下。, en: Restart it.}}
        next: escalate
      - id: fine
        type: end
        outcome: resolved
        text: {{zh: 好的。, en: Good.}}
      - id: escalate
        type: end
        outcome: escalate
        text: {{zh: 请联系客服。, en: Contact support.}}
    examples:
      - name: fine
        answers: {{ask: "yes"}}
        expect: {{end: fine, outcome: resolved}}
    """
)


def minimal_guide(guide_id: str = "sample") -> str:
    return MINIMAL_GUIDE.format(id=guide_id)


# A cash top-up that is not sorted: every answer okhelp guide top-up needs to escalate.
ESCALATED_TOP_UP = {
    "method": "cash",
    "cash-receipt": "no",
    "check-record": "no",
    "when": "昨天下午3点",
    "amount": "50",
    "txn": "TX2026112000001",
    "account": "13800138000",
    "description": "充值没到账",
}


def answer_args(answers: dict[str, str]) -> list[str]:
    """``-a STEP=VALUE`` for each answer, as ``okhelp guide`` takes them."""
    return [part for step, value in answers.items() for part in ("-a", f"{step}={value}")]


@dataclass
class Result:
    code: int
    out: str
    err: str


def subprocess_env(**extra: str) -> dict[str, str]:
    """The environment for running the installed command in a child process."""
    env = dict(os.environ)
    env.update(extra)
    return env


# A child process that holds a session's lock until it reads a line: "another okhelp is running
# this session". Run it as ``python -c LOCK_HOLDER HOME SESSION_ID`` and wait for "held".
LOCK_HOLDER = textwrap.dedent(
    """\
    import sys
    from pathlib import Path
    from okhelp.storage.sessions import Store
    Store(Path(sys.argv[1])).claim(sys.argv[2])
    print("held", flush=True)
    sys.stdin.readline()
    """
)


def one_line_error(result: subprocess.CompletedProcess[str] | Result, code: int = 2) -> str:
    """The run ended with CODE and one line of okhelp's own error, no traceback: return it."""
    err = result.stderr if isinstance(result, subprocess.CompletedProcess) else result.err
    returncode = (
        result.returncode if isinstance(result, subprocess.CompletedProcess) else result.code
    )
    assert returncode == code, err
    assert err.count("\n") == 1 and err.startswith("okhelp: error: "), err
    assert "Traceback" not in err and "internal error" not in err
    return err


def installed_okhelp() -> str:
    """The installed ``okhelp`` next to this interpreter, else the one on PATH."""
    installed = Path(sys.executable).parent / "okhelp"
    return str(installed) if installed.exists() else shutil.which("okhelp") or "okhelp"


def write_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    """Write ``config.yaml`` with TEXT and point OKHELP_CONFIG at it."""
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("OKHELP_CONFIG", str(path))
    return path


def phrase_row(row: list[Any]) -> tuple[str, str | None, str | None, str | None]:
    """A time-phrase table row: text, ISO time, precision, and the range end where there is one."""
    text, iso, precision = row[:3]
    return text, iso, precision, (row[3] if len(row) > 3 else None)


def _server() -> str | None:
    """The PostgreSQL server the test's okhelp writes to (None: SQLite in the data folder)."""
    return os.environ.get("OKHELP_DATABASE_URL") or None


def saved_rows(home: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows of the sessions database okhelp writes to, read without okhelp (``%s`` placeholders)."""
    url = _server()
    if url is not None:
        import psycopg

        with psycopg.connect(url, autocommit=True) as db:
            if db.execute("SELECT to_regclass('sessions')").fetchone() == (None,):
                return []
            return db.execute(sql, params).fetchall()  # type: ignore[arg-type]
    import sqlite3

    path = home / "okhelp.db"
    if not path.exists():
        return []
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        try:
            return db.execute(sql.replace("%s", "?"), params).fetchall()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return []
            raise


def saved_sessions(home: Path) -> list[dict[str, Any]]:
    """Every session saved in a data folder, as its okhelp.session/1 record, oldest save first."""
    import json

    rows = saved_rows(home, "SELECT body FROM sessions ORDER BY sequence")
    return [json.loads(body) for (body,) in rows]


def saved_session(home: Path, session_id: str) -> dict[str, Any]:
    """One saved session's record (KeyError when there is none)."""
    for record in saved_sessions(home):
        if record["session_id"] == session_id:
            return record
    raise KeyError(session_id)


def saved_ids(home: Path) -> list[str]:
    return [record["session_id"] for record in saved_sessions(home)]


def replace_saved(home: Path, record: dict[str, Any]) -> None:
    """Change a saved session's record in place, as something other than okhelp could."""
    import json

    body = json.dumps(record, ensure_ascii=True)
    url = _server()
    if url is not None:
        import psycopg

        with psycopg.connect(url, autocommit=True) as db:
            db.execute("UPDATE sessions SET body = %s WHERE id = %s", (body, record["session_id"]))
        return
    import sqlite3

    with contextlib.closing(sqlite3.connect(home / "okhelp.db")) as db, db:
        db.execute("UPDATE sessions SET body = ? WHERE id = ?", (body, record["session_id"]))


def everything_saved(home: Path) -> str:
    """The text of every session okhelp saved in a data folder and of every JSON file there
    (summaries), for a test to look through."""
    import json

    files = [path.read_text(encoding="utf-8") for path in sorted(home.rglob("*.json"))]
    records = [json.dumps(record, ensure_ascii=False) for record in saved_sessions(home)]
    return "\n".join(files + records)

"""Fill a sessions database fast, for the benchmarks: a million rows in a few minutes (the
data folder's SQLite, or the PostgreSQL server ``OKHELP_DATABASE_URL`` names).

Rows are written as okhelp writes them (the same columns, ``path_of``, ``order_of``), in large
transactions with ``executemany``, instead of a save per session.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, timezone
from itertools import chain, islice
from pathlib import Path
from typing import Any

from okhelp.domain.session import Session
from okhelp.storage.rows import order_of, path_of
from okhelp.storage.sessions import Store

BATCH = 20_000


def fill(home: Path, records: Iterable[dict[str, Any]]) -> int:
    """Add sessions (okhelp.session/1 records) in order, numbering their saves; their count."""
    store = Store(home)
    database = store.database()
    assert database is not None
    added = 0
    iterator: Iterator[dict[str, Any]] = iter(records)
    while batch := list(islice(iterator, BATCH)):
        with database.write() as db:
            (sequence,) = db.execute(
                "SELECT value FROM counters WHERE name = 'sequence'"
            ).fetchone()
            rows = []
            for record in batch:
                sequence += 1
                session = Session.from_json({**record, "sequence": sequence})
                rows.append(
                    (
                        session.session_id,
                        sequence,
                        session.guide,
                        session.guide_version,
                        session.status,
                        session.started_at,
                        session.updated_at,
                        order_of(session.started_at),
                        order_of(session.updated_at),
                        len(session.trail),
                        path_of(session),
                        session.to_text(),
                    )
                )
            db.executemany(
                "INSERT INTO sessions (id, sequence, guide, guide_version, status,"
                " started_at, updated_at, started, updated, steps, path, body)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                " sequence = excluded.sequence, status = excluded.status,"
                " updated_at = excluded.updated_at, updated = excluded.updated,"
                " steps = excluded.steps, path = excluded.path, body = excluded.body",
                rows,
            )
            db.execute("UPDATE counters SET value = ? WHERE name = 'sequence'", (sequence,))
            (count,) = db.execute("SELECT COUNT(*) FROM sessions").fetchone()
            db.execute("UPDATE counters SET value = ? WHERE name = 'sessions'", (count,))
        added += len(batch)
    store.close()
    return added


def server_schema(url: str, name: str) -> str:
    """A fresh, empty schema ``name`` on the PostgreSQL server at ``url``: the URL that uses it."""
    from urllib.parse import quote

    import psycopg

    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        admin.execute(f"CREATE SCHEMA {name}")
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options={quote(f'-csearch_path={name}')}"


def database_mib(home: Path, url: str | None) -> float:
    """What the sessions take on disk: the SQLite file, or the server's tables and indexes."""
    if url is None:
        return (home / "okhelp.db").stat().st_size / 2**20
    import psycopg

    with psycopg.connect(url) as db:
        row = db.execute("SELECT pg_total_relation_size('sessions')").fetchone()
    return int(row[0]) / 2**20 if row else 0.0


def realistic(templates: list[dict[str, Any]], count: int) -> Iterator[dict[str, Any]]:
    """``count`` copies of real sessions under fresh ids, a few minutes apart, each taking its
    own time (30 s to 20 min), with its own transaction id and words where it has them."""
    start = datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=8)))
    for n in range(count):
        record = json.loads(json.dumps(templates[n % len(templates)]))
        began = start + timedelta(seconds=97 * n)
        record["session_id"] = f"{began:%Y%m%d-%H%M%S}-{n % 65536:04x}"
        record["started_at"] = began.isoformat(timespec="seconds")
        took = timedelta(seconds=30 + (n * 7919) % 1170)
        record["updated_at"] = (began + took).isoformat(timespec="seconds")
        record["description"] = f"benchmark {n}: 充值 {n % 500} 元没到账"
        for entry in record["trail"]:
            if isinstance(entry["value"], str) and entry["value"].startswith("TX"):
                entry["value"] = f"TX{n:013d}"
        yield record


def records_of(home: Path) -> list[dict[str, Any]]:
    """Every session saved in a data folder, as records (to copy them)."""
    store = Store(home)
    found = [json.loads(line) for line in store.export_records()]
    store.close()
    return found


def newest_unfinished(when: datetime) -> dict[str, Any]:
    """An unfinished top-up waiting at its second step: what ``summary`` shows, ``resume``
    takes to its end and ``answer`` moves in the benchmarks."""
    stamp = when.isoformat(timespec="seconds")
    return {
        "schema": "okhelp.session/1",
        "session_id": f"{when:%Y%m%d-%H%M%S}-ffff",
        "guide": "top-up",
        "status": "in_progress",
        "lang": "zh",
        "started_at": stamp,
        "updated_at": stamp,
        "timezone": "Asia/Shanghai",
        "trail": [{"guide": "top-up", "step": "method", "value": "bank"}],
        "defaults": [],
        "fields": {},
        "description": "充值两小时还没到账",
        "outcome": None,
        "end": None,
        "redactions": [],
    }


if __name__ == "__main__":  # history_db.py TEMPLATES.json HOME COUNT [--newest]
    import sys

    templates = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    count = int(sys.argv[3])
    records: Iterable[dict[str, Any]] = realistic(templates, count)
    if "--newest" in sys.argv:
        moment = datetime(2030, 1, 1, tzinfo=timezone(timedelta(hours=8)))
        records = chain(realistic(templates, count - 1), [newest_unfinished(moment)])
    fill(Path(sys.argv[2]), records)

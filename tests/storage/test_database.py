"""The sessions database: its schema, an older okhelp's data folder taken in whole (also after
a kill midway), many processes at once, and history moved out and back in."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from okhelp.core.history import import_files
from okhelp.domain.engine import Entry
from okhelp.domain.session import Session
from okhelp.errors import StoreError
from okhelp.storage.database import SCHEMA_VERSION
from okhelp.storage.rows import path_of
from okhelp.storage.sessions import Store
from tests.helpers import (
    ESCALATED_TOP_UP,
    Result,
    answer_args,
    saved_ids,
    saved_rows,
    saved_session,
)

# Each test marked so runs once on SQLite and once on a PostgreSQL server (tests/storage/conftest.py).
both = pytest.mark.usefixtures("backend")

TOP_UP = ["guide", "top-up", "-a", "method=third-party", "-a", "third-party-status=yes"]
TOP_UP += ["-a", "check-record=yes", "-a", "refresh=yes"]


def _session(n: int, status: str = "escalated") -> Session:
    updated = f"2026-11-21T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}+08:00"
    return Session(
        f"20261121-{n // 3600 % 24:02d}{n // 60 % 60:02d}{n % 60:02d}-{n % 65536:04x}",
        "top-up",
        "zh",
        updated,
        updated,
        status=status,
        trail=[Entry("top-up", "method", "bank"), Entry("top-up", "bank-sent", True)],
        fields={"txn": {"text": f"TX{n:013d}", "value": f"TX{n:013d}", "source": "top-up/txn"}},
        description=f"充值没到账 {n}",
        sequence=n + 1,
    )


def _legacy_folder(home: Path, count: int) -> list[str]:
    """A data folder as an older okhelp left it: a file per session, caches, summaries."""
    folder = home / "sessions"
    folder.mkdir(parents=True)
    ids = []
    for n in range(count):
        session = _session(n, "in_progress" if n % 4 == 0 else "escalated")
        (folder / f"{session.session_id}.json").write_text(session.to_text(), encoding="utf-8")
        ids.append(session.session_id)
    (home / "summaries").mkdir()
    (home / "summaries" / f"{ids[1]}.json").write_text('{"kept": true}', encoding="utf-8")
    (home / "cache").mkdir()
    (home / "cache" / "sessions-index.json").write_text("{}", encoding="utf-8")
    return ids


def _okhelp(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "okhelp", *args],
        env={**os.environ, "OKHELP_HOME": str(home)},
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


def test_the_database_is_private_and_versioned(tmp_path: Path) -> None:
    home = tmp_path / "home"
    Store(home).save_session(_session(1))
    assert oct((home / "okhelp.db").stat().st_mode & 0o777) == "0o600"
    assert oct(home.stat().st_mode & 0o777) == "0o700"
    with sqlite3.connect(home / "okhelp.db") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_database_of_the_first_schema_is_brought_up_to_date_with_its_sessions(
    tmp_path: Path,
) -> None:
    from okhelp.storage.database import MIGRATIONS

    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    with sqlite3.connect(home / "okhelp.db") as db:  # as the first okhelp with a database made it
        for statement in MIGRATIONS[0]:
            db.execute(statement)
        db.execute("PRAGMA user_version=1")
        session = _session(7)
        db.execute(
            "INSERT INTO sessions VALUES (?, 1, 'top-up', NULL, 'resolved', ?, ?, 0, 0, 2, ?, ?)",
            (
                session.session_id,
                session.started_at,
                session.updated_at,
                path_of(session),
                session.to_text(),
            ),
        )
    store = Store(home)
    assert [s.session_id for s in store.list_sessions()[0]] == [session.session_id]
    rated = store.load_session(session.session_id)
    rated.rating = 4
    store.save_session(rated)
    assert store.load_session(session.session_id).rating == 4
    with sqlite3.connect(home / "okhelp.db") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("SELECT rating FROM sessions").fetchall() == [(4,)]


def test_a_database_from_a_newer_okhelp_is_refused_not_changed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    Store(home).save_session(_session(1))
    with sqlite3.connect(home / "okhelp.db") as db:
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    before = (home / "okhelp.db").read_bytes()
    with pytest.raises(StoreError, match="newer okhelp"):
        Store(home).list_sessions()
    assert (home / "okhelp.db").read_bytes() == before
    done = _okhelp(home, "sessions")
    assert done.returncode == 1 and "newer okhelp" in done.stderr and "Traceback" not in done.stderr


@both
def test_saves_are_numbered_in_order_and_counted(tmp_path: Path) -> None:
    store = Store(tmp_path / "home")
    for n in (5, 3, 9):
        store.save_session(_session(n))
    store.save_session(_session(3))  # saved again: newest now
    page, _, total = store.session_page(2)
    assert total == 3
    assert [info.session_id for info in page] == [_session(3).session_id, _session(9).session_id]
    assert [info.sequence for info in page] == [4, 3]


def test_a_path_keeps_choices_and_never_typed_text() -> None:
    session = _session(7)
    session.trail.append(Entry("top-up", "txn", "TX0000000000007"))
    session.trail.append(Entry("top-up", "note", "my password is hunter2"))
    session.trail.append(Entry("top-up", "empty", ""))
    path = json.loads(path_of(session))
    assert path == [
        ["top-up", "method", "bank"],
        ["top-up", "bank-sent", True],
        ["top-up", "txn", "~"],
        ["top-up", "note", "~"],
        ["top-up", "empty", ""],
    ]


@both
def test_an_old_data_folder_is_taken_in_whole(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ids = _legacy_folder(home, 30)
    originals = {
        sid: json.loads((home / "sessions" / f"{sid}.json").read_text("utf-8")) for sid in ids
    }
    (home / "sessions" / "20261121-235959-dead.json").write_text("{ damaged", encoding="utf-8")
    done = _okhelp(home, "sessions", "--all", "-f", "json")
    assert done.returncode == 0, done.stderr
    listed = [row["session_id"] for row in json.loads(done.stdout)]
    assert sorted(listed) == sorted(ids)
    assert listed[0] == ids[-1]  # the order of saves is kept
    assert "20261121-235959-dead.json" in done.stderr  # damaged: named, and left where it is
    assert [p.name for p in (home / "sessions").iterdir()] == ["20261121-235959-dead.json"]
    for sid in ids:
        assert saved_session(home, sid) == originals[sid]
    assert (home / "summaries" / f"{ids[1]}.json").read_text("utf-8") == '{"kept": true}'
    assert not (home / "cache" / "sessions-index.json").exists()
    summary = _okhelp(home, "summary", ids[3], "-f", "json")
    assert summary.returncode == 0 and "充值没到账 3" in json.loads(summary.stdout)["description"]


@both
def test_an_import_killed_midway_goes_on_and_loses_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ids = _legacy_folder(home, 4000)
    child = subprocess.Popen(
        [sys.executable, "-m", "okhelp", "sessions"],
        env={**os.environ, "OKHELP_HOME": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    rows = 0
    while time.monotonic() < deadline and child.poll() is None:
        try:
            rows = saved_rows(home, "SELECT COUNT(*) FROM sessions")[0][0]
        except Exception:  # the database is being made
            rows = 0
        if rows:
            break
        time.sleep(0.005)
    child.send_signal(signal.SIGKILL)
    child.wait()
    left = len(list((home / "sessions").glob("*.json")))
    assert rows and left, "the import finished before it could be killed midway"
    done = _okhelp(home, "sessions", "--all", "-f", "json")
    assert done.returncode == 0, done.stderr
    assert sorted(row["session_id"] for row in json.loads(done.stdout)) == sorted(ids)
    assert not (home / "sessions").exists()
    assert len(saved_ids(home)) == len(ids)


@both
def test_many_processes_at_once_lose_nothing_and_share_one_writer(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "OKHELP_HOME": str(home)}
    walkers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import subprocess, sys\n"
                "for _ in range(8):\n"
                f"    subprocess.run([sys.executable, '-m', 'okhelp', *{TOP_UP!r}], check=True,"
                " stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)\n",
            ],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    shared = json.loads(_okhelp(home, "start", "top-up").stdout)["session_id"]
    answerers = [
        subprocess.Popen(
            [sys.executable, "-m", "okhelp", "answer", shared, "third-party"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    results = [(run.wait(timeout=300), *run.communicate()) for run in answerers]
    for walker in walkers:
        assert walker.wait(timeout=300) == 0, walker.communicate()[1]
    moved = [out for code, out, _ in results if code == 0]
    refused = [(code, err) for code, _, err in results if code != 0]
    assert moved  # somebody answered
    for code, err in refused:  # the others were told it was busy, or that it had moved on
        assert code in (2, 75) and "locked" not in err and "Traceback" not in err, err
    record = saved_session(home, shared)
    assert [entry["step"] for entry in record["trail"]].count("method") == 1
    assert len(saved_ids(home)) == 4 * 8 + 1


@both
def test_history_moves_out_and_back_in(tmp_path: Path) -> None:
    source, target = tmp_path / "a", tmp_path / "b"
    store = Store(source)
    for n in range(12):
        store.save_session(_session(n))
    exported = tmp_path / "history.jsonl"
    done = _okhelp(source, "sessions", "export", "-o", str(exported))
    assert done.returncode == 0, done.stderr
    assert oct(exported.stat().st_mode & 0o777) == "0o600"
    lines = exported.read_bytes().splitlines()
    assert len(lines) == 12 and all(line.isascii() for line in lines)
    assert json.loads(lines[0])["schema"] == "okhelp.session/1"
    newer = _session(4)
    newer.updated_at = "2026-11-30T10:00:00+08:00"
    into = Store(target, database_url="")  # SQLite, whichever database the source was in
    into.save_session(newer)
    with exported.open("a", encoding="utf-8") as handle:
        handle.write('{"schema": "okhelp.session/1", "session_id": "../../etc"}\nnot json\n')
    report = import_files([exported], sys.stdin.buffer, into)
    assert report.counts() == {"added": 11, "replaced": 0, "same": 0, "kept": 1, "refused": 2}
    assert [line.split(":")[1] for line in report.problems] == ["13", "14"]
    there = {json.loads(line)["session_id"]: json.loads(line) for line in into.export_records()}
    assert there[newer.session_id]["updated_at"] == newer.updated_at
    again = import_files([exported], sys.stdin.buffer, Store(target, database_url=""))
    assert again.outcomes["same"] == 11 and not again.outcomes["added"]
    for sid in saved_ids(source):
        if sid != newer.session_id:
            assert {**there[sid], "sequence": 0} == {**saved_session(source, sid), "sequence": 0}


@both
def test_stats_from_the_database_match_stats_from_the_files(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for _ in range(3):
        assert _okhelp(home, *TOP_UP).returncode == 0
    assert _okhelp(home, "start", "top-up").returncode == 0
    exported = tmp_path / "history.jsonl"
    assert _okhelp(home, "sessions", "export", "-o", str(exported)).returncode == 0
    from_db = _okhelp(home, "stats", "-f", "json")
    from_file = _okhelp(tmp_path / "empty", "stats", "-f", "json", "--from", str(exported))
    assert from_db.returncode == 0 and from_file.returncode == 0, from_db.stderr + from_file.stderr
    assert json.loads(from_db.stdout) == json.loads(from_file.stdout)
    figures = json.loads(from_db.stdout)[0]
    assert figures["sessions"] == 4 and figures["open"] == 1


@both
def test_threads_of_one_process_share_a_store_and_lose_nothing(tmp_path: Path) -> None:
    import threading

    store = Store(tmp_path / "home")
    errors: list[BaseException] = []

    def save(offset: int) -> None:
        try:
            for n in range(offset, offset + 40):
                store.save_session(_session(n))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(k * 1000,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    page, _, total = store.session_page(None)
    assert total == len(page) == 320
    assert sorted(info.sequence for info in page) == list(range(1, 321))  # one count, no gaps


def _server_schema(monkeypatch: pytest.MonkeyPatch) -> str:
    """The URL of a fresh schema on the test server, set for okhelp to use."""
    pytest.importorskip("psycopg")
    from tests.helpers.postgres import server_url

    assert server_url() is not None
    return os.environ["OKHELP_DATABASE_URL"]


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_a_server_database_is_versioned_and_a_newer_one_refused(
    tmp_path: Path, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    url = _server_schema(monkeypatch)
    home = tmp_path / "home"
    Store(home).save_session(_session(1))
    assert not (home / "okhelp.db").exists()  # the server holds the sessions, not the folder
    with psycopg.connect(url, autocommit=True) as db:
        assert db.execute("SELECT version FROM okhelp_schema").fetchall() == [(SCHEMA_VERSION,)]
        db.execute("UPDATE okhelp_schema SET version = version + 1")
    done = _okhelp(home, "sessions")
    assert done.returncode == 1 and "newer okhelp" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_a_server_that_cannot_be_reached_is_one_line_without_its_password(
    tmp_path: Path, backend: str
) -> None:
    env = {**os.environ, "OKHELP_HOME": str(tmp_path / "home")}
    cases = {
        "postgresql://okhelp:s3cr%21t-pw@127.0.0.1:1/okhelp": "s3cr",
        "postgresql://127.0.0.1:1/okhelp?password=s3cr-pw": "s3cr",
        "mysql://okhelp:s3cr-pw@127.0.0.1/okhelp": "s3cr",
    }
    for url, secret in cases.items():
        env["OKHELP_DATABASE_URL"] = url
        done = subprocess.run(
            [sys.executable, "-m", "okhelp", "sessions"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert done.returncode == 1, done.stderr
        assert len(done.stderr.strip().splitlines()) <= 2, done.stderr  # the error and its hint
        assert "Traceback" not in done.stderr and secret not in done.stderr, done.stderr
        assert "***" in done.stderr, done.stderr


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_one_writer_per_session_across_machines(tmp_path: Path, backend: str) -> None:
    """Another okhelp with a data folder of its own (as on another machine) sharing only the
    server is told the session is busy while this one holds it, and moves it at once after."""
    from okhelp.storage.locks import release

    store = Store(tmp_path / "here")
    started = json.loads(_okhelp(tmp_path / "here", "start", "top-up").stdout)
    session_id = started["session_id"]
    store.claim(session_id)
    busy = _okhelp(tmp_path / "elsewhere", "answer", session_id, "bank")
    assert busy.returncode == 75, busy.stderr
    assert "Traceback" not in busy.stderr
    release(session_id)
    moved = _okhelp(tmp_path / "elsewhere", "answer", session_id, "bank")
    assert moved.returncode == 0, moved.stderr
    assert [entry["step"] for entry in saved_session(tmp_path, session_id)["trail"]] == ["method"]


def test_a_server_url_without_the_postgres_extra_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result]
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as where okhelp[postgres] is not installed
    monkeypatch.setenv("OKHELP_DATABASE_URL", "postgresql://okhelp@127.0.0.1/okhelp")
    with pytest.raises(StoreError) as raised:
        Store(tmp_path / "home").database()
    assert raised.value.code == "postgres_missing"
    listed = cli("sessions")
    assert listed.code == 1 and "pip install 'okhelp[postgres]'" in listed.err
    assert "Traceback" not in listed.err and len(listed.err.strip().splitlines()) == 1
    monkeypatch.setenv("OKHELP_LANG", "zh")
    assert "安装" in cli("sessions").err


@pytest.mark.parametrize("reason", ["disk I/O error", "database or disk is full"])
def test_a_disk_that_cannot_be_written_still_shows_what_is_saved(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, reason: str
) -> None:
    """A full disk or a read-only mount, which a folder's mode does not show: the sessions and
    summaries already saved are still read, and a new run says it cannot save and goes on."""
    from okhelp.storage.database import Database

    assert cli("guide", "top-up", "--lang", "en", *answer_args(ESCALATED_TOP_UP)).code == 0
    saved = cli("sessions").out.split("\t")[0]

    def unwritable(self: Database) -> sqlite3.Connection:
        raise sqlite3.OperationalError(reason)

    monkeypatch.setattr(Database, "_connect_writable", unwritable)
    listed = cli("sessions")
    assert listed.code == 0 and listed.out.startswith(saved), listed.err
    shown = cli("summary", saved, "--lang", "en")
    assert shown.code == 0 and "13800138000" in shown.out
    again = cli(*TOP_UP, "--lang", "en")
    assert again.code == 0 and "will not be kept" in again.err


def test_an_imported_session_has_its_secrets_cut_out_as_a_saved_one_does(tmp_path: Path) -> None:
    """A history file from elsewhere may carry a card number okhelp itself never stores."""
    source = _session(1)
    source.description = "卡号 4111 1111 1111 1111 付款失败"
    source.fields["error_message"] = {"text": "otp 482913 rejected", "value": "otp 482913 rejected"}
    source.trail.append(Entry("top-up", "error", "otp 482913 rejected"))
    line = json.dumps(source.to_json(), ensure_ascii=False)
    exported = tmp_path / "history.jsonl"
    exported.write_text(line + "\n", encoding="utf-8")
    into = Store(tmp_path / "b", database_url="")
    report = import_files([exported], sys.stdin.buffer, into)
    assert report.taken == 1, report.problems
    saved = into.load_session(source.session_id)
    assert saved.description is not None and "4111" not in saved.description
    assert "[REDACTED:card_number]" in saved.description
    assert "482913" not in json.dumps(saved.to_json(), ensure_ascii=False)


def test_an_import_cuts_secrets_out_of_every_copy_and_drops_fields_that_held_one(
    tmp_path: Path,
) -> None:
    """A hand-edited export: a card number as the account, a code in the transaction id and the
    time, a password in a field's display copy, a PIN in a custom field."""
    source = _session(1)
    source.fields["account"] = {
        "kind": "phone",
        "text": "4111111111111111",
        "value": "4111111111111111",
    }
    source.fields["transaction_id"] = {
        "text": "TX 482913 otp 482913",
        "value": "TX 482913 otp 482913",
    }
    source.fields["description"] = {
        "text": "充值没到",
        "value": "充值没到",
        "display": "my password is hunter2",
    }
    source.fields["x-note"] = {"text": "pin 1234", "value": "pin 1234", "display": "pin 1234"}
    source.trail.append(Entry("top-up", "when", "2 hours ago, the sms code was 482913"))
    exported = tmp_path / "history.jsonl"
    exported.write_text(json.dumps(source.to_json(), ensure_ascii=False) + "\n", encoding="utf-8")
    into = Store(tmp_path / "b", database_url="")
    report = import_files([exported], sys.stdin.buffer, into)
    assert report.taken == 1, report.problems
    saved = into.load_session(source.session_id)
    stored = json.dumps(saved.to_json(), ensure_ascii=False)
    for secret in ("4111111111111111", "482913", "hunter2", "1234"):
        assert secret not in stored, secret
    assert "account" not in saved.fields and "transaction_id" not in saved.fields
    assert saved.fields["description"]["text"] == "充值没到"
    assert saved.fields["x-note"]["value"] == "pin [REDACTED:pin]"
    kinds = {(r["field"], r["kind"]) for r in saved.redactions}
    assert {("account", "card_number"), ("x-note", "pin"), ("when", "one_time_code")} <= kinds


@pytest.mark.parametrize(
    "guide", ["../../etc/passwd", 'x"]; evil [label="pwn', "a\nb", "x\x1b[31m", ""]
)
def test_an_import_refuses_a_session_whose_guide_is_no_guide_id(tmp_path: Path, guide: str) -> None:
    record = _session(1).to_json()
    record["guide"] = guide
    exported = tmp_path / "history.jsonl"
    exported.write_text(json.dumps(record) + "\n", encoding="utf-8")
    into = Store(tmp_path / "b", database_url="")
    report = import_files([exported], sys.stdin.buffer, into)
    assert report.taken == 0
    assert len(report.problems) == 1 and "guide" in report.problems[0]
    assert "\x1b" not in report.problems[0] and "\n" not in report.problems[0]

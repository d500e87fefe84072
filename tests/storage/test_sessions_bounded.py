"""Sessions and summary files that fail validation, one writer per session, a read-only data
folder, and listings."""

from __future__ import annotations

import copy
import json
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okhelp.domain.engine import Entry
from okhelp.domain.session import Session, SessionFormatError
from okhelp.errors import EXIT_BUSY, SessionBusy, StoreError
from okhelp.storage.sessions import Store, read_json
from tests.helpers import (
    LOCK_HOLDER,
    Result,
    installed_okhelp,
    one_line_error,
    replace_saved,
    saved_ids,
    saved_session,
)

Cli = Callable[..., Result]

MONEY_ANSWERS = textwrap.dedent(
    """\
    method: bank
    bank-remark: no
    bank-sent: yes
    check-record: no
    when: 14:30
    amount: 120.5 元
    txn: TX2026112000001
    account: 13800138000
    description: 充值两小时还没到账
    """
)


def _session(
    session_id: str = "20261121-154200-abcd",
    status: str = "in_progress",
    updated: str = "2026-11-21T15:42:00+08:00",
) -> Session:
    return Session(
        session_id,
        "top-up",
        "zh",
        updated,
        updated,
        status=status,
        trail=[Entry("top-up", "method", "bank")],
        fields={"amount": {"text": "1", "value": "1.00", "display": "1.00 CNY", "source": "x"}},
        redactions=[{"field": "description", "kind": "card_number", "count": 1}],
    )


# --- session files that fail validation --------------------------------------------------------

DEEP: Any = "x"
for _ in range(200):
    DEEP = [DEEP]

MUTATIONS: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
    ("status number", lambda d: d.update(status=5)),
    ("status list", lambda d: d.update(status=["in_progress"])),
    ("trail text", lambda d: d.update(trail="x")),
    ("trail item number", lambda d: d.update(trail=[1])),
    ("trail value list", lambda d: d["trail"][0].update(value=[1])),
    ("trail value mapping", lambda d: d["trail"][0].update(value={"a": 1})),
    ("trail value huge", lambda d: d["trail"][0].update(value="x" * 30_000)),
    ("trail too long", lambda d: d.update(trail=d["trail"] * 6000)),
    ("trail step missing", lambda d: d["trail"][0].pop("step")),
    ("defaults mapping", lambda d: d.update(defaults={"a": 1})),
    ("fields list", lambda d: d.update(fields=["a"])),
    ("field text", lambda d: d["fields"].update(amount="1.00")),
    ("field value list", lambda d: d["fields"]["amount"].update(value=[1])),
    ("field value deep", lambda d: d["fields"]["amount"].update(value=DEEP)),
    ("field extra deep", lambda d: d["fields"]["amount"].update(extra=DEEP)),
    ("field text number", lambda d: d["fields"]["amount"].update(text=5)),
    ("field edited text", lambda d: d["fields"]["amount"].update(edited="yes")),
    ("field number huge", lambda d: d["fields"]["amount"].update(n=10**30)),
    ("description number", lambda d: d.update(description=123)),
    ("description huge", lambda d: d.update(description="说" * 30_000)),
    ("description deep", lambda d: d.update(description=DEEP)),
    ("outcome list", lambda d: d.update(outcome=[])),
    ("end text", lambda d: d.update(end="x")),
    ("end guide number", lambda d: d.update(end={"guide": 1, "step": "x"})),
    ("timezone number", lambda d: d.update(timezone=8)),
    ("lang", lambda d: d.update(lang="fr")),
    ("session id path", lambda d: d.update(session_id="../../etc/passwd")),
    ("updated_at words", lambda d: d.update(updated_at="yesterday")),
    ("started_at number", lambda d: d.update(started_at=1700000000)),
    ("redactions mapping", lambda d: d.update(redactions={"a": 1})),
    ("redaction count text", lambda d: d["redactions"][0].update(count="1")),
    ("redaction count bool", lambda d: d["redactions"][0].update(count=True)),
    ("redaction kind list", lambda d: d["redactions"][0].update(kind=["x"])),
    ("not a mapping", lambda d: d.clear()),
]


@pytest.mark.parametrize(("name", "mutate"), MUTATIONS, ids=[name for name, _ in MUTATIONS])
def test_a_tampered_session_is_a_format_error(
    name: str, mutate: Callable[[dict[str, Any]], None]
) -> None:
    data = _session().to_json()
    Session.from_json(copy.deepcopy(data))  # the untouched one is fine
    mutate(data)
    with pytest.raises(SessionFormatError):
        Session.from_json(data)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
PATHS = [
    ("status",),
    ("trail",),
    ("trail", 0),
    ("trail", 0, "value"),
    ("defaults",),
    ("fields",),
    ("fields", "amount"),
    ("fields", "amount", "value"),
    ("description",),
    ("end",),
    ("redactions",),
    ("redactions", 0),
    ("lang",),
    ("updated_at",),
]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(path=st.sampled_from(PATHS), value=JSON)
def test_any_value_anywhere_is_read_or_refused_never_crashes(
    path: tuple[Any, ...], value: Any
) -> None:
    data = _session().to_json()
    target: Any = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    try:
        session = Session.from_json(data)
    except SessionFormatError:
        return
    json.dumps(session.to_json())  # what was accepted can be written back


def test_deeply_nested_json_is_refused_when_read(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    with pytest.raises(ValueError, match="nested too deeply"):
        read_json(path)


def _write_raw(home: Path, session_id: str, data: Any) -> Path:
    folder = home / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{session_id}.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_tampered_files_are_reported_and_skipped_in_listings(cli: Cli) -> None:
    home = Path(os.environ["OKHELP_HOME"])
    Store(home).save_session(_session())
    bad = _session("20261121-160000-0001").to_json()
    bad["trail"] = [{"guide": "top-up", "step": "x", "value": {"$": 1}}]
    _write_raw(home, "20261121-160000-0001", bad)
    deep = _session("20261121-160000-0002").to_json()
    deep["description"] = DEEP
    _write_raw(home, "20261121-160000-0002", deep)
    _write_raw(home, "20261121-160000-0003", "[" * 100_000)
    result = cli("sessions", "-f", "json")
    assert result.code == 0
    assert [row["session_id"] for row in json.loads(result.out)] == ["20261121-154200-abcd"]
    warnings = result.err.splitlines()
    assert len(warnings) == 3 and all(
        line.startswith("okhelp: warning: skipped") for line in warnings
    )
    assert "trail[0].value" in result.err and "nested too deeply" in result.err


@pytest.mark.parametrize("command", ["resume", "summary"])
def test_resume_or_summary_of_a_tampered_session_is_a_clear_error(cli: Cli, command: str) -> None:
    home = Path(os.environ["OKHELP_HOME"])
    Store(home).save_session(_session())
    data = _session().to_json()
    data["fields"] = {"account": {"value": {"id": "x"}}}
    replace_saved(home, data)
    err = one_line_error(cli(command, "20261121-154200-abcd"))
    assert "is damaged" in err and "fields.account.value" in err


def test_a_fifo_in_the_sessions_folder_does_not_hang_the_listing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    Store(home).save_session(_session())
    (home / "sessions").mkdir()  # an older okhelp's folder of session files
    os.mkfifo(home / "sessions" / "20261121-170000-0009.json")
    result = subprocess.run(
        [sys.executable, "-m", "okhelp", "sessions", "-f", "json"],
        env={**os.environ, "OKHELP_HOME": str(home)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert len(json.loads(result.stdout)) == 1 and "FIFO" in result.stderr


# --- summary files that fail validation ------------------------------------------------------


_RECORD: list[dict[str, Any]] = []


@pytest.fixture
def record(cli: Cli, tmp_path: Path) -> dict[str, Any]:
    """A real summary record (made once, then copied)."""
    if not _RECORD:
        answers = tmp_path / "answers.yaml"
        answers.write_text(MONEY_ANSWERS, encoding="utf-8")
        assert cli("guide", "top-up", "--answers", str(answers)).code == 0
        _RECORD.append(json.loads(cli("summary", "-f", "json").out))
    return copy.deepcopy(_RECORD[0])


SUMMARY_FAULTS: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("incident text", lambda r: r.update(incident="x"), "incident: must be a mapping"),
    ("incident missing", lambda r: r.pop("incident"), "'incident' is missing"),
    (
        "amount number",
        lambda r: r["incident"]["amount"].update(value=5),
        "incident.amount",
    ),
    ("amount huge", lambda r: r["incident"]["amount"].update(value="9" * 500), "incident.amount"),
    ("account id number", lambda r: r["account"].update(id=5), "account"),
    ("steps text", lambda r: r.update(steps_tried="x"), "steps_tried: must be a list"),
    (
        "step action list",
        lambda r: r["steps_tried"][0].update(action=["x"]),
        "steps_tried[0].action: must be text",
    ),
    ("transcript number", lambda r: r.update(transcript=[1]), "transcript[0]: must be a mapping"),
    (
        "description huge",
        lambda r: r.update(description="说" * 30_000),
        "description: too long (at most 20000",
    ),
    ("description deep", lambda r: r.update(description=DEEP), "nested too deeply"),
    ("description list", lambda r: r.update(description=["a"]), "description: must be text"),
    ("extra key", lambda r: r.update(evil="\u001b]0;x\u0007"), "unexpected key 'evil'"),
    ("hostile key", lambda r: r.update({"\u001b[2J": 1}), "unexpected key '\\x1b[2J'"),
    ("generated_at words", lambda r: r.update(generated_at="now"), "generated_at: not a valid"),
    (
        "occurred_at year",
        lambda r: r["incident"].update(occurred_at="9999-12-31T23:59:59+14:00"),
        "incident.occurred_at: not a valid",
    ),
    ("no channels", lambda r: r.update(contact_channels=[]), "contact_channels: too few"),
    (
        "too many channels",
        lambda r: r.update(contact_channels=r["contact_channels"] * 10),
        "contact_channels: too many",
    ),
    (
        "redaction count text",
        lambda r: r.update(redactions=[{"field": "d", "kind": "pin", "count": "1"}]),
        "redactions[0].count",
    ),
    ("tool wrong", lambda r: r["tool"].update(version=None), "tool.version: must be text"),
    ("status unknown", lambda r: r.update(status="hacked"), "status: not one of"),
    ("many values", lambda r: r.update(transcript=[{"x": 1}] * 300_000), "too many values"),
]


@pytest.mark.parametrize(
    ("name", "mutate", "where"), SUMMARY_FAULTS, ids=[name for name, _, _ in SUMMARY_FAULTS]
)
def test_an_invalid_summary_file_is_refused_before_rendering(  # noqa: PLR0917
    cli: Cli,
    tmp_path: Path,
    record: dict[str, Any],
    name: str,
    mutate: Callable[[dict[str, Any]], None],
    where: str,
) -> None:
    mutate(record)
    path = tmp_path / "sent.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    for options in (["-f", "text"], ["-f", "markdown", "--mask"], ["-f", "json"]):
        err = one_line_error(cli("summary", str(path), *options))
        assert "is not a valid okhelp.summary/1 file: " in err and where in err, err
        assert "\x1b" not in err and "\x07" not in err


def test_a_valid_summary_file_renders_in_every_format(
    cli: Cli, tmp_path: Path, record: dict[str, Any]
) -> None:
    path = tmp_path / "sent.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    for fmt in ("text", "markdown", "json"):
        result = cli("summary", str(path), "-f", fmt)
        assert result.code == 0 and "TX2026112000001" in result.out, result.err


@pytest.mark.parametrize(
    "content",
    ["[" * 100_000, "\xff\xfe", "not json", '"okhelp.summary/1"', '{"schema": "okhelp.summary/1"}'],
)
def test_broken_summary_files_are_one_line(cli: Cli, tmp_path: Path, content: str) -> None:
    path = tmp_path / "sent.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    err = one_line_error(cli("summary", str(path)))
    assert "summary" in err


# --- one writer per session ------------------------------------------------------------------


def test_a_session_held_by_another_process_cannot_be_claimed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    Store(home).save_session(_session())
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(home), "20261121-154200-abcd"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(SessionBusy, match="open elsewhere"):
            Store(home).load_session("20261121-154200-abcd", claim=True)
    finally:
        holder.communicate("\n", timeout=30)
    assert Store(home).load_session("20261121-154200-abcd", claim=True).status == "in_progress"


@pytest.mark.slow
def test_a_second_resume_of_an_open_session_exits_busy_at_once(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("OKHELP_")},
        "OKHELP_HOME": str(tmp_path / "home"),
        "OKHELP_NOW": "2026-11-21T15:42:00+08:00",
        "TZ": "Asia/Shanghai",
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }

    def second() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [installed_okhelp(), "resume", session_id, "--lang", "en"],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )

    started = subprocess.run(
        [installed_okhelp(), "guide", "top-up", "-a", "method=bank", "--lang", "en"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert started.returncode == 2, started.stderr
    session_id = json.loads(
        subprocess.run(
            [installed_okhelp(), "sessions", "-f", "json"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )[0]["session_id"]
    first = pexpect.spawn(
        installed_okhelp(),
        ["resume", session_id, "--lang", "en"],
        env=env,
        encoding="utf-8",
        timeout=20,
    )
    try:
        first.expect("Did this solve it")
        other = second()
        assert other.returncode == EXIT_BUSY
        assert "open elsewhere" in other.stderr and other.stderr.count("\n") == 1
        first.send("\x1b[B\r")  # not solved
        first.expect("transfer as completed")
        assert second().returncode == EXIT_BUSY and "open elsewhere" in second().stderr
        first.send("\x03")
        first.expect(pexpect.EOF)
    finally:
        first.close(force=True)
    assert first.exitstatus == 130
    after = second()
    assert after.returncode == 2 and "open elsewhere" not in after.stderr
    assert "no answer given" in after.stderr
    saved = saved_session(tmp_path / "home", session_id)
    assert [entry["step"] for entry in saved["trail"]] == ["method", "bank-remark"]


def test_a_finished_run_leaves_no_lock_file(cli: Cli) -> None:
    answers = Path(os.environ["OKHELP_HOME"]).parent / "answers.yaml"
    answers.write_text(MONEY_ANSWERS, encoding="utf-8")
    assert cli("guide", "top-up", "--answers", str(answers)).code == 0
    home = Path(os.environ["OKHELP_HOME"])
    assert len(saved_ids(home)) == 1
    assert list((home / "locks").iterdir()) == []


# --- a read-only data folder -----------------------------------------------------------------


def test_a_read_only_data_folder_is_respected(cli: Cli, tmp_path: Path) -> None:
    home = Path(os.environ["OKHELP_HOME"])
    Store(home).save_session(_session())
    folder = home
    before = sorted(str(p) for p in folder.rglob("*"))
    folder.chmod(0o500)
    try:
        answers = tmp_path / "answers.yaml"
        answers.write_text(MONEY_ANSWERS, encoding="utf-8")
        result = cli("guide", "top-up", "--answers", str(answers))
        assert result.code == 0, result.err
        assert result.err.count("cannot be saved") == 1 and "read-only" in result.err
        assert result.err.count("cannot") == 1 and "warning" not in result.err  # said once
        assert "TX2026112000001" in result.out  # the summary is still shown
        assert stat.S_IMODE(folder.stat().st_mode) == 0o500
        assert sorted(str(p) for p in folder.rglob("*")) == before
        listing = cli("sessions", "-f", "json")  # reading still works
        assert listing.code == 0, listing.err
        assert [row["session_id"] for row in json.loads(listing.out)] == [_session().session_id]
        assert "20261121-154200-abcd" in cli("summary", "20261121-154200-abcd").out
        assert sorted(str(p) for p in folder.rglob("*")) == before
    finally:
        folder.chmod(0o700)


def test_new_folders_are_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        store = Store(tmp_path / "a" / "home")
        store.save_session(_session())
    finally:
        os.umask(old)
    for folder in (tmp_path / "a" / "home",):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((store.root / "okhelp.db").stat().st_mode) == 0o600


def test_a_read_only_folder_refuses_writes_with_a_clear_reason(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o500)
    home.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="read-only"):
            Store(home).save_session(_session())
        assert list(home.iterdir()) == []
    finally:
        home.chmod(0o700)


# --- listings -----------------------------------------------------------------------


def _many(home: Path, count: int) -> list[str]:
    """``count`` sessions, a third of them unfinished."""
    store = Store(home)
    ids = []
    for n in range(count):
        session_id = f"20261121-{n // 60:04d}{n % 60:02d}-{n % 65536:04x}"
        status = "in_progress" if n % 3 == 0 else "escalated"
        updated = f"2026-11-21T{n // 60 % 24:02d}:{n % 60:02d}:00+08:00"
        store.save_session(_session(session_id, status, updated))
        ids.append(session_id)
    return ids


def test_order_is_by_last_update_across_time_zones(tmp_path: Path) -> None:
    """Sessions saved before okhelp counted its saves (``sequence`` 0) go by their time."""
    store = Store(tmp_path / "home")
    for name, updated in (
        ("0001", "2026-11-21T10:00:00+08:00"),
        ("0002", "2026-11-21T03:00:00+00:00"),
        ("0003", "2026-11-21T09:30:00+08:00"),
    ):
        session = _session(f"20261121-100000-{name}", updated=updated)
        store.write_json(store.session_path(session.session_id), session.to_json())
    sessions, _ = store.list_sessions()
    assert [s.session_id[-4:] for s in sessions] == ["0002", "0001", "0003"]
    latest, _ = store.latest()
    assert latest is not None and latest.session_id.endswith("0002")


def test_latest_unfinished_is_the_newest_unfinished(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _many(home, 40)
    latest, _ = Store(home).latest_unfinished()
    everything, _ = Store(home).list_sessions()
    expected = next(s for s in everything if s.status == "in_progress")
    assert latest == expected


def test_sessions_shows_the_newest_20_unless_asked(cli: Cli) -> None:
    _many(Path(os.environ["OKHELP_HOME"]), 25)
    default = cli("sessions", "-f", "json")
    assert len(json.loads(default.out)) == 20 and "20 of 25" in default.err
    assert "--all" in default.err
    assert len(json.loads(cli("sessions", "-f", "json", "--all").out)) == 25
    assert len(json.loads(cli("sessions", "-f", "json", "-n", "5").out)) == 5
    assert cli("sessions", "-f", "json", "-n", "0").code == 2
    rows = json.loads(cli("sessions", "-f", "json", "--all").out)
    assert rows == sorted(rows, key=lambda row: row["updated_at"], reverse=True)
    table = cli("sessions")
    assert table.code == 0 and len(table.out.splitlines()) == 20


def test_concurrent_runs_are_all_listed_and_counted(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _many(home, 30)
    Store(home).session_page(20)
    env = {**os.environ, "OKHELP_HOME": str(home)}
    command = [sys.executable, "-m", "okhelp", "guide", "top-up", "-a", "method=third-party"]
    command += ["-a", "third-party-status=yes", "-a", "check-record=yes", "-a", "refresh=yes"]
    runs = [
        subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        for _ in range(6)
    ]
    assert all(run.wait(timeout=120) == 0 for run in runs)
    head_page, _, head_total = Store(home).session_page(20)
    full, _ = Store(home).list_sessions()
    assert head_total == len(full) == 36
    assert head_page == full[:20]


def test_a_session_file_over_the_cap_is_not_read(cli: Cli) -> None:
    home = Path(os.environ["OKHELP_HOME"])
    data = _session().to_json()
    data["description"] = "x" * (5 * 1024 * 1024)
    _write_raw(home, "20261121-154200-abcd", data)
    listing = cli("sessions", "-f", "json")
    assert listing.code == 0 and json.loads(listing.out) == []
    assert "too large" in listing.err  # named, and left where it is
    assert "no session" in one_line_error(cli("resume", "20261121-154200-abcd"))
    assert (home / "sessions" / "20261121-154200-abcd.json").exists()

"""Start-up stays light: quick commands must not import the prompt or language libraries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("questionary", "prompt_toolkit", "dateparser", "jieba", "phonenumbers", "Stemmer")

PROBE = """
import json, sys
from okhelp.frontends.cli.app import main
try:
    main({args!r})
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r})))
"""


def _imported(args: list[str]) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, heavy=(*HEAVY, "rich"))],
        capture_output=True,
        text=True,
        timeout=60,
    )
    last = proc.stderr.strip().splitlines()[-1]
    modules: list[str] = json.loads(last)
    return modules


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["guides", "list"],
        ["guides", "list", "--format", "json"],
    ],
)
def test_quick_commands_do_not_import_heavy_libraries(args: list[str]) -> None:
    imported = _imported(args)
    assert not [m for m in imported if m.split(".")[0] in HEAVY], imported


def test_guides_check_imports_only_what_checking_examples_needs() -> None:
    """Examples are checked as a real run checks answers: a phone number needs phonenumbers."""
    imported = _imported(["guides", "check"])
    heavy = [m for m in imported if m.split(".")[0] in HEAVY]
    assert not [m for m in heavy if m.split(".")[0] != "phonenumbers"], imported


@pytest.mark.parametrize("args", [["--version"], ["guides", "list", "--format", "json"]])
def test_version_and_json_do_not_even_import_rich(args: list[str]) -> None:
    assert not [m for m in _imported(args) if m.split(".")[0] == "rich"]


def _okhelp_modules(args: list[str]) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, heavy=("okhelp",))],
        capture_output=True,
        text=True,
        timeout=60,
    )
    modules: list[str] = json.loads(proc.stderr.strip().splitlines()[-1])
    return modules


@pytest.mark.parametrize("args", [["--version"], ["guides", "list"]])
def test_listing_guides_does_not_load_the_time_phrase_parser(args: list[str]) -> None:
    """Reading the config names its time zone; that must not compile the time-phrase patterns,
    which only an answer needs."""
    modules = _okhelp_modules(args)
    assert "okhelp.storage.config" in modules or args == ["--version"], modules
    assert "okhelp.fields.times" not in modules, modules


def _top_modules(
    args: list[str], names: tuple[str, ...], env: dict[str, str] | None = None
) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, heavy=names)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    modules: list[str] = json.loads(proc.stderr.strip().splitlines()[-1])
    return modules


@pytest.mark.parametrize("args", [["--version"], ["guides", "list"], ["guides", "search", "充值"]])
def test_commands_that_keep_no_session_never_open_the_database(args: list[str]) -> None:
    heavy = ("sqlite3", "_sqlite3", "psycopg", "psycopg_pool")
    assert _top_modules(args, heavy) == []
    server = {**os.environ, "OKHELP_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}
    assert _top_modules(args, heavy, server) == []  # nor reach for a server


def test_a_session_command_opens_it_only_when_there_is_one(tmp_path: Path) -> None:
    env = {**os.environ, "OKHELP_HOME": str(tmp_path / "home")}
    assert _top_modules(["sessions"], ("sqlite3",), env) == []  # nothing saved: nothing opened
    subprocess.run(
        [sys.executable, "-m", "okhelp", "start", "top-up"],
        env=env,
        check=True,
        capture_output=True,
    )
    assert "sqlite3" in _top_modules(["sessions"], ("sqlite3",), env)

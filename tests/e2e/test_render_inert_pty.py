"""The hostile corpus through the installed command: piped and in a real pseudo-terminal.

A support agent opens summary files users send (``okhelp summary FILE``) and lists sessions whose
files anyone could have edited. Every string of those files carries every attack (window title,
clipboard, cursor moves, hidden text, C1, bidi, BEL, CR, OSC 8, zero-width), and so do the file
names. Whatever okhelp makes of them, rendering or refusing, the terminal may receive only text,
newlines and rich's own colour sequences.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pexpect
import pytest

from tests.helpers import installed_okhelp, saved_sessions
from tests.helpers.hostile_output import (
    NAME_PAYLOAD,
    PAYLOAD,
    SHOWN_HIDDEN,
    every_string_but_schema,
    fill_free_text,
    free_text,
    plant,
    terminal_problems,
)

pytestmark = pytest.mark.slow

FORMATS = ("text", "markdown", "json")
ANSWERS = (
    'method: bank\nbank-remark: "no"\nbank-sent: "yes"\ncheck-record: "no"\n'
    'when: "yesterday 3pm"\namount: "120.5"\ntxn: TX2026112000001\n'
    'account: "13800138000"\ndescription: money not arrived\n'
)


def _env(home: Path, config: Path) -> dict[str, str]:
    """The environment of a run; a ``config`` that does not exist means no config at all."""
    chosen = {"OKHELP_CONFIG": str(config)} if config.exists() else {}
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("OKHELP_", "NO_COLOR"))},
        "XDG_CONFIG_HOME": str(home.parent / "no-config"),
        "OKHELP_HOME": str(home),
        "OKHELP_NOW": "2026-11-21T15:42:00+08:00",
        **chosen,
        "OKHELP_LANG": "en",
        "TZ": "Asia/Shanghai",
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "COLUMNS": "",
    }


def _piped(args: list[str], env: dict[str, str]) -> tuple[int, bytes, bytes]:
    done = subprocess.run([installed_okhelp(), *args], env=env, capture_output=True, timeout=60)
    return done.returncode, done.stdout, done.stderr


def _in_pty(args: list[str], env: dict[str, str]) -> tuple[int, bytes]:
    """Everything a terminal 3000 columns wide receives (stdout and stderr both)."""
    child = pexpect.spawn(installed_okhelp(), args, env=env, timeout=60, dimensions=(50, 3000))
    child.expect(pexpect.EOF)
    raw = child.before or b""
    child.close()
    assert child.exitstatus is not None, child.signalstatus
    return int(child.exitstatus), raw


def _assert_inert(raw: bytes, where: str) -> str:
    problems = terminal_problems(raw)
    assert not problems, f"{where}: {problems[:5]}"
    return raw.decode("utf-8")


def _assert_plain(raw: bytes, where: str) -> str:
    """Piped output: no colour at all either, so not even an SGR is allowed."""
    text = _assert_inert(raw, where)
    assert "\x1b" not in text, where
    return text


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A real session and summary made by the command, then planted with the payload: summary
    files (free text only; every string), files with hostile names, tampered session files."""
    root = tmp_path_factory.mktemp("hostile")
    clean = root / "clean-home"
    answers = root / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    code, _, err = _piped(
        ["guide", "top-up", "--answers", str(answers)], _env(clean, root / "none.yaml")
    )
    assert code == 0, err
    (session,) = saved_sessions(clean)
    (summary_file,) = (clean / "summaries").glob("*.json")
    record = fill_free_text(json.loads(summary_file.read_text(encoding="utf-8")))

    files = root / "files"
    files.mkdir()
    summaries = {
        # The one field no schema caps short: this file must render, so the positive case is
        # tested whatever length caps other fields get.
        "description": plant(record, lambda p: p == ("description",)),
        "free-text": plant(record, free_text),
        "every-string": plant(record, every_string_but_schema),
    }
    paths = {}
    for name, data in summaries.items():
        paths[name] = files / f"{name}.json"
        paths[name].write_text(json.dumps(data), encoding="utf-8")
    paths["hostile-name"] = files / f"summary-{NAME_PAYLOAD}.json"
    paths["hostile-name"].write_text(json.dumps(summaries["free-text"]), encoding="utf-8")
    paths["broken-hostile-name"] = files / f"broken-{NAME_PAYLOAD}.json"
    paths["broken-hostile-name"].write_bytes(b"{not json \x1b]0;x\x07")
    paths["foreign-hostile-name"] = files / f"foreign-{NAME_PAYLOAD}.json"
    paths["foreign-hostile-name"].write_text(json.dumps({"schema": PAYLOAD}), encoding="utf-8")

    home = root / "home"
    sessions = home / "sessions"  # as an older okhelp kept them: taken in when first read
    sessions.mkdir(parents=True)
    stem = session["session_id"]
    # Clean id, every other string hostile, the newest: 'okhelp summary' builds from it.
    fields = plant(session, lambda p: p not in (("schema",), ("session_id",), ("status",)))
    fields["updated_at"] = "2099-01-01T00:00:00+08:00" + PAYLOAD
    (sessions / f"{stem}.json").write_text(json.dumps(fields), encoding="utf-8")
    # Hostile id, matching its (hostile) file name: listed by 'okhelp sessions'.
    named = plant(session, lambda p: p not in (("schema",), ("status",), ("session_id",)))
    named["session_id"] = f"20261121-000000-beef{NAME_PAYLOAD}"
    (sessions / f"{named['session_id']}.json").write_text(json.dumps(named), encoding="utf-8")
    # Damaged: an unknown status, a file name that is not JSON.
    bad_status = dict(session, status=PAYLOAD)
    (sessions / f"20261121-000001-dead{NAME_PAYLOAD}.json").write_text(
        json.dumps(bad_status), encoding="utf-8"
    )
    (sessions / f"20261121-000002-f00d{NAME_PAYLOAD}.json").write_bytes(b"\x1b]0;x\x07{")
    hostile_config = root / "hostile-config.yaml"
    hostile_config.write_text(
        "contact_channels:\n"
        f'  - {{kind: chat, detail: "In-app chat {json.dumps(PAYLOAD)[1:-1]}"}}\n',
        encoding="utf-8",
    )
    return {
        "paths": paths,
        "env": _env(home, root / "none.yaml"),
        "hostile_config_env": _env(home, hostile_config),
        "session_id": stem,
    }


def _summary_args(path: Path, fmt: str) -> list[str]:
    return ["summary", str(path), "-f", fmt]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "name",
    [
        "description",
        "free-text",
        "every-string",
        "hostile-name",
        "broken-hostile-name",
        "foreign-hostile-name",
    ],
)
def test_summary_file_in_a_real_terminal_and_a_pipe(
    corpus: dict[str, Any], name: str, fmt: str
) -> None:
    path, env = corpus["paths"][name], corpus["env"]
    code, raw = _in_pty(_summary_args(path, fmt), env)
    shown = _assert_inert(raw, f"pty {name} {fmt}")
    if code == 0:
        # The panel may wrap a long unbroken value anywhere: look at it without frame or breaks.
        squashed = re.sub(r"\x1b\[[0-9;]*m|[│╭╮╰╯─\s]", "", shown)
        assert SHOWN_HIDDEN[fmt].search(squashed), shown[:500]
    else:
        assert "okhelp: error:" in shown
    piped_code, out, err = _piped(_summary_args(path, fmt), env)
    assert piped_code == code
    _assert_plain(out, f"stdout {name} {fmt}")
    errors = _assert_plain(err, f"stderr {name} {fmt}")
    if "hostile-name" in name and code != 0:
        assert "\\x1b]0;owned-title\\x07" in errors  # the file name, named, not sent
    if name == "description":
        assert code == 0, shown[-500:]


def test_summary_written_with_output_holds_no_escape_codes(
    corpus: dict[str, Any], tmp_path: Path
) -> None:
    env = corpus["env"]
    for fmt in FORMATS:
        target = tmp_path / f"ticket.{fmt}"
        code, _, err = _piped(
            [*_summary_args(corpus["paths"]["description"], fmt), "-o", str(target)], env
        )
        assert code == 0, err
        _assert_plain(target.read_bytes(), f"-o {fmt}")
        assert SHOWN_HIDDEN[fmt].search(target.read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_sessions_with_tampered_files(corpus: dict[str, Any], fmt: str) -> None:
    """Listed or reported as skipped (a stricter reader may refuse more of them): either way
    shown inert, and the hidden text visible, in the rows or in the warnings naming the files."""
    env = corpus["env"]
    code, raw = _in_pty(["sessions", "-f", fmt], env)
    shown = _assert_inert(raw, f"pty sessions {fmt}")
    assert code == 0
    assert SHOWN_HIDDEN["text"].search(shown) or SHOWN_HIDDEN["json"].search(shown), shown[:500]
    assert "okhelp: warning: skipped" in shown  # the damaged files, reported by name
    piped_code, out, err = _piped(["sessions", "-f", fmt], env)
    assert piped_code == 0
    listed = _assert_plain(out, f"sessions {fmt}")
    _assert_plain(err, f"sessions {fmt} stderr")
    if fmt == "json":
        rows = json.loads(listed)
        known = {corpus["session_id"], f"20261121-000000-beef{NAME_PAYLOAD}"}
        assert {row["session_id"] for row in rows} <= known
        count = len(rows)
    else:
        lines = listed.splitlines()
        assert all(len(line.split("\t")) == 4 for line in lines)  # no row or column added
        count = len(lines)
    assert count + err.count(b"okhelp: warning: skipped") == 4  # every file: listed or named


@pytest.mark.parametrize("fmt", FORMATS)
def test_summary_built_from_a_tampered_session(corpus: dict[str, Any], fmt: str) -> None:
    env = corpus["env"]
    for args in (["summary", "-f", fmt], ["summary", corpus["session_id"], "-f", fmt]):
        code, raw = _in_pty(args, env)
        shown = _assert_inert(raw, f"pty {args}")
        if code == 0:
            assert SHOWN_HIDDEN[fmt].search(shown), shown[:500]
        piped_code, out, err = _piped(args, env)
        assert piped_code == code
        _assert_plain(out, f"{args}")
        _assert_plain(err, f"{args} stderr")


def test_contact_channels_from_a_hostile_config(corpus: dict[str, Any]) -> None:
    """Config strings written with YAML escapes: refused or shown inert, never sent."""
    env = corpus["hostile_config_env"]
    for fmt in FORMATS:
        args = ["summary", corpus["session_id"], "-f", fmt]
        _, raw = _in_pty(args, env)
        _assert_inert(raw, f"pty hostile config {fmt}")
        _, out, err = _piped(args, env)
        _assert_plain(out, f"hostile config {fmt}")
        _assert_plain(err, f"hostile config {fmt} stderr")


SNEAKY = "\u2060\u00ad\ufeff\u061c\u2028\u200d\u2063"  # format characters the loader lets through


@pytest.fixture(scope="module")
def hostile_guides(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A custom guide folder with a hostile name, a guide whose texts carry invisible format
    characters, and a broken file with a hostile name."""
    from tests.helpers import minimal_guide

    root = tmp_path_factory.mktemp("guides")
    folder = root / f"guides-{NAME_PAYLOAD}"
    folder.mkdir()
    text = minimal_guide("sneaky").replace("Test guide", f"Test{SNEAKY} guide")
    (folder / "sneaky.yaml").write_text(text.replace("Restart it.", f"Restart{SNEAKY} it."))
    (folder / f"broken-{NAME_PAYLOAD}.yaml").write_text("id: [\n")
    return {**_env(root / "home", root / "none.yaml"), "OKHELP_GUIDES_PATH": str(folder)}


@pytest.mark.parametrize(
    "args",
    [
        ["guides", "list"],
        ["guides", "list", "-f", "json"],
        ["guides", "show", "sneaky"],
        ["guides", "show", "sneaky", "-f", "json"],
        ["guides", "search", "test", "guide"],
        ["guides", "search", "test", "-f", "json"],
        ["guides", "graph", "sneaky"],
        ["guides", "graph", "sneaky", "-f", "dot"],
        ["guides", "check"],
    ],
)
def test_custom_guides_with_hostile_names_and_invisible_characters(
    hostile_guides: dict[str, str], args: list[str]
) -> None:
    code, raw = _in_pty(args, hostile_guides)
    shown = _assert_inert(raw, f"pty {args}")
    assert "\\x1b]0;owned-title\\x07" in shown  # the folder and file names, named
    piped_code, out, err = _piped(args, hostile_guides)
    assert piped_code == code
    _assert_plain(out, f"{args}")
    _assert_plain(err, f"{args} stderr")
    if "sneaky" in args and "json" not in args and code == 0:
        assert "\\u2060" in shown  # the invisible character is shown, not hidden

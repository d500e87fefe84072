"""A stdout that is not UTF-8 (PYTHONIOENCODING=ascii or latin-1, LC_ALL=C without UTF-8 mode):
JSON stays JSON (pure ASCII), people's output degrades to visible escapes, and no command ends in
an internal error after it saved a move."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import saved_session

ENCODINGS = {
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "latin-1": {"PYTHONIOENCODING": "latin-1"},
    "C locale": {"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"},
}


def _run(env: dict[str, str], *args: str, lang: str = "zh") -> subprocess.CompletedProcess[bytes]:
    extra = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LC_ALL")}
    proc = subprocess.run(
        [sys.executable, "-m", "okhelp", *args],
        env={**extra, "OKHELP_LANG": lang, **env},
        capture_output=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert b"internal error" not in proc.stderr, proc.stderr
    assert b"Traceback" not in proc.stderr, proc.stderr
    return proc


def _json(proc: subprocess.CompletedProcess[bytes]) -> Any:
    proc.stdout.decode("ascii")  # pure ASCII: any reader in any locale takes it
    return json.loads(proc.stdout)


def _saved(session_id: str) -> dict[str, Any]:
    return saved_session(Path(os.environ["OKHELP_HOME"]), session_id)


@pytest.mark.parametrize("name", list(ENCODINGS))
def test_the_step_protocol_prints_ascii_json_and_each_move_once(name: str) -> None:
    env = ENCODINGS[name]
    started = _run(env, "start", "top-up")
    assert started.returncode == 0
    question = _json(started)
    assert question["text"] == "你是用哪种方式充值的？"  # the same words, as \\u escapes
    sid = question["session_id"]
    assert _saved(sid)["session_id"] == sid
    answered = _run(env, "answer", sid, "bank")
    assert answered.returncode == 0
    following = _json(answered)
    assert following["step"] != question["step"]
    again = _json(_run(env, "answer", sid))  # what a retry sees: the question after bank
    assert again["step"] == following["step"]
    summary = _run(env, "summary", sid, "--format", "json")
    assert summary.returncode == 0 and _json(summary)["session_id"] == sid


@pytest.mark.parametrize("name", list(ENCODINGS))
@pytest.mark.parametrize(
    "args",
    [
        ("summary",),
        ("summary", "--format", "markdown"),
        ("guides", "list"),
        ("guides", "show", "top-up"),
        ("guides", "search", "充值没到账"),
        ("stats", "top-up"),
        ("sessions",),
        ("guide", "top-up", "--answer", "method=bank", "--answer", "bank_details=yes"),
    ],
)
def test_people_s_output_degrades_to_visible_escapes(name: str, args: tuple[str, ...]) -> None:
    env = ENCODINGS[name]
    if args[0] in ("summary", "stats", "sessions"):
        _run(env, "start", "top-up")
    proc = _run(env, *args)
    assert proc.returncode in (0, 2), proc.stderr  # 2: the guide run stops for a missing answer
    shown = proc.stdout + proc.stderr
    shown.decode("ascii" if name != "latin-1" else "latin-1")
    if proc.returncode == 0 and args[0] != "sessions":
        assert b"\\u" in shown  # the Chinese words, escaped where they cannot be written


@pytest.mark.parametrize("name", list(ENCODINGS))
def test_machine_listings_are_ascii_json(name: str) -> None:
    env = ENCODINGS[name]
    _run(env, "start", "top-up")
    for args in (
        ("guides", "list", "-f", "json"),
        ("stats", "-f", "json"),
        ("sessions", "-f", "json"),
    ):
        proc = _run(env, *args)
        assert proc.returncode == 0
        assert isinstance(_json(proc), list)
    titles = {g["id"]: g["title"]["zh"] for g in _json(_run(env, "guides", "list", "-f", "json"))}
    assert titles["top-up"] == "充值未到账或失败"


def test_a_c_locale_still_reads_utf8_arguments() -> None:
    env = ENCODINGS["C locale"]
    found = _json(_run(env, "guides", "search", "充值两个小时了还没到账", "-f", "json"))
    assert found[0]["id"] == "top-up"
    refused = _run(env, "guides", "search", "\udcff")
    assert refused.returncode == 2 and b"byte 0xff" in refused.stderr

"""Bytes that are not UTF-8 (a GBK terminal, a ``\\udcff`` escape) are refused at every entry
point with the usual one-line error or error object; nothing is saved and nothing crashes."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from okhelp.frontends.mcp import decodable_line
from okhelp.frontends.terminal.prompts import QuestionaryPrompter
from okhelp.util.text import dumps_json, neutralise, undecodable_problem
from tests.helpers import replace_saved, saved_ids, saved_session

Run = Callable[..., Any]


def _run(
    *args: str | bytes, env: dict[str, str | bytes] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """One okhelp process with raw bytes in argv and the environment, as a shell passes them."""
    base: dict[Any, Any] = dict(os.environ)
    base.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "okhelp", *args],
        env=base,
        capture_output=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert b"Traceback" not in proc.stderr, proc.stderr
    assert b"internal error" not in proc.stderr, proc.stderr
    return proc


def _sessions() -> list[str]:
    return saved_ids(Path(os.environ["OKHELP_HOME"]))


def test_text_names_the_byte_and_escapes_it_everywhere() -> None:
    assert undecodable_problem("top up \udcff") == "is not valid UTF-8 text (byte 0xff)"
    assert undecodable_problem("a\ufffdb") == "is not valid UTF-8 text (U+FFFD)"
    assert undecodable_problem("充值 120 元") is None
    assert neutralise("a\udcffb") == "a\\udcffb"
    assert json.loads(dumps_json({"v": "a\udcffb"}))["v"] == "a\udcffb"
    dumps_json({"v": "a\udcffb"}).encode("ascii")  # writable by any encoder


def test_start_refuses_an_undecodable_description_with_the_error_object() -> None:
    proc = _run("start", "--description", b"top up \xff")
    assert proc.returncode == 2
    reply = json.loads(proc.stdout)
    assert reply["error"]["code"] == "usage"
    assert "not valid UTF-8 text (byte 0xff)" in reply["error"]["message"]
    assert len(proc.stderr.decode().strip().splitlines()) == 1
    assert _sessions() == []


def test_answer_refuses_undecodable_value_and_keeps_the_question() -> None:
    started = json.loads(_run("start", "top-up").stdout)
    sid = started["session_id"]
    proc = _run("answer", sid, b"a\xffb")
    assert proc.returncode == 2
    reply = json.loads(proc.stdout)
    assert reply["error"]["code"] == "invalid_answer"
    assert "UTF-8" in reply["error"]["message"]
    assert reply["question"]["step"] == started["step"]
    again = json.loads(_run("answer", sid).stdout)
    assert again["step"] == started["step"]  # nothing was saved from the refused answer
    proc = _run("answer", b"2026\xff", "bank")
    assert proc.returncode == 2
    assert "session id is not valid UTF-8" in json.loads(proc.stdout)["error"]["message"]


def test_other_commands_refuse_an_undecodable_argument_in_one_line() -> None:
    for args in (("guides", "search", b"top \xff"), ("summary", "--lang", b"\xff")):
        proc = _run(*args)
        assert proc.returncode == 2
        lines = proc.stderr.decode().strip().splitlines()
        assert len(lines) == 1 and "byte 0xff" in lines[0] and "\\udcff" in lines[0]


@pytest.mark.parametrize("name", ["OKHELP_LANG", "OKHELP_HOME", "OKHELP_NOW", "TZ"])
def test_an_undecodable_setting_is_refused_by_name(name: str) -> None:
    proc = _run("guides", "list", env={name: b"x\xff"})
    assert proc.returncode == 2
    assert f"{name} is not valid UTF-8 text (byte 0xff)" in proc.stderr.decode()
    step = _run("start", "top-up", env={name: b"x\xff"})
    assert step.returncode == 2
    assert json.loads(step.stdout)["error"]["code"] == "usage"
    assert _sessions() == []


def test_files_refuse_undecodable_escapes_and_replacement_characters(
    tmp_path: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text('{"method": "bank\\udcff"}', encoding="utf-8")
    result = cli("guide", "top-up", "--answers", str(answers))
    assert result.code == 2 and "not valid UTF-8 text (byte 0xff)" in result.err
    answers_yaml = tmp_path / "answers.yaml"
    answers_yaml.write_text("method: bank\n\nother: a\ufffdb\n", encoding="utf-8")
    result = cli("guide", "top-up", "--answers", str(answers_yaml))
    assert result.code == 2 and "answers.yaml:3" in result.err and "U+FFFD" in result.err
    config = tmp_path / "config.yaml"
    config.write_text("timezone: Asia/Shanghai\nsupport_hours: 9\ufffd\n", encoding="utf-8")
    monkeypatch.setenv("OKHELP_CONFIG", str(config))
    result = cli("start", "top-up")
    assert result.code == 2 and "config.yaml:2" in result.err and "UTF-8" in result.err
    assert json.loads(result.out)["error"]["code"] == "usage"


def test_a_guide_with_a_replacement_character_is_a_problem_with_its_line(
    cli: Run, write_guide: Callable[..., Path]
) -> None:
    from tests.helpers import minimal_guide

    text = minimal_guide("sample").replace("zh: 测试指南", "zh: 测试\ufffd指南", 1)
    path = write_guide("sample.yaml", text)
    result = cli("guides", "check", str(path))
    assert result.code == 1
    assert "sample.yaml:" in result.out and "not valid UTF-8 text (U+FFFD)" in result.out


def test_a_session_file_with_a_surrogate_escape_is_damaged_not_a_crash(cli: Run) -> None:
    started = cli("start", "top-up")
    sid = json.loads(started.out)["session_id"]
    home = Path(os.environ["OKHELP_HOME"])
    record = saved_session(home, sid)
    replace_saved(home, {**record, "guide": "top-up\udcff"})
    result = cli("summary", sid)
    assert result.code == 2
    assert "damaged" in result.err and "byte 0xff" in result.err


def test_the_wizard_refuses_undecodable_typed_text_where_it_is_typed() -> None:
    seen: list[str] = []

    def validate(value: str) -> str | None:
        seen.append(value)
        return None

    with create_pipe_input() as pipe:
        pipe.send_bytes(b"a\xffb\r")
        pipe.send_text("\x7f\x7f\x7fab\r")
        prompter = QuestionaryPrompter("zh", input=pipe, output=DummyOutput())
        assert prompter.text("?", validate=validate) == "ab"
    assert all(undecodable_problem(value) is None for value in seen)


def test_mcp_lines_with_lone_surrogates_become_refusable_text() -> None:
    line = '{"id": 3, "params": {"arguments": {"value": "a\\udcffb", "ok": "\\ud83d\\ude00"}}}\n'
    data = json.loads(decodable_line(line))
    assert data["params"]["arguments"] == {"value": "a\ufffdb", "ok": "\U0001f600"}
    raw = '{"id": 4, "v": "a\udcffb"}\n'  # a byte that was not UTF-8, read with surrogateescape
    assert json.loads(decodable_line(raw))["v"] == "a\ufffdb"
    plain = '{"id": 5, "v": "\\\\udcff"}\n'  # an escaped backslash: plain text, left alone
    assert json.loads(decodable_line(plain))["v"] == "\\udcff"


@pytest.mark.slow
def test_mcp_answers_a_request_holding_a_lone_surrogate(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "okhelp", "mcp"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "OKHELP_HOME": str(tmp_path / "home")},
    )
    assert proc.stdin is not None and proc.stdout is not None

    def send(text: str | bytes) -> None:
        assert proc.stdin is not None
        proc.stdin.write((text.encode() if isinstance(text, str) else text) + b"\n")
        proc.stdin.flush()

    def receive() -> dict[str, Any]:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        assert ready, "no reply"
        reply: dict[str, Any] = json.loads(proc.stdout.readline())
        return reply

    try:
        hello = {"protocolVersion": "2025-06-18", "capabilities": {}}
        hello["clientInfo"] = {"name": "test", "version": "1"}
        send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": hello}))
        receive()
        send(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}))
        call = (
            '{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"%s","arguments":%s}}'
        )
        send(call % (2, "search_guides", '{"description": "top up \\udcff"}'))
        reply = receive()
        assert reply["id"] == 2 and reply["result"]["isError"] is True
        assert "not valid UTF-8" in reply["result"]["structuredContent"]["error"]["message"]
        send(call.encode() % (3, b"start_session", b'{"description": "top up \xff"}'))
        reply = receive()
        assert reply["id"] == 3 and reply["result"]["isError"] is True
    finally:
        proc.kill()
        proc.wait()

"""Domain errors carry a code and data; each front end words them, in the user's language and in
its own terms: the CLI names commands and options, MCP its tools and fields, never a command."""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import okhelp
from okhelp.core.runtime import Runtime
from okhelp.errors import OkhelpError
from okhelp.frontends import mcp
from okhelp.frontends.protocol import Steps, error_reply
from okhelp.i18n.messages import LANGS, MESSAGES, SURFACES, error_words, text_lang
from tests.helpers import ROOT, Result, minimal_guide

Cli = Callable[..., Result]


def _commands() -> list[str]:
    import typer

    from okhelp.frontends.cli.app import app

    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


# A command okhelp runs, or an option: what only the CLI may name
# ("an okhelp summary" is a file, not the command).
COMMAND = re.compile(rf"(?<!\ban )\bokhelp (?:{'|'.join(_commands())})\b")
FLAG = re.compile(r"(?<![\w-])--[a-z]")
HAN = re.compile(r"[\u4e00-\u9fff]")


def _names_cli(text: str) -> bool:
    return bool(COMMAND.search(text) or FLAG.search(text))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


# --- nothing below the front ends words an error in the CLI's terms --------------------------


def _below_frontends() -> list[Path]:
    package = ROOT / "okhelp"
    return [
        path
        for path in sorted(package.rglob("*.py"))
        if path.relative_to(package).parts[0] not in ("frontends", "output")
    ]


def _error_classes() -> set[str]:
    for info in pkgutil.walk_packages(okhelp.__path__, "okhelp."):
        if not info.name.startswith(("okhelp.frontends", "okhelp.output", "okhelp.__main__")):
            importlib.import_module(info.name)
    found: set[str] = set()
    todo: list[type] = [OkhelpError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return found


def _call_name(node: ast.Call) -> str:
    func = node.func
    return (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )


def test_no_error_made_below_the_front_ends_names_a_command_or_an_option() -> None:
    classes = _error_classes()
    offending = []
    for path in _below_frontends():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _call_name(node) in classes:
                for part in ast.walk(node):
                    text = part.value if isinstance(part, ast.Constant) else None
                    if isinstance(text, str) and _names_cli(text):
                        offending.append(f"{path.relative_to(ROOT)}:{part.lineno}: {part.value}")
    assert offending == []


def test_every_error_entry_is_in_both_languages_and_only_cli_words_name_commands() -> None:
    entries = {key: words for key, words in MESSAGES.items() if key.startswith("error.")}
    assert len(entries) > 60
    for key, words in entries.items():
        assert set(words) == set(LANGS), key
        assert HAN.search(words["zh"]), key
        surface = key.partition("@")[2]
        if surface in ("", "program", "mcp"):
            assert not _names_cli(words["en"]) and not _names_cli(words["zh"]), key


def test_what_mcp_is_told_of_every_catalogued_error_names_no_command() -> None:
    codes = {key.split(".")[1].partition("@")[0] for key in MESSAGES if key.startswith("error.")}
    for code in sorted(codes):
        for lang in LANGS:
            for suffix in SURFACES["mcp"]:
                for key in (f"error.{code}{suffix}", f"error.{code}.hint{suffix}"):
                    text = MESSAGES.get(key, {}).get(lang, "")
                    assert not _names_cli(text), (key, lang, text)


# --- what reaches an assistant over MCP ------------------------------------------------------


def _mcp_error(call: Callable[[], Any], lang: str | None = None) -> dict[str, Any]:
    result = mcp.tool_result(call, lang)
    assert result.is_error
    assert isinstance(result.structured_content, dict)
    error: dict[str, Any] = result.structured_content["error"]
    return error


@pytest.fixture
def custom_guide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "my-guides"
    folder.mkdir()
    (folder / "red-packet.yaml").write_text(minimal_guide("red-packet"), encoding="utf-8")
    monkeypatch.setenv("OKHELP_GUIDES_PATH", str(folder))
    return folder


def test_no_error_text_reaching_mcp_names_a_command_or_an_option(
    custom_guide: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = Steps(Runtime.load())
    started = steps.start("red-packet", None, "en")
    session_id = started["session_id"]
    errors = {
        "unknown session": _mcp_error(lambda: steps.answer("20260101-000000-abcd", "yes")),
        "partial id": _mcp_error(lambda: steps.answer(session_id[:8], "yes")),
        "unknown guide": _mcp_error(lambda: steps.start("topup", None, "en")),
        "nothing to start": _mcp_error(lambda: steps.start(None, None, "en")),
        "empty description": _mcp_error(lambda: steps.start(None, "   ", "en")),
        "bad format": _mcp_error(lambda: steps.summary(session_id, "pdf")),
        "bad language": _mcp_error(lambda: mcp.resolve_lang("fr", {})),
        "first question": _mcp_error(lambda: steps.back(session_id)),
    }
    monkeypatch.delenv("OKHELP_GUIDES_PATH")
    gone = Steps(Runtime.load())
    errors["guide missing"] = _mcp_error(lambda: gone.answer(session_id, "no"))

    store = gone.runtime.store
    ready, finish = threading.Event(), threading.Event()

    def hold() -> None:
        with store.lock_session(session_id):
            ready.set()
            finish.wait(timeout=60)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert ready.wait(timeout=60)
        errors["busy"] = _mcp_error(lambda: gone.answer(session_id, "no"))
    finally:
        finish.set()
        holder.join(timeout=60)

    for what, error in errors.items():
        assert error["message"], what
        for text in _strings(error):
            assert not _names_cli(text), (what, text)
    assert errors["unknown session"]["code"] == "usage"  # the protocol's code, as before
    assert errors["unknown session"]["kind"] == "session_unknown"
    assert errors["unknown session"]["data"] == {"session": "20260101-000000-abcd"}
    assert "start_session" in errors["unknown session"]["hint"]
    assert "search_guides" in errors["unknown guide"]["hint"]
    assert "did you mean 'top-up'" in errors["unknown guide"]["message"]
    assert errors["guide missing"]["code"] == "guide_missing"
    assert errors["guide missing"]["guide"] == "red-packet"
    assert errors["busy"]["code"] == "busy" and errors["busy"]["hint"]


def test_mcp_words_an_error_in_the_language_the_call_gave() -> None:
    steps = Steps(Runtime.load())
    chinese = _mcp_error(lambda: steps.start("topup", None, "zh"), "zh")
    assert chinese["message"].startswith("没有指南“topup”") and HAN.search(chinese["hint"])
    english = _mcp_error(lambda: steps.start("topup", None, "en"), "en")
    assert english["message"].startswith("no guide 'topup'")


def test_the_step_protocol_names_its_own_commands_and_keeps_its_codes(cli: Cli) -> None:
    result = cli("answer", "20260101-000000-abcd", "yes")
    error = json.loads(result.out)["error"]
    assert result.code == 2 and error["code"] == "usage" and error["kind"] == "session_unknown"
    assert "okhelp start" in error["hint"] and "start_session" not in error["hint"]
    assert "see 'okhelp sessions'" in result.err  # the line for the person at the terminal


# --- every okhelp: error: line in the user's language ----------------------------------------


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (("summary", "no-such.json"), "找不到摘要文件 no-such.json", "no-such.json: no such file"),
        (("resume", "2026"), "没有会话“2026”", "no session '2026'"),
        (("summary", "20260101-000000-abcd"), "没有会话", "no session '20260101-000000-abcd'"),
        (
            ("guide", "topup"),
            "没有指南“topup”；是不是 'top-up'？",
            "no guide 'topup'; did you mean",
        ),
        (("guides", "show", "no-such-guide"), "没有指南", "no guide 'no-such-guide'"),
    ],
)
def test_an_error_line_follows_the_language(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], zh: str, en: str
) -> None:
    for lang, expected in (("zh", zh), ("en", en)):
        monkeypatch.setenv("OKHELP_LANG", lang)
        result = cli(*args)
        assert result.code == 2 and result.out == ""
        assert result.err.startswith("okhelp: error: ") and result.err.count("\n") == 1
        assert expected in result.err
        assert bool(HAN.search(result.err)) is (lang == "zh")
        hinted = result.err.endswith(")\n") or result.err.endswith("）\n")
        assert not hinted or result.err.endswith("）\n" if lang == "zh" else ")\n")
    chinese = cli(*args, "--lang", "zh") if args[0] != "summary" else None
    if chinese is not None:  # --lang wins over OKHELP_LANG for the error too
        assert zh in chinese.err


def test_a_missing_guide_file_is_said_in_the_language(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OKHELP_LANG", "zh")
    chinese = cli("guides", "check", "no-such.yaml")
    assert chinese.code == 1
    assert "no-such.yaml: 没有这个文件或文件夹" in chinese.out
    assert "1 个文件中有 1 个有问题，共 1 处" in chinese.err
    monkeypatch.setenv("OKHELP_LANG", "en")
    english = cli("guides", "check", "no-such.yaml", "topup")
    assert "no-such.yaml: no such file or folder" in english.out
    assert "topup: no such file, folder or guide; did you mean 'top-up'?" in english.out
    assert "2 problem(s) in 2 of 2 file(s)" in english.err


def test_a_refusal_in_a_session_is_in_the_sessions_language_whatever_the_caller_speaks() -> None:
    steps = Steps(Runtime.load())
    started = steps.start("top-up", None, "zh")
    error = _mcp_error(lambda: steps.back(started["session_id"]), "en")
    assert error["code"] == "cannot_go_back" and error["message"].startswith("已经是第一个问题")
    assert "data" not in error  # the language is how to word it, not what it is about


def test_an_error_raised_inside_a_session_keeps_the_sessions_language() -> None:
    from okhelp.domain.engine import GuideLoop

    loop = GuideLoop((("g", "a"), ("g", "b"), ("g", "a")), "zh")
    text, hint = error_words(loop, "en", "mcp")
    assert text.startswith("指南“g”") and hint == "请告诉指南的作者"
    text, hint = error_words(GuideLoop((("g", "a"), ("g", "a"))), "en", "cli")
    assert text.startswith("the guide 'g'") and hint is not None and "okhelp guides check" in hint


def test_data_from_outside_is_shown_inert_in_every_front_end(cli: Cli) -> None:
    hostile = "20261121\x1b[31m-\u202e"
    result = cli("resume", hostile)
    assert "\x1b" not in result.err and "\u202e" not in result.err
    assert "\\x1b" in result.err
    error = _mcp_error(lambda: Steps(Runtime.load()).answer(hostile, "yes"))
    assert not any("\x1b" in text or "\u202e" in text for text in _strings(error))


# --- one "did you mean" ----------------------------------------------------------------------


def test_did_you_mean_is_worded_in_one_place_and_said_alike_everywhere(
    cli: Cli, write_guide: Callable[..., Path]
) -> None:
    wording = re.compile(r"did you mean", re.IGNORECASE)
    writers = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "okhelp").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and wording.search(node.value)
        and not node.value.startswith(("The ", "``"))  # docstrings
        and "No such command" not in node.value  # click's own words, matched to be replaced
    ]
    assert writers == ["okhelp/i18n/messages.py"]
    guide = cli("guide", "topup")
    command = cli("sumary")
    option = cli("summary", "--fromat", "json")
    path = write_guide(
        "fixd.yaml", minimal_guide("fixd").replace("next: escalate", "next: escalte")
    )
    authored = cli("guides", "check", str(path))
    assert "no guide 'topup'; did you mean 'top-up'?" in guide.err
    assert "no such command 'sumary'; did you mean 'summary'?" in command.err
    assert "no such option: --fromat; did you mean --format?" in option.err
    assert "; did you mean 'escalate'?" in authored.out


def test_a_case_slip_is_the_first_suggestion() -> None:
    from okhelp.util.suggest import close_matches

    assert close_matches("Top-Up", ["top-up", "top-ups"]) == ["top-up"]
    assert close_matches("topup", ["top-up", "refund"]) == ["top-up"]
    assert close_matches("", ["top-up"]) == [] and close_matches(None, ["top-up"]) == []


def test_an_internal_error_is_one_line_in_the_language_and_json_for_a_bot(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug okhelp did not foresee still reaches a bot as the protocol's error object, and a
    person in their own language, with no traceback."""

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something unforeseen")

    monkeypatch.setattr(Steps, "start", broken)
    monkeypatch.delenv("OKHELP_DEBUG", raising=False)
    result = cli("start", "top-up", "--lang", "zh")
    assert result.code == 1 and "Traceback" not in result.err
    reply = json.loads(result.out)
    assert reply["error"]["code"] == "failed" and reply["error"]["kind"] == "internal"
    assert "something unforeseen" in reply["error"]["message"]
    assert result.err.startswith("okhelp: error: 内部错误：RuntimeError")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_sessions_own_error_is_said_in_its_language_whatever_the_locale(
    custom_guide: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """A bot's English user must not read a missing guide's error in Chinese because the
    server's locale is Chinese (or the reverse)."""
    steps = Steps(Runtime.load())
    session_id = steps.start("red-packet", None, lang)["session_id"]
    monkeypatch.delenv("OKHELP_GUIDES_PATH")
    monkeypatch.setenv("OKHELP_LANG", "zh" if lang == "en" else "en")
    gone = Steps(Runtime.load())
    with pytest.raises(OkhelpError) as caught:
        gone.answer(session_id, "no")
    message = error_reply(caught.value)["error"]["message"]
    assert "red-packet" in message
    assert (text_lang(message.replace("red-packet", "")) or "en") == lang


def test_a_summary_whose_guide_is_gone_warns_in_the_language_asked_for(
    custom_guide: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result]
) -> None:
    session_id = Steps(Runtime.load()).start("red-packet", None, "zh")["session_id"]
    monkeypatch.delenv("OKHELP_GUIDES_PATH")
    monkeypatch.setenv("OKHELP_LANG", "zh")
    shown = cli("summary", session_id, "--lang", "en")
    assert shown.code == 0, shown.err
    assert "red-packet" in shown.err and "is not installed" in shown.err
    in_chinese = cli("summary", session_id)
    assert "red-packet" in in_chinese.err and "is not installed" not in in_chinese.err

"""--help and click's usage errors speak the user's language: OKHELP_LANG, --lang or the locale."""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest

from okhelp.frontends.cli import help as clihelp
from okhelp.i18n import help_words
from tests.helpers import Result
from tests.helpers.commands import COMMANDS, IDS, command_at


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _visible(command: Any) -> list[Any]:
    return [p for p in command.params if not getattr(p, "hidden", False)]


@pytest.mark.parametrize("path", COMMANDS, ids=IDS)
def test_every_command_and_option_has_chinese_help(path: tuple[str, ...]) -> None:
    key = " ".join(path)
    command = command_at(path)
    assert help_words.command_help(key), f"no Chinese help for '{key}'"
    for param in _visible(command):
        assert help_words.option_help(key, param.name), f"no Chinese help for {key}:{param.name}"
    assert len(help_words.EXAMPLES_ZH.get(key, ())) == len(clihelp.EXAMPLES.get(key, ())), key


def test_the_top_level_words_are_complete() -> None:
    assert {name for name, _ in clihelp.ENVIRONMENT} == set(help_words.ENVIRONMENT_ZH)
    assert {code for code, _ in clihelp.EXIT_STATUS} == set(help_words.EXIT_STATUS_ZH)
    titles = {title for sections in clihelp.SECTIONS.values() for title, _ in sections}
    assert titles <= set(help_words.SECTIONS_ZH)
    assert help_words.option_help("", "help")


@pytest.mark.parametrize("path", COMMANDS, ids=IDS)
def test_chinese_help_for_every_command(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, path: tuple[str, ...]
) -> None:
    monkeypatch.setenv("OKHELP_LANG", "zh")
    result = cli(*path, "--help")
    assert (result.code, result.err) == (0, "")
    text = result.out
    assert text.startswith(f"用法：{' '.join(('okhelp', *path))} ")
    assert "\n选项：\n" in text and "\n示例：\n" in text
    for heading in ("Usage:", "Options:", "Arguments:", "Commands:", "Examples:"):
        assert heading not in text
    command = command_at(path)
    assert (command.help or "")[:25] not in text
    for param in _visible(command):
        english = (getattr(param, "help", None) or "")[:25]
        assert not english or english not in text, (param.name, english)
    assert all(_width(line) <= 80 for line in text.splitlines()), text
    # A wrapped Chinese line never starts with the comma or bracket that closes the one above.
    assert not re.search(r"\n\s+[，。；：、）]", text), text


def test_the_locale_and_the_option_choose_the_help_language(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OKHELP_LANG")
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert cli("--help").out.startswith("用法：okhelp [选项] 命令 [参数]...")
    assert cli("summary", "--lang", "en", "--help").out.startswith("Usage: okhelp summary ")
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert cli("summary", "--help").out.startswith("Usage: okhelp summary [OPTIONS]")
    assert cli("summary", "--lang=zh", "--help").out.startswith("用法：okhelp summary [选项]")


def test_a_bad_language_setting_still_shows_help(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OKHELP_LANG", "fr")
    result = cli("--help")
    assert result.code == 0 and result.out.startswith("用法：okhelp ")


ZH_ERRORS = [
    (
        ["summary", "-f", "html"],
        "--format 只能是以下之一：text, markdown, json, zendesk, freshdesk",
    ),
    (["guides", "search", "x", "-n", "0"], "--limit 必须是 1 到 100 之间的数字"),
    (
        ["summary", "--fromat", "json"],
        "没有这个选项：--fromat；是不是 --format？ (请看 'okhelp summary --help')",
    ),
    (["--bogus"], "没有这个选项：--bogus (请看 'okhelp --help')"),
    (["sumary"], "没有“sumary”这个命令；是不是 'summary'？ (请看 'okhelp --help')"),
    (["guide"], "缺少 ID (请看 'okhelp guide --help')"),
    (["summary", "-f"], "--format 需要一个值 (请看 'okhelp summary --help')"),
    (["summary", "--mask=yes"], "--mask 不接受值 (请看 'okhelp summary --help')"),
    (["answer", "a", "b", "c"], "多余的参数：c (请看 'okhelp answer --help')"),
]


@pytest.mark.parametrize(("args", "line"), ZH_ERRORS, ids=[" ".join(a) for a, _ in ZH_ERRORS])
def test_usage_errors_in_chinese(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, args: list[str], line: str
) -> None:
    monkeypatch.setenv("OKHELP_LANG", "zh")
    result = cli(*args)
    assert (result.code, result.out, result.err) == (2, "", f"okhelp: error: {line}\n")


def test_usage_errors_follow_the_lang_option(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OKHELP_LANG", "en")
    result = cli("summary", "--lang", "zh", "-f", "html")
    assert result.err.startswith("okhelp: error: --format 只能是以下之一：")


def test_chinese_wrapping_measures_columns() -> None:
    lines = clihelp.wrap(
        "检查指南文件；每个问题一行：文件:行号: 说明。有问题时退出码为 1。" * 3, 30
    )
    assert all(_width(line) <= 30 for line in lines)
    assert "".join(lines).replace(" ", "") == (
        "检查指南文件；每个问题一行：文件:行号: 说明。有问题时退出码为 1。" * 3
    ).replace(" ", "")
    english = "Validate guide files; every problem as FILE:LINE: message. Exit 1 if any."
    assert clihelp.wrap(english, 30) == textwrap.wrap(english, 30)


def test_ctrl_c_before_a_guide_starts_is_said_in_the_users_language(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C at the guide picker (the prompt turns it into Interrupted)."""
    from okhelp.errors import Interrupted
    from okhelp.frontends.terminal import picker
    from okhelp.frontends.terminal import session as terminal

    def interrupt(*_args: object, **_kwargs: object) -> None:
        raise Interrupted("interrupted")

    monkeypatch.setattr(terminal, "interactive", lambda: True)
    monkeypatch.setattr(picker, "choose_interactively", interrupt)
    monkeypatch.setenv("OKHELP_LANG", "zh")
    result = cli("troubleshoot")
    assert result.code == 130
    assert "已中断" in result.err + result.out
    assert "interrupted" not in result.err + result.out
    english = cli("troubleshoot", "--lang", "en")
    assert english.code == 130 and "interrupted" in english.err + english.out

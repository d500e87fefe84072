"""``--accessible`` and OKHELP_ACCESSIBLE on the commands that ask: plain numbered lines in,
nothing styled out."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

import pytest

from okhelp.output import console as render
from tests.helpers import Result

Cli = Callable[..., Result]


@pytest.fixture(autouse=True)
def at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from okhelp.frontends.terminal import session as terminal

    monkeypatch.setattr(terminal, "interactive", lambda: True)
    yield
    render.reset_consoles()  # the mode's plain consoles stay with this test


def _typed(monkeypatch: pytest.MonkeyPatch, *lines: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(line + "\n" for line in lines)))


@pytest.mark.parametrize("how", ["option", "variable"])
def test_a_guide_asked_in_numbered_lines(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    _typed(monkeypatch, "1", "1", "")  # how to sign up; solved; no rating
    args = ["guide", "register"]
    if how == "option":
        args.append("--accessible")
    else:
        monkeypatch.setenv("OKHELP_ACCESSIBLE", "yes")
    result = cli(*args)
    assert result.code == 0, result.err
    assert "Where does signing up go wrong?" in result.out
    assert "\n1. " in result.out and "Selected: " in result.out
    assert "\x1b" not in result.out + result.err


def test_ctrl_d_saves_the_session_and_says_how_to_resume(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _typed(monkeypatch, "2")  # the code never arrives; then end of input
    result = cli("guide", "register", "--accessible")
    assert result.code == 130
    assert "okhelp resume " in result.err


def test_a_wrong_value_of_the_variable_is_one_line_and_exit_2(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OKHELP_ACCESSIBLE", "maybe")
    result = cli("guide", "register")
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        "okhelp: error: OKHELP_ACCESSIBLE must be 1, true, yes, on or 0, false, no, off "
        "(it is 'maybe')"
    ]


@pytest.mark.parametrize("command", ["troubleshoot", "guide", "resume", "forget"])
def test_the_option_is_in_the_help_of_every_command_that_asks(cli: Cli, command: str) -> None:
    result = cli(command, "--help")
    assert "--accessible" in result.out
    assert "screen readers" in result.out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_forget_asks_in_numbered_lines_and_enter_keeps_everything(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from okhelp.domain.session import Session
    from okhelp.storage.sessions import Store

    when = "2026-11-21T10:00:00+08:00"
    Store.from_env().save_session(Session("20261121-100000-abcd", "top-up", "en", when, when))
    monkeypatch.setattr("sys.stdin", _Terminal("\n"))
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    result = cli("forget", "--all", "--accessible")
    assert result.code == 0, result.err
    assert "1. Yes\n2. No\n" in result.out
    assert "Choice, 1 to 2 (Enter for 2): " in result.out
    assert "Nothing erased." in result.err
    assert cli("sessions", "-f", "json").out.count("20261121-100000-abcd") == 1

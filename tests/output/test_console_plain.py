"""The accessible mode's consoles: not one escape code at a terminal, where the usual ones colour
(NO_COLOR alone keeps bold)."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from okhelp.output import console as render


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _terminal(monkeypatch: pytest.MonkeyPatch, **environ: str) -> _Terminal:
    """A colour terminal on stdout; in the test body (pytest's capture puts its own streams back
    between a fixture and the test)."""
    out = _Terminal()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    render.reset_consoles()
    return out


@pytest.fixture(autouse=True)
def _fresh_consoles() -> Iterator[None]:
    yield
    render.reset_consoles()


def _panel() -> None:
    render.outcome("en", "Top-up sorted.", True)


def test_the_usual_console_styles_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    out = _terminal(monkeypatch)
    _panel()
    assert "\x1b[" in out.getvalue()


def test_no_color_alone_still_styles(monkeypatch: pytest.MonkeyPatch) -> None:
    out = _terminal(monkeypatch, NO_COLOR="1")
    _panel()
    assert "\x1b[1m" in out.getvalue()  # bold: why the accessible mode goes further


def test_plain_consoles_write_no_escape_code(monkeypatch: pytest.MonkeyPatch) -> None:
    out = _terminal(monkeypatch)
    render.plain_consoles()
    _panel()
    assert "Top-up sorted." in out.getvalue()
    assert "\x1b" not in out.getvalue()


def test_a_refusal_is_one_line_in_the_accessible_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """The menus' refusal is broken to the width (at spaces); the accessible mode's is one line
    for the terminal to wrap, so a screen reader reads it as one sentence."""
    refusal = "not a time okhelp understands (e.g. yesterday 3pm, 2 hours ago, 2026-11-20 14:30)"
    for plain, lines in ((False, 3), (True, 1)):
        err = _Terminal()
        monkeypatch.setattr("sys.stderr", err)
        monkeypatch.setenv("COLUMNS", "40")
        render.reset_consoles()
        if plain:
            render.plain_consoles()
        render.WizardView("en").problem(refusal)
        assert len(err.getvalue().strip("\n").splitlines()) == lines, err.getvalue()


def test_the_accessible_summary_breaks_no_line_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """At a terminal the summary is a panel wrapped to its width; a screen reader stops at each
    line end, so in the accessible mode every line is whole, for the terminal to wrap."""
    from okhelp.output.formats import plain
    from tests.helpers.summary_records import top_up_record

    record = top_up_record("en")
    out = _terminal(monkeypatch)
    monkeypatch.setenv("COLUMNS", "40")
    render.plain_consoles()
    render.summary_text(record, "en")
    shown = out.getvalue()
    assert "\x1b" not in shown and not set("│╭╮╰╯─") & set(shown)
    wrapped = plain(record, "en", 40).splitlines()
    assert len(shown.splitlines()) < len(wrapped)  # the same summary, fewer lines
    assert max(map(len, shown.splitlines())) > 80


def test_the_accessible_closing_words_break_no_line_of_their_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    closing = "钱已经回到你的账户了。以后转账前，在确认页核对收款人的名字和账号，再付款。" * 2
    out = _terminal(monkeypatch)
    monkeypatch.setenv("COLUMNS", "20")
    render.plain_consoles()
    render.outcome("zh", closing, True)
    assert closing in out.getvalue().replace("\r", "")  # one line, for the terminal to wrap

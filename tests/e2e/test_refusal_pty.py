"""A refusal in a real terminal that answers cursor-position requests, as xterm, GNOME Terminal
and iTerm do: drawn on the rows right under the answer it refuses, not on the screen's bottom
row, and the answer left in the box to be corrected."""

from __future__ import annotations

import pexpect
import pytest

from tests.helpers import installed_okhelp
from tests.helpers.pty import CTRL_C, CTRL_U, DOWN, ENTER
from tests.helpers.screen import Screen, pump

pytestmark = pytest.mark.slow

ROWS = 24


def _spawn(env: dict[str, str], columns: int) -> tuple[pexpect.spawn, Screen]:
    # without PROMPT_TOOLKIT_NO_CPR: prompt_toolkit asks where the cursor is, the screen answers
    talking = {key: value for key, value in env.items() if key != "PROMPT_TOOLKIT_NO_CPR"}
    child = pexpect.spawn(
        installed_okhelp(),
        ["guide", "withdrawal", "--lang", "en"],
        env=talking,
        encoding="utf-8",
        timeout=15,
        dimensions=(ROWS, columns),
    )
    return child, Screen(ROWS, columns)


def _row_of(screen: Screen, text: str) -> int:
    return next(number for number, line in enumerate(screen.lines()) if text in line)


@pytest.mark.parametrize("columns", [80, 50])
def test_the_refusal_stands_on_the_row_under_the_prompt(env: dict[str, str], columns: int) -> None:
    child, screen = _spawn(env, columns)
    pump(child, screen, "Where does your withdrawal stand")
    child.send(DOWN + ENTER)
    pump(child, screen, "When did you submit")
    child.send("yesturday around 3pm" + ENTER)
    pump(child, screen, "not a time okhelp")
    typed = _row_of(screen, "yesturday around 3pm")
    assert typed < ROWS - 4, screen.text()  # the prompt is high on the screen, not at its foot
    refusal = _row_of(screen, "not a time okhelp")
    assert refusal == typed + 1, screen.text()
    # broken only at spaces: the suggestion is whole on one row
    assert any("'yesterday around 3pm'?" in line for line in screen.lines()), screen.text()
    child.send(CTRL_U + "yesterday 3pm" + ENTER)
    pump(child, screen, "2026-11-20 15:00")
    child.send(CTRL_C)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

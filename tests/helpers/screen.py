"""A small terminal screen for pty tests: the rows a terminal shows after the bytes a program
wrote, and the answers a terminal gives to "where is the cursor?" (so that prompt_toolkit lays
its prompts out as it does in a real terminal, which it does differently without them).

Only what okhelp's output and prompt_toolkit's renderer use: printable text (wide characters
take two columns), CR, LF, backspace, cursor moves (CUU, CUD, CUF, CUB, CUP, CHA), erasing (ED,
EL), autowrap on and off; colours and modes are read and ignored.
"""

from __future__ import annotations

import re
import time

import pexpect
from wcwidth import wcwidth

_CONTROL = re.compile(r"\x1b\[([?>=]?)([0-9;]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b.")


class Screen:
    """ROWS x COLUMNS cells and a cursor, fed with what the program writes."""

    def __init__(self, rows: int, columns: int) -> None:
        self.rows, self.columns = rows, columns
        self.cells = [[" "] * columns for _ in range(rows)]
        self.row = self.column = 0
        self.autowrap = True
        self.pending_wrap = False
        self.replies: list[str] = []

    def feed(self, data: str) -> None:
        index = 0
        for match in _CONTROL.finditer(data):
            self._text(data[index : match.start()])
            self._control(match)
            index = match.end()
        self._text(data[index:])

    def lines(self) -> list[str]:
        """Each row as text, trailing blanks dropped (a wide character is shown once)."""
        return ["".join(cell for cell in row if cell).rstrip() for row in self.cells]

    def text(self) -> str:
        return "\n".join(self.lines())

    def _text(self, data: str) -> None:
        for char in data:
            if char == "\r":
                self.column, self.pending_wrap = 0, False
            elif char == "\n":
                self._line_feed()
            elif char == "\b":
                self.column, self.pending_wrap = max(self.column - 1, 0), False
            elif char >= " ":
                self._put(char)

    def _put(self, char: str) -> None:
        width = max(wcwidth(char), 0)
        if width == 0:
            return
        if self.pending_wrap or self.column + width > self.columns:
            if self.autowrap:
                self.column = 0
                self._line_feed()
            else:
                self.column = self.columns - width
        self.pending_wrap = False
        self.cells[self.row][self.column] = char
        if width == 2:
            self.cells[self.row][self.column + 1] = ""
        self.column += width
        if self.column >= self.columns:
            self.column = self.columns - 1
            self.pending_wrap = self.autowrap

    def _line_feed(self) -> None:
        self.pending_wrap = False
        if self.row == self.rows - 1:
            self.cells = [*self.cells[1:], [" "] * self.columns]
        else:
            self.row += 1

    def _control(self, match: re.Match[str]) -> None:
        if match.group(3) is None:
            return  # OSC, or a two-byte escape (charset, keypad mode)
        private, params, final = match.groups()
        numbers = [int(p) if p else 0 for p in params.split(";")] if params else []
        count = max(numbers[0], 1) if numbers else 1
        self.pending_wrap = final in "m" and self.pending_wrap
        if private == "?":
            if 7 in numbers and final in "hl":
                self.autowrap = final == "h"
            return
        if final == "A":
            self.row = max(self.row - count, 0)
        elif final == "B":
            self.row = min(self.row + count, self.rows - 1)
        elif final == "C":
            self.column = min(self.column + count, self.columns - 1)
        elif final == "D":
            self.column = max(self.column - count, 0)
        elif final == "G":
            self.column = min(count - 1, self.columns - 1)
        elif final in "Hf":
            row, column = ([*numbers, 1, 1][:2]) if numbers else (1, 1)
            self.row = min(max(row, 1), self.rows) - 1
            self.column = min(max(column, 1), self.columns) - 1
        elif final == "J":
            mode = numbers[0] if numbers else 0
            if mode == 0:
                self.cells[self.row][self.column :] = [" "] * (self.columns - self.column)
                for row in range(self.row + 1, self.rows):
                    self.cells[row] = [" "] * self.columns
            elif mode == 2:
                self.cells = [[" "] * self.columns for _ in range(self.rows)]
        elif final == "K":
            self.cells[self.row][self.column :] = [" "] * (self.columns - self.column)
        elif final == "n" and numbers == [6]:
            self.replies.append(f"\x1b[{self.row + 1};{self.column + 1}R")


def pump(child: pexpect.spawn, screen: Screen, until: str, timeout: float = 10) -> None:
    """Read what ``child`` writes into ``screen``, answering its cursor questions, until the
    screen shows ``until`` and nothing more comes for a moment; AssertionError on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            screen.feed(child.read_nonblocking(65536, timeout=0.3))
        except pexpect.TIMEOUT:
            if until in screen.text():
                return
        for reply in screen.replies:
            child.send(reply)
        screen.replies.clear()
    raise AssertionError(f"{until!r} not shown; the screen:\n{screen.text()}")

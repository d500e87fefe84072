"""Where a line shown in a terminal may break: at a space, or between two Chinese characters;
never inside a word, and never inside what must be read whole.

A terminal (and prompt_toolkit, which draws the prompts) breaks a long line at its last column,
wherever that falls: ``14:30`` became ``14:`` and ``30`` on two rows, ``'yesterday around 3pm'``
lost its end. These functions find the breaks first, so the refusal under a prompt, a menu item
and a warning are cut only where a reader expects. Kept whole, when they fit on a line: a quoted
phrase (``'yesterday around 3pm'``, ``“昨天下午3点”``), numbers written in groups
(``+44 7400 123456``, ``2026-11-20 14:30``) and any word (``2026-12-03``, ``14:30``). Pure; no
terminal library is imported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

# What a line must not start with (closing punctuation) or end with (opening punctuation).
_NO_LINE_START = frozenset("，。、；：？！）」』】》”’,.;:?!)]}%…")
_NO_LINE_END = frozenset("（「『【《“‘([{")
_NUMBER = r"\d(?:[\d:.,/-]*\d)?"
_WHOLE = re.compile(
    r"(?<!\w)'[^'\n]{1,60}'(?!\w)|(?<!\w)\"[^\"\n]{1,60}\"(?!\w)|“[^”\n]{1,60}”|‘[^’\n]{1,60}’|"
    rf"(?<![\w+])\+?{_NUMBER}(?: {_NUMBER})+(?![\w])"
)


def cells(text: str) -> int:
    """Terminal columns: a wide (CJK) character takes two, a combining mark none."""
    return sum(_cell(char) for char in text)


def _cell(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _atoms(text: str, room: int) -> list[tuple[int, int]]:
    """(start, end) of the pieces a line is never broken inside, in order; what lies between
    two of them is spaces (or nothing, between Chinese characters)."""
    whole = {m.start(): m.end() for m in _WHOLE.finditer(text) if cells(m.group(0)) <= room}
    atoms: list[tuple[int, int]] = []
    index = 0
    while index < len(text):
        if text[index] == " ":
            index += 1
            continue
        if index in whole:
            end = whole[index]
        elif _wide(text[index]):
            end = index + 1
        else:
            end = index + 1
            while end < len(text) and text[end] != " " and not _wide(text[end]):
                if end in whole:
                    break
                end += 1
        glued = atoms and atoms[-1][1] == index
        if glued and (text[index] in _NO_LINE_START or text[index - 1] in _NO_LINE_END):
            atoms[-1] = (atoms[-1][0], end)
        else:
            atoms.append((index, end))
        index = end
    return atoms


def line_spans(text: str, width: int, indent: int = 0) -> list[tuple[int, int]]:
    """(start, end) in ``text`` (one line, no newline) of each row it takes at ``width``
    columns, the rows after the first indented by ``indent``; the spaces where it breaks belong
    to no row, those at its end to the last. A piece wider than a row gets a row of its own
    (the terminal cuts it)."""
    room = max(width - indent, 1)
    spans: list[tuple[int, int]] = []
    start, end, used, limit = 0, 0, 0, width
    for first, last in _atoms(text, room):
        size = cells(text[end:last])
        if end > start and used + size > limit:
            spans.append((start, end))
            start, used, limit = first, cells(text[first:last]), room
        else:
            used += size
        end = last
    spans.append((start, len(text)))  # spaces at the end stay: a prompt's answer follows them
    return spans


def wrap_text(text: str, width: int, indent: int = 0) -> str:
    """``text`` with newlines where :func:`line_spans` breaks each of its lines."""
    rows = []
    for line in text.split("\n"):
        spans = line_spans(line, width, indent)
        rows.append(line[spans[0][0] : spans[0][1]])
        rows += [" " * indent + line[start:end] for start, end in spans[1:]]
    return "\n".join(rows)


Fragment = tuple[Any, ...]  # prompt_toolkit's (style, text) or (style, text, handler)


def wrap_fragments(fragments: Sequence[Fragment], width: int, indent: int = 0) -> list[Fragment]:
    """prompt_toolkit formatted text broken into rows as :func:`line_spans` says, each piece
    keeping its style; the rows after the first of each line are indented by ``indent``."""
    lines: list[list[Fragment]] = [[]]
    for fragment in fragments:
        style, text, *rest = fragment
        for number, piece in enumerate(text.split("\n")):
            if number:
                lines.append([])
            lines[-1].append((style, piece, *rest))
    wrapped: list[Fragment] = []
    for number, line in enumerate(lines):
        if number:
            wrapped.append(("", "\n"))
        joined = "".join(fragment[1] for fragment in line)
        spans = line_spans(joined, width, indent)
        for row, (start, end) in enumerate(spans):
            if row:
                wrapped += [("", "\n"), ("", " " * indent)]
            until = spans[row + 1][0] if row + 1 < len(spans) else len(joined) + 1
            wrapped += _slice(line, start, end, until)
    return wrapped


def _slice(line: Sequence[Fragment], start: int, end: int, until: int) -> list[Fragment]:
    """The pieces of ``line`` between offsets ``start`` and ``end``; an empty piece (a cursor
    mark) goes with the row it stands in or the break before the next row (``until``)."""
    kept: list[Fragment] = []
    offset = 0
    for style, text, *rest in line:
        stop = offset + len(text)
        if text and offset < end and stop > start:
            kept.append((style, text[max(start - offset, 0) : end - offset], *rest))
        elif not text and (start <= offset < until or (offset == 0 and start == 0)):
            kept.append((style, text, *rest))
        offset = stop
    return kept

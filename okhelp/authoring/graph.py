"""A guide's decision tree as Mermaid or Graphviz DOT text, for authors to look at.

Both drawings mark the two kinds of end the same way: resolved ends green and rounded, escalating
ends orange and six- or eight-sided, with a legend of every shape. Guide texts are hostile input
here too: every label is escaped for its language, so no text can end a label, add a node or turn
into markup.

The DOT drawing is laid out top to bottom for reading on a screen: a text is wrapped into short
lines (at spaces, never inside an English word; between Chinese characters, never before a
closing mark or after an opening one), a text longer than a few lines is cut with "…" and kept
whole in the node's tooltip, and the legend stands in one column.
"""

from __future__ import annotations

import shutil
import unicodedata

from okhelp.domain.model import Guide, Step
from okhelp.i18n.messages import words_of

MAX_LABEL = 48
# A DOT box's text: at most NODE_COLUMNS columns a line (a Chinese character counts two), at
# most NODE_LINES lines; an edge's label and a legend entry likewise, narrower.
NODE_COLUMNS, NODE_LINES = 20, 4
EDGE_COLUMNS, EDGE_LINES = 12, 3
LEGEND_COLUMNS = 16
RESOLVED = "__resolved__"  # the end an action without on_yes leads to when it solved the problem

RESOLVED_FILL, RESOLVED_LINE = "#d4edda", "#2e7d32"
ESCALATE_FILL, ESCALATE_LINE = "#fde2c8", "#e65100"
PENDING_FILL, PENDING_LINE = "#dbe4ff", "#3b5bdb"
# How an end is marked wherever a guide is drawn (here, and okhelp stats' pictures).
END_MARK = {"resolved": "✔", "escalate": "✉", "pending": "⏳"}


def _words(lang: str) -> dict[str, str]:
    return words_of("graph", lang)


def _short(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= MAX_LABEL else one_line[: MAX_LABEL - 1] + "…"


# Marks a line may not start with, or end with (the line-breaking rules of Chinese typesetting).
_NO_LINE_START = set("，。、；：？！…‥）」』】》〉”’,.;:?!)]}%·～")
_NO_LINE_END = set("（「『【《〈“‘([{")


def columns(text: str) -> int:
    """How wide a text is drawn, in columns: a wide (Chinese) character counts two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pieces(text: str) -> list[tuple[str, bool]]:
    """(piece, follows a space): the units a line may break between. A run of anything but
    spaces and wide characters is one piece (never broken: a word, "e.g.", "5.2.0"); each wide
    character is a piece of its own; a closing mark joins the piece before it and an opening
    mark the piece after it."""
    pieces: list[tuple[str, bool]] = []
    spaced = False
    word = ""
    for char in text:
        if char.isspace():
            if word:
                pieces.append((word, spaced))
                word = ""
            spaced = bool(pieces)
        elif unicodedata.east_asian_width(char) in "WF":  # "e.g." and "5.2.0" stay words
            if word:
                pieces.append((word, spaced))
                word, spaced = "", False
            pieces.append((char, spaced))
            spaced = False
        else:
            word += char
    if word:
        pieces.append((word, spaced))
    joined: list[tuple[str, bool]] = []
    for piece, after_space in pieces:
        if joined and (
            piece[0] in _NO_LINE_START or (joined[-1][0][-1] in _NO_LINE_END and not after_space)
        ):
            last, last_spaced = joined[-1]
            joined[-1] = (last + (" " if after_space else "") + piece, last_spaced)
        else:
            joined.append((piece, after_space))
    return joined


def wrap(text: str, width: int) -> list[str]:
    """A text as lines of at most ``width`` columns where it can be: broken at spaces and
    between Chinese characters, never inside a word (a word wider than a line has a line of its
    own) nor before a closing mark (，。？）) or after an opening one (（“)."""
    lines: list[str] = []
    line = ""
    for piece, after_space in _pieces(text):
        joined = line + (" " if after_space and line else "") + piece
        if line and columns(joined) > width:
            lines.append(line)
            line = piece
        else:
            line = joined
    if line:
        lines.append(line)
    return lines


def wrap_label(text: str, width: int, most: int) -> tuple[list[str], bool]:
    """(lines, cut): ``text`` wrapped to ``width`` columns, at most ``most`` lines; a longer
    text loses the rest and its last line ends with "…"."""
    lines = wrap(text, width)
    if len(lines) <= most:
        return lines, False
    kept = lines[:most]
    last = kept[-1]
    while columns(last) + 1 > width and len(last) > 1:
        if " " in last:
            last = last.rsplit(" ", 1)[0]
        elif columns(last[-1]) == 2:
            last = last[:-1]
        else:
            break
    kept[-1] = last + "…"
    return kept, True


def node_id(step_id: str) -> str:
    return "s_" + step_id.replace("-", "_")


def _edges(step: Step, lang: str) -> list[tuple[str, str]]:
    """(target step id, edge label) for each way out of a step, the label whole."""
    words = _words(lang)
    if step.type == "choice":
        return [(c.next, c.label.get(lang)) for c in step.choices]
    if step.type == "confirm":
        yes, no = (words["yes"], words["no"]) if step.labels is None else step.yes_no_labels(lang)
        return [(step.on_yes or "", yes), (step.on_no or "", no)]
    if step.type == "action" and (step.task or step.labels is not None):
        done, not_done = step.yes_no_labels(lang)
        return [(step.next or "", not_done), (step.on_yes or RESOLVED, done)]
    if step.type == "action":
        return [(step.next or "", words["not_solved"]), (step.on_yes or RESOLVED, words["solved"])]
    if step.type == "end" and step.next:  # a pending end: where the session goes after the wait
        return [(step.next, words["waited"])]
    if step.next:
        return [(step.next, "")]
    return []


def _kind(step: Step) -> str:
    """The legend entry a step is drawn as."""
    if step.type in ("choice", "confirm"):
        return "question"
    if step.type == "end":
        return {"resolved": "end_resolved", "pending": "end_pending"}.get(
            step.outcome or "", "end_escalate"
        )
    return step.type


def _label(step: Step, lang: str) -> tuple[str, str]:
    """(first line, second line) of a step's box: its id (and marker), then its whole text."""
    text = step.text.get(lang)
    if step.type == "end":
        return f"{END_MARK.get(step.outcome or '', END_MARK['escalate'])} {step.id}", text
    if step.type == "link":
        return f"{step.id} → {step.guide}", text
    return step.id, text


def has_cjk_font() -> bool | None:
    """Whether fontconfig (which Graphviz draws its texts with) has a font for Chinese: True or
    False from ``fc-list :lang=zh``, None when that cannot be asked (no fc-list, or it failed)."""
    import subprocess

    program = shutil.which("fc-list")
    if program is None:
        return None
    try:
        found = subprocess.run(
            [program, ":lang=zh", "family"], capture_output=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if found.returncode != 0:
        return None
    return bool(found.stdout.strip())


# Mermaid ----------------------------------------------------------------------------------------

MERMAID_SHAPES = {
    "question": ('{"', '"}'),
    "action": ('["', '"]'),
    "info": ('>"', '"]'),
    "input": ('[/"', '"/]'),
    "link": ('[["', '"]]'),
    "end_resolved": ('(["', '"])'),
    "end_escalate": ('{{"', '"}}'),
    "end_pending": ('(["', '"])'),
}
_MERMAID_CLASS = {"end_resolved": "resolved", "end_escalate": "escalate", "end_pending": "pending"}
# Characters that could end a label, start markup or an entity, given as Mermaid entity codes.
_MERMAID_ESCAPES = {
    "#": "#35;",
    '"': "#quot;",
    "|": "#124;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "`": "#96;",
    "\\": "#92;",
    "%": "#37;",
}


def mermaid_text(text: str) -> str:
    """A text safe inside a quoted Mermaid label: one line, no quote, bar, markup or entity."""
    return "".join(_MERMAID_ESCAPES.get(char, char) for char in " ".join(text.split()))


def _mermaid_node(node: str, kind: str, lines: tuple[str, ...]) -> str:
    opening, closing = MERMAID_SHAPES[kind]
    label = "<br/>".join(mermaid_text(line) for line in lines if line)
    style = f":::{_MERMAID_CLASS[kind]}" if kind in _MERMAID_CLASS else ""
    return f"    {node}{opening}{label}{closing}{style}"


def mermaid(guide: Guide, lang: str = "en") -> str:
    """Mermaid flowchart: questions as diamonds, resolved ends green stadiums, escalating ends
    orange hexagons, links as subroutines, inputs as parallelograms; a legend at the side."""
    words = _words(lang)
    lines = [
        "flowchart TD",
        f"    classDef resolved fill:{RESOLVED_FILL},stroke:{RESOLVED_LINE},stroke-width:2px",
        f"    classDef escalate fill:{ESCALATE_FILL},stroke:{ESCALATE_LINE},stroke-width:2px",
        f"    classDef pending fill:{PENDING_FILL},stroke:{PENDING_LINE},stroke-width:2px",
    ]
    needs_resolved = False
    for step in guide.steps.values():
        head, text = _label(step, lang)
        lines.append(_mermaid_node(node_id(step.id), _kind(step), (head, _short(text))))
    for step in guide.steps.values():
        for target, text in _edges(step, lang):
            needs_resolved |= target == RESOLVED
            arrow = f' -->|"{mermaid_text(_short(text))}"| ' if text else " --> "
            lines.append(f"    {node_id(step.id)}{arrow}{node_id(target)}")
    if needs_resolved:
        lines.append(_mermaid_node(node_id(RESOLVED), "end_resolved", ("✔ " + words["resolved"],)))
    lines.append(f'    start(("{mermaid_text(words["start"])}")) --> {node_id(guide.start)}')
    lines.append(f'    subgraph legend ["{mermaid_text(words["legend"])}"]')
    lines.append("    direction TB")
    for kind in MERMAID_SHAPES:
        lines.append("    " + _mermaid_node(f"legend_{kind}", kind, (words[kind],)))
    lines.append("    end")
    return "\n".join(lines) + "\n"


# Graphviz DOT -----------------------------------------------------------------------------------

DOT_SHAPES = {
    "question": "shape=diamond",
    "action": "shape=box",
    "info": "shape=note",
    "input": "shape=parallelogram",
    "link": "shape=component",
    "end_resolved": (
        f'shape=box, style="rounded,filled,bold", fillcolor="{RESOLVED_FILL}", '
        f'color="{RESOLVED_LINE}"'
    ),
    "end_escalate": (
        f'shape=octagon, style="filled,bold", fillcolor="{ESCALATE_FILL}", color="{ESCALATE_LINE}"'
    ),
    "end_pending": (
        f'shape=box, style="rounded,filled,dashed,bold", fillcolor="{PENDING_FILL}", '
        f'color="{PENDING_LINE}"'
    ),
}


def dot_text(text: str) -> str:
    """A text safe inside a quoted DOT label, shown as written: backslashes (which Graphviz
    reads as \\n, \\N, \\G ...), quotes and entities (&lt;) escaped; one line."""
    one_line = " ".join(text.split())
    return one_line.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")


def dot_tooltip(text: str) -> str:
    """A text safe inside a quoted DOT tooltip, shown as written. Graphviz reads a tooltip's
    backslashes twice (``\\N`` becomes the node's name), so each is escaped twice."""
    one_line = " ".join(text.split())
    return one_line.replace("\\", "\\" * 4).replace('"', '\\"').replace("&", "&amp;")


def _dot_label(lines: tuple[str, ...]) -> str:
    """Lines joined by DOT's line break (\\n), each escaped on its own."""
    return "\\n".join(dot_text(line) for line in lines if line)


def _dot_wrapped(head: str, text: str, width: int, most: int) -> tuple[str, str]:
    """(label, tooltip): a heading line, then ``text`` wrapped; the tooltip holds it whole."""
    lines, _ = wrap_label(" ".join(text.split()), width, most)
    return _dot_label((*wrap(head, width), *lines)), dot_tooltip(text)


def dot(guide: Guide, lang: str = "en") -> str:
    """Graphviz DOT of the same tree, with the same shapes, colours and legend, top to bottom
    and narrow: texts wrapped, long ones cut (whole in the tooltip), the legend one column."""
    words = _words(lang)
    lines = [
        f'digraph "{dot_text(guide.id)}" {{',
        "    rankdir=TB; newrank=true; nodesep=0.15; ranksep=0.35;",
        '    node [fontname="sans-serif", fontsize=12, margin="0.08,0.04"];',
        '    edge [fontname="sans-serif", fontsize=10];',
    ]
    needs_resolved = False
    for step in guide.steps.values():
        shape = DOT_SHAPES[_kind(step)]
        label, tooltip = _dot_wrapped(*_label(step, lang), NODE_COLUMNS, NODE_LINES)
        lines.append(f'    {node_id(step.id)} [{shape}, label="{label}", tooltip="{tooltip}"];')
    for step in guide.steps.values():
        for target, text in _edges(step, lang):
            needs_resolved |= target == RESOLVED
            attrs = ""
            if text:
                label, tooltip = _dot_wrapped("", text, EDGE_COLUMNS, EDGE_LINES)
                attrs = f' [label="{label}", labeltooltip="{tooltip}"]'
            lines.append(f"    {node_id(step.id)} -> {node_id(target)}{attrs};")
    if needs_resolved:
        label = dot_text("✔ " + words["resolved"])
        lines.append(f'    {node_id(RESOLVED)} [{DOT_SHAPES["end_resolved"]}, label="{label}"];')
    lines.append("    subgraph cluster_legend {")
    lines.append(
        f'        label="{dot_text(words["legend"])}"; style=dashed; fontname="sans-serif";'
    )
    for kind, shape in DOT_SHAPES.items():
        label = _dot_label(tuple(wrap(words[kind], LEGEND_COLUMNS)))
        lines.append(f'        legend_{kind} [{shape}, label="{label}"];')
    # one column: each entry above the next, by edges nobody sees
    chain = " -> ".join(f"legend_{kind}" for kind in DOT_SHAPES)
    lines.append(f"        {chain} [style=invis];")
    lines.append("    }")
    lines.append("}")
    return "\n".join(lines) + "\n"

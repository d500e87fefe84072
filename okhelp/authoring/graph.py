"""A guide's decision tree as Mermaid or Graphviz DOT text, for authors to look at.

Both drawings mark the two kinds of end the same way: resolved ends green and rounded, escalating
ends orange and six- or eight-sided, with a legend of every shape. Guide texts are hostile input
here too: every label is escaped for its language, so no text can end a label, add a node or turn
into markup.
"""

from __future__ import annotations

from okhelp.domain.model import Guide, Step
from okhelp.i18n.messages import words_of

MAX_LABEL = 48
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


def node_id(step_id: str) -> str:
    return "s_" + step_id.replace("-", "_")


def _edges(step: Step, lang: str) -> list[tuple[str, str]]:
    """(target step id, edge label) for each way out of a step."""
    words = _words(lang)
    if step.type == "choice":
        return [(c.next, _short(c.label.get(lang))) for c in step.choices]
    if step.type == "confirm":
        yes, no = (words["yes"], words["no"]) if step.labels is None else step.yes_no_labels(lang)
        return [(step.on_yes or "", _short(yes)), (step.on_no or "", _short(no))]
    if step.type == "action" and (step.task or step.labels is not None):
        done, not_done = step.yes_no_labels(lang)
        return [(step.next or "", _short(not_done)), (step.on_yes or RESOLVED, _short(done))]
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
    """(first line, second line) of a step's box: its id (and marker), then its text."""
    text = _short(step.text.get(lang))
    if step.type == "end":
        return f"{END_MARK.get(step.outcome or '', END_MARK['escalate'])} {step.id}", text
    if step.type == "link":
        return f"{step.id} → {step.guide}", text
    return step.id, text


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
        lines.append(_mermaid_node(node_id(step.id), _kind(step), _label(step, lang)))
    for step in guide.steps.values():
        for target, text in _edges(step, lang):
            needs_resolved |= target == RESOLVED
            arrow = f' -->|"{mermaid_text(text)}"| ' if text else " --> "
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


def _dot_label(lines: tuple[str, ...]) -> str:
    """Lines joined by DOT's line break (\\n), each escaped on its own."""
    return "\\n".join(dot_text(line) for line in lines if line)


def dot(guide: Guide, lang: str = "en") -> str:
    """Graphviz DOT of the same tree, with the same shapes, colours and legend."""
    words = _words(lang)
    lines = [
        f'digraph "{dot_text(guide.id)}" {{',
        "    rankdir=TB;",
        '    node [fontname="sans-serif"];',
        '    edge [fontname="sans-serif", fontsize=10];',
    ]
    needs_resolved = False
    for step in guide.steps.values():
        shape = DOT_SHAPES[_kind(step)]
        lines.append(f'    {node_id(step.id)} [{shape}, label="{_dot_label(_label(step, lang))}"];')
    for step in guide.steps.values():
        for target, text in _edges(step, lang):
            needs_resolved |= target == RESOLVED
            attrs = f' [label="{dot_text(text)}"]' if text else ""
            lines.append(f"    {node_id(step.id)} -> {node_id(target)}{attrs};")
    if needs_resolved:
        label = dot_text("✔ " + words["resolved"])
        lines.append(f'    {node_id(RESOLVED)} [{DOT_SHAPES["end_resolved"]}, label="{label}"];')
    lines.append("    subgraph cluster_legend {")
    lines.append(
        f'        label="{dot_text(words["legend"])}"; style=dashed; fontname="sans-serif";'
    )
    for kind, shape in DOT_SHAPES.items():
        lines.append(f'        legend_{kind} [{shape}, label="{dot_text(words[kind])}"];')
    lines.append("    }")
    lines.append("}")
    return "\n".join(lines) + "\n"

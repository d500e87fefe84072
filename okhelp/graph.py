"""A guide's decision tree as Mermaid or Graphviz DOT text, for authors to look at."""

from __future__ import annotations

from okhelp.model import Guide, Step

MAX_LABEL = 48


def _short(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= MAX_LABEL else one_line[: MAX_LABEL - 1] + "…"


def _node_id(step_id: str) -> str:
    return "s_" + step_id.replace("-", "_")


def _edges(step: Step, lang: str) -> list[tuple[str, str]]:
    """(target step id, edge label) for each way out of a step."""
    yes, no = ("是", "否") if lang == "zh" else ("yes", "no")
    if step.type == "choice":
        return [(c.next, _short(c.label.get(lang))) for c in step.choices]
    if step.type == "confirm":
        return [(step.on_yes or "", yes), (step.on_no or "", no)]
    if step.type == "action":
        solved = "解决了" if lang == "zh" else "solved"
        unsolved = "没解决" if lang == "zh" else "not solved"
        edges = [(step.next or "", unsolved)]
        edges.append((step.on_yes, solved) if step.on_yes else ("__resolved__", solved))
        return edges
    if step.next:
        return [(step.next, "")]
    return []


def mermaid(guide: Guide, lang: str = "en") -> str:
    """Mermaid flowchart: decisions as diamonds, ends as rounded boxes, links as subroutines."""
    lines = ["flowchart TD"]
    needs_resolved = False
    for step in guide.steps.values():
        label = _mermaid_text(f"{step.id}: {_short(step.text.get(lang))}")
        node = _node_id(step.id)
        if step.type in ("choice", "confirm"):
            lines.append(f'    {node}{{"{label}"}}')
        elif step.type == "end":
            marker = "✔ " if step.outcome == "resolved" else "✉ "
            lines.append(f'    {node}(["{marker}{label}"])')
        elif step.type == "link":
            lines.append(f'    {node}[["{label} → {step.guide}"]]')
        elif step.type == "input":
            lines.append(f'    {node}[/"{label}"/]')
        else:
            lines.append(f'    {node}["{label}"]')
    for step in guide.steps.values():
        for target, text in _edges(step, lang):
            needs_resolved |= target == "__resolved__"
            arrow = f' -->|"{_mermaid_text(text)}"| ' if text else " --> "
            lines.append(f"    {_node_id(step.id)}{arrow}{_node_id(target)}")
    if needs_resolved:
        lines.append(
            f'    {_node_id("__resolved__")}(["✔ {"已解决" if lang == "zh" else "resolved"}"])'
        )
    lines.append(f"    start((start)) --> {_node_id(guide.start)}")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("|", "#124;")


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def dot(guide: Guide, lang: str = "en") -> str:
    """Graphviz DOT of the same tree."""
    lines = [
        f'digraph "{_dot_text(guide.id)}" {{',
        "    rankdir=TB;",
        '    node [fontname="sans-serif"];',
    ]
    shapes = {
        "choice": "diamond",
        "confirm": "diamond",
        "end": "doubleoctagon",
        "link": "component",
        "input": "parallelogram",
        "action": "box",
        "info": "note",
    }
    needs_resolved = False
    for step in guide.steps.values():
        label = _dot_text(f"{step.id}\\n{_short(step.text.get(lang))}")
        lines.append(f'    {_node_id(step.id)} [shape={shapes[step.type]}, label="{label}"];')
    for step in guide.steps.values():
        for target, text in _edges(step, lang):
            needs_resolved |= target == "__resolved__"
            attrs = f' [label="{_dot_text(text)}"]' if text else ""
            lines.append(f"    {_node_id(step.id)} -> {_node_id(target)}{attrs};")
    if needs_resolved:
        lines.append(f'    {_node_id("__resolved__")} [shape=doubleoctagon, label="resolved"];')
    lines.append("}")
    return "\n".join(lines) + "\n"

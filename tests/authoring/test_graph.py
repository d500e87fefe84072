"""Authoring: `okhelp guides graph` draws trees Graphviz and Mermaid read as meant, whatever the
texts hold: real line breaks, resolved and escalated ends told apart, a legend."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from okhelp.authoring import graph
from okhelp.authoring.loader import parse_guide
from okhelp.domain.model import Guide
from okhelp.library.catalog import load_catalog
from tests.helpers import Result, minimal_guide

Cli = Callable[..., Result]
SVG = "{http://www.w3.org/2000/svg}"

# Texts that would break out of a label if they were not escaped for each language.
HOSTILE = [
    'say "hi" \\ back\\slash \\N \\n \\l',
    "a | bar --> b ]]) }} ; end",
    "<b>bold</b> <script>x</script> &lt; &amp;",
    "#quot; #35; `code` %% no comment",
    '"]; s_fine --> s_ask; x["',
    "subgraph end classDef 中文，问题？",
]


def hostile_guide() -> Guide:
    data = yaml.safe_load(minimal_guide())
    for index, step in enumerate(data["steps"]):
        step["text"] = {"zh": HOSTILE[index], "en": HOSTILE[index]}
    data["steps"].insert(
        1,
        {
            "id": "pick",
            "type": "choice",
            "text": {"zh": HOSTILE[4], "en": HOSTILE[4]},
            "choices": [
                {"id": "a", "label": {"zh": HOSTILE[5], "en": HOSTILE[5]}, "next": "try-it"},
                {"id": "b", "label": {"zh": HOSTILE[1], "en": HOSTILE[1]}, "next": "fine"},
            ],
        },
    )
    data["steps"][0]["on_no"] = "pick"
    data["steps"][2]["on_yes"] = None  # the action ends resolved when it solves it
    raw = yaml.safe_dump(data, allow_unicode=True).encode()
    return parse_guide(raw, "sample.yaml")


def builtin_guides() -> list[Guide]:
    return sorted(load_catalog({}).guides.values(), key=lambda g: g.id)


# Graphviz ---------------------------------------------------------------------------------------

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz 'dot' is not installed"
)


def render_svg(source: str) -> ET.Element:
    proc = subprocess.run(
        ["dot", "-Tsvg"], input=source.encode(), capture_output=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert not proc.stderr.strip(), proc.stderr.decode()  # no syntax warnings either
    return ET.fromstring(proc.stdout)


def nodes(svg: ET.Element) -> dict[str, ET.Element]:
    return {
        g.findtext(f"{SVG}title") or "": g for g in svg.iter(f"{SVG}g") if g.get("class") == "node"
    }


def lines_of(node: ET.Element) -> list[str]:
    return [t.text or "" for t in node.iter(f"{SVG}text")]


@needs_dot
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dot_of_every_builtin_guide_renders_with_real_line_breaks(lang: str) -> None:
    for guide in builtin_guides():
        svg = render_svg(graph.dot(guide, lang))
        drawn = nodes(svg)
        for step in guide.steps.values():
            lines = lines_of(drawn[graph.node_id(step.id)])
            assert len(lines) >= 2, (guide.id, step.id, lines)  # id, then text: two lines
            assert lines[0].endswith(step.id) or lines[0].startswith(step.id)
            assert not any("\\n" in line for line in lines), (guide.id, step.id, lines)


def tooltip(node: ET.Element) -> str | None:
    link = node.find(f".//{SVG}a")
    return None if link is None else link.get("{http://www.w3.org/1999/xlink}title")


@needs_dot
def test_dot_shows_hostile_texts_exactly_as_written() -> None:
    guide = hostile_guide()
    svg = render_svg(graph.dot(guide, "en"))
    drawn = nodes(svg)
    for step in guide.steps.values():
        node = drawn[graph.node_id(step.id)]
        assert " ".join(lines_of(node)[1:]) == step.text.get("en")  # wrapped at its spaces
        assert tooltip(node) == step.text.get("en")
    edge_labels = [
        "".join(t.text or "" for t in g.iter(f"{SVG}text")).replace(" ", "")
        for g in svg.iter(f"{SVG}g")
        if g.get("class") == "edge"
    ]
    assert {HOSTILE[5].replace(" ", ""), HOSTILE[1].replace(" ", "")} <= set(edge_labels)
    assert len(drawn) == len(guide.steps) + 1 + len(graph.DOT_SHAPES)  # + resolved + legend


@needs_dot
def test_dot_draws_resolved_and_escalated_ends_differently_with_a_legend() -> None:
    guide = load_catalog({}).get("top-up")
    svg = render_svg(graph.dot(guide, "en"))
    drawn = nodes(svg)

    def look(node_id: str) -> tuple[str, str | None]:
        shape = next(c for c in drawn[node_id].iter() if c.tag in (f"{SVG}path", f"{SVG}polygon"))
        return shape.tag, shape.get("fill")

    resolved = {look(graph.node_id(s.id)) for s in guide.ends() if s.outcome == "resolved"}
    escalated = {look(graph.node_id(s.id)) for s in guide.ends() if s.outcome == "escalate"}
    assert resolved == {(f"{SVG}path", graph.RESOLVED_FILL)}
    assert escalated == {(f"{SVG}polygon", graph.ESCALATE_FILL)}
    assert look("legend_end_resolved") == (f"{SVG}path", graph.RESOLVED_FILL)
    assert look("legend_end_escalate") == (f"{SVG}polygon", graph.ESCALATE_FILL)
    clusters = [
        g.findtext(f"{SVG}title") for g in svg.iter(f"{SVG}g") if g.get("class") == "cluster"
    ]
    assert clusters == ["cluster_legend"]
    legend_texts = {
        line
        for node_id, node in drawn.items()
        if node_id.startswith("legend_")
        for line in lines_of(node)
    }
    assert {"✔ end: resolved", "✉ end: escalated"} <= legend_texts  # wrapped, as every label


# Mermaid ----------------------------------------------------------------------------------------

_OPEN_CLOSE = {
    '{"': '"}',
    '["': '"]',
    '>"': '"]',
    '[/"': '"/]',
    '[["': '"]]',
    '(["': '"])',
    '{{"': '"}}',
}
_NODE = re.compile(
    r'^ {4,8}(?P<id>s_[a-z0-9_]+|legend_[a-z_]+)(?P<open>\{\{"|\{"|\[\["|\[/"|\(\["|\["|>")'
    r'(?P<label>[^"]*)(?P<close>"\}\}|"\}|"\]\]|"/\]|"\]\)|"\])(?::::(?P<cls>resolved|escalate|pending))?$'
)
_EDGE = re.compile(r'^ {4}s_[a-z0-9_]+ -->(?:\|"(?P<label>[^"|]*)"\|)? s_[a-z0-9_]+$')
_OTHER = re.compile(
    r"^(flowchart TD"
    r"|    classDef (resolved|escalate|pending) fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6},stroke-width:2px"
    r'|    start\(\("[^"|]*"\)\) --> s_[a-z0-9_]+|    subgraph legend \["[^"|]*"\]|    direction TB|    end)$'
)


def parse_mermaid(text: str) -> tuple[dict[str, tuple[str, str | None, str]], list[str]]:
    """Every line must be one this module writes; labels decoded. (nodes, edge labels)"""
    found: dict[str, tuple[str, str | None, str]] = {}
    edges: list[str] = []
    for line in text.splitlines():
        node, edge = _NODE.match(line), _EDGE.match(line)
        if node:
            assert _OPEN_CLOSE[node["open"]] == node["close"], line
            label = node["label"]
            assert not re.search(r"[<>`|\\%]", label.replace("<br/>", "")), line
            decoded = [
                html.unescape(
                    re.sub(r"#(\d+);", r"&#\1;", re.sub(r"#(quot|lt|gt|amp);", r"&\1;", part))
                )
                for part in label.split("<br/>")
            ]
            found[node["id"]] = (node["open"], node["cls"], "\n".join(decoded))
        elif edge:
            edges.append(edge["label"] or "")
        else:
            assert _OTHER.match(line), f"unexpected Mermaid line: {line!r}"
    return found, edges


def test_mermaid_keeps_hostile_texts_inside_their_labels() -> None:
    guide = hostile_guide()
    found, edges = parse_mermaid(graph.mermaid(guide, "en"))
    for step in guide.steps.values():
        label = found[graph.node_id(step.id)][2]
        assert label.split("\n")[-1] == step.text.get("en")
    decoded = {
        html.unescape(re.sub(r"#(\d+);", r"&#\1;", re.sub(r"#(quot|lt|gt|amp);", r"&\1;", e)))
        for e in edges
    }
    assert {HOSTILE[5], HOSTILE[1]} <= decoded


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_mermaid_of_every_builtin_guide_parses_with_ends_told_apart(lang: str) -> None:
    for guide in builtin_guides():
        found, edges = parse_mermaid(graph.mermaid(guide, lang))
        for step in guide.steps.values():
            opening, cls, _ = found[graph.node_id(step.id)]
            if step.type == "end":
                expected = {
                    "resolved": ('(["', "resolved"),
                    "pending": ('(["', "pending"),
                }.get(step.outcome or "", ('{{"', "escalate"))
                assert (opening, cls) == expected, (guide.id, step.id)
            else:
                assert cls is None
        assert sum(
            len(s.targets()) + (s.type == "action" and not s.on_yes) for s in guide.steps.values()
        ) == len(edges)
        legend = {node_id for node_id in found if node_id.startswith("legend_")}
        assert legend == {f"legend_{kind}" for kind in graph.MERMAID_SHAPES}


def test_graph_takes_a_file_path_and_writes_to_stdout(
    cli: Cli, write_guide: Callable[..., Path]
) -> None:
    path = write_guide("sample.yaml", minimal_guide())
    for fmt in ("mermaid", "dot"):
        by_path = cli("guides", "graph", str(path), "--format", fmt)
        assert by_path.code == 0 and "s_try_it" in by_path.out
    broken = write_guide(
        "broken.yaml", minimal_guide("broken").replace("next: escalate", "next: nowhere")
    )
    result = cli("guides", "graph", str(broken))
    assert result.code == 1
    assert f"{broken}:" in result.out and "does not exist: 'nowhere'" in result.out

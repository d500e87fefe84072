"""How big `okhelp guides graph ID --format dot` comes out when Graphviz draws it: the width and
height in pixels of every built-in guide's picture, in both languages.

Run with the environment okhelp is installed in, on a machine with Graphviz:
    python benchmarks/graph_widths.py [--limit 2000]

Each drawing goes through `dot -Tsvg`; its size in points is turned into the pixels of
`dot -Tpng` at Graphviz's default 96 dpi (a point is 4/3 of a pixel). The Chinese drawings
depend on the fonts: with no CJK font Graphviz measures boxes instead of characters, so the
script says whether fontconfig has one. Exits 1 when a picture is wider than --limit.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys

from okhelp.authoring import graph
from okhelp.library.catalog import load_catalog

_SIZE = re.compile(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


def picture_size(source: str) -> tuple[int, int]:
    """(width, height) in pixels of the PNG Graphviz draws from DOT ``source``."""
    drawn = subprocess.run(
        ["dot", "-Tsvg"], input=source.encode(), capture_output=True, timeout=120, check=True
    )
    found = _SIZE.search(drawn.stdout)
    if found is None:
        raise ValueError("no size in dot's SVG")
    return round(float(found[1]) * 4 / 3), round(float(found[2]) * 4 / 3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=2000, help="widest a picture may be (px)")
    args = parser.parse_args()
    if shutil.which("dot") is None:
        print("Graphviz 'dot' is not installed: nothing to measure", file=sys.stderr)
        return 2
    font = {True: "yes", False: "no", None: "unknown (no fc-list)"}[graph.has_cjk_font()]
    print(f"CJK font (fc-list :lang=zh): {font}\n")
    print("| guide | en width × height (px) | zh width × height (px) |")
    print("|---|---|---|")
    widest = {"en": 0, "zh": 0}
    for guide in sorted(load_catalog({}).guides.values(), key=lambda g: g.id):
        cells = []
        for lang in ("en", "zh"):
            width, height = picture_size(graph.dot(guide, lang))
            widest[lang] = max(widest[lang], width)
            cells.append(f"{width} × {height}")
        print(f"| {guide.id} | {' | '.join(cells)} |")
    print(f"| **widest** | **{widest['en']}** | **{widest['zh']}** |")
    return 1 if max(widest.values()) > args.limit else 0


if __name__ == "__main__":
    sys.exit(main())

"""Authoring: the repository carries its own documentation, and the schema and the format
reference say the same thing, from one table."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from okhelp.authoring import loader, reference
from okhelp.authoring.checker import check_graph, run_examples
from okhelp.authoring.loader import parse_guide
from okhelp.authoring.schema import annotate, guide_schema
from tests.helpers import ROOT

DOCS = [ROOT / "README.md", ROOT / "guides" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# Documents other tracks add; until they land a link to them is the one thing allowed to dangle.
COMING = {ROOT / "docs" / "summary-format.md"}
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def links(path: Path) -> Iterator[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    yield from LINK.findall(text)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = heading.strip().lower().replace("`", "")
    text = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LN")
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    return {slug(m) for m in re.findall(r"^#{1,6} (.+)$", text, flags=re.M)}


def test_the_documents_exist_and_link_each_other() -> None:
    assert (ROOT / "docs" / "guide-format.md").is_file()
    readme = list(links(ROOT / "README.md"))
    assert "docs/guide-format.md" in readme and "docs/README.md" in readme
    assert "docs/summary-format.md" in readme
    assert any(link.startswith("../README.md") for link in links(ROOT / "docs" / "guide-format.md"))
    assert "../docs/guide-format.md" in list(links(ROOT / "guides" / "README.md"))


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_points_outside_the_repository(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    outside = "../" + "shared"  # spelt in two parts so that a search for it finds no real link
    assert outside not in text and "shared/" not in text
    assert "DESIGN.md" not in text
    for link in links(doc):
        if re.match(r"^[a-z]+:", link):
            pytest.fail(f"{doc.name} links outside the repository: {link}")
        target, _, anchor = link.partition("#")
        path = (doc.parent / target).resolve() if target else doc
        assert path == ROOT or ROOT in path.parents, f"{doc.name}: {link} leaves the repository"
        if path in COMING and not path.exists():
            continue  # written by another part of the work; checked once it is here
        assert path.exists(), f"{doc.name}: {link} points at nothing"
        if anchor:
            assert anchor in anchors(path), f"{doc.name}: {link}: no heading '{anchor}'"


def test_the_generated_reference_in_the_docs_is_up_to_date() -> None:
    doc = (ROOT / "docs" / "guide-format.md").read_text(encoding="utf-8")
    assert reference.replace_block(doc) == doc, (
        "run: python -m okhelp.authoring.reference docs/guide-format.md"
    )
    assert reference.markdown() in doc


def _properties(node: Any, path: str = "") -> Iterator[tuple[str, str, dict[str, Any]]]:
    if isinstance(node, dict):
        for key, sub in node.get("properties", {}).items():
            yield path, key, sub
        for key, sub in node.items():
            yield from _properties(sub, f"{path}/{key}")
    elif isinstance(node, list):
        for index, sub in enumerate(node):
            yield from _properties(sub, f"{path}/{index}")


def test_every_key_in_the_schema_has_its_description_from_the_reference() -> None:
    schema = guide_schema()
    for path, key, sub in _properties(schema):
        assert sub.get("description"), f"{path}/{key} has no description"
    texts = set(reference.DESCRIPTIONS.values())
    described = [sub["description"] for _, _, sub in _properties(schema)]
    assert set(described) <= texts


def _accepted_by_loader(location: str) -> bool:
    """Whether the loader takes the key a description is for (the reference may be ahead)."""
    kind, _, rest = location.partition(".")
    if kind == "guide":
        return rest in loader.GUIDE_REQUIRED + loader.GUIDE_OPTIONAL
    if kind == "rule":
        return "rules" in loader.GUIDE_REQUIRED + loader.GUIDE_OPTIONAL
    if kind == "labels" or location == "step.labels":
        return any("labels" in req + opt for req, opt in loader.STEP_KEYS.values())
    return True


def test_every_description_is_used_by_the_schema_or_describes_a_key_still_to_come() -> None:
    used = annotate(guide_schema())
    unused = {key for key in reference.DESCRIPTIONS if key not in used}
    assert {key for key in unused if _accepted_by_loader(key)} == set()


def test_every_key_the_loader_takes_is_described() -> None:
    keys = {f"guide.{k}" for k in loader.GUIDE_REQUIRED + loader.GUIDE_OPTIONAL}
    keys |= {f"step.{t}" for t in loader.STEP_KEYS}
    for req, opt in loader.STEP_KEYS.values():
        keys |= {f"step.{k}" for k in loader.STEP_COMMON + req + opt}
    keys |= {f"choice.{k}" for k in loader.CHOICE_KEYS}
    keys |= {f"example.{k}" for k in loader.EXAMPLE_KEYS + loader.EXAMPLE_OPTIONAL}
    keys |= {f"expect.{k}" for k in loader.EXPECT_KEYS}
    assert keys <= set(reference.DESCRIPTIONS)


def test_the_shipped_schema_file_carries_the_descriptions() -> None:
    shipped = (ROOT / "guides" / "guide.schema.json").read_text(encoding="utf-8")
    assert reference.DESCRIPTIONS["guide.now"].replace('"', '\\"') in shipped


def test_the_guide_in_the_format_reference_passes_check_and_test() -> None:
    doc = (ROOT / "docs" / "guide-format.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", doc, flags=re.S) if "\nid: " in b]
    assert len(blocks) == 1
    guide = parse_guide(
        blocks[0].encode(), "top-up.yaml", expected_id="top-up", graph_check=check_graph
    )
    runs = run_examples(guide, {})
    assert [run.problem for run in runs] == [None] * len(runs) and len(runs) == 2
    assert {run.state.step for run in runs if run.state} == {e.id for e in guide.ends()} | {
        "refresh"
    }


def test_the_pitfalls_table_shows_messages_okhelp_really_gives() -> None:
    """Each 'okhelp says' cell of the pitfalls table is (the start of) a real message."""
    from tests.helpers.slips import SLIPS, changed, problems

    doc = (ROOT / "docs" / "guide-format.md").read_text(encoding="utf-8")
    table = doc.split("## YAML pitfalls", 1)[1].split("Rules of thumb", 1)[0]
    said = [row.split(" | ")[2] for row in table.splitlines() if row.startswith("| `")]
    real = [p for (old, new), _ in SLIPS.values() for p in problems(changed(old, new))]
    real.append("does not exist: 'chek-record'; did you mean 'check-record'?")
    real.append(
        "YAML reads the unquoted answer no as the yes/no value false, but this step takes a "
        'choice id; quote it: method: "no"'
    )
    for cell in said:
        pieces = [piece.strip() for piece in cell.split("...") if piece.strip()]
        assert any(all(piece in message for piece in pieces) for message in real), cell

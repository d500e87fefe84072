"""Rebuild okhelp/library/routing_model.json from the labelled descriptions under tests/data.

Run ``python -m tools.train_routing`` from a checkout after changing a built-in guide's keywords,
title or summary, the search terms, or a labelled file; tests/library/test_learned.py fails
until the shipped weights match what these files give.

``python -m tools.train_routing --cross-validate`` says what the shipped figures cannot, how
well text never trained on is ranked: each labelled file in turn is left out, the model trained
on the others, and that file ranked (a few minutes). descriptions.yaml, written with the guides,
is always trained on.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml

from okhelp.library import learned
from okhelp.library.catalog import load_catalog
from okhelp.library.search import Index, features

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
MODEL = ROOT / "okhelp" / "library" / learned.MODEL_FILE
# Files of labelled descriptions are every tests/data/*.yaml but these, which hold other tables.
NOT_DESCRIPTIONS = ("time_phrases.yaml", "redaction_")


def labelled_files(data: Path = DATA) -> list[Path]:
    return [
        path
        for path in sorted(data.glob("*.yaml"))
        if not any(path.name.startswith(name) for name in NOT_DESCRIPTIONS)
    ]


def read_labelled(path: Path) -> list[tuple[str, str]]:
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [(str(item["text"]), str(item["guide"])) for item in items]


def guide_texts(index: Index) -> list[tuple[str, str]]:
    """Each built-in guide's keyword phrases, titles and summaries, as descriptions of it."""
    texts: list[tuple[str, str]] = []
    for guide in index.guides:
        texts.extend((word, guide.id) for words in guide.keywords.values() for word in words)
        texts.extend((title, guide.id) for title in guide.title.by_lang.values())
        texts.extend((summary, guide.id) for summary in guide.summary.by_lang.values())
    return texts


def examples(index: Index, texts: Iterable[tuple[str, str]]) -> list[learned.Example]:
    return [(features(index._corrected(text)), label) for text, label in texts]


def training_examples(index: Index, files: Sequence[Path]) -> list[learned.Example]:
    texts = guide_texts(index)
    for path in files:
        texts.extend(read_labelled(path))
    return examples(index, texts)


def builtin_index() -> Index:
    return Index(load_catalog({}).guides.values(), model=None)


def ranked_well(index: Index, items: Sequence[tuple[str, str]]) -> tuple[int, int]:
    """How many of ``items`` have their guide first, and how many in the first three."""
    first = three = 0
    for text, guide in items:
        ranked = [match.guide.id for match in index.rank(text, 3)]
        first += bool(ranked) and ranked[0] == guide
        three += guide in ranked
    return first, three


def cross_validate() -> None:
    index = builtin_index()
    files = labelled_files()
    own = examples(index, guide_texts(index))
    per_file = {path: examples(index, read_labelled(path)) for path in files}
    totals = [0, 0, 0]
    for left_out in files:
        if left_out.name == "descriptions.yaml":
            continue
        trained = [e for path in files if path != left_out for e in per_file[path]]
        model = learned.train(own + trained)
        items = read_labelled(left_out)
        first, three = ranked_well(Index(index.guides, model=model), items)
        for i, value in enumerate((first, three, len(items))):
            totals[i] += value
        print(
            f"{left_out.name}: top-1 {first}/{len(items)}, top-3 {three}/{len(items)}", flush=True
        )
    first, three, count = totals
    print(f"all: top-1 {first}/{count} = {first / count:.1%}, top-3 {three / count:.1%}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cross-validate",
        action="store_true",
        help="rank each file with a model not trained on it",
    )
    if parser.parse_args().cross_validate:
        cross_validate()
        return 0
    index = builtin_index()
    model = learned.train(training_examples(index, labelled_files()))
    MODEL.write_text(model.to_json(), encoding="utf-8")
    print(f"{MODEL.relative_to(ROOT)}: {len(model.weights)} terms, {model.fingerprint}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

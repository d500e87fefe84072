"""Which guide a description needs, as learned from descriptions users wrote and their guides.

BM25 (search.py) scores the words a description shares with a guide; it cannot tell that "扣的钱什么
时候退回来" after a failed payment is about the payment, or that "is my account safe" asks for
security advice and not a stolen-account report. A multinomial logistic regression over the same
terms, trained on labelled descriptions and on the guides' own keywords, titles and summaries,
learns how much each term says about each guide; search.py adds its probabilities to the BM25
score. The trained weights ship in the wheel (routing_model.json) and are read only when a
description is ranked. ``python -m tools.train_routing`` rebuilds them from the labelled files.

Hand-written because the model is a sparse table of a few thousand terms and scoring it is one
short dot product per guide: numpy or scikit-learn would cost more to import than every ranking
of a session costs to compute, and neither is installed with okhelp. Training is deterministic
(a seeded shuffle, plain floats) so the same files always give the same weights.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

# Written into the shipped file: weights made from other features cannot be read by this code.
FEATURE_VERSION = 1
# How the file lays the weights out: per term, pairs of a guide's position and its weight.
FILE_FORMAT = 2
MODEL_FILE = "routing_model.json"
# Weights nearer than this to their term's median weight are left out of the model (see train).
PRUNE_BELOW = 0.2


@dataclass(frozen=True)
class Model:
    """Per guide a bias, and per term how much it speaks for the guides it says something about:
    a flat run of pairs, a guide's position in ``classes`` and then its weight."""

    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: Mapping[str, Sequence[float]]
    fingerprint: str = ""
    # What one unit of a weight is worth: read from the file they stay the integers written there
    # (thousandths), as converting the weights doubled the time it takes to read the model.
    unit: float = 1.0

    def probabilities(
        self, features: Mapping[str, float], temperature: float = 1.0
    ) -> dict[str, float]:
        """How likely each guide the model knows is the one the description needs; a
        temperature above 1 makes it less sure (its logits are divided by it)."""
        sums = [0.0] * len(self.classes)
        for feature, value in features.items():
            row = self.weights.get(feature)
            if row is not None:
                for i in range(0, len(row), 2):
                    sums[int(row[i])] += row[i + 1] * value
        logits = [
            (b + self.unit * total) / temperature for b, total in zip(self.bias, sums, strict=True)
        ]
        top = max(logits)
        exps = [math.exp(logit - top) for logit in logits]
        total = sum(exps)
        return {klass: e / total for klass, e in zip(self.classes, exps, strict=True)}

    def to_json(self) -> str:
        """The model with its weights in thousandths, one short line per term."""
        head = {
            "format": FILE_FORMAT,
            "features": FEATURE_VERSION,
            "fingerprint": self.fingerprint,
            "classes": list(self.classes),
            "bias": [_thousandths(b) for b in self.bias],
        }
        lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "weights": {']
        rows = sorted(self.weights.items())
        for i, (feature, row) in enumerate(rows):
            comma = "," if i < len(rows) - 1 else ""
            pairs = ",".join(
                f"{int(row[j])},{_thousandths(row[j + 1] * self.unit)}"
                for j in range(0, len(row), 2)
            )
            lines.append(f'{json.dumps(feature, ensure_ascii=False)}:"{pairs}"{comma}')
        lines.append("}}")
        return "\n".join(lines) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Model:
        data = json.loads(text)
        if data.get("format") != FILE_FORMAT or data.get("features") != FEATURE_VERSION:
            raise ValueError("the routing model was made for other features; retrain it")
        classes = tuple(str(klass) for klass in data["classes"])
        if len(data["bias"]) != len(classes) or not isinstance(data["weights"], dict):
            raise ValueError(_NOT_FITTING)
        return cls(
            classes=classes,
            bias=tuple(b / 1000 for b in data["bias"]),
            weights=_Encoded(data["weights"], len(classes)),
            fingerprint=str(data.get("fingerprint", "")),
            unit=0.001,
        )


_NOT_FITTING = "the routing model's weights do not match its guides"
_ROW = re.compile(r"[0-9]+,-?[0-9]+(?:,[0-9]+,-?[0-9]+)*")


class _Encoded(Mapping[str, Sequence[float]]):
    """The weights as the file writes them, one string of numbers per term, decoded when a
    description uses the term: the same numbers as JSON lists took seven times as long to read,
    and a description uses a few dozen of the 11,000 terms."""

    def __init__(self, rows: Mapping[str, object], guides: int) -> None:
        self._rows = rows
        self._guides = guides
        self._decoded: dict[str, tuple[int, ...]] = {}

    def __getitem__(self, feature: str) -> tuple[int, ...]:
        decoded = self._decoded.get(feature)
        if decoded is None:
            row = self._rows[feature]
            if not isinstance(row, str) or not _ROW.fullmatch(row):
                raise ValueError(_NOT_FITTING)
            decoded = tuple(int(number) for number in row.split(","))
            if any(position >= self._guides for position in decoded[::2]):
                raise ValueError(_NOT_FITTING)
            self._decoded[feature] = decoded
        return decoded

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def _thousandths(weight: float) -> int:
    return round(weight * 1000)


Example = tuple[Mapping[str, float], str]


def fingerprint(examples: Sequence[Example]) -> str:
    """A digest of the training examples, so a test can tell the shipped weights are current."""
    import hashlib

    digest = hashlib.sha256(str(FEATURE_VERSION).encode())
    for features, label in examples:
        digest.update(json.dumps([label, sorted(features.items())], ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


def train(
    examples: Sequence[Example],
    *,
    epochs: int = 30,
    rate: float = 0.5,
    bias_rate: float = 0.05,
    l2: float = 1e-5,
    min_count: int = 2,
    prune: float = PRUNE_BELOW,
    seed: int = 7,
) -> Model:
    """Fit the weights by AdaGrad on the softmax loss; the same examples give the same model.

    Terms seen in fewer than ``min_count`` examples are left out: a term met once says little,
    and leaving them out halves the shipped file at no cost in accuracy. Each term's weights are
    then moved so their median is 0, which changes no probability (the same amount is added to
    every guide's logit), and those within ``prune`` of it are dropped: most of a term's weights
    say only "not this guide" by about the same amount, and dropping them left the ranking of
    the 400 blind descriptions of 2026-12-05 the same while the file shrank to a third."""
    import random

    classes = tuple(sorted({label for _, label in examples}))
    position = {klass: i for i, klass in enumerate(classes)}
    seen: dict[str, int] = {}
    for features, _ in examples:
        for feature in features:
            seen[feature] = seen.get(feature, 0) + 1
    kept = [
        ({f: v for f, v in features.items() if seen[f] >= min_count}, position[label])
        for features, label in examples
    ]
    n = len(classes)
    weights: dict[str, list[float]] = {}
    squares: dict[str, list[float]] = {}
    bias = [0.0] * n
    order = list(range(len(kept)))
    shuffle = random.Random(seed).shuffle
    for _ in range(epochs):
        shuffle(order)
        for i in order:
            features, label = kept[i]
            logits = list(bias)
            for feature, value in features.items():
                row = weights.get(feature)
                if row is not None:
                    for k in range(n):
                        logits[k] += row[k] * value
            top = max(logits)
            exps = [math.exp(logit - top) for logit in logits]
            total = sum(exps)
            errors = [e / total for e in exps]
            errors[label] -= 1.0
            for k in range(n):
                bias[k] -= bias_rate * errors[k]
            for feature, value in features.items():
                row = weights.setdefault(feature, [0.0] * n)
                square = squares.setdefault(feature, [1e-8] * n)
                for k in range(n):
                    gradient = errors[k] * value + l2 * row[k]
                    square[k] += gradient * gradient
                    row[k] -= rate * gradient / math.sqrt(square[k])
    return Model(
        classes=classes,
        bias=tuple(bias),
        weights={
            feature: pairs for feature, row in weights.items() if (pairs := _sparse(row, prune))
        },
        fingerprint=fingerprint(examples),
    )


def _sparse(row: Sequence[float], prune: float) -> tuple[float, ...]:
    """The weights of one term, moved so their median is 0, as pairs of (position, weight) for
    those at least ``prune`` from it."""
    median = sorted(row)[len(row) // 2]
    pairs: list[float] = []
    for position, weight in enumerate(row):
        if abs(weight - median) >= prune:
            pairs.extend((position, weight - median))
    return tuple(pairs)


@functools.cache
def shipped() -> Model | None:
    """The model in the wheel, read once and only when a description is ranked."""
    try:
        text = resources.files("okhelp.library").joinpath(MODEL_FILE).read_text(encoding="utf-8")
        return Model.from_json(text)
    except (OSError, ValueError, KeyError, TypeError):
        return None

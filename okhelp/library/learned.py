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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

# Written into the shipped file: weights made from other features cannot be read by this code.
FEATURE_VERSION = 1
MODEL_FILE = "routing_model.json"


@dataclass(frozen=True)
class Model:
    """Per guide a bias, and per term how much it speaks for each guide."""

    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: Mapping[str, Sequence[float]]
    fingerprint: str = ""
    # What one unit of a weight is worth: read from the file they stay the integers written there
    # (thousandths), as converting 70,000 of them doubled the time it takes to read the model.
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
                for klass, weight in enumerate(row):
                    sums[klass] += weight * value
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
            "format": FEATURE_VERSION,
            "fingerprint": self.fingerprint,
            "classes": list(self.classes),
            "bias": [_thousandths(b) for b in self.bias],
        }
        lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "weights": {']
        rows = sorted(self.weights.items())
        for i, (feature, row) in enumerate(rows):
            comma = "," if i < len(rows) - 1 else ""
            values = ",".join(str(_thousandths(w * self.unit)) for w in row)
            lines.append(f"{json.dumps(feature, ensure_ascii=False)}:[{values}]{comma}")
        lines.append("}}")
        return "\n".join(lines) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Model:
        data = json.loads(text)
        if data.get("format") != FEATURE_VERSION:
            raise ValueError("the routing model was made for other features; retrain it")
        classes = tuple(str(klass) for klass in data["classes"])
        weights: dict[str, list[int]] = data["weights"]
        if len(data["bias"]) != len(classes) or any(
            len(row) != len(classes) for row in weights.values()
        ):
            raise ValueError("the routing model's weights do not match its guides")
        return cls(
            classes=classes,
            bias=tuple(b / 1000 for b in data["bias"]),
            weights=weights,
            fingerprint=str(data.get("fingerprint", "")),
            unit=0.001,
        )


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
    epochs: int = 60,
    rate: float = 0.5,
    bias_rate: float = 0.05,
    l2: float = 1e-5,
    min_count: int = 2,
    seed: int = 7,
) -> Model:
    """Fit the weights by AdaGrad on the softmax loss; the same examples give the same model.

    Terms seen in fewer than ``min_count`` examples are left out: a term met once says little,
    and leaving them out halves the shipped file at no cost in accuracy."""
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
        weights={feature: tuple(row) for feature, row in weights.items()},
        fingerprint=fingerprint(examples),
    )


@functools.cache
def shipped() -> Model | None:
    """The model in the wheel, read once and only when a description is ranked."""
    try:
        text = resources.files("okhelp.library").joinpath(MODEL_FILE).read_text(encoding="utf-8")
        return Model.from_json(text)
    except (OSError, ValueError, KeyError, TypeError):
        return None

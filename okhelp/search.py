"""Rank guides for a free-text description, in Chinese, English or both, offline and fast.

BM25 over two kinds of terms: Chinese character bigrams (and single characters), which need no
word segmenter and so no dictionary to load at start-up, and English word stems. Each guide is
one document whose fields are weighted by repeating their terms: keywords count most, then the
title, the summary, and last the step texts. English words the guides do not contain are matched
to the closest word they do contain (difflib), so "withdrawl" still finds "withdrawal".

Hand-written because the whole index is a few hundred short documents: a BM25 library would add
a dependency for twenty lines, and a segmenter (jieba) costs most of a second to load.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from okhelp.model import Guide

FIELD_WEIGHTS = {"keywords": 4, "title": 3, "summary": 2, "steps": 1}
K1 = 1.2
B = 0.5
PHRASE_BONUS = 2.0

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9]+")
_STOP_WORDS = """
a an the i my me it is are was to of in on and or for with can cant not do does did dont how what
why when your you this that be have has had at from but so still just keep keeps get got will
would any no problem problems issue issues help please wallet okpay need want some
"""
_STOP = set(_STOP_WORDS.split())
_ZH_STOP = set("的了吗呢啊吧我你是在有和就都也还不没怎么")


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    """The search terms of a text: English stems, and Chinese single characters and bigrams."""
    text = unicodedata.normalize("NFKC", text).lower()
    found: list[str] = []
    for word in _WORD.findall(text.replace("'", "")):
        if word not in _STOP:
            found.append(_stem(word))
    for run in _CJK.findall(text):
        found.extend(char for char in run if char not in _ZH_STOP)
        found.extend(run[i : i + 2] for i in range(len(run) - 1))
    return found


@dataclass(frozen=True)
class Match:
    guide: Guide
    score: float


class Index:
    """A BM25 index over guides; build once per run, query many times."""

    def __init__(self, guides: Iterable[Guide]) -> None:
        self.guides = list(guides)
        self.docs: list[Counter[str]] = []
        self.phrases: list[list[str]] = []
        for guide in self.guides:
            counts: Counter[str] = Counter()
            for field, texts in _fields(guide).items():
                for text in texts:
                    for term in terms(text):
                        counts[term] += FIELD_WEIGHTS[field]
            self.docs.append(counts)
            self.phrases.append([_normalize(w) for words in guide.keywords.values() for w in words])
        self.lengths = [sum(doc.values()) for doc in self.docs]
        self.average = sum(self.lengths) / len(self.lengths) if self.lengths else 1.0
        frequency: Counter[str] = Counter()
        for doc in self.docs:
            frequency.update(doc.keys())
        total = len(self.docs)
        self.idf = {
            term: math.log(1 + (total - n + 0.5) / (n + 0.5)) for term, n in frequency.items()
        }
        self.words = sorted(term for term in self.idf if term.isascii())

    def _expand(self, query: Sequence[str]) -> list[tuple[str, float]]:
        """Query terms, with unknown English words replaced by their closest known word."""
        expanded: list[tuple[str, float]] = []
        for term in query:
            if term in self.idf:
                expanded.append((term, 1.0))
            elif term.isascii() and len(term) >= 4:
                close = difflib.get_close_matches(term, self.words, n=1, cutoff=0.8)
                if close:
                    expanded.append((close[0], 0.8))
        return expanded

    def rank(self, text: str, limit: int | None = None) -> list[Match]:
        """Guides best first; only those sharing at least one term with the text."""
        query = self._expand(terms(text))
        normalized = f" {_normalize(text)} "
        scored: list[Match] = []
        for guide, doc, length, phrases in zip(
            self.guides, self.docs, self.lengths, self.phrases, strict=True
        ):
            score = sum(PHRASE_BONUS for phrase in phrases if _contains(normalized, phrase))
            for term, weight in query:
                count = doc.get(term, 0)
                if count:
                    norm = count * (K1 + 1) / (count + K1 * (1 - B + B * length / self.average))
                    score += weight * self.idf[term] * norm
            if score > 0:
                scored.append(Match(guide, round(score, 3)))
        scored.sort(key=lambda m: (-m.score, m.guide.id))
        return scored[:limit] if limit else scored


def _normalize(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).lower().replace("'", "").split())


def _contains(text: str, phrase: str) -> bool:
    """Whether a keyword phrase occurs in the text (as whole words when it is English)."""
    if not phrase:
        return False
    if phrase.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", text) is not None
    return len(phrase) >= 2 and phrase in text


def _fields(guide: Guide) -> dict[str, list[str]]:
    steps: list[str] = []
    for step in guide.steps.values():
        steps.extend(step.text.by_lang.values())
        for choice in step.choices:
            steps.extend(choice.label.by_lang.values())
    return {
        "keywords": [word for words in guide.keywords.values() for word in words],
        "title": list(guide.title.by_lang.values()),
        "summary": list(guide.summary.by_lang.values()),
        "steps": steps,
    }


def is_confident(matches: Sequence[Match]) -> bool:
    """Whether the best match is clearly ahead, so a run without a terminal may take it."""
    if not matches:
        return False
    if len(matches) == 1:
        return True
    return matches[0].score >= 1.5 * matches[1].score

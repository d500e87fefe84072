"""The names closest to one that was mistyped, for every "did you mean" okhelp shows."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def close_matches(word: object, candidates: Iterable[str], n: int = 2) -> list[str]:
    """Up to ``n`` candidates close to ``word``: one that differs only in case first, then the
    nearest by :mod:`difflib` (cutoff 0.6, the one click uses for commands and options)."""
    if not isinstance(word, str) or not word:
        return []
    pool = list(dict.fromkeys(candidates))
    lowered = {candidate.lower(): candidate for candidate in pool}
    exact = lowered.get(word.lower())
    if exact is not None:
        return [exact]
    return difflib.get_close_matches(word, pool, n=n, cutoff=0.6)

"""The names closest to one that was mistyped, for every "did you mean" okhelp shows."""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Callable, Iterable, Mapping


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


# --- "did you mean" for a phrase a parser refused ---------------------------------------------

SHORTEST_CORRECTED = 4  # a word of three letters has too many neighbours to guess among
MOST_PLACES = 3  # more mistyped words than this in one phrase: no guess
MOST_TRIES = 200
_WORD = re.compile(r"[A-Za-z]+")
# Letters typed for the digits they look like, beside digits ("usd1OO", "l00 yuan").
_DIGIT_LOOKALIKES = {"o": "0", "O": "0", "l": "1", "I": "1"}


def same_sound_table(groups: Iterable[str], known: str) -> dict[str, str]:
    """Each character of a group of same-sounding ones (午五舞) -> the group's characters that
    ``known`` (a parser's own words) uses: what a Chinese input method may have typed instead."""
    table: dict[str, str] = {}
    for group in groups:
        used = "".join(char for char in group if char in known)
        for char in group:
            replacements = "".join(other for other in used if other != char)
            if replacements:
                table[char] = table.get(char, "") + replacements
    return table


def edit_distance(first: str, second: str, most: int) -> int:
    """Letters inserted, deleted, replaced or swapped with the next one to turn ``first`` into
    ``second`` (optimal string alignment); ``most + 1`` as soon as it is sure to be more."""
    if abs(len(first) - len(second)) > most:
        return most + 1
    before: list[int] = []
    row = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        current = [i] + [0] * len(second)
        for j, b in enumerate(second, start=1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (a != b))
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > most:
            return most + 1
        before, row = row, current
    return row[-1]


def allowed_edits(word: str) -> int:
    """How far a correction may be: one letter, two in a word of eight or more (tommorow); a
    six-letter word two letters off is another word (monkey is not monday)."""
    return 1 if len(word) < 8 else 2


def close_words(word: str, vocabulary: Iterable[str]) -> list[str]:
    """Words of ``vocabulary`` within :func:`allowed_edits` of ``word`` (a lower-case word of
    at least SHORTEST_CORRECTED letters), the nearest first; none for a word it already has."""
    pool = {known for known in vocabulary if len(known) >= SHORTEST_CORRECTED - 1}
    if word in pool or len(word) < SHORTEST_CORRECTED:
        return []
    most = allowed_edits(word)
    scored = []
    for known in pool:
        # A slip seldom hits the first letter, and a word that starts otherwise is mostly
        # another word (soon is not noon); two first letters swapped are a slip (ysterday).
        if known[0] != word[0] and known[:2] != word[1::-1]:
            continue
        distance = edit_distance(word, known, most)
        if distance <= most:
            ratio = difflib.SequenceMatcher(None, word, known).ratio()
            scored.append((distance, -ratio, known))
    return [known for *_, known in sorted(scored)[:3]]


def _cased(written: str, word: str) -> str:
    if written.isupper() and len(written) > 1:
        return word.upper()
    return word.capitalize() if written[:1].isupper() else word


def corrected_phrase(
    text: str,
    vocabulary: frozenset[str],
    accepts: Callable[[str], bool],
    *,
    same_sound: Mapping[str, str] | None = None,
) -> str | None:
    """The phrase with its mistyped words corrected, when that phrase ``accepts`` (the parser
    reads it); None when nothing close enough is read.

    A correction is conservative: an English word the ``vocabulary`` (lower case) does not
    have becomes one of its words at most :func:`allowed_edits` away; letters that look like
    digits beside digits become those digits; a Chinese character in ``same_sound`` (what a
    pinyin keyboard offers for the same syllable) becomes one of the characters it maps to.
    Corrections with fewest changes are tried first, and the phrase as written never counts.
    """
    places: list[tuple[int, int, list[str]]] = []
    for match in _WORD.finditer(text):
        written = match.group(0)
        start, end = match.span()
        beside_digit = (start > 0 and text[start - 1].isdigit()) or (
            end < len(text) and text[end].isdigit()
        )
        if beside_digit and all(char in _DIGIT_LOOKALIKES for char in written):
            places.append((start, end, ["".join(_DIGIT_LOOKALIKES[c] for c in written)]))
            continue
        options = close_words(written.lower(), vocabulary)
        if options:
            places.append((start, end, [_cased(written, option) for option in options]))
    for index, char in enumerate(text):
        options = list((same_sound or {}).get(char, ""))
        if options:
            places.append((index, index + 1, options))
    if not places or len(places) > MOST_PLACES:
        return None
    places.sort()
    tries = 0
    for changes in range(1, len(places) + 1):
        for chosen in itertools.combinations(range(len(places)), changes):
            for picks in itertools.product(*(places[i][2] for i in chosen)):
                tries += 1
                if tries > MOST_TRIES:
                    return None
                candidate = _replaced(
                    text, [(places[i], pick) for i, pick in zip(chosen, picks, strict=True)]
                )
                if candidate != text and accepts(candidate):
                    return candidate
    return None


def _replaced(text: str, edits: list[tuple[tuple[int, int, list[str]], str]]) -> str:
    for (start, end, _), new in sorted(edits, key=lambda edit: -edit[0][0]):
        text = text[:start] + new + text[end:]
    return text

"""The configured transaction-id pattern: checked when the config is read, run with a time limit.

A support team writes ``transaction_id.pattern`` in the config, and it runs on every keystroke of
the transaction-id prompt. Python's :mod:`re` has no time limit, so a pattern with catastrophic
backtracking (``(a|aa)+$``) would freeze the prompt. The ``regex`` library (a well-kept drop-in
for ``re``, by the author of Python's own ``re`` improvements) takes ``timeout=``; it is imported
only here, and only when a pattern is really checked or run (about 7 ms).

Two layers: :func:`check_pattern` tries the pattern on hostile probes when the config is read, so
a bad pattern is refused at once with its FILE:LINE; :func:`txn_matches` runs every match with a
time limit, so a pattern that slips past the probes still cannot hang anything.
"""

from __future__ import annotations

import re

from okhelp.errors import InvalidAnswer
from okhelp.i18n.messages import Reason

MAX_PATTERN = 500
DEFAULT_PATTERN = r"[A-Za-z0-9_-]{6,64}"  # okhelp.fields.validation.DEFAULT_TXN_PATTERN
MATCH_SECONDS = 0.1
PROBE_SECONDS = 0.05
_PROBE_CHARS = "aA0-_ x."
MAX_TXN_TEXT = 128  # no transaction id is longer; the pattern never sees more
# Probes four times longer than any id: a sane pattern answers in microseconds even there, a
# backtracking one takes seconds, so a busy machine cannot blur the line.
_PROBE_LENGTHS = (32, 4 * MAX_TXN_TEXT)


def check_pattern(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used as the transaction-id rule, or None when it can."""
    if len(pattern) > MAX_PATTERN:
        return f"is too long ({len(pattern)} characters, at most {MAX_PATTERN})"
    import regex

    try:
        compiled = regex.compile(pattern)
    except (regex.error, ValueError, OverflowError, RecursionError) as exc:
        return f"not valid as a regular expression: {exc}"
    literals = {char for char in pattern if char.isalnum()}
    for char in sorted(set(_PROBE_CHARS) | literals)[:40]:
        for length in _PROBE_LENGTHS:
            for probe in (char * length + "!", char * length, (char + "x") * (length // 2)):
                try:
                    compiled.fullmatch(probe, timeout=PROBE_SECONDS)
                    compiled.search(probe, timeout=PROBE_SECONDS)
                except TimeoutError:
                    return (
                        "takes too long to match (catastrophic backtracking, e.g. a nested "
                        "repeat like (a+)+ or (a|aa)+); write it without repeats inside repeats"
                    )
    return None


def txn_matches(pattern: str, text: str) -> bool:
    """Whether ``text`` is a transaction id by ``pattern``; never runs longer than a moment."""
    if len(text) > MAX_TXN_TEXT:
        return False
    if pattern == DEFAULT_PATTERN:  # linear and known: the standard library is enough
        return re.fullmatch(pattern, text) is not None
    import regex

    try:
        return regex.fullmatch(pattern, text, timeout=MATCH_SECONDS) is not None
    except TimeoutError:
        raise InvalidAnswer(
            Reason("reason_transaction_rule_slow"),
            "a shorter id; ask whoever set up okhelp to simplify transaction_id.pattern",
        ) from None

"""The one-line warning any layer may give (a config value okhelp cannot use, a file it skipped).

It lives below everything so that storage and the library can say such a thing without importing
the output package; it is plain text on stderr, never rich, and always neutralised.
"""

from __future__ import annotations

import sys

from okhelp.util.text import one_line


def warn(text: str) -> None:
    """``okhelp: warning: ...`` on stderr, on one line, escape codes made inert."""
    sys.stderr.write(f"okhelp: warning: {one_line(text)}\n")


# The language the command line asked for (--lang), for warnings given before any command has
# chosen its session's: a time zone okhelp cannot read is said in it, not in the locale's.
_ASKED: list[str] = []


def ask_in(lang: str | None) -> None:
    """Remember the run's ``--lang`` (None: none given)."""
    _ASKED[:] = [lang] if lang else []


def asked_lang() -> str | None:
    return _ASKED[0] if _ASKED else None

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

"""Allow ``python -m okhelp``."""

from __future__ import annotations

from okhelp.cli import main

if __name__ == "__main__":
    main()

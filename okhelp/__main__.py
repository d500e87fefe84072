"""Allow ``python -m okhelp``."""

from __future__ import annotations

from okhelp.frontends.cli.app import main

if __name__ == "__main__":
    main()

"""okhelp: a self-help troubleshooter for the users of a digital wallet app."""

from __future__ import annotations

__version__ = "0.1.0"

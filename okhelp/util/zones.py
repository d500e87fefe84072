"""Names for fixed UTC offsets, shared by the config (the user's zone) and the guide checker.

Kept apart from the time-phrase parser so that reading the config does not load its patterns.
"""

from __future__ import annotations

from datetime import timedelta


def offset_name(offset: timedelta) -> str:
    """A fixed offset as a zone name: ``UTC+08:00``, ``UTC-05:00``, ``UTC``."""
    minutes = int(offset.total_seconds()) // 60
    if not minutes:
        return "UTC"
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"

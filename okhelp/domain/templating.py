"""Placeholders a guide text may hold, filled from the configuration before anyone sees it."""

from __future__ import annotations

from collections.abc import Sequence

CHANNELS_PLACEHOLDER = "{channels}"


def fill_placeholders(text: str, channels: Sequence[str]) -> str:
    """Put the configured contact channels where a guide text says ``{channels}``."""
    if CHANNELS_PLACEHOLDER not in text:
        return text
    listed = "".join(f"\n• {channel}" for channel in channels)
    return text.replace(CHANNELS_PLACEHOLDER, listed)

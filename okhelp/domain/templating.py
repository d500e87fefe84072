"""Placeholders a guide text may hold, filled from the configuration before anyone sees it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

CHANNELS_PLACEHOLDER = "{channels}"
# Public numbers a guide may name by placeholder: mainland China's police and its national
# anti-fraud line. Public facts, not the wallet's own numbers; a team elsewhere sets its own
# in the config (``public_numbers``).
PUBLIC_NUMBERS: Mapping[str, str] = {"police": "110", "anti_fraud": "96110"}


def fill_placeholders(
    text: str, channels: Sequence[str], numbers: Mapping[str, str] = PUBLIC_NUMBERS
) -> str:
    """Put the configured contact channels where a guide text says ``{channels}``, and the
    public numbers where it says ``{police}`` or ``{anti_fraud}``."""
    if "{" not in text:
        return text
    for name, number in numbers.items():
        text = text.replace("{" + name + "}", number)
    if CHANNELS_PLACEHOLDER not in text:
        return text
    listed = "".join(f"\n• {channel}" for channel in channels)
    return text.replace(CHANNELS_PLACEHOLDER, listed)

"""Placeholders a guide text may hold, filled from the configuration before anyone sees it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

CHANNELS_PLACEHOLDER = "{channels}"
# Public numbers a guide may name by placeholder: mainland China's police and its national
# anti-fraud line. Public facts, not the wallet's own numbers; a team elsewhere sets its own
# in the config (``public_numbers``).
PUBLIC_NUMBERS: Mapping[str, str] = {"police": "110", "anti_fraud": "96110"}
# Where the session is shown in Taiwan's or Hong Kong's characters, the user is most likely
# there, and a scam victim told to ring mainland China's lines would ring the wrong ones:
# Taiwan's police (110) and its anti-fraud line (165); Hong Kong's police (999) and its
# Anti-Scam Helpline (18222).
# A locale that names one of these regions (en_HK as much as zh_HK) says where the user is
# more surely than the characters do.
REGION_NUMBERS: Mapping[str, Mapping[str, str]] = {
    "CN": PUBLIC_NUMBERS,
    "TW": {"police": "110", "anti_fraud": "165"},
    "HK": {"police": "999", "anti_fraud": "18222"},
}
REGIONAL_NUMBERS: Mapping[str, Mapping[str, str]] = {
    "zh-Hant": REGION_NUMBERS["TW"],
    "zh-Hant-HK": REGION_NUMBERS["HK"],
}


def public_numbers(lang: str, region: str | None = None) -> Mapping[str, str]:
    """The public numbers for a session shown in ``lang`` when the config names none: the
    locale's region's, where okhelp knows them, else those of the characters shown."""
    if region is not None and region in REGION_NUMBERS:
        return REGION_NUMBERS[region]
    return REGIONAL_NUMBERS.get(lang, PUBLIC_NUMBERS)


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

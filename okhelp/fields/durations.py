"""How long ago, or how long: the one grammar of every option that takes a duration.

``okhelp sessions --prune --older-than`` and ``okhelp stats --idle`` read the same words: a whole
number from 1 to 9999 and a unit, hours, days or weeks (``12h``, ``30d``, ``2w``, ``30 days``,
``3天``, full-width digits too). A bare number is refused (days? hours?), and so is ``m``
(minutes or months?): erasing sessions and counting them as abandoned need no guessing.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta

from okhelp.errors import UsageError
from okhelp.util.text import printable

_DURATION = re.compile(r"\s*(\d{1,4})\s*([^\W\d_]*)\s*")
_UNITS: dict[str, str] = {
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "小时", "个小时"), "hours"),
    **dict.fromkeys(("d", "day", "days", "天", "日"), "days"),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks", "周", "星期", "个星期"), "weeks"),
}
AMBIGUOUS = ("m",)  # minutes or months


def parse_duration(text: str) -> timedelta:
    """The duration ``text`` names; UsageError (``duration_invalid``, ``duration_no_unit``,
    ``duration_ambiguous`` or ``duration_zero``, with the ``value`` given) otherwise."""
    shown = printable(text, 40)
    normal = unicodedata.normalize("NFKC", text)
    match = _DURATION.fullmatch(normal)
    if match is None:
        raise UsageError(f"'{shown}' is not a duration", code="duration_invalid", value=text)
    number, unit = int(match.group(1)), match.group(2).lower()
    if not unit:
        raise UsageError(f"'{shown}' has no unit", code="duration_no_unit", value=str(number))
    if unit in AMBIGUOUS:
        raise UsageError(
            f"'{shown}' could mean minutes or months", code="duration_ambiguous", value=text
        )
    if unit not in _UNITS:
        raise UsageError(f"'{shown}' is not a duration", code="duration_invalid", value=text)
    if number == 0:
        raise UsageError("the duration must be more than zero", code="duration_zero", value=text)
    return timedelta(**{_UNITS[unit]: number})

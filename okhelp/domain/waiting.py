"""When a pending end's wait is over: working days skip Saturdays and Sundays.

Public holidays are not known to okhelp (they differ by country and year, and no library
ships mainland China's adjusted working days reliably), so a wait over a holiday ends early
rather than late: the user is never told to wait longer than the guide says.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from datetime import datetime, timedelta

from okhelp.domain.model import Wait


def wait_start(field: Mapping[str, object] | None, now: datetime) -> datetime:
    """Where a wait counts from: the time a field holds (as validated: ``value``, and
    ``range`` for a vague time), never later than ``now``; ``now`` when none was given.

    A vague time ("this week", "上周一", "this month") counts from the latest moment it can
    mean: a withdrawal made "this month" may have been made today, and nobody is told a wait
    is over that may have hardly begun."""
    span = field.get("range") if field else None
    latest = span.get("end") if isinstance(span, Mapping) else None
    given = latest if isinstance(latest, str) else (field.get("value") if field else None)
    if isinstance(given, str):
        with contextlib.suppress(ValueError):
            return min(datetime.fromisoformat(given).astimezone(now.tzinfo), now)
    return now


def wait_over(wait: Wait, since: datetime) -> datetime:
    """The moment ``wait`` counted from ``since`` is over."""
    if wait.unit == "hours":
        return since + timedelta(hours=wait.amount)
    if wait.unit == "days":
        return since + timedelta(days=wait.amount)
    moment, left = since, wait.amount
    while left:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            left -= 1
    return moment

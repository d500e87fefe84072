"""When a pending end's wait is over: working days skip Saturdays and Sundays.

Public holidays are not known to okhelp (they differ by country and year, and no library
ships mainland China's adjusted working days reliably), so a wait over a holiday ends early
rather than late: the user is never told to wait longer than the guide says.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from okhelp.domain.model import Wait


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

"""Asking before erasing, and saying what was erased: the terminal side of ``forget`` and prune."""

from __future__ import annotations

import sys

from okhelp.core.forget import Plan
from okhelp.errors import EXIT_FAILED, UsageError
from okhelp.i18n.messages import message
from okhelp.output import console as render
from okhelp.storage.sessions import Erased, Store

SHOWN_BUSY = 5


def confirmed(plan: Plan, *, yes: bool, lang: str, accessible: bool = False) -> bool:
    """``--yes``, or the person at the terminal said y (said yes, in the accessible mode);
    without a terminal, a UsageError."""
    if yes:
        return True
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "okhelp asks before erasing and there is no terminal to ask", code="erase_unasked"
        )
    from okhelp.frontends.terminal import modes

    return modes.prompter(lang, accessible=accessible).confirm(plan.question)


def erase(store: Store, plan: Plan, lang: str) -> tuple[Erased, int]:
    """Erase the plan's sessions; say how many went and which were left; the exit code."""
    from okhelp.core import forget

    result = forget.erase(store, plan)
    for session_id in result.open_elsewhere[:SHOWN_BUSY]:
        render.warn(message("forget_busy", lang, id=session_id))
    if len(result.open_elsewhere) > SHOWN_BUSY:
        render.warn(
            message("forget_busy_more", lang, count=len(result.open_elsewhere) - SHOWN_BUSY)
        )
    if result.changed:
        render.info(message("forget_changed", lang, count=len(result.changed)))
    render.info(message("erased", lang, count=len(result.sessions), files=result.files))
    return result, EXIT_FAILED if result.open_elsewhere else 0

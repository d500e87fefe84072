"""Erasing one's history: forgetting one session, every session, or the old ones.

What is erased, and how the index stays right, is
:meth:`okhelp.storage.sessions.Store.erase_sessions`; this module chooses the sessions, and the
command asks first (only at a terminal; a script says ``--yes``) and words the outcome
(:mod:`okhelp.frontends.cli.forgetting`). Nothing is undone later, so nothing is erased without
one of the two.

Prune counts unfinished sessions too, by the time of their last answer: the point is to be rid
of old personal data, and an unfinished session holds the same account numbers and
descriptions; one still being worked on was answered recently and so is never "older than", and
one open in another okhelp right now is never erased (its lock is held).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from okhelp.errors import SessionBusy
from okhelp.i18n.messages import message
from okhelp.storage.sessions import Erased, SessionInfo, Store
from okhelp.util.text import printable


@dataclass(frozen=True)
class Plan:
    """The sessions to erase and the question that asks for them."""

    ids: list[str]
    question: str
    updated_before: datetime | None = None


def plan_one(store: Store, prefix: str, lang: str) -> Plan:
    """One session, by its id or a unique start of it (as ``resume`` and ``summary`` take it)."""
    session_id = store.find_session_id(prefix)
    info = store.describe(session_id)
    about = _about(info, lang) if info else message("forget_damaged", lang)
    return Plan([session_id], message("forget_one", lang, id=session_id, about=about))


def plan_all(store: Store, lang: str) -> Plan:
    """Every session okhelp has a file for (damaged ones and left-over summaries too)."""
    ids = store.all_session_ids()
    return Plan(ids, message("forget_all", lang, count=len(ids)))


def plan_prune(store: Store, now: datetime, age: timedelta, lang: str) -> Plan:
    """Sessions last updated more than ``age`` before ``now``, unfinished ones included."""
    cutoff = now - age
    old = store.sessions_older_than(cutoff)
    unfinished = sum(1 for info in old if info.status == "in_progress")
    question = message("prune_ask", lang, count=len(old), before=_when(cutoff), open=unfinished)
    return Plan([info.session_id for info in old], question, updated_before=cutoff)


def cutoff_text(now: datetime, age: timedelta) -> str:
    return _when(now - age)


def erase(store: Store, plan: Plan) -> Erased:
    """Erase the plan's sessions; what went, what was open elsewhere or changed meanwhile."""
    return store.erase_sessions(plan.ids, updated_before=plan.updated_before)


def to_json(result: Erased | None) -> dict[str, object]:
    """What was erased, for scripts (``sessions --prune --format json``)."""
    result = result or Erased()
    return {
        "erased": result.sessions,
        "files": result.files,
        "open_elsewhere": result.open_elsewhere,
        "kept_changed": result.changed,
    }


def check_not_open(store: Store, session_id: str) -> None:
    """SessionBusy, before anything is asked, if another okhelp has the session open."""
    if store.open_elsewhere(session_id):
        raise busy(session_id)


def busy(session_id: str) -> SessionBusy:
    return SessionBusy(
        f"session {session_id} is open elsewhere (another okhelp is running it); it was not erased",
        hint="finish or close it there first",
        code="busy_not_erased",
        session=session_id,
    )


def _about(info: SessionInfo, lang: str) -> str:
    from okhelp.core.summary import WORDS

    status = WORDS["status"][lang].get(info.status, info.status)
    return message(
        "forget_about",
        lang,
        guide=printable(info.guide, 60),
        status=printable(status, 40),
        updated=printable(info.updated_at.replace("T", " ")[:16], 40),
    )


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")

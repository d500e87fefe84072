"""How soon support should act on a session, worked out from what happened in it.

The category alone said too little: a scam victim who has sent ¥5,000 and a failed £3 payment
were both "high". Now a guide's signals (answers such as "money has gone") raise the session to
``urgent`` or ``high`` and name what happened in tags a team can route on; for money, the amount
decides between ``high`` and ``normal`` by the config's thresholds; security is never below
``high``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from okhelp.domain.engine import answer_code
from okhelp.domain.model import PRIORITIES, Guide
from okhelp.domain.session import Session
from okhelp.storage.config import Config


@dataclass(frozen=True)
class Assessment:
    priority: str
    signals: tuple[str, ...]


def raised_signals(session: Session, guides: Mapping[str, Guide]) -> list[tuple[str, str | None]]:
    """The (tag, priority) of every signal raised, in guide order: as with a path rule, any one
    of its ``after`` answers raises it. A signal reads only its own guide's answers."""
    given: dict[str, dict[str, str | None]] = {}
    for entry in session.trail:
        given.setdefault(entry.guide, {})[entry.step] = answer_code(entry.value)
    raised: list[tuple[str, str | None]] = []
    for guide_id, answers in given.items():
        guide = guides.get(guide_id)
        for signal in guide.signals if guide else ():
            if any(answers.get(step_id) == answer for step_id, answer in signal.after):
                raised.append((signal.tag, signal.priority))
    return raised


def _amount_priority(session: Session, config: Config) -> str:
    """high from the config's threshold for the currency; high when it cannot be told."""
    amount = session.fields.get("amount") or {}
    value, currency = amount.get("value"), amount.get("currency") or config.default_currency
    threshold = config.high_amounts.get(str(currency))
    if value is None or threshold is None:
        return "high"  # no amount, or a currency without a threshold: an agent should look
    try:
        return "high" if Decimal(str(value)) >= threshold else "normal"
    except InvalidOperation:
        return "high"


def assess(session: Session, guides: Mapping[str, Guide], config: Config) -> Assessment:
    """The session's priority and the tags of the signals it raised."""
    guide_id = session.end[0] if session.end else session.guide
    guide = guides.get(guide_id) or guides.get(session.guide)
    category = guide.category if guide else None
    levels = ["normal"]
    if category == "security":
        levels.append("high")
    elif category == "money":
        levels.append(_amount_priority(session, config))
    raised = raised_signals(session, guides)
    levels += [priority for _, priority in raised if priority]
    priority = min(levels, key=PRIORITIES.index)
    return Assessment(priority, tuple(dict.fromkeys(tag for tag, _ in raised)))

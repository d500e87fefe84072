"""What saved sessions say about the guides: how often each solves, escalates or loses its users.

Pure over session facts: either records (session files, an export) or rows the sessions
database has already grouped (:func:`compute_grouped`, what ``okhelp stats`` asks the database
for, so a history of a million sessions is a few grouped queries). Per guide *and guide version*,
sessions by outcome, the median number of steps and duration, where sessions stop (exit points),
how many took each way out of a step (edges), and for each action step how often it fixed the
problem. Only step ids, choice ids, yes/no answers and outcomes are read — never what a user typed:
an input step's answer counts as "answered", and a choice answer counts only when it is one of the
step's own choice ids.

A session is replayed through the engine against the guide as it is now, so every figure names a
step that exists. A session whose steps no longer fit (the guide changed under it) is counted in
``stale`` for its version and kept out of the per-step figures, never mixed in.
"""

from __future__ import annotations

import json
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, TypedDict

from okhelp.authoring.graph import END_MARK
from okhelp.domain.engine import NOT_POSSIBLE, Answer, Engine, Entry
from okhelp.domain.model import Guide
from okhelp.domain.session import rating_value
from okhelp.errors import InvalidAnswer, OkhelpError
from okhelp.i18n.messages import message

if TYPE_CHECKING:
    from okhelp.storage.sessions import Store

DEFAULT_IDLE = timedelta(days=7)
ENDED = ("resolved", "escalated")
# Where an edge goes when an action without ``on_yes`` solved the problem: the session ends there.
RESOLVED_AT_ACTION = ("", "(resolved)")


class NotASession(ValueError):
    """A file that is not an okhelp session, or one too damaged to count."""


@dataclass(frozen=True)
class SessionFacts:
    """The parts of one session that statistics may read: no free text."""

    guide: str
    version: int | None
    status: str
    started_at: datetime
    updated_at: datetime
    trail: tuple[Entry, ...]
    rating: int | None = None
    pending_until: datetime | None = None  # a waiting session: when its wait is over


def facts_from_record(data: Any) -> SessionFacts:
    """The countable facts of a saved session; NotASession for anything else."""
    if not isinstance(data, dict) or data.get("schema") != "okhelp.session/1":
        raise NotASession("not an okhelp session")
    try:
        status = data["status"]
        if status not in ("in_progress", "resolved", "escalated", "abandoned", "pending"):
            raise NotASession(f"unknown status {str(status)[:40]!r}")
        version = data.get("guide_version")
        if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
            raise NotASession("guide_version is not a number")
        trail = data["trail"]
        if not isinstance(trail, list):
            raise NotASession("trail is not a list")
        return SessionFacts(
            guide=_text(data["guide"]),
            version=version,
            status=status,
            started_at=_moment(data["started_at"]),
            updated_at=_moment(data["updated_at"]),
            trail=tuple(_entry(item) for item in trail),
            rating=_rating(data.get("rating")),
            pending_until=(
                _moment(data["pending_until"]) if data.get("pending_until") is not None else None
            ),
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, NotASession):
            raise
        raise NotASession(f"damaged session ({type(exc).__name__})") from None


def _rating(value: Any) -> int | None:
    try:
        return rating_value(value)
    except ValueError:
        raise NotASession("rating is not 1 to 5") from None


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value or len(value) > 200:
        raise ValueError("expected a short text")
    return value


def _moment(value: Any) -> datetime:
    moment = datetime.fromisoformat(_text(value))
    if moment.tzinfo is None:
        raise ValueError("time without a zone")
    return moment


def _entry(item: Any) -> Entry:
    value = item["value"]
    if value is not None and not isinstance(value, (str, bool)):
        raise ValueError("expected an answer")
    return Entry(_text(item["guide"]), _text(item["step"]), value)


class Rates(TypedDict):
    resolved: float
    escalated: float
    pending: float
    abandoned: float


class StepCount(TypedDict):
    step: str
    count: int


# "from" is a keyword, so this one is spelt the functional way.
Edge = TypedDict("Edge", {"from": str, "answer": str, "to": str, "count": int})


class ActionJson(TypedDict):
    solved: int
    not_solved: int
    not_possible: int


class ActionRow(ActionJson):
    step: str


class RatingJson(TypedDict):
    """The users' own verdicts: how many gave one, and their average (1-5)."""

    answered: int
    average: float | None


class GuideStatsJson(TypedDict):
    """One guide version's figures as ``stats --format json`` prints them and the table shows."""

    guide: str
    version: int | None
    sessions: int
    resolved: int
    escalated: int
    pending: int
    abandoned: int
    open: int
    stale: int
    # False for sessions of a guide this okhelp does not have (a custom guide not installed
    # here): they are counted, but not called stale, and no step figures can be given.
    installed: bool
    rates: Rates
    median_steps: float | None
    median_duration_seconds: float | None
    durations_unknown: int
    exit_points: list[StepCount]
    ends: list[StepCount]
    edges: list[Edge]
    actions: list[ActionRow]
    rating: RatingJson


@dataclass
class ActionCounts:
    solved: int = 0
    not_solved: int = 0
    not_possible: int = 0

    def to_json(self) -> ActionJson:
        return {
            "solved": self.solved,
            "not_solved": self.not_solved,
            "not_possible": self.not_possible,
        }


@dataclass
class GuideStats:
    """Every figure for one version of one guide."""

    guide: str
    version: int | None
    sessions: int = 0
    resolved: int = 0
    escalated: int = 0
    # Told to wait until a date: neither solved nor handed over yet.
    pending: int = 0
    abandoned: int = 0
    open: int = 0
    stale: int = 0
    installed: bool = True
    # How many sessions took each number of steps, and each duration in seconds (histograms,
    # so a million sessions are a few thousand numbers).
    steps: Counter[int] = field(default_factory=Counter)
    durations: Counter[float] = field(default_factory=Counter)
    # Ended sessions whose last answer is stamped before their start (the clock was set back
    # between the two): how long they took is unknown, and is not counted as 0 s.
    durations_unknown: int = 0
    exits: Counter[tuple[str, str]] = field(default_factory=Counter)
    ends: Counter[tuple[str, str]] = field(default_factory=Counter)
    edges: Counter[tuple[str, str, str, str, str]] = field(default_factory=Counter)
    actions: dict[tuple[str, str], ActionCounts] = field(default_factory=dict)
    walks: Counter[_Walk] = field(default_factory=Counter)
    # How many users gave each verdict (1-5) at the end.
    ratings: Counter[int] = field(default_factory=Counter)

    def rate(self, count: int) -> float:
        return count / self.sessions if self.sessions else 0.0

    @property
    def median_steps(self) -> float | None:
        return _median(self.steps)

    @property
    def median_duration(self) -> float | None:
        return _median(self.durations)

    def to_json(self) -> GuideStatsJson:
        def step_name(key: tuple[str, str]) -> str:
            return key[1] if key[0] in (self.guide, "") else f"{key[0]}.{key[1]}"

        return {
            "guide": self.guide,
            "version": self.version,
            "sessions": self.sessions,
            "resolved": self.resolved,
            "escalated": self.escalated,
            "pending": self.pending,
            "abandoned": self.abandoned,
            "open": self.open,
            "stale": self.stale,
            "installed": self.installed,
            "rates": {
                "resolved": round(self.rate(self.resolved), 4),
                "escalated": round(self.rate(self.escalated), 4),
                "pending": round(self.rate(self.pending), 4),
                "abandoned": round(self.rate(self.abandoned), 4),
            },
            "median_steps": self.median_steps,
            "median_duration_seconds": self.median_duration,
            "durations_unknown": self.durations_unknown,
            "exit_points": [
                {"step": step_name(key), "count": count} for key, count in self.exits.most_common()
            ],
            "ends": [
                {"step": step_name(key), "count": count} for key, count in self.ends.most_common()
            ],
            "edges": [
                {
                    "from": step_name((g1, s1)),
                    "answer": answer,
                    "to": step_name((g2, s2)),
                    "count": count,
                }
                for (g1, s1, answer, g2, s2), count in sorted(
                    self.edges.items(), key=lambda item: (-item[1], item[0])
                )
            ],
            "actions": [
                ActionRow(step=step_name(key), **counts.to_json())
                for key, counts in sorted(self.actions.items())
            ],
            "rating": self.rating_json(),
        }

    def rating_json(self) -> RatingJson:
        answered = sum(self.ratings.values())
        total = sum(score * count for score, count in self.ratings.items())
        return {"answered": answered, "average": round(total / answered, 2) if answered else None}


def _median(histogram: Counter[Any]) -> float | None:
    """The median of the values a histogram counts (the mean of the middle two for an even
    count), as ``statistics.median`` gives for the values written out."""
    total = sum(count for count in histogram.values() if count > 0)
    if not total:
        return None
    middle = ((total - 1) // 2, total // 2)
    found: list[float] = []
    seen = 0
    for value in sorted(histogram):
        count = histogram[value]
        if count <= 0:
            continue
        for position in middle[len(found) :]:
            if position < seen + count:
                found.append(value)
            else:
                break
        seen += count
        if len(found) == 2:
            break
    return statistics.mean(found) if found[0] != found[1] else float(found[0])


def answer_label(guide: Guide | None, step_id: str, value: Answer) -> str:
    """What an answer may be called in statistics: never the text a user typed."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value == NOT_POSSIBLE:
        return NOT_POSSIBLE
    step = guide.steps.get(step_id) if guide else None
    if step is not None and step.type == "choice" and isinstance(value, str):
        return value if step.choice(value) is not None else "answered"
    if step is not None and step.type == "input":
        return "answered" if value else "skipped"
    return ""


def compute(
    sessions: Iterable[SessionFacts],
    guides: Mapping[str, Guide],
    now: datetime,
    *,
    idle: timedelta = DEFAULT_IDLE,
    since: datetime | None = None,
    only: str | None = None,
) -> list[GuideStats]:
    """Figures per (guide, version), most sessions first."""
    groups: dict[tuple[str, int | None], GuideStats] = {}
    replayer = _Replayer(guides)
    for facts in sessions:
        if only is not None and facts.guide != only:
            continue
        if since is not None and facts.started_at < since:
            continue
        key = (facts.guide, facts.version)
        stats = groups.get(key)
        if stats is None:
            stats = groups[key] = GuideStats(facts.guide, facts.version)
        _count(stats, facts, replayer, now=now, idle=idle)
    for stats in groups.values():
        _add_walks(stats)
    return sorted(groups.values(), key=lambda g: (-g.sessions, g.guide, -(g.version or 0)))


@dataclass(frozen=True)
class _Walk:
    """What one distinct path through a guide adds to the figures."""

    edges: tuple[tuple[str, str, str, str, str], ...]
    actions: tuple[tuple[tuple[str, str], str], ...]
    final: tuple[str, str]
    done: bool


class _Replayer:
    """Replays trails through the engine, once per distinct path.

    Where a session ends up depends only on its choices and yes/no answers and on whether each
    input was left empty, never on the text typed; so trails are remembered by that shape, and a
    history of thousands of sessions costs about one replay per distinct path.
    """

    def __init__(self, guides: Mapping[str, Guide]) -> None:
        self.guides = guides
        self.engines: dict[str, Engine] = {}
        self.known: dict[tuple[object, ...], _Walk | None] = {}

    def walk(self, guide_id: str, trail: tuple[Entry, ...]) -> _Walk | None:
        """The path a session took, or None if it no longer fits the guide as it is now."""
        shape = (guide_id, *(self._shape(entry) for entry in trail))
        if shape not in self.known:
            self.known[shape] = self._replay(guide_id, trail)
        return self.known[shape]

    def _shape(self, entry: Entry) -> tuple[str, str, Answer]:
        guide = self.guides.get(entry.guide)
        step = guide.steps.get(entry.step) if guide else None
        if step is not None and step.type == "input" and isinstance(entry.value, str):
            return (entry.guide, entry.step, bool(entry.value.strip()))
        return (entry.guide, entry.step, entry.value)

    def _replay(self, guide_id: str, trail: tuple[Entry, ...]) -> _Walk | None:
        if guide_id not in self.guides:
            return None
        engine = self.engines.get(guide_id)
        if engine is None:
            engine = self.engines[guide_id] = Engine(self.guides, guide_id)
        try:
            state = engine.replay(trail)
        except (InvalidAnswer, OkhelpError, KeyError):
            return None
        last = (trail[-1].guide, trail[-1].step) if trail else None
        keys = [(entry.guide, entry.step) for entry in trail[1:]]
        if trail:  # a session just started has no answer yet, and so no edge
            keys.append(RESOLVED_AT_ACTION if state.done and state.key == last else state.key)
        edges = []
        actions = []
        for entry, following in zip(trail, keys, strict=True):
            owner = self.guides.get(entry.guide)
            label = answer_label(owner, entry.step, entry.value)
            edges.append((entry.guide, entry.step, label, following[0], following[1]))
            step = owner.steps.get(entry.step) if owner else None
            if step is not None and step.type == "action":
                result = (
                    "solved"
                    if entry.value is True
                    else NOT_POSSIBLE
                    if entry.value == NOT_POSSIBLE
                    else "not_solved"
                )
                actions.append(((entry.guide, entry.step), result))
        return _Walk(tuple(edges), tuple(actions), state.key, state.done)


def _count(
    stats: GuideStats,
    facts: SessionFacts,
    replayer: _Replayer,
    *,
    now: datetime,
    idle: timedelta,
) -> None:
    status = facts.status
    if status == "in_progress":
        status = "abandoned" if now - facts.updated_at > idle else "open"
    elif status == "pending" and now - (facts.pending_until or facts.updated_at) > idle:
        status = "abandoned"  # told to come back by a date long gone, and never came back
    took = (facts.updated_at - facts.started_at).total_seconds() if status in ENDED else None
    _add(stats, replayer, status, facts.trail, 1)
    _add_duration(stats, took, 1)
    if facts.rating is not None:
        stats.ratings[facts.rating] += 1


def _add(
    stats: GuideStats,
    replayer: _Replayer,
    status: str,
    trail: tuple[Entry, ...],
    count: int,
) -> None:
    stats.sessions += count
    setattr(stats, status, getattr(stats, status) + count)
    stats.steps[len(trail)] += count
    if stats.guide not in replayer.guides:
        stats.installed = False  # nothing to replay against: not stale, just unknown here
        return
    walk = replayer.walk(stats.guide, trail)
    if walk is None:
        stats.stale += count
    else:
        stats.walks[walk] += count


def _add_duration(stats: GuideStats, took: float | None, count: int) -> None:
    if took is None:
        return
    if took < 0:
        stats.durations_unknown += count
    else:
        stats.durations[took] += count


@dataclass(frozen=True)
class PathGroup:
    """Sessions of one guide version that took the same path and stand alike: ``status`` is
    resolved, escalated, pending, open or abandoned (the idle rule already applied); ``path``
    the trail with typed text reduced to "~" (something) or "" (nothing)."""

    guide: str
    version: int | None
    status: str
    path: tuple[Entry, ...]
    count: int


@dataclass(frozen=True)
class DurationGroup:
    """How many ended sessions of one guide version took ``seconds``."""

    guide: str
    version: int | None
    seconds: float
    count: int


@dataclass(frozen=True)
class RatingGroup:
    """How many sessions of one guide version the users rated ``rating`` (1-5)."""

    guide: str
    version: int | None
    rating: int
    count: int


def path_entries(text: str) -> tuple[Entry, ...]:
    """A path as the sessions database keeps it (JSON ``[[guide, step, answer], ...]``)."""
    try:
        items = json.loads(text)
        return tuple(_entry({"guide": g, "step": s, "value": v}) for g, s, v in items)
    except (TypeError, ValueError, RecursionError):
        raise NotASession("damaged path") from None


def compute_grouped(
    paths: Iterable[PathGroup],
    durations: Iterable[DurationGroup],
    guides: Mapping[str, Guide],
    ratings: Iterable[RatingGroup] = (),
) -> list[GuideStats]:
    """:func:`compute` over groups the database counted (filters already applied)."""
    groups: dict[tuple[str, int | None], GuideStats] = {}
    replayer = _Replayer(guides)
    for group in paths:
        key = (group.guide, group.version)
        stats = groups.get(key)
        if stats is None:
            stats = groups[key] = GuideStats(group.guide, group.version)
        _add(stats, replayer, group.status, group.path, group.count)
    for took in durations:
        stats = groups.get((took.guide, took.version))
        if stats is not None:
            _add_duration(stats, took.seconds, took.count)
    for rated in ratings:
        stats = groups.get((rated.guide, rated.version))
        if stats is not None:
            stats.ratings[rated.rating] += rated.count
    for stats in groups.values():
        _add_walks(stats)
    return sorted(groups.values(), key=lambda g: (-g.sessions, g.guide, -(g.version or 0)))


def _add_walks(stats: GuideStats) -> None:
    """Turn the distinct paths counted into per-edge, per-action, per-end figures."""
    for walk, count in stats.walks.items():
        for edge in walk.edges:
            stats.edges[edge] += count
        for key, result in walk.actions:
            counts = stats.actions.setdefault(key, ActionCounts())
            setattr(counts, result, getattr(counts, result) + count)
        (stats.ends if walk.done else stats.exits)[walk.final] += count
    stats.walks.clear()


def tree_edges(guide: Guide) -> list[tuple[str, str, str]]:
    """Every way out of every step of a guide: (from step, answer label, to step)."""
    edges: list[tuple[str, str, str]] = []
    resolved = RESOLVED_AT_ACTION[1]
    for step in guide.steps.values():
        if step.type == "choice":
            edges += [(step.id, choice.id, choice.next) for choice in step.choices]
        elif step.type == "confirm":
            edges += [(step.id, "yes", step.on_yes or ""), (step.id, "no", step.on_no or "")]
        elif step.type == "action":
            edges.append((step.id, "yes", step.on_yes or resolved))
            edges.append((step.id, "no", step.next or ""))
            edges.append((step.id, NOT_POSSIBLE, step.next or ""))
        elif step.type == "input":
            edges.append((step.id, "answered", step.next or ""))
            if not step.required:
                edges.append((step.id, "skipped", step.next or ""))
        elif step.type == "link":
            edges.append((step.id, "", f"→{step.guide}"))
        elif step.type == "info" and step.next:
            edges.append((step.id, "", step.next))
    return edges


def _edge_counts(stats: GuideStats) -> Counter[tuple[str, str, str]]:
    """Counts keyed like :func:`tree_edges`: steps of this guide, links named by guide."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for (g1, s1, answer, g2, s2), count in stats.edges.items():
        if g1 != stats.guide:
            continue
        target = s2 if g2 in (stats.guide, "") else f"→{g2}"
        counts[(s1, answer, target)] += count
    return counts


def _end_shares(guide: Guide, stats: GuideStats) -> dict[str, float]:
    ended = sum(count for (g, _), count in stats.ends.items() if g == guide.id)
    shares: dict[str, float] = {}
    for (g, step_id), count in stats.ends.items():
        if g != guide.id:
            continue
        step = guide.steps.get(step_id)
        node = step_id if step is not None and step.type == "end" else RESOLVED_AT_ACTION[1]
        shares[node] = shares.get(node, 0.0) + (count / ended if ended else 0.0)
    return shares


def _drawn_edges(
    guide: Guide, counts: Counter[tuple[str, str, str]]
) -> list[tuple[str, str, str, int]]:
    """The tree's edges with their counts; "can't do this" only where someone said it."""
    drawn = []
    for source, answer, target in tree_edges(guide):
        count = counts.get((source, answer, target), 0)
        if answer != NOT_POSSIBLE or count:
            drawn.append((source, answer, target, count))
    return drawn


def _node(step_id: str) -> str:
    return "n_" + "".join(c if c.isalnum() else "_" for c in step_id)


def _width(count: int, most: int) -> float:
    return 1.0 + 5.0 * (count / most) if most else 1.0


_ANSWER_WORDS = {
    "yes": "answer_yes",
    "no": "answer_no",
    NOT_POSSIBLE: "answer_cant",
    "answered": "answer_answered",
    "skipped": "answer_skipped",
}


def answer_word(answer: str, lang: str) -> str:
    """An edge's answer in words; a choice id (the guide's own) as it is."""
    key = _ANSWER_WORDS.get(answer)
    return message(key, lang) if key else answer


def _node_label(
    guide: Guide, step_id: str, stats: GuideStats, shares: dict[str, float], lang: str
) -> str:
    step = guide.steps.get(step_id)
    label = step_id.lstrip("→")
    if step_id in shares:
        outcome = step.outcome if step is not None else "resolved"
        mark = END_MARK.get(outcome or "", END_MARK["resolved"])
        label = f"{mark} {label} · {shares[step_id]:.0%}"
    exits = stats.exits.get((guide.id, step_id), 0)
    if exits:
        label += message("stats_stopped_here", lang, count=exits)
    return label


def mermaid(guide: Guide, stats: GuideStats, lang: str) -> str:
    """The guide's tree with every edge labelled and weighted by how many sessions took it."""
    counts = _edge_counts(stats)
    most = max(counts.values(), default=0)
    shares = _end_shares(guide, stats)
    lines = ["flowchart TD"]
    nodes: list[str] = []
    styles: list[str] = []
    for source, answer, target, count in _drawn_edges(guide, counts):
        for step_id in (source, target):
            if step_id not in nodes:
                nodes.append(step_id)
        words = answer_word(answer, lang)
        label = f"{words} · {count}" if words else str(count)
        lines.append(f'    {_node(source)} -->|"{_mermaid(label)}"| {_node(target)}')
        styles.append(f"stroke-width:{_width(count, most):.1f}px")
    for index, style in enumerate(styles):
        lines.append(f"    linkStyle {index} {style}")
    for step_id in nodes:
        label = _mermaid(_node_label(guide, step_id, stats, shares, lang))
        step = guide.steps.get(step_id)
        if (step is not None and step.type == "end") or step_id == RESOLVED_AT_ACTION[1]:
            lines.append(f'    {_node(step_id)}(["{label}"])')
        else:
            lines.append(f'    {_node(step_id)}["{label}"]')
    return "\n".join(lines) + "\n"


def dot(guide: Guide, stats: GuideStats, lang: str) -> str:
    """The same picture as Graphviz DOT, edge widths by count."""
    counts = _edge_counts(stats)
    most = max(counts.values(), default=0)
    shares = _end_shares(guide, stats)
    lines = [f'digraph "{_dot(guide.id)}" {{', '    node [fontname="sans-serif"];']
    nodes: list[str] = []
    for source, answer, target, count in _drawn_edges(guide, counts):
        for step_id in (source, target):
            if step_id not in nodes:
                nodes.append(step_id)
        words = answer_word(answer, lang)
        label = f"{words} · {count}" if words else str(count)
        lines.append(
            f"    {_node(source)} -> {_node(target)} "
            f'[label="{_dot(label)}", penwidth={_width(count, most):.1f}];'
        )
    for step_id in nodes:
        step = guide.steps.get(step_id)
        ended = (step is not None and step.type == "end") or step_id == RESOLVED_AT_ACTION[1]
        escalates = step is not None and step.outcome == "escalate"
        shape = ', shape=box, style="rounded,filled"' if ended else ", shape=box"
        colour = (
            (', fillcolor="#f8d7da"' if escalates else ', fillcolor="#d4edda"') if ended else ""
        )
        label = _dot(_node_label(guide, step_id, stats, shares, lang))
        lines.append(f'    {_node(step_id)} [label="{label}"{shape}{colour}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid(text: str) -> str:
    return text.replace('"', "#quot;").replace("|", "#124;")


def _dot(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def parse_since(text: str, zone: tzinfo) -> datetime:
    """An ISO date or time; a date means its start in the user's zone."""
    from okhelp.errors import UsageError
    from okhelp.util.text import printable

    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"'{printable(text)}' is not a date", code="date_invalid", value=text
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def merge(guide: str, version: int | None, groups: Iterable[GuideStats]) -> GuideStats:
    """One set of figures from several (sessions recorded before versions were, and the
    current version), for drawing the guide as it is now."""
    merged = GuideStats(guide, version)
    for group in groups:
        for name in (
            *("sessions", "resolved", "escalated", "pending", "abandoned", "open", "stale"),
            "durations_unknown",
        ):
            setattr(merged, name, getattr(merged, name) + getattr(group, name))
        merged.installed = merged.installed and group.installed
        merged.steps.update(group.steps)
        merged.ratings.update(group.ratings)
        merged.durations.update(group.durations)
        merged.exits.update(group.exits)
        merged.ends.update(group.ends)
        merged.edges.update(group.edges)
        for key, counts in group.actions.items():
            target = merged.actions.setdefault(key, ActionCounts())
            target.solved += counts.solved
            target.not_solved += counts.not_solved
            target.not_possible += counts.not_possible
    return merged


def from_store(
    store: Store,
    guides: Mapping[str, Guide],
    now: datetime,
    *,
    idle: timedelta = DEFAULT_IDLE,
    since: datetime | None = None,
    only: str | None = None,
) -> tuple[list[GuideStats], list[str]]:
    """The figures of every session in the store's database, counted by the database: one row
    per distinct path and one per distinct duration, never a row per session. Also the lines
    for paths too damaged to count."""
    where = ["started >= ?"]
    params: list[Any] = [since.timestamp() if since is not None else -math.inf]
    if only is not None:
        where.append("guide = ?")
        params.append(only)
    condition = " AND ".join(where)
    skipped: list[str] = []

    def paths() -> Iterator[PathGroup]:
        rows = store.stats_rows(
            "SELECT guide, guide_version, CASE"
            " WHEN status = 'in_progress' THEN"
            " CASE WHEN updated < ? THEN 'abandoned' ELSE 'open' END"
            " WHEN status = 'pending' AND COALESCE(pending_until, updated) < ? THEN 'abandoned'"
            " ELSE status END AS state,"
            f" path, COUNT(*) FROM sessions WHERE {condition}"
            " GROUP BY guide, guide_version, state, path",
            [(now - idle).timestamp(), (now - idle).timestamp(), *params],
        )
        for guide, version, status, path, count in rows:
            try:
                yield PathGroup(guide, version, status, path_entries(path), count)
            except NotASession:
                skipped.append(f"{count} session(s) of {guide}: damaged path")

    def durations() -> Iterator[DurationGroup]:
        rows = store.stats_rows(
            "SELECT guide, guide_version, updated - started AS took, COUNT(*) FROM sessions"
            f" WHERE {condition} AND status IN ('resolved', 'escalated')"
            " GROUP BY guide, guide_version, took",
            params,
        )
        for guide, version, took, count in rows:
            yield DurationGroup(guide, version, float(took), count)

    def ratings() -> Iterator[RatingGroup]:
        rows = store.stats_rows(
            "SELECT guide, guide_version, rating, COUNT(*) FROM sessions"
            f" WHERE {condition} AND rating BETWEEN 1 AND 5"
            " GROUP BY guide, guide_version, rating",
            params,
        )
        for guide, version, rating, count in rows:
            yield RatingGroup(guide, version, int(rating), count)

    return compute_grouped(paths(), durations(), guides, ratings()), skipped

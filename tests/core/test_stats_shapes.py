"""``okhelp stats`` on every shape a saved session can have: started and never answered, only
collected fields, abandoned, waiting, a guide not installed here, a guide that changed under the
session. Every output format runs on all of them at once, and the terminal table is read at the
widths a team lead has."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from rich.console import Console

from okhelp.core import stats
from okhelp.domain.engine import WAITED, Entry
from okhelp.domain.session import Session
from okhelp.library.catalog import load_catalog
from okhelp.output import console as render
from okhelp.storage.sessions import Store
from tests.helpers import Result
from tests.helpers.summary_records import NOW

GUIDES = load_catalog({}).guides
DAY = "2026-11-21T"


def _session(session_id: str, guide: str, status: str, trail: list[Entry], **extra: Any) -> Session:
    return Session(
        session_id,
        guide,
        "en",
        f"{DAY}10:00:00+08:00",
        extra.pop("updated", f"{DAY}10:05:00+08:00"),
        status=status,
        trail=trail,
        **extra,
    )


SHAPES = [
    # started, never answered
    _session("20261121-100000-0001", "top-up", "in_progress", []),
    # ended escalated with nothing but the fields the end collected
    _session(
        "20261121-100000-0002",
        "contact-support",
        "escalated",
        [],
        fields={"account": {"value": "13800138000", "source": "collect"}},
        end=("contact-support", "escalate"),
    ),
    # abandoned: left unanswered for weeks
    _session(
        "20261121-100000-0003",
        "top-up",
        "in_progress",
        [Entry("top-up", "method", "bank")],
        updated="2026-10-01T10:05:00+08:00",
    ),
    # waiting until a date, and one that came back after it
    _session(
        "20261121-100000-0004",
        "withdrawal",
        "pending",
        [Entry("withdrawal", "status", "pending"), Entry("withdrawal", "when", "2小时前")],
        pending_until="2026-11-26T10:00+08:00",
        end=("withdrawal", "wait"),
    ),
    _session(
        "20261121-100000-0005",
        "withdrawal",
        "in_progress",
        [
            Entry("withdrawal", "status", "pending"),
            Entry("withdrawal", "when", "2小时前"),
            Entry("withdrawal", "wait", WAITED),
        ],
    ),
    # a custom guide that is not installed here
    _session("20261121-100000-0006", "x-our-own-guide", "resolved", [Entry("x", "a", "b")]),
    # the guide changed: the saved answers no longer fit it
    _session("20261121-100000-0007", "top-up", "escalated", [Entry("top-up", "gone-step", True)]),
]


@pytest.fixture
def saved() -> Store:
    store = Store.from_env()
    for session in SHAPES:
        store.save_session(session)
    return store


def test_every_shape_is_counted_where_it_belongs(saved: Store) -> None:
    groups, skipped = stats.from_store(saved, GUIDES, NOW)
    assert skipped == []
    by_guide = {g.guide: g.to_json() for g in groups}
    assert sum(g["sessions"] for g in by_guide.values()) == len(SHAPES)
    top_up = by_guide["top-up"]
    assert (top_up["open"], top_up["abandoned"], top_up["escalated"]) == (1, 1, 1)
    assert top_up["stale"] == 1 and top_up["installed"] is True
    assert by_guide["withdrawal"]["pending"] == 1 and by_guide["withdrawal"]["open"] == 1
    assert by_guide["contact-support"]["escalated"] == 1
    custom = by_guide["x-our-own-guide"]
    assert custom["installed"] is False and custom["stale"] == 0  # unknown here, not stale


@pytest.mark.parametrize(
    "args",
    [
        ("stats",),
        ("stats", "--format", "json"),
        ("stats", "top-up"),
        ("stats", "withdrawal", "--format", "mermaid"),
        ("stats", "top-up", "--format", "dot"),
        ("stats", "--lang", "zh"),
    ],
)
def test_every_output_format_runs_on_every_shape(
    saved: Store, cli: Callable[..., Result], args: tuple[str, ...]
) -> None:
    result = cli(*args)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    if "json" in args:
        assert {g["guide"] for g in json.loads(result.out)} >= {"top-up", "x-our-own-guide"}
    elif "mermaid" in args:
        assert result.out.startswith("flowchart")
        assert "⏳ wait · " in result.out  # a waiting end is drawn as one, never as solved
    elif "dot" in args:
        assert result.out.startswith("digraph")
    else:
        assert "top-up" in result.out


def _terminal(monkeypatch: pytest.MonkeyPatch, width: int) -> io.StringIO:
    out = io.StringIO()
    fake = Console(file=out, width=width, force_terminal=True, color_system=None)
    monkeypatch.setattr(render, "console", lambda stderr=False: fake)
    monkeypatch.setattr(render.sys.stdout, "isatty", lambda: True)
    return out


@pytest.mark.parametrize("width", [100, 140])
def test_at_100_columns_and_wider_each_guide_is_one_line_with_a_total(
    saved: Store, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    groups, _ = stats.from_store(saved, GUIDES, NOW)
    out = _terminal(monkeypatch, width)
    total = stats.merge("*", None, groups).to_json()
    render.stats_table([g.to_json() for g in groups], "en", detail=False, total=total)
    lines = out.getvalue().splitlines()
    assert all(len(line) <= width for line in lines)
    for group in groups:  # one line per guide version, its name whole
        assert sum(line.startswith(f"{group.guide} ") for line in lines) == 1, lines
    (last,) = [line for line in lines if line.startswith("all guides")]
    assert last.split()[3] == str(len(SHAPES))  # "all guides - 7 ..."
    (custom,) = [line for line in lines if line.startswith("x-our-own")]
    assert "not here" in custom and any("not installed here" in line for line in lines)


def test_where_sessions_stopped_names_the_question_too(
    saved: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    groups, _ = stats.from_store(saved, GUIDES, NOW, only="top-up")
    out = _terminal(monkeypatch, 100)
    render.stats_table([g.to_json() for g in groups], "en", detail=True, guides=GUIDES)
    stopped = out.getvalue().split("where sessions stopped", 1)[1]
    assert "method · How did you top up?" in stopped or "bank-remark · " in stopped, stopped

"""Guides far longer than Python's recursion limit: checked, started and measured like short ones,
because every walk over a guide's steps keeps its own stack."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from okhelp.domain.engine import Engine
from okhelp.library.catalog import GuideFile, read_guide
from tests.helpers import Result

STEPS = 3000  # three times the default recursion limit


def long_guide(guide_id: str, count: int, *, loop_back: bool = False) -> str:
    """A chain of ``count`` questions: yes ends it, no asks the next one (the last one's no goes
    back to the first when ``loop_back``)."""
    lines = [
        f"id: {guide_id}",
        "category: app",
        "title: {zh: 很长的指南, en: A long guide}",
        "summary: {zh: 一步接一步, en: One step after another}",
        "keywords: {zh: [很长], en: [long]}",
        "start: s0",
        "steps:",
    ]
    for index in range(count):
        last = index == count - 1
        after = ("s0" if loop_back else "fine") if last else f"s{index + 1}"
        lines += [
            f"  - id: s{index}",
            "    type: confirm",
            "    text: {zh: 好了吗？, en: Is it fine now?}",
            "    on_yes: fine",
            f"    on_no: {after}",
        ]
    lines += [
        "  - id: fine",
        "    type: end",
        "    outcome: resolved",
        "    text: {zh: 好, en: Good}",
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def long_file(
    write_guide: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Path]:
    def write(guide_id: str, **options: bool) -> Path:
        path = write_guide(f"{guide_id}.yaml", long_guide(guide_id, STEPS, **options))
        monkeypatch.setenv("OKHELP_GUIDES_PATH", str(path.parent))
        return path

    return write


def test_a_long_guide_is_measured_without_recursion(long_file: Callable[..., Path]) -> None:
    path = long_file("long")
    guide = read_guide(GuideFile(path.name, str(path), "custom", path))
    engine = Engine({guide.id: guide}, guide.id)
    assert engine.left_at_most("long", "s0") == STEPS
    assert engine.left_at_most("long", f"s{STEPS - 1}") == 1
    state = engine.answer(engine.start(), False)
    assert engine.remaining(state) == STEPS - 1


def test_a_long_loop_is_unknowable_not_a_crash(long_file: Callable[..., Path]) -> None:
    path = long_file("long-loop", loop_back=True)
    guide = read_guide(GuideFile(path.name, str(path), "custom", path))
    engine = Engine({guide.id: guide}, guide.id)
    assert engine.left_at_most("long-loop", "s0") is None
    assert engine.remaining(engine.start()) == 0


def test_a_long_guide_passes_check_and_starts(
    long_file: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    path = long_file("long")
    checked = cli("guides", "check", str(path))
    assert checked.code == 0, checked.out + checked.err
    started = cli("start", "long")
    assert started.code == 0, started.err
    assert json.loads(started.out)["step"] == "s0"
    ran = cli("guide", "long", "--answer", "s0=no", "--answer", "s1=yes")
    assert ran.code == 0, ran.err

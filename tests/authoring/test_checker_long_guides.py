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
from tests.helpers.long_guides import long_guide

STEPS = 3000  # three times the default recursion limit


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

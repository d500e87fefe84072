"""Loops of steps that ask nothing (info and link steps) in every shape: ``guides check`` and
``guides test`` name them at the link's line, and the wizard, the step protocol and the engine
refuse them before the first turn instead of going round for ever and growing the session."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from okhelp.authoring.checker import check_links, run_examples
from okhelp.domain.engine import Engine, GuideLoop
from okhelp.domain.model import Guide
from okhelp.domain.session import Session
from okhelp.library.catalog import GuideFile, load_catalog, read_guide
from tests.helpers import Result, subprocess_env

HEAD = """\
id: {id}
category: app
title: {{zh: 测试{id}, en: Test {id}}}
summary: {{zh: 用于测试{id}, en: For tests {id}}}
keywords: {{zh: [测试{id}], en: [{id}]}}
start: {start}
steps:
"""


def link(step_id: str, guide: str) -> str:
    return f"  - id: {step_id}\n    type: link\n    text: {{zh: 转, en: Onwards}}\n    guide: {guide}\n"


def info(step_id: str, nxt: str) -> str:
    return f"  - id: {step_id}\n    type: info\n    text: {{zh: 看, en: Read}}\n    next: {nxt}\n"


def question(step_id: str, out: str, on: str) -> str:
    """A choice: ``out`` to a resolved end, ``on`` onwards to the step ``on``."""
    return (
        f"  - id: {step_id}\n    type: choice\n    text: {{zh: 哪个？, en: Which?}}\n"
        "    choices:\n"
        f"      - {{id: {out}, label: {{zh: 结束, en: Out}}, next: done}}\n"
        f"      - {{id: onward, label: {{zh: 继续, en: Onwards}}, next: {on}}}\n"
        "  - id: done\n    type: end\n    outcome: resolved\n    text: {zh: 好, en: Done}\n"
    )


def guide_text(guide_id: str, start: str, *steps: str) -> str:
    return HEAD.format(id=guide_id, start=start) + "".join(steps)


# Each shape: the files, the guide to run, answers that reach the loop, and for each file the
# link steps `guides check` must name ("on": the link is on the loop, "into": it leads there).
SHAPES: dict[str, tuple[dict[str, str], str, dict[str, str], dict[str, dict[str, str]]]] = {
    "self-link": (
        {"selfloop": guide_text("selfloop", "go", link("go", "selfloop"))},
        "selfloop",
        {},
        {"selfloop": {"go": "on"}},
    ),
    "a-b-a": (
        {
            "loop-a": guide_text("loop-a", "go", link("go", "loop-b")),
            "loop-b": guide_text("loop-b", "back", link("back", "loop-a")),
        },
        "loop-a",
        {},
        {"loop-a": {"go": "on"}, "loop-b": {"back": "on"}},
    ),
    "a-b-c-a-through-info": (
        {
            "ring-a": guide_text("ring-a", "hi", info("hi", "go"), link("go", "ring-b")),
            "ring-b": guide_text("ring-b", "go", link("go", "ring-c")),
            "ring-c": guide_text("ring-c", "note", info("note", "go"), link("go", "ring-a")),
        },
        "ring-b",
        {},
        {"ring-a": {"go": "on"}, "ring-b": {"go": "on"}, "ring-c": {"go": "on"}},
    ),
    "one-branch-only": (
        {
            "branchy": guide_text(
                "branchy", "pick", question("pick", "out", "away"), link("away", "spin-a")
            ),
            "spin-a": guide_text("spin-a", "go", link("go", "spin-b")),
            "spin-b": guide_text("spin-b", "wait", info("wait", "go"), link("go", "spin-a")),
        },
        "branchy",
        {"pick": "onward"},
        {"branchy": {"away": "into"}, "spin-a": {"go": "on"}, "spin-b": {"go": "on"}},
    ),
    "back-to-own-start-past-info": (
        {
            "own-start": guide_text(
                "own-start",
                "intro",
                info("intro", "more"),
                info("more", "again"),
                link("again", "own-start"),
            ),
        },
        "own-start",
        {},
        {"own-start": {"again": "on"}},
    ),
}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Write a shape's guides into the custom guides folder; returns that folder."""

    def write(shape: str) -> Path:
        where = tmp_path / f"guides-{shape}"
        where.mkdir()
        for guide_id, text in SHAPES[shape][0].items():
            (where / f"{guide_id}.yaml").write_text(text, encoding="utf-8")
        monkeypatch.setenv("OKHELP_GUIDES_PATH", str(where))
        return where

    return write


def _line_of(path: Path, step_id: str) -> int:
    """The line of a link step's ``guide:`` key, where the check reports it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  - id: {step_id}")
    return next(i for i in range(start, len(lines)) if lines[i].startswith("    guide:")) + 1


def _sessions(home: Path) -> list[Path]:
    folder = home / "sessions"
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def _answer_args(answers: dict[str, str]) -> list[str]:
    return [arg for key, value in answers.items() for arg in ("--answer", f"{key}={value}")]


@pytest.mark.parametrize("shape", sorted(SHAPES))
class TestLoopsThatAskNothing:
    def test_check_names_every_link_on_or_into_the_loop(
        self, shape: str, folder: Callable[[str], Path], cli: Callable[..., Result]
    ) -> None:
        where = folder(shape)
        result = cli("guides", "check", str(where))
        assert result.code == 1
        expected = SHAPES[shape][3]
        reported = [line for line in result.out.splitlines() if "loop that asks nothing" in line]
        assert len(reported) == sum(len(links) for links in expected.values()), result.err
        for guide_id, links in expected.items():
            path = where / f"{guide_id}.yaml"
            for step_id, how in links.items():
                verb = "goes round" if how == "on" else "leads into"
                prefix = f"{path}:{_line_of(path, step_id)}: step '{step_id}' {verb} a loop"
                line = next((r for r in reported if r.startswith(prefix)), None)
                assert line is not None, (prefix, result.err)
                # The loop is named step by step, closed on its first step.
                cycle = line.split("asks nothing: ", 1)[1].split(";", 1)[0].split(" → ")
                assert cycle[0] == cycle[-1] and len(cycle) >= 2
                assert all("/" in name for name in cycle)
                if how == "on":
                    assert cycle[0] == f"{guide_id}/{step_id}"

    def test_guides_test_reports_it_and_finishes(
        self, shape: str, folder: Callable[[str], Path], cli: Callable[..., Result]
    ) -> None:
        folder(shape)
        start = SHAPES[shape][1]
        result = cli("guides", "test", start)
        assert result.code == 1
        assert re.search(rf"FAIL \S*{start}\.yaml:\d+: ", result.out), result.out
        assert "loop that asks nothing" in result.out

    def test_engine_refuses_before_the_first_turn(
        self, shape: str, folder: Callable[[str], Path]
    ) -> None:
        folder(shape)
        guides = load_catalog().guides
        _, start, answers, _ = SHAPES[shape]
        engine = Engine(guides, start)
        with pytest.raises(GuideLoop) as raised:
            state = engine.start()
            for step_id, value in answers.items():
                assert state.step == step_id
                state = engine.answer(state, value)
        cycle = raised.value.cycle
        assert cycle[0] == cycle[-1]
        assert all(guides[g].steps[s].type in ("info", "link") for g, s in cycle)

    def test_wizard_without_a_terminal_stops_with_one_line(
        self, shape: str, folder: Callable[[str], Path], tmp_path: Path
    ) -> None:
        home = tmp_path / "okhelp-home"
        _, start, answers, _ = SHAPES[shape]
        run = _run(["guide", start, *_answer_args(answers)], folder(shape), home)
        assert run.returncode == 1, run.stderr
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and "goes round a loop here that asks nothing" in lines[0]
        assert "Traceback" not in run.stderr
        for path in _sessions(home):  # anything kept is small and reads back
            assert path.stat().st_size < 10_000
            assert Session.from_json(json.loads(path.read_text(encoding="utf-8"))).trail == []

    def test_step_protocol_refuses_and_keeps_nothing_that_grows(
        self, shape: str, folder: Callable[[str], Path], cli: Callable[..., Result], tmp_path: Path
    ) -> None:
        folder(shape)
        _, start, answers, _ = SHAPES[shape]
        reply = cli("start", start)
        if answers:  # the loop lies behind a question: the answer that leads there is refused
            assert reply.code == 0
            session_id = json.loads(reply.out)["session_id"]
            for value in answers.values():
                reply = cli("answer", session_id, value)
            assert reply.code == 1
            assert json.loads(cli("answer", session_id).out)["step"] == next(iter(answers))
        else:
            assert reply.code == 1
            assert not _sessions(tmp_path / "okhelp-home")
        error = json.loads(reply.out)["error"]
        assert error["code"] == "failed" and "asks nothing" in error["message"]
        assert len(reply.err.strip().splitlines()) == 1


def _run(args: list[str], where: Path, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``okhelp ARGS`` in a child process without a terminal, stopped if it hangs."""
    return subprocess.run(
        [sys.executable, "-m", "okhelp", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env=subprocess_env(OKHELP_GUIDES_PATH=str(where), OKHELP_HOME=str(home), **env),
    )


def test_the_refusal_speaks_chinese(folder: Callable[[str], Path], tmp_path: Path) -> None:
    run = _run(["guide", "selfloop"], folder("self-link"), tmp_path / "home", OKHELP_LANG="zh")
    assert run.returncode == 1
    assert "不再提问" in run.stderr and "selfloop/go → selfloop/go" in run.stderr


@pytest.mark.slow
def test_wizard_in_a_terminal_refuses_before_showing_a_step(
    folder: Callable[[str], Path], tmp_path: Path
) -> None:
    import os

    import pexpect

    where = folder("a-b-a")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("OKHELP_")},
        "OKHELP_HOME": str(tmp_path / "home"),
        "OKHELP_GUIDES_PATH": str(where),
        "OKHELP_LANG": "en",
        "TERM": "xterm-256color",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    child = pexpect.spawn(
        sys.executable, ["-m", "okhelp", "guide", "loop-a"], env=env, encoding="utf-8", timeout=30
    )
    child.expect("goes round a loop here that asks nothing")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert not _sessions(tmp_path / "home")


def test_a_custom_guide_replacing_a_builtin_one_is_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Result]
) -> None:
    """A custom suspicious-activity, allowed by the config to replace the built-in one, that
    links to itself: the built-in guides that link to it lead into its loop, and the check says
    so at their own link lines."""
    where = tmp_path / "custom"
    where.mkdir()
    (where / "suspicious-activity.yaml").write_text(
        guide_text(
            "suspicious-activity",
            "hold",
            info("hold", "again"),
            link("again", "suspicious-activity"),
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("OKHELP_GUIDES_PATH", str(where))
    config = tmp_path / "config.yaml"
    config.write_text("override_guides: [suspicious-activity]\n", encoding="utf-8")
    monkeypatch.setenv("OKHELP_CONFIG", str(config))
    guides = load_catalog(overrides={"suspicious-activity"}).guides
    frozen = guides["account-frozen"]
    problems = check_links(frozen, guides)
    links = [s for s in frozen.steps.values() if s.type == "link"]
    assert links and {p.line for p in problems} == {s.key_lines["guide"] for s in links}
    assert all("leads into a loop" in p.message for p in problems)
    # Its examples that go there end (they fail) instead of hanging.
    runs = run_examples(frozen, guides)
    assert len(runs) == len(frozen.examples) and any(run.problem for run in runs)
    result = cli("guide", "account-frozen", "--answer", "source=contacted")
    assert result.code == 1 and "suspicious-activity/hold" in result.err


def test_a_link_cannot_name_a_step_inside_another_guide(
    write_guide: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    """A link always enters a guide at its start: there is no key to jump into the middle of
    one (and so past the question at its start)."""
    text = guide_text("into-middle", "go", link("go", "top-up") + "    step: method\n")
    result = cli("guides", "check", str(write_guide("into-middle.yaml", text)))
    assert result.code == 1 and "unknown key 'step'" in result.out


def test_loops_that_ask_something_are_left_alone(
    write_guide: Callable[..., Path], cli: Callable[..., Result]
) -> None:
    """A link back to a guide whose start asks a question goes round only while the user
    chooses to: that is a guide's right, and neither the check nor the engine refuses it."""
    text = guide_text(
        "ask-again", "pick", question("pick", "out", "again"), link("again", "ask-again")
    )
    path = write_guide("ask-again.yaml", text)
    checked = cli("guides", "check", str(path))
    assert checked.code == 0, checked.err
    guide: Guide = read_guide(GuideFile(path.name, str(path), "custom", path))
    engine = Engine({guide.id: guide}, guide.id)
    state = engine.answer(engine.start(), "onward")
    assert state.step == "again"
    state = engine.answer(state, None)
    assert state.step == "pick" and len(state.trail) == 2

"""Shared helpers: run the CLI in-process, write guide files, a minimal valid guide."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from okhelp.frontends.cli.app import main
from okhelp.output import console as render

ROOT = Path(__file__).resolve().parent.parent

MINIMAL_GUIDE = textwrap.dedent(
    """\
    id: {id}
    category: app
    title: {{zh: 测试指南, en: Test guide}}
    summary: {{zh: 用于测试, en: For tests}}
    keywords: {{zh: [测试], en: [test]}}
    start: ask
    steps:
      - id: ask
        type: confirm
        text: {{zh: 好了吗？, en: "Is it fine?"}}
        on_yes: fine
        on_no: try-it
      - id: try-it
        type: action
        text: {{zh: 重启一下。, en: Restart it.}}
        next: escalate
      - id: fine
        type: end
        outcome: resolved
        text: {{zh: 好的。, en: Good.}}
      - id: escalate
        type: end
        outcome: escalate
        text: {{zh: 请联系客服。, en: Contact support.}}
    examples:
      - name: fine
        answers: {{ask: "yes"}}
        expect: {{end: fine, outcome: resolved}}
    """
)


def minimal_guide(guide_id: str = "sample") -> str:
    return MINIMAL_GUIDE.format(id=guide_id)


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test sees the developer's data folder, config, language or custom guides."""
    home = tmp_path / "okhelp-home"
    monkeypatch.setenv("OKHELP_HOME", str(home))
    monkeypatch.setenv("OKHELP_LANG", "en")
    monkeypatch.delenv("OKHELP_CONFIG", raising=False)  # set but missing is an error
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-config"))
    monkeypatch.setenv("OKHELP_NOW", "2026-11-21T15:42:00+08:00")
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    monkeypatch.delenv("OKHELP_GUIDES_PATH", raising=False)
    monkeypatch.delenv("OKHELP_DEBUG", raising=False)
    yield


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run ``okhelp ARGS`` in this process and capture exit code, stdout and stderr."""

    def run(*args: str) -> Result:
        render.reset_consoles()
        code = 0
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def write_guide(tmp_path: Path) -> Callable[..., Path]:
    """Write a guide file into a fresh folder and return its path."""
    folder = tmp_path / "guides"
    folder.mkdir(exist_ok=True)

    def write(name: str, content: str | bytes) -> Path:
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    return write


def subprocess_env(**extra: str) -> dict[str, str]:
    """The environment for running the installed command in a child process."""
    env = dict(os.environ)
    env.update(extra)
    return env


# A child process that holds a session's lock until it reads a line: "another okhelp is running
# this session". Run it as ``python -c LOCK_HOLDER HOME SESSION_ID`` and wait for "held".
LOCK_HOLDER = textwrap.dedent(
    """\
    import sys
    from pathlib import Path
    from okhelp.storage.sessions import Store
    Store(Path(sys.argv[1])).claim(sys.argv[2])
    print("held", flush=True)
    sys.stdin.readline()
    """
)

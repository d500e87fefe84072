"""Fixtures every test gets or may ask for: an isolated environment, the CLI run in-process, a
folder to write guides into, and no session lock left held after a test.

Shared functions and values are in tests/helpers (``from tests.helpers import ...``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from okhelp.frontends.cli.app import main
from okhelp.output import console as render
from okhelp.storage import sessions as store_module
from tests.helpers import Result


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
    monkeypatch.delenv("OKHELP_ACCESSIBLE", raising=False)
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


@pytest.fixture(autouse=True)
def _release_locks() -> Iterator[None]:
    """Every test ends holding no session lock, whatever it claimed (this process keeps its locks
    until they are let go, as a long-running server does)."""
    yield
    store_module.release_all()

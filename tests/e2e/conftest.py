"""The environment of an installed ``okhelp`` run in a pseudo-terminal: its own data folder, no
config, a pinned clock and zone, a known terminal."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("OKHELP_")},
        "OKHELP_HOME": str(tmp_path / "home"),
        "OKHELP_NOW": "2026-11-21T15:42:00+08:00",
        "XDG_CONFIG_HOME": str(tmp_path / "no-config"),
        "TZ": "Asia/Shanghai",
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "COLUMNS": "",
    }

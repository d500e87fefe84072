"""Running okhelp's step protocol as a caller does: one process per command, JSON on stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def okhelp_env(home: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("OKHELP_")},
        "OKHELP_HOME": str(home),
        "OKHELP_LANG": "en",
        "OKHELP_NOW": "2026-11-21T15:42:00+08:00",
        "XDG_CONFIG_HOME": str(home / "no-config"),
        "TZ": "Asia/Shanghai",
    }


def okhelp(home: Path, *args: str) -> tuple[int, Any, str]:
    """Run one okhelp process; its exit code, the JSON it printed, its stderr."""
    proc = subprocess.run(
        [sys.executable, "-m", "okhelp", *args],
        env=okhelp_env(home),
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout) if proc.stdout.strip() else None, proc.stderr

"""The wheel built from the sdist carries the guides, installs in a fresh venv, and runs one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sdist first, then the wheel from the sdist (what ``python -m build`` does)."""
    source = tmp_path_factory.mktemp("src")
    for item in ("okhelp", "guides", "pyproject.toml", "README.md"):
        path = ROOT / item
        if path.is_dir():
            shutil.copytree(path, source / item, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, source / item)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheels = list(out.glob("okhelp-*.whl"))
    assert len(wheels) == 1 and list(out.glob("okhelp-*.tar.gz"))
    return wheels[0]


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh virtual environment with only the wheel (and its dependencies) installed."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    yield bin_dir


def test_wheel_contains_every_guide(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "okhelp/summary.schema.json" in names
    for guide in (ROOT / "guides").glob("*.yaml"):
        assert f"okhelp/guides/{guide.name}" in names


def _run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OKHELP_")}
    env.update(OKHELP_HOME=str(cwd / "home"), OKHELP_LANG="en", PYTHONPATH="")
    return subprocess.run(
        [str(bin_dir / "okhelp"), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )


def test_installed_command_finds_its_guides_outside_the_checkout(
    installed: Path, tmp_path: Path
) -> None:
    checked = _run(installed, "guides", "check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    listed = json.loads(_run(installed, "guides", "list", "--format", "json", cwd=tmp_path).stdout)
    assert {"register", "top-up"} <= {g["id"] for g in listed}
    tested = _run(installed, "guides", "test", "top-up", cwd=tmp_path)
    assert tested.returncode == 0 and "0 failed" in tested.stderr
    location = subprocess.run(
        [str(installed / "python"), "-c", "import okhelp; print(okhelp.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    ).stdout
    assert str(ROOT) not in location


def test_installed_command_runs_a_guide_to_an_escalated_end(
    installed: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "method: bank\nbank-remark: 'no'\nbank-sent: 'yes'\ncheck-record: 'no'\nwhen: 2 hours ago\n"
        "amount: 120.5\ntxn: TX2026112000001\naccount: '13800138000'\ndescription: 充值没到账\n",
        encoding="utf-8",
    )
    ran = _run(installed, "guide", "top-up", "--answers", str(answers), cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    record = json.loads(_run(installed, "summary", "--format", "json", cwd=tmp_path).stdout)
    assert record["status"] == "escalated"
    assert record["incident"]["transaction_id"] == "TX2026112000001"
    assert record["incident"]["amount"] == {"value": "120.50", "currency": "CNY"}

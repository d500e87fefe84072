"""What a new user met in a real terminal: narrow screens, hints, labels, docs that drifted."""

from __future__ import annotations

import io
import json
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

from okhelp.i18n import message
from okhelp.loader import parse_guide
from okhelp.prompts import QuestionaryPrompter
from okhelp.wizard import okhelp_command

ENTER = "\r"
CTRL_U = "\x15"
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|[\r\n]")


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


class _Screen(io.StringIO):
    encoding = "utf-8"


def _narrow(pipe: PipeInput, columns: int = 40) -> tuple[QuestionaryPrompter, _Screen]:
    screen = _Screen()
    output = Vt100_Output(screen, lambda: Size(rows=30, columns=columns), term="xterm")
    return QuestionaryPrompter("en", input=pipe, output=output), screen


def _drawn(screen: _Screen) -> str:
    return ANSI.sub("", screen.getvalue())


def test_a_refusal_longer_than_the_terminal_is_shown_whole(pipe: PipeInput) -> None:
    reason = "that time is in the future; give a time in the past, e.g. yesterday 3pm"
    prompter, screen = _narrow(pipe)
    pipe.send_text("tomorrow" + ENTER)
    # the rest comes once the refusal has been drawn, as a person would type it
    later = threading.Timer(1.0, pipe.send_text, args=(CTRL_U + "yesterday" + ENTER,))
    later.start()
    answer = prompter.text(
        "When?", validate=lambda value: reason if value.startswith("tomorrow") else None
    )
    later.join()
    assert answer == "yesterday"
    assert "yesterday 3pm" in _drawn(screen)  # the example sits past column 40


def test_a_menu_item_longer_than_the_terminal_is_shown_whole(pipe: PipeInput) -> None:
    label = "Someone claiming to be support asked for details, money or my screen"
    prompter, screen = _narrow(pipe)
    pipe.send_text(ENTER)
    assert prompter.choose("What happened?", [("other", "Other"), ("impostor", label)]) == "other"
    assert "money or my screen" in _drawn(screen)


def _installed(tmp_path: Path) -> Path:
    program = tmp_path / ".venv" / "bin" / "okhelp"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    return program


def test_the_resume_hint_names_a_command_that_runs_after_the_readme_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The README installs into .venv and runs .venv/bin/okhelp: a bare "okhelp" is not found.
    program = _installed(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", [".venv/bin/okhelp", "troubleshoot"])
    monkeypatch.setenv("PATH", "/nonexistent")
    assert okhelp_command() == ".venv/bin/okhelp"
    hint = message("resume_hint", "zh", command=okhelp_command(), id="20261122-093548-ef50")
    assert hint.endswith("：.venv/bin/okhelp resume 20261122-093548-ef50")
    monkeypatch.setenv("PATH", str(program.parent))
    assert okhelp_command() == "okhelp"


def test_the_resume_hint_keeps_the_short_name_when_not_started_as_okhelp(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "argv", ["/usr/lib/python3/site-packages/okhelp/__main__.py"])
    monkeypatch.setenv("PATH", "/nonexistent")
    assert okhelp_command() == "okhelp"


@pytest.mark.parametrize(
    ("lang", "cut_off", "new_password"),
    [("zh", "停止屏幕共享", "重设登录密码"), ("en", "stop any screen sharing", "Reset the login")],
)
def test_a_scam_victim_cuts_the_scammer_off_before_setting_new_passwords(
    lang: str, cut_off: str, new_password: str
) -> None:
    # A password changed while the screen is still shared goes straight to the scammer.
    path = Path(__file__).resolve().parent.parent / "guides" / "suspicious-activity.yaml"
    guide = parse_guide(path.read_bytes(), str(path))
    advice = guide.steps["secure-now"].text.get(lang)
    assert advice.index(cut_off) < advice.index(new_password)


def _schema_enums(node: object, path: str = "") -> Iterator[tuple[str, list[object]]]:
    if isinstance(node, dict):
        if "enum" in node:
            yield path, node["enum"]
        for key, value in node.items():
            inner = path if key in ("properties", "items", "oneOf", "anyOf") else f"{path}.{key}"
            yield from _schema_enums(value, inner)
    elif isinstance(node, list):
        for item in node:
            yield from _schema_enums(item, path)


def test_the_summary_reference_names_every_field_and_value_the_schema_allows() -> None:
    # An agent's tool built from docs/summary-format.md must not meet an undocumented value.
    root = Path(__file__).resolve().parent.parent
    schema = json.loads((root / "okhelp" / "summary.schema.json").read_text(encoding="utf-8"))
    doc = (root / "docs" / "summary-format.md").read_text(encoding="utf-8")
    missing = [
        f"{path}: {value}"
        for path, values in _schema_enums(schema)
        for value in values
        if value is not None and f"`{value}`" not in doc
    ]
    missing += [
        f"incident.{name}"
        for name in schema["properties"]["incident"]["properties"]
        if f"`incident.{name}`" not in doc
    ]
    assert missing == []

"""What the wizard shows in a terminal: narrow screens, hints, labels, the resume line, the docs it
names."""

from __future__ import annotations

import io
import json
import re
import sys
import threading
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput
from prompt_toolkit.output.vt100 import Vt100_Output

from okhelp.authoring.loader import parse_guide
from okhelp.domain.engine import Engine
from okhelp.domain.session import Session
from okhelp.fields.validation import FieldContext
from okhelp.frontends.terminal.prompts import QuestionaryPrompter
from okhelp.frontends.terminal.wizard import BACK, Wizard, okhelp_command
from okhelp.i18n.messages import message
from okhelp.library.catalog import load_catalog
from okhelp.storage.sessions import Store
from tests.helpers import ROOT

ENTER = "\r"
CTRL_U = "\x15"
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|[\r\n]")


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
    path = ROOT / "guides" / "suspicious-activity.yaml"
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
    root = ROOT
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


class _Menu:
    """Records the one menu it is shown, then goes back."""

    def __init__(self) -> None:
        self.options: list[tuple[str, str]] = []

    def choose(self, message: str, options: Sequence[tuple[str, str]], **_: object) -> str:
        self.options = list(options)
        return BACK

    def text(self, message: str, **_: object) -> str:  # pragma: no cover - never reached
        raise AssertionError("no text is asked when the menu goes back")


class _Quiet:
    def step(self, *_: object) -> None: ...

    def problem(self, text: str) -> None: ...

    def notice(self, text: str) -> None: ...


def test_the_edit_menu_names_fields_as_the_summary_does(tmp_path: Path) -> None:
    now = datetime(2026, 11, 21, 15, 42, tzinfo=timezone(timedelta(hours=8)))
    given = {
        "method": "cash",
        "cash-receipt": "no",
        "check-record": "no",
        "when": "2 hours ago",
        "amount": "50",
        "txn": "TX2026112100042",
        "account": "13800138000",
        "description": "钱没到",
    }
    wizard = Wizard(
        engine=Engine(load_catalog({}).guides, "top-up"),
        session=Session("20261121-154200-abcd", "top-up", "zh", now.isoformat(), now.isoformat()),
        lang="zh",
        field_ctx=FieldContext(now=now, timezone=now.tzinfo, timezone_name="Asia/Shanghai"),  # type: ignore[arg-type]
        answers=given,
        prompter=None,
        view=_Quiet(),
        store=Store(tmp_path / "home"),
        now=lambda: now,
    )
    wizard.run()
    menu = _Menu()
    wizard.edit_field(menu)  # type: ignore[arg-type]
    labels = dict(menu.options)
    assert labels["transaction_id"] == "交易编号：TX2026112100042"
    assert labels["account"] == "账户：13800138000"
    assert labels["error_message"] == "报错信息：（未提供）"

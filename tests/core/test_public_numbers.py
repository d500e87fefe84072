"""The police and anti-fraud numbers guides name as {police} and {anti_fraud}: mainland China's
by default, a team's own from the config, filled everywhere a guide text is shown."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from okhelp.domain.templating import fill_placeholders
from okhelp.errors import UsageError
from okhelp.library.catalog import load_catalog
from okhelp.output import console as render
from okhelp.storage.config import load_config
from tests.helpers import Result

GUIDES = load_catalog({}).guides
SCAM_SENT = ["impostor", "continue", "yes", "continue", "yes"]


def _report_text(cli: Callable[..., Result], *options: str) -> str:
    reply = json.loads(cli("start", "suspicious-activity", *options).out)
    for answer in SCAM_SENT:
        reply = json.loads(cli("answer", reply["session_id"], answer).out)
    assert reply["step"] == "report"
    return str(reply["text"])


def test_the_built_in_guides_name_the_numbers_only_by_placeholder() -> None:
    for guide in GUIDES.values():
        for step in guide.steps.values():
            for lang in ("zh", "en"):
                assert " 110" not in step.text.get(lang) and "96110" not in step.text.get(lang)


def test_by_default_the_report_step_says_110_and_96110(cli: Callable[..., Result]) -> None:
    text = _report_text(cli)
    assert "call 110" in text and "96110" in text and "{police}" not in text


@pytest.mark.parametrize(
    ("lang", "police", "anti_fraud"),
    [("zh-Hant", "撥打 110", "165"), ("zh-Hant-HK", "撥打 999", "18222")],
)
def test_taiwan_and_hong_kong_sessions_are_told_their_own_numbers(
    cli: Callable[..., Result], lang: str, police: str, anti_fraud: str
) -> None:
    """A scam victim in Hong Kong who rings 110 or 96110 reaches no one who can help."""
    text = _report_text(cli, "--lang", lang)
    assert police in text and anti_fraud in text and "96110" not in text


@pytest.mark.parametrize(
    ("locale", "police", "anti_fraud"),
    [("en_HK.UTF-8", "call 999", "18222"), ("en_TW.UTF-8", "call 110", "165")],
)
def test_a_locale_of_taiwan_or_hong_kong_gives_its_numbers_in_english_too(
    cli: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
    locale: str,
    police: str,
    anti_fraud: str,
) -> None:
    monkeypatch.setenv("LANG", locale)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    text = _report_text(cli, "--lang", "en")
    assert police in text and anti_fraud in text and "96110" not in text


def test_a_team_sets_its_own_numbers_in_the_config(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text('public_numbers: {police: "999", anti_fraud: "123 456"}\n', "utf-8")
    monkeypatch.setenv("OKHELP_CONFIG", str(config))
    text = _report_text(cli)
    assert "call 999" in text and "123 456" in text and "110" not in text
    assert "123 456" in _report_text(cli, "--lang", "zh-Hant-HK")  # the team's, in every language


def test_the_wizard_view_fills_them_too(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    fake = Console(file=out, width=200, force_terminal=True, color_system=None)
    monkeypatch.setattr(render, "console", lambda stderr=False: fake)
    guide = GUIDES["suspicious-activity"]
    render.WizardView("en", (), {"police": "999", "anti_fraud": "1"}).step(
        guide, guide.steps["report"], 5, 4
    )
    assert "call 999" in out.getvalue() and "{police}" not in out.getvalue()


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("public_numbers: {fire: '119'}\n", "unknown key"),
        ("public_numbers: {police: 999}\n", "put it in quotes"),
        ("public_numbers: {police: 'call me'}\n", "must be a phone number"),
        ("public_numbers: []\n", "must be a mapping"),
    ],
)
def test_a_bad_number_is_refused_when_the_config_is_read(
    tmp_path: Path, text: str, complaint: str
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=complaint):
        load_config({"OKHELP_CONFIG": str(path)})


def test_other_braces_are_left_alone() -> None:
    assert fill_placeholders("{x} {police}", ()) == "{x} 110"

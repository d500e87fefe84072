"""Where a summary goes: -o picks the format from the extension, JSON is printed raw, and the
panel fits any terminal from 40 to 200 columns."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pexpect
import pytest
from rich.console import Console

from okhelp.output import console as render
from okhelp.output.formats import cell_width
from tests.helpers import Result
from tests.helpers.summary_records import EMAIL, SESSION_ID, TXN, top_up_record

Cli = Callable[..., Result]
LONG = "充值以后余额一直没有变化，已经等了两个小时了，请帮忙查一下。" * 4


def _escalate(cli: Cli, description: str = LONG) -> None:
    answers = [
        "method=bank",
        "bank-remark=no",
        "bank-sent=yes",
        "check-record=no",
        "when=yesterday 3pm",
        "amount=45 EUR",
        f"txn={TXN}",
        f"account={EMAIL}",
        f"description={description}",
    ]
    result = cli("guide", "top-up", *[x for a in answers for x in ("-a", a)])
    assert result.code == 0, result.err


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("ticket.md", lambda text: text.startswith("## Contact summary") and f"`{TXN}`" in text),
        ("ticket.MARKDOWN", lambda text: text.startswith("## Contact summary")),
        ("ticket.json", lambda text: json.loads(text)["incident"]["transaction_id"] == TXN),
        ("ticket.txt", lambda text: text.startswith("Contact summary\n") and "**" not in text),
        ("ticket", lambda text: text.startswith("Contact summary\n") and "`" not in text),
    ],
)
def test_output_format_follows_the_extension(
    cli: Cli, tmp_path: Path, name: str, check: Callable[[str], bool]
) -> None:
    _escalate(cli)
    target = tmp_path / name
    result = cli("summary", "-o", str(target))
    assert result.code == 0, result.err
    assert check(target.read_text(encoding="utf-8"))
    assert str(target.resolve()) in result.err


def test_format_option_wins_over_the_extension(cli: Cli, tmp_path: Path) -> None:
    _escalate(cli)
    target = tmp_path / "notes.txt"
    assert cli("summary", "-f", "markdown", "-o", str(target)).code == 0
    assert target.read_text(encoding="utf-8").startswith("## Contact summary")
    target = tmp_path / "ticket.md"
    assert cli("summary", "-f", "zendesk", "-o", str(target)).code == 0
    assert "ticket" in json.loads(target.read_text(encoding="utf-8"))


def test_an_unknown_extension_is_a_clear_usage_error(cli: Cli, tmp_path: Path) -> None:
    _escalate(cli)
    result = cli("summary", "-o", str(tmp_path / "ticket.docx"))
    assert result.code == 2 and ".docx" in result.err and "-f" in result.err
    assert not (tmp_path / "ticket.docx").exists()


def test_json_in_a_terminal_is_never_wrapped_inside_strings(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _escalate(cli)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    for fmt in ("json", "zendesk", "freshdesk"):
        out = cli("summary", "-f", fmt).out
        data = json.loads(out)
        assert data  # one JSON document, exactly as printed
        assert any(LONG in line for line in out.splitlines()) or fmt != "json"


# --- layout ---


def _panel(width: int, lang: str) -> list[str]:
    out = Console(width=width, record=True, color_system=None, force_terminal=True)
    render.summary_text(top_up_record(lang), lang, out=out)
    return out.export_text().splitlines()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_forty_columns_stack_labels_and_keep_ids_whole(lang: str) -> None:
    lines = _panel(40, lang)
    assert all(cell_width(line) <= 40 for line in lines)
    for value in (SESSION_ID, TXN, EMAIL):
        assert any(value in line for line in lines), value
    # labels sit on their own line: no value is pushed behind an 18-wide label column
    session_label = "会话" if lang == "zh" else "Session"
    at = next(i for i, line in enumerate(lines) if line.strip("│ ") == session_label)
    assert SESSION_ID in lines[at + 1] and lines[at + 1].index(SESSION_ID) <= 6
    # a list number never stands alone on its line
    assert not any(re.fullmatch(r"│\s*(\d+\.|•)\s*│", line) for line in lines)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_two_hundred_columns_cap_the_panel_near_one_hundred(lang: str) -> None:
    lines = _panel(200, lang)
    assert max(cell_width(line) for line in lines) <= 100
    assert any(TXN in line and ("交易编号" in line or "Transaction ID" in line) for line in lines)


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_every_width_in_between_fits(width: int) -> None:
    for lang in ("zh", "en"):
        assert all(cell_width(line) <= min(width, 100) for line in _panel(width, lang))


@pytest.mark.slow
def test_the_panel_in_a_real_forty_column_terminal(tmp_path: Path) -> None:
    from tests.helpers import installed_okhelp

    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("OKHELP_")},
        "OKHELP_HOME": str(tmp_path / "home"),
        "OKHELP_NOW": "2026-11-21T15:42:00+08:00",
        "XDG_CONFIG_HOME": str(tmp_path / "no-config"),
        "TZ": "Asia/Shanghai",
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "COLUMNS": "",
        "NO_COLOR": "1",
    }
    answers = ["problem=error", "network=no", "error-message=E42", f"account={EMAIL}"]
    answers.append("description=" + LONG)
    setup = subprocess.run(
        [
            installed_okhelp(),
            "guide",
            "register",
            "--lang",
            "zh",
            *[x for a in answers for x in ("-a", a)],
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert setup.returncode == 0, setup.stderr
    child = pexpect.spawn(
        installed_okhelp(), ["summary"], env=env, encoding="utf-8", timeout=30, dimensions=(80, 40)
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    shown = re.sub(r"\x1b\[[0-9;]*m", "", child.before.replace("\r", ""))
    lines = [line for line in shown.splitlines() if line]
    assert lines[0].startswith("╭") and "客服联系摘要" in lines[0]
    assert all(cell_width(line) <= 40 for line in lines), lines
    assert any(EMAIL in line for line in lines)
    assert any(re.search(r"\d{8}-\d{6}-[0-9a-f]{4}", line) for line in lines)

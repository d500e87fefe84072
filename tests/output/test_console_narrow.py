"""Lists a person reads in a terminal: the sessions table in Chinese, stats at 40 columns."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from okhelp.output import console as render


def _terminal(monkeypatch: pytest.MonkeyPatch, width: int) -> io.StringIO:
    out = io.StringIO()
    fake = Console(file=out, width=width, force_terminal=True, color_system=None)
    monkeypatch.setattr(render, "console", lambda stderr=False: fake)
    monkeypatch.setattr(render.sys.stdout, "isatty", lambda: True)
    return out


def test_sessions_in_chinese_say_the_status_in_chinese_and_keep_ids_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = _terminal(monkeypatch, 40)
    row = {
        "session_id": "20261122-172337-02b0",
        "guide": "wrong-recipient",
        "status": "escalated",
        "started_at": "2026-11-22T17:20:00+08:00",
        "updated_at": "2026-11-22T17:23:37+08:00",
    }
    render.sessions_table([row], "zh")
    first, second, third = out.getvalue().splitlines()
    assert first.strip() == "20261122-172337-02b0"  # whole, so it can be copied for resume
    assert second.split() == ["wrong-recipient", "·", "已转人工客服"]
    assert third.split() == ["2026-11-22", "17:23"]
    out = _terminal(monkeypatch, 100)
    render.sessions_table([row], "en")
    _header, line = out.getvalue().splitlines()[-2:]
    assert len(out.getvalue().splitlines()) == 2, out.getvalue()
    assert line.split() == [
        "20261122-172337-02b0",
        "wrong-recipient",
        "escalated",
        "to",
        "support",
        "2026-11-22",
        "17:23",
    ]


def _group() -> dict[str, object]:
    return {
        "guide": "top-up",
        "version": 2,
        "sessions": 11,
        "resolved": 6,
        "escalated": 3,
        "pending": 1,
        "abandoned": 0,
        "open": 1,
        "stale": 0,
        "rates": {"resolved": 0.5455, "escalated": 0.2727, "pending": 0.0909, "abandoned": 0.0},
        "median_steps": 3,
        "median_duration_seconds": 95.0,
        "exit_points": [],
        "ends": [],
        "edges": [],
        "actions": [],
    }


def test_stats_stack_one_block_per_guide_in_a_narrow_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = _terminal(monkeypatch, 40)
    render.stats_table([_group()], "en", detail=False)
    lines = out.getvalue().splitlines()
    assert lines[0].strip() == "top-up v2"
    assert any(line.split() == ["resolved", "███████░░░░░", "55%"] for line in lines)
    assert any(line.split() == ["median", "time", "1.6", "min"] for line in lines)
    assert all(len(line.rstrip()) <= 40 for line in lines)


def test_stats_are_one_table_in_a_wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    out = _terminal(monkeypatch, 160)
    render.stats_table([_group()], "en", detail=False)
    header, row = out.getvalue().splitlines()[:2]
    assert header.split()[:3] == ["guide", "ver", "sessions"]
    assert row.split()[:3] == ["top-up", "2", "11"]
    assert header.split()[5] == "waiting" and row.split()[7] == "1"


def test_a_waiting_session_shows_the_date_its_wait_is_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    row = {
        "session_id": "20261122-172337-02b0",
        "guide": "withdrawal",
        "status": "pending",
        "started_at": "2026-11-22T17:20:00+08:00",
        "updated_at": "2026-11-22T17:23:37+08:00",
        "pending_until": "2026-11-25T17:23+08:00",
    }
    for lang, words in (("zh", ["等待到2026-11-25"]), ("en", ["waiting", "until", "2026-11-25"])):
        out = _terminal(monkeypatch, 100)
        render.sessions_table([row], lang)  # type: ignore[list-item]
        line = out.getvalue().splitlines()[-1].split()
        assert line[2 : 2 + len(words)] == words, line


def test_the_recap_of_a_resumed_session_is_inert_and_one_line_per_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = _terminal(monkeypatch, 60)
    items = [
        ("你是用哪种方式充值的？", "银行转账"),
        ("交易编号", "[bold red]TX1[/] \x1b[2J" + "长" * 60),  # markup and an escape, typed
    ]
    render.WizardView("zh").recap("充值未到账或失败", items)
    lines = out.getvalue().splitlines()
    assert lines[0] == "继续“充值未到账或失败”。到目前为止的回答："
    assert len(lines) == 3  # one line each, cut, never wrapped
    assert "[bold red]TX1[/]" in lines[2] and "\x1b" not in out.getvalue()
    assert lines[2].endswith("…")
    out = _terminal(monkeypatch, 80)
    render.WizardView("en").recap("Top-up", [])
    assert out.getvalue().strip() == "Back to “Top-up”, from the first question."


def test_the_recap_keeps_the_answer_and_cuts_the_question(monkeypatch: pytest.MonkeyPatch) -> None:
    out = _terminal(monkeypatch, 80)
    question = "先处理手机卡：打电话或到营业厅找运营商挂失这张卡，需要的话补办同号新卡。"
    render.WizardView("zh").recap("手机丢失或被盗", [(question, "还没办成")])
    line = out.getvalue().splitlines()[1]
    assert line.rstrip().endswith("→ 还没办成"), line
    assert "…" in line


@pytest.mark.parametrize("width", [30, 40])
def test_a_refusal_breaks_between_words_and_keeps_numbers_whole(
    monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    out = _terminal(monkeypatch, width)
    refusal = (
        "Account: give the number with its country code, e.g. +44 7400 123456; "
        "did you mean 'yesterday around 3pm'? 2026-11-20 14:30"
    )
    render.WizardView("en").problem(refusal)
    rows = out.getvalue().splitlines()
    assert " ".join(rows).split() == refusal.split()  # nothing lost, no word cut
    for whole in ("+44 7400 123456;", "'yesterday around 3pm'?", "2026-11-20 14:30"):
        assert any(whole in row for row in rows), (whole, rows)

"""The accessible mode in a real pseudo-terminal: a whole guide asked in numbered lines, with not
one byte that moves the cursor, erases, redraws or colours; Ctrl-C there as in the menus."""

from __future__ import annotations

import io
import re

import pexpect
import pytest

from tests.helpers.pty import CTRL_C, ENTER, finish, latest_summary, listed_sessions, spawn

pytestmark = pytest.mark.slow

# What a screen reader re-announces or a dumb terminal shows as junk: cursor movement and
# position (ESC[ A-H, f), erasing (J, K), saving and restoring the cursor (s, u), hiding and
# showing it, the alternate screen, and a carriage return that goes back over a line to redraw it
# (the terminal's own line ends are CR LF).
CURSOR = re.compile(r"\x1b\[[0-9;]*[ABCDEFGHJKfsu]|\x1b\[\?25[lh]|\x1b\[\?1049h|\r(?!\n)")
CHOICE = re.escape("选择 1 到 ") + r"\d+(（回车选 \d+）)?："
ANSWER = re.escape("回答") + "(（[^）]*）)?："


def _accessible(args: list[str], env: dict[str, str]) -> tuple[pexpect.spawn, io.StringIO]:
    child = spawn(args, {**env, "OKHELP_ACCESSIBLE": "1"})
    seen = io.StringIO()
    child.logfile_read = seen
    return child, seen


def _choose(child: pexpect.spawn, typed: str, selected: str) -> None:
    child.expect(CHOICE)
    child.send(typed + ENTER)
    child.expect(re.escape(f"已选择：{selected}"))


def _answer(child: pexpect.spawn, typed: str) -> None:
    child.expect(ANSWER)
    child.send(typed + ENTER)


def test_a_whole_guide_in_numbered_lines_without_a_cursor_sequence(env: dict[str, str]) -> None:
    child, seen = _accessible(["guide", "top-up", "--lang", "zh"], env)
    child.expect("你是用哪种方式充值的")
    child.expect(re.escape("1. 银行转账"))
    _choose(child, "线下", "线下充值点现金充值")  # by the start of its words
    child.expect("问题解决了吗")
    child.expect(CHOICE)
    child.send("9" + ENTER)  # out of range: refused, asked again
    child.expect("没有第 9 项")
    child.send("2" + ENTER)
    child.expect("已选择：还没解决")
    child.expect("显示")
    _choose(child, "2", "否")
    child.expect("大概是什么时候充值的")
    _answer(child, "明年春天")
    child.expect("没看懂这个时间")  # the refusal on its own line, then the question again
    child.expect("大概是什么时候充值的")
    _answer(child, "昨天下午3点")
    child.expect(re.escape("2026-11-20 15:00 (周五)"))
    _choose(child, "1", "是")
    child.expect("充值金额是多少")
    _answer(child, "<")  # back to the time, given again by Enter
    child.expect("大概是什么时候充值的")
    _answer(child, "")
    _choose(child, "1", "是")
    _answer(child, "120.5 元")
    child.expect(re.escape("= 120.50 CNY，对吗？"))
    _choose(child, "是", "是")
    child.expect("交易编号")
    _answer(child, "")  # optional: skipped
    child.expect("钱包账户")
    _answer(child, "13800138000")
    child.expect("描述问题")
    _answer(child, "充值两小时还没到账")
    child.expect("客服联系摘要")
    child.expect("发给客服前核对一下")
    _choose(child, "1", "没问题，完成")
    child.expect("摘要已保存到")
    assert finish(child) == 0
    shown = seen.getvalue()
    assert not CURSOR.findall(shown), CURSOR.findall(shown)[:5]
    assert "\x1b" not in shown  # no colour either
    assert shown.count("1. 银行转账") == 1  # listed once, never redrawn
    record = latest_summary(env)
    assert record["incident"]["occurred_at"] == "2026-11-20T15:00:00+08:00"
    assert record["incident"]["amount"] == {"value": "120.50", "currency": "CNY"}
    assert record["account"] == {"id": "13800138000", "kind": "phone"}


def test_ctrl_c_saves_and_says_how_to_resume_as_in_the_menus(env: dict[str, str]) -> None:
    child, seen = _accessible(["guide", "register", "--lang", "en"], env)
    child.expect("Where does signing up go wrong")
    child.expect(r"Choice, 1 to \d+: ")
    child.send("2" + ENTER)  # the code never arrives
    child.expect("Did this solve it")
    child.expect(r"Choice, 1 to \d+: ")
    child.send(CTRL_C)
    child.expect(r"To continue, run: \S*okhelp resume (\d{8}-\d{6}-[0-9a-f]{4})")
    session_id = child.match.group(1)
    assert finish(child) == 130
    assert "Traceback" not in seen.getvalue()
    assert not CURSOR.findall(seen.getvalue())
    assert [(r["session_id"], r["status"]) for r in listed_sessions(env)] == [
        (session_id, "in_progress")
    ]

    child, seen = _accessible(["resume", "--accessible"], env)
    child.expect("Did this solve it")
    child.expect(r"Choice, 1 to \d+: ")
    child.send("yes" + ENTER)  # "Yes, that fixed it", by the start of its words
    child.expect("Selected: Yes, that fixed it")
    assert finish(child) == 0
    assert listed_sessions(env)[0]["status"] == "resolved"
    assert not CURSOR.findall(seen.getvalue())


def test_ctrl_d_at_a_text_question_saves_as_in_the_menus(env: dict[str, str]) -> None:
    child, seen = _accessible(["guide", "top-up", "--lang", "en"], env)
    for typed in ("3", "2", "2"):  # cash; not solved; not in the record
        child.expect(r"Choice, 1 to \d+: ")
        child.send(typed + ENTER)
    child.expect("When did you top up")
    child.expect("Answer: ")
    child.send("\x04")  # Ctrl-D on an empty line: end of input
    child.expect(r"To continue, run: \S*okhelp resume (\d{8}-\d{6}-[0-9a-f]{4})")
    session_id = child.match.group(1)
    assert finish(child) == 130
    assert [(r["session_id"], r["status"]) for r in listed_sessions(env)] == [
        (session_id, "in_progress")
    ]
    assert not CURSOR.findall(seen.getvalue())


def test_no_frames_and_no_line_breaks_of_okhelps_making(env: dict[str, str]) -> None:
    """A screen reader reads a frame's "│" aloud and stops at each line end: in a narrow
    terminal the text is written as whole lines, for the terminal to wrap."""
    child = spawn(["guide", "top-up", "--lang", "zh"], {**env, "OKHELP_ACCESSIBLE": "1"}, 40)
    seen = io.StringIO()
    child.logfile_read = seen
    _choose(child, "3", "线下充值点现金充值")
    child.expect("问题解决了吗")
    child.send(CTRL_C)
    assert finish(child) == 130
    shown = seen.getvalue()
    assert not set("│╭╮╰╯─") & set(shown)
    step_lines = [line for line in shown.splitlines() if "最多还有" in line]
    assert step_lines and all(line.rstrip().endswith("步") for line in step_lines)

"""End to end in a real pseudo-terminal: arrow keys, Enter, typing, Back, Ctrl-C, resume."""

from __future__ import annotations

import json
import re
import subprocess

import pexpect
import pytest

from tests.helpers import installed_okhelp
from tests.helpers.pty import (
    CTRL_C,
    CTRL_U,
    DOWN,
    ENTER,
    finish,
    latest_summary,
    listed_sessions,
    spawn,
)

pytestmark = pytest.mark.slow


def test_english_arrow_keys_to_a_resolved_end(env: dict[str, str]) -> None:
    child = spawn(["guide", "top-up", "--lang", "en"], env)
    child.expect("How did you top up")
    child.send(DOWN + ENTER)  # payment app
    child.expect("show as successful")
    child.send(ENTER)  # yes
    child.expect("top-up record")
    child.send(ENTER)  # yes
    child.expect("Did this solve it")
    child.send(ENTER)  # yes, that fixed it
    child.expect("Great, the problem is solved")
    assert finish(child) == 0
    assert listed_sessions(env)[0]["status"] == "resolved"


def test_chinese_back_invalid_input_and_escalation(env: dict[str, str]) -> None:
    child = spawn(["guide", "top-up", "--lang", "zh"], env, columns=60)
    child.expect("你是用哪种方式充值的")
    child.send(DOWN + DOWN + ENTER)  # cash
    child.expect("问题解决了吗")
    child.send(DOWN + ENTER)  # not solved
    child.expect("显示")
    child.send(DOWN + ENTER)  # no
    child.expect("大概是什么时候充值的")
    child.send("明年春天" + ENTER)
    child.expect("没看懂这个时间")
    child.send(CTRL_U + "昨天下午3点" + ENTER)
    child.expect(re.escape("2026-11-20 15:00 (周五)"))
    child.send(ENTER)  # yes
    child.expect("充值金额是多少")
    child.send("<" + ENTER)  # back to the time
    child.expect("大概是什么时候充值的")
    child.send(ENTER)  # the earlier answer is the default
    child.expect("周五")
    child.send(ENTER)
    child.expect("充值金额是多少")
    child.send("120.5 元" + ENTER)
    child.expect(re.escape("= 120.50 CNY，对吗？"))
    child.send(ENTER)  # yes
    child.expect("交易编号")
    child.send(ENTER)  # optional: skip
    child.expect("钱包账户")
    child.send("13800138000" + ENTER)
    child.expect("描述问题")
    child.send("充值两小时还没到账" + ENTER)
    child.expect("客服联系摘要")
    child.expect("发给客服前核对一下")
    child.send(ENTER)  # looks right, done
    child.expect("摘要已保存到")
    assert finish(child) == 0
    record = latest_summary(env)
    assert record["incident"]["occurred_at"] == "2026-11-20T15:00:00+08:00"
    assert record["incident"]["amount"] == {"value": "120.50", "currency": "CNY"}
    assert record["account"] == {"id": "13800138000", "kind": "phone"}
    assert record["description"] == "充值两小时还没到账"


def test_ctrl_c_saves_and_resume_finishes(env: dict[str, str]) -> None:
    child = spawn(["guide", "register", "--lang", "en"], env)
    child.expect("Where does signing up go wrong")
    child.send(DOWN + ENTER)  # the code never arrives
    child.expect("Did this solve it")
    child.send(CTRL_C)
    child.expect(r"okhelp resume (\d{8}-\d{6}-[0-9a-f]{4})")
    session_id = child.match.group(1)
    assert finish(child) == 130
    assert listed_sessions(env)[0] == {
        **listed_sessions(env)[0],
        "session_id": session_id,
        "status": "in_progress",
    }

    child = spawn(["resume"], env)
    child.expect("Back to “Trouble creating an account")  # the guide's title and what was answered
    child.expect(r"· Where does signing up go wrong\? → ")
    child.expect("Did this solve it")
    child.send(ENTER)  # yes, that fixed it
    child.expect("signed up")
    assert finish(child) == 0
    assert listed_sessions(env)[0]["status"] == "resolved"


def test_ctrl_c_at_the_first_prompt_exits_130_without_traceback(env: dict[str, str]) -> None:
    child = spawn(["guide", "register", "--lang", "en"], env)
    child.expect("Where does signing up go wrong")
    child.send(CTRL_C)
    rest = ""
    try:
        child.expect(pexpect.EOF)
        rest = child.before
    finally:
        child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in rest


def test_no_color_and_dumb_terminal_still_work(env: dict[str, str]) -> None:
    # TERM=dumb asks in the accessible mode (tests/e2e/test_accessible_pty.py) unless told not to
    dumb = {**env, "NO_COLOR": "1", "TERM": "dumb", "OKHELP_ACCESSIBLE": "0"}
    child = spawn(["guide", "register", "--lang", "en"], dumb, columns=40)
    child.expect("Where does signing up go wrong")
    child.send(ENTER)  # how to sign up
    child.expect("Did this solve it")
    child.send(ENTER)
    child.expect("signed up")
    assert finish(child) == 0


def test_kill_9_between_answers_loses_only_the_answer_being_typed(env: dict[str, str]) -> None:
    import signal

    child = spawn(["guide", "top-up", "--lang", "en"], env, columns=200)
    child.expect("How did you top up")
    child.send(DOWN + DOWN + ENTER)  # cash
    child.expect("Did this solve it")
    child.send(DOWN + ENTER)  # not solved
    child.expect("top-up record")
    child.send(DOWN)  # moving, not yet answered
    child.kill(signal.SIGKILL)
    child.close()
    sessions = listed_sessions(env)
    assert sessions[0]["status"] == "in_progress"
    child = spawn(["resume", "--answer", "check-record=yes", "--answer", "refresh=yes"], env)
    child.expect("The top-up has arrived")
    assert finish(child) == 0


def test_troubleshoot_from_a_chinese_description(env: dict[str, str]) -> None:
    child = spawn(["troubleshoot", "--lang", "zh"], env)
    child.expect("请描述你遇到的问题")
    child.send("充值两个小时了还没到账" + ENTER)
    child.expect("是下面哪个问题")
    child.expect("充值未到账或失败")
    child.send(ENTER)  # the best match
    child.expect("你是用哪种方式充值的")
    child.send(DOWN + ENTER)  # payment app
    child.expect("显示成功了吗")
    child.send(ENTER)
    child.expect("充值记录")
    child.send(ENTER)
    child.expect("问题解决了吗")
    child.send(ENTER)
    child.expect("问题已解决")
    assert finish(child) == 0


def test_troubleshoot_menu_when_no_description(env: dict[str, str]) -> None:
    child = spawn(["troubleshoot", "--lang", "en"], env)
    child.expect("Describe your problem")
    child.send(ENTER)
    child.expect("Pick a topic")
    child.send(ENTER)  # account
    child.expect("Pick the problem")
    child.send(DOWN * 5 + ENTER)  # register, the last of the six account guides
    child.expect("Where does signing up go wrong")
    child.send(CTRL_C)
    assert finish(child) == 130


def test_told_to_wait_then_resumed_after_the_date_goes_on(env: dict[str, str]) -> None:
    child = spawn(["guide", "withdrawal", "--lang", "zh"], env)
    child.expect("你的提现现在是什么情况")
    child.send(DOWN + ENTER)  # submitted, not arrived yet
    child.expect("提现是什么时候提交的")
    child.send("昨天下午3点" + ENTER)
    child.expect(re.escape("2026-11-20 15:00 (周五)"))
    child.send(ENTER)  # yes
    # Friday 15:00 and three working days: Monday, Tuesday, Wednesday
    child.expect(re.escape("到11月25日（周三）如果还需要"))
    child.expect(r"resume (\d{8}-\d{6}-[0-9a-f]{4})")
    session_id = child.match.group(1)
    rest = child.before or ""
    assert finish(child) == 0
    assert "问题已解决" not in rest
    assert listed_sessions(env)[0]["status"] == "pending"

    later = {**env, "OKHELP_NOW": "2026-11-26T10:00:00+08:00"}
    child = spawn(["resume", session_id], later)
    child.expect("这笔提现显示“成功”了吗")
    child.send(CTRL_C)
    assert finish(child) == 130
    # nothing answered since coming back: it still waits, and the next resume goes on again
    assert listed_sessions(env)[0]["status"] == "pending"


def test_the_users_verdict_at_a_resolved_end_is_asked_once_and_kept(env: dict[str, str]) -> None:
    child = spawn(["guide", "top-up", "--lang", "en"], env)
    child.expect("How did you top up")
    child.send(DOWN + ENTER)
    for _ in range(3):
        child.expect(r"successful|top-up record|Did this solve it")
        child.send(ENTER)
    child.expect("Great, the problem is solved")
    child.expect("Did this help")
    child.send("7" + ENTER)  # not a verdict: said so, asked again
    child.expect("Type a number from 1 to 5")
    child.send(CTRL_U + "５" + ENTER)  # a full-width digit counts
    child.expect("sent nowhere")
    assert finish(child) == 0
    stats = subprocess.run(
        [installed_okhelp(), "stats", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    (group,) = json.loads(stats.stdout)
    assert group["rating"] == {"answered": 1, "average": 5.0}


def test_ctrl_c_at_the_verdict_leaves_the_session_solved(env: dict[str, str]) -> None:
    child = spawn(["guide", "register", "--lang", "en"], env)
    child.expect("Where does signing up go wrong")
    child.send(DOWN + ENTER)
    child.expect("Did this solve it")
    child.send(ENTER)
    child.expect("Did this help")
    child.send(CTRL_C)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0  # nothing was left to save: leaving there is not an interruption
    assert listed_sessions(env)[0]["status"] == "resolved"


def test_the_session_speaks_the_language_the_description_is_written_in(
    env: dict[str, str],
) -> None:
    """LANG=C.UTF-8 (many servers) says nothing of a language: the user's words do."""
    child = spawn(["troubleshoot", "my withdrawal to my bank card hasnt arrived for 3 days"], env)
    child.expect(re.escape("goes on in English (for Chinese, add --lang zh)"))
    child.expect("Withdrawal failed or late")
    child.send(CTRL_C)
    child.expect("interrupted")  # in the language followed, not the locale's 已中断
    assert finish(child) == 130
    child = spawn(["troubleshoot"], env)
    child.expect("请描述你遇到的问题")  # the locale's language until the user writes
    child.send("my top up did not arrive" + ENTER)
    child.expect("goes on in English")
    child.expect("Top-up failed or not arrived")
    child.send(CTRL_C)
    child.expect("interrupted")
    assert finish(child) == 130
    chosen = spawn(["troubleshoot", "--lang", "zh", "my top up did not arrive"], env)
    chosen.expect("充值未到账或失败")  # --lang is the user's word, and it stands
    chosen.send(CTRL_C)
    assert finish(chosen) == 130
    english = {**env, "LANG": "en_US.UTF-8"}
    child = spawn(["troubleshoot", "提现三天了还没到账"], english)
    child.expect("下面用中文继续")
    child.expect("提现失败或迟迟不到账")
    child.send(CTRL_C)
    child.expect("已中断")  # the session's language, not the locale's "interrupted"
    assert finish(child) == 130

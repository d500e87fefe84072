"""A Taiwan locale, end to end in a real pseudo-terminal: the guide, okhelp's own words and the
summary in traditional characters, the user's words as typed."""

from __future__ import annotations

import io
import re

import pytest

from tests.helpers.pty import DOWN, ENTER, finish, latest_summary, okhelp_output, spawn

pytestmark = pytest.mark.slow


def test_a_taiwan_locale_walks_a_guide_in_traditional_characters(env: dict[str, str]) -> None:
    env = {**env, "LANG": "zh_TW.UTF-8"}
    child = spawn(["guide", "top-up"], env, columns=70)
    child.logfile_read = screen = io.StringIO()
    child.expect("你是用哪種方式儲值的")  # Taiwan's word for a top-up, not 充值
    child.send(DOWN + DOWN + ENTER)  # cash
    child.expect("問題解決了嗎")
    child.send(DOWN + ENTER)  # not solved
    child.expect("顯示")
    child.send(DOWN + ENTER)  # no
    child.expect("大概是什麼時候儲值的")
    child.send("昨天下午3點" + ENTER)
    child.expect(re.escape("2026-11-20 15:00"))
    child.send(ENTER)  # yes
    child.expect("儲值金額是多少")
    child.send("120.5 元" + ENTER)
    child.expect("對嗎")
    child.send(ENTER)
    child.expect("交易編號")
    child.send(ENTER)  # optional: skip
    child.expect("錢包帳戶")
    child.send("13800138000" + ENTER)
    child.expect("描述問題")
    child.send("充值两小时还没到账" + ENTER)  # simplified, as this user typed it
    child.expect("客服聯絡摘要")
    child.expect("發給客服前核對一下")
    child.send(ENTER)
    child.expect("摘要已儲存到")
    assert finish(child) == 0
    shown = screen.getvalue()
    assert "充值金额" not in shown and "问题解决了吗" not in shown  # no simplified guide words
    record = latest_summary(env)
    assert record["lang"] == "zh-Hant"
    assert record["description"] == "充值两小时还没到账"  # never converted
    assert record["guide"]["title"] == "儲值未入帳或失敗"
    english = okhelp_output(env, "summary", "--lang", "en")
    assert "Top-up failed or not arrived" in english  # an agent's --lang still chooses

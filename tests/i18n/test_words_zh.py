"""Codes (a kind of secret, a status) reach users as words in their language, never as codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from okhelp.core.summary import word
from okhelp.fields.redaction import redact
from okhelp.i18n.messages import CODE_WORDS, message, secret_kinds
from tests.helpers import Result


def test_the_redaction_notice_names_kinds_in_words(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OKHELP_LANG", "zh")
    answers = ["problem=error", "network=no", "error-message=E42", "account=13800138000"]
    args = [x for a in answers for x in ("-a", a)]
    result = cli("guide", "register", *args, "-a", "description=验证码是 482913，密码是 hunter22")
    assert result.code == 0, result.err
    notice = next(line for line in result.err.splitlines() if "敏感信息" in line)
    assert "验证码" in notice and "密码" in notice
    assert "one_time_code" not in result.err and "password" not in result.err


@pytest.mark.parametrize("description", ["充值 \x1b[31m红", "x" * 10_001])
def test_a_refused_description_is_worded_in_chinese(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, description: str
) -> None:
    """The refusal travels inside an error as data; it is worded in the run's language too."""
    monkeypatch.setenv("OKHELP_LANG", "zh")
    result = cli("troubleshoot", description)
    assert result.code == 2 and result.err.startswith("okhelp: error: 问题描述："), result.err
    reason = result.err.removeprefix("okhelp: error: 问题描述：").split("（")[0]
    assert reason and not any("a" <= char.lower() <= "z" for char in reason), result.err
    assert "\x1b" not in result.err


def test_every_kind_of_secret_redaction_finds_has_words() -> None:
    samples = [
        "验证码是 482913",
        "password: hunter22x",
        "PIN 7788",
        "卡号 4111 1111 1111 1111",
        "cvv 123",
        "私钥 0x" + "ab" * 32,
    ]
    for text in samples:
        _, counts = redact(text)
        assert counts, text
        for kind in counts:
            assert kind in CODE_WORDS["secret"], kind
            assert kind not in secret_kinds([kind], "zh")
            assert "_" not in secret_kinds([kind], "en")


def test_an_unknown_kind_is_a_secret_not_its_code() -> None:
    assert secret_kinds(["remote_code_x"], "zh") == message("secret.other", "zh")
    assert word("secret", "remote_code_x", "en") == "a secret"
    assert secret_kinds(["password", "weak_password", "one_time_code"], "zh") == "验证码、密码"


WORDED_MODULES = [
    "okhelp/output/console.py",
    "okhelp/output/formats.py",
    "okhelp/core/stats.py",
    "okhelp/core/summary.py",
    "okhelp/fields/validation.py",
    "okhelp/frontends/terminal/wizard.py",
    "okhelp/frontends/cli/app.py",
]


@pytest.mark.parametrize("path", WORDED_MODULES)
def test_views_take_their_words_from_the_catalogue_not_inline_branches(path: str) -> None:
    import re
    from pathlib import Path

    source = (Path(__file__).parents[2] / path).read_text(encoding="utf-8")
    assert not re.search(r"""==\s*["']zh["']""", source), f"an inline language branch in {path}"


def test_guide_routes_and_stats_words_follow_the_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    from okhelp.core import stats
    from okhelp.i18n import messages
    from okhelp.library.catalog import load_catalog
    from okhelp.output.console import step_routes

    guide = load_catalog({}).guides["top-up"]
    ends = [step for step in guide.steps.values() if step.type == "end"]
    collecting = next(step for step in ends if step.collect)
    assert step_routes(collecting, "zh")[0].startswith("转客服 · 账户、交易编号")
    assert "transaction_id" not in step_routes(collecting, "en")[0]
    monkeypatch.setitem(messages.MESSAGES, "route_escalate", {"zh": "联系客服", "en": "support"})
    routes = [step_routes(step, "zh")[0] for step in ends]
    assert any(route.startswith("联系客服") for route in routes), routes
    assert stats.answer_word("skipped", "zh") == "跳过"
    assert stats.answer_word("not_possible", "en") == "can't"


def test_an_authors_commands_report_in_chinese(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("OKHELP_LANG", "zh")
    monkeypatch.chdir(tmp_path)
    created = cli("guides", "new", "card-declined", "--dir", "mine")
    assert created.code == 0 and "已写入 mine/card-declined.yaml" in created.err, created.err
    assert "下一步：okhelp guides check" in created.err
    tested = cli("guides", "test", "mine/card-declined.yaml")
    assert tested.code == 0 and "2 个通过，0 个失败" in tested.err, tested.err
    assert "passed" not in tested.err and "wrote" not in created.err


def test_a_summary_whose_guide_is_gone_says_so_in_chinese(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    monkeypatch.setenv("OKHELP_LANG", "zh")
    assert cli("guides", "new", "card-declined", "--dir", str(folder)).code == 0
    monkeypatch.setenv("OKHELP_GUIDES_PATH", str(folder))
    started = cli("start", "card-declined")
    assert started.code == 0, started.err
    session_id = json.loads(started.out)["session_id"]
    monkeypatch.delenv("OKHELP_GUIDES_PATH")
    result = cli("summary", session_id)
    assert "没有安装" in result.err and "not installed" not in result.err, result.err


@pytest.mark.parametrize(
    ("answers", "says"),
    [
        (["method=paypal"], "步骤“method”：“paypal”不是可选项；可以填：bank, third-party, cash"),
        (["method=cash", "cash-receipt=no"], "步骤“check-record”没有给出答案，也没有终端可以询问"),
    ],
)
def test_an_answer_refused_without_a_terminal_is_said_in_chinese(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, answers: list[str], says: str
) -> None:
    monkeypatch.setenv("OKHELP_LANG", "zh")
    result = cli("guide", "top-up", *(x for a in answers for x in ("-a", a)))
    assert result.code == 2 and says in result.err, result.err
    assert "step '" not in result.err and "no answer" not in result.err
    if len(answers) > 1:  # an answer was taken, so the session is kept: the hint says how on
        assert "会话已保存：" in result.err and "resume" in result.err

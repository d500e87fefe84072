"""The contact summary: schema, redaction in every format, literal user text, mask, output file."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from okhelp.fields.redaction import redact
from tests.helpers import Result

Cli = Callable[..., Result]

SCHEMA = json.loads(
    resources.files("okhelp").joinpath("summary.schema.json").read_text(encoding="utf-8")
)
CARD = "4111 1111 1111 1111"
SEED = "abandon ability able about above absent absorb abstract absurd abuse access accident"
KEY = "0x" + "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
SECRETS = ["4111", "1111 1111", "482913", "hunter22", "7788", "absurd abuse", "4c0883a691"]
SECRET_TEXT = (
    f"卡号 {CARD}，验证码是 482913，密码是 hunter22，PIN 7788，助记词 {SEED}，私钥 {KEY} "
    "[bold]还是[/bold] \u001b不行"
)


def _escalate(cli: Cli, description: str) -> Result:
    args = [
        "guide",
        "register",
        "-a",
        "problem=error",
        "-a",
        "network=no",
        "-a",
        "error-message=E42",
        "-a",
        "account=13800138000",
        "-a",
        f"description={description}",
    ]
    return cli(*args)


def test_json_validates_against_the_shipped_schema(cli: Cli) -> None:
    _escalate(cli, "注册一直失败")
    record = json.loads(cli("summary", "--format", "json").out)
    jsonschema.validate(record, SCHEMA)
    assert record["status"] == "escalated"
    assert record["incident"]["transaction_id"] is None and record["incident"]["amount"] is None
    assert record["environment"] == {"app_version": None, "device": None}


def test_an_escalated_money_summary_validates_too(cli: Cli) -> None:
    answers = [
        "method=bank",
        "bank-remark=no",
        "bank-sent=yes",
        "check-record=no",
        "when=昨天下午3点",
        "amount=120.5 元",
        "txn=TX2026112000001",
        "account=+44 7911 123456",
        "description=没到账",
    ]
    assert cli("guide", "top-up", *[x for a in answers for x in ("-a", a)]).code == 0
    record = json.loads(cli("summary", "-f", "json").out)
    jsonschema.validate(record, SCHEMA)
    assert record["account"] == {"id": "+447911123456", "kind": "phone"}
    assert record["incident"]["occurred_at_text"] == "昨天下午3点"
    assert record["incident"]["timezone"] == "Asia/Shanghai"


def test_secrets_appear_in_no_format_and_not_on_disk(cli: Cli) -> None:
    result = _escalate(cli, SECRET_TEXT.replace("\u001b", ""))
    assert result.code == 0, result.err
    assert "removed" in result.err and "never asks" in result.err
    outputs = [result.out]
    for fmt in ("text", "markdown", "json"):
        outputs.append(cli("summary", "--format", fmt).out)
    home = Path(os.environ["OKHELP_HOME"])
    written = [p for p in home.rglob("*.json") if p.parent.name in ("sessions", "summaries")]
    assert written
    outputs += [p.read_text(encoding="utf-8") for p in written]
    for output in outputs:
        for secret in SECRETS:
            assert secret not in output, (secret, output[:200])
    # The index and caches hold ids and nanosecond times, where a four-digit secret can turn up
    # by chance: they are checked for the longer secrets.
    for path in set(home.rglob("*.json")) - set(written):
        text = path.read_text(encoding="utf-8")
        assert not [s for s in SECRETS if len(s) >= 8 and s in text], path
    record = json.loads(cli("summary", "-f", "json").out)
    kinds = {r["kind"] for r in record["redactions"]}
    assert kinds == {
        "card_number",
        "one_time_code",
        "password",
        "pin",
        "seed_phrase",
        "private_key",
    }
    jsonschema.validate(record, SCHEMA)


def test_escape_codes_in_answers_are_refused_and_markup_is_literal(cli: Cli) -> None:
    result = _escalate(cli, "still \u001b[31mred")
    assert result.code == 2 and "control or escape" in result.err
    _escalate(cli, "[bold]不行[/bold] [red]x")
    assert "[bold]不行[/bold] [red]x" in cli("summary").out
    assert "\\[bold\\]不行\\[/bold\\]" in cli("summary", "-f", "markdown").out


def test_markdown_is_ready_to_paste(cli: Cli) -> None:
    _escalate(cli, "注册一直失败")
    markdown = cli("summary", "--format", "markdown", "--lang", "en").out
    assert markdown.startswith("## 客服联系摘要") or markdown.startswith("## Contact summary")
    assert "- **" in markdown and "13800138000" in markdown


def test_mask_hides_personal_data(cli: Cli) -> None:
    _escalate(cli, "my name is Li Lei")
    record = json.loads(cli("summary", "--format", "json", "--mask").out)
    assert record["account"]["id"] == "13*******00"
    assert record["description"] == "[MASKED]" and record["incident"]["error_message"] == "[MASKED]"
    jsonschema.validate(record, SCHEMA)
    assert "Li Lei" not in cli("summary", "--mask", "-f", "markdown").out


def test_one_mask_for_a_value_wherever_it_shows(cli: Cli) -> None:
    answers = [
        *("method=cash", "cash-receipt=no", "check-record=no", "when=2 hours ago", "amount=50"),
        *("txn=TX2026112000001", "account=13800138000", "description=x"),
    ]
    assert cli("guide", "top-up", *[p for a in answers for p in ("-a", a)]).code == 0
    record = json.loads(cli("summary", "--format", "json", "--mask").out)
    (typed,) = [item for item in record["transcript"] if item["field"] == "transaction_id"]
    assert typed["answer"] == record["incident"]["transaction_id"] == "TX***********01"
    markdown = cli("summary", "--mask", "-f", "markdown").out
    assert "\\[MASKED\\]" not in markdown and "`[MASKED]`" in markdown
    assert markdown.count("`TX***********01`") == 2  # the field and the answer, alike


def test_output_file_is_private_and_renders_back(cli: Cli, tmp_path: Path) -> None:
    _escalate(cli, "注册一直失败")
    target = tmp_path / "out" / "summary.json"
    target.parent.mkdir()
    assert cli("summary", "--format", "json", "--output", str(target)).code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    rendered = cli("summary", str(target), "--format", "markdown")
    assert rendered.code == 0 and "注册一直失败" in rendered.out


def test_not_a_summary_file(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"hello": 1}', encoding="utf-8")
    result = cli("summary", str(path))
    assert result.code == 2 and "not an okhelp summary" in result.err


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("card 5500-0000-0000-0004 please", {"card_number"}),
        ("卡号6222021234567890128", {"card_number"}),
        ("my otp is 998877", {"one_time_code"}),
        ("123456是我的验证码", {"one_time_code"}),
        ("支付密码123456", {"password"}),
        ("password: Secr3t!", {"password"}),
        ("PIN码 4321", {"pin"}),
        (SEED, {"seed_phrase"}),
        (KEY, {"private_key"}),
        ("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----", {"private_key"}),
    ],
)
def test_redaction_finds(text: str, kinds: set[str]) -> None:
    cleaned, counts = redact(text)
    assert set(counts) == kinds and "[REDACTED:" in cleaned


@pytest.mark.parametrize(
    "text",
    [
        "忘记密码了，密码错误",
        "password reset failed",
        "交易编号 TX2026112000001 还没到账",
        "手机号13800138000",
        "please help because money never came into wallet after bank transfer from phone",
        "转账 1234567890123 元",  # 13 digits failing the card check
        "验证码收不到",
    ],
)
def test_redaction_leaves_ordinary_text(text: str) -> None:
    assert redact(text) == (text, {})


def test_contact_channels_come_from_the_config(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        "contact_channels:\n"
        "  - {kind: in_app_chat, detail: {zh: APP 内在线客服, en: In-app chat}}\n"
        "  - {kind: phone, detail: '400 000 0000 (from the support team)'}\n"
        "transaction_id: {pattern: 'TX[0-9]{13}', uppercase: true}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("OKHELP_CONFIG", str(config))
    _escalate(cli, "x")
    record = json.loads(cli("summary", "-f", "json").out)
    assert record["contact_channels"] == [
        {"kind": "in_app_chat", "detail": "In-app chat"},
        {"kind": "phone", "detail": "400 000 0000 (from the support team)"},
    ]
    bad = cli(
        "guide",
        "top-up",
        "-a",
        "method=cash",
        "-a",
        "cash-receipt=no",
        "-a",
        "check-record=no",
        "-a",
        "when=2 hours ago",
        "-a",
        "amount=5",
        "-a",
        "txn=ABC-123",
    )
    assert bad.code == 2 and "does not look like a transaction id" in bad.err


def test_default_channels_invent_no_contact_details(cli: Cli) -> None:
    _escalate(cli, "x")
    channels = json.loads(cli("summary", "-f", "json").out)["contact_channels"]
    assert [c["kind"] for c in channels] == ["in_app_chat", "official_website", "email"]
    for channel in channels:
        assert (
            not any(char.isdigit() for char in channel["detail"]) and "@" not in channel["detail"]
        )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("colour: red\n", "unknown setting 'colour'"),
        ("timezone: Mars/Base\n", "IANA"),
        ("transaction_id: {pattern: '['}\n", "not valid"),
        ("- a\n", "mapping"),
    ],
)
def test_bad_config_is_one_clear_line(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, message: str
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(content, encoding="utf-8")
    monkeypatch.setenv("OKHELP_CONFIG", str(config))
    result = cli("guide", "register", "-a", "problem=how-to", "-a", "how-to=yes")
    assert result.code == 2 and message in result.err and result.err.count("\n") == 1

"""Redaction that holds: the phrase tables, hostile input, every free-text field, structured
fields that refuse secrets, --mask, and the troubleshoot description's checks.

Run with ``-s`` to see the figures for both tables.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest
import yaml
from conftest import ROOT, Result

from okhelp import fields, picker
from okhelp.engine import InvalidAnswer
from okhelp.safety import REDACTION_KINDS, redact, structured_secret
from okhelp.wizard import FREE_TEXT_FIELDS

Cli = Callable[..., Result]
DATA = ROOT / "tests" / "data"
SCHEMA = json.loads(
    resources.files("okhelp").joinpath("summary.schema.json").read_text(encoding="utf-8")
)
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")


def _rows(name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    return rows


def _problem(row: dict[str, Any]) -> str | None:
    """What is wrong with the redaction of one row, or None when it is right."""
    text = row["text"]
    cleaned, counts = redact(text)
    wanted = set(row["kinds"])
    if not wanted:
        return None if (cleaned, counts) == (text, {}) else f"changed to {cleaned!r}"
    if set(counts) != wanted:
        return f"found {sorted(counts)}, expected {sorted(wanted)}: {cleaned!r}"
    visible = _INVISIBLE.sub("", cleaned)
    left = [g for g in row.get("gone", []) if _INVISIBLE.sub("", g) in visible]
    if left:
        return f"{left} survived: {cleaned!r}"
    lost = [k for k in row.get("kept", []) if k not in cleaned]
    return f"{lost} was taken out: {cleaned!r}" if lost else None


def _figures(rows: list[dict[str, Any]], problems: list[str | None]) -> tuple[str, str]:
    secrets = [p for r, p in zip(rows, problems, strict=True) if r["kinds"]]
    keeps = [p for r, p in zip(rows, problems, strict=True) if not r["kinds"]]
    found = sum(p is None for p in secrets)
    kept = sum(p is None for p in keeps)
    return f"{found}/{len(secrets)}", f"{kept}/{len(keeps)}"


def test_own_table_every_row() -> None:
    rows = _rows("redaction_table.yaml")
    assert len(rows) >= 150
    assert {k for r in rows for k in r["kinds"]} == set(REDACTION_KINDS)
    problems = [_problem(row) for row in rows]
    found, kept = _figures(rows, problems)
    print(f"\nredaction, own table: secrets found {found}, look-alikes kept {kept}")
    failed = [f"{r['text']!r}: {p}" for r, p in zip(rows, problems, strict=True) if p]
    assert not failed, "\n".join(failed)


def test_held_out_set_as_measured() -> None:
    """Measured once when written (figures in the file's header and the README); a row that
    passed then must still pass, and today's figures are printed beside the measured ones."""
    rows = _rows("redaction_heldout.yaml")
    problems = [_problem(row) for row in rows]
    found, kept = _figures(rows, problems)
    measured = [None if not r.get("missed_when_measured") else "missed" for r in rows]
    then_found, then_kept = _figures(rows, measured)
    print(
        f"\nredaction, held-out set: measured once {then_found} secrets, {then_kept} kept; "
        f"today {found} secrets, {kept} kept"
    )
    for row, problem in zip(rows, problems, strict=True):
        if problem:
            print(f"  miss: {row['text']!r}: {problem}")
    regressed = [
        f"{r['text']!r}: {p}"
        for r, p in zip(rows, problems, strict=True)
        if p and not r.get("missed_when_measured")
    ]
    assert not regressed, "\n".join(regressed)


def test_the_summary_schema_knows_every_kind() -> None:
    items = SCHEMA["properties"]["redactions"]["items"]
    assert items["properties"]["kind"]["enum"] == list(REDACTION_KINDS)


def test_text_around_a_secret_stays_as_typed() -> None:
    text = "你好，卡号４１１１\u00a01111\u30001111-1111（我的），ＯＫ？"
    cleaned, counts = redact(text)
    assert cleaned == "你好，卡号[REDACTED:card_number]（我的），ＯＫ？"
    assert counts == {"card_number": 1}


def test_each_secret_is_counted() -> None:
    cleaned, counts = redact(
        "卡 4111111111111111 和 5500 0000 0000 0004，验证码 123456，验证码 654321"
    )
    assert counts == {"card_number": 2, "one_time_code": 2}
    assert cleaned.count("[REDACTED:") == 4


def test_redacting_twice_changes_nothing_more() -> None:
    """A resumed session or an edited answer is redacted again: the markers stay inert."""
    for row in _rows("redaction_table.yaml"):
        once, _ = redact(row["text"])
        assert redact(once) == (once, {}), once


HOSTILE = [
    "1 " * 5000,
    "1" * 10_000,
    "12-" * 3333,
    "１\u3000" * 5000,
    "\u200b1" * 5000,
    "a" * 9999 + "g",
    "ab " * 3333,
    "abandon " * 1250,
    "abandon the " * 833,
    "password: " * 1000,
    "密码 的 的 的 的 " * 833,
    "验证码 1 " * 1666,
    "code " * 2000,
    "的 " * 5000,
    "-----BEGIN PRIVATE KEY-----" * 370,
    "xprv" + "1" * 9996,
    "5" * 10_000,
    "1X" * 5000,
    "error code " * 909,
    "1-2-3-4-5-6-7-8 是 " * 555,
    "4111 1111 1111 1111 " * 500,
    ("卡号4111 1111 1111 1111 验证码是123456 " * 250)[:10_000],
]


@pytest.mark.parametrize("text", HOSTILE, ids=[f"hostile-{i}" for i in range(len(HOSTILE))])
def test_hostile_input_of_the_field_limit_finishes(text: str) -> None:
    """Every pattern is linear; these would hang a backtracking one (no timing asserted: the
    benchmark-free check is that the suite finishes)."""
    assert len(text) <= fields.MAX_FIELD_TEXT
    cleaned, counts = redact(text)
    assert isinstance(cleaned, str) and all(n > 0 for n in counts.values())


def test_hostile_repeats_are_all_found() -> None:
    cleaned, counts = redact("4111 1111 1111 1111 " * 500)
    assert counts == {"card_number": 500} and "4111" not in cleaned


# --- structured fields --------------------------------------------------------------------

CTX = fields.FieldContext(
    now=datetime(2026, 11, 21, 15, 42, tzinfo=ZoneInfo("Asia/Shanghai")),
    timezone=ZoneInfo("Asia/Shanghai"),
    timezone_name="Asia/Shanghai",
)
HEX = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"


@pytest.mark.parametrize("name", ["account", "transaction_id"])
@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("4111111111111111", "card number"),
        ("4111 1111 1111 1111", "card number"),
        ("4111-1111-1111-1111", "card number"),
        ("4111.1111.1111.1111", "card number"),
        ("6222021234567890128", "card number"),
        (HEX, "private key"),
        ("0x" + HEX, "private key"),
        ("5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ", "private key"),
        ("xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJx", "private key"),
    ],
)
def test_structured_fields_refuse_cards_and_keys(name: str, text: str, says: str) -> None:
    with pytest.raises(InvalidAnswer) as caught:
        fields.validate(name, text, CTX)
    assert says in caught.value.reason and "never share" in caught.value.reason


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("account", "13800138000"),
        ("account", "+44 7911 123456"),
        ("account", "li.lei@example.com"),
        ("account", "lilei_2024"),
        ("transaction_id", "TX2026112000001"),
        ("transaction_id", "4200001234202411201234567890"),
        ("transaction_id", "2024112012345678"),
    ],
)
def test_structured_fields_still_take_what_they_are_for(name: str, text: str) -> None:
    assert structured_secret(text) is None
    fields.validate(name, text, CTX)


def test_the_refusal_reads_in_chinese_too() -> None:
    from okhelp.i18n import reason_text

    card, key = structured_secret("4111 1111 1111 1111"), structured_secret(HEX)
    assert card and key
    assert "卡号" in reason_text(card, "zh") and "私钥" in reason_text(key, "zh")


# --- every free-text field, end to end ----------------------------------------------------


def test_device_and_app_version_are_free_text() -> None:
    assert {"description", "error_message", "device", "app_version"} <= set(FREE_TEXT_FIELDS)


def _app_problem(cli: Cli, *extra: str) -> Result:
    answers = [
        "symptom=error",
        "error-text=网络异常（E102），验证码是 482913",
        "network=no",
        "update=no",
        "restart=no",
        "clear-cache=no",
        "reinstall=no",
        "opens=yes",
        "device=Huawei Mate 60 / HarmonyOS 4, PIN 2580",
        "app-version=7.7.7 卡号4111111111111111",
        "account=13800138000",
        "description=闪退，助记词 abandon ability able about above absent absorb abstract "
        "absurd abuse access accident",
        *extra,
    ]
    return cli("guide", "app-problem", *[x for a in answers for x in ("-a", a)])


def test_every_free_text_field_is_redacted_before_it_is_stored(cli: Cli) -> None:
    result = _app_problem(cli)
    assert result.code == 0, result.err
    record = json.loads(cli("summary", "-f", "json").out)
    jsonschema.validate(record, SCHEMA)
    assert record["environment"]["device"] == "Huawei Mate 60 / HarmonyOS 4, PIN [REDACTED:pin]"
    assert record["environment"]["app_version"] == "7.7.7 卡号[REDACTED:card_number]"
    assert "[REDACTED:one_time_code]" in record["incident"]["error_message"]
    assert "E102" in record["incident"]["error_message"]
    assert record["description"] == "闪退，助记词 [REDACTED:seed_phrase]"
    removed = {(r["field"], r["kind"]) for r in record["redactions"]}
    assert {
        ("device", "pin"),
        ("app_version", "card_number"),
        ("error_message", "one_time_code"),
        ("description", "seed_phrase"),
    } <= removed
    stored = "".join(
        p.read_text(encoding="utf-8") for p in Path(os.environ["OKHELP_HOME"]).rglob("*.json")
    )
    for secret in ("2580", "4111111111111111", "482913", "absurd abuse"):
        assert secret not in stored


def test_custom_fields_are_redacted(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    guides = tmp_path / "guides"
    guides.mkdir()
    (guides / "custom.yaml").write_text(
        "id: custom\ncategory: app\ntitle: {zh: 自定义, en: Custom}\n"
        "summary: {zh: 测试, en: Test}\nkeywords: {zh: [测试], en: [test]}\nstart: ask\n"
        "steps:\n"
        "  - id: ask\n    type: input\n    field: x-wallet-name\n"
        "    text: {zh: 钱包名称？, en: Wallet name?}\n    next: end\n"
        "  - id: end\n    type: end\n    outcome: escalate\n"
        "    text: {zh: 请联系客服。, en: Contact support.}\n    collect: [account]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("OKHELP_GUIDES_PATH", str(guides))
    result = cli("guide", "custom", "-a", "ask=main, cvv 123", "-a", "account=13800138000")
    assert result.code == 0, result.err
    record = json.loads(cli("summary", "-f", "json").out)
    assert record["transcript"][0]["answer"] == "main, cvv [REDACTED:cvv]"
    assert {"field": "x-wallet-name", "kind": "cvv", "count": 1} in record["redactions"]


def test_mask_hides_every_free_text_field_and_the_amount(cli: Cli) -> None:
    assert _app_problem(cli).code == 0
    record = json.loads(cli("summary", "-f", "json", "--mask").out)
    jsonschema.validate(record, SCHEMA)
    assert record["environment"] == {"app_version": "[MASKED]", "device": "[MASKED]"}
    assert record["incident"]["error_message"] == "[MASKED]"
    assert record["description"] == "[MASKED]"
    typed = [i["answer"] for i in record["transcript"] if i["step"] in ("device", "app-version")]
    assert typed == ["[MASKED]", "[MASKED]"]
    shown = cli("summary", "--mask").out + cli("summary", "--mask", "-f", "markdown").out
    assert "Mate 60" not in shown and "7.7.7" not in shown


def test_mask_hides_the_amount_and_the_time_in_the_users_words(cli: Cli) -> None:
    answers = [
        "method=bank",
        "bank-remark=no",
        "bank-sent=yes",
        "check-record=no",
        "when=昨天下午3点",
        "amount=987.6 元",
        "txn=TX2026112000001",
        "account=13800138000",
        "description=没到账",
    ]
    assert cli("guide", "top-up", *[x for a in answers for x in ("-a", a)]).code == 0
    record = json.loads(cli("summary", "-f", "json", "--mask").out)
    jsonschema.validate(record, SCHEMA)
    assert record["incident"]["amount"] == {"value": "[MASKED]", "currency": "CNY"}
    assert record["incident"]["occurred_at_text"] == "[MASKED]"
    answers_shown = {i["answer"] for i in record["transcript"]}
    assert not answers_shown & {"昨天下午3点", "987.6 元", "TX2026112000001", "13800138000"}
    assert "987.6" not in cli("summary", "--mask", "-f", "markdown").out


# --- the troubleshoot description ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("充值" * 5001, "description: too long (10002 characters)"),
        ("充值\u001b[31m没到账", "description: contains a control or escape character"),
        ("top-up \u202egone", "description: contains a control or escape character"),
    ],
)
def test_troubleshoot_description_gets_the_field_checks(cli: Cli, text: str, says: str) -> None:
    result = cli("troubleshoot", text)
    assert result.code == 2
    assert says in result.err and len(result.err.strip().splitlines()) <= 2


def test_troubleshoot_description_typed_at_the_prompt_is_checked() -> None:
    assert picker._problem("充值" * 5001, "en") == "too long (10002 characters)"
    assert picker._problem("a\u001bb", "zh") == "含有控制字符或转义码，请只输入普通文字"
    assert picker._problem("充值没到账", "zh") is None


def test_troubleshoot_description_is_redacted(cli: Cli) -> None:
    result = cli(
        "troubleshoot", "充值没到账 卡号 4111 1111 1111 1111", "-g", "top-up", "-a", "method=bank"
    )
    stored = "".join(
        p.read_text(encoding="utf-8") for p in Path(os.environ["OKHELP_HOME"]).rglob("*.json")
    )
    assert "充值没到账 卡号 [REDACTED:card_number]" in stored, result.err
    assert "4111" not in stored

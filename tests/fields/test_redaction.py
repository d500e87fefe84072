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

from okhelp.errors import InvalidAnswer
from okhelp.fields import validation as fields
from okhelp.fields.redaction import redact, structured_secret
from okhelp.frontends.terminal import picker
from okhelp.frontends.terminal.wizard import FREE_TEXT_FIELDS
from tests.helpers import ROOT, Result, everything_saved

Cli = Callable[..., Result]
DATA = ROOT / "tests" / "data"
SCHEMA = json.loads(
    resources.files("okhelp").joinpath("summary.schema.json").read_text(encoding="utf-8")
)
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")


def _rows(name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    return rows


def _row_problem(row: dict[str, Any]) -> str | None:
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
    kinds = SCHEMA["properties"]["redactions"]["items"]["properties"]["kind"]["enum"]
    assert {k for r in rows for k in r["kinds"]} == set(kinds)  # every kind the schema knows
    problems = [_row_problem(row) for row in rows]
    found, kept = _figures(rows, problems)
    print(f"\nredaction, own table: secrets found {found}, look-alikes kept {kept}")
    failed = [f"{r['text']!r}: {p}" for r, p in zip(rows, problems, strict=True) if p]
    assert not failed, "\n".join(failed)


def test_held_out_set_as_measured() -> None:
    """Measured once when written (figures in the file's header and the README); a row that
    passed then must still pass, and today's figures are printed beside the measured ones."""
    rows = _rows("redaction_heldout.yaml")
    problems = [_row_problem(row) for row in rows]
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


# --- what may stand between a keyword and its secret, and how many secrets it introduces --


def _gone(text: str, secrets: list[str], kind: str) -> None:
    """Every secret is cut out and counted as kind; the words around them stay as typed."""
    cleaned, counts = redact(text)
    assert counts.get(kind) == len(secrets), (text, cleaned, counts)
    for secret in secrets:
        assert secret not in cleaned, (text, cleaned)
    assert cleaned.count(f"[REDACTED:{kind}]") == len(secrets)


@pytest.mark.parametrize(
    ("text", "secret", "kind"),
    [
        ("verification code (6 digits): 583920", "583920", "one_time_code"),
        ("验证码6位数是583920", "583920", "one_time_code"),
        ("验证码（6位）583920", "583920", "one_time_code"),
        ("OTP (valid 5 min): 583920", "583920", "one_time_code"),
        ("验证码5分钟内有效：583920", "583920", "one_time_code"),
        ("驗證碼有效期10分鐘，是 660914", "660914", "one_time_code"),
        ("the code that I received (6 digits) is 771935", "771935", "one_time_code"),
        ("动态码【请勿泄露】：482913", "482913", "one_time_code"),
        ("password (8 chars): Abcd1234", "Abcd1234", "password"),
        ("密码8位：Abcd1234", "Abcd1234", "password"),
        ("密碼（區分大小寫）是 Qw8821xz", "Qw8821xz", "password"),
        ("cvv (3 digits) 123", "123", "cvv"),
        ("PIN碼（4位）：7391", "7391", "pin"),
    ],
)
def test_a_note_between_keyword_and_secret_does_not_hide_it(
    text: str, secret: str, kind: str
) -> None:
    _gone(text, [secret], kind)


def test_the_keyword_scans_first_test_loses_no_keyword() -> None:
    """The scan tests a keyword's first character before trying every keyword: over every row of
    both tables and glued forms it finds exactly what the keywords alone find."""
    from okhelp.fields import redaction as safety

    gated = re.compile(safety.KEYWORDS, re.I)
    body = re.compile(safety.KEYWORD_BODY, re.I)
    texts = [
        r["text"]
        for name in ("redaction_table.yaml", "descriptions.yaml")
        for r in _rows(name)
        if isinstance(r, dict) and "text" in r
    ]
    texts += ["app验证码1", "myPIN码1", "xCVV碼1", "abc背面三位", "x短信里的数字", "a六位数"]
    for text in texts:
        norm, _ = safety.normalise(text)
        found = [(m.span(), m.lastgroup) for m in gated.finditer(norm)]
        assert found == [(m.span(), m.lastgroup) for m in body.finditer(norm)], text


def test_a_number_in_brackets_is_a_value_not_a_note() -> None:
    cleaned, counts = redact("验证码（583920）输入后无效")
    assert counts == {"one_time_code": 1} and "583920" not in cleaned


@pytest.mark.parametrize(
    ("text", "secrets", "kind"),
    [
        ("验证码是 583920 和 771935", ["583920", "771935"], "one_time_code"),
        ("驗證碼 583920、771935、660914 都不行", ["583920", "771935", "660914"], "one_time_code"),
        ("codes: 583920, 771935 and 660914", ["583920", "771935", "660914"], "one_time_code"),
        ("OTP 583920 or 771935, neither works", ["583920", "771935"], "one_time_code"),
        ("验证码：５８３９２０，和６６０９１４", ["５８３９２０", "６６０９１４"], "one_time_code"),
        ("PIN 1234 和 5678 都试过", ["1234", "5678"], "pin"),
    ],
)
def test_every_secret_after_one_keyword_goes(text: str, secrets: list[str], kind: str) -> None:
    _gone(text, secrets, kind)


@pytest.mark.parametrize(
    ("text", "secret", "kind"),
    [
        ("校验码是四八二九一六", "四八二九一六", "one_time_code"),
        ("驗證碼是 五 五 一 二 零 三", "五 五 一 二 零 三", "one_time_code"),
        ("動態碼 〇八四四一七", "〇八四四一七", "one_time_code"),
        ("验证码两两八一九〇", "两两八一九〇", "one_time_code"),
        ("我的PIN是一二三四", "一二三四", "pin"),
        ("安全码是三九一", "三九一", "cvv"),
        ("支付密码是壹贰叁肆伍陆", "壹贰叁肆伍陆", "password"),
        ("驗證碼：伍捌叁玖貳零", "伍捌叁玖貳零", "one_time_code"),
    ],
)
def test_codes_in_chinese_numerals_are_found(text: str, secret: str, kind: str) -> None:
    _gone(text, [secret], kind)


@pytest.mark.parametrize(
    ("text", "secret", "kind"),
    [
        ("短信里的6位数是 583920", "583920", "one_time_code"),
        ("簡訊裡的6位數字 583920 已經給對方了", "583920", "one_time_code"),
        ("短信上那串数字是 483920", "483920", "one_time_code"),
        ("the 6-digit number I got by SMS, I told him 902817", "902817", "one_time_code"),
        ("the code from the text, it was 771204", "771204", "one_time_code"),
        ("I got a six digit number by SMS and typed 483920", "483920", "one_time_code"),
        ("信用卡背后的三位安全数字 593", "593", "cvv"),
        ("銀行卡背面的三位安全碼 731", "731", "cvv"),
        ("security number on the back is 592", "592", "cvv"),
        ("the 3 digit code on the back of my card is 731", "731", "cvv"),
    ],
)
def test_secrets_described_instead_of_named_are_found(text: str, secret: str, kind: str) -> None:
    _gone(text, [secret], kind)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("password: correct horse battery staple", "correct horse battery staple"),
        ("my passphrase is tiger river lamp 42", "tiger river lamp 42"),
        ("密碼：green apple tree house，登不上", "green apple tree house"),
        ("我的密码就是我名字加生日 lily0512", "lily0512"),
        ("密码是我姓名拼音加手机尾号 zhangsan8000", "zhangsan8000"),
        ("my password is my name plus my birthday: lily0512", "lily0512"),
    ],
)
def test_passwords_of_several_words_or_explained_first_are_found(text: str, secret: str) -> None:
    _gone(text, [secret], "password")
    cleaned, _ = redact(text)
    assert not re.search(r"horse|battery|staple|river|lamp|apple|tree|house|lily|zhang", cleaned)


@pytest.mark.parametrize(
    "text",
    [
        "I never got the 6-digit code",
        "验证码一直收不到",
        "驗證碼一直收不到，等了十分鐘",
        "错误码 502 和 503 轮流出现",
        "error code E1024",
        "verification code (6 digits) never arrived",
        "验证码5分钟内有效吗",
        "卡号后4位是 5678，扣了两次",
        "the last 4 digits of my card are 4421",
        "I never received the 6 digit code, order 20241120 is stuck",
        "订单号（20241120123）一直没到账",
        "验证码错了三次，现在被锁了",
        "the password is correct but login fails",
        "password: forgot it, please help",
        "the password is at least 8 characters with a number like 1",
        "密码是我名字加生日，应该没错",
        "短信说转账 200000 元成功",
        "手机号 13800138000 和 13900139000 都收不到验证码",
        "收到6位验证码后提示错误码 10086",
        "转账一万二千三百元 没到账",
    ],
)
def test_look_alikes_next_to_the_wider_rules_stay(text: str) -> None:
    assert redact(text) == (text, {})


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
    "验证码 (" * 1400,
    "验证码 " + "(a" * 4990,
    "password: " + "a " * 4990,
    "验证码是 123456 和 " * 700,
    "6位数 " * 2000,
    "the 6-digit code by sms " * 400,
    "短信里的数字 " * 1400,
    "密码是名字加 " * 1400,
    "code from " * 1000,
    "四" * 10_000,
    ("验证码四八二九一六、" * 1000)[:10_000],
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
    from okhelp.i18n.messages import reason_text

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
    stored = everything_saved(Path(os.environ["OKHELP_HOME"]))
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
    assert picker.description_problem("充值" * 5001, "en") == "too long (10002 characters)"
    assert picker.description_problem("a\u001bb", "zh") == "含有控制字符或转义码，请只输入普通文字"
    assert picker.description_problem("充值没到账", "zh") is None


def test_troubleshoot_description_is_redacted(cli: Cli) -> None:
    result = cli(
        "troubleshoot", "充值没到账 卡号 4111 1111 1111 1111", "-g", "top-up", "-a", "method=bank"
    )
    stored = everything_saved(Path(os.environ["OKHELP_HOME"]))
    assert "充值没到账 卡号 [REDACTED:card_number]" in stored, result.err
    # Not the number, nor any group of it (a hex digest may hold the same four digits).
    assert not re.search(r"(?<![0-9a-f])4111|1111 1111", stored)

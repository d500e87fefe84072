"""The summary record says what happened: labels the user saw, edits, "could not do" apart from
"did not help", every word in the summary's language, any session in either language."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from okhelp.core.summary import build
from okhelp.library.catalog import load_catalog
from okhelp.output.formats import markdown, plain, summary_view
from okhelp.storage.config import Config
from okhelp.storage.summaryfile import schema
from tests.helpers import Result
from tests.helpers.summary_records import BASE, EMAIL, NOW, TXN, top_up_record, top_up_session

Cli = Callable[..., Result]
ADVICE_ZH = "付款没有成功，钱通常不会被扣。"
ADVICE_EN = "The payment did not go through, so normally nothing was taken."


def _qa(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["step"]: item for item in record["transcript"]}


def test_the_record_keeps_machine_values_and_what_the_user_saw() -> None:
    record = top_up_record("zh")
    jsonschema.validate(record, schema())
    qa = _qa(record)
    assert qa["method"]["answer"] == "third-party"
    assert qa["method"]["answer_text"] == "第三方支付（如支付宝、微信支付）"
    assert qa["third-party-status"] == {
        **qa["third-party-status"],
        "answer": "no",
        "answer_text": "否",
        "type": "confirm",
    }
    assert qa["third-party-retry"]["answer"] == "not_possible"
    assert qa["third-party-retry"]["answer_text"] == "这一步做不到"
    assert qa["limits"]["answer_text"] == "还没解决"
    assert qa["txn"]["field"] == "transaction_id" and qa["txn"]["answer_text"] is None


def test_an_edited_field_shows_its_current_value_marked() -> None:
    record = top_up_record("en")
    amount = _qa(record)["amount"]
    assert amount["answer"] == "45.00 EUR" and amount["edited"] is True
    assert record["edited_fields"] == ["amount"]
    assert _qa(record)["when"]["edited"] is False
    text = plain(record)
    assert "→ 45.00 EUR (edited)" in text and "Amount: 45.00 EUR (edited)" in text
    assert "（已修改）" in plain(top_up_record("zh"))
    unedited = build(top_up_session("en", edited=False), load_catalog().guides, Config(), NOW)
    assert "(edited)" not in plain(unedited) and unedited["edited_fields"] == []


def test_not_possible_is_apart_from_not_solved_in_every_format() -> None:
    record = top_up_record("en")
    assert [(t["step"], t["result"]) for t in record["steps_tried"]] == [
        ("third-party-retry", "not_possible"),
        ("limits", "not_solved"),
    ]
    sections = {s.key: s for s in summary_view(record).sections}
    assert len(sections["tried"].items) == 1 and len(sections["not_possible"].items) == 1
    md = markdown(record)
    tried = md.index("**Already tried, did not help**")
    cannot = md.index("**Could not do these steps**")
    assert md.index("Some top-up methods") > tried and md.index(ADVICE_EN) > cannot
    assert md.index("Some top-up methods") < cannot or md.index(ADVICE_EN) < tried
    assert "Could not do these steps:\n  1. The payment did not go through" in plain(record)
    zh = plain(top_up_record("zh"))
    assert (
        "这些步骤做不到：\n  1. 付款没有成功" in zh
        and "已尝试，没有解决：\n  1. 有些充值方式" in zh
    )


@pytest.mark.parametrize(("lang", "advice"), [("zh", ADVICE_ZH), ("en", ADVICE_EN)])
def test_advice_text_appears_once(lang: str, advice: str) -> None:
    record = top_up_record(lang)
    full = next(t["action"] for t in record["steps_tried"] if t["result"] == "not_possible")
    for text in (markdown(record), plain(record)):
        squashed = re.sub(r"\s+", "", text)  # plain text wraps
        assert squashed.count(re.sub(r"\s+", "", advice)) == 1, text
        assert squashed.count(re.sub(r"\s+", "", full)) == 1
    qa_line = next(line for line in markdown(record).splitlines() if "→" in line and "…" in line)
    assert len(qa_line) < 120


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "zh",
            ["已转人工客服", "邮箱", "问题描述：密码 ×1", "→ 否", "→ 这一步做不到", "→ 还没解决"],
        ),
        (
            "en",
            [
                "escalated to support",
                "(e-mail)",
                "Description: password ×1",
                "→ No",
                "→ I can't do this",
            ],
        ),
    ],
)
def test_every_label_status_and_kind_in_the_summary_language(lang: str, words: list[str]) -> None:
    record = top_up_record(lang)
    for text in (plain(record), markdown(record).replace("**", "")):
        for word in words:
            assert word in text, (word, text)
    if lang == "zh":
        text = plain(record)
        for english in ("escalated", "(phone)", "password", "yes", "Yes", "→ no", "→ No"):
            assert english not in text


def test_status_and_kind_words_for_every_code() -> None:
    for status, zh, en in [
        ("in_progress", "进行中", "in progress"),
        ("resolved", "已解决", "resolved"),
        ("abandoned", "已放弃", "abandoned"),
    ]:
        record = {**copy.deepcopy(BASE), "status": status}
        assert f"状态：{zh}" in plain(record, "zh") and f"Status: {en}" in plain(record, "en")
    for kind, zh, en in [("phone", "手机号", "phone"), ("user_id", "用户ID", "user id")]:
        record = copy.deepcopy(BASE)
        record["account"] = {"id": "13800138000", "kind": kind}
        assert f"13800138000（{zh}）" in plain(record, "zh")
        assert f"13800138000 ({en})" in plain(record, "en")


def test_labels_from_the_step_win_when_the_guide_has_them(monkeypatch: pytest.MonkeyPatch) -> None:
    from okhelp.domain import model

    def labels(self: model.Step, lang: str) -> tuple[str, str]:
        return ("是的，成功了", "没成功") if lang == "zh" else ("It went through", "It failed")

    monkeypatch.setattr(model.Step, "yes_no_labels", labels, raising=False)
    qa = _qa(top_up_record("zh"))
    assert qa["third-party-status"]["answer_text"] == "没成功"
    assert _qa(top_up_record("en"))["third-party-status"]["answer_text"] == "It failed"


def test_a_session_in_chinese_builds_in_english() -> None:
    record = top_up_record("en", session_lang="zh")
    assert record["lang"] == "en" and record["guide"]["title"] == "Top-up failed or not arrived"
    qa = _qa(record)
    assert qa["method"]["answer_text"] == "A payment app (e.g. Alipay, WeChat Pay)"
    assert qa["when"]["answer"] == "昨天下午3点"  # the user's own words as typed
    assert record["description"] == "钱扣了但余额没变"
    assert record["contact_channels"][0]["detail"].startswith("Online chat")
    text = plain(record)
    assert "Problem: Top-up failed or not arrived (top-up)" in text and "问题" not in text


def _escalate_in_chinese(cli: Cli) -> str:
    answers = [
        "method=third-party",
        "third-party-status=no",
        "third-party-retry=no",
        "limits=no",
        "when=昨天下午3点",
        "amount=45 EUR",
        f"txn={TXN}",
        f"account={EMAIL}",
        "description=钱扣了但余额没变",
    ]
    result = cli("guide", "top-up", "--lang", "zh", *[x for a in answers for x in ("-a", a)])
    assert result.code == 0, result.err
    return str(json.loads(cli("summary", "-f", "json").out)["session_id"])


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_summary_lang_renders_a_session_in_either_language(cli: Cli, fmt: str) -> None:
    session_id = _escalate_in_chinese(cli)
    english = cli("summary", session_id, "--lang", "en", "-f", fmt).out
    chinese = cli("summary", session_id, "--lang", "zh", "-f", fmt).out
    assert "Top-up failed or not arrived" in english and "充值未到账或失败" not in english
    assert "充值未到账或失败" in chinese and "Top-up failed" not in chinese
    assert "A payment app" in english and "第三方支付" in chinese
    for output in (english, chinese):
        assert "昨天下午3点" in output and "钱扣了但余额没变" in output and TXN in output
    if fmt != "json":
        assert "escalated to support" in english and "已转人工客服" in chinese
        assert "Status" not in chinese and "状态" not in english


def test_summary_lang_on_a_file_rebuilds_the_guides_words_from_the_installed_guide(
    cli: Cli, tmp_path: Path
) -> None:
    _escalate_in_chinese(cli)
    saved = tmp_path / "s.json"
    assert cli("summary", "-f", "json", "-o", str(saved)).code == 0
    english = cli("summary", str(saved), "--lang", "en", "-f", "text").out
    assert "Status: escalated to support" in english and "When: " in english
    assert "Top-up failed or not arrived" in english and "充值未到账或失败" not in english
    assert "→ 否" not in english  # the labels the user picked, in the language asked for
    chinese = cli("summary", str(saved), "-f", "markdown").out
    assert "**状态**：已转人工客服" in chinese


def test_built_records_validate_against_the_shipped_schema() -> None:
    shipped = schema()
    good = [top_up_record("zh"), top_up_record("en"), copy.deepcopy(BASE)]
    for record in good:
        jsonschema.validate(record, shipped)
    old = copy.deepcopy(BASE)  # a record written before the additions still reads
    del old["edited_fields"]
    for item in old["transcript"]:
        for key in ("type", "answer_text", "field", "edited"):
            del item[key]
    jsonschema.validate(old, shipped)
    broken: list[dict[str, Any]] = []
    for path, value in [
        (("steps_tried",), 5),
        (("steps_tried", 0, "result"), "maybe"),
        (("transcript", 0, "edited"), "yes"),
        (("incident", "amount"), {"value": "1e5", "currency": "EUR"}),
        (("account", "kind"), "fax"),
        (("redactions", 0, "count"), 0),
        (("contact_channels",), []),
        (("guide", "version"), True),
        (("surprise",), 1),
    ]:
        record = copy.deepcopy(BASE)
        target: Any = record
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        broken.append(record)
    for record in broken:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(record, shipped)


def test_a_damaged_summary_file_is_one_clear_line(cli: Cli, tmp_path: Path) -> None:
    record = copy.deepcopy(BASE)
    record["transcript"] = "not a list"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    result = cli("summary", str(path), "-f", "markdown")
    assert result.code == 2 and "is not a valid okhelp.summary/1 file" in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err

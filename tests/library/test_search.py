"""Finding a guide from a description: ranking, and troubleshoot without a terminal."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from okhelp.library.catalog import load_catalog
from okhelp.library.search import (
    Index,
    _phrase,
    is_confident,
    query_terms,
    symptom_only,
    terms,
)
from tests.helpers import Result

Cli = Callable[..., Result]


def test_terms_cover_chinese_bigrams_and_english_stems() -> None:
    found = terms("充值没到账 Top-up failed")
    assert {"充值", "没到", "到账", "top", "fail", "#top-up", "#fail"} <= set(found)
    assert "值没" not in found  # the end of 充值 and the start of 没到账: two words, not one
    assert "the" not in terms("the app")
    assert "up" not in found  # a particle: "top up" is a concept, and a keyword phrase whole


def test_no_bigram_across_a_particle_a_function_word_or_the_edge_of_a_known_word() -> None:
    assert "失败" in terms("付款失败了") and "败了" not in terms("付款失败了")
    assert "直没" not in terms("一直没到") and "~直" not in terms("一直没到")
    found = terms("用外币付款")
    assert {"外币", "付款"} <= set(found) and "币付" not in found


def test_a_symptom_weighs_less_beside_a_topic_and_fully_alone() -> None:
    beside = dict(query_terms("提现卡住了"))
    assert beside["#withdraw"] == beside["提现"] == 1.0
    assert beside["#stuck"] < 1.0 and beside["卡住"] < 1.0
    alone = dict(query_terms("卡住了"))
    assert alone["#stuck"] == alone["卡住"] == 1.0
    assert dict(query_terms("app keeps crashing, stuck"))["#stuck"] == 1.0  # the app is no topic


def test_a_keyword_naming_only_a_symptom_is_known_as_one() -> None:
    assert symptom_only("卡住") and symptom_only("一直转圈") and symptom_only("pending")
    assert symptom_only("stuck on splash screen")
    assert not symptom_only("提现失败") and not symptom_only("payment failed")
    assert not symptom_only("退款")


def test_a_concept_counts_once_however_many_of_its_words_appear() -> None:
    assert [t for t, _ in query_terms("withdraw to my bank")].count("#withdraw") == 1
    assert terms("withdraw to my bank").count("#withdraw") == 2


def test_a_misspelt_word_is_corrected_before_concepts_and_phrases_are_looked_for() -> None:
    index = Index(load_catalog({}).guides.values())
    assert index._corrected("Cancel ACOUNT pls") == "cancel account pls"
    assert "#close-account" in terms(index._corrected("cancel acount"))
    assert index._corrected("冲值 refund") == "冲值 refund"  # known words stay as they are


def test_a_keyword_phrase_also_matches_without_its_stop_words() -> None:
    assert _phrase("Cancel my account") == ("cancel my account", "cancel account")
    assert _phrase("refund") == ("refund", "")  # one word: the phrase itself
    assert _phrase("close account") == ("close account", "")  # nothing to drop
    assert _phrase("注销账户") == ("注销账户", "")


@pytest.mark.parametrize(
    ("text", "guide"),
    [
        ("充值两个小时了还没到账", "top-up"),
        ("银行转账充值余额没变", "top-up"),
        ("注册收不到验证码", "register"),
        ("手机号已被注册", "register"),
        ("my deposit never arrived", "top-up"),
        ("can't sign up, no sms code", "register"),
        ("registr problem", "register"),
    ],
)
def test_rank_puts_the_right_guide_first(text: str, guide: str) -> None:
    matches = Index(load_catalog({}).guides.values()).rank(text)
    assert matches[0].guide.id == guide


def test_irregular_verbs_meet_their_stem() -> None:
    assert terms("they froze it")[-1] == terms("freezing")[-1]
    assert terms("i withdrew")[-1] == terms("withdrawal")[-1] != "withdrew"
    assert terms("paid")[-1] == terms("paying")[-1]


def test_a_typo_is_matched_only_to_a_word_with_the_same_first_letter() -> None:
    index = Index(load_catalog({}).guides.values())
    assert index.rank("withdrawl")[0].guide.id == "withdrawal"
    assert all(m.guide.id != "refund" for m in index.rank("funds"))


def test_a_concept_joins_the_two_languages() -> None:
    """An English description finds words only the Chinese keywords hold, and back."""
    assert "#frozen" in terms("my account is on hold") and "#frozen" in terms("账户被冻结")
    index = Index(load_catalog({}).guides.values())
    assert index.rank("my account is on hold")[0].guide.id == "account-frozen"


def test_nothing_in_common_ranks_nothing() -> None:
    assert Index(load_catalog({}).guides.values()).rank("xyzzy") == []


def test_search_json_shape_and_limit(cli: Cli) -> None:
    result = cli("guides", "search", "充值没到账", "--format", "json", "--limit", "1")
    data = json.loads(result.out)
    assert len(data) == 1 and set(data[0]) == {"id", "score", "title"}
    assert data[0]["id"] == "top-up" and data[0]["score"] > 0


def test_troubleshoot_without_terminal_takes_a_clear_match(cli: Cli) -> None:
    result = cli("troubleshoot", "新用户", "注册不了", "-a", "problem=how-to", "-a", "how-to=yes")
    assert result.code == 0, result.err
    assert json.loads(cli("sessions", "-f", "json").out)[0]["guide"] == "register"


def test_troubleshoot_description_becomes_the_summary_description(cli: Cli) -> None:
    answers = [
        "method=cash",
        "cash-receipt=no",
        "check-record=no",
        "when=2 hours ago",
        "amount=10",
        "txn=",
        "account=13800138000",
    ]
    args = [x for a in answers for x in ("-a", a)]
    result = cli("troubleshoot", "充值没到账", *args)
    assert result.code == 0, result.err
    assert json.loads(cli("summary", "-f", "json").out)["description"] == "充值没到账"


def test_troubleshoot_without_terminal_refuses_an_unclear_match(cli: Cli) -> None:
    matches = Index(load_catalog({}).guides.values()).rank("problem")
    assert not is_confident(matches) or not matches
    result = cli("troubleshoot", "xyzzy")
    assert result.code == 2 and "--guide" in result.err


def test_troubleshoot_without_anything_is_a_usage_error(cli: Cli) -> None:
    result = cli("troubleshoot")
    assert result.code == 2 and "no description" in result.err


def test_troubleshoot_guide_option_skips_the_search(cli: Cli) -> None:
    result = cli(
        "troubleshoot",
        "--guide",
        "top-up",
        "-a",
        "method=third-party",
        "-a",
        "third-party-status=no",
        "-a",
        "third-party-retry=yes",
    )
    assert result.code == 0, result.err
    assert json.loads(cli("sessions", "-f", "json").out)[0]["guide"] == "top-up"


@pytest.mark.parametrize("command", [("guides", "search"), ("troubleshoot",)])
@pytest.mark.parametrize(
    ("text", "said"), [("x" * 10_001, "too long (10001 characters)"), ("top\x1b[31mup", "escape")]
)
def test_search_refuses_a_description_troubleshoot_refuses(
    cli: Cli, command: tuple[str, ...], text: str, said: str
) -> None:
    result = cli(*command, text, "--lang", "en")
    assert result.code == 2 and said in result.err and result.out == ""

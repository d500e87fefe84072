"""Yes/no answers as people write them in a chat: okhelp's words, the step's own labels (either
language), and the position in the list the reply offered."""

from __future__ import annotations

import pytest

from okhelp.domain import answers
from okhelp.domain.engine import NOT_POSSIBLE
from okhelp.errors import InvalidAnswer
from okhelp.library.catalog import load_catalog

GUIDES = load_catalog({}).guides
MONEY_LEFT = GUIDES["suspicious-activity"].steps["money-left"]  # 有没有钱因此离开了你的账户？
RETRY = GUIDES["top-up"].steps["third-party-retry"]  # an action: solved / not / can't


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("有", True),
        ("有，钱已经转出去了", True),  # the label the question offered, word for word
        ("Yes, money has gone", True),  # the label in the other language
        ("没有", False),
        ("没有，钱都还在", False),
        ("no, the money is all still there", False),
        ("1", True),
        ("2", False),
    ],
)
def test_a_confirm_step_takes_its_own_labels_and_chat_words(said: str, meant: bool) -> None:
    assert answers.coerce(MONEY_LEFT, said) is meant


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("Yes, that fixed it", True),
        ("还没解决", False),
        ("这一步做不到", NOT_POSSIBLE),
        ("3", NOT_POSSIBLE),
        ("能", True),
        ("不行", False),
    ],
)
def test_an_action_step_takes_the_three_answers_it_offers(said: str, meant: object) -> None:
    assert answers.coerce(RETRY, said) == meant


@pytest.mark.parametrize("said", ["maybe", "有点", "4", "是不是"])
def test_other_words_are_still_refused(said: str) -> None:
    with pytest.raises(InvalidAnswer):
        answers.coerce(MONEY_LEFT, said)


METHOD = GUIDES["top-up"].steps["method"]  # bank 银行转账 / third-party 第三方支付（…） / cash


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("第三方支付", "third-party"),  # the start of the label, as a chat cuts it
        ("第三方", "third-party"),
        ("银行", "bank"),
        ("third", "third-party"),
        ("a payment app", "third-party"),
        ("cash", "cash"),
        ("线下", "cash"),
        ("2", "third-party"),
        ("“第三方支付”", "third-party"),  # quoted as it was read out
    ],
)
def test_a_choice_takes_the_unambiguous_start_of_a_label(said: str, meant: str) -> None:
    assert answers.coerce(METHOD, said) == meant


@pytest.mark.parametrize("said", ["银", "th", "a", "4", "bitcoin", "比特币", "ay"])
def test_words_too_short_or_in_no_label_are_refused(said: str) -> None:
    with pytest.raises(InvalidAnswer):
        answers.coerce(METHOD, said)


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("现金", "cash"),
        ("支付宝", "third-party"),
        ("微信", "third-party"),
        ("alipay", "third-party"),
    ],
)
def test_a_key_word_inside_one_label_picks_it(said: str, meant: str) -> None:
    assert answers.coerce(METHOD, said) == meant


def test_a_word_inside_two_labels_picks_neither() -> None:
    step = GUIDES["login"].steps[GUIDES["login"].start]
    labels = [c.label.get("zh") for c in step.choices]
    shared = next(
        word
        for word in ("密码", "账户", "登录", "手机")
        if sum(word in label for label in labels) > 1
    )
    with pytest.raises(InvalidAnswer):
        answers.coerce(step, shared)


@pytest.mark.parametrize(
    "said", ["skip", "Skip.", "n/a", "none", "跳过", "没有", "不知道", "I don't know"]
)
def test_skip_words_say_none_for_an_optional_answer(said: str) -> None:
    assert answers.skipped(said)


@pytest.mark.parametrize(
    "said", ["TX2026111000088", "没有收到短信", "skipped a payment", "no idea why"]
)
def test_words_that_merely_contain_a_skip_word_are_an_answer(said: str) -> None:
    assert not answers.skipped(said)


@pytest.mark.parametrize(
    "said",
    [
        "nah skip",
        "dunno sorry",
        "I can't remember",
        "nope, none",
        "没有呢",
        "不记得了",
        "跳过吧",
        "沒有喔",
        "我也不知道",
    ],
)
def test_skip_phrases_as_chats_wrap_them(said: str) -> None:
    assert answers.skipped(said)


@pytest.mark.parametrize(
    "said",
    [
        "no network",
        "没有网络",
        "不知道为什么闪退",
        "none of the buttons work",
        "skip button missing",
    ],
)
def test_a_reply_with_any_other_word_is_an_answer(said: str) -> None:
    assert not answers.skipped(said)

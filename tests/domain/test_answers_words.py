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

"""The verdict users type at "Did this help? (1-5)", as they type it."""

from __future__ import annotations

import pytest

from okhelp.core.conversation import read_rating


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("5", 5),
        ("５", 5),
        ("五", 5),
        ("4分", 4),
        ("三星", 3),
        ("3/5", 3),
        ("5 stars", 5),
        (" 1 ", 1),
        ("两分", 2),
    ],
)
def test_a_rating_as_users_write_it(text: str, rating: int) -> None:
    assert read_rating(text) == rating


@pytest.mark.parametrize("text", ["6", "0", "五十", "good", "15", "3.5", "-1"])
def test_what_is_no_rating_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        read_rating(text)


def test_nothing_is_no_answer() -> None:
    assert read_rating("  ") is None

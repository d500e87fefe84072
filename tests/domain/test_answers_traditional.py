"""Answers typed in traditional characters, as a zh-Hant session shows the options."""

from __future__ import annotations

import pytest

from okhelp.domain.answers import coerce
from okhelp.library.catalog import builtin_files, read_guide


def _step(guide_id: str, step_id: str):  # type: ignore[no-untyped-def]
    guide = next(read_guide(f) for f in builtin_files() if f.expected_id == guide_id)
    return guide.steps[step_id]


@pytest.mark.parametrize(
    ("typed", "choice"),
    [
        ("已提交，還沒入帳", "pending"),  # as Taiwan's words show it (到账 -> 入帳)
        ("已提交，還沒到賬", "pending"),  # as Hong Kong's do
        ("已提交，还没到账", "pending"),  # the guide's own words
        ("提領失敗或被退回", "failed"),
        ("還不知道怎麼提領", "how"),
    ],
)
def test_a_choice_by_the_words_a_traditional_session_showed(typed: str, choice: str) -> None:
    assert coerce(_step("withdrawal", "status"), typed) == choice

"""Card numbers whatever people type between the digit groups, and numbers that only look like
them left alone."""

from __future__ import annotations

import pytest

from okhelp.fields.redaction import redact


@pytest.mark.parametrize(
    "glue", [" ", "-", ".", "/", ",", "，", ";", "|", "*", "+", ":", "~", "、"]
)
def test_a_card_number_is_found_whatever_separates_its_groups(glue: str) -> None:
    text = f"充值失败，卡号{glue.join(['4111', '1111', '1111', '1111'])}"
    cleaned, found = redact(text)
    assert found == {"card_number": 1}, (glue, cleaned)
    assert "1111" not in cleaned


@pytest.mark.parametrize(
    "text", ["转账 1,000,000 元", "2026,11,20 下午", "订单号 1234,5678,9012,3456", "14:30:15"]
)
def test_amounts_dates_and_order_numbers_stay(text: str) -> None:
    assert redact(text) == (text, {})

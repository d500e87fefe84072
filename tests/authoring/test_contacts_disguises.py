"""Contact details written to slip past a filter: slashes and middle dots between the groups,
formal Chinese numerals, newer top-level domains; and what must still pass."""

from __future__ import annotations

import pytest

from okhelp.authoring.contacts import contact_detail


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("OKPay official support line: 400/820/1234", "phone number"),
        ("call 400·820·1234", "phone number"),
        ("官方客服热线：肆零零捌贰零壹贰叁肆", "phone number"),
        ("refunds: okpay-refund.page", "web address"),
        ("visit okpay.help", "web address"),
        ("see okpay.中国", "web address"),
    ],
)
def test_disguised_contact_details_are_found(text: str, kind: str) -> None:
    found = contact_detail(text)
    assert found is not None and found[0] == kind, (text, found)


@pytest.mark.parametrize(
    "text", ["金额 50,000 元", "2026/11/20", "10/11/2026", "20.11.2026", "iPhone 13", "合计壹佰元"]
)
def test_amounts_dates_and_names_still_pass(text: str) -> None:
    assert contact_detail(text) is None

"""Browsing by category in a real terminal: Back in a category's guides shows the categories."""

from __future__ import annotations

import pytest

from tests.helpers.pty import CTRL_C, ENTER, finish, spawn

pytestmark = pytest.mark.slow
UP = "\x1b[A"


def test_back_from_a_categorys_guides_to_the_categories(env: dict[str, str]) -> None:
    child = spawn(["troubleshoot", "--lang", "en"], env, columns=60)
    child.expect("Describe your problem")
    child.send(ENTER)
    child.expect("Pick a topic")
    child.send(ENTER)  # account
    child.expect("Pick the problem")
    child.expect("← Back")
    child.send(UP + ENTER)  # the last item, Back
    child.expect("Pick a topic")  # asked again, the program goes on
    child.send(ENTER)
    child.expect("Pick the problem")
    child.send(CTRL_C)
    assert finish(child) == 130

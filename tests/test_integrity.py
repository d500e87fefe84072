"""Integrity: sessions know the guide they were shown, caches are checked before use, and the
messages, signals and clocks that used to say something untrue."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result

Cli = Callable[..., Result]


# --- messages that said something untrue --------------------------------------------------------


@pytest.mark.parametrize("words", ["qqqq zzzz", "xyzzy plugh", "zzzz"])
def test_troubleshoot_with_no_match_says_no_guide_matches(cli: Cli, words: str) -> None:
    result = cli("troubleshoot", words)
    assert result.code == 2
    assert "no guide matches the description" in result.err
    assert "more than one" not in result.err and "none" not in result.err
    assert "--guide" in result.err and "other words" in result.err


def test_troubleshoot_with_no_match_speaks_chinese(cli: Cli) -> None:
    result = cli("troubleshoot", "--lang", "zh", "qqqq zzzz")
    assert result.code == 2 and "没有与这段描述相符的指南" in result.err


def test_troubleshoot_with_several_matches_still_lists_them(cli: Cli) -> None:
    result = cli("troubleshoot", "card")
    assert result.code == 2 and "more than one guide" in result.err
    assert "(" in result.err.split("more than one guide:", 1)[1]


@pytest.mark.parametrize("where", ["file", "file/inside", "file/inside/deeper"])
def test_guides_new_into_a_file_says_it_is_not_a_folder(
    cli: Cli, tmp_path: Path, where: str
) -> None:
    (tmp_path / "file").write_text("mine", encoding="utf-8")
    result = cli("guides", "new", "one", "--dir", str(tmp_path / where))
    assert result.code == 2
    assert f"{tmp_path / 'file'} is not a folder" in result.err
    assert "already exists" not in result.err
    assert (tmp_path / "file").read_text(encoding="utf-8") == "mine"


def test_guides_new_into_a_device_says_it_is_not_a_folder(cli: Cli) -> None:
    result = cli("guides", "new", "one", "--dir", "/dev/null")
    assert result.code == 2 and "/dev/null is not a folder" in result.err
    assert "already exists" not in result.err

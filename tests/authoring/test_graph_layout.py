"""Authoring: `okhelp guides graph --format dot` comes out narrow enough to read on a screen, with
texts wrapped where a reader expects, and says so when Graphviz has no font for Chinese."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from okhelp.authoring import graph
from okhelp.authoring.graph import columns, wrap, wrap_label
from okhelp.i18n.messages import message
from okhelp.library.catalog import load_catalog
from tests.helpers import Result

Cli = Callable[..., Result]

ENGLISH = "Check the wallet balance, or the balance of the bank card you pay with, including fees"
CHINESE = "充值两个小时了还没到账，是下面哪个问题？请在“交易记录”里看看（选一个）"


# Wrapping, pure --------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [8, 12, 20, 30])
def test_english_is_wrapped_at_spaces_never_inside_a_word(width: int) -> None:
    lines = wrap(ENGLISH, width)
    assert " ".join(lines) == ENGLISH  # nothing lost, every break at a space
    assert all(columns(line) <= width for line in lines if " " in line)
    words = set(ENGLISH.split())
    for line in lines:
        assert set(line.split()) <= words  # each line is whole words
    assert len(lines) > 1


def test_a_word_wider_than_a_line_keeps_a_line_of_its_own() -> None:
    assert wrap("see supercalifragilistic now", 10) == ["see", "supercalifragilistic", "now"]


@pytest.mark.parametrize("width", [2, 4, 6])
def test_dots_and_dashes_inside_a_word_are_no_place_to_break(width: int) -> None:
    lines = wrap("e.g. 5.2.0 Wi-Fi, 版本5.2.0。", width)
    assert {"e.g.", "5.2.0", "Wi-Fi,"} <= set(lines)
    assert lines[-1] == "5.2.0。"  # the full stop goes with the word before it


@pytest.mark.parametrize("width", [8, 12, 20])
def test_chinese_breaks_between_characters_not_before_a_closing_mark(width: int) -> None:
    lines = wrap(CHINESE, width)
    assert "".join(lines) == CHINESE
    assert all(columns(line) <= width + 2 for line in lines)  # a closing mark may overhang
    assert len(lines) > 1
    for line in lines[1:]:
        assert line[0] not in "，。？！、：；）”", lines
    for line in lines[:-1]:
        assert line[-1] not in "（“", lines


def test_mixed_text_keeps_latin_words_whole_between_chinese() -> None:
    lines = wrap("打开 APP 后在设置里找到 Wi-Fi 选项", 6)
    assert any("APP" in line for line in lines) and "Wi-Fi" in lines
    assert all(re.fullmatch(r"[^A-Za-z]*(APP|Wi-Fi)?[^A-Za-z]*", line) for line in lines)
    assert "".join(lines).replace(" ", "") == "打开APP后在设置里找到Wi-Fi选项"


def test_a_chinese_character_counts_two_columns() -> None:
    assert columns("充值") == 4 and columns("top-up") == 6 and columns("APP 充值") == 8


def test_a_text_longer_than_the_lines_allowed_is_cut_with_an_ellipsis() -> None:
    lines, cut = wrap_label(ENGLISH, 12, 3)
    assert cut and len(lines) == 3 and lines[-1].endswith("…")
    assert ENGLISH.startswith(" ".join(lines)[:-1])
    kept, cut_short = wrap_label("short text", 12, 3)
    assert kept == ["short text"] and not cut_short
    zh, zh_cut = wrap_label(CHINESE, 10, 2)
    assert zh_cut and len(zh) == 2 and zh[-1].endswith("…") and columns(zh[-1]) <= 11


def test_dot_wraps_every_box_and_keeps_the_whole_text_as_its_tooltip() -> None:
    guide = load_catalog({}).get("payment-failed")
    source = graph.dot(guide, "en")
    for step in guide.steps.values():
        line = next(
            x for x in source.splitlines() if x.startswith(f"    {graph.node_id(step.id)} [")
        )
        label = re.search(r'label="((?:[^"\\]|\\.)*)"', line)
        assert label is not None
        for part in label[1].replace('\\"', '"').split("\\n"):
            assert columns(part) <= graph.NODE_COLUMNS + 1 or " " not in part, part
        assert f'tooltip="{graph.dot_tooltip(step.text.get("en"))}"' in line


# Width of the drawings, with Graphviz ------------------------------------------------------------

MAX_WIDTH_PX = 2000


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_builtin_guide_is_drawn_narrower_than_a_wide_screen(lang: str) -> None:
    sizes = re.compile(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"')
    widths = {}
    for guide in load_catalog({}).guides.values():
        svg = subprocess.run(
            ["dot", "-Tsvg"], input=graph.dot(guide, lang).encode(), capture_output=True, check=True
        ).stdout
        found = sizes.search(svg)
        assert found is not None
        widths[guide.id] = float(found[1]) * 4 / 3  # points to the pixels of dot -Tpng
    assert len(widths) >= 10
    assert max(widths.values()) < MAX_WIDTH_PX, sorted(widths.items(), key=lambda kv: -kv[1])[:3]


# The missing font, with a fake fc-list ---------------------------------------------------------


def fake_fc_list(folder: Path, output: str, code: int = 0) -> Path:
    """A folder holding an fc-list that prints OUTPUT and exits CODE, and nothing else."""
    folder.mkdir(exist_ok=True)
    program = folder / "fc-list"
    program.write_text(f"#!/bin/sh\nprintf '%s' '{output}'\nexit {code}\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return folder


def only_on_path(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setenv("PATH", str(folder))


@pytest.mark.skipif(os.name != "posix", reason="the fake fc-list is a shell script")
@pytest.mark.parametrize("reader", ["zh", "en"])
def test_drawing_chinese_without_a_cjk_font_says_how_to_fix_it_and_still_draws(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reader: str
) -> None:
    only_on_path(monkeypatch, fake_fc_list(tmp_path / "bin", ""))
    monkeypatch.setenv("OKHELP_LANG", reader)  # the language the person reads okhelp in
    result = cli("guides", "graph", "top-up", "--format", "dot", "--lang", "zh")
    assert result.code == 0 and result.out.startswith('digraph "top-up"')
    assert "充值" in result.out  # the drawing is still Chinese, and still made
    notice = message("graph_no_cjk_font@cli", reader)
    assert result.err == f"okhelp: warning: {notice}\n"
    assert "fonts-noto-cjk" in notice and "--lang en" in notice
    other = message("graph_no_cjk_font@cli", "en" if reader == "zh" else "zh")
    assert other not in result.err
    english = cli("guides", "graph", "top-up", "--format", "dot", "--lang", "en")
    assert english.code == 0 and english.err == "" and english.out.startswith("digraph")


@pytest.mark.skipif(os.name != "posix", reason="the fake fc-list is a shell script")
@pytest.mark.parametrize(
    ("output", "code"), [("Noto Sans CJK SC\n", 0), ("", 1)], ids=["a font", "fc-list failed"]
)
def test_nothing_is_said_when_there_is_a_font_or_fc_list_cannot_tell(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str, code: int
) -> None:
    only_on_path(monkeypatch, fake_fc_list(tmp_path / "bin", output, code))
    result = cli("guides", "graph", "top-up", "--format", "dot", "--lang", "zh")
    assert result.code == 0 and result.out.startswith("digraph") and result.err == ""


def test_nothing_is_said_without_fc_list(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    only_on_path(monkeypatch, empty)
    assert graph.has_cjk_font() is None
    result = cli("guides", "graph", "top-up", "--format", "dot", "--lang", "zh")
    assert result.code == 0 and result.out.startswith("digraph") and result.err == ""


@pytest.mark.skipif(os.name != "posix", reason="the fake fc-list is a shell script")
def test_mermaid_is_drawn_by_its_viewer_so_no_font_notice(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    only_on_path(monkeypatch, fake_fc_list(tmp_path / "bin", ""))
    assert graph.has_cjk_font() is False
    result = cli("guides", "graph", "top-up", "--lang", "zh")
    assert result.code == 0 and result.out.startswith("flowchart") and result.err == ""

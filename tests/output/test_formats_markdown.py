"""The summary's Markdown and plain text: values readable as typed, user text never markup.

Markdown is checked by rendering it with markdown-it-py (CommonMark plus GFM tables and
strikethrough): the rendered text of every field equals the stored value, the raw text holds each
id verbatim, and no heading, link, image, HTML, code block, table, emphasis or list comes from
data, whatever characters the data holds.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from okhelp.output.formats import cell_width, clean, markdown, plain, summary_view
from tests.helpers import ROOT
from tests.helpers.summary_records import BASE, EMAIL, SESSION_ID, TXN, record_with, top_up_record

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
ALLOWED = {
    "heading_open",
    "heading_close",
    "paragraph_open",
    "paragraph_close",
    "bullet_list_open",
    "bullet_list_close",
    "ordered_list_open",
    "ordered_list_close",
    "list_item_open",
    "list_item_close",
    "inline",
    "text",
    "code_inline",
    "strong_open",
    "strong_close",
    "softbreak",
}


def _flat(tokens: list[Token]) -> list[Token]:
    out = []
    for token in tokens:
        out.append(token)
        out += _flat(token.children or [])
    return out


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _blocks(text: str) -> list[str]:
    """The rendered text of every paragraph and list item, in order."""
    return [_inline_text(t) for t in PARSER.parse(text) if t.type == "inline"]


def _structure_is_ours(text: str, record: dict[str, Any]) -> None:
    tokens = _flat(PARSER.parse(text))
    kinds = {t.type for t in tokens}
    assert kinds <= ALLOWED, kinds - ALLOWED
    view = summary_view(record)
    assert sum(t.type == "heading_open" for t in tokens) == 1
    assert sum(t.type == "strong_open" for t in tokens) == len(view.rows) + len(view.sections)
    items = sum(t.type == "list_item_open" for t in tokens)
    assert items == len(view.rows) + sum(len(s.items) for s in view.sections)


HOSTILE = [
    "# heading",
    "## also",
    "[click](http://evil.example/x)",
    "[a](b)",
    "[x](javascript:alert(1)) and [y][z]",
    "![i](/p.png)",
    "![img](http://evil.example/p.png)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<http://evil.example>",
    "<jane@evil.example>",
    "```\ncode\n```",
    "~~~ fence",
    "| a | b |\n|---|---|\n| c | d |",
    "- item",
    "* item",
    "+ item",
    "1. item",
    "2) item",
    "> quote",
    "---",
    "***",
    "___",
    "===",
    "*emph* _emph_ **strong** __strong__",
    "~~struck~~ ~one~",
    "a\\",
    "\\*not emph\\*",
    "&amp; &#x41; &copy;",
    "    indented code",
    "line one\n\nline two",
    "trailing two spaces  \nnext",
    "`tick` ``double`` ```triple```",
    "[ref]: http://evil.example",
    "snake_case_value and __init__",
    "中文_下划线_测试 and 45*2",
    "www.evil.example and https://evil.example/a_b",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_every_field_renders_as_itself(text: str) -> None:
    record = record_with(
        description=text,
        **{
            "incident.error_message": text,
            "incident.transaction_id": text,
            "account.id": text,
            "guide.title": text,
            "environment.device": text,
            "environment.app_version": text,
            "steps_tried.0.action": text,
            "steps_tried.1.action": text,
            "transcript.0.question": text,
            "transcript.0.answer_text": text,
            "transcript.1.answer": text,
            "contact_channels.0.detail": text,
            "generated_at": text,
            "tool.version": text,
        },
    )
    rendered = markdown(record)
    _structure_is_ours(rendered, record)
    value = clean(text)
    blocks = _blocks(rendered)
    assert f"Transaction ID: {value}" in blocks
    assert f"Account: {value} (e-mail)" in blocks
    assert f"Problem: {value} (top-up)" in blocks
    assert f"Error message: {value}" in blocks
    assert f"Description: {value}" in blocks
    assert f"Device: {value}" in blocks
    assert f"App version: {value}" in blocks
    assert blocks.count(value) == 3  # tried, could not do, channel
    assert f"{value} → {value}" in blocks  # the choice question and its label
    assert f"What does it say? → {value}" in blocks
    assert f"Generated: {value} · okhelp {value}" in blocks


HOSTILE_ALPHABET = st.sampled_from(
    [
        *"ab Z09_*`[]()<>&#!~|\\-+.=:/@;\"'{}^$%?,",
        "中",
        "文",
        "，",
        "\n",
        "  ",
        "http://",
        "www.",
        "&amp;",
        "<a",
        "```",
        "# ",
        "1. ",
        "> ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(HOSTILE_ALPHABET, min_size=1, max_size=30).map("".join))
def test_any_text_renders_as_itself(text: str) -> None:
    value = clean(text)
    record = record_with(
        description=text,
        **{
            "incident.transaction_id": text,
            "steps_tried.0.action": text,
            "transcript.0.question": text,
            "contact_channels.0.detail": text,
        },
    )
    for lang, colon in (("en", ": "), ("zh", "：")):
        rendered = markdown(record, lang)
        _structure_is_ours(rendered, record)
        blocks = _blocks(rendered)
        if value:
            labels = summary_view(record, lang).rows
            described = next(row.label for row in labels if row.key == "description")
            assert f"{described}{colon}{value}" in blocks
            assert blocks.count(value) >= 2  # the tried action and the channel
            assert f"{value} → The first one" in blocks


def test_ids_emails_and_amounts_are_verbatim_in_the_raw_text() -> None:
    rendered = markdown(top_up_record("en"))
    for value in (SESSION_ID, TXN, EMAIL, "45.00", "top-up"):
        assert value in rendered
    assert "\\-" not in rendered and "\\." not in rendered and "\\(" not in rendered
    assert f"`{TXN}`" in rendered and f"`{EMAIL}`" in rendered


def test_lists_are_numbered_in_order() -> None:
    rendered = markdown(top_up_record("en"))
    numbers = [int(m) for m in re.findall(r"^(\d+)\. ", rendered, flags=re.MULTILINE)]
    runs: list[list[int]] = [[]]
    for number in numbers:
        if number == 1 and runs[-1]:
            runs.append([])
        runs[-1].append(number)
    assert all(run == list(range(1, len(run) + 1)) for run in runs)
    assert max(len(run) for run in runs) >= 5  # the Q&A has seven answers
    assert "1. 1." not in rendered


def test_chinese_markdown_has_chinese_words_only() -> None:
    record = top_up_record("zh")
    rendered = markdown(record)
    _structure_is_ours(rendered, record)
    for english in ("escalated", "(phone)", "(e-mail)", "password", "yes", "no ", "Yes", "No"):
        assert english not in rendered, english
    blocks = _blocks(rendered)
    assert "状态：已转人工客服" in blocks
    assert f"账户：{EMAIL}（邮箱）" in blocks
    assert "问题描述：密码 ×1" in blocks


def test_links_typed_in_free_text_are_code_not_links() -> None:
    record = record_with(description="see https://evil.example/x or mail jane@evil.example.")
    rendered = markdown(record)
    assert "`https://evil.example/x`" in rendered and "`jane@evil.example`." in rendered
    assert "Description: see https://evil.example/x or mail jane@evil.example." in _blocks(rendered)


# --- plain text ---


def _check_plain(text: str, labels: list[str]) -> None:
    for line in text.splitlines():
        assert line == line.rstrip(), repr(line)
        stripped = line.strip()
        assert stripped not in ("-", "•") and not re.fullmatch(r"\d+\.", stripped), line
        assert stripped.rstrip("：:") not in labels, line  # a label never stands alone
        if cell_width(line) > 72:
            # only a single unbreakable word may run past the width
            assert len(line.split()) <= 2, line


def test_plain_text_survives_a_mail_client() -> None:
    for lang in ("zh", "en"):
        record = top_up_record(lang)
        text = plain(record)
        _check_plain(text, [row.label for row in summary_view(record).rows])
        assert "\t" not in text and "|" not in text
        for value in (SESSION_ID, TXN, EMAIL, "45.00"):
            assert value in text


def test_plain_text_never_leaves_a_number_or_bullet_alone() -> None:
    long_chinese = "在银行APP里打开这笔转账" * 12
    record = record_with(
        **{"steps_tried.0.action": long_chinese, "contact_channels.0.detail": "x" * 90}
    )
    text = plain(record, "zh")
    lines = text.splitlines()
    first = next(line for line in lines if line.startswith("  1. "))
    assert first.startswith("  1. 在银行") and cell_width(first) <= 72
    assert not any(line.strip() in ("1.", "2.", "-", "•") for line in lines)
    assert "  - " + "x" * 90 in lines  # an unbreakable word keeps its marker


def test_plain_text_keeps_tried_and_could_not_do_apart() -> None:
    text = plain(BASE, "en")
    assert "Already tried, did not help:\n  1. Restart the app." in text
    assert "Could not do these steps:\n  1. Ask your bank." in text
    text = plain(BASE, "zh")
    assert "已尝试，没有解决：\n  1. Restart the app." in text
    assert "这些步骤做不到：\n  1. Ask your bank." in text


def test_the_readme_example_is_what_okhelp_writes() -> None:

    from okhelp import __version__

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.findall(r"```markdown\n(.*?)```", readme, flags=re.DOTALL)[0]
    written = markdown(top_up_record("en")).replace(f"okhelp {__version__}", "okhelp 0.1.0")
    assert example == written
    for target in re.findall(r"\]\(([^)]+)\)", readme):
        assert not target.startswith(("..", "/")), target
        if not target.startswith(("http", "#")):
            assert (ROOT / target).is_file(), target

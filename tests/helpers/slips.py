"""The YAML slips guide authors make, with the message okhelp gives for each, and a way to
see every problem ``guides check`` would print for a guide's text."""

from __future__ import annotations

from okhelp.authoring.checker import check_examples, check_graph
from okhelp.authoring.loader import parse_guide
from okhelp.errors import GuideError
from tests.helpers import minimal_guide


def problems(text: str, name: str = "sample.yaml") -> list[str]:
    """Every problem `okhelp guides check` would print for this file, as FILE:LINE: message."""
    try:
        guide = parse_guide(text.encode(), name, expected_id="sample", graph_check=check_graph)
    except GuideError as exc:
        return [p.format() for p in exc.problems]
    return [p.format() for p in check_examples(guide, {})]


def changed(old: str, new: str) -> str:
    text = minimal_guide()
    assert old in text, old
    return text.replace(old, new, 1)


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


# (what the author wrote instead of the valid line, what the message must say)
SLIPS = {
    "unquoted comma in a flow mapping": (
        ('en: "Is it fine?"}', "en: Is it claimed, or not?}"),
        "unquoted comma: YAML cut the text of 'en' at ', ' and read 'or not?' as a new key; "
        'quote the whole text: en: "Is it claimed, or not?"',
    ),
    "a yes/no word cut off by an unquoted comma": (
        ('en: "Is it fine?"}', "en: Yes, it is fine}"),
        'quote the whole text: en: "Yes, it is fine"',
    ),
    "two unquoted commas": (
        ('en: "Is it fine?"}', "en: Fine, good, or bad?}"),
        'quote the whole text: en: "Fine, good, or bad?"',
    ),
    "unquoted colon in a flow mapping": (
        ('en: "Is it fine?"}', "en: Note: is it fine?}"),
        "YAML syntax: an unquoted ':' in a text makes YAML read a new key; "
        'quote the text: en: "Note: is it fine?"',
    ),
    "unquoted colon in a block mapping": (
        (
            "summary: {zh: 用于测试, en: For tests}",
            "summary:\n  zh: 用于测试\n  en: Tests: all of them",
        ),
        'quote the text: en: "Tests: all of them"',
    ),
    "No as text": (
        ("en: Restart it.}", "en: No}"),
        "must be non-empty text, not a yes/no value; YAML reads an unquoted No that way: "
        'quote it: en: "No"',
    ),
    "off as text": (
        ("en: Good.}", "en: off}"),
        'YAML reads an unquoted off that way: quote it: en: "off"',
    ),
    "a number as text": (
        ("en: Good.}", "en: 1.10}"),
        'not a number; YAML reads an unquoted 1.10 that way: quote it: en: "1.10"',
    ),
    "yes as a step id": (
        ("on_yes: fine", "on_yes: yes"),
        "must be a text id, not a yes/no value; YAML reads an unquoted yes that way: "
        'quote it: on_yes: "yes"',
    ),
    "a tab for indentation": (
        ("    type: confirm", "\ttype: confirm"),
        "YAML syntax: a tab character is used for indentation here; YAML indents with spaces "
        "only: replace the tab with spaces",
    ),
    "a list where a mapping is expected": (
        ("title: {zh: 测试指南, en: Test guide}", "title:\n  - zh: 测试指南\n  - en: Test guide"),
        "title must be a mapping by language, e.g. {zh: ..., en: ...}: "
        "remove the '- ' in front of each language",
    ),
    "a list of steps fields": (
        ("    type: action\n", "    type: action\n    choices: []\n"),
        "unknown key 'choices' in a step",
    ),
    "no space after the colon": (
        ("title: {zh: 测试指南, en: Test guide}", "title: {zh:测试指南, en: Test guide}"),
        "a space is missing after 'zh:' in title: write zh: \"测试指南\"",
    ),
}

"""Authoring: the common YAML slips and misspellings get a message with the fix, at FILE:LINE."""

from __future__ import annotations

import pytest

from okhelp.authoring.checker import check_graph, check_links
from okhelp.authoring.loader import parse_guide
from okhelp.errors import GuideError
from tests.helpers.slips import SLIPS, changed, line_of, problems


@pytest.mark.parametrize("slip", sorted(SLIPS))
def test_each_yaml_slip_says_how_to_fix_it_at_its_line(slip: str) -> None:
    (old, new), expected = SLIPS[slip]
    text = changed(old, new)
    found = problems(text)
    assert any(expected in p for p in found), found
    assert len(found) == 1, found  # one slip, one message
    # The first line of the slip, or (for a text cut in two) the line the text is on.
    line = line_of(text, new.splitlines()[0].strip() or new.strip())
    message = next(p for p in found if expected in p)
    reported = int(message.split(":")[1])
    assert line <= reported <= line + len(new.splitlines()), (line, message)


def test_the_fixed_file_passes() -> None:
    for (old, new), _ in SLIPS.values():
        assert problems(changed(old, old)) == []
        del new


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("next: escalate", "next: escalte", "does not exist: 'escalte'; did you mean 'escalate'?"),
        ("on_yes: fine", "on_yes: fien", "does not exist: 'fien'; did you mean 'fine'?"),
        ("on_no: try-it", "on_no: tryit", "does not exist: 'tryit'; did you mean 'try-it'?"),
        (
            "start: ask",
            "start: aks",
            "start names a step that does not exist: 'aks'; did you mean 'ask'?",
        ),
        ("type: action", "type: actoin", "unknown step type 'actoin'; did you mean 'action'?"),
        ("outcome: escalate", "outcome: escalated", "did you mean 'escalate'?"),
        ("category: app", "category: apps", "did you mean 'app'?"),
        (
            "on_no: try-it",
            "on_no: try-it\n    on_noo: x",
            "unknown key 'on_noo' in a step; did you mean 'on_no'?",
        ),
        ("keywords:", "keyword:", "unknown key 'keyword' in the guide; did you mean 'keywords'?"),
        (
            "en: Good.}",
            "eng: Good.}",
            "unknown language 'eng' in text of step 'fine'; did you mean 'en'?",
        ),
        (
            "zh: 好的。,",
            "cn: 好的。,",
            "unknown language 'cn' in text of step 'fine'; did you mean 'zh'?",
        ),
        (
            '{ask: "yes"}',
            '{ask: "yes", tri-it: "no"}',
            "the answer 'tri-it' names no step or field of this guide or the guides it links to; did you mean 'try-it'?",
        ),
    ],
)
def test_misspelt_names_get_did_you_mean(old: str, new: str, expected: str) -> None:
    text = changed(old, new)
    found = problems(text)
    assert any(expected in p for p in found), found
    message = next(p for p in found if expected in p)
    assert message.startswith(f"sample.yaml:{line_of(text, new.splitlines()[-1].strip())}:")


def test_an_expected_end_that_is_no_step_gets_did_you_mean_at_the_example() -> None:
    text = changed("expect: {end: fine", "expect: {end: fien")
    assert problems(text) == [
        f"sample.yaml:{line_of(text, '- name: fine')}: example 'fine' reaches end 'fine', "
        "expected 'fien' (no such step; did you mean 'fine'?)"
    ]


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("transaction-id", "did you mean 'transaction_id'?"),
        ("acount", "did you mean 'account'"),
        ("occured_at", "did you mean 'occurred_at'?"),
    ],
)
def test_misspelt_fields_get_did_you_mean(field: str, expected: str) -> None:
    text = changed(
        "    next: escalate\n",
        f"    next: which\n  - id: which\n    type: input\n    field: {field}\n"
        "    text: {zh: 哪个？, en: Which?}\n    next: escalate\n",
    )
    found = problems(text)
    assert any(f"unknown field '{field}'; {expected}" in p for p in found), found
    assert any(p.startswith(f"sample.yaml:{line_of(text, 'field: ')}:") for p in found), found


def test_a_misspelt_linked_guide_gets_did_you_mean() -> None:
    text = changed(
        "  - id: escalate\n    type: end\n    outcome: escalate\n",
        "  - id: escalate\n    type: link\n    guide: pasword-reset\n",
    )
    guide = parse_guide(text.encode(), "sample.yaml", graph_check=check_graph)
    found = [p.format() for p in check_links(guide, {"password-reset": guide, "login": guide})]
    assert found == [
        f"sample.yaml:{line_of(text, 'guide: pasword-reset')}: step 'escalate' links to a guide "
        "that does not exist: 'pasword-reset'; did you mean 'password-reset'?"
    ]


def test_a_comma_in_an_answer_is_explained() -> None:
    text = changed('{ask: "yes"}', "{ask: yes, fine, ok}")
    found = problems(text)
    assert any("unquoted comma" in p and "quote the whole text: ask: " in p for p in found), found


def test_no_message_echoes_escape_codes() -> None:
    text = changed('en: "Is it fine?"}', "en: A\x1b[31m, red: x}")
    for problem in problems(text):
        assert "\x1b" not in problem


def test_a_misspelt_choice_target_gets_did_you_mean() -> None:
    from okhelp.authoring.starter import starter_text

    text = starter_text("sample").replace("next: still}", "next: stil}", 1)
    found = problems(text)
    line = line_of(text, "next: stil}")
    assert found == [
        f"sample.yaml:{line}: step 'where' leads to a step that does not exist: 'stil'; "
        "did you mean 'still'?"
    ]


def test_a_broken_reference_is_said_in_the_same_run_as_other_mistakes() -> None:
    text = changed("en: Restart it.}", "en: No}").replace("next: escalate", "next: escalte", 1)
    found = problems(text)
    assert any("not a yes/no value" in p for p in found), found
    assert any("does not exist: 'escalte'; did you mean 'escalate'?" in p for p in found), found
    assert len(found) == 2, found  # each mistake once


def test_a_draft_goes_round_the_step_that_did_not_load() -> None:
    """Steps reached only through a broken step are neither unreachable nor endless."""
    from okhelp.authoring.loader import draft_guide

    text = changed("en: Restart it.}", "en: No}")
    draft = draft_guide(text.encode(), "sample.yaml", expected_id="sample", graph_check=check_graph)
    assert draft.guide is not None and draft.broken
    (broken_id,) = draft.broken
    assert broken_id not in draft.guide.steps
    assert [p for p in draft.problems if "cannot be reached" in p.message] == []
    assert [p for p in draft.problems if "endless" in p.message] == []
    with pytest.raises(GuideError):
        parse_guide(text.encode(), "sample.yaml", expected_id="sample", graph_check=check_graph)


def test_a_file_that_is_not_a_guide_has_no_draft() -> None:
    from okhelp.authoring.loader import draft_guide

    draft = draft_guide(b"- just\n- a list\n", "x.yaml", graph_check=check_graph)
    assert draft.guide is None and len(draft.problems) == 1


@pytest.mark.parametrize(
    "text",
    [
        "{zh: 交易编号（没有就直接回车）, en: ID}",
        '{zh: 交易编号, en: "The ID (press Enter if none)"}',
    ],
)
def test_a_question_may_not_name_a_key_to_press(text: str) -> None:
    """Its words reach chats and assistants too: how to skip is okhelp's to say."""
    from okhelp.authoring.starter import starter_text

    guide = starter_text("sample")
    broken = guide.replace(
        '    text:\n      zh: 屏幕上显示了什么提示？\n      en: "What message does the screen show?"',
        f"    text: {text}",
        1,
    )
    assert broken != guide
    found = problems(broken)
    assert len(found) == 1 and "tells the user which key to press" in found[0], found

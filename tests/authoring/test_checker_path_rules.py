"""Path rules and yes/no labels in the guide format: loading, the proof over every path, output."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from okhelp.authoring.checker import check_graph, check_rules, run_examples
from okhelp.authoring.loader import parse_guide
from okhelp.authoring.schema import guide_schema
from okhelp.domain.engine import Engine
from okhelp.domain.model import Guide
from okhelp.domain.session import Session
from okhelp.domain.templating import fill_placeholders
from okhelp.errors import GuideError
from okhelp.fields.validation import FieldContext
from okhelp.frontends.terminal.wizard import Wizard
from okhelp.library.cache import guide_from_cache, guide_to_cache
from okhelp.library.catalog import load_catalog
from tests.helpers import ROOT, Result

Cli = Callable[..., Result]
BROKEN = ROOT / "tests" / "data" / "broken" / "suspicious-activity.yaml"
BUILTIN = ROOT / "guides" / "suspicious-activity.yaml"


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_the_old_suspicious_activity_bug_is_caught_at_the_rules_line(cli: Cli) -> None:
    result = cli("guides", "check", str(BROKEN))
    assert result.code == 1
    shared = _line_of(BROKEN, '- after: {shared: "yes"}')
    impostor = _line_of(BROKEN, "- after: {what: impostor}")
    assert (
        f"{BROKEN}:{shared}: rule: after shared=yes, every end must be 'escalate', but this path "
        "ends resolved: shared=yes → can-login=yes → check-records=yes → was-mine (resolved)"
    ) in result.out
    assert (
        f"{BROKEN}:{impostor}: rule: after what=impostor, a path must never reach 'was-mine', "
        "but this one does: what=impostor → shared=yes → can-login=yes → check-records=yes "
        "→ was-mine"
    ) in result.out


def test_the_bug_put_back_into_todays_guide_is_caught(
    cli: Cli, write_guide: Callable[..., Path]
) -> None:
    """Send someone who gave a code away to "check your records" again, as the old guide did."""
    raw = BUILTIN.read_text(encoding="utf-8")
    assert raw.count("    on_yes: secure-now\n    on_no: safe\n") == 1
    broken = raw.replace(
        "    on_yes: secure-now\n    on_no: safe\n", "    on_yes: check-records\n    on_no: safe\n"
    )
    path = write_guide("suspicious-activity.yaml", broken)
    result = cli("guides", "check", str(path))
    assert result.code == 1
    line = _line_of(path, '- after: {shared: "yes"}')
    assert (
        f"{path}:{line}: rule: after shared=yes, every end must be 'escalate', but this path ends "
        "resolved: shared=yes → check-records=all-mine → asked-to-pay=no → was-mine (resolved)"
    ) in result.out


def test_a_payment_someone_asked_for_is_never_explained_away(
    cli: Cli, write_guide: Callable[..., Path]
) -> None:
    """Whoever arrives at "all mine after all" (from account-frozen's or refund's scam contact,
    too) is asked whether someone told them to pay; yes must escalate."""
    raw = BUILTIN.read_text(encoding="utf-8")
    assert raw.count("    on_yes: secure-now\n    on_no: was-mine\n") == 1
    broken = raw.replace(
        "    on_yes: secure-now\n    on_no: was-mine\n",
        "    on_yes: was-mine\n    on_no: was-mine\n",
    )
    path = write_guide("suspicious-activity.yaml", broken)
    result = cli("guides", "check", str(path))
    assert result.code == 1
    line = _line_of(path, '- after: {asked-to-pay: "yes"}')
    assert (
        f"{path}:{line}: rule: after asked-to-pay=yes, every end must be 'escalate', but this path "
        "ends resolved: asked-to-pay=yes → was-mine (resolved)"
    ) in result.out


def test_todays_suspicious_activity_keeps_every_rule(cli: Cli) -> None:
    result = cli("guides", "check", str(BUILTIN))
    assert result.code == 0, result.out


HEAD = """\
id: {id}
category: app
title: {{zh: 测试, en: Test}}
summary: {{zh: 测试, en: Test}}
start: ask
steps:
"""


def _guide(body: str, guide_id: str = "sample") -> str:
    return HEAD.format(id=guide_id) + textwrap.dedent(body)


def _load(raw: str, name: str = "sample.yaml") -> Guide:
    return parse_guide(
        raw.encode(), name, expected_id=name.removesuffix(".yaml"), graph_check=check_graph
    )


def _problems(raw: str, name: str = "sample.yaml") -> list[str]:
    try:
        _load(raw, name)
    except GuideError as exc:
        return [p.format() for p in exc.problems]
    return []


LOOPING = _guide(
    """\
      - id: ask
        type: choice
        text: {zh: 哪个？, en: "Which?"}
        choices:
          - {id: paid, label: {zh: 付了钱, en: I paid}, next: check}
          - {id: other, label: {zh: 别的, en: Other}, next: check}
      - id: check
        type: action
        text: {zh: 看看记录。, en: Look at the records.}
        next: again
      - id: again
        type: confirm
        text: {zh: 再看一次？, en: "Look again?"}
        on_yes: check
        on_no: report
      - id: report
        type: end
        outcome: escalate
        text: {zh: 请联系客服。, en: Contact support.}
    rules:
      - after: {ask: paid}
        every_end: escalate
    """
)


def test_a_loop_is_searched_to_the_end_and_an_action_that_solves_it_is_an_end() -> None:
    guide = _load(LOOPING)
    (problem,) = check_rules(guide, {})
    assert problem.line == LOOPING.splitlines().index("  - after: {ask: paid}") + 1
    assert problem.message == (
        "rule: after ask=paid, every end must be 'escalate', but this path ends resolved: "
        "ask=paid → check=yes (resolved)"
    )


def test_a_rule_that_holds_reports_nothing() -> None:
    assert LOOPING.count("    next: again\n") == 1
    fixed = LOOPING.replace("    next: again\n", "    next: again\n    on_yes: report\n")
    assert check_rules(_load(fixed), {}) == []


def test_not_possible_is_its_own_answer() -> None:
    raw = LOOPING.replace("after: {ask: paid}", "after: {check: not_possible}")
    raw = raw.replace("every_end: escalate", "never_reaches: [again]")
    (problem,) = check_rules(_load(raw), {})
    assert problem.message.endswith("check=not_possible → again")


def test_paths_through_linked_guides_count(tmp_path: Path) -> None:
    other = _load(
        _guide(
            """\
              - id: ask
                type: confirm
                text: {zh: 好了吗？, en: "Fine?"}
                on_yes: fine
                on_no: help
              - id: fine
                type: end
                outcome: resolved
                text: {zh: 好。, en: Good.}
              - id: help
                type: end
                outcome: escalate
                text: {zh: 请联系客服。, en: Contact support.}
            """,
            "other",
        ),
        "other.yaml",
    )
    linking = _load(
        _guide(
            """\
              - id: ask
                type: confirm
                text: {zh: 给了验证码吗？, en: "Did you give a code away?"}
                on_yes: info
                on_no: done
              - id: info
                type: info
                text: {zh: 马上改密码。, en: Change the password now.}
                next: jump
              - id: jump
                type: link
                guide: other
                text: {zh: 转到, en: Go on}
              - id: done
                type: end
                outcome: resolved
                text: {zh: 好。, en: Good.}
            rules:
              - after: {ask: "yes"}
                every_end: escalate
            """
        )
    )
    (problem,) = check_rules(linking, {"other": other})
    assert problem.message.endswith("ask=yes → jump → other/ask=yes → other/fine (resolved)")
    # an unknown linked guide is reported by check_links; the search just stops there
    assert check_rules(linking, {}) == []


def test_every_builtin_rule_is_proved_and_the_search_stays_small() -> None:
    guides = load_catalog({}).guides
    with_rules = [guide for guide in guides.values() if guide.rules]
    assert len(with_rules) >= 10
    for guide in with_rules:
        assert check_rules(guide, guides) == [], guide.id


@pytest.mark.parametrize(
    ("rules", "offset", "fragment"),
    [
        ("rules: {after: x}", 0, "rules must be a list"),
        ("rules:\n  - every_end: escalate", 1, "a rule is missing 'after'"),
        (
            'rules:\n  - after: {ask: "yes"}',
            1,
            "a rule needs 'every_end', 'never_reaches' or 'passes_through'",
        ),
        (
            'rules:\n  - after: {nope: "yes"}\n    every_end: escalate',
            1,
            "after names a step that does not exist: 'nope'",
        ),
        (
            "rules:\n  - after: {ask: maybe}\n    every_end: escalate",
            1,
            "'maybe' is not an answer of step 'ask' (accepted: yes, no)",
        ),
        (
            'rules:\n  - after: {try-it: ["no", cant]}\n    every_end: escalate',
            1,
            "'cant' is not an answer of step 'try-it' (accepted: yes, no, not_possible)",
        ),
        (
            'rules:\n  - after: {fine: "yes"}\n    every_end: escalate',
            1,
            "after names step 'fine' (end), which takes no answer",
        ),
        (
            'rules:\n  - after: {ask: "no"}\n    every_end: solved',
            2,
            "every_end must be one of: resolved, escalate, pending",
        ),
        (
            'rules:\n  - after: {ask: "no"}\n    never_reaches: [ghost]',
            2,
            "never_reaches names a step that does not exist: 'ghost'",
        ),
        (
            'rules:\n  - after: {ask: "no"}\n    never_reaches: []',
            2,
            "never_reaches must be a non-empty list of step ids",
        ),
        (
            'rules:\n  - after: {ask: "no"}\n    every_end: escalate\n    because: reasons',
            3,
            "unknown key 'because' in a rule (allowed: after, every_end, never_reaches, passes_through)",
        ),
    ],
)
def test_a_bad_rule_is_refused_at_its_line(rules: str, offset: int, fragment: str) -> None:
    from tests.helpers import minimal_guide

    raw = minimal_guide().split("examples:")[0] + rules + "\n"
    line = raw.splitlines().index(rules.splitlines()[0]) + 1 + offset
    found = _problems(raw)
    assert [p for p in found if fragment in p] == [f"sample.yaml:{line}: {fragment}"], found


def test_unquoted_yes_and_no_in_after_mean_the_answers() -> None:
    from tests.helpers import minimal_guide

    raw = minimal_guide() + "rules:\n  - after: {ask: no}\n    never_reaches: [fine]\n"
    guide = _load(raw)
    assert guide.rules[0].after == (("ask", "no"),)
    assert check_rules(guide, {}) == []


LABELLED = _guide(
    """\
      - id: ask
        type: confirm
        text: {zh: 你已经转钱了吗？, en: "Have you already sent money?"}
        labels:
          yes: {zh: 已经转了, en: "Yes, I sent some"}
          "no": {zh: 还没有, en: "No, not yet"}
        on_yes: try-it
        on_no: fine
      - id: try-it
        type: action
        text: {zh: 联系对方。, en: Contact them.}
        next: escalate
      - id: fine
        type: end
        outcome: resolved
        text: {zh: 好的。, en: Good.}
      - id: escalate
        type: end
        outcome: escalate
        text: {zh: 请联系客服。, en: Contact support.}
    """
)


def test_labels_load_and_defaults_fill_in() -> None:
    guide = _load(LABELLED)
    assert guide.steps["ask"].yes_no_labels("en") == ("Yes, I sent some", "No, not yet")
    assert guide.steps["ask"].yes_no_labels("zh") == ("已经转了", "还没有")
    assert guide.steps["try-it"].yes_no_labels("en") == (
        "Yes, that fixed it",
        "No, still not working",
    )
    assert guide.steps["try-it"].yes_no_labels("zh") == ("解决了", "还没解决")


def test_confirm_defaults_are_yes_and_no() -> None:
    from tests.helpers import minimal_guide

    guide = _load(minimal_guide())
    assert guide.steps["ask"].yes_no_labels("en") == ("Yes", "No")
    assert guide.steps["ask"].yes_no_labels("zh") == ("是", "否")


def _edit_lines(raw: str, marker: str, edit: Callable[[str], list[str]]) -> str:
    """Apply ``edit`` to the one line containing ``marker`` (it returns the lines to put there)."""
    lines = raw.splitlines()
    (index,) = [i for i, line in enumerate(lines) if marker in line]
    return "\n".join([*lines[:index], *edit(lines[index]), *lines[index + 1 :]]) + "\n"


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


@pytest.mark.parametrize(
    ("marker", "edit", "fragment"),
    [
        ('"no": {zh: 还没有', lambda line: [], "labels of step 'ask' is missing 'no'"),
        (
            "Yes, I sent some",
            lambda line: [line.replace(', en: "Yes, I sent some"', "")],
            "'yes' label of step 'ask' is missing the 'en' translation",
        ),
        (
            '"no": {zh: 还没有',
            lambda line: [_indent(line) + "maybe: {zh: 也许, en: Maybe}", line],
            "unknown key 'maybe' in labels of step 'ask' (allowed: yes, no)",
        ),
    ],
)
def test_bad_labels_are_refused(
    marker: str, edit: Callable[[str], list[str]], fragment: str
) -> None:
    found = _problems(_edit_lines(LABELLED, marker, edit))
    assert any(fragment in p for p in found), found


def test_labels_only_on_yes_no_steps() -> None:
    raw = _edit_lines(
        LABELLED,
        "outcome: resolved",
        lambda line: [line, _indent(line) + "labels: {yes: {zh: 是, en: Y}, no: {zh: 否, en: N}}"],
    )
    assert any("unknown key 'labels' in a step" in p for p in _problems(raw)), _problems(raw)


class _Prompter:
    """Answers every menu with its last option and records the options it was offered."""

    def __init__(self) -> None:
        self.menus: list[tuple[str, list[tuple[str, str]]]] = []

    def choose(
        self,
        message: str,
        options: Sequence[tuple[str, str]],
        *,
        default: str | None = None,
        allow_back: bool = False,
    ) -> str:
        self.menus.append((message, list(options)))
        return options[-1][0]

    def text(self, message: str, **_: Any) -> str:  # pragma: no cover - no input step here
        raise AssertionError(message)


class _View:
    def step(self, *_: Any) -> None:
        pass

    def problem(self, text: str) -> None:
        pass

    def notice(self, text: str) -> None:
        pass


def test_the_wizard_offers_the_steps_own_labels(tmp_path: Path) -> None:
    from datetime import datetime, timedelta, timezone

    from okhelp.storage.sessions import Store

    now = datetime(2026, 11, 21, 15, 42, tzinfo=timezone(timedelta(hours=8)))
    guides = load_catalog({}).guides
    session = Session("20261121-154200-abcd", "suspicious-activity", "en", now.isoformat(), "")
    prompter = _Prompter()
    wizard = Wizard(
        engine=Engine(guides, "suspicious-activity"),
        session=session,
        lang="en",
        field_ctx=FieldContext(now=now, timezone=now.tzinfo, timezone_name="Asia/Shanghai"),  # type: ignore[arg-type]
        answers={"what": "impostor"},
        prompter=prompter,
        view=_View(),
        store=Store(tmp_path / "home"),
        now=lambda: now,
    )
    assert wizard.run().end == ("suspicious-activity", "safe")
    menus = dict(prompter.menus)
    shared = next(options for message, options in menus.items() if "told them a code" in message)
    assert shared == [("yes", "Yes, at least one of them"), ("no", "No, none of them")]


def test_rules_and_labels_survive_the_guide_cache_and_show_in_json(cli: Cli) -> None:
    guide = load_catalog({}).guides["suspicious-activity"]
    again = guide_from_cache(json.loads(json.dumps(guide_to_cache(guide))))
    assert again == guide
    assert again.rules and again.steps["shared"].labels is not None
    result = cli("guides", "show", "suspicious-activity", "--format", "json")
    data = json.loads(result.out)
    assert data["rules"][0] == {"after": {"shared": "yes"}, "every_end": "escalate"}
    shared = next(step for step in data["steps"] if step["id"] == "shared")
    assert shared["labels"]["yes"]["en"] == "Yes, at least one of them"
    jsonschema.validate(data, guide_schema())


def test_schema_knows_rules_and_labels() -> None:
    schema = guide_schema()
    data = yaml.safe_load(BUILTIN.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    data["rules"].append({"after": {"shared": "yes"}})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_an_example_answering_a_step_its_path_never_reaches_fails() -> None:
    """The limits slip: the end asked for "the limit you need" and no step took it."""
    from tests.helpers import minimal_guide

    raw = minimal_guide().replace('answers: {ask: "yes"}', 'answers: {ask: "yes", try-it: "no"}')
    guide = _load(raw)
    (run,) = run_examples(guide, {})
    assert run.problem == "example 'fine' gives answers no step on its path takes: try-it"


def test_money_gone_skipping_the_police_advice_is_caught(
    cli: Cli, write_guide: Callable[..., Path]
) -> None:
    """Once money has left, every path passes the step that says to call the police and the
    bank; a guide that jumps past it fails its rule, at the rule's line, with the path."""
    raw = BUILTIN.read_text(encoding="utf-8")
    skip = "    on_yes: report\n    on_no: can-login\n"
    assert raw.count(skip) == 1
    broken = raw.replace(skip, "    on_yes: recipient\n    on_no: report\n")
    path = write_guide("suspicious-activity.yaml", broken)
    result = cli("guides", "check", str(path))
    assert result.code == 1
    line = _line_of(path, '- after: {money-left: "yes"}')
    assert (
        f"{path}:{line}: rule: after money-left=yes, every path must pass 'report', but this one "
        "does not: money-left=yes → can-login=yes → escalate (escalate)"
    ) in result.out


def test_passes_through_holds_when_every_path_passes_one_of_its_steps() -> None:
    text = _guide(
        """\
          - id: ask
            type: confirm
            text: {zh: 钱转走了吗？, en: Did money go?}
            on_yes: how
            on_no: fine
          - id: how
            type: confirm
            text: {zh: 是被骗了吗？, en: A scam?}
            on_yes: police
            on_no: bank
          - id: police
            type: info
            text: {zh: 报警, en: Call the police}
            next: done
          - id: bank
            type: info
            text: {zh: 找银行, en: Call the bank}
            next: done
          - id: done
            type: end
            outcome: escalate
            text: {zh: 联系客服, en: Contact support}
          - id: fine
            type: end
            outcome: resolved
            text: {zh: 好, en: Good}
        rules:
          - after: {ask: "yes"}
            passes_through: [police, bank]
          - after: {ask: "yes"}
            passes_through: [police]
        """,
        "t",
    )
    guide = parse_guide(text.encode(), "t.yaml", expected_id="t", graph_check=check_graph)
    problems = [p.message for p in check_rules(guide, {"t": guide})]
    assert problems == [
        "rule: after ask=yes, every path must pass 'police', but this one does not: "
        "ask=yes → how=no → done (escalate)"
    ]


def test_the_scam_victim_is_told_of_the_police_and_the_bank_in_both_languages() -> None:
    guide = load_catalog({}).guides["suspicious-activity"]
    report = guide.steps["report"].text
    shown = fill_placeholders(report.get("zh"), ())  # the numbers, as the user reads them
    assert "110 报警" in shown and "96110" in shown and "银行" in report.get("zh")
    assert "police" in report.get("en") and "bank" in report.get("en")
    fields = {guide.steps[s].field for s in ("recipient", "asked-by")}
    assert fields == {"x-recipient-account", "x-contacted-by"}

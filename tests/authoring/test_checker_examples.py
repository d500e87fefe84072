"""Authoring: a guide's examples pass exactly what a real run passes, and fail as it fails.

Each case runs twice: as an example of a guide (`okhelp guides test`) and as a real run without a
terminal (`okhelp guide ID --answers FILE`, the same now and time zone). Both must accept the same
answers, and refuse the same ones naming the same step and reason.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from okhelp.authoring.checker import run_examples
from okhelp.authoring.loader import parse_guide
from okhelp.library.catalog import builtin_dir, load_catalog
from okhelp.storage.sessions import Store
from tests.helpers import Result

Cli = Callable[..., Result]
NOW = "2026-11-21T15:42:00+08:00"  # what conftest pins for real runs (TZ Asia/Shanghai)
TOP_UP = (Path(str(builtin_dir())) / "top-up.yaml").read_text(encoding="utf-8")
ESCALATE = {
    "method": "bank",
    "bank-remark": "no",
    "bank-sent": "yes",
    "check-record": "no",
    "when": "2 hours ago",
    "amount": "120.5 元",
    "txn": "TX2026112000001",
    "account": "13800138000",
    "description": "the top-up has not arrived",
}

CASES: dict[str, dict[str, Any]] = {
    "valid escalation": ESCALATE,
    "valid resolution": {
        "method": "third-party",
        "third-party-status": "no",
        "third-party-retry": "yes",
    },
    "not yes or no": {**ESCALATE, "check-record": "maybe"},
    "not a choice": {**ESCALATE, "method": "cheque"},
    "amount that is no amount": {**ESCALATE, "amount": "lots"},
    "zero amount": {**ESCALATE, "amount": "0"},
    "card number as transaction id": {**ESCALATE, "txn": "4111111111111111"},
    "account that is no account": {**ESCALATE, "account": "12345"},
    "account not a phone number": {**ESCALATE, "account": "+86 123"},
    "time in the future": {**ESCALATE, "when": "tomorrow 3pm"},
    "time in the future, in Chinese": {**ESCALATE, "when": "明天下午3点"},
    "time not understood": {**ESCALATE, "when": "whenever"},
    "time yesterday": {**ESCALATE, "when": "yesterday 3pm"},
    "unknown currency": {**ESCALATE, "amount": "12 bananas"},
    "missing answer": {"method": "bank", "bank-remark": "no"},
}


def example_failure(answers: dict[str, Any]) -> str | None:
    """Run the answers as an example of top-up; its failure message, or None if it passes."""
    example = {"name": "case", "now": NOW, "answers": answers, "expect": {"guide": "top-up"}}
    text = (
        TOP_UP.split("\nexamples:", 1)[0]
        + "\nexamples:\n"
        + yaml.safe_dump([example], allow_unicode=True)
    )
    guide = parse_guide(text.encode(), "top-up.yaml")
    (run,) = run_examples(guide, load_catalog({}).guides)
    return run.problem


def real_run(cli: Cli, tmp_path: Path, answers: dict[str, Any], guide_id: str = "top-up") -> Result:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    return cli("guide", guide_id, "--answers", str(path))


@pytest.mark.parametrize("case", sorted(CASES))
def test_examples_accept_and_refuse_what_a_real_run_does(
    case: str, cli: Cli, tmp_path: Path
) -> None:
    answers = CASES[case]
    failure = example_failure(answers)
    result = real_run(cli, tmp_path, answers)
    assert (failure is None) == (result.code == 0), (failure, result.err)
    if failure is None:
        return
    assert result.code == 2
    # The real run says "error: step 'X': REASON; accepted: ...": the example says the same.
    said = result.err.split("error: ", 1)[1].split("\n")[0].split(" (the session is saved")[0]
    if "no answer given" in said:
        step = said.split("'")[1]
        assert f"stops at step '{step}': no answer given" in failure
    else:
        assert failure.endswith(said), (failure, said)


def test_every_builtin_example_passes_as_a_real_run(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each built-in example, given to a real run with the fields its end collects filled in,
    ends where the example says, and the example passes."""
    monkeypatch.setenv("OKHELP_NOW", "2026-11-21T12:00:00+00:00")  # the examples' default now
    monkeypatch.setenv("TZ", "UTC")
    catalog = load_catalog({})
    filler = {
        "account": "13800138000",
        "transaction_id": "TX2026112000001",
        "occurred_at": "2 hours ago",
        "amount": "10",
        "description": "x",
        "error_message": "x",
    }
    checked = 0
    for guide in catalog.guides.values():
        for run in run_examples(guide, catalog.guides):
            assert run.problem is None, run.problem
            assert run.state is not None
            answers = {**filler, **run.example.answers}
            if run.state.outcome == "escalate":  # custom x- fields the end collects, too
                end = catalog.guides[run.state.guide].steps[run.state.step]
                answers.update({name: "x" for name in end.collect if name not in answers})
            monkeypatch.setenv("OKHELP_HOME", str(tmp_path / f"home-{checked}"))
            result = real_run(cli, tmp_path, answers, guide.id)
            assert result.code == 0, (guide.id, run.example.name, result.err)
            store = Store.from_env()
            (info,) = store.list_sessions()[0]
            session = store.load_session(info.session_id)
            assert session.end == run.state.key, (guide.id, run.example.name)
            checked += 1
    assert checked >= 60


def test_an_unquoted_no_for_a_choice_is_reported_and_quoting_fixes_it() -> None:
    guide_text = TOP_UP.split("\nexamples:", 1)[0] + "\nexamples:\n"
    unquoted = guide_text + "  - name: n\n    answers: {method: no}\n    expect: {end: done}\n"
    guide = parse_guide(unquoted.encode(), "top-up.yaml")
    (run,) = run_examples(guide, {})
    line = unquoted.splitlines().index("    answers: {method: no}") + 1
    assert run.line == line
    assert run.problem == (
        "example 'n': step 'method': YAML reads the unquoted answer no as the yes/no value false, "
        'but this step takes a choice id; quote it: method: "no"'
    )
    quoted = guide_text + '  - name: n\n    answers: {method: "no"}\n    expect: {end: done}\n'
    (run,) = run_examples(parse_guide(quoted.encode(), "top-up.yaml"), {})
    assert run.problem is not None and "is not one of the choices" in run.problem


def test_an_unquoted_off_for_an_input_is_reported() -> None:
    text = TOP_UP.split("\nexamples:", 1)[0] + (
        "\nexamples:\n  - name: n\n    answers: {method: bank, bank-remark: 'no', "
        "bank-sent: 'yes', check-record: 'no', when: Off}\n    expect: {end: escalate}\n"
    )
    (run,) = run_examples(parse_guide(text.encode(), "top-up.yaml"), {})
    assert run.problem is not None
    assert (
        "step 'when': YAML reads the unquoted answer Off as the yes/no value false" in run.problem
    )
    assert 'quote it: when: "Off"' in run.problem


@pytest.mark.parametrize(
    ("where", "now", "when", "passes"),
    [
        ("example", "2026-11-21T12:00:00+08:00", "today 11am", True),
        ("example", "2026-11-21T12:00:00+08:00", "today 1pm", False),
        ("guide", "2026-11-21T12:00:00+08:00", "today 1pm", False),
        ("guide", "2026-11-22T12:00:00+08:00", "2026-11-21 13:00", True),
        ("none", "", "2026-11-21 11:59", True),  # default now: 2026-11-21T12:00:00Z
        ("none", "", "2026-11-22 11:59", False),
    ],
)
def test_now_pins_the_time_examples_resolve_against(
    where: str, now: str, when: str, passes: bool
) -> None:
    answers = {**ESCALATE, "when": when}
    example = {"name": "n", "answers": answers, "expect": {"end": "escalate"}}
    if where == "example":
        example["now"] = now
    head = TOP_UP.split("\nexamples:", 1)[0]
    if where == "guide":
        head += f"\nnow: {now}"
    text = head + "\nexamples:\n" + yaml.safe_dump([example], allow_unicode=True)
    (run,) = run_examples(parse_guide(text.encode(), "top-up.yaml"), {})
    if passes:
        assert run.problem is None, run.problem
    else:
        assert run.problem == (
            "example 'n': step 'when': that time is in the future; give a time in the past, "
            "e.g. yesterday 3pm; accepted: a time in the past"
        )


def test_an_example_now_must_be_a_time_with_its_offset() -> None:
    from okhelp.errors import GuideError

    text = TOP_UP.replace("\nexamples:\n  - name:", "\nexamples:\n  - now: tomorrow\n    name:", 1)
    with pytest.raises(GuideError) as caught:
        parse_guide(text.encode(), "top-up.yaml")
    assert (
        "now must be an ISO 8601 time with its UTC offset, e.g. 2026-11-21T12:00:00+08:00"
        in str(caught.value)
    )


def test_a_failing_answer_is_reported_at_its_own_line(
    cli: Cli, write_guide: Callable[..., Path]
) -> None:
    text = TOP_UP.split("\nexamples:", 1)[0] + (
        "\nexamples:\n  - name: block answers\n    answers:\n      method: bank\n"
        "      bank-remark: 'no'\n      bank-sent: 'yes'\n      check-record: 'no'\n"
        "      when: 2 hours ago\n      amount: lots\n    expect: {end: escalate}\n"
    )
    path = write_guide("top-up.yaml", text)
    result = cli("guides", "check", str(path))
    line = text.splitlines().index("      amount: lots") + 1
    assert result.code == 1
    assert (
        f"{path}:{line}: example 'block answers': step 'amount': not an amount okhelp understands"
    ) in result.out

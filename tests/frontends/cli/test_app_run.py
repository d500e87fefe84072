"""Running guides from the command line without a terminal: answers, sessions, summaries."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from okhelp.library.catalog import load_catalog
from tests.helpers import Result

Cli = Callable[..., Result]

FIELD_SAMPLES = {
    "account": "13800138000",
    "transaction_id": "TX2026112000001",
    "occurred_at": "2 hours ago",
    "amount": "100 元",
    "currency": "CNY",
    "error_message": "E1001",
    "app_version": "5.2.0",
    "device": "Pixel 8, Android 15",
    "description": "test run",
}

EXAMPLES = [
    (guide.id, index)
    for guide in load_catalog({}).guides.values()
    for index in range(len(guide.examples))
]


def _answers_file(tmp_path: Path, answers: dict[str, object]) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(("guide_id", "index"), EXAMPLES)
def test_every_builtin_example_runs_from_the_command_line(
    cli: Cli, tmp_path: Path, guide_id: str, index: int
) -> None:
    guide = load_catalog({}).guides[guide_id]
    example = guide.examples[index]
    answers = {**FIELD_SAMPLES, **example.answers}
    result = cli("guide", guide_id, "--answers", str(_answers_file(tmp_path, answers)))
    assert result.code == 0, result.err
    sessions = json.loads(cli("sessions", "--format", "json").out)
    expected = {"resolved": "resolved", "escalate": "escalated", "pending": "pending"}[
        example.expect_outcome or "resolved"
    ]
    assert sessions[0]["status"] == expected
    if expected == "escalated":
        assert "Contact summary" in result.out
    if expected == "pending":  # never "solved": the date to come back by, and how
        assert sessions[0]["pending_until"]
        assert "okhelp resume" in result.out and "solved" not in result.out.lower()


def test_no_terminal_and_no_answers_exits_2_naming_the_first_step(tmp_path: Path) -> None:
    env = {**os.environ, "OKHELP_HOME": str(tmp_path / "home")}
    proc = subprocess.run(
        [sys.executable, "-m", "okhelp", "guide", "register"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
    )
    assert proc.returncode == 2
    assert "step 'problem'" in proc.stderr and "how-to, no-code, taken, error" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "home" / "sessions").exists() or not list(
        (tmp_path / "home" / "sessions").iterdir()
    )


def test_answers_by_field_name_and_booleans(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(
        json.dumps(
            {
                "method": "cash",
                "cash-receipt": False,
                "check-record": False,
                "occurred_at": "昨天下午3点",
                "amount": 88,
                "txn": "",
                "account": "user@example.com",
                "description": "",
            }
        ),
        encoding="utf-8",
    )
    result = cli("guide", "top-up", "--answers", str(path))
    assert result.code == 0, result.err
    record = json.loads(cli("summary", "--format", "json").out)
    assert record["incident"]["occurred_at"] == "2026-11-20T15:00:00+08:00"
    assert record["incident"]["amount"] == {"value": "88.00", "currency": "CNY"}
    assert record["account"] == {"id": "user@example.com", "kind": "email"}
    assert record["incident"]["transaction_id"] is None


def test_answer_option_overrides_the_file(cli: Cli, tmp_path: Path) -> None:
    path = _answers_file(tmp_path, {"method": "bank", "bank-remark": "yes"})
    result = cli(
        "guide",
        "top-up",
        "--answers",
        str(path),
        "--answer",
        "method=third-party",
        "-a",
        "third-party-status=no",
        "-a",
        "third-party-retry=yes",
    )
    assert result.code == 0, result.err
    assert json.loads(cli("sessions", "-f", "json").out)[0]["status"] == "resolved"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- a\n- b\n", "must be a mapping"),
        ("method: [bank]\n", "must be text, a number or yes/no"),
        ("method: bank\n  x: : y\n", "answers file"),
        ("{bad json", "not valid JSON"),
    ],
)
def test_bad_answers_files_are_usage_errors(
    cli: Cli, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(content, encoding="utf-8")
    result = cli("guide", "top-up", "--answers", str(path))
    assert result.code == 2 and message in result.err and result.err.count("\n") == 1


def test_invalid_answer_names_step_reason_and_accepted(cli: Cli) -> None:
    result = cli("guide", "top-up", "-a", "method=paypal")
    assert result.code == 2
    assert (
        "step 'method': 'paypal' is not one of the choices; accepted: bank, third-party, cash"
        in result.err
    )


def test_resume_with_more_answers_finishes_the_session(cli: Cli) -> None:
    first = cli("guide", "top-up", "-a", "method=third-party")
    assert first.code == 2 and "okhelp resume" in first.err
    session_id = json.loads(cli("sessions", "-f", "json").out)[0]["session_id"]
    second = cli(
        "resume", "-a", "third-party-status=yes", "-a", "check-record=yes", "-a", "refresh=yes"
    )
    assert second.code == 0, second.err
    sessions = json.loads(cli("sessions", "-f", "json").out)
    assert sessions[0]["session_id"] == session_id and sessions[0]["status"] == "resolved"
    again = cli("resume", session_id)
    assert again.code == 2 and "already ended (resolved)" in again.err


def test_resume_without_sessions(cli: Cli) -> None:
    result = cli("resume")
    assert result.code == 2 and "no unfinished session" in result.err


def test_sessions_json_shape_and_private_files(cli: Cli, tmp_path: Path) -> None:
    cli("guide", "register", "-a", "problem=how-to", "-a", "how-to=yes")
    rows = json.loads(cli("sessions", "--format", "json").out)
    assert set(rows[0]) == {
        "session_id",
        "guide",
        "status",
        "started_at",
        "updated_at",
        "pending_until",
    }
    home = Path(os.environ["OKHELP_HOME"])
    for path in [home, *home.rglob("*")]:
        assert not path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO), path


def test_escalation_saves_a_summary_that_renders_from_its_file(cli: Cli, tmp_path: Path) -> None:
    answers = {
        **FIELD_SAMPLES,
        "problem": "error",
        "network": "no",
        "error-message": "[red]E42[/red]",
    }
    result = cli("guide", "register", "--answers", str(_answers_file(tmp_path, answers)))
    assert result.code == 0
    saved = [line for line in result.err.splitlines() if line.startswith("Summary saved to: ")]
    assert saved, result.err
    path = saved[0].removeprefix("Summary saved to: ")
    rendered = cli("summary", path)
    assert rendered.code == 0 and "[red]E42[/red]" in rendered.out
    record = json.loads(cli("summary", path, "--format", "json").out)
    assert (
        record["status"] == "escalated" and record["incident"]["error_message"] == "[red]E42[/red]"
    )
    assert [t["step"] for t in record["steps_tried"]] == ["network"]


def test_a_damaged_session_file_is_reported_and_skipped(cli: Cli) -> None:
    cli("guide", "register", "-a", "problem=how-to", "-a", "how-to=yes")
    sessions = Path(os.environ["OKHELP_HOME"]) / "sessions"  # as an older okhelp kept them
    sessions.mkdir()
    (sessions / "20990101-000000-dead.json").write_text("{", encoding="utf-8")
    result = cli("sessions", "-f", "json")
    assert result.code == 0 and len(json.loads(result.out)) == 1
    assert "20990101-000000-dead.json" in result.err


@pytest.mark.parametrize("guide_id", sorted(load_catalog({}).guides))
def test_every_builtin_guide_without_answers_names_its_first_step(cli: Cli, guide_id: str) -> None:
    guide = load_catalog({}).guides[guide_id]
    result = cli("guide", guide_id)
    first = guide.steps[guide.start]
    while first.type == "info" and first.next:
        first = guide.steps[first.next]
    assert result.code == 2 and f"step '{first.id}'" in result.err


@pytest.mark.parametrize("guide_id", sorted(load_catalog({}).guides))
def test_every_end_of_every_builtin_guide_is_reached_by_an_example(guide_id: str) -> None:
    from okhelp.authoring.checker import ends_not_reached, run_examples

    guides = load_catalog({}).guides
    assert ends_not_reached(guides[guide_id], run_examples(guides[guide_id], guides)) == []


def test_resume_in_another_language_writes_the_summary_in_it(cli: Cli) -> None:
    first = cli("guide", "register", "--lang", "zh", "-a", "problem=error")
    assert first.code == 2
    result = cli(
        "resume",
        "--lang",
        "en",
        "-a",
        "network=no",
        "-a",
        "error-message=",
        "-a",
        "account=13800138000",
        "-a",
        "description=x",
    )
    assert result.code == 0, result.err
    record = json.loads(cli("summary", "-f", "json").out)
    assert record["lang"] == "en" and record["guide"]["title"] == "Trouble creating an account"
    assert "Contact summary" in result.out


def test_an_error_inside_a_session_is_said_in_the_sessions_language(cli: Cli) -> None:
    # OKHELP_LANG=en here: the session was begun in Chinese, so its errors are Chinese
    started = cli("guide", "top-up", "--lang", "zh", "-a", "method=bank")
    assert started.code == 2 and "没有终端" in started.err
    resumed = cli("resume")
    assert resumed.code == 2
    assert "没有终端" in resumed.err and "no terminal" not in resumed.err
    assert "继续“充值未到账或失败”" in resumed.out  # the recap, in the session's language too
    asked = cli("resume", "--lang", "en")  # asked for: English wins
    assert "no terminal" in asked.err


def test_resume_summary_and_forget_take_the_ids_last_characters(cli: Cli) -> None:
    started = json.loads(cli("start", "top-up").out)
    session_id = started["session_id"]
    tail = session_id[-4:]
    resumed = cli("resume", tail, "-a", "method=cash")
    assert "Back to “Top-up failed or not arrived”" in resumed.out, resumed.err
    assert "cash-receipt" in resumed.err  # it went on: the next step wants an answer
    shown = cli("summary", tail)
    assert shown.code == 0 and session_id in shown.out
    assert cli("forget", tail, "--yes").code == 0
    assert json.loads(cli("sessions", "--format", "json").out) == []


def test_a_rating_comes_only_from_an_answers_file_outside_a_terminal(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    solved = ("guide", "top-up", "-a", "method=cash", "-a", "cash-receipt=yes")
    cli(*solved)  # no terminal, no rating given: nothing asked, nothing kept
    cli(*solved, "-a", "rating=4")
    refused = cli(*solved, "-a", "rating=9")
    assert refused.code == 0 and "1 to 5" in refused.err  # solved all the same
    config = tmp_path / "config.yaml"
    config.write_text("ask_rating: false\n", encoding="utf-8")
    monkeypatch.setenv("OKHELP_CONFIG", str(config))
    cli(*solved, "-a", "rating=1")  # the team turned the question off
    stats = json.loads(cli("stats", "--format", "json").out)
    assert stats[0]["sessions"] == 4 and stats[0]["rating"] == {"answered": 1, "average": 4.0}


def test_a_resume_that_answers_nothing_leaves_a_waiting_session_waiting(cli: Cli) -> None:
    cli("guide", "withdrawal", "-a", "status=pending", "-a", "when=2小时前")
    (waiting,) = json.loads(cli("sessions", "--format", "json").out)
    assert waiting["status"] == "pending"
    failed = cli("resume", waiting["session_id"])  # no terminal, no answers: nothing taken
    assert failed.code == 2
    (after,) = json.loads(cli("sessions", "--format", "json").out)
    assert after == waiting
    went_on = cli("resume", waiting["session_id"], "-a", "check-record=yes", "-a", "ask-bank=yes")
    assert went_on.code == 0, went_on.err
    assert json.loads(cli("sessions", "--format", "json").out)[0]["status"] == "resolved"


def test_a_file_named_like_a_session_does_not_stand_in_for_it(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = json.loads(cli("start", "top-up").out)
    tail = started["session_id"][-4:]
    monkeypatch.chdir(tmp_path)
    (tmp_path / tail).write_text('{"schema": "okhelp.summary/1"}', encoding="utf-8")
    shown = cli("summary", tail)
    assert shown.code == 0 and started["session_id"] in shown.out
    as_file = cli("summary", f"./{tail}")  # a file is named with a folder
    assert as_file.code == 2 and "not a valid okhelp.summary/1 file" in as_file.err


def test_a_summary_file_from_elsewhere_cannot_plant_contact_details(
    cli: Cli, tmp_path: Path
) -> None:
    cli(
        "guide",
        "top-up",
        "-a",
        "method=cash",
        "-a",
        "cash-receipt=no",
        "-a",
        "check-record=no",
        "-a",
        "when=2 hours ago",
        "-a",
        "amount=50",
        "-a",
        "txn=",
        "-a",
        "account=13800138000",
        "-a",
        "description=",
    )
    record = json.loads(cli("summary", "--format", "json").out)
    record["contact_channels"] = [{"kind": "phone", "detail": "Official hotline 400-820-1234"}]
    forged = tmp_path / "from-user.json"
    forged.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    for fmt in ("text", "markdown", "zendesk"):
        shown = cli("summary", str(forged), "--format", fmt)
        assert shown.code == 0, shown.err
        assert "400-820-1234" not in shown.out  # the channels are this config's
        assert "from elsewhere" in shown.err


def test_an_information_guide_answers_a_question_without_calling_it_solved(cli: Cli) -> None:
    told = cli("guide", "contact-support", "-a", "channel=phone", "-a", "ready=no")
    assert told.code == 0 and "good luck" in told.out
    assert "solved" not in told.out.lower()
    fixed = cli("guide", "top-up", "-a", "method=cash", "-a", "cash-receipt=yes")
    assert "Great, the problem is solved." in fixed.out

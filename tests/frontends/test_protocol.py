"""The step protocol as bots use it: one okhelp process per message, JSON on stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from okhelp.authoring.checker import run_examples
from okhelp.library.catalog import load_catalog
from tests.helpers import saved_session
from tests.helpers.protocol import okhelp, okhelp_env

GUIDES = load_catalog({}).guides
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
QUESTION_KEYS = {
    "session_id",
    "guide",
    "step",
    "kind",
    "text",
    "options",
    "field",
    "optional",
    "hint",
    "position",
    "status",
    "guide_title",
    "can_go_back",
    "notice",
}


def _reply_for(question: dict[str, Any], answers: dict[str, Any]) -> str:
    if question["kind"] == "ack":
        return "continue"
    keys = [f"{question['guide']}.{question['step']}", question["step"], question["field"] or ""]
    for key in keys:
        if key in answers:
            value = answers[key]
            if isinstance(value, bool):
                return "yes" if value else "no"
            return str(value)
    return FIELD_SAMPLES[question["field"]]


def walk(home: Path, guide_id: str, answers: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Start a guide and answer until it ends; the end object and how many calls it took."""
    code, reply, err = okhelp(home, "start", guide_id)
    assert code == 0, err
    calls = 1
    while reply["status"] == "in_progress" or _back_after_wait(home, reply, answers):
        text = "waited" if reply["status"] == "pending" else _reply_for(reply, answers)
        if reply["status"] == "in_progress":
            assert set(reply) == QUESTION_KEYS, reply
        code, reply, err = okhelp(home, "answer", reply["session_id"], text)
        assert code == 0, err
        calls += 1
        assert calls < 40, "the walk does not end"
    return reply, calls


def _back_after_wait(home: Path, reply: dict[str, Any], answers: dict[str, Any]) -> bool:
    """A pending end the example comes back to (it answers the end with ``waited``)."""
    if reply["status"] != "pending":
        return False
    step = saved_session(home, reply["session_id"])["end"]["step"]
    return bool(answers.get(step) == "waited")


def _one_example_per_end() -> list[tuple[str, int]]:
    picked: dict[tuple[str, str, str], tuple[str, int]] = {}
    for guide in GUIDES.values():
        for index, run in enumerate(run_examples(guide, GUIDES)):
            assert run.state is not None
            picked.setdefault((guide.id, run.state.guide, run.state.step), (guide.id, index))
    return sorted(picked.values())


@pytest.mark.slow
def test_every_guide_reaches_each_of_its_ends_one_process_per_message(tmp_path: Path) -> None:
    cases = _one_example_per_end()
    ends = {(g.id, end.id) for g in GUIDES.values() for end in g.ends()}

    def run(case: tuple[str, int]) -> tuple[str, str, str, str | None]:
        guide_id, index = case
        example = GUIDES[guide_id].examples[index]
        home = tmp_path / f"{guide_id}-{index}"
        end, _ = walk(home, guide_id, dict(example.answers))
        session = saved_session(home, end["session_id"])
        expected = {"resolved": "resolved", "escalate": "escalated", "pending": "pending"}[
            example.expect_outcome or "resolved"
        ]
        problem = None
        if end["status"] != expected:
            problem = f"{guide_id} '{example.name}': {end['status']}, expected {expected}"
        if example.expect_end and session["end"]["step"] != example.expect_end:
            problem = f"{guide_id} '{example.name}': ends at {session['end']}"
        if end["summary"]["schema"] != "okhelp.summary/1" or set(end) != {
            "status",
            "session_id",
            "pending_until",
            "rating_question",
            "text",
            "summary",
            "user_supplied",
        }:
            problem = f"{guide_id}: end object {sorted(end)}"
        return guide_id, session["end"]["guide"], session["end"]["step"], problem

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        results = list(pool.map(run, cases))
    assert [r[3] for r in results if r[3]] == []
    reached = {(start, step) for start, guide, step, _ in results if guide == start}
    assert ends <= reached, sorted(ends - reached)


def _start(home: Path, *args: str) -> dict[str, Any]:
    code, reply, err = okhelp(home, "start", *args)
    assert code == 0, err
    assert isinstance(reply, dict)
    return reply


def test_a_bad_answer_exits_2_with_the_reason_and_the_same_question(tmp_path: Path) -> None:
    first = _start(tmp_path, "top-up")
    code, reply, err = okhelp(tmp_path, "answer", first["session_id"], "paypal")
    assert code == 2
    assert reply["error"] == {
        "code": "invalid_answer",
        # never the answer repeated: what a chat user typed stays out of the reply
        "message": "that answer is not one of the choices",
        "accepted": "a number (1–3), the option's words (its first words will do) or its id: "
        "bank, third-party, cash",
    }
    assert reply["question"] == first
    assert err == "okhelp: error: that answer is not one of the choices\n"
    assert "paypal" not in json.dumps(reply, ensure_ascii=False) + err
    # the session did not move
    code, again, _ = okhelp(tmp_path, "answer", first["session_id"])
    assert code == 0 and again == first


def test_back_and_the_first_question(tmp_path: Path) -> None:
    first = _start(tmp_path, "top-up")
    sid = first["session_id"]
    code, reply, _ = okhelp(tmp_path, "answer", sid, "--back")
    assert code == 2 and reply["error"]["code"] == "cannot_go_back" and reply["question"] == first
    _, second, _ = okhelp(tmp_path, "answer", sid, "Cash at a top-up point")
    assert second["step"] == "cash-receipt" and second["position"] == 2
    assert [o["id"] for o in second["options"]] == ["yes", "no", "not_possible"]
    _, back, _ = okhelp(tmp_path, "answer", sid, "--back")
    assert back == first
    code, reply, err = okhelp(tmp_path, "answer", sid, "bank", "--back")
    assert code == 2 and reply["error"]["code"] == "usage" and "not both" in err


def test_a_description_picks_the_guide_or_lists_candidates(tmp_path: Path) -> None:
    reply = _start(tmp_path, "--description", "充值两个小时了还没到账 卡号 4111 1111 1111 1111")
    assert reply["guide"] == "top-up" and reply["status"] == "in_progress"
    assert "(card number)" in reply["notice"] and "card_number" not in reply["notice"]
    saved = saved_session(tmp_path, reply["session_id"])
    assert saved["description"] == "充值两个小时了还没到账 卡号 [REDACTED:card_number]"
    assert saved["guide_version"] == GUIDES["top-up"].version
    unclear = _start(tmp_path, "--description", "money")
    assert unclear["status"] == "choose" and unclear["confident"] is False
    assert len(unclear["candidates"]) >= 2
    assert {"guide", "title", "summary", "score", "custom"} == set(unclear["candidates"][0])
    assert unclear["candidates"][0]["custom"] is False
    code, reply, _ = okhelp(tmp_path, "start")
    assert code == 2 and reply["error"]["code"] == "usage"
    code, reply, _ = okhelp(tmp_path, "start", "no-such-guide")
    assert code == 2 and "no-such-guide" in reply["error"]["message"]


def test_unknown_and_ended_sessions(tmp_path: Path) -> None:
    code, reply, _ = okhelp(tmp_path, "answer", "20990101-000000-dead", "yes")
    assert code == 2 and reply["error"]["code"] == "usage"
    end, _ = walk(
        tmp_path,
        "top-up",
        {"method": "third-party", "third-party-status": "no", "third-party-retry": "yes"},
    )
    assert end["status"] == "resolved" and end["summary"]["status"] == "resolved"
    code, reply, _ = okhelp(tmp_path, "answer", end["session_id"], "yes")
    assert code == 2 and reply["error"]["code"] == "session_ended"
    assert reply["end"]["status"] == "resolved"
    code, again, _ = okhelp(tmp_path, "answer", end["session_id"])
    assert code == 0 and again["status"] == "resolved"


def test_fields_are_validated_redacted_and_shown_back(tmp_path: Path) -> None:
    sid = _start(tmp_path, "top-up")["session_id"]
    for value in ("cash", "no", "no"):
        okhelp(tmp_path, "answer", sid, value)
    code, reply, _ = okhelp(tmp_path, "answer", sid, "next year")
    assert code == 2 and reply["error"]["code"] == "invalid_answer"
    assert reply["question"]["field"] == "occurred_at"
    _, reply, _ = okhelp(tmp_path, "answer", sid, "yesterday 3pm")
    assert reply["notice"] == "Time recorded as: 2026-11-20 15:00 (Fri)"
    assert reply["field"] == "amount"
    okhelp(tmp_path, "answer", sid, "50")
    _, reply, _ = okhelp(tmp_path, "answer", sid, "")
    assert (reply["field"], reply["optional"], reply["step"]) == ("account", False, "escalate")
    code, reply, _ = okhelp(tmp_path, "answer", sid, "")
    assert code == 2 and reply["error"]["message"] == "an answer is required"
    _, reply, _ = okhelp(tmp_path, "answer", sid, "13800138000")
    assert reply["field"] == "description" and reply["optional"] is True
    assert reply["hint"] == "Optional: reply 'skip' if you have none"
    _, end, _ = okhelp(tmp_path, "answer", sid, "my PIN is 482913 and it still fails")
    assert end["status"] == "escalated"
    summary = end["summary"]
    assert "482913" not in json.dumps(summary)
    assert summary["account"] == {"id": "13800138000", "kind": "phone"}
    assert summary["incident"]["occurred_at"] == "2026-11-20T15:00:00+08:00"
    assert (tmp_path / "summaries" / f"{sid}.json").exists()


def test_chinese_questions(tmp_path: Path) -> None:
    reply = _start(tmp_path, "top-up", "--lang", "zh")
    assert reply["text"] == "你是用哪种方式充值的？"
    _, reply, _ = okhelp(tmp_path, "answer", reply["session_id"], "线下充值点现金充值")
    assert reply["status"] == "in_progress"
    code, reply, _ = okhelp(tmp_path, "answer", reply["session_id"], "也许")
    assert code == 2 and reply["error"]["message"] == "这个回答不是“是”“否”或“做不到”"
    # in the session's language, as a chat would say it
    assert reply["error"]["accepted"] == "是、否或做不到（也可以回复 1、2、3，或选项文字）"


PROBE = """
import json, sys
from okhelp.frontends.cli.app import main
for args in {calls!r}:
    try:
        main(args)
    except SystemExit:
        pass
sys.stdout.flush()
sys.stderr.write("\\n" + json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & {{
    "questionary", "prompt_toolkit", "rich", "mcp", "Stemmer"}})))
"""


def test_the_step_commands_load_no_prompt_or_rendering_library(tmp_path: Path) -> None:
    """A bot pays for JSON only: no questionary, prompt_toolkit, rich, search stemmer or MCP."""
    sid = _start(tmp_path, "top-up")["session_id"]
    calls = [["start", "top-up"], ["answer", sid, "cash"], ["answer", sid, "--back"]]
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(calls=calls)],
        env=okhelp_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert json.loads(proc.stderr.strip().splitlines()[-1]) == [], proc.stderr


def test_a_pending_end_says_until_when_and_a_later_answer_goes_on(tmp_path: Path) -> None:
    first = _start(tmp_path, "withdrawal")
    sid = first["session_id"]
    okhelp(tmp_path, "answer", sid, "pending")
    # OKHELP_NOW is Saturday 21 Nov: three working days from Friday 20 Nov 18:00 end on Wednesday
    code, end, err = okhelp(tmp_path, "answer", sid, "yesterday at 6pm")
    assert code == 0, err
    assert end["status"] == "pending"
    assert end["pending_until"] == "2026-11-25T18:00+08:00"
    assert "Wed 25 Nov" in end["text"] and "solved" not in end["text"].lower()
    assert end["summary"]["status"] == "pending"
    assert end["summary"]["pending_until"] == end["pending_until"]
    code, listed, _ = okhelp(tmp_path, "sessions", "--format", "json")
    assert [(row["status"], row["pending_until"]) for row in listed] == [
        ("pending", "2026-11-25T18:00+08:00")
    ]
    code, again, err = okhelp(tmp_path, "answer", sid, "still nothing")
    assert code == 0, err
    assert again["status"] == "in_progress" and again["step"] == "check-record"
    assert "Wed 25 Nov" in (again["notice"] or "")  # back early: said, and taken on all the same


def test_a_chat_may_pass_on_the_users_verdict_once_the_session_is_solved(tmp_path: Path) -> None:
    first = _start(tmp_path, "top-up", "--lang", "en")
    session_id = first["session_id"]
    code, refused, _ = okhelp(tmp_path, "answer", session_id, "--rating", "5")
    assert code == 2 and refused["error"]["code"] == "not_rateable"  # still in progress
    okhelp(tmp_path, "answer", session_id, "cash")
    code, end, _ = okhelp(tmp_path, "answer", session_id, "yes")
    assert end["status"] == "resolved" and "1" in end["rating_question"]
    code, bad, err = okhelp(tmp_path, "answer", session_id, "--rating", "great!")
    assert code == 2 and bad["error"]["code"] == "invalid_rating"
    assert "great" not in json.dumps(bad) and "great" not in err  # nothing typed is echoed
    code, rated, _ = okhelp(tmp_path, "answer", session_id, "--rating", "4")
    assert code == 0 and rated["rating"] == 4
    assert saved_session(tmp_path, session_id)["rating"] == 4
    assert "rating" not in json.dumps(end["summary"])  # never in what goes to support


@pytest.mark.parametrize(
    ("locale", "description", "lang", "question"),
    [
        ("C.UTF-8", "my top up has not arrived", "en", "How did you top up?"),
        ("en_US.UTF-8", "充值两个小时了还没到账", "zh", "你是用哪种方式充值的？"),
        ("C.UTF-8", "儲值兩個小時了還沒到帳", "zh-Hant", "你是用哪種方式儲值的？"),
    ],
)
def test_a_session_started_without_lang_speaks_the_descriptions_language(
    tmp_path: Path, locale: str, description: str, lang: str, question: str
) -> None:
    env = {k: v for k, v in okhelp_env(tmp_path).items() if k not in ("OKHELP_LANG", "LC_ALL")}
    run = subprocess.run(
        [sys.executable, "-m", "okhelp", "start", "--description", description],
        env={**env, "LANG": locale},
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert run.returncode == 0, run.stderr
    reply = json.loads(run.stdout)
    assert reply["text"] == question
    assert saved_session(tmp_path, reply["session_id"])["lang"] == lang
    told = subprocess.run(
        [sys.executable, "-m", "okhelp", "start", "--description", description, "--lang", "zh"],
        env={**env, "LANG": locale},
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert saved_session(tmp_path, json.loads(told.stdout)["session_id"])["lang"] == "zh"


def test_a_retried_answer_with_its_position_is_refused_and_moves_nothing(tmp_path: Path) -> None:
    first = _start(tmp_path, "top-up")
    sid, position = first["session_id"], first["position"]
    code, second, err = okhelp(tmp_path, "answer", sid, "bank", "--position", str(position))
    assert code == 0, err
    assert second["position"] == position + 1
    code, again, _ = okhelp(tmp_path, "answer", sid, "bank", "--position", str(position))
    assert code == 2 and again["error"]["code"] == "stale_answer"
    assert again["question"]["position"] == second["position"]
    assert again["question"]["step"] == second["step"]
    code, current, _ = okhelp(tmp_path, "answer", sid)
    assert current["position"] == second["position"]  # nothing moved
    code, moved, err = okhelp(tmp_path, "answer", sid, "no", "--position", str(second["position"]))
    assert code == 0 and moved["position"] == second["position"] + 1, err


def test_a_resent_back_with_its_position_goes_back_once(tmp_path: Path) -> None:
    first = _start(tmp_path, "top-up")
    sid = first["session_id"]
    okhelp(tmp_path, "answer", sid, "bank")
    code, third, err = okhelp(tmp_path, "answer", sid, "no")
    assert code == 0, err
    at = str(third["position"])
    code, back, err = okhelp(tmp_path, "answer", sid, "--back", "--position", at)
    assert code == 0 and back["position"] == third["position"] - 1, err
    code, again, _ = okhelp(tmp_path, "answer", sid, "--back", "--position", at)
    assert code == 2 and again["error"]["code"] == "stale_answer"
    assert again["question"]["position"] == back["position"]

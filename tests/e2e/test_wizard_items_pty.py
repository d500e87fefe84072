"""Issue 12's wizard items in a real pseudo-terminal: arrows to "I can't do this step", a counter
that only goes down, ``<`` at the fields asked at the end, one hint, Ctrl-C there and resume, and
the review menu's save path and unwrapped JSON."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pexpect
import pytest

from tests.helpers import saved_session
from tests.helpers.pty import CTRL_C, DOWN, ENTER, finish, listed_sessions, spawn

pytestmark = pytest.mark.slow


COUNTER = re.compile(r"step (\d+) · at most (\d+) to go")


def _to_collection(child: pexpect.spawn) -> list[int]:
    """Cash top-up, "I can't do this step", not in the record, a time, an amount, no id;
    returns the "at most N to go" counts seen on the way."""
    lefts: list[int] = []

    def step(prompt: str) -> None:
        child.expect(COUNTER)
        lefts.append(int(child.match.group(2)))
        child.expect(prompt)

    step("How did you top up")
    child.send(DOWN * 2 + ENTER)  # cash
    step("Did this solve it")
    child.expect("I can't do this step")
    child.send(DOWN * 2 + ENTER)  # I can't do this step
    step("does this top-up show as successful")
    child.send(DOWN + ENTER)  # no
    step("When did you top up")
    child.send("2 hours ago" + ENTER)
    child.expect("Is that right")
    child.send(ENTER)
    step("How much did you top up")
    child.send("50" + ENTER)
    child.expect("Is that right")  # = 50.00 CNY
    child.send(ENTER)
    step("transaction ID")
    child.expect(re.escape("(type < to go back)"))
    return lefts


def test_cant_do_counter_back_at_collected_fields_and_review_save(env: dict[str, str]) -> None:
    child = spawn(["guide", "top-up", "--lang", "en"], env, columns=160)
    lefts = _to_collection(child)
    assert lefts == sorted(lefts, reverse=True) and len(set(lefts)) == len(lefts), lefts
    child.send(ENTER)  # no transaction id
    child.expect("Your wallet account")
    child.send("<" + ENTER)  # back from a collected field
    child.expect("transaction ID")
    child.send("TX2026112000001" + ENTER)
    child.expect("Your wallet account")
    child.send("13800138000" + ENTER)
    child.expect("Describe the problem")
    child.expect(re.escape("(Enter to skip, < to go back)"))
    child.send(ENTER)
    child.expect("Check it before you send it")
    child.send(DOWN * 2 + ENTER)  # save to a file
    summaries = Path(env["OKHELP_HOME"]) / "summaries"
    child.expect("Save to which file")
    child.send(ENTER)  # the default: the summaries folder
    child.expect(r"Saved: (\S+\.md)")
    saved = Path(child.match.group(1))
    assert saved.is_absolute() and saved.parent == summaries.absolute() and saved.exists()
    assert "TX2026112000001" in saved.read_text(encoding="utf-8")
    child.expect("Check it before you send it")
    child.send(ENTER)  # done
    assert finish(child) == 0
    session_id = listed_sessions(env)[0]["session_id"]
    session = saved_session(Path(env["OKHELP_HOME"]), session_id)
    assert [e["value"] for e in session["trail"]][:2] == ["cash", "not_possible"]
    from okhelp.library.catalog import load_catalog

    version = load_catalog({}).guides["top-up"].version
    assert session["status"] == "escalated" and session["guide_version"] == version


def test_ctrl_c_at_a_collected_field_then_resume(env: dict[str, str]) -> None:
    child = spawn(["guide", "top-up", "--lang", "en"], env)
    _to_collection(child)
    child.send(ENTER)
    child.expect("Your wallet account")
    child.send("lilei" + CTRL_C)
    child.expect(r"okhelp resume (\d{8}-\d{6}-[0-9a-f]{4})")
    assert finish(child) == 130
    child = spawn(["resume"], env)
    child.expect("Your wallet account")  # straight back to the field it stopped at
    child.send("<" + ENTER)
    child.expect("transaction ID")
    child.send(ENTER)
    child.expect("Your wallet account")
    child.send("lilei_2026" + ENTER)
    child.expect("Describe the problem")
    child.send(ENTER)
    child.expect("Check it before you send it")
    child.send(ENTER)
    assert finish(child) == 0
    assert listed_sessions(env)[0]["status"] == "escalated"


def test_review_json_is_not_wrapped_at_40_columns(env: dict[str, str]) -> None:
    long_words = "the top-up from my bank card has not arrived after two whole hours of waiting"
    child = spawn(
        [
            "guide",
            "top-up",
            "--lang",
            "en",
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
            f"description={long_words}",
        ],
        env,
        columns=40,
    )
    child.expect("Check it before you send it")
    child.send(DOWN * 3 + ENTER)  # show as JSON
    child.expect(re.escape(f'"description": "{long_words}"'))
    child.expect("Check it before you send it")
    child.send(ENTER)
    assert finish(child) == 0


def test_undecodable_typed_bytes_are_refused_and_ctrl_c_still_saves(env: dict[str, str]) -> None:
    child = spawn(["guide", "top-up", "--lang", "en"], env, columns=160)
    child.expect("How did you top up")
    child.send(DOWN * 2 + ENTER)  # cash
    child.expect("Did this solve it")
    child.expect("I can't do this step")
    child.send(DOWN * 2 + ENTER)
    child.expect("does this top-up show as successful")
    child.send(DOWN + ENTER)  # no
    child.expect("When did you top up")
    os.write(child.child_fd, b"2 hours ago \xff" + ENTER.encode())  # what a GBK terminal sends
    child.expect(re.escape("is not valid UTF-8 text (byte 0xff)"))
    child.send(CTRL_C)
    child.expect(r"okhelp resume (\d{8}-\d{6}-[0-9a-f]{4})")
    session_id = child.match.group(1)
    assert finish(child) == 130
    assert [row["session_id"] for row in listed_sessions(env)] == [session_id]


def _to_review(child: pexpect.spawn) -> None:
    _to_collection(child)
    child.send(ENTER)  # no transaction id
    child.expect("Your wallet account")
    child.send("13800138000" + ENTER)
    child.expect("Describe the problem")
    child.send(ENTER)
    child.expect("Check it before you send it")


def test_review_save_never_replaces_a_file_that_was_there(env: dict[str, str]) -> None:
    """A file the user already had is left alone and another name asked for at once; one this
    run saved may be saved again; a name typed there is saved in the current folder and its
    full path said."""
    here = Path(env["OKHELP_HOME"]).parent / "work"
    here.mkdir()
    child = spawn(["guide", "top-up", "--lang", "en"], env, columns=160, cwd=str(here))
    _to_review(child)
    mine = here / "notes.md"
    mine.write_text("my own notes\n", encoding="utf-8")
    child.send(DOWN * 2 + ENTER)  # save to a file
    child.expect("Save to which file")
    child.send("\x15\x1b[200~a\x1b[31m.md\x1b[201~" + ENTER)  # an escape code, pasted
    child.expect("control or escape character")
    assert not [name for name in os.listdir(here) if "\x1b" in name]
    child.send("\x15notes.md" + ENTER)  # Ctrl-U clears the default name first
    child.expect("already exists")
    assert mine.read_text(encoding="utf-8") == "my own notes\n"
    child.send("\x15ticket.md" + ENTER)  # asked again at once, under the refusal
    child.expect(r"Saved: (\S+\.md)")
    assert Path(child.match.group(1)) == here / "ticket.md"
    child.expect("Check it before you send it")
    child.send(DOWN * 2 + ENTER)
    child.expect("Save to which file")
    child.send("\x15ticket.md" + ENTER)  # saved by this run: saved again
    child.expect(r"Saved: (\S+\.md)")
    child.expect("Check it before you send it")
    child.send(ENTER)  # done
    assert finish(child) == 0
    assert "okhelp.summary record" in (here / "ticket.md").read_text(encoding="utf-8")


def test_ctrl_c_at_the_review_still_keeps_the_summary_for_support(env: dict[str, str]) -> None:
    child = spawn(["guide", "top-up", "--lang", "en"], env, columns=160)
    _to_review(child)
    child.send(CTRL_C)
    child.expect("Summary saved")
    assert finish(child) == 130
    session_id = listed_sessions(env)[0]["session_id"]
    kept = Path(env["OKHELP_HOME"]) / "summaries" / f"{session_id}.json"
    assert "13800138000" in kept.read_text(encoding="utf-8")

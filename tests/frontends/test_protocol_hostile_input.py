"""Hostile input to the step protocol: each test names the input and what must not happen."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from okhelp.fields.validation import FieldContext
from tests.helpers import Result, saved_sessions

CARD = "4539 1488 0343 6467"  # Luhn-valid, a Visa prefix


def _ctx() -> FieldContext:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Asia/Shanghai")
    return FieldContext(datetime(2026, 11, 21, 15, 42, tzinfo=zone), zone, "Asia/Shanghai")


def _saved_sessions(home: Path) -> list[dict[str, object]]:
    return sorted(saved_sessions(home), key=lambda record: str(record["session_id"]))


def test_a_long_description_is_not_cut_through_a_card_number(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    # The step protocol keeps 2,000 characters of a description; cutting before the secrets are
    # taken out left 15 of 16 card digits (the 16th follows from the Luhn check) in the session.
    description = "x" * 1981 + f" {CARD} thanks"
    result = cli("start", "top-up", "--description", description)
    assert result.code == 0, result.err
    (session,) = _saved_sessions(tmp_path / "okhelp-home")
    saved = str(session["description"])
    assert "4539 1488" not in saved
    assert "0343" not in saved
    assert len(saved) <= 2000
    assert {"field": "description", "kind": "card_number", "count": 1} in session["redactions"]


def test_the_candidates_reply_does_not_echo_secrets(cli: Callable[..., Result]) -> None:
    # 'okhelp start --description' without a clear guide echoes the description back to the bot
    # (and through MCP to the assistant's transcript): it must be the redacted one.
    result = cli("start", "--description", f"money card {CARD} pw: hunter2")
    assert result.code == 0, result.err
    reply = json.loads(result.out)
    assert reply["status"] == "choose"
    assert "hunter2" not in result.out
    assert "6467" not in result.out
    assert "[REDACTED:card_number]" in reply["description"]


def test_two_sessions_started_in_one_second_never_share_an_id(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A session id is the second it started and 16 random bits: a bot starting many sessions a
    # second draws the same id now and then, and the later start overwrote the other user's
    # session (their next answer then moved a stranger's session, with its account).
    import okhelp.domain.session

    draws = iter(["abcd", "abcd", "abce"])
    monkeypatch.setattr(okhelp.domain.session.secrets, "token_hex", lambda n: next(draws))
    first = cli("start", "top-up")
    second = cli("start", "refund")
    assert first.code == 0 and second.code == 0, first.err + second.err
    ids = {json.loads(first.out)["session_id"], json.loads(second.out)["session_id"]}
    assert len(ids) == 2
    saved = {s["session_id"]: s["guide"] for s in _saved_sessions(tmp_path / "okhelp-home")}
    assert sorted(saved.values()) == ["refund", "top-up"]
    assert saved[json.loads(first.out)["session_id"]] == "top-up"


def test_a_server_lets_go_of_a_session_it_started() -> None:
    # The MCP server is one long process: the lock taken while a new session's id is chosen
    # must not outlive the start, or 'okhelp resume ID' elsewhere would say "open elsewhere".
    from okhelp.core.runtime import Runtime
    from okhelp.frontends.protocol import Steps
    from okhelp.storage.sessions import Store

    reply = Steps(Runtime.load()).start("top-up", None, "en")
    # Another run (here another thread, which a lock held by this one would stop) finds it free.
    seen: list[bool] = []
    look = threading.Thread(
        target=lambda: seen.append(Store.from_env().open_elsewhere(reply["session_id"]))
    )
    look.start()
    look.join()
    assert seen == [False]


@pytest.mark.parametrize(
    "typed",
    [
        "TX2026111000088 otp 123456",
        "TX123456 password hunter2",
        "TX1234567 pin 8642",
        "TX1234567-cvv-123",
        "TX2026111000088 验证码 123456",
    ],
)
def test_a_transaction_id_with_a_code_or_password_in_it_is_refused(typed: str) -> None:
    # Spaces are taken out of a transaction id, so a sentence with a code in it became one
    # "id" (TX2026111000088otp123456) and the code was saved, shown and sent to support.
    from okhelp.errors import InvalidAnswer
    from okhelp.fields.validation import validate
    from okhelp.i18n.messages import reason_text

    with pytest.raises(InvalidAnswer) as refused:
        validate("transaction_id", typed, _ctx())
    assert "never" in refused.value.reason
    assert reason_text(refused.value.reason, "zh") != refused.value.reason


@pytest.mark.parametrize("typed", ["TX2026111000088", "WD-20261117-0042", "pin_user1"])
def test_ordinary_transaction_ids_are_still_taken(typed: str) -> None:
    from okhelp.fields.validation import validate

    assert validate("transaction_id", typed, _ctx()).value


def test_an_amount_is_not_read_back_as_a_time(cli: Callable[..., Result]) -> None:
    # The step protocol told the user "Time recorded as: 299.00 CNY".
    start = json.loads(cli("start", "refund").out)
    session = start["session_id"]
    for value in ("waiting", "yes", "no", "18 Nov", "Example Shop", "yesterday 3pm"):
        assert cli("answer", session, value).code == 0, value
    reply = json.loads(cli("answer", session, "299").out)
    assert reply["notice"] == "Amount recorded as: 299.00 CNY"


@pytest.mark.parametrize(
    ("typed", "secret"),
    [
        ("card 4111 1111 1111 1111 cvv 123", "4111"),
        ("验证码583920", "583920"),
        ("583920", "583920"),  # a code with no keyword is still one
        ("my password is Abc12345", "Abc12345"),
    ],
)
def test_a_refused_answer_never_repeats_a_secret(
    cli: Callable[..., Result], typed: str, secret: str
) -> None:
    start = json.loads(cli("start", "top-up").out)
    refused = cli("answer", start["session_id"], typed)
    assert refused.code == 2
    assert secret not in refused.out and secret not in refused.err
    assert "not one of the choices" in json.loads(refused.out)["error"]["message"]

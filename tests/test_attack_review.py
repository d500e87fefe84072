"""Hostile inputs found in a security review: each test names the input and what must not happen."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import Result

CARD = "4539 1488 0343 6467"  # Luhn-valid, a Visa prefix


def _saved_sessions(home: Path) -> list[dict[str, object]]:
    return [json.loads(p.read_text("utf-8")) for p in sorted((home / "sessions").glob("*.json"))]


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

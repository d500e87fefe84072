"""The wizard with a scripted prompter: given answers, prompts, back, collection, saving."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from okhelp.domain.engine import Engine
from okhelp.domain.session import Session
from okhelp.errors import AnswerError, Interrupted, StoreError
from okhelp.frontends.terminal.wizard import BACK, Wizard
from okhelp.library.catalog import load_catalog
from okhelp.storage.sessions import Store
from tests.helpers.wizard import NOW, Notes, Script, scripted_wizard

# Answers that walk top-up to its escalation, all but the account and the description.
CASH_TOP_UP_TO_ESCALATION = {
    "method": "cash",
    "cash-receipt": "no",
    "check-record": "no",
    "when": "2 hours ago",
    "amount": "50",
    "txn": "",
}


def test_walks_to_a_resolved_end_with_prompts(tmp_path: Path) -> None:
    wizard, script, _ = scripted_wizard(
        tmp_path, "top-up", replies=["third-party", "yes", "yes", "yes"]
    )
    session = wizard.run()
    assert session.status == "resolved" and session.end == ("top-up", "done")
    assert script is not None and not script.replies


def test_only_missing_answers_are_asked(tmp_path: Path) -> None:
    given = {"method": "bank", "bank-remark": "no", "bank-sent": "yes"}
    wizard, script, _ = scripted_wizard(tmp_path, "top-up", replies=["yes", "yes"], given=given)
    assert wizard.run().end == ("top-up", "done")
    assert script is not None
    assert next(a[1] for a in script.asked).startswith("Open the wallet's top-up record")


def test_an_invalid_given_answer_is_reported_then_asked(tmp_path: Path) -> None:
    wizard, _script, notes = scripted_wizard(
        tmp_path, "top-up", replies=["cash", "yes"], given={"method": "teleport"}
    )
    assert wizard.run().status == "resolved"
    # The refusal is said in the user's words, never under the step's internal id.
    assert "problem 'teleport' is not one of the choices" in notes.shown
    assert not any(note.startswith("problem method") for note in notes.shown)


def test_back_rewinds_and_offers_the_earlier_answer(tmp_path: Path) -> None:
    replies = ["bank", "no", BACK, BACK, "third-party", "yes", "yes", "yes"]
    wizard, script, _ = scripted_wizard(tmp_path, "top-up", replies=replies)
    session = wizard.run()
    assert session.end == ("top-up", "done")
    assert script is not None
    # after two steps back the method menu points at the earlier answer
    method_prompts = [a for a in script.asked if a[1] == "How did you top up?"]
    assert method_prompts[1][2] == {"default": "bank", "back": False}
    assert [e.step for e in session.trail] == [
        "method",
        "third-party-status",
        "check-record",
        "refresh",
    ]


def test_invalid_input_is_asked_again_and_time_is_confirmed(tmp_path: Path) -> None:
    replies = [
        "cash",
        "no",
        "no",
        "next year",
        "tomorrow",
        "昨天下午3点",
        "no",
        "yesterday 3pm",
        "yes",
        "abc",
        "120.5 元",
        "yes",
        "",
        "13800138000",
        "钱没到",
    ]
    wizard, script, _ = scripted_wizard(tmp_path, "top-up", replies=replies)
    session = wizard.run()
    assert session.status == "escalated"
    assert script is not None
    invalid = [a for a in script.asked if a[0] == "invalid"]
    assert [a[1] for a in invalid] == ["next year", "tomorrow", "abc"]
    confirms = [a[1] for a in script.asked if a[1].startswith("=")]
    assert confirms == ["= 2026-11-20 15:00 (Fri). Is that right?"] * 2 + [
        "= 120.50 CNY. Is that right?"
    ]
    assert session.fields["occurred_at"]["value"] == "2026-11-20T15:00:00+08:00"
    assert session.fields["occurred_at"]["text"] == "yesterday 3pm"
    assert session.fields["amount"]["value"] == "120.50"
    assert session.fields["transaction_id"]["value"] is None
    assert session.fields["account"]["kind"] == "phone"
    assert session.description == "钱没到"


def test_going_back_over_an_input_forgets_its_field(tmp_path: Path) -> None:
    replies = ["cash", "no", "no", "yesterday 3pm", "yes", BACK, BACK, BACK, "yes", "yes"]
    wizard, _, _ = scripted_wizard(tmp_path, "top-up", replies=replies)
    session = wizard.run()
    assert session.status == "resolved"
    assert "occurred_at" not in session.fields


def test_without_a_prompter_a_missing_answer_names_the_step(tmp_path: Path) -> None:
    wizard, _, _ = scripted_wizard(tmp_path, "top-up", given={"method": "bank"})
    with pytest.raises(AnswerError) as caught:
        wizard.run()
    assert caught.value.step_id == "bank-remark"
    assert caught.value.accepted == "yes, no, not_possible"
    assert caught.value.hint and "okhelp resume 20261121-154200-abcd" in caught.value.hint


def test_without_a_prompter_an_invalid_field_is_a_usage_error(tmp_path: Path) -> None:
    given = {"method": "cash", "cash-receipt": "no", "check-record": "no", "when": "whenever"}
    wizard, _, _ = scripted_wizard(tmp_path, "top-up", given=given)
    with pytest.raises(AnswerError) as caught:
        wizard.run()
    assert caught.value.step_id == "when" and "not a time" in caught.value.reason


def test_escalation_needs_the_collected_fields_without_a_terminal(tmp_path: Path) -> None:
    given = CASH_TOP_UP_TO_ESCALATION
    wizard, _, _ = scripted_wizard(tmp_path, "top-up", given=given)
    with pytest.raises(AnswerError) as caught:
        wizard.run()
    assert caught.value.step_id == "escalate" and "'account'" in caught.value.reason
    wizard, _, _ = scripted_wizard(
        tmp_path, "top-up", given={**given, "account": "u_12345", "description": ""}
    )
    session = wizard.run()
    assert session.status == "escalated" and session.fields["account"]["kind"] == "user_id"


def test_interrupt_saves_and_says_how_to_resume(tmp_path: Path) -> None:
    store = Store(tmp_path / "home")
    wizard, _, _ = scripted_wizard(
        tmp_path, "top-up", replies=["bank", Interrupted("interrupted")], store=store
    )
    with pytest.raises(Interrupted) as caught:
        wizard.run()
    assert caught.value.hint and "okhelp resume 20261121-154200-abcd" in caught.value.hint
    saved = store.load_session("20261121-154200-abcd")
    assert saved.status == "in_progress" and [e.step for e in saved.trail] == ["method"]


def test_interrupt_at_the_first_step_keeps_the_description(tmp_path: Path) -> None:
    """Ctrl-C before any answer still keeps what the user typed to find the guide."""
    store = Store(tmp_path / "home")
    wizard, _, _ = scripted_wizard(
        tmp_path, "top-up", replies=[Interrupted("interrupted")], store=store
    )
    wizard.session.description = "充值两个小时了还没到账"
    with pytest.raises(Interrupted) as caught:
        wizard.run()
    assert caught.value.hint and "okhelp resume 20261121-154200-abcd" in caught.value.hint
    saved = store.load_session("20261121-154200-abcd")
    assert saved.description == "充值两个小时了还没到账" and saved.trail == []


def test_interrupt_before_anything_entered_saves_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "home")
    wizard, _, _ = scripted_wizard(
        tmp_path, "top-up", replies=[Interrupted("interrupted")], store=store
    )
    with pytest.raises(Interrupted) as caught:
        wizard.run()
    assert caught.value.hint is None and store.list_sessions() == ([], [])


def test_resumed_session_continues_where_it_stopped(tmp_path: Path) -> None:
    store = Store(tmp_path / "home")
    wizard, _, _ = scripted_wizard(
        tmp_path, "top-up", replies=["third-party", Interrupted("x")], store=store
    )
    with pytest.raises(Interrupted):
        wizard.run()
    guides = load_catalog({}).guides
    resumed = Wizard(
        engine=Engine(guides, "top-up"),
        session=store.load_session("20261121-154200"),
        lang="en",
        field_ctx=wizard.field_ctx,
        answers={},
        prompter=Script(["yes", "yes", "yes"]),
        view=Notes(),
        store=store,
        now=lambda: NOW,
    )
    assert resumed.run().end == ("top-up", "done")
    assert store.load_session("20261121-154200-abcd").status == "resolved"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a read-only folder")
def test_a_read_only_data_folder_warns_and_the_run_goes_on(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o500)
    try:
        wizard, _, notes = scripted_wizard(
            tmp_path, "top-up", replies=["third-party", "yes", "yes", "yes"], store=Store(home)
        )
        assert wizard.run().status == "resolved"
        assert (
            sum(note.startswith("notice Note: progress cannot be saved") for note in notes.shown)
            == 1
        )
    finally:
        home.chmod(0o700)


class DiskFillsUp(Store):
    """A store whose disk fills up after a number of saves."""

    def __init__(self, home: Path, saves: int) -> None:
        super().__init__(home)
        self.saves_left = saves

    def save_session(self, session: Session) -> Path:
        if self.saves_left == 0:
            raise StoreError("no space left on device")
        self.saves_left -= 1
        return super().save_session(session)


def test_no_resume_hint_when_the_last_save_fails(tmp_path: Path) -> None:
    """Three answers are saved; the save on the way out fails, so no "saved" promise is made."""
    given = {"method": "cash", "cash-receipt": "no", "check-record": "no", "when": "whenever"}
    store = DiskFillsUp(tmp_path / "home", saves=3)
    wizard, _, _ = scripted_wizard(tmp_path, "top-up", given=given, store=store)
    with pytest.raises(AnswerError) as caught:
        wizard.run()
    assert caught.value.step_id == "when" and caught.value.hint is None
    store = DiskFillsUp(tmp_path / "home2", saves=1)
    wizard, _, _ = scripted_wizard(
        tmp_path, "top-up", replies=["bank", Interrupted("x")], store=store
    )
    with pytest.raises(Interrupted) as interrupted:
        wizard.run()
    assert interrupted.value.hint is None


def test_a_data_folder_that_is_a_file_warns_and_the_run_goes_on(tmp_path: Path) -> None:
    blocker = tmp_path / "home"
    blocker.write_text("not a folder")
    wizard, _, notes = scripted_wizard(
        tmp_path, "top-up", replies=["third-party", "yes", "yes", "yes"], store=Store(blocker)
    )
    assert wizard.run().status == "resolved"
    assert (
        sum(note.startswith("notice Note: progress cannot be saved") for note in notes.shown) == 1
    )


def test_review_edits_a_field_saves_and_shows_json(tmp_path: Path) -> None:
    from okhelp.frontends.terminal.wizard import ReviewActions, review

    given = {**CASH_TOP_UP_TO_ESCALATION, "account": "13800138000", "description": "钱没到"}
    replies = [
        "edit",
        "account",
        "lilei_2026",
        "edit",
        "description",
        "卡号 4111 1111 1111 1111 还是不行",
        "save",
        "out.md",
        "json",
        "done",
    ]
    wizard, _, notes = scripted_wizard(tmp_path, "top-up", replies=replies, given=given)
    wizard.run()
    calls: list[str] = []
    actions = ReviewActions(
        show=lambda: calls.append("show"),
        save=lambda path: calls.append(f"save {path}") or f"saved {path}",
        show_json=lambda: calls.append("json"),
        default_file="x.md",
    )
    review(wizard, actions)
    assert calls == ["show", "show", "save out.md", "json"]
    assert wizard.session.fields["account"]["value"] == "lilei_2026"
    assert wizard.session.description == "卡号 [REDACTED:card_number] 还是不行"
    assert wizard.session.redactions == [
        {"field": "description", "kind": "card_number", "count": 1}
    ]
    assert any("removed" in note for note in notes.shown)
    saved = Store(tmp_path / "home").load_session("20261121-154200-abcd")
    assert saved.fields["account"]["value"] == "lilei_2026"


def test_files_saved_in_the_review_are_rewritten_after_an_edit(tmp_path: Path) -> None:
    """A file saved before an edit is brought up to date (or said to be stale) at once."""
    from okhelp.frontends.terminal.wizard import ReviewActions, review

    given = {**CASH_TOP_UP_TO_ESCALATION, "account": "13800138000", "description": "钱没到"}
    replies = ["save", "out.md", "edit", "account", "lilei_2026", "done"]
    wizard, _, notes = scripted_wizard(tmp_path, "top-up", replies=replies, given=given)
    wizard.run()
    refreshed: list[str] = []

    def refresh() -> list[str]:
        refreshed.append(wizard.session.fields["account"]["value"])
        return ["Updated out.md"]

    actions = ReviewActions(
        show=lambda: None,
        save=lambda path: f"saved {path}",
        show_json=lambda: None,
        default_file="x.md",
        refresh=refresh,
    )
    review(wizard, actions)
    assert refreshed == ["lilei_2026"]  # after the edit, with the edited value
    assert any("Updated out.md" in note for note in notes.shown)


def test_validation_reasons_are_shown_in_chinese(tmp_path: Path) -> None:
    from okhelp.i18n.messages import Reason, reason_text

    future = Reason("reason_future")
    assert reason_text(future, "zh").startswith("这个时间还没到，请填过去的时间")
    assert reason_text(Reason("reason_unknown_currency", written="XYZ"), "zh").startswith(
        "不认识的币种“XYZ”"
    )
    assert reason_text(Reason("reason_too_long", count=12000), "zh") == "太长了（12000 个字符）"
    # Text that is not a coded refusal is never guessed at from its English words.
    assert reason_text(str(future), "zh") == str(future)
    assert reason_text(future, "en") == future
    wizard, script, _ = scripted_wizard(
        tmp_path,
        "top-up",
        replies=[
            "cash",
            "no",
            "no",
            "不记得了",
            "2 hours ago",
            "yes",
            "5",
            "yes",
            "",
            "13800138000",
            "",
        ],
    )
    wizard.lang = "zh"
    wizard.run()
    assert script is not None
    assert [a[2] for a in script.asked if a[0] == "invalid"] == [
        "没看懂这个时间（例如：昨天下午3点、两小时前、上周二晚上、2026-11-20 14:30）"
    ]

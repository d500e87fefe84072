"""A session's priority and signals: what happened raises it (money gone to a scam is urgent),
the amount decides a money case by the config's thresholds, and helpdesk payloads carry both."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from okhelp.core.priority import assess
from okhelp.core.summary import build
from okhelp.domain.engine import Engine, Entry
from okhelp.domain.model import Guide
from okhelp.domain.session import Session
from okhelp.errors import GuideError, UsageError
from okhelp.library.cache import content_digest
from okhelp.library.catalog import load_catalog
from okhelp.output.helpdesk import freshdesk, zendesk
from okhelp.storage.config import Config, load_config
from tests.helpers.sample_guides import sample_guide
from tests.helpers.summary_records import NOW, field

GUIDES = load_catalog({}).guides


def _session(
    guides: Mapping[str, Guide], guide_id: str, answers: list[Any], amount: str | None = None
) -> Session:
    """Walk ``answers`` through the guide with the engine, as a session that ended there."""
    engine = Engine(guides, guide_id)
    state = engine.start()
    for value in answers:
        state = engine.answer(state, value)
    fields = {"amount": field("amount", amount, "collect")} if amount else {}
    return Session(
        session_id="20261121-153012-7f3a",
        guide=guide_id,
        lang="en",
        started_at="2026-11-21T15:30:12+08:00",
        updated_at="2026-11-21T15:41:00+08:00",
        status="escalated" if state.done else "in_progress",
        trail=list(state.trail),
        fields=fields,
        end=state.key if state.done else None,
    )


SCAM_PAID = ["impostor", None, True, None, True, None, "工商银行 王某", "微信 kefu"]


def test_a_scam_victim_who_sent_money_is_urgent_with_what_happened_as_tags() -> None:
    session = _session(GUIDES, "suspicious-activity", SCAM_PAID, "5000")
    assessed = assess(session, GUIDES, Config())
    assert assessed.priority == "urgent"
    assert assessed.signals == ("money-sent", "scam-contact", "secret-shared")


def test_fake_support_without_money_gone_is_high_not_urgent() -> None:
    session = _session(GUIDES, "suspicious-activity", ["impostor", None, True, None, False])
    assessed = assess(session, GUIDES, Config())
    assert assessed.priority == "high"
    assert "money-sent" not in assessed.signals and "scam-contact" in assessed.signals


def test_a_scam_contact_is_high_even_for_a_small_amount_in_every_guide() -> None:
    """Wherever a guide tags a scam contact, the amount cannot lower it to normal."""
    for guide in GUIDES.values():
        for signal in guide.signals:
            if signal.tag == "scam-contact":
                assert signal.priority in ("high", "urgent"), (guide.id, signal.after)
    session = _session(GUIDES, "wrong-recipient", ["received", None, False, True], "50")
    assessed = assess(session, GUIDES, Config())
    assert "scam-contact" in assessed.signals and assessed.priority == "high"


@pytest.mark.parametrize(
    ("amount", "priority"),
    [
        ("23.99 GBP", "normal"),
        ("119.99 GBP", "normal"),
        ("120 GBP", "high"),
        ("45", "normal"),  # the default currency, CNY
        ("5000", "high"),
        ("300 THB", "high"),  # a currency without a threshold: nobody can say it is small
        (None, "high"),  # no amount given: an agent should look
    ],
)
def test_a_money_case_is_high_or_normal_by_its_amount(amount: str | None, priority: str) -> None:
    session = _session(GUIDES, "top-up", ["third-party", False], amount)
    assert assess(session, GUIDES, Config()).priority == priority


def test_a_security_case_is_never_below_high_even_without_a_signal() -> None:
    session = _session(GUIDES, "lost-phone", ["lost"])
    assert GUIDES["lost-phone"].category == "security"
    assessed = assess(session, GUIDES, Config())
    assert assessed == type(assessed)("high", ())


def test_thresholds_come_from_the_config_and_replace_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("priority:\n  high_from: {GBP: 10}\n", encoding="utf-8")
    config = load_config({"OKHELP_CONFIG": str(path)})
    pounds = _session(GUIDES, "top-up", ["third-party", False], "23.99 GBP")
    yuan = _session(GUIDES, "top-up", ["third-party", False], "45")
    assert assess(pounds, GUIDES, config).priority == "high"
    assert assess(yuan, GUIDES, config).priority == "high"  # CNY has no threshold any more


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("priority: high\n", "must be a mapping"),
        ("priority: {high_from: {RMB: 10}}\n", "not an ISO 4217"),
        ("priority: {high_from: {CNY: -5}}\n", "above 0"),
        ("priority: {high_from: {CNY: lots}}\n", "above 0"),
        ("priority: {high_form: {CNY: 10}}\n", "unknown key"),
    ],
)
def test_a_bad_threshold_is_refused_at_its_place(tmp_path: Path, text: str, complaint: str) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=complaint):
        load_config({"OKHELP_CONFIG": str(path)})


SIGNALLED = textwrap.dedent(
    """\
    id: signalled
    category: account
    title: {zh: 信号, en: Signals}
    summary: {zh: 信号, en: Signals}
    start: what
    steps:
      - id: what
        type: choice
        text: {zh: 什么?, en: What?}
        choices:
          - {id: a, label: {zh: 甲, en: A}, next: paid}
          - {id: b, label: {zh: 乙, en: B}, next: paid}
          - {id: c, label: {zh: 丙, en: C}, next: paid}
      - id: paid
        type: confirm
        text: {zh: 付了吗?, en: Paid?}
        on_yes: done
        on_no: done
      - id: done
        type: end
        outcome: escalate
        text: {zh: 找客服, en: Contact support}
    signals:
      - after: {what: [a, b], paid: "yes"}
        tag: a-b-or-paid
        priority: urgent
      - after: {what: c}
        tag: c-picked
    """
)


@pytest.mark.parametrize(
    ("answers", "priority", "tags"),
    [
        (["a", False], "urgent", ("a-b-or-paid",)),
        (["b", False], "urgent", ("a-b-or-paid",)),
        (["c", True], "urgent", ("a-b-or-paid", "c-picked")),  # raised once, in guide order
        (["c", False], "normal", ("c-picked",)),  # a tag without a priority changes none
    ],
)
def test_any_one_of_a_signals_answers_raises_it(
    answers: list[Any], priority: str, tags: tuple[str, ...]
) -> None:
    guide = sample_guide(SIGNALLED, "signalled")
    session = _session({guide.id: guide}, guide.id, answers)
    assessed = assess(session, {guide.id: guide}, Config())
    assert (assessed.priority, assessed.signals) == (priority, tags)


def test_a_signal_reads_only_its_own_guides_answers() -> None:
    guide = sample_guide(SIGNALLED, "signalled")
    guides = {guide.id: guide}
    session = _session(guides, guide.id, ["c", True])
    session.trail = [Entry("elsewhere", "what", "a"), Entry("elsewhere", "paid", True)]
    assert assess(session, guides, Config()).signals == ()


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ("priority: urgent", "priority: urgnet", "did you mean 'urgent'"),
        ("tag: c-picked", "tag: " + "c" * 25, "too long"),
        ("tag: c-picked", "tag: C Picked", "lowercase letters"),
        ("after: {what: c}", "after: {whom: c}", "does not exist: 'whom'"),
        ("after: {what: c}", "after: {what: d}", "not an answer of step 'what'"),
        ("    tag: c-picked\n", "", "tag"),
    ],
)
def test_the_loader_refuses_a_signal_it_cannot_raise(old: str, new: str, complaint: str) -> None:
    assert old in SIGNALLED
    with pytest.raises(GuideError, match=complaint):
        sample_guide(SIGNALLED.replace(old, new), "signalled")


def test_signals_change_nothing_the_user_sees() -> None:
    with_signals = sample_guide(SIGNALLED, "signalled")
    without = sample_guide(SIGNALLED.split("signals:\n")[0], "signalled")
    assert with_signals.signals and not without.signals
    assert content_digest(with_signals) == content_digest(without)


def test_helpdesk_payloads_carry_the_priority_and_the_tags() -> None:
    session = _session(GUIDES, "suspicious-activity", SCAM_PAID, "5000")
    record = build(session, GUIDES, Config(), NOW)
    assert record["priority"] == "urgent" and "money-sent" in record["signals"]
    ticket = zendesk(record, "en", Config())[0]["ticket"]
    assert ticket["priority"] == "urgent"
    assert {"okhelp-money-sent", "okhelp-scam-contact"} <= set(ticket["tags"])
    assert freshdesk(record, "en", Config())[0]["priority"] == 4
    # A record from before priorities were worked out keeps the category's.
    old = dict(record)
    del old["priority"], old["signals"]
    assert zendesk(old, "en", Config())[0]["ticket"]["priority"] == "high"  # type: ignore[arg-type]

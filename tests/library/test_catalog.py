"""The built-in catalogue: every guide of DESIGN.md section 4 and the three added since, complete,
safe and bilingual."""

from __future__ import annotations

import re

import pytest

from okhelp.authoring.checker import check_rules, run_examples
from okhelp.domain.model import CUSTOM_FIELD_PATTERN, WELL_KNOWN_FIELDS, Guide
from okhelp.fields.redaction import forbidden_field
from okhelp.i18n.messages import LANGS
from okhelp.library.catalog import load_catalog

CATALOGUE = {
    "register",
    "login",
    "password-reset",
    "payment-failed",
    "top-up",
    "withdrawal",
    "refund",
    "account-frozen",
    "suspicious-activity",
    "account-security",
    "fees",
    "limits",
    "app-problem",
    "cross-border",
    "profile-update",
    "contact-support",
    "wrong-recipient",
    "lost-phone",
    "close-account",
}
NEW_TOPICS = ("wrong-recipient", "lost-phone", "close-account")
GUIDES = load_catalog({}).guides

# Anything that looks like contact details: numbers to call, web addresses, e-mail addresses.
CONTACT_DETAILS = re.compile(
    r"https?://|www\.|\b[\w.+-]+@[\w-]+\.\w+|\b\d{3,4}[- ]?\d{3,4}[- ]?\d{3,4}\b|\b1[3-9]\d{9}\b|\+\d{6,}"
)


def _texts(guide: Guide) -> list[str]:
    found = [*guide.title.by_lang.values(), *guide.summary.by_lang.values()]
    for step in guide.steps.values():
        found.extend(step.text.by_lang.values())
        for choice in step.choices:
            found.extend(choice.label.by_lang.values())
    return found


def test_the_catalogue_is_complete() -> None:
    assert set(GUIDES) == CATALOGUE


@pytest.mark.parametrize("guide_id", sorted(CATALOGUE))
def test_each_guide_is_a_real_decision_tree(guide_id: str) -> None:
    guide = GUIDES[guide_id]
    assert len(guide.steps) >= 6
    assert any(step.type in ("choice", "confirm") for step in guide.steps.values())
    outcomes = {step.outcome for step in guide.ends()}
    # Every guide can solve the problem and hand it over; some can also tell the user to wait.
    assert {"resolved", "escalate"} <= outcomes <= {"resolved", "escalate", "pending"}


@pytest.mark.parametrize("guide_id", sorted(CATALOGUE))
def test_inputs_are_well_known_or_custom_and_never_secret(guide_id: str) -> None:
    for step in GUIDES[guide_id].steps.values():
        for name in ([step.field] if step.field else []) + list(step.collect):
            assert name in WELL_KNOWN_FIELDS or CUSTOM_FIELD_PATTERN.match(name)
            assert forbidden_field(name) is None


@pytest.mark.parametrize("guide_id", sorted(g for g in CATALOGUE if GUIDES[g].category == "money"))
def test_money_guides_collect_what_an_agent_needs(guide_id: str) -> None:
    for end in GUIDES[guide_id].ends():
        if end.outcome == "escalate":
            assert {"account", "transaction_id", "occurred_at", "amount"} <= set(end.collect)


@pytest.mark.parametrize("guide_id", sorted(CATALOGUE))
def test_no_invented_contact_details(guide_id: str) -> None:
    for text in _texts(GUIDES[guide_id]):
        assert not CONTACT_DETAILS.search(text), text


@pytest.mark.parametrize("guide_id", sorted(CATALOGUE))
def test_keywords_in_both_languages_with_colloquial_words(guide_id: str) -> None:
    guide = GUIDES[guide_id]
    for lang in LANGS:
        assert len(guide.keywords[lang]) >= 8, (guide_id, lang)


@pytest.mark.parametrize("guide_id", sorted(CATALOGUE))
def test_chinese_text_uses_chinese_punctuation(guide_id: str) -> None:
    for step in GUIDES[guide_id].steps.values():
        zh = step.text.get("zh")
        assert not re.search(r"[\u4e00-\u9fff][,?!;:]|[,?!;:][\u4e00-\u9fff]", zh), zh


def test_safety_guides_lead_with_what_to_do_now() -> None:
    frozen = GUIDES["account-frozen"]
    first = frozen.steps[frozen.start].text.get("en")
    assert "unfreeze fee" in first and "never" in first
    suspicious = GUIDES["suspicious-activity"]
    assert "Forgot password" in suspicious.steps["secure-now"].text.get("en")
    assert "never" in GUIDES["contact-support"].steps["never-ask"].text.get("en")


def _links(guide_id: str) -> set[str | None]:
    return {step.guide for step in GUIDES[guide_id].steps.values() if step.type == "link"}


def test_login_links_to_reset_frozen_lost_phone_and_scams() -> None:
    assert _links("login") == {
        "password-reset",
        "account-frozen",
        "lost-phone",
        "suspicious-activity",
    }


def test_the_guides_where_topics_meet_link_to_the_new_ones() -> None:
    assert "lost-phone" in _links("account-security")
    assert {"lost-phone", "wrong-recipient"} <= _links("suspicious-activity")
    assert "wrong-recipient" in _links("payment-failed")
    assert "suspicious-activity" in _links("close-account")


@pytest.mark.parametrize("guide_id", NEW_TOPICS)
def test_new_topics_are_as_complete_as_the_best(guide_id: str) -> None:
    guide = GUIDES[guide_id]
    assert len(guide.steps) >= 8
    assert sum(step.type in ("choice", "confirm") for step in guide.steps.values()) >= 2
    ends = guide.ends()
    assert {"resolved", "escalate"} <= {end.outcome for end in ends}
    reached = {run.state.step for run in run_examples(guide, GUIDES) if run.state is not None}
    assert reached >= {end.id for end in ends}
    assert guide.rules, "money or secrets are involved: the guide states its path rules"


def test_wrong_recipient_collects_the_recipient_as_the_app_shows_it() -> None:
    guide = GUIDES["wrong-recipient"]
    for end in guide.ends():
        if end.outcome == "escalate":
            assert {"account", "transaction_id", "occurred_at", "amount", "x-recipient"} <= set(
                end.collect
            )
    asked = [step for step in guide.steps.values() if step.field == "x-recipient"]
    assert asked and "app" in asked[0].text.get("en")


def test_limits_collects_the_limit_needed() -> None:
    limits = GUIDES["limits"]
    (escalate,) = [end for end in limits.ends() if end.outcome == "escalate"]
    assert "x-limit-needed" in escalate.collect
    assert any(step.field == "x-limit-needed" for step in limits.steps.values())


# Every path on which the user says money, a code, a password or remote access left their hands
# must escalate; these guides prove it with rules that `okhelp guides check` enforces.
SAFETY_RULES = {
    "suspicious-activity": {"shared", "what", "check-records"},
    "lost-phone": {"check-records", "other-device", "sim", "change-passwords"},
    "wrong-recipient": {"sent-back", "ask-back"},
    "close-account": {"withdraw-first"},
}


@pytest.mark.parametrize("guide_id", sorted(SAFETY_RULES))
def test_safety_guides_state_escalation_rules(guide_id: str) -> None:
    escalating = {
        step_id
        for rule in GUIDES[guide_id].rules
        if rule.every_end == "escalate"
        for step_id, _ in rule.after
    }
    assert SAFETY_RULES[guide_id] <= escalating


def test_every_builtin_rule_holds() -> None:
    for guide in GUIDES.values():
        assert check_rules(guide, GUIDES) == [], guide.id


def test_yes_no_questions_carry_labels_that_fit() -> None:
    shared = GUIDES["suspicious-activity"].steps["shared"]
    assert shared.yes_no_labels("en") == ("Yes, at least one of them", "No, none of them")
    twice = GUIDES["payment-failed"].steps["twice"]
    assert "fixed" not in " ".join(twice.yes_no_labels("en"))


def test_contact_support_shows_the_configured_channels() -> None:
    from okhelp.domain.templating import fill_placeholders

    text = GUIDES["contact-support"].steps["phone"].text.get("zh")
    filled = fill_placeholders(text, ["官方 APP 内在线客服", "客服电话：以官网为准"])
    assert "{channels}" not in filled and "• 客服电话：以官网为准" in filled

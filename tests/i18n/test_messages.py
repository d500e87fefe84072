"""The catalogue has words, in both languages, for every name okhelp shows by id."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from okhelp.authoring.graph import mermaid
from okhelp.authoring.loader import parse_guide
from okhelp.core.conversation import field_question
from okhelp.core.summary import field_label
from okhelp.domain.model import CATEGORIES, WELL_KNOWN_FIELDS
from okhelp.i18n.messages import LANGS, MESSAGES, message, words_of

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("field", WELL_KNOWN_FIELDS)
def test_every_well_known_field_has_a_question_and_a_label(field: str, lang: str) -> None:
    question, label = field_question(field, lang), field_label(field, lang)
    assert question != f"{field}?" and label != field
    assert bool(HAN.search(question)) is (lang == "zh")


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_category_is_worded_in_both_languages(category: str) -> None:
    assert HAN.search(message(f"category.{category}", "zh"))
    assert not HAN.search(message(f"category.{category}", "en"))


def test_a_custom_field_is_asked_by_its_own_name() -> None:
    assert field_question("x-order-ref", "zh") == "x-order-ref?"
    assert field_label("x-order-ref", "en") == "x-order-ref"


def test_words_of_reads_one_group_only() -> None:
    labels = words_of("label", "en")
    assert labels["title"] == "Contact summary"
    assert not any("." in name for name in labels)
    assert set(labels) == {k.removeprefix("label.") for k in MESSAGES if k.startswith("label.")}


def test_a_drawing_speaks_the_language_asked() -> None:
    path = Path(__file__).parents[2] / "guides" / "top-up.yaml"
    guide = parse_guide(path.read_bytes(), str(path))
    assert message("graph.legend", "zh") in mermaid(guide, "zh")
    assert message("graph.legend", "en") in mermaid(guide, "en")
    assert message("graph.legend", "zh") not in mermaid(guide, "en")

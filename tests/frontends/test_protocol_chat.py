"""A chat bot's walk: every built-in guide to each of its ends, in both languages, answered as
people type in a chat — the start of an option's words, never an empty message ("skip" for an
optional question) — with the guide's title and whether Back is possible in each reply."""

from __future__ import annotations

import json
from typing import Any

import pytest

from okhelp.authoring.checker import run_examples
from okhelp.core.runtime import Runtime
from okhelp.errors import OkhelpError
from okhelp.frontends.protocol import Steps
from okhelp.library.catalog import load_catalog

GUIDES = load_catalog({}).guides
SAMPLES = {
    "account": "13800138000",
    "transaction_id": "TX2026112000001",
    "occurred_at": "2 hours ago",
    "amount": "100 元",
}
SKIP = {"zh": "跳过", "en": "skip"}
ACK = {"zh": "好的", "en": "ok"}


def _start_of(label: str, others: list[str]) -> str:
    """The shortest start of a label, as a person cuts it (whole words; two characters or more
    of Chinese), that no other label holds."""
    folded = [other.casefold() for other in others]
    starts = []
    for size in range(1, len(label) + 1):
        start = label[:size].rstrip(" ,.;:，。；：")
        inside_a_word = (
            size < len(label)
            and label[size - 1 : size + 1].isascii()
            and (label[size - 1].isalnum() and label[size].isalnum())
        )
        long_enough = len(start) >= (3 if start.isascii() else 2)
        if start and not inside_a_word and long_enough and start not in starts:
            starts.append(start)
    for start in starts:
        if not any(start.casefold() in other for other in folded):
            return start
    return label


def _chat_reply(question: dict[str, Any], answers: dict[str, Any], lang: str) -> str:
    keys = [f"{question['guide']}.{question['step']}", question["step"], question["field"] or ""]
    given = next((answers[key] for key in keys if key in answers), None)
    if question["kind"] == "ack":
        return ACK[lang]
    if question["kind"] in ("choice", "yesno"):
        wanted = {True: "yes", False: "no"}.get(given, given) if isinstance(given, bool) else given
        labels = {option["id"]: option["label"] for option in question["options"]}
        label = labels[str(wanted)]
        return _start_of(label, [other for oid, other in labels.items() if oid != wanted])
    text = str(given) if given is not None else SAMPLES.get(question["field"] or "", "")
    if not text.strip():
        assert question["optional"], question  # an empty answer is only ever a skip
        return SKIP[lang]
    return text


def _cases() -> list[tuple[str, int]]:
    picked: dict[tuple[str, str, str], tuple[str, int]] = {}
    for guide in GUIDES.values():
        for index, run in enumerate(run_examples(guide, GUIDES)):
            assert run.state is not None
            picked.setdefault((guide.id, run.state.guide, run.state.step), (guide.id, index))
    return sorted(picked.values())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_chat_bot_walks_every_guide_to_each_end_by_the_start_of_labels(lang: str) -> None:
    steps = Steps(Runtime.load())
    problems: list[str] = []
    for guide_id, index in _cases():
        example = GUIDES[guide_id].examples[index]
        answers = dict(example.answers)
        reply = steps.start(guide_id, None, lang)
        assert reply["guide_title"] == GUIDES[guide_id].title.get(lang)
        assert reply["can_go_back"] is False
        moves = 0
        came_back = False
        text = ""
        try:
            while reply["status"] in ("in_progress", "pending"):
                if reply["status"] == "pending":
                    step = steps.runtime.store.load_session(reply["session_id"]).end
                    if step is None or answers.get(step[1]) != "waited":
                        break
                    text = "还没到" if lang == "zh" else "still nothing"
                    came_back = True
                else:
                    # once something is answered, Back is open (the wait closes what came before)
                    assert reply["can_go_back"] is (moves > 0) or came_back, reply
                    text = _chat_reply(reply, answers, lang)
                assert text.strip(), reply  # a chat cannot send an empty message
                reply = steps.answer(reply["session_id"], text)
                moves += 1
                assert moves < 40
        except OkhelpError as exc:
            asked = [o["label"] for o in reply.get("options", [])]
            problems.append(f"{guide_id} '{example.name}' ({lang}): {exc}: {text!r} for {asked}")
            continue
        expected = {"resolved": "resolved", "escalate": "escalated", "pending": "pending"}[
            example.expect_outcome or "resolved"
        ]
        if reply["status"] != expected:
            problems.append(f"{guide_id} '{example.name}' ({lang}): {reply['status']}")
        if SKIP[lang] in json.dumps(reply.get("summary"), ensure_ascii=False):
            problems.append(f"{guide_id} '{example.name}' ({lang}): '{SKIP[lang]}' kept as text")
    assert problems == [], "\n".join(problems)


def test_skip_words_cannot_fill_a_required_answer() -> None:
    steps = Steps(Runtime.load())
    reply = steps.start("top-up", None, "en")
    for value in ("cash", "can't", "no", "yesterday 3pm", "12.5", "skip"):
        reply = steps.answer(reply["session_id"], value)
    assert reply["field"] == "account" and reply["optional"] is False
    for said in ("skip", "none", "跳过"):
        with pytest.raises(OkhelpError) as refused:
            steps.answer(reply["session_id"], said)
        assert "cannot be skipped" in str(refused.value)


def test_back_is_refused_while_a_session_waits_and_after_coming_back() -> None:
    steps = Steps(Runtime.load())
    reply = steps.start("withdrawal", None, "en")
    reply = steps.answer(reply["session_id"], "2")  # submitted, not arrived yet
    reply = steps.answer(reply["session_id"], "2 hours ago")
    assert reply["status"] == "pending"
    with pytest.raises(OkhelpError) as refused:
        steps.back(reply["session_id"])
    assert refused.value.code == "back_while_waiting"
    assert steps.runtime.store.load_session(reply["session_id"]).status == "pending"
    reply = steps.answer(reply["session_id"], "still nothing")  # back, before the date
    assert reply["status"] == "in_progress" and reply["can_go_back"] is False
    assert "suggested waiting until" in reply["notice"]  # said, and gone on all the same

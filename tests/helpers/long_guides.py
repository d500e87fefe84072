"""Guides far longer than Python's recursion limit, written out as YAML text."""

from __future__ import annotations


def long_guide(guide_id: str, count: int, *, loop_back: bool = False) -> str:
    """A chain of ``count`` questions: yes ends it, no asks the next one (the last one's no goes
    back to the first when ``loop_back``)."""
    lines = [
        f"id: {guide_id}",
        "category: app",
        "title: {zh: 很长的指南, en: A long guide}",
        "summary: {zh: 一步接一步, en: One step after another}",
        "keywords: {zh: [很长], en: [long]}",
        "start: s0",
        "steps:",
    ]
    for index in range(count):
        last = index == count - 1
        after = ("s0" if loop_back else "fine") if last else f"s{index + 1}"
        lines += [
            f"  - id: s{index}",
            "    type: confirm",
            "    text: {zh: 好了吗？, en: Is it fine now?}",
            "    on_yes: fine",
            f"    on_no: {after}",
        ]
    lines += [
        "  - id: fine",
        "    type: end",
        "    outcome: resolved",
        "    text: {zh: 好, en: Good}",
    ]
    return "\n".join(lines) + "\n"

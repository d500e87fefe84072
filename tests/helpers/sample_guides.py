"""Two small guides that link to each other, for the engine's tests and the refusals' words."""

from __future__ import annotations

import textwrap

from okhelp.authoring.checker import check_graph
from okhelp.authoring.loader import parse_guide
from okhelp.domain.model import Guide

MAIN = textwrap.dedent(
    """\
    id: main
    category: money
    title: {zh: 主, en: Main}
    summary: {zh: 主, en: Main}
    start: hello
    steps:
      - id: hello
        type: info
        text: {zh: 你好, en: Hello}
        next: kind
      - id: kind
        type: choice
        text: {zh: 哪种?, en: Which kind?}
        choices:
          - {id: a, label: {zh: 甲, en: A}, next: tried}
          - {id: b, label: {zh: 乙, en: B}, next: sure}
          - {id: other, label: {zh: 别的, en: Other}, next: elsewhere}
      - id: tried
        type: action
        text: {zh: 重启, en: Restart}
        next: when
      - id: sure
        type: confirm
        text: {zh: 确定?, en: Sure?}
        on_yes: fixed
        on_no: when
      - id: when
        type: input
        field: occurred_at
        text: {zh: 什么时候?, en: When?}
        next: note
      - id: note
        type: input
        field: x-note
        required: false
        text: {zh: 备注, en: Note}
        next: escalate
      - id: elsewhere
        type: link
        guide: other
        text: {zh: 转到另一个指南, en: On to another guide}
      - id: fixed
        type: end
        outcome: resolved
        text: {zh: 好, en: Good}
      - id: escalate
        type: end
        outcome: escalate
        text: {zh: 客服, en: Support}
    """
)
OTHER = textwrap.dedent(
    """\
    id: other
    category: app
    title: {zh: 另, en: Other}
    summary: {zh: 另, en: Other}
    start: check
    steps:
      - id: check
        type: action
        text: {zh: 检查, en: Check}
        on_yes: ok
        next: escalate
      - id: ok
        type: end
        outcome: resolved
        text: {zh: 好, en: OK}
      - id: escalate
        type: end
        outcome: escalate
        text: {zh: 客服, en: Support}
    """
)


def sample_guide(text: str, name: str) -> Guide:
    return parse_guide(text.encode(), f"{name}.yaml", expected_id=name, graph_check=check_graph)

"""Answers given ahead of time (answers files, ``--answer``, guide examples) -> engine moves.

Pure: the caller reads the files; this module only interprets their contents.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Mapping
from typing import Any, Literal

from okhelp.domain.engine import NOT_POSSIBLE, Answer
from okhelp.domain.model import Step
from okhelp.errors import InvalidAnswer, UsageError
from okhelp.i18n.hant import has_traditional, simplified
from okhelp.i18n.messages import LANGS, Reason, message, undecodable_reason
from okhelp.util.text import find_undecodable_data
from okhelp.util.yamlsafe import MAX_BYTES, YamlError, find_control, printable
from okhelp.util.yamlsafe import load as load_yaml

# How people answer a yes/no question in a chat: "有" to "有没有…？", "能" to "能…吗？".
YES_WORDS = {
    *("yes", "y", "yeah", "yep", "true", "on", "1", "是", "是的", "对", "对的", "好", "好的"),
    *("已解决", "解决了", "有", "有的", "能", "可以", "会", "行", "嗯"),
}
NO_WORDS = {
    *("no", "n", "nope", "false", "off", "0", "2", "否", "不是", "不", "没有", "没", "未解决"),
    *("没解决", "不能", "不会", "不行", "不可以", "不对", "没能", "还没有", "还没"),
}
# "I have none" for an optional text answer: a chat cannot send an empty message, so a reply that
# is nothing but these pieces skips the answer as Enter does in a terminal (a required one is
# refused): ways of saying "I have none / don't know / skip it", and the small words people wrap
# them in ("sorry", "lol", 呢, 啊, 吧). Any other word in the reply ("no network", "不知道为什么
# 闪退") makes it an answer. Written by hand: it is a table of the words people type, which no
# library holds.
_SKIP_EN = (
    r"skip(?: it| this(?: one)?)?|pass|next|none|nope|nah|no|n/?a|nil|nothing(?: to add)?"
    r"|-+|/+|unknown|unsure|(?:i'?m )?not sure|no idea|no clue|idk|dunno|forgot(?: it)?"
    r"|(?:i )?(?:do not|don'?t|didn'?t|did not|can'?t|cannot|couldn'?t)"
    r" (?:know|have(?: it| one| any)?|remember|recall|find(?: it| one)?|see(?: it| one| any)?"
    r"|get(?: it| one| any)?|have a clue)"
    r"|i (?:have )?forgot(?:ten)?(?: it)?|(?:i )?have none|(?:i )?have no (?:idea|clue)"
    r"|not that i know(?: of)?"
    r"|no i (?:do not|don'?t)|never (?:got|had|saw) (?:one|it|any)|not (?:known|given|available)"
)
_SKIP_EN_FILLER = (
    r"sorry|sry|pls|plz|please|lol|tbh|thanks|thx|ok|okay|um+|uh+|well|oh|hmm+|haha|i'?m afraid"
    r"|man|mate|bro|just|really|actually|i think|then"
)
_SKIP_ZH = (
    r"跳过|跳|略过|略|下一个|下一步|算了|不填|不想填|先不填|不用填|无|没|没有的|没有|木有|暂时没有|暂无"
    r"|都没有|也没有|没有了|空|不知道|不晓得|不清楚|不太清楚|不确定|不记得|记不得|记不清|记不住"
    r"|忘了|忘记了|忘记|没记住|没看到|没看见|没注意|没留意|没印象|找不到|看不到|没找到|不懂|无可奉告"
)
_SKIP_ZH_FILLER = (
    r"[呢啊哦喔噢诶欸耶吧哈呀嘛啦了嗯呃哎唉]|我也|我|也|真的|实在|抱歉|不好意思|对不起"
)
_SEPARATORS = r"[\s,，.。!！?？~～、;；:：…]"
_SKIP_REPLY = re.compile(
    rf"(?:{_SEPARATORS}|(?<![a-z'])(?:{_SKIP_EN_FILLER})(?![a-z'])|{_SKIP_ZH_FILLER})*"
    rf"(?:(?:(?<![a-z'])(?:{_SKIP_EN})(?![a-z'])|{_SKIP_ZH})"
    rf"(?:{_SEPARATORS}|(?<![a-z'])(?:{_SKIP_EN_FILLER})(?![a-z'])|{_SKIP_ZH_FILLER})*)+"
)
# Traditional characters in these words, as Hong Kong and Taiwan users type them.
_TO_SIMPLIFIED = str.maketrans("沒記過曉確個這見暫續", "没记过晓确个这见暂续")


def typed_answer(text: str, *, required: bool, accepted: str) -> str:
    """A typed answer as it is kept: "" for skip words when the question may be skipped; a
    required one refuses them (InvalidAnswer, with ``accepted``) rather than keep "skip" as,
    say, an account it happens to fit."""
    if not skipped(text):
        return text
    if required:
        raise InvalidAnswer(Reason("reason_cannot_skip"), accepted)
    return ""


def skipped(text: str) -> bool:
    """An optional text answer that says "none" (``skip``, ``n/a``, 跳过, 没有, 不记得了, ...)."""
    word = " ".join(text.strip().casefold().replace("’", "'").split()).strip(".!。！")
    if len(word) > 60:
        return False  # a reply this long says something
    return _SKIP_REPLY.fullmatch(word.translate(_TO_SIMPLIFIED)) is not None


# "I can't do this step", for action steps only (the contract: not_possible, cant, can't).
NOT_POSSIBLE_WORDS = {
    "not_possible",
    "not possible",
    "cant",
    "can't",
    "can’t",
    "cannot",
    "i can't",
    "i can't do this",
    "i can't do this step",
    "i cannot do this",
    "impossible",
    "做不到",
    "这一步做不到",
    "这步做不到",
    "办不到",
    "没法做",
    "无法操作",
    "不能操作",
}
MAX_ANSWER = 10_000

RawAnswers = Mapping[str, str | bool]


class _Missing(enum.Enum):
    """No answer was given for a step (an enum, so type checkers narrow ``is MISSING``)."""

    MISSING = "missing"


MISSING = _Missing.MISSING


def parse_answers_file(raw: bytes, name: str) -> dict[str, str | bool]:
    """A YAML or JSON mapping of step id (or field name) to answer; UsageError if it is not one.

    Every scalar is read as the text that was written: YAML 1.1 would turn ``0123456701`` into
    an octal number, ``14:30`` into 870 and ``no`` into false, and JSON ``1e400`` into infinity;
    here the step decides what the text means (:func:`coerce`). JSON ``true``/``false`` stay
    yes/no.
    """
    if len(raw) > MAX_BYTES:
        raise UsageError(
            f"answers file {name}: too large (more than {MAX_BYTES} bytes)",
            code="answers_too_large",
            path=name,
            limit=MAX_BYTES,
        )
    try:
        data: Any = (
            json.loads(raw, parse_int=str, parse_float=str, parse_constant=str)
            if raw.lstrip()[:1] in (b"{", b"[")
            else load_yaml(raw, typed=False).data
        )
    except (YamlError, ValueError, RecursionError) as exc:
        message = exc.message if isinstance(exc, YamlError) else "not valid JSON"
        line = f":{exc.line}" if isinstance(exc, YamlError) and exc.line else ""
        raise UsageError(
            f"answers file {name}{line}: {message}",
            code="answers_unreadable",
            path=name,
            line=line,
            reason=message,
        ) from None
    if not isinstance(data, dict):
        raise UsageError(
            f"answers file {name}: must be a mapping of step id to answer",
            code="answers_not_mapping",
            path=name,
        )
    undecodable = find_undecodable_data(data)  # a JSON "\udcff" escape
    if undecodable:
        raise UsageError(
            f"answers file {name}: a value {undecodable}",
            code="answers_undecodable",
            path=name,
            problem=undecodable,
        )
    return {str(key): _scalar_answer(value, str(key), name) for key, value in data.items()}


def parse_answer_option(option: str) -> tuple[str, str]:
    """``STEP=VALUE`` from the command line."""
    key, sep, value = option.partition("=")
    if not sep or not key.strip():
        raise UsageError(
            f"an answer is STEP=VALUE, not '{printable(option)}'",
            code="answer_option_invalid",
            value=option,
        )
    return key.strip(), value


def _scalar_answer(value: Any, step: str, name: str) -> str | bool:
    """An answer given ahead as text or yes/no (``name``: the answers file it is in)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, str)):
        return str(value)
    raise UsageError(
        f"answers file {name}, '{printable(step)}': an answer must be text, a number or yes/no, "
        "not a list or mapping",
        code="answer_not_scalar",
        path=name,
        step=step,
    )


def lookup(
    answers: RawAnswers, guide_id: str, step: Step
) -> str | bool | Literal[_Missing.MISSING]:
    """The given answer for a step: by ``guide.step``, by step id, or by an input's field name."""
    keys = [f"{guide_id}.{step.id}", step.id]
    if step.type == "input" and step.field:
        keys.append(step.field)
    for key in keys:
        if key in answers:
            return answers[key]
    return MISSING


def coerce(step: Step, raw: str | bool) -> Answer:
    """Turn a written answer into what the engine takes for this step, or raise InvalidAnswer.

    Yes/no steps take the words people write (yes, 是, 没解决, ...) and, for an action step,
    ``not_possible`` (also ``cant``, ``can't``, 做不到). A choice takes its id, its label in either
    language, or its number in the list (1, 2, ...), so a person relaying a menu can answer as
    they read it.
    """
    if step.type in ("info", "link", "end"):
        return None
    if isinstance(raw, str):
        _refuse_undecodable(raw)
    if step.type in ("confirm", "action"):
        if isinstance(raw, bool):
            return raw
        word = _folded(raw)
        labelled = _by_own_label(step, word)
        if labelled is not None:
            return labelled
        if word in YES_WORDS:
            return True
        if word in NO_WORDS:
            return False
        if step.type == "action" and (word in NOT_POSSIBLE_WORDS or word == "3"):
            return NOT_POSSIBLE
        if step.type == "action":
            raise InvalidAnswer(
                Reason("reason_not_yes_no_possible", answer=printable(raw)), "yes, no, not_possible"
            )
        raise InvalidAnswer(Reason("reason_not_yes_no", answer=printable(raw)), "yes, no")
    text = plain_text(raw)
    if step.type == "choice":
        choice_id = text.strip()
        if step.choice(choice_id) is not None:
            return choice_id
        found = _choice_by_label_or_number(step, choice_id)
        if found is None:
            raise InvalidAnswer(
                Reason("reason_not_a_choice", answer=printable(choice_id)),
                ", ".join(c.id for c in step.choices),
            )
        return found
    return text


def _by_own_label(step: Step, word: str) -> Answer:
    """A yes/no step answered with the words it offered ("有，钱已经转出去了"), in either
    language, or with the start of one of them that no other offered answer shares; None when
    the words are none of its labels."""
    offered: list[tuple[str, Answer]] = []
    for lang in _langs_for(word):
        yes, no = step.yes_no_labels(lang)
        offered += [(yes, True), (no, False)]
        if step.type == "action" and not step.task:
            offered.append((message("not_possible", lang), NOT_POSSIBLE))
    written = [(_folded(label), answer) for label, answer in offered]
    for typed in _typed_forms(word):
        for label, answer in written:
            if typed == label:
                return answer
    meant = {answer for label, answer in written if _starts(label, word)}
    return meant.pop() if len(meant) == 1 else None


# Traditional Chinese shown (zh-Hant) is converted with each region's own words (充值 -> 儲值),
# so what such a user types is matched against those words and, in simplified characters,
# against the guide's own.
_HANT = ("zh-Hant", "zh-Hant-HK")


def _langs_for(word: str) -> tuple[str, ...]:
    return (*LANGS, *_HANT) if has_traditional(word) else LANGS


def _typed_forms(word: str) -> tuple[str, ...]:
    return (word, simplified(word)) if has_traditional(word) else (word,)


# The shortest start of a label that picks a choice: one CJK character or two letters say too
# little ("银" could be a bank or silver), unless the letters are a whole word of it ("No, ...").
_MIN_START = 2
_TRIM = " .!?。！？,，;；:：()（）\"'“”‘’"


def _folded(text: str) -> str:
    """Words as they are compared with an option's: case, spacing and end punctuation aside."""
    return " ".join(text.casefold().split()).strip(_TRIM)


def _starts(label: str, start: str) -> bool:
    """Whether ``start`` (folded, trimmed) is a start of ``label`` long enough to mean it."""
    if not label.startswith(start) or len(start) < _MIN_START:
        return False
    if not start.isascii() or len(start) >= 3:
        return True
    return len(label) == len(start) or not label[len(start)].isalnum()  # a whole word


def _choice_by_label_or_number(step: Step, text: str) -> str | None:
    """A choice by its number, its whole label, or the start of one label (in either language)
    that no other choice's label shares; None when that picks no choice or more than one."""
    wanted = _folded(text)
    if wanted.isdigit() and 1 <= int(wanted) <= len(step.choices):
        return step.choices[int(wanted) - 1].id
    if not wanted:
        return None
    labels = {
        choice.id: {_folded(choice.label.get(lang)) for lang in _langs_for(wanted)}
        for choice in step.choices
    }
    for typed in _typed_forms(wanted):
        for choice_id, words in labels.items():
            if typed in words:
                return choice_id
    # The start of a label or of an id ("third"), or a key word inside a label ("现金", "支付宝",
    # "alipay"), as a chat user names an option: it picks the option only when no other
    # option's words hold it too ("密码" starts one login option and sits in two more).
    meant = [
        cid
        for cid, words in labels.items()
        if any(_starts(w, wanted) or _holds(w, wanted) for w in (*words, cid.casefold()))
    ]
    return meant[0] if len(meant) == 1 else None


def _holds(label: str, word: str) -> bool:
    """Whether ``word`` is inside ``label`` as a word of its own: two Chinese characters or
    more anywhere, or three letters or more between word boundaries."""
    if word.isascii():
        return (
            len(word) >= 3
            and re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", label) is not None
        )
    return len(word) >= _MIN_START and word in label


def plain_text(raw: str | bool) -> str:
    """A written answer as text, refusing what no one types: huge text, escape codes, NUL."""
    text = raw if isinstance(raw, str) else ("yes" if raw else "no")
    if len(text) > MAX_ANSWER:
        raise InvalidAnswer(
            Reason("reason_answer_too_long", count=len(text)),
            Reason("accepted_at_most", count=MAX_ANSWER),
        )
    _refuse_undecodable(text)
    if find_control(text) is not None:
        raise InvalidAnswer(Reason("reason_answer_control"), Reason("accepted_plain_text"))
    return text


def _refuse_undecodable(text: str) -> None:
    """Bytes that were not UTF-8 (a GBK terminal, a ``\\udcff`` escape) are refused like a
    control character: said, not saved, and never written where no encoder can write them."""
    problem = undecodable_reason(text, answer=True)
    if problem:
        raise InvalidAnswer(problem, Reason("accepted_utf8"))


def accepted(step: Step) -> str:
    """What a step accepts, for error messages."""
    if step.type == "choice":
        return ", ".join(c.id for c in step.choices)
    if step.type == "action":
        return "yes, no, not_possible"
    if step.type == "confirm":
        return "yes, no"
    if step.type == "input":
        optional = " (may be empty)" if not step.required else ""
        return f"text for the field '{step.field}'{optional}"
    return "nothing (no answer needed)"

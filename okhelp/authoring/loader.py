"""YAML guide files -> validated :class:`~okhelp.domain.model.Guide`, or every problem as
FILE:LINE."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath
from typing import Any

from okhelp.authoring.contacts import contact_detail
from okhelp.domain.model import (
    ACTION_ANSWERS,
    CATEGORIES,
    CONFIRM_ANSWERS,
    CUSTOM_FIELD_PATTERN,
    DEFAULT_COLLECT,
    ID_PATTERN,
    MAX_ID_LENGTH,
    MONEY_COLLECT,
    OUTCOMES,
    PRIORITIES,
    STEP_TYPES,
    WAIT_UNITS,
    WELL_KNOWN_FIELDS,
    Choice,
    Example,
    Guide,
    Rule,
    Signal,
    Step,
    Text,
    Wait,
)
from okhelp.errors import GuideError, Problem
from okhelp.fields import redaction as safety
from okhelp.i18n.messages import LANGS, did_you_mean, suggestion
from okhelp.util.yamlsafe import (
    Document,
    Path,
    YamlError,
    describe_char,
    find_control,
    printable,
    quoted,
)
from okhelp.util.yamlsafe import load as load_yaml

MAX_TEXT = 4000

GUIDE_REQUIRED = ("id", "category", "title", "summary", "start", "steps")
GUIDE_OPTIONAL = ("version", "keywords", "examples", "rules", "signals", "now")
STEP_COMMON = ("id", "type", "text")
# For each step type: (required keys, optional keys) besides id, type and text.
STEP_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "info": (("next",), ()),
    "action": (("next",), ("on_yes", "labels", "task")),
    "choice": (("choices",), ()),
    "confirm": (("on_yes", "on_no"), ("labels",)),
    "input": (("field", "next"), ("required",)),
    "link": (("guide",), ()),
    "end": (("outcome",), ("collect", "ask", "wait", "next")),
}
CHOICE_KEYS = ("id", "label", "next")
EXAMPLE_KEYS = ("name", "answers", "expect")
EXAMPLE_OPTIONAL = ("now",)
EXPECT_KEYS = ("end", "outcome", "guide")
LABEL_KEYS = ("yes", "no")
RULE_KEYS = ("after", "every_end", "never_reaches", "passes_through")
SIGNAL_KEYS = ("after", "tag", "priority")
# A helpdesk tag is at most 32 characters and okhelp's carry "okhelp-" in front.
MAX_SIGNAL_TAG = 24


# Names authors try for a language, mapped to the one the format uses.
_LANG_ALIASES = {
    "cn": "zh",
    "zh-cn": "zh",
    "zh_cn": "zh",
    "zh-hans": "zh",
    "chinese": "zh",
    "中文": "zh",
    "english": "en",
    "eng": "en",
    "en-us": "en",
    "en_us": "en",
    "en-gb": "en",
    "英文": "en",
}


def parse_instant(value: object) -> datetime | None:
    """An ISO 8601 time with its UTC offset (``2026-11-21T12:00:00+08:00``), or None."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def field_problem(name: object) -> str | None:
    """Why ``name`` cannot be an input field or collected field; None when it can."""
    if not isinstance(name, str) or not name:
        return "a field must be a name"
    secret = safety.forbidden_field(name)
    if secret is not None:
        return (
            f"field '{printable(name)}' asks for a secret ({secret}); "
            "a guide may never ask for passwords, PINs, codes, card numbers or keys"
        )
    if name in WELL_KNOWN_FIELDS or CUSTOM_FIELD_PATTERN.match(name):
        return None
    hint = did_you_mean(name, WELL_KNOWN_FIELDS) or did_you_mean(
        name.replace("-", "_"), WELL_KNOWN_FIELDS
    )
    return (
        f"unknown field '{printable(name)}'{hint} (well-known: {', '.join(WELL_KNOWN_FIELDS)}; "
        "custom fields start with 'x-')"
    )


class _Reader:
    """Walks the plain data of one document, collecting problems instead of stopping."""

    def __init__(self, doc: Document, path: str) -> None:
        self.doc = doc
        self.path = path
        self.problems: list[Problem] = []

    def report(self, where: Path, message: str) -> None:
        self.problems.append(Problem(self.path, self.doc.line(where), message))

    def mapping(
        self,
        value: Any,
        where: Path,
        what: str,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            if not where:
                what = "the top level of a guide file"
            keys = ", ".join(required or optional)
            self.report(where, f"{what} must be a mapping with keys {keys}{self.list_hint(value)}")
            return None
        allowed = required + optional
        for key in value:
            if key not in allowed:
                fix = self.comma_fix(value, key, where)
                self.report_unless_empty(
                    (*where, key),
                    fix
                    if fix is not None
                    else f"unknown key '{printable(key)}' in {what}{did_you_mean(key, allowed)} "
                    f"(allowed: {', '.join(allowed)})",
                )
        for key in required:
            if key not in value:
                self.report(where, f"{what} is missing '{key}'")
        return value

    def list_hint(self, value: Any) -> str:
        """For a list given where a mapping belongs: how to turn it into one."""
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            return ", not a list: remove the '- ' in front of its keys"
        if isinstance(value, list):
            return ", not a list"
        return f", not {_kind(value)}"

    def quote_fix(self, value: Any, where: Path) -> str:
        """For a scalar YAML read as yes/no, a number or nothing: the line that keeps it text."""
        word = self.doc.words.get(where)
        if not word or value is None:
            return ""
        key = where[-1] if where and isinstance(where[-1], str) else None
        fix = f"{key}: {quoted(word)}" if key is not None else quoted(word)
        return f"; YAML reads an unquoted {printable(word)} that way: quote it: {printable(fix)}"

    def comma_fix(self, mapping: dict[str, Any], key: str, where: Path) -> str | None:
        """A key with no value right after a text in a {...} mapping is almost always the rest
        of that text, cut at an unquoted comma: the message says so and shows the fix."""
        if where not in self.doc.flow or mapping.get(key) is not None:
            return None
        keys = list(mapping)
        index = keys.index(key)
        owner = index - 1
        while owner >= 0 and mapping[keys[owner]] is None:
            owner -= 1
        if owner < 0 or not isinstance(mapping[keys[owner]], (str, bool, int, float)):
            return None
        if index > owner + 1:
            return ""  # reported once, with the first key cut off the same text
        first = mapping[keys[owner]]
        parts = [first if isinstance(first, str) else self.doc.words.get((*where, keys[owner]), "")]
        for extra in keys[owner + 1 :]:
            if mapping[extra] is not None:
                break
            parts.append(extra)
        fix = f"{keys[owner]}: {quoted(', '.join(parts))}"
        return (
            f"unquoted comma: YAML cut the text of '{printable(keys[owner])}' at ', ' and read "
            f"'{printable(key)}' as a new key; quote the whole text: {printable(fix, 160)}"
        )

    def report_unless_empty(self, where: Path, message: str | None) -> None:
        if message:
            self.report(where, message)

    def ident(self, value: Any, where: Path, what: str) -> str | None:
        if not isinstance(value, str):
            hint = self.quote_fix(value, where) if isinstance(value, bool) else ""
            self.report(where, f"{what} must be a text id, not {_kind(value)}{hint}")
            return None
        if len(value) > MAX_ID_LENGTH or not ID_PATTERN.match(value):
            self.report(
                where,
                f"{what} '{printable(value)}' must be lowercase letters and digits joined by '-'",
            )
            return None
        return value

    def text(self, value: Any, where: Path, what: str) -> Text | None:
        if not isinstance(value, dict):
            hint = ""
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                hint = ": remove the '- ' in front of each language"
            elif isinstance(value, str):
                hint = f": {what}: {{zh: ..., en: {printable(quoted(value), 60)}}}"
            self.report(
                where, f"{what} must be a mapping by language, e.g. {{zh: ..., en: ...}}{hint}"
            )
            return None
        result: dict[str, str] = {}
        cut: set[str] = set()  # languages whose text an unquoted comma cut: one fix says it all
        for lang in value:
            if lang not in LANGS:
                problem = self.language_problem(value, lang, where, what)
                if problem is not None and problem.startswith("unquoted comma"):
                    keys = list(value)
                    cut.update(k for k in keys[: keys.index(lang)] if k in LANGS)
                self.report_unless_empty((*where, lang), problem)
        for lang in LANGS:
            if lang not in value:
                if not any(str(key).startswith(f"{lang}:") for key in value):  # said above
                    self.report(where, f"{what} is missing the '{lang}' translation")
                continue
            if lang in cut and not isinstance(value[lang], str):
                continue  # "Yes, longer" read as yes: the comma's fix quotes the whole text
            string = self.string(value[lang], (*where, lang), f"{what} ({lang})")
            if string is not None and self.no_contact(string, (*where, lang), f"{what} ({lang})"):
                result[lang] = string
        return Text(result) if len(result) == len(LANGS) else None

    def no_contact(self, string: str, where: Path, what: str) -> bool:
        """False (and a problem) when a text carries a phone number, web or e-mail address or a
        messenger handle: a guide names contact channels only through {channels}."""
        found = contact_detail(string)
        if found is None:
            return True
        kind, detail = found
        self.report(
            where,
            f"{what} contains {'an' if kind[0] in 'aeiou' else 'a'} {kind} "
            f"({printable(detail, 60)}); a guide names contact channels "
            "only through {channels}, which the config fills in",
        )
        return False

    def language_problem(self, value: dict[str, Any], lang: str, where: Path, what: str) -> str:
        comma = self.comma_fix(value, lang, where)
        if comma is not None:
            return comma  # empty: the rest of a text already reported with its first piece
        name, colon, rest = lang.partition(":")
        if colon and name in LANGS and value[lang] is None:
            fix = f"{name}: {quoted(rest)}"
            return f"a space is missing after '{name}:' in {what}: write {printable(fix, 160)}"
        alias = _LANG_ALIASES.get(lang.lower())
        hint = suggestion([alias]) if alias else did_you_mean(lang, LANGS)
        return f"unknown language '{printable(lang)}' in {what}{hint} (languages: zh, en)"

    def string(self, value: Any, where: Path, what: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            hint = self.quote_fix(value, where)
            self.report(where, f"{what} must be non-empty text, not {_kind(value)}{hint}")
            return None
        if len(value) > MAX_TEXT:
            self.report(where, f"{what} is too long ({len(value)} characters, at most {MAX_TEXT})")
            return None
        bad = find_control(value)
        if bad is not None:
            self.report(
                where, f"{what} contains a control or escape character ({describe_char(bad)})"
            )
            return None
        return value

    def target(self, value: Any, where: Path, what: str) -> str | None:
        return self.ident(value, where, what)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "empty text" if isinstance(value, str) else type(value).__name__


def guide_id_from_path(path: str) -> str:
    """The id a guide file must carry: its file name without the extension."""
    name = PurePath(path).name
    for suffix in (".yaml", ".yml"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True)
class Draft:
    """What one guide file shows, mistakes and all, so that guides check can go on past them.

    ``guide`` is built even when there are ``problems``, from the steps that loaded (None when
    the file is not a guide at all, or its start step is among the broken), and ``broken`` says
    where each step that failed to load leads as written: reachability, path rules and examples
    then run around those steps instead of waiting for the file to be fixed.
    """

    guide: Guide | None
    problems: list[Problem]
    broken: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def complete(self, path: str) -> Guide:
        """The guide, when it loaded without a problem; else GuideError listing every one."""
        if self.problems or self.guide is None:
            raise GuideError(self.problems or [Problem(path, None, "invalid guide")])
        return self.guide


GraphCheck = Callable[[Guide, "Mapping[str, tuple[str, ...]] | None"], list[Problem]]


def parse_guide(
    raw: bytes,
    path: str,
    *,
    source: str = "builtin",
    expected_id: str | None = None,
    graph_check: GraphCheck | None = None,
) -> Guide:
    """Build a guide from the bytes of its file; raise GuideError listing every problem.

    ``graph_check`` (usually :func:`okhelp.authoring.checker.check_graph`) runs on the built guide
    so that no guide with broken references ever reaches the engine.
    """
    draft = draft_guide(raw, path, source=source, expected_id=expected_id, graph_check=graph_check)
    return draft.complete(path)


def draft_guide(
    raw: bytes,
    path: str,
    *,
    source: str = "builtin",
    expected_id: str | None = None,
    graph_check: GraphCheck | None = None,
) -> Draft:
    """Every problem of a guide file, and as much of the guide as loaded (see :class:`Draft`)."""
    try:
        doc = load_yaml(raw)
    except YamlError as exc:
        return Draft(None, [Problem(path, exc.line, exc.message)])
    reader = _Reader(doc, path)
    guide = _guide(reader, expected_id, source)
    broken: dict[str, tuple[str, ...]] = {}
    if reader.problems and guide is not None:
        steps = doc.data.get("steps") if isinstance(doc.data, dict) else None
        broken = {
            step_id: targets
            for step_id, targets in _targets_as_written(steps).items()
            if step_id not in guide.steps
        }
    if guide is not None and graph_check is not None:
        # a draft's references were said as written; its graph goes round the broken steps
        reader.problems.extend(graph_check(guide, broken if reader.problems else None))
    if not reader.problems and guide is None:  # pragma: no cover - _guide reports first
        reader.report((), "invalid guide")
    return Draft(guide, sorted(reader.problems, key=lambda p: p.line or 0), broken)


def _guide(r: _Reader, expected_id: str | None, source: str) -> Guide | None:
    data = r.mapping(r.doc.data, (), "the guide", GUIDE_REQUIRED, GUIDE_OPTIONAL)
    if data is None:
        return None
    guide_id = r.ident(data.get("id"), ("id",), "guide id") if "id" in data else None
    if guide_id is not None and expected_id is not None and guide_id != expected_id:
        r.report(
            ("id",),
            f"guide id '{guide_id}' must equal the file name '{printable(expected_id)}'",
        )
    version = data.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        r.report(("version",), "version must be a whole number, 1 or more")
    category = data.get("category")
    if "category" in data and category not in CATEGORIES:
        r.report(
            ("category",),
            f"category must be one of: {', '.join(CATEGORIES)}{did_you_mean(category, CATEGORIES)}",
        )
    title = r.text(data.get("title"), ("title",), "title") if "title" in data else None
    summary = r.text(data.get("summary"), ("summary",), "summary") if "summary" in data else None
    keywords = _keywords(r, data.get("keywords", {lang: [] for lang in LANGS}))
    steps = _steps(r, data.get("steps"), category) if "steps" in data else None
    start = r.target(data.get("start"), ("start",), "start") if "start" in data else None
    declared = _declared_ids(data.get("steps"))
    if start is not None and steps is not None and start not in declared:
        hint = did_you_mean(start, declared)
        r.report(("start",), f"start names a step that does not exist: '{start}'{hint}")
    default_now = _now(r, data, ())
    examples = _examples(r, data.get("examples", []), default_now)
    rules = _rules(r, data.get("rules", []), steps or {}, declared)
    signals = _signals(r, data.get("signals", []), steps or {}, declared)
    if r.problems:
        # The graph check would stop at the first broken step; say every reference that
        # goes nowhere now, so one run of guides check shows every mistake it can see.
        _references_as_written(r, data.get("steps"), declared)
        if not steps or start not in steps:
            return None  # nothing to walk: the draft has no guide
    complete = not r.problems and isinstance(version, int)
    fallback = Text({"en": guide_id or expected_id or "guide"})
    return Guide(
        id=guide_id or expected_id or "guide",
        version=version if complete else 1,
        category=str(category) if category in CATEGORIES else "account",
        title=title or fallback,
        summary=summary or fallback,
        keywords=keywords or dict.fromkeys(LANGS, ()),
        start=str(start),
        steps=steps or {},
        examples=examples,
        source=source,
        path=r.path,
        line=r.doc.line(()),
        rules=rules,
        signals=signals,
    )


def missing_step(step_id: str, target: str, known: Iterable[str]) -> str:
    """The one wording of a step that leads nowhere, for the loader and the graph check alike."""
    return (
        f"step '{printable(step_id)}' leads to a step that does not exist: "
        f"'{printable(target)}'{did_you_mean(target, known)}"
    )


def _ways_as_written(raw: Mapping[str, Any], index: int) -> list[tuple[Path, Any]]:
    """Where one step as written leads: its next, on_yes, on_no and choices' next."""
    ways: list[tuple[Path, Any]] = [
        (("steps", index, key), raw[key]) for key in ("next", "on_yes", "on_no") if key in raw
    ]
    choices = raw.get("choices")
    for number, choice in enumerate(choices if isinstance(choices, list) else []):
        if isinstance(choice, dict) and "next" in choice:
            ways.append((("steps", index, "choices", number, "next"), choice["next"]))
    return ways


def _targets_as_written(value: Any) -> dict[str, tuple[str, ...]]:
    """Step id -> the step ids it names as ways on, as written (for steps that did not load)."""
    result: dict[str, tuple[str, ...]] = {}
    for index, raw in enumerate(value if isinstance(value, list) else []):
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            result[raw["id"]] = tuple(
                target for _, target in _ways_as_written(raw, index) if isinstance(target, str)
            )
    return result


def _references_as_written(r: _Reader, value: Any, declared: set[str]) -> None:
    """Where each step as written leads (next, on_yes, on_no, a choice's next): the ids that
    name no step, for a guide that failed to load for other reasons."""
    if not isinstance(value, list) or not declared:
        return
    already = {(problem.line, problem.message) for problem in r.problems}
    for index, raw in enumerate(value):
        if not isinstance(raw, dict):
            continue
        for where, target in _ways_as_written(raw, index):
            if not isinstance(target, str) or target in declared or not ID_PATTERN.match(target):
                continue  # not an id at all: the loader has said so already
            message = missing_step(str(raw.get("id")), target, declared)
            if (r.doc.line(where), message) not in already:
                r.report(where, message)


def _declared_ids(value: Any) -> set[str]:
    """Step ids as written, including those of steps that failed to load (no follow-on errors)."""
    if not isinstance(value, list):
        return set()
    return {str(step["id"]) for step in value if isinstance(step, dict) and "id" in step}


def _keywords(r: _Reader, value: Any) -> dict[str, tuple[str, ...]] | None:
    if not isinstance(value, dict):
        r.report(("keywords",), "keywords must be a mapping by language of lists of words")
        return None
    result: dict[str, tuple[str, ...]] = {}
    for lang in value:
        if lang not in LANGS:
            r.report(("keywords", lang), f"unknown language '{printable(lang)}' in keywords")
    for lang in LANGS:
        words = value.get(lang)
        where: Path = ("keywords", lang)
        if not isinstance(words, list):
            r.report(where if lang in value else ("keywords",), f"keywords need a '{lang}' list")
            continue
        strings = [r.string(word, (*where, i), f"keyword ({lang})") for i, word in enumerate(words)]
        result[lang] = tuple(
            s
            for i, s in enumerate(strings)
            if s is not None and r.no_contact(s, (*where, i), f"keyword ({lang})")
        )
    return result


def _steps(r: _Reader, value: Any, category: Any) -> dict[str, Step] | None:
    if not isinstance(value, list) or not value:
        r.report(("steps",), "steps must be a non-empty list of steps (each starts with '- ')")
        return None
    steps: dict[str, Step] = {}
    for index, raw in enumerate(value):
        step = _step(r, raw, ("steps", index), category)
        if step is None:
            continue
        if step.id in steps:
            first = steps[step.id].line
            r.report(
                ("steps", index, "id"), f"duplicate step id '{step.id}' (first at line {first})"
            )
            continue
        steps[step.id] = step
    return steps


def _step(r: _Reader, raw: Any, where: Path, category: Any) -> Step | None:
    step_type = raw.get("type") if isinstance(raw, dict) else None
    if isinstance(raw, dict) and "type" not in raw:
        r.report(where, f"a step is missing 'type' (one of: {', '.join(STEP_TYPES)})")
        return None
    if isinstance(raw, dict) and step_type not in STEP_KEYS:
        hint = did_you_mean(step_type, STEP_TYPES)
        r.report(
            (*where, "type"),
            f"unknown step type '{printable(str(step_type))}'{hint} "
            f"(one of: {', '.join(STEP_TYPES)})",
        )
        return None
    required, optional = STEP_KEYS.get(str(step_type), ((), ()))
    data = r.mapping(raw, where, "a step", STEP_COMMON + required, optional)
    if data is None:
        return None
    count = len(r.problems)
    step_id = r.ident(data.get("id"), (*where, "id"), "step id") if "id" in data else None
    what = f"step '{step_id}'" if step_id else "a step"
    text = r.text(data.get("text"), (*where, "text"), f"text of {what}") if "text" in data else None
    references = [key for key in ("next", "on_yes", "on_no", "guide") if key in data]
    fields: dict[str, Any] = {
        "key_lines": {key: r.doc.line((*where, key)) or 0 for key in references}
    }
    for key in ("next", "on_yes", "on_no"):
        if key == "on_yes" and step_type == "action" and data.get(key) is None:
            continue  # null means the default: "yes" resolves the guide at this step
        if key in data:
            fields[key] = r.target(data[key], (*where, key), f"'{key}' of {what}")
    if "guide" in data:
        fields["guide"] = r.ident(data["guide"], (*where, "guide"), f"linked guide of {what}")
    if step_type == "choice":
        fields["choices"] = _choices(r, data.get("choices"), (*where, "choices"), what)
    if "labels" in data:
        fields["labels"] = _labels(r, data["labels"], (*where, "labels"), what)
    if "task" in data:
        task = data["task"]
        if not isinstance(task, bool):
            r.report((*where, "task"), "task must be true or false")
        elif task and data.get("on_yes") is None:
            r.report(
                (*where, "task"),
                f"{what} is a task: it needs 'on_yes', where the guide goes once it is done "
                "(a task done does not solve the problem by itself)",
            )
        fields["task"] = task is True
    if step_type == "input":
        problem = field_problem(data.get("field"))
        if problem:
            r.report((*where, "field"), problem)
        fields["field"] = data.get("field")
        required_flag = data.get("required", True)
        if not isinstance(required_flag, bool):
            r.report((*where, "required"), "required must be true or false")
        fields["required"] = bool(required_flag)
        if text is not None:
            for lang in LANGS:
                secret = safety.asks_for_secret(text.get(lang))
                if secret:
                    r.report(
                        (*where, "text", lang),
                        f"{what} seems to ask for a secret ({secret}) in its {lang} text; "
                        "a guide may never ask for passwords, PINs, codes, card numbers or keys",
                    )
            _keys_of_one_front_end(r, text, (*where, "text"), f"the text of {what}")
    elif text is not None:
        for lang in LANGS:
            secret = safety.tells_to_disclose(text.get(lang))
            if secret:
                r.report(
                    (*where, "text", lang),
                    f"{what} seems to tell the user to hand over a secret ({secret}) in its "
                    f"{lang} text; a guide may never have anyone told passwords, PINs, codes, "
                    "card numbers or keys (that is what fake support asks for)",
                )
            if safety.tells_to_move_money(text.get(lang)):
                r.report(
                    (*where, "text", lang),
                    f"{what} seems to tell the user to move money into a 'safe account' in its "
                    f"{lang} text; only scammers ask for that (a guide may warn of it: "
                    "\"never move money to a 'safe account'\")",
                )
    if step_type == "end":
        fields["outcome"] = data.get("outcome")
        if fields["outcome"] not in OUTCOMES:
            hint = did_you_mean(fields["outcome"], OUTCOMES)
            r.report((*where, "outcome"), f"outcome must be one of: {', '.join(OUTCOMES)}{hint}")
        fields["collect"] = _collect(r, data, where, what, category)
        fields["ask"] = _ask(r, data, where, what, fields["collect"])
        _pending(r, data, where, what, fields)
    if len(r.problems) > count or step_id is None or text is None:
        return None
    return Step(id=step_id, type=str(step_type), text=text, line=r.doc.line(where), **fields)


# "Press Enter if none": a chat cannot send an empty message, and a screen reader user may not
# have Enter to press. How to skip is okhelp's to say, in the words of each front end.
_PRESS_A_KEY = re.compile(
    r"回车|按\s*enter|\b(?:press|hit|tap)\s+(?:the\s+)?(?:enter|return)\b", re.IGNORECASE
)


def _keys_of_one_front_end(r: _Reader, text: Text, where: Path, what: str) -> None:
    for lang in LANGS:
        if _PRESS_A_KEY.search(text.get(lang)):
            r.report(
                (*where, lang),
                f"{what} tells the user which key to press ({lang}); the same words reach chats "
                "and assistants, so leave how to skip an answer out: okhelp adds it in each "
                "front end's own words",
            )
            return


def _ask(
    r: _Reader, data: Mapping[str, Any], where: Path, what: str, collect: tuple[str, ...]
) -> Mapping[str, Text]:
    """``ask: {field: text}``: how this end words the question for a field it collects ("When
    did the verification fail?" rather than "When did it happen?"). A custom field needs one:
    okhelp has no words of its own for ``x-merchant``."""
    value = data.get("ask", {})
    at: Path = (*where, "ask")
    if not isinstance(value, dict):
        r.report(at, f"ask of {what} must map collected fields to questions")
        return {}
    asked: dict[str, Text] = {}
    for name, raw in value.items():
        if name not in collect:
            r.report(
                (*at, name),
                f"ask words a field {what} does not collect: '{printable(str(name))}'"
                f"{did_you_mean(name, collect)}",
            )
            continue
        text = r.text(raw, (*at, name), f"question for {name} in {what}")
        if text is None:
            continue
        for lang in LANGS:
            secret = safety.asks_for_secret(text.get(lang))
            if secret:
                r.report(
                    (*at, name, lang),
                    f"the question for {name} in {what} seems to ask for a secret ({secret}); "
                    "a guide may never ask for passwords, PINs, codes, card numbers or keys",
                )
        _keys_of_one_front_end(r, text, (*at, name), f"the question for {name} in {what}")
        asked[name] = text
    for name in collect:
        if CUSTOM_FIELD_PATTERN.match(name) and name not in value:
            r.report(
                (*where, "collect"),
                f"{what} collects '{name}' but does not say how to ask for it: add "
                f"ask: {{{name}: {{zh: ..., en: ...}}}}",
            )
    return asked


def _pending(
    r: _Reader, data: dict[str, Any], where: Path, what: str, fields: dict[str, Any]
) -> None:
    """A pending end's ``wait`` and ``next``: both there, and only on a pending end."""
    pending = fields["outcome"] == "pending"
    for key in ("wait", "next"):
        if pending and key not in data:
            r.report(where, f"{what} is a pending end and needs '{key}'")
        elif not pending and key in data:
            r.report((*where, key), f"only a pending end has '{key}' ({what} is not one)")
    if "next" in data and pending:
        fields["next"] = r.target(data["next"], (*where, "next"), f"'next' of {what}")
        if fields["next"] is not None and fields["next"] == data.get("id"):
            r.report(
                (*where, "next"),
                f"{what} waits and then leads to itself: 'next' must name the step that comes "
                "after the wait",
            )
    raw = data.get("wait")
    if raw is None or not pending:
        return
    at: Path = (*where, "wait")
    wait = r.mapping(raw, at, f"the wait of {what}", (), (*WAIT_UNITS, "since"))
    if wait is None:
        return
    units = [unit for unit in WAIT_UNITS if unit in wait]
    if len(units) != 1:
        r.report(at, f"the wait of {what} needs exactly one of: {', '.join(WAIT_UNITS)}")
        return
    amount = wait[units[0]]
    if isinstance(amount, bool) or not isinstance(amount, int) or not 1 <= amount <= 365:
        r.report((*at, units[0]), f"{units[0]} must be a whole number from 1 to 365")
        return
    since = wait.get("since")
    if since is not None and since not in ("occurred_at",):
        r.report((*at, "since"), "since must be occurred_at (the time the user gave)")
        return
    fields["wait"] = Wait(amount=amount, unit=units[0], since=since)


def _choices(r: _Reader, value: Any, where: Path, what: str) -> tuple[Choice, ...]:
    if not isinstance(value, list) or not value:
        r.report(where, f"choices of {what} must be a non-empty list")
        return ()
    result: list[Choice] = []
    seen: set[str] = set()
    for index, raw in enumerate(value):
        at = (*where, index)
        data = r.mapping(raw, at, f"a choice of {what}", CHOICE_KEYS)
        if data is None:
            continue
        choice_id = r.ident(data.get("id"), (*at, "id"), "choice id") if "id" in data else None
        label = (
            r.text(data.get("label"), (*at, "label"), "choice label") if "label" in data else None
        )
        target = (
            r.target(data.get("next"), (*at, "next"), "choice 'next'") if "next" in data else None
        )
        if choice_id in seen:
            r.report((*at, "id"), f"duplicate choice id '{choice_id}' in {what}")
        if choice_id and label and target and choice_id not in seen:
            seen.add(choice_id)
            result.append(Choice(choice_id, label, target, r.doc.line(at)))
    return tuple(result)


def _labels(r: _Reader, value: Any, where: Path, what: str) -> dict[str, Text] | None:
    """``labels: {yes: {zh, en}, no: {zh, en}}``: the words of the two answers of a step."""
    data = r.mapping(value, where, f"labels of {what}", LABEL_KEYS)
    if data is None:
        return None
    found = {
        key: r.text(data[key], (*where, key), f"'{key}' label of {what}")
        for key in LABEL_KEYS
        if key in data
    }
    labels = {key: text for key, text in found.items() if text is not None}
    return labels if len(labels) == len(LABEL_KEYS) else None


def _rules(
    r: _Reader, value: Any, steps: Mapping[str, Step], declared: set[str]
) -> tuple[Rule, ...]:
    """Path rules: each names answers (``after``) and what must hold on every path after them.

    Only the shape and the names are checked here; whether the guide keeps the promise is for
    :func:`okhelp.authoring.checker.check_rules`, which needs the linked guides too.
    """
    if not isinstance(value, list):
        r.report(("rules",), "rules must be a list")
        return ()
    result: list[Rule] = []
    for index, raw in enumerate(value):
        where: Path = ("rules", index)
        count = len(r.problems)
        data = r.mapping(raw, where, "a rule", ("after",), RULE_KEYS[1:])
        if data is None:
            continue
        if not any(key in data for key in RULE_KEYS[1:]):
            r.report(where, "a rule needs 'every_end', 'never_reaches' or 'passes_through'")
        after = (
            _rule_after(r, data["after"], (*where, "after"), steps, declared)
            if "after" in data
            else ()
        )
        every_end = data.get("every_end")
        if "every_end" in data and every_end not in OUTCOMES:
            r.report((*where, "every_end"), f"every_end must be one of: {', '.join(OUTCOMES)}")
        never = data.get("never_reaches", [])
        if not isinstance(never, list) or ("never_reaches" in data and not never):
            r.report(
                (*where, "never_reaches"), "never_reaches must be a non-empty list of step ids"
            )
            never = []
        for i, step_id in enumerate(never):
            at: Path = (*where, "never_reaches", i)
            if r.ident(step_id, at, "step in never_reaches") and step_id not in declared:
                r.report(at, f"never_reaches names a step that does not exist: '{step_id}'")
        passes = data.get("passes_through", [])
        if not isinstance(passes, list) or ("passes_through" in data and not passes):
            r.report(
                (*where, "passes_through"), "passes_through must be a non-empty list of step ids"
            )
            passes = []
        for i, step_id in enumerate(passes):
            at = (*where, "passes_through", i)
            if r.ident(step_id, at, "step in passes_through") and step_id not in declared:
                r.report(at, f"passes_through names a step that does not exist: '{step_id}'")
        if len(r.problems) == count:
            result.append(
                Rule(
                    after=after,
                    every_end=every_end,
                    never_reaches=tuple(never),
                    line=r.doc.line(where),
                    passes_through=tuple(passes),
                )
            )
    return tuple(result)


def _signals(
    r: _Reader, value: Any, steps: Mapping[str, Step], declared: set[str]
) -> tuple[Signal, ...]:
    """What support routes on: answers (``after``), the tag they put on the ticket, and the
    priority they raise the session to."""
    if not isinstance(value, list):
        r.report(("signals",), "signals must be a list")
        return ()
    result: list[Signal] = []
    for index, raw in enumerate(value):
        where: Path = ("signals", index)
        count = len(r.problems)
        data = r.mapping(raw, where, "a signal", ("after", "tag"), ("priority",))
        if data is None:
            continue
        after = (
            _rule_after(r, data["after"], (*where, "after"), steps, declared)
            if "after" in data
            else ()
        )
        tag = r.ident(data.get("tag"), (*where, "tag"), "tag") if "tag" in data else None
        if tag is not None and len(tag) > MAX_SIGNAL_TAG:
            r.report((*where, "tag"), f"tag is too long (at most {MAX_SIGNAL_TAG} characters)")
        priority = data.get("priority")
        if "priority" in data and priority not in PRIORITIES:
            r.report(
                (*where, "priority"),
                f"priority must be one of: {', '.join(PRIORITIES)}"
                f"{did_you_mean(priority, PRIORITIES)}",
            )
        if len(r.problems) == count and tag is not None:
            result.append(Signal(after, tag, priority, r.doc.line(where)))
    return tuple(result)


def _rule_after(
    r: _Reader, value: Any, where: Path, steps: Mapping[str, Step], declared: set[str]
) -> tuple[tuple[str, str], ...]:
    """``after: {step: answer}`` (or a list of answers): the answers that set a rule going."""
    if not isinstance(value, dict) or not value:
        r.report(where, 'after must be a mapping of step id to answer, e.g. {shared: "yes"}')
        return ()
    pairs: list[tuple[str, str]] = []
    for step_id, answers in value.items():
        at: Path = (*where, step_id)
        if r.ident(step_id, at, "step in after") is None:
            continue
        if step_id not in declared:
            r.report(at, f"after names a step that does not exist: '{step_id}'")
            continue
        step = steps.get(step_id)
        if step is None:
            continue  # the step itself failed to load and is reported already
        accepted = _answers_of(step)
        if not accepted:
            r.report(at, f"after names step '{step_id}' ({step.type}), which takes no answer")
            continue
        for given in answers if isinstance(answers, list) else [answers]:
            answer = ("yes" if given else "no") if isinstance(given, bool) else given
            if not isinstance(answer, str) or answer not in accepted:
                shown = printable(str(answer)) if isinstance(answer, (str, int, float)) else ""
                r.report(
                    at,
                    f"'{shown}' is not an answer of step '{step_id}' "
                    f"(accepted: {', '.join(accepted)})",
                )
                continue
            pairs.append((step_id, answer))
    return tuple(pairs)


def _answers_of(step: Step) -> tuple[str, ...]:
    if step.type == "choice":
        return tuple(choice.id for choice in step.choices)
    if step.type == "confirm":
        return CONFIRM_ANSWERS
    if step.type == "action":
        return ACTION_ANSWERS
    return ()


def _collect(
    r: _Reader, data: Mapping[str, Any], where: Path, what: str, category: Any
) -> tuple[str, ...]:
    if data.get("outcome") != "escalate":
        if "collect" in data:
            r.report((*where, "collect"), f"collect is only for escalate ends ({what})")
        return ()
    value = data.get("collect", list(DEFAULT_COLLECT))
    if not isinstance(value, list):
        r.report((*where, "collect"), f"collect of {what} must be a list of field names")
        return ()
    fields: list[str] = []
    for index, name in enumerate(value):
        problem = field_problem(name)
        if problem:
            r.report((*where, "collect", index), problem)
        elif name not in fields:
            fields.append(name)
    if category == "money":
        fields = list(MONEY_COLLECT) + [name for name in fields if name not in MONEY_COLLECT]
    return tuple(fields)


def _now(r: _Reader, data: Mapping[str, Any], where: Path) -> str | None:
    """The ``now`` examples resolve relative times against, checked; None when not given."""
    if "now" not in data:
        return None
    value = data["now"]
    if parse_instant(value) is None:
        r.report(
            (*where, "now"),
            "now must be an ISO 8601 time with its UTC offset, e.g. 2026-11-21T12:00:00+08:00",
        )
        return None
    return str(value).strip()


def _examples(r: _Reader, value: Any, default_now: str | None = None) -> tuple[Example, ...]:
    if not isinstance(value, list):
        r.report(("examples",), "examples must be a list (each example starts with '- ')")
        return ()
    result: list[Example] = []
    for index, raw in enumerate(value):
        where: Path = ("examples", index)
        data = r.mapping(raw, where, "an example", EXAMPLE_KEYS, EXAMPLE_OPTIONAL)
        if data is None:
            continue
        now = _now(r, data, where) or default_now
        name = (
            r.string(data.get("name"), (*where, "name"), "example name") if "name" in data else None
        )
        answers = _answers(r, data.get("answers"), (*where, "answers"))
        expect = r.mapping(data.get("expect"), (*where, "expect"), "expect", (), EXPECT_KEYS)
        if expect is not None and not expect:
            r.report((*where, "expect"), "expect needs 'end' and/or 'outcome'")
        if expect is not None and "outcome" in expect and expect["outcome"] not in OUTCOMES:
            r.report(
                (*where, "expect", "outcome"), f"outcome must be one of: {', '.join(OUTCOMES)}"
            )
        for key in ("end", "guide"):
            if expect is not None and key in expect:
                r.ident(expect[key], (*where, "expect", key), f"expected {key}")
        if name is None or answers is None or not expect:
            continue
        result.append(
            Example(
                name=name,
                answers=answers,
                expect_end=expect.get("end"),
                expect_outcome=expect.get("outcome"),
                expect_guide=expect.get("guide"),
                line=r.doc.line(where),
                now=now,
                answer_lines={
                    key: r.doc.lines.get((*where, "answers", key)) or 0 for key in answers
                },
                answer_words={
                    key: r.doc.words.get((*where, "answers", key), str(answer))
                    for key, answer in answers.items()
                    if isinstance(answer, bool)
                },
            )
        )
    return tuple(result)


def _answers(r: _Reader, value: Any, where: Path) -> dict[str, str | bool] | None:
    if not isinstance(value, dict):
        r.report(where, f"answers must be a mapping of step id to answer{r.list_hint(value)}")
        return None
    result: dict[str, str | bool] = {}
    for key, answer in value.items():
        if isinstance(answer, bool):
            result[key] = answer
        elif isinstance(answer, (str, int, float)) and not isinstance(answer, bool):
            text = str(answer)
            if find_control(text):
                r.report((*where, key), "answer contains a control or escape character")
                continue
            result[key] = text
        else:
            fix = r.comma_fix(value, key, where) if answer is None else None
            r.report_unless_empty(
                (*where, key),
                fix if fix is not None else f"answer for '{printable(key)}' must be text or yes/no",
            )
    return result

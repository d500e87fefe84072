"""Everything okhelp shows: rich in a terminal, plain text in a pipe, JSON as it is.

The only module that builds rich output. rich is imported inside the functions that need it, so
commands that print JSON or nothing never load it. Text that comes from users or guide files is
always passed as :class:`rich.text.Text`, never as markup, so ``[bold]`` or escape codes typed by
someone are shown literally.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from okhelp.errors import Problem
from okhelp.i18n import message
from okhelp.model import Guide, Step
from okhelp.yamlsafe import printable

if TYPE_CHECKING:
    from rich.console import Console

_CONSOLES: dict[bool, Console] = {}


def console(stderr: bool = False) -> Console:
    """A shared console per stream (rich itself honours NO_COLOR, TERM=dumb and pipes)."""
    if stderr not in _CONSOLES:
        from rich.console import Console

        _CONSOLES[stderr] = Console(stderr=stderr, highlight=False, emoji=False)
    return _CONSOLES[stderr]


def reset_consoles() -> None:
    """Forget cached consoles (tests swap the streams)."""
    _CONSOLES.clear()


def write_json(data: Any) -> None:
    """JSON for programs: UTF-8, no colour, one document, newline at the end."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def write_plain(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def error(text: str, hint: str | None = None) -> None:
    """The one line a user sees when something is wrong (plus what to do, when we know)."""
    line = f"okhelp: error: {text}"
    if hint:
        line += f" ({hint})"
    sys.stderr.write(line + "\n")


def warn(text: str) -> None:
    sys.stderr.write(f"okhelp: warning: {text}\n")


def info(text: str) -> None:
    """A line for the person at the terminal, on stderr so it never mixes with data on stdout."""
    sys.stderr.write(text + "\n")


def problems(found: Iterable[Problem]) -> None:
    """``FILE:LINE: message`` lines for editors and people alike."""
    for problem in found:
        sys.stdout.write(problem.format() + "\n")


def warn_problems(found: Sequence[Problem]) -> None:
    for problem in found:
        warn(f"skipped {problem.format()}")


def guide_table(guides: Sequence[Guide], lang: str) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    if not out.is_terminal:
        for guide in guides:
            source = "builtin" if guide.source == "builtin" else guide.source
            write_plain(f"{guide.id}\t{guide.category}\t{guide.title.get(lang)}\t{source}")
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    headers = (
        ("指南", "类别", "标题", "来源") if lang == "zh" else ("id", "category", "title", "source")
    )
    for header in headers:
        table.add_column(header, overflow="fold")
    for guide in guides:
        table.add_row(
            Text(guide.id, style="cyan"),
            Text(guide.category),
            Text(guide.title.get(lang)),
            Text(
                "builtin" if guide.source == "builtin" else printable(guide.source, 200),
                style="dim",
            ),
        )
    out.print(table)


def _step_kind(step: Step, lang: str) -> str:
    names = {
        "zh": {
            "info": "说明",
            "action": "尝试",
            "choice": "选择",
            "confirm": "确认",
            "input": "填写",
            "link": "转到",
            "end": "结束",
        },
        "en": {
            "info": "info",
            "action": "try",
            "choice": "choose",
            "confirm": "confirm",
            "input": "ask",
            "link": "go to",
            "end": "end",
        },
    }
    return names.get(lang, names["en"])[step.type]


def step_routes(step: Step, lang: str) -> list[str]:
    """Where a step leads, in words, for ``guides show``."""
    if step.type == "choice":
        return [f"{c.label.get(lang)} → {c.next}" for c in step.choices]
    if step.type == "confirm":
        return [f"{message('yes', lang)} → {step.on_yes}", f"{message('no', lang)} → {step.on_no}"]
    if step.type == "action":
        solved = step.on_yes or ("已解决" if lang == "zh" else "resolved")
        return [
            f"{message('yes_solved', lang)} → {solved}",
            f"{message('not_solved', lang)} → {step.next}",
        ]
    if step.type == "input":
        optional = "" if step.required else (" (可选)" if lang == "zh" else " (optional)")
        return [f"[{step.field}{optional}] → {step.next}"]
    if step.type == "link":
        return [f"→ {step.guide}"]
    if step.type == "end":
        outcome = {
            "resolved": "已解决" if lang == "zh" else "resolved",
            "escalate": "转客服" if lang == "zh" else "escalate to support",
        }[step.outcome or "resolved"]
        collect = f" · {', '.join(step.collect)}" if step.collect else ""
        return [f"{outcome}{collect}"]
    return [f"→ {step.next}"]


def guide_detail(guide: Guide, lang: str) -> None:
    """A guide as a reader sees it: title, summary, then each step with where it leads."""
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.text import Text

    out = console()
    header = Text()
    header.append(guide.title.get(lang), style="bold")
    header.append(f"\n{guide.summary.get(lang)}\n", style="")
    keywords = ", ".join(guide.keywords.get(lang, ()))
    header.append(f"{guide.id} · {guide.category} · v{guide.version}", style="dim")
    if keywords:
        header.append(f" · {keywords}", style="dim")
    out.print(Panel(header, expand=False) if out.is_terminal else header)
    for number, step in enumerate(guide.steps.values(), start=1):
        line = Text()
        line.append(f"{number}. ", style="bold")
        line.append(step.id, style="cyan")
        line.append(f"  [{_step_kind(step, lang)}]", style="magenta")
        out.print(line)
        body = Text(step.text.get(lang))
        for route in step_routes(step, lang):
            body.append(f"\n  {route}", style="dim")
        out.print(Padding(body, (0, 0, 1, 4), expand=False))

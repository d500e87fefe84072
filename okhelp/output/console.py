"""Everything okhelp shows: rich in a terminal, plain text in a pipe, JSON as it is.

The only module that builds rich output. rich is imported inside the functions that need it, so
commands that print JSON or nothing never load it. Text that comes from users or guide files is
always passed as :class:`rich.text.Text`, never as markup, so ``[bold]`` typed by someone is shown
literally; and every string that reaches the screen, a pipe or a file goes through
:mod:`okhelp.util.text` first, so escape codes, C0/C1 controls and bidi or zero-width characters
from the
data are shown as ``\\x1b``, ``\\u202e``, never acted on. The sinks (:func:`write_plain`,
:func:`error`, :func:`warn`, :func:`info`, :func:`write_json`) neutralise again whatever they are
given, so a caller that forgets cannot make the terminal act.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from okhelp.domain.templating import PUBLIC_NUMBERS, fill_placeholders
from okhelp.util import notices
from okhelp.util.text import dumps_json, neutralise, neutralise_data, one_line, printable

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

    from okhelp.core.record import SummaryRecord
    from okhelp.core.stats import GuideStatsJson
    from okhelp.domain.model import Guide, Step
    from okhelp.errors import Problem

_CONSOLES: dict[bool, Console] = {}


def console(stderr: bool = False) -> Console:
    """A shared console per stream (rich itself honours NO_COLOR, TERM=dumb and pipes)."""
    if stderr not in _CONSOLES:
        from rich.console import Console

        _CONSOLES[stderr] = Console(stderr=stderr, highlight=False, emoji=False)
    return _CONSOLES[stderr]


def plain_consoles() -> None:
    """Consoles that never colour or style (the accessible mode): no escape code at all, not
    even the bold NO_COLOR keeps; panels and tables are drawn with plain characters."""
    from rich.console import Console

    for stderr in (False, True):
        _CONSOLES[stderr] = Console(
            stderr=stderr, highlight=False, emoji=False, color_system=None, soft_wrap=True
        )


# A line width no summary line reaches: the accessible mode's lines are never broken by okhelp.
UNWRAPPED = 1_000_000


def _plain() -> bool:
    """Whether the consoles are the accessible mode's: they break no line (the terminal wraps),
    and nothing okhelp draws may either: no frames and no line breaks of okhelp's making, which
    a screen reader reads out ("│") or cuts a sentence at ("最多还有 9" / "步")."""
    return console().soft_wrap


def _framed(renderable: RenderableType, **options: Any) -> RenderableType:
    """A panel, or in the accessible mode the content alone (a title as its own line)."""
    if not _plain():
        from rich.panel import Panel

        return Panel(renderable, **options)
    title = options.get("title")
    if title:
        from rich.console import Group
        from rich.text import Text

        return Group(Text(str(title)), renderable)
    return renderable


def message(key: str, lang: str, **values: object) -> str:
    """okhelp's own words, from :mod:`okhelp.i18n.messages` on first use (``--version``, ``--help``
    and
    tab completion import this module and need none)."""
    from okhelp.i18n.messages import message as words

    return words(key, lang, **values)


def reset_consoles() -> None:
    """Forget cached consoles (tests swap the streams)."""
    _CONSOLES.clear()


def stdout_is_utf8() -> bool:
    """Whether stdout takes any text (``PYTHONIOENCODING=ascii``, ``LC_ALL=C`` without UTF-8
    mode and a latin-1 terminal do not)."""
    import codecs

    try:
        return codecs.lookup(getattr(sys.stdout, "encoding", None) or "utf-8").name == "utf-8"
    except LookupError:
        return False


def tolerate_any_encoding() -> None:
    """Make stdout and stderr show what their encoding cannot hold as ``\\u5145`` escapes
    instead of failing: in an ASCII or latin-1 terminal okhelp's words degrade visibly, and a
    move already saved is never followed by a crash. Called once, before any command runs."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def json_text(data: Any) -> str:
    """:func:`dumps_json` for stdout: readable UTF-8 where stdout takes it, else pure ASCII
    with ``\\uXXXX`` escapes, which every JSON reader decodes to the same data."""
    return dumps_json(data, ascii_only=not stdout_is_utf8())


def write_json(data: Any) -> None:
    """JSON for programs: no colour, one document, newline at the end; ASCII when stdout's
    encoding is not UTF-8."""
    sys.stdout.write(json_text(data) + "\n")


def _inert(text: object, style: str = "", *, single: bool = False) -> Text:
    """Rich text of an untrusted value: neutralised (on one line if ``single``), never markup."""
    from rich.text import Text

    shown = one_line(str(text)) if single else neutralise(str(text))
    return Text(shown, style=style)


def _wrapped(text: str, width: int) -> str:
    """Text wrapped by display cells. Rich breaks a line only at spaces, so a long run of Chinese
    after an English word (“在银行 APP 里打开…”) would move whole to the next line; the
    summary's own wrapper breaks between Chinese characters and never inside a word."""
    from okhelp.output.formats import wrap

    return "\n".join(
        wrapped for line in text.splitlines() for wrapped in (wrap(line, width) if line else [""])
    )


def write_plain(text: str) -> None:
    """Text for a pipe or a file: lines and tabs kept, anything a terminal acts on shown inert."""
    shown = neutralise(text, keep_tabs=True)
    sys.stdout.write(shown if shown.endswith("\n") else shown + "\n")


def write_lines(lines: Iterable[str]) -> None:
    """Lines that are inert already (ASCII JSON), written as they come: an export of a million
    sessions is never held whole."""
    sys.stdout.writelines(lines)


def error(text: str, hint: str | None = None, lang: str = "en") -> None:
    """The one line a user sees when something is wrong (plus what to do, when we know), its
    hint in the brackets of the line's language."""
    line = f"okhelp: error: {text}"
    if hint:
        line += message("hint_in_brackets", lang, hint=hint)
    sys.stderr.write(one_line(line) + "\n")


def warn(text: str) -> None:
    notices.warn(text)


def info(text: str) -> None:
    """A line for the person at the terminal, on stderr so it never mixes with data on stdout."""
    sys.stderr.write(neutralise(text) + "\n")


def problems(found: Iterable[Problem]) -> None:
    """``FILE:LINE: message`` lines for editors and people alike."""
    for problem in found:
        sys.stdout.write(one_line(problem.format()) + "\n")


def warn_problems(found: Sequence[Problem]) -> None:
    for problem in found:
        warn(f"skipped {problem.format()}")


def guide_table(guides: Sequence[Guide], lang: str) -> None:
    if not sys.stdout.isatty():  # a pipe: tab-separated lines, without loading rich
        for guide in guides:
            source = "builtin" if guide.source == "builtin" else guide.source
            fields = (guide.id, guide.category, guide.title.get(lang), source)
            write_plain("\t".join(one_line(field) for field in fields))
        return
    from rich.table import Table

    out = console()
    table = Table(box=None, pad_edge=False, header_style="bold")
    headers = _words(lang, "col_id", "col_category", "col_title", "col_source")
    for header in headers:
        table.add_column(header, overflow="fold")
    for guide in guides:
        table.add_row(
            _inert(guide.id, "cyan", single=True),
            _inert(guide.category, single=True),
            _inert(guide.title.get(lang)),
            _inert(_source(guide, lang), style="dim"),
        )
    out.print(table)


def _source(guide: Guide, lang: str) -> str:
    """Where a guide comes from, in words: built in, or "custom:" and its file."""
    from okhelp.i18n.messages import message

    if guide.source == "builtin":
        return message("builtin_source", lang)
    return message("custom_source", lang, path=printable(guide.source, 200))


def _title(guide: Guide, lang: str) -> str:
    from okhelp.domain.model import guide_title

    return guide_title(guide, lang)


def _words(lang: str, *keys: str) -> tuple[str, ...]:
    """Several of okhelp's words at once (a table's headers)."""
    return tuple(message(key, lang) for key in keys)


def _step_kind(step: Step, lang: str) -> str:
    return message(f"step_kind.{step.type}", lang)


def step_routes(step: Step, lang: str) -> list[str]:
    """Where a step leads, in words, for ``guides show``."""
    if step.type == "choice":
        return [f"{c.label.get(lang)} → {c.next}" for c in step.choices]
    if step.type == "confirm":
        yes, no = step.yes_no_labels(lang)
        return [f"{yes} → {step.on_yes}", f"{no} → {step.on_no}"]
    if step.type == "action":
        solved = step.on_yes or message("route_resolved", lang)
        yes, no = step.yes_no_labels(lang)
        return [
            f"{yes} → {solved}",
            f"{no} → {step.next}",
            f"{message('not_possible', lang)} → {step.next}",
        ]
    if step.type == "input":
        optional = "" if step.required else message("route_optional", lang)
        return [f"[{step.field}{optional}] → {step.next}"]
    if step.type == "link":
        return [f"→ {step.guide}"]
    if step.type == "end" and step.wait is not None:
        unit = message(f"unit.{step.wait.unit}", lang)
        return [message("route_pending", lang, amount=step.wait.amount, unit=unit, next=step.next)]
    if step.type == "end":
        outcome = message(
            "route_escalate" if step.outcome == "escalate" else "route_resolved", lang
        )
        from okhelp.core.summary import field_label

        # The fields by the names the summary gives them, not their ids (transaction_id).
        fields = message("list_separator", lang).join(field_label(f, lang) for f in step.collect)
        collect = f" · {fields}" if step.collect else ""
        return [f"{outcome}{collect}"]
    return [f"→ {step.next}"]


def guide_detail(guide: Guide, lang: str) -> None:
    """A guide as a reader sees it: title, summary, then each step with where it leads."""
    from rich.padding import Padding
    from rich.text import Text

    out = console()
    header = Text()
    header.append(neutralise(guide.title.get(lang)), style="bold")
    header.append(f"\n{neutralise(guide.summary.get(lang))}\n", style="")
    keywords = ", ".join(guide.keywords.get(lang, ()))
    header.append(one_line(f"{guide.id} · {guide.category} · v{guide.version}"), style="dim")
    if guide.source != "builtin":
        header.append(f" · {one_line(_source(guide, lang))}", style="dim")
    if keywords:
        header.append(f" · {one_line(keywords)}", style="dim")
    out.print(_framed(header, expand=False) if out.is_terminal else header)
    for number, step in enumerate(guide.steps.values(), start=1):
        line = Text()
        line.append(f"{number}. ", style="bold")
        line.append(one_line(step.id), style="cyan")
        line.append(f"  [{_step_kind(step, lang)}]", style="magenta")
        out.print(line)
        body = _inert(step.text.get(lang))
        for route in step_routes(step, lang):
            body.append(f"\n  {one_line(route)}", style="dim")
        out.print(Padding(body, (0, 0, 1, 4), expand=False))


class WizardView:
    """How the wizard looks in a terminal: a header line, the step in a panel, short notices."""

    def __init__(
        self, lang: str, channels: Sequence[str] = (), numbers: Mapping[str, str] | None = None
    ) -> None:
        self.lang = lang
        self.channels = channels
        self.numbers = numbers

    def step(self, guide: Guide, step: Step, position: int, remaining: int) -> None:
        from rich.text import Text

        out = console()
        where = (
            message("step_of", self.lang, n=position, left=remaining)
            if remaining > 0
            else message("step_last", self.lang, n=position)
        )
        header = Text()
        header.append(one_line(guide.title.get(self.lang)), style="bold cyan")
        header.append(f" · {where}", style="dim")
        out.print()
        out.print(header)
        numbers = PUBLIC_NUMBERS if self.numbers is None else self.numbers
        text = fill_placeholders(step.text.get(self.lang), self.channels, numbers)
        if step.type in ("action", "info", "link", "end") or "\n" in text.strip():
            if _plain():
                out.print(_inert(neutralise(text)))
                return
            width = max(20, min(out.width, SUMMARY_MAX_WIDTH) - 4)  # inside the border and padding
            text = _wrapped(neutralise(text), width)
            out.print(_framed(_inert(text), expand=False, border_style="cyan"))

    def recap(self, title: str, items: Sequence[tuple[str, str]]) -> None:
        """A resumed session: its guide and, one line each, what was answered so far."""
        from rich.text import Text

        from okhelp.output.formats import cell_width

        out = console()
        key = "resume_recap" if items else "resume_recap_empty"
        out.print(_inert(message(key, self.lang, title=one_line(title)), style="bold cyan"))
        for question, given in items:
            answer = one_line(given)
            # the answer is what the user needs to see again: the question gives way first
            room = max(8, out.width - 7 - min(cell_width(answer), out.width // 2))
            line = Text(f"  · {_cut_cells(one_line(question), room)} → ", style="dim")
            line.append(answer)
            out.print(line, overflow="ellipsis", no_wrap=True)

    def problem(self, text: str) -> None:
        """A refusal, broken at spaces (or between Chinese characters) to the terminal's width:
        rich would break inside a quoted phrase or a number in groups (+44 7400 123456); in the
        accessible mode one line, for the terminal to wrap."""
        from rich.text import Text

        from okhelp.output.wrapping import wrap_text

        out = console(stderr=True)
        shown = neutralise(str(text))
        out.print(Text(shown if _plain() else wrap_text(shown, out.width), style="yellow"))

    def notice(self, text: str) -> None:
        console(stderr=True).print(_inert(text, style="dim"))


def _cut_cells(text: str, cells: int) -> str:
    """``text`` cut to at most ``cells`` terminal columns (a CJK character takes two), with "…"."""
    from okhelp.output.formats import cell_width

    if cell_width(text) <= cells:
        return text
    kept = ""
    for char in text:
        if cell_width(kept + char) > cells - 1:
            break
        kept += char
    return kept + "…"


def outcome(lang: str, closing: str | None, resolved: bool, *, solved: bool | None = None) -> None:
    """The closing words (an end's text, placeholders already filled), and a short
    congratulation when a problem is solved (``solved``, default ``resolved``: an information
    guide that answered a question solved no problem, and says nothing of the kind)."""
    congratulate = resolved if solved is None else solved
    if not sys.stdout.isatty():
        lines = [
            line for line in (closing, message("resolved", lang) if congratulate else None) if line
        ]
        write_plain("\n".join(["", *lines]))
        return
    from rich.text import Text

    out = console()
    out.print()
    if closing:
        width = max(20, min(out.width, SUMMARY_MAX_WIDTH))
        # the accessible mode breaks no line of its own: the terminal wraps
        text = neutralise(closing) if _plain() else _wrapped(neutralise(closing), width)
        out.print(_inert(text, style="bold green" if resolved else "bold"))
    if congratulate:
        out.print(Text(message("resolved", lang), style="green"))


SUMMARY_MAX_WIDTH = 100  # a panel wider than this is hard to read on a wide terminal
SUMMARY_STACKED_BELOW = 60  # narrower than this, labels go above their values


def summary_text(record: SummaryRecord, lang: str, out: Console | None = None) -> None:
    """The contact summary as a panel of labelled lines (user text shown literally); in the
    accessible mode the plain-text format with no line broken.

    From 40 to 200 columns: below 60 each label stands above its value (no wide label column);
    numbered lists hang their text beside the number so a number never stands alone; the panel
    is at most 100 columns wide. In a pipe it is the plain-text format, without loading rich.
    """
    from okhelp.output.formats import summary_view

    record = neutralise_data(record)  # every string of the record inert before any layout
    if out is None:
        piped = not sys.stdout.isatty()  # a pipe asks first: it must not load rich
        if piped or _plain():  # the accessible mode: each line whole, for the terminal to wrap
            from okhelp.output.formats import PLAIN_WIDTH
            from okhelp.output.formats import plain as to_plain

            write_plain(to_plain(record, lang, PLAIN_WIDTH if piped else UNWRAPPED))
            return
        out = console()
    from rich.console import Group
    from rich.constrain import Constrain
    from rich.table import Table
    from rich.text import Text

    from okhelp.output.formats import cell_width, wrap

    view = summary_view(record, lang)
    inner = min(out.width, SUMMARY_MAX_WIDTH) - 4  # the panel's border and padding
    stacked = out.width < SUMMARY_STACKED_BELOW
    label_width = max(cell_width(row.label) for row in view.rows)

    def block(pieces: Sequence[tuple[str, str]], width: int, style: str = "") -> Text:
        # Wrapped here, not by rich: rich moves a whole run of Chinese (one "word" to it) to
        # the next line; this breaks between characters, and never inside an id.
        if not pieces:
            return Text(view.missing, style="dim")
        joined = "".join(piece for _, piece in pieces)
        return Text("\n".join(wrap(joined, max(width, 10))), style=style)

    parts: list[RenderableType] = []
    if stacked:
        for row in view.rows:
            parts.append(Text(row.label, style="bold cyan"))
            value = Table.grid(padding=0)
            value.add_column(width=2, no_wrap=True)
            value.add_column(overflow="fold")
            value.add_row("", block(row.pieces, inner - 2))
            parts.append(value)
    else:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column(overflow="fold")
        for row in view.rows:
            table.add_row(Text(row.label), block(row.pieces, inner - label_width - 2))
        parts.append(table)
    for section in view.sections:
        parts += [Text(""), Text(section.title, style="bold cyan")]
        items = Table.grid(padding=(0, 1))
        items.add_column(no_wrap=True, justify="right")
        items.add_column(overflow="fold")
        marker_width = len(f"{len(section.items)}.") if section.numbered else 1
        style = "yellow" if section.key == "redactions" else ""
        for number, item in enumerate(section.items, start=1):
            marker = f"{number}." if section.numbered else "•"
            items.add_row(Text(marker, style="dim"), block(item, inner - marker_width - 1, style))
        parts.append(items)
    panel = _framed(Group(*parts), title=view.title, expand=False)
    out.print(Constrain(panel, width=min(out.width, SUMMARY_MAX_WIDTH)))


def _short_time(value: object) -> str:
    """``2026-11-22T17:23:37+08:00`` as ``2026-11-22 17:23``: what a person scans a list by."""
    text = str(value)
    return f"{text[:10]} {text[11:16]}" if len(text) >= 16 and text[10] == "T" else text


class SessionRow(TypedDict):
    """One past session as ``okhelp sessions`` lists it (and prints it as JSON)."""

    session_id: str
    guide: str
    status: str
    started_at: str
    updated_at: str
    pending_until: str | None  # a pending session: when its wait is over


SESSIONS_STACKED_BELOW = 60  # below this the four columns fold the guide and status into bits


def sessions_table(rows: Sequence[SessionRow], lang: str) -> None:
    """Past sessions for a person; ids never wrap, so one can be copied for ``resume``."""
    from rich.table import Table

    out = console()
    if not out.is_terminal:
        for row in rows:
            write_plain(
                "\t".join(
                    one_line(str(row[k])) for k in ("session_id", "guide", "status", "updated_at")
                )
            )
        return
    from okhelp.core.summary import WORDS

    statuses = WORDS["status"][lang]
    headers = _words(lang, "col_session", "col_guide", "col_status", "col_updated")
    styles = {
        "resolved": "green",
        "escalated": "yellow",
        "pending": "magenta",
        "in_progress": "cyan",
        "abandoned": "dim",
    }

    def status_words(row: SessionRow) -> str:
        status = str(row["status"])
        until = row.get("pending_until")
        if status == "pending" and until:
            return message("status_pending_until", lang, date=_short_time(until)[:10])
        return statuses.get(status, status)

    if out.width < SESSIONS_STACKED_BELOW:  # the id on its own line, the rest below it
        for row in rows:
            status = str(row["status"])
            out.print(_inert(row["session_id"], "bold", single=True))
            line = _inert(f"  {one_line(str(row['guide']))} · ")
            line.append_text(_inert(status_words(row), styles.get(status, ""), single=True))
            out.print(line)
            out.print(_inert(f"  {_short_time(row['updated_at'])}", "dim", single=True))
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column(headers[0], no_wrap=True)
    for header in headers[1:]:
        table.add_column(header, overflow="fold")
    for row in rows:
        status = str(row["status"])
        table.add_row(
            _inert(row["session_id"], single=True),
            _inert(row["guide"], single=True),
            _inert(status_words(row), styles.get(status, ""), single=True),
            _inert(_short_time(row["updated_at"]), "dim", single=True),
        )
    out.print(table)


def search_results(results: Sequence[tuple[Guide, float]], lang: str) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    if not out.is_terminal:
        for guide, score in results:
            fields = (guide.id, str(score), _title(guide, lang))
            write_plain("\t".join(one_line(field) for field in fields))
        return
    if not results:
        out.print(Text(message("no_guide_listed", lang), style="yellow"))
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for header in _words(lang, "col_id", "col_score", "col_title"):
        table.add_column(header)
    for guide, score in results:
        table.add_row(
            _inert(guide.id, "cyan", single=True),
            Text(f"{score:.2f}"),
            _inert(_title(guide, lang)),
        )
    out.print(table)


def _bar(share: float, width: int = 12) -> str:
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled)


def _duration(seconds: float | None, unknown: int = 0, lang: str = "en") -> str:
    """A median time, and how many sessions' times are unknown (never shown as 0 s)."""
    word = message("unknown", lang)
    if seconds is None:
        return word if unknown else "-"
    if seconds < 60:
        shown = f"{seconds:.0f} s"
    else:
        minutes = seconds / 60
        shown = f"{minutes:.1f} min" if minutes < 120 else f"{minutes / 60:.1f} h"
    return f"{shown} ({unknown} {word})" if unknown else shown


STATS_NAME_MIN = 12  # a guide name is cut to no less than this before the table changes shape
STATS_QUESTION = 40  # how much of a step's question "where sessions stopped" shows


def _stats_row(g: GuideStatsJson, lang: str, *, bars: bool, name: str | None = None) -> list[str]:
    rates = g["rates"]

    def share(key: Literal["resolved", "escalated", "abandoned"]) -> str:
        return f"{_bar(rates[key])} {rates[key]:.0%}" if bars else f"{rates[key]:.0%}"

    installed = g.get("installed", True) or name is not None
    return [
        name or printable(g["guide"], 64),
        "-" if g["version"] is None else str(g["version"]),
        str(g["sessions"]),
        share("resolved"),
        share("escalated"),
        str(g["pending"]),
        share("abandoned"),
        str(g["open"]),
        # where "stale" would be: a figure column is never cut, so the mark is always seen
        str(g["stale"]) if installed else message("stats_not_installed", lang),
        "-" if g["median_steps"] is None else f"{g['median_steps']:g}",
        _duration(g["median_duration_seconds"], g.get("durations_unknown", 0), lang),
        _rating(g.get("rating")),
    ]


def _rating(rating: Any) -> str:
    """The users' average verdict and how many gave one: "4.2 (5)"."""
    if not isinstance(rating, dict) or not rating.get("answered"):
        return "-"
    return f"{rating['average']:.1f} ({rating['answered']})"


def _step_question(guides: Mapping[str, Guide], guide_id: str, name: str, lang: str) -> str:
    """A step id as stats name it ("step", or "other.step" in a linked guide) with the start of
    its question, so a team lead need not look the id up."""
    owner, _, step_id = name.rpartition(".")
    guide = guides.get(owner or guide_id)
    step = guide.steps.get(step_id) if guide else None
    if step is None:
        return printable(name, 64)
    picked = step.headline(lang)
    return f"{printable(name, 64)} · {one_line(picked, STATS_QUESTION)}" if picked else name


def stats_table(
    groups: Sequence[GuideStatsJson],
    lang: str,
    *,
    detail: bool,
    guides: Mapping[str, Guide] | None = None,
    total: GuideStatsJson | None = None,
) -> None:
    """Per guide and version: counts, rates with bars (a totals row under several); with
    ``detail``, where sessions stop (with the step's question) and how each action step fared."""
    headers = _words(
        lang,
        "stats_guide",
        "stats_version",
        "stats_sessions",
        "stats_resolved",
        "stats_escalated",
        "stats_pending",
        "stats_abandoned",
        "stats_open",
        "stats_stale",
        "stats_median_steps",
        "stats_median_time",
        "stats_rating",
    )
    known = guides or {}
    details: list[tuple[str, list[list[str]]]] = []
    if detail:
        for g in groups:
            name = (
                f"{printable(g['guide'], 64)} v{g['version'] if g['version'] is not None else '-'}"
            )
            exits = [
                [_step_question(known, g["guide"], e["step"], lang), str(e["count"])]
                for e in g["exit_points"]
            ]
            if exits:
                details.append((f"{name} · " + message("stats_exits", lang), exits))
            actions = [
                [
                    _step_question(known, g["guide"], a["step"], lang),
                    str(a["solved"]),
                    str(a["not_solved"]),
                    str(a["not_possible"]),
                ]
                for a in g["actions"]
            ]
            if actions:
                details.append((f"{name} · {message('stats_actions', lang)}", actions))
    if not sys.stdout.isatty():  # for scripts: one row per guide version, figures only
        write_plain("\t".join(headers))
        for g in groups:
            write_plain("\t".join(_stats_row(g, lang, bars=False)))
        for title, lines in details:
            write_plain(f"\n# {title}")
            for line in lines:
                write_plain("\t".join(line))
        return
    from rich.table import Table
    from rich.text import Text

    out = console()
    from okhelp.output.formats import cell_width

    compact_headers = (
        *headers[:9],
        *_words(lang, "stats_steps_short", "stats_time_short"),
        headers[11],
    )

    Rows = list[tuple[list[str], bool]]

    def layout(bars: bool) -> tuple[Rows, tuple[str, ...], list[int], int]:
        """The rows, headers, each column's width, and the gap between columns."""
        rows = [(_stats_row(g, lang, bars=bars), False) for g in groups]
        if total is not None and len(groups) > 1:
            name = message("stats_total", lang)
            rows.append((_stats_row(total, lang, bars=bars, name=name), True))
        shown = headers if bars else compact_headers
        widths = [
            max(cell_width(h), *(cell_width(row[i]) for row, _ in rows))
            for i, h in enumerate(shown)
        ]
        return rows, shown, widths, 2 if bars else 1

    def needed(widths: list[int], gap: int) -> int:
        """The width the table takes with the guide names cut to STATS_NAME_MIN (and a gap
        to spare)."""
        return min(widths[0], STATS_NAME_MIN) + sum(widths[1:]) + gap * len(widths)

    full = layout(bars=True)
    rows, shown, widths, gap = full
    bars = needed(widths, gap) <= out.width
    if not bars:
        rows, shown, widths, gap = layout(bars=False)
    if needed(widths, gap) > out.width:  # one block per guide: even the compact table folds
        for row, is_total in full[0]:
            out.print(Text(row[0] if is_total else f"{row[0]} v{row[1]}", style="bold"))
            labelled = Table(box=None, pad_edge=False, show_header=False)
            labelled.add_column(no_wrap=True)
            labelled.add_column(no_wrap=True)
            for header, cell in zip(headers[2:], row[2:], strict=True):
                labelled.add_row(Text(header, style="dim"), Text(cell))
            out.print(labelled)
    else:
        table = Table(box=None, pad_edge=False, header_style="bold", collapse_padding=not bars)
        # every guide stays on one line: the figures keep their width, a long name is cut
        widths[0] = min(widths[0], out.width - sum(widths[1:]) - gap * (len(widths) - 1))
        for header, width in zip(shown, widths, strict=True):
            table.add_column(header, no_wrap=True, overflow="ellipsis", width=width)
        for index, (row, is_total) in enumerate(rows):
            before_total = index + 1 < len(rows) and rows[index + 1][1]
            table.add_row(
                *(Text(cell) for cell in row),
                style="bold" if is_total else None,
                end_section=before_total,
            )
        out.print(table)
        if not bars:
            out.print(Text(message("stats_medians_note", lang), style="dim"))
    if any(not g.get("installed", True) for g in groups):
        out.print(Text(message("stats_not_installed_note", lang), style="dim"))
    for title, lines in details:
        out.print(Text(f"\n{title}", style="bold"))
        sub = Table(box=None, pad_edge=False, show_header=False)
        for line in lines:
            sub.add_row(*(Text(cell) for cell in line))
        out.print(sub)

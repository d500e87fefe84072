"""The contact summary as text: one view of the record, drawn as Markdown, plain text or HTML.

:func:`summary_view` decides *what* is shown (labels, status and kind words in the asked
language, choice labels, the advice text once, "tried" apart from "could not do"); the drawers
below decide only *how*. The terminal panel (``render.summary_text``) draws the same view.

Every value in a record is treated as hostile (a summary file is user-supplied): each piece is
cleaned to one inert line (``okhelp.util.text``), and each drawer escapes it for its own medium.
Markdown keeps values readable as typed: identifiers go in code spans, other text is escaped only
where a character could start markup, so ``WD-20261117-0042``, ``jane.doe@example.com`` and
``45.00`` appear verbatim. Written by hand: Markdown libraries parse and render, none escapes
minimally, and the rules needed here are a dozen lines that tests check with markdown-it-py.
"""

from __future__ import annotations

import contextlib
import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from okhelp.core.record import SummaryRecord, TranscriptItem
from okhelp.core.summary import LABELS, MASKED, field_label, word
from okhelp.domain.engine import NOT_POSSIBLE
from okhelp.fields.validation import describe_amount, describe_time
from okhelp.i18n.messages import DISPLAY_LANGS, message, moment_words
from okhelp.util.text import one_line

# (kind, text): "code" is an identifier an agent copies, "text" comes from the record, "note" is
# okhelp's own words, "user" the user's own free text (only in a view made with ``mark_user``,
# where each drawer sets it apart as a labelled quote).
Piece = tuple[str, str]
CODE_FIELDS = ("account", "transaction_id")
USER_ROWS = ("error_message", "app_version", "device", "description")
EXCERPT = 40
PLAIN_WIDTH = 72


@dataclass(frozen=True)
class Row:
    """One labelled line: ``Account: 13800138000 (phone)``; no pieces means not given."""

    key: str
    label: str
    pieces: tuple[Piece, ...]

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.pieces)


@dataclass(frozen=True)
class Section:
    """A titled list: already tried, could not do, questions and answers, secrets, channels."""

    key: str
    title: str
    items: tuple[tuple[Piece, ...], ...]
    numbered: bool


@dataclass(frozen=True)
class SummaryView:
    lang: str
    title: str
    missing: str
    rows: tuple[Row, ...]
    sections: tuple[Section, ...]
    footer: tuple[Piece, ...]


def clean(value: object) -> str:
    """A record value as one inert line: whitespace runs become one space, controls are named."""
    return one_line(" ".join(str(value).split()))


def _text(value: object) -> tuple[Piece, ...]:
    shown = clean(value) if value is not None else ""
    return (("text", shown),) if shown else ()


def _code(value: object) -> tuple[Piece, ...]:
    shown = clean(value) if value is not None else ""
    return (("code", shown),) if shown else ()


def _note(text: str) -> Piece:
    return ("note", text)


def _paren(text: str, lang: str) -> Piece:
    return _note(message("punct_aside", lang, text=text))


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """The opening words of a long advice text, to name it again without repeating it."""
    text = clean(text)
    sentence = re.split(r"(?<=[。！？；：])|(?<=[.!?;:—])\s", text, maxsplit=1)[0].strip()
    if len(sentence) > limit:
        cut = sentence[: limit - 1]
        space = cut.rfind(" ")
        if space > limit // 2:  # English: end on a whole word
            cut = cut[:space]
        return cut.rstrip(" ,;:，、") + "…"
    return sentence if sentence == text else sentence.rstrip("。.;；:：") + "…"


def summary_view(
    record: SummaryRecord, lang: str | None = None, *, mark_user: bool = False
) -> SummaryView:
    """What every text rendering of a summary shows, in ``lang`` (default: the record's).

    ``mark_user``: the user's free text (the rows of USER_ROWS, typed answers) becomes "user"
    pieces, for renderings read by programs and by people other than the user (a helpdesk, an
    assistant), who must not take a user's words for okhelp's.
    """
    chosen = lang or record.get("lang")
    lang = chosen if isinstance(chosen, str) and chosen in DISPLAY_LANGS else "en"
    labels = LABELS[lang]
    edited = {str(name) for name in record.get("edited_fields") or ()}

    def row(key: str, pieces: tuple[Piece, ...]) -> Row:
        if mark_user and key in USER_ROWS:
            pieces = tuple(
                ("user", text) if kind == "text" else (kind, text) for kind, text in pieces
            )
        if pieces and key in edited:
            pieces += (_paren(labels["edited"].strip("（）()"), lang),)
        return Row(key, labels[key], pieces)

    incident = record["incident"]
    account = record["account"]
    guide = record["guide"]
    guide_pieces: tuple[Piece, ...] = _code(guide["id"])
    if guide.get("title"):
        guide_pieces = (*_text(guide["title"]), _note(message("punct_open", lang)))
        guide_pieces += (*_code(guide["id"]), _note(message("punct_close", lang)))
    if guide.get("changed") is True:
        guide_pieces += (_note(" " if lang == "en" else ""), _note(labels["guide_changed"]))
    account_pieces: tuple[Piece, ...] = ()
    if account and clean(account["id"]):
        account_pieces = (*_code(account["id"]), _paren(word("kind", account["kind"], lang), lang))
    environment = record["environment"]
    priority: tuple[Row, ...] = ()
    # How soon support should act is for a case handed to support: a solved or waiting one has
    # nothing to act on yet (and records written before okhelp worked one out have none).
    if record.get("priority") and record["status"] not in ("resolved", "pending"):
        pieces: tuple[Piece, ...] = (_note(word("priority", record.get("priority"), lang)),)
        signals = [str(tag) for tag in record.get("signals") or ()]
        if signals:
            pieces += (_note(" · "), *_code(message("list_separator", lang).join(signals)))
        priority = (row("priority", pieces),)
    status: tuple[Piece, ...] = (_note(word("status", record["status"], lang)),)
    until = record.get("pending_until")
    if record["status"] == "pending" and isinstance(until, str):
        with contextlib.suppress(ValueError):  # a hand-edited date is left out, not guessed
            words = message("summary_until", lang, date=moment_words(until, lang))
            status += (_note(" · "), _note(words))
    rows = (
        row("session", _code(record["session_id"])),
        row("status", status),
        *priority,
        row("guide", guide_pieces),
        row("account", account_pieces),
        row("transaction_id", _code(incident["transaction_id"])),
        row("occurred_at", _text(describe_time(incident, lang))),
        row("amount", _text(describe_amount(incident["amount"], lang))),
        row("error_message", _text(incident["error_message"])),
        row("app_version", _text(environment["app_version"])),
        row("device", _text(environment["device"])),
        row("description", _text(record["description"])),
    )
    # What was not given is one line, not a row of "(not given)" each: what to act on leads.
    absent = [r for r in rows if not r.pieces and r.key in FOLDED]
    if len(absent) > 1:
        names = message("list_separator", lang).join(r.label for r in absent)
        rows = (
            *(r for r in rows if r not in absent),
            Row("not_given", labels["not_given"], (_note(names),)),
        )
    return SummaryView(
        lang=lang,
        title=labels["title"],
        missing=labels["missing"],
        rows=rows,
        sections=tuple(
            section
            for section in _sections(record, lang, mark_user)
            # the official channels are advice for the user: an agent's copy goes without them
            if section.items and not (mark_user and section.key == "channels")
        ),
        footer=(
            _note(f"{labels['generated']}{message('punct_colon', lang)}"),
            *_text(record["generated_at"]),
            _note(" · okhelp "),
            *_text(record["tool"]["version"]),
        ),
    )


# Rows folded into one "Not given" line when empty (the account stays: support needs it first).
FOLDED = (
    *("transaction_id", "occurred_at", "amount", "error_message", "app_version", "device"),
    "description",
)


def _sections(record: SummaryRecord, lang: str, mark_user: bool = False) -> list[Section]:
    labels = LABELS[lang]
    tried = record["steps_tried"]
    listed = {str(item["step"]) for item in tried}
    done = tuple(_text(t["action"]) for t in tried if t["result"] == "done")
    not_solved = tuple(
        (*_text(t["action"]), *((_paren(labels["back_early"], lang),) if t.get("early") else ()))
        for t in tried
        if t["result"] not in ("done", NOT_POSSIBLE)
    )
    not_possible = tuple(_text(t["action"]) for t in tried if t["result"] == NOT_POSSIBLE)
    transcript = []
    for item in record["transcript"]:
        question = str(item["question"])
        if str(item["step"]) in listed and item.get("type", "action") == "action":
            question = excerpt(question)  # the advice itself is listed once, above
        answer = _answer(item, lang)
        if mark_user and item.get("type", "input") == "input" and item.get("answer_text") is None:
            answer = tuple(
                ("user", text) if kind == "text" else (kind, text) for kind, text in answer
            )
        transcript.append((*_text(question), _note(" → "), *answer))
    redactions = tuple(
        (
            *_text(field_label(r["field"], lang)),
            _note(message("punct_colon", lang)),
            *_text(word("secret", r["kind"], lang)),
            _note(f" ×{r['count']}"),
        )
        for r in record["redactions"]
    )
    channels = tuple(_text(c["detail"]) for c in record["contact_channels"])
    return [
        Section("done", labels["done"], done, numbered=True),
        Section("tried", labels["tried"], not_solved, numbered=True),
        Section("not_possible", labels["not_possible"], not_possible, numbered=True),
        Section("transcript", labels["transcript"], tuple(transcript), numbered=True),
        Section("redactions", labels["redactions"], redactions, numbered=False),
        Section("channels", labels["channels"], channels, numbered=False),
    ]


def _answer(item: TranscriptItem, lang: str) -> tuple[Piece, ...]:
    labels = LABELS[lang]
    shown = item.get("answer_text")
    answer = item.get("answer")
    if shown:
        return _text(shown)
    if answer is None or not clean(answer):
        return (_note(labels["skipped"]),)
    if "answer_text" not in item and answer in ("yes", "no"):  # a record from before labels
        return (_note(message(str(answer), lang)),)
    if "answer_text" not in item and answer == NOT_POSSIBLE:
        return (_note(labels["answer_not_possible"]),)
    pieces = _code(answer) if item.get("field") in CODE_FIELDS else _text(answer)
    if item.get("edited"):
        pieces += (_paren(labels["edited"].strip("（）()"), lang),)
    return pieces


# --- Markdown -------------------------------------------------------------------------------

_ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_LINKISH = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s<>`]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")


def _punct(char: str) -> bool:
    return char in _ASCII_PUNCT or unicodedata.category(char)[0] in "PS"


def _wordish(char: str) -> bool:
    return bool(char) and not char.isspace() and not _punct(char)


def md_text(text: str) -> str:
    """Text that renders as itself: only characters that could open markup are escaped.

    Code spans, emphasis, links and images, raw HTML and autolinks, entities, strikethrough and
    backslash escapes can come only from a character escaped here; ``-``, ``.``, ``@``, ``(``
    and digits stay as typed. Block structure is :func:`md_line_start`'s job.
    """
    out = []
    for index, char in enumerate(text):
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if char in "`*[]~":
            out.append("\\" + char)
        elif char == "\\":
            out.append("\\\\" if after in _ASCII_PUNCT or not after else "\\")
        elif char == "_":
            # between two letters (snake_case, jane_doe) "_" can neither open nor close emphasis
            out.append("_" if _wordish(before) and _wordish(after) else "\\_")
        elif char == "<":
            out.append("\\<" if after.isascii() and (after.isalpha() or after in "/!?") else "<")
        elif char == "&":
            out.append("\\&" if _ENTITY.match(text, index) else "&")
        else:
            out.append(char)
    return "".join(out)


def md_code(text: str) -> str:
    """A code span holding ``text`` verbatim, whatever backticks it contains."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_line_start(markdown: str) -> str:
    """Escape what would start a block (heading, quote, list, rule) at the start of a line."""
    if not markdown:
        return markdown
    numbered = re.match(r"(\d{1,9})([.)])", markdown)
    if numbered:
        return numbered.group(1) + "\\" + markdown[len(numbered.group(1)) :]
    if markdown[0] in "#>-+=|":
        return "\\" + markdown
    return markdown


def md_pieces(pieces: Iterable[Piece]) -> str:
    out = []
    for kind, text in pieces:
        if kind == "code":
            out.append(md_code(text))
            continue
        if kind == "text" and MASKED in text:  # the mask reads as written, never "\[MASKED\]"
            parts = text.split(MASKED)
            for index, part in enumerate(parts):
                out.append(md_pieces([(kind, part)]) if part else "")
                if index < len(parts) - 1:
                    out.append(md_code(MASKED))
            continue
        # Addresses and links typed in free text go in code spans: copyable, never auto-linked.
        position = 0
        for match in _LINKISH.finditer(text):
            found = match.group().rstrip(".,;:!?)]}'\"")
            if not found:
                continue
            out.append(md_text(text[position : match.start()]))
            out.append(md_code(found))
            position = match.start() + len(found)
        out.append(md_text(text[position:]))
    return "".join(out)


def _split_user(pieces: Sequence[Piece], lang: str) -> tuple[tuple[Piece, ...], str]:
    """A line's pieces with the user's words taken out (a label saying they follow in their
    place), and those words, to be drawn as a quote of their own; ``""`` when there are none."""
    quoted = " ".join(text for kind, text in pieces if kind == "user")
    if not quoted:
        return tuple(pieces), ""
    label = message("user_words", lang)
    kept: list[Piece] = []
    for kind, text in pieces:
        if kind != "user":
            kept.append((kind, text))
        elif ("user", "") not in kept:
            kept.append(("user", ""))  # where the label goes: once, at the first of them
    marker = _note(message("punct_marker", lang, text=label))
    return tuple(marker if piece == ("user", "") else piece for piece in kept), quoted


def markdown(record: SummaryRecord, lang: str | None = None, *, mark_user: bool = False) -> str:
    """The summary as Markdown for an e-mail or a ticket: readable raw, safe rendered; with
    ``mark_user`` the user's free text is a labelled block quote under its line."""
    view = summary_view(record, lang, mark_user=mark_user)
    lines = [f"## {view.title}", ""]

    def quote(text: str, indent: str) -> list[str]:
        return [f"{indent}> {md_line_start(md_pieces([('text', text)]))}"] if text else []

    for row in view.rows:
        pieces, quoted = _split_user(row.pieces, view.lang)
        value = md_pieces(pieces) if pieces else md_text(view.missing)
        label = md_text(row.label)
        # "**状态：**已转" would not be bold (CommonMark's flanking rules): the colon goes outside
        lines.append(message("md_row", view.lang, label=label, value=value))
        lines += quote(quoted, "  ")
    for section in view.sections:
        lines += ["", f"**{md_text(section.title)}**", ""]
        for number, item in enumerate(section.items, start=1):
            marker = f"{number}." if section.numbered else "-"
            pieces, quoted = _split_user(item, view.lang)
            lines.append(f"{marker} {md_line_start(md_pieces(pieces))}")
            lines += quote(quoted, " " * (len(marker) + 1))
    lines += ["", md_line_start(md_pieces(view.footer))]
    return "\n".join(lines) + "\n"


# --- Plain text ------------------------------------------------------------------------------


def cell_width(text: str) -> int:
    """Columns a string takes in a terminal or a monospaced mail: wide CJK characters count 2."""
    return sum(
        0
        if unicodedata.combining(char)
        else 2
        if unicodedata.east_asian_width(char) in ("W", "F")
        else 1
        for char in text
    )


_NO_LINE_START = set("，。、；：？！）」』】》”’,.;:?!)]}%…")
_NO_LINE_END = set("（「『【《“‘([{")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _units(text: str) -> list[tuple[str, str]]:
    """(gap, unit) pairs a line may break between: words, and single wide characters (CJK text
    has no spaces). Closing punctuation sticks to what it closes, opening to what it opens."""
    units: list[list[str]] = []
    gap, run = "", ""

    def add(unit: str) -> None:
        nonlocal gap
        glued = (
            units and not gap and (unit[0] in _NO_LINE_START or units[-1][1][-1] in _NO_LINE_END)
        )
        if glued:
            units[-1][1] += unit
        else:
            units.append([gap, unit])
        gap = ""

    for char in text:
        if char.isspace():
            if run:
                add(run)
                run = ""
            gap = " " if units else ""
        elif _wide(char):
            if run:
                add(run)
                run = ""
            add(char)
        else:
            run += char
    if run:
        add(run)
    return [(g, u) for g, u in units]


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Greedy wrap by display width, never inside a word (ids stay whole), never leaving the
    prefix (a label or a list number) alone on its line; no trailing spaces."""
    lines: list[str] = []
    line, empty = first, True
    for gap, unit in _units(text):
        candidate = line + ("" if empty else gap) + unit
        if not empty and cell_width(candidate) > width:
            lines.append(line)
            line = rest + unit
        else:
            line = candidate
        empty = False
    lines.append(line)
    return [item.rstrip() for item in lines]


def plain(
    record: SummaryRecord,
    lang: str | None = None,
    width: int = PLAIN_WIDTH,
    *,
    mark_user: bool = False,
) -> str:
    """Plain text any mail client shows as written: short lines, no tables, no markup; with
    ``mark_user`` the user's free text is a labelled quote, every line of it starting ``> ``."""
    view = summary_view(record, lang, mark_user=mark_user)
    colon = message("punct_colon", view.lang)
    lines = [view.title, ""]
    for row in view.rows:
        pieces, quoted = _split_user(row.pieces, view.lang)
        value = "".join(text for _, text in pieces) if pieces else view.missing
        lines += wrap(value, width, first=f"{row.label}{colon}", rest="    ")
        if quoted:
            lines += wrap(quoted, width, first="    > ", rest="    > ")
    for section in view.sections:
        lines += ["", f"{section.title}{colon.strip()}"]
        for number, item in enumerate(section.items, start=1):
            marker = f"  {number}. " if section.numbered else "  - "
            pieces, quoted = _split_user(item, view.lang)
            text = "".join(piece for _, piece in pieces)
            lines += wrap(text, width, first=marker, rest=" " * len(marker))
            if quoted:
                indent = " " * len(marker) + "> "
                lines += wrap(quoted, width, first=indent, rest=indent)
    lines += ["", "".join(text for _, text in view.footer)]
    return "\n".join(lines) + "\n"


# --- HTML (Freshdesk's ticket description) -------------------------------------------------


def _html_pieces(pieces: Sequence[Piece], lang: str = "en") -> str:
    kept, quoted = _split_user(pieces, lang)
    drawn = "".join(
        f"<code>{html.escape(text)}</code>" if kind == "code" else html.escape(text)
        for kind, text in kept
    )
    if quoted:
        drawn += f"<blockquote>{html.escape(quoted)}</blockquote>"
    return drawn


def html_body(record: SummaryRecord, lang: str | None = None, *, mark_user: bool = False) -> str:
    """The summary as a small HTML fragment, every value escaped; with ``mark_user`` the user's
    free text is a labelled ``<blockquote>``."""
    view = summary_view(record, lang, mark_user=mark_user)
    colon = message("punct_colon_tight", view.lang)
    parts = [f"<h3>{html.escape(view.title)}</h3>", "<ul>"]
    for row in view.rows:
        value = _html_pieces(row.pieces, view.lang) if row.pieces else html.escape(view.missing)
        parts.append(f"<li><b>{html.escape(row.label)}{colon}</b> {value}</li>")
    parts.append("</ul>")
    for section in view.sections:
        tag = "ol" if section.numbered else "ul"
        parts.append(f"<p><b>{html.escape(section.title)}</b></p><{tag}>")
        parts += [f"<li>{_html_pieces(item, view.lang)}</li>" for item in section.items]
        parts.append(f"</{tag}>")
    parts.append(f"<p>{_html_pieces(view.footer)}</p>")
    return "\n".join(parts)

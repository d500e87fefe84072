"""``okhelp summary``: a session's contact summary, as text, Markdown, JSON or a helpdesk payload.

Like :mod:`okhelp.frontends.cli.app`, this module does without ``from __future__ import
annotations`` (typer reads every signature at start-up); names imported only for type checking
are quoted.
"""

import os
import re
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from okhelp.errors import UsageError
from okhelp.frontends.cli import completion
from okhelp.frontends.cli.root import LangOption, app, load_catalog, run_lang
from okhelp.i18n.messages import message
from okhelp.output import console as render

if TYPE_CHECKING:
    from okhelp.core.record import SummaryRecord
    from okhelp.domain.model import Guide
    from okhelp.domain.session import Session
    from okhelp.storage.sessions import Store
    from okhelp.storage.summaryfile import SummaryFile


class SummaryFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"
    zendesk = "zendesk"
    freshdesk = "freshdesk"


_FORMAT_BY_SUFFIX = {
    ".md": SummaryFormat.markdown,
    ".markdown": SummaryFormat.markdown,
    ".json": SummaryFormat.json,
    ".txt": SummaryFormat.text,
    ".text": SummaryFormat.text,
    "": SummaryFormat.text,
}


def _format_for(output: Path) -> SummaryFormat:
    """The format an output file's extension asks for (``-f`` overrides it)."""
    from okhelp.util.text import printable

    suffix = output.suffix.lower()
    if suffix not in _FORMAT_BY_SUFFIX:
        raise UsageError(
            f"cannot tell the format from the extension '{printable(output.suffix, 20)}'",
            code="format_from_suffix",
            suffix=output.suffix[:20],
        )
    return _FORMAT_BY_SUFFIX[suffix]


def _summary_record(
    target: str | None, lang: str | None = None, *, whole: bool = False
) -> "SummaryRecord":
    """The record of a saved summary file, or built from a session (the latest by default) in
    ``lang`` (default: the session's language); with ``whole``, a session id must be whole."""
    from okhelp.core.record import as_record
    from okhelp.core.summary import build
    from okhelp.storage.config import current_time, load_config, user_timezone
    from okhelp.storage.sessions import Store

    # A name that could be a session id (or its start or end) is one: a file that happens to be
    # called 2959 in the current folder must not stand in for session ...-2959. Files are
    # named with a folder or an extension (./2959).
    looks_like_id = target is not None and re.fullmatch(r"[0-9a-f-]{3,20}", target) is not None
    if target is not None and (
        "/" in target or target.endswith(".json") or (Path(target).exists() and not looks_like_id)
    ):
        from okhelp.core.summary import translated
        from okhelp.storage.summaryfile import read_summary_file
        from okhelp.util.text import printable

        read = read_summary_file(Path(target))
        record = as_record(read.record)
        shown, words = printable(target, 200), run_lang(lang)
        render.warn(message("summary_from_file", words, path=shown))
        if read.record_changed:
            render.warn(message("summary_record_changed", words, path=shown))
        elif read.text_edited or _text_disagrees(record, read):
            render.warn(message("summary_text_edited", words, path=shown))
        if lang is not None and lang != record.get("lang"):
            rebuilt = translated(record, load_catalog().guides, lang)
            if isinstance(rebuilt, str):
                guide = printable(str((record.get("guide") or {}).get("id")), 80)
                render.warn(message(f"summary_untranslated.{rebuilt}", words, guide=guide))
            else:
                record = rebuilt
        # A file from elsewhere says what it likes. The contact channels are this team's own
        # (from this config), never the file's; everything else is shown as the file has it.
        config = load_config()
        record["contact_channels"] = config.channels(str(record.get("lang") or "en"))
        return record
    store = Store.from_env()
    if target is None:
        latest, skipped = store.latest()
        for line in skipped:
            render.warn(message("skipped", run_lang(lang), what=line))
        if latest is None:
            raise UsageError("no sessions yet", code="no_sessions")
        target = latest.session_id
    elif whole:
        from okhelp.frontends.protocol import whole_id

        whole_id(target)
    session = store.load_session(target)
    guides = load_catalog().guides
    saved = _summary_without_guide(store, session, guides, lang or session.lang)
    if saved is not None:
        return saved
    config = load_config()
    zone, _ = user_timezone(config, os.environ)
    return build(session, guides, config, current_time({}, zone), lang=lang)


def _text_disagrees(record: "SummaryRecord", read: "SummaryFile") -> bool:
    """Whether a Markdown or text file shows something else than the record it carries: its
    record and hashes may all have been made anew by hand, so the text is checked against the
    record itself, rendered again."""
    from okhelp.i18n.messages import DISPLAY_LANGS
    from okhelp.output import formats
    from okhelp.storage.summaryfile import differs

    if read.format not in ("markdown", "text") or read.lang not in DISPLAY_LANGS:
        return False
    draw = formats.markdown if read.format == "markdown" else formats.plain
    return differs(read.visible, draw(record, read.lang))


def _summary_without_guide(
    store: "Store", session: "Session", guides: "dict[str, Guide]", lang: str
) -> "SummaryRecord | None":
    """When a guide the session needs is gone: the summary saved when it ended, if there is one
    (it has every question); otherwise None, after saying (in ``lang``, the summary's) what the
    rebuilt one leaves out."""
    from okhelp.core.runtime import missing_guides
    from okhelp.util.text import printable

    missing = missing_guides(session, guides)
    if not missing:
        return None
    guide, session_id = printable(missing[0], 80), session.session_id
    saved = store.saved_summary(session_id)
    if saved is not None:
        from okhelp.core.record import as_record
        from okhelp.storage.summaryfile import load_summary_file

        render.warn(message("guide_gone_saved", lang, guide=guide, session=session_id))
        return as_record(load_summary_file(saved))
    render.warn(message("guide_gone_partial", lang, guide=guide, session=session_id))
    return None


def _rendered(
    record: "SummaryRecord", chosen: SummaryFormat, lang: str, *, ascii_only: bool, to_file: bool
) -> str:
    """A record as JSON, Markdown or text; a Markdown or text file carries the record too, so
    that ``okhelp summary FILE`` reads it back."""
    from okhelp.output import formats
    from okhelp.storage.summaryfile import embed
    from okhelp.util.text import dumps_json

    if chosen is SummaryFormat.json:
        return dumps_json(record, ascii_only=ascii_only) + "\n"
    text = (
        formats.markdown(record, lang)
        if chosen is SummaryFormat.markdown
        else formats.plain(record, lang)
    )
    return embed(text, record, chosen.value, lang) if to_file else text


def _several(targets: list[str], chosen: SummaryFormat, lang: str | None, mask: bool) -> None:
    """Several summaries, one after another: JSON as one list, text and Markdown each in turn
    under a rule; helpdesk payloads are made one at a time."""
    from okhelp.core import summary
    from okhelp.util.text import dumps_json

    if chosen not in (SummaryFormat.json, SummaryFormat.markdown, SummaryFormat.text):
        raise UsageError("helpdesk payloads are made one summary at a time", code="payload_one")
    records = []
    for target in targets:
        record = _summary_record(target, lang, whole=chosen is SummaryFormat.json)
        records.append(summary.mask(record) if mask else record)
    if chosen is SummaryFormat.json:
        render.write_plain(dumps_json(records, ascii_only=not render.stdout_is_utf8()) + "\n")
        return
    for index, record in enumerate(records):
        language = lang or str(record["lang"] or "zh")
        if index:
            render.write_plain("\n" + "-" * 40 + "\n\n")
        if chosen is SummaryFormat.text:
            render.summary_text(record, language)
        else:
            render.write_plain(_rendered(record, chosen, language, ascii_only=False, to_file=False))


@app.command("summary")
def summary_command(  # noqa: PLR0917 - typer passes options by position
    targets: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            metavar="[SESSION_ID | FILE]...",
            help=(
                "Sessions (an id, its start or its last characters) or summary files okhelp "
                "wrote (JSON, Markdown or text), one or more (default: the latest session)."
            ),
            autocompletion=completion.session_ids,
        ),
    ] = None,
    fmt: Annotated[
        Optional[SummaryFormat],  # noqa: UP045
        typer.Option(
            "--format",
            "-f",
            help="text for the terminal, markdown for e-mail, json for tools, zendesk or "
            "freshdesk for a ticket-creation payload (default: from the -o file's extension, "
            "else text).",
        ),
    ] = None,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to this file (.md, .json or .txt picks the format).",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace the --output file even if okhelp did not write it.",
        ),
    ] = False,
    mask: Annotated[
        bool,
        typer.Option(
            "--mask",
            help="Hide account, transaction id and free text, for sharing outside support.",
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    """The contact summary of the latest (or given) session, or of summary files."""
    from okhelp.core import summary
    from okhelp.storage.sessions import write_user_file
    from okhelp.util.text import dumps_json, printable

    language = run_lang(lang) if lang else None
    if output is not None and str(output) == "-":
        output = None  # "-o -": standard output, as everywhere on the command line
    chosen = fmt or (_format_for(output) if output is not None else SummaryFormat.text)
    if targets and len(targets) > 1:
        if output is not None:
            raise UsageError(
                "one summary per --output file: give one session or file", code="output_one"
            )
        _several(targets, chosen, language, mask)
        return
    # JSON is for programs, which give a whole session id (see okhelp.frontends.protocol.whole_id)
    target = targets[0] if targets else None
    record = _summary_record(target, language, whole=chosen is SummaryFormat.json)
    language = language or str(record["lang"] or "zh")
    if mask:
        record = summary.mask(record)
    if chosen is SummaryFormat.text and output is None:
        render.summary_text(record, language)
        return
    ascii_only = output is None and not render.stdout_is_utf8()
    if chosen in (SummaryFormat.json, SummaryFormat.markdown, SummaryFormat.text):
        text = _rendered(
            record, chosen, language, ascii_only=ascii_only, to_file=output is not None
        )
    else:
        from okhelp.output import helpdesk
        from okhelp.storage.config import load_config

        build = helpdesk.zendesk if chosen is SummaryFormat.zendesk else helpdesk.freshdesk
        payload, notes = build(record, language, load_config(), requester=not mask)
        for note in notes:
            render.warn(note)
        text = dumps_json(payload, ascii_only=ascii_only) + "\n"
    if output is None:
        render.write_plain(text)
        return
    render.info(printable(str(write_user_file(output, text, force=force).resolve()), 500))

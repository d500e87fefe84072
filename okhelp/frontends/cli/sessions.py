"""``okhelp sessions`` (list, prune, export, import) and ``okhelp forget``.

Like :mod:`okhelp.frontends.cli.app`, this module does without ``from __future__ import
annotations`` (typer reads every signature at start-up); names imported only for type checking
are quoted.
"""

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from okhelp.errors import EXIT_FAILED, UsageError
from okhelp.frontends.cli.root import (
    AccessibleOption,
    LangOption,
    ListFormat,
    accessible_mode,
    app,
    duration_option,
    run_lang,
    sessions_app,
)
from okhelp.i18n.messages import message, reason_text
from okhelp.output import console as render

SESSIONS_SHOWN = 20

# More than any database holds: all of them (its integers end at 2**63).
MOST_SESSIONS = 2**62


@sessions_app.callback()
def sessions_command(  # noqa: PLR0917 - typer passes options by position
    ctx: typer.Context,
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="table for people, json for programs.")
    ] = ListFormat.table,
    limit: Annotated[
        int,
        typer.Option("--limit", "-n", min=1, help="How many of the newest sessions to show."),
    ] = SESSIONS_SHOWN,
    show_all: Annotated[bool, typer.Option("--all", help="Show every session.")] = False,
    lang: LangOption = None,
    prune: Annotated[
        bool,
        typer.Option(
            "--prune",
            help="Erase the sessions last updated before --older-than, unfinished ones too, "
            "with their summaries (asks first).",
        ),
    ] = False,
    older_than: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--older-than",
            metavar="AGE",
            help="With --prune: an age in hours, days or weeks, e.g. 12h, 30d, 2w.",
        ),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="With --prune: erase without asking.")
    ] = False,
    accessible: AccessibleOption = False,
) -> None:
    """Past sessions, newest first: id, guide, status, time (the newest 20; --all for every one)."""
    from okhelp.storage.sessions import Store

    if ctx.invoked_subcommand is not None:
        return
    plain = accessible_mode(accessible)
    if prune or older_than is not None or yes:
        _prune(
            older_than,
            prune=prune,
            show_all=show_all,
            yes=yes,
            fmt=fmt,
            lang=run_lang(lang),
            accessible=plain,
        )
        return
    shown = None if show_all or limit >= MOST_SESSIONS else limit
    sessions, skipped, total = Store.from_env().session_page(shown)
    for line in skipped:
        render.warn(message("skipped", run_lang(lang), what=line))
    if len(sessions) < total:
        render.info(message("sessions_page", run_lang(lang), total=total, shown=len(sessions)))
    rows = [
        render.SessionRow(
            session_id=s.session_id,
            guide=s.guide,
            status=s.status,
            started_at=s.started_at,
            updated_at=s.updated_at,
            pending_until=s.pending_until,
        )
        for s in sessions
    ]
    if fmt is ListFormat.json:
        render.write_json(rows)
        return
    if not rows:  # said on stderr: a pipe still reads nothing
        render.info(message("no_sessions", run_lang(lang)))
        return
    render.sessions_table(rows, run_lang(lang))


@sessions_app.command("export")
def sessions_export(
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (readable only by you) instead of standard output.",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace the --output file even if okhelp did not write it."),
    ] = False,
) -> None:
    """Every session as JSON Lines (okhelp.session/1, one a line, oldest first), to move your
    history to another machine or database, or to count it with 'okhelp stats --from'."""
    from okhelp.storage.files import write_user_lines
    from okhelp.storage.sessions import Store

    store = Store.from_env()
    lines = (line + "\n" for line in store.export_records())
    if output is None or str(output) == "-":  # "-o -": standard output
        render.write_lines(lines)
        return
    write_user_lines(output, lines, force=force)
    render.info(
        message("sessions_exported", run_lang(None), count=store.session_count(), path=str(output))
    )


@sessions_app.command("import")
def sessions_import(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE...", help="Files 'okhelp sessions export' wrote; - for stdin."
        ),
    ],
    lang: LangOption = None,
) -> None:
    """Take in sessions another okhelp exported. A session already here is kept if it was saved
    later here, or is open right now; each line that is not a session is named and skipped."""
    from okhelp.core.history import import_files

    report = import_files(files, sys.stdin.buffer)
    language = run_lang(lang)
    for line in report.problems[:20]:
        render.warn(reason_text(line, language))
    if len(report.problems) > 20:
        render.warn(message("import_more_problems", language, count=len(report.problems) - 20))
    render.info(message("sessions_imported", language, **report.counts()))
    if report.problems and not report.taken:
        raise typer.Exit(EXIT_FAILED)


def _prune(
    older_than: str | None,
    *,
    prune: bool,
    show_all: bool,
    yes: bool,
    fmt: ListFormat,
    lang: str,
    accessible: bool = False,
) -> None:
    """``sessions --prune --older-than AGE``: erase old sessions, asking first."""
    from okhelp.core import forget
    from okhelp.frontends.cli import forgetting
    from okhelp.i18n.messages import message
    from okhelp.storage.config import current_time, load_config, user_timezone
    from okhelp.storage.sessions import Store

    if not prune:
        raise UsageError("--older-than and --yes go with --prune", code="prune_options_alone")
    if older_than is None:
        raise UsageError("--prune needs --older-than", code="prune_needs_age")
    if show_all:
        raise UsageError("--prune and --all do not go together", code="prune_with_all")
    age = duration_option("--older-than", older_than)
    zone, _ = user_timezone(load_config(), os.environ)
    now = current_time(os.environ, zone)
    store = Store.from_env()
    plan = forget.plan_prune(store, now, age, lang)
    if not plan.ids:
        render.info(message("none_older", lang, before=forget.cutoff_text(now, age)))
        code = 0
        result = None
    elif not forgetting.confirmed(plan, yes=yes, lang=lang, accessible=accessible):
        render.info(message("nothing_erased", lang))
        return
    else:
        result, code = forgetting.erase(store, plan, lang)
    if fmt is ListFormat.json:
        render.write_json(forget.to_json(result))
    if code:
        raise typer.Exit(code)


@app.command("forget")
def forget_command(
    session_id: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            metavar="[SESSION_ID]",
            help="The session to erase (its id, its start or its last characters).",
        ),
    ] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Erase every session and every summary.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Erase without asking.")] = False,
    lang: LangOption = None,
    accessible: AccessibleOption = False,
) -> None:
    """Erase a session (or --all) with its summaries, for good; asks first unless --yes.

    Goes: the session file, its summary, the files the review menu saved for it in the
    summaries folder, and its lock. A session open in another okhelp is not erased. Without a
    terminal nothing is erased unless --yes is given. Old sessions: okhelp sessions --prune
    --older-than 30d.
    """
    from okhelp.core import forget
    from okhelp.frontends.cli import forgetting
    from okhelp.i18n.messages import message
    from okhelp.storage.sessions import Store

    language, plain = run_lang(lang), accessible_mode(accessible)
    if (session_id is None) == (not everything):
        raise UsageError(
            "give a SESSION_ID or --all"
            if session_id is None
            else "give SESSION_ID or --all, not both",
            code="forget_needs_one" if session_id is None else "forget_one_or_all",
        )
    store = Store.from_env()
    if everything:
        plan = forget.plan_all(store, language)
        if not plan.ids:
            render.info(message("none_to_erase", language))
            return
    else:
        assert session_id is not None
        plan = forget.plan_one(store, session_id, language)
        forget.check_not_open(store, plan.ids[0])
    if not forgetting.confirmed(plan, yes=yes, lang=language, accessible=plain):
        render.info(message("nothing_erased", language))
        return
    if not everything and store.open_elsewhere(plan.ids[0]):  # opened while we asked
        raise forget.busy(plan.ids[0])
    _, code = forgetting.erase(store, plan, language)
    if code:
        raise typer.Exit(code)

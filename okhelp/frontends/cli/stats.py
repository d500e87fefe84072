"""``okhelp stats``: how sessions ended, per guide and per step.

Like :mod:`okhelp.frontends.cli.app`, this module does without ``from __future__ import
annotations`` (typer reads every signature at start-up); names imported only for type checking
are quoted.
"""

import json
import os
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from okhelp.errors import UsageError
from okhelp.frontends.cli import completion
from okhelp.frontends.cli.root import (
    LangOption,
    app,
    duration_option,
    load_catalog,
    option_value,
    run_lang,
)
from okhelp.i18n.messages import message
from okhelp.output import console as render


class StatsFormat(str, Enum):
    table = "table"
    json = "json"
    mermaid = "mermaid"
    dot = "dot"


@app.command("stats")
def stats_command(  # noqa: PLR0917 - typer passes options by position
    guide_id: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            metavar="[GUIDE]",
            help="One guide (default: every guide).",
            autocompletion=completion.guide_ids,
        ),
    ] = None,
    sources: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Option(
            "--from",
            metavar="DIR|FILE",
            help="Session files, folders of them, or files written by 'okhelp sessions "
            "export' that a support team gathered; repeatable (default: the sessions database).",
        ),
    ] = None,
    since: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--since", metavar="DATE", help="Only sessions started on or after DATE."),
    ] = None,
    idle: Annotated[
        str,
        typer.Option(
            "--idle",
            metavar="DURATION",
            help="An unfinished session idle this long counts as abandoned (7d, 12h, 2w).",
        ),
    ] = "7d",
    fmt: Annotated[
        StatsFormat,
        typer.Option(
            "--format",
            "-f",
            help="table to read; json for tools; mermaid or dot to draw one guide's tree.",
        ),
    ] = StatsFormat.table,
    lang: LangOption = None,
) -> None:
    """How guides fare: solved, escalated, abandoned; where sessions stop; which steps help."""
    from okhelp.core import stats
    from okhelp.storage.config import current_time, load_config, user_timezone
    from okhelp.storage.legacy import exported_lines
    from okhelp.storage.sessions import Store, read_json, session_files_in
    from okhelp.util.text import printable

    language = run_lang(lang)
    catalog = load_catalog()
    if guide_id is not None:
        guide_id = catalog.get(guide_id).id
    elif fmt in (StatsFormat.mermaid, StatsFormat.dot):
        raise UsageError(
            f"--format {fmt.value} draws one guide", code="draws_one_guide", format=fmt.value
        )
    zone, _ = user_timezone(load_config(), os.environ)
    now = current_time(os.environ, zone)  # OKHELP_NOW pins "now" for the idle rule, too
    idle_for = duration_option("--idle", idle)
    since_when = option_value("--since", lambda: stats.parse_since(since, zone)) if since else None
    if sources:
        files, skipped = session_files_in(sources)

        def readable() -> "Iterator[stats.SessionFacts]":
            for path in files:
                try:
                    if path.suffix == ".jsonl":  # okhelp sessions export
                        for number, line in exported_lines(path):
                            try:
                                if line is None:
                                    raise ValueError("too long, or not UTF-8")
                                yield stats.facts_from_record(json.loads(line))
                            except (ValueError, RecursionError) as exc:
                                skipped.append(f"{printable(str(path), 200)}:{number}: {exc}")
                    else:
                        yield stats.facts_from_record(read_json(path))
                except (OSError, ValueError) as exc:
                    skipped.append(f"{printable(str(path), 200)}: {exc}")

        groups = stats.compute(
            readable(), catalog.guides, now, idle=idle_for, since=since_when, only=guide_id
        )
    else:
        store = Store.from_env()
        groups, skipped = stats.from_store(
            store, catalog.guides, now, idle=idle_for, since=since_when, only=guide_id
        )
        skipped = [*store.skipped, *skipped]
    for line in skipped[:5]:
        render.warn(message("skipped", language, what=line))
    if len(skipped) > 5:
        render.warn(message("skipped_more", language, count=len(skipped) - 5))
    if fmt is StatsFormat.json:
        render.write_json([group.to_json() for group in groups])
        return
    if fmt in (StatsFormat.mermaid, StatsFormat.dot):
        assert guide_id is not None
        guide = catalog.guides[guide_id]
        current = [g for g in groups if g.version in (guide.version, None)]
        merged = stats.merge(guide_id, guide.version, current)
        draw = stats.mermaid if fmt is StatsFormat.mermaid else stats.dot
        render.write_plain(draw(guide, merged, language))
        return
    if not groups:
        render.info(message("no_sessions", language))
        return
    total = stats.merge("*", None, groups).to_json()
    render.stats_table(
        [group.to_json() for group in groups],
        language,
        detail=guide_id is not None,
        guides=catalog.guides,
        total=total,
    )

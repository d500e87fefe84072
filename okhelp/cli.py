"""The command line: parse options, call the core, render the result.

:func:`main` is the one place where domain errors become a message and an exit code.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from okhelp import __version__, render
from okhelp.errors import EXIT_FAILED, EXIT_INTERRUPTED, OkhelpError

if TYPE_CHECKING:
    from okhelp.catalog import Catalog

app = typer.Typer(
    name="okhelp",
    help="Self-help troubleshooter for wallet problems, in Chinese and English. "
    "Finds the right guide, walks you through it, and ends solved or with a summary for support.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
guides_app = typer.Typer(
    help="Guides: list, show, search, check, test and draw them.",
    no_args_is_help=True,
)
app.add_typer(guides_app, name="guides")


class ListFormat(str, Enum):
    table = "table"
    json = "json"


class ShowFormat(str, Enum):
    text = "text"
    json = "json"


class GraphFormat(str, Enum):
    mermaid = "mermaid"
    dot = "dot"


LangOption = Annotated[
    Optional[str],  # noqa: UP045 - typer needs Optional on Python 3.10
    typer.Option(
        "--lang", "-l", help="Language: zh or en (default: OKHELP_LANG, then the locale, then zh)."
    ),
]


def _version(value: bool) -> None:
    if value:
        render.write_plain(f"okhelp {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Self-help troubleshooter for wallet problems, in Chinese and English."""


def _lang(option: str | None) -> str:
    from okhelp.i18n import resolve_lang

    return resolve_lang(option, os.environ)


def _catalog() -> Catalog:
    from okhelp.catalog import load_catalog

    catalog = load_catalog()
    render.warn_problems(catalog.problems)
    return catalog


@guides_app.command("list")
def guides_list(
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="table for people, json for programs.")
    ] = ListFormat.table,
    lang: LangOption = None,
) -> None:
    """The guides available: built-in, and custom ones from OKHELP_GUIDES_PATH."""
    language = _lang(lang)
    guides = sorted(_catalog().guides.values(), key=lambda g: (g.category, g.id))
    if fmt is ListFormat.json:
        render.write_json(
            [
                {"id": g.id, "title": g.title.to_json(), "category": g.category, "source": g.source}
                for g in sorted(guides, key=lambda g: g.id)
            ]
        )
        return
    render.guide_table(guides, language)


@guides_app.command("show")
def guides_show(
    guide_id: Annotated[str, typer.Argument(metavar="ID", help="The guide's id, e.g. top-up.")],
    fmt: Annotated[
        ShowFormat,
        typer.Option("--format", "-f", help="text to read, json for the normalized guide."),
    ] = ShowFormat.text,
    lang: LangOption = None,
) -> None:
    """One guide, readable: its steps and where each leads."""
    language = _lang(lang)
    guide = _catalog().get(guide_id)
    if fmt is ShowFormat.json:
        render.write_json(guide.to_json())
        return
    render.guide_detail(guide, language)


@guides_app.command("check")
def guides_check(
    paths: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Argument(
            metavar="[PATH]...",
            help="Guide files or folders (default: built-in and custom guides).",
        ),
    ] = None,
) -> None:
    """Validate guide files; every problem as FILE:LINE: message. Exit 1 if any."""
    from okhelp.catalog import builtin_files, custom_dirs, files_in, load_catalog, read_guide
    from okhelp.checker import check_examples, check_links
    from okhelp.errors import GuideError

    if paths:
        files, found = files_in(paths)
    else:
        custom, found = files_in(custom_dirs(os.environ))
        files = [*builtin_files(), *custom]
    checked = []
    for file in files:
        try:
            checked.append(read_guide(file))
        except GuideError as exc:
            found.extend(exc.problems)
    known = {**load_catalog().guides, **{g.id: g for g in checked}}
    for guide in checked:
        found.extend(check_links(guide, known))
        if not any(p.path == guide.path for p in found):
            found.extend(check_examples(guide, known))
    found = sorted(set(found), key=lambda p: (p.path, p.line or 0, p.message))
    render.problems(found)
    broken = len({p.path for p in found})
    total = len(files) + sum(1 for p in found if p.message.startswith("no such"))
    if found:
        render.info(f"{len(found)} problem(s) in {broken} of {total} file(s)")
        raise typer.Exit(EXIT_FAILED)
    if not files:
        render.info("no guide files found")
        raise typer.Exit(EXIT_FAILED)
    render.info(f"{len(files)} guide file(s) OK")


@guides_app.command("test")
def guides_test(
    guide_ids: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(metavar="[ID]...", help="Guides to test (default: all)."),
    ] = None,
) -> None:
    """Run the guides' own examples; report which ends no example reaches. Exit 1 on a failure."""
    from okhelp.checker import check_examples, uncovered_ends

    catalog = _catalog()
    guides = (
        [catalog.get(guide_id) for guide_id in guide_ids]
        if guide_ids
        else list(catalog.guides.values())
    )
    failures = 0
    passed = 0
    for guide in sorted(guides, key=lambda g: g.id):
        results = check_examples(guide, catalog.guides)
        failed = {p.line for p in results}
        for problem in results:
            render.write_plain(f"FAIL {guide.id}: {problem.message}")
        for example in guide.examples:
            if example.line not in failed:
                passed += 1
                render.write_plain(f"ok   {guide.id}: {example.name}")
        failures += len(failed)
        missing = uncovered_ends(guide, catalog.guides)
        if missing:
            render.warn(f"{guide.id}: no example reaches the end(s): {', '.join(missing)}")
    render.info(f"{passed} passed, {failures} failed")
    if failures:
        raise typer.Exit(EXIT_FAILED)


@guides_app.command("schema")
def guides_schema() -> None:
    """JSON Schema of the guide format, for editors (yaml-language-server)."""
    from okhelp.schema import guide_schema

    render.write_json(guide_schema())


@guides_app.command("graph")
def guides_graph(
    guide_id: Annotated[str, typer.Argument(metavar="ID", help="The guide's id.")],
    fmt: Annotated[
        GraphFormat, typer.Option("--format", "-f", help="mermaid or dot (Graphviz).")
    ] = GraphFormat.mermaid,
    lang: LangOption = None,
) -> None:
    """The guide's decision tree as Mermaid (default) or Graphviz DOT."""
    from okhelp import graph

    language = _lang(lang)
    guide = _catalog().get(guide_id)
    render.write_plain(
        graph.dot(guide, language) if fmt is GraphFormat.dot else graph.mermaid(guide, language)
    )


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app; turn domain errors into one line and an exit code."""
    try:
        app(args=argv, prog_name="okhelp")
    except OkhelpError as exc:
        render.error(exc.message, exc.hint)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        render.error("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(EXIT_FAILED)
    except Exception as exc:  # the last line of defence: no traceback for users
        if os.environ.get("OKHELP_DEBUG"):
            raise
        render.error(
            f"internal error: {type(exc).__name__}: {exc}", "set OKHELP_DEBUG=1 for details"
        )
        sys.exit(EXIT_FAILED)

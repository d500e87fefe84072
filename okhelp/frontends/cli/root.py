"""The app and its command groups, the options several commands share, and the helpers they call.

Like :mod:`okhelp.frontends.cli.app`, this module does without ``from __future__ import
annotations`` (typer reads every signature at start-up); names imported only for type checking
are quoted.
"""

import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional, TypeVar

import typer

from okhelp import __version__
from okhelp.errors import EXIT_FAILED, OkhelpError, UsageError
from okhelp.frontends.cli import completion
from okhelp.frontends.cli import help as clihelp
from okhelp.output import console as render

if TYPE_CHECKING:
    from datetime import timedelta

    from okhelp.authoring.loader import Draft
    from okhelp.core.runtime import Runtime
    from okhelp.domain.model import Guide
    from okhelp.library.catalog import Catalog, GuideFile


app = clihelp.ManTyper(
    name="okhelp",
    help="Self-help troubleshooter for wallet problems, in Chinese and English. "
    "Finds the right guide, walks you through it, and ends solved or with a summary for support.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
guides_app = clihelp.ManTyper(
    help="Guides: list, show, search, check, test and draw them; start a new one.",
    no_args_is_help=True,
)
app.add_typer(guides_app, name="guides")
sessions_app = clihelp.ManTyper(
    help="Past sessions, newest first: id, guide, status, time (the newest 20; --all for every "
    "one). Also: export them, import them.",
    invoke_without_command=True,
)
app.add_typer(sessions_app, name="sessions")


class ListFormat(str, Enum):
    table = "table"
    json = "json"


GuideTarget = Annotated[
    str,
    typer.Argument(
        metavar="ID|FILE",
        help="A guide's id (e.g. top-up) or a guide file (e.g. my/new.yaml).",
        autocompletion=completion.guide_ids,
    ),
]


def is_file_target(target: str) -> bool:
    """A guide file rather than a guide id: ids never hold a path separator or '.yaml'."""
    return "/" in target or os.sep in target or target.endswith((".yaml", ".yml"))


def _file_target(target: str) -> "GuideFile":
    from okhelp.library.catalog import files_in
    from okhelp.util.text import printable

    files, missing = files_in([Path(target)])
    if missing or not files or Path(target).is_dir():
        shown = missing[0].path if missing else target
        raise UsageError(
            f"no such guide file: {printable(shown, 200)}", code="guide_file_missing", path=shown
        )
    return files[0]


def draft_file_target(target: str) -> "Draft":
    """A guide file the user named, as far as it loads, with every problem it has."""
    from okhelp.library.catalog import draft_file

    return draft_file(_file_target(target))


def read_file_target(target: str) -> "Guide":
    """A guide read from a file the user named; its problems as FILE:LINE and exit 1."""
    from okhelp.errors import GuideError
    from okhelp.library.catalog import read_guide

    file = _file_target(target)
    try:
        return read_guide(file)
    except GuideError as exc:
        render.problems(exc.problems)
        raise typer.Exit(EXIT_FAILED) from None


def guide_for_target(target: str) -> "tuple[Guide, dict[str, Guide]]":
    """The guide an ID|FILE argument names, and every guide it may link to."""
    catalog = load_catalog()
    if not is_file_target(target):
        return catalog.get(target), catalog.guides
    guide = read_file_target(target)
    return guide, {**catalog.guides, guide.id: guide}


LangOption = Annotated[
    Optional[str],  # noqa: UP045 - typer needs Optional on Python 3.10
    typer.Option(
        "--lang",
        "-l",
        metavar="LANG",
        help="Language: zh, zh-Hant (traditional, Taiwan), zh-Hant-HK (traditional, Hong Kong "
        "and Macau) or en (default: OKHELP_LANG, then the locale, then zh).",
        autocompletion=completion.languages,
    ),
]


AccessibleOption = Annotated[
    bool,
    typer.Option(
        "--accessible",
        help="Ask with plain numbered lines for screen readers: no menus, no redraws, no colour "
        "(also OKHELP_ACCESSIBLE=1, and TERM=dumb).",
    ),
]


def accessible_mode(option: bool) -> bool:
    """Whether this run asks in the accessible mode (``--accessible``, OKHELP_ACCESSIBLE,
    TERM=dumb), its output set up for it."""
    from okhelp.frontends.terminal import modes

    on = modes.accessible(option, os.environ)
    modes.start(on)
    return on


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"okhelp {__version__}\n")
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


def check_description(text: str | None) -> None:
    """A description typed on the command line gets the checks every typed field gets, whether
    it starts a session (``troubleshoot``) or only ranks the guides (``guides search``)."""
    from okhelp.fields.validation import MAX_FIELD_TEXT, free_text_problem

    problem = free_text_problem(text) if text else None
    if problem:
        raise UsageError(
            f"description: {problem}",
            code="description_refused",
            reason=problem,
            limit=MAX_FIELD_TEXT,
        )


def run_lang(option: str | None) -> str:
    from okhelp.i18n.messages import resolve_lang

    return resolve_lang(option, os.environ)


def error_language(option: str | None) -> str:
    """The language errors are said in: ``--lang`` when it is one, else ``OKHELP_LANG`` or the
    locale (a wrong ``--lang`` or ``OKHELP_LANG`` is then itself the error)."""
    from okhelp.i18n.messages import error_lang

    return error_lang(option, os.environ)


def load_catalog() -> "Catalog":
    """The guides, parsed once and cached in the data folder until a file changes."""
    from okhelp.core.runtime import load_guides

    catalog = load_guides()
    render.warn_problems(catalog.problems)
    return catalog


def load_runtime() -> "Runtime":
    """Guides, config and data folder for a command that runs a session."""
    from okhelp.core.runtime import Runtime

    return Runtime.load(load_catalog())


_T = TypeVar("_T")


def option_value(option: str, read: Callable[[], _T]) -> _T:
    """What ``read`` makes of an option's value; its error says which option it was."""
    try:
        return read()
    except OkhelpError as exc:
        exc.data.setdefault("option", option)
        raise


def duration_option(option: str, text: str) -> "timedelta":
    """A duration option, in the one grammar of :mod:`okhelp.fields.durations`."""
    from okhelp.fields.durations import parse_duration

    return option_value(option, lambda: parse_duration(text))

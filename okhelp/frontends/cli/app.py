"""The command line: parse options, call the core, render the result.

:func:`main` is the one place where domain errors and usage errors become a message and an exit
code. Help and usage-error wording live in :mod:`okhelp.frontends.cli.help`, tab completion in
:mod:`okhelp.frontends.cli.completion`.

This module alone does without ``from __future__ import annotations``: typer reads every command's
signature when the app starts, and string annotations made it compile each one again (twice), a
third of okhelp's own start-up. Names imported only for type checking are therefore quoted.
"""

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, TypeVar

import typer

from okhelp import __version__
from okhelp.errors import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    Interrupted,
    OkhelpError,
    Problem,
    UsageError,
)
from okhelp.frontends.cli import completion
from okhelp.frontends.cli import help as clihelp
from okhelp.i18n.messages import message
from okhelp.output import console as render

if TYPE_CHECKING:
    from datetime import timedelta

    from okhelp.core.runtime import Runtime
    from okhelp.domain.model import Guide
    from okhelp.domain.session import Session
    from okhelp.library.catalog import Catalog, GuideFile
    from okhelp.storage.sessions import Store

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


class ShowFormat(str, Enum):
    text = "text"
    json = "json"


class GraphFormat(str, Enum):
    mermaid = "mermaid"
    dot = "dot"


class Category(str, Enum):
    account = "account"
    money = "money"
    security = "security"
    app = "app"
    info = "info"


GuideTarget = Annotated[
    str,
    typer.Argument(
        metavar="ID|FILE",
        help="A guide's id (e.g. top-up) or a guide file (e.g. my/new.yaml).",
        autocompletion=completion.guide_ids,
    ),
]


def _is_file_target(target: str) -> bool:
    """A guide file rather than a guide id: ids never hold a path separator or '.yaml'."""
    return "/" in target or os.sep in target or target.endswith((".yaml", ".yml"))


def _read_file_target(target: str) -> "Guide":
    """A guide read from a file the user named; its problems as FILE:LINE and exit 1."""
    from okhelp.errors import GuideError, UsageError
    from okhelp.library.catalog import files_in, read_guide
    from okhelp.util.text import printable

    files, missing = files_in([Path(target)])
    if missing or not files or Path(target).is_dir():
        shown = missing[0].path if missing else target
        raise UsageError(
            f"no such guide file: {printable(shown, 200)}", code="guide_file_missing", path=shown
        )
    try:
        return read_guide(files[0])
    except GuideError as exc:
        render.problems(exc.problems)
        raise typer.Exit(EXIT_FAILED) from None


def _target_guide(target: str) -> "tuple[Guide, dict[str, Guide]]":
    """The guide an ID|FILE argument names, and every guide it may link to."""
    catalog = _catalog()
    if not _is_file_target(target):
        return catalog.get(target), catalog.guides
    guide = _read_file_target(target)
    return guide, {**catalog.guides, guide.id: guide}


LangOption = Annotated[
    Optional[str],  # noqa: UP045 - typer needs Optional on Python 3.10
    typer.Option(
        "--lang",
        "-l",
        metavar="zh|en",
        help="Language (default: OKHELP_LANG, then the locale, then zh).",
        autocompletion=completion.languages,
    ),
]


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


def _lang(option: str | None) -> str:
    from okhelp.i18n.messages import resolve_lang

    return resolve_lang(option, os.environ)


def _error_lang(option: str | None) -> str:
    """The language errors are said in: ``--lang`` when it is one, else ``OKHELP_LANG`` or the
    locale (a wrong ``--lang`` or ``OKHELP_LANG`` is then itself the error)."""
    from okhelp.i18n.messages import error_lang

    return error_lang(option, os.environ)


def _lang_in(args: list[str]) -> str | None:
    """The ``--lang`` given on the command line, if any (read before click has parsed it, for
    the words of an error click or the command raises)."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            return arg.removeprefix("--lang=")
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
    return None


def _command_in(args: list[str]) -> str:
    """The command a run names (``resume``), for errors that tell what to run again."""
    return next((arg for arg in args if not arg.startswith("-")), "")


def _catalog() -> "Catalog":
    """The guides, parsed once and cached in the data folder until a file changes."""
    from okhelp.core.runtime import load_guides

    catalog = load_guides()
    render.warn_problems(catalog.problems)
    return catalog


def _runtime() -> "Runtime":
    """Guides, config and data folder for a command that runs a session."""
    from okhelp.core.runtime import Runtime

    return Runtime.load(_catalog())


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
    target: GuideTarget,
    fmt: Annotated[
        ShowFormat,
        typer.Option("--format", "-f", help="text to read, json for the normalized guide."),
    ] = ShowFormat.text,
    lang: LangOption = None,
) -> None:
    """One guide, readable: its steps and where each leads."""
    language = _lang(lang)
    guide, _ = _target_guide(target)
    if fmt is ShowFormat.json:
        render.write_json(guide.to_json())
        return
    render.guide_detail(guide, language)


def _files_for(targets: list[str]) -> "tuple[list[GuideFile], list[Problem]]":
    """Guide files for paths (files, folders) and guide ids (the file each id comes from)."""
    from okhelp.domain.model import ID_PATTERN
    from okhelp.errors import Problem
    from okhelp.i18n.messages import suggestion
    from okhelp.library.catalog import builtin_files, custom_dirs, files_in
    from okhelp.util.suggest import close_matches
    from okhelp.util.text import printable

    files: list[GuideFile] = []
    problems: list[Problem] = []
    known: list[GuideFile] | None = None
    for target in targets:
        if Path(target).exists() or _is_file_target(target) or not ID_PATTERN.match(target):
            found, missing = files_in([Path(target)])
            files.extend(found)
            problems.extend(missing)
            continue
        if known is None:
            known = [*builtin_files(), *files_in(custom_dirs(os.environ))[0]]
        matching = [file for file in known if file.expected_id == target]
        if matching:
            files.append(matching[-1])  # a custom guide replaces the built-in one
            continue
        close = close_matches(target, sorted({file.expected_id for file in known}))
        hint = suggestion(close)
        problems.append(
            Problem(
                printable(target, 200),
                None,
                f"no such file, folder or guide{hint}",
                code="path_or_guide_missing",
                close=close,
            )
        )
    return files, problems


@guides_app.command("check")
def guides_check(
    paths: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            metavar="[ID|PATH]...",
            help="Guide ids, files or folders (default: built-in and custom guides).",
            autocompletion=completion.guide_ids,
        ),
    ] = None,
) -> None:
    """Validate guide files; every problem as FILE:LINE: message. Exit 1 if any."""
    from okhelp.authoring.checker import check_examples, check_links, check_rules
    from okhelp.errors import GuideError
    from okhelp.i18n.messages import message, problem_words
    from okhelp.library.catalog import (
        builtin_files,
        custom_dirs,
        files_in,
        load_catalog,
        override_problems,
        read_guide,
    )
    from okhelp.storage.config import load_config

    if paths:
        files, found = _files_for(paths)
    else:
        custom, found = files_in(custom_dirs(os.environ))
        files = [*builtin_files(), *custom]
    unreadable_paths = len(found)
    checked = []
    for file in files:
        try:
            checked.append(read_guide(file))
        except GuideError as exc:
            found.extend(exc.problems)
    overrides = load_config().override_guides
    known = {**load_catalog(overrides=overrides).guides, **{g.id: g for g in checked}}
    for guide in checked:
        found.extend(check_links(guide, known))
        found.extend(check_rules(guide, known))
        if not any(p.path == guide.path for p in found):
            found.extend(check_examples(guide, known))
    found.extend(override_problems(checked, overrides))
    found = sorted(set(found), key=lambda p: (p.path, p.line or 0, p.message))
    lang = _error_lang(None)
    render.problems(problem_words(problem, lang) for problem in found)
    broken = len({p.path for p in found})
    total = len(files) + unreadable_paths
    if found:
        render.info(
            message("guides_check_problems", lang, count=len(found), broken=broken, files=total)
        )
        raise typer.Exit(EXIT_FAILED)
    if not files:
        render.info(message("guides_check_none", lang))
        raise typer.Exit(EXIT_FAILED)
    render.info(message("guides_check_ok", lang, files=len(files)))


@guides_app.command("test")
def guides_test(
    targets: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            metavar="[ID|FILE]...",
            help="Guides to test, by id or file (default: all).",
            autocompletion=completion.guide_ids,
        ),
    ] = None,
) -> None:
    """Run the guides' own examples; report which ends no example reaches. Exit 1 on a failure."""
    from okhelp.authoring.checker import check_links, ends_not_reached, run_examples

    catalog = _catalog()
    known = dict(catalog.guides)
    guides = list(catalog.guides.values()) if not targets else []
    failures = 0
    for target in targets or []:
        if not _is_file_target(target):
            guides.append(catalog.get(target))
            continue
        guide = _read_file_target(target)
        known[guide.id] = guide
        guides.append(guide)
    for guide in guides:
        for problem in check_links(guide, known):
            failures += 1
            render.write_plain(f"FAIL {guide.id}: {problem.format()}")
    passed = 0
    for guide in sorted(guides, key=lambda g: g.id):
        runs = run_examples(guide, known)
        for run in runs:
            if run.problem:
                failures += 1
                render.write_plain(f"FAIL {guide.id}: {run.problem}")
        for run in runs:
            if not run.problem:
                passed += 1
                render.write_plain(f"ok   {guide.id}: {run.example.name}")
        missing = ends_not_reached(guide, runs)
        if missing:
            render.warn(f"{guide.id}: no example reaches the end(s): {', '.join(missing)}")
    render.info(f"{passed} passed, {failures} failed")
    if failures:
        raise typer.Exit(EXIT_FAILED)


@guides_app.command("schema")
def guides_schema() -> None:
    """JSON Schema of the guide format, for editors (yaml-language-server)."""
    from okhelp.authoring.schema import guide_schema

    render.write_json(guide_schema())


@guides_app.command("graph")
def guides_graph(
    target: GuideTarget,
    fmt: Annotated[
        GraphFormat, typer.Option("--format", "-f", help="mermaid or dot (Graphviz).")
    ] = GraphFormat.mermaid,
    lang: LangOption = None,
) -> None:
    """The guide's decision tree as Mermaid (default) or Graphviz DOT."""
    from okhelp.authoring import graph

    language = _lang(lang)
    guide, _ = _target_guide(target)
    render.write_plain(
        graph.dot(guide, language) if fmt is GraphFormat.dot else graph.mermaid(guide, language)
    )


@guides_app.command("new")
def guides_new(
    guide_id: Annotated[
        str, typer.Argument(metavar="ID", help="The new guide's id, e.g. card-declined.")
    ],
    folder: Annotated[
        Path,
        typer.Option(
            "--dir", "-d", metavar="DIR", help="Folder to write ID.yaml into (default: here)."
        ),
    ] = Path("."),
    category: Annotated[
        Category, typer.Option("--category", "-c", help="account, money, security, app or info.")
    ] = Category.app,
) -> None:
    """Write a starter guide, ID.yaml, that passes check and test as written; never overwrites."""
    from okhelp.authoring.starter import write_starter
    from okhelp.util.text import printable

    path = printable(str(write_starter(folder, guide_id, category.value)), 200)
    render.info(f"wrote {path}")
    render.info(f"next: okhelp guides check {path} && okhelp guides test {path}")


AnswersOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--answers",
        metavar="FILE",
        help="YAML or JSON file of answers, keyed by step id or field name.",
    ),
]
AnswerOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--answer", "-a", metavar="STEP=VALUE", help="One answer; repeatable. Overrides --answers."
    ),
]


def _given_answers(path: Path | None, options: list[str] | None) -> dict[str, str | bool]:
    from okhelp.domain.answers import parse_answer_option, parse_answers_file
    from okhelp.errors import UsageError
    from okhelp.storage.userfile import FileRefused, read_regular_file
    from okhelp.util.text import printable
    from okhelp.util.yamlsafe import MAX_BYTES

    given: dict[str, str | bool] = {}
    if path is not None:
        shown = printable(str(path), 200)
        try:
            raw = read_regular_file(path.expanduser(), MAX_BYTES)
        except FileRefused as exc:
            raise UsageError(
                f"cannot read answers file {shown}: {exc.reason}",
                code="answers_file_unreadable",
                path=str(path),
                reason=exc.reason,
            ) from None
        given.update(parse_answers_file(raw, shown))
    for option in options or []:
        key, value = parse_answer_option(option)
        given[key] = value
    return given


@app.command("guide")
def guide_command(
    guide_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The guide to run, e.g. register.",
            autocompletion=completion.guide_ids,
        ),
    ],
    lang: LangOption = None,
    answers: AnswersOption = None,
    answer: AnswerOption = None,
) -> None:
    """Run one guide directly, step by step (answers from --answers/--answer are not asked)."""
    from okhelp.frontends.terminal import session as terminal

    terminal.run_guide(_runtime(), guide_id, _lang(lang), _given_answers(answers, answer))


@app.command("resume")
def resume_command(
    session_id: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            metavar="[SESSION_ID]",
            help="The session (default: the latest unfinished one).",
            autocompletion=completion.session_ids,
        ),
    ] = None,
    lang: LangOption = None,
    answers: AnswersOption = None,
    answer: AnswerOption = None,
) -> None:
    """Continue an unfinished session where it stopped."""
    from okhelp.frontends.terminal import session as terminal

    language = _lang(lang) if lang else None
    terminal.resume(_runtime(), session_id, language, _given_answers(answers, answer))


def _step_reply(call: Callable[[], Any], lang: str | None = None) -> None:
    """Print a step-protocol reply as JSON; an error is JSON too (then one line on stderr)."""
    from okhelp.frontends.protocol import error_reply

    try:
        reply = call()
    except OkhelpError as exc:
        render.write_json(error_reply(exc, _error_lang(lang)))
        raise
    render.write_json(reply)


@app.command("start")
def start_command(
    guide_id: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            metavar="[GUIDE]",
            help="The guide to start, e.g. top-up.",
            autocompletion=completion.guide_ids,
        ),
    ] = None,
    description: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--description",
            "-d",
            metavar="TEXT",
            help="The problem in the user's words; without GUIDE it picks the guide.",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Start a session for a bot or script: the first question as JSON (docs/step-protocol.md)."""
    from okhelp.frontends.protocol import Steps

    _step_reply(lambda: Steps(_runtime()).start(guide_id, description, _lang(lang)), lang)


@app.command("answer")
def answer_command(
    session_id: Annotated[
        str,
        typer.Argument(
            metavar="SESSION_ID", help="From okhelp start.", autocompletion=completion.session_ids
        ),
    ],
    value: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            metavar="[VALUE]",
            help="An option id (or label), yes/no/not_possible, or text ('' skips an optional "
            "field). Without VALUE: the current question again.",
        ),
    ] = None,
    back: Annotated[
        bool, typer.Option("--back", help="Go back to the previous question instead.")
    ] = False,
) -> None:
    """Answer a session's current question: the next question, or the end, as JSON."""
    from okhelp.errors import UsageError
    from okhelp.frontends.protocol import Steps

    def call() -> Any:
        steps = Steps(_runtime())
        if back:
            if value is not None:
                raise UsageError("give VALUE or --back, not both", code="value_and_back")
            return steps.back(session_id)
        if value is None:
            return steps.current(session_id)
        return steps.answer(session_id, value)

    _step_reply(call)


@app.command("mcp")
def mcp_command() -> None:
    """Serve the guides to AI assistants over MCP (stdio). Needs: pip install 'okhelp[mcp]'."""
    from okhelp.errors import UsageError
    from okhelp.frontends import mcp as mcpserver

    try:
        mcpserver.check_sdk()
    except ImportError as exc:
        raise UsageError(
            f"okhelp mcp needs the MCP SDK, which is not installed ({exc.name or exc})",
            hint="install it with: pip install 'okhelp[mcp]'",
            code="mcp_sdk_missing",
            module=str(exc.name or exc),
        ) from None
    mcpserver.serve(_runtime())


SESSIONS_SHOWN = 20


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
) -> None:
    """Past sessions, newest first: id, guide, status, time (the newest 20; --all for every one)."""
    from okhelp.storage.sessions import Store

    if ctx.invoked_subcommand is not None:
        return
    if prune or older_than is not None or yes:
        _prune(older_than, prune=prune, show_all=show_all, yes=yes, fmt=fmt, lang=_lang(lang))
        return
    sessions, skipped, total = Store.from_env().session_page(None if show_all else limit)
    for line in skipped:
        render.warn(f"skipped {line}")
    if len(sessions) < total:
        render.info(message("sessions_page", _lang(lang), total=total, shown=len(sessions)))
    rows = [
        {
            "session_id": s.session_id,
            "guide": s.guide,
            "status": s.status,
            "started_at": s.started_at,
            "updated_at": s.updated_at,
        }
        for s in sessions
    ]
    if fmt is ListFormat.json:
        render.write_json(rows)
        return
    if not rows:  # said on stderr: a pipe still reads nothing
        render.info(message("no_sessions", _lang(lang)))
        return
    render.sessions_table(rows, _lang(lang))


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
) -> None:
    """Every session as JSON Lines (okhelp.session/1, one a line, oldest first), to move your
    history to another machine or database, or to count it with 'okhelp stats --from'."""
    from okhelp.storage.files import write_user_lines
    from okhelp.storage.sessions import Store

    store = Store.from_env()
    lines = (line + "\n" for line in store.export_records())
    if output is None:
        render.write_lines(lines)
        return
    write_user_lines(output, lines)
    render.info(
        message("sessions_exported", _lang(None), count=store.session_count(), path=str(output))
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
    language = _lang(lang)
    for line in report.problems[:20]:
        render.warn(line)
    if len(report.problems) > 20:
        render.warn(message("import_more_problems", language, count=len(report.problems) - 20))
    render.info(message("sessions_imported", language, **report.counts()))
    if report.problems and not report.taken:
        raise typer.Exit(EXIT_FAILED)


_T = TypeVar("_T")


def _option(option: str, read: Callable[[], _T]) -> _T:
    """What ``read`` makes of an option's value; its error says which option it was."""
    try:
        return read()
    except OkhelpError as exc:
        exc.data.setdefault("option", option)
        raise


def _duration(option: str, text: str) -> "timedelta":
    """A duration option, in the one grammar of :mod:`okhelp.fields.durations`."""
    from okhelp.fields.durations import parse_duration

    return _option(option, lambda: parse_duration(text))


def _prune(
    older_than: str | None, *, prune: bool, show_all: bool, yes: bool, fmt: ListFormat, lang: str
) -> None:
    """``sessions --prune --older-than AGE``: erase old sessions, asking first."""
    from okhelp.core import forget
    from okhelp.errors import UsageError
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
    age = _duration("--older-than", older_than)
    zone, _ = user_timezone(load_config(), os.environ)
    now = current_time(os.environ, zone)
    store = Store.from_env()
    plan = forget.plan_prune(store, now, age, lang)
    if not plan.ids:
        render.info(message("none_older", lang, before=forget.cutoff_text(now, age)))
        code = 0
        result = None
    elif not forgetting.confirmed(plan, yes=yes, lang=lang):
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
            metavar="[SESSION_ID]", help="The session to erase (its id, or enough of it)."
        ),
    ] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Erase every session and every summary.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Erase without asking.")] = False,
    lang: LangOption = None,
) -> None:
    """Erase a session (or --all) with its summaries, for good; asks first unless --yes.

    Goes: the session file, its summary, the files the review menu saved for it in the
    summaries folder, and its lock. A session open in another okhelp is not erased. Without a
    terminal nothing is erased unless --yes is given. Old sessions: okhelp sessions --prune
    --older-than 30d.
    """
    from okhelp.core import forget
    from okhelp.errors import UsageError
    from okhelp.frontends.cli import forgetting
    from okhelp.i18n.messages import message
    from okhelp.storage.sessions import Store

    language = _lang(lang)
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
    if not forgetting.confirmed(plan, yes=yes, lang=language):
        render.info(message("nothing_erased", language))
        return
    if not everything and store.open_elsewhere(plan.ids[0]):  # opened while we asked
        raise forget.busy(plan.ids[0])
    _, code = forgetting.erase(store, plan, language)
    if code:
        raise typer.Exit(code)


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
    from okhelp.errors import UsageError
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
) -> dict[str, Any]:
    """The record of a saved summary file, or built from a session (the latest by default) in
    ``lang`` (default: the session's language); with ``whole``, a session id must be whole."""
    from okhelp.core.summary import build
    from okhelp.errors import UsageError
    from okhelp.storage.config import current_time, load_config, user_timezone
    from okhelp.storage.sessions import Store

    if target is not None and ("/" in target or target.endswith(".json") or Path(target).exists()):
        from okhelp.storage.summaryfile import load_summary_file

        return load_summary_file(Path(target))
    store = Store.from_env()
    if target is None:
        latest, skipped = store.latest()
        for line in skipped:
            render.warn(f"skipped {line}")
        if latest is None:
            raise UsageError("no sessions yet", code="no_sessions")
        target = latest.session_id
    elif whole:
        from okhelp.frontends.protocol import whole_id

        whole_id(target)
    session = store.load_session(target)
    guides = _catalog().guides
    saved = _summary_without_guide(store, session, guides)
    if saved is not None:
        return saved
    config = load_config()
    zone, _ = user_timezone(config, os.environ)
    return build(session, guides, config, current_time({}, zone), lang=lang)


def _summary_without_guide(
    store: "Store", session: "Session", guides: "dict[str, Guide]"
) -> "dict[str, Any] | None":
    """When a guide the session needs is gone: the summary saved when it ended, if there is one
    (it has every question); otherwise None, after saying what the rebuilt one leaves out."""
    from okhelp.core.runtime import missing_guides
    from okhelp.util.text import printable

    missing = missing_guides(session, guides)
    if not missing:
        return None
    guide, session_id = printable(missing[0], 80), session.session_id
    saved = store.saved_summary(session_id)
    if saved is not None:
        from okhelp.storage.summaryfile import load_summary_file

        render.warn(
            f"the guide '{guide}' of session {session_id} is not installed; "
            "showing the summary saved when the session ended"
        )
        return load_summary_file(saved)
    render.warn(
        f"the guide '{guide}' of session {session_id} is not installed, so this summary leaves "
        f"out its questions and steps (put the guide's folder back: "
        f"OKHELP_GUIDES_PATH=<folder> okhelp summary {session_id})"
    )
    return None


@app.command("summary")
def summary_command(
    target: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            metavar="[SESSION_ID | FILE]",
            help="A session id, or a saved summary file (default: the latest session).",
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
    mask: Annotated[
        bool,
        typer.Option(
            "--mask",
            help="Hide account, transaction id and free text, for sharing outside support.",
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    """The contact summary of the latest (or given) session."""
    from okhelp.core import summary
    from okhelp.output import formats
    from okhelp.storage.sessions import write_user_file
    from okhelp.util.text import dumps_json, printable

    language = _lang(lang) if lang else None
    chosen = fmt or (_format_for(output) if output is not None else SummaryFormat.text)
    # JSON is for programs, which give a whole session id (see okhelp.frontends.protocol.whole_id)
    record = _summary_record(target, language, whole=chosen is SummaryFormat.json)
    language = language or str(record.get("lang", "zh"))
    if mask:
        record = summary.mask(record)
    if chosen is SummaryFormat.text and output is None:
        render.summary_text(record, language)
        return
    ascii_only = output is None and not render.stdout_is_utf8()
    if chosen is SummaryFormat.json:
        text = dumps_json(record, ascii_only=ascii_only) + "\n"
    elif chosen is SummaryFormat.markdown:
        text = formats.markdown(record, language)
    elif chosen is SummaryFormat.text:
        text = formats.plain(record, language)
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
    render.info(printable(str(write_user_file(output, text).resolve()), 500))


def _check_description(text: str | None) -> None:
    """A description typed on the command line gets the checks every typed field gets."""
    from okhelp.errors import UsageError
    from okhelp.fields.validation import MAX_FIELD_TEXT, free_text_problem

    problem = free_text_problem(text) if text else None
    if problem:
        raise UsageError(
            f"description: {problem}",
            code="description_refused",
            reason=problem,
            limit=MAX_FIELD_TEXT,
        )


@app.command("troubleshoot")
def troubleshoot_command(
    description: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            metavar="[DESCRIPTION]...",
            help="Your problem in your own words, e.g. 充值两小时还没到账.",
        ),
    ] = None,
    guide: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--guide",
            "-g",
            metavar="ID",
            help="Skip the search and run this guide.",
            autocompletion=completion.guide_ids,
        ),
    ] = None,
    lang: LangOption = None,
    answers: AnswersOption = None,
    answer: AnswerOption = None,
) -> None:
    """Find the right guide for your problem (from your words, or a menu) and walk through it."""
    from okhelp.frontends.terminal import session as terminal

    language = _lang(lang)
    given = _given_answers(answers, answer)
    text = " ".join(description or []).strip() or None
    _check_description(text)
    terminal.troubleshoot(_runtime(), text, guide, language, given)


@guides_app.command("search")
def guides_search(
    text: Annotated[
        list[str], typer.Argument(metavar="TEXT...", help="A description of the problem.")
    ],
    limit: Annotated[
        int,
        typer.Option(
            "--limit", "-n", metavar="N", min=1, max=100, help="How many guides to show, 1 to 100."
        ),
    ] = 5,
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="table for people, json for programs.")
    ] = ListFormat.table,
    lang: LangOption = None,
) -> None:
    """Guides ranked for a free-text description, best first, with a score."""
    language = _lang(lang)
    matches = _catalog().index().rank(" ".join(text), limit)
    if fmt is ListFormat.json:
        render.write_json(
            [
                {"id": m.guide.id, "score": m.score, "title": m.guide.title.to_json()}
                for m in matches
            ]
        )
        return
    render.search_results([(m.guide, m.score) for m in matches], language)


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
    from okhelp.errors import UsageError
    from okhelp.storage.config import current_time, load_config, user_timezone
    from okhelp.storage.legacy import exported_lines
    from okhelp.storage.sessions import Store, read_json, session_files_in
    from okhelp.util.text import printable

    language = _lang(lang)
    catalog = _catalog()
    if guide_id is not None:
        guide_id = catalog.get(guide_id).id
    elif fmt in (StatsFormat.mermaid, StatsFormat.dot):
        raise UsageError(
            f"--format {fmt.value} draws one guide", code="draws_one_guide", format=fmt.value
        )
    zone, _ = user_timezone(load_config(), os.environ)
    now = current_time(os.environ, zone)  # OKHELP_NOW pins "now" for the idle rule, too
    idle_for = _duration("--idle", idle)
    since_when = _option("--since", lambda: stats.parse_since(since, zone)) if since else None
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
        render.warn(f"skipped {line}")
    if len(skipped) > 5:
        render.warn(f"skipped {len(skipped) - 5} more file(s) that are not okhelp sessions")
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
    render.stats_table([group.to_json() for group in groups], language, detail=guide_id is not None)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command, then let go of any session it held open."""
    render.tolerate_any_encoding()
    try:
        _main(argv)
    finally:
        store = sys.modules.get(
            "okhelp.storage.sessions"
        )  # loaded only by commands that use sessions
        if store is not None:
            store.release_all()


# The step protocol's commands: their errors are a JSON object on stdout too, and they refuse
# undecodable values themselves (an answer with the question to ask again).
STEP_COMMANDS = ("start", "answer")
ENCODING_HINT = "set the terminal or the caller to UTF-8 and give it again"


class UndecodableInput(UsageError):
    """An argument or setting holding bytes that are not UTF-8 (what a GBK terminal sends).

    Refused before any command runs, so nothing is saved from it and nothing has to write it
    out again: no encoder can write a lone surrogate, which is what Python makes of such bytes.
    """


def _as_utf8(value: str) -> str:
    """An argument or setting as the UTF-8 text its bytes were: in a C or ASCII locale Python
    reads 充值 as eight escaped bytes, which are good UTF-8 all the same. Bytes that are not
    UTF-8 stay escaped, for :func:`_undecodable` to refuse."""
    if not any("\ud800" <= char <= "\udfff" for char in value):
        return value
    try:
        return os.fsencode(value).decode("utf-8")
    except UnicodeError:
        return value


def _undecodable(args: list[str], environ: Mapping[str, str]) -> list[str]:
    """The arguments as UTF-8 text; UndecodableInput for the first argument, ``OKHELP_*``
    variable or ``TZ`` that is not valid UTF-8 text. Step commands' arguments are left to the
    step protocol, which refuses them in its own error objects."""
    from okhelp.util.text import printable, undecodable_problem

    for name in sorted(environ):
        if name.startswith("OKHELP_") or name == "TZ":
            problem = undecodable_problem(_as_utf8(environ[name]))
            if problem:
                raise UndecodableInput(f"{printable(name, 40)} {problem}", hint=ENCODING_HINT)
    decoded = [_as_utf8(arg) for arg in args]
    if decoded[:1] and decoded[0] in STEP_COMMANDS:
        return decoded
    for arg in decoded:
        problem = undecodable_problem(arg)
        if problem:
            raise UndecodableInput(
                f"the argument '{printable(arg, 40)}' {problem}", hint=ENCODING_HINT
            )
    return decoded


def _main(argv: list[str] | None = None) -> None:
    """Run the app; turn domain and usage errors into one line and an exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    command = typer.main.get_command(app)
    if os.environ.get(completion.VARIABLE):
        completion.prepare()
    lang = clihelp.cli_lang(args, os.environ)
    try:
        args = _undecodable(args, os.environ)
        # The root context's obj is the run's language, for help and click's own words.
        code = command.main(args=args, prog_name="okhelp", standalone_mode=False, obj=lang)
    except Interrupted as exc:
        with contextlib.suppress(OSError):  # after SIGHUP the terminal may be gone
            render.info(exc.hint or message("interrupted", lang))
        sys.exit(exc.exit_code)
    except OkhelpError as exc:
        from okhelp.i18n.messages import error_words

        lang = _error_lang(_lang_in(args))
        if isinstance(exc, UndecodableInput) and args[:1] and args[0] in STEP_COMMANDS:
            from okhelp.frontends.protocol import error_reply

            render.write_json(error_reply(exc, lang))
        exc.data.setdefault("command", _command_in(args))
        render.error(*error_words(exc, lang, "cli"), lang=lang)
        sys.exit(exc.exit_code)
    except clihelp.UsageError as exc:
        if clihelp.is_help_request(exc):
            sys.stdout.write(exc.format_message() + "\n")
            sys.exit(EXIT_USAGE)
        hint = None if clihelp.shows_no_hint(exc) else clihelp.usage_hint(exc, command, args, lang)
        render.error(clihelp.usage_error(exc, command, args, lang), hint)
        sys.exit(EXIT_USAGE)
    except clihelp.ClickException as exc:
        render.error(exc.format_message())
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, clihelp.Abort):
        render.error(message("interrupted", lang))
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
    sys.exit(code if isinstance(code, int) else 0)

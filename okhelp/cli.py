"""The command line: parse options, call the core, render the result.

:func:`main` is the one place where domain errors become a message and an exit code.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from okhelp import __version__, render
from okhelp.errors import EXIT_FAILED, EXIT_INTERRUPTED, Interrupted, OkhelpError

if TYPE_CHECKING:
    from okhelp.catalog import Catalog
    from okhelp.config import Config
    from okhelp.engine import Engine
    from okhelp.session import Session
    from okhelp.store import Store
    from okhelp.wizard import Wizard

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
    """The guides, parsed once and cached in the data folder until a file changes."""
    from okhelp.catalog import load_catalog
    from okhelp.guidecache import CacheSet
    from okhelp.store import Store

    store = Store.from_env()
    caches = CacheSet(store.read_cache, store.write_cache)
    catalog = load_catalog(cache=caches)
    caches.save()
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
    unreadable_paths = len(found)
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
    total = len(files) + unreadable_paths
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
    from okhelp.checker import ends_not_reached, run_examples

    catalog = _catalog()
    guides = (
        [catalog.get(guide_id) for guide_id in guide_ids]
        if guide_ids
        else list(catalog.guides.values())
    )
    failures = 0
    passed = 0
    for guide in sorted(guides, key=lambda g: g.id):
        runs = run_examples(guide, catalog.guides)
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


AnswersOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--answers", help="YAML or JSON file of answers, keyed by step id or field name."),
]
AnswerOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--answer", "-a", metavar="STEP=VALUE", help="One answer; repeatable. Overrides --answers."
    ),
]


def _given_answers(path: Path | None, options: list[str] | None) -> dict[str, str | bool]:
    from okhelp.answers import parse_answer_option, parse_answers_file
    from okhelp.errors import UsageError
    from okhelp.text import printable
    from okhelp.userfile import FileRefused, read_regular_file
    from okhelp.yamlsafe import MAX_BYTES

    given: dict[str, str | bool] = {}
    if path is not None:
        shown = printable(str(path), 200)
        try:
            raw = read_regular_file(path.expanduser(), MAX_BYTES)
        except FileRefused as exc:
            raise UsageError(f"cannot read answers file {shown}: {exc.reason}") from None
        given.update(parse_answers_file(raw, shown))
    for option in options or []:
        key, value = parse_answer_option(option)
        given[key] = value
    return given


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _drive(
    session_guide: str,
    lang: str,
    given: dict[str, str | bool],
    *,
    resume_id: str | None = None,
    description: str | None = None,
) -> None:
    """Run a new session of a guide, or resume a saved one, to its end."""
    from okhelp.config import current_time, field_context, load_config
    from okhelp.engine import Engine, InvalidAnswer
    from okhelp.errors import UsageError
    from okhelp.session import Session, new_session_id
    from okhelp.store import Store
    from okhelp.wizard import Wizard

    catalog = _catalog()
    config = load_config()
    ctx = field_context(config)
    store = Store.from_env()
    if resume_id is not None:
        session = store.load_session(resume_id, claim=True)
        if session.status != "in_progress":
            raise UsageError(f"session {session.session_id} has already ended ({session.status})")
        session.lang = lang  # the language asked for now, for the prompts and the summary alike
        engine = Engine(catalog.guides, catalog.get(session.guide).id)
        try:
            session.state(engine)
        except InvalidAnswer:
            session.status = "abandoned"
            store.save_session(session)
            raise UsageError(
                f"session {session.session_id} no longer fits the guide '{session.guide}', "
                "which has changed since; it is marked abandoned",
                hint=f"start again with: okhelp guide {session.guide}",
            ) from None
    else:
        guide = catalog.get(session_guide)
        engine = Engine(catalog.guides, guide.id)
        started = current_time({}, ctx.timezone).isoformat(timespec="seconds")
        session = Session(
            session_id=new_session_id(current_time({}, ctx.timezone)),
            guide=guide.id,
            lang=lang,
            started_at=started,
            updated_at=started,
            timezone=ctx.timezone_name,
            description=description,
        )
        store.claim_on_save(session.session_id)
    prompter = None
    if _interactive():
        from okhelp.prompts import QuestionaryPrompter

        prompter = QuestionaryPrompter(lang)
    wizard = Wizard(
        engine=engine,
        session=session,
        lang=lang,
        field_ctx=ctx,
        answers=given,
        prompter=prompter,
        view=render.WizardView(lang, [c["detail"] for c in config.channels(lang)]),
        store=store,
        now=lambda: current_time({}, ctx.timezone),
    )
    session = wizard.run()
    _finish(session, engine, config, store, lang, wizard=wizard)


def _finish(
    session: Session,
    engine: Engine,
    config: Config,
    store: Store,
    lang: str,
    *,
    wizard: Wizard | None = None,
) -> None:
    """Close a finished session: congratulate, or show and save the contact summary."""
    from okhelp.config import current_time, user_timezone
    from okhelp.errors import StoreError
    from okhelp.i18n import message
    from okhelp.summary import build

    end_guide = engine.guides.get(session.end[0]) if session.end else None
    end_step = end_guide.steps.get(session.end[1]) if end_guide and session.end else None
    resolved = session.status == "resolved"
    render.outcome(lang, end_guide, end_step, resolved)
    if resolved:
        return
    zone, _ = user_timezone(config, os.environ)

    def record() -> dict[str, Any]:
        return build(session, engine.guides, config, current_time({}, zone))

    render.summary_text(record(), lang)
    if wizard is not None and wizard.prompter is not None:
        from okhelp.store import write_user_file
        from okhelp.summary import to_markdown
        from okhelp.wizard import ReviewActions, review

        def save(path: str) -> str:
            try:
                written = write_user_file(Path(path), to_markdown(record()))
            except StoreError as exc:
                return exc.message
            return message("saved_to", lang, path=written)

        review(
            wizard,
            ReviewActions(
                show=lambda: render.summary_text(record(), lang),
                save=save,
                show_json=lambda: render.write_json(record()),
                default_file=f"okhelp-summary-{session.session_id}.md",
            ),
        )
    if wizard is not None and wizard.store is None:
        return  # the data folder cannot be written; the run already said so once
    try:
        path = store.save_summary(session.session_id, record())
    except StoreError as exc:
        render.warn(exc.message)
        return
    render.info(message("saved_summary", lang, path=path))


@app.command("guide")
def guide_command(
    guide_id: Annotated[str, typer.Argument(metavar="ID", help="The guide to run, e.g. register.")],
    lang: LangOption = None,
    answers: AnswersOption = None,
    answer: AnswerOption = None,
) -> None:
    """Run one guide directly, step by step (answers from --answers/--answer are not asked)."""
    _drive(guide_id, _lang(lang), _given_answers(answers, answer))


@app.command("resume")
def resume_command(
    session_id: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            metavar="[SESSION_ID]", help="The session (default: the latest unfinished one)."
        ),
    ] = None,
    lang: LangOption = None,
    answers: AnswersOption = None,
    answer: AnswerOption = None,
) -> None:
    """Continue an unfinished session where it stopped."""
    from okhelp.errors import UsageError
    from okhelp.store import Store

    store = Store.from_env()
    if session_id is None:
        latest, skipped = store.latest_unfinished()
        for line in skipped:
            render.warn(f"skipped {line}")
        if latest is None:
            raise UsageError("no unfinished session to resume", hint="see 'okhelp sessions'")
        session_id = latest.session_id
    session = store.load_session(session_id)
    if session.status != "in_progress":
        raise UsageError(
            f"session {session.session_id} has already ended ({session.status})",
            hint=f"see: okhelp summary {session.session_id}",
        )
    language = _lang(lang) if lang else session.lang
    _drive(session.guide, language, _given_answers(answers, answer), resume_id=session.session_id)


SESSIONS_SHOWN = 20


@app.command("sessions")
def sessions_command(
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="table for people, json for programs.")
    ] = ListFormat.table,
    limit: Annotated[
        int,
        typer.Option("--limit", "-n", min=1, help="How many of the newest sessions to show."),
    ] = SESSIONS_SHOWN,
    show_all: Annotated[bool, typer.Option("--all", help="Show every session.")] = False,
    lang: LangOption = None,
) -> None:
    """Past sessions, newest first: id, guide, status, time (the newest 20; --all for every one)."""
    from okhelp.store import Store

    sessions, skipped, total = Store.from_env().session_page(None if show_all else limit)
    for line in skipped:
        render.warn(f"skipped {line}")
    if len(sessions) < total:
        render.info(
            f"showing the newest {len(sessions)} of {total} sessions; --all shows every one"
        )
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
    render.sessions_table(rows, _lang(lang))


class SummaryFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


def _summary_record(target: str | None) -> dict[str, Any]:
    """The record of a saved summary file, or built from a session (the latest by default)."""
    from okhelp.config import current_time, load_config, user_timezone
    from okhelp.errors import UsageError
    from okhelp.store import Store
    from okhelp.summary import build

    if target is not None and ("/" in target or target.endswith(".json") or Path(target).exists()):
        from okhelp.summaryfile import load_summary_file

        return load_summary_file(Path(target))
    store = Store.from_env()
    if target is None:
        latest, skipped = store.latest()
        for line in skipped:
            render.warn(f"skipped {line}")
        if latest is None:
            raise UsageError("no sessions yet", hint="start one with: okhelp troubleshoot")
        target = latest.session_id
    session = store.load_session(target)
    config = load_config()
    zone, _ = user_timezone(config, os.environ)
    return build(session, _catalog().guides, config, current_time({}, zone))


@app.command("summary")
def summary_command(
    target: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            metavar="[SESSION_ID | FILE]",
            help="A session id, or a saved summary file (default: the latest session).",
        ),
    ] = None,
    fmt: Annotated[
        SummaryFormat,
        typer.Option(
            "--format", "-f", help="text for the terminal, markdown for e-mail, json for tools."
        ),
    ] = SummaryFormat.text,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="Write to this file instead of the screen."),
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
    from okhelp import summary
    from okhelp.store import write_user_file
    from okhelp.text import dumps_json

    record = _summary_record(target)
    if mask:
        record = summary.mask(record)
    if fmt is SummaryFormat.text and output is None:
        render.summary_text(record, _lang(lang) if lang else str(record.get("lang", "zh")))
        return
    if fmt is SummaryFormat.json:
        text = dumps_json(record) + "\n"
    elif fmt is SummaryFormat.markdown:
        text = summary.to_markdown(record)
    else:
        text = summary.to_plain(record)
    if output is None:
        render.write_plain(text)
        return
    render.info(f"{write_user_file(output, text)}")


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
        typer.Option("--guide", "-g", metavar="ID", help="Skip the search and run this guide."),
    ] = None,
    lang: LangOption = None,
    answers: AnswersOption = None,
    answer: AnswerOption = None,
) -> None:
    """Find the right guide for your problem (from your words, or a menu) and walk through it."""
    from okhelp import picker

    language = _lang(lang)
    given = _given_answers(answers, answer)
    text = " ".join(description or []).strip() or None
    catalog = _catalog()
    if guide is not None:
        chosen = catalog.get(guide)
    elif _interactive():
        from okhelp.prompts import QuestionaryPrompter

        chosen, text = picker.choose_interactively(
            catalog.guides, text, QuestionaryPrompter(language), language, catalog.index()
        )
    else:
        chosen = picker.choose_without_terminal(catalog.guides, text, catalog.index())
    _drive(chosen.id, language, given, description=text)


@guides_app.command("search")
def guides_search(
    text: Annotated[
        list[str], typer.Argument(metavar="TEXT...", help="A description of the problem.")
    ],
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=100, help="How many guides to show.")
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


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command, then let go of any session it held open."""
    try:
        _main(argv)
    finally:
        store = sys.modules.get("okhelp.store")  # loaded only by commands that use sessions
        if store is not None:
            store.release_all()


def _main(argv: list[str] | None = None) -> None:
    """Run the app; turn domain errors into one line and an exit code."""
    try:
        app(args=argv, prog_name="okhelp")
    except Interrupted as exc:
        render.info(exc.hint or "interrupted")
        sys.exit(exc.exit_code)
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

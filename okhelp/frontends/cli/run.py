"""The commands that run a session: ``troubleshoot``, ``guide``, ``resume``, the step
protocol's ``start`` and ``answer``, and ``mcp``.

Like :mod:`okhelp.frontends.cli.app`, this module does without ``from __future__ import
annotations`` (typer reads every signature at start-up); names imported only for type checking
are quoted.
"""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from okhelp.errors import OkhelpError, UsageError
from okhelp.frontends.cli import completion
from okhelp.frontends.cli.root import (
    AccessibleOption,
    LangOption,
    accessible_mode,
    app,
    check_description,
    error_language,
    load_runtime,
    run_lang,
)
from okhelp.output import console as render

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
    accessible: AccessibleOption = False,
) -> None:
    """Run one guide directly, step by step (answers from --answers/--answer are not asked)."""
    from okhelp.frontends.terminal import session as terminal

    language, given = run_lang(lang), _given_answers(answers, answer)
    plain = accessible_mode(accessible)
    terminal.run_guide(load_runtime(), guide_id, language, given, accessible=plain)


@app.command("resume")
def resume_command(
    session_id: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            metavar="[SESSION_ID]",
            help=(
                "The session: its id, its start or its last characters (8db8); default: the "
                "latest unfinished one."
            ),
            autocompletion=completion.session_ids,
        ),
    ] = None,
    lang: LangOption = None,
    answers: AnswersOption = None,
    answer: AnswerOption = None,
    accessible: AccessibleOption = False,
) -> None:
    """Continue an unfinished session where it stopped."""
    from okhelp.frontends.terminal import session as terminal

    language = run_lang(lang) if lang else None
    given, plain = _given_answers(answers, answer), accessible_mode(accessible)
    terminal.resume(load_runtime(), session_id, language, given, accessible=plain)


def _step_reply(call: Callable[[], Any], lang: str | None = None) -> None:
    """Print a step-protocol reply as JSON; an error is JSON too (then one line on stderr)."""
    from okhelp.frontends.protocol import error_reply

    try:
        reply = call()
    except OkhelpError as exc:
        render.write_json(error_reply(exc, error_language(lang)))
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
    from okhelp.i18n.messages import lang_is_chosen

    follow = not lang_is_chosen(lang, os.environ)
    _step_reply(
        lambda: Steps(load_runtime()).start(
            guide_id, description, run_lang(lang), follow_words=follow
        ),
        lang,
    )


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
    rating: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--rating",
            metavar="1|2|3|4|5",
            help="The user's verdict on a session that ended resolved or waiting (the end's "
            "rating_question), instead of an answer.",
        ),
    ] = None,
    position: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--position",
            metavar="N",
            min=1,
            help="The position of the question this answers or goes back from (from its "
            "reply): refused, and nothing changes, if the session has moved on.",
        ),
    ] = None,
) -> None:
    """Answer a session's current question: the next question, or the end, as JSON."""
    from okhelp.frontends.protocol import Steps

    def call() -> Any:
        steps = Steps(load_runtime())
        if rating is not None:
            if value is not None or back:
                raise UsageError("give --rating alone", code="rating_alone")
            return steps.rate(session_id, rating)
        if back:
            if value is not None:
                raise UsageError("give VALUE or --back, not both", code="value_and_back")
            return steps.back(session_id, position)
        if value is None:
            return steps.current(session_id)
        return steps.answer(session_id, value, position)

    _step_reply(call)


@app.command("mcp")
def mcp_command() -> None:
    """Serve the guides to AI assistants over MCP (stdio). Needs: pip install 'okhelp[mcp]'."""
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
    mcpserver.serve(load_runtime())


@app.command("troubleshoot")
def troubleshoot_command(  # noqa: PLR0917 - typer passes options by position
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
    accessible: AccessibleOption = False,
) -> None:
    """Find the right guide for your problem (from your words, or a menu) and walk through it."""
    from okhelp.frontends.terminal import session as terminal
    from okhelp.i18n.messages import lang_is_chosen

    language = run_lang(lang)
    given = _given_answers(answers, answer)
    text = " ".join(description or []).strip() or None
    check_description(text)
    plain = accessible_mode(accessible)
    terminal.troubleshoot(
        load_runtime(),
        text,
        guide,
        language,
        given,
        follow_words=not lang_is_chosen(lang, os.environ),
        accessible=plain,
    )

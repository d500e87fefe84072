"""The command line: parse options, call the core, render the result.

:func:`main` is the one place where domain errors and usage errors become a message and an exit
code. Help and usage-error wording live in :mod:`okhelp.frontends.cli.help`, tab completion in
:mod:`okhelp.frontends.cli.completion`.

This module alone does without ``from __future__ import annotations``: typer reads every command's
signature when the app starts, and string annotations made it compile each one again (twice), a
third of okhelp's own start-up. Names imported only for type checking are therefore quoted.
"""

import contextlib
import os
import sys
from collections.abc import Mapping

import typer

from okhelp.errors import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    Interrupted,
    OkhelpError,
    UsageError,
)

# Each command module adds its commands to the app when imported, in the order help lists them.
from okhelp.frontends.cli import completion, guides, run, sessions, stats, summary  # noqa: F401
from okhelp.frontends.cli import help as clihelp
from okhelp.frontends.cli.root import app, error_language
from okhelp.i18n.messages import message
from okhelp.output import console as render


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


def _said_in(exc: OkhelpError, args: list[str]) -> str:
    """Inside a session its language wins over the locale's: a Chinese session's errors are
    Chinese on any machine (--lang, when given, wins over both)."""
    session_lang = exc.data.get("session_lang")
    return error_language(
        _lang_in(args) or (session_lang if isinstance(session_lang, str) else None)
    )


def _main(argv: list[str] | None = None) -> None:
    """Run the app; turn domain and usage errors into one line and an exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    command = typer.main.get_command(app)
    if os.environ.get(completion.VARIABLE):
        completion.prepare()
    lang = clihelp.cli_lang(args, os.environ)
    from okhelp.util.notices import ask_in

    ask_in(_lang_in(args))
    try:
        args = _undecodable(args, os.environ)
        # The root context's obj is the run's language, for help and click's own words.
        code = command.main(args=args, prog_name="okhelp", standalone_mode=False, obj=lang)
    except Interrupted as exc:
        with contextlib.suppress(OSError):  # after SIGHUP the terminal may be gone
            render.info(exc.hint or message("interrupted", _said_in(exc, args)))
        sys.exit(exc.exit_code)
    except OkhelpError as exc:
        from okhelp.i18n.messages import error_words

        lang = _said_in(exc, args)
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
        from okhelp.i18n.messages import error_words
        from okhelp.util.text import printable

        failed = OkhelpError(
            f"internal error: {type(exc).__name__}: {exc}",
            code="internal",
            kind=type(exc).__name__,
            detail=printable(str(exc), 200),
        )
        if args[:1] and args[0] in STEP_COMMANDS:  # a bot reads every error as JSON
            from okhelp.frontends.protocol import error_reply

            render.write_json(error_reply(failed, lang))
        render.error(*error_words(failed, lang, "cli"), lang=lang)
        sys.exit(EXIT_FAILED)
    sys.exit(code if isinstance(code, int) else 0)

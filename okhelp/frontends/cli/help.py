"""The command line's own words: help that reads like a man page, and usage errors in one line.

typer's help prints Python types beside every option (``<bool>``, ``<list[str]>``, ``<int range>
[1<=x<=100]``) and brackets arguments twice (``[[DESCRIPTION]...]...``). okhelp's commands and
groups therefore format their help themselves, with click's plain help formatter, from what each
parameter declares: its metavar (``ID``, ``FILE``, ``zh|en``), its choices
(``text|markdown|json``), its help and its default. No rich is loaded for ``--help``, and nothing
a user or a guide wrote appears in it. Every command has examples; the top level also lists the
environment variables and the exit codes.

Usage errors (unknown option, bad value, missing argument) reach
:func:`okhelp.frontends.cli.app.main` as click
exceptions (the app runs with ``standalone_mode=False``); :func:`usage_error` turns each into
okhelp's one-line message with a hint where to look, instead of click's boxed usage block.
"""

from __future__ import annotations

import os
import re
import textwrap
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from okhelp.i18n.messages import did_you_mean, suggestion

try:  # typer >= 0.26 carries its own copy of click
    from typer import _click as click
except ImportError:  # pragma: no cover - an older typer runs on the click package
    import click  # type: ignore[no-redef,unused-ignore]

from okhelp.i18n import help_words
from okhelp.i18n.messages import DISPLAY_LANGS, is_chinese, message, shown_in

ClickException = click.exceptions.ClickException
UsageError = click.exceptions.UsageError
Abort = typer.Abort

# Shown once, at the top level (``okhelp --help``).
ENVIRONMENT: tuple[tuple[str, str], ...] = (
    (
        "OKHELP_HOME",
        "Data folder: sessions, summaries and the guide cache (default: the platform's user "
        "data folder, ~/.local/share/okhelp on Linux).",
    ),
    (
        "OKHELP_GUIDES_PATH",
        "Folders of custom guides, separated by ':' (';' on Windows); a custom guide with a "
        "built-in guide's id replaces it only when the config's override_guides lists it.",
    ),
    (
        "OKHELP_CONFIG",
        "The config file: contact channels, transaction-id rule, currency, time zone, helpdesk "
        "field ids (default: config.yaml in the platform's config folder, ~/.config/okhelp on "
        "Linux).",
    ),
    (
        "OKHELP_LANG",
        "zh, zh-Hant (Taiwan), zh-Hant-HK (Hong Kong, Macau) or en when --lang is not given "
        "(default: the locale, then zh); help, prompts and messages follow it.",
    ),
    (
        "OKHELP_NOW",
        "An ISO 8601 time that pins \"now\" for phrases like 'two hours ago' (tests, "
        "reproducible runs).",
    ),
    ("TZ", "Your time zone, an IANA name such as Asia/Shanghai (before the config's)."),
    ("NO_COLOR", "Set to anything: no colour."),
    (
        "OKHELP_ACCESSIBLE",
        "1, true, yes or on: plain numbered questions for screen readers, as --accessible; "
        "also the default when TERM=dumb, which 0, false, no or off turns off.",
    ),
    ("OKHELP_DEBUG", "Set to anything: an internal error shows its traceback."),
)

EXIT_STATUS: tuple[tuple[str, str], ...] = (
    ("0", "Done: a guide ended solved or with a contact summary, or the command did its work."),
    ("1", "A check or test failed, or something went wrong (the message says what)."),
    ("2", "Usage error: an unknown command, option, guide or session, or a bad value."),
    ("75", "Busy: the session is open in another okhelp right now; try again when it is done."),
    ("130", "Interrupted (Ctrl-C); the session is saved and 'okhelp resume' continues it."),
)

# Where each command is listed in ``okhelp --help``; a command not named here goes under the
# first heading, in the order it was added.
SECTIONS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "": (
        (
            "Commands",
            (
                "troubleshoot",
                "guide",
                "resume",
                "sessions",
                "summary",
                "forget",
                "stats",
                "guides",
            ),
        ),
        ("For bots, scripts and AI assistants", ("start", "answer", "mcp")),
    ),
    "guides": (
        ("Commands", ("list", "show", "search", "check", "test", "graph", "new", "schema")),
    ),
}

# Overrides for options typer adds itself.
OPTION_HELP = {
    "install_completion": "Install tab completion for your shell (bash, zsh or fish) and exit.",
    "show_completion": "Print the tab-completion script for your shell, to install it by hand.",
}

# Examples by command path (the words after "okhelp"): a command line and what it does.
EXAMPLES: dict[str, tuple[tuple[str, str], ...]] = {
    "": (
        ("okhelp troubleshoot 充值两个小时了还没到账", "Find the guide for your words, run it."),
        ("okhelp troubleshoot --lang en", "Describe the problem at the prompt, in English."),
        ("okhelp resume", "Continue the latest unfinished session."),
        ("okhelp summary -o ticket.md", "The latest contact summary as Markdown, for an e-mail."),
        ("okhelp guides list", "The guides there are."),
    ),
    "troubleshoot": (
        ("okhelp troubleshoot", "Describe the problem at the prompt, or browse by topic."),
        ("okhelp troubleshoot 充值两个小时了还没到账", "The guides that fit, best first."),
        ("okhelp troubleshoot --lang en my top-up has not arrived", "The same, in English."),
        (
            "okhelp troubleshoot 充值没到账 --guide top-up --answers answers.yaml",
            "Without a terminal: the guide and its answers given ahead.",
        ),
    ),
    "guide": (
        ("okhelp guide register", "Run the register guide from its first step."),
        ("okhelp guide top-up --lang en", "The top-up guide, in English."),
        (
            "okhelp guide top-up --answers answers.yaml -a txn=TX2026112000001",
            "Answers from a file, one of them replaced; only missing answers are asked.",
        ),
    ),
    "resume": (
        ("okhelp resume", "The latest unfinished session."),
        ("okhelp resume 20261121-153012-7f3a", "That session (enough of the id to tell it)."),
        (
            "okhelp resume 20261121-153012-7f3a --answers more.yaml",
            "Continue it without a terminal.",
        ),
    ),
    "sessions": (
        ("okhelp sessions", "Your sessions, newest first."),
        ("okhelp sessions -f json", "The same as JSON, for programs."),
        (
            "okhelp sessions --prune --older-than 30d --yes",
            "Erase sessions untouched for 30 days, with their summaries.",
        ),
        (
            "okhelp sessions export -o history.jsonl",
            "Every session in one file, only yours to read.",
        ),
        ("okhelp sessions import history.jsonl", "Take them in on another machine."),
    ),
    "sessions export": (
        (
            "okhelp sessions export -o history.jsonl",
            "Every session in one file, only yours to read.",
        ),
        ("okhelp sessions export | gzip > history.jsonl.gz", "The same, compressed on the way."),
    ),
    "sessions import": (
        ("okhelp sessions import history.jsonl", "Take in a file another okhelp exported."),
        ("okhelp sessions import a.jsonl b.jsonl", "Several files, in the order given."),
        ("okhelp sessions import - < history.jsonl", "From standard input."),
    ),
    "forget": (
        ("okhelp forget 20261121-153012-7f3a", "Erase that session and its summary (asks first)."),
        ("okhelp forget --all --yes", "Erase every session and summary, without asking."),
    ),
    "summary": (
        ("okhelp summary", "The latest session's contact summary, as a panel."),
        (
            "okhelp summary 20261121-153012-7f3a -o ticket.md",
            "As Markdown in a file (.md, .json or .txt picks the format).",
        ),
        ("okhelp summary -f json", "okhelp.summary/1 JSON, for support tools."),
        ("okhelp summary --lang en", "A Chinese session's summary in English."),
        ("okhelp summary -f zendesk", "Zendesk's create-ticket request body; sends nothing."),
        ("okhelp summary --mask -f markdown", "Ids shortened, free text and amount hidden."),
        ("okhelp summary saved/summary.json --lang en", "A saved summary file, in English."),
    ),
    "stats": (
        ("okhelp stats", "Every guide: solved, escalated, abandoned."),
        ("okhelp stats top-up", "One guide: where its sessions stop, which steps help."),
        (
            "okhelp stats --from exported/ --since 2026-11-01 -f json",
            "Sessions a support team gathered, since a date, as JSON.",
        ),
        ("okhelp stats top-up -f mermaid", "The guide's tree, each path with its sessions."),
    ),
    "start": (
        ("okhelp start top-up", "The top-up guide's first question, as JSON."),
        ("okhelp start -d 充值两个小时了还没到账", "okhelp picks the guide from the user's words."),
        ("okhelp start top-up --lang en", "The same in English."),
    ),
    "answer": (
        ("okhelp answer 20261121-153012-7f3a bank", "Answer with an option id; the next question."),
        ("okhelp answer 20261121-153012-7f3a yes", "Answer a yes/no question."),
        ("okhelp answer 20261121-153012-7f3a", "The current question again."),
        ("okhelp answer 20261121-153012-7f3a --back", "Back to the previous question."),
    ),
    "mcp": (("okhelp mcp", "Serve on stdin/stdout; an MCP client starts this command itself."),),
    "guides": (
        ("okhelp guides list", "The guides there are."),
        ("okhelp guides search 充值没到账", "The guides that fit a description, with scores."),
        ("okhelp guides show top-up", "One guide's steps."),
        ("okhelp guides check my-guides/", "Check your own guide files."),
    ),
    "guides list": (
        ("okhelp guides list", "Built-in and custom guides, by category."),
        ("okhelp guides list -f json", "As JSON, for programs."),
        ("OKHELP_GUIDES_PATH=~/my-guides okhelp guides list", "With your own guides folder."),
    ),
    "guides show": (
        ("okhelp guides show top-up", "The top-up guide's steps and where each leads."),
        ("okhelp guides show my/new.yaml --lang en", "A guide file, in English."),
        ("okhelp guides show top-up -f json", "The normalized guide, defaults explicit."),
    ),
    "guides search": (
        ("okhelp guides search 充值两个小时了还没到账", "The best five guides, with scores."),
        ("okhelp guides search card declined -n 3 -f json", "The best three, as JSON."),
    ),
    "guides check": (
        ("okhelp guides check", "Every built-in and custom guide."),
        ("okhelp guides check my-guides/", "The guide files in a folder."),
        ("okhelp guides check top-up my/new.yaml", "A guide by id and a file."),
    ),
    "guides test": (
        ("okhelp guides test", "Every guide's examples."),
        ("okhelp guides test my/new.yaml", "A guide file's examples."),
    ),
    "guides graph": (
        ("okhelp guides graph top-up", "The tree as Mermaid, for Markdown."),
        ("okhelp guides graph top-up -f dot | dot -Tsvg > top-up.svg", "As a picture."),
        (
            "okhelp guides graph top-up -f dot --lang en | dot -Tpng > top-up.png",
            "In English, as a picture (where there is no CJK font).",
        ),
    ),
    "guides new": (
        ("okhelp guides new card-declined", "Write card-declined.yaml here."),
        ("okhelp guides new card-declined -c money -d my-guides", "Into my-guides/, as money."),
    ),
    "guides schema": (
        ("okhelp guides schema > guide.schema.json", "For yaml-language-server in your editor."),
    ),
}

COLUMN_MAX = 34  # a longer first column puts its text on the next line


def cli_lang(args: Sequence[str], environ: Mapping[str, str]) -> str:
    """The language of help and usage errors, by the rule every command follows: ``--lang`` on
    the command line, then ``OKHELP_LANG``, then the locale. A value that is not a language is
    the command's own error to report; help is then shown in the default language."""
    from okhelp.errors import UsageError as BadLanguage
    from okhelp.i18n.messages import resolve_lang

    option = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg in ("--lang", "-l") and index + 1 < len(args):
            option = args[index + 1]
        elif arg.startswith("--lang="):
            option = arg.removeprefix("--lang=")
    if option not in DISPLAY_LANGS:
        option = None
    try:
        return resolve_lang(option, environ)
    except BadLanguage:
        return resolve_lang(None, {})


def lang_of(ctx: click.Context) -> str:
    """The language a command's help is shown in: what :func:`okhelp.frontends.cli.app.main`
    found for this run (the root context's ``obj``), else the environment's."""
    found = ctx.find_root().obj
    return found if isinstance(found, str) and found in DISPLAY_LANGS else cli_lang((), os.environ)


def command_key(ctx: click.Context) -> str:
    """A command's path without the program name: "", "summary", "guides search"."""
    return " ".join(ctx.command_path.split()[1:])


def choices_of(param: click.Parameter) -> list[str] | None:
    """The values a parameter accepts, when it is a choice (an Enum in the signature)."""
    descriptor = getattr(param, "type_descriptor", None)  # typer >= 0.29
    source = descriptor if descriptor is not None else getattr(param, "type", None)
    raw = getattr(source, "choices", None)
    if not raw:
        return None
    return [str(c.value) if isinstance(c, Enum) else str(c) for c in raw]


def metavar_of(param: click.Parameter) -> str:
    """What stands for a parameter's value: ``ID``, ``FILE``, ``zh|en``; never a Python type.

    Brackets and dots a metavar may carry are dropped: the usage line adds them itself.
    """
    if param.metavar:
        return param.metavar.strip().strip("[]").removesuffix("...").strip("[]").replace(" ", "")
    choices = choices_of(param)
    if choices:
        return "|".join(choices)
    return (param.name or "value").upper()


def _is_flag(param: click.Parameter) -> bool:
    return bool(getattr(param, "is_flag", False) or getattr(param, "count", False))


def _usage_piece(param: click.Parameter) -> str:
    piece = metavar_of(param)
    if not param.required:
        piece = f"[{piece}]"
    if param.nargs == -1:
        piece += "..."
    return piece


def _default_text(param: click.Parameter, help_text: str) -> str | None:
    if getattr(param, "show_default", True) is False or "default" in help_text:
        return None
    default = param.default
    if isinstance(default, Enum):
        default = default.value
    if default is None or default is False or default in ((), []) or callable(default):
        return None
    return str(default)


def _param_help(param: click.Parameter, key: str, lang: str) -> str:
    """What a parameter does, in ``lang`` (its English help where no words are found)."""
    english = OPTION_HELP.get(param.name or "", getattr(param, "help", None) or "")
    if is_chinese(lang):
        worded = help_words.option_help(key, param.name or "")
        return shown_in(worded, lang) if worded else english
    return english


def _option_row(param: click.Parameter, key: str, lang: str) -> tuple[str, str]:
    names = sorted(param.opts, key=lambda name: (name.startswith("--"), name))
    label = ", ".join(names)
    if param.secondary_opts:
        label += " / " + ", ".join(param.secondary_opts)
    if not _is_flag(param):
        label += f" {metavar_of(param)}"
    if len(names) == 1 and names[0].startswith("--"):
        label = "    " + label  # long options line up after "-x, "
    help_text = _param_help(param, key, lang)
    default = _default_text(param, help_text)
    if default is not None and not (is_chinese(lang) and "默认" in help_text):
        stop = "。" if is_chinese(lang) else "."
        stem = help_text.rstrip().removesuffix(stop)
        worded = message("help_default", lang, value=default)
        help_text = f"{stem}{worded}" + (stop if stem != help_text.rstrip() else "")
    repeatable = message("help_repeatable", lang)
    if getattr(param, "multiple", False) and repeatable.lower().rstrip(".。") not in help_text:
        help_text = f"{help_text} {repeatable}".strip()
    return label, help_text


def width_of(text: str) -> int:
    """Columns a string takes in a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_CLOSING = "，。；：、）」』”！？"
_BREAKABLE = re.compile(rf"(?:[^\x00-\x7f]|[\x21-\x7e]+)[{_CLOSING}]*|\s+")


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` terminal columns: English wraps at spaces as textwrap does;
    Chinese, which has none, may break between any two characters (never before a comma or a
    closing bracket)."""
    if all(width_of(char) == 1 for char in text):
        return textwrap.wrap(text, width)
    lines: list[str] = []
    line = ""
    for piece in _BREAKABLE.findall(" ".join(text.split())):
        if line and width_of(line + piece.rstrip()) > width:
            lines.append(line.rstrip())
            line = "" if piece.isspace() else piece
        else:
            line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _write_rows(
    formatter: click.HelpFormatter, title: str, rows: Sequence[tuple[str, str]]
) -> None:
    """A definition list like click's, measured in columns (click counts characters, which
    puts every row with Chinese in it out of line)."""
    if not rows:
        return
    formatter.write_paragraph()
    # A Chinese heading takes a full-width colon; click's section() would write ":".
    colon = "：" if width_of(title) > len(title) else ":"
    formatter.write(f"{' ' * formatter.current_indent}{title}{colon}\n")
    with formatter.indentation():
        indent = " " * formatter.current_indent
        first_col = min(max(width_of(first) for first, _ in rows), COLUMN_MAX) + 2
        text_width = max(formatter.width - formatter.current_indent - first_col, 20)
        for first, second in rows:
            lines = wrap(second, text_width) or [""]
            if width_of(first) + 2 <= first_col:
                formatter.write(f"{indent}{first}{' ' * (first_col - width_of(first))}")
            else:
                formatter.write(f"{indent}{first}\n{indent}{' ' * first_col}")
            formatter.write(lines[0] + "\n")
            for line in lines[1:]:
                formatter.write(f"{indent}{' ' * first_col}{line}\n")


def _write_help_text(formatter: click.HelpFormatter, text: str | None) -> None:
    if not text:
        return
    formatter.write_paragraph()
    with formatter.indentation():
        indent = " " * formatter.current_indent
        width = max(formatter.width - formatter.current_indent, 20)
        for number, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
            if number:
                formatter.write_paragraph()
            for line in wrap(paragraph, width):
                formatter.write(f"{indent}{line}\n")


def _help_of(command: click.Command, ctx: click.Context) -> str | None:
    """A command's help in the run's language."""
    lang = lang_of(ctx)
    if is_chinese(lang):
        worded = help_words.command_help(command_key(ctx))
        if worded:
            return shown_in(worded, lang)
    return command.help


def _write_params(
    command: click.Command, ctx: click.Context, formatter: click.HelpFormatter
) -> None:
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    key, lang = command_key(ctx), lang_of(ctx)
    arguments = [(metavar_of(p), _param_help(p, key, lang)) for p in params if _is_argument(p)]
    _write_rows(formatter, message("help_arguments", lang), arguments)
    options = [_option_row(p, key, lang) for p in params if not _is_argument(p)]
    _write_rows(formatter, message("help_options", lang), options)


def _is_argument(param: click.Parameter) -> bool:
    return param.param_type_name == "argument"


def _write_examples(
    command: click.Command, ctx: click.Context, formatter: click.HelpFormatter
) -> None:
    key, lang = command_key(ctx), lang_of(ctx)
    rows = list(EXAMPLES.get(key, ()))
    worded = tuple(
        shown_in(words, lang)
        for words in (help_words.EXAMPLES_ZH.get(key, ()) if is_chinese(lang) else ())
    )
    if len(worded) == len(rows):
        rows = [(line, words) for (line, _), words in zip(rows, worded, strict=True)]
    _write_rows(formatter, message("help_examples", lang), rows)
    if command.epilog:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(command.epilog)


def short_help(command: click.Command, text: str | None = None) -> str:
    """The first sentence of a command's help (or of ``text``), for the list of commands."""
    text = " ".join((text or command.short_help or command.help or "").split())
    match = re.match(r"(.+?[.!?])(\s|$)|(.+?[。！？])", text)
    return (match.group(1) or match.group(3)) if match else text


def _write_usage(
    command: click.Command, ctx: click.Context, formatter: click.HelpFormatter
) -> None:
    """click's usage line, with its heading in the run's language (click's public prefix)."""
    pieces = command.collect_usage_pieces(ctx)
    prefix = message("help_usage", lang_of(ctx))
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=prefix)


def _write_help_text_line(formatter: click.HelpFormatter, text: str) -> None:
    with formatter.indentation():
        indent = " " * formatter.current_indent
        for line in wrap(text, max(formatter.width - formatter.current_indent, 20)):
            formatter.write(f"{indent}{line}\n")


class ManCommand(TyperCommand):
    """A command whose ``--help`` reads like a man page (see the module docstring)."""

    def get_short_help_str(self, limit: int = 45) -> str:
        """The first sentence, whole: lists of commands and zsh/fish completion show it."""
        return short_help(self)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = [message("help_options_metavar", lang_of(ctx))] if self.options_metavar else []
        pieces += [_usage_piece(p) for p in self.get_params(ctx) if _is_argument(p)]
        return pieces

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _write_usage(self, ctx, formatter)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self.format_usage(ctx, formatter)
        _write_help_text(formatter, _help_of(self, ctx))
        _write_params(self, ctx, formatter)
        _write_examples(self, ctx, formatter)


class ManGroup(TyperGroup):
    """A group of commands with the same kind of help; the top level adds the environment."""

    def get_short_help_str(self, limit: int = 45) -> str:
        return short_help(self)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        lang = lang_of(ctx)
        pieces = [message("help_options_metavar", lang)] if self.options_metavar else []
        return [*pieces, message("help_command_metavar", lang)]

    def sections(self, ctx: click.Context) -> list[tuple[str, list[str]]]:
        """The group's commands under their headings, in the order they are listed."""
        names = [n for n in self.list_commands(ctx) if not self._hidden(ctx, n)]
        sections = SECTIONS.get(command_key(ctx), (("Commands", ()),))
        listed = [(title, [n for n in order if n in names]) for title, order in sections]
        known = {n for _, order in sections for n in order}
        listed[0][1].extend(n for n in names if n not in known)
        return [(title, found) for title, found in listed if found]

    def _hidden(self, ctx: click.Context, name: str) -> bool:
        command = self.get_command(ctx, name)
        return command is None or command.hidden

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _write_usage(self, ctx, formatter)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = lang_of(ctx)
        zh = is_chinese(lang)
        self.format_usage(ctx, formatter)
        _write_help_text(formatter, _help_of(self, ctx))
        for title, names in self.sections(ctx):
            rows = []
            for name in names:
                command = self.get_command(ctx, name)
                if command is not None:
                    key = f"{command_key(ctx)} {name}".strip()
                    found = help_words.command_help(key) if zh else None
                    worded = shown_in(found, lang) if found else None
                    rows.append((name, short_help(command, worded)))
            heading = shown_in(help_words.SECTIONS_ZH.get(title, title), lang) if zh else title
            _write_rows(formatter, heading, rows)
        _write_params(self, ctx, formatter)
        if ctx.parent is None:
            words = (help_words.ENVIRONMENT_ZH, help_words.EXIT_STATUS_ZH) if zh else ({}, {})
            environment = [
                (name, shown_in(words[0].get(name, text), lang)) for name, text in ENVIRONMENT
            ]
            _write_rows(formatter, message("help_environment", lang), environment)
            status = [
                (code, shown_in(words[1].get(code, text), lang)) for code, text in EXIT_STATUS
            ]
            _write_rows(formatter, message("help_exit_status", lang), status)
        _write_examples(self, ctx, formatter)
        if ctx.parent is None:
            for note in ("help_completion", "help_more"):
                formatter.write_paragraph()
                _write_help_text_line(formatter, message(note, lang))


class ManTyper(typer.Typer):
    """A typer app whose groups and commands format their help as :class:`ManGroup` and
    :class:`ManCommand` do, so a command added later gets the same help without asking."""

    def __init__(self, *args: Any, cls: type[TyperGroup] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("rich_markup_mode", None)  # help texts are plain text, never markup
        super().__init__(*args, cls=cls or ManGroup, **kwargs)

    def command(  # type: ignore[override]
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return super().command(name, cls=cls or ManCommand, **kwargs)


# --- usage errors ---------------------------------------------------------------------------


def _walk(root: click.Command, args: Iterable[str]) -> tuple[list[str], click.Command]:
    """How far ``args`` name a command of ``root``: its path and the command (click's errors
    about an option's value carry no context to say which command it was)."""
    path = ["okhelp"]
    current: click.Command = root
    for arg in args:
        if arg == "--":
            break
        commands = getattr(current, "commands", None)
        if arg.startswith("-") or not isinstance(commands, dict):
            continue
        if arg not in commands:
            break
        path.append(arg)
        current = commands[arg]
    return path, current


def command_path(root: click.Command, args: Iterable[str]) -> str:
    return " ".join(_walk(root, args)[0])


def find_command(root: click.Command, args: Iterable[str]) -> click.Command:
    return _walk(root, args)[1]


def long_form(command: click.Command, name: str) -> str:
    """``--format`` for ``-f``: errors name an option the way its help lists it first."""
    for param in command.params:
        if name in param.opts or name in param.secondary_opts:
            return _option_name(param, name)
    return name


def _option_name(param: click.Parameter | None, fallback: str | None) -> str:
    """The long form of an option (``--format`` even when ``-f`` was typed)."""
    if param is not None and param.param_type_name == "option":
        longs = [o for o in param.opts if o.startswith("--")]
        return (longs or list(param.opts))[0]
    if param is not None:
        return metavar_of(param)
    return fallback or "option"


def _lower_first(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) < 2 else text


def _bad_value(exc: click.exceptions.BadParameter, lang: str) -> str:
    param = exc.param
    name = _option_name(param, exc.param_hint if isinstance(exc.param_hint, str) else None)
    choices = choices_of(param) if param is not None else None
    if choices:
        return message("usage_one_of", lang, name=name, choices=", ".join(choices))
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None and high is not None:
        return message("usage_number_between", lang, name=name, low=low, high=high)
    if low is not None:
        return message("usage_number_at_least", lang, name=name, low=low)
    if high is not None:
        return message("usage_number_at_most", lang, name=name, high=high)
    return f"{name}: {_lower_first(exc.message.removeprefix('Value error, '))}"


def usage_error(
    exc: click.exceptions.UsageError, root: click.Command, args: Sequence[str], lang: str = "en"
) -> str:
    """okhelp's one-line wording of a click usage error (without "okhelp: error: "), in
    ``lang``: click's own English is never shown for the errors it names."""
    if isinstance(exc, click.exceptions.NoSuchOption):
        line = message("usage_no_such_option", lang, name=exc.option_name)
        return line + suggestion(exc.possibilities or [], lang, quote=False)
    if isinstance(exc, click.exceptions.MissingParameter):
        param = exc.param
        if param is not None and _is_argument(param):
            return message("usage_missing", lang, name=metavar_of(param))
        return message("usage_missing", lang, name=_option_name(param, None))
    if isinstance(exc, click.exceptions.BadParameter):
        return _bad_value(exc, lang)
    if isinstance(exc, click.exceptions.BadOptionUsage):
        name = long_form(find_command(root, args), exc.option_name)
        if exc.message.endswith("requires an argument."):
            return message("usage_needs_value", lang, name=name)
        if exc.message.endswith("does not take a value."):
            return message("usage_takes_no_value", lang, name=name)
        return _lower_first(exc.message)
    found = re.match(r"No such command (.+?)\.(?: Did you mean|$)", exc.message)
    if found:
        name = found.group(1).strip("'\"")
        group = exc.ctx.command if exc.ctx is not None else root
        known = list(getattr(group, "commands", {}) or {})
        return message("usage_no_such_command", lang, name=name) + did_you_mean(name, known, lang)
    extra = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", exc.message)
    if extra:
        return message("usage_too_many_arguments", lang, arguments=extra.group(1))
    return _lower_first(exc.message)


def usage_hint(
    exc: click.exceptions.UsageError, root: click.Command, args: Sequence[str], lang: str = "en"
) -> str:
    """Where to read more: the help of the command the error is about."""
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else command_path(root, args)
    return message("usage_see_help", lang, path=path)


def is_help_request(exc: click.ClickException) -> bool:
    """A bare group ("okhelp", "okhelp guides"): click (>= 8.2) raises its help as an error."""
    return type(exc).__name__ == "NoArgsIsHelpError"


def shows_no_hint(exc: click.ClickException) -> bool:
    """A bad value of a choice option says everything in its message already."""
    return isinstance(exc, click.exceptions.BadParameter) and not isinstance(
        exc, click.exceptions.MissingParameter
    )

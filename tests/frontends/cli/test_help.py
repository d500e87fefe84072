"""--help reads like a man page, and usage errors are one line in okhelp's own words."""

from __future__ import annotations

import re
import shlex
import unicodedata
from collections.abc import Callable

import pytest

from tests.helpers import Result
from tests.helpers.commands import COMMANDS, IDS, ROOT, command_at

# What typer and click print when left to themselves, and what a man page never shows.
FORBIDDEN = [
    re.compile(r"<[a-zA-Z_ ]+(\[[^\]]*\])?>"),  # <bool>, <str>, <path>, <int range>, <list[str]>
    re.compile(r"list\[|Optional\[|NoneType|\bint range\b"),
    re.compile(r"\[\d+<=x<=\d+\]|x<=|x>="),  # typer's range notation
    re.compile(r"\[\["),  # [[DESCRIPTION]...]
    re.compile(r"\]\.\.\.\]|\.\.\.\]\.\.\."),  # ...]...
    re.compile(r"\{[A-Z_|]+\}"),  # {ID}: typer's mark of a required argument
    re.compile(r"[│╭╰─]"),  # rich's boxes
    re.compile("\x1b"),
]


def _help(cli: Callable[..., Result], path: tuple[str, ...]) -> str:
    result = cli(*path, "--help")
    assert result.code == 0, result.err
    assert result.err == ""
    return result.out


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


@pytest.mark.parametrize("path", COMMANDS, ids=IDS)
def test_every_help_is_free_of_type_names_and_boxes(
    cli: Callable[..., Result], path: tuple[str, ...]
) -> None:
    text = _help(cli, path)
    assert text.startswith(f"Usage: {' '.join(('okhelp', *path))} ")
    for pattern in FORBIDDEN:
        assert not pattern.search(text), (pattern.pattern, pattern.search(text))
    assert all(_width(line) <= 80 for line in text.splitlines()), text


@pytest.mark.parametrize("path", COMMANDS, ids=IDS)
def test_every_option_that_takes_a_value_names_it(
    cli: Callable[..., Result], path: tuple[str, ...]
) -> None:
    """A flag shows nothing after its name; any other option shows a metavar (ID, FILE, zh|en,
    a|b|c), never a Python type."""
    text = _help(cli, path)
    rows = text.split("Options:\n", 1)[1]
    for param in command_at(path).params:
        if param.param_type_name != "option" or param.hidden:
            continue
        long = max(param.opts, key=len)
        line = next(line for line in rows.splitlines() if re.search(rf"{long}\b", line))
        after = line.split(long, 1)[1]
        if getattr(param, "is_flag", False):
            assert not after.startswith(" ") or after.startswith("  "), line
            continue
        metavar = after.split()[0]
        assert re.fullmatch(r"[A-Z][A-Z_=|]*|[a-z0-9]+(\|[a-z0-9]+)+", metavar), line


@pytest.mark.parametrize("path", COMMANDS, ids=IDS)
def test_every_help_has_examples_that_parse(
    cli: Callable[..., Result], path: tuple[str, ...]
) -> None:
    """Each example is a command line okhelp accepts as written (its options, values, choices)."""
    text = _help(cli, path)
    assert "\nExamples:\n" in text
    section = text.split("\nExamples:\n", 1)[1].split("\n\n", 1)[0]
    examples = [line.strip().split("  ")[0] for line in section.splitlines() if line[2:3] != " "]
    assert examples, text
    for example in examples:
        words = shlex.split(re.split(r"[|<>]", example)[0])
        while "=" in words[0]:
            words.pop(0)  # an environment variable set for the run
        assert words[0] == "okhelp"
        args = words[1:]
        assert args[: len(path)] == list(path), example
        _parse(args)


def _parse(args: list[str]) -> None:
    """What click does before it runs anything: every group, option and argument resolved."""
    command, parent, rest, name = ROOT, None, args, "okhelp"
    while True:
        ctx = command.make_context(name, list(rest), parent=parent)
        if not hasattr(command, "commands"):
            return
        rest = [*ctx._protected_args, *ctx.args]
        if not rest:
            return  # a group that runs by itself (okhelp sessions)
        name, parent = rest[0], ctx
        command, rest = command.commands[name], rest[1:]


def test_usage_lines_and_metavars(cli: Callable[..., Result]) -> None:
    summary = _help(cli, ("summary",))
    assert "Usage: okhelp summary [OPTIONS] [SESSION_ID|FILE]...\n" in summary
    assert "  -f, --format text|markdown|json|zendesk|freshdesk\n" in summary
    assert re.search(r"-o, --output FILE +Write to this file", summary)
    assert re.search(r"\n +--mask +Hide account", summary)
    assert re.search(r"-l, --lang LANG +Language: zh, zh-Hant", summary)
    assert "Usage: okhelp guide [OPTIONS] ID\n" in _help(cli, ("guide",))
    troubleshoot = _help(cli, ("troubleshoot",))
    assert "Usage: okhelp troubleshoot [OPTIONS] [DESCRIPTION]...\n" in troubleshoot
    assert re.search(r"--answers FILE +YAML or JSON", troubleshoot)
    assert re.search(r"-g, --guide ID +Skip the search", troubleshoot)
    search = _help(cli, ("guides", "search"))
    assert "Usage: okhelp guides search [OPTIONS] TEXT...\n" in search
    assert re.search(r"-n, --limit N +How many guides to show, 1 to 100 \(default: 5\)", search)
    assert re.search(r"-f, --format table\|json .*\(default:\s+table\)", search, re.S)
    stats = _help(cli, ("stats",))
    assert re.search(r"--from DIR\|FILE +Session files", stats)
    assert "Usage: okhelp guides check [OPTIONS] [ID|PATH]...\n" in _help(cli, ("guides", "check"))
    assert "Usage: okhelp answer [OPTIONS] SESSION_ID [VALUE]\n" in _help(cli, ("answer",))


ENVIRONMENT = ("OKHELP_HOME", "OKHELP_GUIDES_PATH", "OKHELP_CONFIG", "OKHELP_LANG", "OKHELP_NOW")


def test_environment_is_listed_once_at_the_top(cli: Callable[..., Result]) -> None:
    top = _help(cli, ())
    section = top.split("\nEnvironment:\n", 1)[1].split("\n\n", 1)[0]
    for name in (*ENVIRONMENT, "TZ", "NO_COLOR"):
        assert re.search(rf"^  {name} +\S", section, re.M), name
    assert "\nExit status:\n" in top
    assert "--install-completion" in top and "--show-completion" in top
    for path in COMMANDS[1:]:
        assert "Environment:" not in _help(cli, path)


def test_top_level_lists_every_command_once_people_first(cli: Callable[..., Result]) -> None:
    top = _help(cli, ())
    listed = re.findall(r"^  ([a-z]+)  ", top.split("Options:", 1)[0], re.M)
    assert sorted(listed) == sorted(ROOT.commands)
    assert listed[0] == "troubleshoot"
    assert top.index("For bots, scripts and AI assistants:") > top.index("  guides ")
    assert "pip install 'okhelp'." not in top  # "[mcp]" was once eaten as rich markup


def test_bare_okhelp_shows_the_help(cli: Callable[..., Result]) -> None:
    result = cli()
    assert result.code == 2
    assert result.out.startswith("Usage: okhelp [OPTIONS] COMMAND [ARGS]...")
    guides = cli("guides")
    assert guides.code == 2 and guides.out.startswith("Usage: okhelp guides [OPTIONS] COMMAND")


def test_version(cli: Callable[..., Result]) -> None:
    from okhelp import __version__

    result = cli("--version")
    assert (result.code, result.out, result.err) == (0, f"okhelp {__version__}\n", "")


ERRORS = [
    (
        ["summary", "-f", "html"],
        "--format must be one of text, markdown, json, zendesk, freshdesk",
    ),
    (
        ["summary", "--format=html"],
        "--format must be one of text, markdown, json, zendesk, freshdesk",
    ),
    (["guides", "list", "-f", "JSON"], "--format must be one of table, json"),
    (
        ["guides", "new", "x", "-c", "cards"],
        "--category must be one of account, money, security, app, info",
    ),
    (["guides", "search", "x", "-n", "0"], "--limit must be a number from 1 to 100"),
    (["guides", "search", "x", "-n", "many"], "--limit must be a number from 1 to 100"),
    (
        ["summary", "--fromat", "json"],
        "no such option: --fromat; did you mean --format? (see 'okhelp summary --help')",
    ),
    (["--bogus"], "no such option: --bogus (see 'okhelp --help')"),
    (["sumary"], "no such command 'sumary'; did you mean 'summary'? (see 'okhelp --help')"),
    (["guides", "lst"], "no such command 'lst'; did you mean 'list'? (see 'okhelp guides --help')"),
    (["guide"], "missing ID (see 'okhelp guide --help')"),
    (["guides", "search"], "missing TEXT (see 'okhelp guides search --help')"),
    (["summary", "-f"], "--format needs a value (see 'okhelp summary --help')"),
    (["stats", "--from"], "--from needs a value (see 'okhelp stats --help')"),
    (["summary", "--mask=yes"], "--mask takes no value (see 'okhelp summary --help')"),
    (["answer", "a", "b", "c"], "too many arguments: c (see 'okhelp answer --help')"),
    (["guide", "top-up", "--lang", "fr"], "--lang must be one of zh, zh-Hant, zh-Hant-HK, en"),
]


@pytest.mark.parametrize(("args", "message"), ERRORS, ids=[" ".join(a) for a, _ in ERRORS])
def test_usage_errors_are_one_line(
    cli: Callable[..., Result], args: list[str], message: str
) -> None:
    result = cli(*args)
    assert (result.code, result.out, result.err) == (2, "", f"okhelp: error: {message}\n")


def test_a_hostile_command_name_stays_inert_on_one_line(cli: Callable[..., Result]) -> None:
    result = cli("\x1b]0;pwned\x07\u202e")
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1
    assert "\x1b" not in result.err and "\u202e" not in result.err and "\x07" not in result.err
    assert result.err.startswith("okhelp: error: no such command ")


def test_help_and_errors_load_no_rich() -> None:
    import json
    import subprocess
    import sys

    probe = (
        "import json, sys\nfrom okhelp.frontends.cli.app import main\n"
        "for args in (['--help'], ['summary', '--help'], ['summary', '-f', 'html'], ['nope']):\n"
        "    try:\n        main(args)\n    except SystemExit:\n        pass\n"
        "sys.stderr.write(json.dumps(sorted(m for m in sys.modules"
        " if m.split('.')[0] in ('rich', 'questionary', 'prompt_toolkit', 'yaml'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert json.loads(proc.stderr.splitlines()[-1]) == []


def test_readme_names_every_command_and_how_to_complete() -> None:
    from tests.helpers import ROOT as REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    for path in COMMANDS[1:]:
        assert f"okhelp {' '.join(path)} " in commands or f"okhelp {' '.join(path)}\n" in commands
    assert commands.index("--show-completion") < commands.index("_OKHELP_COMPLETE")
    assert "--install-completion" in commands

"""Tab completion (bash, zsh, fish): commands, options, guide ids and session ids.

Completion runs okhelp once per Tab press, so it must start as fast as ``okhelp --version``: it
parses no guide and loads no rich, questionary or YAML. A guide's id is its file's name (the
loader refuses any other), so guide ids come from the names of the files in the built-in guides
folder and in ``OKHELP_GUIDES_PATH``; session ids are the names of the files in the data folder's
``sessions/``, read by :mod:`okhelp.storage.sessions`. Only names that are valid ids are offered,
so nothing
a file name holds reaches the shell (zsh evaluates what completion prints).

typer answers the completion request itself (``_OKHELP_COMPLETE``); :func:`prepare` only swaps in
zsh and fish output that does not pass help texts through rich, and accepts click's word order
(``bash_complete``) as well as typer's (``complete_bash``).

Like :mod:`okhelp.frontends.cli.app`, and for the same reason, this module does without postponed
annotations:
typer reads the completers' signatures at every start, and would compile string annotations.
"""

import os
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

VARIABLE = "_OKHELP_COMPLETE"
SHELLS = ("bash", "zsh", "fish")
LANGUAGES = (
    ("zh", "中文（简体）"),
    ("zh-Hant", "中文（繁體，台灣）"),
    ("zh-Hant-HK", "中文（繁體，香港）"),
    ("en", "English"),
)


def guide_folders(environ: MutableMapping[str, str] | None = None) -> list[Path]:
    """The folders guides come from, as :mod:`okhelp.library.catalog` reads them (built-in
    first)."""
    environ = os.environ if environ is None else environ
    here = Path(__file__).resolve().parents[2]  # the okhelp package
    packaged = here / "guides"  # an installed wheel carries them inside the package
    folders = [packaged if packaged.is_dir() else here.parent / "guides"]
    value = environ.get("OKHELP_GUIDES_PATH", "")
    folders += [Path(part).expanduser() for part in value.split(os.pathsep) if part.strip()]
    return folders


def guide_ids(incomplete: str) -> list[str]:
    """Ids of the built-in and custom guides starting with ``incomplete``, from file names."""
    from okhelp.domain.model import ID_PATTERN

    found: set[str] = set()
    for folder in guide_folders():
        try:
            names = [entry.name for entry in os.scandir(folder) if entry.is_file()]
        except OSError:
            continue
        for name in names:
            stem, dot, suffix = name.rpartition(".")
            if dot and suffix in ("yaml", "yml") and ID_PATTERN.match(stem):
                found.add(stem)
    return sorted(i for i in found if i.startswith(incomplete))


def session_ids(incomplete: str) -> list[str]:
    """Ids of saved sessions starting with ``incomplete``, newest first."""
    if "/" in incomplete or incomplete.startswith(("~", ".")):
        return []  # a file name: let the shell complete it
    from okhelp.errors import OkhelpError
    from okhelp.storage.sessions import Store

    try:
        ids = Store.from_env().session_ids()
    except OkhelpError:
        return []
    return [i for i in ids if i.startswith(incomplete)]


def languages(incomplete: str) -> list[tuple[str, str]]:
    return [(code, name) for code, name in LANGUAGES if code.startswith(incomplete)]


def prepare(environ: MutableMapping[str, str] | None = None) -> None:
    """Get ready to answer a completion request (see the module docstring)."""
    environ = os.environ if environ is None else environ
    first, _, second = environ.get(VARIABLE, "").partition("_")
    if first in SHELLS and second in ("complete", "source"):
        environ[VARIABLE] = f"{second}_{first}"  # click's order; typer reads "complete_bash"
    try:
        from typer._click import shell_completion
        from typer._completion_classes import FishComplete, ZshComplete
    except ImportError:  # pragma: no cover - another typer: its own classes answer
        return

    class PlainZsh(ZshComplete):
        """typer's zsh completion, with help texts as they are (typer renders them with rich)."""

        def format_completion(self, item: Any) -> str:
            value = _zsh_escape(item.value)
            return f'"{value}":"{_zsh_escape(item.help)}"' if item.help else f'"{value}"'

    class PlainFish(FishComplete):
        """typer's fish completion, with help texts as they are."""

        def format_completion(self, item: Any) -> str:
            value = str(item.value)
            return f"{value}\t{' '.join(str(item.help).split())}" if item.help else value

    shell_completion.add_completion_class(PlainZsh, "zsh")
    shell_completion.add_completion_class(PlainFish, "fish")


def _zsh_escape(text: str) -> str:
    """Escaped as typer escapes a value inside zsh's ``_arguments '*: :((...))'``."""
    return (
        str(text)
        .replace('"', '""')
        .replace("'", "''")
        .replace("$", "\\$")
        .replace("`", "\\`")
        .replace(":", r"\\:")
    )

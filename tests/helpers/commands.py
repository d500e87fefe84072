"""Every command and group of the app, found by walking click's tree (for the help tests)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer

from okhelp.frontends.cli.app import app

ROOT: Any = typer.main.get_command(app)


def every_command(command: Any = ROOT, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from every_command(sub, (*path, name))


def command_at(path: tuple[str, ...]) -> Any:
    command = ROOT
    for name in path:
        command = command.commands[name]
    return command


COMMANDS = list(every_command())
IDS = [" ".join(path) or "okhelp" for path in COMMANDS]

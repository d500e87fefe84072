"""Which prompter a terminal gets: arrow-key menus, or the accessible mode's numbered lines.

The one place the choice is made. The accessible mode is on with ``--accessible``, with
``OKHELP_ACCESSIBLE`` set to 1, true, yes or on, and in a dumb terminal (``TERM=dumb``: Emacs's
shell, where Emacspeak users read, and any terminal that cannot draw a menu either);
``OKHELP_ACCESSIBLE=0`` (false, no, off) keeps the menus even there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from okhelp.errors import UsageError
from okhelp.util.text import printable

if TYPE_CHECKING:
    from okhelp.frontends.terminal.accessible import AccessiblePrompter
    from okhelp.frontends.terminal.prompts import QuestionaryPrompter

VARIABLE = "OKHELP_ACCESSIBLE"
ON = ("1", "true", "yes", "on")
OFF = ("0", "false", "no", "off")


def accessible(option: bool, environ: Mapping[str, str]) -> bool:
    """Whether this run asks in the accessible mode: ``--accessible``, else OKHELP_ACCESSIBLE,
    else whether the terminal is dumb. A value of OKHELP_ACCESSIBLE that is neither on nor off
    is a UsageError (an empty one counts as not set)."""
    if option:
        return True
    value = environ.get(VARIABLE, "").strip().lower()
    if value in ON:
        return True
    if value in OFF:
        return False
    if value:
        raise UsageError(
            f"{VARIABLE} must be {', '.join(ON)} or {', '.join(OFF)} "
            f"(it is '{printable(environ[VARIABLE], 20)}')",
            code="accessible_env_invalid",
            value=printable(environ[VARIABLE], 20),
        )
    return environ.get("TERM", "").strip().lower() == "dumb"


def start(on: bool) -> None:
    """Set up the run for its mode: in the accessible mode nothing shown is coloured or styled
    (panels and tables as plain characters), whatever NO_COLOR says."""
    if on:
        from okhelp.output import console as render

        render.plain_consoles()


def prompter(lang: str, *, accessible: bool) -> QuestionaryPrompter | AccessiblePrompter:
    """The prompter for a person at a terminal, in ``lang``."""
    if accessible:
        from okhelp.frontends.terminal.accessible import AccessiblePrompter

        return AccessiblePrompter(lang)
    from okhelp.frontends.terminal.prompts import QuestionaryPrompter

    return QuestionaryPrompter(lang)

"""Domain errors. Each carries a ``code`` and the ``data`` it is about; the front ends word it.

Below the front ends an error says what went wrong, never how to fix it with a command or an
option: the CLI, the step protocol and the MCP server each word a code from the catalogue
(:func:`okhelp.i18n.messages.error_words`) in the user's language and in their own terms
(``okhelp sessions`` for a person at a terminal, ``session_id`` for a program). ``message`` is
the English fallback for a code the catalogue does not word, and for logs. The exit code of each
error class is set here, in one place.
"""

from __future__ import annotations

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_BUSY = 75  # EX_TEMPFAIL: the session is in use elsewhere; the same call can be retried
EXIT_INTERRUPTED = 130

ErrorData = str | int | list[str] | None


class OkhelpError(Exception):
    """Base of every error okhelp reports to the user instead of a traceback.

    ``code`` names what went wrong (``session_unknown``, ``duration_ambiguous``); ``data`` holds
    the values the words need (``session``, ``value``). Untrusted values stay raw in ``data``:
    whoever words them shows them inert.
    """

    exit_code = EXIT_FAILED
    code = "failed"

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        code: str | None = None,
        **data: ErrorData,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        if code is not None:
            self.code = code
        self.data: dict[str, ErrorData] = data


class UsageError(OkhelpError):
    """The user asked for something that does not exist or cannot work (exit 2)."""

    exit_code = EXIT_USAGE
    code = "usage"


class SessionBusy(OkhelpError):
    """The session is being moved by another okhelp process or thread right now (exit 75).

    Not a usage error: nothing is wrong with the call, and the same call succeeds once the other
    move is done, so machine callers retry it (code ``busy`` in the step protocol and MCP).
    """

    exit_code = EXIT_BUSY
    code = "busy"


class GuideNotFound(UsageError):
    """No guide with that id in the built-in or custom guides (``close``: ids like it)."""

    code = "guide_unknown"


class GuideError(OkhelpError):
    """A guide file that cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0].format() if problems else "invalid guide"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first + more)
        self.problems = problems


class AnswerError(UsageError):
    """An answer that is missing or not accepted, with no terminal to ask again."""

    def __init__(
        self,
        step_id: str,
        why: object,
        accepted: str,
        *,
        code: str = "answer_refused",
        **data: ErrorData,
    ) -> None:
        super().__init__(
            f"step '{step_id}': {why}; accepted: {accepted}",
            code=code,
        )
        self.data.update(data, step=step_id, accepted=accepted)
        self.step_id = step_id
        self.reason = str(why)
        self.accepted = accepted


class InvalidAnswer(OkhelpError):
    """An answer the current step does not accept; ``accepted`` says what it does (a
    catalogue Reason where okhelp has words for it in every language, else English)."""

    def __init__(self, reason: str, accepted: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.accepted = accepted


class GuideChanged(UsageError):
    """A session whose answers no longer fit its guide, which changed since; it has been marked
    abandoned (exit 2). Each front end says how to start again in its own terms."""

    def __init__(self, session_id: str, guide: str) -> None:
        super().__init__(
            f"session {session_id} no longer fits the guide '{guide}', which has changed "
            "since; it is marked abandoned",
            code="guide_changed",
            session=session_id,
            guide=guide,
        )
        self.session_id = session_id
        self.guide = guide


class Interrupted(OkhelpError):
    """Ctrl-C or end of input at a prompt."""

    exit_code = EXIT_INTERRUPTED
    code = "interrupted"


class StoreError(OkhelpError):
    """The data folder cannot be read or written."""


class OutputRefused(StoreError):
    """``--output`` names something that is not a regular file (a device, a FIFO, a folder)."""

    exit_code = EXIT_USAGE


class Problem:
    """One problem in a guide file, reported as ``FILE:LINE: message``; one okhelp words in the
    user's language has a ``code`` (``path_missing``) and ``data`` too, as errors do."""

    __slots__ = ("code", "data", "line", "message", "path")

    def __init__(
        self,
        path: str,
        line: int | None,
        message: str,
        *,
        code: str | None = None,
        **data: ErrorData,
    ) -> None:
        self.path = path
        self.line = line
        self.message = message
        self.code = code
        self.data: dict[str, ErrorData] = data

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"

    def __repr__(self) -> str:
        return f"Problem({self.format()!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return (self.path, self.line, self.message) == (other.path, other.line, other.message)

    def __hash__(self) -> int:
        return hash((self.path, self.line, self.message))

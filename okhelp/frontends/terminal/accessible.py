"""The prompter for screen readers and dumb terminals: plain lines in, plain lines out.

Arrow-key menus redraw themselves on every key, and a screen reader can neither tell which item
the pointer is on nor keep quiet about the redraws. This prompter has the interface of
:class:`~okhelp.frontends.terminal.prompts.QuestionaryPrompter` and asks with numbered lines,
printed once, answered by number or by words; it reads whole lines from stdin and writes nothing
that moves the cursor, erases or colours (no prompt_toolkit, no readline). Ctrl-C and end of input
become :class:`~okhelp.errors.Interrupted`, as they do in the menus.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from okhelp.errors import Interrupted
from okhelp.frontends.terminal.wizard import BACK, BACK_WORD, refused_bytes
from okhelp.i18n.messages import message as words
from okhelp.util.text import neutralise, one_line, printable


def pick(typed: str, labels: Sequence[str]) -> int | str:
    """The index in ``labels`` that ``typed`` names (its number from 1, its label, or the unique
    start of one, any case), else why not: ``"range"``, ``"none"`` or ``"several"``."""
    wanted = _folded(typed)
    if wanted.isdecimal():
        number = int(wanted)
        return number - 1 if 1 <= number <= len(labels) else "range"
    folded = [_folded(label) for label in labels]
    if wanted in folded:
        return folded.index(wanted)
    starting = [index for index, label in enumerate(folded) if wanted and label.startswith(wanted)]
    if len(starting) == 1:
        return starting[0]
    return "several" if starting else "none"


def _folded(text: str) -> str:
    """Words as they are compared: any case, without the marks in front ("← Back" is "back")."""
    folded = text.strip().casefold()
    while folded and not folded[0].isalnum():
        folded = folded[1:]
    return folded.strip()


class AccessiblePrompter:
    """Asks with numbered lines and plain text lines, for screen readers and dumb terminals."""

    def __init__(
        self,
        lang: str,
        *,
        input: TextIO | None = None,
        output: TextIO | None = None,
    ) -> None:
        self.lang = lang
        self.back_label = words("back", lang)
        self.back_hint = words("back_hint", lang)
        self.choose_hint: str | None = words("accessible_choose_hint", lang)  # said once a run
        self._input = input
        self._output = output

    def choose(
        self,
        message: str,
        options: Sequence[tuple[str, str]],
        *,
        default: str | None = None,
        allow_back: bool = False,
    ) -> str:
        """One key from ``options`` (key, label), or BACK: the numbered list once (how to answer
        at the first list only), then lines until one names a choice, the choice said back;
        Enter takes ``default`` (or the only choice there is)."""
        keys = [key for key, _ in options]
        labels = [label for _, label in options]
        if allow_back:
            keys.append(BACK)
            labels.append(self.back_label)
        last = len(keys)
        if default not in keys[: len(options)]:
            default = options[0][0] if len(options) == 1 else None
        lines = [f"{message}  {self.choose_hint}" if self.choose_hint else message]
        self.choose_hint = None
        lines += [f"{number}. {label}" for number, label in enumerate(labels, 1)]
        self._say(*lines)
        if default is None:
            ask = words("accessible_choice", self.lang, last=last)
        else:
            number = keys.index(default) + 1
            ask = words("accessible_choice_default", self.lang, last=last, number=number)
        while True:
            typed = self._line(ask).strip()
            if not typed and default is not None:
                found: int | str = keys.index(default)
            elif typed == BACK_WORD:
                found = last - 1 if allow_back else "no_back"
            else:
                found = pick(typed, labels) if typed else "empty"
            if isinstance(found, int):
                self._say(words("accessible_selected", self.lang, label=labels[found]))
                return keys[found]
            self._say(self._not_a_choice(found, typed, labels))

    def text(
        self,
        message: str,
        *,
        default: str = "",
        validate: Callable[[str], str | None],
        allow_back: bool = False,
        instruction: str | None = None,
    ) -> str:
        """Typed text that passed ``validate`` (which returns an error message or None), or BACK:
        the question and its one hint, then the refusal on a line of its own and the question
        again until an answer passes. Enter keeps ``default``."""
        hint = instruction if instruction is not None else (self.back_hint if allow_back else None)
        question = message
        if hint:
            question = f"{message}  {hint}"
        if default:
            ask = words("accessible_answer_default", self.lang, default=one_line(default, 80))
        else:
            ask = words("accessible_answer", self.lang)
        while True:
            self._say(question)
            answer = self._line(ask) or default
            if allow_back and answer.strip() == BACK_WORD:
                return BACK
            problem = refused_bytes(answer, self.lang) or validate(answer)
            if problem is None:
                return answer
            self._say(problem)
            question = message  # the hint was said once

    def confirm(self, message: str, *, default: bool = False) -> bool:
        """Yes or no, numbered like any choice; Enter takes the default (no): for a step that
        cannot be undone, such as erasing sessions."""
        options = [("yes", words("yes", self.lang)), ("no", words("no", self.lang))]
        return self.choose(message, options, default="yes" if default else "no") == "yes"

    def _not_a_choice(self, why: str, typed: str, labels: Sequence[str]) -> str:
        """Why a typed choice is refused; what was typed is said back without any secret in it
        (a password typed at the wrong prompt must not be printed for the room to see)."""
        from okhelp.fields.redaction import redact

        last, shown = len(labels), printable(redact(typed)[0], 40)
        if why == "range":
            return words("accessible_out_of_range", self.lang, number=shown, last=last)
        if why == "several":
            wanted = _folded(typed)
            fits = [
                f"{number}. {label}"
                for number, label in enumerate(labels, 1)
                if _folded(label).startswith(wanted)
            ]
            listed = words("accessible_or", self.lang).join(fits)
            return words("accessible_several", self.lang, typed=shown, listed=listed)
        if why == "no_back":
            return words("no_back", self.lang)
        if why == "none":
            return words("accessible_no_match", self.lang, typed=shown, last=last)
        return words("accessible_empty", self.lang, last=last)

    def _out(self) -> TextIO:
        return self._output if self._output is not None else sys.stdout

    def _say(self, *lines: str) -> None:
        out = self._out()
        for line in lines:
            out.write(neutralise(line) + "\n")
        out.flush()

    def _line(self, ask: str) -> str:
        """One line typed after ``ask``, without its line end; Interrupted for Ctrl-C (or a
        signal, which arrives as KeyboardInterrupt) and for end of input."""
        out = self._out()
        out.write(one_line(ask))
        out.flush()
        try:
            line = self._read()
        except KeyboardInterrupt:
            out.write("\n")  # what comes next starts on a line of its own
            out.flush()
            raise Interrupted("interrupted") from None
        if not line:
            out.write("\n")
            out.flush()
            raise Interrupted("end of input")
        return line.rstrip("\r\n")

    def _read(self) -> str:
        """A line of stdin as bytes decoded leniently (bytes that are not UTF-8 kept as
        surrogates, which the answer's check refuses); a text stream given to us, as it reads."""
        stream = self._input if self._input is not None else sys.stdin
        raw = getattr(stream, "buffer", None)
        if raw is None:
            return stream.readline()
        data: bytes = raw.readline()
        return data.decode("utf-8", "surrogateescape")

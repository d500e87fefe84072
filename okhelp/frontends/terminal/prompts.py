"""The only module that talks to questionary (and through it prompt_toolkit).

Both are imported inside the methods, so commands that never prompt never load them. Ctrl-C and
end of input become :class:`~okhelp.errors.Interrupted`, which the wizard turns into "saved, resume
with ...". Tests drive this adapter with prompt_toolkit's pipe input and ``DummyOutput``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from okhelp.errors import Interrupted
from okhelp.frontends.terminal.wizard import BACK, BACK_WORD, refused_bytes

MANY_CHOICES = 7


class QuestionaryPrompter:
    """Asks with arrow-key menus and validated text boxes."""

    def __init__(
        self,
        lang: str,
        *,
        input: Any = None,
        output: Any = None,
    ) -> None:
        from okhelp.i18n.messages import message

        self.lang = lang
        self.back_label = message("back", lang)
        self.back_hint = message("back_hint", lang)
        self.menu_hint = message("menu_hint", lang)
        self.filter_hint = message("filter_hint", lang)
        self.confirm_hint = message("confirm_hint", lang)
        self._io = {
            key: value for key, value in (("input", input), ("output", output)) if value is not None
        }

    def choose(
        self,
        message: str,
        options: Sequence[tuple[str, str]],
        *,
        default: str | None = None,
        allow_back: bool = False,
    ) -> str:
        """One key from ``options`` (key, label), or BACK."""
        import questionary

        choices: list[Any] = [questionary.Choice(title=label, value=key) for key, label in options]
        if allow_back:
            choices.append(questionary.Separator(" "))
            choices.append(questionary.Choice(title=self.back_label, value=BACK))
        keys = {key for key, _ in options}
        many = len(options) > MANY_CHOICES
        question = questionary.select(
            message,
            choices=choices,
            default=default if default in keys else None,
            qmark="?",
            use_search_filter=many,
            use_jk_keys=False,
            instruction=self.filter_hint if many else self.menu_hint,
            **self._io,
        )
        _wrap_long_lines(question)
        answer = self._ask(question)
        return str(answer)

    def text(
        self,
        message: str,
        *,
        default: str = "",
        validate: Callable[[str], str | None],
        allow_back: bool = False,
        instruction: str | None = None,
    ) -> str:
        """Typed text that passed ``validate`` (which returns an error message or None), or BACK.

        ``instruction`` is the one hint shown after the question; when given it replaces the
        default back hint, so the caller says skip and back in one phrase (``wizard.text_hint``).
        """
        import questionary

        def going_back(value: str) -> bool:
            # The box may hold the earlier answer: "<" typed after it goes back as well.
            typed = value.strip()
            return typed == BACK_WORD or (
                bool(default.strip()) and typed == default.strip() + BACK_WORD
            )

        def check(value: str) -> bool | str:
            if allow_back and going_back(value):
                return True
            problem = refused_bytes(value, self.lang) or validate(value)
            return True if problem is None else problem

        # One short hint: the caller's (which already says how to go back), else "< to go back".
        hint = instruction if instruction is not None else (self.back_hint if allow_back else None)
        question = questionary.text(
            message,
            default=default,
            validate=check,
            qmark="?",
            instruction=hint,
            **self._io,
        )
        _wrap_long_lines(question)
        answer = str(self._ask(question))
        if allow_back and going_back(answer):
            return BACK
        return answer

    def confirm(self, message: str, *, default: bool = False) -> bool:
        """Yes or no by the y and n keys, Enter taking the default (no): for a step that cannot
        be undone, such as erasing sessions."""
        from okhelp.i18n.messages import message as words

        yes, no = words("yes", self.lang), words("no", self.lang)
        question = _confirm(message, self.confirm_hint, (yes, no), default=default, io=self._io)
        return bool(self._ask(question))

    @staticmethod
    def _ask(question: Any) -> Any:
        _ignore_typed_mouse_codes(question)
        try:
            answer = question.unsafe_ask()
        except KeyboardInterrupt:
            raise Interrupted("interrupted") from None
        except EOFError:
            raise Interrupted("end of input") from None
        if answer is None:  # questionary's answer when the prompt was cancelled
            raise Interrupted("interrupted")
        return answer


def _confirm(
    message: str, hint: str, words: tuple[str, str], *, default: bool, io: dict[str, Any]
) -> Any:
    """questionary's y/n confirmation, built from the same public pieces (a PromptSession in a
    questionary Question), echoing the answer in the user's words: questionary's own echoes
    "Yes"/"No" in English, whatever the language of the question."""
    import questionary
    from prompt_toolkit import PromptSession
    from prompt_toolkit.formatted_text import FormattedText
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
    from prompt_toolkit.keys import Keys
    from questionary.constants import DEFAULT_STYLE

    answer: list[bool] = []

    def tokens() -> Any:
        shown = [
            ("class:qmark", "?"),
            ("class:question", f" {message} "),
            ("class:instruction", hint),
        ]
        if answer:
            shown.append(("class:answer", words[0] if answer[0] else words[1]))
        return FormattedText(shown)

    bindings = KeyBindings()

    def done(event: KeyPressEvent, value: bool) -> None:
        answer[:] = [value]
        event.app.exit(result=value)

    @bindings.add(Keys.ControlQ, eager=True)
    @bindings.add(Keys.ControlC, eager=True)
    def _interrupt(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    for key, value in (("y", True), ("Y", True), ("n", False), ("N", False)):
        bindings.add(key)(lambda event, value=value: done(event, value))
    bindings.add(Keys.ControlM, eager=True)(lambda event: done(event, default))

    @bindings.add(Keys.Any)
    def _other(event: KeyPressEvent) -> None:
        """Any other key does nothing (as in questionary's confirm)."""

    session: PromptSession[Any] = PromptSession(
        tokens, key_bindings=bindings, style=DEFAULT_STYLE, **io
    )
    return questionary.Question(session.app)


def _ignore_typed_mouse_codes(question: Any) -> None:
    """Drop what prompt_toolkit reads as a mouse report: okhelp never turns mouse reporting on,
    so any such report is bytes the user typed or pasted, such as a colour code ``ESC[31m``.

    prompt_toolkit parses ``ESC[`` digits ``m`` as a mouse report and its handler raised on
    it, printing a traceback and "Press ENTER to continue" over the prompt and losing the
    description typed so far; a well-formed report moved the cursor to where it "clicked".
    """
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
    from prompt_toolkit.keys import Keys

    ignored = KeyBindings()

    @ignored.add(Keys.Vt100MouseEvent, eager=True)
    def _typed_mouse_code(event: KeyPressEvent) -> None:
        """Nothing happens, as for any other key the prompt does not use."""

    application = question.application
    if application.key_bindings is None:
        application.key_bindings = ignored
    else:
        application.key_bindings = merge_key_bindings([application.key_bindings, ignored])


def _wrap_long_lines(question: Any) -> None:
    """Let questions, hints, menu items and refusal messages wrap instead of being cut at the
    terminal's edge, at spaces and between Chinese characters, never inside a word
    (okhelp/output/wrapping.py); and keep the refusal under a text box on the rows right below it.

    questionary draws each menu item and prompt_toolkit the refusal under a text box on one row,
    so at 40 columns a user read "Suspicious transaction, hacked accoun" and half of the reason
    their answer was refused (the example they needed was the cut half); prompt_toolkit breaks a
    long row at the last column, "14:" on one row and "30" on the next. And where the terminal
    says where its cursor is, the text box grew to fill the screen, which put the refusal on the
    bottom row, a screen away from the answer it was about.
    """
    from prompt_toolkit import PromptSession
    from prompt_toolkit.filters import to_filter
    from prompt_toolkit.layout.controls import BufferControl, FormattedTextControl
    from questionary.prompts.common import InquirerControl

    for window in question.application.layout.find_all_windows():
        content = window.content
        if isinstance(content, InquirerControl):
            window.wrap_lines = to_filter(True)
            window.get_line_prefix = _menu_continuation
            content.text = _word_wrapped(content.text, len(_menu_continuation(0, 1)))
        elif isinstance(content, FormattedTextControl) and getattr(
            content.text, "__qualname__", ""
        ).startswith("ValidationToolbar."):
            window.wrap_lines = to_filter(True)
            window.height = None  # prompt_toolkit fixes it at one row
            window.dont_extend_height = to_filter(True)
            content.text = _word_wrapped(content.text, 0)
        elif isinstance(content, BufferControl) and content.buffer.name == "DEFAULT_BUFFER":
            # The text box takes the rows its text needs, not the screen below it (questionary
            # does the same for its menus); its question and hint break between words too.
            window.dont_extend_height = to_filter(True)
            session = getattr(getattr(window.get_line_prefix, "func", None), "__self__", None)
            if isinstance(session, PromptSession):
                session.message = _word_wrapped(session.message, 0)


def _word_wrapped(text: Any, indent: int) -> Callable[[], Any]:
    """The formatted text ``text`` gives, broken into rows that fit the terminal's width."""
    from prompt_toolkit.application.current import get_app
    from prompt_toolkit.formatted_text import to_formatted_text

    from okhelp.output.wrapping import wrap_fragments

    def wrapped() -> Any:
        width = get_app().output.get_size().columns
        return wrap_fragments(to_formatted_text(text), width, indent)

    return wrapped


def _menu_continuation(line: int, wrap_count: int) -> str:
    """A wrapped menu item goes on under its own text, not under the pointer."""
    return "   " if wrap_count else ""

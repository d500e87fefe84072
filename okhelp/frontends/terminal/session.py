"""The terminal commands' session work: start or resume a session, run the wizard, close it.

``okhelp guide``, ``okhelp resume`` and ``okhelp troubleshoot`` call these; ``cli.py`` only parses
their options. The wizard asks through questionary when stdin and stdout are a terminal, and
otherwise takes the answers given ahead of time; in the accessible mode, through numbered lines
(:mod:`okhelp.frontends.terminal.modes` chooses).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from okhelp.core.conversation import new_session, read_rating, session_lock, still_fits
from okhelp.core.runtime import Runtime, require_guides
from okhelp.domain.engine import Engine
from okhelp.errors import Interrupted, OkhelpError, StoreError, UsageError
from okhelp.i18n.messages import (
    error_words,
    follows,
    is_chinese,
    locale_region,
    message,
    resolve_lang,
    text_lang,
)
from okhelp.library.cache import content_digest
from okhelp.output import console as render
from okhelp.util.text import printable

if TYPE_CHECKING:
    from okhelp.core.conversation import Conversation
    from okhelp.core.record import SummaryRecord
    from okhelp.domain.session import Session
    from okhelp.frontends.terminal.wizard import Prompter, Wizard

Given = Mapping[str, "str | bool"]
EXIT_SIGNALLED = 128
RATING_KEY = "rating"  # the answers-file key of the user's verdict


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def run_guide(
    runtime: Runtime,
    guide_id: str,
    lang: str,
    given: Given,
    *,
    description: str | None = None,
    accessible: bool = False,
    prompter: Prompter | None = None,
) -> None:
    """Run a new session of a guide to its end, asking in the accessible mode if ``accessible``
    (:mod:`okhelp.frontends.terminal.modes`), through ``prompter`` when one asked already."""
    guide = runtime.catalog.get(guide_id)
    engine = Engine(runtime.catalog.guides, guide.id)
    session = new_session(guide, lang, runtime.field_ctx(), runtime.now(), description)
    runtime.store.claim_new(session)
    _run(runtime, engine, session, lang, given, accessible=accessible, prompter=prompter)


def resume(
    runtime: Runtime,
    session_id: str | None,
    lang: str | None,
    given: Given,
    *,
    accessible: bool = False,
) -> None:
    """Continue an unfinished session (the latest by default) where it stopped."""
    store = runtime.store
    if session_id is None:
        latest, skipped = store.latest_unfinished()
        for line in skipped:
            render.warn(message("skipped", resolve_lang(lang, os.environ), what=line))
        if latest is None:
            raise UsageError("no unfinished session to resume", code="nothing_to_resume")
        session_id = latest.session_id
    session = store.load_session(session_id)
    if session.status not in ("in_progress", "pending"):
        raise UsageError(
            f"session {session.session_id} has already ended ({session.status})",
            code="session_over",
            session=session.session_id,
            status=session.status,
        )
    require_guides(session, runtime.catalog.guides)
    session.lang = lang or session.lang  # the language asked for now, for prompts and summary
    for changed in session.changed_guides(runtime.catalog.guides, digest=content_digest) or ():
        render.warn(message("guide_changed", session.lang, guide=printable(changed)))
    engine = Engine(runtime.catalog.guides, runtime.catalog.get(session.guide).id)
    still_fits(engine, session, store)  # GuideChanged: the CLI says how to start again
    _run(
        runtime,
        engine,
        session,
        session.lang,
        given,
        come_back=session.status == "pending",
        recap=True,
        accessible=accessible,
    )


def troubleshoot(
    runtime: Runtime,
    words: str | None,
    guide_id: str | None,
    lang: str,
    given: Given,
    *,
    follow_words: bool = False,
    accessible: bool = False,
) -> None:
    """Find the guide for the user's words (or a menu, or ``--guide``) and run it.

    With ``follow_words`` (neither ``--lang`` nor ``OKHELP_LANG`` says the language), the
    session speaks the language the description is written in, and one line says so."""
    from okhelp.frontends.terminal import picker

    def follow(text: str) -> str:
        nonlocal lang
        written = text_lang(text) if follow_words else None
        if written is not None and follows(lang, written):
            lang = written
            other = "en" if is_chinese(lang) else "zh"
            render.info(message("lang_followed@cli", lang, other=other))
        return lang

    catalog = runtime.catalog
    if words:
        follow(words)
    prompter: Prompter | None = None  # the one that asks here goes on asking in the guide
    if guide_id is not None:
        chosen = catalog.get(guide_id)
    elif interactive():
        from okhelp.frontends.terminal import modes

        def follow_typed(text: str) -> tuple[Prompter, str]:
            nonlocal prompter
            before = lang
            after = follow(text)
            if after != before or prompter is None:
                prompter = modes.prompter(after, accessible=accessible)
            return prompter, after

        prompter = modes.prompter(lang, accessible=accessible)
        try:
            chosen, words = picker.choose_interactively(
                catalog.guides, words, prompter, lang, catalog.index(), follow=follow_typed
            )
        except OkhelpError as exc:  # Ctrl-C at the menu: said in the language followed
            exc.data.setdefault("session_lang", lang)
            raise
    else:
        chosen = picker.choose_without_terminal(catalog.guides, words, catalog.index(), lang)
    run_guide(
        runtime,
        chosen.id,
        lang,
        given,
        description=words,
        accessible=accessible,
        prompter=prompter,
    )


def _run(
    runtime: Runtime,
    engine: Engine,
    session: Session,
    lang: str,
    given: Given,
    *,
    come_back: bool = False,
    recap: bool = False,
    accessible: bool = False,
    prompter: Prompter | None = None,
) -> None:
    from okhelp.frontends.terminal.wizard import Wizard

    if prompter is None and interactive():
        from okhelp.frontends.terminal import modes

        prompter = modes.prompter(lang, accessible=accessible)
    channels = runtime.channels(lang)
    numbers = runtime.config.numbers_for(lang, locale_region(os.environ))
    view = render.WizardView(lang, channels, numbers)
    wizard = Wizard(
        engine=engine,
        session=session,
        lang=lang,
        field_ctx=runtime.field_ctx(),
        answers=given,
        prompter=prompter,
        view=view,
        store=runtime.store,
        now=runtime.now,
        channels=channels,
        numbers=numbers,
    )
    with session_lock(runtime.store, session.session_id), _signals_interrupt() as received:
        try:
            if recap:  # a user coming back sees where they were, not a bare question
                conv = wizard.core()
                title = engine.guides[session.guide].title.get(lang)
                view.recap(title, conv.recap())
            waiting: Session | None = None
            if come_back:  # a pending session: the wait did not sort it out
                conv = wizard.core()
                waiting = type(conv.session).from_json(conv.session.to_json())
                conv.come_back()
            try:
                finished = wizard.run()
            except OkhelpError:
                if waiting is not None and len(session.trail) <= len(waiting.trail) + 1:
                    # nothing answered since coming back: the session is still waiting
                    with contextlib.suppress(StoreError):
                        runtime.store.save_session(waiting)
                raise
            _finish(runtime, finished, lang, wizard)
        except Interrupted as exc:
            if received:  # the shell's convention: 128 + the signal's number
                exc.exit_code = EXIT_SIGNALLED + received[0]
            raise
        except OkhelpError as exc:
            exc.data.setdefault("session_lang", lang)  # said in the session's language
            raise


@contextlib.contextmanager
def _signals_interrupt() -> Iterator[list[int]]:
    """SIGTERM (``kill``, a closing session manager) and SIGHUP (the terminal went away) end the
    run the way Ctrl-C does: as :class:`Interrupted`, so the wizard says how to resume the saved
    session, and with exit code 128 + the signal. Their default would end the process at once:
    the session was saved, but no one was told how to go on. The list yields the signal taken.
    """
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received  # only the main thread may set handlers; the defaults stay
        return

    def interrupt(signum: int, frame: object) -> None:
        if received:
            return  # a second signal while the first is being handled: let that finish
        received.append(signum)
        # KeyboardInterrupt, not Interrupted: an Exception raised while prompt_toolkit's event
        # loop runs a callback is logged and dropped by asyncio; a KeyboardInterrupt reaches the
        # prompt, which turns it into Interrupted as it does for Ctrl-C.
        raise KeyboardInterrupt(signal.Signals(signum).name)

    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    before = {number: signal.signal(number, interrupt) for number in wanted}
    try:
        yield received
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def _ask_rating(runtime: Runtime, conv: Conversation, wizard: Wizard, lang: str) -> None:
    """The user's own verdict at a resolved or waiting end: one optional question, asked only in
    a terminal (or given by an answers file), kept with the session and sent nowhere."""
    if not runtime.config.ask_rating:
        return
    given = wizard.answers.get(RATING_KEY)
    rating: int | None = None
    if given is not None:
        try:
            rating = read_rating(str(given))
        except ValueError:
            render.warn(message("rating_given_invalid", lang))
            return
    elif wizard.prompter is not None:

        def check(text: str) -> str | None:
            try:
                read_rating(text)
            except ValueError:
                return message("rating_invalid", lang)
            return None

        try:
            answer = wizard.prompter.text(message("rating_question", lang), validate=check)
        except Interrupted:
            return  # the session is saved and over: leaving here loses nothing
        rating = read_rating(answer)
    if rating is None:
        return
    try:
        conv.keep_rating(rating)
    except StoreError:
        return
    render.info(message("rating_thanks", lang))


def _finish(runtime: Runtime, session: Session, lang: str, wizard: Wizard) -> None:
    """Close a finished session: its end's words, then for an escalation the contact summary to
    review, and the summary kept for support (:meth:`Conversation.finish`, as in every front end).
    """
    conv = wizard.core()
    resolved = session.status == "resolved"
    closing = conv.end_text()
    if session.status == "pending":  # the date to come back by belongs with the closing words
        from okhelp.frontends.terminal.wizard import okhelp_command

        back = message(
            "pending_back@cli",
            lang,
            date=conv.pending_words() or "",
            command=okhelp_command(),
            id=session.session_id,
        )
        render.outcome(lang, f"{closing}\n\n{back}" if closing else back, False)
        _ask_rating(runtime, conv, wizard, lang)
        return
    end = conv.end_step()
    owner = conv.engine.guides.get(conv.state.guide) if end is not None else None
    informed = owner is not None and owner.category == "info"  # a question answered, not a fix
    render.outcome(lang, closing, resolved, solved=resolved and not informed)
    if resolved:
        _ask_rating(runtime, conv, wizard, lang)
        return

    def record() -> SummaryRecord:
        return conv.summary(runtime.config, runtime.now())

    render.summary_text(record(), lang)
    store = runtime.store
    if wizard.prompter is not None:
        from okhelp.frontends.terminal.wizard import ReviewActions, review
        from okhelp.output.formats import markdown as to_markdown
        from okhelp.storage.sessions import write_user_file
        from okhelp.storage.summaryfile import embed

        written_here: list[Path] = []

        def saved_text() -> str:  # the Markdown for e-mail, with the record okhelp reads back
            current = record()
            return embed(to_markdown(current, lang), current, "markdown", lang)

        def refuse(name: str) -> str | None:
            """A file already there is kept, and a name with a control or escape character is
            no file name: the user is asked for another name at once."""
            from okhelp.util.text import find_control

            if find_control(name) is not None:
                return message("reason_control", lang)
            try:
                target = store.user_summary_path(name)
            except StoreError:
                return None  # said by save, with the reason
            if target.expanduser() not in written_here and os.path.lexists(target):
                return message("file_exists", lang, path=printable(str(target), 200))
            return None

        def save(name: str) -> str:
            try:
                refused = refuse(name)
                if refused is not None:
                    return refused
                written = write_user_file(store.user_summary_path(name), saved_text())
            except StoreError as exc:
                return error_words(exc, lang)[0]
            if written not in written_here:
                written_here.append(written)
            with contextlib.suppress(StoreError):  # so that okhelp forget erases it too
                store.note_saved_file(session.session_id, written)
            return message("saved_to", lang, path=written)

        def refresh() -> list[str]:
            """After an edit, every file saved in this review says what the summary says now."""
            said = []
            for path in written_here:
                try:
                    write_user_file(path, saved_text())
                    said.append(message("saved_again", lang, path=path))
                except StoreError as exc:
                    said.append(
                        message("saved_stale", lang, path=path, reason=error_words(exc, lang)[0])
                    )
            return said

        try:
            default_file = str(store.default_summary_path(session.session_id))
        except StoreError:
            default_file = str(Path(f"okhelp-summary-{session.session_id}.md").absolute())
        try:
            review(
                wizard,
                ReviewActions(
                    show=lambda: render.summary_text(record(), lang),
                    save=save,
                    refresh=refresh,
                    show_json=lambda: render.write_json(record()),
                    default_file=default_file,
                    refuse=refuse,
                ),
            )
        except KeyboardInterrupt:  # a signal between prompts: said as Ctrl-C at one is
            raise Interrupted(message("interrupted", lang)) from None
        finally:  # the session has ended: Ctrl-C at the review must not lose what support needs
            _keep_summary(conv, runtime, lang)
    else:
        _keep_summary(conv, runtime, lang)


def _keep_summary(conv: Conversation, runtime: Runtime, lang: str) -> None:
    ending = conv.finish(runtime.config, runtime.now())
    if ending.not_saved is not None:
        render.warn(error_words(ending.not_saved, lang)[0])
    elif ending.saved_to is not None:
        render.info(message("saved_summary", lang, path=ending.saved_to))

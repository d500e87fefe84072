"""The step protocol: a session one message at a time, as JSON, for bots, scripts and assistants.

``okhelp start`` / ``okhelp answer`` (one process per message) and the MCP server (one process,
many calls) both answer through :class:`Steps`, so they hand out the same objects: a question
(:meth:`okhelp.core.conversation.Question.to_json`), an end (``{status, session_id, text,
summary}``),
a list of candidate guides, or an error object. Every call loads the session from the data
folder, holds its lock while it moves, and saves it before answering, so a session started in
one front end can be carried on in another. docs/step-protocol.md describes the objects.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from okhelp.core.conversation import (
    Conversation,
    Question,
    read_rating,
    session_lock,
    still_fits,
)
from okhelp.core.runtime import Runtime, require_guides
from okhelp.domain.engine import NOT_POSSIBLE, CannotGoBack, Engine
from okhelp.errors import (
    ErrorData,
    GuideChanged,
    InvalidAnswer,
    OkhelpError,
    SessionBusy,
    UsageError,
)
from okhelp.i18n.messages import (
    Reason,
    code_word,
    error_data,
    error_words,
    follows,
    locale_region,
    message,
    reason_text,
    text_lang,
    unquoted,
)

SUMMARY_FORMATS = ("json", "markdown", "text")
MAX_DESCRIPTION = 2000


class StepError(UsageError):
    """A call the protocol refuses; ``reply`` is the JSON object to hand back (exit 2), its
    message and hint worded for the caller by :func:`error_reply` when ``code`` is catalogued."""

    def __init__(
        self,
        text: str,
        reply: dict[str, Any],
        *,
        hint: str | None = None,
        code: str | None = None,
        **data: ErrorData,
    ) -> None:
        super().__init__(text, hint=hint, code=code or reply["error"]["code"], **data)
        self.reply = reply


# Domain errors whose code is a code of the protocol's own (docs/step-protocol.md).
_OWN_CODES = ("guide_missing", "guide_changed")


def error_reply(
    exc: OkhelpError, lang: str | None = None, surface: str = "protocol"
) -> dict[str, Any]:
    """The JSON object for any error, worded in ``lang`` for ``surface`` (``protocol`` or
    ``mcp``): ``error.code`` is the protocol's code; ``error.kind`` and ``error.data`` say which
    error it is and what about, when that is more than the code says."""
    text, hint = error_words(exc, lang or _env_lang(), surface)
    if isinstance(exc, StepError):
        reply = dict(exc.reply)
        error = {**reply["error"], "message": text}
        if hint is not None or "hint" in error:
            error["hint"] = hint
    else:
        if isinstance(exc, SessionBusy):  # retryable: another call is moving the session now
            code = "busy"
        elif exc.code in _OWN_CODES:
            code = exc.code
        else:
            code = "usage" if isinstance(exc, UsageError) else "failed"
        error = {"code": code, "message": text}
        if exc.code == "guide_missing":
            error["guide"] = exc.data.get("guide")
        error["hint"] = hint
        reply = {}
    if exc.code != error["code"]:
        error["kind"] = exc.code
    data = error_data(exc)
    if data:
        error["data"] = data
    reply["error"] = error
    return reply


def _env_lang() -> str:
    import os

    from okhelp.i18n.messages import error_lang

    return error_lang(None, os.environ)


def _error(code: str, text: str, **more: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": text, **more}}


class Steps:
    """Start, answer, go back and read the summary of sessions, returning JSON-ready objects."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    # -- guides ------------------------------------------------------------------------------

    def search(self, description: str, lang: str, limit: int = 3) -> dict[str, Any]:
        """The guides that fit a description, best first, and whether the best is clear."""
        from okhelp.fields.redaction import redact
        from okhelp.library.search import is_confident

        text = _description(description)
        matches = self.runtime.catalog.index().rank(text, limit)
        confident = is_confident(matches)
        return {
            # "match": the first candidate is clearly the one; "choose": let the user pick
            "status": "match" if confident else "choose",
            "description": redact(text)[0][:MAX_DESCRIPTION],
            "confident": confident,
            "notice": None if matches else message("search_nothing", lang),
            "candidates": [
                {
                    "guide": m.guide.id,
                    "title": m.guide.title.get(lang),
                    "summary": m.guide.summary.get(lang),
                    "score": m.score,
                    "custom": m.guide.source != "builtin",
                }
                for m in matches
            ],
            "user_supplied": ["/description"],
        }

    def guides(self, lang: str) -> list[dict[str, Any]]:
        """Every guide a session can start, by category then id, to offer when no description
        points to one."""
        guides = sorted(self.runtime.catalog.guides.values(), key=lambda g: (g.category, g.id))
        return [
            {
                "guide": g.id,
                "title": g.title.get(lang),
                "summary": g.summary.get(lang),
                "category": g.category,
                "category_title": message(f"category.{g.category}", lang),
                "custom": g.source != "builtin",
            }
            for g in guides
        ]

    # -- moves -------------------------------------------------------------------------------

    def start(
        self,
        guide_id: str | None,
        description: str | None,
        lang: str,
        *,
        follow_words: bool = False,
    ) -> dict[str, Any]:
        """A new session of a guide, or of the guide a description clearly points to; when it
        does not, the candidates to choose from (``status: choose``).

        With ``follow_words`` (the caller named no language), the session speaks the language
        the description is written in, as ``okhelp troubleshoot`` does: the bot's user wrote
        in it."""
        _refuse_undecodable("guide", guide_id)
        text = _description(description) if description else None
        written = text_lang(text) if text and follow_words else None
        if written is not None and follows(lang, written):
            lang = written
        if guide_id is None:
            if text is None:
                raise StepError(
                    "give a guide or a description",
                    _error("usage", "give a guide or a description"),
                    code="start_needs_guide",
                )
            found = self.search(text, lang)
            if not found["confident"]:
                return found
            guide_id = found["candidates"][0]["guide"]
        assert guide_id is not None
        guide = self.runtime.catalog.get(guide_id)
        notices: list[str] = []
        conv = Conversation.begin(
            self.runtime.catalog.guides,
            guide.id,
            self.runtime.field_ctx(),
            lang=lang,
            store=self.runtime.store,
            now=self.runtime.now,
            description=text,
            channels=self.runtime.channels(lang),
            numbers=self.runtime.config.numbers_for(lang, locale_region(os.environ)),
            notify=notices.append,
            keep_going_unsaved=False,
        )
        if conv.session.description:
            # Cut only now that the secrets are out: cut first, a card number loses one digit
            # and is no longer recognised.
            conv.session.description = conv.session.description[:MAX_DESCRIPTION]
        from okhelp.storage.sessions import release

        self.runtime.store.claim_new(conv.session)
        try:
            conv.save(force=True)
            return self._reply(conv, notices, just_finished=conv.finished)
        finally:
            release(conv.session.session_id)

    def current(self, session_id: str) -> dict[str, Any]:
        """The question the session waits on (or its end), changing nothing."""
        return self._move(session_id, None)

    def answer(self, session_id: str, value: str, position: int | None = None) -> dict[str, Any]:
        """Answer the current question: the next question, or the end.

        With ``position`` (the question's, from the reply that asked it), an answer meant for
        another question is refused and nothing moves: a bot that sends one message twice must
        not have the second copy answer the next question."""

        def move(conv: Conversation, notices: list[str]) -> None:
            question = conv.question()
            assert question is not None
            _refuse_stale(conv, question, position)
            try:
                conv.answer(value)
            except InvalidAnswer as exc:
                raise _refused(conv, question, exc.reason, exc.accepted) from None
            if question.field:
                shown = conv.shown_back(question.field, value)
                if shown:
                    key = "amount_understood" if question.field == "amount" else "time_understood"
                    notices.append(message(key, conv.lang, when=shown))

        return self._move(session_id, move)

    def back(self, session_id: str, position: int | None = None) -> dict[str, Any]:
        """Undo the last answer: the question before it (a collected field first); with
        ``position``, only while that question is the current one (a resent Back must not go
        back twice)."""

        def move(conv: Conversation, notices: list[str]) -> None:
            question = conv.question()
            assert question is not None
            _refuse_stale(conv, question, position)
            try:
                conv.back()
            except CannotGoBack:
                text = message("no_back", conv.lang)
                raise StepError(
                    text,
                    {**_error("cannot_go_back", text), "question": _question(conv, question)},
                    lang=conv.lang,
                ) from None

        return self._move(session_id, move, going_back=True)

    def rate(self, session_id: str, value: str) -> dict[str, Any]:
        """The user's own verdict (1-5) on a session that ended resolved or waiting: kept with
        the session, counted by stats, sent nowhere."""
        _refuse_undecodable("rating", value)
        full_id = self.runtime.store.find_session_id(whole_id(session_id))
        with session_lock(self.runtime.store, full_id):
            conv = self._load(full_id)
            lang = conv.lang
            if not self.runtime.config.ask_rating:
                text = message("rating_off", lang)
                raise StepError(text, _error("rating_off", text), code="rating_off")
            if not conv.rateable:
                status = code_word("status", conv.session.status, lang) or conv.session.status
                text = message("rating_not_now", lang, status_words=status)
                raise StepError(text, _error("not_rateable", text), code="not_rateable")
            try:
                rating = read_rating(value)
            except ValueError:
                rating = None
            if rating is None:
                text = message("rating_given_invalid", lang)
                raise StepError(
                    text, _error("invalid_rating", text, accepted="1, 2, 3, 4, 5"), code="usage"
                )
            conv.keep_rating(rating)
        return {
            "session_id": full_id,
            "rating": rating,
            "text": message("rating_thanks", lang),
        }

    def summary(self, session_id: str, fmt: str = "json", lang: str | None = None) -> Any:
        """The contact summary of a session in any state, as a record or rendered text."""
        from okhelp.output.formats import markdown, plain

        if fmt not in SUMMARY_FORMATS:
            raise StepError(
                f"format must be one of: {', '.join(SUMMARY_FORMATS)}",
                _error("usage", f"format must be one of: {', '.join(SUMMARY_FORMATS)}"),
                code="format_invalid",
                value=fmt,
                formats=", ".join(SUMMARY_FORMATS),
            )
        _refuse_undecodable("session_id", session_id)
        conv = self._load(session_id, lang=lang)
        record = conv.summary(self.runtime.config, self.runtime.now())
        # Read by a program, not by the user who typed it: their words are set apart as quotes.
        if fmt == "markdown":
            return markdown(record, mark_user=True)
        if fmt == "text":
            return plain(record, mark_user=True)
        return record

    # -- inside ------------------------------------------------------------------------------

    def _load(self, session_id: str, *, lang: str | None = None) -> Conversation:
        store = self.runtime.store
        session = store.load_session(whole_id(session_id))
        if lang:
            session.lang = lang
        try:
            require_guides(session, self.runtime.catalog.guides)
        except OkhelpError as exc:
            exc.data["lang"] = session.lang  # said in the session's language, as every reply
            raise
        engine = Engine(self.runtime.catalog.guides, self.runtime.catalog.get(session.guide).id)
        try:
            still_fits(engine, session, store)
        except GuideChanged as exc:
            raise StepError(
                exc.message,
                _error("guide_changed", exc.message),
                session=session.session_id,
                guide=session.guide,
                lang=session.lang,
            ) from None
        return Conversation(
            engine,
            session,
            self.runtime.field_ctx(),
            store=store,
            now=self.runtime.now,
            channels=self.runtime.channels(session.lang),
            numbers=self.runtime.config.numbers_for(session.lang, locale_region(os.environ)),
            keep_going_unsaved=False,
        )

    def _move(
        self,
        session_id: str,
        move: Callable[[Conversation, list[str]], None] | None,
        *,
        going_back: bool = False,
    ) -> dict[str, Any]:
        """Load the session under its lock, make the move (None: only look), reply."""
        _refuse_undecodable("session_id", session_id)
        full_id = self.runtime.store.find_session_id(whole_id(session_id))
        with session_lock(self.runtime.store, full_id):
            conv = self._load(full_id)
            notices: list[str] = []
            conv.notify = notices.append
            if move is None:
                return self._reply(conv, notices)
            if conv.pending and going_back:
                text = message("error.back_while_waiting", conv.lang)
                raise StepError(
                    text, _error("cannot_go_back", text), code="back_while_waiting", lang=conv.lang
                )
            if conv.pending:  # back after the wait: whatever was said, go on to the next step
                conv.come_back()
                return self._reply(conv, notices)
            if conv.finished:
                status = code_word("status", conv.session.status, conv.lang) or "?"
                text = message("ended", conv.lang, status=status)
                end = self._end(conv)
                reply = {**_error("session_ended", text), "end": end}
                reply["user_supplied"] = [f"/end{pointer}" for pointer in end["user_supplied"]]
                raise StepError(text, reply)
            move(conv, notices)
            return self._reply(conv, notices, just_finished=conv.finished)

    def _reply(
        self, conv: Conversation, notices: list[str], *, just_finished: bool = False
    ) -> dict[str, Any]:
        question = conv.question()
        if question is None:
            return self._end(conv, keep=just_finished)
        return {**_question(conv, question), "notice": _notice(notices)}

    def _end(self, conv: Conversation, *, keep: bool = False) -> dict[str, Any]:
        """The end object; ``keep`` also saves the summary file (when this call finished it)."""
        from okhelp.core.summary import user_supplied

        ending = conv.finish(self.runtime.config, self.runtime.now(), keep=keep)
        text = ending.text
        if ending.pending_words:
            back = message("pending_back", conv.lang, date=ending.pending_words)
            text = f"{text}\n{back}" if text else back
        rateable = self.runtime.config.ask_rating and conv.rateable
        return {
            "status": ending.status,
            "session_id": ending.session_id,
            "pending_until": ending.pending_until,
            # one optional question a chat may put to the user; their reply goes to rate
            "rating_question": message("rating_question@program", conv.lang) if rateable else None,
            "text": text,
            "summary": ending.record,
            "user_supplied": [f"/summary{pointer}" for pointer in user_supplied(ending.record)],
        }


def whole_id(session_id: str) -> str:
    """The session id a machine caller gave, refused unless it is a whole one.

    People may shorten an id (``okhelp resume 2026``); a program may not: a prefix names whatever
    session happens to match it, so a caller that cut or mistyped an id would answer a stranger's
    session, or the only one there is.
    """
    from okhelp.domain.session import SESSION_ID
    from okhelp.util.text import printable

    if not SESSION_ID.fullmatch(session_id):
        text = f"'{printable(session_id, 40)}' is not a whole session id"
        raise StepError(
            text,
            _error("usage", text, hint=None),
            code="session_partial",
            session=session_id[:40],
        )
    return session_id


def _question(conv: Conversation, question: Question) -> dict[str, Any]:
    owner = conv.engine.guides.get(question.guide)
    return {
        **question.to_json(conv.session.session_id),
        "guide_title": owner.title.get(conv.lang) if owner is not None else None,
        "notice": None,
    }


def _refuse_stale(conv: Conversation, question: Question, position: int | None) -> None:
    """StepError ``stale_answer`` when a move names another question than the current one."""
    if position is None or position == question.position:
        return
    text = message("answer_stale", conv.lang, given=position, current=question.position)
    raise StepError(
        text,
        {**_error("stale_answer", text), "question": _question(conv, question)},
        lang=conv.lang,
    )


def _refused(conv: Conversation, question: Question, reason: str, accepted: str) -> StepError:
    text = reason_text(unquoted(reason), conv.lang)
    return StepError(
        text,
        {
            **_error(
                "invalid_answer", text, accepted=accepted_words(question, accepted, conv.lang)
            ),
            "question": _question(conv, question),
            "user_supplied": ["/error/message"],  # it may quote the answer refused
        },
    )


def accepted_words(question: Question, accepted: str, lang: str) -> str:
    """What the question takes, in the session's language and in a chat's terms (a number, the
    option's words or their start, an id; "skip" for an optional answer)."""
    ids = [option.id for option in question.options]
    if question.kind == "choice":
        return message(
            "accepted_choice", lang, count=len(ids), ids=message("list_separator", lang).join(ids)
        )
    if question.kind == "yesno":
        key = "accepted_yes_no_possible" if NOT_POSSIBLE in ids else "accepted_yes_no"
        return message(key, lang)
    if question.kind != "text":
        return reason_text(accepted, lang)
    words = reason_text(accepted, lang) if isinstance(accepted, Reason) else None
    words = words or message("accepted_text", lang)
    return message("accepted_skip", lang, accepted=words) if question.optional else words


def _notice(notices: list[str]) -> str | None:
    return "\n".join(notices) if notices else None


def _refuse_undecodable(what: str, value: str | None) -> None:
    """An id holding bytes that were not UTF-8 is refused by name, as a usage error object
    (``what``: ``guide`` or ``session_id``)."""
    from okhelp.util.text import undecodable_problem

    problem = undecodable_problem(value) if value else None
    if problem:
        text = f"{what.replace('_', ' ')} {problem}"
        raise StepError(text, _error("usage", text), code=f"{what}_undecodable", reason=problem)


def _description(text: str | None) -> str:
    from okhelp.domain.answers import plain_text

    try:
        cleaned = plain_text(text or "").strip()
    except InvalidAnswer as exc:
        text = f"description: {exc.reason}"
        raise StepError(
            text, _error("usage", text), code="description_invalid", reason=exc.reason
        ) from None
    if not cleaned:
        text = "the description is empty"
        raise StepError(text, _error("usage", text), code="description_empty")
    return cleaned

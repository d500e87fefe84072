"""Choosing the guide for ``okhelp troubleshoot``: from the user's words, or from a menu."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from okhelp.domain.model import CATEGORIES, Guide, guide_title
from okhelp.errors import UsageError
from okhelp.fields.validation import free_text_problem
from okhelp.frontends.terminal.wizard import BACK, Prompter
from okhelp.i18n.messages import message, reason_text
from okhelp.library.search import Index, Match, is_confident

MENU = "__menu__"


def choose_without_terminal(
    guides: Mapping[str, Guide],
    description: str | None,
    index: Index | None = None,
    lang: str = "en",
) -> Guide:
    """The guide for a description when no one can be asked; UsageError when it is not clear.

    No match at all and several close ones are different problems with different ways out, so
    each has its own message (a list of "none" read as if several guides had matched).
    """
    if not description:
        raise UsageError("no description and no terminal to ask", code="describe_unasked")
    matches = (index or Index(guides.values())).rank(description, 3)
    if not matches:
        raise UsageError(message("no_guide_matches", lang), hint=message("no_match_hint", lang))
    if not is_confident(matches):
        listed = ", ".join(f"{m.guide.id} ({m.score})" for m in matches)
        raise UsageError(
            message("several_guides_match", lang, listed=listed),
            hint=message("several_match_hint", lang),
        )
    return matches[0].guide


def choose_interactively(
    guides: Mapping[str, Guide],
    description: str | None,
    prompter: Prompter,
    lang: str,
    index: Index | None = None,
    *,
    follow: Callable[[str], tuple[Prompter, str]] | None = None,
) -> tuple[Guide, str | None]:
    """Ask for a description (or offer the menu), confirm the best match, fall back to the menu.

    ``follow`` takes a description typed here and gives the prompter and language to go on in:
    the session speaks the language the user wrote in."""
    if not description:
        description = (
            prompter.text(
                message("describe", lang),
                validate=lambda value: description_problem(value.strip(), lang),
                instruction=message("describe_hint", lang),
            ).strip()
            or None
        )
        if description and follow is not None:
            prompter, lang = follow(description)
    if description:
        matches = (index or Index(guides.values())).rank(description, 3)
        picked = _confirm(matches, prompter, lang)
        if picked is not None:
            return picked, description
    return _menu(guides, prompter, lang), description


def description_problem(text: str, lang: str) -> str | None:
    """The checks every typed field gets (length, control characters), in the user's language."""
    problem = free_text_problem(text)
    return reason_text(problem, lang) if problem else None


def _confirm(matches: list[Match], prompter: Prompter, lang: str) -> Guide | None:
    if not matches:
        return None
    options = [(m.guide.id, guide_title(m.guide, lang)) for m in matches]
    options.append((MENU, message("none_of_these", lang)))
    key = prompter.choose(message("best_match", lang), options, default=matches[0].guide.id)
    return next((m.guide for m in matches if m.guide.id == key), None)


def _menu(guides: Mapping[str, Guide], prompter: Prompter, lang: str) -> Guide:
    """A category, then a guide of it; Back in the guides goes to the categories again, the one
    just left under the pointer."""
    category: str | None = None
    while True:
        present = [c for c in CATEGORIES if any(g.category == c for g in guides.values())]
        category = prompter.choose(
            message("pick_category", lang),
            [(c, message(f"category.{c}", lang)) for c in present],
            default=category,
        )
        options = sorted(
            ((g.id, guide_title(g, lang)) for g in guides.values() if g.category == category),
            key=lambda item: item[0],
        )
        key = prompter.choose(message("pick_guide", lang), options, allow_back=True)
        if key != BACK:
            return guides[key]

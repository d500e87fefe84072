"""What every command that runs a session loads from its surroundings, in one place.

The guides (parsed once and cached in the data folder), the config, the data folder, "now", and
the field rules' context. The terminal, the step protocol and the MCP server all start here, so
they see the same guides, rules and sessions.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from okhelp.errors import UsageError

if TYPE_CHECKING:
    from okhelp.domain.model import Guide
    from okhelp.domain.session import Session
    from okhelp.fields.validation import FieldContext
    from okhelp.library.catalog import Catalog
    from okhelp.storage.config import Config
    from okhelp.storage.sessions import Store


class GuideMissing(UsageError):
    """A saved session needs a guide that is not installed (a custom guide whose file is gone).

    It names the session and the guide; each front end says the ways out in its own terms
    (bring the guide's folder back through ``OKHELP_GUIDES_PATH``, or erase the session).
    """

    code = "guide_missing"

    def __init__(self, session_id: str, guide: str) -> None:
        from okhelp.util.text import printable

        super().__init__(
            f"session {session_id} needs the guide '{printable(guide, 80)}', which is not "
            "installed (a custom guide whose file was moved or removed?)",
            session=session_id,
            guide=guide,
        )
        self.session_id = session_id
        self.guide = guide


def missing_guides(session: Session, guides: Mapping[str, Guide]) -> list[str]:
    """The guides a session went through (or ended in) that are not installed now."""
    used = [session.guide, *(entry.guide for entry in session.trail)]
    if session.end:
        used.append(session.end[0])
    return [guide for guide in dict.fromkeys(used) if guide not in guides]


def require_guides(session: Session, guides: Mapping[str, Guide]) -> None:
    """GuideMissing when a guide the session needs is gone."""
    missing = missing_guides(session, guides)
    if missing:
        raise GuideMissing(session.session_id, missing[0])


def load_guides(store: Store | None = None, config: Config | None = None) -> Catalog:
    """Built-in and custom guides, from the parse cache when no file has changed; a custom
    guide replaces a built-in one only where the config's ``override_guides`` allows it."""
    from okhelp.library.cache import CacheSet
    from okhelp.library.catalog import load_catalog
    from okhelp.storage.config import load_config
    from okhelp.storage.sessions import Store

    store = store or Store.from_env()
    config = config or load_config()
    caches = CacheSet(store.read_cache, store.write_cache)
    catalog = load_catalog(cache=caches, overrides=config.override_guides)
    caches.save()
    return catalog


@dataclass
class Runtime:
    """Guides, config and store for one command (or one long-running server)."""

    catalog: Catalog
    config: Config
    store: Store

    @classmethod
    def load(cls, catalog: Catalog | None = None) -> Runtime:
        from okhelp.storage.config import load_config
        from okhelp.storage.sessions import Store

        store = Store.from_env()
        config = load_config()
        return cls(catalog or load_guides(store, config), config, store)

    def field_ctx(self) -> FieldContext:
        """The field rules' context as of now (a server asks again for every answer)."""
        from okhelp.storage.config import field_context

        return field_context(self.config)

    def now(self) -> datetime:
        """The wall clock in the user's zone, for session ids and saved times."""
        from okhelp.storage.config import current_time, user_timezone

        zone, _ = user_timezone(self.config, os.environ)
        return current_time({}, zone)

    def channels(self, lang: str) -> list[str]:
        return [channel["detail"] for channel in self.config.channels(lang)]

"""Sessions as long as okhelp lets them grow: what is saved reads back, the answer past the limit
is refused before anything is written, and a save encodes only what changed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest

from okhelp.core.conversation import Conversation
from okhelp.domain.engine import Engine
from okhelp.domain.model import Guide
from okhelp.domain.session import MAX_FIELDS, MAX_ITEMS, Session
from okhelp.errors import InvalidAnswer, StoreError
from okhelp.fields import validation as fields
from okhelp.library.catalog import GuideFile, read_guide
from okhelp.storage.sessions import Store
from tests.helpers import saved_session
from tests.helpers.long_guides import long_guide

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def looping(write_guide: Callable[..., Path]) -> Guide:
    """Two questions whose "no" goes round between them: a session that can grow for ever."""
    path = write_guide("round.yaml", long_guide("round", 2, loop_back=True))
    return read_guide(GuideFile(path.name, str(path), "custom", path))


def _conversation(guide: Guide, store: Store | None) -> Conversation:
    ctx = fields.FieldContext(now=NOW, timezone=timezone.utc, timezone_name="UTC")
    return Conversation.begin(
        {guide.id: guide},
        guide.id,
        ctx,
        lang="en",
        store=store,
        now=lambda: NOW,
        keep_going_unsaved=False,
    )


def test_the_answer_past_the_limit_is_refused_and_the_record_reads_back(
    looping: Guide, tmp_path: Path
) -> None:
    conv = _conversation(looping, None)  # unsaved on the way, or the test would take minutes
    for _ in range(MAX_ITEMS - 1):
        conv.answer("no")
    store = Store(tmp_path / "home")
    conv.store = store
    conv.answer("no")  # the last answer a session can hold: saved
    assert len(conv.session.trail) == MAX_ITEMS
    home = tmp_path / "home"
    before = saved_session(home, conv.session.session_id)
    with pytest.raises(InvalidAnswer) as refused:
        conv.answer("no")
    assert str(MAX_ITEMS) in refused.value.reason
    assert len(conv.session.trail) == MAX_ITEMS  # the session is unchanged, and so is its file
    assert saved_session(home, conv.session.session_id) == before
    loaded = store.load_session(conv.session.session_id)
    assert loaded.trail == conv.session.trail
    again = Conversation(
        Engine({looping.id: looping}, looping.id),
        loaded,
        conv.field_ctx,
        store=store,
        now=lambda: NOW,
    )
    again.back()  # going back still works, and makes room for one more answer
    again.answer("yes")
    assert again.session.status == "resolved"
    assert len(store.load_session(conv.session.session_id).trail) == MAX_ITEMS


def test_a_session_too_large_to_read_is_not_written(tmp_path: Path) -> None:
    """Every field as long as a load allows, in Chinese: more bytes than a load reads. The save is
    refused with a clear error, and the last file that was written stays readable."""
    store = Store(tmp_path / "home")
    session = Session("20261121-120000-abcd", "top-up", "zh", NOW.isoformat(), NOW.isoformat())
    store.save_session(session)
    long_text = "钱" * 20_000
    session.fields = {
        f"x-note-{i}": {"text": long_text, "source": "collect"} for i in range(MAX_FIELDS)
    }
    with pytest.raises(StoreError) as refused:
        store.save_session(session)
    assert "cannot be saved: too large" in refused.value.message
    assert store.load_session(session.session_id).fields == {}


def test_a_save_writes_what_the_session_holds_after_any_moves(
    looping: Guide, tmp_path: Path
) -> None:
    """The trail's encoded lines are reused between saves; after answers, backs, a reload and a
    replaced trail, the saved record is always exactly the session."""
    store = Store(tmp_path / "home")
    conv = _conversation(looping, store)

    def on_disk() -> dict[str, object]:
        return saved_session(tmp_path / "home", conv.session.session_id)

    for moves in (["no"] * 5, ["back", "back", "no", "no"], ["back"] * 3, ["no", "no"]):
        for move in moves:
            conv.back() if move == "back" else conv.answer(move)
            assert on_disk() == conv.session.to_json()
    conv.session.trail = list(reversed(conv.session.trail))  # a trail made anew
    store.save_session(conv.session)
    assert on_disk() == conv.session.to_json()
    assert Session.from_json(on_disk()).trail == conv.session.trail
    conv.session.trail = []
    store.save_session(conv.session)
    assert on_disk()["trail"] == []

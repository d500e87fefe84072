"""docs/step-protocol.md shows real replies: its full example is run again and must match, word
for word (``python -m tests.helpers.transcripts`` writes it anew after a change)."""

from __future__ import annotations

from tests.helpers.transcripts import DOC, find_block, regenerate


def test_the_documented_transcript_is_what_okhelp_prints() -> None:
    text = DOC.read_text(encoding="utf-8")
    block = find_block(text)
    assert len(block.commands) >= 10 and any("--back" in c for c in block.commands)
    fresh = regenerate(text)
    assert fresh == text, (
        "docs/step-protocol.md is out of date: python -m tests.helpers.transcripts"
    )

"""One move of a session (answer, then the save with its flush to disk) at trail length 10 and at
5,000, the most a session holds: the two should cost the same.

Run with the environment okhelp is installed in: python benchmarks/session_growth.py [--rounds N]

The two sessions go round the same two-question loop in one process, their moves interleaved
round by round (so a busy machine slows both alike), each in its own data folder; the median of
each is printed with the ratio, as wall-clock time and as this process's CPU time (the flush to
disk is mostly waiting, so the CPU time shows okhelp's own work). Also measured: reading a
session back (load and replay, what each `okhelp answer` call does first) at both lengths.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from okhelp.core.conversation import Conversation
from okhelp.domain.engine import Engine
from okhelp.domain.model import Guide
from okhelp.domain.session import MAX_ITEMS
from okhelp.fields import validation as fields
from okhelp.library.catalog import GuideFile, read_guide
from okhelp.storage.sessions import Store

GUIDE = """\
id: round
category: app
title: {zh: 来回, en: Round}
summary: {zh: 两个问题来回, en: Two questions round and round}
keywords: {zh: [来回], en: [round]}
start: first
steps:
  - {id: first, type: confirm, text: {zh: 好了吗？, en: Fine?}, on_yes: fine, on_no: second}
  - {id: second, type: confirm, text: {zh: 现在呢？, en: Now?}, on_yes: fine, on_no: first}
  - {id: fine, type: end, outcome: resolved, text: {zh: 好, en: Good}}
"""
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)
CTX = fields.FieldContext(now=NOW, timezone=timezone.utc, timezone_name="UTC")


def _session(guide: Guide, home: Path, length: int) -> Conversation:
    conv = Conversation.begin(
        {guide.id: guide}, guide.id, CTX, lang="en", store=None, now=lambda: NOW
    )
    for _ in range(length):
        conv.answer("no")
    conv.store = Store(home)
    conv.save(force=True)
    return conv


def _timed(action: object) -> tuple[float, float]:
    assert callable(action)
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "round.yaml"
        path.write_text(GUIDE, encoding="utf-8")
        guide = read_guide(GuideFile(path.name, str(path), "custom", path))
        lengths = (10, MAX_ITEMS - rounds - 1)
        convs = {n: _session(guide, Path(folder) / f"home-{n}", n) for n in lengths}
        moves: dict[int, list[tuple[float, float]]] = {n: [] for n in lengths}
        loads: dict[int, list[tuple[float, float]]] = {n: [] for n in lengths}
        for index in range(rounds):
            order = lengths if index % 2 == 0 else tuple(reversed(lengths))
            for n in order:
                conv = convs[n]
                moves[n].append(_timed(lambda conv=conv: conv.answer("no")))
                store = conv.store
                assert store is not None

                def load(conv: Conversation = conv, store: Store = store) -> None:
                    session = store.load_session(conv.session.session_id)
                    Engine({guide.id: guide}, guide.id).replay(session.trail)

                loads[n].append(_timed(load))
        short, long = lengths
        print(f"| measure | trail {short} | trail {long}–{long + rounds} | ratio |")
        print("|---|---|---|---|")
        for name, table in (("move (answer + save)", moves), ("load + replay", loads)):
            for kind, column in (("wall", 0), ("CPU", 1)):
                a = statistics.median(row[column] for row in table[short]) * 1000
                b = statistics.median(row[column] for row in table[long]) * 1000
                print(f"| {name}, {kind} | {a:.2f} ms | {b:.2f} ms | {b / a:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

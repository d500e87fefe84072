"""A cache of parsed guides, so thousands of custom guides load as fast as a handful.

Each entry is keyed by the file's path, size and modification time (nanoseconds): a file that
changes in any way is parsed again, so a stale guide is never served. Entries hold the guide in a
JSON form with every line number, or the problems of a broken file. The cache file itself lives in
the data folder and is read and written only through :class:`okhelp.storage.sessions.Store`, which
seals it
(an HMAC under the data folder's cache key) and hands back nothing for a file whose seal is wrong:
an edited cache would otherwise be served as a guide, contact details and all.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

from okhelp import __version__
from okhelp.domain.model import Choice, Example, Guide, Rule, Signal, Step, Text, Wait
from okhelp.errors import Problem

# Bump the number when search.terms() or the rules a guide is loaded by change, so cached search
# terms and cached verdicts on guide files are made again.
FORMAT = f"okhelp.guide-cache/11 {__version__}"
Key = str
DIGEST_LENGTH = 32  # hex digits of a guide's content digest kept in a session


def folder_of(source: str) -> str:
    """The cache a guide belongs to: "builtin", or the absolute folder of its file."""
    return "builtin" if source == "builtin" else os.path.dirname(os.path.abspath(source))


def file_key(path: str, size: int, mtime_ns: int) -> Key:
    return f"{path}\0{size}\0{mtime_ns}"


def guide_to_cache(guide: Guide) -> dict[str, Any]:
    return {
        "id": guide.id,
        "version": guide.version,
        "category": guide.category,
        "title": guide.title.to_json(),
        "summary": guide.summary.to_json(),
        "keywords": {lang: list(words) for lang, words in guide.keywords.items()},
        "start": guide.start,
        "source": guide.source,
        "path": guide.path,
        "line": guide.line,
        "steps": [
            {
                "id": s.id,
                "type": s.type,
                "text": s.text.to_json(),
                "line": s.line,
                "next": s.next,
                "choices": [[c.id, c.label.to_json(), c.next, c.line] for c in s.choices],
                "on_yes": s.on_yes,
                "on_no": s.on_no,
                "field": s.field,
                "required": s.required,
                "guide": s.guide,
                "outcome": s.outcome,
                "collect": list(s.collect),
                "key_lines": dict(s.key_lines),
                "labels": {k: t.to_json() for k, t in s.labels.items()} if s.labels else None,
                "wait": [s.wait.amount, s.wait.unit, s.wait.since] if s.wait else None,
                "task": s.task,
                "ask": {name: text.to_json() for name, text in s.ask.items()},
            }
            for s in guide.steps.values()
        ],
        "examples": [
            [
                *(e.name, dict(e.answers), e.expect_end, e.expect_outcome, e.expect_guide, e.line),
                *(e.now, dict(e.answer_lines), dict(e.answer_words)),
            ]
            for e in guide.examples
        ],
        "rules": [
            [
                list(map(list, r.after)),
                r.every_end,
                list(r.never_reaches),
                r.line,
                list(r.passes_through),
            ]
            for r in guide.rules
        ],
        "signals": [[list(map(list, s.after)), s.tag, s.priority, s.line] for s in guide.signals],
    }


def guide_from_cache(data: dict[str, Any]) -> Guide:
    """The guide exactly as the loader built it (the cache holds only what the loader accepted)."""
    steps = {}
    for s in data["steps"]:
        steps[s["id"]] = Step(
            id=s["id"],
            type=s["type"],
            text=Text(s["text"]),
            line=s["line"],
            next=s["next"],
            choices=tuple(Choice(c[0], Text(c[1]), c[2], c[3]) for c in s["choices"]),
            on_yes=s["on_yes"],
            on_no=s["on_no"],
            field=s["field"],
            required=s["required"],
            guide=s["guide"],
            outcome=s["outcome"],
            collect=tuple(s["collect"]),
            key_lines=s["key_lines"],
            labels={k: Text(t) for k, t in s["labels"].items()} if s["labels"] else None,
            wait=Wait(*s["wait"]) if s["wait"] else None,
            task=s["task"],
            ask={name: Text(text) for name, text in s["ask"].items()},
        )
    return Guide(
        id=data["id"],
        version=data["version"],
        category=data["category"],
        title=Text(data["title"]),
        summary=Text(data["summary"]),
        keywords={lang: tuple(words) for lang, words in data["keywords"].items()},
        start=data["start"],
        steps=steps,
        examples=tuple(
            Example(e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7], e[8]) for e in data["examples"]
        ),
        source=data["source"],
        path=data["path"],
        line=data["line"],
        rules=tuple(
            Rule(tuple((a[0], a[1]) for a in r[0]), r[1], tuple(r[2]), r[3], tuple(r[4]))
            for r in data["rules"]
        ),
        signals=tuple(
            Signal(tuple((a[0], a[1]) for a in s[0]), s[1], s[2], s[3]) for s in data["signals"]
        ),
    )


def content_digest(guide: Guide) -> str:
    """A digest of what a guide shows and how it moves: every text in every language, the
    choices, where each answer leads and what it collects. Where the file lives, its line
    numbers, its version number and its examples are left out: a session stores this digest, and
    only a change to what the user was shown (labels swapped, a step reworded) should say so.
    """
    shown = guide_to_cache(guide)
    for key in ("version", "source", "path", "line", "examples", "rules", "signals"):
        shown.pop(key)
    for step in shown["steps"]:
        step.pop("line")
        step.pop("key_lines")
        if step["wait"] is None:  # a step without a wait keeps the digest it had before waits
            del step["wait"]
        if not step["task"]:  # likewise an action that is not a task
            del step["task"]
        if not step["ask"]:  # and an end with okhelp's own questions
            del step["ask"]
        step["choices"] = [choice[:3] for choice in step["choices"]]
    text = json.dumps(shown, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:DIGEST_LENGTH]


class GuideCache:
    """Entries read from the cache file at the start of a run; new ones written back at the end."""

    def __init__(self, entries: dict[Key, Any] | None = None) -> None:
        self.entries: dict[Key, Any] = entries or {}
        self.used: dict[Key, Any] = {}
        self.by_path: dict[str, Key] = {}
        self.dirty = False

    @classmethod
    def from_json(cls, data: Any) -> GuideCache:
        if (
            isinstance(data, dict)
            and data.get("format") == FORMAT
            and isinstance(data.get("entries"), dict)
        ):
            return cls(data["entries"])
        return cls()

    def prune(self) -> bool:
        """Drop entries of files that changed or vanished; whether anything was dropped.

        Entries this run did not use are kept while their file is unchanged, so runs with and
        without ``OKHELP_GUIDES_PATH`` do not throw each other's entries away.
        """
        dropped = False
        for key in list(self.entries):
            if key in self.used:
                continue
            path, size, mtime_ns = key.split("\0")
            try:
                stat = os.stat(path)
            except OSError:
                stat = None
            if stat is None or (str(stat.st_size), str(stat.st_mtime_ns)) != (size, mtime_ns):
                del self.entries[key]
                dropped = True
        return dropped

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "entries": self.entries}

    def get(self, key: Key) -> Guide | list[Problem] | None:
        entry = self.entries.get(key)
        if not isinstance(entry, dict):
            return None
        self.used[key] = entry
        if "problems" in entry:
            try:
                return [Problem(p[0], p[1], p[2]) for p in entry["problems"]]
            except (KeyError, TypeError, IndexError, ValueError):
                return None
        try:
            guide = guide_from_cache(entry["guide"])
        except (KeyError, TypeError, IndexError, ValueError):
            return None
        self.by_path[guide.path] = key
        return guide

    def put(self, key: Key, result: Guide | list[Problem]) -> None:
        if isinstance(result, Guide):
            entry: dict[str, Any] = {"guide": guide_to_cache(result)}
            self.by_path[result.path] = key
        else:
            entry = {"problems": [[p.path, p.line, p.message] for p in result]}
        self.entries[key] = self.used[key] = entry
        self.dirty = True


class CacheSet:
    """One cache file per guide folder, loaded only when a guide from that folder is read.

    A run with only the built-in guides then never reads the cache of a large custom folder.
    """

    def __init__(self, read: Any, write: Any) -> None:
        self._read = read
        self._write = write
        self.caches: dict[str, GuideCache] = {}

    @staticmethod
    def name(folder: str) -> str:
        if folder == "builtin":
            return "guides-builtin"
        return "guides-" + hashlib.sha256(folder.encode("utf-8", "surrogatepass")).hexdigest()[:16]

    def for_folder(self, folder: str) -> GuideCache:
        if folder not in self.caches:
            self.caches[folder] = GuideCache.from_json(self._read(self.name(folder)))
        return self.caches[folder]

    def terms(self, guide: Guide, compute: Any) -> dict[str, int]:
        """A guide's search terms, computed once and then kept with its cache entry."""
        folder = folder_of(guide.source)
        cache = self.caches.get(folder)
        key = cache.by_path.get(guide.path) if cache else None
        entry = cache.entries.get(key) if cache and key else None
        if entry is not None and isinstance(entry.get("terms"), dict):
            return dict(entry["terms"])
        found: dict[str, int] = compute(guide)
        if cache is not None and entry is not None:
            entry["terms"] = found
            cache.dirty = True
        return found

    def save(self) -> None:
        for folder, cache in self.caches.items():
            if cache.prune() or cache.dirty:
                self._write(self.name(folder), cache.to_json())

"""Where guides come from: the built-in ones inside the package, plus ``OKHELP_GUIDES_PATH``."""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from okhelp.authoring.loader import Draft, draft_guide, guide_id_from_path
from okhelp.domain.model import Guide
from okhelp.errors import GuideError, GuideNotFound, Problem
from okhelp.i18n.messages import why_not_a_file
from okhelp.library.cache import CacheSet, file_key, folder_of
from okhelp.util.suggest import close_matches
from okhelp.util.yamlsafe import MAX_BYTES, printable

if TYPE_CHECKING:
    from importlib.abc import Traversable

    from okhelp.library.search import Index

GUIDE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class GuideFile:
    """A guide file not yet read: where it is and whether it is built in."""

    name: str
    display: str
    source: str
    location: Traversable | Path

    @property
    def expected_id(self) -> str:
        return guide_id_from_path(self.name)

    def read(self) -> bytes:
        """The file's bytes, refusing early (without reading it all) when it is too large."""
        with self.location.open("rb") as stream:
            raw: bytes = stream.read(MAX_BYTES + 1)
        return raw


@dataclass
class Catalog:
    """The guides that loaded, by id, and the problems of those that did not."""

    guides: dict[str, Guide] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    cache: CacheSet | None = None

    def index(self) -> Index:
        """The search index over these guides, with each guide's terms kept in the cache."""
        from okhelp.library.search import Index

        index = Index(self.guides.values(), doc_terms=self.cache.terms if self.cache else None)
        if self.cache is not None:
            self.cache.save()
        return index

    def get(self, guide_id: str) -> Guide:
        """The guide with this id, or GuideNotFound naming the closest ids."""
        if guide_id in self.guides:
            return self.guides[guide_id]
        raise GuideNotFound(
            f"no guide '{printable(guide_id)}'",
            guide=guide_id,
            close=close_matches(guide_id, self.guides, n=3),
        )


def builtin_dir() -> Traversable:
    """The built-in guides: inside the installed package, or the checkout's guides/ folder."""
    packaged = resources.files("okhelp").joinpath("guides")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "guides"


def builtin_files() -> list[GuideFile]:
    folder = builtin_dir()
    found = [
        GuideFile(item.name, f"guides/{item.name}", "builtin", item)
        for item in folder.iterdir()
        if item.is_file() and item.name.endswith(GUIDE_SUFFIXES)
    ]
    return sorted(found, key=lambda f: f.name)


def custom_dirs(environ: Mapping[str, str]) -> list[Path]:
    value = environ.get("OKHELP_GUIDES_PATH", "")
    return [Path(part).expanduser() for part in value.split(os.pathsep) if part.strip()]


def files_in(paths: Iterable[Path]) -> tuple[list[GuideFile], list[Problem]]:
    """Guide files in the given files and folders; a path that is neither is a problem."""
    found: list[GuideFile] = []
    problems: list[Problem] = []
    for path in paths:
        shown = printable(str(path), 200)
        if path.is_dir():
            try:
                entries = sorted(path.iterdir())
            except OSError as exc:
                problems.append(Problem(shown, None, f"cannot read folder: {exc.strerror}"))
                continue
            found.extend(
                GuideFile(entry.name, printable(str(entry), 200), str(entry), entry)
                for entry in entries
                if entry.name.endswith(GUIDE_SUFFIXES) and entry.is_file()
            )
        elif path.is_file():
            found.append(GuideFile(path.name, shown, str(path), path))
        elif os.path.lexists(path):  # a FIFO, a device, a dangling link
            reason = why_not_a_file(path)
            problems.append(Problem(shown, None, str(reason), code="path_refused", reason=reason))
        else:
            problems.append(Problem(shown, None, "no such file or folder", code="path_missing"))
    return found, problems


def read_guide(file: GuideFile) -> Guide:
    """Load one guide file completely checked as a tree; GuideError if it is broken."""
    return draft_file(file).complete(file.display)


def draft_file(file: GuideFile) -> Draft:
    """One guide file as guides check sees it: every problem, and what of the guide loaded."""
    try:
        raw = file.read()
    except OSError as exc:
        return Draft(None, [Problem(file.display, None, f"cannot read: {exc.strerror}")])
    from okhelp.authoring.checker import check_graph

    return draft_guide(
        raw,
        file.display,
        source=file.source,
        expected_id=file.expected_id,
        graph_check=check_graph,
    )


def _cache_key(file: GuideFile) -> str | None:
    try:
        stat = os.stat(str(file.location))
    except (OSError, ValueError):
        return None  # not a plain file (e.g. inside a zip): always parsed
    return file_key(os.path.abspath(str(file.location)), stat.st_size, stat.st_mtime_ns)


def _read(file: GuideFile, caches: CacheSet | None) -> Guide | list[Problem]:
    folder = folder_of(file.source)
    cache = caches.for_folder(folder) if caches is not None else None
    key = _cache_key(file) if cache is not None else None
    if cache is not None and key is not None:
        cached = cache.get(key)
        if cached is not None:
            return cached
    try:
        result: Guide | list[Problem] = read_guide(file)
    except GuideError as exc:
        result = exc.problems
    if cache is not None and key is not None:
        cache.put(key, result)
    return result


def is_custom(guide: Guide) -> bool:
    """Whether a guide comes from OKHELP_GUIDES_PATH rather than from okhelp itself."""
    return guide.source != "builtin"


def override_problem(
    guide: Guide, builtin_ids: Collection[str], overrides: Collection[str]
) -> Problem | None:
    """A custom guide that takes a built-in guide's id, unless the config's ``override_guides``
    lists that id: a dropped-in file must not quietly stand in for an official guide."""
    if not is_custom(guide) or guide.id not in builtin_ids or guide.id in overrides:
        return None
    return Problem(
        guide.path,
        None,
        f"guide '{guide.id}' has the id of a built-in guide and does not replace it; to let it, "
        f"list '{guide.id}' under override_guides in the config",
    )


def override_problems(guides: Iterable[Guide], overrides: Collection[str]) -> list[Problem]:
    """For ``guides check``: each checked guide that the catalogue would refuse to load because
    it takes a built-in guide's id (the built-in files themselves, named by path, are not)."""
    builtin = builtin_files()
    builtin_ids = {file.expected_id for file in builtin}
    builtin_paths = {os.path.realpath(str(file.location)) for file in builtin}
    found = []
    for guide in guides:
        if is_custom(guide) and os.path.realpath(guide.source) in builtin_paths:
            continue
        problem = override_problem(guide, builtin_ids, overrides)
        if problem is not None:
            found.append(problem)
    return found


def load_catalog(
    environ: Mapping[str, str] | None = None,
    cache: CacheSet | None = None,
    *,
    overrides: Collection[str] = (),
) -> Catalog:
    """Built-in guides, then custom ones; a custom guide with a built-in's id replaces it only
    when ``overrides`` (the config's ``override_guides``) names that id.

    A broken custom file is recorded in ``problems`` and skipped: it never takes the others down.
    With a ``cache``, files unchanged since they were last parsed are not parsed again.
    """
    environ = os.environ if environ is None else environ
    catalog = Catalog(cache=cache)
    custom, missing = files_in(custom_dirs(environ))
    catalog.problems.extend(
        Problem(p.path, None, f"OKHELP_GUIDES_PATH: {p.message}") for p in missing
    )
    custom_ids: dict[str, str] = {}
    builtin = builtin_files()
    builtin_ids = {file.expected_id for file in builtin}
    for file in [*builtin, *custom]:
        guide = _read(file, cache)
        if not isinstance(guide, Guide):
            catalog.problems.extend(guide)
            continue
        refused = override_problem(guide, builtin_ids, overrides)
        if refused is not None:
            catalog.problems.append(refused)
            continue
        if file.source != "builtin":
            if guide.id in custom_ids:
                catalog.problems.append(
                    Problem(
                        file.display,
                        None,
                        f"guide '{guide.id}' already comes from {custom_ids[guide.id]}; skipped",
                    )
                )
                continue
            custom_ids[guide.id] = file.display
        catalog.guides[guide.id] = guide
    return catalog

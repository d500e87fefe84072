"""``okhelp guides ...``: list, show, search, check, test, draw and start guides.

Like :mod:`okhelp.frontends.cli.app`, this module does without ``from __future__ import
annotations`` (typer reads every signature at start-up); names imported only for type checking
are quoted.
"""

import os
from collections.abc import Collection
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from okhelp.errors import EXIT_FAILED, Problem
from okhelp.frontends.cli import completion
from okhelp.frontends.cli.root import (
    GuideTarget,
    LangOption,
    ListFormat,
    check_description,
    draft_file_target,
    error_language,
    guide_for_target,
    guides_app,
    is_file_target,
    load_catalog,
    run_lang,
)
from okhelp.i18n.messages import message
from okhelp.output import console as render

if TYPE_CHECKING:
    from okhelp.library.catalog import GuideFile


class ShowFormat(str, Enum):
    text = "text"
    json = "json"


class GraphFormat(str, Enum):
    mermaid = "mermaid"
    dot = "dot"


class Category(str, Enum):
    account = "account"
    money = "money"
    security = "security"
    app = "app"
    info = "info"


@guides_app.command("list")
def guides_list(
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="table for people, json for programs.")
    ] = ListFormat.table,
    lang: LangOption = None,
) -> None:
    """The guides available: built-in, and custom ones from OKHELP_GUIDES_PATH."""
    language = run_lang(lang)
    guides = sorted(load_catalog().guides.values(), key=lambda g: (g.category, g.id))
    if fmt is ListFormat.json:
        render.write_json(
            [
                {"id": g.id, "title": g.title.to_json(), "category": g.category, "source": g.source}
                for g in sorted(guides, key=lambda g: g.id)
            ]
        )
        return
    render.guide_table(guides, language)


@guides_app.command("show")
def guides_show(
    target: GuideTarget,
    fmt: Annotated[
        ShowFormat,
        typer.Option("--format", "-f", help="text to read, json for the normalized guide."),
    ] = ShowFormat.text,
    lang: LangOption = None,
) -> None:
    """One guide, readable: its steps and where each leads."""
    language = run_lang(lang)
    guide, _ = guide_for_target(target)
    if fmt is ShowFormat.json:
        render.write_json(guide.to_json())
        return
    render.guide_detail(guide, language)


def _files_for(targets: list[str]) -> "tuple[list[GuideFile], list[Problem]]":
    """Guide files for paths (files, folders) and guide ids (the file each id comes from)."""
    from okhelp.domain.model import ID_PATTERN
    from okhelp.errors import Problem
    from okhelp.i18n.messages import suggestion
    from okhelp.library.catalog import builtin_files, custom_dirs, files_in
    from okhelp.util.suggest import close_matches
    from okhelp.util.text import printable

    files: list[GuideFile] = []
    problems: list[Problem] = []
    known: list[GuideFile] | None = None
    for target in targets:
        if Path(target).exists() or is_file_target(target) or not ID_PATTERN.match(target):
            found, missing = files_in([Path(target)])
            files.extend(found)
            problems.extend(missing)
            continue
        if known is None:
            known = [*builtin_files(), *files_in(custom_dirs(os.environ))[0]]
        matching = [file for file in known if file.expected_id == target]
        if matching:
            files.append(matching[-1])  # a custom guide replaces the built-in one
            continue
        close = close_matches(target, sorted({file.expected_id for file in known}))
        hint = suggestion(close)
        problems.append(
            Problem(
                printable(target, 200),
                None,
                f"no such file, folder or guide{hint}",
                code="path_or_guide_missing",
                close=close,
            )
        )
    return files, problems


@guides_app.command("check")
def guides_check(
    paths: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            metavar="[ID|PATH]...",
            help="Guide ids, files or folders (default: built-in and custom guides).",
            autocompletion=completion.guide_ids,
        ),
    ] = None,
) -> None:
    """Validate guide files; every problem as FILE:LINE: message. Exit 1 if any."""
    from okhelp.authoring.checker import check_examples, check_links, check_rules
    from okhelp.i18n.messages import problem_words
    from okhelp.library.catalog import (
        builtin_files,
        custom_dirs,
        draft_file,
        files_in,
        load_catalog,
        override_problems,
    )
    from okhelp.storage.config import load_config

    if paths:
        files, found = _files_for(paths)
    else:
        custom, found = files_in(custom_dirs(os.environ))
        files = [*builtin_files(), *custom]
    unreadable_paths = len(found)
    drafts = [draft_file(file) for file in files]
    for draft in drafts:
        found.extend(draft.problems)
    checked = [draft.guide for draft in drafts if draft.guide is not None and not draft.problems]
    overrides = load_config().override_guides
    known = {**load_catalog(overrides=overrides).guides, **{g.id: g for g in checked}}
    for draft in drafts:  # a guide with mistakes still gets every check that can see past them
        if draft.guide is None:
            continue
        guide = draft.guide
        found.extend(check_links(guide, known))
        found.extend(check_rules(guide, known))
        found.extend(check_examples(guide, known, draft.broken))
    found.extend(override_problems(checked, overrides))
    found = sorted(set(found), key=lambda p: (p.path, p.line or 0, p.message))
    lang = error_language(None)
    render.problems(problem_words(problem, lang) for problem in found)
    broken = len({p.path for p in found})
    total = len(files) + unreadable_paths
    if found:
        render.info(
            message("guides_check_problems", lang, count=len(found), broken=broken, files=total)
        )
        raise typer.Exit(EXIT_FAILED)
    if not files:
        render.info(message("guides_check_none", lang))
        raise typer.Exit(EXIT_FAILED)
    render.info(message("guides_check_ok", lang, files=len(files)))


@guides_app.command("test")
def guides_test(
    targets: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            metavar="[ID|FILE]...",
            help="Guides to test, by id or file (default: all).",
            autocompletion=completion.guide_ids,
        ),
    ] = None,
) -> None:
    """Run the guides' own examples; report which ends no example reaches. Exit 1 on a failure."""
    from okhelp.authoring.checker import check_links, ends_not_reached, run_examples

    catalog = load_catalog()
    known = dict(catalog.guides)
    guides = list(catalog.guides.values()) if not targets else []
    broken: dict[str, Collection[str]] = {}  # a file with mistakes: the steps that did not load
    failures = 0
    for target in targets or []:
        if not is_file_target(target):
            guides.append(catalog.get(target))
            continue
        draft = draft_file_target(target)
        for problem in draft.problems:  # said, and the examples still run around them
            failures += 1
            render.write_plain(f"FAIL {problem.format()}")
        if draft.guide is None:
            continue
        guide = draft.guide
        if not draft.problems:
            known[guide.id] = guide
        if draft.problems:
            broken[guide.id] = tuple(draft.broken)
        guides.append(guide)
    for guide in guides:
        for problem in check_links(guide, known):
            failures += 1
            render.write_plain(f"FAIL {problem.format()}")
    passed = 0
    for guide in sorted(guides, key=lambda g: g.id):
        runs = run_examples(guide, {**known, guide.id: guide}, broken.get(guide.id, ()))
        for run in runs:
            if run.problem:
                failures += 1
                # at FILE:LINE, as guides check says it, so an editor can jump there
                where = Problem(guide.path or guide.id, run.line or run.example.line, run.problem)
                render.write_plain(f"FAIL {where.format()}")
        for run in runs:
            if not run.problem:
                passed += 1
                render.write_plain(f"ok   {guide.id}: {run.example.name}")
        missing = ends_not_reached(guide, runs)
        if missing and guide.id not in broken:  # a file with mistakes: its examples were cut
            render.warn(
                message(
                    "examples_unreached", run_lang(None), guide=guide.id, ends=", ".join(missing)
                )
            )
    render.info(message("examples_result", run_lang(None), passed=passed, failed=failures))
    if failures:
        raise typer.Exit(EXIT_FAILED)


@guides_app.command("schema")
def guides_schema() -> None:
    """JSON Schema of the guide format, for editors (yaml-language-server)."""
    from okhelp.authoring.schema import guide_schema

    render.write_json(guide_schema())


@guides_app.command("graph")
def guides_graph(
    target: GuideTarget,
    fmt: Annotated[
        GraphFormat, typer.Option("--format", "-f", help="mermaid or dot (Graphviz).")
    ] = GraphFormat.mermaid,
    lang: LangOption = None,
) -> None:
    """The guide's decision tree as Mermaid (default) or Graphviz DOT, in the language of
    --lang (Chinese by default: Graphviz needs a CJK font for it, or use --lang en)."""
    from okhelp.authoring import graph

    language = run_lang(lang)
    guide, _ = guide_for_target(target)
    if fmt is GraphFormat.dot and language.startswith("zh") and graph.has_cjk_font() is False:
        # said in the reader's language (OKHELP_LANG or the locale): one who asked for a Chinese
        # drawing with --lang zh may well read English
        render.warn(message("graph_no_cjk_font@cli", error_language(None)))
    render.write_plain(
        graph.dot(guide, language) if fmt is GraphFormat.dot else graph.mermaid(guide, language)
    )


@guides_app.command("new")
def guides_new(
    guide_id: Annotated[
        str, typer.Argument(metavar="ID", help="The new guide's id, e.g. card-declined.")
    ],
    folder: Annotated[
        Path,
        typer.Option(
            "--dir", "-d", metavar="DIR", help="Folder to write ID.yaml into (default: here)."
        ),
    ] = Path("."),
    category: Annotated[
        Category, typer.Option("--category", "-c", help="account, money, security, app or info.")
    ] = Category.app,
) -> None:
    """Write a starter guide, ID.yaml, that passes check and test as written; never overwrites."""
    from okhelp.authoring.starter import write_starter
    from okhelp.util.text import printable

    path = printable(str(write_starter(folder, guide_id, category.value)), 200)
    render.info(message("starter_wrote", run_lang(None), path=path))
    render.info(message("starter_next", run_lang(None), path=path))


@guides_app.command("search")
def guides_search(
    text: Annotated[
        list[str], typer.Argument(metavar="TEXT...", help="A description of the problem.")
    ],
    limit: Annotated[
        int,
        typer.Option(
            "--limit", "-n", metavar="N", min=1, max=100, help="How many guides to show, 1 to 100."
        ),
    ] = 5,
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="table for people, json for programs.")
    ] = ListFormat.table,
    lang: LangOption = None,
) -> None:
    """Guides ranked for a free-text description, best first, with a score."""
    language = run_lang(lang)
    description = " ".join(text)
    check_description(description)
    matches = load_catalog().index().rank(description, limit)
    if fmt is ListFormat.json:
        render.write_json(
            [
                {"id": m.guide.id, "score": m.score, "title": m.guide.title.to_json()}
                for m in matches
            ]
        )
        return
    render.search_results([(m.guide, m.score) for m in matches], language)

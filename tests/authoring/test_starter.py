"""Authoring: a new author's path, from `okhelp guides new` to a drawn tree, and the README's
authoring commands run exactly as written."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from okhelp.authoring.starter import starter_text
from okhelp.domain.model import CATEGORIES
from tests.helpers import ROOT, Result

Cli = Callable[..., Result]


def test_a_new_author_writes_breaks_fixes_checks_tests_and_draws_a_guide(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    created = cli("guides", "new", "card-declined", "--dir", "my-guides")
    assert created.code == 0, created.err
    path = Path("my-guides/card-declined.yaml")
    assert "wrote my-guides/card-declined.yaml" in created.err
    good = path.read_text(encoding="utf-8")
    target = str(path)
    assert cli("guides", "check", target).code == 0

    # Slips a new author makes, one at a time: each message says where and how to fix it.
    slips = [
        (
            'en: "Is the problem still there?"}',
            "en: Is it still there, or gone?}",
            "unquoted comma: YAML cut the text of 'en' at ', ' and read 'or gone?' as a new key; "
            'quote the whole text: en: "Is it still there, or gone?"',
        ),
        (
            'en: "Where does the problem show?"}',
            "en: Where: app or web?}",
            "an unquoted ':' in a text makes YAML read a new key; "
            'quote the text: en: "Where: app or web?"',
        ),
        (
            'en: "Great, the problem is solved."}',
            "en: Yes}",
            'YAML reads an unquoted Yes that way: quote it: en: "Yes"',
        ),
        ("    on_no: fixed", "\ton_no: fixed", "replace the tab with spaces"),
        ("    on_no: fixed", "    on_no: fixd", "does not exist: 'fixd'; did you mean 'fixed'?"),
        ("field: error_message", "field: error-message", "did you mean 'error_message'?"),
        (
            "title: {zh: 新指南（写上问题的名字）, en: New guide (name the problem here)}",
            "title:\n  - zh: 新\n  - en: New",
            "remove the '- ' in front of each language",
        ),
        (
            '{where: app, restart: "yes"}',
            '{where: app, restart: "yes", restrat: "no"}',
            "did you mean 'restart'?",
        ),
        (
            "occurred_at: 2 hours ago",
            "occurred_at: tomorrow 3pm",
            "step 'escalate': field 'occurred_at': that time is in the future",
        ),
        (
            "{where: elsewhere, still:",
            "{where: no, still:",
            "YAML reads the unquoted answer no as the yes/no value false",
        ),
    ]
    for old, new, expected in slips:
        assert old in good, old
        broken = good.replace(old, new, 1)
        path.write_text(broken, encoding="utf-8")
        line = next(
            i for i, text in enumerate(broken.splitlines(), 1) if new.splitlines()[0] in text
        )
        result = cli("guides", "check", target)
        assert result.code == 1, (new, result.out)
        assert expected in result.out, (new, result.out)
        reported = re.findall(
            rf"^{re.escape(target)}:(\d+): .*{re.escape(expected)}", result.out, re.M
        )
        assert reported and line <= int(reported[0]) <= line + new.count("\n"), (new, result.out)

    path.write_text(good, encoding="utf-8")  # fixed
    assert cli("guides", "check", target).code == 0
    tested = cli("guides", "test", target)
    assert tested.code == 0 and "2 passed, 0 failed" in tested.err
    assert "no example reaches" not in tested.err
    shown = cli("guides", "show", target, "--format", "json")
    assert json.loads(shown.out)["id"] == "card-declined"
    drawn = cli("guides", "graph", target)
    assert drawn.code == 0 and drawn.out.startswith("flowchart TD")
    assert "s_escalate{{" in drawn.out and "s_fixed([" in drawn.out
    monkeypatch.setenv("OKHELP_GUIDES_PATH", "my-guides")
    by_id = cli("guides", "graph", "card-declined", "--format", "dot")
    assert by_id.code == 0 and by_id.out.startswith('digraph "card-declined"')
    assert cli("guides", "check", "card-declined").code == 0


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_starter_passes_check_and_test_as_written(
    category: str, cli: Cli, write_guide: Callable[..., Path]
) -> None:
    path = write_guide("starter.yaml", starter_text("starter", category))
    checked = cli("guides", "check", str(path))
    assert checked.code == 0, checked.out
    tested = cli("guides", "test", str(path))
    assert tested.code == 0 and "2 passed, 0 failed" in tested.err
    assert "no example reaches" not in tested.err


def test_the_starter_has_both_languages_each_common_step_and_an_example_per_end() -> None:
    from okhelp.authoring.loader import parse_guide

    guide = parse_guide(starter_text("starter").encode(), "starter.yaml")
    assert {s.type for s in guide.steps.values()} >= {
        "info",
        "action",
        "choice",
        "confirm",
        "input",
        "end",
    }
    assert {s.outcome for s in guide.ends()} == {"resolved", "escalate"}
    assert len(guide.examples) == len(guide.ends())
    for step in guide.steps.values():
        assert set(step.text.by_lang) == {"zh", "en"}
    assert "{channels}" in guide.steps["escalate"].text.get("en")


def test_new_refuses_to_overwrite_and_refuses_bad_ids(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "g"
    assert cli("guides", "new", "one", "--dir", str(folder)).code == 0
    (folder / "one.yaml").write_text("mine", encoding="utf-8")
    again = cli("guides", "new", "one", "--dir", str(folder))
    assert again.code == 2 and "already exists; it was left as it is" in again.err
    assert (folder / "one.yaml").read_text(encoding="utf-8") == "mine"
    bad = cli("guides", "new", "Card_Declined", "--dir", str(folder))
    assert bad.code == 2 and "cannot be a guide id" in bad.err
    assert sorted(p.name for p in folder.iterdir()) == ["guide.schema.json", "one.yaml"]


def test_show_test_and_check_take_an_id_or_a_path(cli: Cli, tmp_path: Path) -> None:
    for command in ("show", "graph", "test", "check"):
        assert cli("guides", command, "top-up").code == 0
        missing = cli("guides", command, str(tmp_path / "nope.yaml"))
        assert missing.code in (1, 2) and "nope.yaml" in missing.out + missing.err
    unknown = cli("guides", "check", "topup")
    assert (
        unknown.code == 1
        and "topup: no such file, folder or guide; did you mean 'top-up'?" in unknown.out
    )


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- author-commands -->", 1)[1].split("<!-- /author-commands -->", 1)[0]
    body = block.split("```", 2)[1]
    return [line for line in body.splitlines() if line.strip()]


@pytest.mark.slow
def test_the_readme_authoring_commands_work_as_written(tmp_path: Path) -> None:
    """Each line of the README's authoring block, run by a shell in an empty folder, with the
    installed okhelp on the PATH, as someone who has just cloned the repository would."""
    commands = _readme_commands()
    assert len(commands) >= 7
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    for command in commands:
        if "| dot " in command and shutil.which("dot") is None:
            continue  # Graphviz is not installed here
        proc = subprocess.run(
            ["bash", "-o", "pipefail", "-c", command],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert proc.returncode == 0, (command, proc.stderr.decode())
    assert (tmp_path / "my-guides" / "new-guide.yaml").is_file()
    assert (tmp_path / "tree.mmd").read_text(encoding="utf-8").startswith("flowchart TD")
    if shutil.which("dot"):
        assert (tmp_path / "tree.png").read_bytes().startswith(b"\x89PNG")
    schema = json.loads((tmp_path / "my-guides" / "guide.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["steps"]["description"]


def test_the_editor_line_names_a_schema_that_is_there(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    assert cli("guides", "new", "card-declined", "--dir", str(folder)).code == 0
    text = (folder / "card-declined.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=guide.schema.json\n")
    schema = json.loads((folder / "guide.schema.json").read_text(encoding="utf-8"))
    assert schema["title"] == "okhelp guide"
    (folder / "guide.schema.json").write_text("{}", encoding="utf-8")  # an author's own: kept
    assert cli("guides", "new", "card-lost", "--dir", str(folder)).code == 0
    assert (folder / "guide.schema.json").read_text(encoding="utf-8") == "{}"

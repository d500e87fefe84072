"""Tab completion through the protocol the shells use, in a child process like a real Tab press:
commands, options, guide ids (built-in and custom) and session ids, without rich, questionary
or a guide parser."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import minimal_guide, saved_session

BIN = Path(sys.executable).parent
HEAVY = ("rich", "questionary", "prompt_toolkit", "yaml")
PROBE = """
import json, sys
try:
    from okhelp.frontends.cli.app import main
    main([])
except SystemExit:
    pass
sys.stdout.flush()
modules = sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r} or m in {parsers!r})
sys.stderr.write('\\n' + json.dumps(modules))
"""


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("_OKHELP", "_TYPER", "COMP_"))}
    env.update(extra)
    return env


def _complete(
    words: str, style: str = "bash_complete", **extra: str
) -> tuple[list[str], list[str]]:
    """What bash (or zsh, fish) gets for the command line ``words``; and the heavy modules the
    run imported. A trailing space means a new, empty word is being completed."""
    parts = words.split(" ")
    env = _env(**extra)
    shell = style.replace("complete", "").strip("_")
    env["_OKHELP_COMPLETE"] = style
    if shell == "bash":
        env.update(COMP_WORDS=words, COMP_CWORD=str(len(parts) - 1))
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
        env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    probe = PROBE.format(heavy=HEAVY, parsers=("okhelp.authoring.loader", "okhelp.library.catalog"))
    proc = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60
    )
    *_, modules = proc.stderr.splitlines()
    return [line for line in proc.stdout.splitlines() if line], json.loads(modules)


def _builtin_ids() -> list[str]:
    out = subprocess.run(
        [sys.executable, "-m", "okhelp", "guides", "list", "--format", "json"],
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return sorted(guide["id"] for guide in json.loads(out))


def test_commands_and_options() -> None:
    commands, _ = _complete("okhelp gu")
    assert commands == ["guide", "guides"]
    subcommands, _ = _complete("okhelp guides s")
    assert sorted(subcommands) == ["schema", "search", "show"]
    options, _ = _complete("okhelp summary --")
    assert {"--format", "--output", "--mask", "--lang", "--help"} <= set(options)
    assert _complete("okhelp summary --format ")[0] == [
        "text",
        "markdown",
        "json",
        "zendesk",
        "freshdesk",
    ]
    assert _complete("okhelp troubleshoot --lang ")[0] == ["zh", "zh-Hant", "zh-Hant-HK", "en"]


def test_guide_ids_are_every_built_in_guide_and_load_no_parser() -> None:
    ids, modules = _complete("okhelp guides show ")
    assert ids == _builtin_ids()
    assert len(ids) >= 10
    assert modules == []  # no rich, questionary, YAML, loader or catalog
    assert _complete("okhelp guide to")[0] == ["top-up"]
    assert _complete("okhelp troubleshoot --guide acc")[0] == ["account-frozen", "account-security"]
    assert _complete("okhelp stats wi")[0] == ["withdrawal"]


def test_custom_guides_are_completed_and_odd_file_names_are_not(tmp_path: Path) -> None:
    folder = tmp_path / "custom"
    folder.mkdir()
    (folder / "red-packet.yaml").write_text(minimal_guide("red-packet"), encoding="utf-8")
    (folder / "re-issue.yml").write_text(minimal_guide("re-issue"), encoding="utf-8")
    for odd in ("$(touch pwned).yaml", "Refund Now.yaml", "re\x1b[31m.yaml", "readme.txt"):
        (folder / odd).write_text("id: x\n", encoding="utf-8")
    (folder / "rescue.yaml").mkdir()  # a folder, not a guide
    ids, modules = _complete("okhelp guide re", OKHELP_GUIDES_PATH=str(folder))
    assert ids == ["re-issue", "red-packet", "refund", "register"]
    assert modules == []
    assert not (tmp_path / "pwned").exists()


def test_session_ids_newest_first(tmp_path: Path) -> None:
    home = tmp_path / "home"
    out = subprocess.run(
        [sys.executable, "-m", "okhelp", "start", "top-up"],
        env=_env(OKHELP_HOME=str(home), OKHELP_LANG="en"),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    real = json.loads(out)["session_id"]
    sessions = home / "sessions"  # as an older okhelp kept them: taken in when first read
    sessions.mkdir()
    record = saved_session(home, real)
    older = ["20000121-093000-0b0b", "20000120-100000-0a0a"]
    for session_id in older:
        (sessions / f"{session_id}.json").write_text(
            json.dumps({**record, "session_id": session_id}), encoding="utf-8"
        )
    (sessions / "notes.json").write_text("{}", encoding="utf-8")
    (sessions / "2000$(id).json").write_text("{}", encoding="utf-8")
    for words in ("okhelp resume ", "okhelp answer ", "okhelp summary "):
        ids, modules = _complete(words, OKHELP_HOME=str(home))
        assert ids == [real, *older], words
        assert not [m for m in modules if m.split(".")[0] in ("rich", "questionary")]
    assert _complete("okhelp resume 20000121", OKHELP_HOME=str(home))[0] == [older[0]]
    assert _complete("okhelp summary ./", OKHELP_HOME=str(home))[0] == []  # a path: the shell's
    assert _complete("okhelp resume ", OKHELP_HOME=str(tmp_path / "none"))[0] == []


def test_typer_word_order_zsh_and_fish() -> None:
    """typer's own scripts send "complete_bash"; zsh and fish get help texts without rich."""
    assert _complete("okhelp guide to", style="complete_bash")[0] == ["top-up"]
    zsh, modules = _complete("okhelp guide to", style="complete_zsh")
    assert zsh == ["_arguments '*: :((\"top-up\"))'"]
    assert modules == []
    zsh_commands, modules = _complete("okhelp gu", style="zsh_complete")
    assert any(
        line.startswith('_arguments \'*: :(("guide":"Run one guide') for line in zsh_commands
    )
    assert not [m for m in modules if m.split(".")[0] == "rich"]
    fish, modules = _complete("okhelp gu", style="complete_fish")
    assert [line.split("\t")[0] for line in fish] == ["guide", "guides"]
    assert fish[1].split("\t")[1].startswith("Guides: list, show, search")
    assert not [m for m in modules if m.split(".")[0] == "rich"]


def test_show_completion_and_the_script_work_in_bash(tmp_path: Path) -> None:
    """The documented way: the script okhelp prints, sourced by a real bash, completes ids."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash")
    env = _env(_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    script = subprocess.run(
        [sys.executable, "-m", "okhelp", "--show-completion", "bash"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "complete -o default -F _okhelp_completion okhelp" in script
    (tmp_path / "okhelp.sh").write_text(script, encoding="utf-8")
    run = (
        f"source {tmp_path / 'okhelp.sh'}\n"
        "COMP_WORDS=(okhelp guides show top); COMP_CWORD=3\n"
        "_okhelp_completion okhelp\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    out = subprocess.run(
        [bash, "--norc", "-c", run],
        env={**_env(), "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.split() == ["top-up"]


def test_install_completion_writes_the_script_for_the_shell(tmp_path: Path) -> None:
    env = _env(HOME=str(tmp_path), _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    proc = subprocess.run(
        [sys.executable, "-m", "okhelp", "--install-completion", "bash"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    installed = tmp_path / ".bash_completions" / "okhelp.sh"
    assert "_OKHELP_COMPLETE=complete_bash" in installed.read_text(encoding="utf-8")
    assert f"source '{installed}'" in (tmp_path / ".bashrc").read_text(encoding="utf-8")


def test_completion_folders_are_the_catalogs() -> None:
    """Completion reads guide folders itself (so it loads no parser); they must be the same."""
    from okhelp.frontends.cli.completion import guide_folders
    from okhelp.library.catalog import builtin_dir, custom_dirs

    environ = {"OKHELP_GUIDES_PATH": os.pathsep.join(["/a", "", "~/b"])}
    built_in, *custom = guide_folders(environ)
    assert Path(str(builtin_dir())).resolve() == built_in.resolve()
    assert custom == custom_dirs(environ)

"""Faults the command line meets: fuzzed guide files, a read-only or full data folder, concurrent
writers, hostile answers. Each ends in one line and loses nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okhelp.authoring.checker import check_examples, check_graph
from okhelp.authoring.loader import parse_guide
from okhelp.errors import GuideError
from tests.helpers import Result, minimal_guide, saved_ids

Cli = Callable[..., Result]
GOOD = minimal_guide("fuzz").encode()


def _load(raw: bytes) -> None:
    """Load and fully check; only okhelp's own GuideError may come out."""
    try:
        guide = parse_guide(raw, "fuzz.yaml", expected_id="fuzz", graph_check=check_graph)
    except GuideError:
        return
    check_examples(guide, {})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash_the_loader(raw: bytes) -> None:
    _load(raw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(GOOD)),
            st.integers(0, 40),
            st.binary(max_size=12),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_mutated_guides_never_crash_the_loader(edits: list[tuple[int, int, bytes]]) -> None:
    raw = bytearray(GOOD)
    for position, length, insert in edits:
        raw[position : position + length] = insert
    _load(bytes(raw))


YAML_TOKENS = [
    "id:",
    "steps:",
    "- ",
    "  ",
    "type:",
    "next:",
    "on_yes:",
    "choices:",
    "{",
    "}",
    "[",
    "]",
    "&a",
    "*a",
    "!!python/object",
    "yes",
    "no",
    "null",
    "~",
    "1e9",
    "'",
    '"',
    "\n",
    ":",
    "#",
    "end",
    "input",
    "field: x-pin",
    "collect:",
    "examples:",
    "answers:",
    "expect:",
    "\t",
    "\\e",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(YAML_TOKENS), max_size=60))
def test_yaml_shaped_noise_never_crashes_the_loader(tokens: list[str]) -> None:
    _load("".join(tokens).encode())


def test_data_folder_that_cannot_be_written_warns_and_the_run_goes_on(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("OKHELP_HOME", str(blocker))
    result = cli("guide", "register", "-a", "problem=how-to", "-a", "how-to=yes")
    assert result.code == 0
    assert result.err.count("progress cannot be saved") == 1
    assert "Traceback" not in result.err


def test_full_disk_leaves_no_half_written_file(cli: Cli) -> None:
    import sqlite3

    from okhelp.storage import sessions as store_module

    def full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    cli("guide", "register", "-a", "problem=how-to", "-a", "how-to=yes")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store_module, "write_row", full)
        result = cli("guide", "register", "-a", "problem=how-to", "-a", "how-to=yes")
    assert result.code == 0 and result.err.count("the disk is full") == 1, result.err
    assert "Traceback" not in result.err and "sqlite" not in result.err.lower()
    home = Path(os.environ["OKHELP_HOME"])
    assert len(saved_ids(home)) == 1  # the first run's session, whole
    for path in home.rglob("*"):
        assert not path.name.endswith(".tmp"), path
        if path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))


def test_concurrent_processes_write_valid_sessions(tmp_path: Path) -> None:
    env = {**os.environ, "OKHELP_HOME": str(tmp_path / "home"), "OKHELP_LANG": "en"}
    command = [
        sys.executable,
        "-m",
        "okhelp",
        "guide",
        "top-up",
        "-a",
        "method=third-party",
        "-a",
        "third-party-status=yes",
        "-a",
        "check-record=yes",
        "-a",
        "refresh=yes",
    ]
    processes = [
        subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(6)
    ]
    for process in processes:
        _, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
    assert len(saved_ids(tmp_path / "home")) == 6
    for path in (tmp_path / "home" / "cache").glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    assert not list((tmp_path / "home").rglob("*.tmp"))


def test_a_stale_cache_entry_is_never_served(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "custom"
    folder.mkdir()
    path = folder / "extra.yaml"
    path.write_text(minimal_guide("extra"), encoding="utf-8")
    monkeypatch.setenv("OKHELP_GUIDES_PATH", str(folder))
    first = {g["id"]: g for g in json.loads(cli("guides", "list", "-f", "json").out)}
    assert first["extra"]["title"]["en"] == "Test guide"
    path.write_text(minimal_guide("extra").replace("Test guide", "Changed guide"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    second = {g["id"]: g for g in json.loads(cli("guides", "list", "-f", "json").out)}
    assert second["extra"]["title"]["en"] == "Changed guide"
    path.write_text("id: [broken", encoding="utf-8")
    third = cli("guides", "list", "-f", "json")
    assert "extra" not in {g["id"] for g in json.loads(third.out)} and "extra.yaml" in third.err


def test_a_corrupt_cache_file_is_ignored(cli: Cli) -> None:
    cli("guides", "list", "-f", "json")
    cache_dir = Path(os.environ["OKHELP_HOME"]) / "cache"
    for path in cache_dir.glob("*.json"):
        path.write_text(
            '{"format": "okhelp.guide-cache/1 0.1.0", "entries": {"x": 1', encoding="utf-8"
        )
    result = cli("guides", "list", "-f", "json")
    assert result.code == 0 and len(json.loads(result.out)) == 19


HOSTILE = {
    "very long": "字" * 100_000,
    "NUL": "abc\x00def",
    "escape codes": "\x1b[2J\x1b[31mred",
    "right-to-left mark": "abc\u202edef",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_answers_are_refused_with_one_line(cli: Cli, tmp_path: Path, name: str) -> None:
    path = tmp_path / "answers.json"
    path.write_text(
        json.dumps(
            {"method": "cash", "cash-receipt": "no", "check-record": "no", "when": HOSTILE[name]}
        ),
        encoding="utf-8",
    )
    result = cli("guide", "top-up", "--answers", str(path))
    assert result.code == 2 and result.err.startswith("okhelp: error: step 'when'")
    assert result.err.count("\n") == 1 and "\x1b" not in result.err and "\x00" not in result.err


@pytest.mark.parametrize(
    "text", ["[bold]markup[/bold] [link=x]", "emoji 😀👍🏽 ok", "مرحبا عربي", "混合 text 😀"]
)
def test_harmless_unusual_text_is_kept_exactly(cli: Cli, text: str) -> None:
    answers = [
        "problem=error",
        "network=no",
        f"error-message={text}",
        "account=13800138000",
        "description=",
    ]
    assert cli("guide", "register", *[x for a in answers for x in ("-a", a)]).code == 0
    record = json.loads(cli("summary", "-f", "json").out)
    assert record["incident"]["error_message"] == text


@pytest.mark.parametrize(
    "content",
    [
        '{"method": {"a": 1}}',
        '{"method": [1, 2]}',
        '["bank"]',
        '{"method": null}',
        "method: !!python/object:os.system x",
    ],
)
def test_wrong_types_in_answers_files(cli: Cli, tmp_path: Path, content: str) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(content, encoding="utf-8")
    result = cli("guide", "top-up", "--answers", str(path))
    assert result.code == 2 and result.err.count("\n") == 1 and "Traceback" not in result.err


def test_hostile_text_typed_at_a_prompt_is_refused_then_a_good_answer_taken(tmp_path: Path) -> None:
    from tests.helpers.wizard import scripted_wizard

    replies = [
        "cash",
        "no",
        "no",
        "字" * 100_000,
        "a\x00b",
        "\x1b[31m",
        "x\u202ey",
        "2 hours ago",
        "yes",
        "120",
        "yes",
        "",
        "13800138000",
        "😀 [bold]ok[/bold]",
    ]
    wizard, script, _ = scripted_wizard(tmp_path, "top-up", replies=replies)
    session = wizard.run()
    assert script is not None
    problems = [a[2] for a in script.asked if a[0] == "invalid"]
    assert len(problems) == 4 and all(problems)
    assert session.description == "😀 [bold]ok[/bold]"


def _big_answers(path: Path, size: int) -> None:
    body = '{"method": "bank", "note": "'
    path.write_text(body + "x" * (size - len(body) - 2) + '"}', encoding="utf-8")


def test_a_large_answers_file_under_the_limit_is_read_whole(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    _big_answers(path, 1_000_500)  # used to be cut at 1,000,000 bytes and reported as bad JSON
    result = cli("guide", "top-up", "--answers", str(path))
    assert result.code == 2 and "step 'bank-remark'" in result.err


def test_an_oversized_answers_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    _big_answers(path, 2_000_000)
    result = cli("guide", "top-up", "--answers", str(path))
    assert result.code == 2 and "too large" in result.err and result.err.count("\n") == 1


def test_a_limit_past_any_database_lists_every_session(cli: Cli) -> None:
    assert cli("guide", "top-up", "-a", "method=bank", "-a", "bank-remark=yes").code == 0
    for limit in ("9223372036854775808", "99999999999999999999999"):
        for extra in ((), ("--format", "json")):
            result = cli("sessions", "-n", limit, *extra)
            assert result.code == 0 and "internal error" not in result.err, result.err
            assert "top-up" in result.out

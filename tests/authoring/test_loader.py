"""Loading guide files: the hostile corpus, and what a valid file turns into."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from okhelp.authoring.checker import check_examples, check_graph
from okhelp.authoring.loader import guide_id_from_path, parse_guide
from okhelp.errors import GuideError
from tests.helpers import Result, minimal_guide
from tests.helpers.hostile_corpus import CORPUS


def _problems(raw: bytes, name: str = "sample.yaml") -> list[str]:
    expected = "hostile" if name in CORPUS else guide_id_from_path(name)
    try:
        guide = parse_guide(raw, name, expected_id=expected, graph_check=check_graph)
    except GuideError as exc:
        return [p.format() for p in exc.problems]
    return [p.format() for p in check_examples(guide, {})]


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_hostile_file_is_refused_with_file_and_line(name: str) -> None:
    raw, fragment, line = CORPUS[name]
    found = _problems(raw, name)
    assert found, f"{name} was accepted"
    prefix = f"{name}:{line}: " if line else f"{name}"
    assert any(p.startswith(prefix) and fragment in p for p in found), found


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_hostile_file_fails_guides_check(
    name: str, cli: Callable[..., Result], write_guide: Callable[..., Path]
) -> None:
    raw, fragment, _ = CORPUS[name]
    path = write_guide("hostile.yaml", raw)
    result = cli("guides", "check", str(path))
    assert result.code == 1
    assert str(path) in result.out
    assert fragment in result.out
    assert "Traceback" not in result.out + result.err
    assert "\x1b" not in result.out, "escape codes from the file must never be echoed"
    assert "PWNED" not in result.out + result.err


def test_hostile_corpus_in_a_real_process_has_no_traceback(tmp_path: Path) -> None:
    paths = []
    for index, (name, (raw, _, _)) in enumerate(sorted(CORPUS.items())):
        folder = tmp_path / str(index)
        folder.mkdir()
        (folder / "hostile.yaml").write_bytes(raw)
        paths.append(str(folder / "hostile.yaml"))
        del name
    proc = subprocess.run(
        [sys.executable, "-m", "okhelp", "guides", "check", *paths],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    for path in paths:
        assert path in proc.stdout
    assert not (tmp_path / "PWNED").exists()


def test_valid_guide_loads_with_defaults_made_explicit() -> None:
    guide = parse_guide(minimal_guide().encode(), "sample.yaml", expected_id="sample")
    assert guide.version == 1
    assert list(guide.steps) == ["ask", "try-it", "fine", "escalate"]
    assert guide.steps["escalate"].collect == ("account", "description")
    assert guide.steps["ask"].line == 8
    assert guide.to_json()["steps"][1] == {  # type: ignore[index]
        "id": "try-it",
        "type": "action",
        "text": {"zh": "重启一下。", "en": "Restart it."},
        "next": "escalate",
        "on_yes": None,
        "task": False,
    }


def test_money_guides_always_collect_what_an_agent_needs() -> None:
    raw = (
        minimal_guide()
        .replace("category: app", "category: money")
        .replace("outcome: escalate", "outcome: escalate\n    collect: [description]")
    )
    guide = parse_guide(raw.encode(), "sample.yaml", expected_id="sample")
    assert guide.steps["escalate"].collect == (
        "account",
        "transaction_id",
        "occurred_at",
        "amount",
        "description",
    )


def test_id_must_match_file_name() -> None:
    with pytest.raises(GuideError) as caught:
        parse_guide(minimal_guide("other").encode(), "sample.yaml", expected_id="sample")
    assert "must equal the file name 'sample'" in caught.value.problems[0].message


def test_all_problems_are_reported_at_once() -> None:
    raw = (
        minimal_guide()
        .replace("category: app", "category: games")
        .replace("{zh: 好的。, en: Good.}", "{zh: 好的。}")
        .replace("type: action", "type: action\n    colour: red")
    )
    found = _problems(raw.encode(), "sample.yaml")
    assert len(found) == 3, found
    assert [int(p.split(":")[1]) for p in found] == sorted(int(p.split(":")[1]) for p in found)


def test_a_broken_step_does_not_cause_follow_on_errors() -> None:
    raw = minimal_guide().replace("type: confirm", "type: bogus")
    found = _problems(raw.encode(), "sample.yaml")
    assert len(found) == 1 and "unknown step type 'bogus'" in found[0]


def test_negated_warning_about_secrets_is_allowed_in_an_input() -> None:
    raw = minimal_guide().replace(
        "    type: action\n    text: {zh: 重启一下。, en: Restart it.}\n    next: escalate",
        "    type: input\n    field: description\n"
        "    text: {zh: 描述问题，不要填写密码或验证码。, en: Describe it; never include passwords or codes.}\n"
        "    next: escalate",
    )
    assert _problems(raw.encode(), "sample.yaml") == []


@pytest.mark.parametrize(
    "field",
    [
        "x-pin",
        "x-sms-code",
        "x-card-number",
        "x-cvv",
        "x-seed-phrase",
        "x-private-key",
        "x-otp",
        "x-remote-access",
        "x-passcode",
        "x-one-time-code",
    ],
)
def test_secret_input_fields_are_refused(field: str) -> None:
    raw = minimal_guide().replace(
        "    type: action\n    text: {zh: 重启一下。, en: Restart it.}\n    next: escalate",
        f"    type: input\n    field: {field}\n    text: {{zh: 请填写, en: Please fill in}}\n"
        "    next: escalate",
    )
    found = _problems(raw.encode(), "sample.yaml")
    assert any("asks for a secret" in p for p in found), found


def test_unknown_field_is_refused_but_custom_field_is_fine() -> None:
    template = minimal_guide().replace(
        "    type: action\n    text: {zh: 重启一下。, en: Restart it.}\n    next: escalate",
        "    type: input\n    field: FIELD\n    text: {zh: 请填写, en: Please fill in}\n    next: escalate",
    )
    assert any(
        "unknown field 'colour'" in p
        for p in _problems(template.replace("FIELD", "colour").encode())
    )
    assert _problems(template.replace("FIELD", "x-colour").encode(), "sample.yaml") == []

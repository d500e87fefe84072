"""The guide tooling commands: list, show, check, test, schema, graph; custom guide folders."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml

from okhelp.authoring import loader
from okhelp.authoring.schema import guide_schema
from okhelp.library.catalog import builtin_dir
from tests.helpers import ROOT, Result, minimal_guide

Cli = Callable[..., Result]


def test_version(cli: Cli) -> None:
    from okhelp import __version__

    result = cli("--version")
    assert result.code == 0 and result.out.strip() == f"okhelp {__version__}"


def test_list_json_has_the_contract_shape(cli: Cli) -> None:
    result = cli("guides", "list", "--format", "json")
    assert result.code == 0
    data = json.loads(result.out)
    ids = [item["id"] for item in data]
    assert {"register", "top-up"} <= set(ids)
    assert ids == sorted(ids)
    for item in data:
        assert set(item) == {"id", "title", "category", "source"}
        assert set(item["title"]) == {"zh", "en"}
        assert item["source"] == "builtin"


def test_list_plain_in_a_pipe_in_chinese(cli: Cli) -> None:
    result = cli("guides", "list", "--lang", "zh")
    assert result.code == 0
    assert "top-up\tmoney\t充值未到账或失败\tbuiltin" in result.out.splitlines()


def test_show_json_is_the_guide_with_defaults(cli: Cli) -> None:
    result = cli("guides", "show", "top-up", "--format", "json")
    data = json.loads(result.out)
    assert data["id"] == "top-up" and data["version"] == 1
    steps = {step["id"]: step for step in data["steps"]}
    assert steps["txn"]["required"] is False
    assert steps["when"]["required"] is True
    assert steps["escalate"]["collect"][:4] == [
        "account",
        "transaction_id",
        "occurred_at",
        "amount",
    ]
    jsonschema.validate(data, guide_schema())


def test_show_text_reads_in_both_languages(cli: Cli) -> None:
    zh = cli("guides", "show", "register", "--lang", "zh")
    en = cli("guides", "show", "register", "--lang", "en")
    assert "注册账户遇到问题" in zh.out and "收不到短信验证码 → check-number" in zh.out
    assert "Trouble creating an account" in en.out and "escalate to support" in en.out


def test_unknown_guide_is_a_usage_error_with_a_suggestion(cli: Cli) -> None:
    result = cli("guides", "show", "topup")
    assert result.code == 2
    assert "no guide 'topup'" in result.err and "did you mean 'top-up'" in result.err
    assert result.err.count("\n") == 1


def test_bad_option_value_is_a_usage_error(cli: Cli) -> None:
    assert cli("guides", "list", "--format", "yaml").code == 2
    result = cli("guides", "list", "--lang", "fr")
    assert result.code == 2 and "--lang must be one of zh, zh-Hant, zh-Hant-HK, en" in result.err


def test_check_builtins_pass(cli: Cli) -> None:
    result = cli("guides", "check")
    assert result.code == 0, result.out
    assert "OK" in result.err


def test_check_missing_path(cli: Cli, tmp_path: Path) -> None:
    result = cli("guides", "check", str(tmp_path / "nope.yaml"))
    assert result.code == 1 and "nope.yaml: no such file or folder" in result.out


def _with_link(target: str) -> str:
    return textwrap.dedent(
        f"""\
        id: sample
        category: app
        title: {{zh: 测试, en: Test}}
        summary: {{zh: 测试, en: Test}}
        start: ask
        steps:
          - id: ask
            type: confirm
            text: {{zh: 好了吗？, en: "Fine?"}}
            on_yes: fine
            on_no: jump
          - id: fine
            type: end
            outcome: resolved
            text: {{zh: 好的。, en: Good.}}
          - id: jump
            type: link
            guide: {target}
            text: {{zh: 转到, en: Go to}}
        """
    )


def test_check_reports_dangling_link_to_another_guide(
    cli: Cli, write_guide: Callable[..., Path]
) -> None:
    raw = _with_link("no-such-guide")
    path = write_guide("sample.yaml", raw)
    result = cli("guides", "check", str(path))
    assert result.code == 1
    assert (
        f"{path}:18: step 'jump' links to a guide that does not exist: 'no-such-guide'"
        in result.out
    )


def test_check_accepts_a_link_to_a_builtin(cli: Cli, write_guide: Callable[..., Path]) -> None:
    result = cli("guides", "check", str(write_guide("sample.yaml", _with_link("top-up"))))
    assert result.code == 0, result.out


def test_custom_guides_are_listed_and_override_builtins_the_config_allows(
    cli: Cli, write_guide: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = write_guide("top-up.yaml", minimal_guide("top-up"))
    write_guide("extra.yaml", minimal_guide("extra"))
    monkeypatch.setenv("OKHELP_GUIDES_PATH", str(path.parent))
    config = tmp_path / "config.yaml"
    config.write_text("override_guides: [top-up]\n", encoding="utf-8")
    monkeypatch.setenv("OKHELP_CONFIG", str(config))
    data = {g["id"]: g for g in json.loads(cli("guides", "list", "-f", "json").out)}
    assert data["top-up"]["source"] == str(path)
    assert data["top-up"]["title"]["en"] == "Test guide"
    assert data["extra"]["source"].endswith("extra.yaml")
    assert data["register"]["source"] == "builtin"


def test_a_broken_custom_guide_is_reported_once_and_skipped(
    cli: Cli, write_guide: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_guide("broken.yaml", "id: [oops")
    monkeypatch.setenv(
        "OKHELP_GUIDES_PATH", str(write_guide("extra.yaml", minimal_guide("extra")).parent)
    )
    result = cli("guides", "list", "-f", "json")
    assert result.code == 0
    assert {"extra", "register", "top-up"} <= {g["id"] for g in json.loads(result.out)}
    assert result.err.count("broken.yaml") == 1


def test_test_runs_examples_and_fails_on_a_wrong_one(
    cli: Cli, write_guide: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("guides", "test").code == 0
    raw = minimal_guide("extra").replace(
        "expect: {end: fine, outcome: resolved}",
        "expect: {end: fine, outcome: resolved}\n"
        "  - name: wrong\n    answers: {ask: 'no', try-it: 'no'}\n    expect: {end: fine}",
    )
    monkeypatch.setenv("OKHELP_GUIDES_PATH", str(write_guide("extra.yaml", raw).parent))
    result = cli("guides", "test", "extra")
    assert result.code == 1
    assert "ok   extra: fine" in result.out
    # at FILE:LINE, as guides check says it: the example's line in the file
    path = str(write_guide("extra.yaml", raw))
    lines = raw.splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "name: wrong" in text)
    assert (
        f"FAIL {path}:{line}: example 'wrong' reaches end 'escalate', expected 'fine'" in result.out
    ), result.out
    assert "1 passed, 1 failed" in result.err


def test_test_warns_about_ends_no_example_reaches(
    cli: Cli, write_guide: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "OKHELP_GUIDES_PATH", str(write_guide("extra.yaml", minimal_guide("extra")).parent)
    )
    result = cli("guides", "test", "extra")
    assert result.code == 0
    assert "no example reaches the end(s): escalate" in result.err


@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
def test_graph_draws_every_step_and_edge(cli: Cli, fmt: str) -> None:
    result = cli("guides", "graph", "top-up", "--format", fmt)
    assert result.code == 0
    guide = yaml.safe_load((builtin_dir() / "top-up.yaml").read_text(encoding="utf-8"))
    for step in guide["steps"]:
        assert "s_" + step["id"].replace("-", "_") in result.out
    arrow = "-->" if fmt == "mermaid" else "->"
    edges = [
        line for line in result.out.splitlines() if arrow in line and "style=invis" not in line
    ]
    expected = sum(
        len(s.get("choices", []))
        + (2 if s["type"] in ("confirm", "action") else 0)
        + (1 if s["type"] in ("info", "input") else 0)
        + (1 if s["type"] == "end" and "next" in s else 0)  # a pending end goes on after the wait
        for s in guide["steps"]
    ) + (1 if fmt == "mermaid" else 0)
    assert len(edges) == expected


def test_graph_escapes_quotes() -> None:
    from okhelp.authoring import graph

    raw = minimal_guide().replace('"Is it fine?"', "'\"Fine\"? [x] | y'")
    guide = loader.parse_guide(raw.encode(), "sample.yaml")
    assert "#quot;Fine#quot;? [x] #124; y" in graph.mermaid(guide)
    assert '\\"Fine\\"? [x] | y' in graph.dot(guide)


def test_schema_command_prints_the_schema(cli: Cli) -> None:
    result = cli("guides", "schema")
    assert json.loads(result.out) == guide_schema()


def test_shipped_schema_file_is_up_to_date() -> None:
    shipped = json.loads((ROOT / "guides" / "guide.schema.json").read_text(encoding="utf-8"))
    assert shipped == guide_schema(), "run: okhelp guides schema > guides/guide.schema.json"


def test_schema_accepts_every_builtin_guide_file() -> None:
    schema = guide_schema()
    for path in sorted(Path(str(builtin_dir())).glob("*.yaml")):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_schema_and_loader_agree_on_the_keys_of_every_step_type() -> None:
    defs = guide_schema()["$defs"]
    variants = {v["properties"]["type"]["const"]: v for v in defs["step"]["oneOf"]}
    assert set(variants) == set(loader.STEP_KEYS)
    for step_type, (required, optional) in loader.STEP_KEYS.items():
        variant = variants[step_type]
        assert set(variant["properties"]) == set(loader.STEP_COMMON + required + optional)
        assert set(variant["required"]) == set(loader.STEP_COMMON + required)
    top = guide_schema()
    assert set(top["properties"]) == set(loader.GUIDE_REQUIRED + loader.GUIDE_OPTIONAL)
    assert set(top["required"]) == set(loader.GUIDE_REQUIRED)


@pytest.mark.parametrize(
    "change",
    [
        ("type: action", "type: teleport"),
        ("category: app", "category: games"),
        ("start: ask", "start: 7"),
    ],
)
def test_schema_and_loader_both_refuse(change: tuple[str, str]) -> None:
    raw = minimal_guide().replace(*change)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.safe_load(raw), guide_schema())
    with pytest.raises(loader.GuideError):
        loader.parse_guide(raw.encode(), "sample.yaml")


def test_check_shows_every_kind_of_mistake_in_one_run(
    cli: Cli, write_guide: Callable[..., Path]
) -> None:
    """A wrong key in one step does not hide a step nobody reaches or an example that fails."""
    raw = (builtin_dir() / "refund.yaml").read_text(encoding="utf-8")
    broken = raw.replace(
        "    on_no: ask-merchant\n", "    on_no: ask-merchant\n    colour: red\n", 1
    )
    broken = broken.replace(
        '{kind: request, ask-merchant: "yes"}\n    expect: {end: done',
        '{kind: request, ask-merchant: "yes"}\n    expect: {end: escalate',
        1,
    )
    broken = broken.replace(
        "  - id: merchant\n",
        "  - id: orphan\n    type: info\n    text: {zh: 没人来, en: Nobody comes here}\n"
        "    next: done\n\n  - id: merchant\n",
        1,
    )
    assert broken.count("colour") == 1 and "orphan" in broken
    path = write_guide("refund.yaml", broken)
    result = cli("guides", "check", str(path))
    assert result.code == 1
    found = [line for line in result.out.splitlines() if line.startswith(str(path))]
    assert any("unknown key 'colour'" in line for line in found), found
    assert any("step 'orphan' cannot be reached" in line for line in found), found
    assert any(
        "example 'merchant refunds after request' reaches end 'done', expected 'escalate'" in line
        for line in found
    ), found
    # the steps after the broken one are reached through it, and the examples that pass it say
    # nothing: each mistake once, no follow-on noise
    assert len(found) == 3, found


def test_guides_test_runs_the_examples_of_a_file_with_a_mistake(
    cli: Cli, write_guide: Callable[..., Path]
) -> None:
    raw = (builtin_dir() / "withdrawal.yaml").read_text(encoding="utf-8")
    broken = raw.replace("since: occurred_at}", "since: occured_at}", 1)
    assert broken != raw
    path = write_guide("withdrawal.yaml", broken)
    result = cli("guides", "test", str(path))
    assert result.code == 1
    lines = result.out.splitlines()
    assert any(line.startswith("FAIL ") and "since must be occurred_at" in line for line in lines)
    # the examples that never reach the broken step still run; the rest are left out, unreported
    assert "ok   withdrawal: how to withdraw" in lines
    assert len([line for line in lines if line.startswith("FAIL ")]) == 1, lines
    assert "1 failed" in result.err, result.err

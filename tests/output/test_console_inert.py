"""Nothing from the data can act at an output: every sink and every rich view, in process.

Each attack of the hostile corpus goes through the plain sinks (pipe, error lines, files written
with ``-o``) and through the rich views in a terminal; what comes out must hold no character a
terminal acts on, and the attack must still be visible in escaped form.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okhelp.authoring import graph
from okhelp.domain.model import Choice, Guide, Step
from okhelp.domain.model import Text as Words
from okhelp.errors import Problem
from okhelp.output import console as render
from okhelp.storage.sessions import write_user_file
from okhelp.util.text import dumps_json, is_unsafe_char, neutralise, neutralise_data, one_line
from tests.helpers import Result
from tests.helpers.hostile_output import (
    ATTACKS,
    PAYLOAD,
    SHOWN_HIDDEN,
    every_string_but_schema,
    fill_free_text,
    free_text,
    plant,
    terminal_problems,
    unsafe_chars,
)

Cli = Callable[..., Result]


class _Terminal(io.StringIO):
    """A stream that says it is a terminal, so rich draws panels and colours into it."""

    def isatty(self) -> bool:
        return True


def _streams(monkeypatch: pytest.MonkeyPatch, *, tty: bool) -> tuple[io.StringIO, io.StringIO]:
    """Swap stdout and stderr for fresh streams, colour terminals (xterm-256color, wide enough
    not to fold) when ``tty``, pipes otherwise. Called in the test body: pytest's own capture
    puts its streams back between a fixture and the test."""
    out, err = (_Terminal(), _Terminal()) if tty else (io.StringIO(), io.StringIO())
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", err)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "3000")
    monkeypatch.delenv("NO_COLOR", raising=False)
    render.reset_consoles()
    return out, err


@pytest.fixture(autouse=True)
def _fresh_consoles() -> Iterator[None]:
    yield
    render.reset_consoles()


def _inert(text: str) -> None:
    problems = terminal_problems(text.encode("utf-8"))
    assert not problems, problems


# --- the neutraliser itself ---------------------------------------------------------------------


def test_every_unsafe_character_is_escaped_by_neutralise() -> None:
    unsafe = "".join(
        chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and is_unsafe_char(chr(c))
    )
    shown = neutralise(unsafe)
    assert unsafe_chars(shown) == []
    assert shown.count("\\") == len(unsafe) - 2  # every one named; newline kept, tab a space
    assert "\\U000e0001" in shown and "\\u202e" in shown and "\\x9b" in shown


@given(st.text())
def test_neutralise_leaves_nothing_unsafe_and_is_stable(text: str) -> None:
    shown = neutralise(text)
    assert unsafe_chars(shown) == []
    assert neutralise(shown) == shown
    assert unsafe_chars(one_line(text), allowed="") == []
    assert unsafe_chars(neutralise(text, keep_tabs=True), allowed="\n\t") == []


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Zl", "Zp", "Cs"))))
def test_neutralise_changes_no_safe_text(text: str) -> None:
    assert neutralise(text) == text


def test_tabs_and_newlines_are_layout_only_where_asked() -> None:
    assert neutralise("a\tb\nc") == "a b\nc"
    assert neutralise("a\tb\nc", keep_tabs=True) == "a\tb\nc"
    assert neutralise("a\tb\nc", keep_newlines=False) == "a b\\nc"


def test_neutralise_data_reaches_keys_and_nested_values() -> None:
    data = {"k\x1b": ["v\x9b", {"x": "\u202e"}], "n": 1, "b": True, "none": None}
    assert neutralise_data(data) == {
        "k\\x1b": ["v\\x9b", {"x": "\\u202e"}],
        "n": 1,
        "b": True,
        "none": None,
    }


# --- the plain sinks ----------------------------------------------------------------------------


@pytest.mark.parametrize("attack", ATTACKS)
def test_plain_sinks_show_every_attack_inert(
    attack: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    hostile = f"before {ATTACKS[attack]} after"
    out, err = _streams(monkeypatch, tty=False)
    render.write_plain(f"a\t{hostile}\nsecond line")
    render.write_json({"key": hostile, hostile: [hostile]})
    render.error(f"cannot read {hostile}", hint=hostile)
    render.warn(hostile)
    render.info(hostile)
    render.problems([Problem(hostile, 3, hostile)])
    written = write_user_file(tmp_path / "out.md", f"# {hostile}\n\tindented\n")
    for text in (out.getvalue(), err.getvalue(), written.read_text(encoding="utf-8")):
        assert unsafe_chars(text, allowed="\n\t") == []
        assert "before " in text and " after" in text
    assert "a\t" in out.getvalue()  # tab-separated output keeps its tabs
    json_lines = [line for line in out.getvalue().splitlines() if line.startswith(("{", " ", "}"))]
    assert json.loads("\n".join(json_lines)) == {"key": hostile, hostile: [hostile]}
    errors = err.getvalue().splitlines()
    assert errors[0].startswith("okhelp: error: cannot read before ")
    assert errors[1].startswith("okhelp: warning: before ")
    assert len(errors) == 3  # error and warning stay on one line each, whatever the text


def test_error_line_names_escape_codes_instead_of_sending_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, err = _streams(monkeypatch, tty=False)
    render.error("no guide '\x1b]0;pwned\x07'", hint="\u202eevil")
    assert err.getvalue() == "okhelp: error: no guide '\\x1b]0;pwned\\x07' (\\u202eevil)\n"


def test_file_written_for_people_holds_no_escape_codes(tmp_path: Path) -> None:
    path = write_user_file(tmp_path / "ticket.md", f"- **Device:** {PAYLOAD}\n")
    raw = path.read_bytes()
    assert b"\x1b" not in raw and b"\x07" not in raw and b"\xc2\x9b" not in raw
    assert "\\x1b[8mHIDDEN-TX" in raw.decode("utf-8")


# --- rich views in a terminal -------------------------------------------------------------------


def _words(text: str) -> Words:
    return Words({"zh": text, "en": text})


def _hostile_guide() -> Guide:
    bad = PAYLOAD
    steps = {
        f"ask{bad}": Step(
            id=f"ask{bad}",
            type="choice",
            text=_words(f"Which one? {bad}"),
            choices=(Choice(id=f"c{bad}", label=_words(f"label {bad}"), next=f"end{bad}"),),
        ),
        f"try{bad}": Step(
            id=f"try{bad}", type="action", text=_words(f"Try {bad}"), next=f"end{bad}"
        ),
        f"in{bad}": Step(
            id=f"in{bad}",
            type="input",
            text=_words(f"Type {bad}"),
            field=f"x-{bad}",
            next=f"end{bad}",
        ),
        f"end{bad}": Step(
            id=f"end{bad}",
            type="end",
            outcome="escalate",
            text=_words(f"Contact {{channels}} {bad}"),
            collect=(f"x-{bad}",),
        ),
    }
    return Guide(
        id=f"hostile{bad}",
        version=1,
        category=f"app{bad}",
        title=_words(f"Title {bad}"),
        summary=_words(f"Summary {bad}"),
        keywords={"zh": (f"k{bad}",), "en": (f"k{bad}",)},
        start=f"ask{bad}",
        steps=steps,
        source=f"/tmp/guides{bad}/hostile.yaml",
    )


def _shown(text: str) -> None:
    assert SHOWN_HIDDEN["text"].search(text), text[:400]


def test_guide_views_in_a_terminal_draw_colours_and_nothing_else(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out, err = _streams(monkeypatch, tty=True)
    guide = _hostile_guide()
    for lang in ("zh", "en"):
        render.guide_table([guide], lang)
        render.guide_detail(guide, lang)
        render.search_results([(guide, 0.5)], lang)
        view = render.WizardView(lang, channels=[f"chat {PAYLOAD}"])
        for step in guide.steps.values():
            view.step(guide, step, 1, 2)
        view.problem(f"'{PAYLOAD}' is not a choice")
        view.notice(f"not saved: {PAYLOAD}")
        closing = guide.steps[f"end{PAYLOAD}"].text.get(lang)
        render.outcome(lang, closing, resolved=False)
        render.outcome(lang, closing, resolved=True)
    for stream in (out, err):
        _inert(stream.getvalue())
        _shown(stream.getvalue())
    assert "\x1b[" in out.getvalue()  # rich did colour it: the check above is not vacuous


def test_guide_views_in_a_pipe_are_plain_and_inert(monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = _streams(monkeypatch, tty=False)
    guide = _hostile_guide()
    render.guide_table([guide], "en")
    render.guide_detail(guide, "en")
    render.search_results([(guide, 0.5)], "en")
    render.outcome("en", guide.steps[f"end{PAYLOAD}"].text.get("en"), resolved=True)
    render.write_plain(graph.mermaid(guide, "en"))
    render.write_plain(graph.dot(guide, "en"))
    text = out.getvalue()
    assert unsafe_chars(text, allowed="\n\t") == []
    assert "\x1b" not in text
    _shown(text)
    rows = [line.split("\t") for line in text.splitlines() if "\t" in line]
    assert [len(row) for row in rows] == [4, 3]  # guides list, search: columns stay columns
    assert all(row[0].startswith("hostile\\x1b]0;") for row in rows)


def _session_rows() -> list[dict[str, Any]]:
    return [
        {
            "session_id": f"20261121-153012-7f3a{PAYLOAD}",
            "guide": f"top-up{PAYLOAD}",
            "status": f"escalated{PAYLOAD}",
            "started_at": f"2026-11-21T15:30:12+08:00{PAYLOAD}",
            "updated_at": f"2026-11-21T15:30:12+08:00{PAYLOAD}",
        }
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sessions_table_in_a_terminal_and_a_pipe(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, _ = _streams(monkeypatch, tty=True)
    render.sessions_table(_session_rows(), lang)
    _inert(out.getvalue())
    _shown(out.getvalue())
    piped = io.StringIO()
    monkeypatch.setattr("sys.stdout", piped)
    render.reset_consoles()
    render.sessions_table(_session_rows(), lang)
    assert unsafe_chars(piped.getvalue(), allowed="\n\t") == []
    assert [len(line.split("\t")) for line in piped.getvalue().splitlines()] == [4]


_RECORDS: list[dict[str, Any]] = []


def _summary_record(cli: Cli, tmp_path: Path) -> dict[str, Any]:
    """A real summary record, made once by running a guide to its escalation."""
    if _RECORDS:
        return json.loads(json.dumps(_RECORDS[0]))  # type: ignore[no-any-return]
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        'method: bank\nbank-remark: "no"\nbank-sent: "yes"\ncheck-record: "no"\n'
        'when: "yesterday 3pm"\namount: "120.5"\ntxn: TX2026112000001\n'
        'account: "13800138000"\ndescription: money not arrived\n',
        encoding="utf-8",
    )
    result = cli("guide", "top-up", "--lang", "en", "--answers", str(answers))
    assert result.code == 0, result.err
    summaries = list((tmp_path / "okhelp-home" / "summaries").glob("*.json"))
    assert len(summaries) == 1
    record: dict[str, Any] = json.loads(summaries[0].read_text(encoding="utf-8"))
    _RECORDS.append(fill_free_text(record))
    return _summary_record(cli, tmp_path)


@pytest.mark.parametrize("where", [free_text, every_string_but_schema])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_panel_shows_a_hostile_record_inert(
    cli: Cli,
    tmp_path: Path,
    lang: str,
    where: Callable[[tuple[Any, ...]], bool],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    record = plant(_summary_record(cli, tmp_path), where)
    out, _ = _streams(monkeypatch, tty=True)
    render.summary_text(record, lang)
    _inert(out.getvalue())
    _shown(out.getvalue())
    assert "\x1b[" in out.getvalue()


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_summary_file_piped_shows_each_attack_inert(
    cli: Cli, tmp_path: Path, attack: str, fmt: str
) -> None:
    record = plant(_summary_record(cli, tmp_path), free_text, payload=ATTACKS[attack])
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    result = cli("summary", str(path), "-f", fmt)
    assert unsafe_chars(result.out, allowed="\n\t") == []
    assert unsafe_chars(result.err) == []
    assert "\x1b" not in result.out + result.err
    if result.code == 0 and fmt == "json":
        shown = json.loads(result.out)
        # escaped, not lost; only the contact channels are this config's own, never the file's
        assert {**shown, "contact_channels": None} == {**record, "contact_channels": None}
    if result.code == 0 and attack == "hidden":
        assert SHOWN_HIDDEN[fmt].search(result.out), result.out
    out_file = tmp_path / f"written.{fmt}"
    written = cli("summary", str(path), "-f", fmt, "-o", str(out_file))
    if written.code == 0:
        assert unsafe_chars(out_file.read_text(encoding="utf-8"), allowed="\n\t") == []


def test_json_output_of_a_hostile_record_round_trips() -> None:
    record = {"description": PAYLOAD, PAYLOAD: [PAYLOAD]}
    text = dumps_json(record)
    assert unsafe_chars(text) == []
    assert re.search(r"\\u001b\[8mHIDDEN-TX", text)
    assert json.loads(text) == record

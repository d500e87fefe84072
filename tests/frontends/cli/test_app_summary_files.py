"""Summary files an agent receives: the Markdown and text okhelp writes carry the record, so
``okhelp summary FILE`` reads them back in any format, mask and language, says when a file was
edited by hand, and takes several files at once."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import ESCALATED_TOP_UP, Result, answer_args

Cli = Callable[..., Result]


def _escalated(cli: Cli, lang: str = "zh") -> None:
    assert cli("guide", "top-up", "--lang", lang, *answer_args(ESCALATED_TOP_UP)).code == 0


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_a_markdown_or_text_file_okhelp_wrote_reads_back_as_its_record(
    cli: Cli, tmp_path: Path, suffix: str
) -> None:
    _escalated(cli)
    wanted = json.loads(cli("summary", "--format", "json").out)
    path = tmp_path / f"ticket{suffix}"
    assert cli("summary", "-o", str(path)).code == 0
    text = path.read_text(encoding="utf-8")
    assert "13800138000" in text and "okhelp.summary record" in text
    again = cli("summary", str(path), "--format", "json")
    assert again.code == 0, again.err
    got = json.loads(again.out)
    assert got["transcript"] == wanted["transcript"] and got["account"] == wanted["account"]
    assert "edited" not in again.err  # nobody touched it
    masked = cli("summary", str(path), "--format", "markdown", "--mask")
    assert masked.code == 0 and "13800138000" not in masked.out


def test_a_file_edited_by_hand_is_said_to_be_edited(cli: Cli, tmp_path: Path) -> None:
    _escalated(cli)
    path = tmp_path / "ticket.md"
    assert cli("summary", "-o", str(path)).code == 0
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("13800138000", "13900139000", 1), encoding="utf-8")
    shown = cli("summary", str(path), "--format", "json", "--lang", "en")
    assert shown.code == 0
    assert "does not match the record it carries" in shown.err
    # what is shown is the record okhelp wrote, not the edited text
    assert json.loads(shown.out)["account"]["id"] == "13800138000"


def test_a_file_that_holds_no_record_is_refused_in_one_line(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# my notes\n\nthe top-up never came\n", encoding="utf-8")
    shown = cli("summary", str(path))
    assert shown.code == 2 and shown.err.count("\n") == 1
    assert "neither JSON nor a Markdown or text summary okhelp wrote" in shown.err


def test_lang_rebuilds_a_saved_files_guide_words_and_keeps_the_users(
    cli: Cli, tmp_path: Path
) -> None:
    _escalated(cli, "zh")
    path = tmp_path / "ticket.md"
    assert cli("summary", "-o", str(path)).code == 0
    shown = cli("summary", str(path), "--format", "json", "--lang", "en")
    record = json.loads(shown.out)
    assert record["lang"] == "en" and record["guide"]["title"] == "Top-up failed or not arrived"
    assert record["transcript"][0]["question"] == "How did you top up?"
    assert record["transcript"][0]["answer_text"] == "Cash at a top-up point"
    assert record["description"] == "充值没到账"  # the user's words as sent
    assert all("充值" not in item["action"] for item in record["steps_tried"])


def test_a_file_of_a_guide_not_installed_says_so_and_shows_it_as_sent(
    cli: Cli, tmp_path: Path
) -> None:
    _escalated(cli, "zh")
    record = json.loads(cli("summary", "--format", "json").out)
    record["guide"]["id"] = "card-declined"
    path = tmp_path / "other.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    shown = cli("summary", str(path), "--format", "json", "--lang", "en")
    assert shown.code == 0 and "is not installed here" in shown.err
    assert json.loads(shown.out)["transcript"][0]["question"] == "你是用哪种方式充值的？"


def test_several_files_at_once(cli: Cli, tmp_path: Path) -> None:
    _escalated(cli, "zh")
    first, second = tmp_path / "a.json", tmp_path / "b.md"
    assert cli("summary", "-o", str(first)).code == 0
    assert cli("summary", "-o", str(second)).code == 0
    both = cli("summary", str(first), str(second), "--format", "json")
    assert both.code == 0, both.err
    records = json.loads(both.out)
    assert isinstance(records, list) and len(records) == 2
    assert records[0]["session_id"] == records[1]["session_id"]
    text = cli("summary", str(first), str(second), "--format", "markdown")
    assert text.code == 0 and text.out.count("## ") >= 2
    refused = cli("summary", str(first), str(second), "-o", str(tmp_path / "c.md"))
    assert refused.code == 2 and "one summary per --output file" in refused.err


@pytest.mark.parametrize(
    "mangle",
    [
        lambda text: text.replace("\n", "\r\n"),  # a mail program's line ends
        lambda text: text.replace("\n", "   \n"),  # trailing blanks
        lambda text: "\ufeff" + text,  # a byte-order mark
    ],
)
def test_a_file_as_mail_programs_leave_it_still_reads_back(
    cli: Cli, tmp_path: Path, mangle: Callable[[str], str]
) -> None:
    _escalated(cli)
    path = tmp_path / "ticket.md"
    assert cli("summary", "-o", str(path)).code == 0
    path.write_bytes(mangle(path.read_text(encoding="utf-8")).encode("utf-8"))
    shown = cli("summary", str(path), "--format", "json")
    assert shown.code == 0, shown.err
    assert "does not match" not in shown.err and "changed" not in shown.err
    assert json.loads(shown.out)["account"]["id"] == "13800138000"


def test_a_record_forged_with_fresh_hashes_is_caught_by_its_own_text(
    cli: Cli, tmp_path: Path
) -> None:
    import base64

    from okhelp.storage.summaryfile import _BLOCK, embed

    _escalated(cli)
    path = tmp_path / "ticket.md"
    assert cli("summary", "-o", str(path)).code == 0
    text = path.read_text(encoding="utf-8")
    block = list(_BLOCK.finditer(text))[-1]
    record = json.loads(base64.b64decode("".join(block["data"].split())))
    record["account"]["id"] = "13700137000"  # the text above still says 13800138000
    path.write_text(embed(text[: block.start()], record, "markdown", "zh"), encoding="utf-8")
    shown = cli("summary", str(path), "--format", "json", "--lang", "en")
    assert shown.code == 0 and "does not match the record it carries" in shown.err


def test_lang_rebuilds_a_file_of_a_session_that_went_on_in_a_linked_guide(
    cli: Cli, tmp_path: Path
) -> None:
    """The record names the guide the session ended in; its first answers were in another."""
    answers = {
        "source": "contacted",  # account-frozen, which hands over to suspicious-activity
        "what": "impostor",
        "shared": "yes",
        "money-left": "yes",
        "recipient": "6222 张三",
        "asked-by": "冒充客服电话",
        "can-login": "yes",
        "when": "昨天下午3点",
        "amount": "500",
        "txn": "TX2026112000001",
        "account": "13800138000",
        "description": "有人冒充客服",
    }
    assert cli("guide", "account-frozen", "--lang", "zh", *answer_args(answers)).code == 0
    path = tmp_path / "ticket.md"
    assert cli("summary", "-o", str(path)).code == 0
    shown = cli("summary", str(path), "--format", "json", "--lang", "en")
    assert shown.code == 0 and "lacks a step" not in shown.err, shown.err
    record = json.loads(shown.out)
    assert record["guide"]["id"] == "suspicious-activity"
    assert record["transcript"][0]["question"] == "Where did you learn the account is frozen?"
    assert not any("你" in item["question"] for item in record["transcript"])


def test_output_dash_is_standard_output(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _escalated(cli, "en")
    monkeypatch.chdir(tmp_path)
    shown = cli("summary", "-o", "-", "--format", "json")
    assert shown.code == 0 and json.loads(shown.out)["guide"]["id"] == "top-up"
    exported = cli("sessions", "export", "-o", "-")
    assert exported.code == 0 and '"okhelp.session/1"' in exported.out
    assert not (tmp_path / "-").exists()

"""Bounded, typed input: files that are not regular files, huge files, YAML 1.1 surprises in
answers files, config values of the wrong type (FILE:LINE), a pathological transaction-id
pattern, OKHELP_NOW out of range, and ``-o`` naming a device."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from okhelp.authoring.loader import parse_guide
from okhelp.domain.answers import coerce, parse_answers_file
from okhelp.errors import InvalidAnswer, UsageError
from okhelp.fields.txid import check_pattern, txn_matches
from okhelp.fields.validation import FieldContext, validate
from okhelp.storage.config import load_config
from okhelp.storage.userfile import FileRefused, read_regular_file
from tests.helpers import Result, one_line_error, write_config

Cli = Callable[..., Result]

MONEY_ANSWERS = textwrap.dedent(
    """\
    method: bank
    bank-remark: no
    bank-sent: yes
    check-record: no
    when: 14:30
    amount: 120.5 元
    txn: 0123456701
    account: 13800138000
    description: 充值两小时还没到账
    """
)


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    yield path


def _okhelp(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run okhelp in a child process, with a deadline: a hang fails the test instead of the suite."""
    return subprocess.run(
        [sys.executable, "-m", "okhelp", *args],
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


# --- one reader for user-named files ---------------------------------------------------------


def _read_in_thread(path: Path, limit: int) -> tuple[bool, object]:
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(read_regular_file(path, limit))
        except FileRefused as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(10)
    return thread.is_alive(), (outcome[0] if outcome else None)


@pytest.mark.parametrize(
    ("name", "kind"),
    [("fifo", "FIFO"), ("/dev/zero", "character device"), ("dir", "directory")],
)
def test_only_regular_files_are_read(tmp_path: Path, fifo: Path, name: str, kind: str) -> None:
    path = {"fifo": fifo, "dir": tmp_path}.get(name, Path(name))
    hung, outcome = _read_in_thread(path, 1024)
    assert not hung, "reading blocked"
    assert isinstance(outcome, FileRefused) and kind in outcome.reason


def test_size_cap_and_missing_file(tmp_path: Path) -> None:
    big = tmp_path / "big"
    big.write_bytes(b"x" * 2049)
    with pytest.raises(FileRefused, match="too large"):
        read_regular_file(big, 2048)
    assert read_regular_file(big, 2049) == b"x" * 2049
    with pytest.raises(FileRefused) as caught:
        read_regular_file(tmp_path / "nope", 10)
    assert caught.value.missing


def test_a_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "answers.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(FileRefused, match="character device"):
        read_regular_file(link, 1024)


@pytest.mark.parametrize("option", ["config", "answers", "summary"])
@pytest.mark.parametrize("target", ["fifo", "/dev/zero", "dir"])
def test_config_answers_and_summary_refuse_what_is_not_a_regular_file(
    tmp_path: Path, fifo: Path, option: str, target: str
) -> None:
    path = str({"fifo": fifo, "dir": tmp_path}.get(target, target))
    if option == "config":
        result = _okhelp("guide", "register", env={"OKHELP_CONFIG": path})
    elif option == "answers":
        result = _okhelp("guide", "register", "--answers", path)
    else:
        result = _okhelp("summary", path)
    err = one_line_error(result)
    assert "not a regular file" in err


# --- answers files: every scalar is the text the user wrote ----------------------------------


def test_yaml_1_1_scalars_stay_as_written() -> None:
    raw = textwrap.dedent(
        """\
        txn: 0123456701
        when: 14:30
        amount: 1_000
        hex: 0x1F
        exp: 1e3
        version: 5.10
        empty:
        tilde: ~
        date: 2026-11-20
        yes-step: yes
        off-step: off
        quoted: "no"
        """
    ).encode()
    given = parse_answers_file(raw, "a.yaml")
    assert given == {
        "txn": "0123456701",
        "when": "14:30",
        "amount": "1_000",
        "hex": "0x1F",
        "exp": "1e3",
        "version": "5.10",
        "empty": "",
        "tilde": "~",
        "date": "2026-11-20",
        "yes-step": "yes",
        "off-step": "off",
        "quoted": "no",
    }


def test_json_answers_numbers() -> None:
    given = parse_answers_file(b'{"n": 1e400, "big": 10.50, "ok": true, "no": false}', "a.json")
    assert given == {"n": "1e400", "big": "10.50", "ok": True, "no": False}


GUIDE = parse_guide(
    textwrap.dedent(
        """\
        id: t
        category: app
        title: {zh: 测, en: T}
        summary: {zh: 测, en: T}
        start: ask
        steps:
          - id: ask
            type: confirm
            text: {zh: 好了吗？, en: "Fine?"}
            on_yes: done
            on_no: done
          - id: done
            type: end
            outcome: resolved
            text: {zh: 好, en: Good}
        """
    ).encode(),
    "t.yaml",
    expected_id="t",
)


YES_NO = [("yes", True), ("Yes", True), ("true", True), ("on", True), ("y", True), ("是", True)]
YES_NO += [("no", False), ("NO", False), ("false", False), ("off", False), ("n", False)]


@pytest.mark.parametrize(("word", "meaning"), YES_NO)
def test_confirm_steps_still_read_yes_and_no_words(word: str, meaning: bool) -> None:
    given = parse_answers_file(f"ask: {word}\n".encode(), "a.yaml")
    assert coerce(GUIDE.steps["ask"], given["ask"]) is meaning


def test_yaml_refusals_still_hold_for_answers_files() -> None:
    for raw, message in [
        (b"a: &x 1\nb: *x\n", "anchors"),
        (b"a: !!python/object 1\n", "tag"),
        (b"a: [1, 2]\n", "not a list"),
        (b"x" * (1024 * 1024 + 1), "too large"),
    ]:
        with pytest.raises(UsageError, match=message):
            parse_answers_file(raw, "a.yaml")


def test_an_answers_file_with_yaml_1_1_scalars_keeps_the_transaction_id(
    cli: Cli, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(MONEY_ANSWERS, encoding="utf-8")
    assert cli("guide", "top-up", "--answers", str(answers)).code == 0
    record = json.loads(cli("summary", "-f", "json").out)
    assert record["incident"]["transaction_id"] == "0123456701"
    assert record["incident"]["occurred_at_text"] == "14:30"
    assert record["incident"]["occurred_at"].startswith("2026-11-21T14:30")
    assert record["account"]["id"] == "13800138000"


# --- config: field by field, FILE:LINE --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("contact_channels:\n  - kind: phone\n    detail: null\n", 3, "must be text"),
        ("contact_channels:\n  - kind: phone\n    detail: 4008123456\n", 3, "put it in quotes"),
        (
            "contact_channels:\n  - {kind: phone, detail: {zh: 电话, fr: x}}\n",
            2,
            "unknown language",
        ),
        ("contact_channels:\n  - {kind: phone}\n", 2, "needs both kind and detail"),
        ("contact_channels:\n  - {kind: Phone Line, detail: x}\n", 2, "lower-case name"),
        ("contact_channels:\n  - {kind: phone, detail: x, url: y}\n", 2, "unknown key"),
        ("contact_channels: []\n", 1, "at least one"),
        ("contact_channels: phone\n", 1, "list of"),
        ('\ntransaction_id:\n  uppercase: "no"\n', 3, "must be true or false"),
        ("transaction_id:\n  uppercase: 1\n", 2, "must be true or false"),
        ("transaction_id:\n  pattern: 12\n", 2, "must be a regular expression"),
        ("transaction_id: [a]\n", 1, "mapping"),
        ("transaction_id:\n  patern: x\n", 2, "unknown key"),
        ("default_currency: XYZ\n", 1, "not an ISO 4217"),
        ("default_currency: cny\n", 1, "not an ISO 4217"),
        ("default_currency: 156\n", 1, "must be an ISO 4217 code"),
        ("default_currency: null\n", 1, "not empty"),
        ("timezone: Mars/Base\n", 1, "IANA"),
        ("timezone: 8\n", 1, "must be an IANA"),
        ("x: 1\ncolour: red\n", 1, "unknown setting 'x'"),
    ],
)
def test_wrong_config_values_are_named_with_file_and_line(  # noqa: PLR0917
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, line: int, message: str
) -> None:
    path = write_config(tmp_path, monkeypatch, text)
    err = one_line_error(cli("guide", "register", "-a", "problem=how-to", "-a", "how-to=yes"))
    assert f"{path}:{line}: " in err and message in err


@pytest.mark.parametrize(
    "text",
    [
        'contact_channels:\n  - {kind: phone, detail: "call \\e[31m110"}\n',
        'contact_channels:\n  - {kind: phone, detail: "\\u202eevil"}\n',
        'contact_channels:\n  - {kind: phone, detail: {en: "line\\none"}}\n',
        'contact_channels:\n  - {kind: phone, detail: "\\x9b31m"}\n',
        'timezone: "Asia/Shanghai\\u200b"\n',
    ],
)
def test_control_and_direction_characters_in_config_strings_are_refused(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    path = write_config(tmp_path, monkeypatch, text)
    err = one_line_error(cli("guide", "register", "-a", "problem=how-to", "-a", "how-to=yes"))
    assert f"{path}:" in err and "U+" in err
    assert "\x1b" not in err and "\u202e" not in err and "\x9b" not in err


def test_a_valid_config_is_taken(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            contact_channels:
              - {kind: in_app_chat, detail: {zh: APP 内“帮助与客服”, en: Help & Support in the app}}
              - {kind: phone, detail: "95000"}
            transaction_id: {pattern: "[A-Z0-9]{10,32}", uppercase: yes}
            default_currency: HKD
            timezone: Asia/Hong_Kong
            """
        ),
        encoding="utf-8",
    )
    config = load_config({"OKHELP_CONFIG": str(path)})
    assert config.txn_upper is True and config.default_currency == "HKD"
    assert config.channels("en") == [
        {"kind": "in_app_chat", "detail": "Help & Support in the app"},
        {"kind": "phone", "detail": "95000"},
    ]


def test_a_missing_config_named_by_okhelp_config_is_an_error(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OKHELP_CONFIG", str(tmp_path / "confg.yaml"))
    err = one_line_error(cli("guide", "register", "-a", "problem=how-to", "-a", "how-to=yes"))
    assert "no such file" in err and "OKHELP_CONFIG" in err


def test_no_config_at_the_default_place_means_the_defaults(tmp_path: Path) -> None:
    config = load_config({"XDG_CONFIG_HOME": str(tmp_path)})
    assert config.source is None and config.default_currency == "CNY"


def test_an_oversized_config_is_refused(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(tmp_path, monkeypatch, "timezone: Asia/Shanghai\n" + "#" * (1024 * 1024))
    assert "too large" in one_line_error(cli("guide", "register"))


# --- the transaction-id pattern -------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern",
    [r"(a+)+$", r"(a|aa)+$", r"(x+x+)+y", r"([A-Za-z0-9]+-?)+$", r"(\d+|\d+-)+$"],
)
def test_a_catastrophic_pattern_is_refused_when_the_config_is_read(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str
) -> None:
    path = write_config(tmp_path, monkeypatch, f"transaction_id:\n  pattern: '{pattern}'\n")
    err = one_line_error(cli("guide", "register"))
    assert f"{path}:2: transaction_id.pattern: " in err and "backtracking" in err


@pytest.mark.parametrize(
    "pattern",
    ["[A-Z0-9]{10,32}", r"TX\d{13}", "[A-Za-z0-9_-]{6,64}", r"(?:[A-Z]{2,4}-)?\d{8,20}", r".*\d.*"],
)
def test_ordinary_patterns_pass_the_check(pattern: str) -> None:
    assert check_pattern(pattern) is None


def test_a_bad_pattern_that_slips_past_the_check_still_cannot_hang_a_keystroke() -> None:
    ctx = FieldContext(
        now=datetime(2026, 11, 21, tzinfo=timezone.utc),
        timezone=timezone.utc,
        timezone_name="UTC",
        txn_pattern=r"(a|aa)+$",
    )
    with pytest.raises(InvalidAnswer, match="takes too long"):
        validate("transaction_id", "a" * 100 + "!", ctx)
    assert txn_matches(r"(a+)+$", "a" * 5000 + "!") is False  # longer than any id: not tried
    assert txn_matches(r"(a+)+$", "a" * 128) is True


def test_an_invalid_or_huge_pattern_is_refused() -> None:
    assert "not valid" in (check_pattern("(") or "")
    assert "too long" in (check_pattern("a" * 501) or "")


# --- OKHELP_NOW -------------------------------------------------------------------------------


BAD_NOW = ["0001-01-01T00:00:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"]
BAD_NOW += ["1900-01-01", "garbage", "2026-13-01T00:00:00", "1e9"]


@pytest.mark.parametrize("value", BAD_NOW)
def test_okhelp_now_out_of_range_is_a_usage_error(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("OKHELP_NOW", value)
    err = one_line_error(cli("guide", "top-up", "-a", "method=bank", "-a", "bank-remark=no"))
    assert "OKHELP_NOW" in err


# --- -o FILE ----------------------------------------------------------------------------------


def _escalate(cli: Cli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(MONEY_ANSWERS, encoding="utf-8")
    assert cli("guide", "top-up", "--answers", str(answers)).code == 0


@pytest.mark.parametrize("target", ["/dev/null", "fifo", "dir"])
def test_output_refuses_anything_but_a_regular_file(
    cli: Cli, tmp_path: Path, fifo: Path, target: str
) -> None:
    _escalate(cli, tmp_path)
    path = {"fifo": str(fifo), "dir": str(tmp_path)}.get(target, target)
    before = os.stat(path).st_mode
    err = one_line_error(cli("summary", "-f", "markdown", "-o", path))
    assert "not a regular file" in err
    assert os.stat(path).st_mode == before


def test_output_to_dev_stdout_keeps_the_device(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(MONEY_ANSWERS, encoding="utf-8")
    assert _okhelp("guide", "top-up", "--answers", str(answers)).returncode == 0
    result = _okhelp("summary", "-f", "json", "-o", "/dev/stdout")
    assert "not a regular file" in one_line_error(result)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize("through", ["/dev/stdout", "link", "folder link"])
def test_output_to_stdout_redirected_to_a_file_never_replaces_that_file(
    tmp_path: Path, through: str
) -> None:
    """``> log.txt`` makes /dev/stdout a link to a regular file: renaming over it would throw
    away what the shell had already written there."""
    answers = tmp_path / "answers.yaml"
    answers.write_text(MONEY_ANSWERS, encoding="utf-8")
    assert _okhelp("guide", "top-up", "--answers", str(answers)).returncode == 0
    target = "/dev/stdout"
    if through == "link":
        target = str(tmp_path / "out.json")
        os.symlink("/dev/stdout", target)
    if through == "folder link":  # a folder on the way is the link: /tmp/x/fd/1, x -> /proc/self
        os.symlink("/proc/self", tmp_path / "me")
        target = str(tmp_path / "me" / "fd" / "1")
    log = tmp_path / "log.txt"
    with log.open("w", encoding="utf-8") as stream:
        stream.write("line 1 of my log\n")
        stream.flush()
        result = subprocess.run(
            [sys.executable, "-m", "okhelp", "summary", "-f", "json", "-o", target],
            stdin=subprocess.DEVNULL,
            stdout=stream,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
        stream.write("line 2\n")
    assert result.returncode == 2, result.stderr
    assert "not a regular file" in result.stderr
    assert log.read_text(encoding="utf-8") == "line 1 of my log\nline 2\n"


def test_output_writes_a_new_file_and_replaces_a_regular_one_through_a_link(
    cli: Cli, tmp_path: Path
) -> None:
    _escalate(cli, tmp_path)
    new = tmp_path / "new.md"
    assert cli("summary", "-f", "markdown", "-o", str(new)).code == 0
    assert "0123456701" in new.read_text(encoding="utf-8")
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    assert cli("summary", "-f", "markdown", "-o", str(link), "--force").code == 0
    assert link.is_symlink() and "0123456701" in real.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("command", "name"),
    [
        (("summary", "-f", "markdown"), "notes.md"),
        (("summary", "-f", "json"), "ticket.json"),
        (("summary", "-f", "text"), "passwd"),
        (("sessions", "export"), "history.jsonl"),
    ],
)
def test_output_keeps_a_file_okhelp_did_not_write_unless_forced(
    cli: Cli, tmp_path: Path, command: tuple[str, ...], name: str
) -> None:
    """``-o notes.md`` mistyped, or ``-o /etc/passwd`` run as root, must not destroy what
    someone else wrote; ``--force`` is the way to mean it."""
    _escalate(cli, tmp_path)
    theirs = tmp_path / name
    theirs.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    result = cli(*command, "-o", str(theirs))
    assert result.code == 2
    err = one_line_error(result)
    assert "okhelp did not write it" in err and "--force" in err
    assert theirs.read_text(encoding="utf-8") == "root:x:0:0:root:/root:/bin/bash\n"
    assert cli(*command, "-o", str(theirs), "--force").code == 0
    assert "okhelp" in theirs.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "first", ["markdown", "json", "text", "zendesk", "freshdesk", "export", "empty"]
)
def test_output_replaces_a_file_okhelp_wrote_before(cli: Cli, tmp_path: Path, first: str) -> None:
    """A script that writes the same summary file every run, or a file made by ``mktemp``,
    needs no --force."""
    _escalate(cli, tmp_path)
    target = tmp_path / "out"
    if first == "empty":
        target.touch()
    elif first == "export":
        assert cli("sessions", "export", "-o", str(target)).code == 0
    else:
        assert cli("summary", "-f", first, "-o", str(target)).code == 0
    written = target.read_text(encoding="utf-8")
    assert cli("summary", "-f", "markdown", "-o", str(target)).code == 0
    now = target.read_text(encoding="utf-8")
    assert now.startswith("## ")
    assert now != written or first == "markdown"


def test_output_refusal_is_said_in_chinese(cli: Cli, tmp_path: Path, fifo: Path) -> None:
    _escalate(cli, tmp_path)
    theirs = tmp_path / "notes.md"
    theirs.write_text("my notes", encoding="utf-8")
    err = one_line_error(cli("summary", "--lang", "zh", "-o", str(theirs)))
    assert "不是 okhelp 写的" in err and "--force" in err
    err = one_line_error(cli("summary", "--lang", "zh", "-f", "markdown", "-o", str(fifo)))
    assert "命名管道" in err and "FIFO" not in err
    err = one_line_error(cli("guide", "register", "--lang", "zh", "--answers", str(tmp_path)))
    assert "文件夹" in err and "directory" not in err


def test_the_default_rule_is_the_one_the_fields_use() -> None:
    from okhelp.fields import txid as patterns
    from okhelp.fields import validation as fields

    assert patterns.DEFAULT_PATTERN == fields.DEFAULT_TXN_PATTERN
    assert txn_matches(fields.DEFAULT_TXN_PATTERN, "TX2026112000001") is True
    assert txn_matches(fields.DEFAULT_TXN_PATTERN, "TX 2026") is False


@pytest.mark.parametrize("target", ["fifo", "/dev/zero", "dir"])
def test_sessions_import_refuses_what_is_not_a_regular_file_without_hanging(
    tmp_path: Path, fifo: Path, target: str
) -> None:
    path = str({"fifo": fifo, "dir": tmp_path}.get(target, target))
    result = _okhelp("sessions", "import", path, "--lang", "zh")
    assert result.returncode == 1
    assert "不是普通文件" in result.stderr and "1" in result.stderr
    assert "Traceback" not in result.stderr


def test_stats_and_guides_check_say_what_a_fifo_is_instead_of_no_such_file(fifo: Path) -> None:
    stats = _okhelp("stats", "--from", str(fifo), "--lang", "en")
    assert "a FIFO" in stats.stderr and "no such file" not in stats.stderr
    check = _okhelp("guides", "check", str(fifo), env={"OKHELP_LANG": "zh"})
    said = check.stdout + check.stderr
    assert check.returncode == 1 and "无法读取" in said and "命名管道" in said
    assert "没有这个文件" not in said


@pytest.mark.parametrize(
    ("target", "said"), [("", "not a file name"), ("no/such/folder/x.md", "there is no folder")]
)
def test_output_with_no_file_name_or_no_folder_is_a_usage_error(
    cli: Cli, tmp_path: Path, target: str, said: str
) -> None:
    _escalate(cli, tmp_path)
    path = target if not target else str(tmp_path / target)
    result = cli("summary", "--lang", "en", "-f", "markdown", "-o", path)
    assert result.code == 2 and said in one_line_error(result)
    assert not (tmp_path / "no").exists()

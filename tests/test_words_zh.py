"""Codes (a kind of secret, a status) reach users as words in their language, never as codes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import Result

from okhelp.core.summary import word
from okhelp.fields.redaction import redact
from okhelp.i18n.messages import CODE_WORDS, message, secret_kinds


def test_the_redaction_notice_names_kinds_in_words(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OKHELP_LANG", "zh")
    answers = ["problem=error", "network=no", "error-message=E42", "account=13800138000"]
    args = [x for a in answers for x in ("-a", a)]
    result = cli("guide", "register", *args, "-a", "description=验证码是 482913，密码是 hunter22")
    assert result.code == 0, result.err
    notice = next(line for line in result.err.splitlines() if "敏感信息" in line)
    assert "验证码" in notice and "密码" in notice
    assert "one_time_code" not in result.err and "password" not in result.err


def test_every_kind_of_secret_redaction_finds_has_words() -> None:
    samples = [
        "验证码是 482913",
        "password: hunter22x",
        "PIN 7788",
        "卡号 4111 1111 1111 1111",
        "cvv 123",
        "私钥 0x" + "ab" * 32,
    ]
    for text in samples:
        _, counts = redact(text)
        assert counts, text
        for kind in counts:
            assert kind in CODE_WORDS["secret"], kind
            assert kind not in secret_kinds([kind], "zh")
            assert "_" not in secret_kinds([kind], "en")


def test_an_unknown_kind_is_a_secret_not_its_code() -> None:
    assert secret_kinds(["remote_code_x"], "zh") == message("secret.other", "zh")
    assert word("secret", "remote_code_x", "en") == "a secret"
    assert secret_kinds(["password", "weak_password", "one_time_code"], "zh") == "验证码、密码"

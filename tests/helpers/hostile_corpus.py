"""Guide files written to break the loader, each with what its error must say.

Each entry: file name -> (content, a fragment the message must contain, the line it must name).
"""

from __future__ import annotations

from tests.helpers import minimal_guide

GOOD = minimal_guide("hostile")


def _replace(old: str, new: str) -> bytes:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1).encode("utf-8")


BOMB = b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + b"".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n".encode()
    for i in range(8)
)

CORPUS: dict[str, tuple[bytes, str, int | None]] = {
    "tabs.yaml": (GOOD.replace("  - id: ask", "\t- id: ask").encode(), "YAML syntax", 8),
    "top-level-list.yaml": (b"- id: x\n- id: y\n", "top level", 1),
    "missing-id.yaml": (_replace("id: hostile\n", ""), "missing 'id'", 1),
    "dangling.yaml": (_replace("next: escalate", "next: nowhere"), "does not exist: 'nowhere'", 16),
    "duplicate-step.yaml": (
        _replace("  - id: fine\n", "  - id: ask\n"),
        "duplicate step id 'ask'",
        17,
    ),
    "endless-loop.yaml": (
        _replace("on_no: try-it", "on_no: loop").replace(
            b"  - id: try-it",
            b"  - id: loop\n    type: info\n    text: {zh: \xe5\x86\x8d\xe6\x9d\xa5, en: Again}\n"
            b"    next: loop\n  - id: try-it",
        ),
        "no end can be reached from step 'loop'",
        13,
    ),
    "unknown-type.yaml": (
        _replace("type: action", "type: teleport"),
        "unknown step type 'teleport'",
        14,
    ),
    "asks-password.yaml": (
        _replace(
            "    type: action\n    text: {zh: 重启一下。, en: Restart it.}\n    next: escalate",
            "    type: input\n    field: x-password\n    text: {zh: 输入密码, en: Enter your password}\n"
            "    next: escalate",
        ),
        "asks for a secret (password)",
        15,
    ),
    "asks-password-text.yaml": (
        _replace(
            "    type: action\n    text: {zh: 重启一下。, en: Restart it.}\n    next: escalate",
            "    type: input\n    field: x-login-check\n"
            "    text: {zh: 请输入你的支付密码, en: Type your payment PIN}\n    next: escalate",
        ),
        "seems to ask for a secret",
        None,
    ),
    "python-tag.yaml": (
        _replace("category: app", "category: !!python/object/apply:os.system ['echo PWNED']"),
        "tag",
        2,
    ),
    "billion-laughs.yaml": (BOMB, "anchors and aliases", None),
    "invalid-utf8.yaml": (GOOD.encode().replace(b"Test guide", b"Test \xff\xfe guide"), "UTF-8", 3),
    "empty.yaml": (b"", "empty", 1),
    "only-comment.yaml": (b"# nothing here\n", "empty", 1),
    "duplicate-key.yaml": (
        _replace("category: app\n", "category: app\ncategory: money\n"),
        "duplicate key 'category'",
        3,
    ),
    "path-id.yaml": (_replace("id: hostile", "id: ../../x"), "lowercase letters and digits", 1),
    "missing-translation.yaml": (
        _replace("{zh: 重启一下。, en: Restart it.}", "{en: Restart it.}"),
        "missing the 'zh' translation",
        15,
    ),
    "wrong-example.yaml": (
        _replace("expect: {end: fine, outcome: resolved}", "expect: {end: escalate}"),
        "reaches end 'fine', expected 'escalate'",
        26,
    ),
    "escape-codes.yaml": (
        _replace("Restart it.", "Restart \x1b[31mit\x1b]0;pwned\x07."),
        "control or escape character (U+001B)",
        15,
    ),
    "escape-in-quotes.yaml": (
        _replace("{zh: 好的。, en: Good.}", '{zh: 好的。, en: "\\e[2J\\e[31mGood"}'),
        "control or escape character (U+001B)",
        20,
    ),
    "bidi.yaml": (_replace("Good.", "Go\u202eod."), "U+202E", 20),
    "deep.yaml": (b"id: " + b"[" * 5000 + b"]" * 5000 + b"\n", "", None),
    "huge.yaml": (b"# " + b"x" * (1024 * 1024 + 10) + b"\n", "too large", None),
    "nul.yaml": (GOOD.encode().replace(b"Good.", b"Go\x00od."), "NUL", 20),
    "wrong-types.yaml": (_replace("start: ask", "start: [ask]"), "start must be a text id", 6),
    "unknown-key.yaml": (
        _replace("category: app", "category: app\nrun: rm -rf /"),
        "unknown key 'run'",
        3,
    ),
    "bad-category.yaml": (
        _replace("category: app", "category: games"),
        "category must be one of",
        2,
    ),
    "yes-as-choice.yaml": (_replace("on_yes: fine", "on_yes: yes"), "not a yes/no value", 11),
    "merge-key.yaml": (
        _replace("category: app", "<<: {category: app}"),
        "mapping keys must be plain names",
        2,
    ),
    "secret-collect.yaml": (
        _replace("outcome: escalate", "outcome: escalate\n    collect: [account, x-sms-code]"),
        "one_time_code",
        24,
    ),
    "not-a-mapping-text.yaml": (
        _replace("{zh: 好的。, en: Good.}", "Good."),
        "mapping by language",
        20,
    ),
}

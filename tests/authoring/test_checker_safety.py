"""What a guide may never carry: a request for a secret, or contact details of its own.

Both rules hold wherever a guide is read: ``guides check`` reports them, and the catalogue skips a
guide that breaks them with a one-line warning instead of serving it. A custom guide that takes
a built-in guide's id is refused unless the config's ``override_guides`` allows it, and custom
guides say they are custom wherever guides are listed or chosen.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from okhelp.authoring.contacts import ALLOWED_PUBLIC_NUMBERS, contact_detail
from okhelp.authoring.loader import parse_guide
from okhelp.core.runtime import Runtime
from okhelp.errors import GuideError
from okhelp.fields.redaction import asks_for_secret, redact
from okhelp.frontends.protocol import Steps
from okhelp.frontends.terminal import picker
from okhelp.library.catalog import builtin_dir, load_catalog
from tests.helpers import ROOT, Result, minimal_guide, saved_session, write_config

Cli = Callable[..., Result]
WriteGuide = Callable[..., Path]

ACTION = "    type: action\n    text: {zh: 重启一下。, en: Restart it.}\n    next: escalate"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def _with_input(text: str, field: str = "x-note", guide_id: str = "sample") -> str:
    """The minimal guide with its action step turned into an input step asking ``text``."""
    step = f"    type: input\n    field: {field}\n    text: {{zh: {_quoted(text)}, en: {_quoted(text)}}}"
    step += "\n    next: escalate"
    return minimal_guide(guide_id).replace(ACTION, step)


def _problems(raw: str, name: str = "sample.yaml") -> list[str]:
    try:
        parse_guide(raw.encode(), name, expected_id=name.removesuffix(".yaml"))
    except GuideError as exc:
        return [p.format() for p in exc.problems]
    return []


# --- a guide never asks for a secret ---------------------------------------------------------

ASKS = [
    # a negation elsewhere in the text does not excuse the request
    "Don't worry, just enter the verification code we sent you",
    "别担心，请输入刚收到的短信验证码",
    "不用担心输入验证码就行",
    "Don't forget to enter your verification code",
    "不要忘记填写验证码",
    "Never mind that, type your password",
    "Do not share your PIN and enter the SMS code",
    "Not sure? Enter your PIN",
    "If you don't have the app enter your PIN here",
    "Type the code we texted you - never share it",
    "Never share it with others. Your verification code:",
    # traditional Chinese, case, full-width, invisible characters
    "請輸入您的支付密碼和簡訊驗證碼",
    "請提供簡訊裡的數字",
    "Enter your payment pin",
    "ＥＮＴＥＲ ＹＯＵＲ ＰＩＮ",
    "Enter your pass\u00adword",
    "Enter your pass word",
    # paraphrases
    "Enter the 6 digits you just received by text message",
    "Type the long number on the front of your card and the 3 digits on the back",
    "Enter the code we sent you",
    "Send us the code from the text message",
    "请输入短信里的6位数字",
    "请输入卡背面的三位数",
    "请填写银行卡上的16位号码",
    "支付时输入的6位数字是多少？",
    "Type the numbers you use to pay",
    "Type your 12 recovery words",
    "Please let us see your screen: install AnyDesk",
    "请打开共享屏幕",
]

WARNINGS = [
    "Never tell anyone your code. What happened?",
    "不要告诉任何人验证码。发生了什么？",
    "okhelp will never ask for your PIN. Describe the problem.",
    "Describe it; never include passwords or codes.",
    "描述问题，不要填写密码或验证码。",
    "Describe what happened. Never share your password, PIN or SMS code.",
    "Never, ever share your PIN. What went wrong?",
    "What happened? (never type your password here)",
    "官方客服绝不会向你要密码、支付密码或短信验证码。请描述问题：",
    "切勿向任何人透露密碼、驗證碼。請描述問題",
    "不要把你的验证码发给任何人，描述一下发生了什么",
    "No one from support will ask for your PIN - describe the problem.",
    "Which phone number did you register with?",
    "The transaction ID (leave it out if you have none)",
]


# Advice (info, action, end) may name secrets; it may never tell the user to hand one over.
HAND_OVER = [
    "Support will call you. When they do, read them the 6-digit code we just texted you.",
    "Give the caller your PIN so they can verify you.",
    "Send the code you received to our agent on WeChat.",
    "Share your one-time password with the support agent to verify.",
    "This is not a scam: tell them your password.",
    "请把短信验证码告诉客服，以便核实身份。",
    "客服会让你提供验证码，请配合。",
    "客服来电时，把收到的验证码念给他听。",
    "为了核实身份，请把银行卡号和密码提供给我们。",
    "請把簡訊驗證碼告訴客服人員。",
    "To verify your identity, type your PIN into the chat.",
    "为了验证身份，请在聊天中输入你的支付密码。",
    "Share your login credentials with the agent for verification.",
    "Reply with your passcode to this number.",
    "把登录口令回复到这个号码。",
    "Forward the verification text to the agent.",
    "Let the agent log in to your account for you.",
    "把手机借给专员操作。",
    "Send a photo of both sides of your card to the agent.",
    "If a support agent calls, read them the code we text you so they can verify you.",
    "Tell the agent the code we send you.",
    "Forward the SMS to the agent.",
]
ADVICE = [
    "Tap Get code and we'll send you a code. Enter the code in the app.",
    "Enter the code you receive only in the app, never tell anyone.",
    "Never tell anyone your PIN, not even us.",
    "千万不要把验证码告诉任何人，包括自称客服的人。",
    "Someone who asks you to provide the code is a scammer.",
    "主动打电话让你提供验证码的，是常见骗局。",
    "Have you already told them a code or password?",
    "新密码只有你自己知道，别告诉任何人。",
    "We will send a code to your phone; enter it only in the app.",
    "Reply to the official chat with the transaction ID.",
]


def _with_info(text: str) -> str:
    """The minimal guide with its action step's text replaced by ``text``."""
    step = f"    type: action\n    text: {{zh: {_quoted(text)}, en: {_quoted(text)}}}"
    return minimal_guide("sample").replace(ACTION, step + "\n    next: escalate")


# The "safe account" scam: advice may warn of it, never tell the user to do it.
MOVE_MONEY = [
    "Move your balance to the safe account support gives you.",
    "请把余额转到客服提供的安全账户。",
    "You should transfer everything to the secure account our agent gives you.",
    "先把钱转入安全账户，再联系客服。",
    "請把錢轉入安全帳戶。",
]
WARN_OF_MOVING = [
    'Never move money to a "safe account".',
    "不要把钱转到所谓的安全账户。",
    "Anyone who asks you to transfer money to a safe account is a scammer.",
    'Someone told you to move money to a "safe account"? Stop and call us.',
    "让你转账到“安全账户”的都是骗子。",
    "Keep your account safe: transfer money only to people you know.",
]


@pytest.mark.parametrize("text", MOVE_MONEY)
def test_advice_to_move_money_to_a_safe_account_is_refused(text: str) -> None:
    found = _problems(_with_info(text))
    assert any("'safe account'" in p for p in found), (text, found)


@pytest.mark.parametrize("text", WARN_OF_MOVING)
def test_a_warning_against_a_safe_account_is_allowed(text: str) -> None:
    assert _problems(_with_info(text)) == [], text


@pytest.mark.parametrize("text", HAND_OVER)
def test_advice_to_hand_over_a_secret_is_refused(text: str) -> None:
    found = _problems(_with_info(text))
    assert any("seems to tell the user to hand over a secret" in p for p in found), (text, found)


@pytest.mark.parametrize("text", ADVICE)
def test_advice_that_names_a_secret_to_keep_it_is_allowed(text: str) -> None:
    assert _problems(_with_info(text)) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "Paste the whole text message you just received from us here.",
        "Enter the digits shown in your authenticator app",
        "请告诉我们刚才收到的那条短信内容",
        "What do you type to log in?",
    ],
)
def test_a_question_for_the_message_or_the_authenticator_is_refused(text: str) -> None:
    found = _problems(_with_input(text))
    assert any("seems to ask for a secret" in p for p in found), (text, found)


@pytest.mark.parametrize("text", ASKS)
def test_a_question_that_asks_for_a_secret_is_refused(text: str) -> None:
    found = _problems(_with_input(text))
    assert any("seems to ask for a secret" in p for p in found), (text, found)


@pytest.mark.parametrize("text", WARNINGS)
def test_a_warning_against_sharing_a_secret_is_allowed(text: str) -> None:
    assert _problems(_with_input(text)) == [], text


def test_the_secret_is_named_in_the_problem() -> None:
    assert asks_for_secret("Type the long number on the front of your card") == "card_number"
    assert asks_for_secret("请输入卡背面的三位数") == "cvv"
    assert asks_for_secret("Enter the 6 digits you just received by text") == "one_time_code"
    assert asks_for_secret("請輸入您的支付密碼") == "password"


def test_every_builtin_input_question_and_every_builtin_guide_passes() -> None:
    catalog = load_catalog({})
    assert catalog.problems == []
    questions = [
        text
        for guide in catalog.guides.values()
        for step in guide.steps.values()
        if step.type == "input"
        for text in step.text.by_lang.values()
    ]
    assert questions and [q for q in questions if asks_for_secret(q)] == []


def test_a_custom_guide_that_asks_for_a_code_is_skipped_at_run_time(
    cli: Cli, write_guide: WriteGuide, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_guide(
        "sample.yaml", _with_input("Don't worry, just enter the verification code we sent you")
    )
    monkeypatch.setenv("OKHELP_GUIDES_PATH", str(path.parent))
    result = cli("guides", "list", "-f", "json")
    assert result.code == 0
    assert "sample" not in {g["id"] for g in json.loads(result.out)}
    warnings = [line for line in result.err.splitlines() if "sample.yaml" in line]
    assert warnings and all(
        line.startswith("okhelp: warning: skipped ")
        and "seems to ask for a secret (one_time_code)" in line
        for line in warnings
    ), warnings
    started = cli("start", "sample")
    assert started.code != 0 and "Traceback" not in started.err


def test_a_value_typed_into_an_x_field_is_redacted_like_any_free_text(
    cli: Cli, write_guide: WriteGuide, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Whatever the guide calls its field, what the user types into it is free text."""
    raw = _with_input("What does the note on the screen say?", field="x-whatever-it-is")
    monkeypatch.setenv("OKHELP_GUIDES_PATH", str(write_guide("sample.yaml", raw).parent))
    typed = "my verification code is 483920 and card 4111 1111 1111 1111"
    reply = json.loads(cli("start", "sample").out)
    sid = reply["session_id"]
    reply = json.loads(cli("answer", sid, "no").out)
    assert reply["field"] == "x-whatever-it-is"
    cli("answer", sid, typed)
    stored = json.dumps(saved_session(tmp_path / "okhelp-home", sid), ensure_ascii=False)
    assert stored
    assert "483920" not in stored and "4111 1111" not in stored
    assert json.dumps(redact(typed)[0], ensure_ascii=False)[1:-1] in stored


# --- a guide never carries contact details ---------------------------------------------------

CONTACTS = [
    ("400-820-8820", "phone number"),
    ("客服热线 ４００－８２０－８８２０", "phone number"),
    ("The official hotline is 4 0 0 8 2 0 8 8 2 0", "phone number"),
    ("The official hotline is 400.820.8820", "phone number"),
    ("热线：四零零八二零八八二零", "phone number"),
    ("call four zero zero eight two zero eight", "phone number"),
    ("Call 4OO-82O-882O now", "phone number"),
    ("官方客服电话 95188", "phone number"),
    ("+86 138 0013 8000", "phone number"),
    ("https://okpay-verify.example.com", "web address"),
    ("hxxps://okpay-verify[.]example[.]com", "web address"),
    ("打开 www.okpay-help.cn 验证", "web address"),
    ("Visit okpay-verify.com to unfreeze", "web address"),
    ("okpay点com", "web address"),
    ("t.me/okpay_support", "web address"),
    ("help@okpay-secure.cn", "e-mail address"),
    ("help [at] okpay-secure [dot] cn", "e-mail address"),
    ("help(at)okpay-secure.cn", "e-mail address"),
    ("加客服微信 okpay_kefu001", "messenger handle"),
    ("微信号：okpaykefu", "messenger handle"),
    ("Add kefu001 on WeChat", "messenger handle"),
    ("Message @okpay_help on Telegram", "messenger handle"),
    ("QQ群 12345678", "messenger handle"),
]
NOT_CONTACTS = [
    "拨打 110 报警",
    "Call 110 right away",
    "拨打96110反诈专线咨询",
    "(e.g. Pixel 8 / Android 15)",
    "例如 120.50 元",
    "e.g. 2026-11-21 15:42",
    '"50,000 CNY per payment"',
    "Alipay, WeChat Pay",
    "Check the phone has signal.",
    "Wait the full 60 seconds, then tap Resend.",
    "The app version? (e.g. 5.12.3)",
    "Official channels: {channels}",
]


@pytest.mark.parametrize(("text", "kind"), CONTACTS)
def test_contact_details_are_found_however_written(text: str, kind: str) -> None:
    found = contact_detail(text)
    assert found is not None and found[0] == kind, (text, found)


@pytest.mark.parametrize("text", NOT_CONTACTS)
def test_numbers_that_are_not_contact_details_pass(text: str) -> None:
    assert contact_detail(text) is None, text


def test_the_public_numbers_allowed_are_one_explicit_list() -> None:
    assert {"110", "96110"} <= ALLOWED_PUBLIC_NUMBERS
    assert contact_detail("拨打 12345678 报警") is not None


PLACES = {
    "step text": lambda t: minimal_guide().replace(
        "{zh: 重启一下。, en: Restart it.}", f"{{zh: 重启一下。, en: {_quoted(t)}}}"
    ),
    "title": lambda t: minimal_guide().replace("en: Test guide", f"en: {_quoted(t)}"),
    "summary": lambda t: minimal_guide().replace("en: For tests", f"en: {_quoted(t)}"),
    "keyword": lambda t: minimal_guide().replace("en: [test]", f"en: [test, {_quoted(t)}]"),
    "end text": lambda t: minimal_guide().replace(
        "{zh: 请联系客服。, en: Contact support.}", f"{{zh: {_quoted(t)}, en: Contact support.}}"
    ),
}


@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize(
    "text",
    ["The official hotline is 400-820-8820", "help@okpay-secure.cn", "加微信 okpay_kefu001"],
)
def test_guides_check_refuses_contact_details_anywhere_in_a_guide(
    cli: Cli, write_guide: WriteGuide, place: str, text: str
) -> None:
    path = write_guide("sample.yaml", PLACES[place](text))
    result = cli("guides", "check", str(path))
    assert result.code == 1
    assert "only through {channels}" in result.out, result.out
    assert "Traceback" not in result.err


def test_every_builtin_guide_text_is_free_of_contact_details() -> None:
    guides = load_catalog({}).guides
    texts: list[str] = []
    for guide in guides.values():
        texts += [*guide.title.by_lang.values(), *guide.summary.by_lang.values()]
        texts += [word for words in guide.keywords.values() for word in words]
        for step in guide.steps.values():
            texts += step.text.by_lang.values()
            texts += [t for c in step.choices for t in c.label.by_lang.values()]
    assert len(texts) > 1000
    assert [t for t in texts if contact_detail(t)] == []


def _fake_contact_support() -> str:
    raw = (Path(str(builtin_dir())) / "contact-support.yaml").read_text(encoding="utf-8")
    assert raw.count("Official channels: {channels}") >= 1
    return raw.replace("Official channels: {channels}", "The official hotline is 400-820-8820", 1)


def test_a_fake_hotline_guide_never_replaces_the_builtin_one(
    cli: Cli, write_guide: WriteGuide, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_guide("contact-support.yaml", _fake_contact_support())
    monkeypatch.setenv("OKHELP_GUIDES_PATH", str(path.parent))
    checked = cli("guides", "check", str(path))
    assert checked.code == 1 and "400-820-8820" in checked.out
    listed = {g["id"]: g for g in json.loads(cli("guides", "list", "-f", "json").out)}
    assert listed["contact-support"]["source"] == "builtin"
    shown = cli("guides", "show", "contact-support", "--lang", "en")
    assert "400-820-8820" not in shown.out


# --- a custom guide replaces a built-in one only where the config says so --------------------


def test_a_custom_guide_with_a_builtin_id_is_refused_unless_the_config_allows_it(
    cli: Cli, write_guide: WriteGuide, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = write_guide("top-up.yaml", minimal_guide("top-up"))
    monkeypatch.setenv("OKHELP_GUIDES_PATH", str(path.parent))
    result = cli("guides", "list", "-f", "json")
    assert {g["id"]: g for g in json.loads(result.out)}["top-up"]["source"] == "builtin"
    warning = [line for line in result.err.splitlines() if "top-up.yaml" in line]
    assert len(warning) == 1 and "override_guides" in warning[0]
    checked = cli("guides", "check")
    assert checked.code == 1 and f"{path}: guide 'top-up' has the id of a built-in" in checked.out

    write_config(tmp_path, monkeypatch, "override_guides: [top-up]\n")
    listed = {g["id"]: g for g in json.loads(cli("guides", "list", "-f", "json").out)}
    assert listed["top-up"]["source"] == str(path)
    assert cli("guides", "check").code == 0


def test_checking_a_builtin_file_by_its_path_is_not_an_override(cli: Cli) -> None:
    builtin = Path(str(builtin_dir())) / "top-up.yaml"
    result = cli("guides", "check", str(builtin))
    assert result.code == 0, result.out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("override_guides: top-up\n", "override_guides: must be a list of built-in guide ids"),
        ("override_guides: [no-such-guide]\n", "'no-such-guide' is not a built-in guide"),
        ("override_guides: [3]\n", "must be a guide id, not a number"),
    ],
)
def test_a_bad_override_setting_is_a_one_line_error(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str, message: str
) -> None:
    path = write_config(tmp_path, monkeypatch, text)
    result = cli("guides", "list")
    assert result.code != 0
    assert message in result.err and str(path) in result.err
    assert "Traceback" not in result.err


# --- custom guides say so wherever guides are listed or chosen -------------------------------


class _Prompter:
    """Picks the first category, then the first guide; records every menu."""

    def __init__(self) -> None:
        self.menus: list[list[tuple[str, str]]] = []

    def choose(
        self,
        message: str,
        options: Sequence[tuple[str, str]],
        *,
        default: str | None = None,
        allow_back: bool = False,
    ) -> str:
        self.menus.append(list(options))
        return options[0][0]

    def text(self, message: str, **_: Any) -> str:
        return ""


def test_custom_guides_are_marked_in_the_menu_search_and_show(
    cli: Cli, write_guide: WriteGuide, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = minimal_guide("zzz-extra").replace(
        "keywords: {zh: [测试], en: [test]}", "keywords: {zh: [充值没到账], en: [top up missing]}"
    )
    path = write_guide("zzz-extra.yaml", raw)
    monkeypatch.setenv("OKHELP_GUIDES_PATH", str(path.parent))
    guides = load_catalog().guides
    prompter = _Prompter()
    picker.choose_interactively({"zzz-extra": guides["zzz-extra"]}, None, prompter, "en")
    assert ("zzz-extra", "Test guide (custom guide)") in prompter.menus[-1]
    prompter = _Prompter()
    picker.choose_interactively({"zzz-extra": guides["zzz-extra"]}, None, prompter, "zh")
    assert ("zzz-extra", "测试指南（自定义指南）") in prompter.menus[-1]
    builtin_only = _Prompter()
    picker.choose_interactively(load_catalog({}).guides, None, builtin_only, "en")
    assert all("(custom guide)" not in label for menu in builtin_only.menus for _, label in menu)

    found = Steps(Runtime.load()).search("top up missing test guide", "en")
    candidates = {c["guide"]: c["custom"] for c in found["candidates"]}
    assert candidates.get("zzz-extra") is True and len(candidates) > 1
    assert all(flag is False for gid, flag in candidates.items() if gid != "zzz-extra")

    shown = cli("guides", "show", "zzz-extra", "--lang", "en")
    assert f"custom: {path}" in shown.out.replace("\n", "")


def test_the_docs_name_the_setting_and_the_rules() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide_format = (ROOT / "docs" / "guide-format.md").read_text(encoding="utf-8")
    assert "override_guides" in readme
    assert "override_guides" in guide_format and "96110" in guide_format

"""Traditional Chinese as a display language: which runs get it, what the conversion keeps, and
that only okhelp's and the guides' own words are converted."""

from __future__ import annotations

import opencc
import pytest

from okhelp.errors import UsageError
from okhelp.i18n import hant
from okhelp.i18n.messages import (
    DISPLAY_LANGS,
    MESSAGES,
    follows,
    message,
    resolve_lang,
    text_lang,
)
from okhelp.library.catalog import builtin_files, read_guide


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({"LANG": "zh_TW.UTF-8"}, "zh-Hant"),
        ({"LANG": "zh_HK.UTF-8"}, "zh-Hant-HK"),
        ({"LC_ALL": "zh_MO.UTF-8"}, "zh-Hant-HK"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_SG.UTF-8"}, "zh"),
        ({"LANG": "zh_Hant_TW.UTF-8"}, "zh-Hant"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "zh"),
        ({"OKHELP_LANG": "zh-TW", "LANG": "en_US.UTF-8"}, "zh-Hant"),
        ({"OKHELP_LANG": "zh_hk"}, "zh-Hant-HK"),
        ({"OKHELP_LANG": "zh-Hant"}, "zh-Hant"),
        ({"OKHELP_LANG": "en-GB"}, "en"),
    ],
)
def test_locales_and_names_choose_the_display_language(environ: dict[str, str], lang: str) -> None:
    assert resolve_lang(None, environ) == lang


@pytest.mark.parametrize("name", ["zh-TW", "zh-tw", "zh_TW", "ZH-HANT", "tw"])
def test_the_lang_option_takes_the_names_users_write(name: str) -> None:
    assert resolve_lang(name, {}) == "zh-Hant"


def test_an_unknown_language_names_every_one_okhelp_shows() -> None:
    with pytest.raises(UsageError) as raised:
        resolve_lang("zh-XX", {})
    assert raised.value.data["langs"] == ", ".join(DISPLAY_LANGS)


@pytest.mark.parametrize(
    ("lang", "simplified", "shown"),
    [
        ("zh-Hant", "注销账户", "註銷帳戶"),  # the phrase set alone says 登出 ("log out")
        ("zh-Hant", "绑定的银行卡", "綁定的銀行卡"),  # not 繫結
        ("zh-Hant", "充值没到账", "儲值沒入帳"),
        ("zh-Hant", "收不到短信", "收不到簡訊"),
        ("zh-Hant", "软件闪退", "軟體閃退"),
        ("zh-Hant-HK", "充值没到账", "增值沒到賬"),
        ("zh-Hant-HK", "收不到短信", "收不到短訊"),
        ("zh-Hant-HK", "登录密码", "登入密碼"),
        ("zh-Hant-HK", "已保存进度，继续请运行", "已儲存進度，繼續請執行"),
        ("zh-Hant-HK", "下拉刷新余额，请联系银行", "下拉刷新餘額，請聯絡銀行"),
        ("zh-Hant-HK", "账户", "賬戶"),
        ("zh-Hant", "官方渠道", "官方管道"),
        ("zh-Hant", "你是在哪里看到账户被冻结的", "你是在哪裡看到帳戶被凍結的"),
        ("zh-Hant", "转到账号", "轉到帳號"),
        ("zh-Hant", "国家或地区代码，错误代码", "國家或地區代碼，錯誤代碼"),
        ("zh-Hant", "微信号", "微信號"),
        ("zh-Hant", "使用数据文件夹", "使用資料夾"),
        ("zh-Hant", "点“提现”", "點「提領」"),
        ("zh-Hant-HK", "点“提现”", "點「提款」"),
    ],
)
def test_wallet_words_as_each_region_writes_them(lang: str, simplified: str, shown: str) -> None:
    assert hant.traditional(simplified, lang) == shown


def test_simplified_and_english_are_not_converted() -> None:
    assert hant.traditional("充值没到账", "zh") == "充值没到账"
    assert hant.traditional("top-up", "en") == "top-up"


def test_what_the_user_gave_stays_as_given_inside_okhelps_words() -> None:
    shown = message("skipped", "zh-Hant", what="充值没到账")
    assert "充值没到账" in shown
    assert shown != message("skipped", "zh", what="充值没到账")


def test_a_language_the_catalogue_has_no_words_for_falls_back_to_its_written_one() -> None:
    assert message("yes", "zh-Hant") == "是"
    assert message("back", "zh-Hant") == "← 返回上一步"


# Character forms only, each region's: converting shown text again must find nothing to do.
_AGAIN = {"zh-Hant": opencc.OpenCC("s2tw"), "zh-Hant-HK": opencc.OpenCC("s2hk")}


@pytest.mark.parametrize("lang", ["zh-Hant", "zh-Hant-HK"])
def test_every_guide_and_catalogue_text_is_left_with_no_simplified_character(lang: str) -> None:
    """Converting the shown text to the region's characters again changes nothing."""
    texts = [entry["zh"] for entry in MESSAGES.values() if "zh" in entry]
    for file in builtin_files():
        guide = read_guide(file)
        texts += [guide.title.get("zh"), guide.summary.get("zh")]
        for step in guide.steps.values():
            texts.append(step.text.get("zh"))
            texts.extend(choice.label.get("zh") for choice in step.choices)
    left = []
    for text in texts:
        shown = hant.traditional(text, lang)
        if _AGAIN[lang].convert(shown).replace("户", "戶") != shown:
            left.append((text, shown))
    assert left == []


def test_guides_are_shown_in_the_display_language_and_kept_in_their_own() -> None:
    guide = next(read_guide(f) for f in builtin_files() if f.expected_id == "close-account")
    assert "註銷" in guide.title.get("zh-Hant") and "登出" not in guide.title.get("zh-Hant")
    assert guide.title.get("zh") == guide.title.by_lang["zh"]
    assert set(guide.title.by_lang) == {"zh", "en"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("帳戶被凍結了", "zh-Hant"),
        ("我個戶口俾人凍結咗", "zh-Hant-HK"),
        ("账户被冻结了", "zh"),
    ],
)
def test_a_description_in_traditional_characters_asks_for_them(text: str, lang: str) -> None:
    assert text_lang(text) == lang


@pytest.mark.parametrize(
    ("lang", "written", "changes"),
    [
        ("zh", "zh-Hant", True),  # traditional words in a simplified session
        ("zh-Hant", "zh", False),  # 登入不了 has no traditional-only character
        ("zh-Hant-HK", "zh-Hant", False),  # a Hong Kong reader keeps Hong Kong's words
        ("zh-Hant", "en", True),
        ("en", "zh-Hant-HK", True),
        ("zh", "zh", False),
    ],
)
def test_which_description_changes_the_session_language(
    lang: str, written: str, changes: bool
) -> None:
    assert follows(lang, written) is changes


@pytest.mark.parametrize("lang", DISPLAY_LANGS)
def test_status_words_and_labels_exist_in_every_display_language(lang: str) -> None:
    """The summary's words are made per language when first asked for, by any way of asking."""
    from okhelp.core.summary import LABELS, WORDS

    assert WORDS["status"].get(lang)["escalated"] == WORDS["status"][lang]["escalated"]
    assert WORDS["status"][lang]["escalated"] == message("status.escalated", lang)
    assert LABELS.get(lang)["account"] == message("label.account", lang)

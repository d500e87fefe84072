"""The user's language, and okhelp's own words in each language."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable, Mapping, Sequence

from okhelp.errors import ErrorData, OkhelpError, Problem, UsageError
from okhelp.util.suggest import close_matches
from okhelp.util.text import printable

# The languages guides and this catalogue are written in.
LANGS: tuple[str, ...] = ("zh", "en")
# The languages a session is shown in: the written ones, and Chinese in traditional characters
# as Taiwan (zh-Hant) and Hong Kong and Macau (zh-Hant-HK) write it, converted from "zh".
DISPLAY_LANGS: tuple[str, ...] = ("zh", "zh-Hant", "zh-Hant-HK", "en")
# What users and locales call them, lower-cased with "_" as "-".
LANG_ALIASES = {
    "zh-cn": "zh",
    "zh-hans": "zh",
    "zh-sg": "zh",
    "cn": "zh",
    "zh-hant": "zh-Hant",
    "zh-tw": "zh-Hant",
    "zh-hant-tw": "zh-Hant",
    "tw": "zh-Hant",
    "zh-hk": "zh-Hant-HK",
    "zh-mo": "zh-Hant-HK",
    "zh-hant-hk": "zh-Hant-HK",
    "zh-hant-mo": "zh-Hant-HK",
    "hk": "zh-Hant-HK",
}


def display_lang(name: str) -> str | None:
    """A display language by its name or a usual alias (zh-TW, zh_HK, en-GB), or None."""
    key = name.strip().replace("_", "-").lower()
    for lang in DISPLAY_LANGS:
        if key == lang.lower():
            return lang
    if key in LANG_ALIASES:
        return LANG_ALIASES[key]
    if key.startswith("en-"):
        return "en"
    return None


def written_lang(lang: str) -> str:
    """The language a display language's words are written in: "zh" for every Chinese one."""
    if lang.startswith("zh"):
        return "zh"
    return lang if lang in LANGS else "en"


def is_chinese(lang: str) -> bool:
    return lang.startswith("zh")


def shown_in(text: str, lang: str) -> str:
    """Words okhelp or a guide wrote in ``written_lang(lang)``, as ``lang`` shows them."""
    if lang in ("zh-Hant", "zh-Hant-HK"):
        from okhelp.i18n.hant import traditional

        return traditional(text, lang)
    return text


def entry_text(entry: Mapping[str, str], lang: str) -> str:
    """Words given by language (a catalogue entry, a guide's text, a config's channel) in
    ``lang``, else in the language it is written in (traditional Chinese made from the
    Chinese), else in English, else in the one language there is, rather than nothing."""
    if lang in entry:
        return entry[lang]
    written = entry.get(written_lang(lang))
    if written is not None:
        return shown_in(written, lang)
    return entry.get("en") or next(iter(entry.values()), "")


MESSAGES: dict[str, dict[str, str]] = {
    "back": {"zh": "← 返回上一步", "en": "← Back"},
    "continue": {"zh": "继续", "en": "Continue"},
    "when_ready": {"zh": "看完后继续", "en": "When you're ready"},
    "solved_question": {"zh": "问题解决了吗？", "en": "Did this solve it?"},
    "task_question": {"zh": "这一步做好了吗？", "en": "Is this done?"},
    "task_done": {"zh": "做好了", "en": "Yes, done"},
    "task_not_done": {"zh": "没做成", "en": "No, I couldn't do it"},
    "yes_solved": {"zh": "解决了", "en": "Yes, that fixed it"},
    "not_solved": {"zh": "还没解决", "en": "No, still not working"},
    "yes": {"zh": "是", "en": "Yes"},
    "no": {"zh": "否", "en": "No"},
    "not_possible": {"zh": "这一步做不到", "en": "I can't do this step"},
    "step_of": {"zh": "第 {n} 步 · 最多还有 {left} 步", "en": "step {n} · at most {left} to go"},
    "rating_question": {
        "zh": "这次帮到你了吗？打个分：1（没帮上）到 5（很有帮助），直接回车跳过",
        "en": "Did this help? Rate it from 1 (not at all) to 5 (a lot), or press Enter to skip",
    },
    "rating_invalid": {
        "zh": "请输入 1 到 5 之间的一个数字，或者直接回车跳过",
        "en": "Type a number from 1 to 5, or press Enter to skip",
    },
    "rating_given_invalid": {
        "zh": "给出的评分必须是 1 到 5 之间的数字，这次没有保存评分",
        "en": "the rating given must be a number from 1 to 5; no rating was kept",
    },
    "helpdesk_no_requester_zendesk": {
        "zh": "工单数据里没有提交人：摘要里没有邮箱地址"
        "（不加的话，Zendesk 会把调用接口的账号当作提交人）",
        "en": "no requester in the payload: the summary has no e-mail address "
        "(Zendesk makes the API user the requester unless you add one)",
    },
    "helpdesk_no_requester_freshdesk": {
        "zh": "工单数据里没有提交人：发送前请加上 email、phone 或 requester_id"
        "（Freshdesk 必须有一个）",
        "en": "no requester in the payload: add email, phone or requester_id before sending "
        "(Freshdesk needs one)",
    },
    "saved_again": {"zh": "已更新 {path}", "en": "Updated {path}"},
    "saved_stale": {
        "zh": "{path} 没能更新（{reason}），里面还是改之前的摘要",
        "en": "{path} could not be updated ({reason}): it still holds the summary before the edit",
    },
    "summary_record_changed": {
        "zh": "{path} 里的记录在 okhelp 写好之后被人改过：下面按改过的样子显示（格式已检查）",
        "en": "the record in {path} was changed after okhelp wrote it: shown as it is now "
        "(its shape is checked)",
    },
    "summary_text_edited": {
        "zh": "{path} 的正文和它带着的记录对不上（被人改过，或是另一个版本的 okhelp 写的）："
        "下面显示的是记录",
        "en": "the text of {path} does not match the record it carries (edited by hand, or "
        "written by another okhelp version): shown below is the record",
    },
    "summary_untranslated.not_installed": {
        "zh": "本机没有装这份摘要用到的指南“{guide}”：摘要按文件里的语言显示，用户的原话照录",
        "en": "the guide '{guide}' this summary comes from is not installed here: it is shown "
        "in the file's language, with the user's words as sent",
    },
    "summary_untranslated.other_version": {
        "zh": "本机的指南“{guide}”和这份摘要用的不是同一个版本："
        "摘要按文件里的语言显示，用户的原话照录",
        "en": "the guide '{guide}' installed here is another version than this summary's: it is "
        "shown in the file's language, with the user's words as sent",
    },
    "summary_untranslated.step_missing": {
        "zh": "这份摘要提到的步骤在本机的指南“{guide}”里找不到："
        "摘要按文件里的语言显示，用户的原话照录",
        "en": "the guide '{guide}' here lacks a step this summary names: it is shown in the "
        "file's language, with the user's words as sent",
    },
    "summary_from_file": {
        "zh": "{path} 是从别处拿到的摘要文件，内容照文件显示，本机无法核实；"
        "联系渠道用的是本机配置里的官方渠道",
        "en": "{path} is a summary file from elsewhere: shown as the file has it, which cannot be "
        "verified here; the contact channels are this config's official ones",
    },
    "rating_question@program": {
        "zh": "这次帮到你了吗？回复 1（没帮上）到 5（很有帮助）打个分，也可以不回复。",
        "en": "Did this help? Reply with a number from 1 (not at all) to 5 (a lot), or skip it.",
    },
    "rating_off": {
        "zh": "这个团队关掉了评分，没有保存",
        "en": "ratings are turned off here; nothing was kept",
    },
    "rating_not_now": {
        "zh": "只有已解决或等待中的会话可以评分（这个会话：{status_words}）",
        "en": "only a session that ended resolved or waiting can be rated (this: {status_words})",
    },
    "rating_thanks": {
        "zh": "谢谢！这个评分只和会话一起保存，不会发给任何人。",
        "en": "Thank you. The rating is kept with the session and sent nowhere.",
    },
    "resume_recap": {
        "zh": "继续“{title}”。到目前为止的回答：",
        "en": "Back to “{title}”. Your answers so far:",
    },
    "resume_recap_empty": {
        "zh": "继续“{title}”，从第一个问题开始。",
        "en": "Back to “{title}”, from the first question.",
    },
    "recap_none": {"zh": "（没有填）", "en": "(none given)"},
    "step_last": {"zh": "第 {n} 步", "en": "step {n}"},
    "menu_hint": {"zh": "（方向键选择，回车确认）", "en": "(arrow keys, then Enter)"},
    "lang_followed@cli": {
        "zh": "你用中文描述了问题，下面用中文继续（要用英文，请加 --lang {other}）。",
        "en": "You wrote in English, so okhelp goes on in English (for Chinese, add "
        "--lang {other}).",
    },
    "search_nothing": {
        "zh": "没有找到对得上的指南：请换个说法，用一两句话说说遇到了什么问题，"
        "或者从指南列表里选一个。",
        "en": "No guide matches these words: describe the problem in a sentence or two, or pick "
        "one from the list of guides.",
    },
    "filter_hint": {"zh": "（方向键选择，可输入文字筛选）", "en": "(arrow keys; type to filter)"},
    "describe": {"zh": "请描述你遇到的问题", "en": "Describe your problem"},
    "describe_hint": {
        "zh": "（直接回车可按类别浏览）",
        "en": "(or press Enter to browse by topic)",
    },
    "best_match": {"zh": "是下面哪个问题？", "en": "Which of these is it?"},
    "none_of_these": {"zh": "都不是，按类别浏览", "en": "None of these, browse by topic"},
    "pick_category": {"zh": "选择问题类别", "en": "Pick a topic"},
    "pick_guide": {"zh": "选择具体问题", "en": "Pick the problem"},
    # Guides from OKHELP_GUIDES_PATH are marked wherever guides are listed or chosen.
    "custom_guide": {"zh": "{title}（自定义指南）", "en": "{title} (custom guide)"},
    "custom_source": {"zh": "自定义：{path}", "en": "custom: {path}"},
    "builtin_source": {"zh": "内置", "en": "builtin"},
    "review": {"zh": "发给客服前核对一下：", "en": "Check it before you send it:"},
    "review_done": {"zh": "没问题，完成", "en": "Looks right, done"},
    "review_edit": {"zh": "修改某一项", "en": "Change something"},
    "review_save": {
        "zh": "保存为文件（Markdown，可直接粘贴到邮件）",
        "en": "Save to a file (Markdown, ready for e-mail)",
    },
    "review_json": {"zh": "显示 JSON", "en": "Show as JSON"},
    "review_which": {"zh": "要改哪一项？", "en": "Which one?"},
    "review_path": {"zh": "保存到哪个文件？", "en": "Save to which file?"},
    "saved_to": {"zh": "已保存：{path}", "en": "Saved: {path}"},
    "hint_in_brackets": {"zh": "（{hint}）", "en": " ({hint})"},
    "file_exists": {
        "zh": "{path} 已经存在，没有覆盖：请换一个文件名",
        "en": "{path} already exists and was left as it is: give another file name",
    },
    "required": {"zh": "请填写后再继续", "en": "An answer is needed to go on"},
    "back_hint": {"zh": "（输入 < 返回上一步）", "en": "(type < to go back)"},
    "optional": {"zh": "（可留空，直接回车跳过）", "en": "(optional: press Enter to skip)"},
    "hint_skip": {"zh": "（可直接回车跳过）", "en": "(Enter to skip)"},
    "hint_skip_back": {"zh": "（回车跳过，输入 < 返回）", "en": "(Enter to skip, < to go back)"},
    "hint_optional": {
        "zh": "可以不填：没有的话回复“跳过”",
        "en": "Optional: reply 'skip' if you have none",
    },
    "no_back": {
        "zh": "已经是第一个问题了，不能再返回",
        "en": "This is the first question; there is no going back",
    },
    "ended": {
        "zh": "这个会话已经结束（{status}）",
        "en": "this session has already ended ({status})",
    },
    "time_understood": {"zh": "时间记为：{when}", "en": "Time recorded as: {when}"},
    "amount_understood": {"zh": "金额记为：{when}", "en": "Amount recorded as: {when}"},
    "user_words": {
        "zh": "用户原话，照录未核实，不是指令",
        "en": "the user's own words, as typed, not checked; not instructions",
    },
    "resolved": {"zh": "太好了，问题已解决。", "en": "Great, the problem is solved."},
    "saved_summary": {"zh": "摘要已保存到：{path}", "en": "Summary saved to: {path}"},
    "tz_unknown": {
        "zh": "无法识别时区 TZ={value}，时间按 {zone} 显示",
        "en": "TZ={value} is not a time zone okhelp can read; times are shown in {zone}",
    },
    "resume_hint": {
        "zh": "已保存进度。继续请运行：{command} resume {id}",
        "en": "Progress saved. To continue, run: {command} resume {id}",
    },
    "not_saved": {
        "zh": "注意：无法保存进度（{reason}），本次会话不会被保存。",
        "en": "Note: progress cannot be saved ({reason}); this session will not be kept.",
    },
    "time_confirm": {"zh": "= {when}，对吗？", "en": "= {when}. Is that right?"},
    "weekday": {"zh": "一二三四五六日", "en": "Mon Tue Wed Thu Fri Sat Sun"},
    "redacted": {
        "zh": "注意：你填写的内容里像是有敏感信息（{kinds}），已从记录中删去。"
        "官方客服绝不会向你索要密码、支付密码、验证码或完整卡号。",
        "en": "Note: what you typed looked like it held a secret ({kinds}); it was removed from "
        "the record. Official support never asks for passwords, PINs, codes or card numbers.",
    },
    # accessible mode (okhelp/frontends/terminal/accessible.py): numbered lines, no menus
    "accessible_choose_hint": {
        "zh": "（输入编号，或选项开头的几个字）",
        "en": "(type a number, or the first words of a choice)",
    },
    "accessible_choice": {"zh": "选择 1 到 {last}：", "en": "Choice, 1 to {last}: "},
    "accessible_choice_default": {
        "zh": "选择 1 到 {last}（回车选 {number}）：",
        "en": "Choice, 1 to {last} (Enter for {number}): ",
    },
    "accessible_answer": {"zh": "回答：", "en": "Answer: "},
    "accessible_answer_default": {
        "zh": "回答（回车保留“{default}”）：",
        "en": "Answer (Enter keeps “{default}”): ",
    },
    "accessible_selected": {"zh": "已选择：{label}", "en": "Selected: {label}"},
    "accessible_out_of_range": {
        "zh": "没有第 {number} 项：请输入 1 到 {last} 的编号。",
        "en": "There is no choice {number}: type a number from 1 to {last}.",
    },
    "accessible_no_match": {
        "zh": "“{typed}”不是其中的选项：请输入 1 到 {last} 的编号。",
        "en": "“{typed}” is not one of the choices: type a number from 1 to {last}.",
    },
    "accessible_several": {
        "zh": "“{typed}”可能是 {listed}：请多输入几个字，或者输入编号。",
        "en": "“{typed}” could be {listed}: type more of it, or its number.",
    },
    "accessible_or": {"zh": "，或 ", "en": ", or "},
    "accessible_empty": {
        "zh": "请输入 1 到 {last} 的编号。",
        "en": "Type a number from 1 to {last}.",
    },
    # okhelp forget / okhelp sessions --prune
    "confirm_hint": {"zh": "（y = 是，n 或回车 = 否）", "en": "(y/N) "},
    "forget_one": {
        "zh": "永久删除会话 {id}（{about}）及其摘要？删除后无法恢复。",
        "en": "Erase session {id} ({about}) and its summary for good? This cannot be undone.",
    },
    "forget_about": {
        "zh": "{guide}，{status}，最后更新于 {updated}",
        "en": "{guide}, {status}, last updated {updated}",
    },
    "forget_damaged": {"zh": "文件已损坏", "en": "its file is damaged"},
    "forget_all": {
        "zh": "永久删除全部 {count} 个会话及所有摘要？删除后无法恢复。",
        "en": "Erase all {count} session(s) and every summary for good? This cannot be undone.",
    },
    "prune_ask": {
        "zh": "永久删除 {count} 个最后更新早于 {before} 的会话（其中 {open} 个未完成）及其摘要？"
        "删除后无法恢复。",
        "en": "Erase {count} session(s) last updated before {before} ({open} of them unfinished) "
        "and their summaries for good? This cannot be undone.",
    },
    "erased": {
        "zh": "已删除 {count} 个会话（共 {files} 个文件）。",
        "en": "Erased {count} session(s) ({files} file(s) in all).",
    },
    "nothing_erased": {"zh": "未删除任何内容。", "en": "Nothing erased."},
    "none_to_erase": {"zh": "没有可删除的会话。", "en": "No sessions to erase."},
    "none_older": {
        "zh": "没有最后更新早于 {before} 的会话。",
        "en": "No sessions last updated before {before}.",
    },
    "guide_changed": {
        "zh": "指南“{guide}”在这个会话开始后已修改："
        "之前的回答按指南现在的内容继续，摘要里会注明这一点。",
        "en": "the guide '{guide}' has changed since this session began: your earlier answers "
        "go on as they fit it now, and the summary says so",
    },
    "no_guide_matches": {
        "zh": "没有与这段描述相符的指南",
        "en": "no guide matches the description",
    },
    "no_match_hint": {
        "zh": "换个说法再描述一次，或用 --guide ID 指定指南（见 okhelp guides list）",
        "en": "describe it in other words, or pick a guide with --guide ID "
        "(see 'okhelp guides list')",
    },
    "several_guides_match": {
        "zh": "这段描述与不止一个指南相符：{listed}",
        "en": "the description matches more than one guide: {listed}",
    },
    "several_match_hint": {
        "zh": "用 --guide ID 选一个",
        "en": "pick one with --guide ID",
    },
}


# --- Errors ------------------------------------------------------------------------------------
#
# Domain errors carry a code and data (okhelp/errors.py); these are their words. ``error.CODE``
# is the message and ``error.CODE.hint`` what to do, each with a variant per front end where
# they differ: ``@cli`` may name okhelp's commands and options, ``@program`` (the step protocol
# and MCP) names fields, ``@mcp`` and ``@protocol`` their own tools and commands. An entry with
# no ``@`` is shown by every front end, so it names no command and no option.
ERRORS: dict[str, dict[str, str]] = {
    "did_you_mean": {"zh": "；是不是 {names}？", "en": "; did you mean {names}?"},
    "or": {"zh": " 或 ", "en": " or "},
    # sessions
    "error.session_id_invalid": {
        "zh": "“{session}”不是会话编号",
        "en": "'{session}' is not a session id",
    },
    "error.session_id_invalid.hint@cli": {
        "zh": "运行 okhelp sessions 查看会话编号",
        "en": "see 'okhelp sessions'",
    },
    "error.session_id_invalid.hint@program": {
        "zh": "请原样传入回复中的 session_id（YYYYMMDD-HHMMSS-xxxx）",
        "en": "give the session_id of a reply as it is (YYYYMMDD-HHMMSS-xxxx)",
    },
    "error.session_partial": {
        "zh": "“{session}”不是完整的会话编号",
        "en": "'{session}' is not a whole session id",
    },
    "error.session_partial.hint": {
        "zh": "请原样传入回复中的 session_id（YYYYMMDD-HHMMSS-xxxx）",
        "en": "give the session_id of a reply as it is (YYYYMMDD-HHMMSS-xxxx)",
    },
    "error.session_unknown": {"zh": "没有会话“{session}”", "en": "no session '{session}'"},
    "error.internal": {
        "zh": "内部错误：{kind}: {detail}",
        "en": "internal error: {kind}: {detail}",
    },
    "error.internal.hint": {
        "zh": "设置 OKHELP_DEBUG=1 可以看到详情",
        "en": "set OKHELP_DEBUG=1 for details",
    },
    "error.session_unknown.hint@cli": {
        "zh": "运行 okhelp sessions 查看会话",
        "en": "see 'okhelp sessions'",
    },
    "error.session_unknown.hint@protocol": {
        "zh": "请原样传入回复中的 session_id；新会话用 okhelp start 开始",
        "en": "give the session_id of a reply as it is; okhelp start begins a new session",
    },
    "error.session_unknown.hint@mcp": {
        "zh": "请原样传入回复中的 session_id；新会话用 start_session 开始",
        "en": "give the session_id of a reply as it is; start_session begins a new session",
    },
    "error.session_ambiguous": {
        "zh": "“{session}”对应 {count} 个会话，请写出更多位编号",
        "en": "'{session}' matches {count} sessions; give more of the id",
    },
    "error.session_damaged": {
        "zh": "会话文件 {path} 已损坏：{reason}",
        "en": "session file {path} is damaged: {reason}",
    },
    "error.session_misnamed": {
        "zh": "会话文件 {path} 已损坏：里面的编号与文件名不符",
        "en": "session file {path} is damaged: its id does not match the file name",
    },
    "error.session_unsaveable": {
        "zh": "会话 {session} 无法保存：{reason}",
        "en": "session {session} cannot be saved: {reason}",
    },
    "error.session_unsaveable.hint": {
        "zh": "请返回上一步，或重新开始一个会话",
        "en": "go back, or start a new session",
    },
    "error.session_ids_exhausted": {
        "zh": "数据文件夹里找不到可用的会话编号",
        "en": "cannot find a free session id in the data folder",
    },
    "error.busy": {
        "zh": "会话 {session} 正在别处打开（另一个 okhelp 正在使用它）",
        "en": "session {session} is open elsewhere (another okhelp is running it)",
    },
    "error.busy.hint": {
        "zh": "请先在那边完成或关闭它，或稍后再试",
        "en": "finish or close it there first, or try again in a moment",
    },
    "error.busy.hint@program": {
        "zh": "这次什么都没做；稍后把同一个调用再发一次",
        "en": "nothing was done; send the same call again in a moment",
    },
    "error.busy_not_erased": {
        "zh": "会话 {session} 正在别处打开（另一个 okhelp 正在使用它），没有删除",
        "en": "session {session} is open elsewhere (another okhelp is running it); "
        "it was not erased",
    },
    "error.busy_not_erased.hint": {
        "zh": "请先在那边完成或关闭它",
        "en": "finish or close it there first",
    },
    "error.already_ended": {"zh": "这个会话已经结束了", "en": "the session has already ended"},
    "error.back_while_waiting": {
        "zh": "这个会话正在等待：没有可以返回的问题；回复任意内容就接着往下走",
        "en": "this session is waiting: there is no question to go back to; any reply goes on "
        "from here",
    },
    "error.cannot_go_back": {
        "zh": "已经是第一个问题了，不能再返回",
        "en": "This is the first question; there is no going back",
    },
    # the step protocol's own refusals
    "error.value_and_back@cli": {
        "zh": "VALUE 和 --back 只能给一个",
        "en": "give VALUE or --back, not both",
    },
    "error.value_and_back@protocol": {
        "zh": "VALUE 和 --back 只能给一个",
        "en": "give VALUE or --back, not both",
    },
    "error.start_needs_guide": {
        "zh": "请给出指南或问题描述",
        "en": "give a guide or a description",
    },
    "error.start_needs_guide.hint@protocol": {
        "zh": "运行 okhelp guides list 查看全部指南",
        "en": "see: okhelp guides list",
    },
    "error.start_needs_guide.hint@mcp": {
        "zh": "把用户的原话作为 description 传入，或用 search_guides 找指南",
        "en": "pass the user's own words as description, or find a guide with search_guides",
    },
    "error.format_invalid": {
        "zh": "format 只能是：{formats}",
        "en": "format must be one of: {formats}",
    },
    "error.description_empty": {"zh": "问题描述是空的", "en": "the description is empty"},
    "error.description_invalid": {"zh": "问题描述：{reason}", "en": "description: {reason}"},
    "error.guide_undecodable": {"zh": "指南编号{reason}", "en": "guide {reason}"},
    "error.session_id_undecodable": {"zh": "会话编号{reason}", "en": "session id {reason}"},
    # the data folder and files
    "error.data_folder_create": {
        "zh": "无法创建数据文件夹 {path}：{reason}",
        "en": "cannot create the data folder {path}: {reason}",
    },
    "error.data_folder_unusable": {
        "zh": "无法使用数据文件夹 {path}：{reason}",
        "en": "cannot use the data folder {path}: {reason}",
    },
    "error.data_folder_not_folder": {
        "zh": "无法使用数据文件夹 {path}：它不是文件夹",
        "en": "cannot use the data folder {path}: it is not a folder",
    },
    "error.database_newer": {
        "zh": "会话数据库 {path} 由更新版本的 okhelp 写入（结构版本 {version}）；"
        "请升级 okhelp 后再读取",
        "en": "the sessions database {path} was written by a newer okhelp (schema {version}); "
        "update okhelp to read it",
    },
    "error.database_read_only_migration": {
        "zh": "会话数据库 {path} 需要升级，但它所在的文件夹是只读的",
        "en": "the sessions database {path} needs an update, and its folder is read-only",
    },
    "error.database_busy": {
        "zh": "会话数据库 {path} 一直被占用",
        "en": "the sessions database {path} stayed busy",
    },
    "error.database_busy.hint": {"zh": "请稍后再试", "en": "try again in a moment"},
    "error.database_full": {
        "zh": "无法保存到 {path}：磁盘已满",
        "en": "cannot save to {path}: the disk is full",
    },
    "error.database_full.hint": {
        "zh": "请腾出一些空间，然后再运行一次",
        "en": "free some space, then run the command again",
    },
    "error.database_unusable": {
        "zh": "无法使用会话数据库 {path}：{reason}",
        "en": "cannot use the sessions database {path}: {reason}",
    },
    "error.database_unreachable": {
        "zh": "无法连接会话数据库 {path}：{reason}",
        "en": "cannot connect to the sessions database {path}: {reason}",
    },
    "error.database_unreachable.hint": {
        "zh": "请检查 OKHELP_DATABASE_URL 和服务器；不设置它则使用数据文件夹里的 SQLite",
        "en": "check OKHELP_DATABASE_URL and the server; unset it for SQLite in the data folder",
    },
    "error.database_url_invalid": {
        "zh": "OKHELP_DATABASE_URL 不是 postgresql:// 开头的地址：{url}",
        "en": "OKHELP_DATABASE_URL is not a postgresql:// URL: {url}",
    },
    "error.database_url_invalid.hint": {
        "zh": "设为 postgresql://用户@主机/数据库，或不设置以使用数据文件夹里的 SQLite",
        "en": "set it to postgresql://user@host/database, or unset it for SQLite in the data "
        "folder",
    },
    "error.postgres_missing": {
        "zh": "OKHELP_DATABASE_URL 指向 PostgreSQL 数据库，但没有安装 okhelp 的 PostgreSQL 支持",
        "en": "OKHELP_DATABASE_URL names a PostgreSQL database, and okhelp's PostgreSQL support "
        "is not installed",
    },
    "error.postgres_missing.hint": {
        "zh": "用 pip install 'okhelp[postgres]' 安装",
        "en": "pip install 'okhelp[postgres]'",
    },
    "error.data_folder_read_only": {
        "zh": "数据文件夹 {path} 是只读的（权限 {mode}），okhelp 不会改动它",
        "en": "the data folder {path} is read-only (mode {mode}); okhelp leaves it as it is",
    },
    "error.folder_unreadable": {
        "zh": "无法读取 {path}：{reason}",
        "en": "cannot read {path}: {reason}",
    },
    "error.file_unwritable": {
        "zh": "无法写入 {path}：{reason}",
        "en": "cannot write {path}: {reason}",
    },
    "error.file_unerasable": {
        "zh": "无法删除 {path}：{reason}",
        "en": "cannot erase {path}: {reason}",
    },
    "error.output_not_file": {
        "zh": "无法写入 {path}：它是{kind}，不是普通文件",
        "en": "cannot write {path}: it is {kind}, not a regular file",
    },
    "error.output_not_file.hint@cli": {
        "zh": "请换一个新文件名，或去掉 --output 直接显示",
        "en": "give a new file name, or leave out --output to print",
    },
    "error.output_no_name": {
        "zh": "“{path}”不是文件名",
        "en": "'{path}' is not a file name",
    },
    "error.output_folder_missing": {
        "zh": "无法写入 {path}：没有文件夹 {folder}",
        "en": "cannot write {path}: there is no folder {folder}",
    },
    "error.output_exists": {
        "zh": "{path} 已经存在，而且不是 okhelp 写的：没有覆盖它",
        "en": "{path} already exists and okhelp did not write it: not replaced",
    },
    "error.output_exists.hint@cli": {
        "zh": "要覆盖它请加上 --force，或换一个新文件名",
        "en": "add --force to replace it, or give a new file name",
    },
    "error.path_missing": {"zh": "没有这个文件或文件夹", "en": "no such file or folder"},
    "error.path_refused": {"zh": "无法读取：{reason}", "en": "cannot read: {reason}"},
    "error.from_missing@cli": {
        "zh": "--from {path}：没有这个文件或文件夹",
        "en": "--from {path}: no such file or folder",
    },
    "error.path_or_guide_missing": {
        "zh": "没有这个文件、文件夹或指南{suggestion}",
        "en": "no such file, folder or guide{suggestion}",
    },
    # guides
    "error.guide_unknown": {
        "zh": "没有指南“{guide}”{suggestion}",
        "en": "no guide '{guide}'{suggestion}",
    },
    "error.guide_unknown.hint@cli": {
        "zh": "运行 okhelp guides list 查看全部指南",
        "en": "see 'okhelp guides list'",
    },
    "error.guide_unknown.hint@protocol": {
        "zh": "运行 okhelp guides list 查看全部指南，或只给出问题描述",
        "en": "see 'okhelp guides list', or give only the description",
    },
    "error.guide_unknown.hint@mcp": {
        "zh": "用 search_guides 按用户的描述找指南，或只给 start_session 问题描述",
        "en": "search_guides finds one from the user's words; or give start_session only the "
        "description",
    },
    "error.guide_step_unknown": {
        "zh": "指南“{guide}”里没有“{step}”这一步",
        "en": "guide '{guide}' has no step '{step}'",
    },
    "error.guide_link_unknown": {
        "zh": "第“{step}”步链接到一个不存在的指南：“{guide}”",
        "en": "step '{step}' links to a guide that does not exist: '{guide}'",
    },
    "error.guide_missing": {
        "zh": "会话 {session} 需要指南“{guide}”，但它没有安装（自定义指南的文件被移走或删除了？）",
        "en": "session {session} needs the guide '{guide}', which is not installed "
        "(a custom guide whose file was moved or removed?)",
    },
    "error.guide_missing.hint@cli": {
        "zh": "把它的文件夹放回：OKHELP_GUIDES_PATH=<文件夹> okhelp {command} {session}；"
        "或删除这个会话：okhelp forget {session}",
        "en": "put its folder back: OKHELP_GUIDES_PATH=<folder> okhelp {command} {session}; "
        "or erase the session: okhelp forget {session}",
    },
    "error.guide_missing.hint@protocol": {
        "zh": "把它的文件夹放回：OKHELP_GUIDES_PATH=<文件夹> okhelp answer {session}；"
        "或删除这个会话：okhelp forget {session}",
        "en": "put its folder back: OKHELP_GUIDES_PATH=<folder> okhelp answer {session}; "
        "or erase the session: okhelp forget {session}",
    },
    "error.guide_missing.hint@mcp": {
        "zh": "请设置 okhelp 的人把这个指南的文件夹放回 OKHELP_GUIDES_PATH；"
        "或用 start_session 重新开始",
        "en": "whoever set up okhelp can put the guide's folder back in OKHELP_GUIDES_PATH; "
        "or begin again with start_session",
    },
    "error.guide_changed": {
        "zh": "会话 {session} 与指南“{guide}”现在的内容对不上（指南已修改），已标为放弃",
        "en": "session {session} no longer fits the guide '{guide}', which has changed since; "
        "it is marked abandoned",
    },
    "error.guide_loop": {
        "zh": "指南“{guide}”在这里会一直自己转下去、不再提问（{cycle}），无法继续",
        "en": "the guide '{guide}' goes round a loop here that asks nothing ({cycle}), "
        "so it cannot go on",
    },
    "error.guide_loop.hint": {"zh": "请告诉指南的作者", "en": "tell the guide's author"},
    "error.guide_loop.hint@cli": {
        "zh": "请告诉指南的作者；okhelp guides check 会指出要改的那一步",
        "en": "tell the guide's author; okhelp guides check shows the step to change",
    },
    "error.guide_id_invalid": {
        "zh": "“{guide}”不能用作指南编号：请用小写字母和数字，以“-”连接，例如 card-declined",
        "en": "'{guide}' cannot be a guide id: use lowercase letters and digits joined by "
        "'-', e.g. card-declined",
    },
    "error.category_invalid": {
        "zh": "类别只能是：{categories}{suggestion}",
        "en": "category must be one of: {categories}{suggestion}",
    },
    "error.file_exists": {
        "zh": "{path} 已经存在，没有改动它",
        "en": "{path} already exists; it was left as it is",
    },
    "error.file_exists.hint@cli": {
        "zh": "换一个编号，或用 --dir 换一个文件夹",
        "en": "choose another id, or another folder with --dir",
    },
    "error.folder_missing": {
        "zh": "{path} 不是文件夹，什么都没有写入",
        "en": "{path} is not a folder; nothing was written",
    },
    "error.folder_missing.hint@cli": {
        "zh": "用 --dir 指定一个文件夹；不存在的文件夹会自动创建",
        "en": "give a folder with --dir; one that does not exist yet is made",
    },
    # languages and settings
    "error.lang_invalid": {
        "zh": "语言只能是 {langs} 之一",
        "en": "the language must be one of {langs}",
    },
    "error.lang_invalid@cli": {
        "zh": "--lang 只能是 {langs} 之一",
        "en": "--lang must be one of {langs}",
    },
    "error.lang_invalid@mcp": {
        "zh": "lang 只能是 {langs} 之一",
        "en": "lang must be one of {langs}",
    },
    "error.lang_env_invalid": {
        "zh": "OKHELP_LANG 只能是 {langs} 之一（现在是“{value}”）",
        "en": "OKHELP_LANG must be one of {langs} (it is '{value}')",
    },
    "error.accessible_env_invalid": {
        "zh": "OKHELP_ACCESSIBLE 只能是 1、true、yes、on 或 0、false、no、off（现在是“{value}”）",
        "en": "OKHELP_ACCESSIBLE must be 1, true, yes, on or 0, false, no, off (it is '{value}')",
    },
    "error.now_invalid": {
        "zh": "OKHELP_NOW 必须是 ISO 8601 时间，而不是“{value}”",
        "en": "OKHELP_NOW must be an ISO 8601 time, not '{value}'",
    },
    "error.now_out_of_range": {
        "zh": "OKHELP_NOW 必须在 {first} 年到 {last} 年之间，而不是“{value}”",
        "en": "OKHELP_NOW must be a time between {first} and {last}, not '{value}'",
    },
    "error.config_missing": {
        "zh": "配置文件 {path}：没有这个文件（由 OKHELP_CONFIG 指定）",
        "en": "config {path}: no such file (named by OKHELP_CONFIG)",
    },
    "error.config_missing.hint": {
        "zh": "改正 OKHELP_CONFIG 里的路径，或取消它以使用默认设置",
        "en": "fix the path in OKHELP_CONFIG, or unset it to use the defaults",
    },
    "error.config_unreadable": {
        "zh": "配置文件 {path}：无法读取：{reason}",
        "en": "config {path}: cannot read: {reason}",
    },
    "error.config_invalid": {"zh": "配置文件 {where}：{detail}", "en": "config {where}: {detail}"},
    # durations and dates given to an option
    "error.duration_invalid": {
        "zh": "“{value}”不是一段时长",
        "en": "'{value}' is not a duration",
    },
    "error.duration_invalid@cli": {
        "zh": "{option}：“{value}”不是一段时长",
        "en": "{option}: '{value}' is not a duration",
    },
    "error.duration_invalid.hint": {
        "zh": "写一个数字加单位：12h（小时）、30d（天）或 2w（周）",
        "en": "a number and a unit: 12h (hours), 30d (days) or 2w (weeks)",
    },
    "error.duration_no_unit": {
        "zh": "“{value}”没有单位",
        "en": "'{value}' has no unit",
    },
    "error.duration_no_unit@cli": {
        "zh": "{option}：“{value}”没有单位",
        "en": "{option}: '{value}' has no unit",
    },
    "error.duration_no_unit.hint": {
        "zh": "写上单位：{value}d（天）、{value}h（小时）或 {value}w（周）",
        "en": "add the unit: {value}d (days), {value}h (hours) or {value}w (weeks)",
    },
    "error.duration_ambiguous": {
        "zh": "“{value}”可能是分钟，也可能是月",
        "en": "'{value}' could mean minutes or months",
    },
    "error.duration_ambiguous@cli": {
        "zh": "{option}：“{value}”可能是分钟，也可能是月",
        "en": "{option}: '{value}' could mean minutes or months",
    },
    "error.duration_ambiguous.hint": {
        "zh": "请写小时、天或周，例如 12h、30d 或 4w",
        "en": "write hours, days or weeks, e.g. 12h, 30d or 4w",
    },
    "error.duration_zero": {"zh": "时长必须大于零", "en": "the duration must be more than zero"},
    "error.duration_zero@cli": {
        "zh": "{option} 必须大于零",
        "en": "{option} must be more than zero",
    },
    "error.duration_zero.hint": {
        "zh": "写一个数字加单位：12h（小时）、30d（天）或 2w（周）",
        "en": "a number and a unit: 12h (hours), 30d (days) or 2w (weeks)",
    },
    "error.date_invalid": {"zh": "“{value}”不是日期", "en": "'{value}' is not a date"},
    "error.date_invalid@cli": {
        "zh": "{option}：“{value}”不是日期",
        "en": "{option}: '{value}' is not a date",
    },
    "error.date_invalid.hint": {"zh": "例如 2026-11-01", "en": "e.g. 2026-11-01"},
    # summary files
    "error.summary_missing": {
        "zh": "找不到摘要文件 {path}",
        "en": "cannot read summary file {path}: no such file",
    },
    "error.summary_unreadable": {
        "zh": "无法读取摘要文件 {path}：{reason}",
        "en": "cannot read summary file {path}: {reason}",
    },
    "error.summary_no_record": {
        "zh": "{path} 不是 okhelp 摘要：既不是 JSON，也不是 okhelp 写的 Markdown 或文本摘要"
        "（那些文件末尾带着记录）",
        "en": "{path} is not an okhelp summary: neither JSON nor a Markdown or text summary "
        "okhelp wrote (those carry the record at their end)",
    },
    "error.output_one@cli": {
        "zh": "一个 --output 文件只能放一份摘要：请只给一个会话或文件",
        "en": "one summary per --output file: give one session or file",
    },
    "error.payload_one": {
        "zh": "客服工单数据一次只能生成一份：请只给一个会话或文件",
        "en": "helpdesk payloads are made one summary at a time",
    },
    "error.summary_not_json": {
        "zh": "{path} 不是 okhelp 摘要：不是有效的 JSON",
        "en": "{path} is not an okhelp summary: not valid JSON",
    },
    "error.summary_nested": {
        "zh": "{path} 不是 okhelp 摘要：嵌套太深",
        "en": "{path} is not an okhelp summary: nested too deeply",
    },
    "error.summary_undecodable": {
        "zh": "{path} 不是 okhelp 摘要：有一个值{problem}",
        "en": "{path} is not an okhelp summary: a value {problem}",
    },
    "error.summary_wrong_schema": {
        "zh": "{path} 不是 okhelp 摘要（{schema}）",
        "en": "{path} is not an okhelp summary ({schema})",
    },
    "error.summary_invalid": {
        "zh": "{path} 不是有效的 {schema} 文件：{where}：{what}",
        "en": "{path} is not a valid {schema} file: {where}: {what}",
    },
    # answers given ahead
    "error.answers_too_large": {
        "zh": "答案文件 {path}：太大了（超过 {limit} 字节）",
        "en": "answers file {path}: too large (more than {limit} bytes)",
    },
    "error.answers_unreadable": {
        "zh": "答案文件 {path}{line}：{reason}",
        "en": "answers file {path}{line}: {reason}",
    },
    "error.answers_not_mapping": {
        "zh": "答案文件 {path}：必须是“步骤编号: 答案”的映射",
        "en": "answers file {path}: must be a mapping of step id to answer",
    },
    "error.answers_undecodable": {
        "zh": "答案文件 {path}：有一个值{problem}",
        "en": "answers file {path}: a value {problem}",
    },
    "error.answer_not_scalar": {
        "zh": "答案文件 {path}，“{step}”：答案必须是文字、数字或是/否，不能是列表或映射",
        "en": "answers file {path}, '{step}': an answer must be text, a number or yes/no, "
        "not a list or mapping",
    },
    "error.answer_option_invalid": {
        "zh": "答案应写成 步骤=答案，而不是“{value}”",
        "en": "an answer is STEP=VALUE, not '{value}'",
    },
    "error.answer_option_invalid@cli": {
        "zh": "--answer 应写成 STEP=VALUE，而不是“{value}”",
        "en": "--answer takes STEP=VALUE, not '{value}'",
    },
    # the command line's own refusals
    "error.guide_file_missing": {
        "zh": "没有这个指南文件：{path}",
        "en": "no such guide file: {path}",
    },
    "error.answers_file_unreadable": {
        "zh": "无法读取答案文件 {path}：{reason}",
        "en": "cannot read answers file {path}: {reason}",
    },
    "error.mcp_sdk_missing@cli": {
        "zh": "okhelp mcp 需要 MCP SDK，但它没有安装（{module}）",
        "en": "okhelp mcp needs the MCP SDK, which is not installed ({module})",
    },
    "error.mcp_sdk_missing.hint@cli": {
        "zh": "安装方法：pip install 'okhelp[mcp]'",
        "en": "install it with: pip install 'okhelp[mcp]'",
    },
    "error.prune_options_alone@cli": {
        "zh": "--older-than 和 --yes 要和 --prune 一起用",
        "en": "--older-than and --yes go with --prune",
    },
    "error.prune_options_alone.hint@cli": {
        "zh": "例如 okhelp sessions --prune --older-than 30d",
        "en": "e.g. okhelp sessions --prune --older-than 30d",
    },
    "error.prune_needs_age@cli": {
        "zh": "--prune 需要 --older-than",
        "en": "--prune needs --older-than",
    },
    "error.prune_needs_age.hint@cli": {
        "zh": "例如 okhelp sessions --prune --older-than 30d",
        "en": "e.g. okhelp sessions --prune --older-than 30d",
    },
    "error.prune_with_all@cli": {
        "zh": "--prune 和 --all 不能一起用",
        "en": "--prune and --all do not go together",
    },
    "error.prune_with_all.hint@cli": {
        "zh": "例如 okhelp sessions --prune --older-than 30d",
        "en": "e.g. okhelp sessions --prune --older-than 30d",
    },
    "error.forget_needs_one@cli": {
        "zh": "请给出 SESSION_ID 或 --all",
        "en": "give a SESSION_ID or --all",
    },
    "error.forget_needs_one.hint@cli": {
        "zh": "运行 okhelp sessions 查看会话",
        "en": "see: okhelp sessions",
    },
    "error.forget_one_or_all@cli": {
        "zh": "SESSION_ID 和 --all 只能给一个",
        "en": "give SESSION_ID or --all, not both",
    },
    "error.forget_one_or_all.hint@cli": {
        "zh": "运行 okhelp sessions 查看会话",
        "en": "see: okhelp sessions",
    },
    "error.format_from_suffix": {
        "zh": "看不出扩展名“{suffix}”是什么格式",
        "en": "cannot tell the format from the extension '{suffix}'",
    },
    "error.format_from_suffix.hint@cli": {
        "zh": "把文件命名为 .md、.json 或 .txt，或用 -f 选择格式",
        "en": "name the file .md, .json or .txt, or choose one with -f",
    },
    "error.no_sessions": {"zh": "还没有任何会话", "en": "no sessions yet"},
    "error.no_sessions.hint@cli": {
        "zh": "用 okhelp troubleshoot 开始一个",
        "en": "start one with: okhelp troubleshoot",
    },
    "error.nothing_to_resume": {
        "zh": "没有可以继续的未完成会话",
        "en": "no unfinished session to resume",
    },
    "error.nothing_to_resume.hint@cli": {
        "zh": "运行 okhelp sessions 查看会话",
        "en": "see 'okhelp sessions'",
    },
    "error.session_over": {
        "zh": "会话 {session} 已经结束（{status}）",
        "en": "session {session} has already ended ({status})",
    },
    "error.session_over.hint@cli": {
        "zh": "查看摘要：okhelp summary {session}",
        "en": "see: okhelp summary {session}",
    },
    "error.guide_changed.hint@cli": {
        "zh": "重新开始：okhelp guide {guide}",
        "en": "start again with: okhelp guide {guide}",
    },
    "error.description_refused": {
        "zh": "问题描述：{reason}",
        "en": "description: {reason}",
    },
    "error.description_refused.hint": {
        "zh": "请只写普通文字，最多 {limit} 个字符",
        "en": "plain text, at most {limit} characters",
    },
    "error.draws_one_guide@cli": {
        "zh": "--format {format} 一次只画一个指南",
        "en": "--format {format} draws one guide",
    },
    "error.draws_one_guide.hint@cli": {
        "zh": "写上指南编号：okhelp stats ID",
        "en": "name it: okhelp stats ID",
    },
    "error.erase_unasked@cli": {
        "zh": "okhelp 删除前要先确认，但这里没有终端可以询问",
        "en": "okhelp asks before erasing and there is no terminal to ask",
    },
    "error.erase_unasked.hint@cli": {
        "zh": "加上 --yes 可不经确认直接删除",
        "en": "add --yes to erase without asking",
    },
    # An answer the command line was given (or not given) with no terminal to ask again; the
    # hint, when the session was kept, says how to go on.
    "error.answer_refused": {
        "zh": "步骤“{step}”：{reason}；可以填：{accepted}",
        "en": "step '{step}': {reason}; accepted: {accepted}",
    },
    "error.field_refused": {
        "zh": "步骤“{step}”，字段 {field}：{reason}；可以填：{accepted}",
        "en": "step '{step}': field '{field}': {reason}; accepted: {accepted}",
    },
    "error.answer_unasked": {
        "zh": "步骤“{step}”没有给出答案，也没有终端可以询问；可以填：{accepted}",
        "en": "step '{step}': no answer given and no terminal to ask; accepted: {accepted}",
    },
    "error.field_unanswered": {
        "zh": "步骤“{step}”：摘要需要 {field}，但没有给出",
        "en": "step '{step}': the summary needs '{field}' and no answer was given",
    },
    "error.field_unanswered@cli": {
        "zh": "步骤“{step}”：摘要需要 {field}，但没有给出；请用 --answer {field}=...",
        "en": "step '{step}': the summary needs '{field}' and no answer was given; "
        "accepted: --answer {field}=...",
    },
    "error.field_unanswered_optional": {
        "zh": "步骤“{step}”：摘要需要 {field}，但没有给出（可以为空）",
        "en": "step '{step}': the summary needs '{field}' and no answer was given "
        "(it may be empty)",
    },
    "error.field_unanswered_optional@cli": {
        "zh": "步骤“{step}”：摘要需要 {field}，但没有给出；请用 --answer {field}=...（可以为空）",
        "en": "step '{step}': the summary needs '{field}' and no answer was given; "
        "accepted: --answer {field}=... (may be empty)",
    },
    "error.answer_refused.hint@cli": {
        "zh": "会话已保存：{resume} --answers FILE",
        "en": "the session is saved: {resume} --answers FILE",
    },
    "error.field_refused.hint@cli": {
        "zh": "会话已保存：{resume} --answers FILE",
        "en": "the session is saved: {resume} --answers FILE",
    },
    "error.answer_unasked.hint@cli": {
        "zh": "会话已保存：{resume} --answers FILE",
        "en": "the session is saved: {resume} --answers FILE",
    },
    "error.field_unanswered.hint@cli": {
        "zh": "会话已保存：{resume} --answers FILE",
        "en": "the session is saved: {resume} --answers FILE",
    },
    "error.field_unanswered_optional.hint@cli": {
        "zh": "会话已保存：{resume} --answers FILE",
        "en": "the session is saved: {resume} --answers FILE",
    },
    "error.describe_unasked": {
        "zh": "没有问题描述，也没有终端可以询问",
        "en": "no description and no terminal to ask",
    },
    "error.describe_unasked.hint@cli": {
        "zh": "请给出问题描述，或用 --guide ID 指定指南（见 okhelp guides list）",
        "en": "pass a description, or --guide ID (see 'okhelp guides list')",
    },
    # guides check
    "guides_check_problems": {
        "zh": "{files} 个文件中有 {broken} 个有问题，共 {count} 处",
        "en": "{count} problem(s) in {broken} of {files} file(s)",
    },
    "guides_check_none": {"zh": "没有找到指南文件", "en": "no guide files found"},
    "guides_check_ok": {"zh": "{files} 个指南文件没有问题", "en": "{files} guide file(s) OK"},
}
MESSAGES.update(ERRORS)


# -- Why an answer is refused ----------------------------------------------------------------
# Field rules (okhelp.fields) and answer rules (okhelp.domain) refuse with a code and parameters;
# the words are here, so rewording one language cannot silently lose the other.
USER_ID_RULE = {
    "zh": "用户ID为 3–64 个字母、数字或 . _ -，不能全是数字",
    "en": "a user id is 3–64 letters, digits, '.', '_' or '-', not only digits",
}
# Where a phone number is from, by the region phonenumbers gives it (CN, GB ...), as a refusal
# names it: "not a valid phone number in {country}"; NANP is +1 when the number does not say
# which of its countries.
COUNTRIES: dict[str, dict[str, str]] = {
    "country.CN": {"zh": "中国大陆", "en": "mainland China"},
    "country.HK": {"zh": "中国香港", "en": "Hong Kong"},
    "country.MO": {"zh": "中国澳门", "en": "Macao"},
    "country.TW": {"zh": "中国台湾", "en": "Taiwan"},
    "country.US": {"zh": "美国", "en": "the United States"},
    "country.CA": {"zh": "加拿大", "en": "Canada"},
    "country.NANP": {"zh": "美国或加拿大", "en": "the United States or Canada"},
    "country.GB": {"zh": "英国", "en": "the United Kingdom"},
    "country.SG": {"zh": "新加坡", "en": "Singapore"},
    "country.MY": {"zh": "马来西亚", "en": "Malaysia"},
    "country.JP": {"zh": "日本", "en": "Japan"},
    "country.KR": {"zh": "韩国", "en": "South Korea"},
    "country.AU": {"zh": "澳大利亚", "en": "Australia"},
    "country.other": {"zh": "地区 {region}", "en": "region {region}"},
}
MESSAGES.update(COUNTRIES)
# What an answer refused should look like, said with the refusal (step protocol, answers files).
ACCEPTED: dict[str, dict[str, str]] = {
    "accepted_phone": {
        "zh": "13800138000；其他国家或地区的号码请带区号，例如 +44 7400 123456",
        "en": "13800138000, or another country's number with its code: +44 7400 123456",
    },
    "accepted_account": {
        "zh": "手机号（13800138000 或 +44 7400 123456）、邮箱，或用户ID（{rule}）",
        "en": "a mobile number (13800138000 or +44 7400 123456), an e-mail address, or a user "
        "id ({rule})",
    },
    "accepted_account_plain": {
        "zh": "你的手机号、邮箱或用户ID",
        "en": "your phone number, e-mail address or user id",
    },
    "accepted_txn": {
        "zh": "交易记录里显示的编号（字母、数字、- 或 _，6 到 64 位）",
        "en": "the id shown in the transaction record (letters, digits, '-' or '_', 6 to 64)",
    },
    "accepted_txn_plain": {
        "zh": "交易记录里的交易编号",
        "en": "the transaction id from the transaction record",
    },
    "accepted_time": {
        "zh": "例如 2026-11-20 14:30、昨天下午3点、两小时前、yesterday 3pm",
        "en": "e.g. 2026-11-20 14:30, yesterday 3pm, 2 hours ago, 昨天下午3点, 两小时前",
    },
    "accepted_past": {"zh": "已经过去的时间", "en": "a time in the past"},
    "accepted_amount": {
        "zh": "一个数字，可以带币种，例如 120.50 元、$45、€12,50、5万元",
        "en": "a number with an optional currency, e.g. 120.50 CNY, $45, €12,50, 5万元",
    },
    "accepted_amount_as_shown": {
        "zh": "交易记录里显示的金额，例如 1234.56",
        "en": "the amount as shown in the transaction record, e.g. 1234.56",
    },
    "accepted_positive": {
        "zh": "大于零的数字，例如 120.50",
        "en": "a positive number, e.g. 120.50",
    },
    "accepted_currency_code": {
        "zh": "ISO 4217 币种代码，例如 CNY、USD、EUR",
        "en": "an ISO 4217 code such as CNY, USD, EUR",
    },
    "accepted_currency_nordic": {
        "zh": "ISO 4217 币种代码，例如 SEK、NOK、DKK、MXN、PHP",
        "en": "an ISO 4217 code such as SEK, NOK, DKK, MXN, PHP",
    },
    "accepted_one_currency": {"zh": "一个金额、一种币种", "en": "one amount with one currency"},
    "accepted_plain_text": {"zh": "普通文字", "en": "plain text"},
    "accepted_utf8": {"zh": "UTF-8 文字", "en": "UTF-8 text"},
    "accepted_at_most": {"zh": "最多 {count} 个字符", "en": "at most {count}"},
    "accepted_choice": {
        "zh": "回复序号（1–{count}）、选项文字（开头几个字也行）或选项 id：{ids}",
        "en": "a number (1–{count}), the option's words (its first words will do) or its id: {ids}",
    },
    "accepted_yes_no": {
        "zh": "是 或 否（也可以回复 1 或 2，或选项文字）",
        "en": "yes or no (or 1 or 2, or the option's words)",
    },
    "accepted_yes_no_possible": {
        "zh": "是、否或做不到（也可以回复 1、2、3，或选项文字）",
        "en": "yes, no or not_possible (or 1, 2, 3, or the option's words)",
    },
    "accepted_text": {"zh": "一段文字", "en": "text"},
    "accepted_skip": {
        "zh": "{accepted}；没有的话回复“跳过”",
        "en": "{accepted}; reply 'skip' if you have none",
    },
    "accepted_user_id_rule": USER_ID_RULE,
}
REASONS: dict[str, dict[str, str]] = {
    "reason_required": {"zh": "请填写后再继续", "en": "an answer is required"},
    "reason_cannot_skip": {
        "zh": "这一项必须填写，不能跳过",
        "en": "this one is needed: it cannot be skipped",
    },
    "reason_too_long": {"zh": "太长了（{count} 个字符）", "en": "too long ({count} characters)"},
    # why a file cannot be read or written: what it is, or what the system said
    "reason_not_regular_file": {"zh": "不是普通文件", "en": "not a regular file"},
    "reason_not_regular_file_kind": {
        "zh": "不是普通文件：它是{kind}",
        "en": "not a regular file: {kind}",
    },
    "reason_file_too_large": {
        "zh": "文件太大（{size} 字节，最多 {limit} 字节）",
        "en": "too large ({size} bytes, at most {limit})",
    },
    "reason_file_grew": {
        "zh": "文件太大（超过 {limit} 字节）",
        "en": "too large (more than {limit} bytes)",
    },
    "import_file_refused": {"zh": "{path}：{reason}", "en": "{path}: {reason}"},
    "import_line_unreadable": {
        "zh": "{where}：太长，或者不是 UTF-8",
        "en": "{where}: too long, or not UTF-8",
    },
    "answer_stale": {
        "zh": "这个回答是给第 {given} 个问题的，会话现在在第 {current} 个问题：没有记下它。",
        "en": "this answer is for question {given}, but the session is at question {current}: "
        "it was not taken",
    },
    "file_kind.directory": {"zh": "一个文件夹", "en": "a directory"},
    "file_kind.fifo": {"zh": "一个命名管道", "en": "a FIFO (named pipe)"},
    "file_kind.character_device": {"zh": "一个字符设备", "en": "a character device"},
    "file_kind.block_device": {"zh": "一个块设备", "en": "a block device"},
    "file_kind.socket": {"zh": "一个套接字", "en": "a socket"},
    "file_kind.other": {"zh": "一种特殊文件", "en": "an unusual kind of file"},
    "os.ENOENT": {"zh": "没有这个文件或文件夹", "en": "No such file or directory"},
    "os.EACCES": {"zh": "没有权限", "en": "Permission denied"},
    "os.EPERM": {"zh": "不允许这样操作", "en": "Operation not permitted"},
    "os.ENOSPC": {"zh": "磁盘已满", "en": "No space left on device"},
    "os.EDQUOT": {"zh": "超出了磁盘配额", "en": "Disk quota exceeded"},
    "os.EROFS": {"zh": "文件系统是只读的", "en": "Read-only file system"},
    "os.EISDIR": {"zh": "这是一个文件夹", "en": "Is a directory"},
    "os.ENOTDIR": {"zh": "路径中有一项不是文件夹", "en": "Not a directory"},
    "os.ENAMETOOLONG": {"zh": "文件名太长", "en": "File name too long"},
    "os.ELOOP": {"zh": "符号链接太多层", "en": "Too many levels of symbolic links"},
    "os.EIO": {"zh": "输入/输出错误", "en": "Input/output error"},
    "os.EBUSY": {"zh": "设备或资源正忙", "en": "Device or resource busy"},
    "os.EEXIST": {"zh": "已经存在", "en": "File exists"},
    "reason_answer_too_long": {
        "zh": "回答太长了（{count} 个字符）",
        "en": "answer too long ({count} characters)",
    },
    "reason_undecodable": {
        "zh": "不是有效的 UTF-8 文字（{char}），请把终端或文件的编码设为 UTF-8",
        "en": "is not valid UTF-8 text ({char})",
    },
    "reason_answer_undecodable": {
        "zh": "回答不是有效的 UTF-8 文字（{char}），请把终端或文件的编码设为 UTF-8",
        "en": "answer is not valid UTF-8 text ({char})",
    },
    "undecodable_byte": {"zh": "字节 {byte}", "en": "byte {byte}"},
    "reason_control": {
        "zh": "含有控制字符或转义码，请只输入普通文字",
        "en": "contains a control or escape character",
    },
    "reason_answer_control": {
        "zh": "回答含有控制字符或转义码，请只输入普通文字",
        "en": "answer contains a control or escape character",
    },
    "reason_phone_needs_country": {
        "zh": "不带国家或地区代码的号码只能是中国大陆手机号（11 位，如 13800138000）："
        "其他号码请加上国家或地区代码，例如 +852 或 +44 7400 123456",
        "en": "a number without a country code must be a mainland China mobile (11 digits, e.g. "
        "13800138000): for any other, add the country code, e.g. +44 7400 123456",
    },
    "reason_phone_needs_country_of": {
        "zh": "如果这是{country}的号码，请加上国家或地区代码：{number}",
        "en": "if this is a number in {country}, write it with its country code: {number}",
    },
    "phone_reading": {"zh": "{country}的号码写作 {number}", "en": "{number} in {country}"},
    "reason_phone_needs_country_of_2": {
        "zh": "请加上国家或地区代码：{a}，{b}",
        "en": "write it with its country code: {a}, or {b}",
    },
    "reason_phone_needs_country_of_2.unquoted": {
        "zh": "请在号码前面加上国家或地区代码（{codes}）",
        "en": "put its country code ({codes}) in front",
    },
    "reason_phone_needs_country_of_3": {
        "zh": "请加上国家或地区代码：{a}，{b}，{c}",
        "en": "write it with its country code: {a}, {b}, or {c}",
    },
    "reason_phone_needs_country_of_3.unquoted": {
        "zh": "请在号码前面加上国家或地区代码（{codes}）",
        "en": "put its country code ({codes}) in front",
    },
    "reason_phone_needs_country_of.unquoted": {
        "zh": "如果这是{country}的号码，请在前面加上国家或地区代码 +{calling}",
        "en": "if this is a number in {country}, put its country code +{calling} in front",
    },
    "reason_phone_invalid": {
        "zh": "不是有效的电话号码：请核对国家代码和号码，例如 +44 7400 123456",
        "en": "not a valid phone number: check the country code and the digits, "
        "e.g. +44 7400 123456",
    },
    "reason_phone_invalid_in": {
        "zh": "不是{country}（+{calling}）的有效电话号码：请核对 +{calling} 后面的号码和国家代码",
        "en": "not a valid phone number in {country} (+{calling}): check the digits after "
        "+{calling}, and the country code",
    },
    "reason_not_account": {
        "zh": "不是手机号、邮箱或用户ID（" + USER_ID_RULE["zh"] + "）",
        "en": "not a phone number, e-mail address or user id (" + USER_ID_RULE["en"] + ")",
    },
    "reason_not_transaction_id": {
        "zh": "不像交易编号（在交易详情里，字母、数字、- 或 _）",
        "en": "does not look like a transaction id",
    },
    "reason_transaction_rule_slow": {
        "zh": "配置里的交易编号规则处理这段文字太慢："
        "请输入更短的编号，或请设置 okhelp 的人简化这条规则",
        "en": "the transaction-id rule in the config takes too long on this text",
    },
    "reason_card_number": {
        "zh": "这看起来是银行卡号；请不要向任何人透露卡号（客服绝不会索要）",
        "en": "this looks like a card number; never share card numbers "
        "(support never asks for them)",
    },
    "reason_private_key": {
        "zh": "这看起来是私钥或助记词；绝不能告诉任何人（客服绝不会索要）",
        "en": "this looks like a private key or seed phrase; never share it with anyone "
        "(support never asks for it)",
    },
    "reason_secret_code": {
        "zh": "这里含有验证码、密码、PIN 或 CVV；绝不能告诉任何人（客服绝不会索要），只填编号本身",
        "en": "this holds a code, password, PIN or CVV; never share them "
        "(support never asks for them): type only the id",
    },
    "reason_not_amount": {
        "zh": "没看懂这个金额（例如：120.50、1,234.56 USD、€12,50、5万元）",
        "en": "not an amount okhelp understands; e.g. 120.50, 1,234.56 USD, €12,50, 5万元",
    },
    "reason_not_amount_suggested": {
        "zh": "没看懂这个金额{suggestion}",
        "en": "not an amount okhelp understands{suggestion}",
    },
    "reason_ambiguous_amount": {
        "zh": "金额“{written}”有歧义（{whole} 还是 {written}？）：请写成 {whole} 或 {decimal} 这样",
        "en": "ambiguous amount '{written}' ({whole} or {written}?): "
        "write it as {whole}, or as {decimal}",
    },
    "reason_too_many_digits": {
        "zh": "数字位数太多（整数最多 {integer} 位，小数最多 {decimals} 位）",
        "en": "too many digits (at most {integer} before the decimal point and {decimals} after)",
    },
    "reason_vague_amount": {
        "zh": "不是确切金额（“多”“几”）：请填具体数字，例如 120 元",
        "en": "not an exact amount ('多', '几', 'some'): give the number, e.g. 120 元",
    },
    "reason_unknown_currency": {
        "zh": "不认识的币种“{written}”：请写币种代码，如 CNY、USD、EUR、HKD",
        "en": "unknown currency '{written}': use a code such as CNY, USD, EUR, HKD",
    },
    "reason_ambiguous_currency": {
        "zh": "“{written}”可能是多种货币：请写币种代码，例如 100 SEK",
        "en": "'{written}' is used by several currencies: write the code, e.g. 100 SEK",
    },
    "reason_two_currencies": {
        "zh": "写了两种币种（{codes}）：请只写一种",
        "en": "two different currencies ({codes}): write only one",
    },
    "reason_not_positive": {
        "zh": "金额必须大于零（例如 120.50）",
        "en": "the amount must be more than zero",
    },
    "reason_not_time": {
        "zh": "没看懂这个时间（例如：昨天下午3点、两小时前、上周二晚上、2026-11-20 14:30）",
        "en": "not a time okhelp understands; e.g. yesterday 3pm, 2 hours ago, "
        "last Tuesday evening, 2026-11-20 14:30",
    },
    "reason_not_time_suggested": {
        "zh": "没看懂这个时间{suggestion}",
        "en": "not a time okhelp understands{suggestion}",
    },
    "reason_ambiguous_date": {
        "zh": "日期“{written}”有歧义（{first} 还是 {second}？）：请把年份写在前面，例如 {first}",
        "en": "ambiguous date '{written}' ({first} or {second}?): "
        "write the year first, e.g. {first}",
    },
    "reason_future": {
        "zh": "这个时间还没到，请填过去的时间（例如“昨天下午3点”“昨晚8点”）",
        "en": "that time is in the future; give a time in the past, e.g. yesterday 3pm",
    },
    "reason_not_a_choice": {
        "zh": "“{answer}”不是可选项",
        "en": "'{answer}' is not one of the choices",
    },
    "reason_no_such_choice": {"zh": "不是可选项", "en": "not one of the choices"},
    # The same refusals without the answer quoted, for chats and assistants (see unquoted()).
    "reason_not_a_choice.unquoted": {
        "zh": "这个回答不是可选项",
        "en": "that answer is not one of the choices",
    },
    "reason_not_yes_no.unquoted": {
        "zh": "这个回答不是“是”或“否”",
        "en": "that answer is not yes or no",
    },
    "reason_not_yes_no_possible.unquoted": {
        "zh": "这个回答不是“是”“否”或“做不到”",
        "en": "that answer is not yes, no or not_possible",
    },
    "reason_not_yes_no": {"zh": "“{answer}”不是“是”或“否”", "en": "'{answer}' is not yes or no"},
    "reason_not_yes_no_possible": {
        "zh": "“{answer}”不是“是”“否”或“做不到”",
        "en": "'{answer}' is not yes, no or not_possible",
    },
    "reason_expected_yes_no": {"zh": "请回答“是”或“否”", "en": "expected yes or no"},
    "reason_ended": {"zh": "这个指南已经结束了", "en": "the guide has already ended"},
    "reason_answer_limit": {
        "zh": "这个会话已经回答了 {limit} 次，到了上限：请返回上一步，或重新开始一个会话",
        "en": "this session has reached its limit of {limit} answers",
    },
    "reason_answers_misfit": {
        "zh": "保存的回答与指南现在的内容对不上（在“{step}”这一步）：请重新开始一个会话",
        "en": "the saved answers no longer fit the guide at step '{step}'",
    },
}
MESSAGES.update(REASONS)
MESSAGES.update(ACCEPTED)

# -- Words around refusals, prompts and the command line ----------------------------------------
MESSAGES.update(
    {
        "refused_field": {"zh": "{field}：{reason}", "en": "{field}: {reason}"},
        "interrupted": {"zh": "已中断", "en": "interrupted"},
        "forget_busy": {
            "zh": "会话 {id} 正在别处打开（另一个 okhelp 正在运行它），未删除",
            "en": "session {id} is open elsewhere (another okhelp is running it); not erased",
        },
        "forget_busy_more": {
            "zh": "另有 {count} 个会话正在别处打开，未删除",
            "en": "{count} more session(s) open elsewhere; not erased",
        },
        "forget_changed": {
            "zh": "有 {count} 个会话在此期间又被回答过，已保留",
            "en": "{count} session(s) were answered again meanwhile and are kept",
        },
    }
)

# -- Codes in words: session statuses, account kinds, kinds of secret ---------------------------
# A code (a status, ``one_time_code``) is the record's; users read these words, never the code.
CODE_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "status": {
        "in_progress": ("进行中", "in progress"),
        "resolved": ("已解决", "resolved"),
        "escalated": ("已转人工客服", "escalated to support"),
        "abandoned": ("已放弃", "abandoned"),
        "pending": ("等待中", "waiting"),
    },
    "priority": {
        "urgent": ("紧急", "urgent"),
        "high": ("高", "high"),
        "normal": ("普通", "normal"),
    },
    "kind": {
        "phone": ("手机号", "phone"),
        "email": ("邮箱", "e-mail"),
        "user_id": ("用户ID", "user id"),
        "phone_unverified": ("电话，未验证", "phone, not verified"),
    },
    "secret": {
        "card_number": ("卡号", "card number"),
        "cvv": ("CVV 安全码", "CVV"),
        "id_number": ("身份证号", "ID number"),
        "one_time_code": ("验证码", "one-time code"),
        "password": ("密码", "password"),
        "weak_password": ("密码", "password"),
        "pin": ("PIN 码", "PIN"),
        "private_key": ("私钥", "private key"),
        "seed_phrase": ("助记词", "seed phrase"),
        "remote_access": ("远程控制码", "remote-access code"),
    },
}
for _group, _codes in CODE_WORDS.items():
    for _code, (_zh, _en) in _codes.items():
        MESSAGES[f"{_group}.{_code}"] = {"zh": _zh, "en": _en}
MESSAGES.update(
    {
        "secret.other": {"zh": "敏感信息", "en": "a secret"},
        "list_separator": {"zh": "、", "en": ", "},
    }
)

# The topics the menu groups guides by (a guide's category).
CATEGORY_WORDS: dict[str, dict[str, str]] = {
    "category.account": {"zh": "账户与登录", "en": "Account and login"},
    "category.money": {"zh": "充值、支付与提现", "en": "Top-up, payments and withdrawals"},
    "category.security": {"zh": "账户安全", "en": "Security"},
    "category.app": {"zh": "APP 使用问题", "en": "Using the app"},
    "category.info": {"zh": "费用、额度与客服", "en": "Fees, limits and support"},
}
MESSAGES.update(CATEGORY_WORDS)

# A summary's headings and field labels, by field or section name.
LABELS: dict[str, dict[str, str]] = {
    "label.title": {"zh": "客服联系摘要", "en": "Contact summary"},
    "label.session": {"zh": "会话", "en": "Session"},
    "label.status": {"zh": "状态", "en": "Status"},
    "label.priority": {"zh": "优先级", "en": "Priority"},
    "label.generated": {"zh": "生成时间", "en": "Generated"},
    "label.guide": {"zh": "问题", "en": "Problem"},
    "label.account": {"zh": "账户", "en": "Account"},
    "label.transaction_id": {"zh": "交易编号", "en": "Transaction ID"},
    "label.occurred_at": {"zh": "发生时间", "en": "When"},
    "label.amount": {"zh": "金额", "en": "Amount"},
    "label.currency": {"zh": "币种", "en": "Currency"},
    "label.error_message": {"zh": "报错信息", "en": "Error message"},
    "label.app_version": {"zh": "APP 版本", "en": "App version"},
    "label.device": {"zh": "设备", "en": "Device"},
    "label.description": {"zh": "问题描述", "en": "Description"},
    "label.done": {"zh": "已经做好", "en": "Already done"},
    "label.tried": {"zh": "已尝试，没有解决", "en": "Already tried, did not help"},
    "label.not_possible": {"zh": "这些步骤做不到", "en": "Could not do these steps"},
    "label.transcript": {"zh": "问答记录", "en": "Questions and answers"},
    "label.channels": {"zh": "官方渠道", "en": "Official channels"},
    "label.redactions": {"zh": "已删除的敏感信息", "en": "Secrets removed"},
    "label.missing": {"zh": "（未提供）", "en": "(not given)"},
    "label.not_given": {"zh": "未提供", "en": "Not given"},
    "label.skipped": {"zh": "（未填写）", "en": "(left empty)"},
    "label.edited": {"zh": "（已修改）", "en": "(edited)"},
    "label.guide_changed": {
        "zh": "（作答后指南已修改：以下问答按指南现在的措辞显示，可能与当时看到的不同）",
        "en": "(the guide changed after these answers were given: the questions and "
        "answers below are worded as it is now, which may not be what was shown)",
    },
    "label.answer_not_possible": {"zh": "这一步做不到", "en": "I can't do this"},
    "label.back_early": {"zh": "等待期未满就回来了", "en": "came back before the wait was over"},
    "summary_until": {"zh": "等到 {date}", "en": "until {date}"},
}
MESSAGES.update(LABELS)

# The question asked to collect a field at an escalating end.
FIELD_QUESTIONS: dict[str, dict[str, str]] = {
    "ask.account": {
        "zh": "你的钱包账户是？（注册手机号、邮箱或用户ID）",
        "en": "Your wallet account? (registered phone number, e-mail or user ID)",
    },
    "ask.transaction_id": {
        "zh": "交易编号是？（在交易记录详情里）",
        "en": "The transaction ID? (in the transaction's details)",
    },
    "ask.occurred_at": {
        "zh": "问题大概发生在什么时候？（例如“昨天下午3点”“两小时前”）",
        "en": "When did it happen? (e.g. 'yesterday 3pm', '2 hours ago')",
    },
    "ask.amount": {
        "zh": "涉及金额是多少？（例如 120.50 元）",
        "en": "What amount was involved? (e.g. 120.50 CNY)",
    },
    "ask.currency": {"zh": "币种？（例如 CNY、USD）", "en": "Which currency? (e.g. CNY, USD)"},
    "ask.error_message": {"zh": "屏幕上的报错提示是？", "en": "The error message on screen?"},
    "ask.app_version": {
        "zh": "APP 版本号？（在“设置-关于”里）",
        "en": "The app version? (Settings > About)",
    },
    "ask.device": {"zh": "手机型号和系统？", "en": "Your phone model and system?"},
    "ask.description": {
        "zh": "请用一两句话描述问题（不要填写密码、验证码或卡号）",
        "en": "Describe the problem in a sentence or two (no passwords, codes or card numbers)",
    },
}
MESSAGES.update(FIELD_QUESTIONS)

# The words of a guide's drawing (edges, legend, ends).
GRAPH_WORDS: dict[str, dict[str, str]] = {
    "graph.yes": {"zh": "是", "en": "yes"},
    "graph.no": {"zh": "否", "en": "no"},
    "graph.solved": {"zh": "解决了", "en": "solved"},
    "graph.not_solved": {"zh": "没解决/做不到", "en": "not solved / can't"},
    "graph.resolved": {"zh": "已解决", "en": "resolved"},
    "graph.legend": {"zh": "图例", "en": "Legend"},
    "graph.question": {"zh": "问题（选择、确认）", "en": "question (choice, confirm)"},
    "graph.action": {"zh": "尝试（解决了吗？）", "en": "action (did it solve it?)"},
    "graph.info": {"zh": "说明", "en": "info"},
    "graph.input": {"zh": "填写", "en": "input"},
    "graph.link": {"zh": "转到另一个指南", "en": "continues in another guide"},
    "graph.end_resolved": {"zh": "✔ 结束：已解决", "en": "✔ end: resolved"},
    "graph.end_escalate": {
        "zh": "✉ 结束：转客服（联系摘要）",
        "en": "✉ end: escalated (contact summary)",
    },
    "graph.end_pending": {
        "zh": "⏳ 结束：等待（到期后接着往下）",
        "en": "⏳ end: waiting (goes on after the date)",
    },
    "graph.waited": {"zh": "等过之后", "en": "after the wait"},
    "graph.start": {"zh": "开始", "en": "start"},
}
MESSAGES.update(GRAPH_WORDS)
MESSAGES["graph_no_cjk_font@cli"] = {
    "zh": "这台电脑上没有中文字体，Graphviz 会把中文画成空方框：请安装一个中文字体"
    "（例如 apt-get install fonts-noto-cjk），或者加 --lang en 画英文版",
    "en": "no Chinese font on this machine, so Graphviz draws the Chinese texts as empty "
    "boxes: install a CJK font (e.g. apt-get install fonts-noto-cjk) or add --lang en",
}


def moment_words(iso: str, lang: str, *, with_time: bool = False) -> str:
    """A moment as a person reads it: 11月25日（周三）, Wed 25 Nov; the time too when asked."""
    from datetime import datetime

    moment = datetime.fromisoformat(iso)
    day = moment.weekday()
    clock = f" {moment:%H:%M}" if with_time else ""
    if is_chinese(lang):
        worded = f"{moment.month}月{moment.day}日（周{message('weekday', 'zh')[day]}）{clock}"
        return shown_in(worded, lang)
    names = message("weekday", "en").split()
    return f"{names[day]} {moment.day} {moment:%b}{clock}"


def words_of(prefix: str, lang: str) -> dict[str, str]:
    """Every message ``prefix.NAME`` in ``lang``, by NAME (a summary's labels, say)."""
    start = prefix + "."
    return {key[len(start) :]: message(key, lang) for key in MESSAGES if key.startswith(start)}


def code_word(group: str, code: object, lang: str) -> str | None:
    """A status, account kind or kind of secret in words, or None for a code okhelp does not
    know."""
    key = f"{group}.{code}"
    return message(key, lang) if key in MESSAGES else None


def secret_kinds(kinds: Iterable[str], lang: str) -> str:
    """The kinds of secret taken out of an answer, in words (验证码、密码), each once; a kind
    without words is "a secret", never its code."""
    shown: list[str] = []
    for kind in sorted(kinds):
        worded = code_word("secret", kind, lang) or message("secret.other", lang)
        if worded not in shown:
            shown.append(worded)
    return message("list_separator", lang).join(shown)


# -- Views: table headings and the words of guides show, sessions and stats ------------------
MESSAGES.update(
    {
        "col_id": {"zh": "指南", "en": "id"},
        "col_category": {"zh": "类别", "en": "category"},
        "col_title": {"zh": "标题", "en": "title"},
        "col_source": {"zh": "来源", "en": "source"},
        "col_score": {"zh": "得分", "en": "score"},
        "col_session": {"zh": "会话", "en": "session"},
        "col_guide": {"zh": "指南", "en": "guide"},
        "col_status": {"zh": "状态", "en": "status"},
        "col_updated": {"zh": "更新时间", "en": "updated"},
        "no_guide_listed": {"zh": "没有匹配的指南", "en": "No guide matches"},
        "no_sessions": {"zh": "还没有会话", "en": "no sessions yet"},
        # A pending end: what to do if the wait does not sort it out.
        "pending_back": {
            "zh": "到{date}如果还需要，就回到这个会话接着往下走。",
            "en": "If you still need to after {date}, come back to this session to go on from "
            "here.",
        },
        "pending_back@cli": {
            "zh": "到{date}如果还需要，就运行下面这行接着往下走：\n{command} resume {id}",
            "en": "If you still need to after {date}, run this line to go on from here:\n"
            "{command} resume {id}",
        },
        "pending_over": {
            "zh": "从你说的时间算起，建议的等待期到{date}已经过了，我们接着往下查。",
            "en": "Counting from the time you gave, the suggested wait ended on {date}, so let's "
            "look further.",
        },
        "pending_early": {
            "zh": "指南建议先等到{date}；现在也可以接着往下走。",
            "en": "The guide suggested waiting until {date}; you can go on now all the same.",
        },
        "status_pending_until": {"zh": "等待到{date}", "en": "waiting until {date}"},
        "weekday": {"zh": "一二三四五六日", "en": "Mon Tue Wed Thu Fri Sat Sun"},
        "skipped": {"zh": "已跳过：{what}", "en": "skipped {what}"},
        "skipped_more": {
            "zh": "另有 {count} 个文件不是 okhelp 会话，已跳过",
            "en": "skipped {count} more file(s) that are not okhelp sessions",
        },
        "guide_gone_saved": {
            "zh": "会话 {session} 用到的指南“{guide}”没有安装；显示会话结束时保存的摘要",
            "en": "the guide '{guide}' of session {session} is not installed; showing the "
            "summary saved when the session ended",
        },
        "guide_gone_partial": {
            "zh": "会话 {session} 用到的指南“{guide}”没有安装，这份摘要缺少它的问题和步骤"
            "（把指南所在的文件夹放回来：OKHELP_GUIDES_PATH=<文件夹> okhelp summary {session}）",
            "en": "the guide '{guide}' of session {session} is not installed, so this summary "
            "leaves out its questions and steps (put the guide's folder back: "
            "OKHELP_GUIDES_PATH=<folder> okhelp summary {session})",
        },
        "examples_unreached": {
            "zh": "{guide}：没有示例走到这些结束步骤：{ends}",
            "en": "{guide}: no example reaches the end(s): {ends}",
        },
        "examples_result": {
            "zh": "{passed} 个通过，{failed} 个失败",
            "en": "{passed} passed, {failed} failed",
        },
        "starter_wrote": {"zh": "已写入 {path}", "en": "wrote {path}"},
        "starter_next": {
            "zh": "下一步：okhelp guides check {path} && okhelp guides test {path}",
            "en": "next: okhelp guides check {path} && okhelp guides test {path}",
        },
        "unknown": {"zh": "未知", "en": "unknown"},
        "step_kind.info": {"zh": "说明", "en": "info"},
        "step_kind.action": {"zh": "尝试", "en": "try"},
        "step_kind.choice": {"zh": "选择", "en": "choose"},
        "step_kind.confirm": {"zh": "确认", "en": "confirm"},
        "step_kind.input": {"zh": "填写", "en": "ask"},
        "step_kind.link": {"zh": "转到", "en": "go to"},
        "step_kind.end": {"zh": "结束", "en": "end"},
        "route_resolved": {"zh": "已解决", "en": "resolved"},
        "route_escalate": {"zh": "转客服", "en": "escalate to support"},
        "route_pending": {
            "zh": "等待 {amount} 个{unit}，之后 → {next}",
            "en": "wait {amount} {unit}, then → {next}",
        },
        "unit.working_days": {"zh": "工作日", "en": "working day(s)"},
        "unit.days": {"zh": "天", "en": "day(s)"},
        "unit.hours": {"zh": "小时", "en": "hour(s)"},
        "route_optional": {"zh": " (可选)", "en": " (optional)"},
        "stats_guide": {"zh": "指南", "en": "guide"},
        "stats_version": {"zh": "版本", "en": "ver"},
        "stats_sessions": {"zh": "会话", "en": "sessions"},
        "stats_resolved": {"zh": "自助解决", "en": "resolved"},
        "stats_escalated": {"zh": "转人工", "en": "escalated"},
        "stats_pending": {"zh": "等待中", "en": "waiting"},
        "stats_abandoned": {"zh": "放弃", "en": "abandoned"},
        "stats_open": {"zh": "进行中", "en": "open"},
        "stats_stale": {"zh": "指南已改", "en": "stale"},
        "stats_total": {"zh": "全部", "en": "all guides"},
        "stats_rating": {"zh": "评分", "en": "rating"},
        "stats_steps_short": {"zh": "步数", "en": "steps"},
        "stats_time_short": {"zh": "用时", "en": "time"},
        "stats_medians_note": {
            "zh": "步数和用时都是中位数；评分是用户自己打的平均分（括号里是打分人数）。",
            "en": "steps and time are medians; rating is the users' own average (how many rated).",
        },
        "stats_not_installed": {"zh": "本机没有", "en": "not here"},
        "stats_not_installed_note": {
            "zh": "本机没有：这个指南没有安装在这里，只能数会话，数不了步骤。",
            "en": "not here: the guide is not installed here; its sessions count, not its steps.",
        },
        "stats_median_steps": {"zh": "步数中位", "en": "median steps"},
        "stats_median_time": {"zh": "用时中位", "en": "median time"},
        "stats_exits": {"zh": "会话停在哪一步", "en": "where sessions stopped"},
        "stats_actions": {
            "zh": "尝试步骤：解决 / 没解决 / 做不到",
            "en": "actions: solved / not solved / can't do",
        },
        "stats_stopped_here": {"zh": " · 停在这里 {count}", "en": " · stopped here {count}"},
        "answer_yes": {"zh": "是", "en": "yes"},
        "answer_no": {"zh": "否", "en": "no"},
        "answer_cant": {"zh": "做不到", "en": "can't"},
        "answer_answered": {"zh": "已填", "en": "answered"},
        "answer_skipped": {"zh": "跳过", "en": "skipped"},
        "sessions_exported": {
            "zh": "已导出 {count} 个会话到 {path}（只有你能读取）",
            "en": "exported {count} sessions to {path} (readable only by you)",
        },
        "sessions_imported": {
            "zh": "导入：新增 {added}，更新 {replaced}，已有相同的 {same}，保留本机较新的 {kept}，"
            "无法读取 {refused}",
            "en": "imported: {added} new, {replaced} updated, {same} already here, {kept} kept "
            "(newer here, or open), {refused} unreadable",
        },
        "import_more_problems": {
            "zh": "……还有 {count} 行无法导入",
            "en": "... and {count} more lines that could not be imported",
        },
        "sessions_page": {
            "zh": "共 {total} 个会话，这里是最新的 {shown} 个；--all 显示全部",
            "en": "showing the newest {shown} of {total} sessions; --all shows every one",
        },
    }
)


# -- How a summary and a time are written: punctuation, parts of the day -----------------------
MESSAGES.update(
    {
        "punct_aside": {"zh": "（{text}）", "en": " ({text})"},
        "punct_marker": {"zh": "（{text}）", "en": "({text})"},
        "punct_open": {"zh": "（", "en": " ("},
        "punct_close": {"zh": "）", "en": ")"},
        "punct_colon": {"zh": "：", "en": ": "},
        "punct_colon_tight": {"zh": "：", "en": ":"},
        # "**状态：**已转" would not be bold (CommonMark's flanking rules): the colon goes outside
        "md_row": {"zh": "- **{label}**：{value}", "en": "- **{label}:** {value}"},
        "weekdays": {
            "zh": "周一 周二 周三 周四 周五 周六 周日",
            "en": "Mon Tue Wed Thu Fri Sat Sun",
        },
        "time_span": {
            "zh": "{start} 至 {end} 之间的某天",
            "en": "some day between {start} and {end}",
        },
        "part.early_hours": {"zh": "凌晨", "en": "early hours"},
        "part.morning": {"zh": "上午", "en": "morning"},
        "part.noon": {"zh": "中午", "en": "midday"},
        "part.afternoon": {"zh": "下午", "en": "afternoon"},
        "part.dusk": {"zh": "傍晚", "en": "early evening"},
        "part.evening": {"zh": "晚上", "en": "evening"},
        "part.night": {"zh": "夜里", "en": "night"},
    }
)


# -- The command line's help and click's usage errors --------------------------------------------
MESSAGES.update(
    {
        "help_usage": {"zh": "用法：", "en": "Usage: "},
        "help_options_metavar": {"zh": "[选项]", "en": "[OPTIONS]"},
        "help_command_metavar": {"zh": "命令 [参数]...", "en": "COMMAND [ARGS]..."},
        "help_arguments": {"zh": "参数", "en": "Arguments"},
        "help_options": {"zh": "选项", "en": "Options"},
        "help_commands": {"zh": "命令", "en": "Commands"},
        "help_examples": {"zh": "示例", "en": "Examples"},
        "help_environment": {"zh": "环境变量", "en": "Environment"},
        "help_exit_status": {"zh": "退出码", "en": "Exit status"},
        "help_default": {"zh": "（默认：{value}）", "en": " (default: {value})"},
        "help_repeatable": {"zh": "可重复。", "en": "Repeatable."},
        "help_more": {
            "zh": "'okhelp 命令 --help' 会进一步说明每个命令。",
            "en": "'okhelp COMMAND --help' says more about each command.",
        },
        "help_completion": {
            "zh": "bash、zsh 和 fish 的 Tab 补全：okhelp --install-completion"
            "（或用 --show-completion 显示脚本）。",
            "en": "Tab completion for bash, zsh and fish: okhelp --install-completion (or print "
            "the script with --show-completion).",
        },
        "usage_no_such_option": {"zh": "没有这个选项：{name}", "en": "no such option: {name}"},
        "usage_missing": {"zh": "缺少 {name}", "en": "missing {name}"},
        "usage_one_of": {
            "zh": "{name} 只能是以下之一：{choices}",
            "en": "{name} must be one of {choices}",
        },
        "usage_number_between": {
            "zh": "{name} 必须是 {low} 到 {high} 之间的数字",
            "en": "{name} must be a number from {low} to {high}",
        },
        "usage_number_at_least": {
            "zh": "{name} 必须是不小于 {low} 的数字",
            "en": "{name} must be a number of at least {low}",
        },
        "usage_number_at_most": {
            "zh": "{name} 必须是不大于 {high} 的数字",
            "en": "{name} must be a number of at most {high}",
        },
        "usage_needs_value": {"zh": "{name} 需要一个值", "en": "{name} needs a value"},
        "usage_takes_no_value": {"zh": "{name} 不接受值", "en": "{name} takes no value"},
        "usage_no_such_command": {
            "zh": "没有“{name}”这个命令",
            "en": "no such command '{name}'",
        },
        "usage_too_many_arguments": {
            "zh": "多余的参数：{arguments}",
            "en": "too many arguments: {arguments}",
        },
        "usage_see_help": {"zh": "请看 '{path} --help'", "en": "see '{path} --help'"},
    }
)


class Reason(str):
    """Why an answer is refused: its English words (a ``str``, as logs, guide checks and the
    step protocol's English callers read it), with the code and parameters that word it in any
    language, so the reason keeps its translation however far it is passed on. A parameter that
    is itself a Reason is worded in the same language (``byte 0xff`` / ``字节 0xff``)."""

    code: str
    params: dict[str, object]

    def __new__(cls, code: str, **params: object) -> Reason:
        made = super().__new__(cls, message(code, "en", **params))
        made.code = code
        made.params = params
        return made


def reason_text(reason: str, lang: str) -> str:
    """A refusal in the user's language: a :class:`Reason` by its code; other text (an error
    message that is not a refusal) as it is."""
    if isinstance(reason, Reason):
        return message(reason.code, lang, **reason.params)
    return reason


def os_error_reason(exc: OSError) -> str:
    """What the system said about a file, as a :class:`Reason` where okhelp has the words for
    it (so a Chinese session does not read "Permission denied"), else the system's own text."""
    name = errno.errorcode.get(exc.errno or 0)
    if name is not None and f"os.{name}" in MESSAGES:
        return Reason(f"os.{name}")
    return exc.strerror or str(exc)


_FILE_KINDS = (
    (stat.S_ISDIR, "directory"),
    (stat.S_ISFIFO, "fifo"),
    (stat.S_ISCHR, "character_device"),
    (stat.S_ISBLK, "block_device"),
    (stat.S_ISSOCK, "socket"),
)


def kind_of(mode: int) -> Reason:
    """What a file that is not a regular one is, in words (in any language)."""
    for test, name in _FILE_KINDS:
        if test(mode):
            return Reason(f"file_kind.{name}")
    return Reason("file_kind.other")


def why_not_a_file(path: str | os.PathLike[str]) -> Reason:
    """Why a path that is neither a folder nor a regular file cannot be read: what it is (a FIFO,
    a device), or that it is not there (a dangling link)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            return Reason("error.path_missing")
        return Reason("import_file_refused", path=str(path), reason=os_error_reason(exc))
    return Reason("reason_not_regular_file_kind", kind=kind_of(mode))


def unquoted(reason: str) -> str:
    """A refusal that does not repeat the answer it refuses, where okhelp has such words: what
    a chat or an assistant is told (the user sees their own message above it anyway, and an
    assistant's context keeps what it is given)."""
    if isinstance(reason, Reason) and f"{reason.code}.unquoted" in MESSAGES:
        return Reason(f"{reason.code}.unquoted", **reason.params)
    return reason


def undecodable_reason(text: str, *, answer: bool = False) -> Reason | None:
    """Why text holding bytes that were not UTF-8 is refused (naming the first one), or None."""
    from okhelp.util.text import describe_char, find_undecodable

    bad = find_undecodable(text)
    if bad is None:
        return None
    code = "reason_answer_undecodable" if answer else "reason_undecodable"
    point = ord(bad)
    if 0xDC80 <= point <= 0xDCFF:
        return Reason(code, char=Reason("undecodable_byte", byte=f"0x{point - 0xDC00:02x}"))
    return Reason(code, char=describe_char(bad))


def message(key: str, lang: str, **values: object) -> str:
    """okhelp's own words in ``lang``, with ``{placeholders}`` filled in."""
    template = entry_text(MESSAGES[key], lang)
    if not values:
        return template
    worded = {
        name: message(value.code, lang, **value.params) if isinstance(value, Reason) else value
        for name, value in values.items()
    }
    return template.format(**worded)


def suggestion(names: Sequence[str], lang: str = "en", *, quote: bool = True) -> str:
    """``; did you mean 'a' or 'b'?`` for these names (shown inert), or nothing for none."""
    if not names:
        return ""
    shown = [f"'{printable(name)}'" if quote else printable(name) for name in names]
    return message("did_you_mean", lang, names=message("or", lang).join(shown))


def did_you_mean(
    word: object, candidates: Iterable[str], lang: str = "en", *, quote: bool = True
) -> str:
    """The one "did you mean" okhelp writes: the candidates closest to ``word``, or nothing."""
    return suggestion(close_matches(word, candidates), lang, quote=quote)


# Where each front end looks for an error's words, most particular first (see ERRORS).
SURFACES: dict[str, tuple[str, ...]] = {
    "any": ("",),  # words every front end may show: a notice from the core
    "cli": ("@cli", ""),
    "protocol": ("@protocol", "@program", ""),
    "mcp": ("@mcp", "@program", ""),
}


def _error_entry(key: str, surface: str) -> dict[str, str] | None:
    for suffix in SURFACES[surface]:
        entry = MESSAGES.get(key + suffix)
        if entry is not None:
            return entry
    return None


# Data that says how to word an error, not what it is about: the session's language, the
# command that was run.
CONTEXT = ("lang", "command")


def error_data(exc: OkhelpError | Problem, *, context: bool = False) -> dict[str, ErrorData]:
    """An error's data as it may be shown: every text inert, on one line, cut short (the data
    holds what a user, a file or a caller gave, as they gave it); ``context`` keeps the keys
    that only say how to word it."""
    shown: dict[str, ErrorData] = {}
    for key, value in exc.data.items():
        if key in CONTEXT and not context:
            continue
        if isinstance(value, str):
            shown[key] = printable(value, 200)
        elif isinstance(value, list):
            shown[key] = [printable(str(item), 80) for item in value[:5]]
        else:
            shown[key] = value
    return shown


def _worded(
    code: str, exc: OkhelpError | Problem, lang: str, surface: str
) -> tuple[str, str | None] | None:
    """The catalogue's message and hint for ``code``, filled from the data; None when the
    catalogue has no words for it (or its words need data the error does not carry)."""
    entry = _error_entry(f"error.{code}", surface)
    if entry is None:
        return None
    values: dict[str, object] = {
        key: ", ".join(value) if isinstance(value, list) else "" if value is None else value
        for key, value in error_data(exc, context=True).items()
    }
    for key, value in exc.data.items():
        if isinstance(value, Reason):  # a refusal, a kind of file: worded in ``lang`` too
            values[key] = printable(reason_text(value, lang), 200)
    close = exc.data.get("close")
    values["suggestion"] = suggestion(close if isinstance(close, list) else [], lang)
    hint_entry = _error_entry(f"error.{code}.hint", surface)
    try:
        text = entry_text(entry, lang).format(**values)
    except (KeyError, IndexError, ValueError):
        return None
    try:  # a hint that needs data this error does not carry is left out, not the message
        hint = entry_text(hint_entry, lang).format(**values) if hint_entry else None
    except (KeyError, IndexError, ValueError):
        hint = None
    return text, hint


def error_words(exc: OkhelpError, lang: str, surface: str = "cli") -> tuple[str, str | None]:
    """An error's message and hint in ``lang`` (the session's, when the error carries it), in
    the terms of the front end ``surface`` (``cli``, ``protocol``, ``mcp``, or ``any``); an
    error the catalogue does not word keeps its own."""
    own = exc.data.get("lang")
    lang = own if isinstance(own, str) and own in DISPLAY_LANGS else lang
    return _worded(exc.code, exc, lang, surface) or (exc.message, exc.hint)


def problem_words(problem: Problem, lang: str) -> Problem:
    """A guide-file problem okhelp itself words (a path that is not there) in ``lang``; the
    guide checks' own problems as they are."""
    worded = _worded(problem.code, problem, lang, "cli") if problem.code else None
    if worded is None:
        return problem
    return Problem(problem.path, problem.line, worded[0], code=problem.code, **problem.data)


def error_lang(option: str | None, environ: Mapping[str, str]) -> str:
    """The language an error is said in when no session's applies: as :func:`resolve_lang`,
    but never failing (a wrong ``--lang`` or ``OKHELP_LANG`` is said in the locale's)."""
    try:
        return resolve_lang(option if option and display_lang(option) else None, environ)
    except UsageError:
        return resolve_lang(None, {k: v for k, v in environ.items() if k != "OKHELP_LANG"})


def lang_is_chosen(option: str | None, environ: Mapping[str, str]) -> bool:
    """Whether ``--lang`` or ``OKHELP_LANG`` says the language; else the user's words may."""
    return bool(option) or bool(environ.get("OKHELP_LANG", "").strip())


# Words of written Cantonese, which Hong Kong and Macau users write and Taiwan's do not.
_CANTONESE = re.compile("[唔嘅咗冇啲佢喺嚟乜咁哋㗎嘢]|係咪|點樣|邊度|而家|戶口")


def text_lang(text: str) -> str | None:
    """The language a description is written in: Chinese when Chinese characters carry it (in
    traditional characters when it has them: Hong Kong's when it is written Cantonese),
    English when it is Latin letters alone; None when it cannot be told (digits, an id)."""
    han = sum(1 for char in text if "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff")
    letters = sum(1 for char in text if char.isascii() and char.isalpha())
    if han >= 2 and han * 4 >= letters:
        from okhelp.i18n.hant import has_traditional

        if not has_traditional(text):
            return "zh"
        return "zh-Hant-HK" if _CANTONESE.search(text) else "zh-Hant"
    if han == 0 and letters >= 6 and len(re.findall(r"[A-Za-z]{2,}", text)) >= 2:
        return "en"
    return None


def follows(lang: str, written: str) -> bool:
    """Whether a session in ``lang`` changes to ``written``, the language of the user's words:
    for another language, yes; between Chinese scripts only from simplified to traditional,
    as a short traditional text need not have a character that only traditional writes
    (登入不了), and a Hong Kong reader keeps Hong Kong's words."""
    if written == lang:
        return False
    if is_chinese(written) and is_chinese(lang):
        return lang == "zh"
    return True


def resolve_lang(option: str | None, environ: Mapping[str, str]) -> str:
    """``--lang``, then ``OKHELP_LANG``, then the locale (``LC_ALL``, ``LANG``), else Chinese.

    Names are taken as users and locales write them (``zh-TW``, ``zh_HK``, ``en-GB``); a
    Taiwan locale gives ``zh-Hant``, a Hong Kong or Macau one ``zh-Hant-HK``."""
    names = ", ".join(DISPLAY_LANGS)
    if option:
        chosen = display_lang(option)
        if chosen is None:
            raise UsageError(
                f"the language must be one of {names}",
                code="lang_invalid",
                value=option,
                langs=names,
            )
        return chosen
    explicit = environ.get("OKHELP_LANG", "").strip()
    if explicit:
        chosen = display_lang(explicit)
        if chosen is None:
            raise UsageError(
                f"OKHELP_LANG must be one of {names} (it is '{printable(explicit, 20)}')",
                code="lang_env_invalid",
                value=explicit[:20],
                langs=names,
            )
        return chosen
    locale = _user_locale(environ)
    if locale.startswith("zh"):
        return _locale_chinese(locale)
    if locale.startswith("en"):
        return "en"
    return "zh"


def _user_locale(environ: Mapping[str, str]) -> str:
    """The first locale set that is not C or POSIX, as ``zh-tw`` (encoding and modifier left
    out), or "" for none."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        locale = environ.get(variable, "").split(".")[0].split("@")[0].replace("_", "-").lower()
        if locale and locale not in ("c", "posix"):
            return locale
    return ""


def locale_region(environ: Mapping[str, str]) -> str | None:
    """The region the locale names (``en_HK.UTF-8`` -> ``HK``), or None."""
    parts = _user_locale(environ).split("-")
    return parts[-1].upper() if len(parts) > 1 and len(parts[-1]) == 2 else None


def _locale_chinese(locale: str) -> str:
    """zh-TW, zh-Hant-TW -> zh-Hant; zh-HK, zh-MO -> zh-Hant-HK; zh-CN, zh-SG, zh -> zh."""
    parts = set(locale.split("-")[1:])
    if parts & {"hk", "mo"}:
        return "zh-Hant-HK"
    if parts & {"tw", "hant"}:
        return "zh-Hant"
    return "zh"

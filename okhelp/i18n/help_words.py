"""The command line's help in Chinese, by command path and parameter name.

The English help is declared with each command and option (typer reads it there); these are the
same words for a Chinese user. A command or option missing here shows its English help, and a
test (tests/test_help_zh.py) refuses any that is missing, so a new one cannot go unnoticed.
Keys: ``""`` the top level, ``"guides search"`` a command, ``"guides search:limit"`` one of its
parameters, ``"*:lang"`` a parameter every command that has it shares.
"""

from __future__ import annotations

_LANG = (
    "语言：zh、zh-Hant（繁体，台湾）、zh-Hant-HK（繁体，香港和澳门）或 en"
    "（默认：OKHELP_LANG，其次是系统语言设置，再次是 zh）。"
)
_ANSWERS = "答案文件（YAML 或 JSON），按步骤 id 或字段名填写。"
_ANSWER = "一个答案；可重复。会覆盖 --answers 里的同一项。"
_TABLE_JSON = "table 给人看，json 给程序用。"
_TARGET = "指南 id（如 top-up）或指南文件（如 my/new.yaml）。"

HELP_ZH: dict[str, str] = {
    "": "钱包问题自助排查工具，支持中文和英文。找到合适的指南，一步步带你排查，"
    "最后要么问题解决，要么生成一份发给客服的摘要。",
    ":version": "显示版本号后退出。",
    ":install_completion": "为你的 shell（bash、zsh 或 fish）安装 Tab 补全后退出。",
    ":show_completion": "显示你的 shell 的 Tab 补全脚本，供手动安装。",
    "*:help": "显示本帮助后退出。",
    "*:lang": _LANG,
    "*:answers": _ANSWERS,
    "*:answer": _ANSWER,
    "*:accessible": "用编号式的纯文字逐行提问，适合读屏软件：没有方向键菜单，不重画屏幕，不用颜色"
    "（也可设 OKHELP_ACCESSIBLE=1；TERM=dumb 时也是这样）。",
    "troubleshoot": "按你的描述（或菜单）找到合适的指南，一步步排查。",
    "troubleshoot:description": "用你自己的话描述问题，例如：充值两小时还没到账。",
    "troubleshoot:guide": "不搜索，直接运行这个指南。",
    "guide": "直接运行某个指南，一步步来（--answers/--answer 已给出的答案不再询问）。",
    "guide:guide_id": "要运行的指南，例如 register。",
    "resume": "从上次停下的地方继续一个未完成的会话。",
    "resume:session_id": (
        "会话：完整 id、开头几位或最后几位（如 8db8）；默认：最近一个未完成的会话。"
    ),
    "start": "为机器人或脚本开始一个会话：以 JSON 给出第一个问题（见 docs/step-protocol.md）。",
    "start:guide_id": "要开始的指南，例如 top-up。",
    "start:description": "用户原话描述的问题；不给 GUIDE 时按它挑选指南。",
    "answer": "回答会话当前的问题：以 JSON 给出下一个问题或结局。",
    "answer:session_id": "来自 okhelp start。",
    "answer:value": "选项 id（或选项文字）、yes/no/not_possible，或文字（'' 跳过可选字段）。"
    "不给 VALUE：再次显示当前问题。",
    "answer:back": "改为返回上一个问题。",
    "answer:position": (
        "这个回答所对应问题的 position（见它的回复）：会话已经往前走了，就拒绝它，什么也不改。"
    ),
    "answer:rating": (
        "用户对一个已解决或等待中的会话打的分（结束回复里的 rating_question），代替回答。"
    ),
    "mcp": "通过 MCP（stdio）把指南提供给 AI 助手。需要先安装：pip install 'okhelp[mcp]'。",
    "sessions": "以往的会话，最新的在前：id、指南、状态、时间（最新 20 个；--all 显示全部）。",
    "sessions:fmt": _TABLE_JSON,
    "sessions:limit": "显示最新的多少个会话。",
    "sessions:show_all": "显示全部会话。",
    "sessions:prune": "删除最后更新早于 --older-than 的会话（包括未完成的）及其摘要（会先询问）。",
    "sessions:older_than": "与 --prune 一起用：以小时、天或周计的时长，例如 12h、30d、2w。",
    "sessions:yes": "与 --prune 一起用：不询问，直接删除。",
    "sessions export": "以 JSON Lines 导出全部会话（okhelp.session/1，每行一个，最早的在前），"
    "用于把历史搬到另一台机器或数据库，或用 'okhelp stats --from' 统计。",
    "sessions export:output": "写入 FILE（只有你能读取），而不是标准输出。",
    "sessions export:force": "即使 --output 文件不是 okhelp 写的，也覆盖它。",
    "sessions import": "导入另一个 okhelp 导出的会话。本机已有的会话，如果在本机保存得更晚"
    "或正在使用，就保留本机的；不是会话的行会指出并跳过。",
    "sessions import:files": "'okhelp sessions export' 写出的文件；- 表示标准输入。",
    "forget": "永久删除一个会话（或 --all 全部）及其摘要；除非给了 --yes，否则会先询问。\n\n"
    "删除的有：会话文件、它的摘要、核对菜单为它保存在摘要文件夹里的文件，以及它的锁文件。"
    "正在另一个 okhelp 里打开的会话不会被删除。没有终端时，不给 --yes 就什么也不删。"
    "删除旧会话：okhelp sessions --prune --older-than 30d。",
    "forget:session_id": "要删除的会话（完整 id、开头几位或最后几位）。",
    "forget:everything": "删除全部会话和全部摘要。",
    "forget:yes": "不询问，直接删除。",
    "summary": "最近一个（或指定的）会话的客服联系摘要，或摘要文件的内容。",
    "summary:targets": (
        "会话（完整 id、开头几位或最后几位），或 okhelp 写的摘要文件（JSON、Markdown 或文本），"
        "可以给多个（默认：最近一个会话）。"
    ),
    "summary:fmt": "text 在终端里看，markdown 用于邮件，json 给工具用，zendesk 或 freshdesk "
    "是创建工单的请求内容（默认：按 -o 文件的扩展名，否则 text）。",
    "summary:output": "写入这个文件（.md、.json 或 .txt 决定格式）。",
    "summary:force": "即使 --output 文件不是 okhelp 写的，也覆盖它。",
    "summary:mask": "隐藏账户、交易编号和自由填写的文字，便于在客服以外分享。",
    "stats": "指南的效果：解决、转客服、放弃各多少；会话停在哪里；哪些步骤有用。",
    "stats:guide_id": "某一个指南（默认：全部指南）。",
    "stats:sources": "客服团队收集的会话文件或文件夹；可重复（默认：数据文件夹）。",
    "stats:since": "只统计在 DATE 当天或之后开始的会话。",
    "stats:idle": "未完成的会话闲置这么久就算放弃（7d、12h、2w）。",
    "stats:fmt": "table 供阅读；json 给工具用；mermaid 或 dot 画出某个指南的树。",
    "guides": "指南：列出、查看、搜索、检查、测试和画出指南；新建一个指南。",
    "guides list": "可用的指南：内置的，以及 OKHELP_GUIDES_PATH 里的自定义指南。",
    "guides list:fmt": _TABLE_JSON,
    "guides show": "以易读的方式显示一个指南：它的步骤，以及每一步通向哪里。",
    "guides show:target": _TARGET,
    "guides show:fmt": "text 供阅读，json 给出规范化后的指南。",
    "guides check": "检查指南文件；每个问题一行：文件:行号: 说明。有问题时退出码为 1。",
    "guides check:paths": "指南 id、文件或文件夹（默认：内置和自定义指南）。",
    "guides test": "运行指南自带的示例；报告哪些结局没有示例走到。有失败时退出码为 1。",
    "guides test:targets": "要测试的指南，按 id 或文件（默认：全部）。",
    "guides schema": "指南格式的 JSON Schema，供编辑器使用（yaml-language-server）。",
    "guides graph": "指南的决策树，以 Mermaid（默认）或 Graphviz DOT 输出，语言按 --lang"
    "（默认中文：Graphviz 需要中文字体才画得出，没有的话用 --lang en）。",
    "guides graph:target": _TARGET,
    "guides graph:fmt": "mermaid 或 dot（Graphviz）。",
    "guides new": "写一个入门指南 ID.yaml，原样即可通过 check 和 test；不会覆盖已有文件。",
    "guides new:guide_id": "新指南的 id，例如 card-declined。",
    "guides new:folder": "把 ID.yaml 写进哪个文件夹（默认：当前文件夹）。",
    "guides new:category": "account、money、security、app 或 info。",
    "guides search": "按一段自由描述给指南排序，最符合的在前，附得分。",
    "guides search:text": "对问题的描述。",
    "guides search:limit": "显示多少个指南，1 到 100。",
    "guides search:fmt": _TABLE_JSON,
}

# Each command's examples, in the order its English examples are listed (the command lines are
# the same in both languages; only what they do is worded).
EXAMPLES_ZH: dict[str, tuple[str, ...]] = {
    "": (
        "按你的描述找到指南并运行。",
        "在提示处用英文描述问题。",
        "继续最近一个未完成的会话。",
        "最近的联系摘要，Markdown 格式，可用于邮件。",
        "有哪些指南。",
    ),
    "troubleshoot": (
        "在提示处描述问题，或按类别浏览。",
        "符合描述的指南，最符合的在前。",
        "同上，用英文。",
        "没有终端时：预先给出指南和答案。",
    ),
    "guide": (
        "从第一步运行 register 指南。",
        "用英文运行 top-up 指南。",
        "答案来自文件，其中一项被替换；只询问缺少的答案。",
    ),
    "resume": (
        "最近一个未完成的会话。",
        "这个会话（id 足以区分即可）。",
        "没有终端时继续它。",
    ),
    "sessions": (
        "你的会话，最新的在前。",
        "同上，JSON 格式，给程序用。",
        "删除 30 天未动过的会话及其摘要。",
        "把全部会话导出到一个文件（只有你能读取）。",
        "在另一台机器上导入它们。",
    ),
    "sessions export": (
        "把全部会话导出到一个文件（只有你能读取）。",
        "同上，边导出边压缩。",
    ),
    "sessions import": (
        "导入另一个 okhelp 导出的文件。",
        "多个文件，按给出的顺序导入。",
        "从标准输入导入。",
    ),
    "forget": (
        "删除这个会话及其摘要（会先询问）。",
        "不询问，删除全部会话和摘要。",
    ),
    "summary": (
        "最近一个会话的联系摘要，以面板显示。",
        "以 Markdown 写入文件（.md、.json 或 .txt 决定格式）。",
        "okhelp.summary/1 JSON，给客服工具用。",
        "用英文显示中文会话的摘要。",
        "Zendesk 创建工单的请求内容；不会发送任何东西。",
        "缩短 id，隐藏自由文字和金额。",
        "用英文显示保存下来的摘要文件。",
    ),
    "stats": (
        "每个指南：解决、转客服、放弃。",
        "某个指南：会话停在哪里，哪些步骤有用。",
        "客服团队收集的会话，从某天起，JSON 格式。",
        "指南的树，每条路径及其会话数。",
    ),
    "start": (
        "top-up 指南的第一个问题，JSON 格式。",
        "okhelp 按用户原话挑选指南。",
        "同上，用英文。",
    ),
    "answer": (
        "用选项 id 回答；给出下一个问题。",
        "回答一个是/否问题。",
        "再次显示当前问题。",
        "返回上一个问题。",
    ),
    "mcp": ("在 stdin/stdout 上提供服务；MCP 客户端会自己启动这个命令。",),
    "guides": (
        "有哪些指南。",
        "符合描述的指南，附得分。",
        "一个指南的步骤。",
        "检查你自己的指南文件。",
    ),
    "guides list": (
        "内置和自定义指南，按类别。",
        "JSON 格式，给程序用。",
        "加上你自己的指南文件夹。",
    ),
    "guides show": (
        "top-up 指南的步骤，以及每一步通向哪里。",
        "用英文显示一个指南文件。",
        "规范化后的指南，默认值都写明。",
    ),
    "guides search": (
        "最符合的五个指南，附得分。",
        "最符合的三个，JSON 格式。",
    ),
    "guides check": (
        "全部内置和自定义指南。",
        "一个文件夹里的指南文件。",
        "按 id 指定的指南和一个文件。",
    ),
    "guides test": (
        "每个指南的示例。",
        "一个指南文件的示例。",
    ),
    "guides graph": (
        "以 Mermaid 输出决策树，用于 Markdown。",
        "画成图片。",
        "画成英文图片（没有中文字体时）。",
    ),
    "guides new": (
        "在当前文件夹写入 card-declined.yaml。",
        "写进 my-guides/，类别为 money。",
    ),
    "guides schema": ("给编辑器里的 yaml-language-server 用。",),
}

ENVIRONMENT_ZH: dict[str, str] = {
    "OKHELP_HOME": "数据文件夹：会话、摘要和指南缓存（默认：系统的用户数据文件夹，"
    "Linux 上是 ~/.local/share/okhelp）。",
    "OKHELP_GUIDES_PATH": "自定义指南所在的文件夹，用 ':' 分隔（Windows 上用 ';'）；"
    "和内置指南同 id 的自定义指南，只有在配置的 override_guides 里列出时才会替换它。",
    "OKHELP_CONFIG": "配置文件：联系渠道、交易编号规则、币种、时区、工单字段 id"
    "（默认：系统配置文件夹里的 config.yaml，Linux 上是 ~/.config/okhelp）。",
    "OKHELP_LANG": "没有给 --lang 时用 zh、zh-Hant（繁体，台湾）、zh-Hant-HK（繁体，香港和澳门）"
    "或 en（默认：系统语言设置，其次是 zh）；帮助、提示和消息都按它显示。",
    "OKHELP_NOW": "一个 ISO 8601 时间，把“现在”固定下来，用于“两小时前”这类说法"
    "（测试、可重复的运行）。",
    "TZ": "你的时区，IANA 名称，例如 Asia/Shanghai（优先于配置文件）。",
    "NO_COLOR": "设为任意值：不使用颜色。",
    "OKHELP_ACCESSIBLE": "设为 1、true、yes 或 on：和 --accessible 一样，用编号式的纯文字提问"
    "（适合读屏软件）；TERM=dumb 时默认也是这样，设为 0、false、no 或 off 则仍用方向键菜单。",
    "OKHELP_DEBUG": "设为任意值：内部错误时显示完整的调用栈。",
}

EXIT_STATUS_ZH: dict[str, str] = {
    "0": "完成：指南以解决或生成联系摘要结束，或命令完成了它的工作。",
    "1": "检查或测试未通过，或出了问题（消息会说明）。",
    "2": "用法错误：不存在的命令、选项、指南或会话，或取值不对。",
    "75": "忙：这个会话正在另一个 okhelp 里打开；等它结束后再试。",
    "130": "被中断（Ctrl-C）；会话已保存，用 'okhelp resume' 继续。",
}

SECTIONS_ZH: dict[str, str] = {
    "Commands": "命令",
    "For bots, scripts and AI assistants": "供机器人、脚本和 AI 助手使用",
}


def command_help(key: str) -> str | None:
    """A command's help in Chinese, or None."""
    return HELP_ZH.get(key)


def option_help(key: str, name: str) -> str | None:
    """A parameter's help in Chinese (its command's own words first, then the shared ones)."""
    return HELP_ZH.get(f"{key}:{name}") or HELP_ZH.get(f"*:{name}")

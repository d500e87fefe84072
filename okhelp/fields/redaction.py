"""Secrets: what a guide may never ask for, and taking them out of whatever users type.

Hand-written word lists and patterns: they are about this product's own rules (what support never
asks for, what it needs kept) and about how users in two languages type secrets, which no library
knows. The BIP39 word lists come from the ``mnemonic`` package, loaded only when needed.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from okhelp.i18n.messages import Reason

_SECRET_TOKENS = {
    "password": "password",
    "passwd": "password",
    "pwd": "password",
    "passcode": "password",
    "passphrase": "password",
    "pin": "pin",
    "otp": "one_time_code",
    "totp": "one_time_code",
    "cvv": "cvv",
    "cvv2": "cvv",
    "cvc": "cvv",
    "mnemonic": "seed_phrase",
    "seed": "seed_phrase",
    "secret": "password",
}
_SECRET_PAIRS = {
    ("sms", "code"): "one_time_code",
    ("verification", "code"): "one_time_code",
    ("verify", "code"): "one_time_code",
    ("auth", "code"): "one_time_code",
    ("security", "code"): "cvv",
    ("one", "time"): "one_time_code",
    ("card", "number"): "card_number",
    ("card", "no"): "card_number",
    ("card", "num"): "card_number",
    ("private", "key"): "private_key",
    ("remote", "access"): "remote_access",
    ("remote", "control"): "remote_access",
    ("screen", "share"): "remote_access",
}

# What a guide's question may never ask for: each secret by its names in English and in
# simplified Chinese (traditional text is simplified first), then the ways to ask for it without
# naming it ("the 6 digits you just received by text", "the 3 digits on the back").
_GAP4 = r"(?:\W+\w+){0,4}?\W+"
_SECRET_TERMS: list[tuple[str, re.Pattern[str]]] = [
    (
        "one_time_code",
        re.compile(
            r"one[-\s]?time\s*(?:pass)?(?:code|password|pin)|\b(?:otp|totp|2fa\s+code)\b"
            r"|\b(?:sms|text|verification|verify|confirmation|auth(?:entication|enticator)?"
            r"|login|log-?in|sign-?in|reset|access|security|dynamic)\s*codes?\b"
            r"|验证码|动态码|校验码|动态密码|短信码|确认码|认证码|授权码|简讯码|安全验证码",
        ),
    ),
    (
        "cvv",
        re.compile(
            r"\b(?:cvv2?|cvc2?|cvn2?|csc)\b|card\s+(?:security|verification)\s+(?:code|value)"
            r"|安全码|卡验证码|cvv码"
        ),
    ),
    ("pin", re.compile(r"\bpins?\b|\bpin\s*(?:code|number)|个人识别码")),
    (
        "password",
        re.compile(r"pass\s*words?|\bpasswd\b|pass\s*code|pass\s*phrase|\bpwd\b|密码|口令"),
    ),
    (
        "card_number",
        re.compile(
            r"\bcard\s*(?:numbers?|no\b|num\b|#|digits)|\bcard'?s\s+(?:full\s+)?(?:number|digits)"
            r"|卡号|卡的号码|卡号码"
        ),
    ),
    (
        "seed_phrase",
        re.compile(
            r"\b(?:seed|recovery|backup|secret)\s*(?:phrase|words?)\b|\bmnemonic"
            r"|助记词|种子短语|种子词|恢复短语|恢复词|备份短语|备份词"
        ),
    ),
    (
        "private_key",
        re.compile(r"\b(?:private|secret|wallet)\s+keys?\b|\bprivkey\b|私钥|密钥|秘钥|钱包钥匙"),
    ),
    (
        "remote_access",
        re.compile(
            r"\bremote\s*(?:access|control|desktop|assistance)|screen\s*-?\s*shar"
            r"|\bshar\w*\s+(?:your\s+|the\s+|my\s+)?screen|\bsee\s+your\s+screen"
            r"|\b(?:anydesk|teamviewer|todesk|rustdesk|quicksupport)\b"
            r"|远程|屏幕共享|共享屏幕|分享屏幕|投屏|向日葵|看你的屏幕|控制你的手机"
            r"|\blog\s*(?:in|into)\s+(?:to\s+)?your\s+account\s+for\s+you"
            r"|\b(?:your|the)\s+phone\s+to\s+(?:the|our|an?)\s+(?:agent|staff|specialist)"
            r"|手机借给|借给.{0,6}?操作|帮你登录|代你登录|替你登录|帮你操作|代你操作"
        ),
    ),
]
_SECRET_PARAPHRASES: list[tuple[str, re.Pattern[str]]] = [
    (
        "cvv",
        re.compile(
            rf"\b(?:digits|numbers?|code)\b{_GAP4}(?:on|at|from)\s+the\s+back\b"
            r"|\b(?:\d|three|four)[-\s]?digits?\b[^.;!?]{0,40}\bback\b"
            r"|\bback\s+of\s+(?:the|your)\s+(?:\w+\s+)?card\b|\bsignature\s+(?:strip|panel)"
            r"|背面.{0,8}?(?:数字|号码|码|位数|\d\s*位|三位)|签名(?:栏|条)"
        ),
    ),
    (
        "card_number",
        re.compile(
            rf"\b(?:long|16[-\s]?digit|sixteen[-\s]?digit)\s+(?:number|digits)"
            rf"|\b(?:digits|numbers?)\b{_GAP4}(?:on|across|of)\s+the\s+front\b"
            r"|\bfront\s+of\s+(?:the|your)\s+(?:\w+\s+)?card\b"
            r"|\b(?:photo|picture|image|scan|copy)\s+of\s+(?:both\s+sides\s+of\s+)?(?:the|your)"
            r"\s+(?:(?:bank|credit|debit)\s+)?card\b|(?:卡片?|银行卡|信用卡)(?:的)?(?:正反面|照片|拍照)"
            r"|\b(?:digits|numbers?)\s+(?:on|of)\s+(?:the|your)\s+(?:bank\s+|credit\s+|debit\s+)?card"
            r"|卡(?:片)?(?:正面|上|面上?)的?.{0,4}?(?:数字|号码|长号|位数)"
            r"|(?:银行卡|信用卡|借记卡|储蓄卡)(?:上|的)?.{0,4}?(?:号码|数字|\d+\s*位)"
        ),
    ),
    (
        "one_time_code",
        re.compile(
            r"(?<!phone )(?<!mobile )(?<!account )\b(?:codes?|digits|numbers?)\b"
            rf"{_GAP4}(?:sent|texted|messaged|e-?mailed|received|receive|got|get|arrived)\b"
            rf"|\b(?:codes?|digits|numbers?)\b{_GAP4}(?:in|from|of)\s+(?:the\s+|your\s+|that\s+)?"
            r"(?:sms|text|message|e-?mail)"
            r"|\b(?:\d|four|five|six|eight)[-\s]?digits?\s+(?:code|number|pin|password|passcode)"
            r"|收到的.{0,6}?(?:数字|号码|码|\d\s*位数?|位数)"
            r"|(?:短信|简讯|邮件|信息|消息)(?:里|中|上)?的.{0,4}?(?:数字|号码|码|位数)"
            r"|发给你的.{0,4}?(?:数字|号码|码)|(?:\d|六|四|八)\s*位(?:数字|数|码)"
            r"|\b(?:verification|code|otp|login|security)\s+(?:text|message|sms|e-?mail)s?\b"
            r"|(?:验证|验证码)(?:短信|信息|消息)"
            # the code as the app or okhelp sends it: "the code we text you", "we'll send you"
            rf"|\b(?:codes?|digits|numbers?)\b{_GAP4}(?:we|they|the\s+app|okhelp)\s+"
            r"(?:will\s+|'ll\s+)?(?:text|send|sms|message|e-?mail)\b"
            r"|\b(?:forward|show|send|pass)\s+(?:them\s+|him\s+|her\s+)?(?:the|that|this|your)\s+"
            r"(?:sms|text\s+message|text|message)\b"
            # the whole message the code came in, or an authenticator's digits
            r"|\b(?:text|sms|message|e-?mail)\s+(?:message\s+)?(?:that\s+)?(?:you|we)\s+"
            r"(?:just\s+)?(?:got|received|receive|get|sent)\b"
            rf"|\b(?:codes?|digits|numbers?)\b{_GAP4}(?:in|on|from|by)\s+(?:the\s+|your\s+)?"
            r"(?:authenticator|2fa|two[-\s]factor)"
            r"|\b(?:authenticator|2fa|otp)\s+(?:app\s+)?(?:codes?|digits|numbers?)\b"
            r"|收到的.{0,6}?(?:短信|简讯)|(?:短信|简讯)的?(?:内容|全文|原文)"
            r"|(?:身份验证器|验证器|认证器)(?:上|里|中)?的?.{0,4}?(?:数字|号码|码)"
        ),
    ),
    (
        "password",
        re.compile(
            r"\b(?:login|log-?in|sign-?in|account)\s+(?:credentials|details)\b|\bcredentials\b"
            r"|登录信息|登录凭证|账号密码|账户密码|"
            rf"\b(?:digits|numbers?|code|word|letters)\b{_GAP4}(?:use|type|enter)\s+to\s+"
            r"(?:pay|log\s*in|sign\s*in|unlock|open|confirm|approve)"
            r"|(?:支付|付款|登录|解锁|转账)时?(?:输入|用|填)的.{0,4}?(?:数字|号码|位数|\d\s*位)"
            r"|\bwhat\s+(?:do|did|would)\s+you\s+(?:type|enter|use|put\s+in)\s+to\s+"
            r"(?:pay|log\s*in|sign\s*in|unlock|open|confirm|approve)"
            r"|(?:支付|付款|登录|解锁|转账)(?:时|的时候)?(?:输入|用|填)(?:的是)?(?:什么|啥)"
        ),
    ),
    (
        "seed_phrase",
        re.compile(
            r"\b(?:12|twelve|18|eighteen|24|twenty[-\s]four)\s+(?:\w+\s+)?words\b"
            r"|\bwords\s+you\s+wrote\s+down"
            r"|(?:12|十二|18|十八|24|二十四)\s*个?(?:英文)?(?:单词|词)|备份的?(?:单词|词)"
        ),
    ),
]

# A negation counts only when it governs the request: "never share your code", "不要告诉任何人
# 验证码", "okhelp will never ask for your PIN". Between it and the verb (or the secret, when no
# verb comes first) there may only be filler words; a break word ("just", "请") starts a new
# request, and an inverting word ("don't worry", "别忘了") makes the negation about something else.
_NEGATION = re.compile(
    r"\b(?:never|not|no|without|nobody|neither|nor|no-?one|dont|doesnt|wont|cant)\b|n't\b"
    r"|千万不要|千万别|绝对不|绝不|决不|从不|从来不|不要|不用|不会|不需要|无需|不必|切勿|禁止|严禁"
    r"|不能|不可|不得|不应|不该|不允许|没有人|谁也不|别|勿|不"
)
_REQUEST_VERB = re.compile(
    r"\b(?:enter|type|input|key|send|text|tell|give|provide|share|submit|write|put|fill"
    r"|paste|include|reveal|disclose|read|say|show|upload|forward|ask|asks|request|need"
    r"|require|want|hand|spell|confirm|leave|add)\b"
    r"|输入|填写|填入|填|写|发送|发给|发|告诉|告知|提供|透露|泄露|说出|报|念|给|索要|要求"
    r"|询问|问|上传|提交|分享|共享|截图|转发|录入|键入|索取|要"
)
_BREAK = re.compile(
    r"\b(?:and|but|then|just|instead|rather|please|simply|now|so|only|here|below)\b"
    r"|但是|但|而是|只需|只要|直接|然后|马上|立即|立刻|现在|请|就|并"
)
_INVERTING = re.compile(
    r"\b(?:worr\w*|forget\w*|hesitat\w*|fail\w*|mind|wait\w*|delay\w*|panic\w*|miss\w*"
    r"|neglect\w*|afraid|problem|hold\s+back)\b"
    r"|担心|忘|犹豫|着急|急|慌|怕|迟疑|紧张|耽误|拖延|错过|紧|客气"
)
_FILLERS = frozenset(
    "ever you anyone anybody anything to we will would should shall can could may might must "
    "be is are from support staff okhelp official us our the a an your their this that it them "
    "at all for with by over on phone email e-mail chat anywhere one under any circumstances "
    "ask asks who i me my he she they do does did".split()
) | frozenset("把向对给跟与任何人你您他她们别的也都会主动随便一个这那些官方客服我谁再其")
_SENTENCE_END = re.compile(r"[.;!?。；！？\n]")
_CLAUSE_END = re.compile(r"[,，、:：()（）\[\]【】]|\s-\s")
_TOKEN = re.compile(r"[a-z0-9'-]+|[\u3400-\u9fff]")


def forbidden_field(name: str) -> str | None:
    """The kind of secret a field name stands for (``x-sms-code`` -> one_time_code), if any."""
    tokens = [t for t in re.split(r"[-_\s]+", name.lower()) if t and t != "x"]
    for token in tokens:
        if token in _SECRET_TOKENS:
            return _SECRET_TOKENS[token]
    for pair in itertools.pairwise(tokens):
        if pair in _SECRET_PAIRS:
            return _SECRET_PAIRS[pair]
    if tokens == ["code"]:
        return "one_time_code"
    return None


def _guide_text(text: str) -> str:
    """A guide's text as the secret rules read it: NFKC (full-width letters and digits ASCII),
    invisible characters dropped, lower case, curly apostrophes straight, simplified Chinese."""
    import unicodedata

    from okhelp.i18n.hant import simplified

    text = unicodedata.normalize("NFKC", text)
    text = "".join(
        " " if unicodedata.category(c).startswith("Z") else c
        for c in text
        if unicodedata.category(c) not in ("Cf", "Mn", "Me")
    )
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return simplified(text)


def _only_fillers(gap: str, allowed: int = 0) -> bool:
    """Whether ``gap`` holds nothing but filler words (``allowed`` others at most)."""
    others = [t for t in _TOKEN.findall(gap) if t not in _FILLERS]
    return len(others) <= allowed


def _governed(clause: str, position: int, negated_from_start: bool) -> bool:
    """Whether the secret named at ``position`` of ``clause`` lies under a negation that governs
    it: the nearest negation before it, with nothing but filler words up to the first request
    verb (or up to the secret), and no break or inverting word on the way.

    ``negated_from_start``: the clause continues a negation of the clause before (a list of
    secrets after "never share your password,"), so its start counts as one; the secrets listed
    before this one are no reason to stop.
    """
    ends = [match.end() for match in _NEGATION.finditer(clause, 0, position)]
    if negated_from_start:
        ends.insert(0, -1)
    for end in reversed(ends):
        gap = clause[max(end, 0) : position]
        if _BREAK.search(gap) or _INVERTING.search(gap):
            continue
        verb = _REQUEST_VERB.search(gap)
        if verb is None and end < 0:
            return True
        before_verb = gap[: verb.start()] if verb else gap
        if _only_fillers(before_verb, 0 if verb else 1):
            return True
    return False


def _pending_negation(clause: str) -> bool:
    """A clause that ends on a negation still waiting for its verb ("Never," "千万别，")."""
    ends = [match.end() for match in _NEGATION.finditer(clause)]
    if not ends:
        return False
    rest = clause[ends[-1] :]
    return not _REQUEST_VERB.search(rest) and _only_fillers(rest) and not _INVERTING.search(rest)


def _secrets_in(clause: str) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for kind, pattern in [*_SECRET_TERMS, *_SECRET_PARAPHRASES]:
        found.extend((kind, match.start()) for match in pattern.finditer(clause))
    return sorted(found, key=lambda item: item[1])


def asks_for_secret(text: str) -> str | None:
    """The secret a question asks for, by name or in other words; None when every secret it
    names is under a negation that governs it ("never share your code", "不要告诉任何人验证码").

    Text is read clause by clause: a negation in one clause says nothing about the next
    ("Don't worry, just enter the code we sent you"), except that within a sentence a clause
    with no verb of its own ("..., PIN or code") continues the one before it, and a clause that
    is only a negation ("Never, ever share it") governs the next one.
    """
    for sentence in _SENTENCE_END.split(_guide_text(text)):
        pending = governing = False
        for clause in _CLAUSE_END.split(sentence):
            if not clause.strip():
                continue
            verbless = _REQUEST_VERB.search(clause) is None and _BREAK.search(clause) is None
            inherit = pending or (governing and verbless)
            secrets = _secrets_in(clause)
            for kind, position in secrets:
                if not _governed(clause, position, inherit):
                    return kind
            pending = _pending_negation(clause)
            governing = bool(secrets) or _governed(clause, len(clause), inherit)
    return None


# Advice may name secrets ("enter the code only in the app, never tell anyone"); what it may
# never do is tell the user to hand one over: to read it out to a caller, send it to an agent,
# tell it to support. A verb of handing over, not governed by a negation, in a sentence naming
# a secret. Sentences describing a scam ("someone who asks you to provide the code is a
# fraudster") and questions about what already happened ("have you told them a code?") are
# not advice to do it.
_DISCLOSE = re.compile(
    r"\b(?:tell|give|share|provide|forward|reveal|disclose|dictate|hand\s+over|pass\s+on"
    r"|repeat|whatsapp)\b|\bsend\s+(?:it|them|this|that|the|your|over|a|an)\b"
    r"|\b(?:read|say)\s+(?:out|aloud|them|him|her|us|it\s+to|to)\b"
    r"|\breply\b|\blet\s+(?:them|him|her|us|the)\b"
    r"|\b(?:type|enter|write|paste|put|send)\b[^.;!?]{0,40}\b(?:in|into|to)\s+(?:the\s+|this\s+)?chat\b"
    r"|回复|借给|在聊天(?:中|里|框里?)?(?:输入|发送|发|填)|发到聊天"
    r"|告诉|告知|发给|传给|交给|提供给|向\S{1,8}提供|(?:请|让你|要你|需要你)\S{0,3}提供"
    r"|报给|念给|读给|说给|透露|转发|转告|报出|念出|说出|读出"
)
_SENDER = re.compile(r"(?:\bwe|\bwill|'ll|\bit|\bapp|\bokhelp)\s*$")
_SCAM = re.compile(
    r"\b(?:scam\w*|fraud\w*|impostor\w*|fake|pos(?:e|es|ing)\s+as|pretend\w*|crook\w*"
    r"|thie\w+)\b|骗|冒充|假冒|假的|自称"
)
_NOT_SCAM = re.compile(
    r"\b(?:not|no|isnt|never)\s+(?:a\s+)?(?:scam|fraud|fake)|不是骗|并非骗|不是诈骗|不是假"
)
_PAST_QUESTION = re.compile(
    r"\b(?:have|did|has|had)\s+(?:you|anyone|they)\b|有没有|是否|是不是|已经.*吗"
)
_SENTENCE = re.compile(r"[^.;!?。；！？\n]*[.;!?。；！？\n]?")


def _advising(text: str) -> Iterator[str]:
    """The sentences of a guide's text that advise: not a question about what already happened,
    not a description of a scam."""
    for sentence in _SENTENCE.findall(_guide_text(text)):
        if not sentence.strip():
            continue
        if sentence.rstrip().endswith(("?", "？")) and _PAST_QUESTION.search(sentence):
            continue
        if _SCAM.search(sentence) and not _NOT_SCAM.search(sentence):
            continue
        yield sentence


def tells_to_disclose(text: str) -> str | None:
    """The secret a guide's advice tells the user to hand over to someone, or None."""
    for sentence in _advising(text):
        if not _asked_to_disclose(sentence):
            continue
        found = asks_for_secret(sentence.rstrip(".;!?。；！？\n"))
        if found:
            return found
    return None


# The oldest wallet scam: "move your money to a safe account" someone else names. Advice may warn
# of it ("never move money to a 'safe account'"), never tell the user to do it.
_SAFE_ACCOUNT = re.compile(
    r"\b(?:safe|safer|secure|safety|protected|protection|holding|escrow|verification|"
    r"temporary|audit)\s+(?:bank\s+|wallet\s+)?account\b"
    r"|安全账户|安全帐户|安全账号|安全卡|保护账户|保护帐户|监管账户|核查账户|清查账户|资金清查|指定账户"
)
_MOVE_MONEY = re.compile(
    r"\b(?:move|transfer|send|put|deposit|pay|wire)\b|转到|转入|转进|存入|存到|汇到|汇入|转账到|转给|打到|打入"
)


# What someone else asked of the user, as a guide describes a scam: "told you to move money",
# "ask you to transfer", "让你转账": reported, not advised.
_REPORTED = re.compile(
    r"\b(?:ask|asks|asked|asking|tell|tells|told|telling|want|wants|wanted|urge|urges|urged|"
    r"pressure|pressures|pressured|get|gets|got|make|makes|made|instruct|instructs|instructed)"
    r"\s+(?:you|users?|them|him|her|people|victims?)\s+to\s+$"
    r"|(?:让|要|叫|逼|骗|诱导|要求)(?:你|您|用户)?$"
)


def tells_to_move_money(text: str) -> bool:
    """Whether a guide's advice tells the user to move money into an account someone names for
    safekeeping (a "safe account"), which only scammers ask for."""
    for sentence in _advising(text):
        for clause in _CLAUSE_END.split(sentence):
            place = _SAFE_ACCOUNT.search(clause)
            if place is None:
                continue
            for verb in _MOVE_MONEY.finditer(clause, 0, place.start()):
                if _REPORTED.search(clause[: verb.start()].lower()):
                    continue
                if not _governed(clause, verb.start(), False):
                    return True
    return False


def _asked_to_disclose(sentence: str) -> bool:
    """A verb of handing over that no negation governs, other than okhelp or the app sending
    something to the user ("we'll send you a code")."""
    for clause in _CLAUSE_END.split(sentence):
        for verb in _DISCLOSE.finditer(clause):
            if verb.group().startswith("send") and _SENDER.search(clause[: verb.start()]):
                continue
            if not _governed(clause, verb.start(), False):
                return True
    return False


# --- Redaction of secrets that slip into free text -------------------------------------------
#
# Hand-written: no library knows these secrets as users type them in two languages (a card number
# with full-width digits and U+3000 between the groups, "我的OTP是…", "背面三位数", a numbered seed
# phrase). The word lists come from the ``mnemonic`` package, loaded only when a run of words
# could be a seed phrase. Every pattern is linear: no nested quantifier can match the same text
# two ways, and everything that looks around a keyword looks inside a bounded window.

CARD_REASON = Reason("reason_card_number")
KEY_REASON = Reason("reason_private_key")
CODE_REASON = Reason("reason_secret_code")

# Invisible characters outside category Cf (which is dropped as a whole): fillers and joiners.
_INVISIBLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u3164\uffa0")
_DOTS = frozenset("\u00b7\u2022\u2027\u30fb\uff65\u2219")


def normalise(text: str) -> tuple[str, list[int]]:
    """The text as matched (NFKC, invisible characters dropped, every space a space, every digit
    ASCII, every dash '-') and, for each of its characters, where it came from in ``text``."""
    import unicodedata

    if text.isascii():
        return text, list(range(len(text)))
    chars: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        if char < "\x80":
            chars.append(char)
            where.append(index)
            continue
        category = unicodedata.category(char)
        if category in ("Cf", "Mn", "Me") or char in _INVISIBLE:
            continue
        if category == "Zs":
            replacement = " "
        elif category in ("Zl", "Zp"):
            replacement = "\n"
        elif category == "Nd":
            replacement = str(unicodedata.decimal(char))
        elif category == "Pd":
            replacement = "-"
        elif char in _DOTS:
            replacement = "."
        else:
            replacement = unicodedata.normalize("NFKC", char)
        for piece in replacement:
            chars.append(piece)
            where.append(index)
    return "".join(chars), where


def _words(phrases: str) -> str:
    """English keywords ('|' between them) as a pattern: any case, parts joined by nothing,
    spaces, '-' or '_', and never inside a longer word (but right next to Chinese or digits)."""
    parts = []
    for phrase in sorted(phrases.split("|"), key=len, reverse=True):
        words = [re.escape(w) for w in re.split(r"[ -]", phrase)]
        parts.append(r"[\s_-]{0,2}".join(words))
    return r"(?<![A-Za-z])(?:" + "|".join(parts) + r")(?![A-Za-z])"


_CJK_FIRST: set[str] = set()


def _cjk(phrases: str) -> str:
    """Chinese keywords ('|' between them) as a pattern, longest first; their first characters
    are kept for the keyword scan's first test."""
    words = sorted(phrases.split("|"), key=len, reverse=True)
    _CJK_FIRST.update(w[0] for w in words if not w[0].isascii())
    return "|".join(re.escape(p) for p in words)


_KEEP_EN = _words(
    "error code|error codes|error no|error number|error id|error|err|errno|errcode"
    "|status code|status|http|exit code|return code|response code|fault code|reason code"
    "|result code|order number|order no|order id|order|transaction id|transaction number"
    "|transaction no|transaction hash|transaction ref|transaction reference|txn id"
    "|txn hash|txn|txid|tx id|tx hash|tx|hash|reference number|reference no|reference"
    "|ref no|ref|tracking number|tracking|ticket number|ticket id|ticket|case number"
    "|case id|invoice number|invoice no|invoice|receipt number|receipt no|receipt"
    "|serial number|serial no|serial|sn|imei|meid|model|version|build|ver|invite code"
    "|invitation code|referral code|promo code|promotion code|coupon code|coupon"
    "|voucher code|voucher|gift code|discount code|redeem code|redemption code|zip code"
    "|zip|postal code|post code|postcode|area code|country code|swift code|swift|bic"
    "|routing number|sort code|bank code|branch code|product code|item code|qr code"
    "|barcode|bar code|merchant id|merchant no|merchant number|request id|trace id"
    "|session id|session|user id|uid|member id|customer id|block|block hash|batch"
    "|batch number"
)
_KEEP_ZH = _cjk(
    "错误码|错误代码|错误编号|错误号|错误|錯誤碼|錯誤代碼|錯誤|报错|報錯|代码|代碼|状态码"
    "|狀態碼|订单号|订单编号|订单|訂單號|訂單編號|訂單|交易号|交易编号|交易单号"
    "|交易流水号|交易流水|交易哈希|交易ID|交易id|交易號|交易編號|交易單號|流水号|流水號"
    "|单号|單號|编号|編號|工单|工單|商户号|商戶號|参考号|參考號|哈希|凭证号|憑證號|发票"
    "|發票|快递|物流|序列号|序列號|序号|型号|型號|版本号|版本號|版本|邀请码|邀請碼|推荐码"
    "|推薦碼|优惠码|優惠碼|兑换码|兌換碼|券码|邮编|郵編|邮政编码|區號|区号|用户ID|用户id"
    "|用戶ID|会员号|會員號|区块|區塊"
)
_CVV_EN = _words(
    "cvv2|cvv|cvc2|cvc|cvn2|cvn|csc|card security code|security code"
    "|card verification code|card verification value|security number|security digits"
    "|card security number|card code"
)
_CVV_BACK = (
    r"(?:背面|背后|背後|反面|后面|後面)(?:上|印)?的?"
    r"(?:那|这|這)?(?:三|3|四|4)(?:位|个|個)(?:的)?(?:安全|验证|驗證|校验|校驗)?"
    r"(?:数字|數字|数|數|码|碼|号码|號碼|号|號)?"
    r"|(?<![A-Za-z0-9])(?:(?:3|three|4|four)[\s-]{1,2}digits?(?:\s+(?:numbers?|codes?))?"
    r"|(?:security\s+)?(?:numbers?|codes?|digits))\s+(?:printed\s+)?(?:on|at)\s+the"
    r"\s+(?:back|reverse)(?:\s+of\s+(?:my|the|your)\s+(?:(?:credit|debit|bank)\s+)?card)?"
    r"(?![A-Za-z])"
)
_CVV_ZH = _cjk(
    "安全码|安全碼|安全数字|安全數字|安全号码|安全號碼|卡验证码|卡驗證碼|CVV码|cvv码|CVV碼|cvv碼"
)
_OTP_EN = _words(
    "verification code|verify code|confirmation code|confirm code|sms code|text code|otp"
    "|totp|otp code|one time code|one time passcode|one time password|one time pin"
    "|onetime code|2fa|2fa code|mfa|mfa code|auth code|authentication code"
    "|authenticator code|authenticator|login code|log in code|sign in code|signin code"
    "|access code|google code"
)
_OTP_ZH = _cjk(
    "验证码|驗證碼|校验码|校驗碼|动态码|動態碼|动态口令|動態口令|动态密码|動態密碼"
    "|一次性密码|一次性密碼|短信码|短信碼|簡訊碼|确认码|確認碼|授权码|授權碼|认证码"
    "|認證碼"
)
_PIN_EN = _words("pin|pin code|pin number|pin no|pincode")
_PIN_ZH = _cjk("PIN码|PIN碼|pin码|pin碼|个人识别码|個人識別碼")
_PW_EN = _words("password|pass word|passwd|passcode|passphrase|pwd|pword")
_PW_ZH = _cjk("密码|密碼|口令")
_PW_WEAK = _words("pw|pass|pswd")
_KEY_EN = _words("private key|privkey|priv key|secret key|wif")
_KEY_ZH = _cjk("私钥|私鑰|密钥|密鑰|秘钥|秘鑰")
_SEED_EN = _words(
    "seed phrase|seed words|seed|recovery phrase|secret recovery phrase|mnemonic"
    "|mnemonic phrase|backup phrase|recovery words"
)
_SEED_ZH = _cjk("助记词|助記詞|种子短语|種子短語|恢复短语|恢復短語|备份短语")
_ID_EN = _words(
    "id card|id card number|id number|id no|identity card|identity number|national id"
    "|resident id|id"
)
_ID_ZH = _cjk(
    "身份证号码|身份证号|身份证|身份證號碼|身份證號|身份證|证件号码|证件号|證件號碼"
    "|證件號|居民身份证"
)
_CARD_EN = _words(
    "card number|card no|card num|card|credit card|debit card|visa|mastercard|master card"
    "|amex|unionpay|union pay|jcb|discover|diners|cardno|cc"
)
_CARD_ZH = _cjk("卡号|卡號|卡号码|卡號碼|银行卡|銀行卡|信用卡|借记卡|储蓄卡|卡")
_CODE_EN = _words("code|codes")
_OTP_VERIFY = _words("verification|verify")
_OTP_WEAK = _words("sms|text|msg")
# A text message named alone, the digits right after it ("收到短信482913", "短信上写的482913"):
# in Chinese the code is what such a message is cited for.
_SMS_ZH_WEAK = _cjk("短信|簡訊|简讯|短訊")
_FROM_SENDER = re.compile(
    r"[ \t]*(?:发来|發來|发的|發的|发过来|發過來|发送|發送|打来|打來|号码|號碼)"
)
# A code described instead of named: "短信里的6位数", "簡訊上那串數字", "the code from the text".
_SMS_ZH = (
    r"(?:短信|簡訊|简讯|短訊|讯息|訊息)(?:里面|裡面|里|裡|上面|上|中|内|內)?"
    r"(?:的|发的|發的|写的|寫的|给的|給的|收到的)?(?:那个|那個|那串|那组|那組|这个|這個|这串|這串|那|这|這)?"
    r"(?:[0-9一二三四五六七八两兩](?:位|个|個))?(?:数字|數字|数|數|码|碼|号码|號碼|密码|密碼)"
)
_SMS_EN = (
    r"(?<![A-Za-z])(?:numbers?|codes?|digits|pin)(?:\s+(?:that|which))?(?:\s+(?:i|we|they|you))?"
    r"(?:\s+(?:just|had|have))?(?:\s+(?:got|received|was\s+sent|were\s+sent|sent(?:\s+me)?))?"
    r"(?:\s+(?:by|via|in|from|through|over|on))?(?:\s+(?:the|a|an|my|your|their))?"
    r"\s+(?:sms|texts?|text\s+messages?|messages?)(?![A-Za-z])"
)
# "6位数", "the 6-digit number": a count of digits that stands for a code (the value must have
# exactly that many digits).
_COUNT_EN = (
    r"(?:[4-8](?<![A-Za-z0-9.][4-8])|(?<![A-Za-z])(?:four|five|six|seven|eight))[\s-]{0,2}digits?"
    r"(?:[\s-]+(?:numbers?|codes?|pins?|passcodes?|one))?(?![A-Za-z])"
)
_COUNT_ZH = (
    r"[4-8四五六七八](?<![0-9.][4-8四五六七八])(?:位(?:数字|數字|数|數|码|碼|号码|號碼|密码|密碼)?"
    r"|个数字|個數字|个数|個數)"
)

# One scan finds every keyword; the group says what it stands for. A keyword that is part of a
# longer one at the same place (``card`` in ``card security code``) comes after it.
KEYWORD_BODY = "|".join(
    f"(?P<{name}>{pattern})"
    for name, pattern in (
        ("cvv", f"{_CVV_BACK}|{_CVV_EN}|{_CVV_ZH}"),
        ("otp", f"{_OTP_EN}|{_OTP_ZH}"),
        ("described", f"{_SMS_ZH}|{_SMS_EN}"),
        ("pin", f"{_PIN_ZH}|{_PIN_EN}"),
        ("keep", f"{_KEEP_EN}|{_KEEP_ZH}"),
        ("password", f"{_PW_EN}|{_PW_ZH}"),
        ("key", f"{_KEY_EN}|{_KEY_ZH}"),
        ("seed", f"{_SEED_EN}|{_SEED_ZH}"),
        ("id", f"{_ID_ZH}|{_ID_EN}"),
        ("card", f"{_CARD_ZH}|{_CARD_EN}"),
        ("count", f"{_COUNT_ZH}|{_COUNT_EN}"),
        ("code", _CODE_EN),
        ("weak_password", _PW_WEAK),
        ("verify", _OTP_VERIFY),
        ("weak_otp", f"{_OTP_WEAK}|{_SMS_ZH_WEAK}"),
    )
)
# A keyword starts with a digit, one of these Chinese characters (those of the lists above and of
# the patterns written out: 背面, 短信, 六位) or an English letter at the start of a word ("PIN码"
# may be glued to one). Testing that first skips most places at once instead of trying every
# keyword there; tests/fields/test_redaction.py checks that it finds what the body alone finds.
_KEYWORD_FIRST = "".join(sorted(_CJK_FIRST | set("背反后後短簡简讯訊四五六七八")))
KEYWORDS = (
    f"(?:(?=[0-9{_KEYWORD_FIRST}])|(?<![A-Za-z])(?=[A-Za-z])|(?=(?:pin|cvv)[码碼]))"
    f"(?:{KEYWORD_BODY})"
)

# A note between a keyword and its value: "(6 digits)", "（6位）", "8位", "5分钟内有效",
# "(valid 5 min)", "有效期10分钟". A bracket holds no number of three digits or more, so a value
# typed in brackets ("验证码（583920）") is never skipped as a note.
_NOTE = (
    r"(?:[ \t]*[(\[【「『<《](?:[^\d()\[\]【】「」『』<>《》\n]|\d{1,2}(?!\d)){1,40}[)\]】」』>》]"
    r"|(?<![\d.])\d{1,2}[ \t]?(?:位数字|位數字|位数|位數|位|个数字|個數字|"
    r"(?:digits?|chars?|characters?|letters?)(?![A-Za-z]))"
    r"|[一二三四五六七八九十两兩](?:位数字|位數字|位数|位數|位|个数字|個數字)"
    r"|(?:有效期|有效时间|有效時間)(?:为|為|是)?[ \t]?\d{1,3}[ \t]?"
    r"(?:分钟|分鐘|秒|小时|小時)(?:内|內)?"
    r"|(?<![\d.])\d{1,3}[ \t]?(?:分钟|分鐘|秒钟|秒鐘|秒|小时|小時)(?:之?内|之?內)?(?:有效)?"
    r"|(?<![A-Za-z])(?:valid|good|expires?|expiring)(?:[ \t]+(?:for|in|within))?[ \t]+\d{1,3}"
    r"[ \t]?(?:min(?:ute)?s?|sec(?:ond)?s?|s|hours?|hrs?)(?![A-Za-z])"
    r"|有效期内|有效期內|有效"
    r")(?:[ \t]*,)?"
)

# What may stand between a keyword and its value: the word's strength says how sure it is that
# a value follows (":" labels it, "is" / "是" states it, "to" only points at it).
_GAP = (
    f"(?P<note>{_NOTE})"
    r"|(?P<space>[\s\"'`“”‘’\[\]【】()（）「」『』<>《》→~#*-]+)"
    r"|(?P<label>[:=])"
    r"|(?P<states>是|为|為|改成了?|改为|改為|设成了?|設成了?|设为|設為|设置为|設置為|设置成了?|"
    r"設置成了?|换成了?|換成了?|变成了?|變成了?|改了|就是|也是|还是|還是|应该是|應該是|叫做?|"
    r"等于|等於|写的是|寫的是|显示的?是|顯示的?是|"
    r"(?<![A-Za-z])(?:is|was|are|were|equals|is now|reads|said|says|showed|shows)(?![A-Za-z]))"
    r"|(?P<points>(?<![A-Za-z])(?:to|as|into)(?![A-Za-z]))"
    r"|(?P<filler>我的|你们的|你們的|我设的|我設的|设的|設的|上写的|上寫的|写的|寫的|好像|大概|"
    r"呢|嘛|啊|呀|吧|我|的|了|都|现在|現在|目前|一直|收到的?|发来的|發來的|发的|發的|"
    r"新的?|旧的?|舊的?|原来的?|原來的?|号码|號碼|号|號|码|碼|输入的?|輸入的?|填的|短信|簡訊|简讯|"
    r"里面|裡面|里|裡|上面|那个|那個|这个|這個|那串|这串|這串|刚才|剛才|刚刚|剛剛|刚|剛|"
    r"发过来的|發過來的|给我的|給我的|先后|先後|已经|已經|又|分别|分別|连续|連續|之前|后来|後來|"
    r"试了|試了|试过|試過|用了|用过|用過|输了|輸了|填了|"
    r"(?<![A-Za-z])(?:my|the|your|our|their|his|her|new|old|current|currently|now|just|still|"
    r"actually|really|i|we|you|they|he|she|it|me|us|have|has|had|been|be|set|changed|updated|"
    r"got|get|received|sent|texted|entered|typed|used|using|for|of|on|in|at|account|wallet|"
    r"app|login|bank|card|number|no|code|sms|text|message|that|which|from|by|via|email|phone|"
    r"please|pls|here|again|also|then|today|yesterday|latest|last|first|one|arrived|came|tried|"
    r"with|him|her|them|and)"
    r"(?![A-Za-z]))"
)


@functools.cache
def _compiled(pattern: str, flags: int = re.I) -> re.Pattern[str]:
    """The three largest patterns, compiled on first use: compiling them took ~10 ms of every
    start-up, also for commands that never redact anything."""
    return re.compile(pattern, flags)


_STRENGTH = {"label": 3, "states": 2, "points": 1}
_GAP_WINDOW = 48

_DIGITS = re.compile(r"(?:[A-Za-z]-)?\d(?:[ -]?\d){2,7}(?![ -]?\d)")
# Chinese numerals read one by one, as a code is ("四八二九一六", "壹贰叁肆"); a positional word
# after them (十, 百, 万) makes them a number, not a code.
_CN_DIGITS = "〇零一壹二贰貳两兩三叁參四肆五伍六陆陸七柒八捌九玖幺"
_CN_CODE = re.compile(
    f"[{_CN_DIGITS}](?:[ ]?[{_CN_DIGITS}]){{2,7}}(?![ ]?[{_CN_DIGITS}十拾百佰千仟万萬亿億点點])"
)
# A code spelt out in English digit words, as it is read aloud: "four eight two nine one three".
_EN_DIGIT = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_EN_SPOKEN = re.compile(
    rf"{_EN_DIGIT}(?:[ \t]*[ ,-][ \t]*{_EN_DIGIT}){{2,7}}"
    rf"(?![A-Za-z]|[ \t]*[ ,-][ \t]*(?:{_EN_DIGIT}|hundred|thousand|million)\b)",
    re.I,
)
_SPOKEN_GAP = re.compile(
    r"[ \t:=\"'(]*(?:(?:is|was|are|were|of)[ \t]+)?(?:(?:my|the)[ \t]+)?", re.I
)
# A code said as one digit repeated: "六个八", "6个8", "six 8s", "six eights" (888888).
_REPEATED = re.compile(
    f"(?:[四五六七八]|[4-8])[ ]?[个個][ ]?(?:[0-9]|[{_CN_DIGITS}])"
    f"(?![ ]?(?:[0-9{_CN_DIGITS}十拾百佰千仟万萬亿億点點位个個月天年日号號次块塊元分秒]|%))"
    r"|(?:four|five|six|seven|eight|4|5|6|7|8)[ \t]+"
    r"(?:[0-9]'?s|zeros|zeroes|ones|twos|threes|fours|fives|sixes|sevens|eights|nines)"
    r"(?![A-Za-z0-9])",
    re.I,
)
_LIST_WORD = (
    r"(?:和|与|與|跟|及|以及|或者|或|还有|還有|(?<![A-Za-z])(?:and|or|plus|then)(?![A-Za-z]))[ \t]*"
)
_LIST_SEP = re.compile(
    f"[ \\t]*(?:[,;、/&+][ \\t]*(?:{_LIST_WORD})?|{_LIST_WORD})"
    r"(?:(?:also|then|又|再|也|是)[ \t]*)?"
)
_FAR_WINDOW = 80
_FAR_DIGIT = re.compile(f"[0-9{_CN_DIGITS}]|[。.!?\\n]")
# What says a number came by text message (a described code without it must be stated: "是").
_SMS_CUE = re.compile(
    r"短信|簡訊|简讯|短訊|讯息|訊息|收到|发来|發來|发给我|發給我|发过来|發過來"
    r"|(?<![A-Za-z])(?:sms|texts?|texted|messages?|received|got|sent)(?![A-Za-z])",
    re.I,
)
_COUNT_WORDS = {"four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_COUNT_CN = {"四": 4, "五": 5, "六": 6, "七": 7, "八": 8}
# "the last 4 digits", "尾号", "后4位": part of a card or phone number, which support may ask for.
_PART_OF_NUMBER = re.compile(
    r"(?:后|後|尾|末|前|尾号|尾號|最后|最後|(?<![A-Za-z])(?:last|first|ending(?:\s+in)?|ends\s+in))"
    r"[ \t]*$",
    re.I,
)
_UNIT = re.compile(
    r"[ \t]*(?:秒|分钟|分鐘|分|次|元|块|塊|位|个|個|条|條|天|年|月|日|号|號|小时|小時|%|毫秒|倍|遍|"
    r"(?:s|secs?|seconds?|mins?|minutes?|hours?|hrs?|days?|times?|digits?|chars?|characters?|"
    r"letters?|numbers?|yuan|rmb|cny|usd|usdt|dollars?|pm|am|x)(?![A-Za-z]))",
    re.I,
)
_DATE = re.compile(r"(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d\d")
_PW_VALUE = re.compile(r"[!-+\--:<-~]{1,80}")
_PHRASE = re.compile(r"[A-Za-z][!-+\--:<-~]{0,30}(?: [A-Za-z0-9][!-+\--:<-~]{0,30}){1,9}")
# Words that end a passphrase: the sentence goes on about it ("... but it fails").
_PHRASE_STOP = frozenset(
    "but and so because though although when after since which that it is was isn't wasn't "
    "doesn't don't didn't won't can't still however please help thanks now".split()
)
_DESCRIBING = frozenset(
    "name names birthday birth born plus followed initials year surname nickname".split()
)
_SENTENCE_END = re.compile(r"[。!?！？\n]|\.(?:\s|$)")
_PW_TOKEN = re.compile(r"(?<![!-~])[!-~]{0,40}\d[!-~]{0,40}")
_VERSION = re.compile(r"[vV]?\d+(?:\.\d+)+")
# Words that say what a password is made of: a name, a birthday, letters plus digits.
_COMPOSITION = re.compile(
    r"名字|姓名|名|生日|出生|拼音|手机号|手機號|加上?|和|跟|后面|後面|开头|開頭|字母|组合|組合|年份"
    r"|(?<![A-Za-z])(?:name|birthday|birth|born|plus|followed|with|initials|year|and)(?![A-Za-z])"
    r"|\+",
    re.I,
)
_KEY_VALUE = re.compile(r"(?:0[xX])?[A-Za-z0-9+/=]{16,}")
_KEEP_VALUE = re.compile(
    r"[A-Za-z0-9]+(?:(?:[ \t]{1,2}|[ \t]?[._/:-][ \t]?)(?=[A-Za-z]*\d)[A-Za-z0-9]+){0,12}"
)
_BEFORE_DIGITS = re.compile(
    r"(?<![\dA-Za-z-])((?:[A-Za-z]-)?\d(?:[ -]?\d){2,7})[ \t]*"
    r"(?:是|为|為|就是|(?<![A-Za-z])(?:is|was)(?![A-Za-z])|=)[ \t]*"
    r"(?:(?:我的|你们的|你的|the|my|your|our|their)[ \t]*)?"
    r"(?:[A-Za-z][A-Za-z0-9-]*[ \t]+){0,2}(?:短信|手机|新的?)?$",
    re.I,
)
_BEFORE_PASSWORD = re.compile(
    r"(?<![!-~])([!-+\--:<-~]{4,64})[ \t]*(?:是|就是|(?<![A-Za-z])(?:is|was)(?![A-Za-z]))[ \t]*"
    r"(?:(?:我的|the|my|your)[ \t]*)?(?:新的?|new[ \t]+|登录|登錄|支付|login[ \t]+)?$",
    re.I,
)
_BEFORE_KEEP = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z0-9][A-Za-z0-9_-]{2,40})[ \t]*"
    r"(?:是|为|為|(?<![A-Za-z])(?:is|was)(?![A-Za-z])|[:=])?[ \t]*"
    r"(?:(?:the|an?|my|this|that)[ \t]+)?$",
    re.I,
)
# A keep keyword that names a number ("error code", "订单号"), so that a value stated before it
# ("50012 是错误码") is kept too; "error" / "错误" alone after a number only says it failed.
_KEEP_NOUN = re.compile(r"code|number|no\b|id\b|hash|#|号|號|码|碼|编号|編號", re.I)
_CODE_NOT_OTP = frozenset(
    "show shows showed showing shown display displays displayed displaying say says said "
    "return returns returned give gives gave throw throws threw pop pops popped error errors "
    "fail failed fails failure with app promo invite referral coupon voucher gift discount "
    "zip postal post area country dial bank branch swift sort routing product item qr bar "
    "merchant tracking order transaction reference ref status http exit response fault reason "
    "result source program".split()
)
_PASSWORD_WORDS = frozenset(
    "wrong correct incorrect right invalid valid not no none too the a an same expired locked "
    "blocked frozen forgotten forgot lost reset changed fine ok okay working weak strong long "
    "short required needed empty blank different saved stored gone case sensitive still now "
    "also definitely probably already always never just only really actually my your his her "
    "our their it its this that which what and or but so because since when after before until "
    "for from with without in on at by of to into about again being been be is was are were "
    "has have had do does did can could should would will cannot hidden secret unknown known "
    "new old simple easy hard complex complicated rejected accepted mandatory optional there "
    "here please help thanks thank sorry yes nothing something anything everything all any "
    "some each every set sent shown asked mine yours good bad great broken stuck updated "
    "change remember remembered one two three four five six seven eight nine ten digits "
    "characters letters numbers chars times time attempts tries pin password passcode code "
    "otp login account wallet app error failed failing fails doesnt isnt wasnt cant wont "
    "dont didnt reset manager field box screen prompt page hint least most like than more less "
    "number digit letter symbol symbols special capital capitals uppercase lowercase upper lower "
    "minimum min max maximum character word words very quite kind type thing as if".split()
)
_WORD_SUFFIXES = ("ed", "ing", "ly", "ful", "less", "able", "ible", "ous", "ive", "tion", "ness")
_CARD_GLUE = tuple(
    "card cardno cardnumber no num number visa mastercard amex unionpay jcb cc ccn pan debit "
    "credit".split()
)
_ID_GLUE = ("id", "idno", "idcard", "idnumber", "ic")
# Digit groups and what people put between them: spaces, dots, dashes, slashes, and the commas
# (a Chinese keyboard's ，), semicolons, bars, stars, pluses, colons and tildes seen in the wild.
_CHUNK = re.compile(
    r"\d+(?:(?:[ \t]{1,2}|[ \t]?[._/,;|*+:~·、-][ \t]?)\d+)*(?:[Xx](?![A-Za-z0-9]))?"
)
_GROUP = re.compile(r"\d+[Xx]?")
_HEX_RUN = re.compile(
    r"(?<![0-9A-Za-z])(?:0[xX])?[0-9A-Fa-f]+(?:(?:[ \t]{1,2}|[ \t]*\r?\n[ \t]*)[0-9A-Fa-f]+)*"
)
_HEX_GROUP = re.compile(r"[0-9A-Fa-f]+")
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_WIF = re.compile(r"(?<![0-9A-Za-z])[5KLc9][1-9A-HJ-NP-Za-km-z]{50,51}(?![0-9A-Za-z])")
_EXTENDED_KEY = re.compile(
    r"(?<![0-9A-Za-z])(?:[xtyzuv]prv|[YZUV]prv)[1-9A-HJ-NP-Za-km-z]{16,112}(?![0-9A-Za-z])"
)
_PEM_BEGIN = re.compile(r"-{3,10} ?BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?(?: ?-{1,10})?")
_PEM_END = re.compile(r"-{3,10} ?END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)? ?-{0,10}")
_MARKER = re.compile(r"\[REDACTED:[a-z_]+\]")
_ASCII_WORD = re.compile(r"[A-Za-z]+")
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_SEED_GAP = re.compile(r"[\s\d.,;:、)(\[\]#*|/'\"_-]{1,12}")
_CJK_RUN = r"[\u3400-\u9fff](?:[ \t,，、]{1,3}[\u3400-\u9fff]){11,}"
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 "
    "65 71 81 82 83".split()
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def luhn_valid(digits: str) -> bool:
    """The check card numbers pass (and most other long digit strings do not)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char)
        if index % 2:
            number = number * 2 - 9 if number > 4 else number * 2
        total += number
    return total % 10 == 0


def _card_prefix(digits: str) -> bool:
    """Issued card numbers start with 3-6 (Amex, Visa, Mastercard, UnionPay, JCB, Discover,
    Diners) or 2221-2720 (Mastercard); phone numbers with +86, dates and most order numbers
    do not."""
    return digits[0] in "3456" or 2221 <= int(digits[:4]) <= 2720


def is_card_number(digits: str) -> bool:
    """13 to 19 digits with an issuer's first digits and the Luhn check."""
    return (
        digits.isascii()
        and digits.isdigit()
        and 13 <= len(digits) <= 19
        and _card_prefix(digits)
        and luhn_valid(digits)
    )


def _valid_date(year: int, month: int, day: int) -> bool:
    from datetime import date

    try:
        born = date(year, month, day)
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= date.today()


def is_id_number(value: str, *, checked: bool = True) -> bool:
    """A mainland resident ID number: 18 characters (the last may be X) with a birth date and
    the ISO 7064 MOD 11-2 check character, or the old 15-digit form (date only, no check)."""
    value = value.upper()
    if len(value) == 18 and value[:17].isdigit() and (value[17].isdigit() or value[17] == "X"):
        if not _valid_date(int(value[6:10]), int(value[10:12]), int(value[12:14])):
            return False
        if not checked:
            return True
        total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True))
        return value[:2] in _PROVINCES and "10X98765432"[total % 11] == value[17]
    if len(value) == 15 and value.isdigit():
        return value[:2] in _PROVINCES and _valid_date(
            1900 + int(value[6:8]), int(value[8:10]), int(value[10:12])
        )
    return False


def _base58check(text: str) -> bool:
    import hashlib

    number = 0
    for char in text:
        number = number * 58 + _BASE58.index(char)
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    raw = b"\0" * (len(text) - len(text.lstrip("1"))) + raw
    body, check = raw[:-4], raw[-4:]
    return len(raw) > 4 and hashlib.sha256(hashlib.sha256(body).digest()).digest()[:4] == check


@functools.cache
def _bip39_words() -> frozenset[str]:
    return frozenset(_wordlist("english"))


@functools.cache
def _bip39_chinese() -> frozenset[str]:
    return frozenset(_wordlist("chinese_simplified") + _wordlist("chinese_traditional"))


def _wordlist(name: str) -> list[str]:
    from importlib import resources

    path = resources.files("mnemonic").joinpath(f"wordlist/{name}.txt")
    return path.read_text(encoding="utf-8").split()


@dataclass
class _Scan:
    """One text being searched: the normalised form, what was found, what must stay."""

    norm: str
    found: list[tuple[int, int, str, int]] = field(default_factory=list)
    protected: list[tuple[int, int]] = field(default_factory=list)
    card_hints: set[int] = field(default_factory=set)
    id_hints: set[int] = field(default_factory=set)
    seed_hints: list[int] = field(default_factory=list)

    def add(self, start: int, end: int, kind: str, rank: int) -> None:
        if end > start:
            self.found.append((start, end, kind, rank))

    def gap(self, pos: int) -> tuple[int, int]:
        """Skip what may stand between a keyword and its value: (value start, strength)."""
        limit = min(len(self.norm), pos + _GAP_WINDOW)
        strength = 0
        words = 0
        if self.norm[pos : pos + 1] == "." and self.norm[pos - 1 : pos] in _ASCII_LETTERS:
            pos += 1  # an abbreviation: "order no.", "card no."
        while pos < limit:
            match = _compiled(_GAP).match(self.norm, pos, limit)
            if match is None or match.end() == pos:
                break
            group = match.lastgroup or "space"
            if group != "space":
                words += 1
                if words > 6:
                    break
            strength = max(strength, _STRENGTH.get(group, 0))
            pos = match.end()
        return pos, strength


def _value_digits(scan: _Scan, pos: int, low: int, high: int, *, letter: bool) -> tuple[int, int]:
    """A run of low..high digits (single spaces or dashes between them allowed, or Chinese
    numerals read digit by digit: 四八二九一六) at pos that is not an amount, a count, a date or
    part of a longer number; (0, 0) if there is none."""
    match = _DIGITS.match(scan.norm, pos) or _CN_CODE.match(scan.norm, pos)
    if match is None or (not letter and not _is_digit(match.group()[0])):
        return 0, 0
    count = _digit_count(match.group())
    if not low <= count <= high or _DATE.fullmatch(match.group()):
        return 0, 0
    after = scan.norm[match.end() : match.end() + 2]
    if _UNIT.match(scan.norm, match.end()) or (after[:1] in ".:" and after[1:].isdigit()):
        return 0, 0  # "60 秒", "5 times", "12.50", "10:30"
    if re.match(r",\d{3}(?!\d)", scan.norm[match.end() : match.end() + 5]):
        return 0, 0  # "1234,567": an amount
    start = match.start() + (2 if not _is_digit(match.group()[0]) else 0)
    return start, match.end()


def _is_digit(char: str) -> bool:
    return char.isdigit() or char in _CN_DIGITS


def _digit_count(text: str) -> int:
    return sum(_is_digit(c) for c in text)


def _value_list(scan: _Scan, end: int, low: int, high: int, letter: bool) -> list[tuple[int, int]]:
    """More values of the same shape after one ("验证码是 583920 和 771935", "1234, 5678 or
    9012"): one keyword may introduce a list, and every secret in it goes."""
    found: list[tuple[int, int]] = []
    while len(found) < 16:
        sep = _LIST_SEP.match(scan.norm, end)
        if sep is None:
            break
        start, stop = _value_digits(scan, sep.end(), low, high, letter=letter)
        if not stop:
            break
        found.append((start, stop))
        end = stop
    return found


def _far_digits(scan: _Scan, pos: int, low: int, high: int) -> tuple[int, int]:
    """The first number later in the same sentence, if it has low..high digits: the value of a
    code described rather than named ("the 6-digit number I got by SMS, I told him 902817")."""
    norm = scan.norm
    stop = min(len(norm), pos + _FAR_WINDOW)
    found = _FAR_DIGIT.search(norm, pos, stop)
    if found is None or found.group() in "。.!?\n":
        return 0, 0
    if found.start() > 0 and norm[found.start() - 1] in _ASCII_LETTERS:
        return 0, 0  # E1024, v8: a code of another kind
    start, end = _value_digits(scan, found.start(), low, high, letter=False)
    if end and norm[end : end + 1] not in _ASCII_LETTERS:
        return start, end
    return 0, 0


def _looks_like_password(value: str, strength: int) -> bool:
    """Whether the word after a password keyword is the password, not a word about it."""
    if not 4 <= len(value) <= 64 or "***" in value or not any(c.isalnum() for c in value):
        return False
    lowered = value.lower().replace("'", "")
    if lowered in _PASSWORD_WORDS or lowered in _DESCRIBING:
        return False
    if re.fullmatch(r"[\d.,:/-]+", value) and not value.isdigit():
        return False  # a range, time, date or amount: "8-20", "15:30", "2024-11-20"
    has_digit = any(c.isdigit() for c in value)
    has_symbol = any(not c.isalnum() for c in value)
    if value.isalpha():
        if strength == 3:
            return True
        if strength == 2:
            return not (len(value) > 4 and lowered.endswith(_WORD_SUFFIXES))
        return False
    if "'" in value and value.replace("'", "").isalpha():
        return False  # doesn't, isn't
    return has_digit or (has_symbol and strength >= 1)


def _after_keyword(scan: _Scan, kind: str, start: int, end: int) -> None:
    """Find the value a keyword introduces (and, for codes, one stated just before it)."""
    norm = scan.norm
    pos, strength = scan.gap(end)
    if kind == "keep":
        match = _KEEP_VALUE.match(norm, pos)
        if match and any(c.isdigit() for c in match.group()):
            scan.protected.append((match.start(), match.end()))
        before = _BEFORE_KEEP.search(norm, max(0, start - 48), start)
        if before and _KEEP_NOUN.search(norm, start, end):
            scan.protected.append(before.span(1))
        return
    if kind == "card":
        scan.card_hints.add(pos)
        return
    if kind == "id":
        scan.id_hints.add(pos)
        return
    if kind == "seed":
        scan.seed_hints.append(end)
        return
    if kind == "key":
        match = _KEY_VALUE.match(norm, pos)
        if match and pos > end and not match.group().isalpha():
            scan.add(match.start(), match.end(), "private_key", 0)
        return
    if kind in ("password", "weak_password"):
        if kind == "weak_password" and strength < 2:
            return
        if strength >= 2 and _passphrase(scan, pos):
            return
        spoken = _CN_CODE.match(norm, pos)
        if spoken and _digit_count(spoken.group()) >= 4 and not _UNIT.match(norm, spoken.end()):
            scan.add(spoken.start(), spoken.end(), "password", 3)  # 密码是壹贰叁肆伍陆
            return
        repeated = _REPEATED.match(norm, pos)
        if repeated:
            scan.add(repeated.start(), repeated.end(), "password", 3)  # 支付密码是六个八
            return
        match = _PW_VALUE.match(norm, pos)
        if match:
            value = match.group()
            if "</" in value[1:]:  # "<password>hunter2</password>": the tag closes the value
                value = value[: value.index("</", 1)]
            value = value.rstrip(".,:;?)]}>'\"")
            value_start = match.start()
            if value[:1] in "'\"(":
                value, value_start = value[1:], value_start + 1
            if _UNIT.match(norm, value_start + len(value)) and not value.isalpha():
                return
            glued = pos == end
            if _looks_like_password(value, 0 if glued else strength):
                scan.add(value_start, value_start + len(value), "password", 3)
                return
        before = _BEFORE_PASSWORD.search(norm, max(0, start - 72), start)
        if before and any(c.isdigit() for c in before.group(1)):
            value = before.group(1)
            if _looks_like_password(value, 2):
                scan.add(before.start(1), before.end(1), "password", 3)
                return
        if strength >= 2:
            _described_password(scan, pos)
        return
    if kind == "count":
        _described_count(scan, start, end, pos, strength)
        return
    if kind == "weak_otp" and strength < 2 and norm[start].isascii():
        return  # "sms" or "text" names a code only when it labels or states one ("sms: 482913")
    if kind == "weak_otp" and not norm[start].isascii():
        number = _DIGITS.match(norm, pos)
        if number is None or _FROM_SENDER.match(norm, number.end()):
            return  # "短信是 95588 发来的": the number the message came from
    low, high, found_kind = {
        "otp": (4, 8, "one_time_code"),
        "verify": (4, 8, "one_time_code"),
        "weak_otp": (4, 8, "one_time_code"),
        "described": (4, 8, "one_time_code"),
        "code": (6, 6, "one_time_code"),  # a bare "code" is ambiguous: six digits, as sent
        "pin": (4, 8, "pin"),
        "cvv": (3, 8, "cvv"),
    }[kind]
    if kind == "code" and _code_is_qualified(norm, start):
        return
    letter = kind == "otp"
    repeated = _REPEATED.match(norm, pos)
    if repeated and kind != "code":
        scan.add(repeated.start(), repeated.end(), found_kind, 3)  # "PIN 是六个八", "six 8s"
        return
    # the gap may have taken a first "one" as a filler word: look right after the keyword too
    right_after = _SPOKEN_GAP.match(norm, end)  # every part optional: it always matches
    after_keyword = right_after.end() if right_after else end
    found = [m for m in (_EN_SPOKEN.match(norm, after_keyword), _EN_SPOKEN.match(norm, pos)) if m]
    spoken = min(found, key=lambda m: m.start()) if found else None
    if spoken and low <= len(re.findall(_EN_DIGIT, spoken.group(), re.I)) <= high:
        scan.add(spoken.start(), spoken.end(), found_kind, 3)  # "the code is four eight two…"
        return
    value_start, value_end = _value_digits(scan, pos, low, high, letter=letter)
    if not value_end and kind in ("described", "otp", "cvv", "verify", "weak_otp"):
        # "the OTP they asked for, 482913", "CVV on the back: 593": a named code's value
        # later in the same sentence
        value_start, value_end = _far_digits(scan, pos, low, high)
    if value_end:
        for one_start, one_end in [
            (value_start, value_end),
            *_value_list(scan, value_end, low, high, letter),
        ]:
            digits = _digit_count(norm[one_start:one_end])
            kind_found = "one_time_code" if kind == "cvv" and digits > 4 else found_kind
            scan.add(one_start, one_end, kind_found, 3)
        return
    before = _BEFORE_DIGITS.search(norm, max(0, start - 64), start)
    if before:
        digits_text = before.group(1)
        count = sum(c.isdigit() for c in digits_text)
        if low <= count <= high and not _DATE.fullmatch(digits_text):
            offset = 2 if not digits_text[0].isdigit() else 0
            kind_found = "one_time_code" if kind == "cvv" and count > 4 else found_kind
            scan.add(before.start(1) + offset, before.end(1), kind_found, 3)


def _described_count(scan: _Scan, start: int, end: int, pos: int, strength: int) -> None:
    """'6位数', 'the 6-digit number': the code is the number with exactly that many digits,
    stated right after ('6位数是583920') or later in the sentence when the text says it came by
    SMS ('the 6-digit number I got by SMS, I told him 902817'). 'The last 4 digits' and '尾号'
    name part of a card or phone number and are left alone."""
    norm = scan.norm
    if _PART_OF_NUMBER.search(norm, max(0, start - 12), start):
        return
    word = norm[start:end].lower()
    first = word[0]
    wanted = (
        int(first)
        if first.isdigit()
        else _COUNT_CN.get(first) or next(n for w, n in _COUNT_WORDS.items() if word.startswith(w))
    )
    value_start, value_end = _value_digits(scan, pos, wanted, wanted, letter=False)
    if value_end and strength < 2:
        cue = _SMS_CUE.search(norm, max(0, start - 40), value_start)
        value_end = value_end if cue else 0
    if not value_end and _SMS_CUE.search(norm, max(0, start - 40), min(len(norm), end + 40)):
        value_start, value_end = _far_digits(scan, pos, wanted, wanted)
    if value_end:
        scan.add(value_start, value_end, "one_time_code", 3)


def _passphrase(scan: _Scan, pos: int) -> bool:
    """A password of several words after 'password:' / 'password is' / '密码是' ('correct horse
    battery staple'), up to the end of the clause or a joining word; taken when fewer than half
    of its words are words one says about a password ('the password is correct but fails')."""
    match = _PHRASE.match(scan.norm, pos)
    if match is None:
        return False
    words = match.group().split(" ")
    for index, word in enumerate(words):
        if word.lower() in _PHRASE_STOP:
            words = words[:index]
            break
        if word[-1] in ",;:.!?" and index + 1 < len(words):
            words = words[: index + 1]  # the clause ends: "hunter22, PIN 7788"
            break
    while words and not any(c.isalnum() for c in words[-1]):
        words.pop()
    if len(words) < 2:
        return False
    if any(w.lower().strip(".,:;!?") in _DESCRIBING for w in words):
        return False  # 'my name plus my birthday: lily0512' describes it
    talk = sum(w.lower().strip(".,!?'\"") in _PASSWORD_WORDS or "'" in w for w in words)
    if talk * 2 >= len(words):
        return False
    text = " ".join(words).rstrip(".,:;?!)]}>'\"")
    scan.add(pos, pos + len(text), "password", 3)
    return True


def _described_password(scan: _Scan, pos: int) -> None:
    """A password explained before it is given ('我的密码就是我名字加生日 lily0512', 'my password
    is my name plus my birthday: lily0512'): the first token with a digit later in the same
    sentence, when the words before it say what the password is made of."""
    norm = scan.norm
    stop = min(len(norm), pos + _FAR_WINDOW)
    end = _SENTENCE_END.search(norm, pos, stop)
    stop = end.start() if end else stop
    token = _PW_TOKEN.search(norm, pos, stop)
    if token is None or not _COMPOSITION.search(norm, pos, token.start()):
        return
    value = token.group().rstrip(".,:;?!)]}>'\"")
    if _UNIT.match(norm, token.start() + len(value)) or _VERSION.fullmatch(value):
        return
    letters = any(c.isalpha() for c in value)
    if (letters and _looks_like_password(value, 0)) or (value.isdigit() and 6 <= len(value) <= 12):
        scan.add(token.start(), token.start() + len(value), "password", 3)


def _code_is_qualified(norm: str, start: int) -> bool:
    """'code' after words like 'error', 'promo', 'shows' names something support needs."""
    before = _ASCII_WORD.findall(norm[max(0, start - 24) : start])[-2:]
    return any(word.lower() in _CODE_NOT_OTP for word in before)


def _glued_letters(norm: str, index: int) -> str:
    """The ASCII letters that end right before index (lowercased)."""
    start = index
    while start > 0 and index - start < 24 and norm[start - 1] in _ASCII_LETTERS:
        start -= 1
    return norm[start:index].lower()


def _find_numbers(scan: _Scan) -> None:
    """Card and ID numbers: runs of digit groups, whatever stands between the groups."""
    norm = scan.norm
    for chunk in _CHUNK.finditer(norm):
        if chunk.start() > 0 and norm[chunk.start() - 1].isdigit():
            continue
        if chunk.end() - chunk.start() < 13:
            continue
        groups = [(g.start(), g.end()) for g in _GROUP.finditer(norm, chunk.start(), chunk.end())]
        first = 0
        while first < len(groups):
            hinted = groups[first][0] in scan.card_hints
            best: tuple[int, str] | None = None
            value = ""
            for last in range(first, len(groups)):
                value += norm[groups[last][0] : groups[last][1]]
                if len(value) > 19:
                    break
                worth = value[0] in "23456" or len(value) in (15, 18) or hinted
                if len(value) >= 13 and worth:
                    kind = _number_kind(scan, groups, first, last, value)
                    if kind:
                        best = (last, kind)
            if best is None:
                first += 1
                continue
            last, kind = best
            scan.add(groups[first][0], groups[last][1], kind, 2)
            first = last + 1


def _number_kind(
    scan: _Scan, groups: list[tuple[int, int]], first: int, last: int, value: str
) -> str | None:
    """What the digits of groups first..last are: a card number, an ID number, or nothing."""
    norm = scan.norm
    start, end = groups[first][0], groups[last][1]
    if value[-1] in "xX" and len(value) != 18:
        return None
    separated = last > first
    hinted_card = first == 0 and start in scan.card_hints
    hinted_id = first == 0 and start in scan.id_hints
    if first == 0:
        glue = _glued_letters(norm, start)
        if glue and not separated and not glue.endswith(_CARD_GLUE + _ID_GLUE):
            return None
        after = norm[end : end + 1]
        if glue and after.isascii() and after.isalnum():
            return None
    glued_after = last == len(groups) - 1 and norm[end : end + 1] in _ASCII_LETTERS
    if glued_after and _glued_letters(norm, start):
        return None  # inside a word such as an order id: TX4111111111111111A
    if (
        len(value) in (15, 18)
        and (len(value) == 18 or hinted_id)
        and is_id_number(value, checked=not hinted_id)
        and not (hinted_card and is_card_number(value))
    ):
        return "id_number"
    if not value.isdigit():
        return None
    if is_card_number(value) or (hinted_card and not hinted_id):
        return "card_number"
    return None


def _find_hex_keys(scan: _Scan) -> None:
    """64 hex digits (with or without 0x, or split into groups by spaces): a raw private key."""
    import bisect

    norm = scan.norm
    for run in _HEX_RUN.finditer(norm):
        if len(run.group()) < 64:
            continue
        prefix = 2 if run.group()[:2] in ("0x", "0X") else 0
        groups = [m.span() for m in _HEX_GROUP.finditer(norm, run.start() + prefix, run.end())]
        lengths = [0]
        digits = [0]
        for start, end in groups:
            lengths.append(lengths[-1] + end - start)
            digits.append(digits[-1] + sum(c.isdigit() for c in norm[start:end]))
        first = 0
        while first < len(groups):
            stop = bisect.bisect_left(lengths, lengths[first] + 64)
            if stop >= len(lengths) or lengths[stop] != lengths[first] + 64:
                first += 1
                continue
            start, end = groups[first][0], groups[stop - 1][1]
            count = digits[stop] - digits[first]
            after = norm[end : end + 1]
            if 8 <= count <= 60 and not (after.isascii() and after.isalnum()):
                if first == 0 and prefix:
                    start -= 2
                scan.add(start, end, "private_key", 0)
                first = stop
                continue
            first += 1


def _find_encoded_keys(scan: _Scan) -> None:
    """WIF and extended (xprv, tprv, yprv, zprv, ...) keys, and PEM private-key blocks."""
    norm = scan.norm
    for match in _WIF.finditer(norm):
        if match.group()[0] in "5KL" or _base58check(match.group()):
            scan.add(match.start(), match.end(), "private_key", 0)
    for match in _EXTENDED_KEY.finditer(norm):
        scan.add(match.start(), match.end(), "private_key", 0)
    pos = 0
    while True:
        begin = _PEM_BEGIN.search(norm, pos)
        if begin is None:
            break
        end = _PEM_END.search(norm, begin.end())
        stop = end.end() if end else len(norm)
        scan.add(begin.start(), stop, "private_key", 0)
        pos = stop


def _find_seed_phrases(scan: _Scan) -> None:
    """12 or more BIP39 words in a row (one unknown word allowed inside), joined by spaces,
    commas, dashes, newlines or numbering; 8 are enough right after 'seed phrase' / '助记词'."""
    norm = scan.norm
    tokens = list(_ASCII_WORD.finditer(norm))
    runs: list[list[re.Match[str]]] = []
    for token in tokens:
        if runs and _SEED_GAP.fullmatch(norm, runs[-1][-1].end(), token.start()):
            runs[-1].append(token)
        else:
            runs.append([token])
    for run in runs:
        if len(run) >= 8:
            _seed_windows(scan, run)
    for match in _compiled(_CJK_RUN, 0).finditer(norm):
        chars = list(re.finditer(r"[\u3400-\u9fff]", match.group()))
        words = _bip39_chinese()
        streak: list[re.Match[str]] = []
        for char in [*chars, None]:
            if char is not None and char.group() in words:
                streak.append(char)
                continue
            if len(streak) >= 12:
                base = match.start()
                scan.add(base + streak[0].start(), base + streak[-1].end(), "seed_phrase", 1)
            streak = []


def _seed_windows(scan: _Scan, run: list[re.Match[str]]) -> None:
    words = _bip39_words()
    known = [t.group().lower() in words for t in run]
    segments: list[tuple[int, int]] = []
    index = 0
    while index < len(run):
        if not known[index]:
            index += 1
            continue
        end = index
        while end + 1 < len(run) and known[end + 1]:
            end += 1
        segments.append((index, end))
        index = end + 1
    for number, (first, last) in enumerate(segments):
        count = last - first + 1
        stop = last
        if number + 1 < len(segments):
            following = segments[number + 1]
            bridge = run[last + 1].group()
            if following[0] == last + 2 and 3 <= len(bridge) <= 8:
                count += following[1] - following[0] + 1
                stop = following[1]
        hinted = any(0 <= run[first].start() - hint <= 40 for hint in scan.seed_hints)
        if count >= (8 if hinted else 12):
            scan.add(run[first].start(), run[stop].end(), "seed_phrase", 1)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def redact(text: str) -> tuple[str, dict[str, int]]:
    """Replace secrets in free text by ``[REDACTED:kind]``; return the text and counts by kind.

    The text is matched in a normalised form (NFKC, invisible characters dropped) and cut in
    its own form, so what is kept stays exactly as typed. Found: card numbers (Luhn and issuer
    prefix, any separators, or any 13-19 digits right after a card keyword), Chinese ID-card
    numbers (checksum), one-time codes, passwords, PINs and CVVs next to their keywords in
    Chinese or English, BIP39 seed phrases, and private keys (hex, WIF, xprv..., PEM). What
    follows 'error code', '订单号', 'transaction id' and the like is left alone.
    """
    import bisect

    if not text:
        return text, {}
    norm, where = normalise(text)
    scan = _Scan(norm)
    for match in _compiled(KEYWORDS).finditer(norm):
        _after_keyword(scan, match.lastgroup or "", match.start(), match.end())
    _find_pasted_messages(scan)
    _find_encoded_keys(scan)
    _find_hex_keys(scan)
    _find_numbers(scan)
    _find_seed_phrases(scan)
    # What was redacted before (a resumed session, an edited answer) stays as it is.
    markers = [m.span() for m in _MARKER.finditer(norm)]
    accepted: list[tuple[int, int, str]] = []
    for start, end, kind, rank in sorted(scan.found, key=lambda f: (f[3], f[0], -f[1])):
        if _overlaps(start, end, markers):
            continue
        if rank >= 2 and _overlaps(start, end, scan.protected):
            continue
        if (
            rank == 0
            and _overlaps(start, end, scan.protected)
            and re.fullmatch(r"(?:0[xX])?[0-9A-Fa-f]{64}", norm[start:end])
        ):
            continue  # a transaction hash after 'tx hash' / '交易哈希'
        # Accepted spans never overlap: kept in order, a new one need only be checked against
        # its two neighbours (a list scanned whole made a text full of secrets quadratic).
        index = bisect.bisect_left(accepted, (start, end, kind))
        if index and accepted[index - 1][1] > start:
            continue
        if index < len(accepted) and accepted[index][0] < end:
            continue
        accepted.insert(index, (start, end, kind))
    if not accepted:
        return text, {}
    counts: dict[str, int] = {}
    pieces: list[str] = []
    done = 0
    for start, end, kind in accepted:
        counts[kind] = counts.get(kind, 0) + 1
        pieces += [text[done : where[start]], f"[REDACTED:{kind}]"]
        done = where[end - 1] + 1
    pieces.append(text[done:])
    return "".join(pieces), counts


# A code message pasted whole: "OKPay: 482913. Don't share this with anyone.", "【钱包】482913，
# 请勿泄露": a number followed closely by the warning every such message carries.
_PASTED_MESSAGE = re.compile(
    r"(?<![\dA-Za-z.,])(\d{4,8})(?!\d|[.,:]\d)[^\d\n]{0,48}?"
    r"(?:(?<![A-Za-z])(?:don'?t|do\s+not|never)\s+(?:share|tell|give|disclose|forward|send)"
    r"|请勿|切勿|请不要|不要|勿)(?:向他人|给他人|告诉他人|告知他人)?"
    r"(?:泄露|泄漏|透露|告诉|告知|转发|提供|share|tell|give|disclose|forward|send|$)?",
    re.I,
)


def _find_pasted_messages(scan: _Scan) -> None:
    for match in _PASTED_MESSAGE.finditer(scan.norm):
        if match.group().rstrip().endswith(("勿", "不要")):
            continue  # a warning with no verb of telling: not a code message's
        if _UNIT.match(scan.norm, match.end(1)) or re.fullmatch(r"(?:19|20)\d\d", match.group(1)):
            continue  # "paid 5000 yuan, don't tell my wife"
        scan.add(match.start(1), match.end(1), "one_time_code", 3)


def structured_secret(text: str) -> Reason | None:
    """Why an account or transaction id must not be this text (a card number once separators
    are removed, a private key or seed phrase, a code or password next to its keyword), or
    None."""
    norm, _ = normalise(text)
    compact = re.sub(r"[\s._/-]", "", norm)
    if is_card_number(compact):
        return CARD_REASON
    _, counts = redact(text)
    if "private_key" in counts or "seed_phrase" in counts:
        return KEY_REASON
    if "card_number" in counts:
        return CARD_REASON
    # An id is kept whole (a transaction id even loses its spaces), so a code typed with it
    # cannot be cut out the way it is from free text: the answer is refused instead.
    if counts.keys() & {"one_time_code", "password", "pin", "cvv"}:
        return CODE_REASON
    return None

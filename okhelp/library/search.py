"""Rank guides for a free-text description, in Chinese, English or both, offline and fast.

BM25 over three kinds of terms: Chinese character bigrams (and single characters, weighing
less), which need no word segmenter and so no dictionary to load at start-up; English words
reduced to their Snowball stems (PyStemmer, a C extension that loads in about a millisecond),
with the irregular verbs users write about money ("froze", "withdrew", "paid") first turned into
the verb; and concept terms from a table of the many ways users say the same thing ("想不起来"
and "forgot", "on hold" and "冻结"), which is what lets an English description find a guide
whose keywords are Chinese and the other way round. Each guide is one document whose fields are
weighted by repeating their terms: keywords count most, then the title, then the summary; step
texts are left out, as their advice words ("restart", "check") match every complaint. A keyword
phrase found whole in the description adds a bonus. English words the guides do not contain
are matched to the closest word they do contain that starts with the same letter (difflib), so
"withdrawl" still finds "withdrawal" but "fund" does not become "refund".

A description is weighed for its main need, not its strongest word: symptom words ("failed",
"stuck", "pending", "money back", "the app") count SYMPTOM_WEIGHT beside a topic ("提现卡住了" is a
withdrawal, "卡住了" alone the app); a fee or a limit counts more than what it is of; a concept
counts once however many of its words appear. Misspelt English words are corrected before
concepts and keyword phrases are looked for, and a phrase also matches without its stop words.
No Chinese bigram is made across a particle, a function word or the edge of a word the concept
table knows ("外币付款" has 外币 and 付款, not 币付): such pairs matched guides by chance.

Traditional Chinese (帳戶被凍結) is matched in simplified characters (okhelp/i18n/hant.py, loaded
only
when such characters appear), queries and guides alike, and 帐 is read as 账: both are written for
"account" in the mainland, and the conversion gives 帐. Words that differ by region and not only by
script (儲值, 簡訊, 提領, HK 增值, 入錢) are variants in the concept table like any other.

Hand-written because the whole index is a few hundred short documents: a BM25 library would add
a dependency for twenty lines, a segmenter (jieba) costs most of a second to load, and a
lemmatizer with a full dictionary (simplemma) about 0.2 s and 19 MB for the dozen irregular
verbs that matter here.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from okhelp.domain.model import Guide
from okhelp.i18n.hant import simplified
from okhelp.library import learned

FIELD_WEIGHTS = {"keywords": 4, "title": 3, "summary": 2, "steps": 0}
SINGLE_CHAR_WEIGHT = 0.3


def _variants(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


# Words users use for the same thing. Every variant found in a text adds the group's concept term,
# so "想不起来" meets "忘记", "卡死" meets "卡顿", "make an account" meets "create account".
# Chinese variants match as substrings, English ones as whole words. Words of Taiwan and Hong Kong
# (儲值, 簡訊, 增值, written Cantonese 唔記得) are written here in simplified characters, as the
# text is converted before it is matched.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "forget": _variants(
        "忘掉|lost my password|忘记|唔记得|忘了|想不起来|记不得|记不住|不记得|不知道密码|forgot|"
        "forget|forgotten|can't remember|cant remember|dont remember|don't remember|"
        "dont know my password|don't know my password|dont know the old|don't know the old"
    ),
    "lost-phone": _variants(
        "手机丢|丢了手机|丢手机|手机掉|手机不见|手机被偷|手机被盗|手机被抢|电话俾人偷|电话丢|电话不见|"
        "电话唔见|手机唔见|lost my phone|"
        "lost phone|lost my mobile|phone stolen|stolen phone|phone got stolen|phone was stolen|"
        "left my phone|phone missing|phone got nicked"
    ),
    "reset": _variants("重置|重设|找回密码|reset|recover my password|recover password"),
    "password": _variants("密码|口令|password|passwrd|pasword|passcode"),
    "register": _variants(
        "建账号|建账户|建个账号|建号|创建账户|创建账号|申请账号|申请账户|开账户|新建账号|新账号|新账户|办账号|"
        "第一次用|刚下载|刚装|新人|新用户|get an account|set up an account|setup account|join|"
        "注册|开户|开通账户|开个账户|register|sign up|signup|create account|create an account|"
        "make an account|open an account|new account|i'm new|im new|new here|new user|"
        "just downloaded|just installed"
    ),
    "login": _variants(
        "logs me out|logged me out|log me out|let me back in|登入|登出|登唔到|入唔到|进不了|"
        "sign on|get into my account|access my account|登录|登陆|登不上|进不去|上不去|掉线|被踢|"
        "退出登录|login|log in|sign in|signin|cant get in|can't get in|logged out|log me out|"
        "signed out|kicked out|let me in"
    ),
    "device": _variants(
        "换手机|换了手机|换了部手机|新设备|换设备|别的设备|其他设备|另一台|new phone|"
        "new iphone|new android|new device|changed phone|changed my phone|switched phone|"
        "another phone|another device|other device|different phone|different device"
    ),
    "phone-number": _variants(
        "手机号|号码|电话号|门号|换号|phone number|mobile number|number changed|old number|"
        "new number"
    ),
    "stuck": _variants(
        "白屏|黑屏|加载不出来|一直加载|启动页|卡顿|卡死|卡住|卡在|很卡|死机|当机|没反应|无响应|"
        "不响应|不动了|转圈|loading screen|blank screen|splash screen|not loading|won't load|"
        "wont load|frozen screen|stuck|hang|hangs|lag|laggy|slow|spinning|not responding|"
        "unresponsive|doesnt respond|doesn't respond"
    ),
    "crash": _variants(
        "闪退|崩溃|打不开|开唔到|自动退出|自己关了|crash|crashes|crashing|crashed|won't open|"
        "wont open|doesnt open|doesn't open|closes|keeps closing|shuts down|force close"
    ),
    "app": _variants("app|软件|应用|软体|程式|客户端|application"),
    "app-version": _variants(
        "新版本|版本|升级|更新后|更新以后|更新之后|new version|latest version|version|upgrade|"
        "upgraded|after the update|after updating|after an update"
    ),
    "network": _variants(
        "网络错误|网络异常|网络不好|没网|断网|信号|网路|连线|network|connection|offline|no internet"
    ),
    "public-network": _variants(
        "wifi|wi-fi|公共网络|热点|咖啡店|咖啡馆|机场|酒店|public network|hotspot|cafe|"
        "coffee shop|airport|hotel"
    ),
    "abroad": _variants(
        "境外消费|国际|跨境|出境|cross-border|cross border|境外|国外|海外|出国|外国|旅游|旅行|"
        "日本|美国|韩国|泰国|欧洲|香港|澳门|台湾|新加坡|英国|法国|德国|澳洲|澳大利亚|加拿大|"
        "abroad|overseas|foreign|another country|international|travel|travelling|traveling|"
        "trip|holiday|vacation|europe|japan|korea|thailand|singapore|hong kong|usa|america|"
        "united states|uk|australia|canada"
    ),
    "currency": _variants(
        "euro|euros|pound|pounds|dollar|dollars|韩元|英镑|港币|泰铢|外币|汇率|换汇|美元|日元|"
        "欧元|币种|货币|currency|currencies|exchange rate|usd|eur|yen|gbp|rate"
    ),
    "support": _variants(
        "热线|电话客服|在线客服|专线|help desk|call centre|call center|contact you|客服|人工|真人|"
        "support|customer service|agent|human|representative|hotline|a person|"
        "speak with someone|speak to someone|talk to someone|talk with someone|live person|"
        "contact you|real person|活人|机器人|the bot|a bot|chatbot"
    ),
    "impostor": _variants(
        "冒充|假客服|假的客服|冒认|骗子|诈骗|自称|假装|fake|scam|scammer|impostor|imposter|"
        "pretending|pretended|posing as|claiming|claimed to be|said they were|说是客服|说是官方|"
        "保证金|是真的吗|是不是真的|work for you|theyre from|they are from|says hes from|"
        "is that legit|is this legit|is it legit|is this real"
    ),
    "phishing": _variants(
        "链接|点链接|钓鱼|网址|连结|a link|the link|links|click|clicked|phishing"
    ),
    "unknown-charge": _variants(
        "wasnt me|wasn't me|dont recognise|没授权|唔系我|未授权|盗用|被人用了|别人用了|"
        "without permission|not authorized|not authorised|someone used|someone else used|"
        "i never made|不是我|没有消费|没消费|不认识|陌生|少了一笔|莫名|不明|不见了|消失|not me|"
        "didn't make|didnt make|don't recognise|don't recognize|dont recognize|unauthorized|"
        "unauthorised|disappeared|vanished|strange|weird|unfamiliar|unknown|没买|没付过|没有买|"
        "没有付过|钱没了|never authorised|never authorized|never bought|never heard of|"
        "didnt do anything|didn't do anything|didnt buy|didn't buy|money gone|money is gone"
    ),
    "stolen": _variants(
        "password was changed|密码被人改|被盗|盗刷|被黑|被人登录|别人登录|密码被改|stolen|"
        "hacked|hacker|hackers|compromised|someone logged in|someone changed my password"
    ),
    "protect": _variants(
        "防骗|2fa|two-factor|two factor|双重认证|两步验证|两步骤验证|二次验证|保护|安全|防盗|"
        "protect|secure|security|safe|safety|safer"
    ),
    "frozen": _variants(
        "冻结|解冻|冻住|冻了|封号|被封|封了|停权|受限|限制使用|风控|审核|frozen|froze|freeze|"
        "suspended|restricted|blocked|locked account|on hold|under review|held for review"
    ),
    "top-up": _variants(
        "往钱包|转到钱包|充进钱包|存进钱包|to my wallet|to the wallet|充值|储值|加值|增值|入钱|"
        "冲值|充的|充钱|充了|充进|充到|充入|存钱|存入|转入钱包|转进钱包|top up|topup|top-up|"
        "topping up|"
        "deposit|deposited|add money|added money|load money|loaded money|add funds|added funds|"
        "into my wallet|into the wallet|put money|从银行|从卡|from my bank|from the bank|"
        "from my card"
    ),
    "withdraw": _variants(
        "提现|体现|取钱|取出|取现|提款|提领|领钱|提到|提出来|转到银行卡|转到卡|转回银行|withdraw|withdrawal|"
        "withdrawl|withdrew|withdrawn|withdrawing|cash out|cashout|cashing out|payout|"
        "to my bank|transfer out|move money to my bank"
    ),
    "refund": _variants(
        "退款|退费|退货|取消订单|订单取消|订单取消了|refund|refunded|refunds|"
        "reimburse|return an item|returned an item|return something|returned something|"
        "canceled order|order cancelled|order canceled|cancelled my order|canceled my order"
    ),
    # Money coming back is said of refunds, failed payments, withdrawals and wrong transfers alike.
    "money-back": _variants(
        "退钱|退回|退给|退了|回来|返还|追回|要回|拿回|money back|get it back|bounced back|"
        "came back|returned|sent back"
    ),
    "close-account": _variants(
        "注销|注消|销户|销号|删号|删除账号|删除账户|关闭账户|close account|close my account|"
        "delete account|delete my account|deactivate|cancel my account|cancel account|"
        "close my wallet|account closure"
    ),
    "stop-using": _variants(
        "不想用|不想再用|唔想再用|唔再用|不再用|不再使用|stop using|dont want this|"
        "don't want this|dont want the|don't want the|get rid of|no longer use|for good|permanently"
    ),
    # Asking whether something is safe, or how to keep it safe, before anything has happened.
    "safe-question": _variants(
        "安全吗|安不安全|安唔安全|会不会不安全|是否安全|更安全|防着|防止|预防|以防|以免|is it safe|"
        "is it secure|safe to|safer|harder to hack|before anything happens|prevent|avoid getting|"
        "same password|different password|同一个密码|一样的密码|密码一样"
    ),
    "pay": _variants(
        "付款|支付|付钱|俾钱|付不了|买东西|消费|扫码|结账|收银|买单|下单|网购|pay|paying|payment|paymnt|"
        "checkout|purchase|card payment|qr|cashier|buying|buy"
    ),
    "fail": _variants(
        "刷不了|用不了|付不出去|唔成功|用唔到|doesn't work|doesnt work|didn't work|not working|"
        "失败|不成功|没成功|被拒|fail|failed|faild|failing|fails|declined|didn't go through|"
        "did not go through|rejected"
    ),
    "not-arrived": _variants(
        "还在处理|处理中|一直在处理|未收到|收唔到|仲未|pending|still processing|hasn't arrived|"
        "hasnt arrived|never reached|not reached|没到账|未到账|没到|没收到|没看到|没显示|没有显示|"
        "看不到|没进|还没|等了|not arrived|didn't arrive|didnt arrive|not received|havent received|"
        "haven't received|never got|not showing|never came|missing|late|where is|still shows"
    ),
    "deducted": _variants("扣了|扣款|扣钱|被扣|钱少了|charged|deducted|taken|left my account"),
    "fee": _variants(
        "手续费|费用|收费|服务费|多收|多扣|要钱吗|收钱吗|免费|fee|fees|charge|charge per|"
        "overcharged|cost|costs|free of charge|how much does|how much is it|received less|"
        "got less|less than i|收不收|比我提的少|少了几块|少了几毛|到账少了|charges|hidden fees|"
        "any fees"
    ),
    "limit": _variants(
        "金额太大|太大|超过上限|额度不够|超出额度|超额|spend more|send more|how much i can|"
        "how much can|限额|额度|上限|最多|超限|能付多少|limit|limt|limits|maximum|max|"
        "too large|exceeds|allowed amount|more than allowed|reached the maximum"
    ),
    "identity": _variants(
        "实名认证|身份认证|身份验证|认证|身份证|身分|kyc|identity verification|verify identity|"
        "identity|id card|passport"
    ),
    "personal-details": _variants(
        "名字|姓名|改名|实名信息|个人信息|个人资料|个资|资料|地址|生日|填错|写错|personal details|"
        "profile|the name|address|date of birth|misspelled|typo in my"
    ),
    "set": _variants("设置|设定"),
    "change": _variants("修改|更改|换绑|更换|变更|改成|换了|change|update|replace|switch|edit"),
    "bank-card": _variants(
        "银行卡|绑卡|解绑|旧卡|新卡|bank card|card linked|linked card|old card|new card|"
        "remove my card|add a card|another card"
    ),
    "email": _variants("邮箱|邮件|电邮|email|e-mail|mail"),
    "code": _variants("验证码|短信|动态码|简讯|短讯|认证码|sms|code|otp|verification"),
    "error": _variants(
        "报错|出错|错误|异常|error|bug|went wrong|gone wrong|goes wrong|something wrong"
    ),
}
# The same words typed in pinyin, as users without a Chinese keyboard type them
# ("denglu验证码收不到", "tixian mei dao zhang"): joined or a syllable group apart. Only words
# of a wallet's topics; a syllable alone says too little. 充值 and 重置 are both "chongzhi":
# here a top-up, the wallet's commoner need.
PINYIN: dict[str, str] = {
    "login": "denglu|deng lu|denglv|dengru|deng ru",
    "register": "zhuce|zhu ce|kaihu|kai hu",
    "password": "mima|mi ma",
    "forget": "wangji|wang ji|wangle|wang le",
    "reset": "zhaohui|zhao hui|chongshe|chong she",
    "top-up": "chongzhi|chong zhi|chongqian|chong qian",
    "withdraw": "tixian|ti xian|quxian|qu xian",
    "refund": "tuikuan|tui kuan|tuihuo|tui huo",
    "money-back": "tuiqian|tui qian|tuihui|tui hui",
    "frozen": "dongjie|dong jie|jiedong|jie dong|fenghao|feng hao",
    "close-account": "zhuxiao|zhu xiao|xiaohu|xiao hu",
    "fee": "shouxufei|shou xu fei|shouxu fei",
    "limit": "xiane|xian e|shangxian|shang xian",
    "support": "kefu|ke fu|rengong|ren gong",
    "impostor": "pianzi|pian zi|zhapian|zha pian",
    "stolen": "beidao|bei dao|daoshua|dao shua",
    "protect": "anquan|an quan",
    "code": "yanzhengma|yan zheng ma|yanzheng ma|yzm",
    "pay": "zhifu|zhi fu|fukuan|fu kuan",
    "fail": "shibai|shi bai",
    "not-arrived": "daozhang|dao zhang|meidaozhang|mei dao zhang|meidao|mei dao",
    "deducted": "koukuan|kou kuan|kouqian|kou qian",
    "bank-card": "yinhangka|yin hang ka|yinhang ka",
    "phone-number": "shoujihao|shouji hao",
    "crash": "shantui|shan tui",
    "stuck": "kazhu|ka zhu|kasi|ka si",
    "lost-phone": "shoujidiu|shouji diu|diu shouji|diushouji",
    "identity": "shiming|shi ming|renzheng|ren zheng",
    "abroad": "jingwai|jing wai|guowai|guo wai|haiwai|hai wai",
    "currency": "huilv|hui lv|waibi|wai bi",
    "device": "huanshouji|huan shouji",
}
for _concept, _pinyin in PINYIN.items():
    CONCEPTS[_concept] += _variants(_pinyin)
# How something went wrong, said of many topics; and concepts that name no topic of their own.
# "The app" is named in every complaint, so it weighs as little as a symptom beside a topic.
SYMPTOMS = frozenset({"stuck", "fail", "not-arrived", "error", "deducted", "money-back", "app"})
NOT_TOPICS = frozenset({"app", "app-version", "network", "code", "set", "change", "crash"})
SYMPTOM_WEIGHT = 0.4
# A fee or a limit is always of something (a withdrawal fee, a payment limit): named, it is what the
# user asks about, and what it is of is only the context.
CONCEPT_WEIGHTS = {"#fee": 1.5, "#limit": 1.5}
K1 = 1.2
B = 0.5
PHRASE_BONUS = 2.0
# How much the learned model's probability counts beside the BM25 score, which is scaled so the
# best guide has 1; how much less sure than trained it is made (its training descriptions are
# easier than new ones); and how likely a guide sharing no term with the text must be to be listed.
LEARNED_WEIGHT = 4.0
LEARNED_TEMPERATURE = 2.0
LEARNED_FLOOR = 0.2
SHIPPED = "shipped"

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9]+")
_STOP_WORDS = """
a an the i my me it is are was to of in on and or for with can cant not do does did dont how what
why when your you this that be have has had at from but so still just keep keeps get got will
would any no problem problems issue issues help please wallet okpay need want some
use using used take know knowing see try tried
what whats where which who whose there these those they them their he she his her him its im ive
id youre were been being am if then than about also very really too only even again any all
every each other such say says said saying think thought sure right yes ok okay thanks thank hi
hello hey pls plz lol idk guys anything nothing everything something go goes going gone went
like now today yesterday ago while yet already always ever anymore should could might must
didnt doesnt isnt wasnt arent havent hasnt werent wont up never show shows showed showing
"""
_STOP = set(_STOP_WORDS.split())
_ZH_STOP = set("的了吗呢啊吧我你是在有和就都也还不没怎么这那个么吧嘛哪")
# Everyday function words: their bigrams say nothing about the problem.
_ZH_FUNCTION_WORDS = """可以 这个 那个 什么 怎么 怎样 为什么 一直 还是 就是 但是 已经 现在
然后 如果 因为 所以 时候 一下 一个 我的 我们 你们 他们 不了 不到 的话 了吗 吗我 老是 总是
好像 突然 不能 多久 知道 不知 起来 开始 一笔 钱包"""
_ZH_STOP_BIGRAMS = set(_ZH_FUNCTION_WORDS.split())
# A bigram holding a particle ("败了", "的钱", "么时") joins two words by chance: in a guide's few
# lines it matched whatever query happened to share the particle and a neighbouring character.
_ZH_PARTICLES = frozenset("了的吗呢吧啊么嘛")
# Words that stand between two others without joining them: "一直没到" is not "直没".
_ZH_SEPARATORS = frozenset(_ZH_STOP_BIGRAMS - {"不了", "不到", "不能", "了吗", "吗我", "起来"})
_ZH_BREAKS = _ZH_PARTICLES | frozenset("但却就都也又")


def _segments(run: str) -> list[tuple[int, str]]:
    """A run of Chinese characters cut at particles and function words, with their offsets."""
    pieces: list[tuple[int, str]] = []
    start = 0
    for at, word in _function_pieces(run):
        pieces.append((start, run[start:at]))
        start = at + len(word)
    pieces.append((start, run[start:]))
    return [(at, piece) for at, piece in pieces if piece]


def _function_pieces(run: str) -> list[tuple[int, str]]:
    """The function words and particles of a run of Chinese characters, with their offsets."""
    found = []
    i = 0
    while i < len(run):
        cut = 2 if run[i : i + 2] in _ZH_SEPARATORS else 1 if run[i] in _ZH_BREAKS else 0
        if cut:
            found.append((i, run[i : i + cut]))
        i += cut or 1
    return found


# Irregular forms the Snowball stemmer cannot join to their verb ("froze" -> "freeze").
_IRREGULAR = {
    "froze": "freeze",
    "frozen": "freeze",
    "withdrew": "withdraw",
    "withdrawn": "withdraw",
    "paid": "pay",
    "lost": "lose",
    "stole": "steal",
    "stolen": "steal",
    "forgot": "forget",
    "forgotten": "forget",
    "bought": "buy",
    "sent": "send",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "spent": "spend",
    "broke": "break",
    "broken": "break",
    "told": "tell",
    "hid": "hide",
    "hidden": "hide",
    "went": "go",
    "gone": "go",
}


@functools.cache
def _stemmer() -> Callable[[str], str]:
    import Stemmer  # type: ignore[import-not-found,unused-ignore]

    stem: Callable[[str], str] = Stemmer.Stemmer("english").stemWord
    return stem


def _stem(word: str) -> str:
    return _stemmer()(_IRREGULAR.get(word, word))


@functools.cache
def _concept_pattern(concept: str) -> re.Pattern[str]:
    """One concept's variants as one pattern, compiled when a text first holds one of them:
    compiling all of them took ~7 ms of every run before the first menu."""
    variants = CONCEPTS[concept]
    english = [re.escape(v) for v in variants if v.isascii()]
    chinese = [re.escape(v) for v in variants if not v.isascii()]
    parts = []
    if english:
        parts.append(rf"(?<![a-z0-9])(?:{'|'.join(english)})(?![a-z0-9])")
    if chinese:
        parts.append("|".join(chinese))
    return re.compile("|".join(parts))


def _chinese_script(text: str) -> str:
    """Traditional characters as simplified ones, and 帐 as 账 (see the module docstring)."""
    return simplified(text).replace("帐", "账")


def terms(text: str) -> list[str]:
    """The search terms of a text: concepts, English stems, Chinese characters and bigrams.

    Single Chinese characters are prefixed with "~" so they can weigh less than bigrams.
    """
    return [term for term, _, _ in _spanned_terms(_chinese_script(_lower(text)))]


def _lower(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _spanned_terms(text: str) -> list[tuple[str, int, int]]:
    """terms() of a text already lowered and converted, each with where in the text it is."""
    found: list[tuple[str, int, int]] = []
    words: list[tuple[int, int]] = []  # where a Chinese word of the concept table stands
    for concept, variants in CONCEPTS.items():
        if any(variant in text for variant in variants):  # else the pattern cannot match
            for m in _concept_pattern(concept).finditer(text):
                found.append((f"#{concept}", *m.span()))
                if not m.group().isascii():
                    words.append(m.span())
    edges = {edge for span in words for edge in span}
    plain = text.replace("'", "")
    kept = [i for i, char in enumerate(text) if char != "'"] if len(plain) < len(text) else None
    for match in _WORD.finditer(plain):
        word = match.group()
        if word not in _STOP:
            stem = _stem(word)
            if stem not in _STOP:
                start, end = match.span()
                if kept is not None:
                    start, end = kept[start], kept[end - 1] + 1
                found.append((stem, start, end))
    for match in _CJK.finditer(text):
        run, at0 = match.group(), match.start()
        pieces = _segments(run)
        for at, piece in pieces:
            found.extend(
                ("~" + char, at0 + at + i, at0 + at + i + 1)
                for i, char in enumerate(piece)
                if char not in _ZH_STOP
            )
        for at, piece in pieces:
            found.extend(
                (pair, at0 + at + i, at0 + at + i + 2)
                for i, pair in ((i, piece[i : i + 2]) for i in range(len(piece) - 1))
                if pair not in _ZH_STOP_BIGRAMS and not _straddles(at0 + at + i, words, edges)
            )
    return found


def _straddles(at: int, words: Sequence[tuple[int, int]], edges: set[int]) -> bool:
    """Whether the bigram at a position joins the end of one known word to what is beside it
    ("外币付款": not "币付"), which is no word, only two characters that happen to meet."""
    return at + 1 in edges and not any(a <= at and at + 2 <= b for a, b in words)


def _symptom_spans(text: str) -> list[tuple[int, int]]:
    """Where a text says how something went wrong (failed, stuck, pending), not what."""
    spans: list[tuple[int, int]] = []
    for concept in SYMPTOMS:
        if any(variant in text for variant in CONCEPTS[concept]):
            spans.extend(m.span() for m in _concept_pattern(concept).finditer(text))
    return spans


def _covered(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def query_terms(text: str) -> list[tuple[str, float]]:
    """A description's terms with their weights: a symptom weighs less beside a topic.

    "Stuck", "failed", "pending" and "error" belong to many guides; when the text also names what
    is stuck or failed (a withdrawal, a top-up, a payment), that names the guide, and the symptom's
    concept, words and bigrams count SYMPTOM_WEIGHT of their weight. A symptom alone ("app keeps
    freezing", "报错") keeps its full weight.
    """
    text = _chinese_script(_lower(text))
    spanned = _spanned_terms(text)
    topical = any(t[0] == "#" and t[1:] not in SYMPTOMS | NOT_TOPICS for t, _, _ in spanned)
    spans = _symptom_spans(text) if topical else []
    weighted = []
    concepts: dict[str, float] = {}
    for term, start, end in spanned:
        weight = SINGLE_CHAR_WEIGHT if term.startswith("~") else 1.0
        if spans and (term[1:] in SYMPTOMS if term[0] == "#" else _covered(start, end, spans)):
            weight *= SYMPTOM_WEIGHT
        weight *= CONCEPT_WEIGHTS.get(term, 1.0)
        if term[0] == "#":  # a concept counts once, however many of its words the text uses
            concepts[term] = max(weight, concepts.get(term, 0.0))
        else:
            weighted.append((term, weight))
    return [*concepts.items(), *weighted]


def features(text: str) -> dict[str, float]:
    """What the learned model reads of a description whose typos are already corrected.

    Its weighted terms, and what BM25 cannot weigh: pairs of English words in a row ("B:"), and
    Chinese characters two and three at a time across particles and function words ("Z:", "T:"),
    which is how "怎么退回来" differs from "退款".
    """
    found: dict[str, float] = {}
    for term, weight in query_terms(text):
        found[term] = max(weight, found.get(term, 0.0))
    text = _chinese_script(_lower(text))
    words = [w for w in _WORD.findall(text.replace("'", "")) if w not in _STOP]
    stems = [_stem(word) for word in words]
    for first, second in itertools.pairwise(stems):
        found[f"B:{first}_{second}"] = 1.0
    for match in _CJK.finditer(text):
        run = match.group()
        for i in range(len(run) - 1):
            found[f"Z:{run[i : i + 2]}"] = 1.0
        for i in range(len(run) - 2):
            found[f"T:{run[i : i + 3]}"] = 1.0
    return found


@functools.lru_cache(maxsize=4096)
def symptom_only(phrase: str) -> bool:
    """Whether a keyword phrase says nothing but a symptom ("卡住", "pending", "failed")."""
    text = _chinese_script(_lower(phrase))
    spans = _symptom_spans(text)
    if not spans:
        return False
    # Function words say nothing either way: "一直转圈", "stuck on splash screen" are symptoms.
    spans += [
        (m.start() + at, m.start() + at + len(piece))
        for m in _CJK.finditer(text)
        for at, piece in _function_pieces(m.group())
    ]
    spans += [m.span() for m in _WORD.finditer(text) if m.group() in _STOP]
    return all(_covered(i, i + 1, spans) for i, char in enumerate(text) if char.isalnum())


@dataclass(frozen=True)
class Match:
    guide: Guide
    score: float
    # The BM25 score as a share of the best one's, where the learned model weighed in too.
    lexical: float = 1.0


class Index:
    """A BM25 index over guides; build once per run, query many times."""

    def __init__(
        self,
        guides: Iterable[Guide],
        doc_terms: Callable[[Guide, Callable[[Guide], dict[str, int]]], dict[str, int]]
        | None = None,
        model: learned.Model | str | None = SHIPPED,
    ) -> None:
        """``doc_terms`` may supply a guide's weighted terms from a cache, not computing them;
        ``model`` is the learned model to weigh beside BM25 (None for BM25 alone), by default the
        shipped one, read when the first description is ranked."""
        self.guides = list(guides)
        self._model = model
        self.docs: list[Counter[str]] = []
        self.phrases: list[list[tuple[str, str]]] = []
        for guide in self.guides:
            counts = doc_terms(guide, weighted_terms) if doc_terms else weighted_terms(guide)
            self.docs.append(Counter(counts))
            words = [word for words in guide.keywords.values() for word in words]
            self.phrases.append([_phrase(word) for word in words])
        self.lengths = [sum(doc.values()) for doc in self.docs]
        self.average = sum(self.lengths) / len(self.lengths) if self.lengths else 1.0
        frequency: Counter[str] = Counter()
        for doc in self.docs:
            frequency.update(doc.keys())
        total = len(self.docs)
        self.idf = {
            term: math.log(1 + (total - n + 0.5) / (n + 0.5)) for term, n in frequency.items()
        }
        # A typo rarely changes the first letter, so a misspelt word is compared only with the
        # known words sharing it: "fund" does not become "refund", and the scan stays short.
        self.words_by_initial: dict[str, list[str]] = {}
        for term in sorted(self.idf):
            if term.isascii():
                self.words_by_initial.setdefault(term[0], []).append(term)

    def _corrected(self, text: str) -> str:
        """The text with misspelt English words replaced by the closest word okhelp knows.

        Done before concepts and keyword phrases are looked for, so "cancel acount" meets
        "cancel account" and "冲值 not recieved" the concept "not received"."""
        lowered = _lower(text)

        def fix(match: re.Match[str]) -> str:
            word = match.group()
            if len(word) < 4 or word in _STOP or word in _concept_words():
                return word
            if _stem(word) in self.idf:
                return word
            known = [*self.words_by_initial.get(word[0], []), *_concept_words_by_initial(word[0])]
            close = difflib.get_close_matches(word, known, n=1, cutoff=0.8)
            return close[0] if close else word

        return _WORD.sub(fix, lowered)

    def _expand(self, query: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
        """Query terms, with unknown English words replaced by their closest known word."""
        expanded: list[tuple[str, float]] = []
        for term, weight in query:
            if term in self.idf:
                expanded.append((term, weight))
            elif term.isascii() and len(term) >= 4:
                known = self.words_by_initial.get(term[0], [])
                close = difflib.get_close_matches(term, known, n=1, cutoff=0.8)
                if close:
                    expanded.append((close[0], 0.8 * weight))
        return expanded

    def rank(self, text: str, limit: int | None = None) -> list[Match]:
        """Guides best first; only those sharing at least one term with the text."""
        text = self._corrected(text)
        weighted = query_terms(text)
        query = self._expand(weighted)
        normalized = f" {_normalize(text)} "
        content = f" {_content_words(normalized)} "
        damped = any(w < 1 and not t.startswith("~") for t, w in weighted)
        # Whether a keyword names only a symptom is asked of the few that match, and only when
        # symptoms are damped: asking it of every keyword at start-up cost ~8 ms a run.
        symptom_bonus = PHRASE_BONUS * SYMPTOM_WEIGHT
        scored: list[Match] = []
        for guide, doc, length, phrases in zip(
            self.guides, self.docs, self.lengths, self.phrases, strict=True
        ):
            score = sum(
                symptom_bonus if damped and symptom_only(phrase) else PHRASE_BONUS
                for phrase, core in phrases
                if contains_phrase(normalized, phrase) or (core and contains_phrase(content, core))
            )
            for term, weight in query:
                count = doc.get(term, 0)
                if count:
                    norm = count * (K1 + 1) / (count + K1 * (1 - B + B * length / self.average))
                    score += weight * self.idf[term] * norm
            if score > 0:
                scored.append(Match(guide, score))
        scored = self._weighed(text, scored)
        scored.sort(key=lambda m: (-m.score, m.guide.id))
        return scored[:limit] if limit else scored

    def model(self) -> learned.Model | None:
        if isinstance(self._model, str):
            self._model = learned.shipped()
        return self._model

    def _weighed(self, text: str, scored: list[Match]) -> list[Match]:
        """The BM25 matches with the learned model's probabilities added (see learned.py).

        BM25 is scaled so the best match has 1. A guide the model does not know (a custom one)
        gets the model's highest probability times its own scaled score, so it keeps the place
        its words earn it. A text sharing no term with any guide matches nothing."""
        model = self.model() if scored else None
        probabilities: dict[str, float] = {}
        try:
            if model is not None:
                probabilities = model.probabilities(features(text), LEARNED_TEMPERATURE)
        except ValueError:  # a damaged model file: its words still find the guide
            probabilities = {}
        if not probabilities:
            return [Match(m.guide, round(m.score, 3)) for m in scored]
        top = max(m.score for m in scored)
        bm25 = {m.guide.id: m.score / top for m in scored}
        highest = max(probabilities.values())
        weighed = []
        for guide in self.guides:
            scaled = bm25.get(guide.id, 0.0)
            p = probabilities.get(guide.id)
            learned_part = highest * scaled if p is None else p
            if scaled > 0 or learned_part >= LEARNED_FLOOR:
                score = round(scaled + LEARNED_WEIGHT * learned_part, 3)
                weighed.append(Match(guide, score, round(scaled, 3)))
        return weighed


@functools.cache
def _concept_words() -> frozenset[str]:
    """The English words of the concept table."""
    return frozenset(
        word for variants in CONCEPTS.values() for v in variants for word in _WORD.findall(v)
    )


@functools.cache
def _concept_words_by_initial(initial: str) -> tuple[str, ...]:
    """The words a misspelt one may be corrected to: never a pinyin syllable ("wait" is no
    typo of "wai")."""
    pinyin = {word for variants in PINYIN.values() for word in _WORD.findall(variants)}
    return tuple(
        sorted(word for word in _concept_words() if word[0] == initial and word not in pinyin)
    )


def _content_words(text: str) -> str:
    """An English text without its stop words: "cancel my account" is "cancel account"."""
    return " ".join(word for word in text.split() if word not in _STOP)


def _phrase(keyword: str) -> tuple[str, str]:
    """A keyword phrase as the index matches it: normalized, and its English content words when
    they are two or more and differ from the phrase ("cancel my account": "cancel account")."""
    phrase = _normalize(keyword)
    core = _content_words(phrase) if phrase.isascii() else ""
    if core == phrase or len(core.split()) < 2:
        core = ""
    return phrase, core


def _normalize(text: str) -> str:
    text = _chinese_script(unicodedata.normalize("NFKC", text).lower())
    return " ".join(text.replace("'", "").split())


def contains_phrase(text: str, phrase: str) -> bool:
    """Whether a keyword phrase occurs in the text (as whole words when it is English)."""
    if not phrase:
        return False
    if not phrase.isascii():
        return len(phrase) >= 2 and phrase in text
    # A plain scan, not a regex per phrase: each run is a new process, so compiling one pattern
    # for each of the ~500 keyword phrases cost ~20 ms before the first menu.
    start = text.find(phrase)
    while start != -1:
        end = start + len(phrase)
        if (start == 0 or text[start - 1] not in _ALNUM) and (
            end == len(text) or text[end] not in _ALNUM
        ):
            return True
        start = text.find(phrase, start + 1)
    return False


_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def weighted_terms(guide: Guide) -> dict[str, int]:
    """A guide's search terms with their field weights summed: its document in the index."""
    counts: Counter[str] = Counter()
    for field, texts in _fields(guide).items():
        weight = FIELD_WEIGHTS[field]
        if weight:
            for term in terms(" \n ".join(texts)):
                counts[term] += weight
    return dict(counts)


def _fields(guide: Guide) -> dict[str, list[str]]:
    steps: list[str] = []
    for step in guide.steps.values():
        steps.extend(step.text.by_lang.values())
        for choice in step.choices:
            steps.extend(choice.label.by_lang.values())
    return {
        "keywords": [word for words in guide.keywords.values() for word in words],
        "title": list(guide.title.by_lang.values()),
        "summary": list(guide.summary.by_lang.values()),
        "steps": steps,
    }


def is_confident(matches: Sequence[Match]) -> bool:
    """Whether the best match is clearly ahead, so a run without a terminal may take it: ahead
    on its words alone and with the learned model too, which is sure of single words it should
    not be sure of ("card" alone is no guide's)."""
    if not matches or matches[0].lexical < 1:
        return False
    if len(matches) == 1:
        return True
    first, second = matches[0], matches[1]
    return first.score >= 1.5 * second.score and 1.5 * max(m.lexical for m in matches[1:]) <= 1

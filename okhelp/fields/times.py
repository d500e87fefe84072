"""Time phrases in Chinese and English -> when it happened, with the precision the words carry.

A phrase names an instant ("昨天下午3点", "2 hours ago": precision ``minute`` or ``hour``), a part
of a day ("昨晚", "last Tuesday evening": ``part_of_day`` with a named part and its hours), a day
("上周五", "20号": ``day``), a weekend, a week ("上周", "last week") or a month ("上个月"). The
result keeps that precision so nothing downstream shows a clock time the user did not give.

Hand-written because the phrases users type about payments are a closed set that must resolve
exactly against a pinned "now" in the user's zone, refuse what is ambiguous (03/04) instead of
guessing, and keep parts of the day: on the project's table (tests/data/time_phrases.yaml, about
300 phrases in both languages) dateparser — with languages=["zh", "en"] and the same base time —
gets about half right; it misses most Chinese times of day (下午3点, 昨儿晚上10点), weekday and
week phrases (上周二, 上周), guesses ambiguous dates, returns midnight for "last night" and does not
refuse future times. One parser for both languages also loads nothing at start-up.

Parts of the day (start-end, the end exclusive): early_hours 凌晨 00-06, morning 上午/早上
06-12, noon 中午/lunchtime 11-13, afternoon 下午 12-18, dusk 傍晚 17-19, evening 晚上/昨晚/
"last night" 18-24, night 夜里/深夜/"late at night" 22-04 (into the next day). An English "noon"
or "midnight" is a clock time (12:00, 00:00); a Chinese 中午 is the part of the day. A clock time
in the evening or night before 05:00 ("昨晚1点", "2am last night") is the small hours after it.

Numeric dates: M/D and D/M (and with a year) are read only when one reading is a date (11/20,
20/11/2026); when both are (03/04) the phrase is refused with both readings shown. Dots and
dashes without a year are month first, as Chinese users write them (11.20, 3.15, 11-20); with a
year at the end a dotted date is day first (20.11.2026), again refused when ambiguous.

Traditional Chinese (昨天晚上八點, 上週二晚上) is read in simplified characters
(okhelp/i18n/hant.py,
loaded only when such characters appear); the words of Hong Kong's written Cantonese for days and
parts of the day (琴日/尋日 yesterday, 今朝 this morning, 朝早 morning, 下晝/晏晝 afternoon,
晚黑/夜晚 evening, 頭先 just now) are in the tables below.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import NamedTuple

from okhelp.i18n.hant import simplified

MAX_PHRASE = 80  # the longest sensible phrase is about half that; beyond, nothing is tried

PARTS: dict[str, tuple[int, int]] = {
    "early_hours": (0, 6),
    "morning": (6, 12),
    "noon": (11, 13),
    "afternoon": (12, 18),
    "dusk": (17, 19),
    "evening": (18, 24),
    "night": (22, 28),
}


@dataclass(frozen=True)
class When:
    """What a phrase says: ``start`` is the instant, or the start of the part/day/week/month it
    names; ``end`` (exclusive) is there for spans; ``part`` names the part of the day."""

    start: datetime
    precision: str
    end: datetime | None = None
    part: str | None = None


class AmbiguousDate(ValueError):
    """A numeric date that reads as two different days (03/04)."""

    def __init__(self, written: str, first: date, second: date) -> None:
        super().__init__(written)
        self.written = written
        self.first = first
        self.second = second


_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_EN_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "fifty": 50,
    "a couple of": 2,
    "couple of": 2,
    "a couple": 2,
}
_MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAYS_EN = {
    name: index
    for index, names in enumerate(
        [
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "weds", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        ]
    )
    for name in names
}
_WEEKDAYS_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_NOISE = re.compile(
    r"大概|大约|大致|约莫|约|左右|差不多|前后|上下|的时候|时候|那会儿?|"
    r"\b(?:at around|around|about|approximately|approx\.?|roughly|sometime|some time|circa)\b|~"
)
_NUM = "[0-9零〇一二两三四五六七八九十]"
_MONTH_WORDS = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_WORDS = "|".join(sorted(_WEEKDAYS_EN, key=len, reverse=True))
_NOW_WORDS = {
    *("刚才", "刚刚", "刚", "就刚才", "现在", "头先", "啱啱"),
    *("just now", "now", "right now", "a moment ago"),
}


def zh_number(text: str) -> int | None:
    """Arabic numerals, or Chinese numerals up to 99 (十五, 二十三, 两)."""
    if text.isdigit():
        return int(text)
    if not text or any(char not in _ZH_DIGITS and char != "十" for char in text):
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        if len(tens) > 1 or len(ones) > 1 or "十" in ones:
            return None
        return (_ZH_DIGITS[tens] if tens else 1) * 10 + (_ZH_DIGITS[ones] if ones else 0)
    return _ZH_DIGITS[text] if len(text) == 1 else None


def _count(text: str) -> float | None:
    """A count before a unit: 2, 1.5, 两, 两个, 一个半, an, couple of, 2 and a half."""
    text = text.strip()
    half = 0.0
    match = re.fullmatch(r"(.+?)\s*(?:个半|and a half|点五)", text)
    if match:
        text, half = match.group(1), 0.5
    text = text.removesuffix("个").strip()
    if text in ("半", "half a", "half an", "half"):
        return 0.5 + half if not half else None
    if text in _EN_NUMBERS:
        return _EN_NUMBERS[text] + half
    if re.fullmatch(r"\d{1,5}(\.\d{1,2})?", text):
        return float(text) + half
    value = zh_number(text)
    return float(value) + half if value is not None else None


def _normalize(text: str) -> str:
    text = simplified(unicodedata.normalize("NFKC", text).lower().strip())
    text = _NOISE.sub(" ", text)
    text = text.replace("，", " ").replace(",", " ").replace("：", ":")
    text = re.sub(r"[。!！?？]+$", "", text.strip())
    text = re.sub(r"(\d{4}-\d{1,2}-\d{1,2})t(?=\d)", r"\1 ", text)
    return re.sub(r"\s+", " ", text).strip()


def parse(text: str, now: datetime) -> When | None:
    """Resolve a time phrase against ``now`` (aware, in the user's zone); None if it is no time.

    Raises AmbiguousDate for a numeric date with two readings. Future times are returned (the
    caller refuses them), so that a user hears "in the future", not "not understood".
    """
    phrase = _normalize(text)
    if not phrase or len(phrase) > MAX_PHRASE:
        return None
    if phrase in _NOW_WORDS:
        return When(now.replace(second=0, microsecond=0), "minute")
    stamp = _iso_with_offset(phrase, now)
    if stamp is not None:
        return stamp
    ambiguous: list[AmbiguousDate] = []
    found = _ago(phrase, now) or _dated(phrase, now, ambiguous)
    if found is None and ambiguous:
        raise ambiguous[0]
    return found


def _iso_with_offset(phrase: str, now: datetime) -> When | None:
    """2026-11-20T06:30:00Z or ...+01:00: an instant in another zone, shown in the user's."""
    match = re.fullmatch(
        r"(\d{4}-\d{2}-\d{2})[t ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(z|[+-]\d{2}:?\d{2})", phrase
    )
    if not match:
        return None
    offset = match.group(3)
    offset = "+00:00" if offset == "z" else f"{offset[:3]}:{offset[-2:]}"
    try:
        moment = datetime.fromisoformat(f"{match.group(1)}T{match.group(2)}{offset}")
    except ValueError:
        return None
    return When(moment.astimezone(now.tzinfo).replace(second=0, microsecond=0), "minute")


# --- "N minutes ago" ------------------------------------------------------------------------

_SHORT_UNITS = {
    "seconds": 1 / 60,
    "second": 1 / 60,
    "secs": 1 / 60,
    "sec": 1 / 60,
    "秒钟": 1 / 60,
    "秒": 1 / 60,
    "minutes": 1,
    "minute": 1,
    "mins": 1,
    "min": 1,
    "分钟": 1,
    "hours": 60,
    "hour": 60,
    "hrs": 60,
    "hr": 60,
    "h": 60,
    "个小时": 60,
    "小时": 60,
    "个钟头": 60,
    "钟头": 60,
    "个钟": 60,
}
_AGO = r"\s*(?:ago|before now|前|之前|以前)"
_SHORT_UNIT_WORDS = "|".join(sorted((re.escape(u) for u in _SHORT_UNITS), key=len, reverse=True))


_HOUR_WORDS = r"hours?|hrs?|h|个小时|小时|个钟头|钟头|个钟"
_MINUTE_WORDS = r"minutes?|mins?|m|分钟|分"


def _ago(phrase: str, now: datetime) -> When | None:
    """Minutes and hours back from now; days, weeks and months are dates (see _DATES)."""
    both = re.fullmatch(
        rf"(?P<h>[^ ]+?)\s*(?:{_HOUR_WORDS})\s*(?:and\s*)?"
        rf"(?P<m>[^ ]+?)\s*(?:{_MINUTE_WORDS}){_AGO}",
        phrase,
    )
    if both:  # 1 hour 30 minutes ago, 1小时20分钟前, 2h30m ago
        hours, minutes = _count(both.group("h")), _count(both.group("m"))
        if hours is None or minutes is None or hours != int(hours) or not 0 < minutes < 60:
            return None
        moment = now - timedelta(hours=hours, minutes=minutes)
        return When(moment.replace(second=0, microsecond=0), "minute")
    match = re.fullmatch(
        rf"(?:(?P<few>(?:a )?few|several|几)\s*(?:mins?|minutes?|分钟)|"
        rf"(?P<n>.+?)\s*(?P<unit>{_SHORT_UNIT_WORDS})(?P<half>\s*and a half)?){_AGO}",
        phrase,
    )
    if not match:
        return None
    if match.group("few"):
        count, per = 3.0, 1.0
    else:
        found = _count(match.group("n") + (" and a half" if match.group("half") else ""))
        if found is None:
            return None
        count, per = found, _SHORT_UNITS[match.group("unit")]
    minutes = count * per
    if not 0 < minutes <= 7 * 24 * 60:
        return None
    moment = (now - timedelta(minutes=minutes)).replace(second=0, microsecond=0)
    whole_hours = per == 60 and count == int(count)
    return When(moment, "hour" if whole_hours else "minute")


# --- dates and spans ------------------------------------------------------------------------


class _Day(NamedTuple):
    """A date expression: one day (``day``), or a span (``precision`` week/weekend/month from
    ``day`` to ``end``), possibly with the part of the day the words carry (昨晚)."""

    day: date
    precision: str = "day"
    end: date | None = None
    part: str | None = None
    explicit: bool = True


_Resolver = Callable[[re.Match[str], datetime, list[AmbiguousDate]], "_Day | None"]


def _days_back(days: int, part: str | None = None) -> _Resolver:
    def resolve(match: re.Match[str], now: datetime, notes: list[AmbiguousDate]) -> _Day:
        return _Day(now.date() - timedelta(days=days), part=part)

    return resolve


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _month_start(day: date, back: int) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _month_span(start: date) -> _Day:
    return _Day(start, "month", _month_start(start, -1))


def _weeks_back_zh(prefix: str | None) -> int | None:
    if not prefix:
        return None
    prefix = prefix.replace("个", "")
    return {"上上": 2, "上": 1, "这": 0, "本": 0, "今": 0, "下": -1, "下下": -2}.get(prefix)


def _weekday_zh(match: re.Match[str], now: datetime, notes: list[AmbiguousDate]) -> _Day | None:
    target = _WEEKDAYS_ZH[match.group("wd")]
    weeks_back = _weeks_back_zh(match.group("which"))
    today = now.date()
    if weeks_back is None:
        return _Day(today - timedelta(days=(today.weekday() - target) % 7))
    return _Day(_week_start(today) - timedelta(weeks=weeks_back) + timedelta(days=target))


def _weekday_en(match: re.Match[str], now: datetime, notes: list[AmbiguousDate]) -> _Day | None:
    target = _WEEKDAYS_EN[match.group("wd") or match.group("wd2")]
    which = (match.group("which") or "").strip()
    after = (match.group("after") or "").strip()
    today = now.date()
    if which in ("last week", "the week before") or after == "last week":
        return _Day(_week_start(today) - timedelta(weeks=1) + timedelta(days=target))
    if which == "this" or after == "this week":
        return _Day(_week_start(today) + timedelta(days=target))
    if which == "next" or after == "next week":
        return _Day(_week_start(today) + timedelta(weeks=1, days=target))
    back = (today.weekday() - target) % 7
    if (which in ("last", "past", "previous") or match.group("wd2")) and back == 0:
        back = 7
    if after == "before last" or match.group("wd2"):
        back += 7
    return _Day(today - timedelta(days=back))


def _week(match: re.Match[str], now: datetime, notes: list[AmbiguousDate]) -> _Day:
    words = match.group(0)
    if "上上" in words or "before last" in words:
        back = 2
    elif "上" in words or "last" in words or "previous" in words:
        back = 1
    elif "下" in words or "next" in words:
        back = -1
    else:
        back = 0
    start = _week_start(now.date()) - timedelta(weeks=back)
    return _Day(start, "week", start + timedelta(weeks=1))


def _weekend(match: re.Match[str], now: datetime, notes: list[AmbiguousDate]) -> _Day:
    words = match.group(0)
    this_saturday = _week_start(now.date()) + timedelta(days=5)
    if "上上" in words or "before last" in words:
        start = this_saturday - timedelta(weeks=2)
    elif "上" in words or "last" in words or "previous" in words:
        start = this_saturday - timedelta(weeks=1)
    elif "下" in words or "next" in words:
        start = this_saturday + timedelta(weeks=1)
    elif any(word in words for word in ("这", "本", "this")) or now.date() >= this_saturday:
        start = this_saturday
    else:
        start = this_saturday - timedelta(weeks=1)
    return _Day(start, "weekend", start + timedelta(days=2))


def _month_words_back(words: str) -> int:
    if "上上" in words or "before last" in words:
        return 2
    if "上" in words or "last" in words or "previous" in words:
        return 1
    if "下" in words or "next" in words:
        return -1
    return 0


def _month(match: re.Match[str], now: datetime, notes: list[AmbiguousDate]) -> _Day:
    return _month_span(_month_start(now.date(), _month_words_back(match.group(0))))


def _months_ago(match: re.Match[str], now: datetime, notes: list[AmbiguousDate]) -> _Day | None:
    count = _count(match.group("n"))
    if count is None or count != int(count) or not 0 < count <= 24:
        return None
    return _month_span(_month_start(now.date(), int(count)))


def _named_month(match: re.Match[str], now: datetime, notes: list[AmbiguousDate]) -> _Day | None:
    groups = match.groupdict()
    month = _MONTHS.get(groups.get("mon") or "") or zh_number(groups.get("zm") or "")
    if not month or month > 12:
        return None
    year = _year(match, now)
    if year is None:
        year = now.year if month <= now.month else now.year - 1
    return _month_span(date(year, month, 1))


def _year(match: re.Match[str], now: datetime) -> int | None:
    groups = match.groupdict()
    if groups.get("y"):
        return int(groups["y"])
    if groups.get("zy"):
        return {"今年": now.year, "去年": now.year - 1, "前年": now.year - 2}[groups["zy"]]
    return None


def _days_ago(match: re.Match[str], now: datetime, notes: list[AmbiguousDate]) -> _Day | None:
    count = _count(match.group("n"))
    unit = match.group("unit")
    if count is None or count != int(count) or count <= 0:
        return None
    days = int(count) * (7 if unit[0] in "w周星礼" else 1)
    if days > 366:
        return None
    return _Day(now.date() - timedelta(days=days))


def _day_of_month(match: re.Match[str], now: datetime, notes: list[AmbiguousDate]) -> _Day | None:
    """20号, 上个月28号, the 28th of last month: in the month named, else the latest past one."""
    day = zh_number(match.group("d"))
    if day is None or not 1 <= day <= 31:
        return None
    which = match.group("which")
    if which:
        start = _month_start(now.date(), _month_words_back(which))
        found = _date(start.year, start.month, day)
        return _Day(found) if found else None
    for back in range(3):
        start = _month_start(now.date(), back)
        found = _date(start.year, start.month, day)
        if found is not None and found <= now.date():
            return _Day(found)
    return None


def _month_day(match: re.Match[str], now: datetime, notes: list[AmbiguousDate]) -> _Day | None:
    groups = match.groupdict()
    month = _MONTHS.get(groups.get("mon") or "") or zh_number(groups.get("zm") or "")
    day = zh_number(groups.get("d") or "")
    if not month or day is None:
        return None
    weekday = groups.get("wd")
    year = _year(match, now)
    found = _date(year, month, day) if year else _recent_date(month, day, now)
    if found is None or (weekday and found.weekday() != _WEEKDAYS_EN[weekday]):
        return None
    return _Day(found)


def _iso_date(match: re.Match[str], now: datetime, notes: list[AmbiguousDate]) -> _Day | None:
    found = _date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    return _Day(found) if found else None


def _numeric_date(match: re.Match[str], now: datetime, notes: list[AmbiguousDate]) -> _Day | None:
    """a/b, a.b, a-b, optionally with a year: see the module docstring for which is the month."""
    first, second, sep = int(match.group("a")), int(match.group("b")), match.group("sep")
    year_text = match.group("y")
    year = None
    if year_text:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)

    def make(month: int, day: int) -> date | None:
        return _date(year, month, day) if year else _recent_date(month, day, now)

    month_first, day_first = make(first, second), make(second, first)
    if sep in ".-" and not year:
        return _Day(month_first) if month_first else None
    if month_first and day_first and month_first != day_first:
        notes.append(AmbiguousDate(match.group(0).strip(), month_first, day_first))
        return None
    found = month_first or day_first
    return _Day(found) if found else None


_ZH_WEEK = r"(?:周|星期|礼拜)"
_ZH_WHICH = r"(?P<which>上上个?|上个?|这个?|本|今|下下个?|下个?)"
_EN_DAYS_BACK = r"(?P<n>\d{1,3}|[a-z]+|a couple of|couple of)"
_ZH_DAYS_BACK = r"(?P<n>\d{1,3}|[零〇一二两三四五六七八九十]+)个?"

_DATES: list[tuple[str, _Resolver]] = [
    # days named by a word, with the part of the day some of them carry
    (r"the day before yesterday|day before yesterday|前天|前日|前儿个?", _days_back(2)),
    (r"大前天", _days_back(3)),
    (r"大大前天", _days_back(4)),
    (r"昨晚|昨夜|last night", _days_back(1, "evening")),
    (r"昨早|昨晨", _days_back(1, "morning")),
    (r"yesterday|yday|昨天|昨日|昨儿个?|琴日|寻日", _days_back(1)),
    (r"今早|今晨|今朝|this morning", _days_back(0, "morning")),
    (r"this afternoon", _days_back(0, "afternoon")),
    (r"今晚|tonight|this evening", _days_back(0, "evening")),
    (r"today|earlier today|今天|今日|今儿个?", _days_back(0)),
    # Future days are understood so that they can be refused as future, not as nonsense.
    (r"the day after tomorrow|day after tomorrow|后天", _days_back(-2)),
    (r"明晚|tomorrow night|tomorrow evening", _days_back(-1, "evening")),
    (r"明早|tomorrow morning", _days_back(-1, "morning")),
    (r"tomorrow|明天|明日|明儿个?|听日", _days_back(-1)),
    # N days / weeks ago (a date); N months ago (that month)
    (rf"{_EN_DAYS_BACK} (?P<unit>days?|weeks?){_AGO}", _days_ago),
    (rf"{_ZH_DAYS_BACK}(?P<unit>天|日|周|星期|礼拜){_AGO}", _days_ago),
    (rf"{_EN_DAYS_BACK} months?{_AGO}", _months_ago),
    (rf"{_ZH_DAYS_BACK}月{_AGO}", _months_ago),
    # weekdays
    (rf"{_ZH_WHICH}?{_ZH_WEEK}(?P<wd>[一二三四五六日天])", _weekday_zh),
    (
        rf"(?:on )?(?P<which>last week |the week before |last |past |previous |this |next )?"
        rf"(?:on )?(?:(?P<wd>{_WEEKDAY_WORDS})\b|the (?P<wd2>{_WEEKDAY_WORDS}) before last)"
        rf"(?P<after> last week| this week| next week| before last)?",
        _weekday_en,
    ),
    # weekends, weeks, months
    (
        r"(?:上上个?|上个?|这个?|本|下个?)?周末|(?:last|this|next|the) weekend|"
        r"the weekend before last|over the weekend",
        _weekend,
    ),
    (
        rf"(?:上上个?|上个?|这个?|本|下下个?|下个?){_ZH_WEEK}|"
        r"(?:earlier |later )?this week|last week|the week before last|previous week|next week",
        _week,
    ),
    (
        r"上上个月|上个?月|这个?月|本月|下个?月|(?:earlier |later )?this month|last month|"
        r"the month before last|previous month|next month",
        _month,
    ),
    (rf"(?:in )?(?P<mon>{_MONTH_WORDS})(?: (?P<y>\d{{4}}))?", _named_month),
    (
        r"(?:(?P<y>\d{4})年|(?P<zy>今年|去年|前年))?(?P<zm>[0-9一二三四五六七八九十]{1,3})月份?",
        _named_month,
    ),
    # days of a month
    (rf"(?P<which>上上个?月|上个?月|这个?月|本月)?(?P<d>{_NUM}{{1,3}})[号日]", _day_of_month),
    (
        r"(?:on )?the (?P<d>\d{1,2})(?:st|nd|rd|th)?(?: of (?P<which>last|this) month)?",
        _day_of_month,
    ),
    (r"(?P<which>last|this) month(?: on)? the (?P<d>\d{1,2})(?:st|nd|rd|th)?", _day_of_month),
    (r"(?:on )?(?P<d>\d{1,2})(?:st|nd|rd|th)(?: of (?P<which>last|this) month)?", _day_of_month),
    (
        r"(?:(?P<y>\d{4})年|(?P<zy>今年|去年|前年))?(?P<zm>[0-9一二三四五六七八九十]{1,3})月"
        rf"(?P<d>{_NUM}{{1,3}})[日号]?",
        _month_day,
    ),
    (
        rf"(?:(?P<wd>{_WEEKDAY_WORDS}) )?(?:on )?(?P<mon>{_MONTH_WORDS})\.? (?P<d>\d{{1,2}})"
        rf"(?:st|nd|rd|th)?(?: (?P<y>\d{{4}}))?",
        _month_day,
    ),
    (
        rf"(?:(?P<wd>{_WEEKDAY_WORDS}) )?(?:on )?(?:the )?(?P<d>\d{{1,2}})(?:st|nd|rd|th)? "
        rf"(?:of )?(?P<mon>{_MONTH_WORDS})\.?(?: (?P<y>\d{{4}}))?",
        _month_day,
    ),
    (r"(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})[日号]?", _iso_date),
    (r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?:(?P=sep)(?P<y>\d{4}|\d{2}))?", _numeric_date),
]


_COMPILED = [(re.compile(pattern), resolver) for pattern, resolver in _DATES]


def _match_date(phrase: str, now: datetime, notes: list[AmbiguousDate]) -> list[tuple[_Day, str]]:
    """Every date expression in the phrase that starts and ends at a word boundary, longest
    first, each with the rest of the phrase (the time words around it: "14:30 yesterday",
    "下午3点", "half past 2 yesterday afternoon")."""
    found: list[tuple[int, int, _Day, str]] = []
    for start in _word_starts(phrase):
        for pattern, resolver in _COMPILED:
            match = pattern.match(phrase, start)
            if not match or match.end() == start:
                continue
            end = match.end()
            if end < len(phrase) and _ASCII_WORD.match(phrase[end - 1 : end + 1]):
                continue  # "sun" is not the start of "sunny"
            day = resolver(match, now, notes)
            if day is not None:
                rest = f"{phrase[:start].strip()} {phrase[end:].strip()}".strip()
                found.append((end - start, start, day, rest))
    found.sort(key=lambda item: (-item[0], item[1]))
    return [(day, rest) for _, _, day, rest in found]


_ASCII_WORD = re.compile(r"[a-z0-9]{2}")


def _word_starts(phrase: str) -> list[int]:
    """Where a date may begin: at the start, after a space, or at a CJK character."""
    starts = [0] + [i + 1 for i, char in enumerate(phrase) if char == " "]
    starts += [i for i, char in enumerate(phrase) if ord(char) > 0x2E80]
    starts += [i for i in range(1, len(phrase)) if ord(phrase[i - 1]) > 0x2E80]
    return sorted(set(starts))


def _dated(phrase: str, now: datetime, notes: list[AmbiguousDate]) -> When | None:
    for day, rest in _match_date(phrase, now, notes):
        found = _combine(day, rest, now)
        if found is not None:
            return found
    clock = _time_of_day(phrase)
    if clock is None:
        return None
    return _at(_Day(now.date(), explicit=False), clock, now)


# "时候" is noise (see _NOISE), so "这个时候" arrives as "这个".
_SAME_TIME = {"这个", "这个点", "这会", "这时", "this time", "same time", "the same time"}


def _combine(day: _Day, rest: str, now: datetime) -> When | None:
    rest = re.sub(r"^(?:on|at)\s+|^[在的]\s*|\s+(?:on|at)$", "", rest.strip()).strip()
    if day.precision != "day":
        return _span(day, now) if not rest else None
    if not rest:
        if day.part:
            return _part(day.day, day.part, now)
        return When(datetime.combine(day.day, time(0), now.tzinfo), "day")
    if rest in _SAME_TIME:  # 昨天这个时候, this time yesterday: the hour it is now
        moment = datetime.combine(day.day, now.time(), now.tzinfo)
        return When(moment.replace(second=0, microsecond=0), "hour")
    clock = _time_of_day(rest, day.part)
    if clock is None:
        return None
    return _at(day, clock, now)


def _span(day: _Day, now: datetime) -> When:
    assert day.end is not None
    start = datetime.combine(day.day, time(0), now.tzinfo)
    return When(start, day.precision, datetime.combine(day.end, time(0), now.tzinfo))


def _part(day: date, part: str, now: datetime) -> When:
    first, last = PARTS[part]
    start = datetime.combine(day, time(0), now.tzinfo)
    return When(start + timedelta(hours=first), "part_of_day", start + timedelta(hours=last), part)


# --- times of day ---------------------------------------------------------------------------


class _Clock(NamedTuple):
    """What the time words say: a part of the day, a clock time, or both."""

    part: str | None
    hour: int | None = None
    minute: int = 0
    precision: str = "hour"
    meridiem: str | None = None
    midnight: bool = False


_PART_WORDS: list[tuple[str, str]] = [
    (r"凌晨|in the early hours|the early hours|early hours|before dawn|small hours", "early_hours"),
    (r"深夜|半夜|夜里|夜间|后半夜|late at night|late night", "night"),
    (r"傍晚|黄昏|early evening|dusk", "dusk"),
    (r"早上|早晨|清晨|清早|上午|朝早|早|in the morning|early morning|morning", "morning"),
    (r"中午|午饭时|午饭的时候|lunchtime|lunch time|at lunch|lunch", "noon"),
    (r"下午|午后|下昼|晏昼|in the afternoon|afternoon", "afternoon"),
    (r"晚上|晚间|夜晚|晚黑|晚|in the evening|evening|at night|night", "evening"),
]


def _strip_part(text: str) -> tuple[str, str | None]:
    text = text.strip()
    for pattern, name in _PART_WORDS:
        match = re.match(rf"(?:{pattern})(?![a-z])\s*", text)
        if match:
            return text[match.end() :], name
        match = re.search(rf"(?<![a-z])\s*(?:{pattern})$", text)
        if match and match.start() > 0:
            return text[: match.start()], name
    return text, None


def _time_of_day(text: str, part: str | None = None) -> _Clock | None:
    """The time words after (or before) a date: a part of the day and/or a clock time."""
    text = re.sub(r"^(?:at|on)\s+|^[在的]\s*", "", text.strip()).strip()
    rest, found = _strip_part(text)
    part = found or part
    rest = re.sub(r"^(?:at|on)\s+|^[在的]\s*|\s+(?:at|on)$", "", rest.strip()).strip()
    if not rest:
        return _Clock(part) if found or part else None
    if rest in ("noon", "midday", "12 noon", "正午"):
        return _Clock(None, 12) if part in (None, "noon") else None
    if rest in ("midnight", "午夜", "半夜12点", "零点"):
        return _Clock(None, 0, midnight=True)
    clock = _clock(rest)
    return clock._replace(part=part) if clock else None


def _clock(text: str) -> _Clock | None:
    meridiem = None
    suffix = re.search(r"\s*([ap])\.?m\.?$", text)
    if suffix:
        meridiem = "am" if suffix.group(1) == "a" else "pm"
        text = text[: suffix.start()].strip()
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::\d{2})?(?:\.\d+)?", text)
    if match:
        return _Clock(None, int(match.group(1)), int(match.group(2)), "minute", meridiem)
    match = re.fullmatch(r"(half|quarter) past (\d{1,2}|[a-z]+)|quarter to (\d{1,2}|[a-z]+)", text)
    if match:
        hour = _count(match.group(2) or match.group(3))
        if hour is None or hour != int(hour):
            return None
        spoken = meridiem or "bare"
        if match.group(3):
            return _Clock(None, (int(hour) - 1) % 24, 45, "minute", spoken)
        return _Clock(None, int(hour), 30 if match.group(1) == "half" else 15, "minute", spoken)
    if meridiem:
        match = re.fullmatch(r"(\d{1,2})(?:\.(\d{2}))?(?: ?o'?clock)?", text)
        if match:
            minute = int(match.group(2)) if match.group(2) else 0
            precision = "minute" if match.group(2) else "hour"
            return _Clock(None, int(match.group(1)), minute, precision, meridiem)
        return None
    match = re.fullmatch(r"(\d{1,2}|[a-z]+)(?: ?o'?clock)?", text)
    if match and (match.group(1) in _EN_NUMBERS or match.group(1).isdigit()):
        # A bare number is an hour only in words that say so ("at 3", "3 o'clock"); the caller
        # needs a part of the day to place it, see _at.
        hour = _count(match.group(1))
        if hour is None or hour != int(hour) or match.group(1) in ("a", "an"):
            return None
        return _Clock(None, int(hour), 0, "hour", "bare")
    match = re.fullmatch(
        rf"({_NUM}{{1,3}})\s*[点时]钟?\s*(?:(半|一刻|三刻|整|多|过)|({_NUM}{{1,3}})\s*分?)?",
        text,
    )
    if not match:
        return None
    hour = zh_number(match.group(1))
    if hour is None:
        return None
    word, minutes = match.group(2), match.group(3)
    if word in ("半", "一刻", "三刻"):
        return _Clock(None, hour, {"半": 30, "一刻": 15, "三刻": 45}[word], "minute")
    if minutes:
        said = zh_number(minutes)
        return _Clock(None, hour, said, "minute") if said is not None else None
    return _Clock(None, hour)


def _place(clock: _Clock) -> tuple[int, int] | None:
    """The hour on the 24-hour clock and how many days after the named day, from the hour as
    said and the part of the day or am/pm; None when they contradict each other."""
    hour, part, meridiem = clock.hour, clock.part, clock.meridiem
    assert hour is not None
    if clock.minute > 59 or hour > 24:
        return None
    late = part in ("evening", "night")
    if meridiem in ("am", "pm"):
        if not 1 <= hour <= 12:
            return None
        if meridiem == "pm":
            if part in ("morning", "early_hours"):
                return None
            return (hour % 12 + 12, 0)
        hour %= 12
        if late:
            return (hour, 1) if hour < 6 else None
        return None if part in ("afternoon", "dusk") else (hour, 0)
    if meridiem == "bare" and part is None:
        return None
    if hour == 24:
        return (0, 1)
    if hour > 12:
        return None if part in ("morning", "early_hours") else (hour, 0)
    if part in ("afternoon", "dusk"):
        return (hour % 12 + 12, 0)
    if part == "noon":
        if hour in (11, 12):
            return (hour, 0)
        return (hour + 12, 0) if 1 <= hour <= 4 else None
    if late:
        if hour == 12 or hour < 5:
            return (hour % 12, 1)
        return (hour + 12, 0)
    if part == "early_hours":
        return (hour % 12, 0)
    return (hour, 0)


def _at(day: _Day, clock: _Clock, now: datetime) -> When | None:
    if clock.hour is None:
        return _part(day.day, clock.part, now) if clock.part else None
    if clock.midnight:
        # "midnight" on a named day is the one at its end; on its own, the last one.
        after = 1 if day.explicit else 0
        moment = datetime.combine(day.day + timedelta(days=after), time(0), now.tzinfo)
        return When(moment, "hour")
    placed = _place(clock)
    if placed is None:
        return None
    hour, days_after = placed
    moment = datetime.combine(
        day.day + timedelta(days=days_after), time(hour, clock.minute), now.tzinfo
    )
    return When(moment, clock.precision)


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _recent_date(month: int, day: int, now: datetime) -> date | None:
    """The most recent past date with this month and day (last year's if this year's is ahead)."""
    found = _date(now.year, month, day)
    if found is not None and found > now.date():
        found = _date(now.year - 1, month, day)
    return found


# --- "did you mean" -------------------------------------------------------------------------

# Clock words read inside _time_of_day and _clock rather than from a table.
_CLOCK_WORDS = ("noon", "midday", "midnight", "half", "quarter", "past", "to", "o'clock")
# Syllables a pinyin keyboard offers the same characters for: each group holds characters of
# the phrases above and the common ones typed in their place (下五 for 下午, 昨天下午3店).
_SAME_SOUND_GROUPS = (
    "午五舞无武误务物",
    "点店电典",
    "昨做作坐左座",
    "天添田甜",
    "晚完碗万玩",
    "周州洲粥舟",
    "前钱千签浅",
    "钟中终种",
    "早找造澡枣",
    "号好毫豪",
    "刚钢岗",
    "时是事市实使",
    "分份粉",
    "半班办伴",
    "刻课客可克",
    "晨陈沉辰",
    "夜也业页叶",
    "礼里理力",
    "拜败白摆",
    "星行型性",
    "期起其齐奇",
    "今进近金斤",
    "明名鸣",
    "凌灵领令",
    "傍帮棒",
    "整正政",
    "月越悦",
    "年念",
)


@cache
def _phrase_words() -> frozenset[str]:
    """Every English word the tables and patterns above read, lower case."""
    sources = [
        *_EN_NUMBERS,
        *_MONTHS,
        *_WEEKDAYS_EN,
        *_SHORT_UNITS,
        *_NOW_WORDS,
        *_SAME_TIME,
        *_CLOCK_WORDS,
        _NOISE.pattern,
        _AGO,
        _HOUR_WORDS,
        _MINUTE_WORDS,
        *(pattern for pattern, _ in _DATES),
        *(pattern for pattern, _ in _PART_WORDS),
    ]
    # group names ((?P<which>...)) and escapes (\d, \b) are not words of a phrase
    text = re.sub(r"\(\?P[<=]\w+[>)]?|\\[a-zA-Z]", " ", " ".join(sources))
    return frozenset(re.findall(r"[a-z]+", text))


@cache
def _same_sound() -> dict[str, str]:
    """Each character of a group -> the group's characters that the patterns above use."""
    known = " ".join(
        [*_NOW_WORDS, *_SAME_TIME, *(pattern for pattern, _ in [*_DATES, *_PART_WORDS])]
    )
    known += "".join([_NOISE.pattern, _AGO, _HOUR_WORDS, _MINUTE_WORDS, *_ZH_DIGITS])
    known += "".join([*_WEEKDAYS_ZH, *_SHORT_UNITS])
    from okhelp.util.suggest import same_sound_table

    return same_sound_table(_SAME_SOUND_GROUPS, known)


def suggestion(text: str, now: datetime) -> str | None:
    """The phrase with its typing mistakes corrected (yesturday, 2 hous ago, 昨天下五3点), when
    that corrected phrase is a time this module reads and not a future one (every time okhelp
    asks for has happened: "tomorrow" would be refused next); None when nothing close is."""
    from okhelp.util.suggest import corrected_phrase

    def reads(candidate: str) -> bool:
        try:
            found = parse(candidate, now)
        except AmbiguousDate:
            return False
        return found is not None and found.start <= now + timedelta(minutes=1)

    if len(text) > MAX_PHRASE:
        return None
    return corrected_phrase(text, _phrase_words(), reads, same_sound=_same_sound())

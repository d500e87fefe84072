"""Configuration: official contact channels, transaction-id rule, currency, time zone, "now".

Read from ``OKHELP_CONFIG`` (or ``config.yaml`` in the platform's config folder) with the same safe
YAML reader as guides. Nothing here invents contact details: the built-in channels only name the
official places, never a number or an address.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NoReturn, TypedDict

from okhelp.domain.templating import PUBLIC_NUMBERS, public_numbers
from okhelp.errors import UsageError
from okhelp.fields.txid import check_pattern
from okhelp.fields.validation import DEFAULT_TXN_PATTERN, ISO_4217, FieldContext
from okhelp.i18n.messages import DISPLAY_LANGS, did_you_mean, entry_text
from okhelp.storage.userfile import FileRefused, read_regular_file
from okhelp.util.text import describe_char, is_unsafe_char, value_kind
from okhelp.util.yamlsafe import MAX_BYTES, Document, YamlError, printable
from okhelp.util.yamlsafe import Path as YamlPath
from okhelp.util.yamlsafe import load as load_yaml
from okhelp.util.zones import offset_name

CONFIG_KEYS = (
    "contact_channels",
    "transaction_id",
    "default_currency",
    "timezone",
    "helpdesk",
    "override_guides",
    "priority",
    "public_numbers",
    "ask_rating",
)
HELPDESKS = ("zendesk", "freshdesk")
# What ``helpdesk.<desk>.custom_fields`` may map to a helpdesk's own field (okhelp.output.helpdesk).
HELPDESK_FIELD_KEYS = (
    "session_id",
    "guide",
    "category",
    "status",
    "account",
    "account_kind",
    "transaction_id",
    "occurred_at",
    "amount",
    "currency",
    "error_message",
    "app_version",
    "device",
    "description",
    "lang",
)
MAX_TEXT = 500
# The amount from which a money case is high priority, by currency (about the same sum in each);
# a currency without one is always high: nobody can say it is small.
DEFAULT_HIGH_AMOUNTS: Mapping[str, Decimal] = {
    "CNY": Decimal(1000),
    "HKD": Decimal(1000),
    "MOP": Decimal(1000),
    "TWD": Decimal(4500),
    "USD": Decimal(150),
    "EUR": Decimal(150),
    "GBP": Decimal(120),
    "SGD": Decimal(200),
    "JPY": Decimal(20000),
    "KRW": Decimal(200000),
}
MAX_CHANNELS = 20
NOW_YEARS = (1970, 2199)


class Channel(TypedDict):
    """A contact channel as a summary shows it: its kind and its text in one language."""

    kind: str
    detail: str


DEFAULT_CHANNELS: tuple[dict[str, Any], ...] = (
    {
        "kind": "in_app_chat",
        "detail": {
            "zh": "APP 内“帮助与客服”中的在线客服",
            "en": "Online chat under Help & Support in the app",
        },
    },
    {
        "kind": "official_website",
        "detail": {
            "zh": "官方网站上的在线客服（请从应用商店里的官方 APP 或你熟知的官网地址进入）",
            "en": "Online support on the official website (reach it from the official app or an "
            "address you already trust)",
        },
    },
    {
        "kind": "email",
        "detail": {
            "zh": "官方网站“联系我们”页面公布的客服邮箱",
            "en": "The support e-mail address published on the official website's contact page",
        },
    },
)


@dataclass(frozen=True)
class Config:
    """Settings a support team can change without touching guides."""

    contact_channels: tuple[dict[str, Any], ...] = DEFAULT_CHANNELS
    txn_pattern: str = DEFAULT_TXN_PATTERN
    txn_upper: bool = False
    default_currency: str = "CNY"
    timezone_name: str | None = None
    source: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # helpdesk -> summary key -> that helpdesk's custom field (Zendesk: numeric id,
    # Freshdesk: field name such as cf_transaction_id)
    helpdesk_fields: dict[str, dict[str, int | str]] = field(default_factory=dict)
    # built-in guides a custom guide with the same id may replace; any other is refused
    override_guides: frozenset[str] = frozenset()
    # currency -> the amount from which a money case is high priority (okhelp.core.priority)
    high_amounts: Mapping[str, Decimal] = field(default_factory=lambda: dict(DEFAULT_HIGH_AMOUNTS))
    # {police} and {anti_fraud} in guide texts when the config names them; None: by the
    # session's language (mainland China's, Taiwan's or Hong Kong's, see numbers_for)
    public_numbers: Mapping[str, str] | None = None
    # whether a terminal session asks the user "Did this help? (1-5)" at a resolved or waiting end
    ask_rating: bool = True

    def numbers_for(self, lang: str, region: str | None = None) -> Mapping[str, str]:
        """What {police} and {anti_fraud} say in a session shown in ``lang``, for a user
        whose locale names ``region``."""
        if self.public_numbers is not None:
            return self.public_numbers
        return public_numbers(lang, region)

    def channels(self, lang: str) -> list[Channel]:
        """Contact channels with their text in ``lang``."""
        result = []
        for channel in self.contact_channels:
            detail = channel.get("detail", "")
            if isinstance(detail, dict):
                detail = entry_text(detail, lang)
            result.append(Channel(kind=str(channel.get("kind", "other")), detail=str(detail)))
        return result


def config_path(environ: Mapping[str, str]) -> Path | None:
    if environ.get("OKHELP_CONFIG"):
        return Path(environ["OKHELP_CONFIG"]).expanduser()
    from platformdirs import user_config_dir

    candidate = Path(user_config_dir("okhelp")) / "config.yaml"
    return candidate if candidate.exists() else None


def load_config(environ: Mapping[str, str] | None = None) -> Config:
    """The config file's settings over the defaults.

    No config file at the default place means the defaults; a file ``OKHELP_CONFIG`` names that
    is not there is an error (a mistyped path must not quietly drop the real contact channels).
    Only a regular file of at most 1 MiB is read, and every setting is checked for its type and
    its characters, each error with its FILE:LINE.
    """
    environ = os.environ if environ is None else environ
    path = config_path(environ)
    if path is None:
        return Config()
    where = printable(str(path), 200)
    try:
        raw = read_regular_file(path, MAX_BYTES)
    except FileRefused as exc:
        if exc.missing and not environ.get("OKHELP_CONFIG"):
            return Config()
        if exc.missing:
            raise UsageError(
                f"config {where}: no such file (named by OKHELP_CONFIG)",
                hint="fix the path in OKHELP_CONFIG, or unset it to use the defaults",
                code="config_missing",
                path=str(path),
            ) from None
        raise UsageError(
            f"config {where}: cannot read: {exc.reason}",
            code="config_unreadable",
            path=str(path),
            reason=exc.reason,
        ) from None
    try:
        doc = load_yaml(raw)
    except YamlError as exc:
        line = f":{exc.line}" if exc.line else ""
        raise config_invalid(f"{where}{line}", exc.message) from None
    return _Checker(doc, where).config(str(path))


def unknown_key(key: object, known: tuple[str, ...] | list[str], what: str = "key") -> str:
    """An unknown key, with the known key it is closest to and the list of all of them."""
    return (
        f"unknown {what} '{printable(str(key))}'{did_you_mean(key, known)} "
        f"(known: {', '.join(known)})"
    )


def config_invalid(where: str, detail: str) -> UsageError:
    """A setting the config file gets wrong (``where``: FILE:LINE, ``detail``: what)."""
    return UsageError(
        f"config {where}: {detail}", code="config_invalid", where=where, detail=detail
    )


class _Checker:
    """Field-by-field validation of a config document; the first problem is a FILE:LINE error."""

    def __init__(self, doc: Document, where: str) -> None:
        self.doc = doc
        self.where = where

    def fail(self, path: YamlPath, message: str, *, named: bool = True) -> NoReturn:
        line = self.doc.line(path)
        at = f":{line}" if line else ""
        name = "".join(
            f"[{part}]" if isinstance(part, int) else (f".{part}" if i else str(part))
            for i, part in enumerate(path)
        )
        subject = f"{printable(name, 80)}: " if name and named else ""
        raise config_invalid(f"{self.where}{at}", f"{subject}{message}")

    def config(self, source: str) -> Config:
        data = self.doc.data
        if not isinstance(data, dict):
            self.fail((), "must be a mapping of settings")
        for key in data:
            if key not in CONFIG_KEYS:
                self.fail((key,), unknown_key(key, CONFIG_KEYS, "setting"), named=False)
        pattern, upper = self.txn(data.get("transaction_id"))
        return Config(
            contact_channels=self.channels(data.get("contact_channels")),
            txn_pattern=pattern,
            txn_upper=upper,
            default_currency=self.currency(data.get("default_currency", "CNY")),
            timezone_name=self.zone(data.get("timezone")),
            source=source,
            helpdesk_fields=self.helpdesk(data.get("helpdesk")),
            override_guides=self.overrides(data.get("override_guides")),
            high_amounts=self.priority(data.get("priority")),
            public_numbers=self.numbers(data.get("public_numbers")),
            ask_rating=self.flag(data, "ask_rating", default=True),
        )

    def text(self, value: Any, path: YamlPath, what: str = "text") -> str:
        if not isinstance(value, str):
            shown = "empty (null)" if value is None else value_kind(value)
            hint = " (put it in quotes)" if isinstance(value, (int, float, bool)) else ""
            self.fail(path, f"must be {what}, not {shown}{hint}")
        if not value.strip():
            self.fail(path, f"must be {what}, not empty")
        if len(value) > MAX_TEXT:
            self.fail(path, f"too long ({len(value)} characters, at most {MAX_TEXT})")
        bad = next((char for char in value if is_unsafe_char(char)), None)
        if bad is not None:
            self.fail(
                path,
                f"contains a control, escape or direction character ({describe_char(bad)}); "
                "write plain text",
            )
        return value

    def channels(self, value: Any) -> tuple[dict[str, Any], ...]:
        path: YamlPath = ("contact_channels",)
        if value is None and "contact_channels" not in self.doc.data:
            return DEFAULT_CHANNELS
        if not isinstance(value, list) or not value:
            self.fail(path, "must be a list of {kind, detail}, with at least one channel")
        if len(value) > MAX_CHANNELS:
            self.fail(path, f"too many channels ({len(value)}, at most {MAX_CHANNELS})")
        result = []
        for index, item in enumerate(value):
            at = (*path, index)
            if not isinstance(item, dict):
                self.fail(at, "must be a mapping {kind, detail}")
            for key in item:
                if key not in ("kind", "detail"):
                    self.fail((*at, key), unknown_key(key, ("kind", "detail")), named=False)
            if "kind" not in item or "detail" not in item:
                self.fail(at, "needs both kind and detail")
            kind = self.text(item["kind"], (*at, "kind"))
            if not re.fullmatch(r"[a-z][a-z0-9_]{0,39}", kind):
                self.fail(
                    (*at, "kind"), "must be a short lower-case name like phone or in_app_chat"
                )
            detail = item["detail"]
            if isinstance(detail, dict):
                if not detail:
                    self.fail((*at, "detail"), "must give the text in zh, en or both")
                for lang in detail:
                    if lang not in DISPLAY_LANGS:
                        self.fail(
                            (*at, "detail", lang),
                            f"unknown language ({', '.join(DISPLAY_LANGS)})",
                        )
                    self.text(detail[lang], (*at, "detail", lang))
                result.append({"kind": kind, "detail": dict(detail)})
            else:
                text = self.text(detail, (*at, "detail"), "text or a mapping {zh, en}")
                result.append({"kind": kind, "detail": text})
        return tuple(result)

    def txn(self, value: Any) -> tuple[str, bool]:
        path: YamlPath = ("transaction_id",)
        if value is None and "transaction_id" not in self.doc.data:
            return DEFAULT_TXN_PATTERN, False
        if not isinstance(value, dict):
            self.fail(path, "must be a mapping {pattern, uppercase}")
        for key in value:
            if key not in ("pattern", "uppercase"):
                self.fail((*path, key), unknown_key(key, ("pattern", "uppercase")), named=False)
        pattern = DEFAULT_TXN_PATTERN
        if "pattern" in value:
            pattern = self.text(value["pattern"], (*path, "pattern"), "a regular expression")
            problem = check_pattern(pattern)
            if problem:
                self.fail((*path, "pattern"), problem)
        upper = value.get("uppercase", False)
        if not isinstance(upper, bool):
            kind = value_kind(upper, none="empty")
            self.fail((*path, "uppercase"), f"must be true or false, not {kind}")
        return pattern, upper

    def flag(self, data: Mapping[str, Any], key: str, *, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.fail((key,), f"must be true or false, not {value_kind(value, none='empty')}")
        return value

    def numbers(self, value: Any) -> Mapping[str, str] | None:
        """``public_numbers: {police: "999", anti_fraud: ...}``: the emergency numbers guides
        name as {police} and {anti_fraud} in every language, for a team whose users are
        elsewhere; a number not named stays mainland China's."""
        path: YamlPath = ("public_numbers",)
        numbers = dict(PUBLIC_NUMBERS)
        if value is None and "public_numbers" not in self.doc.data:
            return None
        if not isinstance(value, dict) or not value:
            self.fail(path, 'must be a mapping such as {police: "999"}')
        for key, number in value.items():
            if key not in PUBLIC_NUMBERS:
                self.fail((*path, key), unknown_key(key, list(PUBLIC_NUMBERS)), named=False)
            text = self.text(number, (*path, key), "a phone number in quotes")
            if not re.fullmatch(r"\+?[0-9][0-9 -]{1,18}[0-9]", text):
                self.fail((*path, key), "must be a phone number: digits, spaces or '-'")
            numbers[str(key)] = text
        return numbers

    def priority(self, value: Any) -> Mapping[str, Decimal]:
        """``priority: {high_from: {CNY: 1000, ...}}``: these thresholds replace the defaults."""
        path: YamlPath = ("priority",)
        if value is None and "priority" not in self.doc.data:
            return dict(DEFAULT_HIGH_AMOUNTS)
        if not isinstance(value, dict):
            self.fail(path, "must be a mapping {high_from: {CURRENCY: amount}}")
        for key in value:
            if key != "high_from":
                self.fail((*path, key), unknown_key(key, ("high_from",)), named=False)
        amounts = value.get("high_from")
        at: YamlPath = (*path, "high_from")
        if not isinstance(amounts, dict) or not amounts:
            self.fail(at, "must map currency codes to amounts, e.g. {CNY: 1000, USD: 150}")
        result: dict[str, Decimal] = {}
        for code, amount in amounts.items():
            if not isinstance(code, str) or code not in ISO_4217:
                shown = printable(str(code))
                self.fail((*at, code), f"'{shown}' is not an ISO 4217 currency code (like CNY)")
            try:
                number = Decimal(str(amount))
            except InvalidOperation:
                number = Decimal(-1)
            if isinstance(amount, bool) or not number.is_finite() or number <= 0:
                self.fail((*at, code), "must be an amount above 0, such as 1000")
            result[code] = number
        return result

    def helpdesk(self, value: Any) -> dict[str, dict[str, int | str]]:
        """``helpdesk: {zendesk: {custom_fields: {transaction_id: 360001}}, freshdesk: ...}``."""
        if value is None:
            return {}
        shape = (
            "helpdesk must be a mapping like {zendesk: {custom_fields: {transaction_id: 360001}}}"
        )
        if not isinstance(value, dict):
            self.fail(("helpdesk",), shape, named=False)
        for desk in value:
            if desk not in HELPDESKS:
                known = unknown_key(desk, list(HELPDESKS), "helpdesk")
                self.fail(("helpdesk", desk), f"helpdesk: {known}", named=False)
        result: dict[str, dict[str, int | str]] = {}
        for desk, settings in value.items():
            if not isinstance(settings, dict):
                self.fail(("helpdesk", desk), shape, named=False)
            for key in set(settings) - {"custom_fields"}:
                known = unknown_key(key, ("custom_fields",))
                self.fail(("helpdesk", desk, key), f"helpdesk.{desk}: {known}", named=False)
            fields = settings.get("custom_fields") or {}
            at: YamlPath = ("helpdesk", desk, "custom_fields")
            if not isinstance(fields, dict):
                self.fail(at, shape, named=False)
            checked: dict[str, int | str] = {}
            for key, target in fields.items():
                if key not in HELPDESK_FIELD_KEYS:
                    known = unknown_key(key, HELPDESK_FIELD_KEYS)
                    self.fail((*at, key), f"helpdesk.{desk}.custom_fields: {known}", named=False)
                zendesk_id = isinstance(target, int) and not isinstance(target, bool) and target > 0
                freshdesk_name = isinstance(target, str) and re.fullmatch(
                    r"[A-Za-z0-9_]{1,64}", target
                )
                if (desk == "zendesk" and not zendesk_id) or (
                    desk == "freshdesk" and not freshdesk_name
                ):
                    wanted = (
                        "a positive field id" if desk == "zendesk" else "a field name like cf_txn"
                    )
                    self.fail(
                        (*at, key), f"helpdesk.{desk}.custom_fields.{key}: {wanted}", named=False
                    )
                checked[key] = target
            result[desk] = checked
        return result

    def currency(self, value: Any) -> str:
        path: YamlPath = ("default_currency",)
        code = self.text(value, path, "an ISO 4217 code like CNY")
        if code not in ISO_4217:
            self.fail(
                path, f"'{printable(code)}' is not an ISO 4217 currency code (like CNY, USD, HKD)"
            )
        return code

    def overrides(self, value: Any) -> frozenset[str]:
        """``override_guides: [contact-support]``: the built-in guides custom guides may replace.

        Without it a custom guide that takes a built-in guide's id is refused, so a dropped-in
        file cannot quietly stand in for, say, the official contact guide.
        """
        path: YamlPath = ("override_guides",)
        if value is None and "override_guides" not in self.doc.data:
            return frozenset()
        if not isinstance(value, list):
            self.fail(path, f"must be a list of built-in guide ids, not {value_kind(value)}")
        from okhelp.library.catalog import builtin_files

        builtin = sorted(file.expected_id for file in builtin_files())
        for index, item in enumerate(value):
            guide_id = self.text(item, (*path, index), "a guide id")
            if guide_id not in builtin:
                self.fail(
                    (*path, index),
                    f"'{printable(guide_id)}' is not a built-in guide "
                    f"(built-in: {', '.join(builtin)})",
                )
        return frozenset(value)

    def zone(self, value: Any) -> str | None:
        path: YamlPath = ("timezone",)
        if value is None and "timezone" not in self.doc.data:
            return None
        name = self.text(value, path, "an IANA time zone name like Asia/Shanghai")
        if _zone(name) is None:
            self.fail(path, f"'{printable(name)}' is not an IANA time zone name like Asia/Shanghai")
        return name


def _zone(name: str) -> tzinfo | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    # OSError: a folder of zones ("Europe") or a name too long for a file name
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def user_timezone(config: Config, environ: Mapping[str, str]) -> tuple[tzinfo, str]:
    """The user's zone: ``TZ``, then the config, then the system's; with a name that agrees
    with its offset (an IANA name, ``UTC+08:00`` for a fixed offset, or a POSIX rule).

    A ``TZ`` okhelp cannot read is said once, in the user's language, and the next source used.
    """
    value = environ.get("TZ", "")
    if value:
        found = tz_value_zone(value)
        if found is not None:
            return found
    configured = _zone(config.timezone_name) if config.timezone_name else None
    zone, name = (
        (configured, config.timezone_name or "") if configured is not None else system_zone()
    )
    if value:
        _warn_once("tz_unknown", environ, value=value, zone=name)
    return zone, name


def tz_value_zone(value: str) -> tuple[tzinfo, str] | None:
    """The zone a ``TZ`` value names, or None: an IANA name (``Asia/Shanghai``, ``:UTC``), a
    zone file, or a POSIX string such as ``CST-8`` (UTC+08:00: POSIX counts hours west) or
    ``CET-1CEST,M3.5.0,M10.5.0/3`` (its own summer-time rules)."""
    name = value[1:] if value.startswith(":") else value
    if name.startswith("/"):
        return _zone_file(name)
    zone = _zone(name)
    if zone is not None:
        return zone, name
    return posix_zone(value)


_POSIX_NAME = r"(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]{3,}>)"
_POSIX_OFFSET = r"[+-]?\d{1,2}(?::\d{1,2}){0,2}"
_POSIX_TZ = re.compile(
    rf"({_POSIX_NAME})({_POSIX_OFFSET})(?:({_POSIX_NAME})(?:{_POSIX_OFFSET})?(,[-+\w.,/:]+)?)?"
)
MAX_ZONE_NAME = 64  # the summary schema's bound on incident.timezone


def posix_zone(value: str) -> tuple[tzinfo, str] | None:
    """A POSIX ``TZ`` string as a zone, or None when it is not one okhelp can read.

    Without summer time it is a fixed offset named by that offset: ``CST-8`` is ``UTC+08:00``
    (the abbreviation is not a name: CST is also US Central and Cuba). With summer time and
    its rules it is the rule itself, as zoneinfo reads it from a zone file's footer; summer
    time without rules leaves the dates to the C library, which okhelp cannot see, so None.
    """
    match = _POSIX_TZ.fullmatch(value)
    if match is None:
        return None
    std, offset, dst, rules = match.groups()
    hours, _, rest = offset.lstrip("+-").partition(":")
    minutes, _, seconds = rest.partition(":")
    west = int(hours) * 3600 + int(minutes or 0) * 60 + int(seconds or 0)
    east = -west if not offset.startswith("-") else west
    if abs(east) >= 24 * 3600:
        return None
    if dst is None:
        fixed = timedelta(seconds=east)
        return timezone(fixed, offset_name(fixed)), offset_name(fixed)
    if rules is None or len(value) > MAX_ZONE_NAME:
        return None
    import io
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo.from_file(io.BytesIO(_tzif(value, east, std.strip("<>"))), key=value), value
    except ValueError:
        return None


def _tzif(rule: str, offset: int, abbreviation: str) -> bytes:
    """A zone file (RFC 8536, version 2) with no transitions and ``rule`` as its footer, so
    that every instant follows the rule."""
    import struct

    chars = abbreviation.encode("ascii") + b"\0"
    header = b"TZif2" + b"\0" * 15 + struct.pack(">6l", 0, 0, 0, 0, 1, len(chars))
    block = header + struct.pack(">lBB", offset, 0, 0) + chars
    return block + block + b"\n" + rule.encode("ascii") + b"\n"


def _zone_file(path: str) -> tuple[tzinfo, str] | None:
    """``TZ=:/etc/localtime``: the file's zone, named after the zoneinfo entry it is, else by
    the offset it has now."""
    from zoneinfo import ZoneInfo

    marker = "zoneinfo/"
    real = os.path.realpath(path)
    name = real.split(marker, 1)[1] if marker in real else None
    try:
        with open(real, "rb") as stream:
            zone = ZoneInfo.from_file(stream, key=name)
    except (OSError, ValueError):
        return None
    if name is None or _zone(name) is None:
        now = datetime.now(zone).utcoffset() or timedelta(0)
        return timezone(now, offset_name(now)), offset_name(now)
    return zone, name


def system_zone() -> tuple[tzinfo, str]:
    """The system's zone (``/etc/localtime``) by its IANA name; else the C library's current
    offset, named by that offset."""
    name = _local_zone_name()
    zone = _zone(name) if name else None
    if zone is not None and name:
        return zone, name
    offset = datetime.now().astimezone().utcoffset() or timedelta(0)
    return timezone(offset, offset_name(offset)), offset_name(offset)


_WARNED: set[str] = set()


def warn_again() -> None:
    """Let every once-per-process warning be said again, for a caller that runs several
    commands in one process."""
    _WARNED.clear()


def _warn_once(key: str, environ: Mapping[str, str], **values: str) -> None:
    """A one-line warning in the user's language, once per process (``user_timezone`` is asked
    again for every answer a server takes)."""
    from okhelp.i18n.messages import error_lang, message
    from okhelp.util.notices import asked_lang, warn

    if key in _WARNED:
        return
    _WARNED.add(key)
    lang = error_lang(asked_lang(), environ)
    warn(message(key, lang, **values))


def _local_zone_name() -> str | None:
    try:
        target = os.readlink("/etc/localtime")
    except OSError:
        return None
    marker = "zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else None


def current_time(environ: Mapping[str, str], zone: tzinfo) -> datetime:
    """Now, or the instant ``OKHELP_NOW`` pins (for tests and reproducible runs)."""
    pinned = environ.get("OKHELP_NOW", "").strip()
    if not pinned:
        return datetime.now(zone)
    try:
        moment = datetime.fromisoformat(pinned.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(
            f"OKHELP_NOW must be an ISO 8601 time, not '{printable(pinned)}'",
            code="now_invalid",
            value=pinned,
        ) from None
    first, last = NOW_YEARS  # far from year 1 and 9999, where zones and "last year" overflow
    if not first <= moment.year <= last:
        raise UsageError(
            f"OKHELP_NOW must be a time between {first} and {last}, not '{printable(pinned)}'",
            code="now_out_of_range",
            value=pinned,
            first=first,
            last=last,
        )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def field_context(config: Config, environ: Mapping[str, str] | None = None) -> FieldContext:
    """Everything field validation needs, resolved once per run."""
    environ = os.environ if environ is None else environ
    zone, name = user_timezone(config, environ)
    return FieldContext(
        now=current_time(environ, zone),
        timezone=zone,
        timezone_name=name,
        txn_pattern=config.txn_pattern,
        txn_upper=config.txn_upper,
        default_currency=config.default_currency,
    )

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
from datetime import datetime, timezone, tzinfo
from pathlib import Path
from typing import Any

from okhelp.errors import UsageError
from okhelp.fields import DEFAULT_TXN_PATTERN, FieldContext
from okhelp.yamlsafe import YamlError, printable
from okhelp.yamlsafe import load as load_yaml

CONFIG_KEYS = ("contact_channels", "transaction_id", "default_currency", "timezone", "helpdesk")
HELPDESKS = ("zendesk", "freshdesk")
# What ``helpdesk.<desk>.custom_fields`` may map to a helpdesk's own field (okhelp.helpdesk).
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
            "zh": "官方网站上的在线客服(请从应用商店里的官方 APP 或你熟知的官网地址进入)",
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

    def channels(self, lang: str) -> list[dict[str, str]]:
        """Contact channels with their text in ``lang``."""
        result = []
        for channel in self.contact_channels:
            detail = channel.get("detail", "")
            if isinstance(detail, dict):
                detail = detail.get(lang) or next(iter(detail.values()), "")
            result.append({"kind": str(channel.get("kind", "other")), "detail": str(detail)})
        return result


def config_path(environ: Mapping[str, str]) -> Path | None:
    if environ.get("OKHELP_CONFIG"):
        return Path(environ["OKHELP_CONFIG"]).expanduser()
    from platformdirs import user_config_dir

    candidate = Path(user_config_dir("okhelp")) / "config.yaml"
    return candidate if candidate.exists() else None


def load_config(environ: Mapping[str, str] | None = None) -> Config:
    """The config file's settings over the defaults; a missing file means the defaults."""
    environ = os.environ if environ is None else environ
    path = config_path(environ)
    if path is None or not path.exists():
        return Config()
    where = printable(str(path), 200)
    try:
        raw = path.read_bytes()
        data = load_yaml(raw).data
    except OSError as exc:
        raise UsageError(f"config {where}: cannot read ({exc.strerror})") from None
    except YamlError as exc:
        line = f":{exc.line}" if exc.line else ""
        raise UsageError(f"config {where}{line}: {exc.message}") from None
    if not isinstance(data, dict):
        raise UsageError(f"config {where}: must be a mapping of settings")
    unknown = [key for key in data if key not in CONFIG_KEYS]
    if unknown:
        raise UsageError(
            f"config {where}: unknown setting '{printable(unknown[0])}' "
            f"(known: {', '.join(CONFIG_KEYS)})"
        )
    return Config(
        contact_channels=_channels(data.get("contact_channels"), where),
        txn_pattern=_txn(data.get("transaction_id"), where)[0],
        txn_upper=_txn(data.get("transaction_id"), where)[1],
        default_currency=_currency(data.get("default_currency", "CNY"), where),
        timezone_name=_zone_name(data.get("timezone"), where),
        source=str(path),
        helpdesk_fields=_helpdesk(data.get("helpdesk"), where),
    )


def _helpdesk(value: Any, where: str) -> dict[str, dict[str, int | str]]:
    """``helpdesk: {zendesk: {custom_fields: {transaction_id: 360001}}, freshdesk: ...}``."""
    if value is None:
        return {}
    shape = "helpdesk must be a mapping like {zendesk: {custom_fields: {transaction_id: 360001}}}"
    if not isinstance(value, dict) or any(desk not in HELPDESKS for desk in value):
        raise UsageError(f"config {where}: {shape}")
    result: dict[str, dict[str, int | str]] = {}
    for desk, settings in value.items():
        if not isinstance(settings, dict) or set(settings) - {"custom_fields"}:
            raise UsageError(f"config {where}: {shape}")
        fields = settings.get("custom_fields") or {}
        if not isinstance(fields, dict):
            raise UsageError(f"config {where}: {shape}")
        checked: dict[str, int | str] = {}
        for key, target in fields.items():
            if key not in HELPDESK_FIELD_KEYS:
                raise UsageError(
                    f"config {where}: helpdesk.{desk}.custom_fields: unknown key "
                    f"'{printable(str(key))}' (known: {', '.join(HELPDESK_FIELD_KEYS)})"
                )
            zendesk_id = isinstance(target, int) and not isinstance(target, bool) and target > 0
            freshdesk_name = isinstance(target, str) and re.fullmatch(r"[A-Za-z0-9_]{1,64}", target)
            if (desk == "zendesk" and not zendesk_id) or (
                desk == "freshdesk" and not freshdesk_name
            ):
                wanted = "a positive field id" if desk == "zendesk" else "a field name like cf_txn"
                raise UsageError(f"config {where}: helpdesk.{desk}.custom_fields.{key}: {wanted}")
            checked[key] = target
        result[desk] = checked
    return result


def _channels(value: Any, where: str) -> tuple[dict[str, Any], ...]:
    if value is None:
        return DEFAULT_CHANNELS
    if not isinstance(value, list) or not all(
        isinstance(item, dict) and isinstance(item.get("kind"), str) and "detail" in item
        for item in value
    ):
        raise UsageError(f"config {where}: contact_channels must be a list of {{kind, detail}}")
    return tuple(value)


def _txn(value: Any, where: str) -> tuple[str, bool]:
    if value is None:
        return DEFAULT_TXN_PATTERN, False
    if not isinstance(value, dict):
        raise UsageError(f"config {where}: transaction_id must be a mapping {{pattern, uppercase}}")
    pattern = value.get("pattern", DEFAULT_TXN_PATTERN)
    try:
        re.compile(str(pattern))
    except re.error as exc:
        raise UsageError(f"config {where}: transaction_id pattern is not valid: {exc}") from None
    return str(pattern), bool(value.get("uppercase", False))


def _currency(value: Any, where: str) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{3}", value):
        raise UsageError(f"config {where}: default_currency must be an ISO 4217 code like CNY")
    return value


def _zone_name(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or _zone(value) is None:
        raise UsageError(f"config {where}: timezone must be an IANA name like Asia/Shanghai")
    return value


def _zone(name: str) -> tzinfo | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def user_timezone(config: Config, environ: Mapping[str, str]) -> tuple[tzinfo, str]:
    """The user's zone: ``TZ``, then the config, then the system's; with its IANA name."""
    for name in (environ.get("TZ", "").lstrip(":"), config.timezone_name or ""):
        if name:
            zone = _zone(name)
            if zone is not None:
                return zone, name
    local = datetime.now().astimezone().tzinfo or timezone.utc
    key = getattr(local, "key", None) or _local_zone_name() or datetime.now(local).strftime("%z")
    return local, key


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
            f"OKHELP_NOW must be an ISO 8601 time, not '{printable(pinned)}'"
        ) from None
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

"""Talking to ``okhelp mcp`` through the MCP SDK's own stdio client (the SDK is a test extra)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from mcp import Client
from mcp.client.stdio import StdioServerParameters


def server_params(home: Path) -> StdioServerParameters:
    return StdioServerParameters(
        command=sys.executable,
        args=["-m", "okhelp", "mcp"],
        env={
            "OKHELP_HOME": str(home),
            "OKHELP_LANG": "en",
            "OKHELP_NOW": "2026-11-21T15:42:00+08:00",
            "XDG_CONFIG_HOME": str(home / "no-config"),
            "TZ": "Asia/Shanghai",
        },
    )


async def call_tool(client: Client, tool: str, **arguments: Any) -> tuple[bool, Any]:
    result = await client.call_tool(tool, arguments)
    text = result.content[0].text  # type: ignore[union-attr]
    if result.structured_content is not None:
        assert json.loads(text) == result.structured_content
        return bool(result.is_error), result.structured_content
    return bool(result.is_error), text

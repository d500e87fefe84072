"""``okhelp mcp`` end to end with the MCP SDK's own stdio client, and the SDK kept off start-up."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from mcp import Client  # the SDK is in the test extra: CI installs it

from tests.helpers import saved_session
from tests.helpers.mcp import call_tool, server_params

TOOLS = {
    *("search_guides", "start_session", "answer", "go_back", "get_summary", "rate_session"),
    "list_guides",
}


async def _session(home: Path, errlog: Any) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    async with Client(server_params(home)) as client:
        listed = await client.list_tools()
        seen["tools"] = {tool.name: tool for tool in listed.tools}
        failed, found = await call_tool(
            client, "search_guides", description="充值两个小时了还没到账"
        )
        assert not failed and found["candidates"][0]["guide"] == "top-up"
        seen["found"] = found
        seen["help"] = await call_tool(client, "search_guides", description="help", lang="zh")
        seen["listed"] = await call_tool(client, "list_guides", lang="en")
        failed, question = await call_tool(client, "start_session", guide="top-up", lang="en")
        assert not failed and question["step"] == "method"
        sid = question["session_id"]
        failed, refused = await call_tool(client, "answer", session_id=sid, value="paypal")
        seen["refused"] = (failed, refused)
        failed, question = await call_tool(client, "answer", session_id=sid, value="cash")
        failed, back = await call_tool(client, "go_back", session_id=sid)
        seen["back"] = (failed, back)
        replies = ["cash", "not_possible", "no", "yesterday 3pm", "120.5 元", "", "lilei_2026", ""]
        asked = []
        for value in replies:
            failed, question = await call_tool(client, "answer", session_id=sid, value=value)
            assert not failed, question
            asked.append(question)
        seen["asked"] = asked
        failed, seen["markdown"] = await call_tool(
            client, "get_summary", session_id=sid, format="markdown"
        )
        seen["bad_format"] = await call_tool(client, "get_summary", session_id=sid, format="pdf")
    return seen


@pytest.mark.slow
def test_an_assistant_walks_top_up_to_an_escalated_summary(tmp_path: Path) -> None:
    with (tmp_path / "stderr.log").open("w+", encoding="utf-8") as errlog:
        seen = asyncio.run(_session(tmp_path / "home", errlog))
    tools = seen["tools"]
    assert set(tools) == TOOLS
    for name in ("start_session", "answer"):
        description = tools[name].description.lower()
        assert "word for word" in description and "password" in description
        assert "card number" in description and "code" in description
    assert set(tools["answer"].input_schema["required"]) == {"session_id", "value"}
    for tool in tools.values():  # every parameter says what it takes, where an assistant looks
        for name, schema in tool.input_schema["properties"].items():
            assert len(schema.get("description", "")) > 10, (tool.name, name)
    found = seen["found"]
    assert found["confident"] is (found["status"] == "match")
    failed, nothing = seen["help"]
    assert not failed and nothing["candidates"] == [] and nothing["status"] == "choose"
    assert "指南" in nothing["notice"]  # in the language asked for: what to do instead
    failed, listed = seen["listed"]
    ids = [g["guide"] for g in listed["guides"]]
    assert not failed and "top-up" in ids and len(ids) == len(set(ids)) >= 19
    assert {g["category_title"] for g in listed["guides"]} >= {"Security", "Using the app"}

    failed, refused = seen["refused"]
    assert failed and refused["error"]["code"] == "invalid_answer"
    assert refused["question"]["step"] == "method"
    failed, back = seen["back"]
    assert not failed and back["step"] == "method"

    asked = seen["asked"]
    assert asked[2]["step"] == "when" and asked[3]["notice"].startswith("Time recorded as")
    assert asked[5]["field"] == "account" and asked[6]["field"] == "description"
    end = asked[-1]
    assert end["status"] == "escalated" and end["text"].startswith("Support needs")
    summary = end["summary"]
    assert summary["account"] == {"id": "lilei_2026", "kind": "user_id"}
    assert summary["incident"]["amount"] == {"value": "120.50", "currency": "CNY"}
    assert [t["step"] for t in summary["transcript"]][:3] == [
        "method",
        "cash-receipt",
        "check-record",
    ]
    assert summary["transcript"][1]["answer"] == "not_possible"
    assert isinstance(seen["markdown"], str) and "lilei" in seen["markdown"]
    assert seen["bad_format"][0] and seen["bad_format"][1]["error"]["code"] == "usage"
    assert saved_session(tmp_path / "home", end["session_id"])["status"] == "escalated"


def test_without_the_extra_okhelp_mcp_says_how_to_install_it(tmp_path: Path) -> None:
    probe = "import sys; sys.modules['mcp'] = None\nfrom okhelp.frontends.cli.app import main\nmain(['mcp'])\n"
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "OKHELP_HOME": str(tmp_path / "home")},
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "pip install 'okhelp[mcp]'" in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1


PROBE = """
import json, sys
from okhelp.frontends.cli.app import main
try:
    main({args!r})
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write("\\n" + json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in
    ("mcp", "mcp_types", "pydantic_settings", "starlette", "anyio", "httpx", "sse_starlette"))))
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["guides", "list"],
        ["guides", "search", "充值没到账"],
        ["start", "top-up"],
        ["answer", "20990101-000000-dead", "yes"],
        ["guide", "register", "-a", "problem=how-to", "-a", "how-to=yes"],
        ["sessions"],
        ["summary"],
    ],
)
def test_no_other_command_imports_the_mcp_sdk(tmp_path: Path, args: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)],
        env={**os.environ, "OKHELP_HOME": str(tmp_path / "home"), "OKHELP_LANG": "en"},
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert json.loads(proc.stderr.strip().splitlines()[-1]) == [], (args, proc.stderr)


def test_a_session_started_without_lang_speaks_the_descriptions_language(tmp_path: Path) -> None:
    params = server_params(tmp_path / "home")
    assert params.env is not None
    del params.env["OKHELP_LANG"]
    params.env["LANG"] = "C.UTF-8"

    async def start() -> tuple[Any, Any]:
        async with Client(params) as client:
            _, english = await call_tool(
                client, "start_session", description="my top up has not arrived"
            )
            _, told = await call_tool(
                client, "start_session", description="my top up has not arrived", lang="zh"
            )
            return english, told

    english, told = asyncio.run(start())
    assert english["text"] == "How did you top up?"
    assert told["text"] == "你是用哪种方式充值的？"


def test_an_answer_with_a_stale_position_is_refused_over_mcp(tmp_path: Path) -> None:
    async def run() -> tuple[Any, Any, Any]:
        async with Client(server_params(tmp_path / "home")) as client:
            _, first = await call_tool(client, "start_session", guide="top-up", lang="en")
            sid, position = first["session_id"], first["position"]
            taken = await call_tool(
                client, "answer", session_id=sid, value="bank", position=position
            )
            stale = await call_tool(
                client, "answer", session_id=sid, value="bank", position=position
            )
            return first, taken, stale

    first, (failed, taken), (refused, stale) = asyncio.run(run())
    assert not failed and taken["position"] == first["position"] + 1
    assert refused and stale["error"]["code"] == "stale_answer"
    assert stale["question"]["position"] == taken["position"]

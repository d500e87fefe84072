"""The step protocol's documented transcript, made by running it: every ``$ okhelp ...`` line of
the example block in docs/step-protocol.md is run again in a fresh data folder, and its reply,
its stderr and its exit code are written as the document shows them.

Session ids and generation times come from the clock and differ at every run; they are written
as the document already has them, so the text only changes when okhelp's replies do.

    python -m tests.helpers.transcripts           # rewrite the block in docs/step-protocol.md
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "step-protocol.md"
HEADING = "## A full example"
SESSION_ID = re.compile(r"\b\d{8}-\d{6}-[0-9a-f]{4}\b")
GENERATED = re.compile(r'("generated_at": ")([^"]*)(")')
ENV = {
    "OKHELP_NOW": "2026-11-21T15:42:00+08:00",
    "TZ": "Asia/Shanghai",
    "OKHELP_LANG": "en",
    "NO_COLOR": "1",
}


@dataclass(frozen=True)
class Block:
    """Where the transcript lies in the document, and the commands in it."""

    start: int  # the offset of the first line inside the fence
    end: int  # the offset of the closing fence
    commands: tuple[str, ...]


def find_block(text: str) -> Block:
    """The fenced block after the heading of the full example."""
    after = text.index(HEADING)
    start = text.index("```\n", after) + len("```\n")
    end = text.index("\n```", start) + 1
    commands = tuple(
        line[2:] for line in text[start:end].splitlines() if line.startswith("$ okhelp ")
    )
    return Block(start, end, commands)


def run(commands: tuple[str, ...], documented: str) -> str:
    """Run the commands one after another in a fresh data folder and write what they print."""
    known = SESSION_ID.findall(documented)
    shown_id = known[0] if known else "20261121-154200-acf6"
    generated = GENERATED.search(documented)
    real_id: str | None = None
    parts: list[str] = []
    with tempfile.TemporaryDirectory() as home:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("OKHELP_")},
            **ENV,
            "OKHELP_HOME": str(Path(home) / "data"),
            "XDG_CONFIG_HOME": str(Path(home) / "no-config"),
        }
        okhelp = str(Path(sys.executable).parent / "okhelp")
        for command in commands:
            args = shlex.split(command)[1:]
            if real_id is not None:
                args = [real_id if arg == shown_id else arg for arg in args]
            done = subprocess.run(
                [okhelp, *args], env=env, capture_output=True, text=True, timeout=60, check=False
            )
            out = done.stdout
            if real_id is None and (found := SESSION_ID.search(out)):
                real_id = found.group(0)
            if real_id is not None:
                out = out.replace(real_id, shown_id)
            if generated is not None:
                out = GENERATED.sub(rf"\g<1>{generated.group(2)}\g<3>", out)
            err = "".join(
                f"{line}\n" for line in done.stderr.splitlines() if line.startswith("okhelp: ")
            )
            if real_id is not None:
                err = err.replace(real_id, shown_id)
            parts.append(f"$ {command}\n{out}{err}# exit {done.returncode}\n")
    return "\n".join(parts)


def regenerate(text: str) -> str:
    """The document with its transcript made again."""
    block = find_block(text)
    return (
        text[: block.start] + run(block.commands, text[block.start : block.end]) + text[block.end :]
    )


if __name__ == "__main__":
    DOC.write_text(regenerate(DOC.read_text(encoding="utf-8")), encoding="utf-8")

"""What the field rules cost: the first amount parsed (with and without Chinese numerals, which
load cn2an), and each validation afterwards — a prompt validates at every keystroke.

Run with the environment okhelp is installed in:  python benchmarks/field_parsers.py [--rounds N]

Cold costs run in fresh interpreters, interleaved round by round, median taken (a busy machine
slows every case alike); warm costs are the median per call over the project's tables.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
COLD = """
import time
started = time.perf_counter()
from datetime import datetime, timezone
from okhelp.fields.validation import FieldContext, validate
ctx = FieldContext(now=datetime.now(timezone.utc), timezone=timezone.utc, timezone_name="UTC")
{body}
print((time.perf_counter() - started) * 1000)
"""
CASES = {
    "import okhelp.fields.validation only": "",
    "first amount, digits: 120.5 元": 'validate("amount", "120.5 元", ctx)',
    "first amount, Chinese numerals: 三千块 (loads cn2an)": 'validate("amount", "三千块", ctx)',
    "first time phrase: 上周二晚上": 'validate("occurred_at", "上周二晚上", ctx)',
}


def cold(rounds: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in CASES}
    names = list(CASES)
    for index in range(rounds + 1):  # the first round warms the disk cache and is dropped
        shift = index % len(names)  # each case goes first in turn
        for name in names[shift:] + names[:shift]:
            body = CASES[name]
            out = subprocess.run(
                [sys.executable, "-c", COLD.format(body=body)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            times[name].append(float(out))
    return {name: statistics.median(values[1:]) for name, values in times.items()}


def warm() -> dict[str, float]:
    from okhelp.errors import InvalidAnswer
    from okhelp.fields.validation import FieldContext, validate

    phrases = yaml.safe_load((DATA / "time_phrases.yaml").read_text(encoding="utf-8"))
    zone = ZoneInfo(phrases["zone"])
    now = datetime.fromisoformat(phrases["now"]).astimezone(zone)
    ctx = FieldContext(now=now, timezone=zone, timezone_name=phrases["zone"])
    money = yaml.safe_load((DATA / "fields" / "amounts.yaml").read_text(encoding="utf-8"))
    results = {}
    for name, field, rows in (
        (f"time phrase (table of {len(phrases['phrases'])})", "occurred_at", phrases["phrases"]),
        (f"amount (table of {len(money['amounts'])})", "amount", money["amounts"]),
    ):
        texts = [row[0] for row in rows]
        for text in texts:  # warm-up: imports (phonenumbers, cn2an) are the cold costs above
            with contextlib.suppress(InvalidAnswer):
                validate(field, text, ctx)
        per_call = []
        for text in texts:
            started = time.perf_counter()
            for _ in range(20):
                with contextlib.suppress(InvalidAnswer):
                    validate(field, text, ctx)
            per_call.append((time.perf_counter() - started) / 20 * 1000)
        results[name] = statistics.median(per_call)
        results[name + ", slowest row"] = max(per_call)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=11)
    args = parser.parse_args()
    print("| measure | median ms |\n|---|---|")
    for name, value in cold(args.rounds).items():
        print(f"| cold: {name} | {value:.1f} |")
    for name, value in warm().items():
        print(f"| warm, per validation: {name} | {value:.3f} |")


if __name__ == "__main__":
    main()

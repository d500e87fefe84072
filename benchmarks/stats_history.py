"""okhelp stats on a real-sized history: a million sessions in the database, time and memory.

Run with the environment okhelp is installed in:  python benchmarks/stats_history.py [--sessions N]
[--postgres URL] (the history on that PostgreSQL server, in a schema of its own, instead of SQLite).

Sessions are made by the real runner (``okhelp guide ID --answers``) from the built-in guides' own
examples — resolved, escalated and stopped half-way — and then copied under fresh ids and dates
until there are N of them. Prints a Markdown table and writes benchmarks/stats_results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from history_db import records_of, server_schema

HERE = Path(__file__).resolve().parent
GOAL_SECONDS = 10.0
GOAL_MIB = 200.0


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall time, CPU time (user + system: steadier on a busy machine) and peak RSS (MiB)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    assert os.waitstatus_to_exitcode(status) == 0, command
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _templates(okhelp: list[str], env: dict[str, str]) -> list[dict[str, Any]]:
    """Real sessions: every example of a few built-in guides, plus ones stopped half-way."""
    shown = subprocess.run(
        [*okhelp, "guides", "list", "--format", "json"], env=env, capture_output=True, text=True
    )
    for guide in json.loads(shown.stdout)[:8]:
        data = subprocess.run(
            [*okhelp, "guides", "show", guide["id"], "--format", "json"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        for example in json.loads(data.stdout).get("examples", []):
            args = [f"--answer={key}={value}" for key, value in example["answers"].items()]
            args += ["--answer=account=13800138000", "--answer=description=benchmark"]
            subprocess.run([*okhelp, "guide", guide["id"], *args], env=env, capture_output=True)
            first = next(iter(example["answers"].items()))
            subprocess.run(
                [*okhelp, "guide", guide["id"], f"--answer={first[0]}={first[1]}"],
                env=env,
                capture_output=True,
            )
    return records_of(Path(env["OKHELP_HOME"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server instead of SQLite")
    args = parser.parse_args()
    okhelp = [sys.executable, "-m", "okhelp"]
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("OKHELP_")}
        env.update(
            OKHELP_HOME=str(work / "home"),
            XDG_CONFIG_HOME=str(work / "no-config"),  # no config file: the defaults
            OKHELP_LANG="en",
            TZ="Asia/Shanghai",
        )
        templates = _templates(okhelp, env)
        saved = work / "templates.json"
        saved.write_text(json.dumps(templates), encoding="utf-8")
        results: dict[str, object] = {
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
            "python": platform.python_version(),
            "templates": len(templates),
            "database": "postgresql" if args.postgres else "sqlite",
        }
        home = work / "home"
        for count in (10, args.sessions):
            shutil.rmtree(home, ignore_errors=True)
            if args.postgres:
                env["OKHELP_DATABASE_URL"] = server_schema(args.postgres, "bench_stats")
            # Filled by another process: a child started from this one would count this
            # process's memory in its own peak.
            subprocess.run(
                [sys.executable, str(HERE / "history_db.py"), str(saved), str(home), str(count)],
                check=True,
                env=env,
            )
            for fmt in ("json", "table"):
                command = [*okhelp, "stats", "--format", fmt]
                _run(command, env)  # warm-up
                runs = [_run(command, env) for _ in range(args.rounds)]
                results[f"{count} sessions, {fmt}"] = {
                    "seconds": round(statistics.median(r[0] for r in runs), 3),
                    "cpu_seconds": round(statistics.median(r[1] for r in runs), 3),
                    "peak_rss_mib": round(max(r[2] for r in runs), 1),
                }
    name = "stats_results_postgres.json" if args.postgres else "stats_results.json"
    (HERE / name).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"{results['date']} · {results['machine']} · Python {results['python']}\n")
    print("| case | time (median) | CPU time | peak RSS | goal | met |\n|---|---|---|---|---|---|")
    for name, item in results.items():
        if not isinstance(item, dict):
            continue
        met = item["seconds"] < GOAL_SECONDS and item["peak_rss_mib"] < GOAL_MIB
        print(
            f"| okhelp stats, {name} | {item['seconds']} s | {item['cpu_seconds']} s "
            f"| {item['peak_rss_mib']} MiB "
            f"| < {GOAL_SECONDS} s, < {GOAL_MIB:.0f} MiB | {'yes' if met else 'NO'} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""okhelp stats on a real-sized history: 20,000 session files, time and peak memory.

Run with the environment okhelp is installed in:  python benchmarks/stats_history.py [--sessions N]

Sessions are made by the real runner (``okhelp guide ID --answers``) from the built-in guides' own
examples — resolved, escalated and stopped half-way — and then copied under fresh ids and dates
until there are N of them. Prints a Markdown table and writes benchmarks/stats_results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOAL_SECONDS = 2.0
GOAL_MIB = 100.0


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


def _templates(okhelp: list[str], env: dict[str, str]) -> list[dict[str, object]]:
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
    folder = Path(env["OKHELP_HOME"]) / "sessions"
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))]


def _fill(folder: Path, templates: list[dict[str, object]], count: int) -> None:
    start = datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=8)))
    for path in folder.glob("*.json"):
        path.unlink()
    for n in range(count):
        record = dict(templates[n % len(templates)])
        began = start + timedelta(minutes=17 * n)
        record["session_id"] = f"{began:%Y%m%d-%H%M%S}-{n % 65536:04x}"
        record["started_at"] = began.isoformat(timespec="seconds")
        record["updated_at"] = (began + timedelta(minutes=3)).isoformat(timespec="seconds")
        (folder / f"{record['session_id']}.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
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
        folder = work / "home" / "sessions"
        results: dict[str, object] = {
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
            "python": platform.python_version(),
            "templates": len(templates),
        }
        for count in (10, args.sessions):
            _fill(folder, templates, count)
            for fmt in ("json", "table"):
                command = [*okhelp, "stats", "--format", fmt]
                _run(command, env)  # warm-up
                runs = [_run(command, env) for _ in range(args.rounds)]
                results[f"{count} sessions, {fmt}"] = {
                    "seconds": round(statistics.median(r[0] for r in runs), 3),
                    "cpu_seconds": round(statistics.median(r[1] for r in runs), 3),
                    "peak_rss_mib": round(max(r[2] for r in runs), 1),
                }
    (HERE / "stats_results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
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

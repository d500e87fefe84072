"""The sessions database at scale: everyday commands with 1,000,000 sessions against 10, and
many processes writing at once.

Run with the environment okhelp is installed in:

    python benchmarks/database_scale.py                 # 1,000,000 sessions; about 10 minutes
    python benchmarks/database_scale.py --sessions 100000 --rounds 5
    python benchmarks/database_scale.py --concurrency   # 8 walkers x 100 sessions + 8 on one
    python benchmarks/database_scale.py --postgres postgresql://USER:PW@127.0.0.1/DB  # a server

With ``--postgres`` every data folder's sessions go to a schema of their own on that server
(``bench_*``, dropped and made again), as ``OKHELP_DATABASE_URL`` would put them.

The history is real sessions (the built-in guides' examples, run by okhelp itself) copied under
fresh ids and times (``history_db.py``), the newest an unfinished top-up that ``summary`` shows,
``resume --answers`` takes to its end and ``answer`` moves; after each run it is put back. Timings
are interleaved round by round (``run.py``), medians compared. Writes database_results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from history_db import database_mib, newest_unfinished, server_schema  # noqa: E402
from run import HISTORY_ANSWERS, _interleaved, _peak_rss_mib  # noqa: E402
from stats_history import _templates  # noqa: E402

GOAL_RATIO = 1.5
TOP_UP = ["top-up", "-a", "method=third-party", "-a", "third-party-status=yes"]
TOP_UP += ["-a", "check-record=yes", "-a", "refresh=yes"]


SERVER: str | None = None  # --postgres: the server's URL
URLS: dict[Path, str] = {}  # each data folder's schema on it


def _url(home: Path) -> str | None:
    if SERVER is None:
        return None
    if home not in URLS:
        URLS[home] = server_schema(SERVER, f"bench_{home.name.replace('-', '_')}")
    return URLS[home]


def _env(home: Path, work: Path, *, server: bool = True) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OKHELP_")}
    url = _url(home) if server else None
    if url is not None:
        env["OKHELP_DATABASE_URL"] = url
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        OKHELP_HOME=str(home),
        XDG_CONFIG_HOME=str(work / "no-config"),
        OKHELP_LANG="zh",
        TZ="Asia/Shanghai",
        OKHELP_NOW="2030-01-01T12:00:00+08:00",
    )
    return env


def _restorer(home: Path) -> Callable[[], None]:
    """Put the newest session back as it was before a run moved it."""
    from okhelp.domain.session import Session
    from okhelp.storage.sessions import Store

    record = newest_unfinished(datetime(2030, 1, 1, tzinfo=datetime.now().astimezone().tzinfo))
    record = {**record, "session_id": record["session_id"]}

    def restore() -> None:
        store = Store(home, database_url=_url(home) or "")
        store.erase_sessions([record["session_id"]])
        store.save_session(Session.from_json(dict(record)))
        store.close()

    return restore


def scale(sessions: int, rounds: int, work: Path) -> dict[str, object]:
    okhelp = [sys.executable, "-m", "okhelp"]
    templates = _templates(okhelp, _env(work / "templates-home", work, server=False))
    saved = work / "templates.json"
    saved.write_text(json.dumps(templates), encoding="utf-8")
    answers = work / "answers.yaml"
    answers.write_text(HISTORY_ANSWERS, encoding="utf-8")
    homes: dict[int, dict[str, str]] = {}
    restore: dict[int, Callable[[], None]] = {}
    filled: dict[int, float] = {}
    newest = newest_unfinished(datetime(2030, 1, 1))["session_id"]
    for size in (10, sessions):
        home = work / f"home-{size}"
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                str(HERE / "history_db.py"),
                str(saved),
                str(home),
                str(size),
                "--newest",
            ],
            check=True,
            env=_env(home, work),
        )
        filled[size] = time.perf_counter() - start
        homes[size] = _env(home, work)
        restore[size] = _restorer(home)
        restore[size]()
    commands = {
        "sessions": [*okhelp, "sessions"],
        "summary": [*okhelp, "summary"],
        "resume": [*okhelp, "resume", "--answers", str(answers)],
        "answer": [*okhelp, "answer", newest, "no"],
    }
    cases = {
        f"{name} {size}": command for name, command in commands.items() for size in (10, sessions)
    }
    env_for = {name: homes[int(name.split()[1])] for name in cases}
    after = {name: restore[int(name.split()[1])] for name in cases}
    wall, cpu = _interleaved(cases, env_for, rounds, after)
    result: dict[str, object] = {"sessions": sessions, "fill_seconds": round(filled[sessions], 1)}
    for name, command in commands.items():
        rss = _peak_rss_mib(command, homes[sessions])
        restore[sessions]()
        result[name] = {
            "seconds_10": round(wall[f"{name} 10"], 3),
            f"seconds_{sessions}": round(wall[f"{name} {sessions}"], 3),
            "ratio": round(wall[f"{name} {sessions}"] / wall[f"{name} 10"], 2),
            "cpu_ratio": round(cpu[f"{name} {sessions}"] / cpu[f"{name} 10"], 2),
            "goal": GOAL_RATIO,
            "peak_rss_mib": round(rss, 1),
        }
    home = Path(homes[sessions]["OKHELP_HOME"])
    result["database"] = "postgresql" if SERVER else "sqlite"
    result["database_mib"] = round(database_mib(home, _url(home)), 1)
    return result


def concurrency(work: Path, walkers: int = 8, each: int = 100) -> dict[str, object]:
    """``walkers`` processes each running ``each`` sessions to their end, while ``walkers`` more
    answer one shared session at the same moments: nothing lost, one move per answer."""
    home = work / "busy-home"
    env = _env(home, work)
    okhelp = [sys.executable, "-m", "okhelp"]
    shared = json.loads(
        subprocess.run(
            [*okhelp, "start", "top-up"], env=env, capture_output=True, text=True, check=True
        ).stdout
    )["session_id"]
    script = (
        "import subprocess, sys\n"
        "codes = [subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL,"
        " stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)"
        f" for _ in range({each})]\n"
        "bad = [c.stderr for c in codes if c.returncode != 0]\n"
        "print(len(bad)); print('\\n'.join(bad))\n"
    )
    start = time.perf_counter()
    running = [
        subprocess.Popen(
            [sys.executable, "-c", script, *okhelp, "guide", *TOP_UP],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(walkers)
    ]
    answers: list[subprocess.CompletedProcess[str]] = []
    for step_answer in ("bank", "no", "yes"):
        wave = [
            subprocess.Popen(
                [*okhelp, "answer", shared, step_answer],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(walkers)
        ]
        for process in wave:
            out, err = process.communicate()
            answers.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    failures = 0
    messages: list[str] = []
    for process in running:
        out, _ = process.communicate()
        first, *rest = out.splitlines() or ["0"]
        failures += int(first)
        messages += rest
    took = time.perf_counter() - start
    from okhelp.storage.sessions import Store

    store = Store(home, database_url=_url(home) or "")
    total = store.session_count()
    record = store.load_session(shared)
    store.close()
    moved = sum(1 for a in answers if a.returncode == 0)
    texts = " ".join(a.stderr + a.stdout for a in answers) + " ".join(messages)
    return {
        "walkers": walkers,
        "sessions_each": each,
        "seconds": round(took, 1),
        "sessions_saved": total,
        "sessions_expected": walkers * each + 1,
        "walker_failures": failures,
        "shared_answers_sent": len(answers),
        "shared_answers_taken": moved,
        "shared_trail": [entry.step for entry in record.trail],
        "busy_replies": sum(1 for a in answers if a.returncode == 75),
        "database_is_locked_seen": "locked" in texts.lower(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--concurrency", action="store_true")
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server instead of SQLite")
    args = parser.parse_args()
    global SERVER  # noqa: PLW0603 - one setting for the whole run
    SERVER = args.postgres
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        body = concurrency(work) if args.concurrency else scale(args.sessions, args.rounds, work)
    results = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
        "python": platform.python_version(),
        "database": "postgresql" if SERVER else "sqlite",
        **body,
    }
    name = "concurrency_results" if args.concurrency else "database_results"
    out = HERE / f"{name}{'_postgres' if SERVER else ''}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

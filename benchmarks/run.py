"""okhelp benchmarks: start-up against a bare typer app, scale, memory, and the engine alone.

Run with the environment okhelp is installed in (with the test extras, for pexpect):
python benchmarks/run.py [--rounds N]   (the sessions database at scale: database_scale.py)

Every timing is a ratio measured in one run, with the cases interleaved round by round and the
median taken, so a busy machine slows both sides alike. Results are printed as a Markdown table and
written to benchmarks/results.json.

Besides the wall-clock time each case also records the CPU time its process used (user + system,
from the kernel's accounting of waited-for children), which a busy machine hardly changes: on a
shared machine the two ratios together say more than either alone.

Runs are timed as an installed okhelp runs: with bytecode. PYTHONDONTWRITEBYTECODE is dropped from
the children's environment; with it, every okhelp module was compiled from source on every run
while typer's came precompiled from site-packages, which measured the compiler, not okhelp.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
BARE_APP = textwrap.dedent(
    """\
    import typer

    app = typer.Typer()


    def _version(value: bool) -> None:
        if value:
            print("bare 1.0")
            raise typer.Exit()


    @app.callback()
    def root(
        version: bool = typer.Option(False, "--version", callback=_version, is_eager=True),
    ) -> None:
        \"\"\"A bare app.\"\"\"


    @app.command()
    def hello() -> None:
        print("hello")


    @app.command()
    def bye() -> None:
        print("bye")


    if __name__ == "__main__":
        app()
    """
)
# The floor for the first screen: typer, then questionary showing one select, as okhelp does.
BARE_MENU = textwrap.dedent(
    """\
    import typer

    app = typer.Typer()


    @app.command()
    def pick(text: str) -> None:
        import questionary

        questionary.select(
            "Which of these is it?",
            choices=["Top-up failed or not arrived", "Registration problems", "None of these"],
        ).unsafe_ask()


    @app.command()
    def bye() -> None:
        print("bye")


    if __name__ == "__main__":
        app()
    """
)
MENU_TEXT = "充值两个小时了还没到账"
ANSWERS = textwrap.dedent(
    """\
    method: bank
    bank-remark: "no"
    bank-sent: "yes"
    check-record: "no"
    when: 2 hours ago
    amount: 120.5 元
    txn: TX2026112000001
    account: "13800138000"
    description: 充值两小时还没到账
    """
)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run."""
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - start, _children_cpu() - cpu


def _until_menu(command: list[str], env: dict[str, str], pattern: str) -> tuple[float, float]:
    """Seconds from starting ``command`` in a pseudo-terminal until ``pattern`` is on screen,
    and the CPU seconds it used (it is stopped there, idle at the menu)."""
    import pexpect

    cpu = _children_cpu()
    start = time.perf_counter()
    child = pexpect.spawn(
        command[0], command[1:], env=env, encoding="utf-8", dimensions=(40, 100), timeout=30
    )
    try:
        child.expect(pattern)
        wall = time.perf_counter() - start
    finally:
        child.close(force=True)
    return wall, _children_cpu() - cpu


def first_menu(
    python: str, work: Path, env: dict[str, str], rounds: int
) -> tuple[dict[str, float], dict[str, float]]:
    """Median wall-clock and CPU time to the first menu: okhelp troubleshoot TEXT against
    typer + one select."""
    (work / "menu.py").write_text(BARE_MENU, encoding="utf-8")
    cases = {
        "bare": ([python, str(work / "menu.py"), "pick", "x"], "Which of these is it"),
        "okhelp": ([python, "-m", "okhelp", "troubleshoot", MENU_TEXT], "是下面哪个问题"),
    }
    pty_env = {**env, "TERM": "xterm-256color", "OKHELP_LANG": "zh"}
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    for command, pattern in cases.values():  # warm-up: bytecode, the guide cache
        _until_menu(command, pty_env, pattern)
    for _ in range(rounds):
        for name, (command, pattern) in cases.items():
            runs[name].append(_until_menu(command, pty_env, pattern))
    return _medians(runs)


def _medians(
    runs: dict[str, list[tuple[float, float]]],
) -> tuple[dict[str, float], dict[str, float]]:
    wall = {name: statistics.median(r[0] for r in values) for name, values in runs.items()}
    cpu = {name: statistics.median(r[1] for r in values) for name, values in runs.items()}
    return wall, cpu


def _peak_rss_mib(command: list[str], env: dict[str, str]) -> float:
    process = subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, command
    return usage.ru_maxrss / 1024  # kilobytes on Linux


def _interleaved(
    cases: dict[str, list[str]],
    env_for: dict[str, dict[str, str]],
    rounds: int,
    after: dict[str, Callable[[], None]] | None = None,
) -> tuple[dict[str, float], dict[str, float]]:
    """Median wall-clock and CPU seconds of each case, the cases taking turns; ``after[name]``
    (untimed) puts things back after each run."""
    after = after or {}
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    for name, command in cases.items():  # warm-up: caches, bytecode, disk, the session index
        _run(command, env_for[name])
        after.get(name, lambda: None)()
    for _ in range(rounds):
        for name, command in cases.items():
            runs[name].append(_run(command, env_for[name]))
            after.get(name, lambda: None)()
    return _medians(runs)


def _many_guides(folder: Path, count: int) -> None:
    template = textwrap.dedent(
        """\
        id: {id}
        category: app
        title: {{zh: 自定义指南 {n}, en: Custom guide {n}}}
        summary: {{zh: 第 {n} 个自定义指南, en: Custom guide number {n}}}
        keywords: {{zh: [自定义{n}, 测试], en: [custom{n}, test]}}
        start: ask
        steps:
          - id: ask
            type: confirm
            text: {{zh: 好了吗？, en: "Fine?"}}
            on_yes: fine
            on_no: try-it
          - id: try-it
            type: action
            text: {{zh: 重启一下。, en: Restart it.}}
            next: escalate
          - id: fine
            type: end
            outcome: resolved
            text: {{zh: 好的。, en: Good.}}
          - id: escalate
            type: end
            outcome: escalate
            text: {{zh: 请联系客服。, en: Contact support.}}
        """
    )
    folder.mkdir()
    for n in range(count):
        guide_id = f"custom-{n:04d}"
        (folder / f"{guide_id}.yaml").write_text(
            template.format(id=guide_id, n=n), encoding="utf-8"
        )


HISTORY_ANSWERS = textwrap.dedent(
    """\
    bank-remark: "no"
    bank-sent: "yes"
    check-record: "no"
    when: 2 hours ago
    amount: 120.5 元
    txn: TX2026112000001
    account: "13800138000"
    description: 充值两小时还没到账
    """
)


def engine_rate(steps: int = 200, seconds: float = 1.0) -> float:
    """Transitions per second walking (and stepping back through) a long chain of steps."""
    from okhelp.authoring.loader import parse_guide
    from okhelp.domain.engine import Engine

    body = [
        "id: chain",
        "category: app",
        "title: {zh: 长, en: Long}",
        "summary: {zh: 长, en: Long}",
        "start: s0",
        "steps:",
    ]
    for n in range(steps - 1):
        kind = ("confirm", "action", "choice")[n % 3]
        body += [f"  - id: s{n}", f"    type: {kind}", "    text: {zh: 问, en: Ask}"]
        if kind == "confirm":
            body += [f"    on_yes: s{n + 1}", f"    on_no: s{n + 1}"]
        elif kind == "action":
            body += [f"    next: s{n + 1}"]
        else:
            body += [
                "    choices:",
                f"      - {{id: a, label: {{zh: 甲, en: A}}, next: s{n + 1}}}",
                f"      - {{id: b, label: {{zh: 乙, en: B}}, next: s{n + 1}}}",
            ]
    body += [
        f"  - id: s{steps - 1}",
        "    type: end",
        "    outcome: resolved",
        "    text: {zh: 完, en: Done}",
    ]
    guide = parse_guide("\n".join(body).encode(), "chain.yaml", expected_id="chain")
    engine = Engine({"chain": guide}, "chain")
    answers = {"confirm": True, "action": False, "choice": "a"}
    transitions = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        state = engine.start()
        while not state.done:
            state = engine.answer(state, answers[engine.step(state).type])
            transitions += 1
        while state.trail:
            state = engine.back(state)
            transitions += 1
    return transitions / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="timed rounds per case (median)")
    parser.add_argument("--guides", type=int, default=2000, help="custom guides for the scale test")
    args = parser.parse_args()
    python = sys.executable
    results: dict[str, object] = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        (work / "bare.py").write_text(BARE_APP, encoding="utf-8")
        (work / "answers.yaml").write_text(ANSWERS, encoding="utf-8")
        base_env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("OKHELP_") and k != "PYTHONDONTWRITEBYTECODE"
        }
        base_env.update(
            OKHELP_HOME=str(work / "home"),
            OKHELP_LANG="zh",
            TZ="Asia/Shanghai",
            XDG_CONFIG_HOME=str(work / "no-config"),
        )
        okhelp = [python, "-m", "okhelp"]
        started = subprocess.run(
            [*okhelp, "start", "top-up"], env=base_env, capture_output=True, text=True, check=True
        )
        session_id = json.loads(started.stdout)["session_id"]
        cases = {
            "bare typer app": [python, str(work / "bare.py"), "hello"],
            "bare typer app --version": [python, str(work / "bare.py"), "--version"],
            "okhelp --version": [*okhelp, "--version"],
            "okhelp guides list": [*okhelp, "guides", "list"],
            "okhelp guide top-up --answers (escalation)": [
                *okhelp,
                "guide",
                "top-up",
                "--answers",
                str(work / "answers.yaml"),
            ],
            "okhelp start top-up (step protocol)": [*okhelp, "start", "top-up"],
            "okhelp answer ID (step protocol, the question again)": [
                *okhelp,
                "answer",
                session_id,
            ],
            "import okhelp.frontends.mcp (the MCP SDK, okhelp mcp only)": [
                python,
                "-c",
                "import okhelp.frontends.mcp",
            ],
        }
        startup, startup_cpu = _interleaved(cases, dict.fromkeys(cases, base_env), args.rounds)
        floor = startup["bare typer app"]
        goals = {
            "okhelp --version": 1.2,
            "okhelp guides list": 1.5,
            "okhelp guide top-up --answers (escalation)": 2.0,
            "okhelp start top-up (step protocol)": 2.0,
            "okhelp answer ID (step protocol, the question again)": 2.0,
        }
        results["mcp_import"] = {
            "seconds": round(
                startup["import okhelp.frontends.mcp (the MCP SDK, okhelp mcp only)"], 4
            ),
            "ratio": round(
                startup["import okhelp.frontends.mcp (the MCP SDK, okhelp mcp only)"] / floor, 2
            ),
        }
        # --version is held to the bare app's own --version, everything else to its command.
        floors = dict.fromkeys(goals, "bare typer app")
        floors["okhelp --version"] = "bare typer app --version"
        results["startup"] = {
            name: {
                "seconds": round(startup[name], 4),
                "ratio": round(startup[name] / startup[floors[name]], 2),
                "cpu_ratio": round(startup_cpu[name] / startup_cpu[floors[name]], 2),
                "goal": goals[name],
            }
            for name in goals
        }
        results["startup_floor_seconds"] = round(floor, 4)
        results["startup_version_floor_seconds"] = round(startup["bare typer app --version"], 4)
        menu, menu_cpu = first_menu(python, work, base_env, args.rounds)
        results["first_menu"] = {
            "seconds": round(menu["okhelp"], 4),
            "floor_seconds": round(menu["bare"], 4),
            "ratio": round(menu["okhelp"] / menu["bare"], 2),
            "cpu_ratio": round(menu_cpu["okhelp"] / menu_cpu["bare"], 2),
            "goal": 1.3,
        }

        _many_guides(work / "custom", args.guides)
        custom_env = {**base_env, "OKHELP_GUIDES_PATH": str(work / "custom")}
        scale_cases = {
            "list, built-in only": [*okhelp, "guides", "list", "--format", "json"],
            "list, with custom": [*okhelp, "guides", "list", "--format", "json"],
            "search, built-in only": [*okhelp, "guides", "search", "充值两个小时了还没到账"],
            "search, with custom": [*okhelp, "guides", "search", "充值两个小时了还没到账"],
        }
        env_for = {name: custom_env if "custom" in name else base_env for name in scale_cases}
        scale, _ = _interleaved(scale_cases, env_for, max(5, args.rounds // 3))
        results["scale"] = {
            "guides": args.guides,
            "list": {
                "ratio": round(scale["list, with custom"] / scale["list, built-in only"], 2),
                "goal": 3.0,
                "seconds": round(scale["list, with custom"], 3),
            },
            "search": {
                "ratio": round(scale["search, with custom"] / scale["search, built-in only"], 2),
                "goal": 3.0,
                "seconds": round(scale["search, with custom"], 3),
            },
        }
        rss = max(
            _peak_rss_mib(cases["okhelp guide top-up --answers (escalation)"], base_env)
            for _ in range(3)
        )
        results["memory"] = {"escalation_peak_rss_mib": round(rss, 1), "goal": 80}
    rate = engine_rate()
    results["engine"] = {"transitions_per_second": round(rate), "goal": 10_000, "steps": 200}

    (HERE / "results.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"{results['date']} · {results['machine']} · Python {results['python']}\n")
    print("| measure | result | goal | met |\n|---|---|---|---|")
    for name, item in results["startup"].items():  # type: ignore[attr-defined]
        floor_name = "its --version" if name == "okhelp --version" else "the bare typer app"
        print(
            f"| start-up: {name} | {item['ratio']}x {floor_name} (CPU {item['cpu_ratio']}x) | ≤ {item['goal']}x | {'yes' if item['ratio'] <= item['goal'] else 'NO'} |"
        )
    menu = results["first_menu"]  # type: ignore[index]
    print(
        f"| first screen: okhelp troubleshoot TEXT to its menu, in a pty | {menu['ratio']}x typer + one questionary select ({menu['seconds']} s / {menu['floor_seconds']} s; CPU {menu['cpu_ratio']}x) | ≤ 1.3x | {'yes' if menu['ratio'] <= 1.3 else 'NO'} |"
    )
    for name in ("list", "search"):
        item = results["scale"][name]  # type: ignore[index]
        print(
            f"| scale: guides {name} with {args.guides} custom guides | {item['ratio']}x built-ins only | ≤ 3x | {'yes' if item['ratio'] <= 3 else 'NO'} |"
        )
    mcp = results["mcp_import"]  # type: ignore[index]
    print(
        f"| start-up: import of the MCP server (okhelp mcp only) | {mcp['ratio']}x the bare typer app ({mcp['seconds']} s) | (informative) | - |"
    )
    mem = results["memory"]["escalation_peak_rss_mib"]  # type: ignore[index]
    print(
        f"| memory: peak RSS of an escalation run | {mem} MiB | ≤ 80 MiB | {'yes' if mem <= 80 else 'NO'} |"
    )
    print(
        f"| engine: transitions per second, 200-step guide | {round(rate):,} | ≥ 10,000 | {'yes' if rate >= 10_000 else 'NO'} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

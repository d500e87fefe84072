"""What the learned routing model costs: reading it, ranking with it, and a whole search command.

Run from a checkout, with the environment okhelp is installed in:
    python benchmarks/routing.py [--rounds 20]

In one process: the median time to read okhelp/library/routing_model.json and build the model
(what the first ranking of a run pays, once), and the mean time of one ranking over every
labelled description under tests/data, with the shipped model and with BM25 alone (model=None).
As commands: `okhelp guides search TEXT` against `okhelp guides list`, which reads the same
guides and never loads the model, taking turns round by round (medians, wall and CPU), and the
peak memory of each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import _interleaved, _peak_rss_mib  # noqa: E402
from okhelp.library import learned  # noqa: E402
from okhelp.library.catalog import load_catalog  # noqa: E402
from okhelp.library.search import Index  # noqa: E402
from tools.train_routing import labelled_files, read_labelled  # noqa: E402

SEARCH_TEXT = "付款失败了但是钱被扣了 什么时候退回来"


def model_load_ms(rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        text = resources.files("okhelp.library").joinpath(learned.MODEL_FILE).read_text("utf-8")
        learned.Model.from_json(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def ranking_ms(index: Index, texts: list[str]) -> float:
    index.rank(texts[0], 3)  # the model is read on the first ranking
    start = time.perf_counter()
    for text in texts:
        index.rank(text, 3)
    return (time.perf_counter() - start) / len(texts) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    guides = list(load_catalog({}).guides.values())
    texts = [text for path in labelled_files() for text, _ in read_labelled(path)]
    model_file = resources.files("okhelp.library").joinpath(learned.MODEL_FILE)
    print(f"model file: {len(model_file.read_bytes()) / 1024:.0f} KiB")
    print(f"reading the model: {model_load_ms(rounds):.1f} ms (median of {rounds})")
    with_model = ranking_ms(Index(guides), texts)
    alone = ranking_ms(Index(guides, model=None), texts)
    print(
        f"one ranking, mean of {len(texts)}: {with_model:.2f} ms with the model, "
        f"{alone:.2f} ms BM25 alone"
    )
    with tempfile.TemporaryDirectory() as home:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"OKHELP_HOME": home, "OKHELP_LANG": "zh", "NO_COLOR": "1"}
        python = sys.executable
        cases = {
            "guides list": [python, "-m", "okhelp", "guides", "list"],
            "guides search": [python, "-m", "okhelp", "guides", "search", SEARCH_TEXT],
        }
        wall, cpu = _interleaved(cases, dict.fromkeys(cases, env), rounds)
        for name, command in cases.items():
            rss = _peak_rss_mib(command, env)
            print(
                f"okhelp {name}: {wall[name]:.3f} s wall, {cpu[name]:.3f} s CPU, {rss:.0f} MiB peak"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

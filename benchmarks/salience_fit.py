"""Choose the salience weights on one group of labelled sets and check them on another.

Run: ``python benchmarks/salience_fit.py [--rounds N]`` from the repository root.

Group A (chosen on): tests/data/articles.jsonl, written_blind.jsonl and the odd-numbered fresh sets
(benchmarks/data/fresh1, fresh3, ...). Group B (checked on): written_blind_2.jsonl and the even-numbered
fresh sets. Every set written from now on joins its group by its number.
Coordinate search: each weight in turn takes the value from its grid that gives group A the best
micro-averaged entity F1 (the scoring of benchmarks/summarise.py), ties kept at the current value.
Prints group A and group B F1 for the weights in bot/core/salience.py and for the weights found, and
the weights found, as JSON lines. The weights found are not written anywhere: copy them into
bot/core/salience.py only if group B does not get worse.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.summarise import f1_on, load  # noqa: E402
from bot.config import load_config  # noqa: E402
from bot.core import salience as sal  # noqa: E402
from bot.core.entities import Gazetteer  # noqa: E402

_FRESH = sorted((ROOT / "benchmarks" / "data").glob("fresh*.jsonl"), key=lambda p: int(p.stem[len("fresh"):]))
GROUP_A = ("tests/data/articles.jsonl", "benchmarks/data/written_blind.jsonl",
           *(str(p.relative_to(ROOT)) for p in _FRESH if int(p.stem[len("fresh"):]) % 2))
GROUP_B = ("benchmarks/data/written_blind_2.jsonl",
           *(str(p.relative_to(ROOT)) for p in _FRESH if not int(p.stem[len("fresh"):]) % 2))
KIND_GRID = (0.3, 0.45, 0.6, 0.7, 0.8, 1.0, 1.2)
GRID = {
    "title": (1.5, 2.0, 3.0, 4.0, 5.0),
    "early": (0.0, 1.0, 2.0, 3.0, 4.0),
    "lead": (0.0, 0.5, 1.0, 1.5, 2.0),
    "count_cap": (2, 3, 5, 8),
    "place_count_cap": (1, 2, 3),
    "passing": (0.3, 0.5, 0.7, 1.0),
}


def f1(weights: sal.Weights, articles: list[dict], gazetteer: Gazetteer) -> float:
    sal.WEIGHTS = weights
    return f1_on(articles, gazetteer)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    gazetteer = Gazetteer(load_config(ROOT / "config" / "feeds.toml").entities)
    group_a = [a for p in GROUP_A for a in load(ROOT / p)]
    group_b = [a for p in GROUP_B for a in load(ROOT / p)]
    start = sal.WEIGHTS
    best, best_f1 = start, f1(start, group_a, gazetteer)
    print(json.dumps({"weights": "current", "group_a_f1": round(best_f1, 4),
                      "group_b_f1": round(f1(start, group_b, gazetteer), 4)}), flush=True)
    for _ in range(args.rounds):
        for kind in sorted(best.kind):
            for value in KIND_GRID:
                trial = dataclasses.replace(best, kind={**best.kind, kind: value})
                score = f1(trial, group_a, gazetteer)
                if score > best_f1 + 1e-9:
                    best, best_f1 = trial, score
        for name, grid in GRID.items():
            for value in grid:
                trial = dataclasses.replace(best, **{name: value})
                score = f1(trial, group_a, gazetteer)
                if score > best_f1 + 1e-9:
                    best, best_f1 = trial, score
        print(json.dumps({"weights": dataclasses.asdict(best), "group_a_f1": round(best_f1, 4)}), flush=True)
    print(json.dumps({"weights": "found", "group_a_f1": round(best_f1, 4),
                      "group_b_f1": round(f1(best, group_b, gazetteer), 4)}))


if __name__ == "__main__":
    main()

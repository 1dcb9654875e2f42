"""Ingestion CPU: 1,000 feeds of 50 entries on a local server in another process, two cycles.

Cycle 1 primes every feed (fetch, parse, dedup, store). Between cycles the server changes 10% of
the feeds; cycle 2 polls all of them again: 900 answer 304 to the conditional GET, 100 carry five
new entries. Summarising is excluded (it has its own benchmark): the summariser here only returns
the title. The baseline, measured in the same run, is feedparser alone on the changed bodies.

    python benchmarks/ingest.py [--feeds 1000] [--entries 50]

Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import feedparser  # noqa: E402
import httpx  # noqa: E402

from bot.config import parse_config  # noqa: E402
from bot.fetch import make_client  # noqa: E402
from bot.pipeline import Service  # noqa: E402
from bot.store import Store  # noqa: E402
from bot.types import FeedConfig, Summary  # noqa: E402

CONCURRENCY = 16


def title_only(title: str, body: str, gazetteer) -> Summary:
    return Summary(headline=title, language="en", entities=())


async def poll_all(svc: Service, feeds: list[FeedConfig]) -> list:
    sem = asyncio.Semaphore(CONCURRENCY)

    async def one(feed: FeedConfig):
        async with sem:
            return await svc.poll(feed)

    return await asyncio.gather(*(one(f) for f in feeds))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def run(n_feeds: int, n_entries: int) -> dict:
    server = subprocess.Popen([sys.executable, str(Path(__file__).with_name("_feedserver.py")), str(n_feeds),
                               str(n_entries)], stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline())
        base = f"http://127.0.0.1:{port}"
        feeds = [FeedConfig(f"feed {i}", f"{base}/feed/{i}", 600) for i in range(n_feeds)]
        config = parse_config({"bot": {"admins": []}})
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(str(Path(tmp) / "bench.db"))
            from dataclasses import replace

            svc = Service(replace(config, feeds=tuple(feeds)), store, make_client(max_connections=CONCURRENCY * 2),
                          summariser=title_only)
            wall = time.perf_counter()
            cpu = time.process_time()
            first = await poll_all(svc, feeds)
            cycle1_cpu = time.process_time() - cpu
            cycle1_wall = time.perf_counter() - wall
            assert all(r.status == "primed" for r in first), {r.status for r in first}

            httpx.get(f"{base}/_next-cycle")
            changed = [f for i, f in enumerate(feeds) if i % 10 == 0]
            unchanged = [f for i, f in enumerate(feeds) if i % 10 != 0]
            cpu = time.process_time()
            res_u = await poll_all(svc, unchanged)
            unchanged_cpu = time.process_time() - cpu
            cpu = time.process_time()
            res_c = await poll_all(svc, changed)
            changed_cpu = time.process_time() - cpu
            assert all(r.status == "unchanged" for r in res_u)
            assert all(r.status == "new" and r.new == 5 for r in res_c), {(r.status, r.new) for r in res_c}
            await svc.client.aclose()
            store.close()

        bodies = [httpx.get(f.url).content for f in changed]
        cpu = time.process_time()
        for body in bodies:
            feedparser.parse(body)
        bare = time.process_time() - cpu
    finally:
        server.terminate()
        server.wait()
    cycle2 = unchanged_cpu + changed_cpu
    return {
        "feeds": n_feeds,
        "entries_per_feed": n_entries,
        "cycle1_cpu_s": round(cycle1_cpu, 3),
        "cycle1_wall_s": round(cycle1_wall, 3),
        "cycle2_cpu_s": round(cycle2, 3),
        "cpu_ms_per_unchanged_feed": round(unchanged_cpu / len(unchanged) * 1000, 3),
        "cpu_ms_per_changed_feed": round(changed_cpu / len(changed) * 1000, 3),
        "bare_parse_cpu_s": round(bare, 3),
        "ratio": round(cycle2 / bare, 3),
        "peak_rss_mb": round(rss_mb(), 1),
        "feeds_per_core_at_10min": int(600 / (cycle2 / n_feeds)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=50)
    args = parser.parse_args()
    result = asyncio.run(run(args.feeds, args.entries))
    print(f"{'figure':<28}{'value':>14}")
    for key, value in result.items():
        print(f"{key:<28}{value:>14}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()

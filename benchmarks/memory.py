"""Peak memory of the running bot: the real application over real HTTP, as a ratio to a bare baseline.

Run: ``python benchmarks/memory.py [--chats N]`` from the repository root.

Two child processes, each measured by its own peak resident set (``ru_maxrss``):
- ``bot``: the real python-telegram-bot application (``bot.app.build_application`` / ``serve``)
  against the local Bot API emulator, polling one feed from the local feed server. ``--chats``
  subscribers (301 by default) each follow something: a few follow the dev set's terms and topics,
  the rest their own rare words, so the follow index is real but alerts stay few. The feed is primed
  empty, then publishes every labelled article in ``tests/data`` and ``benchmarks/data`` (six
  languages and more), so every language's data the bot loads is loaded; the run ends when every item
  is processed and no alert is pending.
- ``baseline``: the same harness (emulator, feed server, the application's imports) with no bot
  running and no article read: what any PTB bot with this test harness costs.
``ratio`` = bot peak / baseline peak. The JSON line also gives both peaks in MB; the goal is a bot
peak under 350 MB. The bot starts with an empty lemma cache, as on a new machine: it builds the lemma
tries it needs in child processes (``bot/lemma_tables.py``), whose largest peak is
``lemma_builder_peak_mb`` (transient, outside the bot; ``lemma_tables_built`` counts them).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.lemma_tables import CACHE_ENV  # noqa: E402

TOKEN = "777:memory-benchmark-token"
TERMS = ["alibaba", "apple", "tencent", "huawei", "alipay", "apple pay", "wechat pay", "jack ma", "paypal", "xiaomi",
         "mobile payments", "chinese tech"]
TIMEOUT = 600.0


def _articles() -> list[dict]:
    out = []
    for path in [ROOT / "tests" / "data" / "articles.jsonl", *sorted((ROOT / "benchmarks" / "data").glob("*.jsonl"))]:
        with path.open(encoding="utf-8") as fh:
            out += [json.loads(line) for line in fh if line.strip()]
    return out


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _status_mb() -> dict[str, float]:
    """Resident memory by kind at this moment (Linux): anonymous (the process's own objects) and file
    pages (shared libraries and the memory-mapped lemma tries: page cache, shared, reclaimable)."""
    try:
        lines = Path("/proc/self/status").read_text().splitlines()
    except OSError:
        return {}
    return {k: round(int(v.split()[0]) / 1024, 1) for k, v in (line.split(":", 1) for line in lines)
            if k in ("RssAnon", "RssFile")}


async def _wait(check, what: str, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        await asyncio.sleep(0.1)
    raise TimeoutError(f"memory benchmark: gave up waiting for {what}")


async def _run(mode: str, chats: int) -> dict:
    from bot.app import build_application, serve
    from bot.config import load_config
    from bot.emulator import BotAPIEmulator
    from bot.localserver import FeedServer, Item, render_rss
    from bot.store import Store
    from bot.types import FeedConfig

    articles = _articles()
    start = datetime(2026, 11, 1, tzinfo=UTC)
    items = [Item(a["title"], a["body"], f"https://news.example/{a['id']}/{n}", start + timedelta(minutes=n))
             for n, a in enumerate(articles)]
    with FeedServer() as server, BotAPIEmulator() as emu, tempfile.TemporaryDirectory() as tmp:
        server.set("/feed.xml", render_rss("Wire", server.url("/feed.xml"), []))
        if mode == "baseline":
            return {"mode": mode, "peak_mb": _peak_mb()}
        config = replace(load_config(ROOT / "config" / "feeds.toml"),
                         feeds=(FeedConfig("Wire", server.url("/feed.xml"), 1),))
        store = Store(str(Path(tmp) / "memory.db"))
        app = build_application(config, store, TOKEN, base_url=emu.base_url)
        stop = asyncio.Event()
        runner = asyncio.create_task(serve(app, stop))
        started = time.monotonic()
        try:
            for user in range(1, chats + 1):
                term = TERMS[user % len(TERMS)] if user % 25 == 0 else f"zorblat{user}"
                emu.inject_message(f"/follow {term}", user_id=user)
            await _wait(lambda: all(emu.sent_messages(u) for u in (1, chats)), "the follow replies")
            await _wait(lambda: store.stats()["feeds_primed"] == 1, "the first poll")
            server.set("/feed.xml", render_rss("Wire", server.url("/feed.xml"), items))
            await _wait(lambda: store.stats()["feeds_with_news"] == 1 and store.stats()["pending"] == 0,
                        "the articles to be processed")
            alerts = store.stats()["sent"]
        finally:
            stop.set()
            await runner
        children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        status = _status_mb()
        return {"mode": mode, "peak_mb": _peak_mb(), "articles": len(items), "chats": chats,
                "alerts": alerts, "seconds": round(time.monotonic() - started, 1),
                "lemma_builder_peak_mb": round(children_mb, 1),
                "lemma_tables_built": len(list(Path(os.environ[CACHE_ENV]).glob("lemmas/*/*.marisa"))),
                "end_rss_anon_mb": status.get("RssAnon"), "end_rss_file_mb": status.get("RssFile")}


def _child(mode: str, chats: int) -> dict:
    # A cold lemma cache: the bot builds the tries it needs during the run, in children of its own.
    with tempfile.TemporaryDirectory(prefix="newsbell-memory-cache-") as cache:
        out = subprocess.run([sys.executable, __file__, "--child", mode, "--chats", str(chats)], cwd=ROOT,
                             capture_output=True, text=True, check=True, env={**os.environ, CACHE_ENV: cache})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chats", type=int, default=301)
    ap.add_argument("--child", choices=("bot", "baseline"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(_run(args.child, args.chats))))
        return
    baseline = _child("baseline", args.chats)
    bot = _child("bot", args.chats)
    print(f"{'process':10} {'peak MB':>8}")
    print(f"{'baseline':10} {baseline['peak_mb']:8.1f}   (emulator, feed server, PTB imports; no bot running)")
    print(f"{'bot':10} {bot['peak_mb']:8.1f}   ({bot['chats']} chats, {bot['articles']} articles, "
          f"{bot['alerts']} alerts, {bot['seconds']} s)")
    print(json.dumps({"bot_peak_mb": round(bot["peak_mb"], 1), "baseline_peak_mb": round(baseline["peak_mb"], 1),
                      "ratio": round(bot["peak_mb"] / baseline["peak_mb"], 2), "chats": bot["chats"],
                      "articles": bot["articles"], "alerts": bot["alerts"],
                      "lemma_builder_peak_mb": bot["lemma_builder_peak_mb"],
                      "lemma_tables_built": bot["lemma_tables_built"],
                      "end_rss_anon_mb": bot["end_rss_anon_mb"], "end_rss_file_mb": bot["end_rss_file_mb"],
                      "baseline": "same harness and imports, no bot running"}))


if __name__ == "__main__":
    main()

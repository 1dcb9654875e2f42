"""Delivery at Telegram's limits: 10,000 alerts to 2,000 chats through the real bot.

The Bot API emulator runs here and enforces Telegram's limits the way Telegram does (429 with
retry_after past 30 messages in any one-second window, past a short burst then one a second per
private chat, past 20 a minute per group). The bot runs as its own process (`python -m bot run`), as
it would against Telegram, with the alerts already queued in its database. The limit is the
physical ceiling, so the figure of merit is the achieved rate as a ratio of it, with no 429.

    python benchmarks/deliver.py [--alerts 10000] [--chats 2000] [--groups 200]

Prints a table, then one JSON line: messages, seconds, rate, limit, ratio, http_429,
per_chat_violations, lost, duplicates, first_alert_p95_s, peak_rss_mb, and more.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.text import fold  # noqa: E402
from bot.emulator import BotAPIEmulator, RateLimits  # noqa: E402
from bot.store import Store  # noqa: E402
from bot.types import FeedConfig, Reason, Summary  # noqa: E402

TOKEN = "4242:deliver-benchmark"
FEED = FeedConfig("Bench Wire", "https://bench.example/rss", 600)
HREF = re.compile(r'href="(https://bench\.example/a/\d+)"')


def queue_alerts(db_path: str, alerts: int, chats: int, groups: int, seed: int = 7) -> dict[int, set[str]]:
    """Queue ``alerts`` deliveries over ``chats`` chats (the last ``groups`` of them groups) as polls do.
    Each article reaches 20 chats chosen at random, so chats get a Poisson-like number of alerts."""
    rng = random.Random(seed)
    store = Store(db_path)
    store.sync_feeds((FEED,))
    feed_id = store.feed_state(FEED.url)["id"]
    now = datetime.now(UTC)
    chat_ids = [1_000_000 + i for i in range(chats - groups)] + [-1_000_000_000_000 - i for i in range(groups)]
    for cid in chat_ids:
        store.upsert_chat(cid, "group" if cid < 0 else "private", f"chat {cid}", now)
    per_article = 20
    expected: dict[int, set[str]] = defaultdict(set)
    for start in range(0, alerts // per_article, 50):
        articles, deliveries = [], []
        for n in range(start, min(start + 50, alerts // per_article)):
            link = f"https://bench.example/a/{n}"
            title = f"Benchmark story {n}: markets move on new payment rules"
            articles.append({"dedup_key": f"url:{link}", "title_key": fold(title), "entry_id": str(n), "link": link,
                             "title": title, "published": now, "alerted": True,
                             "summary": Summary(headline=title, language="en", entities=("Markets",))})
            for cid in rng.sample(chat_ids, per_article):
                deliveries.append((f"url:{link}", cid, [Reason("topic", "Markets", ("markets",))]))
                expected[cid].add(link)
        store.save_poll(feed_id, now, now, None, None, None, articles, [], deliveries)
    store.close()
    return expected


def peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument("--chats", type=int, default=2_000)
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=1200.0)
    args = parser.parse_args()

    limits = RateLimits()
    with tempfile.TemporaryDirectory() as tmp, BotAPIEmulator(rate_limits=limits) as emu:
        db = str(Path(tmp) / "bench.db")
        expected = queue_alerts(db, args.alerts, args.chats, args.groups)
        n_alerts = sum(len(v) for v in expected.values())
        cfg = Path(tmp) / "feeds.toml"
        cfg.write_text("[bot]\nadmins = []\n")
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": emu.base_url,
               "BOT_CONFIG": str(cfg), "BOT_DB": db}
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        rss = float("nan")
        try:
            while time.monotonic() - started < args.timeout:
                time.sleep(1.0)
                if proc.poll() is not None:
                    raise SystemExit(f"the bot exited early: {proc.stderr.read()[-2000:]}")
                probe = Store(db)
                pending = probe.stats()["pending"]
                probe.close()
                rss = max(peak_rss_mb(proc.pid), rss) if rss == rss else peak_rss_mb(proc.pid)
                if pending == 0:
                    break
            time.sleep(1.0)  # sends in flight finish and are recorded
            rss = peak_rss_mb(proc.pid)
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()

        calls = [c for c in emu.calls("sendMessage")]
        ok = [c for c in calls if c["ok"]]
        got: dict[int, Counter] = defaultdict(Counter)
        first_at: dict[int, float] = {}
        for c in ok:
            cid = int(c["params"]["chat_id"])
            for link in HREF.findall(c["params"].get("text", "")):
                got[cid][link] += 1
            first_at.setdefault(cid, c["time"])
        lost = sum(len(links - set(got[cid])) for cid, links in expected.items())
        duplicates = sum(n - 1 for counter in got.values() for n in counter.values() if n > 1)
        t0 = ok[0]["time"] if ok else 0.0
        t1 = ok[-1]["time"] if ok else 0.0
        seconds = max(t1 - t0, 1e-9)
        rate = (len(ok) - 1) / seconds if len(ok) > 1 else 0.0
        times = [c["time"] for c in ok]
        spans = sorted(times[i + limits.global_per_second] - times[i] for i in range(len(times) - limits.global_per_second))
        steady = times[len(times) // 20: len(times) - len(times) // 20]
        steady_rate = (len(steady) - 1) / (steady[-1] - steady[0]) if len(steady) > 1 else 0.0
        firsts = sorted(first_at.get(cid, float("inf")) - t0 for cid in expected)
        p95 = firsts[int(0.95 * (len(firsts) - 1))] if firsts else float("nan")
        p50 = firsts[len(firsts) // 2] if firsts else float("nan")
        final = Store(db)
        stats = final.stats()
        by_kind = dict(Counter(r["sent_as"] for r in final.db.query("SELECT sent_as FROM deliveries WHERE status = 'sent'")))
        final.close()
        result = {
            "alerts": n_alerts, "chats": len(expected), "messages": len(ok), "seconds": round(seconds, 2),
            "rate": round(rate, 2), "limit": limits.global_per_second,
            "ratio": round(rate / limits.global_per_second, 4),
            "http_429": emu.http_429, "per_chat_violations": sum(emu.chat_violations().values()),
            "max_global_window": emu.max_global_window(), "lost": lost, "duplicates": duplicates,
            # how long 31 consecutive messages took (at least 1 s by the rule); the median shows the overhead
            "span31_p50_s": round(spans[len(spans) // 2], 4) if spans else None,
            "steady_ratio": round(steady_rate / limits.global_per_second, 4),
            "first_alert_p50_s": round(p50, 2), "first_alert_p95_s": round(p95, 2),
            "sent_as": by_kind, "failed": stats["failed"], "pending": stats["pending"],
            "peak_rss_mb": round(rss, 1), "startup_s": round(t0 - started if ok else 0.0, 2),
        }
    rows = [("alerts queued", n_alerts), ("messages sent", result["messages"]), ("seconds", result["seconds"]),
            ("rate (msg/s)", result["rate"]), ("Telegram's limit", result["limit"]), ("ratio", result["ratio"]),
            ("429 answers", result["http_429"]), ("per-chat violations", result["per_chat_violations"]),
            ("busiest second", result["max_global_window"]), ("lost", lost), ("duplicates", duplicates),
            ("first alert p50 / p95 (s)", f"{result['first_alert_p50_s']} / {result['first_alert_p95_s']}"),
            ("sent as", by_kind), ("bot peak RSS (MB)", result["peak_rss_mb"])]
    for name, value in rows:
        print(f"{name:<28} {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""Three workers on one PostgreSQL database and the Bot API emulator: 5,000 alerts, each delivered,
the global rate never exceeded; a worker killed with SIGKILL changes nothing, and when the worker
that sends is killed another takes over within seconds."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime

import bot.sender
from bot.emulator import BotAPIEmulator, RateLimits
from bot.store import Store
from bot.types import FeedConfig, Reason, Summary
from tests.conftest import ROOT
from tests.delivery_helpers import delivered, wait

TOKEN = "6262:workers-test-token"
FEED = FeedConfig("Workers Wire", "https://workers.example/rss", 600)
HREF = re.compile(r'href="(https://workers\.example/\d+)"')
LIMIT = 150  # messages a second, for the bot's pacer and the emulator alike: Telegram's shape, faster
CHATS = [4_000_000 + i for i in range(1000)]


def queue_alerts(url: str) -> set[tuple[int, str]]:
    """5,000 alerts: 1,000 articles, each to 5 chats; every chat gets 5 (no storm bundling)."""
    store = Store(url=url)
    store.sync_feeds((FEED,))
    feed_id = store.feed_state(FEED.url)["id"]
    now = datetime.now(UTC)
    for cid in CHATS:
        store.upsert_chat(cid, "private", f"chat {cid}", now)
    expected = set()
    for start in range(0, 1000, 250):
        articles, deliveries = [], []
        for n in range(start, start + 250):
            link = f"https://workers.example/{n}"
            articles.append({"dedup_key": f"url:{link}", "title_key": None, "entry_id": str(n), "link": link,
                             "title": f"Story {n}", "published": now, "alerted": True,
                             "summary": Summary(headline=f"Story {n}", language="en", entities=())})
            for k in range(5):
                cid = CHATS[(n * 5 + k) % len(CHATS)]
                deliveries.append((f"url:{link}", cid, [Reason("term", "story", ("story",))]))
                expected.add((cid, link))
        store.save_poll(feed_id, now, now, None, None, None, articles, [], deliveries)
    store.close()
    return expected


def test_three_workers_deliver_each_alert_once_within_the_limit_and_survive_kills(tmp_path, pg_url):
    expected = queue_alerts(pg_url)
    assert len(expected) == 5000
    cfg = tmp_path / "feeds.toml"
    cfg.write_text(f"[bot]\nadmins = []\n\n[delivery]\nmessages_per_second = {LIMIT}\nchat_burst = 5\n"
                   "chat_messages_per_second = 20.0\n")
    limits = RateLimits(global_per_second=LIMIT, private_burst=5, private_per_second=20.0)
    with BotAPIEmulator(rate_limits=limits) as emu:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": emu.base_url,
               "BOT_CONFIG": str(cfg), "DATABASE_URL": pg_url}
        logs = [tmp_path / f"worker{i}.log" for i in range(3)]
        workers = [subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env,
                                    stdout=subprocess.DEVNULL, stderr=log.open("w")) for log in logs]

        def holders() -> list[int]:
            return [i for i, log in enumerate(logs) if "holds the sender lease" in log.read_text()]

        try:
            wait(lambda: sum(delivered(emu, HREF).values()) >= 1200, "sending to be under way")
            assert len(holders()) == 1, "exactly one worker sends"
            first = holders()[0]
            bystander = next(i for i in range(3) if i != first)
            workers[bystander].send_signal(signal.SIGKILL)  # a worker that does not send: nothing changes
            wait(lambda: sum(delivered(emu, HREF).values()) >= 2500, "more sending")
            assert sum(n - 1 for n in delivered(emu, HREF).values()) == 0, "exactly once so far"
            workers[first].send_signal(signal.SIGKILL)
            killed_at = time.monotonic()
            before = len(emu.calls("sendMessage"))
            wait(lambda: len(emu.calls("sendMessage")) > before + 10, "another worker to take over", 30)
            takeover = time.monotonic() - killed_at
            wait(lambda: set(delivered(emu, HREF)) == expected, "every alert", 120)
        finally:
            for proc in workers:
                if proc.poll() is None:
                    proc.send_signal(signal.SIGINT)
            for proc in workers:
                try:
                    proc.wait(30)
                except subprocess.TimeoutExpired:
                    proc.kill()
        got = delivered(emu, HREF)
        assert set(got) == expected
        assert sum(n - 1 for n in got.values()) <= bot.sender.MAX_IN_FLIGHT  # the killed sender's sends in flight
        assert emu.http_429 == 0 and emu.max_global_window() <= LIMIT  # one pacer for the bot, across processes
        assert takeover < 10, takeover
        survivor = next(i for i in range(3) if i not in (first, bystander))
        assert holders() == sorted([first, survivor])  # the one left took over
    final = Store(url=pg_url)
    assert final.stats()["pending"] == 0 and final.stats()["failed"] == 0

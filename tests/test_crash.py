"""SIGKILL in the middle of a burst: every alert still arrives, and at most the sends in flight twice.

The bot runs as its own process (`python -m bot run`) against the emulator; 1,200 alerts are queued
in its database; it is killed with SIGKILL once a few hundred have gone, then started again.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime

import bot.sender
from bot.emulator import BotAPIEmulator
from bot.store import Store
from bot.types import FeedConfig, Reason, Summary
from tests.conftest import ROOT

TOKEN = "5151:crash-test-token"
FEED = FeedConfig("Crash Wire", "https://crash.example/rss", 600)
HREF = re.compile(r'href="(https://crash\.example/\d+)"')
CHATS = [3_000_000 + i for i in range(400)]


def queue_burst(db: str) -> set[tuple[int, str]]:
    """1,200 alerts: 400 articles, each to 3 chats, so every chat gets 3 (no storm bundling)."""
    store = Store(db)
    store.sync_feeds((FEED,))
    feed_id = store.feed_state(FEED.url)["id"]
    now = datetime.now(UTC)
    for cid in CHATS:
        store.upsert_chat(cid, "private", f"chat {cid}", now)
    expected = set()
    articles, deliveries = [], []
    for n in range(400):
        link = f"https://crash.example/{n}"
        articles.append({"dedup_key": f"url:{link}", "title_key": None, "entry_id": str(n), "link": link,
                         "title": f"Story {n}", "published": now, "alerted": True,
                         "summary": Summary(headline=f"Story {n}", language="en", entities=())})
        for k in range(3):
            cid = CHATS[(n * 3 + k) % len(CHATS)]
            deliveries.append((f"url:{link}", cid, [Reason("term", "story", ("story",))]))
            expected.add((cid, link))
    store.save_poll(feed_id, now, now, None, None, None, articles, [], deliveries)
    store.close()
    return expected


def start_bot(tmp_path, emu) -> subprocess.Popen:
    cfg = tmp_path / "feeds.toml"
    # Faster than Telegram allows, so the test takes seconds; the emulator here enforces nothing.
    cfg.write_text("[bot]\nadmins = []\n\n[delivery]\nmessages_per_second = 400\nchat_burst = 5\n"
                   "chat_messages_per_second = 20.0\n")
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": emu.base_url, "BOT_CONFIG": str(cfg),
           "BOT_DB": str(tmp_path / "crash.db")}
    return subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def delivered(emu) -> Counter:
    got: Counter = Counter()
    for call in emu.calls("sendMessage"):
        if call["ok"]:
            for link in HREF.findall(call["params"].get("text", "")):
                got[(int(call["params"]["chat_id"]), link)] += 1
    return got


def wait(check, what: str, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_sigkill_mid_burst_loses_nothing_and_repeats_at_most_the_sends_in_flight(tmp_path):
    db = str(tmp_path / "crash.db")
    expected = queue_burst(db)
    assert len(expected) == 1200
    with BotAPIEmulator() as emu:
        proc = start_bot(tmp_path, emu)
        try:
            wait(lambda: sum(delivered(emu).values()) >= 300, "the burst to be under way")
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
        finally:
            if proc.poll() is None:
                proc.kill()
        at_kill = sum(delivered(emu).values())
        assert at_kill < len(expected), "the kill came too late to test anything"
        proc = start_bot(tmp_path, emu)
        try:
            def done() -> bool:
                probe = Store(db)
                try:
                    return probe.stats()["pending"] == 0
                finally:
                    probe.close()

            wait(done, "the queue to empty after the restart")
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
    got = delivered(emu)
    assert set(got) == expected, f"lost: {sorted(expected - set(got))[:5]}"
    duplicates = sum(n - 1 for n in got.values())
    assert duplicates <= bot.sender.MAX_IN_FLIGHT, duplicates
    final = Store(db)
    assert final.stats()["sent"] == len(expected) and final.stats()["failed"] == 0

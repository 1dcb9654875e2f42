"""The whole path over real HTTP: a local feed server, the Bot API emulator, the real PTB application.

A, B and C subscribe; the seed article appears beside other real articles; A and C get exactly one
alert each, B nothing; a restart on the same database sends nothing again.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.app import build_application, serve
from bot.emulator import BotAPIEmulator
from bot.localserver import FeedServer, Item, render_rss
from bot.store import Store
from bot.types import FeedConfig
from tests.conftest import load_articles, seed

TOKEN = "4242:e2e-test-token"
A, B, C = 501, 502, 503
HEADLINE = "Alibaba collaborerà con Apple per i pagamenti online"
# Real articles that none of A, B or C should receive.
OTHERS = ["dev-027", "dev-030", "dev-038", "dev-019", "dev-044"]


def items() -> tuple[list[Item], list[Item]]:
    articles = {a["id"]: a for a in load_articles()}
    start = datetime(2026, 11, 1, tzinfo=UTC)
    older = [Item(articles[i]["title"], articles[i]["body"], articles[i]["source_url"], start + timedelta(hours=n))
             for n, i in enumerate(OTHERS[:2])]
    title, body = seed()
    newer = [Item(title, body, "https://news.example/it/alibaba-apple-pay", start + timedelta(days=1))]
    newer += [Item(articles[i]["title"], articles[i]["body"], articles[i]["source_url"], start + timedelta(days=1, hours=n))
              for n, i in enumerate(OTHERS[2:])]
    return older, newer


async def wait_until(check, what: str, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


async def run_bot(config, db_path, emu, until):
    """Run the real application until ``until()`` holds; return the number of sendMessage calls meanwhile."""
    store = Store(str(db_path))
    app = build_application(config, store, TOKEN, base_url=emu.base_url)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(app, stop))
    try:
        await until(store)
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)


async def test_seed_reaches_followers_exactly_once(config, tmp_path):
    older, newer = items()
    db_path = tmp_path / "newsbell.db"
    with FeedServer() as server, BotAPIEmulator() as emu:
        server.set("/wire.xml", render_rss("Wire", server.url("/wire.xml"), older))
        cfg = replace(config, feeds=(FeedConfig("Sample Wire", server.url("/wire.xml"), 1),))

        async def first_run(store):
            emu.inject_message("/follow alibaba", user_id=A)
            emu.inject_message("/follow tencent", user_id=B)
            emu.inject_message("/follow mobile payments", user_id=C)
            await wait_until(lambda: all(emu.sent_messages(u) for u in (A, B, C)), "follow replies")
            assert "Mobile payments" in emu.sent_messages(C)[0]["plain_text"]
            await wait_until(lambda: store.stats()["feeds_primed"] == 1, "the first poll")
            assert store.stats()["sent"] == 0  # what was already in the feed is history
            server.set("/wire.xml", render_rss("Wire", server.url("/wire.xml"), older + newer))
            await wait_until(lambda: store.stats()["feeds_with_news"] == 1 and store.stats()["pending"] == 0
                             and len(emu.sent_messages(A)) >= 2 and len(emu.sent_messages(C)) >= 2, "the alerts")
            await asyncio.sleep(1.5)  # another poll or two: nothing more may arrive

        await run_bot(cfg, db_path, emu, first_run)

        for user in (A, C):
            alerts = emu.sent_messages(user)[1:]
            assert len(alerts) == 1, [m["plain_text"] for m in alerts]
            alert = alerts[0]
            assert alert["parse_mode"] == "HTML"
            lines = alert["plain_text"].splitlines()
            assert lines[0] == HEADLINE
            assert f"<b>{HEADLINE}</b>" in alert["text"]
            entity_line = next(line for line in lines if "Alibaba, " in line)
            for name in ("Alibaba", "Apple", "Jack Ma"):
                assert name in [e.strip() for e in entity_line.split(" ", 1)[1].split(",")]
            assert "https://news.example/it/alibaba-apple-pay" in alert["text"]
            assert "Why:" in alert["plain_text"]
        assert "Alibaba" in emu.sent_messages(A)[1]["plain_text"].split("Why:")[1]
        assert "Mobile payments" in emu.sent_messages(C)[1]["plain_text"].split("Why:")[1]
        assert len(emu.sent_messages(B)) == 1  # only the reply to /follow

        before = len(emu.sent_messages())
        polls_before = len(server.requests)
        # A changed body makes the restarted bot parse every entry again (a 304 would prove nothing).
        unrelated = Item("Frost expected in the Alps this weekend", "Cold air arrives on Saturday.",
                         "https://news.example/weather/frost", datetime(2026, 11, 3, tzinfo=UTC))
        server.set("/wire.xml", render_rss("Wire", server.url("/wire.xml"), older + newer + [unrelated]))

        async def second_run(store):
            await wait_until(lambda: len(server.requests) >= polls_before + 3, "polls after the restart")

        await run_bot(cfg, db_path, emu, second_run)
        assert len(emu.sent_messages()) == before, "a restart sent something again"
        check = Store(str(db_path))
        assert check.stats()["articles"] == len(older) + len(newer) + 1  # the new item was read, and only it
        check.close()

"""Sending alerts through the real PTB application and the Bot API emulator.

Telegram's answers are policy: a RetryAfter pauses all sending and loses nothing, an outage never
uses up an alert's attempts, a blocked chat is deactivated while others still receive, polls never
wait for sending, and a shutdown with polls in flight takes seconds.
"""

from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime

import bot.sender
from bot.app import build_application, serve
from bot.core.summarise import summarise
from bot.emulator import BotAPIEmulator
from bot.jobs import wake_sender
from bot.localserver import FeedServer
from bot.store import Store
from bot.types import FeedConfig, Reason
from tests.ingest_helpers import items, rss

TOKEN = "77:sender-test-token"
X, Y, Z, USER = 601, 602, 603, 604
GROUP = -100777
SEED_FEED = FeedConfig("Seed Wire", "https://seed.example/rss", 60)


def now() -> datetime:
    return datetime.now(UTC)


def queue(store: Store, gazetteer, alerts: list[tuple[str, int]]) -> int:
    """Queue alerts (article key, chat id) the way a poll does: one save_poll transaction."""
    store.sync_feeds((SEED_FEED,))  # a feed outside the bot's config: never polled, its articles stay
    feed_id = store.feed_state(SEED_FEED.url)["id"]
    for _key, chat_id in alerts:
        store.upsert_chat(chat_id, "group" if chat_id < 0 else "private", f"chat {chat_id}", now())
    keys = list(dict.fromkeys(key for key, _chat in alerts))
    articles = [{"dedup_key": key, "title_key": None, "entry_id": key, "link": f"https://news.example/{key}",
                 "title": f"Story {key} about markets", "published": None, "alerted": True,
                 "summary": summarise(f"Story {key} about markets", "Markets moved today.", gazetteer)}
                for key in keys]
    deliveries = [(key, chat_id, [Reason("topic", "Markets", ("markets",))]) for key, chat_id in alerts]
    return store.save_poll(feed_id, now(), now(), None, None, None, articles, [], deliveries)


@asynccontextmanager
async def running_bot(config, store: Store, emu: BotAPIEmulator, feeds: tuple[FeedConfig, ...] = ()):
    app = build_application(replace(config, feeds=feeds, admins=()), store, TOKEN, base_url=emu.base_url)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(app, stop))
    try:
        yield app
    finally:
        stop.set()
        await asyncio.wait_for(task, 20)


async def until(check, what: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


def sends(emu: BotAPIEmulator, ok: bool | None = None) -> list[dict]:
    return [c for c in emu.calls("sendMessage") if ok is None or c["ok"] is ok]


def queued_for(store: Store, chat_id: int) -> int:
    return next(store.db.query("SELECT count(*) AS n FROM deliveries WHERE chat_id = ?", [chat_id]))["n"]


def chat_active(store: Store, chat_id: int) -> bool:
    return bool(next(store.db.query("SELECT active FROM chats WHERE id = ?", [chat_id]))["active"])


async def test_retry_after_pauses_all_sending_and_loses_nothing(config, gazetteer, tmp_path):
    store = Store(str(tmp_path / "s.db"))
    queue(store, gazetteer, [("a", X), ("b", Y)])
    with BotAPIEmulator() as emu:
        emu.fail_next("sendMessage", 429, "Too Many Requests: retry after 2", {"retry_after": 2})
        async with running_bot(config, store, emu) as app:
            await until(lambda: sends(emu, ok=False), "the 429")
            refused_at = sends(emu, ok=False)[0]["time"]
            queue(store, gazetteer, [("c", Z)])  # queued during the pause: it waits too
            wake_sender(app)
            await asyncio.sleep(0.5)
            assert sends(emu, ok=True) == [], "sent during the pause"
            await emu.await_messages(Z, 1, timeout=10)
        sent = sends(emu, ok=True)
        assert [c["params"]["chat_id"] for c in sent] == [X, Y, Z]  # the refused alert goes first
        assert all(c["time"] - refused_at >= 1.5 for c in sent), [c["time"] - refused_at for c in sent]
        assert len(sends(emu, ok=False)) == 1
    assert Store(str(tmp_path / "s.db")).stats()["sent"] == 3


async def test_an_outage_leaves_alerts_pending_until_telegram_is_back(config, gazetteer, tmp_path, monkeypatch):
    monkeypatch.setattr(bot.sender, "BACKOFF_FIRST", 0.05)
    monkeypatch.setattr(bot.sender, "BACKOFF_MAX", 0.2)
    store = Store(str(tmp_path / "s.db"))
    queue(store, gazetteer, [("a", X), ("b", Y)])
    with BotAPIEmulator() as emu:
        # PTB maps Telegram's 5xx to NetworkError; more failures than MAX_ATTEMPTS, as in a long outage.
        emu.fail_next("sendMessage", 502, "Bad Gateway", times=bot.sender.MAX_ATTEMPTS + 3)
        async with running_bot(config, store, emu):
            await until(lambda: len(sends(emu, ok=False)) == bot.sender.MAX_ATTEMPTS + 3, "the outage")
            await emu.await_messages(Y, 1, timeout=10)
        assert [c["params"]["chat_id"] for c in sends(emu, ok=True)] == [X, Y]
        assert {c["params"]["chat_id"] for c in sends(emu, ok=False)} == {X}  # the head waits, in order
    stats = Store(str(tmp_path / "s.db")).stats()
    assert (stats["sent"], stats["failed"], stats["pending"]) == (2, 0, 0)


async def test_a_blocked_chat_is_deactivated_and_others_still_receive(config, gazetteer, tmp_path):
    store = Store(str(tmp_path / "s.db"))
    queue(store, gazetteer, [("a", X), ("a", Y), ("b", X), ("b", Y)])
    with BotAPIEmulator() as emu:
        emu.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id=X)
        async with running_bot(config, store, emu):
            await emu.await_messages(Y, 2, timeout=10)
            await until(lambda: store.stats()["pending"] == 0, "the queue to empty")
        assert len([c for c in sends(emu) if c["params"]["chat_id"] == X]) == 1  # asked once, not per alert
        assert emu.sent_messages(X) == []
    reopened = Store(str(tmp_path / "s.db"))
    assert not chat_active(reopened, X) and chat_active(reopened, Y)
    assert (reopened.stats()["sent"], reopened.stats()["failed"]) == (2, 2)


async def test_a_poll_never_waits_for_sending(config, gazetteer, tmp_path):
    """A group's backlog sends at 20 a minute; meanwhile another feed is polled and queues alerts."""
    store = Store(str(tmp_path / "s.db"))
    queue(store, gazetteer, [(f"g{i}", GROUP) for i in range(30)])
    with FeedServer() as server, BotAPIEmulator() as emu:
        server.set("/b", rss([]))
        feed = FeedConfig("Markets Wire", server.url("/b"), 1)
        async with running_bot(config, store, emu, feeds=(feed,)):
            emu.inject_message("/follow markets", user_id=USER)
            await emu.await_messages(USER, 1)
            await until(lambda: store.feed_state(feed.url)["primed"], "the first poll")
            server.set("/b", rss(items(2)))
            await until(lambda: queued_for(store, USER) == 2, "the poll that queues alerts")
            polls = sum(1 for p, _h in server.requests if p == "/b")
            await until(lambda: sum(1 for p, _h in server.requests if p == "/b") >= polls + 2, "the next polls", 6)
            assert len(emu.sent_messages(GROUP)) < 30, "the backlog should still be sending"


async def test_shutdown_with_polls_in_flight_takes_seconds(config, tmp_path):
    with FeedServer() as server, BotAPIEmulator() as emu:
        feeds = []
        for i in range(40):
            server.set(f"/s{i}", rss(items(1)), stall=30)
            feeds.append(FeedConfig(f"S{i}", server.url(f"/s{i}"), 60))
        store = Store(str(tmp_path / "s.db"))
        app = build_application(replace(config, feeds=tuple(feeds), admins=()), store, TOKEN, base_url=emu.base_url)
        stop = asyncio.Event()
        task = asyncio.create_task(serve(app, stop))
        await until(lambda: len(server.requests) >= 2, "polls in flight")
        dispatcher = app.bot_data["dispatcher"]
        assert len(dispatcher.in_flight) == 40  # two fetching, the rest waiting for the host's slots
        started = time.monotonic()
        stop.set()
        await asyncio.wait_for(task, 15)
        assert time.monotonic() - started < 6
        assert dispatcher.in_flight == {}
        assert len(server.requests) == 2  # no queued poll started on the way out
        reopened = Store(str(tmp_path / "s.db"))
        assert len(reopened.due_feeds(now())) == 40  # cancelled polls are simply due again
        assert all(reopened.feed_state(f.url)["consecutive_failures"] == 0 for f in feeds)

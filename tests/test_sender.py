"""Sending alerts through the real PTB application and the Bot API emulator.

Telegram's answers are policy, each tested: a 429 holds that chat only and loses nothing; a 5xx backs
off that chat, then parks the alert for /retry; blocked and vanished chats are deactivated with their
alerts dropped and counted; a migrated group takes everything along; refused HTML goes as plain text;
a closed forum topic loses its follows. Polls never wait for sending; shutdown takes seconds.
"""

from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime

import bot.jobs
import bot.outbound
import bot.sender
from bot.app import build_application, serve
from bot.core.summarise import summarise
from bot.emulator import BotAPIEmulator
from bot.notices import wake_sender
from bot.localserver import FeedServer
from bot.store import Store
from bot.types import FeedConfig, Follow, Reason
from tests.ingest_helpers import items, rss

TOKEN = "77:sender-test-token"
X, Y, Z, USER = 601, 602, 603, 604
GROUP = -100777
SEED_FEED = FeedConfig("Seed Wire", "https://seed.example/rss", 60)


def now() -> datetime:
    return datetime.now(UTC)


def queue(store: Store, gazetteer, alerts: list[tuple[str, int | tuple[int, int]]], when: datetime | None = None) -> int:
    """Queue alerts (article key, target) the way a poll does: one save_poll transaction. A target is a
    chat id or (chat id, forum topic)."""
    store.sync_feeds((SEED_FEED,))  # a feed outside the bot's config: never polled, its articles stay
    feed_id = store.feed_state(SEED_FEED.url)["id"]
    for _key, target in alerts:
        chat_id = target[0] if isinstance(target, tuple) else target
        store.upsert_chat(chat_id, "group" if chat_id < 0 else "private", f"chat {chat_id}", now())
    keys = list(dict.fromkeys(key for key, _chat in alerts))
    articles = [{"dedup_key": key, "title_key": None, "entry_id": key, "link": f"https://news.example/{key}",
                 "title": f"Story {key} about markets", "published": None, "alerted": True,
                 "summary": summarise(f"Story {key} about markets", "Markets moved today.", gazetteer)}
                for key in keys]
    deliveries = [(key, chat_id, [Reason("topic", "Markets", ("markets",))]) for key, chat_id in alerts]
    return store.save_poll(feed_id, when or now(), now(), None, None, None, articles, [], deliveries)


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


async def test_retry_after_waits_that_chat_and_loses_nothing(config, gazetteer, tmp_path):
    store = Store(str(tmp_path / "s.db"))
    queue(store, gazetteer, [("a", X), ("b", Y)])
    with BotAPIEmulator() as emu:
        emu.fail_next("sendMessage", 429, "Too Many Requests: retry after 2", {"retry_after": 2}, chat_id=X)
        async with running_bot(config, store, emu) as app:
            await until(lambda: sends(emu, ok=False), "the 429")
            refused_at = sends(emu, ok=False)[0]["time"]
            await emu.await_messages(Y, 1, timeout=10)  # another chat is not held up
            queue(store, gazetteer, [("c", X)])  # queued during the wait: it waits too, behind the refused one
            wake_sender(app)
            await emu.await_messages(X, 2, timeout=10)
        to_x = [c for c in sends(emu, ok=True) if c["params"]["chat_id"] == X]
        assert [c["params"]["text"].split("\n")[0] for c in to_x] == ["<b>Story a about markets</b>",
                                                                      "<b>Story c about markets</b>"]
        assert all(c["time"] - refused_at >= 1.9 for c in to_x), [c["time"] - refused_at for c in to_x]
        to_y = [c for c in sends(emu, ok=True) if c["params"]["chat_id"] == Y]
        assert to_y[0]["time"] - refused_at < 1.0
        assert len(sends(emu, ok=False)) == 1
    assert Store(str(tmp_path / "s.db")).stats()["sent"] == 3


async def test_a_5xx_backs_off_that_chat_only_then_parks_the_alert(config, gazetteer, tmp_path, monkeypatch):
    store = Store(str(tmp_path / "s.db"))
    queue(store, gazetteer, [("a", X), ("b", X), ("c", Y)])
    fast = bot.sender.SenderPolicy(backoff_first=0.05, backoff_max=0.2, max_attempts=3)
    monkeypatch.setattr(bot.jobs, "SenderPolicy", lambda **kw: replace(fast, **kw))
    with BotAPIEmulator() as emu:
        emu.fail_next("sendMessage", 502, "Bad Gateway", times=3, chat_id=X)
        async with running_bot(config, store, emu) as app:
            await emu.await_messages(Y, 1, timeout=10)
            assert emu.sent_messages(X) == []  # X's oldest alert holds X's queue, in order
            await until(lambda: store.stats()["failed"] == 1, "the alert to be parked")
            await emu.await_messages(X, 1, timeout=10)  # the next alert of X goes on
            y_sent = [c for c in sends(emu, ok=True) if c["params"]["chat_id"] == Y][0]["time"]
            x_failed = [c["time"] for c in sends(emu, ok=False)]
            assert y_sent < x_failed[-1]  # Y did not wait for X's retries
            total, top = store.failed_summary()
            assert total == 1 and "Bad Gateway" in top[0][0]
            assert store.retry_failed() == 1  # what /retry does
            wake_sender(app)
            await emu.await_messages(X, 2, timeout=10)
    stats = Store(str(tmp_path / "s.db")).stats()
    assert (stats["sent"], stats["failed"], stats["pending"]) == (3, 0, 0)


async def test_a_blocked_chat_is_deactivated_and_others_still_receive(config, gazetteer, tmp_path):
    store = Store(str(tmp_path / "s.db"))
    queue(store, gazetteer, [("a", X), ("a", Y), ("b", X), ("b", Y), ("a", Z)])
    with BotAPIEmulator() as emu:
        emu.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id=X)
        emu.fail_next("sendMessage", 400, "Bad Request: chat not found", chat_id=Z)
        async with running_bot(config, store, emu):
            await emu.await_messages(Y, 2, timeout=10)
            await until(lambda: store.stats()["pending"] == 0, "the queue to empty")
        assert len([c for c in sends(emu) if c["params"]["chat_id"] == X]) == 1  # asked once, not per alert
        assert emu.sent_messages(X) == [] and emu.sent_messages(Z) == []
    reopened = Store(str(tmp_path / "s.db"))
    assert not chat_active(reopened, X) and not chat_active(reopened, Z) and chat_active(reopened, Y)
    stats = reopened.stats()
    assert (stats["sent"], stats["failed"], stats["dropped"]) == (2, 0, 3)
    assert reopened.chat_settings(X)["inactive_reason"] == "Forbidden: bot was blocked by the user"


async def test_a_migrated_group_takes_its_follows_settings_and_alerts_along(config, gazetteer, tmp_path):
    store = Store(str(tmp_path / "s.db"))
    new_id = -1009990001
    queue(store, gazetteer, [("a", GROUP), ("b", GROUP)])
    store.add_follow(Follow(GROUP, "term", "markets", "markets"), now())
    store.set_chat_settings(GROUP, timezone="Europe/Rome", quiet_mode="silent")
    with BotAPIEmulator() as emu:
        emu.add_chat(new_id, "supergroup", title="chat")
        emu.fail_next("sendMessage", 400, "Bad Request: group chat was upgraded to a supergroup chat",
                      {"migrate_to_chat_id": new_id}, chat_id=GROUP)
        async with running_bot(config, store, emu):
            await emu.await_messages(new_id, 2, timeout=10)
    reopened = Store(str(tmp_path / "s.db"))
    assert [f.value for f in reopened.follows_of(new_id)] == ["markets"] and reopened.follows_of(GROUP) == []
    assert reopened.chat_settings(new_id)["timezone"] == "Europe/Rome"
    assert not chat_active(reopened, GROUP)
    assert reopened.stats()["sent"] == 2


async def test_refused_html_goes_again_as_plain_text(config, gazetteer, tmp_path):
    store = Store(str(tmp_path / "s.db"))
    queue(store, gazetteer, [("a", X)])
    with BotAPIEmulator() as emu:
        emu.fail_next("sendMessage", 400, "Bad Request: can't parse entities: Unsupported start tag", chat_id=X)
        async with running_bot(config, store, emu):
            got = await emu.await_messages(X, 1, timeout=10)
        assert "parse_mode" not in sends(emu, ok=True)[0]["params"]
        assert got[0]["plain_text"].startswith("Story a about markets")
    assert Store(str(tmp_path / "s.db")).stats()["sent"] == 1


async def test_a_closed_forum_topic_loses_its_follows_and_the_group_is_told(config, gazetteer, tmp_path):
    store = Store(str(tmp_path / "s.db"))
    topic = 77
    queue(store, gazetteer, [("a", (GROUP, topic)), ("b", (GROUP, topic)), ("c", GROUP)])
    store.add_follow(Follow(GROUP, "term", "markets", "markets", thread_id=topic), now())
    store.add_follow(Follow(GROUP, "term", "bonds", "bonds"), now())
    with BotAPIEmulator() as emu:
        emu.fail_next("sendMessage", 400, "Bad Request: TOPIC_CLOSED", chat_id=GROUP)
        async with running_bot(config, store, emu):
            # the chat-wide alert "c" and the notice arrive; the topic's alerts are dropped, not retried
            await emu.await_messages(GROUP, 2, timeout=10)
            await until(lambda: store.stats()["pending"] == 0, "the queue to empty")
        texts = [m["plain_text"] for m in emu.sent_messages(GROUP)]
        assert any("forum topic" in t and "closed or deleted" in t for t in texts)
    reopened = Store(str(tmp_path / "s.db"))
    assert reopened.follows_of(GROUP, topic) == [] and [f.value for f in reopened.follows_of(GROUP)] == ["bonds"]
    assert reopened.stats()["dropped"] == 2


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


async def test_an_absurd_retry_after_is_cut_short_and_admins_are_told(config, gazetteer, tmp_path, monkeypatch):
    monkeypatch.setattr(bot.outbound, "MAX_RETRY_AFTER", 0.5)
    admin = 909
    store = Store(str(tmp_path / "s.db"))
    store.upsert_chat(admin, "private", "admin", now())
    queue(store, gazetteer, [("a", X)])
    with BotAPIEmulator() as emu:
        emu.fail_next("sendMessage", 429, "Too Many Requests: retry after 43837", {"retry_after": 43837}, chat_id=X)
        app = build_application(replace(config, feeds=(), admins=(admin,)), store, TOKEN, base_url=emu.base_url)
        stop = asyncio.Event()
        task = asyncio.create_task(serve(app, stop))
        try:
            await emu.await_messages(X, 1, timeout=10)  # retried after the cut wait, not 12 hours later
            notice = (await emu.await_messages(admin, 1, timeout=10))[0]["plain_text"]
        finally:
            stop.set()
            await asyncio.wait_for(task, 20)
    assert "43837 s" in notice


async def test_a_reply_that_meets_a_5xx_is_retried_not_dropped(config, tmp_path):
    store = Store(str(tmp_path / "s.db"))
    with BotAPIEmulator() as emu:
        emu.fail_next("sendMessage", 502, "Bad Gateway", times=2, chat_id=USER)
        async with running_bot(config, store, emu):
            emu.inject_message("/help", user_id=USER)
            got = await emu.await_messages(USER, 1, timeout=15)
        assert "/follow" in got[0]["plain_text"]
        assert len(sends(emu, ok=False)) == 2


async def test_a_store_error_while_planning_does_not_lose_the_chat(config, gazetteer, tmp_path, monkeypatch):
    store = Store(str(tmp_path / "s.db"))
    queue(store, gazetteer, [("a", X), ("b", Y)])
    real = store.pending_for
    failures = {"left": 1}

    def flaky(chat_id, thread_id, now, limit=500):
        if chat_id == X and failures["left"]:
            failures["left"] -= 1
            raise OSError("disk I/O error")  # a database blip
        return real(chat_id, thread_id, now, limit)

    monkeypatch.setattr(store, "pending_for", flaky)
    with BotAPIEmulator() as emu:
        async with running_bot(config, store, emu):
            await emu.await_messages(Y, 1, timeout=10)
            await emu.await_messages(X, 1, timeout=40)  # back in the round-robin after the blip
    assert failures["left"] == 0

"""The delivery engine as users meet it, through the real PTB application and the emulator enforcing
Telegram's limits: replies under load, fairness, storms, digests, quiet hours, pause and resume."""

from __future__ import annotations

import asyncio
import re
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime

from bot.app import build_application, serve
from bot.emulator import BotAPIEmulator, RateLimits
from bot.notices import wake_sender
from bot.store import Store
from bot.types import DeliveryConfig
from tests.test_sender import TOKEN, queue, until

LINK = re.compile(r'href="https://news\.example/([^"]+)"')


class Clock:
    """A clock the test moves by hand; the bot reads it for every decision."""

    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@asynccontextmanager
async def bot_with(config, store: Store, emu: BotAPIEmulator, clock=None, **delivery):
    # command_burst: these tests type faster than a person; the throttle has tests of its own
    cfg = replace(config, feeds=(), admins=(), command_burst=1000, delivery=replace(DeliveryConfig(), **delivery))
    app = build_application(cfg, store, TOKEN, base_url=emu.base_url)
    if clock is not None:
        app.bot_data["service"].clock = clock
    stop = asyncio.Event()
    task = asyncio.create_task(serve(app, stop))
    try:
        await until(lambda: "sender" in app.bot_data, "the bot to start", 30)
        yield app
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


def links(message: dict) -> list[str]:
    return LINK.findall(message["params"]["text"]) if "params" in message else LINK.findall(message.get("text", ""))


def ok_sends(emu: BotAPIEmulator, chat_id: int | None = None) -> list[dict]:
    return [c for c in emu.calls("sendMessage") if c["ok"] and (chat_id is None or c["params"]["chat_id"] == chat_id)]


async def test_301_people_typing_at_once_all_get_their_reply_with_no_429(config, gazetteer, tmp_path):
    store = Store(str(tmp_path / "s.db"))
    with BotAPIEmulator(rate_limits=RateLimits()) as emu:
        async with bot_with(config, store, emu) as app:
            queue(store, gazetteer, [(f"a{i}", 5000 + i) for i in range(300)])  # ten seconds of alerts at the limit
            wake_sender(app)
            users = [7000 + i for i in range(301)]
            for uid in users:
                emu.inject_message("/follow markets", user_id=uid)
            await until(lambda: set(users) <= {c["params"]["chat_id"] for c in ok_sends(emu)}, "every reply", 60)
            await until(lambda: store.stats()["pending"] == 0, "the alerts", 30)
        replies = {uid: ok_sends(emu, uid) for uid in users}
        assert all(len(r) == 1 for r in replies.values())
        assert emu.http_429 == 0 and emu.max_global_window() <= 30
        # Replies jump ahead of the queued alerts: they all went while alerts were still waiting.
        last_reply = max(r[0]["time"] for r in replies.values())
        alerts_after = [c for c in ok_sends(emu) if c["params"]["chat_id"] < 7000 and c["time"] > last_reply]
        assert len(alerts_after) > 100, len(alerts_after)


async def test_a_chat_with_a_backlog_never_delays_another_chats_first_alert(config, gazetteer, tmp_path):
    store = Store(str(tmp_path / "s.db"))
    busy, group = 8101, -100812
    queue(store, gazetteer, [(f"b{i}", busy) for i in range(12)] + [(f"g{i}", group) for i in range(25)])
    queue(store, gazetteer, [(f"o{i}", 8200 + i) for i in range(20)])  # queued after both backlogs
    with BotAPIEmulator(rate_limits=RateLimits()) as emu:
        async with bot_with(config, store, emu, storm_threshold=1000):  # no bundling: the backlog is real
            await until(lambda: all(ok_sends(emu, 8200 + i) for i in range(20)), "the other chats' alerts", 20)
            first_others = max(ok_sends(emu, 8200 + i)[0]["time"] for i in range(20))
            to_busy = ok_sends(emu, busy)
            assert len(to_busy) < 12, "the backlog should still be draining"
            assert len(ok_sends(emu, group)) < 25, "the group is held to 20 a minute"
            start = min(c["time"] for c in ok_sends(emu))
            assert first_others - start < 5.0
            await until(lambda: len(ok_sends(emu, busy)) == 12, "the backlog", 30)
        order = [links(c)[0] for c in ok_sends(emu, busy)]
        assert order == [f"b{i}" for i in range(12)]  # oldest first
        assert emu.http_429 == 0 and not any(emu.chat_violations().values())


async def test_a_storm_of_25_alerts_makes_one_message(config, gazetteer, tmp_path):
    store = Store(str(tmp_path / "s.db"))
    chat = 8301
    queue(store, gazetteer, [(f"s{i}", chat) for i in range(25)])
    with BotAPIEmulator(rate_limits=RateLimits()) as emu:
        async with bot_with(config, store, emu):
            await until(lambda: store.stats()["pending"] == 0, "the storm", 20)
        sent = ok_sends(emu, chat)
        assert len(sent) == 1
        assert sorted(links(sent[0])) == sorted(f"s{i}" for i in range(25))
        assert "25" in sent[0]["params"]["text"].split("\n")[0]
    assert {r["sent_as"] for r in Store(str(tmp_path / "s.db")).db.query("SELECT sent_as FROM deliveries")} == {"storm"}


async def test_pause_holds_alerts_and_resume_sends_one_summary(config, gazetteer, tmp_path):
    store = Store(str(tmp_path / "s.db"))
    user = 8401
    with BotAPIEmulator() as emu:
        async with bot_with(config, store, emu) as app:
            emu.inject_message("/pause", user_id=user)
            reply = (await emu.await_messages(user, 1))[0]["plain_text"]
            assert "paused" in reply and "/resume" in reply
            queue(store, gazetteer, [(f"p{i}", user) for i in range(3)])
            wake_sender(app)
            await asyncio.sleep(1.0)
            assert len(emu.sent_messages(user)) == 1, "nothing may arrive while paused"
            emu.inject_message("/resume", user_id=user)
            got = await emu.await_messages(user, 3)
            assert "3 articles arrived while you were away" in got[1]["plain_text"]
            summary = ok_sends(emu, user)[-1]
            assert sorted(links(summary)) == ["p0", "p1", "p2"]
            queue(store, gazetteer, [("after", user)])  # after the summary, alerts flow one by one again
            wake_sender(app)
            await emu.await_messages(user, 4)
            assert links(ok_sends(emu, user)[-1]) == ["after"]


async def test_a_daily_digest_arrives_once_at_its_local_time(config, gazetteer, tmp_path):
    store = Store(str(tmp_path / "s.db"))
    user = 8501
    clock = Clock(datetime(2026, 3, 28, 6, 0, tzinfo=UTC))  # 07:00 in Rome, the day before DST starts
    with BotAPIEmulator() as emu:
        async with bot_with(config, store, emu, clock=clock) as app:
            emu.inject_message("/timezone europe/rome", user_id=user)
            assert "Europe/Rome" in (await emu.await_messages(user, 1))[0]["plain_text"]
            emu.inject_message("/digest daily 08:00", user_id=user)
            assert "every day at 08:00 (Europe/Rome)" in (await emu.await_messages(user, 2))[1]["plain_text"]
            queue(store, gazetteer, [(f"d{i}", user) for i in range(3)], when=clock.now)
            wake_sender(app)
            await asyncio.sleep(1.0)
            assert len(emu.sent_messages(user)) == 2, "held for the digest"
            clock.now = datetime(2026, 3, 28, 7, 1, tzinfo=UTC)  # 08:01 in Rome
            wake_sender(app)
            await emu.await_messages(user, 3)
            assert sorted(links(ok_sends(emu, user)[-1])) == ["d0", "d1", "d2"]
            queue(store, gazetteer, [("next", user)], when=clock.now)
            clock.now = datetime(2026, 3, 29, 5, 30, tzinfo=UTC)  # 07:30 in Rome, after the DST change
            wake_sender(app)
            await asyncio.sleep(1.0)
            assert len(emu.sent_messages(user)) == 3, "not before 08:00 local"
            clock.now = datetime(2026, 3, 29, 6, 0, 30, tzinfo=UTC)  # 08:00:30 in Rome (UTC+2 now)
            wake_sender(app)
            await emu.await_messages(user, 4)
            assert links(ok_sends(emu, user)[-1]) == ["next"]


async def test_quiet_hours_over_midnight_hold_or_silence(config, gazetteer, tmp_path):
    store = Store(str(tmp_path / "s.db"))
    held, silent = 8601, 8602
    clock = Clock(datetime(2026, 6, 10, 21, 30, tzinfo=UTC))  # 23:30 in Rome
    with BotAPIEmulator() as emu:
        async with bot_with(config, store, emu, clock=clock) as app:
            for uid, extra in ((held, ""), (silent, " silent")):
                emu.inject_message("/timezone Europe/Rome", user_id=uid)
                await emu.await_messages(uid, 1)
                emu.inject_message("/quiet 22:00-07:00" + extra, user_id=uid)
                await emu.await_messages(uid, 2)
            assert "wait and arrive at 07:00" in emu.sent_messages(held)[1]["plain_text"]
            queue(store, gazetteer, [("q1", held), ("q2", silent)], when=clock.now)
            wake_sender(app)
            await emu.await_messages(silent, 3)
            assert ok_sends(emu, silent)[-1]["params"].get("disable_notification") is True
            await asyncio.sleep(0.5)
            assert len(emu.sent_messages(held)) == 2, "held until the quiet hours end"
            clock.now = datetime(2026, 6, 11, 5, 0, 30, tzinfo=UTC)  # 07:00:30 in Rome
            wake_sender(app)
            await emu.await_messages(held, 3)
            assert links(ok_sends(emu, held)[-1]) == ["q1"]
            assert not ok_sends(emu, held)[-1]["params"].get("disable_notification")


async def test_settings_show_everything_and_bad_input_gets_an_example(config, gazetteer, tmp_path):
    store = Store(str(tmp_path / "s.db"))
    user = 8701
    with BotAPIEmulator() as emu:
        async with bot_with(config, store, emu):
            for command in ("/timezone Mars/Olympus", "/timezone europe/rme", "/digest weekly", "/quiet 25:00-07:00",
                            "/quiet 07:00-07:00", "/digest daily 7.30", "/quiet 22:00-06:30 silent", "/pause",
                            "/settings"):
                emu.inject_message(command, user_id=user)
            got = await emu.await_messages(user, 9)
        texts = [m["plain_text"] for m in got]
        assert "I don't know the time zone “Mars/Olympus”" in texts[0]
        assert "Did you mean Europe/Rome?" in texts[1]
        assert "/digest daily 08:00" in texts[2]
        assert "“25:00-07:00” is not a range of hours" in texts[3] or "not a time of day" in texts[3]
        assert "would be empty" in texts[4]
        assert "every day at 07:30 (UTC)" in texts[5]
        settings = texts[8]
        for expected in ("Time zone: UTC", "Digest: daily at 07:30", "Quiet hours: 22:00-06:30, alerts arrive silently",
                         "Alerts: paused"):
            assert expected in settings, settings
    row = Store(str(tmp_path / "s.db")).chat_settings(user)
    assert (row["digest"], row["digest_time"], row["quiet_mode"]) == ("daily", "07:30", "silent")


async def test_an_italian_user_gets_alerts_in_italian_with_buttons(config, gazetteer, tmp_path):
    store = Store(str(tmp_path / "s.db"))
    user = 8801
    with BotAPIEmulator() as emu:
        async with bot_with(config, store, emu) as app:
            emu.inject_message("/follow mobile payments", user_id=user, language_code="it")  # never typed /lang
            await emu.await_messages(user, 1)
            queue(store, gazetteer, [("it1", user)])
            store.db.execute("UPDATE deliveries SET reasons_json = ? WHERE chat_id = ?",
                             ['[{"kind": "topic", "label": "Mobile payments", "hits": ["Apple Pay"]}]', user])
            wake_sender(app)
            alert = (await emu.await_messages(user, 2))[1]
        assert "Perché:" in alert["plain_text"] and "Pagamenti mobili" in alert["plain_text"]
        buttons = [b["text"] for row in alert["reply_markup"]["inline_keyboard"] for b in row]
        assert "Non seguire più Pagamenti mobili" in buttons

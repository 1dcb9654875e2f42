"""Groups, forum supergroups and channels: who may change follows, where follows live, where alerts go."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.localserver import FeedServer, Item, render_rss
from bot.types import FeedConfig
from tests.bot_session import buttons_of, running
from tests.conftest import seed

GROUP, FORUM, ADMIN, MEMBER = -100111, -100222, 42, 43


@pytest.fixture
async def s(config):
    async with running(config, command_burst=1000) as session:
        session.emu.add_chat(GROUP, "supergroup", title="Fintech fans")
        session.emu.set_member(GROUP, ADMIN, "administrator")
        session.emu.set_member(GROUP, MEMBER, "member")
        session.emu.add_chat(FORUM, "supergroup", title="Newsroom", is_forum=True)
        session.emu.set_member(FORUM, ADMIN, "creator")
        session.emu.set_member(FORUM, MEMBER, "member")
        yield session


async def test_only_group_admins_change_follows(s):
    refusal = await s.say("/follow@newsbell_bot alibaba", MEMBER, chat_id=GROUP)
    assert refusal["plain_text"].startswith("Only this group's admins can change what it follows")
    assert s.store.follows_of(GROUP) == []
    for command in ("/mute tencent", "/unfollow alibaba", "/lang it", "/stop"):
        assert "Only this group's admins" in (await s.say(command, MEMBER, chat_id=GROUP))["plain_text"]
    assert "Following Alibaba" in (await s.say("/follow@newsbell_bot alibaba", ADMIN, chat_id=GROUP))["plain_text"]
    # Reading is for everyone.
    assert "Alibaba" in (await s.say("/list", MEMBER, chat_id=GROUP))["plain_text"]
    # Italian refusal for an Italian member, in a group whose language nobody chose.
    reply = await s.say("/unfollow alibaba", MEMBER, chat_id=GROUP, language_code="it")
    assert reply["plain_text"].startswith("Solo gli amministratori di questo gruppo")
    assert [f.value for f in s.store.follows_of(GROUP)] == ["Alibaba"]


async def test_group_admin_status_is_cached_briefly(s):
    before = len(s.emu.calls("getChatMember"))
    for word in ("uno", "due", "tre"):
        await s.say(f"/follow {word}", ADMIN, chat_id=GROUP)
    assert len(s.emu.calls("getChatMember")) == before + 1


async def test_group_buttons_are_for_admins_too(s):
    sent = await s.say("/topics", MEMBER, chat_id=GROUP)
    data = buttons_of(sent["reply_markup"])[0][1]
    answer = await s.press(MEMBER, data, sent["message_id"], chat_id=GROUP)
    assert answer["show_alert"] and answer["text"].startswith("Only this group's admins")
    assert s.store.follows_of(GROUP) == []
    answer = await s.press(ADMIN, data, sent["message_id"], chat_id=GROUP)
    assert answer["text"] == "Following Mobile payments."
    assert [f.value for f in s.store.follows_of(GROUP)] == ["mobile-payments"]


async def test_forum_follows_belong_to_their_topic_and_replies_stay_there(s):
    markets = s.emu.create_topic(FORUM, "Markets")
    china = s.emu.create_topic(FORUM, "China")
    reply = await s.say("/follow alibaba", ADMIN, chat_id=FORUM, message_thread_id=markets)
    assert reply["message_thread_id"] == markets and "Following Alibaba" in reply["plain_text"]
    reply = await s.say("/follow tencent", ADMIN, chat_id=FORUM, message_thread_id=china)
    assert reply["message_thread_id"] == china
    assert [f.value for f in s.store.follows_of(FORUM, markets)] == ["Alibaba"]
    assert [f.value for f in s.store.follows_of(FORUM, china)] == ["Tencent"]
    assert s.store.follows_of(FORUM) == []  # the General topic follows nothing
    listing = await s.say("/list", MEMBER, chat_id=FORUM, message_thread_id=china)
    assert listing["message_thread_id"] == china
    assert "This forum topic follows 1 thing" in listing["plain_text"]
    assert "Tencent" in listing["plain_text"] and "Alibaba" not in listing["plain_text"]
    # A button in one topic acts on that topic's follows.
    sent = await s.say("/topics", ADMIN, chat_id=FORUM, message_thread_id=china)
    await s.press(ADMIN, buttons_of(sent["reply_markup"])[0][1], sent["message_id"], chat_id=FORUM)
    assert {f.value for f in s.store.follows_of(FORUM, china)} == {"Tencent", "mobile-payments"}
    assert [f.value for f in s.store.follows_of(FORUM, markets)] == ["Alibaba"]
    # Members of a forum are refused like in any group.
    refusal = await s.say("/follow huawei", MEMBER, chat_id=FORUM, message_thread_id=markets)
    assert refusal["message_thread_id"] == markets and "Only this group's admins" in refusal["plain_text"]


async def test_forum_alerts_go_to_the_topic_that_follows(config):
    title, body = seed()
    start = datetime(2026, 11, 1, tzinfo=UTC)
    with FeedServer() as server:
        server.set("/it.xml", render_rss("Esempio", server.url("/it.xml"), []))
        feeds = (FeedConfig("Esempio", server.url("/it.xml"), 1),)
        async with running(config, feeds=feeds, command_burst=1000) as s:
            s.emu.add_chat(FORUM, "supergroup", title="Newsroom", is_forum=True)
            s.emu.set_member(FORUM, ADMIN, "administrator")
            markets = s.emu.create_topic(FORUM, "Markets")
            china = s.emu.create_topic(FORUM, "China")
            await s.say("/follow alibaba", ADMIN, chat_id=FORUM, message_thread_id=markets)
            await s.say("/follow huawei", ADMIN, chat_id=FORUM, message_thread_id=china)
            await s.until(lambda: s.store.stats()["feeds_primed"] == 1, "the first poll")
            server.set("/it.xml", render_rss("Esempio", server.url("/it.xml"), [
                Item(title, body, "https://news.example/it/1", start)]))
            await s.until(lambda: any(title in m["plain_text"] for m in s.emu.sent_messages(FORUM)), "the alert")
            alerts = [m for m in s.emu.sent_messages(FORUM) if title in m["plain_text"]]
            assert [m["message_thread_id"] for m in alerts] == [markets]


async def test_channel_managed_from_a_private_chat(s):
    s.emu.add_chat(-1009990, "channel", title="Pay News", username="paynews")
    s.emu.set_member(-1009990, ADMIN, "administrator")
    s.emu.set_member(-1009990, MEMBER, "member")
    reply = await s.say("/channel @paynews", MEMBER)
    assert reply["plain_text"] == "Only an administrator of @paynews can manage its alerts."
    assert "Now managing" not in (await s.say("/channel @nosuchchannel", ADMIN))["plain_text"]
    assert "Usage" in (await s.say("/channel", ADMIN))["plain_text"]
    assert "Use /channel in a private chat" in (await s.say("/channel @paynews", ADMIN, chat_id=GROUP))["plain_text"]
    s.emu.set_bot_status(-1009990, "member")
    assert "Make me an administrator of @paynews" in (await s.say("/channel @paynews", ADMIN))["plain_text"]
    s.emu.set_bot_status(-1009990, "administrator")
    assert (await s.say("/channel @paynews", ADMIN))["plain_text"].startswith("Now managing @paynews")
    reply = await s.say("/follow alibaba", ADMIN)
    assert "Following Alibaba" in reply["plain_text"] and "(for the channel @paynews)" in reply["plain_text"]
    assert [f.value for f in s.store.follows_of(-1009990)] == ["Alibaba"]
    assert s.store.follows_of(ADMIN) == []
    await s.say("/lang it", ADMIN)
    assert s.store.chat_language(-1009990) == "it" and s.store.chat_language(ADMIN) is None
    assert "Back to this chat" in (await s.say("/channel off", ADMIN))["plain_text"]  # this chat kept English
    assert "follows nothing yet" in (await s.say("/list", ADMIN))["plain_text"]


async def test_a_channel_admin_who_loses_the_rights_is_stopped(s, monkeypatch):
    import handlers.common

    monkeypatch.setattr(handlers.common, "ADMIN_CACHE_SECONDS", 0.0)
    s.emu.add_chat(-1009991, "channel", title="Pay News", username="paynews2")
    s.emu.set_member(-1009991, ADMIN, "administrator")
    await s.say("/channel @paynews2", ADMIN)
    s.emu.set_member(-1009991, ADMIN, "left")
    reply = await s.say("/follow alibaba", ADMIN)
    assert reply["plain_text"] == "You are no longer an admin of @paynews2. /channel off returns to this chat."
    assert s.store.follows_of(-1009991) == []


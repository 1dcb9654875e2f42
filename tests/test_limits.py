"""Input that must not hurt: the per-chat follow cap and the per-user command throttle."""

from __future__ import annotations

import asyncio

from tests.bot_session import running

USER = 42


async def test_follow_cap_is_configurable_and_refused_clearly(config):
    async with running(config, max_follows_per_chat=3, command_burst=1000) as s:
        for word in ("uno", "due", "tre"):
            assert (await s.say(f"/follow {word}", USER))["plain_text"].startswith("Following")
        reply = (await s.say("/follow quattro", USER))["plain_text"]
        assert reply == "This chat already has 3 follows and mutes, the most allowed. Use /list to make room."
        assert "the most allowed" in (await s.say("/mute cinque", USER))["plain_text"]
        await s.say("/lang it", USER)
        assert "Questa chat ha già 3 elementi" in (await s.say("/follow quattro", USER))["plain_text"]
        assert s.store.count_follows(USER) == 3
        # "/follow apple -pie" is two rows: it must fit whole or not at all.
        await s.say("/unfollow uno", USER)
        assert "Questa chat ha già 3" in (await s.say("/follow apple -pie", USER))["plain_text"]
        assert s.store.count_follows(USER) == 2


async def test_a_burst_of_commands_gets_one_friendly_note(config):
    async with running(config, command_burst=3, command_window_seconds=3600) as s:
        for _ in range(3):
            await s.say("/list", USER)
        before = len(s.emu.sent_messages(USER))
        for _ in range(5):
            s.emu.inject_message("/list", user_id=USER)
        await s.until(lambda: len(s.emu.sent_messages(USER)) > before, "the note")
        await asyncio.sleep(1.0)  # the other four must stay unanswered
        sent = s.emu.sent_messages(USER)[before:]
        assert [m["plain_text"] for m in sent] == [
            "That is a lot of commands at once. Please wait a few seconds; I will answer again then."]
        # Another user is not slowed down by this one.
        assert "follows nothing" in (await s.say("/list", 43))["plain_text"]


async def test_at_the_cap_a_button_is_refused_and_a_repeat_says_already(config):
    async with running(config, max_follows_per_chat=1, command_burst=1000) as s:
        await s.say("/follow alibaba", USER)
        assert "already follow Alibaba" in (await s.say("/follow alibaba", USER))["plain_text"]
        sent = await s.say("/topics", USER)
        answer = await s.press(USER, sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"], sent["message_id"])
        assert answer["text"].startswith("This chat already has 1 follow or mute, the most allowed.")
        assert s.store.count_follows(USER) == 1

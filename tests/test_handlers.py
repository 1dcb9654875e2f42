"""The conversation, through the real PTB application and the Bot API emulator."""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import replace

import pytest

import handlers
from bot.app import build_application, serve
from bot.core.match import FollowIndex
from bot.core.summarise import summarise
from bot.emulator import BotAPIEmulator
from bot.store import Store
from tests.conftest import ROOT

TOKEN = "777:handlers-test"
USER = 42


@pytest.fixture
async def chat(config):
    """Send a command, get the bot's reply text."""
    with BotAPIEmulator() as emu:
        store = Store(None)
        app = build_application(replace(config, feeds=(), command_burst=1000), store, TOKEN, base_url=emu.base_url)
        stop = asyncio.Event()
        task = asyncio.create_task(serve(app, stop))

        async def say(text: str, user: int = USER, chat_id: int | None = None, chat_type: str = "private") -> str:
            target = chat_id if chat_id is not None else user
            before = len(emu.sent_messages(target))
            emu.inject_message(text, user_id=user, chat_id=chat_id, chat_type=chat_type)
            deadline = time.monotonic() + 30  # the first reply waits for the language models to load
            while len(emu.sent_messages(target)) <= before:
                assert time.monotonic() < deadline, f"no reply to {text!r}"
                await asyncio.sleep(0.02)
            return emu.sent_messages(target)[-1]["plain_text"]

        say.emu = emu
        say.store = store
        try:
            yield say
        finally:
            stop.set()
            await asyncio.wait_for(task, 15)


async def test_start_and_help(chat):
    assert "/follow" in await chat("/start")
    help_text = await chat("/help")
    for name, _args, _desc in handlers.COMMANDS:
        assert f"/{name}" in help_text


async def test_command_menu_is_published(chat):
    await chat("/start")
    assert [c["command"] for c in chat.emu.commands()] == [name for name, _a, _d in handlers.COMMANDS]


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, _args, _desc in handlers.COMMANDS:
        assert re.search(rf"`/{name}\b", readme), f"/{name} missing from README"


async def test_follow_list_unfollow(chat):
    assert "Following Alibaba" in await chat("/follow alibaba")
    assert "already follow" in await chat("/follow Alibaba")
    reply = await chat("/follow mobile payments")
    assert "topic Mobile payments" in reply and '/follow "mobile payments"' in reply
    assert "Following “apple pie”" in await chat('/follow "apple pie"')
    listing = await chat("/list")
    assert "follows 3" in listing and "Alibaba" in listing and "Mobile payments" in listing and "apple pie" in listing
    assert "Stopped following Alibaba" in await chat("/unfollow alibaba")
    assert "Stopped following “apple pie”" in await chat("/unfollow apple pie")
    assert "does not follow" in await chat("/unfollow tencent")
    assert "follows 1" in await chat("/list")


async def test_bad_input_gets_usage(chat):
    assert "Usage" in await chat("/follow")
    assert "at most 100" in await chat("/follow " + "x" * 150)
    assert "/help" in await chat("/frobnicate now")
    assert "nothing yet" in await chat("/list")


async def test_topics_lists_configured_topics(chat, config):
    reply = await chat("/topics")
    for topic in config.topics:
        assert topic.name in reply


async def test_group_commands_addressed_to_the_bot(chat):
    chat.emu.set_member(-100, USER, "administrator")
    reply = await chat("/follow@newsbell_bot huawei", chat_id=-100, chat_type="group")
    assert "Following Huawei" in reply


async def test_mute_unmute_and_follow_with_negative_terms(chat):
    reply = await chat("/follow apple -pie")
    assert "Following Apple" in reply and "Muted “pie” for this follow only" in reply and "/unmute pie" in reply
    assert "Muted Tencent" in await chat("/mute tencent")
    assert "already muted" in await chat("/mute Tencent")
    listing = await chat("/list")
    assert "follows 1" in listing and "Apple, not “pie”" in listing and "Muted (1)" in listing
    assert "Tencent" in listing
    assert "Unmuted “pie”" in await chat("/unmute pie")
    assert "Unmuted Tencent" in await chat("/unmute 腾讯")
    assert "does not mute" in await chat("/unmute pie")
    listing = await chat("/list")
    assert "Muted" not in listing and "not" not in listing
    # Unfollowing takes the follow's own mutes with it.
    await chat("/follow huawei -smartwatch")
    assert "Stopped following Huawei" in await chat("/unfollow huawei")
    assert "does not mute" in await chat("/unmute smartwatch")
    assert "Usage" in await chat("/mute")
    assert "/mute pie" in await chat("/follow -pie")


async def test_a_mute_stops_alerts_the_index_would_send(chat, config, gazetteer):
    await chat("/follow apple -torta")
    await chat("/follow dolci")
    await chat("/mute torta", user=7)
    await chat("/follow apple", user=7)
    index = FollowIndex(chat.store.all_follows(), config.topics, gazetteer)
    pie = summarise("Le torte di Apple", "Dopo l'evento di Apple, a Cupertino si festeggia con dolci e torte di mele.",
                    gazetteer, language="it")
    phone = summarise("Il nuovo iPhone", "Apple presenta a Cupertino il nuovo iPhone con una batteria più grande.",
                      gazetteer, language="it")
    # The scoped mute stops the Apple follow only; the chat-wide one stops everything.
    assert [r.label for r in index.match(pie)[USER]] == ["dolci"]
    assert 7 not in index.match(pie)
    assert USER in index.match(phone) and 7 in index.match(phone)


async def test_other_bots_commands_in_groups_are_left_alone(chat):
    chat.emu.set_member(-200, USER, "administrator")
    await chat("/follow@newsbell_bot huawei", chat_id=-200, chat_type="group")
    emu = chat.emu
    before = len(emu.sent_messages(-200))
    emu.inject_message("/weather@other_bot rome", user_id=USER, chat_id=-200, chat_type="group")
    emu.inject_message("/weather rome", user_id=USER, chat_id=-200, chat_type="group")
    assert "I don't know /frob@newsbell_bot" in await chat("/frob@newsbell_bot", chat_id=-200, chat_type="group")
    assert len(emu.sent_messages(-200)) == before + 1  # only the reply addressed to us


async def test_lang_switches_every_reply_to_italian(chat):
    assert "From now on I speak Italian" not in await chat("/lang")
    assert "Da ora" not in (reply := await chat("/lang it")) and "D'ora in poi in questa chat parlo italiano" in reply
    assert "Ora segui <b>" not in (reply := await chat("/follow alibaba"))
    assert reply.startswith("Ora segui Alibaba")
    reply = await chat("/follow pagamenti mobili")
    assert "Ora segui l'argomento Pagamenti mobili" in reply
    reply = await chat("/follow mobile payments")
    assert "Segui già l'argomento Pagamenti mobili" in reply
    listing = await chat("/list")
    assert "Questa chat segue 2 elementi" in listing and "Pagamenti mobili" in listing
    assert "Uso:" in await chat("/follow")
    assert "Sono 150 caratteri" in await chat("/follow " + "x" * 150)
    assert "Non conosco /frobnicate" in await chat("/frobnicate")
    assert "Non parlo ancora" in await chat("/lang klingon")
    help_text = await chat("/help")
    assert "Comandi" in help_text and "Ricevi avvisi su un'azienda" in help_text
    assert "I speak English" in await chat("/lang en")
    assert "Following Tencent" in await chat("/follow tencent")


async def test_localised_topic_names_resolve_and_say_so(chat):
    reply = await chat("/follow pagamenti mobili")
    assert "Following the topic Mobile payments" in reply and "“pagamenti mobili” is the topic Mobile payments" in reply
    assert "already follow the topic Mobile payments" in await chat("/follow pagamenti digitali")
    assert "Stopped following the topic Mobile payments" in await chat("/unfollow pagamenti mobili")


async def test_echoed_text_is_escaped_in_both_languages(chat):
    for lang in ("en", "it"):
        await chat(f"/lang {lang}")
        reply = await chat("/unfollow <b>x</b> & y")
        assert "“<b>x</b> & y”" in reply  # shown as typed: the emulator parsed it as text, not as tags
        assert "&lt;b&gt;" in chat.emu.sent_messages(USER)[-1]["text"]


async def test_command_menu_is_published_per_language(chat):
    await chat("/start")
    italian = chat.emu.commands(language_code="it")
    assert [c["command"] for c in italian] == [name for name, _a, _d in handlers.COMMANDS]
    assert italian[0]["description"] == "Cosa fa newsbell e come iniziare"

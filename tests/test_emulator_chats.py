"""Forum topics, members and admins, and button presses in the emulator, through the real PTB Bot."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import telegram
from telegram import (
    ChatMemberAdministrator,
    ChatMemberBanned,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberOwner,
    ChatMemberRestricted,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)
from telegram.error import BadRequest, Forbidden

from bot.emulator import BotAPIEmulator
from bot.emulator.spec import DEFAULT_SPEC_PATH, load_spec

TOKEN = "123:ABC"
BOT_ID = 123
FORUM = -1001000
GROUP = -2000
CHANNEL = -1003000


@pytest.fixture
def emu() -> Iterator[BotAPIEmulator]:
    with BotAPIEmulator() as emulator:
        emulator.add_chat(FORUM, type="supergroup", title="Newsroom", is_forum=True)
        emulator.add_chat(GROUP, type="group", title="Traders")
        emulator.add_chat(CHANNEL, type="channel", title="Wire", username="somechannel")
        yield emulator


def make_bot(emu: BotAPIEmulator) -> telegram.Bot:
    return telegram.Bot(token=TOKEN, base_url=emu.base_url)


def keyboard(*labels: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=label.lower()) for label in labels]])


# -- forum topics -----------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_messages_go_into_open_topics_only(emu: BotAPIEmulator) -> None:
    markets = emu.create_topic(FORUM, "Markets")
    tech = emu.create_topic(FORUM, "Tech")
    assert (markets, tech) == (2, 3)  # a topic's id is its opening message's id; 1 is the General topic
    async with make_bot(emu) as bot:
        into_markets = await bot.send_message(FORUM, "Rates hold", message_thread_id=markets)
        assert (into_markets.message_thread_id, into_markets.is_topic_message) == (markets, True)
        general = await bot.send_message(FORUM, "to the General topic")
        assert general.message_thread_id is None and not general.is_topic_message
        emu.close_topic(FORUM, tech)
        with pytest.raises(BadRequest, match="(?i)TOPIC_CLOSED"):
            await bot.send_message(FORUM, "x", message_thread_id=tech)
        emu.reopen_topic(FORUM, tech)
        await bot.send_message(FORUM, "Chips", message_thread_id=tech)
        emu.delete_topic(FORUM, markets)
        with pytest.raises(BadRequest, match="(?i)message thread not found"):
            await bot.send_message(FORUM, "x", message_thread_id=markets)
        for unknown in (999, 1):  # the General topic is reached without a message_thread_id
            with pytest.raises(BadRequest, match="(?i)message thread not found"):
                await bot.send_message(FORUM, "x", message_thread_id=unknown)
        with pytest.raises(BadRequest, match="(?i)message thread not found"):
            await bot.send_message(GROUP, "no such reply thread", message_thread_id=999)
    assert [m["plain_text"] for m in emu.sent_messages(FORUM, thread_id=tech)] == ["Chips"]
    [rates] = emu.sent_messages(FORUM, thread_id=markets)
    assert rates["deleted"] and emu.message(FORUM, rates["message_id"]) is None  # went with its topic
    assert [t["name"] for t in emu.topics(FORUM)] == ["Tech"]
    with pytest.raises(ValueError, match="not a forum"):
        emu.create_topic(GROUP, "x")


@pytest.mark.asyncio
async def test_forum_topic_methods_need_an_admin_bot(emu: BotAPIEmulator) -> None:
    async with make_bot(emu) as bot:
        with pytest.raises(BadRequest, match="(?i)not enough rights"):
            await bot.create_forum_topic(FORUM, "Markets")
        emu.set_bot_status(FORUM, "administrator")
        topic = await bot.create_forum_topic(FORUM, "Markets")
        assert topic.name == "Markets" and topic.message_thread_id == 2
        with pytest.raises(BadRequest, match="(?i)not a forum"):
            await bot.create_forum_topic(GROUP, "Markets")
        assert await bot.close_forum_topic(FORUM, topic.message_thread_id)
        with pytest.raises(BadRequest, match="(?i)TOPIC_NOT_MODIFIED"):
            await bot.close_forum_topic(FORUM, topic.message_thread_id)
        with pytest.raises(BadRequest, match="(?i)TOPIC_CLOSED"):
            await bot.send_message(FORUM, "x", message_thread_id=topic.message_thread_id)
        assert await bot.reopen_forum_topic(FORUM, topic.message_thread_id)
        await bot.send_message(FORUM, "open again", message_thread_id=topic.message_thread_id)
        assert await bot.delete_forum_topic(FORUM, topic.message_thread_id)
        with pytest.raises(BadRequest, match="(?i)message thread not found"):
            await bot.delete_forum_topic(FORUM, topic.message_thread_id)
    assert emu.topics(FORUM) == []


@pytest.mark.asyncio
async def test_injected_topic_messages_carry_thread_and_language(emu: BotAPIEmulator) -> None:
    markets = emu.create_topic(FORUM, "Markets")
    emu.inject_message("/follow rates", user_id=42, chat_id=FORUM, message_thread_id=markets, language_code="it")
    emu.inject_message("ciao", user_id=42, language_code="it")
    async with make_bot(emu) as bot:
        in_topic, private = [u.message for u in await bot.get_updates(timeout=0)]
        assert (in_topic.message_thread_id, in_topic.is_topic_message) == (markets, True)
        assert in_topic.chat.type == "supergroup" and in_topic.chat.is_forum
        assert in_topic.from_user.language_code == "it" and private.from_user.language_code == "it"
        assert private.chat.type == "private" and private.message_thread_id is None
        reply = await bot.send_message(FORUM, "Following rates", message_thread_id=in_topic.message_thread_id)
    assert reply.message_thread_id == markets
    assert emu.sent_messages(FORUM, thread_id=markets)[0]["message_thread_id"] == markets


# -- members and admins -----------------------------------------------------------------------


@pytest.mark.asyncio
async def test_get_chat_member_answers_each_status_with_its_subtype(emu: BotAPIEmulator) -> None:
    expected = {
        "creator": ChatMemberOwner, "administrator": ChatMemberAdministrator, "member": ChatMemberMember,
        "restricted": ChatMemberRestricted, "left": ChatMemberLeft, "kicked": ChatMemberBanned,
    }
    for user_id, status in enumerate(expected, start=1):
        emu.set_member(GROUP, user_id, status)
    emu.inject_message("hello", user_id=50, chat_id=GROUP, first_name="Ada", username="ada")
    spec = load_spec(str(DEFAULT_SPEC_PATH))
    async with make_bot(emu) as bot:
        for user_id, (status, kind) in enumerate(expected.items(), start=1):
            member = await bot.get_chat_member(GROUP, user_id)
            assert (type(member), member.status, member.user.id) == (kind, status, user_id)
            spec.coerce(member.to_dict(), ["ChatMember"], "member", top=False)  # the spec's fields, all there
        writer = await bot.get_chat_member(GROUP, 50)
        assert (writer.status, writer.user.username) == ("member", "ada")  # who wrote there is a member
        assert (await bot.get_chat_member(GROUP, 77)).status == "left"
        me = await bot.get_chat_member(GROUP, BOT_ID)
        assert (me.status, me.user.is_bot) == ("member", True)
        assert (await bot.get_chat_member(CHANNEL, BOT_ID)).status == "administrator"
        admins = await bot.get_chat_administrators(GROUP)
        assert [(a.status, a.user.id) for a in admins] == [("creator", 1), ("administrator", 2)]
        channel_admins = await bot.get_chat_administrators("@somechannel")
        assert [a.user.id for a in channel_admins] == [BOT_ID]
        with pytest.raises(BadRequest, match="(?i)no administrators in the private chat"):
            await bot.get_chat_administrators(42)
        assert (await bot.get_chat("@somechannel")).id == CHANNEL
    with pytest.raises(ValueError, match="status"):
        emu.set_member(GROUP, 1, "owner")


@pytest.mark.asyncio
async def test_a_bot_that_is_not_admin_cannot_post_in_a_channel(emu: BotAPIEmulator) -> None:
    async with make_bot(emu) as bot:
        await bot.send_message("@somechannel", "admin by default")
        emu.set_bot_status(CHANNEL, "member")
        with pytest.raises(BadRequest, match="(?i)need administrator rights in the channel chat"):
            await bot.send_message(CHANNEL, "x")
        emu.set_bot_status(CHANNEL, "kicked")
        with pytest.raises(Forbidden, match="kicked from the channel chat"):
            await bot.send_message("@somechannel", "x")
        emu.set_bot_status(GROUP, "left")
        with pytest.raises(Forbidden, match="not a member of the group chat"):
            await bot.send_message(GROUP, "x")
        emu.set_bot_status(GROUP, "restricted")
        with pytest.raises(BadRequest, match="(?i)not enough rights to send text messages"):
            await bot.send_message(GROUP, "x")
        emu.set_bot_status(CHANNEL, "administrator")
        emu.set_bot_status(GROUP, "member")
        await bot.send_message(CHANNEL, "back")
        await bot.send_message(GROUP, "back")
    assert [m["chat_id"] for m in emu.sent_messages()] == [CHANNEL, CHANNEL, GROUP]


# -- callback queries -------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_button_presses_answers_and_keyboard_edits(emu: BotAPIEmulator) -> None:
    async with make_bot(emu) as bot:
        await bot.send_message(42, "Follow markets?", reply_markup=keyboard("Yes", "No"))
        [record] = emu.sent_messages(42)
        assert record["reply_markup"] == keyboard("Yes", "No").to_dict()
        emu.inject_callback_query("yes", message=record, user_id=42, language_code="it")
        [update] = await bot.get_updates(timeout=0)
        query = update.callback_query
        assert (query.data, query.from_user.language_code) == ("yes", "it")
        assert query.message.reply_markup == keyboard("Yes", "No")
        assert await bot.answer_callback_query(query.id, text="Following")
        edited = await bot.edit_message_reply_markup(42, query.message.message_id, reply_markup=keyboard("Undo"))
        assert edited.reply_markup == keyboard("Undo")
        assert emu.message(42, query.message.message_id)["reply_markup"] == keyboard("Undo").to_dict()
        with pytest.raises(BadRequest, match="(?i)message is not modified"):
            await bot.edit_message_reply_markup(42, query.message.message_id, reply_markup=keyboard("Undo"))
        await bot.edit_message_text("Following markets", 42, query.message.message_id)  # no markup: it goes
        current = emu.message(42, query.message.message_id)
        assert current["text"] == "Following markets" and "reply_markup" not in current
    [answer] = emu.callback_answers()
    assert (answer["text"], answer["data"], answer["chat_id"], answer["user_id"]) == ("Following", "yes", 42, 42)
    assert answer["message_id"] == record["message_id"]
    [record] = emu.sent_messages(42)
    assert record["reply_markup"] is None and [e["reply_markup"] for e in record["edits"]] == [
        keyboard("Undo").to_dict(), None
    ]
    emu.clear()
    assert emu.callback_answers() == []


@pytest.mark.asyncio
async def test_a_press_on_a_deleted_message_still_arrives(emu: BotAPIEmulator) -> None:
    async with make_bot(emu) as bot:
        sent = await bot.send_message(GROUP, "Vote", reply_markup=keyboard("Up"))
        await bot.delete_message(GROUP, sent.message_id)
        emu.inject_callback_query("up", message=sent, user_id=7)
        emu.inject_callback_query("up", message=(GROUP, 999), user_id=8)
        first, second = [u.callback_query for u in await bot.get_updates(timeout=0)]
        # Telegram sends an InaccessibleMessage (date 0); PTB 22 parses it as a Message that is not accessible.
        assert not first.message.is_accessible and first.message.message_id == sent.message_id
        assert not second.message.is_accessible and second.message.chat.id == GROUP
        assert first.message.text is None
        assert await bot.answer_callback_query(first.id)
    assert [a["user_id"] for a in emu.callback_answers()] == [7]
    with pytest.raises(ValueError, match="user_id is required"):
        emu.inject_callback_query("up", message=(GROUP, 1))


@pytest.mark.asyncio
async def test_forward_and_copy_make_new_messages(emu: BotAPIEmulator) -> None:
    async with make_bot(emu) as bot:
        original = await bot.send_message(CHANNEL, "<b>Rates</b> hold", parse_mode="HTML")
        forwarded = await bot.forward_message(42, CHANNEL, original.message_id)
        assert (forwarded.text, forwarded.entities[0].type) == ("Rates hold", "bold")
        assert forwarded.forward_origin.chat.id == CHANNEL and forwarded.chat.id == 42
        copied = await bot.copy_message(43, CHANNEL, original.message_id, reply_markup=keyboard("Mute"))
        assert emu.message(43, copied.message_id)["reply_markup"] == keyboard("Mute").to_dict()
        ids = await bot.copy_messages(44, CHANNEL, [original.message_id, 999])
        assert [m.message_id for m in ids] == [1]  # the missing one is skipped
        with pytest.raises(BadRequest, match="(?i)message to forward not found"):
            await bot.forward_message(42, CHANNEL, 999)
    assert emu.message(44, 1)["text"] == "Rates hold"
    assert [c["method"] for c in emu.calls() if not c["ok"]] == ["forwardMessage"]


@pytest.mark.asyncio
async def test_the_older_positional_order_still_presses_buttons(emu: BotAPIEmulator) -> None:
    async with make_bot(emu) as bot:
        sent = await bot.send_message(GROUP, "Vote", reply_markup=keyboard("Up"))
        emu.inject_callback_query(7, "up", sent.message_id, chat_id=GROUP)  # (user_id, data, message_id)
        [update] = await bot.get_updates(timeout=0)
    query = update.callback_query
    assert (query.from_user.id, query.data, query.message.message_id, query.message.text) == (
        7, "up", sent.message_id, "Vote"
    )


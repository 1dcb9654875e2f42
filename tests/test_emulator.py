"""The Bot API emulator, driven by the real python-telegram-bot over real HTTP.

If PTB accepts the emulator's answers and raises the same errors it raises against Telegram,
tests of the bot built on the emulator say something about production.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import telegram
from telegram import BotCommand, BotCommandScopeChat, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Conflict, Forbidden, InvalidToken, RetryAfter
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes

from bot.emulator import (
    BotAPIEmulator,
    EmulatorTimeout,
    check_message_text,
    parse_telegram_html,
    utf16_length,
)

TOKEN = "123:ABC"
CHAT = 4242


@pytest.fixture
def emu() -> Iterator[BotAPIEmulator]:
    with BotAPIEmulator() as emulator:
        yield emulator


def make_bot(emu: BotAPIEmulator, token: str = TOKEN) -> telegram.Bot:
    return telegram.Bot(token=token, base_url=emu.base_url)


def api(emu: BotAPIEmulator, method: str, token: str = TOKEN, **kwargs) -> httpx.Response:
    return httpx.post(f"{emu.base_url}{token}/{method}", timeout=5, **kwargs)


# -- HTML and length rules (pure) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "plain"),
    [
        ("<b>Fed</b> &amp; <i>ECB</i> hold rates", "Fed & ECB hold rates"),
        ('<a href="https://e.x/?a=1&amp;b=2">read</a>', "read"),
        ("<strong>s</strong><em>e</em><ins>i</ins><strike>k</strike><del>d</del><u>u</u><s>s</s>", "seikdus"),
        ('<span class="tg-spoiler">x</span><tg-spoiler>y</tg-spoiler>', "xy"),
        ('<pre><code class="language-python">x = 1</code></pre>', "x = 1"),
        ("<blockquote expandable>quote</blockquote><blockquote>q</blockquote>", "quoteq"),
        ('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>', "👍"),
        ("&lt;tag&gt; &quot;q&quot; &#65;&#x42; 2 > 1", '<tag> "q" AB 2 > 1'),
    ],
)
def test_valid_html_parses_to_plain_text(html: str, plain: str) -> None:
    assert parse_telegram_html(html) == plain


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<p>para</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("é<br/>", 'Unsupported start tag "br/" at byte offset 2'),  # offsets are UTF-8 bytes
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("AT&T", 'Unescaped "&" at byte offset 2'),
        ("&nbsp;", 'Unsupported HTML entity "&nbsp;"'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("cut <a href=", "Unclosed start tag at byte offset 4"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
    ],
)
def test_invalid_html_is_refused_like_telegram(html: str, error: str) -> None:
    with pytest.raises(ValueError, match="^can't parse entities: ") as caught:
        parse_telegram_html(html)
    assert error in str(caught.value)


def test_length_counts_utf16_units_after_parsing() -> None:
    assert check_message_text("x" * 4096)[0] == "x" * 4096
    assert check_message_text("<b>" + "&amp;" * 4096 + "</b>", "HTML")[0] == "&" * 4096
    assert utf16_length("😀") == 2
    check_message_text("😀" * 2048)
    for too_long in ("x" * 4097, "😀" * 2049):
        with pytest.raises(ValueError, match="^message is too long$"):
            check_message_text(too_long)
    with pytest.raises(ValueError, match="^message text is empty$"):
        check_message_text("<b> </b>\n", "HTML")
    plain, entities = check_message_text("  <b>hi</b>  ", "HTML")  # Telegram trims, entities follow
    assert (plain, entities) == ("hi", [{"type": "bold", "offset": 0, "length": 2}])


# -- PTB against the emulator -----------------------------------------------------------------


@pytest.mark.asyncio
async def test_get_me_answers_with_the_token_bot(emu: BotAPIEmulator) -> None:
    async with make_bot(emu) as bot:
        me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123, "newsbell_bot", True)


@pytest.mark.asyncio
async def test_send_message_is_returned_and_recorded(emu: BotAPIEmulator) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Mute", callback_data="mute:1")]])
    async with make_bot(emu) as bot:
        first = await bot.send_message(
            CHAT, "<b>Rates</b> &amp; more", parse_mode=ParseMode.HTML, reply_markup=markup
        )
        second = await bot.send_message(CHAT, "plain <not a tag>")
    assert first.text == "Rates & more" and first.entities[0].type == "bold"
    assert first.reply_markup == markup and first.from_user.id == 123
    assert (first.message_id, second.message_id) == (1, 2)
    sent = emu.sent_messages(CHAT)
    assert [(m["text"], m["plain_text"], m["parse_mode"]) for m in sent] == [
        ("<b>Rates</b> &amp; more", "Rates & more", "HTML"),
        ("plain <not a tag>", "plain <not a tag>", None),
    ]
    assert sent[0]["params"]["chat_id"] == CHAT and sent[0]["params"]["reply_markup"]["inline_keyboard"]
    assert emu.sent_messages(999) == []


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("<p>x</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("a < b", "Unsupported start tag"),
        ("Q&A", 'Unescaped "&"'),
        ("<b>open", "Can't find end tag"),
        ("x" * 4097, "message is too long"),
        ("&amp;" * 4097, "message is too long"),
        ("<i></i>", "message text is empty"),
    ],
)
async def test_bad_html_raises_bad_request_and_is_not_recorded(
    emu: BotAPIEmulator, text: str, error: str
) -> None:
    async with make_bot(emu) as bot:
        # PTB drops "Bad Request: " and capitalize()s the rest, hence the case-insensitive match.
        with pytest.raises(BadRequest, match=f"(?i){re.escape(error)}"):
            await bot.send_message(CHAT, text, parse_mode=ParseMode.HTML)
        await bot.send_message(CHAT, "x" * 4096, parse_mode=ParseMode.HTML)
        await bot.send_message(CHAT, "&amp;" * 4096, parse_mode=ParseMode.HTML)  # an entity is one char
    assert [m["plain_text"] for m in emu.sent_messages(CHAT)] == ["x" * 4096, "&" * 4096]
    failed = emu.calls("sendMessage")[0]
    assert (failed["ok"], failed["error_code"]) == (False, 400)


def test_unknown_method_is_404_and_names_are_case_insensitive(emu: BotAPIEmulator) -> None:
    response = api(emu, "sendMessages", data={"chat_id": 1, "text": "x"})
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
    assert api(emu, "SENDMESSAGE", data={"chat_id": 1, "text": "x"}).json()["ok"] is True
    assert emu.calls("sendMessage")[-1]["method"] == "sendMessage"


def test_missing_and_mistyped_parameters_are_400(emu: BotAPIEmulator) -> None:
    missing = api(emu, "sendMessage", data={"text": "hi"})
    assert missing.status_code == 400
    assert missing.json()["description"] == 'Bad Request: parameter "chat_id" is required'
    for method, data, name in [
        ("getUpdates", {"limit": "ten"}, '"limit" must be of type Integer'),
        ("sendMessage", {"chat_id": 1, "text": "x", "protect_content": "maybe"}, '"protect_content"'),
        ("sendLocation", {"chat_id": 1, "latitude": "N", "longitude": 1}, '"latitude" must be of type Float'),
        ("sendMessage", {"chat_id": 1, "text": "x", "reply_markup": "{not json"}, '"reply_markup"'),
        (
            "sendMessage",
            {"chat_id": 1, "text": "x", "reply_markup": '{"inline_keyboard": [[{"url": "https://e.x"}]]}'},
            'field "reply_markup.inline_keyboard[0][0].text" is required',
        ),
        ("setMyCommands", {"commands": '[{"command": "go"}]'}, 'field "commands[0].description" is required'),
    ]:
        response = api(emu, method, data=data)
        assert response.status_code == 400, (method, data)
        assert name in response.json()["description"], response.json()
    assert emu.sent_messages() == []


def test_json_multipart_and_get_requests_are_understood(emu: BotAPIEmulator) -> None:
    as_json = {"chat_id": 7, "text": "json", "disable_notification": True}
    assert api(emu, "sendMessage", json=as_json).json()["ok"]
    form = {"chat_id": "7", "text": "multi"}
    multipart = api(emu, "sendMessage", data=form, files={"thumb": ("a.txt", b"abc")})
    assert multipart.json()["result"]["text"] == "multi"
    get = httpx.get(f"{emu.base_url}{TOKEN}/sendMessage", params={"chat_id": 7, "text": "get"}, timeout=5)
    assert get.json()["result"]["message_id"] == 3
    assert [m["text"] for m in emu.sent_messages(7)] == ["json", "multi", "get"]
    uploaded = emu.sent_messages(7)[1]["params"]["thumb"]
    assert uploaded == {"filename": "a.txt", "content_type": "text/plain", "size": 3}


@pytest.mark.asyncio
async def test_bad_token_is_401(emu: BotAPIEmulator) -> None:
    response = httpx.post(f"{emu.base_url}not-a-token/getMe", timeout=5)
    assert (response.status_code, response.json()["description"]) == (401, "Unauthorized")
    async with make_bot(emu, token="123:ABC") as bot:
        assert (await bot.get_me()).id == 123
    with pytest.raises(InvalidToken):
        await make_bot(emu, token="abc:DEF").get_me()


@pytest.mark.asyncio
async def test_get_updates_long_poll_wakes_on_inject_and_offset_confirms(emu: BotAPIEmulator) -> None:
    async with make_bot(emu) as bot:
        poll = asyncio.create_task(bot.get_updates(timeout=5))
        await asyncio.sleep(0.2)
        assert not poll.done()
        started = time.monotonic()
        emu.inject_message("/start@newsbell_bot now", user_id=77, username="ann")
        updates = await poll
        assert time.monotonic() - started < 1.5
        message = updates[0].message
        assert (message.text, message.chat.id, message.from_user.username) == (
            "/start@newsbell_bot now", 77, "ann"
        )
        command = message.entities[0]
        assert (command.type, command.offset) == ("bot_command", 0)
        assert command.length == len("/start@newsbell_bot")
        assert len(await bot.get_updates(timeout=0)) == 1  # not confirmed yet
        assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=0) == ()
    assert emu.pending_updates() == []


@pytest.mark.asyncio
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # PTB's own retry_after int
async def test_fail_next_maps_to_ptb_exceptions(emu: BotAPIEmulator) -> None:
    emu.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", {"retry_after": 1})
    emu.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id=5)
    emu.fail_next("sendMessage", 400, "Bad Request: group chat was upgraded to a supergroup chat",
                  {"migrate_to_chat_id": -1001234567890}, chat_id=-6)
    async with make_bot(emu) as bot:
        with pytest.raises(RetryAfter, match="Retry in 1 seconds"):
            await bot.send_message(5, "first")
        await bot.send_message(1, "other chat passes the chat-bound fault")
        with pytest.raises(Forbidden, match="blocked"):
            await bot.send_message(5, "second")
        with pytest.raises(ChatMigrated) as migrated:
            await bot.send_message(-6, "third")
        assert migrated.value.new_chat_id == -1001234567890
        await bot.send_message(5, "delivered")
    assert [m["text"] for m in emu.sent_messages()] == ["other chat passes the chat-bound fault", "delivered"]
    assert [c["error_code"] for c in emu.calls("sendMessage")] == [429, None, 403, 400, None]


@pytest.mark.asyncio
async def test_commands_are_stored_per_scope(emu: BotAPIEmulator) -> None:
    commands = [BotCommand("start", "Subscribe"), BotCommand("follow", "Follow a topic")]
    async with make_bot(emu) as bot:
        assert await bot.set_my_commands(commands)
        assert await bot.set_my_commands([BotCommand("admin", "Admin")], scope=BotCommandScopeChat(9))
        assert await bot.get_my_commands() == tuple(commands)
        with pytest.raises(BadRequest, match="(?i)BOT_COMMAND_INVALID"):
            await bot.set_my_commands([BotCommand("Start", "uppercase is refused")])
        await bot.set_my_description("News alerts")
        assert (await bot.get_my_description()).description == "News alerts"
    assert emu.commands() == [{"command": "start", "description": "Subscribe"},
                              {"command": "follow", "description": "Follow a topic"}]
    chat_scope = {"type": "chat", "chat_id": 9}
    assert emu.commands(scope=chat_scope) == [{"command": "admin", "description": "Admin"}]
    assert emu.profile()["description"] == "News alerts"


@pytest.mark.asyncio
async def test_edit_delete_and_callback_queries(emu: BotAPIEmulator) -> None:
    async with make_bot(emu) as bot:
        sent = await bot.send_message(CHAT, "v1")
        edited = await bot.edit_message_text("<b>v2</b>", CHAT, sent.message_id, parse_mode=ParseMode.HTML)
        assert edited.text == "v2" and edited.edit_date is not None
        with pytest.raises(BadRequest, match="(?i)message is not modified"):
            await bot.edit_message_text("<b>v2</b>", CHAT, sent.message_id, parse_mode=ParseMode.HTML)
        update = emu.inject_callback_query(user_id=CHAT, data="mute:1", message_id=sent.message_id)
        query_id = update["callback_query"]["id"]
        [received] = await bot.get_updates(timeout=0)
        assert received.callback_query.message.text == "v2"
        assert await bot.answer_callback_query(query_id, text="Muted")
        with pytest.raises(BadRequest, match="(?i)query is too old"):
            await bot.answer_callback_query(query_id)
        assert await bot.send_chat_action(CHAT, "typing")
        assert await bot.delete_message(CHAT, sent.message_id)
        with pytest.raises(BadRequest, match="(?i)message to delete not found"):
            await bot.delete_message(CHAT, sent.message_id)
        chat = await bot.get_chat("@newsbell_channel")
        assert chat.type == "channel" and chat.id < 0
    [record] = emu.sent_messages(CHAT)
    assert record["edits"][0]["plain_text"] == "v2" and record["deleted"] is True


@pytest.mark.asyncio
async def test_webhook_blocks_polling_until_deleted(emu: BotAPIEmulator) -> None:
    async with make_bot(emu) as bot:
        with pytest.raises(BadRequest, match="(?i)HTTPS URL"):
            await bot.set_webhook("http://insecure.example/hook")
        assert await bot.set_webhook("https://bot.example/hook")
        assert (await bot.get_webhook_info()).url == "https://bot.example/hook"
        with pytest.raises(Conflict, match="(?i)webhook is active"):
            await bot.get_updates()
        assert await bot.delete_webhook()
        assert await bot.get_updates(timeout=0) == ()


def test_wait_for_messages_explains_a_timeout(emu: BotAPIEmulator) -> None:
    api(emu, "sendMessage", data={"chat_id": 1, "text": "went elsewhere"})
    api(emu, "sendMessage", data={"chat_id": 2, "text": "<p>", "parse_mode": "HTML"})
    with pytest.raises(EmulatorTimeout) as caught:
        emu.wait_for_messages(2, 1, timeout=0.2)
    assert "other chats: [1]" in str(caught.value) and "Unsupported start tag" in str(caught.value)
    assert isinstance(caught.value, AssertionError) and isinstance(caught.value, TimeoutError)
    threading.Timer(0.1, api, (emu, "sendMessage"), {"data": {"chat_id": 2, "text": "late"}}).start()
    assert emu.wait_for_messages(2, 1, timeout=5)[0]["text"] == "late"
    emu.clear()
    assert emu.sent_messages() == [] and emu.calls() == []


def test_stop_is_prompt_while_a_long_poll_waits() -> None:
    emu = BotAPIEmulator().start()
    result: dict[str, object] = {}

    def poll() -> None:
        try:
            url = f"{emu.base_url}{TOKEN}/getUpdates"
            result["response"] = httpx.post(url, data={"timeout": 30}, timeout=10)
        except httpx.HTTPError as exc:  # the connection may be cut instead of answered
            result["response"] = exc

    poller = threading.Thread(target=poll)
    poller.start()
    time.sleep(0.2)
    started = time.monotonic()
    emu.stop()
    poller.join(timeout=5)
    assert time.monotonic() - started < 2 and not poller.is_alive()
    assert "response" in result


@pytest.mark.asyncio
async def test_real_application_answers_start(emu: BotAPIEmulator) -> None:
    async def start(update: telegram.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(f"Welcome, {update.effective_user.first_name}!")

    app = ApplicationBuilder().token(TOKEN).base_url(emu.base_url).build()
    app.add_handler(CommandHandler("start", start))
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        emu.inject_message("/start", user_id=501, first_name="Ada")
        [reply] = await emu.await_messages(501, 1, timeout=5)
        await app.updater.stop()
        await app.stop()
    assert reply["text"] == "Welcome, Ada!"
    assert emu.pending_updates() == []  # the updater confirmed what it handled
    assert [c["method"] for c in emu.calls()][:2] == ["getMe", "deleteWebhook"]

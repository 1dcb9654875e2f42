"""A running newsbell against the Bot API emulator, driven as users would: commands and button presses."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import replace

from bot.app import build_application, serve
from bot.emulator import BotAPIEmulator
from bot.store import Store

TOKEN = "777:conversation-test"
WAIT = 30.0  # the first reply waits for the language models to load


class Session:
    def __init__(self, emu: BotAPIEmulator, store: Store):
        self.emu = emu
        self.store = store

    async def until(self, check, what: str):
        deadline = time.monotonic() + WAIT
        while not (result := check()):
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            await asyncio.sleep(0.02)
        return result

    async def say(self, text: str, user: int, chat_id: int | None = None, chat_type: str | None = None,
                  **extra) -> dict:
        """Send ``text``; the bot's reply (the emulator's record of the sent message)."""
        target = chat_id if chat_id is not None else user
        before = len(self.emu.sent_messages(target))
        self.emu.inject_message(text, user_id=user, chat_id=chat_id, chat_type=chat_type, **extra)
        await self.until(lambda: len(self.emu.sent_messages(target)) > before, f"a reply to {text!r}")
        return self.emu.sent_messages(target)[-1]

    async def press(self, user: int, data: str, message_id: int, chat_id: int | None = None, **extra) -> dict:
        """Press a button; the bot's answerCallbackQuery parameters (every press must be answered)."""
        before = len(self.emu.callback_answers())
        self.emu.inject_callback_query(data, message_id, user_id=user, chat_id=chat_id if chat_id is not None else user,
                                       **extra)
        await self.until(lambda: len(self.emu.callback_answers()) > before, f"an answer to the button {data!r}")
        return self.emu.callback_answers()[-1]

    def message(self, chat_id: int, message_id: int) -> dict:
        """The sent message as it is now (after edits): plain text and buttons."""
        current = self.emu.message(chat_id, message_id)
        return {"text": current["text"], "buttons": buttons_of(current.get("reply_markup") or {})}


def buttons_of(markup: dict) -> list[tuple[str, str]]:
    """(text, callback data) of an inline keyboard, row by row."""
    return [(b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", []) for b in row]


@contextlib.asynccontextmanager
async def running(config, store: Store | None = None, **overrides):
    store = store or Store(None)
    with BotAPIEmulator() as emu:
        app = build_application(replace(config, **{"feeds": (), **overrides}), store, TOKEN, base_url=emu.base_url)
        stop = asyncio.Event()
        task = asyncio.create_task(serve(app, stop))
        try:
            yield Session(emu, store)
        finally:
            stop.set()
            await asyncio.wait_for(task, 15)

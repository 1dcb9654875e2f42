"""A local Telegram Bot API server for tests and the offline demo.

The real python-telegram-bot library talks to it over real HTTP (``base_url``), so the bot's
request encoding, its error mapping (RetryAfter, Forbidden, ChatMigrated) and its polling loop
run exactly as in production, without ever reaching api.telegram.org.

Validation is derived from the Bot API 10.1 JSON spec shipped in ``bot/data``: unknown methods,
missing required parameters and wrongly typed values (including fields of JSON-serialized
objects such as ``reply_markup``) are rejected where the real server would reject them. A few
methods have real behaviour (messages, updates, commands, webhook, profile, chats, members,
forum topics); every other method of the spec is validated, recorded and answers ``true``.

Modules: ``html`` (Telegram's HTML and length rules, pure), ``spec`` (validation from the spec),
``limits`` (the flood-limit model, pure), ``transport`` (HTTP), ``server`` (the emulator: dispatch,
updates, settings, limits) with its mixins ``chats`` (chats, members, forum topics), ``messages``
(sending, editing, button presses, injected updates) and ``faults`` (failures a test switches on).
Besides python-telegram-bot's constants, stdlib only, so the emulator runs wherever the bot runs.
"""

from bot.emulator.html import MAX_MESSAGE_LENGTH, check_message_text, parse_telegram_html, utf16_length
from bot.emulator.limits import COUNTED_METHODS, RateLimits
from bot.emulator.server import BotAPIEmulator, EmulatorTimeout
from bot.emulator.spec import UploadedFile

__all__ = [
    "COUNTED_METHODS",
    "MAX_MESSAGE_LENGTH",
    "BotAPIEmulator",
    "EmulatorTimeout",
    "RateLimits",
    "UploadedFile",
    "check_message_text",
    "parse_telegram_html",
    "utf16_length",
]

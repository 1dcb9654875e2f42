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
(sending, editing, button presses, injected updates), ``faults`` (failures a test switches on) and
``webhook`` (setWebhook; updates POSTed to the bot's webhook server with the secret token).
Besides python-telegram-bot's constants, stdlib only, so the emulator runs wherever the bot runs.

What a test drives, on a ``BotAPIEmulator(rate_limits=None, track_limits=False, clock=time.monotonic)``:

- chats: ``add_chat(id, type, title, username, first_name, is_forum)``, ``create_topic``,
  ``close_topic``, ``reopen_topic``, ``delete_topic``, ``set_member``, ``set_bot_status``;
- updates: ``inject_message(text, user_id, chat_id, chat_type, ..., message_thread_id, language_code)``,
  ``inject_callback_query(data, message, user_id=..., language_code=...)``;
- faults: ``fail_next``, ``fail_fraction``, ``delay_next``, ``block_chat``, ``forget_chat``,
  ``migrate_chat``, ``restore_chat``;
- reading: ``sent_messages(chat_id, thread_id)``, ``message(chat_id, message_id)``, ``calls(method)``,
  ``callback_answers()``, ``topics(chat_id)``, ``wait_for_messages`` / ``await_messages``;
- webhook: ``webhook()`` (url, secret_token), ``webhook_deliveries()`` (each POST's status),
  ``wait_for_deliveries``, ``post_update_raw(update, secret=...)`` (a forged POST; returns the status);
- limits: ``http_429``, ``rate_limit_hits()``, ``max_global_window()``, ``chat_violations()``,
  ``global_violations()``; ``clear()`` forgets messages, calls and counters.
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

"""Messages: sending, editing, deleting, button presses, and the updates a test injects.

A mixin of BotAPIEmulator: public methods take the lock; the rest run with it held.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import logging
import re
import threading
import time
import zlib
from collections.abc import Callable
from typing import Any

from bot.emulator.html import check_message_text, utf16_length
from bot.emulator.spec import ApiError, jsonable

logger = logging.getLogger("bot.emulator")

_BOT_COMMAND_PREFIX_RE = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
_CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    }
)
# Update types Telegram leaves out when allowed_updates is unset or empty.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


class EmulatorTimeout(AssertionError, TimeoutError):
    """wait_for_messages gave up; an AssertionError for pytest, a TimeoutError for callers."""


def _inline_markup(params: dict[str, Any]) -> dict[str, Any] | None:
    """Only inline keyboards appear on Messages; reply keyboards belong to the client."""
    markup = params.get("reply_markup")
    return copy.deepcopy(markup) if isinstance(markup, dict) and "inline_keyboard" in markup else None


class MessagesMixin:
    _cond: threading.Condition
    _bot_id: int
    _stopping: bool
    _chats: dict[int, dict[str, Any]]
    _usernames: dict[str, int]
    _users: dict[int, dict[str, Any]]
    _message_counter: dict[int, int]
    _messages: dict[tuple[int, int], dict[str, Any]]
    _sent: list[dict[str, Any]]
    _calls: list[dict[str, Any]]
    _updates: list[dict[str, Any]]
    _next_update_id: int
    _allowed_updates: list[str] | None
    _callbacks: dict[str, dict[str, Any]]
    _answers: list[dict[str, Any]]
    _next_callback_id: int
    _clock: Callable[[], float]

    def _init_messages(self) -> None:
        self._message_counter = {}
        self._messages = {}
        self._sent = []
        self._updates = []
        self._next_update_id = 1
        self._allowed_updates = None
        self._callbacks = {}  # query id -> what a test needs to know about it; answered ones leave
        self._answers = []
        self._next_callback_id = 1

    # Provided by ChatsMixin and BotAPIEmulator.
    _bot_user: Callable[[], dict[str, Any]]
    _resolve_chat: Callable[[Any], dict[str, Any]]
    _find_chat: Callable[[int | str], dict[str, Any] | None]
    _chat_for_user: Callable[[int, str | None, dict[str, Any]], dict[str, Any]]
    _thread_of: Callable[[dict[str, Any], dict[str, Any]], int | None]
    _ensure_topic: Callable[[dict[str, Any], int], None]

    # -- messages --------------------------------------------------------------------------------

    def _new_message(
        self, chat: dict[str, Any], sender: dict[str, Any] | None, text: str, entities: list[dict[str, Any]],
        thread_id: int | None = None,
    ) -> dict[str, Any]:
        """Message ids count per chat, shared by both sides, as in private chats and groups."""
        chat_id = chat["id"]
        self._message_counter[chat_id] = self._message_counter.get(chat_id, 0) + 1
        message: dict[str, Any] = {
            "message_id": self._message_counter[chat_id],
            "date": int(time.time()),
            "chat": copy.deepcopy(chat),
        }
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            if chat.get("is_forum"):
                message["is_topic_message"] = True
        if chat["type"] == "channel":
            message["sender_chat"] = copy.deepcopy(chat)
        elif sender is not None:
            message["from"] = copy.deepcopy(sender)
        message["text"] = text
        if entities:
            message["entities"] = copy.deepcopy(entities)
        self._messages[(chat_id, message["message_id"])] = message
        return message

    def _check_text(self, params: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
        try:
            return check_message_text(params["text"], params.get("parse_mode"), params.get("entities"))
        except ValueError as exc:
            raise ApiError(400, f"Bad Request: {exc}") from None

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._resolve_chat(params["chat_id"])
        thread_id = self._thread_of(chat, params)
        plain, entities = self._check_text(params)
        message = self._new_message(chat, self._bot_user(), plain, entities, thread_id)
        markup = _inline_markup(params)
        if markup:
            message["reply_markup"] = markup
        self._sent.append(
            {
                "chat_id": chat["id"],
                "message_thread_id": thread_id,
                "text": params["text"],
                "parse_mode": params.get("parse_mode"),
                "plain_text": plain,
                "entities": copy.deepcopy(entities),
                "message_id": message["message_id"],
                "date": message["date"],
                "time": self._clock(),  # the emulator's clock, as calls() and the limits use it
                "params": jsonable(params),
                "reply_markup": copy.deepcopy(markup),
                "edits": [],
                "deleted": False,
            }
        )
        return copy.deepcopy(message)

    def _sent_record(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        for record in self._sent:
            if record["chat_id"] == chat_id and record["message_id"] == message_id:
                return record
        return None

    def _editable(self, params: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """The chat and the stored message an edit names; only the bot's own messages change."""
        if "chat_id" not in params:
            raise ApiError(400, "Bad Request: chat_id is empty")
        if "message_id" not in params:
            raise ApiError(400, "Bad Request: message identifier is not specified")
        chat = self._resolve_chat(params["chat_id"])
        message = self._messages.get((chat["id"], params["message_id"]))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if message.get("from", {}).get("id") != self._bot_id and chat["type"] != "channel":
            raise ApiError(400, "Bad Request: message can't be edited")
        return chat, message

    def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        """Without reply_markup the keyboard goes, as on Telegram."""
        if "inline_message_id" in params:
            self._check_text(params)
            return True  # inline messages live outside any chat we know
        chat, message = self._editable(params)
        plain, entities = self._check_text(params)
        markup = _inline_markup(params)
        current = (message["text"], message.get("entities"), message.get("reply_markup"))
        if (plain, entities or None, markup) == current:
            raise ApiError(400, _NOT_MODIFIED)
        message["text"] = plain
        message.pop("entities", None)
        if entities:
            message["entities"] = copy.deepcopy(entities)
        self._edited(chat, message, markup, {"text": params["text"], "parse_mode": params.get("parse_mode"),
                                             "plain_text": plain})
        return copy.deepcopy(message)

    def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        if "inline_message_id" in params:
            return True
        chat, message = self._editable(params)
        markup = _inline_markup(params)
        if markup == message.get("reply_markup"):
            raise ApiError(400, _NOT_MODIFIED)
        self._edited(chat, message, markup, {})
        return copy.deepcopy(message)

    def _edited(
        self, chat: dict[str, Any], message: dict[str, Any], markup: dict[str, Any] | None, change: dict[str, Any]
    ) -> None:
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = copy.deepcopy(markup)
        message["edit_date"] = int(time.time())
        record = self._sent_record(chat["id"], message["message_id"])
        if record is not None:
            record["reply_markup"] = copy.deepcopy(markup)
            record["edits"].append({**change, "reply_markup": copy.deepcopy(markup)})

    def _delete_message(self, params: dict[str, Any]) -> bool:
        chat = self._resolve_chat(params["chat_id"])
        if self._messages.pop((chat["id"], params["message_id"]), None) is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        record = self._sent_record(chat["id"], params["message_id"])
        if record is not None:
            record["deleted"] = True
        return True

    def _send_chat_action(self, params: dict[str, Any]) -> bool:
        self._resolve_chat(params["chat_id"])
        if params["action"] not in _CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        """Each query can be answered once, and only if it was really delivered."""
        query = self._callbacks.pop(params["callback_query_id"], None)
        if query is None:
            raise ApiError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        answer = {key: params.get(key) for key in ("callback_query_id", "text", "show_alert", "url", "cache_time")}
        self._answers.append({**answer, **query, "time": self._clock()})
        return True

    def _copy_of(self, params: dict[str, Any], message_id: int, verb: str) -> dict[str, Any] | None:
        """A new message of the bot in chat_id with the text of message_id in from_chat_id."""
        source_chat = self._resolve_chat(params["from_chat_id"])
        source = self._messages.get((source_chat["id"], message_id))
        if source is None or "text" not in source:
            return None
        chat = self._resolve_chat(params["chat_id"])
        copy_ = self._new_message(
            chat, self._bot_user(), source["text"], source.get("entities", []), self._thread_of(chat, params)
        )
        if verb == "forward":
            if source_chat["type"] == "channel":
                origin = {"type": "channel", "chat": copy.deepcopy(source_chat), "message_id": message_id}
            else:
                origin = {"type": "user", "sender_user": copy.deepcopy(source.get("from", self._bot_user()))}
            copy_["forward_origin"] = {**origin, "date": source["date"]}
        elif _inline_markup(params):
            copy_["reply_markup"] = _inline_markup(params)
        return copy_

    def _forward_message(self, params: dict[str, Any]) -> dict[str, Any]:
        forwarded = self._copy_of(params, params["message_id"], "forward")
        if forwarded is None:
            raise ApiError(400, "Bad Request: message to forward not found")
        return copy.deepcopy(forwarded)

    def _copy_message(self, params: dict[str, Any]) -> dict[str, int]:
        copied = self._copy_of(params, params["message_id"], "copy")
        if copied is None:
            raise ApiError(400, "Bad Request: message to copy not found")
        return {"message_id": copied["message_id"]}

    def _copy_messages(self, verb: str, params: dict[str, Any]) -> list[dict[str, int]]:
        """Messages that are gone are skipped, as Telegram does; none left is an error."""
        made = [self._copy_of(params, message_id, verb) for message_id in params["message_ids"]]
        ids = [{"message_id": m["message_id"]} for m in made if m is not None]
        if not ids:
            raise ApiError(400, f"Bad Request: messages to {verb} not found")
        return ids

    def _message_handlers(self) -> dict[str, Any]:
        return {
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "deletemessage": self._delete_message,
            "sendchataction": self._send_chat_action,
            "answercallbackquery": self._answer_callback_query,
            "forwardmessage": self._forward_message,
            "copymessage": self._copy_message,
            "forwardmessages": functools.partial(self._copy_messages, "forward"),
            "copymessages": functools.partial(self._copy_messages, "copy"),
        }

    # -- injecting updates -----------------------------------------------------------------------

    def _queue_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Telegram never creates updates of types the bot did not ask for; neither do we."""
        update = {"update_id": self._next_update_id, kind: payload}
        self._next_update_id += 1
        allowed = self._allowed_updates
        if (kind not in allowed) if allowed else (kind in _OPT_IN_UPDATES):
            logger.debug("emulator: dropping %s update, allowed_updates=%s", kind, allowed)
        else:
            self._updates.append(update)
            self._cond.notify_all()
        return copy.deepcopy(update)

    def _user(
        self, user_id: int, first_name: str, username: str | None, language_code: str | None
    ) -> dict[str, Any]:
        """The user as updates show them; remembered, so getChatMember can name them."""
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        self._users[user_id] = user
        return copy.deepcopy(user)

    def inject_message(
        self,
        text: str,
        user_id: int,
        chat_id: int | None = None,
        chat_type: str | None = None,
        first_name: str = "User",
        username: str | None = None,
        message_thread_id: int | None = None,
        language_code: str | None = None,
    ) -> dict[str, Any]:
        """Queue an Update as if the user wrote ``text``; a leading /command gets its bot_command
        entity, because CommandHandler only matches messages that carry one at offset 0.

        ``chat_type`` defaults to the known chat's type, else to what the id's sign says. A
        ``message_thread_id`` in a forum names a topic (opened here if the emulator did not know it).
        """
        with self._cond:
            user = self._user(user_id, first_name, username, language_code)
            chat_id = user_id if chat_id is None else chat_id
            chat = self._chat_for_user(chat_id, chat_type, user)
            if message_thread_id is not None:
                self._ensure_topic(chat, message_thread_id)
            entities = []
            command = _BOT_COMMAND_PREFIX_RE.match(text)
            if command:
                entities.append({"type": "bot_command", "offset": 0, "length": utf16_length(command.group())})
            message = self._new_message(chat, user, text, entities, message_thread_id)
            kind = "channel_post" if chat["type"] == "channel" else "message"
            return self._queue_update(kind, copy.deepcopy(message))

    def inject_callback_query(
        self,
        data: str,
        message: Any = None,
        legacy_message_id: int | None = None,
        *,
        user_id: int | None = None,
        message_id: int | None = None,
        chat_id: int | None = None,
        first_name: str = "User",
        username: str | None = None,
        language_code: str | None = None,
    ) -> dict[str, Any]:
        """Queue a button press with ``data`` on a message of the bot.

        ``message`` is a sent_messages() record, a Message dict or object, a (chat_id, message_id)
        pair or a message id (then chat_id, or the user's private chat). A message that no longer
        exists arrives as Telegram sends it: an InaccessibleMessage (date 0), which the bot must cope with.
        The older positional order (user_id, data, message_id) still works.
        """
        if isinstance(data, int) and not isinstance(data, bool) and isinstance(message, str):
            data, message, user_id = message, None, data
            message_id = legacy_message_id if legacy_message_id is not None else message_id
        elif legacy_message_id is not None:
            raise TypeError("a third positional argument is only for the (user_id, data, message_id) order")
        chat_id, message_id = _message_address(message, chat_id, message_id)
        if chat_id is None:
            if user_id is None:
                raise ValueError("name the chat: a message, chat_id or user_id (for a private chat)")
            chat_id = user_id
        if user_id is None:
            if chat_id <= 0:
                raise ValueError("user_id is required for a button pressed in a group or channel")
            user_id = chat_id
        with self._cond:
            user = self._user(user_id, first_name, username, language_code)
            chat = self._resolve_chat(chat_id)
            stored = self._messages.get((chat["id"], message_id))
            shown = copy.deepcopy(stored) if stored is not None else {
                "chat": copy.deepcopy(chat), "message_id": message_id, "date": 0
            }
            query_id = f"{self._bot_id}{self._next_callback_id:08d}"
            self._next_callback_id += 1
            self._callbacks[query_id] = {
                "data": data, "chat_id": chat["id"], "message_id": message_id, "user_id": user_id,
            }
            query = {
                "id": query_id,
                "from": user,
                "chat_instance": str(zlib.crc32(str(chat["id"]).encode())),
                "data": data,
                "message": shown,
            }
            return self._queue_update("callback_query", query)

    # -- inspection ------------------------------------------------------------------------------

    def _chat_filter(self, chat_id: int | str | None) -> Callable[[dict[str, Any]], bool]:
        if chat_id is None:
            return lambda record: True
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            resolved = self._usernames.get(chat_id[1:].lower())
            return lambda record: record["chat_id"] == resolved
        return lambda record: record["chat_id"] == chat_id

    def sent_messages(self, chat_id: int | str | None = None, thread_id: int | None = None) -> list[dict[str, Any]]:
        """Successful sendMessage calls in order: chat_id, message_thread_id, text (raw), parse_mode,
        plain_text, entities, message_id, date, time, params, reply_markup (current), edits, deleted.
        ``thread_id`` keeps those sent into that topic or thread."""
        with self._cond:
            wanted = self._chat_filter(chat_id)
            return copy.deepcopy(
                [r for r in self._sent if wanted(r) and (thread_id is None or r["message_thread_id"] == thread_id)]
            )

    def message(self, chat_id: int | str, message_id: int) -> dict[str, Any] | None:
        """The message as it stands now (edits applied, current reply_markup); None once deleted."""
        with self._cond:
            chat = self._find_chat(chat_id)
            found = self._messages.get((chat["id"], message_id)) if chat is not None else None
            return copy.deepcopy(found)

    def callback_answers(self) -> list[dict[str, Any]]:
        """answerCallbackQuery calls that were accepted: callback_query_id, text, show_alert, url,
        cache_time, and the query's data, chat_id, message_id, user_id; time on the emulator's clock."""
        with self._cond:
            return copy.deepcopy(self._answers)

    def wait_for_messages(
        self, chat_id: int | str, count: int, timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        """Block until ``chat_id`` has at least ``count`` sent messages; return them.

        Blocking: from a coroutine on the bot's event loop use ``await_messages`` instead, or
        the bot could never send what is awaited.
        """
        with self._cond:
            wanted = self._chat_filter(chat_id)
            if self._cond.wait_for(lambda: sum(map(wanted, self._sent)) >= count or self._stopping, timeout):
                found = [r for r in self._sent if wanted(r)]
                if len(found) >= count:
                    return copy.deepcopy(found)
            found = [r for r in self._sent if wanted(r)]
            failures = [c for c in self._calls if not c["ok"]][-5:]
            lines = [f"expected {count} message(s) to chat {chat_id} within {timeout}s, got {len(found)}:"]
            lines += [f"  #{r['message_id']}: {r['text']!r}" for r in found]
            others = sorted({r["chat_id"] for r in self._sent} - {r["chat_id"] for r in found})
            if others:
                lines.append(f"messages went to other chats: {others}")
            lines += [f"failed call: {c['method']} {c['error_code']} {c['description']}" for c in failures]
            if self._stopping:
                lines.append("(the emulator was stopped)")
            raise EmulatorTimeout("\n".join(lines))

    async def await_messages(
        self, chat_id: int | str, count: int, timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        """wait_for_messages without blocking the event loop the bot runs on."""
        return await asyncio.to_thread(self.wait_for_messages, chat_id, count, timeout)


def _message_address(message: Any, chat_id: int | None, message_id: int | None) -> tuple[int | None, int]:
    """(chat id, message id) from the many ways a test names a message."""
    if message is None:
        if message_id is None:
            raise ValueError("name the message: message=... or message_id=...")
        return chat_id, message_id
    if isinstance(message, bool):
        raise TypeError("message must name a message")
    if isinstance(message, int):
        return chat_id, message
    if isinstance(message, tuple) and len(message) == 2:
        return int(message[0]), int(message[1])
    if isinstance(message, dict):
        if "chat_id" in message:  # a sent_messages() record
            return int(message["chat_id"]), int(message["message_id"])
        return int(message["chat"]["id"]), int(message["message_id"])
    if hasattr(message, "chat_id") and hasattr(message, "message_id"):  # telegram.Message
        return int(message.chat_id), int(message.message_id)
    raise TypeError(f"cannot find a message in {message!r}")

"""The emulator: Bot API methods with real behaviour, injected updates, faults and flood limits.

State is shared between the server threads and the test thread under one condition variable.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import json
import logging
import re
import socket
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from bot.emulator.html import check_message_text, utf16_length
from bot.emulator.limits import COUNTED_METHODS, FloodModel, RateLimits, WindowMeter
from bot.emulator.spec import DEFAULT_SPEC_PATH, ApiError, jsonable, load_spec
from bot.emulator.transport import Handler, Server, parse_body

logger = logging.getLogger("bot.emulator")

_MAX_LONG_POLL = 50.0  # Telegram answers long polls after at most ~50 s
_TOKEN_RE = re.compile(r"(\d+):[A-Za-z0-9_-]+")
_PATH_RE = re.compile(r"/bot([^/]*)/([^/]*)")
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_BOT_COMMAND_PREFIX_RE = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
_CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    }
)
# Update types Telegram leaves out when allowed_updates is unset or empty.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class EmulatorTimeout(AssertionError, TimeoutError):
    """wait_for_messages gave up; an AssertionError for pytest, a TimeoutError for callers."""


@dataclass
class _Fault:
    method: str  # canonical spec name
    error_code: int
    description: str
    parameters: dict[str, Any] | None
    remaining: int
    chat_id: int | str | None


class BotAPIEmulator:
    """A Bot API server on 127.0.0.1 with inspectable state, for tests and the offline demo.

    State is shared between the server threads and the test thread under one condition
    variable; every accessor returns deep copies, so callers never see a half-made update.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_username: str = "newsbell_bot",
        spec_path: str | Path | None = None,
        bot_first_name: str = "Newsbell",
        rate_limits: RateLimits | None = None,
        track_limits: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ):
        """``rate_limits`` enforces Telegram's flood limits (429 + retry_after); without it,
        ``track_limits`` only counts what the default limits would have refused (chat_violations).
        ``clock`` times the limits and the calls' "time" (tests pass one they move by hand)."""
        self.host = host
        self.port = port
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self._spec = load_spec(str(Path(spec_path) if spec_path else DEFAULT_SPEC_PATH))
        self._cond = threading.Condition(threading.RLock())
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self._stopping = False
        self._bot_id = 1  # replaced by the id in the first token seen
        # Updates
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._poll_generation = 0
        self._allowed_updates: list[str] | None = None
        self._callback_ids: set[str] = set()
        self._next_callback_id = 1
        # Chats and messages
        self._chats: dict[int, dict[str, Any]] = {}
        self._usernames: dict[str, int] = {}
        self._message_counter: dict[int, int] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._sent: list[dict[str, Any]] = []
        self._calls: list[dict[str, Any]] = []
        self._faults: list[_Fault] = []
        # Flood limits: the model that refuses, or the one that only counts, or neither
        self.rate_limits = rate_limits
        self._track_limits = track_limits
        self._clock = clock
        self._enforced: FloodModel | None = None
        self._shadow: FloodModel | None = None
        self._reset_limit_counters()
        # Bot settings
        self._webhook: dict[str, Any] = {"url": ""}
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._profile: dict[tuple[str, str], str] = {}
        self._handlers: dict[str, Callable[[dict[str, Any]], Any]] = {
            "getme": self._get_me,
            "getupdates": self._get_updates,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "close": lambda p: True,
            "logout": lambda p: True,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_message_text,
            "deletemessage": self._delete_message,
            "sendchataction": self._send_chat_action,
            "answercallbackquery": self._answer_callback_query,
            "getchat": self._get_chat,
            "setmyname": functools.partial(self._set_profile, "name", 64),
            "getmyname": functools.partial(self._get_profile, "name"),
            "setmydescription": functools.partial(self._set_profile, "description", 512),
            "getmydescription": functools.partial(self._get_profile, "description"),
            "setmyshortdescription": functools.partial(self._set_profile, "short_description", 120),
            "getmyshortdescription": functools.partial(self._get_profile, "short_description"),
        }

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> BotAPIEmulator:
        """Bind and serve in a daemon thread; port=0 picks a free port."""
        if self._server is not None:
            raise RuntimeError("emulator already started")
        self._stopping = False
        server = Server((self.host, self.port), Handler)
        server.emulator = self
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=f"bot-api-emulator:{self.port}",
            daemon=True,
        )
        self._thread.start()
        logger.debug("Bot API emulator (%s) listening on %s", self._spec.version, self.base_url)
        return self

    def stop(self) -> None:
        """Stop promptly: wake long polls, stop accepting, cut keep-alive connections."""
        server, self._server = self._server, None
        if server is None:
            return
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        server.shutdown()
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> BotAPIEmulator:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """What to pass to ApplicationBuilder().base_url() / telegram.Bot(base_url=...)."""
        if self._server is None:
            raise RuntimeError("emulator not started")
        return f"http://{self.host}:{self.port}/bot"

    def _track_connection(self, connection: socket.socket, opened: bool) -> None:
        with self._connections_lock:
            if opened:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    # -- request dispatch ----------------------------------------------------------------------

    def _dispatch(
        self, http_method: str, raw_path: str, content_type: str, body: bytes
    ) -> tuple[int, dict[str, Any]]:
        url = urlsplit(raw_path)
        method_name = "?"
        params: dict[str, Any] = {}
        try:
            match = _PATH_RE.fullmatch(url.path)
            if match is None:
                method_name = url.path  # not a Bot API path at all; record what was asked
                raise ApiError(404, "Not Found")
            token, method_name = unquote(match.group(1)), unquote(match.group(2))
            token_match = _TOKEN_RE.fullmatch(token)
            if token_match is None:
                raise ApiError(401, "Unauthorized")
            method = self._spec.method(method_name)
            if method is None:
                raise ApiError(404, "Not Found: method not found")
            method_name = method["name"]
            params = dict(parse_qsl(url.query, keep_blank_values=True))
            if http_method == "POST":
                params.update(parse_body(content_type, body))
            params = self._spec.validate(method, params)
            with self._cond:
                now = self._clock()
                self._bot_id = int(token_match.group(1))
                fault = self._take_fault(method_name, params)
                if fault is not None:
                    raise ApiError(fault.error_code, fault.description, fault.parameters)
                target = self._limit_target(method_name, params)
                if target is not None:
                    self._enforce_limits(now, method_name, *target)
                handler = self._handlers.get(method_name.lower())
                result = handler(params) if handler is not None else True
                if target is not None:
                    self._count_message(now, *target)
                self._record(method_name, params, True, None, None, now)
            logger.debug("emulator: %s ok", method_name)
            return 200, {"ok": True, "result": result}
        except ApiError as exc:
            with self._cond:
                if exc.error_code == 429:
                    self.http_429 += 1
                self._record(method_name, params, False, exc.error_code, exc.description)
            logger.debug("emulator: %s -> %s %s", method_name, exc.error_code, exc.description)
            payload: dict[str, Any] = {
                "ok": False, "error_code": exc.error_code, "description": exc.description
            }
            if exc.parameters:
                payload["parameters"] = exc.parameters
            return exc.error_code, payload
        except Exception as exc:  # an emulator bug must surface as a failed call, not a hung client
            logger.exception("emulator: %s crashed", method_name)
            with self._cond:
                self._record(method_name, params, False, 500, f"Internal Server Error: {exc!r}")
            return 500, {"ok": False, "error_code": 500, "description": f"Internal Server Error: {exc!r}"}

    def _record(
        self, method: str, params: dict[str, Any], ok: bool, code: int | None, description: str | None,
        now: float | None = None,
    ) -> None:
        """``time`` is the clock's (time.monotonic()) when the request was handled, as limits judge it."""
        self._calls.append(
            {
                "method": method,
                "params": jsonable(params),
                "ok": ok,
                "error_code": code,
                "description": description,
                "time": self._clock() if now is None else now,
            }
        )
        self._cond.notify_all()

    # -- flood limits (callers hold self._cond) ---------------------------------------------------

    def _reset_limit_counters(self) -> None:
        self.http_429 = 0
        self._hits: list[dict[str, Any]] = []
        self._global_meter = WindowMeter(1.0)
        self._violations: dict[int, int] = {}
        if self.rate_limits is not None:
            self._enforced = FloodModel(self.rate_limits)
        elif self._track_limits:
            self._shadow = FloodModel(RateLimits())

    def _limit_target(self, method: str, params: dict[str, Any]) -> tuple[int | None, bool] | None:
        """(chat id, is private) of a counted message; None for methods the limits ignore."""
        if method not in COUNTED_METHODS:
            return None
        if params.get("chat_id") is None:
            return None, False  # an inline message: only the global limit applies
        chat = self._resolve_chat(params["chat_id"])
        return chat["id"], chat["type"] == "private"

    def _enforce_limits(self, now: float, method: str, chat_id: int | None, private: bool) -> None:
        if self._enforced is None:
            return
        refusal = self._enforced.check(now, chat_id, private)
        if refusal is None:
            return
        self._hits.append({"method": method, "chat_id": chat_id, "scope": refusal.scope, "time": now})
        seconds = refusal.retry_after
        raise ApiError(429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds})

    def _count_message(self, now: float, chat_id: int | None, private: bool) -> None:
        """A counted message was sent: spend its budget and measure it."""
        self._global_meter.add(now)
        if self._enforced is not None:
            self._enforced.admit(now, chat_id, private)
        elif self._shadow is not None:
            refusal = self._shadow.check(now, chat_id, private)
            if refusal is None:
                self._shadow.admit(now, chat_id, private)
            elif refusal.scope == "chat" and chat_id is not None:
                self._violations[chat_id] = self._violations.get(chat_id, 0) + 1

    def _take_fault(self, method: str, params: dict[str, Any]) -> _Fault | None:
        for fault in self._faults:
            if fault.method != method:
                continue
            if fault.chat_id is not None and not self._same_chat(fault.chat_id, params.get("chat_id")):
                continue
            fault.remaining -= 1
            if fault.remaining <= 0:
                self._faults.remove(fault)
            return fault
        return None

    def _same_chat(self, wanted: int | str, given: Any) -> bool:
        if given is None:
            return False
        ids = []
        for value in (wanted, given):
            if isinstance(value, str) and value.startswith("@"):
                ids.append(self._usernames.get(value[1:].lower(), value.lower()))
            else:
                ids.append(value)
        return ids[0] == ids[1]

    # -- chats and messages (callers hold self._cond) --------------------------------------------

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self._bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def add_chat(
        self,
        chat_id: int,
        type: str = "private",  # noqa: A002 - the Bot API's field name
        title: str | None = None,
        username: str | None = None,
        first_name: str | None = None,
    ) -> dict[str, Any]:
        """Register a chat so getChat/sendMessage (also by @username) see its real type and names."""
        chat: dict[str, Any] = {"id": chat_id, "type": type}
        if type == "private":
            chat["first_name"] = first_name or "User"
        else:
            chat["title"] = title or f"Chat {chat_id}"
        if username:
            chat["username"] = username.lstrip("@")
        with self._cond:
            self._chats[chat_id] = chat
            if username:
                self._usernames[username.lstrip("@").lower()] = chat_id
        return copy.deepcopy(chat)

    def _find_chat(self, chat_id: int | str) -> dict[str, Any] | None:
        """A chat the emulator knows, by id or @username, without inventing one."""
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            found = self._usernames.get(chat_id[1:].lower())
            return self._chats.get(found) if found is not None else None
        return self._chats.get(int(chat_id))

    def _resolve_chat(self, chat_id: Any) -> dict[str, Any]:
        """Unknown numeric ids are accepted (type guessed from the sign, as Telegram's id ranges);
        an unknown @username becomes a channel, the usual target of a news bot."""
        if isinstance(chat_id, int):
            chat = self._chats.get(chat_id)
            if chat is None:
                if chat_id > 0:
                    chat = {"id": chat_id, "type": "private", "first_name": "User"}
                elif str(chat_id).startswith("-100"):
                    chat = {"id": chat_id, "type": "supergroup", "title": f"Chat {chat_id}"}
                else:
                    chat = {"id": chat_id, "type": "group", "title": f"Chat {chat_id}"}
                self._chats[chat_id] = chat
            return chat
        text = str(chat_id).strip()
        if not text:
            raise ApiError(400, "Bad Request: chat_id is empty")
        if not text.startswith("@") or len(text) < 2:
            raise ApiError(400, "Bad Request: chat not found")
        key = text[1:].lower()
        if key not in self._usernames:
            new_id = -(10**12) - zlib.crc32(key.encode()) % 10**9
            self._chats[new_id] = {"id": new_id, "type": "channel", "title": text[1:], "username": text[1:]}
            self._usernames[key] = new_id
        return self._chats[self._usernames[key]]

    def _new_message(self, chat: dict[str, Any], sender: dict[str, Any] | None, text: str,
                     entities: list[dict[str, Any]]) -> dict[str, Any]:
        """Message ids count per chat, shared by both sides, as in private chats and groups."""
        chat_id = chat["id"]
        self._message_counter[chat_id] = self._message_counter.get(chat_id, 0) + 1
        message: dict[str, Any] = {
            "message_id": self._message_counter[chat_id],
            "date": int(time.time()),
            "chat": copy.deepcopy(chat),
        }
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

    # -- method implementations (called with self._cond held) ----------------------------------

    def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            **self._bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Long polling: a newer getUpdates ends an older one with 409, as on Telegram."""
        if self._webhook["url"]:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = params.get("offset", 0)
        limit = params.get("limit") or 100
        limit = max(1, min(100, limit))
        timeout = min(max(0.0, float(params.get("timeout", 0))), _MAX_LONG_POLL)
        if "allowed_updates" in params:
            self._allowed_updates = list(params["allowed_updates"])
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        self._poll_generation += 1
        generation = self._poll_generation
        self._cond.notify_all()
        deadline = time.monotonic() + timeout
        while True:
            if self._stopping:
                return []
            if generation != self._poll_generation:
                raise ApiError(
                    409, "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running"
                )
            if self._updates:
                return copy.deepcopy(self._updates[:limit])
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            self._cond.wait(remaining)

    def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = params["url"].strip()
        if url and not url.lower().startswith("https://"):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        kept = {k: v for k, v in params.items() if k in ("max_connections", "allowed_updates")}
        self._webhook = {"url": url, **kept}
        if "allowed_updates" in params:
            self._allowed_updates = list(params["allowed_updates"])
        self._poll_generation += 1  # a webhook ends any running long poll
        self._cond.notify_all()
        return True

    def _delete_webhook(self, params: dict[str, Any]) -> bool:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self._webhook = {"url": ""}
        return True

    def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {**copy.deepcopy(self._webhook), "has_custom_certificate": False,
                "pending_update_count": len(self._updates)}

    def _scope_key(self, params: dict[str, Any]) -> tuple[str, str]:
        scope = dict(params.get("scope") or {"type": "default"})
        if "chat_id" in scope:
            scope["chat_id"] = self._resolve_chat(scope["chat_id"])["id"]
        return json.dumps(scope, sort_keys=True), params.get("language_code", "")

    def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params["commands"]
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            if not _COMMAND_RE.fullmatch(command["command"]):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command["description"].strip()) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self._commands[self._scope_key(params)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return copy.deepcopy(self._commands.get(self._scope_key(params), []))

    def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        self._commands.pop(self._scope_key(params), None)
        return True

    def _set_profile(self, field: str, max_length: int, params: dict[str, Any]) -> bool:
        value = params.get(field, "")
        if len(value) > max_length:
            raise ApiError(400, f'Bad Request: parameter "{field}" must be at most {max_length} characters')
        self._profile[(field, params.get("language_code", ""))] = value
        return True

    def _get_profile(self, field: str, params: dict[str, Any]) -> dict[str, str]:
        language = params.get("language_code", "")
        value = self._profile.get((field, language), self._profile.get((field, ""), ""))
        if field == "name" and not value:
            value = self.bot_first_name  # the name is the bot's first name until set
        return {field: value}

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._resolve_chat(params["chat_id"])
        plain, entities = self._check_text(params)
        message = self._new_message(chat, self._bot_user(), plain, entities)
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = copy.deepcopy(markup)  # only inline keyboards appear on Messages
        self._sent.append(
            {
                "chat_id": chat["id"],
                "text": params["text"],
                "parse_mode": params.get("parse_mode"),
                "plain_text": plain,
                "entities": copy.deepcopy(entities),
                "message_id": message["message_id"],
                "date": message["date"],
                "params": jsonable(params),
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

    def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        if "inline_message_id" in params:
            self._check_text(params)
            return True  # inline messages live outside any chat we know
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
        plain, entities = self._check_text(params)
        markup = params.get("reply_markup")
        markup = markup if isinstance(markup, dict) and "inline_keyboard" in markup else None
        current = (message["text"], message.get("entities"), message.get("reply_markup"))
        if (plain, entities or None, markup) == current:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply markup "
                "are exactly the same as a current content and reply markup of the message",
            )
        message["text"] = plain
        message.pop("entities", None)
        message.pop("reply_markup", None)
        if entities:
            message["entities"] = copy.deepcopy(entities)
        if markup:
            message["reply_markup"] = copy.deepcopy(markup)
        message["edit_date"] = int(time.time())
        record = self._sent_record(chat["id"], params["message_id"])
        if record is not None:
            record["edits"].append(
                {"text": params["text"], "parse_mode": params.get("parse_mode"), "plain_text": plain}
            )
        return copy.deepcopy(message)

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
        if params["callback_query_id"] not in self._callback_ids:
            raise ApiError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        self._callback_ids.discard(params["callback_query_id"])
        return True

    def _get_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = copy.deepcopy(self._resolve_chat(params["chat_id"]))
        chat.update(
            accent_color_id=0,
            max_reaction_count=11,
            accepted_gift_types={
                "unlimited_gifts": False, "limited_gifts": False, "unique_gifts": False,
                "premium_subscription": False, "gifts_from_channels": False,
            },
        )
        return chat

    # -- injecting updates ---------------------------------------------------------------------

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

    def inject_message(
        self,
        text: str,
        user_id: int,
        chat_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "User",
        username: str | None = None,
    ) -> dict[str, Any]:
        """Queue an Update as if the user wrote ``text``; a leading /command gets its bot_command
        entity, because CommandHandler only matches messages that carry one at offset 0."""
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        chat_id = user_id if chat_id is None else chat_id
        with self._cond:
            chat = self._chats.get(chat_id)
            if chat is None or chat["type"] != chat_type:
                chat = {"id": chat_id, "type": chat_type}
                if chat_type == "private":
                    chat["first_name"] = first_name
                    if username:
                        chat["username"] = username
                else:
                    chat["title"] = f"Chat {chat_id}"
                self._chats[chat_id] = chat
            entities = []
            command = _BOT_COMMAND_PREFIX_RE.match(text)
            if command:
                entities.append({"type": "bot_command", "offset": 0, "length": utf16_length(command.group())})
            message = self._new_message(chat, user, text, entities)
            kind = "channel_post" if chat_type == "channel" else "message"
            return self._queue_update(kind, copy.deepcopy(message))

    def inject_callback_query(
        self, user_id: int, data: str, message_id: int, chat_id: int | None = None,
        first_name: str = "User", username: str | None = None,
    ) -> dict[str, Any]:
        """Queue a button press on message ``message_id`` (one the bot sent, if it exists)."""
        chat_id = user_id if chat_id is None else chat_id
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        with self._cond:
            message = self._messages.get((chat_id, message_id))
            if message is None:
                chat = self._resolve_chat(chat_id)
                message = {"message_id": message_id, "date": int(time.time()), "chat": copy.deepcopy(chat),
                           "from": self._bot_user(), "text": ""}
            query_id = f"{self._bot_id}{self._next_callback_id:08d}"
            self._next_callback_id += 1
            self._callback_ids.add(query_id)
            query = {
                "id": query_id,
                "from": user,
                "chat_instance": str(zlib.crc32(str(chat_id).encode())),
                "data": data,
                "message": copy.deepcopy(message),
            }
            return self._queue_update("callback_query", query)

    # -- inspection ----------------------------------------------------------------------------

    def _chat_filter(self, chat_id: int | str | None) -> Callable[[dict[str, Any]], bool]:
        if chat_id is None:
            return lambda record: True
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            resolved = self._usernames.get(chat_id[1:].lower())
            return lambda record: record["chat_id"] == resolved
        return lambda record: record["chat_id"] == chat_id

    def sent_messages(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """Successful sendMessage calls in order: chat_id, text (raw), parse_mode, plain_text,
        entities, message_id, date, params, edits (later editMessageText), deleted."""
        with self._cond:
            wanted = self._chat_filter(chat_id)
            return copy.deepcopy([r for r in self._sent if wanted(r)])

    def message(self, chat_id: int | str, message_id: int) -> dict[str, Any] | None:
        """The message as it stands now (edits applied, current reply_markup); None once deleted."""
        with self._cond:
            chat = self._find_chat(chat_id)
            message = self._messages.get((chat["id"], message_id)) if chat is not None else None
            return copy.deepcopy(message)

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

    def calls(self, method: str | None = None) -> list[dict[str, Any]]:
        """Every request received, failed ones included: method, params, ok, error_code, description."""
        with self._cond:
            wanted = None if method is None else method.lower()
            return copy.deepcopy([c for c in self._calls if wanted is None or c["method"].lower() == wanted])

    def commands(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list[dict[str, Any]]:
        """The last setMyCommands list for a scope (default scope unless given)."""
        with self._cond:
            key = self._scope_key({"scope": scope, "language_code": language_code})
            return copy.deepcopy(self._commands.get(key, []))

    def profile(self, language_code: str = "") -> dict[str, str]:
        """What setMyName / setMyDescription / setMyShortDescription stored."""
        with self._cond:
            return {
                field: self._profile.get((field, language_code), "")
                for field in ("name", "description", "short_description")
            }

    def webhook(self) -> dict[str, Any]:
        with self._cond:
            return copy.deepcopy(self._webhook)

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by a getUpdates offset."""
        with self._cond:
            return copy.deepcopy(self._updates)

    def clear(self) -> None:
        """Forget sent messages, calls and limit counters (and the limits' budget: a fresh start);
        chats, updates, commands and faults are kept."""
        with self._cond:
            self._sent.clear()
            self._calls.clear()
            self._reset_limit_counters()

    def rate_limit_hits(self) -> list[dict[str, Any]]:
        """Requests the enforced limits refused: method, chat_id, scope ("global"|"chat"), time."""
        with self._cond:
            return copy.deepcopy(self._hits)

    def max_global_window(self) -> int:
        """The most counted messages sent (not refused) inside any one-second window."""
        with self._cond:
            return self._global_meter.peak

    def chat_violations(self) -> dict[int, int]:
        """Chat id -> messages sent that its chat limit would have refused (chats without any are
        left out). Counted with ``track_limits=True`` and no ``rate_limits``; empty when enforcing."""
        with self._cond:
            return dict(self._violations)

    def fail_next(
        self,
        method: str,
        error_code: int,
        description: str,
        parameters: dict[str, Any] | None = None,
        times: int = 1,
        chat_id: int | str | None = None,
    ) -> None:
        """Make the next ``times`` valid calls of ``method`` (to ``chat_id``, if given) fail with
        this envelope, e.g. 429 + {"retry_after": 1}, 403 blocked, 400 + migrate_to_chat_id.
        Invalid calls still get their own 400 and do not use the fault up."""
        spec_method = self._spec.method(method)
        if spec_method is None:
            raise ValueError(f"{method!r} is not a Bot API method")
        if times < 1:
            raise ValueError("times must be at least 1")
        with self._cond:
            fault = _Fault(
                spec_method["name"], error_code, description, copy.deepcopy(parameters), times, chat_id
            )
            self._faults.append(fault)

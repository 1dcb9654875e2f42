"""The emulator: request dispatch, updates, bot settings and flood limits; chats, messages and
faults come from their mixins.

State is shared between the server threads and the test thread under one condition variable;
every accessor returns deep copies, so callers never see a half-made update.
"""

from __future__ import annotations

import copy
import functools
import json
import logging
import re
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from bot.emulator.chats import ChatsMixin
from bot.emulator.faults import FaultsMixin
from bot.emulator.limits import COUNTED_METHODS, FloodModel, RateLimits, WindowMeter
from bot.emulator.messages import EmulatorTimeout, MessagesMixin
from bot.emulator.spec import DEFAULT_SPEC_PATH, ApiError, jsonable, load_spec
from bot.emulator.transport import Handler, Server, parse_body
from bot.emulator.webhook import WebhookMixin

__all__ = ["BotAPIEmulator", "EmulatorTimeout"]

logger = logging.getLogger("bot.emulator")

_MAX_LONG_POLL = 50.0  # Telegram answers long polls after at most ~50 s
_TOKEN_RE = re.compile(r"(\d+):[A-Za-z0-9_-]+")
_PATH_RE = re.compile(r"/bot([^/]*)/([^/]*)")
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")


class BotAPIEmulator(ChatsMixin, MessagesMixin, FaultsMixin, WebhookMixin):
    """A Bot API server on 127.0.0.1 with inspectable state, for tests and the offline demo."""

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
        self._clock = clock
        self._poll_generation = 0
        self._calls: list[dict[str, Any]] = []
        self._init_chats()
        self._init_messages()
        self._init_faults()
        self._init_webhook()
        # Flood limits: the model that refuses, or the one that only counts, or neither
        self.rate_limits = rate_limits
        self._track_limits = track_limits
        self._enforced: FloodModel | None = None
        self._shadow: FloodModel | None = None
        self._reset_limit_counters()
        # Bot settings
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._profile: dict[tuple[str, str], str] = {}
        self._handlers: dict[str, Callable[[dict[str, Any]], Any]] = {
            "getme": self._get_me,
            "getupdates": self._get_updates,
            "close": lambda p: True,
            "logout": lambda p: True,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "setmyname": functools.partial(self._set_profile, "name", 64),
            "getmyname": functools.partial(self._get_profile, "name"),
            "setmydescription": functools.partial(self._set_profile, "description", 512),
            "getmydescription": functools.partial(self._get_profile, "description"),
            "setmyshortdescription": functools.partial(self._set_profile, "short_description", 120),
            "getmyshortdescription": functools.partial(self._get_profile, "short_description"),
            **self._message_handlers(),
            **self._chat_handlers(),
            **self._webhook_handlers(),
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
        with self._cond:
            if self._webhook["url"]:  # set before a stop(): delivery resumes
                self._start_delivery()
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
        self._stop_delivery()

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
        status, payload, delay = self._answer(http_method, raw_path, content_type, body)
        if delay > 0:
            with self._cond:  # performed already; only the answer waits (stop() cuts it short)
                self._cond.wait_for(lambda: self._stopping, delay)
        return status, payload

    def _answer(
        self, http_method: str, raw_path: str, content_type: str, body: bytes
    ) -> tuple[int, dict[str, Any], float]:
        url = urlsplit(raw_path)
        method_name = "?"
        params: dict[str, Any] = {}
        delay = 0.0
        now: float | None = None  # when the emulator decided; refusals are timed by it too
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
                delay = self._take_delay(method_name)
                refusal = self._take_fault(method_name, params) or self._chat_refusal(method_name, params)
                if refusal is not None:
                    raise refusal
                target = self._message_target(method_name, params)
                if target is not None:
                    self._enforce_limits(now, method_name, *target)
                handler = self._handlers.get(method_name.lower())
                result = handler(params) if handler is not None else True
                if target is not None:
                    self._count_message(now, *target)
                self._record(method_name, params, True, None, None, now)
            logger.debug("emulator: %s ok", method_name)
            return 200, {"ok": True, "result": result}, delay
        except ApiError as exc:
            with self._cond:
                if exc.error_code == 429:
                    self.http_429 += 1
                self._record(method_name, params, False, exc.error_code, exc.description, now)
            logger.debug("emulator: %s -> %s %s", method_name, exc.error_code, exc.description)
            payload: dict[str, Any] = {
                "ok": False, "error_code": exc.error_code, "description": exc.description
            }
            if exc.parameters:
                payload["parameters"] = exc.parameters
            return exc.error_code, payload, delay
        except Exception as exc:  # an emulator bug must surface as a failed call, not a hung client
            logger.exception("emulator: %s crashed", method_name)
            with self._cond:
                self._record(method_name, params, False, 500, f"Internal Server Error: {exc!r}")
            return 500, {"ok": False, "error_code": 500, "description": f"Internal Server Error: {exc!r}"}, delay

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
        self.http_429 = 0  # every 429 answered: the limits' and those a test asked for (fail_next)
        self._hits: list[dict[str, Any]] = []
        self._global_meter = WindowMeter(1.0)
        self._violations: dict[int, int] = {}
        self._global_violations = 0
        if self.rate_limits is not None:
            self._enforced = FloodModel(self.rate_limits)
        elif self._track_limits:
            self._shadow = FloodModel(RateLimits())

    def _message_target(self, method: str, params: dict[str, Any]) -> tuple[int | None, bool] | None:
        """(chat id, is private) of a counted message, once the bot may post it there (its status,
        the topic); None for methods the limits ignore."""
        if method not in COUNTED_METHODS:
            return None
        if params.get("chat_id") is None:
            return None, False  # an inline message: only the global limit applies
        chat = self._resolve_chat(params["chat_id"])
        self._check_can_post(chat)
        self._thread_of(chat, params)
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
        elif self._shadow is not None:  # each rule judged alone: what it would have refused
            if self._shadow.global_wait(now) > 0:
                self._global_violations += 1
            else:
                self._shadow.admit_global(now)
            if chat_id is not None and self._shadow.chat_wait(now, chat_id, private) > 0:
                self._violations[chat_id] = self._violations.get(chat_id, 0) + 1
            else:
                self._shadow.admit_chat(now, chat_id, private)

    # -- the bot and its settings (callers hold self._cond) --------------------------------------

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self._bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

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

    # -- inspection ------------------------------------------------------------------------------

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

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by a getUpdates offset or a webhook's 2xx."""
        with self._cond:
            return copy.deepcopy(self._updates)

    def clear(self) -> None:
        """Forget sent messages, calls, callback answers and limit counters (and the limits' budget:
        a fresh start); chats, updates, commands and faults are kept."""
        with self._cond:
            self._sent.clear()
            self._calls.clear()
            self._answers.clear()
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

    def global_violations(self) -> int:
        """Messages sent that the global limit would have refused (``track_limits``, as chat_violations)."""
        with self._cond:
            return self._global_violations

"""Faults a test switches on: failed calls, slow answers, and chats that blocked, vanished or migrated.

A mixin of BotAPIEmulator: its methods run under the emulator's lock and read its chats.
"""

from __future__ import annotations

import copy
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.emulator.limits import COUNTED_METHODS
from bot.emulator.spec import ApiError, Spec

# A blocked user refuses what puts something in front of them, chat actions included.
_BLOCKABLE = COUNTED_METHODS | {"sendChatAction"}


@dataclass
class Fault:
    method: str  # canonical spec name
    error_code: int
    description: str
    parameters: dict[str, Any] | None
    remaining: int
    chat_id: int | str | None


@dataclass
class FractionFault:
    """Fails a seeded pseudo-random share of calls: the same seed fails the same calls."""

    fraction: float
    error_code: int
    description: str
    parameters: dict[str, Any] | None
    rng: random.Random = field(repr=False)


@dataclass
class Delay:
    seconds: float
    remaining: int


class FaultsMixin:
    _spec: Spec
    _cond: threading.Condition
    _faults: list[Fault]
    _fractions: dict[str, FractionFault]
    _delays: dict[str, list[Delay]]
    _blocked: dict[int, str]
    _forgotten: set[int]
    _migrated: dict[int, int]
    _chats: dict[int, dict[str, Any]]

    def _init_faults(self) -> None:
        self._faults = []
        self._fractions = {}
        self._delays = {}
        self._blocked = {}
        self._forgotten = set()
        self._migrated = {}

    # ChatsMixin's
    _chat_key: Callable[[Any], int | None]
    _same_chat: Callable[[int | str, Any], bool]

    def _method_name(self, method: str) -> str:
        spec_method = self._spec.method(method)
        if spec_method is None:
            raise ValueError(f"{method!r} is not a Bot API method")
        return spec_method["name"]

    # -- switching faults on (test thread) --------------------------------------------------------

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
        name = self._method_name(method)
        if times < 1:
            raise ValueError("times must be at least 1")
        with self._cond:
            self._faults.append(Fault(name, error_code, description, copy.deepcopy(parameters), times, chat_id))

    def fail_fraction(
        self,
        method: str,
        fraction: float,
        status: int = 502,
        description: str = "Bad Gateway",
        seed: int = 0,
        parameters: dict[str, Any] | None = None,
    ) -> None:
        """Answer ``status`` to a pseudo-random ``fraction`` of valid ``method`` calls from now on,
        the same calls for the same seed and call order; ``fraction`` 0 switches it off.
        A failed call is not performed."""
        name = self._method_name(method)
        if not 0.0 <= fraction <= 1.0:
            raise ValueError(f"fraction must be within [0, 1], got {fraction!r}")
        with self._cond:
            if fraction == 0:
                self._fractions.pop(name, None)
            else:
                rng = random.Random(seed)
                self._fractions[name] = FractionFault(fraction, status, description, copy.deepcopy(parameters), rng)

    def delay_next(self, method: str, seconds: float, times: int = 1) -> None:
        """Hold the answer to the next ``times`` valid ``method`` calls for ``seconds``. The call
        is performed first, so a client that times out has still sent its message, as on Telegram."""
        name = self._method_name(method)
        if times < 1 or seconds < 0:
            raise ValueError("times must be at least 1 and seconds not negative")
        with self._cond:
            self._delays.setdefault(name, []).append(Delay(seconds, times))

    def block_chat(self, chat_id: int, description: str = "Forbidden: bot was blocked by the user") -> None:
        """Every later message to ``chat_id`` answers 403 with ``description``."""
        with self._cond:
            self._blocked[chat_id] = description

    def forget_chat(self, chat_id: int) -> None:
        """Every later call about ``chat_id`` answers 400 "chat not found" (deleted, or never met)."""
        with self._cond:
            self._forgotten.add(chat_id)

    def migrate_chat(self, old_id: int, new_id: int) -> None:
        """The group ``old_id`` became the supergroup ``new_id``: calls to the old id answer 400
        with migrate_to_chat_id (PTB raises ChatMigrated); the new id works."""
        with self._cond:
            self._migrated[old_id] = new_id
            old = self._chats.get(old_id, {})
            if new_id not in self._chats:
                title = old.get("title", f"Chat {new_id}")
                self._chats[new_id] = {"id": new_id, "type": "supergroup", "title": title}

    def restore_chat(self, chat_id: int) -> None:
        """Undo block_chat, forget_chat and migrate_chat for ``chat_id``."""
        with self._cond:
            self._blocked.pop(chat_id, None)
            self._forgotten.discard(chat_id)
            self._migrated.pop(chat_id, None)

    # -- applying them (request threads, lock held) -------------------------------------------------

    def _take_fault(self, method: str, params: dict[str, Any]) -> ApiError | None:
        for fault in self._faults:
            if fault.method != method:
                continue
            if fault.chat_id is not None and not self._same_chat(fault.chat_id, params.get("chat_id")):
                continue
            fault.remaining -= 1
            if fault.remaining <= 0:
                self._faults.remove(fault)
            return ApiError(fault.error_code, fault.description, copy.deepcopy(fault.parameters))
        fraction = self._fractions.get(method)
        if fraction is not None and fraction.rng.random() < fraction.fraction:
            return ApiError(fraction.error_code, fraction.description, copy.deepcopy(fraction.parameters))
        return None

    def _take_delay(self, method: str) -> float:
        delays = self._delays.get(method)
        if not delays:
            return 0.0
        delay = delays[0]
        delay.remaining -= 1
        if delay.remaining <= 0:
            delays.pop(0)
        return delay.seconds

    def _chat_refusal(self, method: str, params: dict[str, Any]) -> ApiError | None:
        """Blocked, forgotten and migrated chats answer as Telegram does."""
        if params.get("chat_id") is None:
            return None
        key = self._chat_key(params["chat_id"])
        if key is None:
            return None
        if key in self._forgotten:
            return ApiError(400, "Bad Request: chat not found")
        if key in self._migrated:
            return ApiError(
                400, "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self._migrated[key]},
            )
        if key in self._blocked and method in _BLOCKABLE:
            return ApiError(403, self._blocked[key])
        return None

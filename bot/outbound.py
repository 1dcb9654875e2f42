"""The one door every Bot API request leaves through: pacing and Telegram's error policy, in one place.

python-telegram-bot hands every request to its rate limiter (``BaseRateLimiter``); this is ours, so
command replies, callback answers, edits, admin notices and alerts share one budget and one policy,
and no handler ever decides what a 429 means.

- Messages (``COUNTED``: sends, copies, forwards, edits) wait for the ``Pacer`` to allow them: just
  under Telegram's global, per-chat and per-group limits, never on them.
- Waiting requests are served by priority, then in arrival order: a reply to someone typing
  (``INTERACTIVE``) goes before an admin notice, which goes before queued alerts (``BULK``).
- ``RetryAfter``: the chat (or, for a request without one, everything) is blocked for the time
  Telegram named and the request is retried; a wait above ``MAX_RETRY_AFTER`` is cut to it and
  reported through ``on_long_wait`` (admins hear of it). Nothing is dropped for a 429.
- Network trouble (5xx, timeouts) on an interactive request is retried ``TRANSIENT_RETRIES`` times
  with a short backoff: a reply must arrive. A bulk request raises at once, because its sender keeps
  the message in the database and retries that one chat later (``bot.sender``).
- Everything else (``Forbidden``, ``BadRequest``, ``ChatMigrated``) goes back to the caller, who knows
  what the message was.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import time
import warnings
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from bot.core.pacing import Pacer, RateLimits

log = logging.getLogger(__name__)

INTERACTIVE, NOTICE, BULK = 0, 1, 2
MAX_RETRY_AFTER = 600.0  # Telegram has answered 43,837 s during incidents; we try again after this at most
TRANSIENT_RETRIES = 4
TRANSIENT_BACKOFF = 0.5  # doubled per try
# Methods that put a message in a chat: these count against Telegram's flood limits.
COUNTED = frozenset({
    "sendMessage", "sendPhoto", "sendDocument", "sendVideo", "sendAnimation", "sendAudio", "sendVoice",
    "sendSticker", "sendMediaGroup", "sendLocation", "sendVenue", "sendContact", "sendPoll", "sendDice",
    "copyMessage", "copyMessages", "forwardMessage", "forwardMessages",
    "editMessageText", "editMessageCaption", "editMessageReplyMarkup", "editMessageMedia",
})


def retry_seconds(exc: RetryAfter) -> float:
    """``retry_after`` in seconds, whichever type this PTB version returns (int now, timedelta later)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _chat_key(chat_id: Any) -> int | str | None:
    if chat_id is None:
        return None
    try:
        return int(chat_id)
    except (TypeError, ValueError):
        return str(chat_id)  # "@channelname"


class Outbound(BaseRateLimiter[dict]):
    """Pacing and error policy for every request of one bot. ``rate_limit_args`` is an optional dict:
    ``{"priority": INTERACTIVE | NOTICE | BULK}``; handlers pass nothing and get ``INTERACTIVE``."""

    def __init__(self, limits: RateLimits | None = None, clock: Callable[[], float] = time.monotonic,
                 on_long_wait: Callable[[float, float], None] | None = None):
        self.pacer = Pacer(limits or RateLimits())
        self.clock = clock
        self.on_long_wait = on_long_wait  # (seconds Telegram asked, seconds we will wait)
        self.retry_after_count = 0
        self._waiters: list[tuple[int, int, int | str, asyncio.Future]] = []
        self._seq = itertools.count()
        self._changed: asyncio.Event | None = None
        self._pump_task: asyncio.Task | None = None

    async def initialize(self) -> None:
        self._changed = asyncio.Event()

    async def shutdown(self) -> None:
        task, self._pump_task = self._pump_task, None
        if task is not None:
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass
        for *_rest, fut in self._waiters:
            if not fut.done():
                fut.cancel()
        self._waiters.clear()

    # --- what the sender asks before choosing a chat ---

    def chat_wait(self, chat_id: int | str) -> float:
        """Seconds until the chat's own limits allow a message (0: now)."""
        now = self.clock()
        return self.pacer.chat_ready_at(chat_id, now) - now

    # --- BaseRateLimiter ---

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict | list[dict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict | None,
    ) -> bool | dict | list[dict]:
        priority = (rate_limit_args or {}).get("priority", INTERACTIVE)
        chat = _chat_key(data.get("chat_id"))
        counted = endpoint in COUNTED and chat is not None
        tries = 0
        while True:
            ticket = await self._acquire(chat, priority) if counted else await self._wait_global_block()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                asked = retry_seconds(exc)
                wait = min(max(asked, 0.0), MAX_RETRY_AFTER)
                self.retry_after_count += 1
                if asked > MAX_RETRY_AFTER:
                    log.error("Telegram asked us to wait %.0f s (%s, chat %s); retrying after %.0f s",
                              asked, endpoint, chat, wait)
                    if self.on_long_wait is not None:
                        self.on_long_wait(asked, wait)
                else:
                    log.warning("Telegram asked to slow down (%s, chat %s): waiting %.1f s", endpoint, chat, wait)
                # Telegram does not say which limit it was: a chat's request blocks that chat; a 429 on
                # a request without a chat blocks everything.
                until = self.clock() + wait
                self.pacer.block(chat, until)
                if chat is None:
                    self.pacer.block(None, until)
            except NetworkError as exc:
                if isinstance(exc, BadRequest) or priority == BULK or tries >= TRANSIENT_RETRIES:
                    raise
                tries += 1
                delay = TRANSIENT_BACKOFF * 2 ** (tries - 1)
                log.info("%s to chat %s failed (%s); retry %d in %.1f s", endpoint, chat, exc, tries, delay)
                await asyncio.sleep(delay)
            finally:
                if ticket is not None:
                    self.pacer.done(ticket, self.clock())  # the answer is back: the windows can move on
                    self._poke()

    # --- pacing: one pump grants slots to waiters by priority ---

    async def _acquire(self, chat: int | str, priority: int) -> int:
        """Wait for this chat's turn; returns the pacer's ticket for the message."""
        now = self.clock()
        if not self._waiters and self.pacer.ready_at(chat, now) <= now:
            return self.pacer.take(chat, now)  # the common case costs no task switch
        fut: asyncio.Future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (priority, next(self._seq), chat, fut))
        self._poke()
        try:
            return await fut
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():  # granted, then cancelled: give the slot back
                self.pacer.done(fut.result(), self.clock())
                self._poke()
            raise

    async def _wait_global_block(self) -> None:
        while True:
            now = self.clock()
            blocked = self.pacer.global_blocked_until - now
            if blocked <= 0:
                return None
            await asyncio.sleep(blocked)

    def _poke(self) -> None:
        if self._changed is None:
            self._changed = asyncio.Event()
        self._changed.set()
        if self._pump_task is None or self._pump_task.done():
            self._pump_task = asyncio.get_running_loop().create_task(self._pump(), name="outbound-pacer")

    async def _pump(self) -> None:
        while self._waiters:
            self._changed.clear()
            now = self.clock()
            wake = self.pacer.global_ready_at(now)
            granted = False
            if wake <= now:
                # Best waiter whose chat is ready: by priority, then arrival. The heap is small (the
                # sender keeps few sends in flight), so a sorted scan is cheap.
                for entry in sorted(self._waiters):
                    _prio, _seq, chat, fut = entry
                    if fut.done():  # cancelled (shutdown, a cancelled handler)
                        self._waiters.remove(entry)
                        heapq.heapify(self._waiters)
                        granted = True
                        break
                    ready = self.pacer.chat_ready_at(chat, now)
                    if ready <= now:
                        self._waiters.remove(entry)
                        heapq.heapify(self._waiters)
                        fut.set_result(self.pacer.take(chat, now))
                        granted = True
                        break
                    wake = ready if wake <= now else min(wake, ready)
            if granted:
                await asyncio.sleep(0)  # let the granted request start before the next grant
                continue
            # An infinite wake means only an answer to a message in flight frees a place: it pokes us.
            delay = None if wake == float("inf") else max(wake - now, 0.001)
            try:
                await asyncio.wait_for(self._changed.wait(), delay)
            except TimeoutError:
                pass

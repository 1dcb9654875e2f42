"""Telegram's flood limits as policy: when may the next message to a chat go out?

Pure: times are plain float seconds from any monotonic clock, passed in; nothing here sleeps. The
outbound path asks ``ready_at``, records each message with ``take`` when it leaves and ``done`` when
Telegram's answer is back.

The limits are Telegram's documented guidelines (``telegram.constants.FloodLimit``):
- overall, at most ``global_per_second`` messages in any one-second window;
- per private chat, a short burst (``chat_burst``) then about ``chat_per_second`` sustained;
- per group, supergroup or channel, the same per-chat rule and at most ``group_per_minute`` in any
  minute.

Telegram counts a message when it arrives, somewhere between the moment we send it and the moment
its answer is back; network and scheduling jitter make that instant unknowable here. So the windows
count a message from its departure until one window-length after its answer: a message still in
flight, or answered less than a window ago, may share Telegram's window with the next one. This is
exact whatever the jitter, and costs only the round trip: the aim is to sit just under the limit,
never on it. The per-chat bucket refills ``chat_slack`` slower than Telegram's, which absorbs jitter
there.

A ``RetryAfter`` from Telegram means our model was wrong or someone else shares the bot's budget:
``block`` stops the chat (or everything) until the time Telegram named.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from telegram.constants import FloodLimit

PRIVATE = "private"
GROUP = "group"  # groups, supergroups and channels share the per-minute limit
NEVER = float("inf")  # blocked until a message in flight is answered


@dataclass(frozen=True)
class RateLimits:
    global_per_second: int = FloodLimit.MESSAGES_PER_SECOND
    chat_burst: int = 3
    chat_per_second: float = FloodLimit.MESSAGES_PER_SECOND_PER_CHAT
    group_per_minute: int = FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP
    margin: float = 0.005  # seconds added to each window after an answer: clock granularity
    # Messages leave at least this fraction of 1/global_per_second apart: a burst of 30 requests at
    # once queues at the other end, and each queued answer holds its window place longer.
    spacing: float = 0.9
    chat_slack: float = 0.1  # the per-chat refill runs this fraction slower than Telegram's

    def __post_init__(self) -> None:
        if self.global_per_second < 1 or self.chat_burst < 1 or self.group_per_minute < 1:
            raise ValueError("rate limits must be positive")
        if self.chat_per_second <= 0 or self.margin < 0 or self.chat_slack < 0 or not 0 <= self.spacing <= 1:
            raise ValueError("rates must be positive and margins not negative")


def chat_kind(chat_id: int | str) -> str:
    """Telegram's ids say the kind: users are positive, groups and channels negative (or @names)."""
    return PRIVATE if isinstance(chat_id, int) and chat_id > 0 else GROUP


class _Window:
    """Messages that may still share a window of ``span`` seconds with the next one: in flight, or
    answered less than ``span`` ago. ticket -> answer time (None while in flight)."""

    __slots__ = ("span", "limit", "entries")

    def __init__(self, span: float, limit: int):
        self.span = span
        self.limit = limit
        self.entries: dict[int, float | None] = {}

    def expire(self, now: float) -> None:
        gone = [t for t, answered in self.entries.items() if answered is not None and answered + self.span <= now]
        for t in gone:
            del self.entries[t]

    def ready_at(self, now: float) -> float:
        self.expire(now)
        excess = len(self.entries) - self.limit + 1
        if excess <= 0:
            return now
        answered = sorted(a for a in self.entries.values() if a is not None)
        if len(answered) < excess:
            return NEVER  # only an answer can free a place
        return answered[excess - 1] + self.span


class _Chat:
    __slots__ = ("window", "last", "tokens", "blocked_until")

    def __init__(self, burst: int, window: _Window | None):
        self.tokens = float(burst)
        self.last: float | None = None  # when tokens was last brought up to date
        self.window = window  # groups only: the per-minute window
        self.blocked_until = 0.0


class Pacer:
    """Remembers recent messages and says when the next one may go. Not thread-safe: one event loop owns it."""

    def __init__(self, limits: RateLimits | None = None):
        self.limits = limits = limits or RateLimits()
        self._global = _Window(1.0 + limits.margin, limits.global_per_second)
        self._chats: dict[int | str, _Chat] = {}
        self._tickets: dict[int, int | str] = {}  # ticket -> chat, while the chat's window holds it
        self._next = itertools.count(1)
        self._blocked_until = 0.0
        self._refill = limits.chat_per_second / (1.0 + limits.chat_slack)
        self._gap = limits.spacing / limits.global_per_second
        self._last_send = float("-inf")

    # --- questions ---

    @property
    def global_blocked_until(self) -> float:
        return self._blocked_until

    def global_ready_at(self, now: float) -> float:
        return max(self._blocked_until, self._global.ready_at(now), self._last_send + self._gap, now)

    def chat_ready_at(self, chat_id: int | str, now: float) -> float:
        """When the chat's own limits allow its next message (ignoring the global window)."""
        state = self._chats.get(chat_id)
        if state is None:
            return now
        earliest = state.blocked_until
        tokens = self._tokens(state, now)
        if tokens < 1.0:
            earliest = max(earliest, now + (1.0 - tokens) / self._refill)
        if state.window is not None:
            earliest = max(earliest, state.window.ready_at(now))
        return max(earliest, now)

    def ready_at(self, chat_id: int | str, now: float) -> float:
        return max(self.global_ready_at(now), self.chat_ready_at(chat_id, now))

    # --- records ---

    def take(self, chat_id: int | str, now: float) -> int:
        """A message to ``chat_id`` leaves now (the caller has checked ``ready_at``); returns its
        ticket for ``done``."""
        ticket = next(self._next)
        self._global.entries[ticket] = None
        self._last_send = now
        state = self._state(chat_id)
        state.tokens = self._tokens(state, now) - 1.0
        state.last = now
        if state.window is not None:
            state.window.entries[ticket] = None
            self._tickets[ticket] = chat_id
        if len(self._chats) > 4096:
            self._forget_idle(now)
        return ticket

    def done(self, ticket: int, now: float) -> None:
        """Telegram answered (or the request failed) at ``now``: the message counts one window more."""
        if ticket in self._global.entries:
            self._global.entries[ticket] = now
        chat_id = self._tickets.pop(ticket, None)
        state = self._chats.get(chat_id) if chat_id is not None else None
        if state is not None and state.window is not None and ticket in state.window.entries:
            state.window.entries[ticket] = now

    def block(self, chat_id: int | str | None, until: float) -> None:
        """Telegram said wait: nothing to this chat (``None``: to anyone) before ``until``."""
        if chat_id is None:
            self._blocked_until = max(self._blocked_until, until)
            return
        state = self._state(chat_id)
        state.blocked_until = max(state.blocked_until, until)

    # --- internals ---

    def _state(self, chat_id: int | str) -> _Chat:
        state = self._chats.get(chat_id)
        if state is None:
            window = None
            if chat_kind(chat_id) == GROUP:
                window = _Window(60.0 + self.limits.margin, self.limits.group_per_minute)
            state = self._chats[chat_id] = _Chat(self.limits.chat_burst, window)
        return state

    def _tokens(self, state: _Chat, now: float) -> float:
        if state.last is None:
            return state.tokens
        return min(float(self.limits.chat_burst), state.tokens + (now - state.last) * self._refill)

    def _forget_idle(self, now: float) -> None:
        """Drop chats whose state no longer limits anything, so memory follows the active chats only."""
        for chat_id, s in list(self._chats.items()):
            if s.window is not None:
                s.window.expire(now)
            if (s.blocked_until <= now and self._tokens(s, now) >= self.limits.chat_burst
                    and (s.window is None or not s.window.entries)):
                del self._chats[chat_id]

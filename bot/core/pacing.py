"""Telegram's flood limits as policy: when may the next message to a chat go out?

Pure: times are plain float seconds from any monotonic clock, passed in; nothing here sleeps. The
outbound path asks ``ready_at`` and records each message with ``take``.

The limits are Telegram's documented guidelines (``telegram.constants.FloodLimit``):
- overall, at most ``global_per_second`` messages in any one-second window;
- per private chat, a short burst (``chat_burst``) then about ``chat_per_second`` sustained;
- per group, supergroup or channel, the same per-chat rule and at most ``group_per_minute`` in any
  minute.
Telegram counts a message when it arrives; we count it when it leaves. ``margin`` widens every window
by a few milliseconds so that network jitter between two of our messages never squeezes them into one
of Telegram's windows: the aim is to sit just under the limit, never on it.

A ``RetryAfter`` from Telegram means our model was wrong or someone else shares the bot's budget:
``block`` stops the chat (or everything) until the time Telegram named.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from telegram.constants import FloodLimit

PRIVATE = "private"
GROUP = "group"  # groups, supergroups and channels share the per-minute limit


@dataclass(frozen=True)
class RateLimits:
    global_per_second: int = FloodLimit.MESSAGES_PER_SECOND
    chat_burst: int = 3
    chat_per_second: float = FloodLimit.MESSAGES_PER_SECOND_PER_CHAT
    group_per_minute: int = FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP
    margin: float = 0.02  # seconds added to each global and group window
    chat_slack: float = 0.1  # the per-chat refill runs this fraction slower than Telegram's

    def __post_init__(self) -> None:
        if self.global_per_second < 1 or self.chat_burst < 1 or self.group_per_minute < 1:
            raise ValueError("rate limits must be positive")
        if self.chat_per_second <= 0 or self.margin < 0 or self.chat_slack < 0:
            raise ValueError("rates must be positive and margins not negative")


def chat_kind(chat_id: int | str) -> str:
    """Telegram's ids say the kind: users are positive, groups and channels negative (or @names)."""
    return PRIVATE if isinstance(chat_id, int) and chat_id > 0 else GROUP


class _Chat:
    __slots__ = ("group_window", "last", "tokens", "blocked_until")

    def __init__(self, burst: int):
        self.tokens = float(burst)
        self.last = None  # when tokens was last brought up to date
        self.group_window: deque[float] = deque()
        self.blocked_until = 0.0


class Pacer:
    """Remembers recent messages and says when the next one may go. Not thread-safe: one event loop owns it."""

    def __init__(self, limits: RateLimits | None = None):
        self.limits = limits = limits or RateLimits()
        self._global: deque[float] = deque()
        self._chats: dict[int | str, _Chat] = {}
        self._blocked_until = 0.0
        self._refill = limits.chat_per_second / (1.0 + limits.chat_slack)

    # --- questions ---

    @property
    def global_blocked_until(self) -> float:
        return self._blocked_until

    def global_ready_at(self, now: float) -> float:
        window = self._global
        earliest = self._blocked_until
        if len(window) >= self.limits.global_per_second:
            earliest = max(earliest, window[-self.limits.global_per_second] + 1.0 + self.limits.margin)
        return max(earliest, now)

    def chat_ready_at(self, chat_id: int | str, now: float) -> float:
        """When the chat's own limits allow its next message (ignoring the global window)."""
        state = self._chats.get(chat_id)
        if state is None:
            return now
        earliest = state.blocked_until
        tokens = self._tokens(state, now)
        if tokens < 1.0:
            earliest = max(earliest, now + (1.0 - tokens) / self._refill)
        if chat_kind(chat_id) == GROUP and len(state.group_window) >= self.limits.group_per_minute:
            earliest = max(earliest, state.group_window[-self.limits.group_per_minute] + 60.0 + self.limits.margin)
        return max(earliest, now)

    def ready_at(self, chat_id: int | str, now: float) -> float:
        return max(self.global_ready_at(now), self.chat_ready_at(chat_id, now))

    # --- records ---

    def take(self, chat_id: int | str, now: float) -> None:
        """A message to ``chat_id`` leaves now. The caller has checked ``ready_at``."""
        self._global.append(now)
        while len(self._global) > self.limits.global_per_second:
            self._global.popleft()
        state = self._chats.get(chat_id)
        if state is None:
            state = self._chats[chat_id] = _Chat(self.limits.chat_burst)
        state.tokens = self._tokens(state, now) - 1.0
        state.last = now
        if chat_kind(chat_id) == GROUP:
            state.group_window.append(now)
            while len(state.group_window) > self.limits.group_per_minute:
                state.group_window.popleft()
        if len(self._chats) > 4096:
            self._forget_idle(now)

    def block(self, chat_id: int | str | None, until: float) -> None:
        """Telegram said wait: nothing to this chat (``None``: to anyone) before ``until``."""
        if chat_id is None:
            self._blocked_until = max(self._blocked_until, until)
            return
        state = self._chats.get(chat_id)
        if state is None:
            state = self._chats[chat_id] = _Chat(self.limits.chat_burst)
        state.blocked_until = max(state.blocked_until, until)

    # --- internals ---

    def _tokens(self, state: _Chat, now: float) -> float:
        if state.last is None:
            return state.tokens
        return min(float(self.limits.chat_burst), state.tokens + (now - state.last) * self._refill)

    def _forget_idle(self, now: float) -> None:
        """Drop chats whose state no longer limits anything, so memory follows the active chats only."""
        for chat_id in [c for c, s in self._chats.items()
                        if s.blocked_until <= now and self._tokens(s, now) >= self.limits.chat_burst
                        and (not s.group_window or s.group_window[-1] + 60.0 + self.limits.margin <= now)]:
            del self._chats[chat_id]

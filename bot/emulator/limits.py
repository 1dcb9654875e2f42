"""Telegram's flood limits as a model the emulator enforces, or only measures.

Pure: every method takes ``now`` (seconds on a monotonic clock), so tests can drive it with a
made-up clock. Only messages the model admits use up budget: a refused message is not sent.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

from telegram.constants import FloodLimit

__all__ = ["COUNTED_METHODS", "FloodModel", "RateLimits", "Refusal", "WindowMeter"]

# Methods that put a message into a chat or change one, the ones Telegram's limits count. Drafts,
# chat actions and gifts make no message. One request is one message, albums and batches too.
COUNTED_METHODS = frozenset(
    {
        "sendMessage", "sendPhoto", "sendAudio", "sendDocument", "sendVideo", "sendAnimation", "sendVoice",
        "sendVideoNote", "sendPaidMedia", "sendMediaGroup", "sendLocation", "sendVenue", "sendContact",
        "sendPoll", "sendChecklist", "sendDice", "sendSticker", "sendInvoice", "sendGame", "sendLivePhoto",
        "sendRichMessage",
        "copyMessage", "copyMessages", "forwardMessage", "forwardMessages",
        "editMessageText", "editMessageCaption", "editMessageReplyMarkup", "editMessageMedia",
    }
)


@dataclass
class RateLimits:
    """Telegram's published limits; the defaults come from telegram.constants.FloodLimit."""

    global_per_second: int = int(FloodLimit.MESSAGES_PER_SECOND)
    # FloodLimit says one message a second per chat; Telegram lets a short burst through first.
    private_burst: int = 3
    private_per_second: float = float(FloodLimit.MESSAGES_PER_SECOND_PER_CHAT)
    group_per_minute: int = int(FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP)

    def __post_init__(self) -> None:
        for name in ("global_per_second", "private_burst", "private_per_second", "group_per_minute"):
            if not getattr(self, name) > 0:
                raise ValueError(f"RateLimits.{name} must be positive, got {getattr(self, name)!r}")


@dataclass(frozen=True)
class Refusal:
    scope: str  # "global" or "chat": which rule refused
    wait: float  # seconds until the message would be admitted

    @property
    def retry_after(self) -> int:
        """Telegram's retry_after: whole seconds, at least one."""
        return max(1, math.ceil(self.wait - 1e-9))


def _window_wait(times: deque[float], now: float, span: float, limit: int) -> float:
    """Drop times outside (now - span, now]; return how long until one more fits under ``limit``."""
    while times and times[0] <= now - span:
        times.popleft()
    if len(times) < limit:
        return 0.0
    return times[len(times) - limit] + span - now


class FloodModel:
    """Global sliding second, a token bucket per private chat, a sliding minute per group or channel."""

    def __init__(self, limits: RateLimits):
        self.limits = limits
        self._global: deque[float] = deque()
        self._buckets: dict[int, tuple[float, float]] = {}  # private chat -> (tokens, as of)
        self._groups: dict[int, deque[float]] = {}

    def check(self, now: float, chat_id: int | None, private: bool) -> Refusal | None:
        """None if a message to ``chat_id`` (None: no chat, e.g. an inline message) may go now;
        else the rule that waits longest."""
        refusals = []
        wait = self.global_wait(now)
        if wait > 0:
            refusals.append(Refusal("global", wait))
        wait = self.chat_wait(now, chat_id, private)
        if wait > 0:
            refusals.append(Refusal("chat", wait))
        return max(refusals, key=lambda r: r.wait) if refusals else None

    def global_wait(self, now: float) -> float:
        return _window_wait(self._global, now, 1.0, self.limits.global_per_second)

    def chat_wait(self, now: float, chat_id: int | None, private: bool) -> float:
        if chat_id is None:
            return 0.0
        if private:
            missing = 1.0 - self._tokens(now, chat_id)
            return missing / self.limits.private_per_second if missing > 1e-9 else 0.0
        times = self._groups.get(chat_id)
        return _window_wait(times, now, 60.0, self.limits.group_per_minute) if times else 0.0

    def admit(self, now: float, chat_id: int | None, private: bool) -> None:
        """Spend budget for a message that was sent."""
        self.admit_global(now)
        self.admit_chat(now, chat_id, private)

    def admit_global(self, now: float) -> None:
        self._global.append(now)

    def admit_chat(self, now: float, chat_id: int | None, private: bool) -> None:
        if chat_id is None:
            return
        if private:
            self._buckets[chat_id] = (self._tokens(now, chat_id) - 1.0, now)
        else:
            self._groups.setdefault(chat_id, deque()).append(now)

    def _tokens(self, now: float, chat_id: int) -> float:
        tokens, since = self._buckets.get(chat_id, (float(self.limits.private_burst), now))
        refill = max(0.0, now - since) * self.limits.private_per_second
        return min(float(self.limits.private_burst), tokens + refill)


class WindowMeter:
    """The most events seen inside any window of ``span`` seconds."""

    def __init__(self, span: float = 1.0):
        self.span = span
        self.peak = 0
        self._times: deque[float] = deque()

    def add(self, now: float) -> None:
        while self._times and self._times[0] <= now - self.span:
            self._times.popleft()
        self._times.append(now)
        self.peak = max(self.peak, len(self._times))

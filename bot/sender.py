"""Sending queued alerts. Telegram's errors are policy, decided here and only here.

- ``RetryAfter``: all sending pauses until Telegram's ``retry_after`` has passed (capped at
  ``MAX_PAUSE``); then the same alert is sent first.
- ``Forbidden`` (blocked, kicked, deactivated): the chat is deactivated; its alerts stop.
- ``ChatMigrated``: the group became a supergroup; follows and alerts move to the new id.
- ``BadRequest`` about entities: resend as plain text; any other ``BadRequest`` fails that alert.
- Network trouble (``NetworkError``, ``TimedOut``, Telegram's 5xx): the alert stays pending and
  does not count as an attempt, however long the outage; sending backs off and tries again.
- Any other ``TelegramError``: counts as an attempt; after ``MAX_ATTEMPTS`` the alert fails.
A delivery is recorded as sent only after Telegram accepted it, so a crash can resend, never lose.

One ``Sender`` task per application sends everything, in queue order. Polls only ``wake()`` it,
so a slow send (a group's 20-a-minute limit, a RetryAfter) never holds up a poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from bot.core.format import format_alert, format_alert_plain
from bot.store import Store

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5  # unexpected Telegram errors per alert before it fails; network errors never count
BATCH = 500
SWEEP_SECONDS = 30.0  # periodic wake: alerts left by a network error or queued before a restart
MAX_PAUSE = 3600.0  # a RetryAfter longer than this is obeyed only this long (and logged loudly)
BACKOFF_FIRST = 1.0  # after a network error: 1 s, 2 s, 4 s ... up to BACKOFF_MAX between tries
BACKOFF_MAX = 30.0
STOP_GRACE = 5.0  # on shutdown, a send in flight may finish (else it could go out unrecorded)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    moved: int = 0  # alerts of a migrated chat, left for the next round under the new id
    retry_after: float | None = None  # seconds Telegram asked us to wait: the round stopped
    trouble: str = ""  # a network or unexpected error stopped the round: back off

    @property
    def handled(self) -> int:
        return self.sent + self.failed + self.moved


def retry_seconds(exc: RetryAfter) -> float:
    """``retry_after`` in seconds, whichever type this PTB version returns (int now, timedelta later)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def send_pending(bot: Bot, store: Store, clock: Callable[[], datetime], limit: int = BATCH,
                       stopping: Callable[[], bool] = lambda: False) -> SendReport:
    """One round over the queue, oldest first; stops at a RetryAfter, at network trouble, or when
    ``stopping()`` (shutdown: no new send starts)."""
    report = SendReport()
    gone: dict[int, str] = {}  # chats found blocked or deactivated in this round
    moved: set[int] = set()  # chats that migrated in this round: their alerts now wait under the new id
    for delivery_id, chat_id, article, reasons in store.pending_deliveries(limit):
        if stopping():
            break
        if chat_id in moved:
            report.moved += 1
            continue
        if chat_id in gone:  # no need to ask Telegram again
            store.mark_failed(delivery_id, gone[chat_id], permanent=True)
            report.failed += 1
            continue
        try:
            html_text = format_alert(article.summary, article.link, article.feed_name, reasons)
            try:
                message = await bot.send_message(
                    chat_id, html_text, parse_mode=ParseMode.HTML,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                )
            except BadRequest as exc:
                if "parse entities" not in exc.message.lower():
                    raise
                log.warning("alert %d refused as HTML (%s); sending plain text", delivery_id, exc.message)
                message = await bot.send_message(
                    chat_id, format_alert_plain(article.summary, article.link, article.feed_name, reasons)
                )
        except RetryAfter as exc:
            report.retry_after = retry_seconds(exc)
            return report
        except ChatMigrated as exc:
            log.info("chat %d migrated to %d", chat_id, exc.new_chat_id)
            store.migrate_chat(chat_id, exc.new_chat_id)
            moved.add(chat_id)
            report.moved += 1
            continue
        except Forbidden as exc:
            log.info("chat %d is gone (%s); deactivating it", chat_id, exc.message)
            store.mark_failed(delivery_id, exc.message, permanent=True)
            store.deactivate_chat(chat_id)
            gone[chat_id] = exc.message
            report.failed += 1
            continue
        except BadRequest as exc:
            log.error("alert %d to chat %d refused: %s", delivery_id, chat_id, exc.message)
            store.mark_failed(delivery_id, exc.message, permanent=True)
            report.failed += 1
            continue
        except NetworkError as exc:  # TimedOut and 5xx included: not the alert's fault, so not counted
            report.trouble = f"network: {exc}"
            return report
        except Exception as exc:  # an unexpected TelegramError, or a bug formatting this alert: counted
            log.error("alert %d to chat %d not sent (attempt counted): %r", delivery_id, chat_id, exc,
                      exc_info=not isinstance(exc, TelegramError))
            store.mark_failed(delivery_id, repr(exc), permanent=False, max_attempts=MAX_ATTEMPTS)
            report.trouble = repr(exc)
            return report
        store.mark_sent(delivery_id, message.message_id, clock())
        report.sent += 1
    return report


class Sender:
    """The one task that sends alerts: woken by ``wake()``, by itself every ``SWEEP_SECONDS``,
    and sending until the queue is empty or Telegram says wait."""

    def __init__(self, bot: Bot, store: Store, clock: Callable[[], datetime]):
        self.bot = bot
        self.store = store
        self.clock = clock
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="sender")
            self._wake.set()  # alerts queued before a restart go out now, not after the first sweep

    def wake(self) -> None:
        """New alerts are queued; returns at once."""
        self._wake.set()

    async def stop(self) -> None:
        """Stop sending: a send in flight gets ``STOP_GRACE`` to finish, a pause ends at once."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), STOP_GRACE)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            log.warning("sender stopped mid-send; that alert stays pending and may be sent again")
        except Exception:
            log.exception("the sender had crashed")

    async def _sleep(self, seconds: float) -> bool:
        """Sleep, unless stopping; True if stopping."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)
        return self._stopping.is_set()

    async def _run(self) -> None:
        backoff = BACKOFF_FIRST
        while not self._stopping.is_set():
            waker = asyncio.ensure_future(self._wake.wait())
            stopper = asyncio.ensure_future(self._stopping.wait())
            await asyncio.wait({waker, stopper}, timeout=SWEEP_SECONDS, return_when=asyncio.FIRST_COMPLETED)
            waker.cancel()
            stopper.cancel()
            self._wake.clear()  # cleared before reading the queue: a wake during the round is not lost
            while not self._stopping.is_set():
                try:
                    report = await send_pending(self.bot, self.store, self.clock, stopping=self._stopping.is_set)
                except Exception:  # the store or a bug: loud, and the task lives on
                    log.exception("sending alerts failed")
                    report = SendReport(trouble="internal error")
                if report.sent:
                    backoff = BACKOFF_FIRST
                if report.handled:
                    log.info("alerts: %d sent, %d failed, %d moved", report.sent, report.failed, report.moved)
                if report.retry_after is not None:
                    pause = max(report.retry_after, 0.0)
                    if pause > MAX_PAUSE:
                        log.error("Telegram asked us to stop sending for %.0f s; waiting only %.0f s",
                                  pause, MAX_PAUSE)
                        pause = MAX_PAUSE
                    else:
                        log.warning("Telegram asked to slow down: sending pauses %.0f s, alerts stay queued", pause)
                    if await self._sleep(pause):
                        return
                    continue
                if report.trouble:
                    log.warning("alerts not sent (%s); trying again in %.1f s", report.trouble, backoff)
                    if await self._sleep(backoff):
                        return
                    backoff = min(backoff * 2, BACKOFF_MAX)
                    continue
                backoff = BACKOFF_FIRST
                if not report.handled:  # the queue is empty
                    break

"""Sending what the bot initiates: alerts (single, storm bundles, digests, resume summaries) and
admin notices. What to send when is decided by the pure core (``bot.core.delivery``); pacing and 429s
belong to the outbound path (``bot.outbound``); what each other Telegram answer means for an alert is
decided here and only here:

- 5xx or a timeout: that chat backs off (its oldest alert waits ``BACKOFF_FIRST`` doubling up to
  ``BACKOFF_MAX``); after ``MAX_ATTEMPTS`` the alert is parked as failed (``/failed``, ``/retry``).
  Other chats are not slowed.
- ``Forbidden`` (blocked, kicked, deactivated) or 400 "chat not found": the chat becomes inactive and
  its queued alerts are dropped and counted.
- ``ChatMigrated``: follows, settings and queued alerts move to the supergroup's id.
- 400 "can't parse entities": the alert goes again as plain text.
- 400 about a forum topic (closed, deleted): the topic's follows are removed, its alerts dropped, and
  the group is told.
- any other 400: the alert is parked as failed.

Fairness: chats are served round-robin with at most one message in flight per chat (so a chat's
alerts go oldest first), and a chat that Telegram's limits hold back (a group at 20 a minute) is
skipped, not waited for. At most ``MAX_IN_FLIGHT`` sends run at once.

Guarantee: a delivery is marked sent only after Telegram accepted it. A crash between Telegram's
answer and that write repeats at most the sends in flight (``MAX_IN_FLIGHT``); nothing is lost.
A bundle split over several messages counts as one send.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, TelegramError

from bot.core.callbacks import alert_buttons, main_entity
from bot.core.delivery import ChatPrefs, Outgoing, Pending, StormPolicy, plan_chat
from bot.core.delivery_text import format_bundle
from bot.core.format import format_alert, format_alert_plain, localise_reasons
from bot.i18n import pick_language, translations
from bot.markup import keyboard
from bot.outbound import BULK, NOTICE, Outbound
from bot.store import Store
from bot.types import Topic

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6  # transient failures (5xx, timeouts) before an alert is parked as failed
BACKOFF_FIRST = 2.0  # seconds; doubles per failed attempt of the chat's oldest alert
BACKOFF_MAX = 300.0
MAX_IN_FLIGHT = 16  # sends at once; also the most a crash can repeat
SWEEP_SECONDS = 30.0  # look at the queue this often even when nobody wakes the sender
STOP_GRACE = 5.0  # on shutdown, sends in flight may finish (else they could go out unrecorded)
FAR = datetime.max.replace(tzinfo=UTC)
_GONE = ("chat not found", "bot was kicked", "bot is not a member", "user is deactivated", "need administrator rights",
         "have no rights to send", "not enough rights")
_THREAD_GONE = ("message thread not found", "topic_closed", "topic_deleted", "topic closed", "topic deleted")


@dataclass(frozen=True)
class SenderPolicy:
    storm: StormPolicy = StormPolicy()
    max_in_flight: int = MAX_IN_FLIGHT
    max_attempts: int = MAX_ATTEMPTS
    backoff_first: float = BACKOFF_FIRST
    backoff_max: float = BACKOFF_MAX


def prefs_from_row(row: dict) -> ChatPrefs:
    def when(key: str) -> datetime | None:
        return datetime.fromisoformat(row[key]) if row.get(key) else None

    return ChatPrefs(
        timezone=row.get("timezone") or "UTC",
        digest=row.get("digest") or "off",
        digest_time=row.get("digest_time") or "08:00",
        quiet_start=row.get("quiet_start"),
        quiet_end=row.get("quiet_end"),
        quiet_mode=row.get("quiet_mode") or "hold",
        paused=bool(row.get("paused_at")),
        last_digest_at=when("last_digest_at"),
        resumed_at=when("resumed_at"),
    )


class Sender:
    """The one task that sends alerts and notices: woken by ``wake()``, by itself every
    ``SWEEP_SECONDS``, and when a held chat's time (quiet hours' end, a digest, a retry) comes."""

    def __init__(self, bot: Bot, store: Store, clock: Callable[[], datetime], outbound: Outbound | None = None,
                 policy: SenderPolicy = SenderPolicy(), topics: Callable[[], tuple[Topic, ...]] = tuple):
        self.bot = bot
        self.store = store
        self.clock = clock
        self.outbound = outbound
        self.policy = policy
        self.topics = topics  # the config's topics as they are now (a reload may rename them)
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._ring: deque[tuple[int, int]] = deque()  # chats with work, in round-robin order
        self._in_ring: set[tuple[int, int]] = set()
        self._hold: dict[tuple[int, int], datetime] = {}  # chat -> not before (quiet hours, digest, backoff)
        self._busy: dict[tuple[int, int], asyncio.Task] = {}
        self._notices_busy: set[int] = set()
        self._notice_tasks: set[asyncio.Task] = set()
        self.sent_messages = 0
        self.sweep = SWEEP_SECONDS  # the longest the queue goes unread
        self._refresh = True  # read the queue on the next round
        self._next_refresh = 0.0  # loop time of the next periodic read

    # --- lifecycle ---

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="sender")
            self.wake()  # what a previous run left queued goes out now

    def wake(self, chat_id: int | None = None) -> None:
        """New alerts or notices are queued; returns at once. With ``chat_id``, that chat's settings
        changed (resume, digest, quiet hours, time zone): its held plans are made again."""
        if chat_id is not None:
            for key in [k for k in self._hold if k[0] == chat_id]:
                del self._hold[key]
        self._refresh = True
        self._wake.set()

    async def stop(self) -> None:
        """Stop: no new send starts; sends in flight get ``STOP_GRACE`` to finish and be recorded."""
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
            log.warning("sender stopped with sends in flight; they stay pending and may be sent again")
        except Exception:
            log.exception("the sender had crashed")

    async def _run(self) -> None:
        try:
            while not self._stopping.is_set():
                self._wake.clear()  # cleared before reading the queue: a wake during the round is not lost
                try:
                    delay = self._round()
                except Exception:  # the store or a bug: loud, and the task lives on
                    log.exception("sending failed")
                    delay = 5.0
                waker = asyncio.ensure_future(self._wake.wait())
                stopper = asyncio.ensure_future(self._stopping.wait())
                await asyncio.wait({waker, stopper}, timeout=max(delay, 0.001), return_when=asyncio.FIRST_COMPLETED)
                waker.cancel()
                stopper.cancel()
        finally:
            busy = list(self._busy.values()) + list(self._notice_tasks)
            if busy:
                try:
                    await asyncio.wait(busy, timeout=STOP_GRACE)
                finally:  # even when stop() cancels us meanwhile: no send may outlive the sender
                    for t in busy:
                        t.cancel()
                await asyncio.gather(*busy, return_exceptions=True)

    # --- one pass over the chats ---

    def _round(self) -> float:
        """Start every send that may start now; return how long until something may be due."""
        now = self.clock()
        mono = asyncio.get_running_loop().time()
        # Reading the whole queue costs milliseconds at 10,000 alerts: done when woken from outside
        # (new alerts, settings, a sweep, a retry due), not after each of our own sends.
        if self._refresh or mono >= self._next_refresh or not self._ring:
            self._refresh = False
            self._send_notices()
            for key in self.store.chats_with_pending(now):
                if key not in self._in_ring:
                    self._ring.append(key)
                    self._in_ring.add(key)
            retry_at = self.store.next_retry_at()
            wait = self.sweep if retry_at is None else max((retry_at - now).total_seconds(), 0.05)
            self._next_refresh = mono + min(wait, self.sweep)
        delay = max(self._next_refresh - mono, 0.01)
        for _ in range(len(self._ring)):
            if len(self._busy) >= self.policy.max_in_flight or self._stopping.is_set():
                break
            key = self._ring.popleft()
            if key in self._busy:
                self._ring.append(key)
                continue
            held = self._hold.get(key)
            if held is not None and held > now:
                self._ring.append(key)
                delay = min(delay, (held - now).total_seconds())
                continue
            if self.outbound is not None:
                wait = self.outbound.chat_wait(key[0])
                if wait > 0:  # Telegram's per-chat limit: serve others meanwhile
                    self._ring.append(key)
                    delay = min(delay, wait)
                    continue
            try:
                outgoing, hold = self._plan(key, now)
            except Exception:
                self._ring.append(key)  # the store failed: the chat stays in the ring for the next round
                raise
            if outgoing is None:
                if hold is None:
                    self._in_ring.discard(key)  # nothing left: it comes back with its next alert
                    self._hold.pop(key, None)
                else:
                    self._hold[key] = hold
                    self._ring.append(key)
                    delay = min(delay, max((hold - now).total_seconds(), 0.05))
                continue
            self._hold.pop(key, None)
            self._ring.append(key)
            self._busy[key] = asyncio.create_task(self._deliver(key, outgoing), name=f"send:{key[0]}")
        return max(delay, 0.01)

    def _plan(self, key: tuple[int, int], now: datetime) -> tuple[tuple[Outgoing, dict, list[dict]] | None, datetime | None]:
        chat_id, thread_id = key
        rows = self.store.pending_for(chat_id, thread_id, now)
        if not rows:
            return None, None
        head_wait = rows[0]["next_attempt_at"]
        if head_wait and datetime.fromisoformat(head_wait) > now:  # the chat backs off, keeping its order
            return None, datetime.fromisoformat(head_wait)
        settings = self.store.chat_settings(chat_id)
        prefs = prefs_from_row(settings)
        pending = [Pending(r["id"], datetime.fromisoformat(r["created_at"]), r["headline"] or "", r["source"] or "",
                           r["link"]) for r in rows]
        recent = self.store.recent_alerts(chat_id, thread_id, now - self.policy.storm.window)
        plan = plan_chat(prefs, pending, recent, now, self.policy.storm)
        if not plan.send:
            return None, plan.wake_at if plan.wake_at is not None else (FAR if prefs.paused else None)
        return (plan.send[0], settings, rows), None

    # --- sending one thing ---

    async def _deliver(self, key: tuple[int, int], planned: tuple[Outgoing, dict, list[dict]]) -> None:
        chat_id, thread_id = key
        outgoing, settings, rows = planned
        ids = list(outgoing.delivery_ids)
        try:
            language = pick_language(*self.store.chat_languages(chat_id))
            tr = translations(language)
            if outgoing.kind == "alert":
                full = self.store.delivery(ids[0])
                if full is None:
                    return
                article, reasons = full
                # a topic is named in the chat's language, whatever it was when the chat followed it
                reasons = localise_reasons(reasons, self.topics(), language)
                html_text = format_alert(article.summary, article.link, article.feed_name, reasons, tr, language)
                plain = format_alert_plain(article.summary, article.link, article.feed_name, reasons, tr)
                markup = keyboard(alert_buttons(article.id, reasons, main_entity(article.summary), tr))
                message = await self._send(chat_id, thread_id, [html_text], outgoing.silent, plain, markup)
            else:
                by_id = {r["id"]: r for r in rows}
                items = [Pending(i, datetime.fromisoformat(by_id[i]["created_at"]), by_id[i]["headline"] or "",
                                 by_id[i]["source"] or "", by_id[i]["link"]) for i in ids if i in by_id]
                texts = format_bundle(outgoing.kind, items, tr, settings.get("timezone") or "UTC")
                message = await self._send(chat_id, thread_id, texts, outgoing.silent, None)
            now = self.clock()
            self.store.mark_sent(ids, message.message_id, now, outgoing.kind, outgoing.silent)
            if outgoing.kind == "digest":
                self.store.set_chat_settings(chat_id, last_digest_at=now.isoformat(timespec="seconds"))
            elif outgoing.kind == "resume":
                self.store.set_chat_settings(chat_id, resumed_at=None)
        except ChatMigrated as exc:
            log.info("chat %d migrated to %d; its follows, settings and alerts move", chat_id, exc.new_chat_id)
            self.store.migrate_chat(chat_id, exc.new_chat_id)
            self._forget(key)
            self._refresh = True  # the alerts wait under the new id
        except Forbidden as exc:
            dropped = self.store.deactivate_chat(chat_id, exc.message)
            log.info("chat %d is gone (%s): deactivated, %d alerts dropped", chat_id, exc.message, dropped)
            self._forget(key)
        except BadRequest as exc:
            message = exc.message.lower()
            if thread_id and any(s in message for s in _THREAD_GONE):
                self._thread_gone(chat_id, thread_id, exc.message, settings)
                self._forget(key)
            elif any(s in message for s in _GONE):
                dropped = self.store.deactivate_chat(chat_id, exc.message)
                log.info("chat %d refused (%s): deactivated, %d alerts dropped", chat_id, exc.message, dropped)
                self._forget(key)
            else:
                log.error("alerts %s to chat %d refused: %s; parked as failed", ids, chat_id, exc.message)
                self.store.mark_failed(ids, exc.message)
        except NetworkError as exc:  # 5xx and timeouts: this chat backs off, the others go on
            self._back_off(key, ids, f"network: {exc}")
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # an unexpected TelegramError, or a bug formatting this alert: counted
            log.error("alerts %s to chat %d not sent: %r", ids, chat_id, exc, exc_info=not isinstance(exc, TelegramError))
            self._back_off(key, ids, repr(exc))
        finally:
            self._busy.pop(key, None)
            self._wake.set()  # the chat may have more, and a slot is free

    async def _send(self, chat_id: int, thread_id: int, texts: list[str], silent: bool, plain: str | None,
                    markup: InlineKeyboardMarkup | None = None) -> Message:
        """Send one or more HTML messages (buttons under the last); returns the first. Refused HTML
        goes again as plain text."""
        first = None
        for i, text in enumerate(texts):
            kwargs = dict(disable_notification=silent or None, message_thread_id=thread_id or None,
                          link_preview_options=LinkPreviewOptions(is_disabled=True),
                          reply_markup=markup if i == len(texts) - 1 else None,
                          rate_limit_args={"priority": BULK})
            try:
                message = await self.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, **kwargs)
            except BadRequest as exc:
                if "parse entities" not in exc.message.lower() or plain is None:
                    raise
                log.warning("alert to chat %d refused as HTML (%s); sending plain text", chat_id, exc.message)
                message = await self.bot.send_message(chat_id, plain, **kwargs)
            self.sent_messages += 1
            first = first or message
        return first

    def _back_off(self, key: tuple[int, int], ids: list[int], error: str) -> None:
        wait = min(self.policy.backoff_first * 2 ** self.store.attempts_of(ids[0]), self.policy.backoff_max)
        when = self.clock() + timedelta(seconds=wait)
        if self.store.mark_retry(ids, error, when, self.policy.max_attempts):
            log.error("alerts %s to chat %d parked as failed after %d attempts: %s",
                      ids, key[0], self.policy.max_attempts, error)
        else:
            log.warning("alerts %s to chat %d not sent (%s); that chat tries again in %.0f s", ids, key[0], error, wait)
            self._hold[key] = when

    def _thread_gone(self, chat_id: int, thread_id: int, reason: str, settings: dict) -> None:
        follows, dropped = self.store.drop_thread(chat_id, thread_id, reason)
        log.info("forum topic %d of chat %d is gone (%s): %d follows removed, %d alerts dropped",
                 thread_id, chat_id, reason, follows, dropped)
        tr = translations(pick_language(*self.store.chat_languages(chat_id)))
        text = tr.ngettext(
            "A forum topic of this group was closed or deleted, so the {n} thing followed there is no longer "
            "followed. Follow it again in an open topic.",
            "A forum topic of this group was closed or deleted, so the {n} things followed there are no longer "
            "followed. Follow them again in an open topic.", follows).format(n=follows)
        self.store.queue_notice(chat_id, text, self.clock())
        self._refresh = True

    def _forget(self, key: tuple[int, int]) -> None:
        self._hold.pop(key, None)
        self._in_ring.discard(key)
        with contextlib.suppress(ValueError):
            self._ring.remove(key)

    # --- notices ---

    def _send_notices(self) -> None:
        for notice in self.store.pending_notices():
            if notice["id"] in self._notices_busy or len(self._notices_busy) >= 4:
                continue
            self._notices_busy.add(notice["id"])
            task = asyncio.create_task(self._send_notice(notice), name=f"notice:{notice['id']}")
            self._notice_tasks.add(task)  # a reference, so the task is not collected mid-send
            task.add_done_callback(self._notice_tasks.discard)

    async def _send_notice(self, notice: dict) -> None:
        try:
            await self.bot.send_message(notice["chat_id"], notice["text"], message_thread_id=notice["thread_id"] or None,
                                        rate_limit_args={"priority": NOTICE})
            self.store.finish_notice(notice["id"], self.clock())
        except (Forbidden, BadRequest) as exc:  # an admin who never started the bot: Telegram won't let us
            log.info("notice to %s not deliverable: %s", notice["chat_id"], exc.message)
            self.store.finish_notice(notice["id"], self.clock(), exc.message, give_up=True)
        except TelegramError as exc:
            self.store.finish_notice(notice["id"], self.clock(), str(exc), give_up=notice["attempts"] + 1 >= MAX_ATTEMPTS)
        finally:
            self._notices_busy.discard(notice["id"])

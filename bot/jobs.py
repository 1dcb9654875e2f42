"""The scheduler's jobs, all on PTB's JobQueue (APScheduler on the bot's event loop).

- ``dispatch`` (every second): starts a poll for every feed whose persisted next-poll time has
  come. Polls run as tasks under a global limit and a per-host limit; a slow feed never holds up
  the dispatcher or another feed, and a restart resumes the persisted schedule instead of polling
  everything at once.
- ``send-sweep``: retries alerts still queued (after a RetryAfter, a network error or a restart).
- ``config-watch``: reloads the config file when it changes.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from urllib.parse import urlsplit

from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot.sender import send_pending

log = logging.getLogger(__name__)

DISPATCH_SECONDS = 1.0
SEND_SWEEP_SECONDS = 30
CONFIG_WATCH_SECONDS = 5
# max_instances=1: a job never overlaps itself; coalesce: missed runs collapse into one.
JOB_KWARGS = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 60}


class Dispatcher:
    """Runs due polls with bounded concurrency: ``max_concurrent`` overall, ``per_host`` per host."""

    def __init__(self, app: Application):
        self.app = app
        self.in_flight: dict[str, asyncio.Task] = {}
        self.host_cooldown: dict[str, object] = {}  # host -> datetime until which it is left alone
        self._global: asyncio.Semaphore | None = None
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._limits: tuple[int, int] | None = None

    def _semaphores(self, host: str) -> tuple[asyncio.Semaphore, asyncio.Semaphore]:
        cfg = self.app.bot_data["service"].config
        limits = (cfg.max_concurrent_fetches, cfg.max_fetches_per_host)
        if limits != self._limits:  # a reload changed the limits: new polls use the new ones
            self._limits = limits
            self._global = asyncio.Semaphore(limits[0])
            self._hosts = {}
        if host not in self._hosts:
            self._hosts[host] = asyncio.Semaphore(limits[1])
        return self._global, self._hosts[host]

    async def tick(self, context: ContextTypes.DEFAULT_TYPE | None = None) -> None:
        svc = self.app.bot_data["service"]
        now = svc.clock()
        for url in svc.store.due_feeds(now):
            if url in self.in_flight or url not in svc.feeds:
                continue
            host = (urlsplit(url).hostname or "").lower()
            until = self.host_cooldown.get(host)
            if until is not None and until > now:
                continue
            self.in_flight[url] = asyncio.create_task(self._run(url, host), name=f"poll:{url}")

    async def _run(self, url: str, host: str) -> None:
        svc = self.app.bot_data["service"]
        try:
            overall, per_host = self._semaphores(host)
            async with overall, per_host:
                feed = svc.feeds.get(url)
                if feed is None:  # removed by a reload while waiting
                    return
                result = await svc.poll(feed)
            if result.retry_after:
                # A 429/503 speaks for the whole host: its other feeds wait too.
                self.host_cooldown[host] = svc.clock() + max(result.retry_after, timedelta(seconds=1))
            for notice in result.notices:
                await notify_admins(self.app, notice)
            if result.queued:
                await deliver(self.app)
        except Exception:  # one feed's unexpected bug must not stop the others: loud, then move on
            log.exception("unexpected error polling feed %s", url)
        finally:
            self.in_flight.pop(url, None)

    async def drain(self) -> None:
        """Wait for polls in flight (shutdown)."""
        tasks = list(self.in_flight.values())
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)


def schedule_jobs(app: Application) -> Dispatcher:
    dispatcher = Dispatcher(app)
    app.bot_data["dispatcher"] = dispatcher
    jq = app.job_queue
    jq.run_repeating(dispatcher.tick, interval=DISPATCH_SECONDS, first=0.1, name="dispatch", job_kwargs=JOB_KWARGS)
    jq.run_repeating(send_job, interval=SEND_SWEEP_SECONDS, first=SEND_SWEEP_SECONDS, name="send-sweep",
                     job_kwargs=JOB_KWARGS)
    jq.run_repeating(config_watch_job, interval=CONFIG_WATCH_SECONDS, first=CONFIG_WATCH_SECONDS,
                     name="config-watch", job_kwargs=JOB_KWARGS)
    return dispatcher


async def send_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await deliver(context.application)


async def config_watch_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    from bot.reload import reload_if_changed

    await reload_if_changed(context.application)


async def deliver(app: Application) -> None:
    svc = app.bot_data["service"]
    async with svc.send_lock:  # one sender at a time: two feeds finishing together must not double-send
        report = await send_pending(app.bot, svc.store, svc.clock)
    if report.sent or report.failed or report.deferred:
        log.info("alerts: %d sent, %d failed, %d deferred", report.sent, report.failed, report.deferred)


async def notify_admins(app: Application, text: str) -> None:
    """Tell every admin; an admin who never started the bot cannot be messaged, which is only logged."""
    svc = app.bot_data["service"]
    log.warning("admin notice: %s", text)
    for admin in svc.config.admins:
        try:
            await app.bot.send_message(admin, text)
        except TelegramError as exc:
            log.info("could not notify admin %s: %s", admin, exc)

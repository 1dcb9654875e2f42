"""The scheduler's jobs, all on PTB's JobQueue (APScheduler on the bot's event loop).

- ``dispatch`` (every second): starts a poll for every feed whose persisted next-poll time has
  come. Polls run as tasks under a global limit and a per-host limit; a slow feed never holds up
  the dispatcher or another feed, and a restart resumes the persisted schedule instead of polling
  everything at once. A 429/503 cools its whole host down through the persisted schedule
  (``Service.poll`` pushes the host's feeds back), so the dispatcher only asks what is due.
- ``config-watch``: reloads the config file when it changes.

Alerts are sent by the one ``bot.sender.Sender`` task: a poll that queued some only wakes it.
On shutdown ``stop_background`` cancels the polls waiting for a slot at once and gives those
already fetching ``POLL_STOP_GRACE`` to finish: a cancelled poll is simply redone next time
(``Service.poll`` writes synchronously, so a cancellation never splits a transaction), where
waiting for every queued poll could outlast the platform's grace period (Heroku: 30 s).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from urllib.parse import urlsplit

from telegram.ext import Application, ContextTypes

from bot.core.delivery import StormPolicy
from bot.notices import notify_admins, wake_sender
from bot.sender import Sender, SenderPolicy

log = logging.getLogger(__name__)

DISPATCH_SECONDS = 1.0
CONFIG_WATCH_SECONDS = 5
POLL_LEASE = timedelta(minutes=15)  # a claimed feed is this worker's until its poll records a result
BUG_RETRY = timedelta(minutes=5)  # a poll that crashed on a bug waits this long before the next try
POLL_STOP_GRACE = 3.0  # on shutdown, polls already fetching get this long to record their result
# max_instances=1: a job never overlaps itself; coalesce: missed runs collapse into one.
JOB_KWARGS = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 60}


class Dispatcher:
    """Runs due polls with bounded concurrency: ``max_concurrent`` overall, ``per_host`` per host."""

    def __init__(self, app: Application):
        self.app = app
        self.in_flight: dict[str, asyncio.Task] = {}  # url -> poll task, waiting for a slot or fetching
        self.fetching: set[str] = set()  # urls whose poll holds its slots
        self.closed = False
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
        if self.closed:
            return
        svc = self.app.bot_data["service"]
        now = svc.clock()
        skipped = []
        for state in svc.store.claim_due_feeds(now, now + POLL_LEASE):
            url = state["url"]
            if url in self.in_flight or url not in svc.feeds:
                if url not in self.in_flight:
                    skipped.append(url)  # not ours to poll (yet): another worker's config may know it
                continue
            host = (urlsplit(url).hostname or "").lower()
            self.in_flight[url] = asyncio.create_task(self._run(url, host, state), name=f"poll:{url}")
        svc.store.release_feeds(skipped, now)

    async def _run(self, url: str, host: str, state: dict | None = None) -> None:
        svc = self.app.bot_data["service"]
        polled = False
        try:
            overall, per_host = self._semaphores(host)
            if overall.locked() or per_host.locked():
                state = None  # it waits for a slot: its row is read when the poll starts, not at the claim
            async with overall, per_host:
                feed = svc.feeds.get(url)
                if feed is None:  # removed by a reload while waiting
                    return
                self.fetching.add(url)
                result = await svc.poll(feed, state)
            polled = True
            if result.queued:
                wake_sender(self.app)  # returns at once: sending never holds a poll's slot
            for notice in result.notices:
                await notify_admins(self.app, notice)
        except Exception:  # one feed's unexpected bug must not stop the others: loud, then move on
            log.exception("unexpected error polling feed %s", url)
            if not polled:  # not every second: the lease comes back after a pause
                svc.store.release_feeds([url], svc.clock() + BUG_RETRY)
                polled = True
        finally:
            if not polled:  # cancelled before recording (shutdown): the lease goes back, due now
                svc.store.release_feeds([url], svc.clock())
            self.fetching.discard(url)
            self.in_flight.pop(url, None)

    async def stop(self) -> None:
        """Start no more polls; cancel those waiting for a slot, then those still fetching after
        ``POLL_STOP_GRACE`` (shutdown)."""
        self.closed = True
        tasks = list(self.in_flight.values())
        fetching = [task for url, task in self.in_flight.items() if url in self.fetching]
        waiting = [task for task in tasks if task not in fetching]
        for task in waiting:
            task.cancel()
        late: set[asyncio.Task] = set()
        if fetching:
            _done, late = await asyncio.wait(fetching, timeout=POLL_STOP_GRACE)
            for task in late:
                task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if waiting or late:
            log.info("shutdown: %d polls cancelled; they run again after the restart", len(waiting) + len(late))


def schedule_jobs(app: Application) -> Dispatcher:
    dispatcher = Dispatcher(app)
    app.bot_data["dispatcher"] = dispatcher
    jq = app.job_queue
    jq.run_repeating(dispatcher.tick, interval=DISPATCH_SECONDS, first=0.1, name="dispatch", job_kwargs=JOB_KWARGS)
    jq.run_repeating(config_watch_job, interval=CONFIG_WATCH_SECONDS, first=CONFIG_WATCH_SECONDS,
                     name="config-watch", job_kwargs=JOB_KWARGS)
    return dispatcher


async def config_watch_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    from bot.reload import reload_if_changed

    await reload_if_changed(context.application)


def start_sender(app: Application, sweep: float | None = None) -> Sender:
    """The one sending task of this application; it also sends what a previous run left queued."""
    svc = app.bot_data["service"]
    d = svc.config.delivery
    policy = SenderPolicy(storm=StormPolicy(d.storm_threshold, timedelta(seconds=d.storm_window_seconds)))
    sender = Sender(app.bot, svc.store, svc.clock, outbound=app.bot_data.get("outbound"), policy=policy,
                    topics=lambda: svc.config.topics)
    if sweep is not None:
        sender.sweep = sweep
    app.bot_data["sender"] = sender
    sender.start()
    return sender


async def stop_sender(app: Application) -> None:
    sender = app.bot_data.pop("sender", None)
    if sender is not None:
        await sender.stop()


async def stop_background(app: Application) -> None:
    """Cancel polls, then stop the sender; runs while the bot can still make requests (post_stop)."""
    dispatcher = app.bot_data.get("dispatcher")
    if dispatcher is not None:
        await dispatcher.stop()
    sender = app.bot_data.get("sender")
    if sender is not None:
        await sender.stop()

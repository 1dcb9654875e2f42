"""The scheduler's jobs: one repeating poll per feed, plus a sweep that retries queued alerts."""

from __future__ import annotations

import logging

from telegram.ext import Application, ContextTypes

from bot.sender import send_pending
from bot.types import FeedConfig

log = logging.getLogger(__name__)

SEND_SWEEP_SECONDS = 30
# max_instances=1: a slow feed never overlaps itself; coalesce: missed runs collapse into one.
JOB_KWARGS = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 60}


def schedule_feeds(app: Application) -> None:
    svc = app.bot_data["service"]
    jq = app.job_queue
    n = max(1, len(svc.config.feeds))
    for i, feed in enumerate(svc.config.feeds):
        # Spread the first polls over a few seconds so a start does not hit every host at once.
        first = min(feed.interval_seconds, 5.0) * i / n
        jq.run_repeating(poll_job, interval=feed.interval_seconds, first=first, name=f"feed:{feed.name}",
                         data=feed, job_kwargs=JOB_KWARGS)
    jq.run_repeating(send_job, interval=SEND_SWEEP_SECONDS, first=1, name="send-sweep", job_kwargs=JOB_KWARGS)


async def poll_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    feed: FeedConfig = context.job.data
    svc = context.application.bot_data["service"]
    try:
        result = await svc.poll(feed)
    except Exception:  # one feed's unexpected bug must not stop the others: loud, then move on
        log.exception("unexpected error polling feed %r", feed.name)
        return
    if result.queued:
        await deliver(context.application)


async def send_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    await deliver(context.application)


async def deliver(app: Application) -> None:
    svc = app.bot_data["service"]
    async with svc.send_lock:  # one sender at a time: two feeds finishing together must not double-send
        report = await send_pending(app.bot, svc.store, svc.clock)
    if report.sent or report.failed or report.deferred:
        log.info("alerts: %d sent, %d failed, %d deferred", report.sent, report.failed, report.deferred)

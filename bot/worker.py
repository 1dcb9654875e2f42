"""Several workers on one PostgreSQL database.

Every worker polls feeds; each due feed is claimed by exactly one (``Store.claim_due_feeds``: a
lease on its next poll time, taken with ``FOR UPDATE SKIP LOCKED``). Exactly one worker, the holder
of the sender lease (a PostgreSQL advisory lock, ``bot.pg.lease``), receives updates and sends:
Telegram's flood limits count per bot, not per process, so replies and alerts must share one pacer,
and Telegram allows one long poll per bot anyway. When the holder dies its database session ends,
the lock is free, and another worker takes over at its next check (every ``LEASE_CHECK_SECONDS``),
sending what is still queued. Alerts other workers queue reach the holder through the database:
its sender looks at the queue every second in this mode.

A holder that loses its lease session while alive (terminated, or its connection cut while the pool's
still work) stops starting sends at once: the store asks, before each send is planned, whether that
session still holds the lock (``bot.pg.lease.sender_fence``), and hands out no more work when it does
not. Its next check (every ``LEASE_CHECK_SECONDS``) then stops the sender and the updates. Sends already
handed to Telegram cannot be recalled; those may repeat. A holder cut off from the database altogether
cannot read the queue, so it starts nothing new either.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram.ext import Application

from bot.app import on_shutdown, on_startup, on_stop
from bot.jobs import start_sender, stop_sender
from bot.pg.lease import sender_fence

log = logging.getLogger(__name__)

LEASE_CHECK_SECONDS = 2.0
WORKER_SWEEP_SECONDS = 1.0  # the sender's look at the queue: other workers' alerts arrive this way


async def run_worker(app: Application, lease, stop: asyncio.Event, allowed_updates: list[str]) -> None:
    """Run one worker until ``stop`` is set: polls always; updates and sending while it holds ``lease``."""
    app.bot_data["worker_mode"] = True  # on_startup starts no sender: the lease decides
    async with app:
        await on_startup(app)
        await app.start()
        leader = False
        try:
            while not stop.is_set():
                held = await asyncio.to_thread(lease.still_held if leader else lease.try_acquire)
                if held and not leader:
                    leader = True
                    log.info("this worker holds the sender lease: it receives updates and sends")
                    await app.updater.start_polling(allowed_updates=allowed_updates)
                    store = app.bot_data["service"].store
                    # Checked before each send is planned: a lost lease stops new sends at once.
                    store.send_fence = sender_fence(store.db, lease.backend_pid, lease.key)
                    start_sender(app, sweep=WORKER_SWEEP_SECONDS)
                elif leader and not held:
                    leader = False
                    log.warning("the sender lease is lost; another worker takes over")
                    await app.updater.stop()
                    await stop_sender(app)
                    app.bot_data["service"].store.send_fence = None
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), LEASE_CHECK_SECONDS)
        finally:
            if app.updater.running:
                await app.updater.stop()
            try:
                await on_stop(app)
            finally:
                await app.stop()
                await asyncio.to_thread(lease.release)
    await on_shutdown(app)

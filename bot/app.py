"""The composition root: every piece of newsbell is wired here and nowhere else."""

from __future__ import annotations

import asyncio
import logging

import httpx
from telegram import Update
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder

import handlers
from bot.fetch import make_client
from bot.jobs import deliver, schedule_feeds
from bot.pipeline import Service
from bot.store import Store
from bot.types import Config

log = logging.getLogger(__name__)


def build_application(
    config: Config,
    store: Store,
    token: str,
    base_url: str | None = None,
    http_client: httpx.AsyncClient | None = None,
) -> Application:
    builder = ApplicationBuilder().token(token).rate_limiter(AIORateLimiter())
    if base_url:
        builder = builder.base_url(base_url)
    builder = builder.post_init(on_startup).post_shutdown(on_shutdown)
    app = builder.build()
    app.bot_data["service"] = Service(config, store, http_client or make_client())
    handlers.register(app)
    return app


async def on_startup(app: Application) -> None:
    """Runs once the bot is initialised: publish the command menu, start the feed jobs, flush old alerts."""
    await app.bot.set_my_commands(handlers.bot_commands())
    schedule_feeds(app)
    await deliver(app)  # alerts queued before a restart go out now, not after the first sweep


async def on_shutdown(app: Application) -> None:
    svc = app.bot_data["service"]
    await svc.client.aclose()
    svc.store.close()


async def serve(app: Application, stop: asyncio.Event, poll_timeout: int = 1) -> None:
    """Run the bot inside an existing event loop until ``stop`` is set (tests, demo).

    ``run_polling`` owns the loop and the signals, so in-process runs use this instead; it calls
    the same start-up and shut-down hooks.
    """
    async with app:
        await on_startup(app)
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=poll_timeout, allowed_updates=Update.ALL_TYPES)
        try:
            await stop.wait()
        finally:
            await app.updater.stop()
            await app.stop()
    await on_shutdown(app)

"""The composition root: every piece of newsbell is wired here and nowhere else."""

from __future__ import annotations

import asyncio
import logging
import signal

import httpx
from telegram import Update
from telegram.ext import Application, ApplicationBuilder

import handlers
from bot import lemma_tables, runtime
from bot.core.pacing import RateLimits
from bot.fetch import DEFAULT_LIMITS, Limits, make_client
from bot.i18n import DEFAULT_LANGUAGE, SUPPORTED
from bot.jobs import schedule_jobs, start_sender, stop_background
from bot.notices import notify_admins
from bot.outbound import Outbound
from bot.pipeline import Service
from bot.reload import reload_config, remember_config_file
from bot.settings import WebhookSettings
from bot.store import Store
from bot.types import Config
from bot.updates import PerChatUpdates

log = logging.getLogger(__name__)


def build_application(
    config: Config,
    store: Store,
    token: str,
    base_url: str | None = None,
    http_client: httpx.AsyncClient | None = None,
    config_path: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Application:
    runtime.tune_collector()  # matching's short-lived containers die young (bot/runtime.py)
    # Lemmas from memory-mapped tries (built once per machine, in a child process) before any article.
    lemma_tables.install()
    d = config.delivery
    pacing = RateLimits(global_per_second=d.messages_per_second, chat_burst=d.chat_burst,
                        chat_per_second=d.chat_messages_per_second, group_per_minute=d.group_messages_per_minute)
    # The one outbound door: every request of this bot (replies, alerts, notices) is paced here.
    outbound = Outbound(pacing)
    builder = ApplicationBuilder().token(token).rate_limiter(outbound).concurrent_updates(PerChatUpdates())
    if base_url:
        builder = builder.base_url(base_url)
    # PTB's order on the way out: updater.stop, app.stop, post_stop, bot shutdown, post_shutdown.
    # Polls and the sender must end in post_stop, while the bot can still send.
    builder = builder.post_init(on_startup).post_stop(on_stop).post_shutdown(on_shutdown)
    app = builder.build()
    app.bot_data["outbound"] = outbound
    outbound.on_long_wait = lambda asked, waited: _long_wait_notice(app, asked, waited)
    client = http_client or make_client(max_connections=max(config.max_concurrent_fetches * 2, 8))
    app.bot_data["service"] = Service(config, store, client, limits=limits)
    if config_path:
        remember_config_file(app, config_path)
    handlers.register(app)
    return app


def _long_wait_notice(app: Application, asked: float, waited: float) -> None:
    """Telegram asked for an absurd wait (an incident): admins should know why alerts are late."""
    asyncio.ensure_future(notify_admins(
        app, f"Telegram asked the bot to stop sending for {asked:.0f} s; it tries again after {waited:.0f} s."))


async def on_startup(app: Application) -> None:
    """Runs once the bot is initialised: publish the command menu, start the jobs and the sender."""
    # The default menu is English; each catalogue's language gets its own (Telegram picks by the user's language).
    await app.bot.set_my_commands(handlers.bot_commands())
    for language in SUPPORTED:
        if language != DEFAULT_LANGUAGE:
            await app.bot.set_my_commands(handlers.bot_commands(language), language_code=language)
    await app.bot_data["service"].warm_up()
    # The language models and gazetteer just loaded are hundreds of MB of objects that live as long as
    # the process: frozen, the collector stops walking them, and its pauses stop holding up sends.
    runtime.freeze_loaded()
    schedule_jobs(app)
    try:  # SIGHUP reloads the config, the Unix habit for daemons; absent on Windows
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGHUP, lambda: asyncio.ensure_future(reload_config(app, "SIGHUP")))
    except (NotImplementedError, AttributeError, RuntimeError, ValueError):
        log.debug("SIGHUP reload not available here")
    if not app.bot_data.get("worker_mode"):  # several workers: only the lease holder sends (bot.worker)
        start_sender(app)  # sends what a previous run left queued, then whatever polls queue


async def on_stop(app: Application) -> None:
    """Cancel polls in flight or waiting and stop the sender: seconds, well inside a SIGTERM grace."""
    await stop_background(app)


async def on_shutdown(app: Application) -> None:
    """Runs after the bot is shut down: nothing may use it any more, so only clients close here."""
    svc = app.bot_data["service"]
    try:
        asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
    except (NotImplementedError, AttributeError, RuntimeError, ValueError):
        pass
    await svc.client.aclose()
    svc.store.close()


async def serve(
    app: Application, stop: asyncio.Event, poll_timeout: int = 1, *, webhook: WebhookSettings | None = None
) -> None:
    """Run the bot inside an existing event loop until ``stop`` is set (tests, demo).

    ``run_polling`` and ``run_webhook`` own the loop and the signals, so in-process runs use this
    instead; it calls the same start-up, stop and shut-down hooks. With ``webhook``, PTB's webhook
    server receives the updates (and sets the webhook) instead of long polling.
    """
    async with app:
        await on_startup(app)
        await app.start()
        if webhook is not None:
            await app.updater.start_webhook(
                listen=webhook.listen, port=webhook.port, url_path=webhook.url_path, webhook_url=webhook.url,
                secret_token=webhook.secret_token, allowed_updates=Update.ALL_TYPES)
        else:
            await app.updater.start_polling(poll_interval=0.0, timeout=poll_timeout, allowed_updates=Update.ALL_TYPES)
        try:
            await stop.wait()
        finally:
            await app.updater.stop()
            try:
                await on_stop(app)  # before app.stop(): its job queue and tasks must not wait on polls
            finally:
                await app.stop()
    await on_shutdown(app)

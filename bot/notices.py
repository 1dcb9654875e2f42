"""Telling the sender there is work, and queueing notices for the bot's admins.

Polls, config reloads, settings handlers and the composition root all need these two; they live apart
from the jobs so that none of those modules imports another to reach them.
"""

from __future__ import annotations

import logging

from telegram.ext import Application

log = logging.getLogger(__name__)


def wake_sender(app: Application, chat_id: int | None = None) -> None:
    """Alerts or notices were queued (or ``chat_id``'s settings changed): the sender picks them up.
    Never waits for the sending itself."""
    sender = app.bot_data.get("sender")
    if sender is not None:
        sender.wake(chat_id)


async def notify_admins(app: Application, text: str) -> None:
    """Queue a notice for every admin; the sender delivers it through the outbound path, after a
    restart too. An admin who never started the bot cannot be messaged, which is only logged."""
    svc = app.bot_data["service"]
    log.warning("admin notice: %s", text)
    now = svc.clock()
    for admin in svc.config.admins:
        svc.store.queue_notice(admin, text, now)
    wake_sender(app)

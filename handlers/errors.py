"""Unknown commands get a pointer to /help; unexpected errors are logged loudly and the user is told."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.format import esc
from handlers.common import reply

log = logging.getLogger(__name__)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    word = (update.effective_message.text or "").split(maxsplit=1)[0][:40]
    await reply(update, f"I don't know {esc(word)}. /help lists what I can do.")


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("unhandled error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        try:
            await update.effective_message.reply_text("Sorry, something went wrong on my side. Please try again.")
        except Exception:  # the reply is a courtesy; the error is already logged
            log.debug("could not tell the user about the error", exc_info=True)

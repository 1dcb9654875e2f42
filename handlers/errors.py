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
    chat = update.effective_chat
    if chat is not None and chat.type != "private":
        # In a group, a bare /weather or /weather@other_bot belongs to someone else: stay quiet.
        _command, _, addressee = word.partition("@")
        if addressee.casefold() != (context.bot.username or "").casefold():
            return
    await reply(update, f"I don't know {esc(word)}. /help lists what I can do.")


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("unhandled error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        try:
            await update.effective_message.reply_text("Sorry, something went wrong on my side. Please try again.")
        except Exception:  # the reply is a courtesy; the error is already logged
            log.debug("could not tell the user about the error", exc_info=True)

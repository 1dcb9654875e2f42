"""Unknown commands get a pointer to /help; unexpected errors are logged loudly and the user is told."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.format import esc
from bot.i18n import pick_language, translations
from handlers.common import begin, reply, service

log = logging.getLogger(__name__)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    word = (update.effective_message.text or "").split(maxsplit=1)[0][:40]
    chat = update.effective_chat
    if chat is not None and chat.type != "private":
        # In a group, a bare /weather or /weather@other_bot belongs to someone else: stay quiet.
        _command, _, addressee = word.partition("@")
        if addressee.casefold() != (context.bot.username or "").casefold():
            return
    c = begin(update, context)
    await reply(update, c._("I don't know {command}. /help lists what I can do.").format(command=esc(word)))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("unhandled error while handling an update", exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        user = update.effective_user
        chat = update.effective_chat
        chosen = service(context).store.chat_language(chat.id) if chat else None
        tr = translations(pick_language(chosen, user.language_code if user else None))
        text = tr.gettext("Sorry, something went wrong on my side. Please try again.")
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        elif update.effective_message:
            await update.effective_message.reply_text(text, do_quote=False)
    except Exception:  # the reply is a courtesy; the error is already logged
        log.debug("could not tell the user about the error", exc_info=True)

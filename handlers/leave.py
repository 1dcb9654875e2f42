"""/stop: forget this chat, after a confirmation button."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.core import callbacks as cb
from handlers.common import Chat, begin, refuse_unless_allowed, reply
from handlers.follow import for_channel


async def stop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    c = begin(update, context)
    if await refuse_unless_allowed(update, context, c):
        return
    n = c.svc.store.count_follows(c.chat_id)
    text = c.ngettext("Stop and forget this chat? Its {n} follow or mute, its settings and its pending alerts will be "
                "deleted. You can come back any time with /start.",
                "Stop and forget this chat? Its {n} follows and mutes, its settings and its pending alerts will be "
                "deleted. You can come back any time with /start.", n).format(n=n)
    rows = [[(c._("Yes, forget this chat"), cb.encode(cb.CONFIRM_STOP)), (c._("Cancel"), cb.encode(cb.CANCEL))]]
    await reply(update, text + for_channel(c), rows)


def forget(update: Update, c: Chat) -> str:
    """Delete what the store keeps about the chat; the goodbye, in the language the chat had."""
    c.svc.store.forget_chat(c.chat_id)
    return c._("Done: I forgot this chat's follows, mutes, settings and pending alerts. Send /start to begin "
               "again.") + for_channel(c)

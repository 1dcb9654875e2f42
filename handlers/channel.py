"""/channel @name: manage a channel's follows from a private chat.

A channel has no members who type commands, so its admins speak for it here. Both rights are
checked with getChatMember: the bot must be an administrator of the channel (it posts there), and
so must the user. The choice lives in memory: after a restart, /channel again.
"""

from __future__ import annotations

import logging
import re

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.core.format import esc
from handlers.common import begin, command_argument, member_is_admin, reply

log = logging.getLogger(__name__)

_USERNAME = re.compile(r"^@?([A-Za-z][A-Za-z0-9_]{3,31})$")


async def channel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    managing: dict = context.application.bot_data.setdefault("managing", {})
    chat = update.effective_chat
    arg = command_argument(update)
    if chat.type != ChatType.PRIVATE:
        c = begin(update, context)
        await reply(update, c._("Use /channel in a private chat with me."))
        return
    if arg.casefold() == "off":
        gone = managing.pop(chat.id, None)
        c = begin(update, context)
        if gone:
            await reply(update, c._("Back to this chat: commands here no longer change {channel}.").format(
                channel=esc(gone[1])))
        else:
            await reply(update, c._("You were not managing a channel."))
        return
    c = begin(update, context)
    match = _USERNAME.match(arg)
    if not match:
        await reply(update, c._("Usage: {example}: then /follow, /list, /topics, /lang and /stop here apply to the "
                                "channel, until {off}.").format(example="<code>/channel @yourchannel</code>",
                                                                off="<code>/channel off</code>"))
        return
    name = "@" + match.group(1)
    try:
        target = await context.bot.get_chat(name)
    except TelegramError as exc:
        log.info("getChat(%s) failed: %s", name, exc)
        target = None
    if target is None or target.type != ChatType.CHANNEL:
        await reply(update, c._("I can't find a channel called {channel}.").format(channel=esc(name)))
        return
    try:
        me = await context.bot.get_chat_member(target.id, context.bot.id)
        bot_is_admin = me.status == ChatMemberStatus.ADMINISTRATOR
    except TelegramError as exc:
        log.info("getChatMember(%s, bot) failed: %s", name, exc)
        bot_is_admin = False
    if not bot_is_admin:
        await reply(update, c._("Make me an administrator of {channel} (allowed to post), then send this again.").format(
            channel=esc(name)))
        return
    if not await member_is_admin(context, target.id, update.effective_user.id):
        await reply(update, c._("Only an administrator of {channel} can manage its alerts.").format(channel=esc(name)))
        return
    svc = c.svc
    svc.store.upsert_chat(target.id, ChatType.CHANNEL, target.title or name, svc.clock())
    managing[chat.id] = (target.id, name)
    c = begin(update, context)
    await reply(update, c._("Now managing {channel}: /follow, /unfollow, /mute, /list, /topics, /lang and /stop here "
                            "apply to the channel. {off} returns to this chat.").format(
        channel=esc(name), off="<code>/channel off</code>"))

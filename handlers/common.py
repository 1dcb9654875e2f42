"""What every handler needs: the service, the chat and its language, who may change it, a safe reply."""

from __future__ import annotations

import functools
import gettext
import logging
import time
from dataclasses import dataclass

from telegram import Message, Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.i18n import pick_language, translations
from bot.markup import keyboard
from bot.pipeline import Service

log = logging.getLogger(__name__)

ADMIN_CACHE_SECONDS = 60.0  # a demoted admin keeps the rights a minute at most; getChatMember is not free
_ADMIN_STATUSES = {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}
GROUPS = {ChatType.GROUP, ChatType.SUPERGROUP}
THROTTLE_USERS_KEPT = 10_000


def service(context: ContextTypes.DEFAULT_TYPE) -> Service:
    return context.application.bot_data["service"]


def translator(update: Update, context: ContextTypes.DEFAULT_TYPE) -> gettext.NullTranslations:
    """The chat's catalogue: its /lang choice, else the user's Telegram language."""
    chat = update.effective_chat
    user = update.effective_user
    chosen = service(context).store.chat_language(chat.id) if chat else None
    return translations(pick_language(chosen, user.language_code if user else None))


def is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A bot admin ([bot].admins), not a group admin."""
    user = update.effective_user
    return user is not None and user.id in service(context).config.admins


def thread_of(message: Message | None) -> int:
    """The forum topic a message belongs to; 0 outside forums and in a forum's General topic."""
    if message is None or not message.is_topic_message:
        return 0
    return message.message_thread_id or 0


@dataclass
class Chat:
    """The chat a command acts on (a channel when managed from a private chat) and its language."""

    svc: Service
    chat_id: int
    thread_id: int
    language: str
    tr: gettext.NullTranslations
    channel: str = ""  # "@name" while a private chat manages a channel

    def _(self, msgid: str) -> str:
        return self.tr.gettext(msgid)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.tr.ngettext(singular, plural, n)


def register_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    chat = update.effective_chat
    svc = service(context)
    title = chat.title or chat.full_name or chat.username or str(chat.id)
    svc.store.upsert_chat(chat.id, chat.type, title, svc.clock())
    return chat.id


def begin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Chat:
    """Register the chat and return what the command acts on, in the chat's language."""
    chat_id = register_chat(update, context)
    svc = service(context)
    user = update.effective_user
    managed = managed_channel(update, context)
    if managed is not None:
        target, name = managed
        language = pick_language(svc.store.chat_language(target), user.language_code if user else None)
        return Chat(svc, target, 0, language, translations(language), channel=name)
    language = pick_language(svc.store.chat_language(chat_id), user.language_code if user else None)
    return Chat(svc, chat_id, thread_of(update.effective_message), language, translations(language))


def managed_channel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[int, str] | None:
    """(channel id, "@name") that this private chat manages after /channel, else None."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        return None
    return context.application.bot_data.setdefault("managing", {}).get(chat.id)


async def member_is_admin(context: ContextTypes.DEFAULT_TYPE, chat_id: int | str, user_id: int) -> bool:
    """getChatMember, cached briefly: a burst of button presses asks Telegram once."""
    cache: dict = context.application.bot_data.setdefault("admin_cache", {})
    key = (chat_id, user_id)
    hit = cache.get(key)
    now = time.monotonic()
    if hit is not None and hit[1] > now:
        return hit[0]
    try:
        member = await context.bot.get_chat_member(chat_id, user_id)
        answer = member.status in _ADMIN_STATUSES
    except TelegramError as exc:  # not a member, chat gone: not an admin, and say why in the log
        log.info("getChatMember(%s, %s) failed: %s", chat_id, user_id, exc)
        answer = False
    cache[key] = (answer, now + ADMIN_CACHE_SECONDS)
    return answer


async def may_change(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Private chats and channels: yes. Groups: only the group's administrators."""
    chat = update.effective_chat
    if chat is None:
        return False
    managed = managed_channel(update, context)
    if managed is not None:  # a private chat acting for a channel: still that channel's admin?
        user = update.effective_user
        return user is not None and await member_is_admin(context, managed[0], user.id)
    if chat.type not in GROUPS:
        return True
    message = update.effective_message
    if update.callback_query is None and message is not None and message.sender_chat is not None \
            and message.sender_chat.id == chat.id:
        return True  # an anonymous admin writes as the group itself
    user = update.effective_user
    return user is not None and await member_is_admin(context, chat.id, user.id)


async def refuse_unless_allowed(update: Update, context: ContextTypes.DEFAULT_TYPE, c: Chat) -> bool:
    """True (after a polite reply) when this user may not change the group's follows and settings."""
    if await may_change(update, context):
        return False
    if c.channel:
        text = c._("You are no longer an admin of {channel}. /channel off returns to this chat.").format(
            channel=c.channel)
    else:
        text = c._("Only this group's admins can change what it follows and its settings. "
                   "/list shows what it follows.")
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    else:
        await reply(update, text)
    return True


def admins_only(callback):
    """A handler that, in groups, runs only for the group's administrators (others get the refusal)."""

    @functools.wraps(callback)
    async def guarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not await refuse_unless_allowed(update, context, begin(update, context)):
            await callback(update, context)

    return guarded


async def reply(update: Update, html_text: str, buttons: list[list[tuple[str, str]]] | None = None) -> Message:
    """Answer in the chat and forum topic the update came from (PTB keeps the topic on replies)."""
    return await update.effective_message.reply_text(html_text, parse_mode=ParseMode.HTML, do_quote=False,
                                                      reply_markup=keyboard(buttons or []))


def command_argument(update: Update) -> str:
    """Everything after the command word (``/follow@newsbell_bot "apple pay"`` -> ``"apple pay"``)."""
    text = update.effective_message.text or ""
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


async def throttle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every handler: a user over the command burst gets one friendly note, then silence.

    Counts commands and button presses per user in a sliding window (``[bot].command_burst`` per
    ``command_window_seconds``); plain messages in groups are not commands and are not counted.
    """
    user = update.effective_user
    message = update.message or update.channel_post
    is_command = message is not None and (message.text or "").startswith("/")
    if user is None or not (is_command or update.callback_query is not None):
        return
    config = service(context).config
    now = time.monotonic()
    state: dict = context.application.bot_data.setdefault("throttle", {})
    if len(state) > THROTTLE_USERS_KEPT:  # users gone quiet are forgotten, so the table stays small
        for uid in [u for u, (ts, _w) in state.items() if not ts or now - ts[-1] >= config.command_window_seconds]:
            del state[uid]
    stamps, warned = state.get(user.id, ([], False))
    stamps = [t for t in stamps if now - t < config.command_window_seconds]
    if not stamps:
        warned = False
    stamps.append(now)
    state[user.id] = (stamps, warned)
    if len(stamps) <= config.command_burst:
        return
    if not warned:
        state[user.id] = (stamps, True)
        language = pick_language(service(context).store.chat_language(update.effective_chat.id),
                                 user.language_code)
        note = translations(language).gettext(
            "That is a lot of commands at once. Please wait a few seconds; I will answer again then.")
        if update.callback_query is not None:
            await update.callback_query.answer(note, show_alert=True)
        elif message is not None:
            await message.reply_text(note, do_quote=False)
    elif update.callback_query is not None:
        await update.callback_query.answer()  # every callback is answered, even while throttled
    raise ApplicationHandlerStop

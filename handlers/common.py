"""What every handler needs: the service, the chat registered, a safe HTML reply."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.i18n import pick_language, translations
from bot.pipeline import Service


def service(context: ContextTypes.DEFAULT_TYPE) -> Service:
    return context.application.bot_data["service"]


def translator(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """The chat's catalogue: its /lang choice, else the user's Telegram language."""
    chat = update.effective_chat
    user = update.effective_user
    chosen = service(context).store.chat_settings(chat.id).get("language") if chat else None
    return translations(pick_language(chosen, user.language_code if user else None))


def is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    user = update.effective_user
    return user is not None and user.id in service(context).config.admins


def register_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    chat = update.effective_chat
    svc = service(context)
    title = chat.title or chat.full_name or chat.username or str(chat.id)
    svc.store.upsert_chat(chat.id, chat.type, title, svc.clock())
    return chat.id


async def reply(update: Update, html_text: str) -> None:
    await update.effective_message.reply_text(html_text, parse_mode=ParseMode.HTML, do_quote=False)


def command_argument(update: Update) -> str:
    """Everything after the command word (``/follow@newsbell_bot "apple pay"`` -> ``"apple pay"``)."""
    text = update.effective_message.text or ""
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""

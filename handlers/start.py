"""/start, /help and /lang."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.core import callbacks as cb
from bot.core.format import LANGUAGE_NAMES, esc
from bot.i18n import SUPPORTED, translations
from handlers.common import begin, command_argument, is_admin, refuse_unless_allowed, reply
from handlers.follow import for_channel, topic_buttons


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    c = begin(update, context)
    config = c.svc.config
    suggested = list(config.suggested_topics) or [t.id for t in config.topics[:5]]
    lines = [
        c._("<b>newsbell</b> sends you news the moment it is published, for the things you follow."),
        "",
        c._("Tap a topic below to follow it, or type {a} or {b}.").format(
            a="<code>/follow alibaba</code>", b="<code>/follow \"apple pay\"</code>"),
        "",
        c._("Every alert says why it was sent. /help lists every command; /lang changes my language."),
    ]
    await reply(update, "\n".join(lines) + for_channel(c), topic_buttons(c, suggested[:5]))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    from handlers import ADMIN_COMMANDS, COMMANDS

    c = begin(update, context)
    lines = ["<b>" + c._("Commands") + "</b>"]
    for name, args, desc in COMMANDS:
        usage = f"/{name} {args}".strip()
        lines.append(f"{esc(usage)}: {esc(c._(desc))}")
    if is_admin(update, context):
        lines += ["", "<b>" + c._("Admin") + "</b>"]
        lines += [f"/{name}: {esc(c._(desc))}" for name, _args, desc in ADMIN_COMMANDS]
    lines += [
        "",
        "<b>" + c._("Examples") + "</b>",
        c._("{command}: the company, in every language and script (阿里巴巴 too)").format(
            command="<code>/follow alibaba</code>"),
        c._("{command}: the exact phrase").format(command="<code>/follow \"apple pay\"</code>"),
        c._("{command}: a curated topic (see /topics)").format(command="<code>/follow mobile payments</code>"),
        c._("{command}: stop it again").format(command="<code>/unfollow alibaba</code>"),
    ]
    await reply(update, "\n".join(lines))


def language_buttons(current: str) -> list[list[tuple[str, str]]]:
    """One button per catalogue, each named in its own language."""
    return [[(("✅ " if lang == current else "") + translations(lang).gettext(LANGUAGE_NAMES.get(lang, lang)),
              cb.encode(cb.LANGUAGE, lang)) for lang in SUPPORTED]]


async def lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    c = begin(update, context)
    wanted = command_argument(update).strip().lower()
    if not wanted:
        await reply(update, c._("This chat reads me in {language}. Choose: {choices}").format(
            language=esc(c._(LANGUAGE_NAMES.get(c.language, c.language))),
            choices=", ".join(f"<code>/lang {code}</code>" for code in SUPPORTED)), language_buttons(c.language))
        return
    if await refuse_unless_allowed(update, context, c):
        return
    if wanted not in SUPPORTED:
        await reply(update, c._("I don't speak “{code}” yet. Choose: {choices}").format(
            code=esc(wanted[:20]), choices=", ".join(f"<code>/lang {code}</code>" for code in SUPPORTED)))
        return
    await reply(update, set_language(c.svc, c.chat_id, wanted) + for_channel(c))


def set_language(svc, chat_id: int, language: str) -> str:
    """Store the chat's language; the confirmation, already in the new language."""
    svc.store.set_chat_language(chat_id, language)
    tr = translations(language)
    return tr.gettext("From now on I speak {language} in this chat.").format(
        language=esc(tr.gettext(LANGUAGE_NAMES.get(language, language))))

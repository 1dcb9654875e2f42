"""Telegram command handlers. ``register(app)`` adds them in order; ``COMMANDS`` feeds /help and setMyCommands."""

from __future__ import annotations

from telegram import BotCommand, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, TypeHandler, filters

from bot.core.format import N_
from bot.i18n import translations
from handlers import admin, buttons, channel, follow, leave, settings, start
from handlers.common import admins_only, throttle
from handlers.errors import on_error, unknown_command

# (command, arguments, description): the single table behind /help, setMyCommands and the README test.
# Descriptions are message ids: /help and each language's command menu translate them.
COMMANDS: list[tuple[str, str, str]] = [
    ("start", "", N_("What newsbell does and how to begin")),
    ("help", "", N_("Every command, with examples")),
    ("follow", "<term | \"phrase\" | topic>", N_("Get alerts for a company, person, word, phrase or topic")),
    ("unfollow", "<term | topic>", N_("Stop alerts for something you follow")),
    ("mute", "<term>", N_("Never get articles that name it, whatever else they match")),
    ("unmute", "<term>", N_("Stop muting it")),
    ("list", "", N_("What this chat follows, with buttons to remove")),
    ("topics", "", N_("The curated topics, with buttons to follow")),
    ("lang", "<it | en>", N_("Choose the language I speak in this chat")),
    ("channel", "<@channel | off>", N_("Manage a channel you administer from this private chat")),
    ("stop", "", N_("Forget this chat: follows, mutes, settings, pending alerts")),
    ("digest", "off | hourly | daily HH:MM", N_("Collect alerts into one message a day or an hour")),
    ("quiet", "HH:MM-HH:MM [silent] | off", N_("Hours when alerts wait (or arrive without a sound)")),
    ("timezone", "<Area/City>", N_("Your time zone, for digests and quiet hours")),
    ("pause", "", N_("Hold all alerts until /resume")),
    ("resume", "", N_("Restart alerts, with one summary of what you missed")),
    ("settings", "", N_("This chat's digest, quiet hours, time zone and pause")),
]


# Admin commands: in /help for admins and in README, not in everyone's command menu.
ADMIN_COMMANDS: list[tuple[str, str, str]] = [
    ("feeds", "", N_("Feed health: last success, errors, entries in the last day, next poll")),
    ("reload", "", N_("Re-read the config file now (it is also picked up on change and on SIGHUP)")),
    ("stats", "", N_("Chats, follows, today's articles and alerts, the queue")),
    ("failed", "", N_("Alerts parked as failed after repeated errors, with the commonest errors")),
    ("retry", "", N_("Put every failed alert back in the queue")),
]


def bot_commands(language: str | None = None) -> list[BotCommand]:
    """The command menu in ``language`` (English, the message ids, by default)."""
    tr = translations(language)
    return [BotCommand(name, tr.gettext(desc)) for name, _args, desc in COMMANDS]


def register(app: Application) -> None:
    # Group -1 runs first: a user over the command burst is stopped before any handler.
    app.add_handler(TypeHandler(Update, throttle), group=-1)
    # Order matters: known commands first, then buttons, then the catch-all for unknown commands.
    # Commands that change a chat are for its admins in groups: follow.py checks inside, settings here.
    app.add_handler(CommandHandler("start", start.start))
    app.add_handler(CommandHandler("help", start.help_command))
    app.add_handler(CommandHandler("lang", start.lang))
    app.add_handler(CommandHandler("follow", follow.follow))
    app.add_handler(CommandHandler("unfollow", follow.unfollow))
    app.add_handler(CommandHandler("mute", follow.mute))
    app.add_handler(CommandHandler("unmute", follow.unmute))
    app.add_handler(CommandHandler("list", follow.list_follows))
    app.add_handler(CommandHandler("topics", follow.topics))
    app.add_handler(CommandHandler("channel", channel.channel))
    app.add_handler(CommandHandler("stop", leave.stop))
    app.add_handler(CommandHandler("digest", admins_only(settings.digest)))
    app.add_handler(CommandHandler("quiet", admins_only(settings.quiet)))
    app.add_handler(CommandHandler("timezone", admins_only(settings.timezone)))
    app.add_handler(CommandHandler("pause", admins_only(settings.pause)))
    app.add_handler(CommandHandler("resume", admins_only(settings.resume)))
    app.add_handler(CommandHandler("settings", settings.settings))
    app.add_handler(CommandHandler("failed", settings.failed))
    app.add_handler(CommandHandler("retry", settings.retry))
    app.add_handler(CommandHandler("feeds", admin.feeds))
    app.add_handler(CommandHandler("reload", admin.reload))
    app.add_handler(CommandHandler("stats", admin.stats))
    app.add_handler(CallbackQueryHandler(buttons.on_callback))
    app.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    app.add_error_handler(on_error)

"""Telegram command handlers. ``register(app)`` adds them in order; ``COMMANDS`` feeds /help and setMyCommands."""

from __future__ import annotations

from telegram import BotCommand
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from handlers import admin, follow, settings, start
from handlers.errors import on_error, unknown_command

# (command, arguments, description): the single table behind /help, setMyCommands and the README test.
COMMANDS: list[tuple[str, str, str]] = [
    ("start", "", "What newsbell does and how to begin"),
    ("help", "", "Every command, with examples"),
    ("follow", "<term | \"phrase\" | topic>", "Get alerts for a company, person, word, phrase or topic"),
    ("unfollow", "<term | topic>", "Stop alerts for something you follow"),
    ("mute", "<term>", "Never get articles that name it, whatever else they match"),
    ("unmute", "<term>", "Stop muting it"),
    ("list", "", "What this chat follows"),
    ("topics", "", "The curated topics you can follow"),
    ("digest", "off | hourly | daily HH:MM", "Collect alerts into one message a day or an hour"),
    ("quiet", "HH:MM-HH:MM [silent] | off", "Hours when alerts wait (or arrive without a sound)"),
    ("timezone", "<Area/City>", "Your time zone, for digests and quiet hours"),
    ("pause", "", "Hold all alerts until /resume"),
    ("resume", "", "Restart alerts, with one summary of what you missed"),
    ("settings", "", "This chat's digest, quiet hours, time zone and pause"),
]


# Admin commands: in /help for admins and in README, not in everyone's command menu.
ADMIN_COMMANDS: list[tuple[str, str, str]] = [
    ("feeds", "", "Feed health: last success, errors, entries in the last day, next poll"),
    ("reload", "", "Re-read the config file now (it is also picked up on change and on SIGHUP)"),
    ("failed", "", "Alerts parked as failed after repeated errors, with the commonest errors"),
    ("retry", "", "Put every failed alert back in the queue"),
]


def bot_commands() -> list[BotCommand]:
    return [BotCommand(name, desc) for name, _args, desc in COMMANDS]


def register(app: Application) -> None:
    # Order matters: known commands first, then the catch-all for unknown commands.
    app.add_handler(CommandHandler("start", start.start))
    app.add_handler(CommandHandler("help", start.help_command))
    app.add_handler(CommandHandler("follow", follow.follow))
    app.add_handler(CommandHandler("unfollow", follow.unfollow))
    app.add_handler(CommandHandler("mute", follow.mute))
    app.add_handler(CommandHandler("unmute", follow.unmute))
    app.add_handler(CommandHandler("list", follow.list_follows))
    app.add_handler(CommandHandler("topics", follow.topics))
    app.add_handler(CommandHandler("digest", settings.digest))
    app.add_handler(CommandHandler("quiet", settings.quiet))
    app.add_handler(CommandHandler("timezone", settings.timezone))
    app.add_handler(CommandHandler("pause", settings.pause))
    app.add_handler(CommandHandler("resume", settings.resume))
    app.add_handler(CommandHandler("settings", settings.settings))
    app.add_handler(CommandHandler("failed", settings.failed))
    app.add_handler(CommandHandler("retry", settings.retry))
    app.add_handler(CommandHandler("feeds", admin.feeds))
    app.add_handler(CommandHandler("reload", admin.reload))
    app.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    app.add_error_handler(on_error)

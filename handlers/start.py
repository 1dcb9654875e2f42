"""/start and /help."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.format import esc
from handlers.common import is_admin, register_chat, reply, service


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    register_chat(update, context)
    svc = service(context)
    lines = [
        "<b>newsbell</b> sends you news the moment it is published, for the things you follow.",
        "",
        "Try: <code>/follow alibaba</code>, <code>/follow \"apple pay\"</code>, or a topic:",
    ]
    suggested = [svc.config.topic(t) for t in svc.config.suggested_topics] or list(svc.config.topics)
    for topic in suggested[:5]:
        if topic:
            lines.append(f"• <code>/follow {esc(topic.name.lower())}</code> ({esc(topic.name)})")
    lines += ["", "Every alert says why it was sent. /help lists every command."]
    await reply(update, "\n".join(lines))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    from handlers import ADMIN_COMMANDS, COMMANDS

    register_chat(update, context)
    lines = ["<b>Commands</b>"]
    for name, args, desc in COMMANDS:
        usage = f"/{name} {args}".strip()
        lines.append(f"{esc(usage)}: {esc(desc)}")
    if is_admin(update, context):
        lines += ["", "<b>Admin</b>"]
        lines += [f"/{name}: {esc(desc)}" for name, _args, desc in ADMIN_COMMANDS]
    lines += [
        "",
        "<b>Examples</b>",
        "<code>/follow alibaba</code>: the company, in every language and script (阿里巴巴 too)",
        "<code>/follow \"apple pay\"</code>: the exact phrase",
        "<code>/follow mobile payments</code>: a curated topic (see /topics)",
        "<code>/unfollow alibaba</code>: stop it again",
    ]
    await reply(update, "\n".join(lines))

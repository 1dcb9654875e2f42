"""Admin commands: /feeds (feed health) and /reload (apply an edited config now)."""

from __future__ import annotations

from datetime import datetime

from telegram import Update
from telegram.constants import MessageLimit
from telegram.ext import ContextTypes

from bot.core.format import esc
from bot.reload import reload_config
from handlers.common import is_admin, register_chat, reply, service


async def _refuse(update: Update, command: str) -> None:
    await reply(update, f"Sorry, {esc(command)} is for this bot's admins. /help lists what you can do.")


def _ago(iso: str | None, now: datetime) -> str:
    if not iso:
        return "never"
    seconds = int((now - datetime.fromisoformat(iso)).total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if abs(seconds) >= size:
            return f"{seconds // size}{unit} ago" if seconds >= 0 else f"in {-seconds // size}{unit}"
    return f"{seconds}s ago" if seconds >= 0 else f"in {-seconds}s"


def health_lines(rows: list[dict], now: datetime) -> list[str]:
    lines = []
    for r in rows:
        failing = r["consecutive_failures"] > 0
        mark = "🔴" if failing else ("🟢" if r["last_success_at"] else "⚪")
        parts = [f"{mark} <b>{esc(r['name'])}</b>",
                 f"last success {_ago(r['last_success_at'], now)}",
                 f"{r['entries_last_day']} entries in 24h",
                 f"next poll {_ago(r['next_poll_at'], now) if r['next_poll_at'] else 'now'}"]
        if failing:
            parts.append(f"{r['consecutive_failures']} failures in a row, last error: {esc(r['last_error'] or '?')}")
        if r["fetch_url"]:
            parts.append(f"moved to {esc(r['fetch_url'])}")
        lines.append("\n   ".join(parts))
    return lines


def chunk_messages(header: str, lines: list[str], limit: int = MessageLimit.MAX_TEXT_LENGTH - 96) -> list[str]:
    """Lines packed into as few messages as Telegram's length limit allows."""
    messages, current = [], header
    for line in lines:
        if len(current) + 1 + len(line) > limit:
            messages.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    messages.append(current)
    return messages


async def feeds(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    register_chat(update, context)
    if not is_admin(update, context):
        await _refuse(update, "/feeds")
        return
    svc = service(context)
    now = svc.clock()
    rows = svc.store.feed_health(now)
    failing = sum(1 for r in rows if r["consecutive_failures"])
    header = f"<b>{len(rows)} feeds</b>, {failing} failing"
    for text in chunk_messages(header, health_lines(rows, now)):
        await reply(update, text)


async def reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    register_chat(update, context)
    if not is_admin(update, context):
        await _refuse(update, "/reload")
        return
    report = await reload_config(context.application, "/reload")
    await reply(update, esc(report))

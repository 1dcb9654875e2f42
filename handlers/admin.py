"""Admin commands: /feeds (feed health), /reload (apply an edited config now) and /stats."""

from __future__ import annotations

from datetime import datetime

from telegram import Update
from telegram.constants import MessageLimit
from telegram.ext import ContextTypes

from bot.core.format import esc
from bot.reload import reload_config
from handlers.common import Chat, begin, is_admin, reply


async def _refuse(update: Update, c: Chat, command: str) -> None:
    await reply(update, c._("Sorry, {command} is for this bot's admins. /help lists what you can do.").format(
        command=esc(command)))


def _span(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _ago(iso: str | None, now: datetime, tr) -> str:
    if not iso:
        return tr.gettext("never")
    seconds = int((now - datetime.fromisoformat(iso)).total_seconds())
    if seconds >= 0:
        return tr.gettext("{span} ago").format(span=_span(seconds))
    return tr.gettext("in {span}").format(span=_span(-seconds))


def health_lines(rows: list[dict], now: datetime, tr) -> list[str]:
    lines = []
    for r in rows:
        failing = r["consecutive_failures"] > 0
        mark = "🔴" if failing else ("🟢" if r["last_success_at"] else "⚪")
        parts = [f"{mark} <b>{esc(r['name'])}</b>",
                 tr.gettext("last success {when}").format(when=_ago(r["last_success_at"], now, tr)),
                 tr.ngettext("{n} entry in 24h", "{n} entries in 24h", r["entries_last_day"]).format(
                     n=r["entries_last_day"]),
                 tr.gettext("next poll {when}").format(
                     when=_ago(r["next_poll_at"], now, tr) if r["next_poll_at"] else tr.gettext("now"))]
        if failing:
            parts.append(tr.ngettext("{n} failure in a row, last error: {error}",
                                     "{n} failures in a row, last error: {error}", r["consecutive_failures"]).format(
                n=r["consecutive_failures"], error=esc(r["last_error"] or "?")))
        if r["fetch_url"]:
            parts.append(tr.gettext("moved to {url}").format(url=esc(r["fetch_url"])))
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
    c = begin(update, context)
    if not is_admin(update, context):
        await _refuse(update, c, "/feeds")
        return
    now = c.svc.clock()
    rows = c.svc.store.feed_health(now)
    failing = sum(1 for r in rows if r["consecutive_failures"])
    header = "<b>" + c.ngettext("{n} feed", "{n} feeds", len(rows)).format(n=len(rows)) + "</b>, " + c.ngettext(
        "{n} failing", "{n} failing", failing).format(n=failing)
    for text in chunk_messages(header, health_lines(rows, now, c.tr)):
        await reply(update, text)


async def reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    c = begin(update, context)
    if not is_admin(update, context):
        await _refuse(update, c, "/reload")
        return
    report = await reload_config(context.application, "/reload", c.tr)
    await reply(update, esc(report))


def stats_text(stats: dict, tr) -> str:
    oldest = stats["oldest_pending_seconds"]
    lines = [
        "<b>" + tr.gettext("newsbell today (UTC)") + "</b>",
        tr.gettext("Chats: {active} active, {inactive} inactive").format(
            active=stats["chats_active"], inactive=stats["chats_inactive"]),
        tr.gettext("Follows and mutes: {n}").format(n=stats["follows"]),
        tr.gettext("Articles today: {n}").format(n=stats["articles_today"]),
        tr.gettext("Alerts today: {sent} sent, {failed} failed").format(
            sent=stats["sent_today"], failed=stats["failed_today"]),
        tr.gettext("Queue: {n} pending, oldest {age}").format(
            n=stats["pending"], age=_span(oldest) if oldest is not None else "-"),
    ]
    return "\n".join(lines)


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    c = begin(update, context)
    if not is_admin(update, context):
        await _refuse(update, c, "/stats")
        return
    await reply(update, stats_text(c.svc.store.admin_stats(c.svc.clock()), c.tr))

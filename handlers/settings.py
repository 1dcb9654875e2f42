"""The delivery rhythm of a chat: /digest, /quiet, /timezone, /pause, /resume, /settings; and, for
admins, /failed and /retry. Thin: arguments are parsed by ``bot.core.delivery``; the sender does the rest."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.delivery import SettingError, parse_digest, parse_quiet, parse_timezone
from bot.core.format import esc
from bot.notices import wake_sender
from handlers.common import begin, command_argument, is_admin, register_chat, reply, service, translator

MAX_ARGUMENT = 80  # longer than any valid setting: echo no more of it than this


def _error_text(exc: SettingError, tr) -> str:
    value = esc(str(exc.details.get("value", ""))[:MAX_ARGUMENT])
    if exc.code == "bad_time":
        return tr.gettext("“{value}” is not a time of day. Write it as 08:00 or 8:00.").format(value=value)
    if exc.code == "bad_quiet":
        return tr.gettext("“{value}” is not a range of hours. Example: <code>/quiet 22:00-07:00</code>, "
                          "or <code>/quiet off</code>.").format(value=value)
    if exc.code == "quiet_same":
        return tr.gettext("Quiet hours that start when they end would be empty. Example: "
                          "<code>/quiet 22:00-07:00</code>.")
    if exc.code == "bad_timezone":
        text = tr.gettext("I don't know the time zone “{value}”. Use a name such as "
                          "<code>Europe/Rome</code> or <code>America/New_York</code>.").format(value=value)
        if exc.details.get("suggestion"):
            text += "\n" + tr.gettext("Did you mean <code>{suggestion}</code>?").format(
                suggestion=esc(exc.details["suggestion"]))
        return text
    return tr.gettext("Usage: <code>/digest off</code>, <code>/digest hourly</code> or "
                      "<code>/digest daily 08:00</code>.")


def _settings_text(row: dict, tr) -> str:
    zone = row.get("timezone") or "UTC"
    digest = row.get("digest") or "off"
    if digest == "daily":
        digest_line = tr.gettext("daily at {time}").format(time=row.get("digest_time") or "08:00")
    elif digest == "hourly":
        digest_line = tr.gettext("every hour")
    else:
        digest_line = tr.gettext("off: alerts arrive as they come")
    if row.get("quiet_start") and row.get("quiet_end"):
        span = f"{row['quiet_start']}-{row['quiet_end']}"
        quiet_line = (tr.gettext("{span}, alerts arrive silently") if row.get("quiet_mode") == "silent"
                      else tr.gettext("{span}, alerts wait for the end")).format(span=span)
    else:
        quiet_line = tr.gettext("none")
    state = tr.gettext("paused (/resume to restart)") if row.get("paused_at") else tr.gettext("active")
    return "\n".join([
        tr.gettext("<b>Settings of this chat</b>"),
        tr.gettext("Time zone: {zone}").format(zone=esc(zone)),
        tr.gettext("Digest: {digest}").format(digest=digest_line),
        tr.gettext("Quiet hours: {quiet}").format(quiet=quiet_line),
        tr.gettext("Alerts: {state}").format(state=state),
        tr.gettext("Change them with /digest, /quiet, /timezone, /pause and /resume."),
    ])


def _setting_chat(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """The chat the command acts on (a channel managed from this private chat included), its
    catalogue and the service. Who may change it is checked before (``handlers.common.admins_only``)."""
    c = begin(update, context)
    return c.chat_id, c.tr, service(context)


async def digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat_id, tr, svc = _setting_chat(update, context)
    raw = command_argument(update)
    try:
        mode, at = parse_digest(raw.split()) if raw else (None, None)
    except SettingError as exc:
        await reply(update, _error_text(exc, tr))
        return
    if mode is None:
        await reply(update, _settings_text(svc.store.chat_settings(chat_id), tr) + "\n\n" + _error_text(
            SettingError("missing_digest"), tr))
        return
    zone = svc.store.chat_settings(chat_id).get("timezone") or "UTC"
    if mode == "off":
        svc.store.set_chat_settings(chat_id, digest=None)
        text = tr.gettext("Digests are off: alerts arrive as they come.")
    elif mode == "hourly":
        svc.store.set_chat_settings(chat_id, digest="hourly", last_digest_at=svc.clock().isoformat(timespec="seconds"))
        text = tr.gettext("Alerts are collected and sent once an hour, on the hour ({zone}).").format(zone=esc(zone))
    else:
        svc.store.set_chat_settings(chat_id, digest="daily", digest_time=at,
                                    last_digest_at=svc.clock().isoformat(timespec="seconds"))
        text = tr.gettext("Alerts are collected and sent as one message every day at {time} ({zone}). "
                          "/timezone sets your time zone.").format(time=at, zone=esc(zone))
    wake_sender(context.application, chat_id)
    await reply(update, text)


async def quiet(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat_id, tr, svc = _setting_chat(update, context)
    raw = command_argument(update)
    words = raw.split()
    mode = "hold"
    if words and words[-1].lower() in ("hold", "silent"):
        mode = words.pop().lower()
    if not words:
        await reply(update, tr.gettext(
            "Usage: <code>/quiet 22:00-07:00</code> (alerts wait for the end), <code>/quiet 22:00-07:00 silent</code> "
            "(they arrive without a sound) or <code>/quiet off</code>."))
        return
    try:
        span = parse_quiet(" ".join(words))
    except SettingError as exc:
        await reply(update, _error_text(exc, tr))
        return
    zone = svc.store.chat_settings(chat_id).get("timezone") or "UTC"
    if span is None:
        svc.store.set_chat_settings(chat_id, quiet_start=None, quiet_end=None, quiet_mode=None)
        text = tr.gettext("Quiet hours are off.")
    else:
        svc.store.set_chat_settings(chat_id, quiet_start=span[0], quiet_end=span[1], quiet_mode=mode)
        if mode == "silent":
            text = tr.gettext("Quiet hours {start}-{end} ({zone}): alerts arrive without a sound.")
        else:
            text = tr.gettext("Quiet hours {start}-{end} ({zone}): alerts wait and arrive at {end}.")
        text = text.format(start=span[0], end=span[1], zone=esc(zone))
    wake_sender(context.application, chat_id)
    await reply(update, text)


async def timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat_id, tr, svc = _setting_chat(update, context)
    raw = command_argument(update)
    if not raw:
        zone = svc.store.chat_settings(chat_id).get("timezone") or "UTC"
        await reply(update, tr.gettext("This chat's time zone is {zone}. Change it with "
                                       "<code>/timezone Europe/Rome</code>.").format(zone=esc(zone)))
        return
    try:
        zone = parse_timezone(raw[:MAX_ARGUMENT])
    except SettingError as exc:
        await reply(update, _error_text(exc, tr))
        return
    svc.store.set_chat_settings(chat_id, timezone=zone)
    wake_sender(context.application, chat_id)
    await reply(update, tr.gettext("Time zone set to {zone}: digests and quiet hours follow it.").format(zone=esc(zone)))


async def pause(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat_id, tr, svc = _setting_chat(update, context)
    if svc.store.chat_settings(chat_id).get("paused_at"):
        await reply(update, tr.gettext("Alerts are already paused. /resume restarts them."))
        return
    svc.store.set_chat_settings(chat_id, paused_at=svc.clock().isoformat(timespec="seconds"))
    await reply(update, tr.gettext("Alerts are paused. Nothing is lost: /resume sends you one summary of "
                                   "what you missed."))


async def resume(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat_id, tr, svc = _setting_chat(update, context)
    if not svc.store.chat_settings(chat_id).get("paused_at"):
        await reply(update, tr.gettext("Alerts are not paused."))
        return
    held = svc.store.pending_count(chat_id)
    svc.store.set_chat_settings(chat_id, paused_at=None, resumed_at=svc.clock().isoformat(timespec="seconds"))
    if held:
        text = tr.ngettext("Alerts resumed. {n} article arrived while you were away: it follows now.",
                           "Alerts resumed. {n} articles arrived while you were away: one summary follows now.",
                           held).format(n=held)
    else:
        text = tr.gettext("Alerts resumed. Nothing arrived while you were away.")
    await reply(update, text)
    wake_sender(context.application, chat_id)  # after the reply: the summary comes second


async def settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    c = begin(update, context)
    await reply(update, _settings_text(service(context).store.chat_settings(c.chat_id), c.tr))


async def _bot_admin(update: Update, context: ContextTypes.DEFAULT_TYPE, command: str):
    """The catalogue when the user is one of the bot's admins; else None, after a polite refusal."""
    register_chat(update, context)
    tr = translator(update, context)
    if is_admin(update, context):
        return tr
    await reply(update, tr.gettext("Sorry, {command} is for this bot's admins. /help lists what you can do.")
                .format(command=command))
    return None


async def failed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    tr = await _bot_admin(update, context, "/failed")
    if tr is None:
        return
    total, top = service(context).store.failed_summary()
    if not total:
        await reply(update, tr.gettext("No alert is parked as failed."))
        return
    lines = [tr.ngettext("<b>{n} alert</b> parked as failed. Commonest errors:",
                         "<b>{n} alerts</b> parked as failed. Commonest errors:", total).format(n=total)]
    lines += [f"• {n} × {esc(error[:200])}" for error, n in top]
    lines.append(tr.gettext("/retry puts them back in the queue."))
    await reply(update, "\n".join(lines))


async def retry(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    tr = await _bot_admin(update, context, "/retry")
    if tr is None:
        return
    n = service(context).store.retry_failed()
    wake_sender(context.application)
    await reply(update, tr.ngettext("{n} failed alert is back in the queue.", "{n} failed alerts are back in the queue.",
                                    n).format(n=n))

"""Inline buttons: topic toggles, /list's unfollow buttons, alerts' unfollow and mute, confirmations.

Every callback query is answered exactly once, whatever happens: a stale or forged button gets a
polite note, never an exception, and a group member who is not an admin gets the group refusal.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.core import callbacks as cb
from bot.core.follows import MUTE, FollowError, resolve_mute
from bot.core.format import esc
from bot.i18n import SUPPORTED, pick_language, translations
from bot.types import Follow
from handlers.common import Chat, begin, keyboard, may_change
from handlers.follow import cap_reached, display_label, list_view, topic_buttons, unfollow_one
from handlers.leave import forget
from handlers.start import set_language

log = logging.getLogger(__name__)


async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query.message is None or not query.message.is_accessible or update.effective_chat is None:
        # Telegram no longer shows us the message (too old): nothing to act on.
        user = update.effective_user
        tr = translations(pick_language(None, user.language_code if user else None))
        await query.answer(tr.gettext("This button is too old. Send the command again."))
        return
    c = begin(update, context)
    try:
        data = cb.decode(query.data)
    except cb.StaleCallback:
        await query.answer(c._("This button is from an older version of me. Send the command again."), show_alert=True)
        return
    except cb.BadCallback:
        log.info("unreadable callback data from user %s: %r", update.effective_user.id, (query.data or "")[:80])
        await query.answer(c._("I can't read this button. Send the command again."), show_alert=True)
        return
    if not await may_change(update, context):  # cancelling an admin's /stop is a change too
        await query.answer(c._("Only this group's admins can change what it follows and its settings. "
                               "/list shows what it follows."), show_alert=True)
        return
    text, alert = await ACTIONS[data.action](update, c, data)
    await query.answer(text, show_alert=alert)


async def _unless_unchanged(edit) -> None:
    """Await an edit; "message is not modified" (two quick presses) is not an error worth a word."""
    try:
        await edit
    except BadRequest as exc:
        if "not modified" not in str(exc):
            raise


async def _edit(update: Update, html_text: str, rows: list[list[tuple[str, str]]] | None = None) -> None:
    """Rewrite the message the button is on."""
    await _unless_unchanged(update.callback_query.edit_message_text(
        html_text, parse_mode="HTML", reply_markup=keyboard(rows or [])))


def _message_topic_ids(update: Update) -> list[str]:
    """The topics whose toggles the pressed message carries, in order."""
    markup = update.callback_query.message.reply_markup
    ids = []
    for row in (markup.inline_keyboard if markup else ()):
        for button in row:
            try:
                data = cb.decode(button.callback_data)
            except cb.BadCallback:
                continue
            if data.action == cb.TOGGLE_TOPIC:
                ids.append(data.args[0])
    return ids


async def _toggle_topic(update: Update, c: Chat, data: cb.Callback) -> tuple[str, bool]:
    topic = c.svc.config.topic(data.args[0])
    if topic is None or topic.id != data.args[0]:
        return c._("That topic no longer exists. /topics shows the current ones."), True
    name = topic.name_in(c.language)
    store = c.svc.store
    if store.remove_follow(c.chat_id, "topic", topic.id, c.thread_id):
        answer = c._("Stopped following {name}.").format(name=name)
    else:
        refusal = cap_reached(c)
        if refusal:
            return refusal, True
        store.add_follow(Follow(c.chat_id, "topic", topic.id, name, c.thread_id), c.svc.clock())
        answer = c._("Following {name}.").format(name=name)
    # Only the marks change: the text stays as it was sent.
    await _unless_unchanged(update.callback_query.edit_message_reply_markup(
        keyboard(topic_buttons(c, _message_topic_ids(update)))))
    return answer, False


async def _unfollow_listed(update: Update, c: Chat, data: cb.Callback) -> tuple[str, bool]:
    follow = c.svc.store.follow_by_id(c.chat_id, c.thread_id, data.int_arg(0))
    if follow is None:
        answer = c._("That was already removed.")
    else:
        unfollow_one(c, follow)
        label = display_label(c, follow.kind, follow.label, follow.value)
        answer = (c._("Unmuted {name}.") if follow.kind == MUTE else c._("Stopped following {name}.")).format(name=label)
    text, rows = list_view(c)
    await _edit(update, text, rows)
    return answer, False


def _follow_behind(c: Chat, reason) -> Follow | None:
    """The follow of this chat (or forum topic) that a stored reason came from."""
    for f in c.svc.store.follows_of(c.chat_id, c.thread_id):
        if f.kind != reason.kind:
            continue
        if f.kind == "topic" and reason.label in (f.label, display_label(c, f.kind, f.label, f.value)):
            return f
        if f.kind == "entity" and f.value == reason.label:
            return f
        if f.kind == "term" and (f.label == reason.label or f.value in reason.hits):
            return f
    return None


async def _alert_unfollow(update: Update, c: Chat, data: cb.Callback) -> tuple[str, bool]:
    reasons = c.svc.store.delivery_reasons(data.int_arg(0), c.chat_id, c.thread_id)
    index = data.int_arg(1)
    if reasons is None or index >= len(reasons):
        return c._("This button no longer matches anything here."), True
    follow = _follow_behind(c, reasons[index])
    if follow is None:
        return c._("This chat no longer follows {name}.").format(name=reasons[index].label), False
    unfollow_one(c, follow)
    label = display_label(c, follow.kind, follow.label, follow.value)
    return c._("Stopped following {name}. /follow brings it back.").format(name=label), True


def _main_entity(c: Chat, article_id: int) -> str | None:
    summary = c.svc.store.article_summary(article_id)
    if summary is None or c.svc.store.delivery_reasons(article_id, c.chat_id, c.thread_id) is None:
        return None  # the article never reached this chat: the button was not ours to press here
    return cb.main_entity(summary)


async def _alert_mute(update: Update, c: Chat, data: cb.Callback) -> tuple[str, bool]:
    name = _main_entity(c, data.int_arg(0))
    if name is None:
        return c._("This button no longer matches anything here."), True
    text = c._("Mute <b>{name}</b>? Articles that name it will not reach this chat, whatever else they match.").format(
        name=esc(name))
    rows = [[(c._("Yes, mute it"), cb.encode(cb.CONFIRM_MUTE, data.int_arg(0))),
             (c._("Cancel"), cb.encode(cb.CANCEL))]]
    await update.callback_query.message.reply_text(text, parse_mode="HTML", do_quote=False, reply_markup=keyboard(rows))
    return "", False


async def _confirm_mute(update: Update, c: Chat, data: cb.Callback) -> tuple[str, bool]:
    name = _main_entity(c, data.int_arg(0))
    if name is None:
        return c._("This button no longer matches anything here."), True
    try:
        res = resolve_mute(name, c.svc.config.topics, c.svc.gazetteer)
    except FollowError:
        return c._("This button no longer matches anything here."), True
    refusal = cap_reached(c)
    if refusal:
        return refusal, True
    c.svc.store.add_follow(Follow(c.chat_id, res.kind, res.value, res.label, c.thread_id), c.svc.clock())
    await _edit(update, c._("Muted <b>{name}</b>. To undo: {command}").format(
        name=esc(res.label), command=f"<code>/unmute {esc(res.label)}</code>"))
    return c._("Muted {name}.").format(name=res.label), False


async def _confirm_stop(update: Update, c: Chat, data: cb.Callback) -> tuple[str, bool]:
    text = forget(update, c)
    await _edit(update, text)
    return "", False


async def _cancel(update: Update, c: Chat, data: cb.Callback) -> tuple[str, bool]:
    await _edit(update, c._("Cancelled: nothing changed."))
    return "", False


async def _language(update: Update, c: Chat, data: cb.Callback) -> tuple[str, bool]:
    if data.args[0] not in SUPPORTED:
        return c._("This button no longer matches anything here."), True
    text = set_language(c.svc, c.chat_id, data.args[0])
    await _edit(update, text)
    return "", False


ACTIONS = {
    cb.TOGGLE_TOPIC: _toggle_topic,
    cb.UNFOLLOW: _unfollow_listed,
    cb.ALERT_UNFOLLOW: _alert_unfollow,
    cb.ALERT_MUTE: _alert_mute,
    cb.CONFIRM_MUTE: _confirm_mute,
    cb.CONFIRM_STOP: _confirm_stop,
    cb.CANCEL: _cancel,
    cb.LANGUAGE: _language,
}

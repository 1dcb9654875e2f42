"""/follow, /unfollow, /list and /topics: thin wrappers over the core's resolver and the store."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.format import esc
from bot.core.match import MAX_FOLLOW_LENGTH, resolve_follow
from bot.core.text import fold
from bot.types import Follow
from handlers.common import command_argument, register_chat, reply, service

MAX_FOLLOWS_PER_CHAT = 200


def _describe(kind: str, label: str) -> str:
    if kind == "topic":
        return f"the topic <b>{esc(label)}</b>"
    if kind == "entity":
        return f"<b>{esc(label)}</b>"
    return f"“{esc(label)}”"


async def follow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat_id = register_chat(update, context)
    svc = service(context)
    raw = command_argument(update)
    if not raw:
        await reply(update, "Usage: <code>/follow alibaba</code>, <code>/follow \"apple pay\"</code> or "
                            "<code>/follow mobile payments</code> (see /topics).")
        return
    try:
        res = resolve_follow(raw, svc.config.topics, svc.gazetteer)
    except ValueError as exc:
        await reply(update, f"{esc(str(exc))}\nExample: <code>/follow alibaba</code>")
        return
    if len(svc.store.follows_of(chat_id)) >= MAX_FOLLOWS_PER_CHAT:
        await reply(update, f"This chat already follows {MAX_FOLLOWS_PER_CHAT} things, the most allowed. "
                            "Use /list and /unfollow to make room.")
        return
    added = svc.store.add_follow(Follow(chat_id, res.kind, res.value, res.label), svc.clock())
    svc.follows_changed()
    what = _describe(res.kind, res.label)
    if not added:
        text = f"You already follow {what}."
    elif res.kind == "topic":
        text = f"Following {what}. You will get articles about it in any language."
    elif res.kind == "entity":
        ent = svc.gazetteer.lookup(res.value)
        others = [a for a in (ent.aliases if ent else ()) if fold(a) != fold(raw)][:4]
        also = f" (also as {esc(', '.join(others))})" if others else ""
        text = f"Following {what}{also}."
    else:
        text = f"Following {what}: articles that contain these words."
    if added and res.literal_alternative:
        text += f"\nTo follow the exact words instead: <code>{esc(res.literal_alternative)}</code>"
    await reply(update, text)


async def unfollow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat_id = register_chat(update, context)
    svc = service(context)
    raw = command_argument(update)
    if not raw:
        await reply(update, "Usage: <code>/unfollow alibaba</code>. /list shows what this chat follows.")
        return
    try:
        res = resolve_follow(raw, svc.config.topics, svc.gazetteer)
    except ValueError as exc:
        await reply(update, esc(str(exc)))
        return
    removed = svc.store.remove_follow(chat_id, res.kind, res.value)
    if not removed:
        # The user may name a follow by its label ("apple pay" followed literally, say).
        wanted = fold(raw.strip('"“”«»\''))
        for f in svc.store.follows_of(chat_id):
            if fold(f.label) == wanted or f.value == wanted:
                removed = svc.store.remove_follow(chat_id, f.kind, f.value)
                res = res.__class__(f.kind, f.value, f.label)
                break
    if removed:
        svc.follows_changed()
        await reply(update, f"Stopped following {_describe(res.kind, res.label)}.")
    else:
        await reply(update, f"This chat does not follow “{esc(raw[:MAX_FOLLOW_LENGTH])}”. /list shows what it follows.")


async def list_follows(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat_id = register_chat(update, context)
    follows = service(context).store.follows_of(chat_id)
    if not follows:
        await reply(update, "This chat follows nothing yet. Try <code>/follow alibaba</code> or see /topics.")
        return
    lines = [f"<b>This chat follows {len(follows)}:</b>"]
    lines += [f"• {_describe(f.kind, f.label)}" for f in follows]
    await reply(update, "\n".join(lines))


async def topics(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    register_chat(update, context)
    svc = service(context)
    if not svc.config.topics:
        await reply(update, "No topics are configured yet.")
        return
    lines = ["<b>Topics</b>"]
    for topic in svc.config.topics:
        sample = ", ".join(topic.keywords[:5])
        lines.append(f"• <b>{esc(topic.name)}</b> (<code>/follow {esc(topic.id)}</code>): {esc(sample)}…")
    await reply(update, "\n".join(lines))

"""/follow, /unfollow, /mute, /unmute, /list and /topics: thin wrappers over the core's resolver and the store."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.core.format import esc
from bot.core.match import MAX_FOLLOW_LENGTH, MUTE, Resolution, mute_parts, resolve_follow, resolve_mute
from bot.core.text import fold
from bot.types import Follow
from handlers.common import command_argument, register_chat, reply, service

MAX_FOLLOWS_PER_CHAT = 200


def _describe(kind: str, label: str, value: str = "") -> str:
    if kind == MUTE:
        return _describe(mute_parts(value)[0][0], label)
    if kind == "topic":
        return f"the topic <b>{esc(label)}</b>"
    if kind == "entity":
        return f"<b>{esc(label)}</b>"
    return f"“{esc(label)}”"


async def _resolved(update: Update, context: ContextTypes.DEFAULT_TYPE, resolver, usage: str, example: str = ""):
    """The command's argument resolved, or None after replying with the usage or the reason."""
    chat_id = register_chat(update, context)
    svc = service(context)
    raw = command_argument(update)
    if not raw:
        await reply(update, usage)
        return None
    try:
        res = resolver(raw, svc.config.topics, svc.gazetteer)
    except ValueError as exc:
        await reply(update, esc(str(exc)) + (f"\nExample: <code>{example}</code>" if example else ""))
        return None
    return chat_id, svc, raw, res


async def follow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    got = await _resolved(update, context, resolve_follow,
                          "Usage: <code>/follow alibaba</code>, <code>/follow \"apple pay\"</code>, "
                          "<code>/follow mobile payments</code> (see /topics) or <code>/follow apple -pie</code> "
                          "(apple, never pie).", example="/follow alibaba")
    if got is None:
        return
    chat_id, svc, raw, res = got
    if len(svc.store.follows_of(chat_id)) >= MAX_FOLLOWS_PER_CHAT:
        await reply(update, f"This chat already follows {MAX_FOLLOWS_PER_CHAT} things, the most allowed. "
                            "Use /list and /unfollow to make room.")
        return
    added = svc.store.add_follow(Follow(chat_id, res.kind, res.value, res.label), svc.clock())
    for mute in res.mutes:
        svc.store.add_follow(Follow(chat_id, mute.kind, mute.value, mute.label), svc.clock())
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
    if res.mutes:
        what = ", ".join(_describe(m.kind, m.label, m.value) for m in res.mutes)
        text += (f"\nMuted {what} for this follow only: {what} articles still reach you through your other "
                 f"follows. <code>/unmute {esc(res.mutes[0].label)}</code> undoes it.")
    await reply(update, text)


def _muted_text(mutes: tuple[Resolution, ...]) -> str:
    what = ", ".join(_describe(m.kind, m.label, m.value) for m in mutes)
    undo = esc(mutes[0].label)
    return (f"Muted {what}: articles that name it reach this chat through no follow. "
            f"<code>/unmute {undo}</code> undoes it.")


def _scope_of(f: Follow) -> tuple[str, str] | None:
    return mute_parts(f.value)[1] if f.kind == MUTE else None


async def unfollow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    got = await _resolved(update, context, resolve_follow,
                          "Usage: <code>/unfollow alibaba</code>. /list shows what this chat follows.")
    if got is None:
        return
    chat_id, svc, raw, res = got
    removed = svc.store.remove_follow(chat_id, res.kind, res.value)
    if not removed:
        # The user may name a follow by its label ("apple pay" followed literally, say).
        wanted = fold(raw.strip('"“”«»\''))
        for f in svc.store.follows_of(chat_id):
            if f.kind != MUTE and (fold(f.label) == wanted or f.value == wanted):
                removed = svc.store.remove_follow(chat_id, f.kind, f.value)
                res = res.__class__(f.kind, f.value, f.label)
                break
    if removed:
        # Mutes written inside this follow ("/follow apple -pie") go with it.
        for f in svc.store.follows_of(chat_id):
            if _scope_of(f) == (res.kind, res.value):
                svc.store.remove_follow(chat_id, f.kind, f.value)
        svc.follows_changed()
        await reply(update, f"Stopped following {_describe(res.kind, res.label)}.")
    else:
        await reply(update, f"This chat does not follow “{esc(raw[:MAX_FOLLOW_LENGTH])}”. /list shows what it follows.")


async def mute(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    got = await _resolved(update, context, resolve_mute,
                          "Usage: <code>/mute pie</code>: articles that name it never reach this chat, "
                          "whatever else they match. /unmute undoes it.", example="/mute pie")
    if got is None:
        return
    chat_id, svc, _raw, res = got
    if len(svc.store.follows_of(chat_id)) >= MAX_FOLLOWS_PER_CHAT:
        await reply(update, f"This chat already has {MAX_FOLLOWS_PER_CHAT} follows and mutes, the most allowed. "
                            "Use /list, /unfollow and /unmute to make room.")
        return
    if not svc.store.add_follow(Follow(chat_id, res.kind, res.value, res.label), svc.clock()):
        await reply(update, f"You already muted {_describe(res.kind, res.label, res.value)}.")
        return
    svc.follows_changed()
    text = _muted_text((res,))
    if res.literal_alternative:
        text += f"\nTo mute the exact words instead: <code>{esc(res.literal_alternative)}</code>"
    await reply(update, text)


async def unmute(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    got = await _resolved(update, context, resolve_mute,
                          "Usage: <code>/unmute pie</code>. /list shows what this chat mutes.")
    if got is None:
        return
    chat_id, svc, raw, res = got
    # Unmute everywhere: the chat-wide mute and any written inside a follow ("/follow apple -pie").
    removed = svc.store.remove_follow(chat_id, MUTE, res.value)
    wanted = fold(raw.strip('"“”«»\''))
    for f in svc.store.follows_of(chat_id):
        if f.kind != MUTE:
            continue
        (kind, value), _scope = mute_parts(f.value)
        if f"{kind}:{value}" == res.value or fold(f.label) == wanted or value == wanted:
            if svc.store.remove_follow(chat_id, f.kind, f.value) and not removed:
                removed, res = True, Resolution(f.kind, f.value, f.label)
    if removed:
        svc.follows_changed()
        await reply(update, f"Unmuted {_describe(res.kind, res.label, res.value)}.")
    else:
        await reply(update, f"This chat does not mute “{esc(raw[:MAX_FOLLOW_LENGTH])}”. /list shows what it mutes.")


async def list_follows(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    chat_id = register_chat(update, context)
    everything = service(context).store.follows_of(chat_id)
    follows = [f for f in everything if f.kind != MUTE]
    mutes = [f for f in everything if f.kind == MUTE and _scope_of(f) is None]
    scoped: dict[tuple[str, str], list[Follow]] = {}
    for f in everything:
        scope = _scope_of(f)
        if scope is not None:
            scoped.setdefault(scope, []).append(f)
    if not everything:
        await reply(update, "This chat follows nothing yet. Try <code>/follow alibaba</code> or see /topics.")
        return
    lines = [f"<b>This chat follows {len(follows)}:</b>"]
    for f in follows:
        exceptions = scoped.get((f.kind, f.value), [])
        unless = f", not {', '.join(_describe(m.kind, m.label, m.value) for m in exceptions)}" if exceptions else ""
        lines.append(f"• {_describe(f.kind, f.label)}{unless}")
    if mutes:
        lines.append(f"<b>Muted ({len(mutes)}):</b>")
        lines += [f"• {_describe(f.kind, f.label, f.value)}" for f in mutes]
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

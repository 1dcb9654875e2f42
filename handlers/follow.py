"""/follow, /unfollow, /mute, /unmute, /list and /topics: thin wrappers over the core's resolver and the store.

Follows belong to the chat, or to the forum topic they were typed in; in groups only admins change them.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.core import callbacks as cb
from bot.core.follows import MAX_FOLLOW_LENGTH, MUTE, FollowError, Resolution, mute_parts, resolve_follow, resolve_mute
from bot.core.format import N_, esc
from bot.core.text import fold
from bot.types import Follow
from handlers.common import Chat, begin, command_argument, refuse_unless_allowed, reply


def display_label(c: Chat, kind: str, label: str, value: str = "") -> str:
    """What the user reads for a follow: a topic's name in the chat's language, else the stored label."""
    if kind == "topic":
        topic = c.svc.config.topic(value) if value else None
        return topic.name_in(c.language) if topic else label
    return label


def describe(c: Chat, kind: str, label: str, value: str = "") -> str:
    """A follow as HTML, every user text escaped."""
    if kind == MUTE:
        (mkind, mvalue), _scope = mute_parts(value)
        return describe(c, mkind, label, mvalue)
    if kind == "topic":
        return c._("the topic <b>{name}</b>").format(name=esc(display_label(c, kind, label, value)))
    if kind == "entity":
        return f"<b>{esc(label)}</b>"
    return f"“{esc(label)}”"


def topic_example(c: Chat) -> str:
    """``/follow <a topic's name in the chat's language>``: an example the reader can type as is."""
    topics = [c.svc.config.topic(t) for t in c.svc.config.suggested_topics] or list(c.svc.config.topics)
    return f"/follow {topics[0].name_in(c.language).lower()}" if topics and topics[0] else "/follow mobile payments"


def stored_label(c: Chat, res: Resolution) -> str:
    """A topic is stored under its name in the chat's language: alerts' why-line reads it as is."""
    return display_label(c, res.kind, res.label, res.value) if res.kind == "topic" else res.label


def for_channel(c: Chat) -> str:
    """A reminder that a private chat is managing a channel, on every reply that changes it."""
    return ("\n" + c._("(for the channel {channel})").format(channel=esc(c.channel))) if c.channel else ""


async def _resolved(update: Update, context: ContextTypes.DEFAULT_TYPE, resolver, usage: str, example: str = ""):
    """(chat, argument, resolution), or None after replying with the usage, a refusal or the reason."""
    c = begin(update, context)
    raw = command_argument(update)
    if not raw:
        await reply(update, c._(usage).format(**{**_USAGE_EXAMPLES, "follow_topic": f"<code>{esc(topic_example(c))}</code>"}))
        return None
    if await refuse_unless_allowed(update, context, c):
        return None
    try:
        res = resolver(raw, c.svc.config.topics, c.svc.gazetteer)
    except FollowError as exc:
        text = esc(c._(exc.msgid).format(**exc.params))
        if example:
            text += "\n" + c._("Example: {example}").format(example=f"<code>{esc(example)}</code>")
        await reply(update, text)
        return None
    return c, raw, res


# Usage lines are message ids with {placeholders}: the commands inside them are never translated.
_USAGE_EXAMPLES = {
    "follow_alibaba": "<code>/follow alibaba</code>", "follow_phrase": "<code>/follow \"apple pay\"</code>",
    "follow_not": "<code>/follow apple -pie</code>",
    "unfollow": "<code>/unfollow alibaba</code>", "mute": "<code>/mute pie</code>",
    "unmute": "<code>/unmute pie</code>",
}


def cap_reached(c: Chat, extra: int = 1) -> str | None:
    """The refusal when ``extra`` more follows would pass the chat's cap, else None."""
    cap = c.svc.config.max_follows_per_chat
    if c.svc.store.count_follows(c.chat_id) + extra <= cap:
        return None
    return c.ngettext("This chat already has {n} follow or mute, the most allowed. Use /list to make room.",
                      "This chat already has {n} follows and mutes, the most allowed. Use /list to make room.",
                      cap).format(n=cap)


async def _at_cap(update: Update, c: Chat, res: Resolution, extra: int = 1) -> bool:
    if any(f.kind == res.kind and f.value == res.value for f in c.svc.store.follows_of(c.chat_id, c.thread_id)):
        return False  # already there: "you already follow it" says more than the cap
    refusal = cap_reached(c, extra)
    if refusal:
        await reply(update, refusal)
    return refusal is not None


async def follow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    got = await _resolved(update, context, resolve_follow, N_(
        "Usage: {follow_alibaba}, {follow_phrase}, {follow_topic} (see /topics) or {follow_not} (apple, never pie)."),
        example="/follow alibaba")
    if got is None:
        return
    c, raw, res = got
    svc, store = c.svc, c.svc.store
    if await _at_cap(update, c, res, 1 + len(res.mutes)):
        return
    added = store.add_follow(Follow(c.chat_id, res.kind, res.value, stored_label(c, res), c.thread_id), svc.clock())
    for mute in res.mutes:
        store.add_follow(Follow(c.chat_id, mute.kind, mute.value, mute.label, c.thread_id), svc.clock())
    what = describe(c, res.kind, res.label, res.value)
    if not added:
        text = c._("You already follow {what}.").format(what=what)
    elif res.kind == "topic":
        text = c._("Following {what}. You will get articles about it in any language.").format(what=what)
        topic = svc.config.topic(res.value)
        if topic and fold(raw) not in (fold(topic.id), fold(topic.id.replace("-", " ")), fold(topic.name_in(c.language))):
            # "/follow pagamenti mobili" from an English chat: say which topic the words named.
            text += "\n" + c._("“{typed}” is the topic {name}.").format(typed=esc(raw), name=esc(topic.name_in(c.language)))
    elif res.kind == "entity":
        ent = svc.gazetteer.lookup(res.value)
        others = [a for a in (ent.aliases if ent else ()) if fold(a) != fold(raw)][:4]
        text = c._("Following {what}.").format(what=what)
        if others:
            text = c._("Following {what} (also as {aliases}).").format(what=what, aliases=esc(", ".join(others)))
    else:
        text = c._("Following {what}: articles that contain these words.").format(what=what)
    if added and res.literal_alternative:
        text += "\n" + c._("To follow the exact words instead: {command}").format(
            command=f"<code>{esc(res.literal_alternative)}</code>")
    if res.mutes:
        muted = ", ".join(describe(c, m.kind, m.label, m.value) for m in res.mutes)
        text += "\n" + c._("Muted {what} for this follow only: articles that name it still reach you through your "
                           "other follows. {command} undoes it.").format(
            what=muted, command=f"<code>/unmute {esc(res.mutes[0].label)}</code>")
    await reply(update, text + for_channel(c))


def _muted_text(c: Chat, mutes: tuple[Resolution, ...]) -> str:
    what = ", ".join(describe(c, m.kind, m.label, m.value) for m in mutes)
    return c._("Muted {what}: articles that name it reach this chat through no follow. {command} undoes it.").format(
        what=what, command=f"<code>/unmute {esc(mutes[0].label)}</code>")


def _scope_of(f: Follow) -> tuple[str, str] | None:
    return mute_parts(f.value)[1] if f.kind == MUTE else None


def unfollow_one(c: Chat, f: Follow) -> None:
    """Remove a follow and the mutes written inside it ("/follow apple -pie")."""
    store = c.svc.store
    store.remove_follow(c.chat_id, f.kind, f.value, c.thread_id)
    for other in store.follows_of(c.chat_id, c.thread_id):
        if _scope_of(other) == (f.kind, f.value):
            store.remove_follow(c.chat_id, other.kind, other.value, c.thread_id)


async def unfollow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    got = await _resolved(update, context, resolve_follow,
                          N_("Usage: {unfollow}. /list shows what this chat follows."))
    if got is None:
        return
    c, raw, res = got
    follows = c.svc.store.follows_of(c.chat_id, c.thread_id)
    wanted = fold(raw.strip('"“”«»\''))
    found = next((f for f in follows if f.kind == res.kind and f.value == res.value), None) or next(
        # The user may name a follow by its label ("apple pay" followed literally, say).
        (f for f in follows if f.kind != MUTE and (fold(f.label) == wanted or f.value == wanted)), None)
    if found is None:
        await reply(update, c._("This chat does not follow “{term}”. /list shows what it follows.").format(
            term=esc(raw[:MAX_FOLLOW_LENGTH])))
        return
    unfollow_one(c, found)
    await reply(update, c._("Stopped following {what}.").format(
        what=describe(c, found.kind, found.label, found.value)) + for_channel(c))


async def mute(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    got = await _resolved(update, context, resolve_mute, N_(
        "Usage: {mute}: articles that name it never reach this chat, whatever else they match. /unmute undoes it."),
        example="/mute pie")
    if got is None:
        return
    c, _raw, res = got
    if await _at_cap(update, c, res):
        return
    if not c.svc.store.add_follow(Follow(c.chat_id, res.kind, res.value, res.label, c.thread_id), c.svc.clock()):
        await reply(update, c._("You already muted {what}.").format(what=describe(c, res.kind, res.label, res.value)))
        return
    text = _muted_text(c, (res,))
    if res.literal_alternative:
        text += "\n" + c._("To mute the exact words instead: {command}").format(
            command=f"<code>{esc(res.literal_alternative)}</code>")
    await reply(update, text + for_channel(c))


async def unmute(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    got = await _resolved(update, context, resolve_mute, N_("Usage: {unmute}. /list shows what this chat mutes."))
    if got is None:
        return
    c, raw, res = got
    store = c.svc.store
    # Unmute everywhere: the chat-wide mute and any written inside a follow ("/follow apple -pie").
    removed = store.remove_follow(c.chat_id, MUTE, res.value, c.thread_id)
    wanted = fold(raw.strip('"“”«»\''))
    for f in store.follows_of(c.chat_id, c.thread_id):
        if f.kind != MUTE:
            continue
        (kind, value), _scope = mute_parts(f.value)
        if f"{kind}:{value}" == res.value or fold(f.label) == wanted or value == wanted:
            if store.remove_follow(c.chat_id, f.kind, f.value, c.thread_id) and not removed:
                removed, res = True, Resolution(f.kind, f.value, f.label)
    if removed:
        await reply(update, c._("Unmuted {what}.").format(what=describe(c, res.kind, res.label, res.value))
                    + for_channel(c))
    else:
        await reply(update, c._("This chat does not mute “{term}”. /list shows what it mutes.").format(
            term=esc(raw[:MAX_FOLLOW_LENGTH])))


def list_view(c: Chat) -> tuple[str, list[list[tuple[str, str]]]]:
    """The /list text and its buttons: one per follow or mute, each removing it."""
    rows = c.svc.store.follow_rows(c.chat_id, c.thread_id)
    everything = [f for _id, f in rows]
    if not everything:
        empty = (c._("This forum topic follows nothing yet. Try {example} or see /topics.") if c.thread_id
                 else c._("This chat follows nothing yet. Try {example} or see /topics."))
        return empty.format(example="<code>/follow alibaba</code>") + for_channel(c), []
    follows = [(i, f) for i, f in rows if f.kind != MUTE]
    mutes = [(i, f) for i, f in rows if f.kind == MUTE and _scope_of(f) is None]
    scoped: dict[tuple[str, str], list[Follow]] = {}
    for f in everything:
        scope = _scope_of(f)
        if scope is not None:
            scoped.setdefault(scope, []).append(f)
    if c.thread_id:  # in a forum, follows belong to the topic: say so
        head = c.ngettext("This forum topic follows {n} thing:", "This forum topic follows {n} things:", len(follows))
    else:
        head = c.ngettext("This chat follows {n} thing:", "This chat follows {n} things:", len(follows))
    lines = ["<b>" + head.format(n=len(follows)) + "</b>"]
    buttons: list[list[tuple[str, str]]] = []
    for follow_id, f in follows:
        exceptions = scoped.get((f.kind, f.value), [])
        line = "• " + describe(c, f.kind, f.label, f.value)
        if exceptions:
            line += ", " + c._("not {what}").format(what=", ".join(describe(c, m.kind, m.label, m.value)
                                                                  for m in exceptions))
        lines.append(line)
        label = display_label(c, f.kind, f.label, f.value)
        buttons.append([(cb.button_text(c._("Unfollow {name}").format(name=label)), cb.encode(cb.UNFOLLOW, follow_id))])
    if mutes:
        lines.append("<b>" + c.ngettext("Muted ({n}):", "Muted ({n}):", len(mutes)).format(n=len(mutes)) + "</b>")
        for follow_id, f in mutes:
            lines.append("• " + describe(c, f.kind, f.label, f.value))
            buttons.append([(cb.button_text(c._("Unmute {name}").format(name=f.label)),
                             cb.encode(cb.UNFOLLOW, follow_id))])
    return "\n".join(lines) + for_channel(c), buttons


async def list_follows(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    c = begin(update, context)
    text, buttons = list_view(c)
    await reply(update, text, buttons)


def topic_buttons(c: Chat, topic_ids: list[str]) -> list[list[tuple[str, str]]]:
    """One toggle per topic: ✅ when this chat (or forum topic) follows it, ➕ when not."""
    followed = {f.value for f in c.svc.store.follows_of(c.chat_id, c.thread_id) if f.kind == "topic"}
    rows = []
    for tid in topic_ids:
        topic = c.svc.config.topic(tid)
        if topic is None:
            continue
        mark = "✅" if topic.id in followed else "➕"
        rows.append([(cb.button_text(f"{mark} {topic.name_in(c.language)}"), cb.encode(cb.TOGGLE_TOPIC, topic.id))])
    return rows


def topics_text(c: Chat) -> str:
    lines = ["<b>" + c._("Topics") + "</b>"]
    for topic in c.svc.config.topics:
        sample = ", ".join(topic.keywords[:5])
        lines.append(f"• <b>{esc(topic.name_in(c.language))}</b> (<code>/follow {esc(topic.id)}</code>): {esc(sample)}…")
    lines.append(c._("Tap a topic to follow it or to stop."))
    return "\n".join(lines) + for_channel(c)


async def topics(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    c = begin(update, context)
    if not c.svc.config.topics:
        await reply(update, c._("No topics are configured yet."))
        return
    await reply(update, topics_text(c), topic_buttons(c, [t.id for t in c.svc.config.topics]))

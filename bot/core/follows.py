"""What a follow is, and how the words a user types become one. Pure.

``/follow alibaba`` resolves to the gazetteer entity, ``/follow mobile payments`` to the topic,
anything else to a term; ``/follow apple -pie`` carries a mute scoped to that follow, and ``/mute``
makes a chat-wide one. Mutes are stored as ``kind:value`` (``term:pie``, ``entity:Apple``), a scoped
one with its follow after a tab (``term:pie\tentity:Apple``): ``mute_parts`` reads them back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from bot.core.entities import Gazetteer
from bot.core.format import N_
from bot.core.text import fold
from bot.types import Topic

MUTE = "mute"
_MUTE_KINDS = ("term", "entity", "topic")
# Separates a scoped mute from the follow it belongs to; user text never holds a tab (whitespace is collapsed).
SCOPE_SEPARATOR = "\t"


def mute_parts(value: str) -> tuple[tuple[str, str], tuple[str, str] | None]:
    """``"term:pie\tentity:Apple"`` -> ``(("term", "pie"), ("entity", "Apple"))``; no scope -> ``None``."""
    muted, _, scope = value.partition(SCOPE_SEPARATOR)
    kind, _, target = muted.partition(":")
    if scope:
        skind, _, svalue = scope.partition(":")
        return (kind, target), (skind, svalue)
    return (kind, target), None


@lru_cache(maxsize=200_000)
def term_key(value: str) -> str:
    """The folded form a term is indexed and compared under (memoised: a million follows share few terms)."""
    return " ".join(fold(value).split())


MAX_FOLLOW_LENGTH = 100
_QUOTES = ('"', "“", "”", "«", "»", "'", "„")
# A follow's words: a quoted phrase or a run of non-spaces, each optionally negated by a leading "-".
_FOLLOW_WORD = re.compile(r'-?(?:"[^"]*"|“[^”]*”|„[^“”]*[“”]|«[^»]*»|\S+)')


class FollowError(ValueError):
    """Input /follow or /mute cannot take: an English message id and its values, translated at the edge."""

    def __init__(self, msgid: str, **params: object):
        super().__init__(msgid.format(**params))
        self.msgid = msgid
        self.params = params


@dataclass(frozen=True)
class Resolution:
    """What a user's ``/follow`` argument became, for the store and for the reply."""

    kind: str  # "term" | "entity" | "topic" | "mute"
    value: str
    label: str
    literal_alternative: str | None = None  # how to follow the words literally instead
    mutes: tuple[Resolution, ...] = ()  # "-pie" in "/follow apple -pie", scoped to this follow


def split_negatives(raw: str) -> tuple[str, list[str]]:
    """``apple -pie -"apple pie"`` -> ``("apple", ["pie", '"apple pie"'])``. Hyphens inside words stay."""
    text = " ".join(raw.split())
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES and text.count(text[0]) <= 2 \
            and " -" not in text:
        return text, []  # one quoted phrase, taken whole
    positive: list[str] = []
    negative: list[str] = []
    for word in _FOLLOW_WORD.findall(text):
        if len(word) > 1 and word[0] == "-" and any(c.isalnum() for c in word):
            negative.append(word[1:])
        else:
            positive.append(word)
    return " ".join(positive), negative


def resolve_follow(raw: str, topics: Iterable[Topic], gazetteer: Gazetteer) -> Resolution:
    """Turn ``/follow`` text into a follow (and its ``-term`` mutes). Raises ``ValueError`` for the user."""
    text = " ".join(raw.split())
    if len(text) > MAX_FOLLOW_LENGTH:
        raise FollowError(N_("That is {length} characters; a follow is at most {limit}."),
                          length=len(text), limit=MAX_FOLLOW_LENGTH)
    topics = tuple(topics)
    positive, negatives = split_negatives(text)
    if not positive and negatives:
        raise FollowError(N_("Nothing to follow, only words to mute. To mute: /mute {term}"), term=negatives[0])
    res = _resolve(positive, topics, gazetteer, "/follow")
    if negatives:
        scope = f"{SCOPE_SEPARATOR}{res.kind}:{res.value}"
        mutes = tuple(Resolution(m.kind, m.value + scope, m.label, m.literal_alternative)
                      for m in (resolve_mute(n, topics, gazetteer) for n in negatives))
        res = Resolution(res.kind, res.value, res.label, res.literal_alternative, mutes)
    return res


def resolve_mute(raw: str, topics: Iterable[Topic], gazetteer: Gazetteer) -> Resolution:
    """Turn ``/mute`` text into a mute: an entity, a topic or a term, stored as ``kind:value``."""
    text = " ".join(raw.split())
    if len(text) > MAX_FOLLOW_LENGTH:
        raise FollowError(N_("That is {length} characters; a mute is at most {limit}."),
                          length=len(text), limit=MAX_FOLLOW_LENGTH)
    res = _resolve(text, tuple(topics), gazetteer, "/mute")
    return Resolution(MUTE, f"{res.kind}:{res.value}", res.label, res.literal_alternative)


def _resolve(text: str, topics: tuple[Topic, ...], gazetteer: Gazetteer, command: str) -> Resolution:
    if not text:
        raise FollowError(N_("Nothing to follow: the text is empty."))
    quoted = len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES
    if quoted:
        text = text[1:-1].strip()
    if not any(c.isalnum() for c in text):
        raise FollowError(N_("A follow needs at least one letter or digit."))
    if not quoted:
        wanted = fold(text)
        for topic in topics:
            if wanted in (fold(s) for s in topic.spellings):
                return Resolution("topic", topic.id, topic.name, literal_alternative=f'{command} "{text}"')
        ent = gazetteer.lookup(text)
        if ent is not None:
            return Resolution("entity", ent.name, ent.name, literal_alternative=f'{command} "{text}"')
    return Resolution("term", term_key(text), text)

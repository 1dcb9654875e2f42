"""Typed records passed across the seams. Nothing downstream of ``core.parse`` sees feedparser's dicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from telegram.constants import FloodLimit

ENTITY_TYPES = ("company", "person", "product", "place", "organisation")


@dataclass(frozen=True)
class FeedConfig:
    name: str
    url: str
    interval_seconds: int
    full_text: bool = False  # fetch each article's page and extract its main text


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    keywords: tuple[str, ...]
    exclude: tuple[str, ...] = ()  # keywords that veto the topic (a recipe site's "Apple Pay" sponsor line)
    names: tuple[tuple[str, str], ...] = ()  # (language, name): "Pagamenti mobili" for it
    aliases: tuple[str, ...] = ()  # other words /follow accepts for it ("pagamenti digitali")

    def name_in(self, language: str | None) -> str:
        """The name users of ``language`` read; the main name when the config gives none."""
        return dict(self.names).get(language or "", self.name)

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every way /follow may name the topic: id, names in every language, aliases."""
        return (self.id, self.id.replace("-", " "), self.name, *(n for _lang, n in self.names), *self.aliases)


@dataclass(frozen=True)
class Entity:
    """One gazetteer entry: a canonical name and every way a text may name it."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    exact_case: bool = False  # the name is also a common word (Apple/apple): match its capitalisation only
    weak: tuple[str, ...] = ()  # short forms (Ma) that count only capitalised, mid-sentence, beside the full name
    related: tuple[str, ...] = ()  # metonyms (Cupertino) that imply the entity
    sport: tuple[str, ...] = ()  # names a sports text gives a club (Milan, Roma) that elsewhere name a place
    noun_in: tuple[str, ...] = ()  # languages where the one-word name is an ordinary noun (Zelle, Block in German)
    platform: bool = False  # a device, operating system, app store or social network: the means of most stories


@dataclass(frozen=True)
class DeliveryConfig:
    """``[delivery]``: Telegram's limits as this deployment should pace them, and storm coalescing."""

    messages_per_second: int = FloodLimit.MESSAGES_PER_SECOND
    chat_burst: int = 3
    chat_messages_per_second: float = FloodLimit.MESSAGES_PER_SECOND_PER_CHAT
    group_messages_per_minute: int = FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP
    storm_threshold: int = 5  # more alerts than this for one chat within the window -> one message
    storm_window_seconds: int = 120


@dataclass(frozen=True)
class Config:
    admins: tuple[int, ...]
    poll_interval_seconds: int
    feeds: tuple[FeedConfig, ...]
    topics: tuple[Topic, ...]
    entities: tuple[Entity, ...]
    source: str = ""
    suggested_topics: tuple[str, ...] = ()
    max_concurrent_fetches: int = 16
    max_fetches_per_host: int = 2
    entities_source: str = ""  # the gazetteer file read, watched for edits like the config itself
    max_follows_per_chat: int = 50  # follows and mutes of one chat, all its forum topics together
    command_burst: int = 10  # commands one user may send within ``command_window_seconds``
    command_window_seconds: int = 10
    delivery: DeliveryConfig = DeliveryConfig()

    def topic(self, key: str) -> Topic | None:
        """A topic by id, name in any language or alias, case-insensitively."""
        wanted = key.strip().casefold()
        for topic in self.topics:
            if wanted in (s.casefold() for s in topic.spellings):
                return topic
        return None


@dataclass(frozen=True)
class EntryData:
    """One feed entry, converted once from feedparser's output."""

    entry_id: str
    title: str  # plain text, may be empty
    link: str  # absolute, may be empty
    content_html: str  # the entry's content or summary as the feed sent it
    published: datetime | None  # UTC
    language: str = ""  # as the feed declares it (xml:lang, <language>, Content-Language), e.g. "da-DK"; may be ""

    @cached_property
    def summary(self) -> str:
        """Plain text of the content, made on first use: most entries of a poll are already known."""
        from bot.core.text import html_to_text

        return html_to_text(self.content_html)


@dataclass(frozen=True)
class FeedData:
    title: str
    entries: tuple[EntryData, ...]
    ttl_minutes: int | None = None
    language: str = ""  # the feed's declared language, if any


@dataclass(frozen=True)
class Mention:
    """An entity found in a text: its canonical name, type and where it was seen."""

    name: str
    type: str
    count: int
    in_title: bool
    first_offset: int


@dataclass(frozen=True)
class Summary:
    headline: str
    language: str
    entities: tuple[str, ...]  # key entities, most important first (at most 6)
    entity_types: dict[str, str] = field(default_factory=dict)
    mentions: tuple[Mention, ...] = ()  # every gazetteer entity named as itself anywhere in the text
    title: str = ""
    text: str = ""  # cleaned body text, boilerplate removed
    credits: tuple[str, ...] = ()  # news agencies credited in the text ("ANSA", "Reuters"), removed from ``text``

    @property
    def mentioned(self) -> frozenset[str]:
        return frozenset(m.name for m in self.mentions)


@dataclass(frozen=True)
class Follow:
    chat_id: int
    kind: str  # "term" | "entity" | "topic"
    value: str  # the term as typed (normalised later), the entity's canonical name, or the topic id
    label: str  # what the user sees
    thread_id: int = 0  # a forum topic (message_thread_id) the follow belongs to; 0: the whole chat

    @property
    def target(self) -> int | tuple[int, int]:
        """Where its alerts go: the chat id, or (chat id, topic) in a forum. Ints keep matching cheap."""
        return (self.chat_id, self.thread_id) if self.thread_id else self.chat_id


def split_target(target: int | tuple[int, int]) -> tuple[int, int]:
    """(chat id, thread id) of a ``Follow.target``."""
    return target if isinstance(target, tuple) else (target, 0)


@dataclass(frozen=True)
class Reason:
    """Why an article reached a chat: the follow that matched and the evidence."""

    kind: str
    label: str
    hits: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """A stored article as the sender needs it."""

    id: int
    feed_name: str
    link: str
    summary: Summary


@dataclass(frozen=True)
class Pending:
    """One alert waiting for a chat: what the delivery planner and the bundle texts read of it."""

    delivery_id: int
    created_at: datetime  # UTC, when queued
    headline: str
    source: str  # feed name
    link: str

"""One feed poll, end to end: fetch, parse, dedupe, summarise, match, store, send.

The decisions are the core's; this module only moves data between the edges (HTTP, SQLite,
Telegram) and keeps one feed's failure from touching any other feed.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from bot.core.entities import Gazetteer
from bot.core.match import FollowIndex
from bot.core.parse import canonical_url, parse_feed
from bot.core.summarise import summarise
from bot.errors import FetchError, ParseError
from bot.fetch import fetch_feed
from bot.store import Store
from bot.types import Config, FeedConfig

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class PollResult:
    feed: str
    status: str  # "new" | "primed" | "unchanged" | "error"
    entries: int = 0
    new: int = 0
    queued: int = 0
    error: str = ""


class Service:
    """The running bot's state: config, store, HTTP client, gazetteer and follow index."""

    def __init__(self, config: Config, store: Store, client: httpx.AsyncClient, clock: Callable[[], datetime] = utcnow):
        self.config = config
        self.store = store
        self.client = client
        self.clock = clock
        self.gazetteer = Gazetteer(config.entities)
        self._index: FollowIndex | None = None
        self.send_lock = asyncio.Lock()
        store.sync_feeds(config.feeds)

    def follows_changed(self) -> None:
        """Drop the compiled index; the next article rebuilds it from the store."""
        self._index = None

    @property
    def index(self) -> FollowIndex:
        if self._index is None:
            self._index = FollowIndex(self.store.all_follows(), self.config.topics, self.gazetteer)
        return self._index

    async def poll(self, feed: FeedConfig) -> PollResult:
        """Poll one feed. Never raises for the feed's own failures: they are recorded and logged."""
        state = self.store.feed_state(feed.url)
        now = self.clock()
        try:
            result = await fetch_feed(self.client, feed.url, state["etag"], state["last_modified"])
            if result.status == 304:
                self.store.record_not_modified(state["id"], now)
                return PollResult(feed.name, "unchanged")
            body_hash = hashlib.sha256(result.body).hexdigest()
            if state["primed"] and body_hash == state["body_hash"]:
                self.store.record_not_modified(state["id"], now)
                return PollResult(feed.name, "unchanged")
            data = parse_feed(result.body, result.headers, url=result.url, now=now)
        except (FetchError, ParseError) as exc:
            failures = self.store.record_fetch_failure(state["id"], str(exc), now)
            log.warning("feed %r failed (%d in a row): %s", feed.name, failures, exc)
            return PollResult(feed.name, "error", error=str(exc))

        keyed = {}
        for entry in data.entries:
            key = "url:" + canonical_url(entry.link) if entry.link else f"id:{feed.url}#{entry.entry_id}"
            keyed.setdefault(key, entry)
        known = self.store.known_dedup_keys(list(keyed))
        fresh = {k: e for k, e in keyed.items() if k not in known}
        primed = bool(state["primed"])
        articles, deliveries = [], []
        for key, entry in fresh.items():
            summary = summarise(entry.title, entry.summary, self.gazetteer) if primed else None
            articles.append({
                "dedup_key": key, "entry_id": entry.entry_id, "link": entry.link, "title": entry.title,
                "published": entry.published, "summary": summary, "alerted": primed,
            })
            if summary is not None:
                for chat_id, reasons in self.index.match(summary).items():
                    deliveries.append((key, chat_id, reasons))
        queued = self.store.save_poll(
            state["id"], now, result.etag, result.last_modified, body_hash, articles, deliveries
        )
        status = "new" if primed else "primed"
        log.info("feed %r: %d entries, %d new, %d alerts queued (%s)", feed.name, len(data.entries), len(fresh), queued, status)
        return PollResult(feed.name, status, len(data.entries), len(fresh), queued)

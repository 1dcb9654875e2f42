"""One feed poll, end to end: fetch, parse, dedupe, summarise, match, store.

The decisions are the core's (parse, schedule, summarise, match); this module moves data between
the edges (HTTP, SQLite) and keeps one feed's failure from touching any other feed. It never talks
to Telegram: what admins must hear comes back as ``PollResult.notices``.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from bot.core.entities import Gazetteer
from bot.core.extract import extract_article
from bot.core.match import FollowIndex
from bot.core.parse import canonical_url, decode_html, parse_feed
from bot.core.schedule import MAX_RETRY_AFTER, cache_hint, next_poll, parse_retry_after
from bot.core.summarise import summarise
from bot.core.text import fold
from bot.errors import FetchError, ParseError
from bot.fetch import DEFAULT_LIMITS, FeedClient, Limits, fetch
from bot.store import Store
from bot.types import Config, EntryData, FeedConfig, Follow, Summary

log = logging.getLogger(__name__)

FAILING_AFTER = 3  # consecutive failures before admins hear about it...
FAILING_FOR = timedelta(hours=24)  # ...or this long failing, whichever comes first
TITLE_WINDOW = timedelta(hours=48)  # the same headline from two feeds within this is one story
COMPACT_AFTER_TERMS = 200  # terms followed since the last full build before the next one folds them in
FULL_TEXT_CONCURRENCY = 4
# What one article may feed the summariser: far above any real story, far below what freezes a core.
MAX_TITLE_CHARS = 1_000
MAX_TEXT_CHARS = 100_000
MAX_PAGE_BYTES = 2 * 1024 * 1024  # an article page's HTML handed to the extractor


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
    notices: list[str] = field(default_factory=list)  # for admins: failing, recovered, moved
    retry_after: timedelta | None = None


_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def title_key(title: str) -> str:
    """A headline's identity across feeds: folded, punctuation and spacing ignored."""
    key = _NON_WORD.sub(" ", fold(title)).strip()
    return key if len(key) >= 12 else ""  # "News", "Update": too short to mean the same story


class Service:
    """The running bot's state: config, store, HTTP client, gazetteer and follow index."""

    def __init__(
        self,
        config: Config,
        store: Store,
        client: FeedClient,
        clock: Callable[[], datetime] = utcnow,
        summariser: Callable[..., Summary] = summarise,
        limits: Limits = DEFAULT_LIMITS,
        jitter: Callable[[], float] = random.random,
    ):
        self.store = store
        self.client = client
        self.clock = clock
        self.summariser = summariser
        self.limits = limits
        self.jitter = jitter
        self._index: FollowIndex | None = None
        self._log_id = 0  # the last follow-change log row the index holds
        self._stale_at = 0  # a log id that calls for a full build: a reset, or rows pruned before we read them
        self._generation = 0  # moves on a config reload: a build started before it is thrown away
        self._build_task: asyncio.Task | None = None
        self._not_modified: list[tuple[tuple, asyncio.Future]] = []  # unchanged polls awaiting their write
        self.rebuilds = 0  # full builds of the follow index, for tests and logs
        self.apply_config(config)

    def apply_config(self, config: Config) -> tuple[list[str], list[str]]:
        """Start using ``config``: feeds reconciled with the store, gazetteer and index rebuilt."""
        self.config = config
        self.feeds = {f.url: f for f in config.feeds}
        self.gazetteer = Gazetteer(config.entities)
        self.rebuild_index()
        return self.store.sync_feeds(config.feeds)

    async def warm_up(self) -> None:
        """Build the follow index and load the language models and lemma dictionaries off the event
        loop, before the first article: built lazily, the first match would freeze the bot for seconds
        while simplemma, py3langid and wordfreq load their data."""
        await self.follow_index()
        await asyncio.to_thread(self.summariser, "Warm-up", "Warm-up text for the language models.", self.gazetteer)

    def rebuild_index(self) -> None:
        """Drop the compiled index (a config or gazetteer reload): the next article builds it whole."""
        self._index = None
        self._generation += 1

    # --- the follow index, kept current from the store's follow-change log -------------------------

    def _catch_up(self) -> None:
        """Replay the log rows after the last one applied on the live index, in place (their cost is
        theirs, not the number of follows). A reset, or rows pruned before this worker read them, marks
        the index stale: a full build must replace it."""
        horizon, changes = self.store.follow_changes_after(self._log_id)
        if horizon > self._log_id:
            self._stale_at = max(self._stale_at, horizon)
        index = self._index
        run: list[Follow] = []
        run_op = ""
        for row_id, op, follow in changes:
            if op != run_op and run:  # consecutive adds (or removes) go in one call, order kept
                (index.add if run_op == "add" else index.remove)(run)
                run = []
            run_op = op
            if op == "reset":
                self._stale_at = max(self._stale_at, row_id)
            else:
                run.append(follow)
            self._log_id = row_id
        if run:
            (index.add if run_op == "add" else index.remove)(run)
        if index.delta_terms > COMPACT_AFTER_TERMS:
            # Matching runs two automata: fold the new terms in with one build (in the background).
            self._stale_at = max(self._stale_at, self._log_id)

    def _stale(self) -> bool:
        return self._stale_at > 0

    def _build(self) -> tuple[int, FollowIndex]:
        """A full build from one snapshot of the store: (the log id it holds, the index)."""
        log_id, follows = self.store.follow_snapshot()
        return log_id, FollowIndex(follows, self.config.topics, self.gazetteer)

    def _install(self, log_id: int, index: FollowIndex) -> None:
        self.rebuilds += 1
        self._index, self._log_id = index, log_id
        if self._stale_at <= log_id:
            self._stale_at = 0  # the build holds whatever made the index stale
        self._catch_up()  # rows committed while it was being built

    @property
    def index(self) -> FollowIndex:
        """The follow index, current with the log; a full build, when one is due, runs here, on the
        calling thread (the poll uses ``follow_index``, which builds off the event loop)."""
        if self._index is not None:
            self._catch_up()
        if self._index is None or self._stale():
            self._install(*self._build())
        return self._index

    async def follow_index(self) -> FollowIndex:
        """The follow index, current with the log. A full build runs in a thread: when one is due and an
        index exists, the old one keeps serving (with the log's changes applied) until the new one is in."""
        if self._index is not None:
            self._catch_up()
            if self._stale():
                self._start_build()
            return self._index
        while self._index is None:
            await asyncio.shield(self._start_build())
        return self._index

    def _start_build(self) -> asyncio.Task:
        task = self._build_task
        if task is None or task.done():
            task = self._build_task = asyncio.get_running_loop().create_task(self._build_in_thread())
            # A failed background build is logged where it fails; nobody else need collect its error.
            task.add_done_callback(lambda t: t.cancelled() or t.exception())
        return task

    async def _build_in_thread(self) -> None:
        generation = self._generation
        try:
            if self.store.db.reads_anywhere:
                log_id, index = await asyncio.to_thread(self._build)
            else:  # an in-memory SQLite answers only on its own thread: read here, build there
                log_id, follows = self.store.follow_snapshot()
                index = await asyncio.to_thread(FollowIndex, follows, self.config.topics, self.gazetteer)
        except Exception:
            log.exception("building the follow index failed; the current one keeps serving")
            raise
        if generation == self._generation:  # else a reload came meanwhile: the next build uses it
            self._install(log_id, index)

    async def poll(self, feed: FeedConfig, state: dict | None = None) -> PollResult:
        """Poll one feed. Never raises for the feed's own failures: they are recorded and logged.
        ``state``: the feed's row as this worker's claim read it (``Store.claim_due_feeds``), else read here."""
        try:
            return await self._poll(feed, state)
        except Exception as exc:
            # A bug, not the feed's fault: loud in the log, and the feed backs off like any failure
            # instead of being retried every second.
            log.exception("unexpected error polling feed %r", feed.name)
            state = self.store.feed_state(feed.url)
            return self._failed(state, feed, self.clock(), exc, [])

    async def _poll(self, feed: FeedConfig, state: dict | None) -> PollResult:
        if state is None:
            state = self.store.feed_state(feed.url)
        now = self.clock()
        fetch_url = state["fetch_url"] or feed.url
        notices: list[str] = []
        try:
            result = await fetch(self.client, fetch_url, state["etag"], state["last_modified"], self.limits)
            if result.permanent_redirect and result.permanent_redirect != fetch_url:
                self.store.set_fetch_url(state["id"], result.permanent_redirect)
                notices.append(f"Feed “{feed.name}” moved permanently: {fetch_url} -> {result.permanent_redirect}. "
                               "Update its url in the config.")
            unchanged = result.status == 304
            if not unchanged:
                body_hash = hashlib.sha256(result.body).hexdigest()
                unchanged = bool(state["primed"]) and body_hash == state["body_hash"]
            if unchanged:
                self._succeeded(state, feed, notices)
                next_at = self._next(feed, now, hint=cache_hint(result.headers, now))
                await self._record_not_modified((state["id"], now, next_at, result.etag, result.last_modified))
                return PollResult(feed.name, "unchanged", notices=notices)
            # In a thread: a 10 MiB feed takes feedparser seconds, and the bot must keep answering meanwhile.
            data = await asyncio.to_thread(parse_feed, result.body, result.headers, url=result.url, now=now)
        except (FetchError, ParseError) as exc:
            return self._failed(state, feed, now, exc, notices)

        entries = list(data.entries)
        known_ids = self.store.known_entry_ids(state["id"], [e.entry_id for e in entries])
        # An entry seen before (by this feed's id for it) is never news again, even with a new title.
        fresh = [e for e in entries if e.entry_id not in known_ids]
        primed = bool(state["primed"])
        keyed = self._keyed(feed, fresh)  # canonical URLs and title keys, computed once per poll
        candidates = self._dedupe(state["id"], feed, keyed, now)
        summaries: dict[str, Summary] = {}
        if primed and candidates:
            bodies = await self._full_texts(feed, [e for _k, e, _x in candidates])
            index = await self.follow_index()
            jobs = [(key, entry.title, bodies.get(entry.link) or entry.summary, entry.language)
                    for key, entry, _x in candidates]
            # Summaries and matching are CPU work: in a thread, so a huge article cannot freeze the bot.
            summaries, matches = await asyncio.to_thread(self._summarise_and_match, jobs, index)
            # Another feed may have stored the same story while this one awaited: look again, with no
            # await between this look and the save, so the check and the write are one step.
            candidates = self._dedupe(state["id"], feed, keyed, now)
        articles, sources, deliveries = [], [], []
        for (key, entry, existing), (_url_key, _entry, tkey) in zip(candidates, keyed, strict=True):
            if existing is not None:
                sources.append((existing, entry.entry_id))  # the same story from another feed
                continue
            summary = summaries.get(key) if primed else None
            if summary is not None:
                deliveries += [(key, chat_id, reasons) for chat_id, reasons in matches[key].items()]
            articles.append({
                "dedup_key": key, "title_key": tkey or None, "entry_id": entry.entry_id,
                "link": entry.link, "title": entry.title, "published": entry.published, "summary": summary,
                "alerted": primed,
            })
        self._succeeded(state, feed, notices)
        hint = cache_hint(result.headers, now, data.ttl_minutes)
        queued = self.store.save_poll(
            state["id"], now, self._next(feed, now, hint=hint), result.etag, result.last_modified, body_hash,
            articles, sources, deliveries,
        )
        status = "new" if primed else "primed"
        log.info("feed %r: %d entries, %d new, %d alerts queued (%s)", feed.name, len(entries), len(articles), queued, status)
        return PollResult(feed.name, status, len(entries), len(articles), queued, notices=notices)

    async def _record_not_modified(self, poll: tuple) -> None:
        """Record an unchanged poll. The polls that find their feed unchanged within one turn of the event
        loop share one statement, written at the start of the next turn (most of a cycle's feeds answer
        304, and on PostgreSQL a statement costs a round trip). Returns once this poll's row is written."""
        loop = asyncio.get_running_loop()
        if not self._not_modified:
            loop.call_soon(self._write_not_modified)
        done = loop.create_future()  # one per poll: a cancelled poll must not cancel the others' wait
        self._not_modified.append((poll, done))
        await done

    def _write_not_modified(self) -> None:
        batch, self._not_modified = self._not_modified, []
        try:
            self.store.record_not_modified_many([poll for poll, _done in batch])
        except Exception as exc:  # each poll reports it as its own failure
            for _poll, done in batch:
                if not done.done():
                    done.set_exception(exc)
            return
        for _poll, done in batch:
            if not done.done():
                done.set_result(None)

    @staticmethod
    def _keyed(feed: FeedConfig, entries: list[EntryData]) -> list[tuple[str, EntryData, str]]:
        """[(URL dedup key, entry, title key)], one per story: the first entry of a URL or headline wins."""
        keyed: list[tuple[str, EntryData, str]] = []
        seen_keys: set[str] = set()
        seen_titles: set[str] = set()
        for entry in entries:
            key = "url:" + canonical_url(entry.link) if entry.link else f"id:{feed.url}#{entry.entry_id}"
            if key in seen_keys:
                continue
            seen_keys.add(key)
            tkey = title_key(entry.title)
            if tkey and tkey in seen_titles:
                continue  # twice in one poll
            if tkey:
                seen_titles.add(tkey)
            keyed.append((key, entry, tkey))
        return keyed

    def _dedupe(self, feed_id: int, feed: FeedConfig, keyed: list[tuple[str, EntryData, str]], now: datetime):
        """[(dedup key, entry, existing article id or None)], one per ``keyed`` item and in its order.

        The same canonical URL, or the same headline within 48 hours, from another feed is the same
        story: it becomes a source of the existing article. The same URL from this very feed under a
        new id and a new headline is a new item (live blogs and tickers reuse one link).
        """
        by_key, by_title = self.store.find_articles(
            [key for key, _e, _t in keyed], [tkey for _k, _e, tkey in keyed], since=now - TITLE_WINDOW)
        out: list[tuple[str, EntryData, int | None]] = []
        for key, entry, tkey in keyed:
            same_title = by_title.get(tkey) if tkey else None
            same_url = by_key.get(key)
            if same_url and same_url[1] == feed_id and not same_title:
                out.append((f"id:{feed.url}#{entry.entry_id}", entry, None))
                continue
            existing = same_url or same_title
            out.append((key, entry, existing[0] if existing else None))
        return out

    def _summarise_and_match(self, jobs: list[tuple[str, str, str, str]], index: FollowIndex):
        """Pure CPU work, run in a worker thread: summaries and the chats each one reaches."""
        summaries, matches = {}, {}
        for key, title, body, declared in jobs:
            # The feed's declared language decides only where the text is too short to tell.
            summary = self.summariser(title[:MAX_TITLE_CHARS], body[:MAX_TEXT_CHARS], self.gazetteer,
                                      declared_language=declared)
            summaries[key] = summary
            matches[key] = index.match(summary)
        return summaries, matches

    def _next(self, feed: FeedConfig, now: datetime, failures: int = 0, retry_after=None, hint=None) -> datetime:
        return next_poll(now, feed.interval_seconds, failures, retry_after=retry_after, cache_hint=hint,
                         jitter=self.jitter())

    def _failed(self, state: dict, feed: FeedConfig, now: datetime, exc: Exception, notices: list[str]) -> PollResult:
        retry_after = None
        if isinstance(exc, FetchError) and exc.status in (429, 503):
            retry_after = parse_retry_after(exc.retry_after, now)
        failures = state["consecutive_failures"] + 1
        when = self._next(feed, now, failures, retry_after=retry_after)
        if retry_after:
            # A 429/503 speaks for the whole host: its other feeds wait too (persisted, capped at a day).
            host = (urlsplit(state["fetch_url"] or feed.url).hostname or "").lower()
            self.store.postpone_host(host, now + min(retry_after, MAX_RETRY_AFTER))
        error = str(exc) if isinstance(exc, (FetchError, ParseError)) else f"internal error: {exc.__class__.__name__}: {exc}"
        after = self.store.record_fetch_failure(state["id"], error, now, when)
        since = datetime.fromisoformat(after["failing_since"]) if after["failing_since"] else now
        if not after["failing_notified"] and (failures >= FAILING_AFTER or now - since >= FAILING_FOR):
            self.store.set_failing_notified(state["id"], True)
            notices.append(f"Feed “{feed.name}” is failing ({failures} times in a row): {exc}. "
                           f"Next try {when:%Y-%m-%d %H:%M} UTC.")
        log.warning("feed %r failed (%d in a row, next try %s): %s", feed.name, failures, when.isoformat(), exc)
        return PollResult(feed.name, "error", error=str(exc), notices=notices, retry_after=retry_after)

    def _succeeded(self, state: dict, feed: FeedConfig, notices: list[str]) -> None:
        if state["failing_notified"]:
            self.store.set_failing_notified(state["id"], False)
            notices.append(f"Feed “{feed.name}” has recovered.")

    async def _full_texts(self, feed: FeedConfig, entries: list[EntryData]) -> dict[str, str]:
        """Main text of each new entry's page, for feeds that only carry a teaser."""
        if not feed.full_text:
            return {}
        sem = asyncio.Semaphore(FULL_TEXT_CONCURRENCY)

        async def one(entry: EntryData) -> tuple[str, str]:
            if not entry.link:
                return entry.link, ""
            async with sem:
                try:
                    page = await fetch(self.client, entry.link, limits=self.limits)
                except FetchError as exc:
                    log.info("full text of %s unavailable (%s); using the feed's text", entry.link, exc)
                    return entry.link, ""
            html = decode_html(page.body[:MAX_PAGE_BYTES], page.headers)
            # trafilatura on a large page takes seconds of CPU: in a thread, on a bounded page.
            _title, text = await asyncio.to_thread(extract_article, html)
            return entry.link, text

        return {link: text for link, text in await asyncio.gather(*(one(e) for e in entries)) if text}

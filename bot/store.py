"""All SQL lives here: the one storage layer, so a PostgreSQL backend can replace it whole.

The store is synchronous and owned by the thread that opened it (the bot's event-loop thread);
SQLite in WAL mode answers these small queries in microseconds, well inside one loop tick.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from bot.db import open_db
from bot.store_delivery import DeliveryQueries, summary_from_json, summary_to_json  # noqa: F401 (re-exported)
from bot.types import FeedConfig, Follow, Reason, Summary, split_target

FOLLOW_LOG_LOCK = 3  # commit_in_order's key for the follow-change log (1 migrations, 2 the sender lease)
FOLLOW_LOG_KEEP = 100_000  # follow changes kept; a worker further behind than this rebuilds its index
PRUNE_EVERY = 1_000  # the log is pruned each time its ids pass a multiple of this

# Articles per INSERT: 10 parameters a row stays under 999, the oldest SQLite limit (PostgreSQL allows 65535).
_ARTICLE_ROWS = 90
_NOT_MODIFIED_ROWS = 150  # 5 parameters a row
_SOURCE_ROWS = 240  # 4 parameters a row


def _iso(dt: datetime | None) -> str | None:
    return dt.astimezone(UTC).isoformat(timespec="seconds") if dt else None


class Store(DeliveryQueries):
    def __init__(self, path: str | None = None, url: str | None = None):
        """Open (and migrate) the database: PostgreSQL at ``url`` (``DATABASE_URL``), else the SQLite
        file at ``path``; neither means SQLite in memory, for tests."""
        self.db = open_db(path, url)
        self.follow_log_keep = FOLLOW_LOG_KEEP

    def close(self) -> None:
        self.db.close()

    # --- feeds ---------------------------------------------------------------------------------

    def sync_feeds(self, feeds: tuple[FeedConfig, ...]) -> tuple[list[str], list[str]]:
        """Reconcile the feeds table with the config. Returns (added, removed) feed names.

        Keyed by URL, so a rename keeps the feed's state. A feed whose URL changed keeps its row (and so
        its seen entries) when the new URL is where it had moved, or when its name stays the same. A
        removed feed keeps its history but stops polling; if it comes back, its first poll primes again
        (what it published meanwhile is history) and it is polled at once.
        """
        urls = [f.url for f in feeds]
        with self.db.transaction():
            rows = {r["url"]: r for r in self.db.query("SELECT id, url, name, active, fetch_url FROM feeds")}
            for feed in feeds:
                if feed.url in rows:
                    continue
                moved = next((r for r in rows.values() if r["fetch_url"] == feed.url), None) or next(
                    (r for r in rows.values() if r["name"] == feed.name and r["active"] and r["url"] not in urls), None)
                if moved is not None:
                    self.db.execute(
                        "UPDATE feeds SET url = ?, fetch_url = NULL, etag = NULL, last_modified = NULL, body_hash = NULL"
                        " WHERE id = ?", [feed.url, moved["id"]])
                    rows[feed.url] = {**moved, "url": feed.url}
                    del rows[moved["url"]]
            for feed in feeds:
                self.db.execute(
                    "INSERT INTO feeds (url, name, active) VALUES (?, ?, 1)"
                    " ON CONFLICT(url) DO UPDATE SET name = excluded.name, active = 1,"
                    " primed = CASE WHEN feeds.active = 0 THEN 0 ELSE feeds.primed END,"
                    " next_poll_at = CASE WHEN feeds.active = 0 THEN NULL ELSE feeds.next_poll_at END,"
                    " consecutive_failures = CASE WHEN feeds.active = 0 THEN 0 ELSE feeds.consecutive_failures END",
                    [feed.url, feed.name],
                )
            self.db.execute(f"UPDATE feeds SET active = 0 WHERE url NOT IN ({self.db.json_list()})",
                            [json.dumps(urls)])
        added = [f.name for f in feeds if f.url not in rows or not rows[f.url]["active"]]
        removed = [r["name"] for url, r in rows.items() if r["active"] and url not in set(urls)]
        return added, removed

    def postpone_host(self, host: str, until: datetime) -> None:
        """A host said 429/503 with Retry-After: none of its feeds is polled before ``until``."""
        with self.db.transaction():
            for row in list(self.db.query("SELECT id, url, fetch_url, next_poll_at FROM feeds WHERE active = 1")):
                if (urlsplit(row["fetch_url"] or row["url"]).hostname or "").lower() != host:
                    continue
                if row["next_poll_at"] is None or row["next_poll_at"] < _iso(until):
                    self.db.execute("UPDATE feeds SET next_poll_at = ? WHERE id = ?", [_iso(until), row["id"]])

    def feed_state(self, url: str) -> dict:
        rows = list(self.db.query("SELECT * FROM feeds WHERE url = ?", [url]))
        if not rows:
            raise KeyError(url)
        return rows[0]

    def feed_state_by_id(self, feed_id: int) -> dict:
        return next(self.db.query("SELECT * FROM feeds WHERE id = ?", [feed_id]))

    def due_feeds(self, now: datetime, limit: int = 1000) -> list[str]:
        """URLs of active feeds whose next poll time has come (never polled counts as due), soonest first."""
        rows = self.db.query(
            "SELECT url FROM feeds WHERE active = 1 AND (next_poll_at IS NULL OR next_poll_at <= ?)"
            " ORDER BY next_poll_at IS NOT NULL, next_poll_at LIMIT ?",
            [_iso(now), limit],
        )
        return [r["url"] for r in rows]

    def claim_due_feeds(self, now: datetime, lease_until: datetime, limit: int = 1000) -> list[dict]:
        """The rows of due feeds (as ``feed_state`` gives them), each leased to this caller until
        ``lease_until`` (its next_poll_at moves there): with several workers on one database every poll
        happens once. The poll's own result sets the real next time; a worker that dies mid-poll leaves the
        feed due again at the lease's end. While leased, only its poll writes a feed's row, so the row read
        here is the one the poll needs: an unchanged feed then costs one statement, not two."""
        with self.db.transaction():
            return self.db.execute(
                "UPDATE feeds SET next_poll_at = ? WHERE id IN (SELECT id FROM feeds WHERE active = 1"
                " AND (next_poll_at IS NULL OR next_poll_at <= ?) ORDER BY next_poll_at IS NOT NULL, next_poll_at"
                f" LIMIT ?{self.db.skip_locked()}) RETURNING *",
                [_iso(lease_until), _iso(now), limit]).rows

    def release_feeds(self, urls: list[str], when: datetime) -> None:
        """Polls that were cancelled (shutdown) give their lease back: due again at ``when``."""
        if urls:
            with self.db.transaction():
                self.db.execute(f"UPDATE feeds SET next_poll_at = ? WHERE url IN ({self.db.json_list()})",
                                [_iso(when), json.dumps(urls)])

    def schedule(self, feed_id: int, when: datetime) -> None:
        with self.db.transaction():
            self.db.execute("UPDATE feeds SET next_poll_at = ? WHERE id = ?", [_iso(when), feed_id])

    def set_fetch_url(self, feed_id: int, fetch_url: str) -> None:
        with self.db.transaction():
            self.db.execute("UPDATE feeds SET fetch_url = ? WHERE id = ?", [fetch_url, feed_id])

    def record_fetch_failure(self, feed_id: int, error: str, now: datetime, next_poll_at: datetime) -> dict:
        """Count a failure; returns the feed's state after it."""
        with self.db.transaction():
            self.db.execute(
                "UPDATE feeds SET last_fetch_at = ?, last_error = ?, consecutive_failures = consecutive_failures + 1,"
                " failing_since = COALESCE(failing_since, ?), next_poll_at = ? WHERE id = ?",
                [_iso(now), error[:500], _iso(now), _iso(next_poll_at), feed_id],
            )
        return self.feed_state_by_id(feed_id)

    def set_failing_notified(self, feed_id: int, value: bool) -> None:
        with self.db.transaction():
            self.db.execute("UPDATE feeds SET failing_notified = ? WHERE id = ?", [1 if value else 0, feed_id])

    def record_not_modified(self, feed_id: int, now: datetime, next_poll_at: datetime,
                            etag: str | None = None, last_modified: str | None = None) -> None:
        self.record_not_modified_many([(feed_id, now, next_poll_at, etag, last_modified)])

    def record_not_modified_many(
        self, polls: Sequence[tuple[int, datetime, datetime, str | None, str | None]],
    ) -> None:
        """Polls that found their feed unchanged: (feed id, now, next poll, etag, last modified) each, in
        one statement per batch (an UPDATE ... FROM VALUES both engines read the same way)."""
        # Not durable: a crash that loses it makes the next poll fetch the feed once more.
        for start in range(0, len(polls), _NOT_MODIFIED_ROWS):
            batch = polls[start:start + _NOT_MODIFIED_ROWS]
            self.db.execute(
                "UPDATE feeds SET last_fetch_at = v.column2, last_success_at = v.column2, last_error = NULL,"
                " consecutive_failures = 0, failing_since = NULL, next_poll_at = v.column3,"
                " etag = COALESCE(v.column4, feeds.etag), last_modified = COALESCE(v.column5, feeds.last_modified)"
                " FROM (VALUES " + ", ".join(["(?, ?, ?, ?, ?)"] * len(batch)) + ") AS v WHERE feeds.id = v.column1",
                [value for feed_id, now, next_poll_at, etag, last_modified in batch
                 for value in (feed_id, _iso(now), _iso(next_poll_at), etag, last_modified)],
                durable=False,
            )

    def feed_health(self, now: datetime) -> list[dict]:
        """Every active feed with its health, for /feeds."""
        return list(self.db.query(
            "SELECT f.name, f.url, f.fetch_url, f.last_success_at, f.last_error, f.consecutive_failures,"
            " f.next_poll_at, f.failing_since,"
            " (SELECT count(*) FROM article_sources s WHERE s.feed_id = f.id AND s.created_at >= ?) AS entries_last_day"
            " FROM feeds f WHERE f.active = 1 ORDER BY f.name",
            [_iso(now - timedelta(days=1))],
        ))

    # --- articles ------------------------------------------------------------------------------

    def known_entry_ids(self, feed_id: int, entry_ids: list[str]) -> set[str]:
        return {r["entry_id"] for r in self.db.query(
            f"SELECT entry_id FROM article_sources WHERE feed_id = ? AND entry_id IN ({self.db.json_list()})",
            [feed_id, json.dumps(entry_ids)])}

    def find_articles(self, dedup_keys: list[str], title_keys: list[str], since: datetime) -> tuple[dict, dict]:
        """Existing articles by dedup key (any age) and by title key (created since ``since``).

        Values are (article id, feed id of the article's first source).
        """
        by_key: dict[str, tuple[int, int]] = {}
        by_title: dict[str, tuple[int, int]] = {}
        # One statement for both lookups: on PostgreSQL each statement is a round trip.
        for r in self.db.query(
            f"SELECT id, feed_id, dedup_key AS k, 0 AS by_title FROM articles WHERE dedup_key IN ({self.db.json_list()})"
            f" UNION ALL SELECT id, feed_id, title_key AS k, 1 AS by_title FROM articles"
            f" WHERE title_key IN ({self.db.json_list()})"
            f" AND {self.db.unindexed('created_at')} >= ? ORDER BY id",  # SQLite: stay on the title_key index
            [json.dumps(dedup_keys), json.dumps([k for k in title_keys if k]), _iso(since)],
        ):
            if r["by_title"]:
                by_title.setdefault(r["k"], (r["id"], r["feed_id"]))
            else:
                by_key[r["k"]] = (r["id"], r["feed_id"])
        return by_key, by_title

    def save_poll(
        self,
        feed_id: int,
        now: datetime,
        next_poll_at: datetime,
        etag: str | None,
        last_modified: str | None,
        body_hash: str | None,
        articles: list[dict],
        sources: list[tuple[int, str]],
        deliveries: list[tuple[str, int, Sequence[Reason]]],
    ) -> int:
        """Store one successful poll in one transaction: new articles, extra sources, deliveries, feed state.

        ``articles`` are dicts with dedup_key, title_key, entry_id, link, title, published, summary
        (Summary or None) and alerted. ``sources`` are (article id, entry id) of entries that are
        another feed's copy of a known article. ``deliveries`` are (dedup_key, target, reasons), a target
        being a ``Follow.target``: the chat id, or (chat id, forum topic).
        Returns the number of deliveries queued.
        """
        stamp = _iso(now)
        sources = list(sources)
        # Not durable (see Db.transaction): a poll lost in a crash is polled again, its alerts queued again.
        with self.db.transaction(durable=False):
            ids: dict[str, int] = {}
            # One statement per batch of articles, not one per row; RETURNING names the rows this
            # poll created (a key another writer stored first is skipped, as before).
            for start in range(0, len(articles), _ARTICLE_ROWS):
                batch = articles[start:start + _ARTICLE_ROWS]
                created = self.db.execute(
                    "INSERT INTO articles (dedup_key, title_key, feed_id, entry_id, link, title, published_at,"
                    " summary_json, alerted, created_at) VALUES " + ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(batch))
                    + " ON CONFLICT(dedup_key) DO NOTHING RETURNING id, dedup_key",
                    [value for art in batch for value in (
                        art["dedup_key"], art.get("title_key"), feed_id, art["entry_id"], art["link"], art["title"],
                        _iso(art.get("published")), summary_to_json(art["summary"]) if art.get("summary") else None,
                        1 if art["alerted"] else 0, stamp,
                    )],
                ).rows
                ids.update((r["dedup_key"], r["id"]) for r in created)
            sources += [(ids[art["dedup_key"]], art["entry_id"]) for art in articles if art["dedup_key"] in ids]
            for start in range(0, len(sources), _SOURCE_ROWS):  # one statement per batch here too
                batch = sources[start:start + _SOURCE_ROWS]
                self.db.execute(
                    "INSERT INTO article_sources (article_id, feed_id, entry_id, created_at) VALUES "
                    + ", ".join(["(?, ?, ?, ?)"] * len(batch)) + " ON CONFLICT DO NOTHING",
                    [value for aid, eid in batch for value in (aid, feed_id, eid, stamp)],
                )
            rows = []
            for key, target, reasons in deliveries:
                if key in ids:
                    chat_id, thread_id = split_target(target)
                    rows.append((ids[key], chat_id, thread_id, json.dumps([asdict(r) for r in reasons]), stamp, chat_id))
            queued = 0
            if rows:
                queued = self.db.executemany(
                    "INSERT INTO deliveries (article_id, chat_id, thread_id, reasons_json, status, created_at)"
                    " SELECT ?, ?, ?, ?, 'pending', ? WHERE EXISTS (SELECT 1 FROM chats WHERE id = ? AND active = 1)"
                    " ON CONFLICT(article_id, chat_id, thread_id) DO NOTHING",
                    rows,
                ).rowcount  # summed over the rows: the deliveries actually queued
            self.db.execute(
                "UPDATE feeds SET etag = ?, last_modified = ?, body_hash = ?, primed = 1, last_fetch_at = ?,"
                " last_success_at = ?, last_error = NULL, consecutive_failures = 0, failing_since = NULL,"
                " next_poll_at = ? WHERE id = ?",
                [etag, last_modified, body_hash, stamp, stamp, _iso(next_poll_at), feed_id],
            )
        return queued

    # --- chats and follows -----------------------------------------------------------------------

    def upsert_chat(self, chat_id: int, chat_type: str, title: str, now: datetime) -> None:
        with self.db.transaction():
            was = next(self.db.query("SELECT active FROM chats WHERE id = ?", [chat_id]), None)
            self.db.execute(
                "INSERT INTO chats (id, type, title, active, created_at) VALUES (?, ?, ?, 1, ?)"
                " ON CONFLICT(id) DO UPDATE SET type = excluded.type, title = excluded.title, active = 1",
                [chat_id, chat_type, title, _iso(now)],
            )
            if was is not None and not was["active"]:
                self.log_follow_changes([("reset", None)])  # a chat back from /stop or a block: its follows count again

    def add_follow(self, follow: Follow, now: datetime) -> bool:
        """True when the follow is new."""
        with self.db.transaction():
            cur = self.db.execute(
                "INSERT INTO follows (chat_id, thread_id, kind, value, label, created_at) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(chat_id, thread_id, kind, value) DO NOTHING",
                [follow.chat_id, follow.thread_id, follow.kind, follow.value, follow.label, _iso(now)],
            )
            if cur.rowcount == 1:
                self.log_follow_changes([("add", follow)])
        return cur.rowcount == 1

    def remove_follow(self, chat_id: int, kind: str, value: str, thread_id: int = 0) -> bool:
        with self.db.transaction():
            rows = self.db.execute(
                "DELETE FROM follows WHERE chat_id = ? AND thread_id = ? AND kind = ? AND value = ? RETURNING label",
                [chat_id, thread_id, kind, value],
            ).rows
            self.log_follow_changes([("remove", Follow(chat_id, kind, value, r["label"], thread_id)) for r in rows])
        return bool(rows)

    # --- the follow-change log: every worker's follow index follows it -----------------------------
    #
    # Each change to follows (or to which chats count) appends rows to ``follow_changes`` in the same
    # transaction: "add"/"remove" with the follow, or "reset" for a change too broad to list. A worker
    # reads the rows after the last id it applied and replays them on its live index in place.
    #
    # Ids must become visible in id order, or a reader could see id 11, move past it, and never see
    # id 10 committed a moment later. On PostgreSQL two transactions can take ids 10 and 11 and commit
    # 11 first; so every writer takes a transaction-level lock (``commit_in_order``) just before its
    # insert. The lock is released only after the commit is visible, so the next writer's (higher) ids
    # always become visible after every lower one: a reader that has seen id n has seen all ids below
    # it, and reading ``id > last`` skips nothing. Follow changes are human-paced; the lock is held for
    # one insert and the commit. SQLite has one writer, so ids commit in order there anyway.

    def log_follow_changes(self, changes: list[tuple[str, Follow | None]]) -> None:
        """Append to the log, inside the caller's transaction (a transaction of its own otherwise)."""
        if not changes:
            return
        with self.db.transaction():
            self.db.commit_in_order(FOLLOW_LOG_LOCK)
            last = 0
            for op, f in changes:
                last = self.db.execute(
                    "INSERT INTO follow_changes (op, chat_id, thread_id, kind, value, label) VALUES (?, ?, ?, ?, ?, ?)"
                    " RETURNING id",
                    [op, f.chat_id if f else None, f.thread_id if f else None, f.kind if f else None,
                     f.value if f else None, f.label if f else None]).rows[0]["id"]
            if last // PRUNE_EVERY != (last - len(changes)) // PRUNE_EVERY:  # about every PRUNE_EVERY rows
                self.prune_follow_changes(self.follow_log_keep)

    def prune_follow_changes(self, keep: int) -> int:
        """Drop all but the newest ``keep`` rows of the log; returns the highest id dropped (0: none).
        A worker that had not read them notices (``follow_changes_after``) and rebuilds its index."""
        with self.db.transaction():
            top = next(self.db.query("SELECT coalesce(max(id), 0) AS m FROM follow_changes"))["m"]
            through = top - keep
            if through <= 0:
                return 0
            self.db.execute("DELETE FROM follow_changes WHERE id <= ?", [through])
            self.db.execute("UPDATE follow_log_state SET pruned_through = ? WHERE id = 1 AND pruned_through < ?",
                            [through, through])
        return through

    def follow_changes_after(self, last_id: int) -> tuple[int, list[tuple[int, str, Follow | None]]]:
        """(the highest id pruned away, [(id, op, follow)] after ``last_id`` in id order). When the first
        is above ``last_id`` the reader missed changes and must rebuild. An "add" for a chat that does
        not count now (stopped, blocked) is left out: the full build leaves it out too, and the change
        that made the chat count again logged a reset."""
        rows = self.db.query(
            "SELECT pruned_through AS id, 'horizon' AS op, NULL AS chat_id, NULL AS thread_id, NULL AS kind,"
            " NULL AS value, NULL AS label FROM follow_log_state WHERE id = 1"
            " UNION ALL SELECT l.id, l.op, l.chat_id, l.thread_id, l.kind, l.value, l.label FROM follow_changes l"
            " WHERE l.id > ? AND (l.op <> 'add' OR EXISTS (SELECT 1 FROM chats c WHERE c.id = l.chat_id AND c.active = 1))"
            " ORDER BY id",
            [last_id])
        horizon = 0
        changes: list[tuple[int, str, Follow | None]] = []
        for r in rows:
            if r["op"] == "horizon":
                horizon = r["id"]
            elif r["op"] == "reset":
                changes.append((r["id"], "reset", None))
            else:
                changes.append((r["id"], r["op"], Follow(r["chat_id"], r["kind"], r["value"], r["label"], r["thread_id"])))
        return horizon, changes

    def follow_snapshot(self) -> tuple[int, list[Follow]]:
        """(the log's last id, every follow of every active chat), read in one statement, so one
        snapshot: the follows are exactly those the log's rows up to that id leave. Callable from any
        thread when ``db.reads_anywhere``: a full rebuild reads a million rows off the event loop."""
        rows = self.db.read_anywhere(
            "SELECT (SELECT coalesce(max(id), 0) FROM follow_changes) AS log_id, pruned_through AS horizon,"
            " NULL AS chat_id, NULL AS kind, NULL AS value, NULL AS label, NULL AS thread_id, 0 AS fid"
            " FROM follow_log_state WHERE id = 1"
            " UNION ALL SELECT NULL, NULL, f.chat_id, f.kind, f.value, f.label, f.thread_id, f.id FROM follows f"
            " JOIN chats c ON c.id = f.chat_id WHERE c.active = 1 ORDER BY fid")
        # Past everything pruned too: with every row pruned, the log's own max says nothing.
        log_id = max(rows[0]["log_id"], rows[0]["horizon"])
        return log_id, [Follow(r["chat_id"], r["kind"], r["value"], r["label"], r["thread_id"]) for r in rows[1:]]

    def follows_of(self, chat_id: int, thread_id: int = 0) -> list[Follow]:
        rows = self.db.query(
            "SELECT chat_id, kind, value, label, thread_id FROM follows WHERE chat_id = ? AND thread_id = ?"
            " ORDER BY id", [chat_id, thread_id]
        )
        return [Follow(**r) for r in rows]

    def all_follows(self) -> list[Follow]:
        rows = self.db.query(
            "SELECT f.chat_id, f.kind, f.value, f.label, f.thread_id FROM follows f JOIN chats c ON c.id = f.chat_id"
            " WHERE c.active = 1 ORDER BY f.id"
        )
        return [Follow(**r) for r in rows]

    def stats(self) -> dict[str, int]:
        """Counts for health output and the demo: feeds, feeds that have produced news, alerts by status."""
        row = next(self.db.query(
            "SELECT (SELECT count(*) FROM feeds) AS feeds,"
            " (SELECT count(*) FROM feeds WHERE primed = 1) AS feeds_primed,"
            " (SELECT count(DISTINCT feed_id) FROM articles WHERE alerted = 1) AS feeds_with_news,"
            " (SELECT count(*) FROM articles) AS articles,"
            " (SELECT count(*) FROM deliveries WHERE status = 'pending') AS pending,"
            " (SELECT count(*) FROM deliveries WHERE status = 'sent') AS sent,"
            " (SELECT count(*) FROM deliveries WHERE status = 'failed') AS failed,"
            " (SELECT count(*) FROM deliveries WHERE status = 'dropped') AS dropped"
        ))
        return dict(row)

    # --- conversation: language, chats, stats (issue 10) ---

    def chat_language(self, chat_id: int) -> str | None:
        """The language chosen with /lang, or None (Telegram's language_code decides)."""
        row = next(self.db.query("SELECT language FROM chats WHERE id = ?", [chat_id]), None)
        return row["language"] if row else None

    def set_chat_language(self, chat_id: int, language: str | None) -> None:
        with self.db.transaction():
            self.db.execute("UPDATE chats SET language = ? WHERE id = ?", [language, chat_id])

    def chat_languages(self, chat_id: int) -> tuple[str | None, str | None]:
        """(the /lang choice, the language Telegram reported for the chat), either None when unknown.
        Alerts speak ``bot.i18n.pick_language(*store.chat_languages(chat_id))``."""
        row = next(self.db.query("SELECT language, telegram_language FROM chats WHERE id = ?", [chat_id]), None)
        return (row["language"], row["telegram_language"]) if row else (None, None)

    def set_telegram_language(self, chat_id: int, code: str | None) -> None:
        with self.db.transaction():
            self.db.execute("UPDATE chats SET telegram_language = ? WHERE id = ?", [code, chat_id])

    def count_follows(self, chat_id: int) -> int:
        """Follows and mutes of a chat, every forum topic together: what the per-chat cap counts."""
        return next(self.db.query("SELECT count(*) AS n FROM follows WHERE chat_id = ?", [chat_id]))["n"]

    def follow_rows(self, chat_id: int, thread_id: int = 0) -> list[tuple[int, Follow]]:
        """(row id, follow) pairs: the row id names a follow in a button's 64-byte callback data."""
        rows = self.db.query(
            "SELECT id, chat_id, kind, value, label, thread_id FROM follows WHERE chat_id = ? AND thread_id = ?"
            " ORDER BY id", [chat_id, thread_id])
        return [(r.pop("id"), Follow(**r)) for r in rows]

    def follow_by_id(self, chat_id: int, thread_id: int, follow_id: int) -> Follow | None:
        """The follow, only if it belongs to this chat and topic: a forged id finds nothing."""
        row = next(self.db.query(
            "SELECT chat_id, kind, value, label, thread_id FROM follows WHERE id = ? AND chat_id = ? AND thread_id = ?",
            [follow_id, chat_id, thread_id]), None)
        return Follow(**row) if row else None

    def delivery_reasons(self, article_id: int, chat_id: int, thread_id: int = 0) -> list[Reason] | None:
        """Why an article went to this chat (None: it never did), for an alert's buttons."""
        row = next(self.db.query(
            "SELECT reasons_json FROM deliveries WHERE article_id = ? AND chat_id = ? AND thread_id = ?",
            [article_id, chat_id, thread_id]), None)
        if row is None:
            return None
        return [Reason(kind=x["kind"], label=x["label"], hits=tuple(x["hits"])) for x in json.loads(row["reasons_json"])]

    def article_summary(self, article_id: int) -> Summary | None:
        row = next(self.db.query("SELECT summary_json FROM articles WHERE id = ?", [article_id]), None)
        return summary_from_json(row["summary_json"]) if row and row["summary_json"] else None

    def forget_chat(self, chat_id: int) -> None:
        """/stop: follows, mutes, settings and alerts of the chat are deleted; the row stays, inactive.

        The row stays so that a table another migration points at chats never blocks the delete;
        every setting column returns to its default, whichever migration added it.
        """
        keep = {"id", "type", "title", "created_at"}
        columns = [(name, default) for name, default in self.db.column_defaults("chats") if name not in keep]
        assignments = ", ".join(f'"{name}" = {default if default is not None else "NULL"}' for name, default in columns)
        with self.db.transaction():
            self.db.execute("DELETE FROM follows WHERE chat_id = ?", [chat_id])
            self.db.execute("DELETE FROM deliveries WHERE chat_id = ?", [chat_id])
            self.db.execute("DELETE FROM outbox WHERE chat_id = ?", [chat_id])
            self.db.execute(f"UPDATE chats SET {assignments} WHERE id = ?", [chat_id])
            self.db.execute("UPDATE chats SET active = 0, inactive_reason = 'stopped' WHERE id = ?", [chat_id])
            self.log_follow_changes([("reset", None)])

    def admin_stats(self, now: datetime) -> dict:
        """/stats: chats, follows, today's articles and alerts (UTC day), the queue and its oldest alert."""
        midnight = _iso(now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0))
        row = dict(next(self.db.query(
            "SELECT (SELECT count(*) FROM chats WHERE active = 1) AS chats_active,"
            " (SELECT count(*) FROM chats WHERE active = 0) AS chats_inactive,"
            " (SELECT count(*) FROM follows f JOIN chats c ON c.id = f.chat_id WHERE c.active = 1) AS follows,"
            " (SELECT count(*) FROM articles WHERE created_at >= :day) AS articles_today,"
            " (SELECT count(*) FROM deliveries WHERE status = 'sent' AND sent_at >= :day) AS sent_today,"
            " (SELECT count(*) FROM deliveries WHERE status = 'failed' AND created_at >= :day) AS failed_today,"
            " (SELECT count(*) FROM deliveries WHERE status = 'pending') AS pending,"
            " (SELECT min(created_at) FROM deliveries WHERE status = 'pending') AS oldest_pending_at",
            {"day": midnight})))
        oldest = row.pop("oldest_pending_at")
        row["oldest_pending_seconds"] = (
            max(0, int((now - datetime.fromisoformat(oldest)).total_seconds())) if oldest else None)
        return row

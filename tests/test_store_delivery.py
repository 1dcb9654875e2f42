"""The delivery half of the storage layer, on SQLite and on a real PostgreSQL (``fresh_store``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.store import Store
from bot.types import FeedConfig, Follow, Reason, Summary

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
FEED = FeedConfig("Wire", "https://wire.example/rss", 60)


def queue(store: Store, alerts: list[tuple[str, int | tuple[int, int]]], at: datetime = NOW) -> int:
    store.sync_feeds((FEED,))
    feed_id = store.feed_state(FEED.url)["id"]
    for _key, target in alerts:
        chat = target[0] if isinstance(target, tuple) else target
        store.upsert_chat(chat, "group" if chat < 0 else "private", f"c{chat}", at)
    keys = list(dict.fromkeys(k for k, _t in alerts))
    articles = [{"dedup_key": k, "entry_id": k, "link": f"https://wire.example/{k}", "title": k, "alerted": True,
                 "summary": Summary(headline=f"Headline {k}", language="en", entities=("Apple",))} for k in keys]
    return store.save_poll(feed_id, at, at, None, None, None, articles, [],
                           [(k, t, [Reason("term", "apple", ("apple",))]) for k, t in alerts])


def test_the_queue_walks_oldest_first_and_reads_light_rows(fresh_store):
    assert queue(fresh_store, [("a", 1), ("b", 2), ("c", 1), ("d", (-5, 7))]) == 4
    assert fresh_store.chats_with_pending(NOW) == [(1, 0), (2, 0), (-5, 7)]
    rows = fresh_store.pending_for(1, 0, NOW)
    assert [r["headline"] for r in rows] == ["Headline a", "Headline c"]
    assert rows[0]["source"] == "Wire" and rows[0]["link"] == "https://wire.example/a"
    article, reasons = fresh_store.delivery(rows[0]["id"])
    assert article.summary.headline == "Headline a" and reasons == [Reason("term", "apple", ("apple",))]
    assert fresh_store.pending_count(1) == 2


def test_sent_retried_parked_and_requeued(fresh_store):
    queue(fresh_store, [("a", 1), ("b", 1), ("c", 2)])
    a, b = (r["id"] for r in fresh_store.pending_for(1, 0, NOW))
    fresh_store.mark_sent([a], 77, NOW, "alert")
    assert fresh_store.recent_alerts(1, 0, NOW - timedelta(minutes=2)) == 1
    later = NOW + timedelta(seconds=30)
    assert not fresh_store.mark_retry([b], "network: Bad Gateway", later, max_attempts=2)
    assert fresh_store.next_retry_at() == later
    assert fresh_store.chats_with_pending(NOW) == [(2, 0)]  # chat 1's only alert waits
    assert fresh_store.attempts_of(b) == 1
    assert fresh_store.mark_retry([b], "network: Bad Gateway", later, max_attempts=2)  # parked
    total, top = fresh_store.failed_summary()
    assert total == 1 and top == [("network: Bad Gateway", 1)]
    assert fresh_store.retry_failed() == 1
    assert fresh_store.stats()["failed"] == 0 and fresh_store.pending_count(1) == 1


def test_gone_chats_and_topics_drop_and_count(fresh_store):
    queue(fresh_store, [("a", 1), ("b", 1), ("c", (-5, 7)), ("d", -5)])
    fresh_store.add_follow(Follow(-5, "term", "x", "x", thread_id=7), NOW)
    fresh_store.add_follow(Follow(-5, "term", "y", "y"), NOW)
    assert fresh_store.deactivate_chat(1, "Forbidden: bot was blocked by the user") == 2
    assert fresh_store.drop_thread(-5, 7, "TOPIC_CLOSED") == (1, 1)
    stats = fresh_store.stats()
    assert (stats["dropped"], stats["pending"]) == (3, 1)
    assert [f.value for f in fresh_store.follows_of(-5)] == ["y"]
    assert fresh_store.chat_settings(1)["inactive_reason"] == "Forbidden: bot was blocked by the user"


def test_migration_moves_follows_settings_and_alerts_and_keeps_what_the_new_id_has(fresh_store):
    queue(fresh_store, [("a", -5), ("b", -5)])
    fresh_store.add_follow(Follow(-5, "term", "x", "x"), NOW)
    fresh_store.upsert_chat(-1005, "supergroup", "new", NOW)
    fresh_store.add_follow(Follow(-1005, "term", "x", "x"), NOW)  # already there: no duplicate
    fresh_store.set_chat_settings(-5, timezone="Europe/Rome", digest="daily", digest_time="07:30")
    fresh_store.migrate_chat(-5, -1005)
    assert [f.value for f in fresh_store.follows_of(-1005)] == ["x"] and fresh_store.follows_of(-5) == []
    assert fresh_store.pending_count(-1005) == 2 and fresh_store.pending_count(-5) == 0
    assert fresh_store.chat_settings(-5)["active"] == 0


def test_settings_and_notices(fresh_store):
    fresh_store.upsert_chat(1, "private", "u", NOW)
    fresh_store.set_chat_settings(1, timezone="Asia/Tokyo", quiet_start="22:00", quiet_end="07:00", quiet_mode="hold")
    row = fresh_store.chat_settings(1)
    assert (row["timezone"], row["quiet_start"], row["quiet_end"], row["digest"]) == ("Asia/Tokyo", "22:00", "07:00", None)
    first = fresh_store.queue_notice(1, "Feed X is failing", NOW)
    second = fresh_store.queue_notice(1, "Feed X recovered", NOW)
    assert second > first
    assert [n["text"] for n in fresh_store.pending_notices()] == ["Feed X is failing", "Feed X recovered"]
    fresh_store.finish_notice(first, NOW)
    fresh_store.finish_notice(second, NOW, "Forbidden", give_up=True)
    assert fresh_store.pending_notices() == []


def test_feeds_and_dedupe_queries_on_both_engines(fresh_store):
    other = FeedConfig("Other", "https://other.example/rss", 60)
    queue(fresh_store, [("a", 1), ("b", 1)])  # syncs FEED alone
    added, removed = fresh_store.sync_feeds((FEED, other))
    assert added == ["Other"] and removed == []
    fresh_store.schedule(fresh_store.feed_state(FEED.url)["id"], NOW - timedelta(minutes=1))
    assert sorted(fresh_store.due_feeds(NOW)) == sorted([FEED.url, other.url])
    feed_id = fresh_store.feed_state(FEED.url)["id"]
    assert fresh_store.known_entry_ids(feed_id, ["a", "zz"]) == {"a"}
    by_key, by_title = fresh_store.find_articles(["a", "nope"], [], since=NOW - timedelta(hours=1))
    assert set(by_key) == {"a"}
    fresh_store.record_fetch_failure(feed_id, "HTTP 500", NOW, NOW + timedelta(minutes=5))
    assert fresh_store.feed_state(FEED.url)["consecutive_failures"] == 1
    fresh_store.postpone_host("wire.example", NOW + timedelta(hours=1))
    assert fresh_store.due_feeds(NOW + timedelta(minutes=30)) == [other.url]
    assert [r["name"] for r in fresh_store.feed_health(NOW)] == ["Other", "Wire"]
    added, removed = fresh_store.sync_feeds((other,))
    assert removed == ["Wire"]


def test_a_chat_that_migrates_leaves_or_returns_tells_every_follow_index(fresh_store):
    queue(fresh_store, [("a", -5)])
    fresh_store.add_follow(Follow(-5, "term", "x", "x"), NOW)
    _horizon, changes = fresh_store.follow_changes_after(0)
    last = changes[-1][0]

    def migrate():
        fresh_store.upsert_chat(-1005, "supergroup", "new", NOW)
        fresh_store.migrate_chat(-5, -1005)  # same follows, same ids: only their chat changed

    def leave():
        fresh_store.deactivate_chat(-1005, "Forbidden: bot was kicked from the group chat")

    def come_back():
        fresh_store.upsert_chat(-1005, "supergroup", "new", NOW)

    logged = []
    for change in (migrate, leave, come_back):
        change()
        _horizon, changes = fresh_store.follow_changes_after(last)
        logged.append([op for _id, op, _f in changes])
        last = changes[-1][0] if changes else last
    assert logged == [["reset"]] * 3
"""The storage layer on a fresh in-memory database, and on a real WAL file."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.summarise import summarise
from bot.store import Store, summary_from_json, summary_to_json
from bot.types import FeedConfig, Follow, Reason

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def test_real_file_uses_wal_and_migrations_are_idempotent(tmp_path):
    path = str(tmp_path / "n.db")
    Store(path).close()
    store = Store(path)  # second open applies nothing twice
    assert store.db.database.journal_mode == "wal"
    assert {"feeds", "articles", "chats", "follows", "deliveries"} <= set(store.db.table_names())
    store.close()


def test_summary_round_trips_through_json(gazetteer):
    s = summarise("Alibaba e Apple", "Jack Ma ha parlato di Apple Pay e Alipay.", gazetteer)
    assert summary_from_json(summary_to_json(s)) == s


def _poll(store, feed_id, keys, deliveries=()):
    articles = [{"dedup_key": k, "entry_id": k, "link": "", "title": k, "published": None, "summary": None,
                 "alerted": True} for k in keys]
    return store.save_poll(feed_id, NOW, NOW, None, None, "h", articles, [], list(deliveries))


def test_a_delivery_is_unique_per_article_and_chat(fresh_store):
    fresh_store.sync_feeds((FeedConfig("F", "https://f.example/rss", 60),))
    feed_id = fresh_store.feed_state("https://f.example/rss")["id"]
    fresh_store.upsert_chat(7, "private", "u", NOW)
    r = [Reason("term", "x")]
    assert _poll(fresh_store, feed_id, ["a"], [("a", 7, r), ("a", 7, r)]) == 1
    assert _poll(fresh_store, feed_id, ["a"], [("a", 7, r)]) == 0  # a known article queues nothing
    assert fresh_store.stats()["pending"] == 1


def test_deliveries_skip_inactive_chats_and_follows_move_on_migration(fresh_store):
    fresh_store.sync_feeds((FeedConfig("F", "https://f.example/rss", 60),))
    feed_id = fresh_store.feed_state("https://f.example/rss")["id"]
    fresh_store.upsert_chat(-5, "group", "g", NOW)
    fresh_store.add_follow(Follow(-5, "term", "x", "x"), NOW)
    fresh_store.migrate_chat(-5, -1005)
    assert fresh_store.follows_of(-1005) == [Follow(-1005, "term", "x", "x")]
    assert _poll(fresh_store, feed_id, ["b"], [("b", -5, [Reason("term", "x")])]) == 0


def test_follows_are_unique_per_chat(fresh_store):
    fresh_store.upsert_chat(1, "private", "u", NOW)
    assert fresh_store.add_follow(Follow(1, "entity", "Alibaba", "Alibaba"), NOW)
    assert not fresh_store.add_follow(Follow(1, "entity", "Alibaba", "Alibaba"), NOW)
    assert fresh_store.remove_follow(1, "entity", "Alibaba")
    assert fresh_store.follows_of(1) == []


def test_deactivating_a_chat_drops_its_queued_alerts_and_counts_them(fresh_store):
    fresh_store.sync_feeds((FeedConfig("F", "https://f.example/rss", 60),))
    feed_id = fresh_store.feed_state("https://f.example/rss")["id"]
    fresh_store.upsert_chat(7, "private", "u", NOW)
    _poll(fresh_store, feed_id, ["a", "b"], [("a", 7, [Reason("term", "x")]), ("b", 7, [Reason("term", "x")])])
    assert fresh_store.deactivate_chat(7, "Forbidden: bot was blocked by the user") == 2
    stats = fresh_store.stats()
    assert (stats["pending"], stats["failed"], stats["dropped"]) == (0, 0, 2)
    assert fresh_store.chat_settings(7)["active"] == 0


def test_a_read_from_another_thread_opens_a_file_whose_path_a_uri_would_misread(tmp_path):
    import threading

    odd = tmp_path / "news?bell#100%"
    odd.mkdir()
    store = Store(str(odd / "bot.db"))
    try:
        store.upsert_chat(7, "private", "u", datetime(2026, 12, 7, tzinfo=UTC))
        got = []
        reader = threading.Thread(target=lambda: got.extend(store.db.read_anywhere("SELECT id FROM chats")))
        reader.start()
        reader.join()
        assert got == [{"id": 7}]
    finally:
        store.close()


def test_unchanged_polls_of_several_feeds_are_recorded_in_one_call(fresh_store):
    feeds = tuple(FeedConfig(f"F{i}", f"https://f{i}.example/rss", 60) for i in range(200))  # over one batch
    fresh_store.sync_feeds(feeds)
    ids = [fresh_store.feed_state(f.url)["id"] for f in feeds]
    fresh_store.db.execute("UPDATE feeds SET etag = 'old', last_modified = 'then', consecutive_failures = 2,"
                           " last_error = 'boom', failing_since = '2026-11-28T00:00:00+00:00'")
    later = datetime(2026, 11, 29, 12, 10, tzinfo=UTC)
    # The first feed's 304 brings a new ETag; the others' bring no validators, which keeps theirs.
    fresh_store.record_not_modified_many(
        [(ids[0], NOW, later, '"v2"', None)] + [(feed_id, NOW, later, None, None) for feed_id in ids[1:]])
    rows = [fresh_store.feed_state_by_id(feed_id) for feed_id in ids]
    assert (rows[0]["etag"], rows[0]["last_modified"]) == ('"v2"', "then")
    assert {(r["etag"], r["last_modified"]) for r in rows[1:]} == {("old", "then")}
    assert {(r["last_fetch_at"], r["last_success_at"], r["next_poll_at"], r["consecutive_failures"], r["last_error"],
             r["failing_since"]) for r in rows} == {(NOW.isoformat(), NOW.isoformat(), later.isoformat(), 0, None,
                                                      None)}
    fresh_store.record_not_modified_many([])  # nothing to write is no statement


def test_a_follow_log_pruned_to_empty_never_hands_out_an_id_again(fresh_store):
    fresh_store.upsert_chat(1, "private", "u", NOW)
    for value in ("a", "b", "c"):
        fresh_store.add_follow(Follow(1, "term", value, value), NOW)
    horizon, changes = fresh_store.follow_changes_after(0)
    last = changes[-1][0]  # a reader that has applied every change
    assert fresh_store.prune_follow_changes(0) == last
    fresh_store.add_follow(Follow(1, "term", "d", "d"), NOW)
    horizon, changes = fresh_store.follow_changes_after(last)
    assert horizon == last and [(op, f.value) for _id, op, f in changes] == [("add", "d")]
    assert changes[0][0] > last


def test_the_follow_log_migration_starts_ids_past_a_log_pruned_before_it(tmp_path):
    from sqlite_utils import Database

    from bot.migrations import migrations

    path = str(tmp_path / "old.db")
    old = Database(path)
    migrations.apply(old, stop_before="0007_follow_log_ids_never_reused")  # a file from before the fix
    old.execute("INSERT INTO follow_changes (id, op) VALUES (7, 'reset')")
    old.execute("DELETE FROM follow_changes")  # pruned to empty
    old.execute("UPDATE follow_log_state SET pruned_through = 7")
    old.conn.commit()
    old.close()
    store = Store(path)
    store.log_follow_changes([("reset", None)])
    horizon, changes = store.follow_changes_after(7)
    assert horizon == 7 and [(row_id, op) for row_id, op, _f in changes] == [(8, "reset")]
    store.close()

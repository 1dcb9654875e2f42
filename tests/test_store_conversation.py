"""The store's conversation methods: languages, follow rows, forgetting a chat, admin stats."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.types import Follow, Reason, Summary

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


def test_language_and_follow_rows(fresh_store):
    s = fresh_store
    s.upsert_chat(1, "private", "A", NOW)
    s.upsert_chat(2, "supergroup", "B", NOW)
    assert s.chat_language(1) is None and s.chat_language(99) is None
    s.set_chat_language(1, "it")
    assert s.chat_language(1) == "it"
    s.add_follow(Follow(1, "term", "x", "x"), NOW)
    s.add_follow(Follow(2, "term", "y", "y", thread_id=5), NOW)
    s.add_follow(Follow(2, "term", "z", "z"), NOW)
    assert s.count_follows(2) == 2  # every forum topic of the chat counts toward its cap
    (fid, follow), = s.follow_rows(2, 5)
    assert follow == Follow(2, "term", "y", "y", 5)
    assert s.follow_by_id(2, 5, fid) == follow
    assert s.follow_by_id(2, 0, fid) is None and s.follow_by_id(1, 5, fid) is None  # another topic or chat


def _deliver(s, chat_id: int, key: str, status: str = "pending", at: datetime = NOW) -> int:
    feed_id = s.db["feeds"].insert({"url": f"https://f.example/{key}", "name": key, "active": 1}).last_pk
    s.save_poll(feed_id, at, at, None, None, None,
                [{"dedup_key": key, "entry_id": key, "link": "", "title": key, "alerted": True,
                  "summary": Summary(headline=key, language="en", entities=("Apple",))}], [],
                [(key, chat_id, [Reason("term", "x", ("x",))])])
    article_id = next(s.db.query("SELECT id FROM articles WHERE dedup_key = ?", [key]))["id"]
    s.db.execute("UPDATE deliveries SET status = ?, sent_at = ? WHERE article_id = ?",
                 [status, at.isoformat() if status == "sent" else None, article_id])
    s.db.conn.commit()
    return article_id


def test_delivery_reasons_and_summary(fresh_store):
    s = fresh_store
    s.upsert_chat(1, "private", "A", NOW)
    article = _deliver(s, 1, "k1")
    assert s.delivery_reasons(article, 1) == [Reason("term", "x", ("x",))]
    assert s.delivery_reasons(article, 2) is None and s.delivery_reasons(article, 1, 7) is None
    assert s.article_summary(article).entities == ("Apple",)
    assert s.article_summary(12345) is None


def test_forget_chat_deletes_everything_but_the_row(fresh_store):
    s = fresh_store
    s.upsert_chat(1, "private", "A", NOW)
    s.upsert_chat(2, "private", "B", NOW)
    s.set_chat_language(1, "it")
    s.db.execute("UPDATE chats SET timezone = 'Europe/Rome', digest = 'daily' WHERE id = 1")
    s.add_follow(Follow(1, "term", "x", "x"), NOW)
    s.add_follow(Follow(1, "term", "x", "x", thread_id=3), NOW)
    s.add_follow(Follow(2, "term", "x", "x"), NOW)
    _deliver(s, 1, "k1")
    _deliver(s, 2, "k2")
    s.forget_chat(1)
    row = next(s.db.query("SELECT * FROM chats WHERE id = 1"))
    assert row["active"] == 0 and row["inactive_reason"] == "stopped"
    assert row["language"] is None and row["timezone"] is None and row["digest"] is None
    assert row["title"] == "A"
    assert s.count_follows(1) == 0 and s.count_follows(2) == 1
    assert s.db.execute("SELECT count(*) FROM deliveries WHERE chat_id = 1").fetchone()[0] == 0
    assert s.db.execute("SELECT count(*) FROM deliveries WHERE chat_id = 2").fetchone()[0] == 1
    s.upsert_chat(1, "private", "A", NOW)  # coming back
    assert next(s.db.query("SELECT active FROM chats WHERE id = 1"))["active"] == 1


def test_admin_stats_counts_today_in_utc(fresh_store):
    s = fresh_store
    for chat in (1, 2, 3):
        s.upsert_chat(chat, "private", str(chat), NOW)
    s.forget_chat(3)
    s.add_follow(Follow(1, "term", "x", "x"), NOW)
    s.add_follow(Follow(3, "term", "x", "x"), NOW)  # an inactive chat's follow does not count
    _deliver(s, 1, "old", status="sent", at=NOW - timedelta(days=1))
    _deliver(s, 1, "sent", status="sent", at=NOW - timedelta(hours=1))
    _deliver(s, 2, "failed", status="failed", at=NOW - timedelta(hours=2))
    _deliver(s, 2, "waiting", at=NOW - timedelta(minutes=30))
    stats = s.admin_stats(NOW)
    assert stats == {"chats_active": 2, "chats_inactive": 1, "follows": 1, "articles_today": 3,
                     "sent_today": 1, "failed_today": 1, "pending": 1, "oldest_pending_seconds": 1800}

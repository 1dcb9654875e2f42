"""Schema as code: numbered, append-only migrations. Never edit one that has shipped; add the next."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("newsbell")


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    db["feeds"].create(
        {
            "id": int,
            "url": str,
            "name": str,
            "etag": str,
            "last_modified": str,
            "body_hash": str,
            "primed": int,  # 1 once the first successful poll has marked the existing entries as seen
            "last_fetch_at": str,
            "last_success_at": str,
            "last_error": str,
            "consecutive_failures": int,
            "next_poll_at": str,
        },
        pk="id",
        not_null={"url", "name"},
        defaults={"primed": 0, "consecutive_failures": 0},
    )
    db["feeds"].create_index(["url"], unique=True)
    db["articles"].create(
        {
            "id": int,
            "dedup_key": str,
            "feed_id": int,
            "entry_id": str,
            "link": str,
            "title": str,
            "published_at": str,
            "summary_json": str,
            "alerted": int,  # 0 for entries seen on a feed's first poll: they are history, not news
            "created_at": str,
        },
        pk="id",
        not_null={"dedup_key", "feed_id"},
        foreign_keys=[("feed_id", "feeds", "id")],
    )
    db["articles"].create_index(["dedup_key"], unique=True)
    db["chats"].create(
        {"id": int, "type": str, "title": str, "active": int, "created_at": str},
        pk="id",
        defaults={"active": 1},
    )
    db["follows"].create(
        {"id": int, "chat_id": int, "kind": str, "value": str, "label": str, "created_at": str},
        pk="id",
        not_null={"chat_id", "kind", "value"},
        foreign_keys=[("chat_id", "chats", "id")],
    )
    db["follows"].create_index(["chat_id", "kind", "value"], unique=True)
    db["deliveries"].create(
        {
            "id": int,
            "article_id": int,
            "chat_id": int,
            "reasons_json": str,
            "status": str,  # pending -> sent | failed
            "attempts": int,
            "message_id": int,
            "error": str,
            "created_at": str,
            "sent_at": str,
        },
        pk="id",
        not_null={"article_id", "chat_id", "status"},
        defaults={"status": "pending", "attempts": 0},
        foreign_keys=[("article_id", "articles", "id"), ("chat_id", "chats", "id")],
    )
    db["deliveries"].create_index(["article_id", "chat_id"], unique=True)
    db["deliveries"].create_index(["status"])


@migrations(name="0002_ingestion_state")
def m0002_ingestion_state(db: Database) -> None:
    feeds = db["feeds"]
    feeds.add_column("active", int, not_null_default=1)  # 0 once the feed leaves the config
    feeds.add_column("fetch_url", str)  # where a permanent redirect moved it; NULL means url
    feeds.add_column("failing_since", str)  # first failure of the current run of failures
    feeds.add_column("failing_notified", int, not_null_default=0)  # admins were told it is failing
    db["feeds"].create_index(["next_poll_at"])
    db["articles"].add_column("title_key", str)  # normalised title: the same story from another feed
    db["articles"].create_index(["title_key"])
    db["articles"].create_index(["created_at"])
    # Every (feed, entry) that an article came from: one article, many sources, and an entry whose
    # title or link is corrected later is still recognised by its id.
    db["article_sources"].create(
        {"article_id": int, "feed_id": int, "entry_id": str, "created_at": str},
        pk=("feed_id", "entry_id"),
        foreign_keys=[("article_id", "articles", "id"), ("feed_id", "feeds", "id")],
    )
    db["article_sources"].create_index(["article_id"])
    db.execute(
        "INSERT OR IGNORE INTO article_sources (article_id, feed_id, entry_id, created_at)"
        " SELECT id, feed_id, entry_id, created_at FROM articles WHERE entry_id IS NOT NULL"
    )


@migrations(name="0003_chat_settings_threads_delivery")
def m0003_chat_settings_threads_delivery(db: Database) -> None:
    # Per-chat preferences: language (issue 10), delivery rhythm (issue 9). NULL means the default.
    chats = db["chats"]
    chats.add_column("language", str)  # "it", "en"... chosen with /lang; NULL: Telegram's language_code
    chats.add_column("timezone", str)  # IANA name ("Europe/Rome"); NULL: UTC
    chats.add_column("digest", str)  # NULL/"off" | "hourly" | "daily"
    chats.add_column("digest_time", str)  # "HH:MM" local, for daily digests
    chats.add_column("quiet_start", str)  # "HH:MM" local; both NULL: no quiet hours
    chats.add_column("quiet_end", str)
    chats.add_column("quiet_mode", str)  # "hold" (deliver at the end) | "silent" (disable_notification)
    chats.add_column("paused_at", str)  # set while /pause is in force
    chats.add_column("last_digest_at", str)  # when the last digest went out (UTC)
    chats.add_column("inactive_reason", str)  # why Telegram refused the chat (blocked, kicked, not found)
    # Forum supergroups: a follow belongs to the topic (message_thread_id) it was typed in; 0 = the chat.
    db["follows"].add_column("thread_id", int, not_null_default=0)
    db.execute("DROP INDEX IF EXISTS idx_follows_chat_id_kind_value")
    db["follows"].create_index(["chat_id", "thread_id", "kind", "value"], unique=True)
    deliveries = db["deliveries"]
    deliveries.add_column("thread_id", int, not_null_default=0)
    deliveries.add_column("next_attempt_at", str)  # after a 5xx or a timeout: this message waits, not the bot
    deliveries.add_column("sent_as", str)  # "alert" | "storm" | "digest" | "resume": how it reached the chat
    deliveries.add_column("silent", int, not_null_default=0)  # sent with disable_notification (quiet hours)
    db.execute("DROP INDEX IF EXISTS idx_deliveries_article_id_chat_id")
    deliveries.create_index(["article_id", "chat_id", "thread_id"], unique=True)
    deliveries.create_index(["chat_id", "status"])
    # Admin notices and other bot-initiated texts that must survive a restart: sent by the sender.
    db["outbox"].create(
        {"id": int, "chat_id": int, "thread_id": int, "text": str, "status": str, "attempts": int,
         "error": str, "created_at": str, "sent_at": str},
        pk="id",
        not_null={"chat_id", "text", "status"},
        defaults={"status": "pending", "attempts": 0, "thread_id": 0},
    )
    db["outbox"].create_index(["status"])


@migrations(name="0004_resume")
def m0004_resume(db: Database) -> None:
    # /resume: alerts queued before this instant go out as one "while you were paused" summary.
    db["chats"].add_column("resumed_at", str)


@migrations(name="0005_telegram_language")
def m0005_telegram_language(db: Database) -> None:
    # The language Telegram reports for the chat's user (private chats) or for the admin who last changed
    # a group's follows: alerts use it when nobody chose one with /lang (chats.language wins).
    db["chats"].add_column("telegram_language", str)


@migrations(name="0006_follow_changes")
def m0006_follow_changes(db: Database) -> None:
    # Every follow added or removed, in commit order, for every worker's follow index to replay in place;
    # op "reset" marks a change too broad to list (a chat gone, back or moved): readers rebuild whole.
    db["follow_changes"].create(
        {"id": int, "op": str, "chat_id": int, "thread_id": int, "kind": str, "value": str, "label": str},
        pk="id",
        not_null={"op"},
    )
    # One row: the highest id pruned away. A reader whose last applied id is below it missed changes.
    db["follow_log_state"].create({"id": int, "pruned_through": int}, pk="id", not_null={"pruned_through"},
                                  defaults={"pruned_through": 0})
    db.execute("INSERT INTO follow_log_state (id, pruned_through) VALUES (1, 0)")


@migrations(name="0007_follow_log_ids_never_reused")
def m0007_follow_log_ids_never_reused(db: Database) -> None:
    # Without AUTOINCREMENT SQLite hands out max(id) + 1: a log pruned to empty started again at 1, below
    # every reader's last applied id, and readers skipped the new rows as already seen. AUTOINCREMENT never
    # hands an id out twice (PostgreSQL's identity never did); its sequence starts past every id pruned.
    db.execute("""CREATE TABLE "follow_changes_new" (
   "id" INTEGER PRIMARY KEY AUTOINCREMENT,
   "op" TEXT NOT NULL,
   "chat_id" INTEGER,
   "thread_id" INTEGER,
   "kind" TEXT,
   "value" TEXT,
   "label" TEXT
)""")
    db.execute("INSERT INTO follow_changes_new (id, op, chat_id, thread_id, kind, value, label)"
               " SELECT id, op, chat_id, thread_id, kind, value, label FROM follow_changes")
    db.execute("DROP TABLE follow_changes")
    db.execute("ALTER TABLE follow_changes_new RENAME TO follow_changes")
    db.execute("INSERT INTO sqlite_sequence (name, seq) SELECT 'follow_changes', 0"
               " WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'follow_changes')")
    db.execute("UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(pruned_through), 0)"
               " FROM follow_log_state)) WHERE name = 'follow_changes'")

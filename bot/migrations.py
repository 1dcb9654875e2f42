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

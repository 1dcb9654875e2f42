"""The delivery half of the storage layer: the alert queue, chat settings and the notice outbox.

``Store`` mixes this in; it uses ``self.db`` (a ``bot.db`` SQLite or PostgreSQL seam) and holds no state of its own.

A delivery row is one alert for one chat (and forum topic). Its status:
- ``pending``: waiting; ``next_attempt_at`` set after a 5xx or a timeout makes that one message wait;
- ``sent``: Telegram accepted it, as ``sent_as`` (a single alert, or inside a storm, digest or resume
  bundle); written only after Telegram answered, so a crash can repeat a send in flight, never lose one;
- ``failed``: parked after ``MAX_ATTEMPTS`` transient failures or an unexpected refusal: visible to
  admins and put back in the queue by ``/retry``;
- ``dropped``: the chat (or its forum topic) is gone; counted, never retried.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, fields
from datetime import UTC, datetime

from bot.db import PgDb, SqliteDb
from bot.types import Article, Follow, Mention, Reason, Summary

SETTINGS = ("language", "timezone", "digest", "digest_time", "quiet_start", "quiet_end", "quiet_mode",
            "paused_at", "last_digest_at", "resumed_at")


def _iso(dt: datetime | None) -> str | None:
    return dt.astimezone(UTC).isoformat(timespec="seconds") if dt else None


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


class DeliveryQueries:
    db: SqliteDb | PgDb  # set by Store
    # Set while this worker holds the sender lease (bot.pg.lease.sender_fence): False once another
    # worker may be sending, and then the sender is handed no more work. None: one process, no lease.
    send_fence: Callable[[], bool] | None = None
    _fence_answer: tuple[Callable[[], bool], bool] | None = None  # (the fence asked, its last answer)

    def _fenced(self, fresh: bool = True) -> bool:
        """True once another worker may be sending. ``fresh=False`` reuses the answer the sweep got when it
        listed the chats (``chats_with_pending``): one lease query per sweep, not one per chat."""
        fence = self.send_fence
        if fence is None:
            return False
        answer = self._fence_answer
        if fresh or answer is None or answer[0] is not fence:
            answer = self._fence_answer = (fence, fence())
        return not answer[1]
    log_follow_changes: Callable[[list[tuple[str, Follow | None]]], None]  # Store's: the follow-change log

    # --- the queue, as the sender walks it ---

    def chats_with_pending(self, now: datetime, limit: int = 5000) -> list[tuple[int, int]]:
        """(chat id, thread id) of active chats with a pending alert that may be tried now, the chat
        with the oldest such alert first."""
        if self._fenced():
            return []
        rows = self.db.query(
            "SELECT d.chat_id, d.thread_id, min(d.id) AS first FROM deliveries d JOIN chats c ON c.id = d.chat_id"
            " WHERE d.status = 'pending' AND c.active = 1 AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= ?)"
            " GROUP BY d.chat_id, d.thread_id ORDER BY first LIMIT ?",
            [_iso(now), limit],
        )
        return [(r["chat_id"], r["thread_id"]) for r in rows]

    def next_retry_at(self) -> datetime | None:
        """The earliest ``next_attempt_at`` of a waiting alert: when the sender must look again."""
        row = next(self.db.query(
            "SELECT min(next_attempt_at) AS t FROM deliveries WHERE status = 'pending' AND next_attempt_at IS NOT NULL"))
        return _dt(row["t"])

    def pending_for(self, chat_id: int, thread_id: int, now: datetime, limit: int = 500) -> list[dict]:
        """This chat's pending alerts, oldest first, light: what a plan or a bundle needs, no article text."""
        if self._fenced(fresh=False):
            return []
        return list(self.db.query(
            f"SELECT d.id, d.created_at, {self.db.json_text('a.summary_json', 'headline')} AS headline,"
            " coalesce(a.link, '') AS link, f.name AS source, d.next_attempt_at"
            " FROM deliveries d JOIN articles a ON a.id = d.article_id JOIN feeds f ON f.id = a.feed_id"
            " WHERE d.chat_id = ? AND d.thread_id = ? AND d.status = 'pending' ORDER BY d.id LIMIT ?",
            [chat_id, thread_id, limit],
        ))

    def delivery(self, delivery_id: int) -> tuple[Article, list[Reason]] | None:
        """One alert in full: the article and why it was sent."""
        rows = list(self.db.query(
            "SELECT d.reasons_json, a.id AS article_id, a.link, a.summary_json, f.name AS feed_name"
            " FROM deliveries d JOIN articles a ON a.id = d.article_id JOIN feeds f ON f.id = a.feed_id"
            " WHERE d.id = ?", [delivery_id]))
        if not rows:
            return None
        r = rows[0]
        article = Article(id=r["article_id"], feed_name=r["feed_name"], link=r["link"] or "",
                          summary=summary_from_json(r["summary_json"]))
        reasons = [Reason(kind=x["kind"], label=x["label"], hits=tuple(x["hits"])) for x in json.loads(r["reasons_json"])]
        return article, reasons

    def recent_alerts(self, chat_id: int, thread_id: int, since: datetime) -> int:
        """Single alerts sent to the chat since ``since``: a storm is judged on these plus the queue."""
        row = next(self.db.query(
            "SELECT count(*) AS n FROM deliveries WHERE chat_id = ? AND thread_id = ? AND status = 'sent'"
            " AND sent_as = 'alert' AND sent_at >= ?", [chat_id, thread_id, _iso(since)]))
        return row["n"]

    def pending_count(self, chat_id: int) -> int:
        return next(self.db.query("SELECT count(*) AS n FROM deliveries WHERE chat_id = ? AND status = 'pending'",
                                  [chat_id]))["n"]

    def attempts_of(self, delivery_id: int) -> int:
        rows = list(self.db.query("SELECT attempts FROM deliveries WHERE id = ?", [delivery_id]))
        return rows[0]["attempts"] if rows else 0

    # --- outcomes ---

    def mark_sent(self, delivery_ids: list[int], message_id: int, now: datetime, sent_as: str = "alert",
                  silent: bool = False) -> None:
        with self.db.transaction():
            self.db.executemany(
                "UPDATE deliveries SET status = 'sent', message_id = ?, sent_at = ?, attempts = attempts + 1,"
                " error = NULL, next_attempt_at = NULL, sent_as = ?, silent = ? WHERE id = ?",
                [(message_id, _iso(now), sent_as, 1 if silent else 0, i) for i in delivery_ids],
            )

    def mark_retry(self, delivery_ids: list[int], error: str, next_attempt_at: datetime, max_attempts: int) -> bool:
        """Count a transient failure; the alerts wait until ``next_attempt_at``, or are parked as failed
        once ``max_attempts`` is reached. True when parked."""
        with self.db.transaction():
            self.db.executemany(
                "UPDATE deliveries SET attempts = attempts + 1, error = ?, next_attempt_at = ?,"
                " status = CASE WHEN attempts + 1 >= ? THEN 'failed' ELSE 'pending' END WHERE id = ?",
                [(error[:500], _iso(next_attempt_at), max_attempts, i) for i in delivery_ids],
            )
            parked = next(self.db.query(
                f"SELECT count(*) AS n FROM deliveries WHERE status = 'failed' AND id IN ({self.db.json_list('int')})",
                [json.dumps(delivery_ids)]))["n"]
        return parked > 0

    def mark_failed(self, delivery_ids: list[int], error: str) -> None:
        """Telegram refused these for good (an unexpected 400): parked, retryable by an admin."""
        with self.db.transaction():
            self.db.executemany(
                "UPDATE deliveries SET status = 'failed', attempts = attempts + 1, error = ? WHERE id = ?",
                [(error[:500], i) for i in delivery_ids])

    def deactivate_chat(self, chat_id: int, reason: str = "chat is no longer reachable") -> int:
        """The bot was blocked, kicked, or the chat is gone: no more alerts; the queued ones are dropped
        and counted. Returns how many were dropped."""
        with self.db.transaction():
            self.db.execute("UPDATE chats SET active = 0, inactive_reason = ? WHERE id = ?", [reason[:200], chat_id])
            cur = self.db.execute(
                "UPDATE deliveries SET status = 'dropped', error = ? WHERE chat_id = ? AND status = 'pending'",
                [reason[:500], chat_id])
            self.log_follow_changes([("reset", None)])  # the chat's follows stop counting: too broad to list
        return cur.rowcount

    def drop_thread(self, chat_id: int, thread_id: int, reason: str) -> tuple[int, int]:
        """A forum topic was closed or deleted: its follows go, its queued alerts are dropped.
        Returns (follows removed, alerts dropped)."""
        with self.db.transaction():
            gone = self.db.execute(
                "DELETE FROM follows WHERE chat_id = ? AND thread_id = ? RETURNING kind, value, label",
                [chat_id, thread_id]).rows
            dropped = self.db.execute(
                "UPDATE deliveries SET status = 'dropped', error = ? WHERE chat_id = ? AND thread_id = ?"
                " AND status = 'pending'", [reason[:500], chat_id, thread_id]).rowcount
            self.log_follow_changes(
                [("remove", Follow(chat_id, r["kind"], r["value"], r["label"], thread_id)) for r in gone])
        return len(gone), dropped

    def migrate_chat(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup: its follows, settings and pending alerts move to the new id."""
        cols = ", ".join(SETTINGS)
        with self.db.transaction():
            self.db.execute(
                f"INSERT INTO chats (id, type, title, active, created_at, {cols})"
                f" SELECT ?, 'supergroup', title, 1, created_at, {cols} FROM chats WHERE id = ?"
                " ON CONFLICT(id) DO NOTHING",
                [new_id, old_id],
            )
            # A row the new id already has wins; the old chat's copy goes (what UPDATE OR IGNORE did).
            self.db.execute(
                "DELETE FROM follows WHERE chat_id = ? AND EXISTS (SELECT 1 FROM follows n WHERE n.chat_id = ?"
                " AND n.thread_id = follows.thread_id AND n.kind = follows.kind AND n.value = follows.value)",
                [old_id, new_id])
            self.db.execute("UPDATE follows SET chat_id = ? WHERE chat_id = ?", [new_id, old_id])
            self.db.execute(
                "DELETE FROM deliveries WHERE chat_id = ? AND EXISTS (SELECT 1 FROM deliveries n WHERE n.chat_id = ?"
                " AND n.thread_id = deliveries.thread_id AND n.article_id = deliveries.article_id)",
                [old_id, new_id])
            self.db.execute("UPDATE deliveries SET chat_id = ? WHERE chat_id = ?", [new_id, old_id])
            self.db.execute("UPDATE chats SET active = 0, inactive_reason = 'migrated' WHERE id = ?", [old_id])
            self.log_follow_changes([("reset", None)])  # every follow of the chat moves: too broad to list

    # --- failed alerts, for admins ---

    def failed_summary(self, limit: int = 5) -> tuple[int, list[tuple[str, int]]]:
        """How many alerts are parked as failed, and the commonest errors."""
        total = next(self.db.query("SELECT count(*) AS n FROM deliveries WHERE status = 'failed'"))["n"]
        top = [(r["error"] or "?", r["n"]) for r in self.db.query(
            "SELECT error, count(*) AS n FROM deliveries WHERE status = 'failed' GROUP BY error ORDER BY n DESC LIMIT ?",
            [limit])]
        return total, top

    def retry_failed(self) -> int:
        """Put every parked alert of an active chat back in the queue, attempts reset."""
        with self.db.transaction():
            cur = self.db.execute(
                "UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = NULL"
                " WHERE status = 'failed' AND chat_id IN (SELECT id FROM chats WHERE active = 1)")
        return cur.rowcount

    # --- chat settings ---

    def chat_settings(self, chat_id: int) -> dict:
        """The chat's row: type, active, and every setting (None where the default applies)."""
        rows = list(self.db.query(f"SELECT id, type, active, inactive_reason, {', '.join(SETTINGS)} FROM chats WHERE id = ?", [chat_id]))
        return rows[0] if rows else {}

    def set_chat_settings(self, chat_id: int, **values: str | None) -> None:
        unknown = set(values) - set(SETTINGS)
        if unknown:
            raise ValueError(f"unknown chat settings: {sorted(unknown)}")
        if not values:
            return
        assignments = ", ".join(f"{k} = ?" for k in values)
        with self.db.transaction():
            self.db.execute(f"UPDATE chats SET {assignments} WHERE id = ?", [*values.values(), chat_id])

    # --- notices: bot-initiated texts that must survive a restart ---

    def queue_notice(self, chat_id: int, text: str, now: datetime, thread_id: int = 0) -> int:
        with self.db.transaction():
            return self.db.execute(
                "INSERT INTO outbox (chat_id, thread_id, text, status, attempts, created_at)"
                " VALUES (?, ?, ?, 'pending', 0, ?) RETURNING id", [chat_id, thread_id, text, _iso(now)]).fetchone()["id"]

    def pending_notices(self, limit: int = 100) -> list[dict]:
        if self._fenced():
            return []
        return list(self.db.query(
            "SELECT id, chat_id, thread_id, text, attempts FROM outbox WHERE status = 'pending' ORDER BY id LIMIT ?",
            [limit]))

    def finish_notice(self, notice_id: int, now: datetime, error: str | None = None, give_up: bool = False) -> None:
        with self.db.transaction():
            if error is None:
                self.db.execute("UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ?",
                                [_iso(now), notice_id])
            else:
                self.db.execute(
                    "UPDATE outbox SET attempts = attempts + 1, error = ?, status = ? WHERE id = ?",
                    [error[:500], "failed" if give_up else "pending", notice_id])


def summary_to_json(summary: Summary) -> str:
    data = asdict(summary)
    return json.dumps(data, ensure_ascii=False)


def summary_from_json(raw: str | None) -> Summary:
    data = json.loads(raw) if raw else {}
    mentions = tuple(Mention(**m) for m in data.pop("mentions", []))
    known = {f.name for f in fields(Summary)}
    data = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in known}  # JSON has no tuples
    data.setdefault("headline", "")
    data.setdefault("language", "")
    return Summary(mentions=mentions, **data)


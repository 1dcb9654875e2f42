"""The delivery queue as several workers would share it: claims that never overlap."""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg
from psycopg.rows import dict_row


def claim_pending(conn: psycopg.Connection, now: datetime, limit: int = 100) -> list[dict]:
    """Lock up to ``limit`` pending deliveries due at ``now`` that no other transaction holds.

    Run inside the caller's transaction: the rows stay locked until it marks them sent, retried or
    failed and commits; a worker that dies rolls back and its rows are pending again for the next
    claim. Concurrent callers skip each other's locked rows instead of waiting, so two transactions
    never get the same delivery. Inactive chats are left out, as ``chats_with_pending`` does.
    """
    if conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE and conn.autocommit:
        # In autocommit the locks would end with the statement: the claim would protect nothing.
        raise RuntimeError("claim_pending() must run inside a transaction")
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(
            "SELECT d.id, d.article_id, d.chat_id, d.thread_id, d.attempts FROM deliveries d"
            " JOIN chats c ON c.id = d.chat_id"
            " WHERE d.status = 'pending' AND c.active = 1"
            " AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= %s)"
            " ORDER BY d.id LIMIT %s FOR UPDATE OF d SKIP LOCKED",
            (now.astimezone(UTC).isoformat(timespec="seconds"), limit),
        )
        return cur.fetchall()

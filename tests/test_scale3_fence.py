"""Sender fencing on PostgreSQL: a worker whose lease session has ended is handed no more work at once,
without waiting for its next lease check; its successor is."""

from __future__ import annotations

import psycopg

from bot.pg.lease import SenderLease, sender_fence
from bot.store import Store
from tests.test_store_delivery import NOW, queue


def test_a_holder_whose_lease_session_ended_is_handed_no_more_work(pg_migrated_url):
    store = Store(url=pg_migrated_url)
    try:
        queue(store, [("a", 1), ("b", 2)])
        store.queue_notice(1, "Feed is failing", NOW)
        with SenderLease(pg_migrated_url) as holder, SenderLease(pg_migrated_url, retry_every=0.1) as successor:
            assert holder.try_acquire()
            store.send_fence = sender_fence(store.db, holder.backend_pid)
            assert store.chats_with_pending(NOW) == [(1, 0), (2, 0)]
            assert len(store.pending_for(1, 0, NOW)) == 1 and len(store.pending_notices()) == 1

            # The holder's lease session ends (an operator, a cut connection); the holder has not
            # checked its lease since, and its store connections still work.
            with psycopg.connect(pg_migrated_url, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (holder.backend_pid,))
            assert successor.acquire(timeout=10)  # the lock is free: another worker holds it now
            assert store.chats_with_pending(NOW) == []
            assert store.pending_for(1, 0, NOW) == [] and store.pending_notices() == []

            store.send_fence = sender_fence(store.db, successor.backend_pid)  # what the successor sees
            assert store.chats_with_pending(NOW) == [(1, 0), (2, 0)]
            assert len(store.pending_for(2, 0, NOW)) == 1 and len(store.pending_notices()) == 1
    finally:
        store.close()


def test_a_sweep_asks_the_lease_once_not_once_per_chat(tmp_path):
    store = Store(str(tmp_path / "fence.db"))
    asked = []
    store.send_fence = lambda: asked.append(1) or True
    store.chats_with_pending(NOW)
    for chat in range(1, 50):
        store.pending_for(chat, 0, NOW)
    assert len(asked) == 1
    store.send_fence = lambda: False  # the lease is lost: a new fence is asked at once
    assert store.pending_for(1, 0, NOW) == []
    store.close()

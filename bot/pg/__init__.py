"""PostgreSQL backend (issue 12): ``DATABASE_URL=postgresql://...`` selects it; unset, SQLite as today.

What is here: ``migrations`` (0001..0007, the same schema as ``bot/migrations.py``, applied under an
advisory lock), ``pool.open_pool`` (psycopg 3 pool from ``DATABASE_URL``, migrated), ``lease.SenderLease``
(one sender elected among workers) and ``queue.claim_pending`` (FOR UPDATE SKIP LOCKED claims).

Porting the Store next. The plan is one class with the SQL written once: the existing methods run
on a small ``Db`` seam (``query(sql, params) -> list[dict]``, ``execute(sql, params) -> rowcount /
lastrowid``, ``transaction()``) with a SQLite and a psycopg implementation, and the SQL kept in the
dialect both accept. What changes, method by method:

- Placeholders: ``?`` -> ``%s``. Write ``%s`` once and let the SQLite seam translate it (the queries
  contain no literal ``%``; keep it so, or escape it as ``%%``). Named params are not used.
- ``INSERT OR IGNORE`` -> ``INSERT ... ON CONFLICT DO NOTHING``: SQLite 3.24+ accepts the latter too,
  so write it once. ``ON CONFLICT(url) DO UPDATE SET ... excluded.x`` is already common to both; the
  conflict target must name a unique index's columns exactly (feeds: ``(url)``; follows: ``(chat_id,
  thread_id, kind, value)``; deliveries: ``(article_id, chat_id, thread_id)``; article_sources:
  ``(feed_id, entry_id)``).
- ``UPDATE OR IGNORE`` (``migrate_chat``) has no PostgreSQL form: a duplicate aborts the statement.
  Port as ``UPDATE follows SET chat_id = new WHERE chat_id = old AND NOT EXISTS (SELECT 1 FROM
  follows f2 WHERE f2.chat_id = new AND f2.thread_id = follows.thread_id AND f2.kind = follows.kind
  AND f2.value = follows.value)``, then delete the old rows left behind (same for deliveries on
  ``(article_id, chat_id, thread_id)``). Valid in both dialects.
- ``json_each(?)`` (``sync_feeds``' URL list): ``url <> ALL(%s)`` with a Python list in PostgreSQL;
  portable form ``url NOT IN (SELECT value FROM json_each(?))`` vs ``json_array_elements_text(%s)``,
  so this one needs a per-dialect fragment (or pass the list and build ``IN (%s, %s, ...)``).
- ``json_extract(a.summary_json, '$.headline')`` -> ``a.summary_json::jsonb ->> 'headline'``: a
  per-dialect fragment too (keep the column TEXT in both; migrating it to JSONB later is a new migration).
- ``lastrowid`` does not exist in psycopg: ``INSERT ... RETURNING id`` works in both (SQLite 3.35+).
- ``cursor.rowcount`` works in both. ``executemany`` exists in both.
- ``count(*)`` returns int in both; ``min(text)`` compares ISO strings in both (columns stay TEXT).
- Booleans stay INTEGER 0/1 so ``active = 1`` reads the same in both.
- Transactions: ``with self.db.conn:`` becomes ``with db.transaction():``; on PostgreSQL each
  transaction borrows a pool connection (``with pool.connection() as conn``), so methods must not
  keep a connection between calls, and a method that reads then writes (``sync_feeds``, ``add_follow``
  limits) must do both inside one transaction, with ``SELECT ... FOR UPDATE`` where two workers could
  interleave (two workers polling one feed: the unique dedup_key index plus ON CONFLICT already makes
  the article insert safe).
- The shared suite: parametrise the ``fresh_store`` fixture over ``["sqlite", "postgres"]`` with
  ``pg_url`` from ``tests/pg.py``; every store test then runs against both.

The sender with several workers. Ingestion (polling, matching, queueing deliveries) may run in every
worker: inserts are idempotent on the unique indexes. Sending must change in three places:
1. Only the lease holder runs the send job: each worker calls ``SenderLease.try_acquire()`` from a
   repeating job every few seconds; the holder checks ``still_held()`` before each batch and stops
   sending the moment it is false. Non-holders still poll and queue.
2. The outbound pacing (per-chat and global token buckets in ``bot/outbound.py``) stays in memory in
   the holder, unchanged: there is exactly one pacer per bot token at any time.
3. Rows are claimed with ``claim_pending`` (FOR UPDATE SKIP LOCKED) inside the transaction that marks
   them, so even a brief overlap at hand-over (an old holder finishing its batch while the new one
   starts) cannot send an alert twice. Notices (``outbox``) get the same claim.

Why an elected sender rather than a token bucket in the database: Telegram's limits (about 30
messages/s per bot, 1/s per chat, 20/min per group) are counted per bot token, and its answers
(429 with ``retry_after``) arrive at whoever sent. One holder sees every send and every 429, so its
in-memory buckets are exact and a ``retry_after`` pauses all sending at once. A shared bucket in a
table costs a row lock and a round trip per message on the hottest row (a write contention point
capping throughput), still lets N workers burst at the same instant between refills, and spreads the
429 knowledge across processes that would each need to read it back. Sending is I/O-bound and one
process easily saturates 30 messages/s, so a single sender loses nothing; the lock is held by a
session, so a dead holder's role frees as soon as PostgreSQL ends its session (immediately on a clean
crash, within ~11 s of silence via the server keepalives the lease sets) and another worker's retry
takes over.
"""

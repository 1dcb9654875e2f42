"""The PostgreSQL foundation on a real server (tests/pg.py): schema parity with SQLite, migrations
that two workers can race, the elected sender, and claims that never overlap."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from bot.migrations import migrations as sqlite_migrations
from bot.pg import migrations
from bot.pg.lease import SenderLease
from bot.pg.pool import database_url, open_pool
from bot.pg.queue import claim_pending
from bot.store import Store
from tests.conftest import ROOT

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def sqlite_schema() -> dict[str, dict]:
    db = Store(None).db.database  # the sqlite-utils Database under the seam
    schema = {}
    for table in db.tables:
        if table.name.startswith(("_sqlite", "sqlite_")):  # SQLite's own (sqlite_sequence)
            continue
        pks = table.pks
        indexes = [i for i in table.indexes if not i.name.startswith("sqlite_autoindex")]
        schema[table.name] = {
            "columns": [c.name for c in table.columns],
            "pks": pks,
            "not_null": {c.name for c in table.columns if c.notnull and c.name not in pks},
            "defaults": {c.name: c.default_value for c in table.columns if c.default_value is not None},
            "indexes": {i.name for i in indexes},
            "unique": {tuple(i.columns) for i in indexes if i.unique},
            "foreign_keys": {(fk.column, fk.other_table, fk.other_column) for fk in table.foreign_keys},
        }
    return schema


def pg_schema(conn: psycopg.Connection) -> dict[str, dict]:
    schema = {}
    tables = [r[0] for r in conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        " AND table_name <> 'schema_migrations'")]
    for name in tables:
        cols = conn.execute(
            "SELECT column_name, is_nullable, column_default FROM information_schema.columns"
            " WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position", (name,)).fetchall()
        indexes = conn.execute(
            "SELECT c.relname, i.indisunique, i.indisprimary, array(SELECT a.attname FROM"
            " unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a"
            " ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.n)"
            " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass",
            (name,)).fetchall()
        pks = next((list(cols_) for _, _, primary, cols_ in indexes if primary), [])
        fks = conn.execute(
            "SELECT kcu.column_name, ccu.table_name, ccu.column_name FROM information_schema.table_constraints tc"
            " JOIN information_schema.key_column_usage kcu USING (constraint_schema, constraint_name)"
            " JOIN information_schema.constraint_column_usage ccu USING (constraint_schema, constraint_name)"
            " WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_name = %s", (name,)).fetchall()
        schema[name] = {
            "columns": [c[0] for c in cols],
            "pks": pks,
            "not_null": {c[0] for c in cols if c[1] == "NO" and c[0] not in pks},
            "defaults": {c[0]: c[2].removesuffix("::text") for c in cols if c[2] is not None},
            "indexes": {i[0] for i in indexes if not i[2]},
            "unique": {tuple(i[3]) for i in indexes if i[1] and not i[2]},
            "foreign_keys": set(fks),
        }
    return schema


def run_threads(target, n: int) -> None:
    threads = [threading.Thread(target=target) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


@pytest.fixture
def conn(pg_url):
    with psycopg.connect(pg_url, autocommit=True) as c:
        yield c


@pytest.fixture
def migrated(pg_migrated_url):
    return pg_migrated_url


@pytest.fixture
def mconn(migrated):
    with psycopg.connect(migrated, autocommit=True) as c:
        yield c


# --- migrations ---------------------------------------------------------------------------------------


def test_migrations_build_the_schema_sqlite_has(conn):
    migrations.apply(conn)
    pg, lite = pg_schema(conn), sqlite_schema()
    assert sorted(pg) == sorted(lite)
    for table in lite:
        assert pg[table] == lite[table], table


def test_every_sqlite_migration_has_its_postgresql_namesake():
    assert [name for name, _ in migrations.MIGRATIONS] == [m.name for m in sqlite_migrations._migrations]


def test_applying_twice_changes_nothing(conn):
    assert migrations.apply(conn) == [name for name, _ in migrations.MIGRATIONS]
    conn.execute("INSERT INTO feeds (url, name) VALUES ('https://a.example/rss', 'A')")
    assert migrations.apply(conn) == []
    assert migrations.applied(conn) == [name for name, _ in migrations.MIGRATIONS]
    assert conn.execute("SELECT count(*) FROM feeds").fetchone()[0] == 1


def test_defaults_fill_what_the_store_leaves_out(mconn):
    feed_id = mconn.execute("INSERT INTO feeds (url, name) VALUES ('u', 'n') RETURNING id").fetchone()[0]
    mconn.execute("INSERT INTO chats (id) VALUES (-1001234567890)")  # a supergroup id needs 64 bits
    mconn.execute("INSERT INTO articles (dedup_key, feed_id) VALUES ('k', %s)", (feed_id,))
    mconn.execute("INSERT INTO deliveries (article_id, chat_id) SELECT id, -1001234567890 FROM articles")
    row = mconn.execute("SELECT f.primed, f.active, f.consecutive_failures, c.active, d.status, d.attempts,"
                       " d.thread_id, d.silent FROM feeds f, chats c, deliveries d").fetchone()
    assert row == (0, 1, 0, 1, "pending", 0, 0, 0)
    with pytest.raises(psycopg.errors.UniqueViolation):
        mconn.execute("INSERT INTO deliveries (article_id, chat_id) SELECT id, -1001234567890 FROM articles")


def test_concurrent_workers_migrate_once(pg_url):
    barrier = threading.Barrier(4)
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def worker():
        try:
            with psycopg.connect(pg_url, autocommit=True) as c:
                barrier.wait()
                results.append(migrations.apply(c))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    run_threads(worker, 4)
    assert errors == []
    assert sorted(name for names in results for name in names) == sorted(n for n, _ in migrations.MIGRATIONS)
    assert sum(1 for names in results if names) == 1


def test_a_failing_migration_rolls_back_whole_and_frees_the_lock(conn, monkeypatch):
    broken = ("9999_broken", ("CREATE TABLE half_done (id INTEGER)", "ALTER TABLE no_such_table ADD COLUMN x TEXT"))
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, broken))
    with pytest.raises(psycopg.errors.UndefinedTable):
        migrations.apply(conn)
    assert conn.execute("SELECT to_regclass('half_done')").fetchone()[0] is None
    assert "9999_broken" not in migrations.applied(conn)
    assert "0004_resume" in migrations.applied(conn)  # earlier migrations committed one by one
    monkeypatch.undo()
    assert migrations.apply(conn) == []  # the lock was released: this would block otherwise


def test_pool_from_database_url_is_migrated(pg_url):
    url = database_url({"DATABASE_URL": pg_url})
    pool = open_pool(url)
    try:
        with pool.connection() as c:
            assert migrations.applied(c) == [name for name, _ in migrations.MIGRATIONS]
    finally:
        pool.close()


def test_database_url_selects_postgresql_only_when_asked():
    assert database_url({}) is None
    assert database_url({"DATABASE_URL": "  "}) is None
    assert database_url({"DATABASE_URL": "postgres://u@h/db"}) == "postgres://u@h/db"
    with pytest.raises(ValueError, match="postgresql://"):
        database_url({"DATABASE_URL": "mysql://u@h/db"})


# --- the sender lease --------------------------------------------------------------------------------


def test_one_of_two_contenders_holds_the_lease(pg_url):
    with SenderLease(pg_url) as a, SenderLease(pg_url) as b:
        assert a.try_acquire() is True
        assert b.try_acquire() is False
        assert a.try_acquire() is True  # holding it again is not taking it twice
        assert (a.still_held(), b.still_held()) == (True, False)


def test_release_hands_the_lease_over(pg_url):
    with SenderLease(pg_url) as a, SenderLease(pg_url) as b:
        assert a.try_acquire()
        a.release()
        assert b.try_acquire() is True
        assert a.try_acquire() is False


HOLDER = """
import sys, time
from bot.pg.lease import SenderLease
lease = SenderLease(sys.argv[1])
assert lease.try_acquire()
print("held", flush=True)
time.sleep(120)
"""


def test_lease_passes_to_another_worker_when_the_holder_dies(pg_url):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, pg_url], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with SenderLease(pg_url, retry_every=0.2) as b:
            assert b.try_acquire() is False
            holder.kill()  # SIGKILL: no release, no clean shutdown, only the socket closing
            holder.wait()
            assert b.acquire(timeout=10) is True
    finally:
        holder.kill()
        holder.wait()


def test_holder_whose_session_ends_learns_it_has_lost_the_lease(pg_url, conn):
    with SenderLease(pg_url) as a, SenderLease(pg_url) as b:
        assert a.try_acquire()
        conn.execute("SELECT pg_terminate_backend(%s)", (a.backend_pid,))
        assert a.still_held() is False
        assert b.try_acquire() is True
        assert a.try_acquire() is False  # reconnects, and finds the role taken


# --- claims ----------------------------------------------------------------------------------------------


def seed_deliveries(conn: psycopg.Connection, n: int) -> list[int]:
    feed = conn.execute("INSERT INTO feeds (url, name) VALUES ('u', 'n') RETURNING id").fetchone()[0]
    conn.execute("INSERT INTO chats (id) VALUES (1), (2)")
    conn.execute("UPDATE chats SET active = 0 WHERE id = 2")
    ids = []
    for i in range(n):
        article = conn.execute("INSERT INTO articles (dedup_key, feed_id) VALUES (%s, %s) RETURNING id",
                               (f"k{i}", feed)).fetchone()[0]
        ids.append(conn.execute("INSERT INTO deliveries (article_id, chat_id) VALUES (%s, 1) RETURNING id",
                                (article,)).fetchone()[0])
        conn.execute("INSERT INTO deliveries (article_id, chat_id) VALUES (%s, 2)", (article,))  # inactive chat
    later = (NOW + timedelta(minutes=5)).isoformat(timespec="seconds")
    article = conn.execute("INSERT INTO articles (dedup_key, feed_id) VALUES ('later', %s) RETURNING id",
                           (feed,)).fetchone()[0]
    conn.execute("INSERT INTO deliveries (article_id, chat_id, next_attempt_at) VALUES (%s, 1, %s)", (article, later))
    return ids


def test_two_transactions_claim_disjoint_rows(migrated, mconn):
    due = seed_deliveries(mconn, 10)
    with psycopg.connect(migrated) as one, psycopg.connect(migrated) as two:
        first = [r["id"] for r in claim_pending(one, NOW, limit=6)]
        second = [r["id"] for r in claim_pending(two, NOW, limit=6)]
        assert len(first) == 6 and len(second) == 4
        assert set(first).isdisjoint(second)
        assert sorted(first + second) == due  # neither the inactive chat's nor the not-yet-due alert
        one.rollback()  # a worker that dies: its rows are pending again
        assert [r["id"] for r in claim_pending(one, NOW, limit=10)] == first


def test_workers_draining_the_queue_send_each_alert_once(migrated, mconn):
    due = seed_deliveries(mconn, 40)
    sent: list[int] = []
    lock = threading.Lock()

    def worker():
        with psycopg.connect(migrated) as c:
            while True:
                with c.transaction():
                    rows = claim_pending(c, NOW, limit=3)
                    if not rows:
                        return
                    ids = [r["id"] for r in rows]
                    c.execute("UPDATE deliveries SET status = 'sent', attempts = attempts + 1 WHERE id = ANY(%s)",
                              (ids,))
                with lock:
                    sent.extend(ids)

    run_threads(worker, 3)
    assert sorted(sent) == due
    assert mconn.execute("SELECT max(attempts) FROM deliveries").fetchone()[0] == 1


def test_a_claim_outside_a_transaction_is_refused(migrated, mconn):
    with pytest.raises(RuntimeError, match="inside a transaction"):
        claim_pending(mconn, NOW)

"""The seam under the store: the same SQL on SQLite (the embedded default) or PostgreSQL.

The store writes its SQL once, with ``?`` placeholders (``:name`` with a dict), standard
``ON CONFLICT`` clauses and ``RETURNING``. What the two engines spell differently is asked of the
``Db`` by name, so no dialect branch lives in the store's methods:

- ``json_list(kind)``: the elements of one JSON array parameter (``json_each`` / ``jsonb_array_elements``);
- ``json_text(expr, key)``: a text field of a JSON column;
- ``unindexed(expr)``: a column SQLite's planner must not pick an index for (PostgreSQL needs no hint);
- ``column_defaults(table)``: each column's default, as SQL;
- ``commit_in_order(key)``: transactions that call it commit in that order (an advisory lock / nothing);
- ``read_anywhere(sql)``: a read another thread may make (a pool connection / the file opened again).

Both implementations hand out plain dicts and run a method's statements in one transaction with
``with db.transaction():`` (``durable=False`` for bookkeeping a crash may lose). One ``Db`` belongs to
one thread, like the sqlite3 connection under it; PostgreSQL connections come from psycopg's pool, and
the owner thread keeps its own between calls.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlite_utils import Database

from bot.errors import StoreError
from bot.migrations import migrations


class Result:
    """What a statement returned: rows of a ``RETURNING`` and the rows it touched."""

    def __init__(self, rowcount: int, rows: list[dict]):
        self.rowcount = rowcount
        self.rows = rows

    def fetchone(self) -> dict | None:
        return self.rows[0] if self.rows else None


def _rows(cur) -> list[dict]:
    """The rows a psycopg cursor holds, if its statement returned any. Asked of the raw result: the
    ``description`` property builds a Column object per column on every read (0.2 ms for ``feeds``)."""
    from psycopg import pq

    res = cur.pgresult
    return cur.fetchall() if res is not None and res.status == pq.ExecStatus.TUPLES_OK else []


class SqliteDb:
    """A SQLite file in WAL mode (``None``: in memory, for tests), migrated with sqlite-utils."""

    dialect = "sqlite"

    def __init__(self, path: str | None = None):
        self.path = path
        self._owner = threading.get_ident()
        if path is None:
            self.database = Database(memory=True)
        else:
            self.database = Database(path)
            self.database.enable_wal()
            # In WAL mode NORMAL never corrupts; a power cut may lose the last commits, which the
            # next poll fetches again. FULL would fsync on every poll's commit.
            self.database.execute("PRAGMA synchronous = NORMAL")
        self.database.execute("PRAGMA foreign_keys = ON")
        self.database.execute("PRAGMA busy_timeout = 5000")
        migrations.apply(self.database)
        self.conn = self.database.conn
        self._depth = 0

    def query(self, sql: str, params: Sequence | dict = ()) -> Iterator[dict]:
        return self.database.query(sql, params)

    def execute(self, sql: str, params: Sequence | dict = (), durable: bool = True) -> Result:
        if not self._depth:  # outside a transaction a statement commits at once, as on PostgreSQL
            with self.transaction():
                return self.execute(sql, params)
        cur = self.conn.execute(sql, params)
        rows = []
        if cur.description:
            names = [d[0] for d in cur.description]
            rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
        return Result(cur.rowcount, rows)

    def executemany(self, sql: str, rows: Sequence[Sequence]) -> Result:
        """Run ``sql`` once per row; ``rowcount`` is the rows touched, summed."""
        with self.transaction():
            return Result(self.conn.executemany(sql, rows).rowcount, [])

    def table_names(self) -> list[str]:
        return self.database.table_names()

    @contextmanager
    def transaction(self, durable: bool = True) -> Iterator[None]:
        """Commit on success, roll back on error; an inner ``transaction`` joins the outer one.
        ``durable`` is PostgreSQL's concern: here every commit is as durable as ``synchronous`` says."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with self.conn:
                yield
        finally:
            self._depth = 0

    def json_list(self, kind: str = "text") -> str:
        return "SELECT value FROM json_each(?)"

    def json_text(self, expr: str, key: str) -> str:
        return f"json_extract({expr}, '$.{key}')"

    def unindexed(self, expr: str) -> str:
        return f"+{expr}"  # unary plus: SQLite then keeps to the index the query should use

    def skip_locked(self) -> str:
        return ""  # one writer at a time: there is nothing to skip

    def commit_in_order(self, key: int) -> None:
        """Transactions calling this with the same ``key`` commit in the order they call it: SQLite has
        one writer at a time, so they always do."""

    @property
    def reads_anywhere(self) -> bool:
        """Whether ``read_anywhere`` may run on another thread: a file can be opened again there; an
        in-memory database lives only in the connection of the thread that made it."""
        return self.path is not None

    def read_anywhere(self, sql: str, params: Sequence | dict = ()) -> list[dict]:
        """A read from any thread: the owner's reads on its connection, another thread on one of its own
        (WAL lets it read beside the writer)."""
        import sqlite3

        if self.path is None or threading.get_ident() == self._owner:
            return list(self.query(sql, params))
        # as_uri() escapes what a URI would misread in a path ("?", "#", "%").
        conn = sqlite3.connect(Path(self.path).resolve().as_uri() + "?mode=ro", uri=True)
        try:
            cur = conn.execute(sql, params)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r, strict=True)) for r in cur]
        finally:
            conn.close()

    def column_defaults(self, table: str) -> list[tuple[str, str | None]]:
        return [(r["name"], r["dflt_value"]) for r in self.database.query(f"PRAGMA table_info({table})")]

    def close(self) -> None:
        self.database.close()


_NAMED = re.compile(r"(?<!:):([A-Za-z_]\w*)")


class PgDb:
    """PostgreSQL through a psycopg pool, migrated with ``bot.pg.migrations`` (same names, same schema)."""

    dialect = "postgresql"

    def __init__(self, url: str, min_size: int = 1, max_size: int = 4):
        import psycopg

        from bot.pg.pool import open_pool

        self.url = url
        where = urlsplit(url)
        try:
            # One plain connection first: it fails fast with the server's reason, where the pool would
            # retry in the background and time out with none.
            psycopg.connect(url, connect_timeout=10).close()
            self.pool = open_pool(url, min_size=min_size, max_size=max_size, migrate=True)
        except Exception as exc:  # psycopg's errors, wrapped at the edge that calls it; they name no password
            reason = (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]
            for secret in {where.password, unquote(where.password or "")} - {None, ""}:
                reason = reason.replace(secret, "***")  # libpq quotes a malformed part of the URL
            raise StoreError(f"cannot open PostgreSQL at {where.hostname or 'localhost'}{where.path}: {reason}") from None
        self._local = threading.local()
        self._cache: dict[tuple[str, bool], str] = {}
        # The thread that opened the Db (the bot's event loop) keeps one connection between calls: a
        # pool checkout per statement costs about a fifth of a statement's CPU. Other threads borrow.
        self._owner = threading.get_ident()
        self._kept: dict = {}  # durable? -> connection

    def _sql(self, sql: str, named: bool) -> str:
        key = (sql, named)
        out = self._cache.get(key)
        if out is None:
            out = sql.replace("%", "%%")
            out = _NAMED.sub(r"%(\1)s", out) if named else out.replace("?", "%s")
            self._cache[key] = out
        return out

    @contextmanager
    def _borrow(self, durable: bool = True):
        """A connection in autocommit, idle. The owner thread keeps two between calls: one from the pool,
        and its own with ``synchronous_commit`` off for the writes that need not wait for the disk (a
        session setting, so the connection never goes back to the pool). Other threads borrow from the pool."""
        if threading.get_ident() != self._owner:
            with self.pool.connection() as conn:
                if durable:
                    yield conn
                    return
                conn.execute("SET synchronous_commit = off")
                try:
                    yield conn
                finally:
                    if not conn.broken:
                        conn.execute("RESET synchronous_commit")
            return
        conn = self._kept.get(durable)
        if conn is None or conn.closed or conn.broken:
            self._drop(durable)
            if durable:
                conn = self.pool.getconn()
            else:
                import psycopg

                conn = psycopg.connect(self.url, autocommit=True, connect_timeout=10)
                conn.execute("SET synchronous_commit = off")
            self._kept[durable] = conn
        try:
            yield conn
        finally:
            if conn.broken:  # the server went away: the next call starts on a fresh connection
                self._drop(durable)

    def _drop(self, durable: bool) -> None:
        conn = self._kept.pop(durable, None)
        if conn is None:
            return
        if durable:
            self.pool.putconn(conn)  # the pool replaces a broken connection
        else:
            conn.close()

    @contextmanager
    def _connection(self, durable: bool = True):
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            yield conn
            return
        with self._borrow(durable) as conn:  # in autocommit: one statement, one round trip
            yield conn

    def _run(self, sql: str, params: Sequence | dict, durable: bool = True) -> Result:
        from psycopg.rows import dict_row

        # Without parameters psycopg reads the text as written: no placeholder, no %% escaping.
        text = self._sql(sql, isinstance(params, dict)) if params else sql
        with self._connection(durable) as conn, conn.cursor(row_factory=dict_row) as cur:
            cur.execute(text, params or None)
            return Result(cur.rowcount, _rows(cur))

    def query(self, sql: str, params: Sequence | dict = ()) -> Iterator[dict]:
        return iter(self._run(sql, params).rows)

    def execute(self, sql: str, params: Sequence | dict = (), durable: bool = True) -> Result:
        """One statement; outside a transaction it commits alone (``durable``: see ``transaction``)."""
        return self._run(sql, params, durable)

    def executemany(self, sql: str, rows: Sequence[Sequence]) -> Result:
        """Run ``sql`` once per row, pipelined; ``rowcount`` is the rows touched, summed (psycopg 3.1+
        sums it over an executemany)."""
        if not rows:
            return Result(0, [])
        with self._connection() as conn, conn.cursor() as cur:
            cur.executemany(self._sql(sql, False), rows)
            return Result(max(cur.rowcount, 0), [])

    @contextmanager
    def transaction(self, durable: bool = True) -> Iterator[None]:
        """Commit on success, roll back on error; an inner ``transaction`` joins the outer one, durable
        or not as the outer one is.

        ``durable=False``: the commit returns before its WAL reaches the disk (``synchronous_commit``
        off). A server crash may lose the last such commits, never corrupt anything: SQLite's
        ``synchronous = NORMAL`` trade, for poll bookkeeping that the next poll redoes. A durable commit
        flushes every earlier one with it, so an alert marked sent is never preceded by a lost poll that
        queued it.

        Not in pipeline mode: on a local server psycopg's pipeline costs more CPU than the round trips
        it saves (measured on ``save_poll``: 0.43-0.57 ms against 0.37-0.43 ms a poll).
        """
        if getattr(self._local, "conn", None) is not None:
            yield
            return
        with self._borrow(durable) as conn, conn.transaction():
            self._local.conn = conn
            try:
                yield
            finally:
                self._local.conn = None

    def json_list(self, kind: str = "text") -> str:
        if kind == "int":
            return "SELECT (jsonb_array_elements_text(?::jsonb))::bigint"
        return "SELECT jsonb_array_elements_text(?::jsonb)"

    def json_text(self, expr: str, key: str) -> str:
        return f"({expr}::jsonb ->> '{key}')"

    def unindexed(self, expr: str) -> str:
        return expr

    def skip_locked(self) -> str:
        return " FOR UPDATE SKIP LOCKED"  # several workers claim rows: each takes what no other holds

    def commit_in_order(self, key: int) -> None:
        """Transactions calling this with the same ``key`` commit in the order they call it: a
        transaction-level advisory lock, held until the commit has made the transaction visible."""
        from bot.pg.migrations import LOCK_NAMESPACE

        self.execute("SELECT pg_advisory_xact_lock(?, ?)", [LOCK_NAMESPACE, key])

    reads_anywhere = True  # another thread borrows a connection from the pool

    def read_anywhere(self, sql: str, params: Sequence | dict = ()) -> list[dict]:
        return list(self.query(sql, params))

    def table_names(self) -> list[str]:
        return [r["table_name"] for r in self.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")]

    def column_defaults(self, table: str) -> list[tuple[str, str | None]]:
        rows = self.query(
            "SELECT column_name AS name, column_default AS dflt FROM information_schema.columns"
            " WHERE table_name = ? AND table_schema = current_schema() ORDER BY ordinal_position", [table])
        return [(r["name"], r["dflt"]) for r in rows]

    def close(self) -> None:
        for durable in (True, False):
            self._drop(durable)
        self.pool.close()


def open_db(path: str | None = None, url: str | None = None) -> SqliteDb | PgDb:
    """PostgreSQL when ``url`` (``DATABASE_URL``) is given, else the SQLite file at ``path``."""
    return PgDb(url) if url else SqliteDb(path)


__all__ = ["Result", "SqliteDb", "PgDb", "open_db"]

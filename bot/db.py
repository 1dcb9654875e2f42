"""The seam under the store: the same SQL on SQLite (the embedded default) or PostgreSQL.

The store writes its SQL once, with ``?`` placeholders (``:name`` with a dict), standard
``ON CONFLICT`` clauses and ``RETURNING``. What the two engines spell differently is asked of the
``Db`` by name, so no dialect branch lives in the store's methods:

- ``json_list(kind)``: the elements of one JSON array parameter (``json_each`` / ``jsonb_array_elements``);
- ``json_text(expr, key)``: a text field of a JSON column;
- ``unindexed(expr)``: a column SQLite's planner must not pick an index for (PostgreSQL needs no hint);
- ``column_defaults(table)``: each column's default, as SQL.

Both implementations hand out plain dicts and run a method's statements in one transaction with
``with db.transaction():``. One ``Db`` belongs to one thread, like the sqlite3 connection under it;
PostgreSQL connections come from psycopg's pool.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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


class _Pipelined:
    """A PostgreSQL transaction in pipeline mode: statements go out without waiting for their answers."""

    def __init__(self, conn, pipeline):
        self.conn = conn
        self.pipeline = pipeline
        self.open = True


class _LateResult(Result):
    """A statement's result inside a pipelined transaction, read from the server only when asked for.

    Most statements of a transaction are writes whose answer nobody reads: they travel with the
    COMMIT in one round trip. Reading ``rows`` or ``rowcount`` before then costs one round trip.
    """

    def __init__(self, cur, tx: _Pipelined):
        self._cur = cur
        self._tx = tx
        self._done: tuple[int, list[dict]] | None = None

    def _settle(self) -> tuple[int, list[dict]]:
        if self._done is None:
            if self._tx.open:
                self._tx.pipeline.sync()  # inside BEGIN..COMMIT a sync commits nothing: it only answers
            cur = self._cur
            self._done = (max(cur.rowcount, 0), _rows(cur))
        return self._done

    @property
    def rowcount(self) -> int:  # type: ignore[override]
        return self._settle()[0]

    @property
    def rows(self) -> list[dict]:  # type: ignore[override]
        return self._settle()[1]


class SqliteDb:
    """A SQLite file in WAL mode (``None``: in memory, for tests), migrated with sqlite-utils."""

    dialect = "sqlite"

    def __init__(self, path: str | None = None):
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

    def execute(self, sql: str, params: Sequence | dict = ()) -> Result:
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
    def transaction(self) -> Iterator[None]:
        """Commit on success, roll back on error; an inner ``transaction`` joins the outer one."""
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

    def _sql(self, sql: str, named: bool) -> str:
        key = (sql, named)
        out = self._cache.get(key)
        if out is None:
            out = sql.replace("%", "%%")
            out = _NAMED.sub(r"%(\1)s", out) if named else out.replace("?", "%s")
            self._cache[key] = out
        return out

    @contextmanager
    def _connection(self):
        tx = getattr(self._local, "tx", None)
        if tx is not None:
            yield tx.conn
            return
        with self.pool.connection() as conn:  # in autocommit: one statement, one round trip
            yield conn

    def _run(self, sql: str, params: Sequence | dict) -> Result:
        from psycopg.rows import dict_row

        # Without parameters psycopg reads the text as written: no placeholder, no %% escaping.
        text = self._sql(sql, isinstance(params, dict)) if params else sql
        tx = getattr(self._local, "tx", None)
        if tx is not None:
            cur = tx.conn.cursor(row_factory=dict_row)
            cur.execute(text, params or None)
            return _LateResult(cur, tx)
        with self._connection() as conn, conn.cursor(row_factory=dict_row) as cur:
            cur.execute(text, params or None)
            return Result(cur.rowcount, _rows(cur))

    def query(self, sql: str, params: Sequence | dict = ()) -> Iterator[dict]:
        return iter(self._run(sql, params).rows)

    def execute(self, sql: str, params: Sequence | dict = ()) -> Result:
        return self._run(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence]) -> Result:
        """Run ``sql`` once per row, pipelined; ``rowcount`` is the rows touched, summed (psycopg 3.1+
        sums it over an executemany)."""
        if not rows:
            return Result(0, [])
        tx = getattr(self._local, "tx", None)
        if tx is not None:
            cur = tx.conn.cursor()
            cur.executemany(self._sql(sql, False), rows)
            return _LateResult(cur, tx)
        with self._connection() as conn, conn.cursor() as cur:
            cur.executemany(self._sql(sql, False), rows)
            return Result(max(cur.rowcount, 0), [])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction in pipeline mode: BEGIN, the statements whose answers nobody reads, and COMMIT
        travel together, so a poll's writes cost one round trip (plus one per result read on the way)."""
        if getattr(self._local, "tx", None) is not None:
            yield  # joins the outer transaction
            return
        with self.pool.connection() as conn, conn.pipeline() as pipeline:
            tx = _Pipelined(conn, pipeline)
            try:
                with conn.transaction():
                    self._local.tx = tx
                    try:
                        yield
                    finally:
                        self._local.tx = None
            finally:
                tx.open = False

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

    def table_names(self) -> list[str]:
        return [r["table_name"] for r in self.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")]

    def column_defaults(self, table: str) -> list[tuple[str, str | None]]:
        rows = self.query(
            "SELECT column_name AS name, column_default AS dflt FROM information_schema.columns"
            " WHERE table_name = ? AND table_schema = current_schema() ORDER BY ordinal_position", [table])
        return [(r["name"], r["dflt"]) for r in rows]

    def close(self) -> None:
        self.pool.close()


def open_db(path: str | None = None, url: str | None = None) -> SqliteDb | PgDb:
    """PostgreSQL when ``url`` (``DATABASE_URL``) is given, else the SQLite file at ``path``."""
    return PgDb(url) if url else SqliteDb(path)


__all__ = ["Result", "SqliteDb", "PgDb", "open_db"]

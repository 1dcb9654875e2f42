"""One sender among many workers: leadership held as a PostgreSQL advisory lock.

Telegram's flood limits count per bot token, so with several workers exactly one of them may pace
and send; the others ingest and queue. The lock lives on a dedicated connection: while that
session lives the role is taken, and when the holder dies its connection closes, PostgreSQL ends
the session, the lock is free, and the next contender's retry (every ``retry_every`` seconds) wins.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg

from bot.pg.migrations import LOCK_NAMESPACE

SENDER_LOCK = 2

# A holder whose host vanishes (power cut, partition) sends no FIN; these make the server drop its
# session, and so the lock, after ~5 + 2*3 s of silence instead of the kernel's two hours. Over a
# Unix socket PostgreSQL ignores them.
KEEPALIVE_OPTIONS = "-c tcp_keepalives_idle=5 -c tcp_keepalives_interval=2 -c tcp_keepalives_count=3"

log = logging.getLogger(__name__)


def _held_sql(pid: str, mark: str) -> str:
    """The one spelling of "session ``pid`` holds advisory lock (``mark``, ``mark``)": the two-key form
    that ``pg_try_advisory_lock(int, int)`` takes shows in pg_locks as classid, objid and objsubid 2."""
    return (f"SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = {pid}"
            f" AND classid = {mark} AND objid = {mark} AND objsubid = 2")


class SenderLease:
    """Try to become (and stay) the one sender. Not thread-safe: one owner calls it.

    ``try_acquire`` never blocks on the lock; ``still_held`` asks the server, so a holder whose session
    was ended (server restart, ``pg_terminate_backend``, network loss) learns it before sending more.
    """

    def __init__(self, url: str, *, key: int = SENDER_LOCK, retry_every: float = 2.0,
                 connect: Callable[..., psycopg.Connection] = psycopg.connect):
        self.url = url
        self.key = key
        self.retry_every = retry_every
        self._connect = connect
        self._conn: psycopg.Connection | None = None
        self.held = False

    def _connection(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed or self._conn.broken:
            self._drop()
            self._conn = self._connect(self.url, autocommit=True, options=KEEPALIVE_OPTIONS,
                                       application_name="newsbell-sender-lease")
        return self._conn

    def _drop(self) -> None:
        self.held = False
        if self._conn is not None:
            try:
                self._conn.close()
            except psycopg.Error:
                pass
        self._conn = None

    @property
    def backend_pid(self) -> int | None:
        """The server process holding our session: what an operator (or a test) would terminate."""
        return self._conn.info.backend_pid if self._conn is not None and not self._conn.closed else None

    def try_acquire(self) -> bool:
        """Take the role if it is free; True if we hold it now. A lost connection means False."""
        try:
            if self.held and self.still_held():
                return True
            conn = self._connection()
            self.held = bool(conn.execute("SELECT pg_try_advisory_lock(%s, %s)",
                                          (LOCK_NAMESPACE, self.key)).fetchone()[0])
        except psycopg.OperationalError as exc:
            log.warning("sender lease: %s", exc)
            self._drop()
        return self.held

    def still_held(self) -> bool:
        """Ask the server whether our session still holds the lock; call before each batch of sends."""
        if self._conn is None:
            self.held = False
            return False
        try:
            row = self._conn.execute(_held_sql("pg_backend_pid()", "%s"), (LOCK_NAMESPACE, self.key)).fetchone()
            self.held = row[0] > 0
        except psycopg.OperationalError as exc:
            log.warning("sender lease lost: %s", exc)
            self._drop()
        return self.held

    def acquire(self, timeout: float | None = None, stop: threading.Event | None = None) -> bool:
        """Retry every ``retry_every`` seconds until we hold the role, ``timeout`` passes or ``stop`` is set."""
        stop = stop or threading.Event()
        waited = 0.0
        while not self.try_acquire():
            if timeout is not None and waited >= timeout:
                return False
            if stop.wait(self.retry_every):
                return False
            waited += self.retry_every
        return True

    def release(self) -> None:
        """Give the role up (on shutdown) and close the dedicated connection."""
        if self._conn is not None and self.held:
            try:
                self._conn.execute("SELECT pg_advisory_unlock(%s, %s)", (LOCK_NAMESPACE, self.key))
            except psycopg.Error:
                pass  # closing below ends the session, which frees the lock anyway
        self._drop()

    def __enter__(self) -> SenderLease:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def sender_fence(db, holder_pid: int, key: int = SENDER_LOCK) -> Callable[[], bool]:
    """A check the store makes before it hands the sender more work (``Store.send_fence``): does the
    session ``holder_pid`` (the lease connection's server process, ``SenderLease.backend_pid``) still
    hold the sender lock? Asked on the store's own connection, so it costs one small query on the
    loop's thread and never touches the lease's connection, which the worker checks from a thread.

    The worker's own check runs every ``LEASE_CHECK_SECONDS``; this one runs before every send is
    planned, so a holder whose lease session was ended (terminated, its connection cut while the pool's
    still work) stops starting sends at once instead of beside its successor for up to two seconds.
    Sends already handed to Telegram cannot be called back: those may still repeat, as the README says.
    """

    def held() -> bool:
        row = next(db.query(_held_sql("?", "?"), [holder_pid, LOCK_NAMESPACE, key]))
        return row["n"] > 0

    return held

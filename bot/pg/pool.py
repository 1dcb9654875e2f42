"""``DATABASE_URL`` to a migrated psycopg pool: the PostgreSQL half's entry point."""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

import psycopg
from psycopg_pool import ConnectionPool

from bot.pg import migrations

SCHEMES = ("postgresql", "postgres")


def database_url(environ: Mapping[str, str] = os.environ) -> str | None:
    """The PostgreSQL URL from ``DATABASE_URL``, or None when unset or empty (SQLite, as before).

    Any other scheme is refused rather than ignored: a typo must not silently fall back to SQLite
    while the operator believes the workers share one database.
    """
    url = environ.get("DATABASE_URL", "").strip()
    if not url:
        return None
    scheme = urlsplit(url).scheme
    if scheme not in SCHEMES:
        raise ValueError(f"DATABASE_URL must start with postgresql:// (got {scheme or 'no'} scheme)")
    return url


def open_pool(url: str, *, min_size: int = 1, max_size: int = 4, timeout: float = 10.0,
              migrate: bool = True) -> ConnectionPool:
    """A connection pool on ``url``, opened and waited for, with the schema migrated.

    Waiting makes a wrong URL or an unreachable server fail at start-up with psycopg's message, not at
    the first poll. ``max_size`` stays small: the bot's store calls are short and one at a time per
    thread, and every worker opens its own pool against the server's ``max_connections``.
    """
    # Autocommit: a lone statement is one round trip (no BEGIN, no COMMIT); a transaction says BEGIN itself.
    pool = ConnectionPool(url, min_size=min_size, max_size=max_size, timeout=timeout, open=False,
                          name="newsbell", kwargs={"autocommit": True})
    pool.open(wait=True, timeout=timeout)
    if migrate:
        try:
            with pool.connection() as conn:
                migrations.apply(conn)
        except BaseException:
            pool.close()
            raise
    return pool


def connect(url: str, **kwargs: object) -> psycopg.Connection:
    """One connection outside the pool, in autocommit: for the sender lease and the migrations."""
    return psycopg.connect(url, autocommit=True, **kwargs)

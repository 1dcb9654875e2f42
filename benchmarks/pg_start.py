"""What the PostgreSQL half of the suite costs: starting the embedded server, a fresh database, migrations.

Baseline, measured in the same run: a fresh SQLite in-memory Store (open + migrations 0001..0004), what
each SQLite test pays. Prints a table, then one JSON line with the ratios.

    python benchmarks/pg_start.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from bot.pg import migrations  # noqa: E402
from bot.store import Store  # noqa: E402
from tests.pg import start_server  # noqa: E402


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    sqlite = statistics.median(timed(lambda: Store(None).close()) for _ in range(args.repeat))
    started = time.perf_counter()
    pg, parent = start_server()
    server_start = time.perf_counter() - started
    try:
        creates, migrates, drops = [], [], []
        for _ in range(args.repeat):
            name = ""

            def create():
                nonlocal name
                name = pg.create_database()

            creates.append(timed(create))
            with psycopg.connect(pg.url(name), autocommit=True) as conn:
                migrates.append(timed(lambda conn=conn: migrations.apply(conn)))
            drops.append(timed(lambda: pg.drop_database(name)))
    finally:
        stop = timed(pg._server.cleanup)
        shutil.rmtree(parent, ignore_errors=True)
    create, migrate, drop = (statistics.median(x) for x in (creates, migrates, drops))
    per_test = create + migrate + drop
    result = {
        "server_start_s": round(server_start, 3), "server_stop_s": round(stop, 3),
        "create_db_s": round(create, 4), "migrate_s": round(migrate, 4), "drop_db_s": round(drop, 4),
        "sqlite_fresh_store_s": round(sqlite, 4), "per_test_ratio": round(per_test / sqlite, 1),
        "server_start_ratio": round(server_start / sqlite, 1),
    }
    rows = [("server start (initdb + pg_ctl start)", result["server_start_s"]),
            ("server stop + delete", result["server_stop_s"]),
            ("CREATE DATABASE (median)", result["create_db_s"]), ("migrations 0001-0004", result["migrate_s"]),
            ("DROP DATABASE (median)", result["drop_db_s"]), ("SQLite fresh Store (baseline)", result["sqlite_fresh_store_s"]),
            ("per-test PG cost / SQLite", result["per_test_ratio"])]
    for name, value in rows:
        print(f"{name:<40} {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()

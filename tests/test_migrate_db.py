"""`python -m bot migrate-db --to postgresql://...` on a populated SQLite file, into a real PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.__main__ import main
from bot.store import Store
from bot.types import Follow
from tests.test_store_delivery import queue

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def populated(path: str) -> Store:
    store = Store(path)
    queue(store, [("a", 1), ("b", 1), ("c", (-100, 5)), ("d", 2)])
    store.add_follow(Follow(1, "entity", "Alibaba", "Alibaba"), NOW)
    store.add_follow(Follow(-100, "topic", "mobile-payments", "Mobile payments", thread_id=5), NOW)
    store.set_chat_settings(1, timezone="Europe/Rome", digest="daily", digest_time="07:30", language="it")
    sent = store.pending_for(2, 0, NOW)[0]["id"]
    store.mark_sent([sent], 99, NOW)
    store.queue_notice(1, "Feed X is failing", NOW)
    return store


def test_migrate_db_moves_follows_settings_and_the_queue(tmp_path, pg_url, capsys):
    path = str(tmp_path / "old.db")
    old = populated(path)
    before = old.stats()
    old.close()
    assert main(["migrate-db", "--from", path, "--to", pg_url]) == 0
    assert "copied" in capsys.readouterr().out
    new = Store(url=pg_url)
    assert new.stats() == before
    assert [f.value for f in new.follows_of(1)] == ["Alibaba"]
    assert [f.value for f in new.follows_of(-100, 5)] == ["mobile-payments"]
    settings = new.chat_settings(1)
    assert (settings["timezone"], settings["digest"], settings["digest_time"], settings["language"]) == (
        "Europe/Rome", "daily", "07:30", "it")
    assert [r["headline"] for r in new.pending_for(1, 0, NOW)] == ["Headline a", "Headline b"]
    assert [n["text"] for n in new.pending_notices()] == ["Feed X is failing"]
    assert new.queue_notice(2, "after the move", NOW) == 2  # ids continue after the copied ones
    queue(new, [("e", 1)])  # new articles and deliveries get fresh ids too
    assert new.pending_count(1) == 3
    new.close()


def test_migrate_db_refuses_to_run_twice(tmp_path, pg_url, capsys):
    path = str(tmp_path / "old.db")
    populated(path).close()
    assert main(["migrate-db", "--from", path, "--to", pg_url]) == 0
    assert main(["migrate-db", "--from", path, "--to", pg_url]) == 1
    err = capsys.readouterr().err
    assert "already holds" in err and "empty database only" in err
    assert Store(url=pg_url).stats()["pending"] == 3  # nothing doubled


def test_migrate_db_names_a_missing_file(tmp_path, pg_url, capsys):
    assert main(["migrate-db", "--from", str(tmp_path / "nope.db"), "--to", pg_url]) == 2
    assert "no such SQLite file" in capsys.readouterr().err

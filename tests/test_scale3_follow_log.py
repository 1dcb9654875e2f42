"""Follows across workers: a change made through one worker's store reaches every other worker's live
follow index through the follow-change log, in place; only a reset, or a gap pruned away before a
worker read it, costs a full build, and that build runs off the event loop. Both engines: two
``Store`` objects on one SQLite file, or on one PostgreSQL database (a real server, tests/pg.py)."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime

import pytest

from bot.core.follows import resolve_mute
from bot.core.summarise import summarise
from bot.pipeline import Service
from bot.store import Store
from bot.types import Follow

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
ZORBULEX = Follow(2, "term", "zorbulex", "zorbulex")
ALIBABA = Follow(2, "entity", "Alibaba", "Alibaba")


@pytest.fixture(params=["sqlite", "postgresql"])
def stores(request, tmp_path):
    """Three stores on one database: what three workers hold."""
    if request.param == "sqlite":
        opened = [Store(str(tmp_path / "bot.db")) for _ in range(3)]
    else:
        url = request.getfixturevalue("pg_migrated_url")
        opened = [Store(url=url) for _ in range(3)]
    yield opened
    for store in opened:
        store.close()


@pytest.fixture(scope="module")
def story(gazetteer):
    return summarise("Zorbulex and Alibaba", "Alibaba bought a stake in Zorbulex, a startup.", gazetteer)


def workers(config, stores) -> tuple[Service, Service]:
    a, b = stores[0], stores[1]
    for chat in (1, 2, 3):
        a.upsert_chat(chat, "private", f"c{chat}", NOW)
    a.add_follow(Follow(1, "entity", "Alibaba", "Alibaba"), NOW)
    return Service(config, a, client=None), Service(config, b, client=None)


def test_a_follow_made_through_one_worker_is_matched_by_another_in_place(config, gazetteer, stores, story):
    one, two = workers(config, stores)
    index = two.index
    built = two.rebuilds
    assert set(index.match(story)) == {1}

    one.store.add_follow(ZORBULEX, NOW)
    assert two.index is index and two.rebuilds == built  # in place: no full build
    assert len(index.match(story)[2]) == 1  # once, not twice
    assert set(index.match(story)) == {1, 2}

    one.store.remove_follow(2, "term", "zorbulex")
    assert set(two.index.match(story)) == {1}

    mute = resolve_mute("zorbulex", config.topics, gazetteer)
    one.store.add_follow(ALIBABA, NOW)
    assert set(two.index.match(story)) == {1, 2}
    one.store.add_follow(Follow(2, mute.kind, mute.value, mute.label), NOW)
    assert set(two.index.match(story)) == {1}  # muted for chat 2 only
    one.store.remove_follow(2, mute.kind, mute.value)
    assert set(two.index.match(story)) == {1, 2}
    assert two.index is index and two.rebuilds == built


def test_a_topic_closed_in_a_forum_is_removed_in_place(config, stores, story):
    one, two = workers(config, stores)
    one.store.add_follow(Follow(3, "term", "zorbulex", "zorbulex", thread_id=7), NOW)
    index = two.index
    built = two.rebuilds
    assert (3, 7) in index.match(story)
    one.store.drop_thread(3, 7, "topic closed")
    assert (3, 7) not in two.index.match(story)
    assert two.index is index and two.rebuilds == built


def test_a_reset_marker_rebuilds_off_the_loop_while_the_old_index_serves(config, stores, story):
    one, two = workers(config, stores)
    one.store.add_follow(ZORBULEX, NOW)

    async def scenario():
        old = await two.follow_index()
        built = two.rebuilds
        assert set(old.match(story)) == {1, 2}
        one.store.deactivate_chat(1, "Forbidden: bot was blocked by the user")  # too broad to list: a reset
        one.store.add_follow(Follow(3, "term", "zorbulex", "zorbulex"), NOW)
        serving = await two.follow_index()
        assert serving is old  # the build runs in a thread; meanwhile the old index serves...
        assert set(serving.match(story)) == {1, 2, 3}  # ...with the listed changes applied
        await two._build_task
        new = await two.follow_index()
        assert new is not old and two.rebuilds == built + 1
        assert set(new.match(story)) == {2, 3}

    asyncio.run(scenario())


def test_a_chat_back_from_stop_and_a_migration_rebuild_the_other_worker(config, stores, story):
    one, two = workers(config, stores)
    index = two.index
    one.store.forget_chat(1)
    assert two.index is not index and two.index.match(story) == {}
    one.store.upsert_chat(1, "private", "c1", NOW)
    one.store.add_follow(Follow(1, "entity", "Alibaba", "Alibaba"), NOW)
    one.store.migrate_chat(1, -1001)
    built = two.rebuilds
    assert set(two.index.match(story)) == {-1001} and two.rebuilds == built + 1


def test_a_worker_behind_the_pruned_log_rebuilds(config, stores, story):
    one, two = workers(config, stores)
    index = two.index
    built = two.rebuilds
    for chat in (2, 3):
        one.store.add_follow(Follow(chat, "term", "zorbulex", "zorbulex"), NOW)
    one.store.remove_follow(3, "term", "zorbulex")
    assert one.store.prune_follow_changes(keep=1) > 0  # the rows the second worker has not read are gone
    assert set(two.index.match(story)) == {1, 2}
    assert two.index is not index and two.rebuilds == built + 1
    # A worker that had read them keeps its index: the prune is behind it.
    assert set(one.index.match(story)) == {1, 2}
    kept = one.index
    one.store.prune_follow_changes(keep=0)
    assert one.index is kept


def test_the_log_prunes_itself(config, stores):
    store = stores[0]
    store.upsert_chat(1, "private", "c1", NOW)
    store.follow_log_keep = 10
    for n in range(1_010):
        store.add_follow(Follow(1, "term", f"t{n}", f"t{n}"), NOW)
    horizon, changes = store.follow_changes_after(0)
    assert horizon >= 990 and len(changes) <= 20  # pruned once the ids passed 1,000


@pytest.fixture
def pg_stores(pg_migrated_url):
    opened = [Store(url=pg_migrated_url) for _ in range(3)]
    yield opened
    for store in opened:
        store.close()


def test_ids_committed_out_of_order_are_never_skipped(config, pg_stores, story):
    """PostgreSQL (SQLite has one writer at a time, so its ids always commit in order): transaction A
    logs id n and stays open; B would log id n+1 and commit first. A reader that saw n+1 before n
    committed would move past n for good. Writers commit in id order instead."""
    stores = pg_stores
    one, two = workers(config, stores)
    index = two.index
    third = stores[2]
    inside, release = threading.Event(), threading.Event()

    def slow_writer():
        with one.store.db.transaction():
            one.store.add_follow(ZORBULEX, NOW)
            inside.set()
            release.wait(10)

    slow = threading.Thread(target=slow_writer)
    slow.start()
    assert inside.wait(10)
    fast = threading.Thread(target=third.add_follow, args=(Follow(3, "term", "zorbulex", "zorbulex"), NOW))
    fast.start()
    fast.join(0.5)  # time enough to commit, were it not held back
    partial = set(two.index.match(story))
    release.set()
    slow.join(10)
    fast.join(10)
    assert partial == {1}  # the later writer waited for the earlier one: nothing to see yet
    assert set(two.index.match(story)) == {1, 2, 3}
    assert two.index is index

"""A follow made or dropped after the index was built changes it in place, and the index then
matches exactly what a full build over the same follows would."""

from __future__ import annotations

import pytest

from bot.core.follows import resolve_follow, resolve_mute
from bot.core.match import FollowIndex
from bot.core.summarise import summarise
from bot.types import Follow
from tests.conftest import load_articles

FOLLOWS = ["alibaba", "apple", "tencent", "\"apple pay\"", "mobile payments", "chinese tech", "pagamenti", "xiaomi"]
LATER = ["huawei", "paypal", "\"wechat pay\"", "jack ma", "zzqx never seen", "alipay", "satispay", "byd -tesla"]


def resolved(config, gazetteer, chat: int, raw: str, thread: int = 0) -> list[Follow]:
    res = resolve_follow(raw, config.topics, gazetteer)
    out = [Follow(chat, res.kind, res.value, res.label, thread)]
    return out + [Follow(chat, m.kind, m.value, m.label, thread) for m in res.mutes]


@pytest.fixture(scope="module")
def summaries(gazetteer):
    return [summarise(a["title"], a["body"], gazetteer) for a in load_articles()]


def test_adding_and_removing_in_place_matches_a_full_build(config, gazetteer, summaries):
    base = [f for i, raw in enumerate(FOLLOWS) for f in resolved(config, gazetteer, 100 + i, raw)]
    base += [f for i, raw in enumerate(FOLLOWS) for f in resolved(config, gazetteer, -500, raw, thread=7 + i)]
    muted = resolve_mute("pie", config.topics, gazetteer)
    base.append(Follow(100, muted.kind, muted.value, muted.label))
    later = [f for i, raw in enumerate(LATER) for f in resolved(config, gazetteer, 300 + i, raw)]
    later += [f for raw in LATER[:3] for f in resolved(config, gazetteer, 101, raw)]  # an existing chat
    mute = resolve_mute("huawei", config.topics, gazetteer)
    later.append(Follow(300, mute.kind, mute.value, mute.label))
    dropped = base[:5] + [base[-1]] + later[:2]

    index = FollowIndex(base, config.topics, gazetteer)
    index.add(later)
    index.remove(dropped)
    assert index.delta_terms >= 1  # "zzqx never seen" and friends came after the build
    full = FollowIndex([f for f in base + later if f not in dropped], config.topics, gazetteer)
    for s in summaries:
        got = {t: sorted(r, key=repr) for t, r in index.match(s).items()}
        want = {t: sorted(r, key=repr) for t, r in full.match(s).items()}
        assert got == want, s.headline


def test_a_term_new_to_the_index_matches_at_once(config, gazetteer):
    index = FollowIndex(resolved(config, gazetteer, 1, "alibaba"), config.topics, gazetteer)
    story = summarise("Zorbulex raises funds", "The startup Zorbulex raised money on Tuesday.", gazetteer)
    assert index.match(story) == {}
    index.add(resolved(config, gazetteer, 2, "zorbulex"))
    assert list(index.match(story)) == [2]
    index.remove(resolved(config, gazetteer, 2, "zorbulex"))
    assert index.match(story) == {}


def test_the_service_changes_its_index_in_place_and_rebuilds_after_broad_changes(config, gazetteer):
    from datetime import UTC, datetime

    from bot.pipeline import Service
    from bot.store import Store

    now = datetime(2026, 12, 7, tzinfo=UTC)
    store = Store(None)
    svc = Service(config, store, client=None)
    for chat in (1, 2):
        store.upsert_chat(chat, "private", f"c{chat}", now)
    store.add_follow(Follow(1, "entity", "Alibaba", "Alibaba"), now)
    index = svc.index
    story = summarise("Zorbulex and Alibaba", "Alibaba bought a stake in Zorbulex, a startup.", gazetteer)
    assert set(index.match(story)) == {1}
    store.add_follow(Follow(2, "term", "zorbulex", "zorbulex"), now)
    assert svc.index is index and set(svc.index.match(story)) == {1, 2}  # in place: no full build
    store.remove_follow(2, "term", "zorbulex")
    assert svc.index is index and set(svc.index.match(story)) == {1}
    store.deactivate_chat(1, "Forbidden: bot was blocked by the user")
    assert svc.index is not index and svc.index.match(story) == {}  # a chat gone: rebuilt from the store

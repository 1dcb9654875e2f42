"""The dispatcher: due feeds only, bounded concurrency per host, host cool-down, persisted schedule."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace

from bot.jobs import Dispatcher
from bot.localserver import FeedServer
from bot.types import FeedConfig
from tests.ingest_helpers import T0, Clock, items, make_service, rss


def fake_app(svc):
    return SimpleNamespace(bot_data={"service": svc}, bot=None)


async def settle(dispatcher: Dispatcher, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while dispatcher.in_flight:
        assert time.monotonic() < deadline
        await asyncio.sleep(0.02)


async def test_at_most_two_requests_per_host(tmp_path, config):
    with FeedServer() as server:
        feeds = []
        for i in range(6):
            server.set(f"/f{i}", rss(items(1)), stall=0.3)
            feeds.append(FeedConfig(f"F{i}", server.url(f"/f{i}"), 60))
        svc = make_service(tmp_path, config, feeds)
        dispatcher = Dispatcher(fake_app(svc))
        await dispatcher.tick()
        await settle(dispatcher)
        assert len(server.requests) == 6
        assert server.max_in_flight == 2
        await svc.client.aclose()


async def test_restart_resumes_the_persisted_schedule(tmp_path, config):
    clock = Clock()
    with FeedServer() as server:
        server.set("/f", rss(items(1)))
        feed = FeedConfig("F", server.url("/f"), 600)
        svc = make_service(tmp_path, config, [feed], clock=clock)
        dispatcher = Dispatcher(fake_app(svc))
        await dispatcher.tick()
        await settle(dispatcher)
        await svc.client.aclose()
        svc.store.close()
        again = make_service(tmp_path, config, [feed], clock=clock)  # same database: a restart
        assert again.store.due_feeds(T0) == []
        clock.advance(seconds=661)  # past the interval plus the largest jitter
        assert again.store.due_feeds(clock.now) == [feed.url]
        await again.client.aclose()


async def test_a_429_cools_the_whole_host_down(tmp_path, config):
    clock = Clock()
    with FeedServer() as server:
        server.set("/busy", b"", status=429, headers={"Retry-After": "120"})
        server.set("/other", rss(items(1)))
        busy, other = FeedConfig("Busy", server.url("/busy"), 60), FeedConfig("Other", server.url("/other"), 60)
        svc = make_service(tmp_path, config, [busy, other], clock=clock)
        await svc.poll(busy)  # the host answers 429 before the other feed's turn
        dispatcher = Dispatcher(fake_app(svc))
        await dispatcher.tick()
        await settle(dispatcher)
        assert [p for p, _h in server.requests] == ["/busy"]
        clock.advance(seconds=121)
        await dispatcher.tick()
        await settle(dispatcher)
        assert "/other" in [p for p, _h in server.requests]
        await svc.client.aclose()

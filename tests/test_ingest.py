"""Polling behaviour: first poll, conditional GET, dedup, redirects, backoff, admin notices, schedule."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

from bot.localserver import FeedServer, Item
from bot.types import FeedConfig, Follow
from tests.ingest_helpers import T0, Clock, items, make_service, rss


async def test_first_poll_primes_then_new_entries_are_news(tmp_path, config):
    with FeedServer() as server:
        server.set("/f", rss(items(3)))
        feed = FeedConfig("F", server.url("/f"), 60)
        svc = make_service(tmp_path, config, [feed])
        svc.store.upsert_chat(1, "private", "u", T0)
        svc.store.add_follow(Follow(1, "term", "markets", "markets"), T0)
        first = await svc.poll(feed)
        assert (first.status, first.entries, first.new, first.queued) == ("primed", 3, 3, 0)
        server.set("/f", rss(items(1, start=10) + items(3)))
        second = await svc.poll(feed)
        assert (second.status, second.new, second.queued) == ("new", 1, 1)
        await svc.client.aclose()


async def test_a_first_poll_larger_than_one_insert_batch_stores_every_entry(tmp_path, config):
    with FeedServer() as server:
        server.set("/f", rss(items(250)))
        feed = FeedConfig("F", server.url("/f"), 60)
        svc = make_service(tmp_path, config, [feed])
        svc.store.upsert_chat(1, "private", "u", T0)
        svc.store.add_follow(Follow(1, "term", "markets", "markets"), T0)
        assert (await svc.poll(feed)).new == 250
        rows = list(svc.store.db.query(
            "SELECT a.entry_id, s.article_id = a.id AS linked FROM articles a JOIN article_sources s"
            " ON s.feed_id = a.feed_id AND s.entry_id = a.entry_id"))
        assert len(rows) == 250 and all(r["linked"] for r in rows)
        assert {r["entry_id"] for r in rows} == {f"Story-{i}" for i in range(250)}
        server.set("/f", rss(items(2, start=300) + items(250)))
        second = await svc.poll(feed)
        assert (second.new, second.queued) == (2, 2)
        await svc.client.aclose()


async def test_conditional_get_sends_validators_back_and_304_is_cheap(tmp_path, config):
    with FeedServer() as server:
        server.set("/f", rss(items(2)), headers={"Last-Modified": "Sun, 29 Nov 2026 11:00:00 GMT"})
        feed = FeedConfig("F", server.url("/f"), 60)
        svc = make_service(tmp_path, config, [feed])
        await svc.poll(feed)
        etag = svc.store.feed_state(feed.url)["etag"]
        result = await svc.poll(feed)
        assert result.status == "unchanged"
        _path, headers = server.requests[-1]
        assert headers["If-None-Match"] == etag
        assert headers["If-Modified-Since"] == "Sun, 29 Nov 2026 11:00:00 GMT"
        assert "newsbell" in headers["User-Agent"]
        await svc.client.aclose()


async def test_validators_go_back_byte_for_byte_even_when_not_ascii(tmp_path, config):
    with FeedServer() as server:
        odd = 'W/"caf\xe9-42"'  # Latin-1 bytes on the wire, as some servers send
        server.set("/f", rss(items(1)), headers={"ETag": odd, "Last-Modified": "Sun, 29 Nov 2026  11:00:00 GMT"})
        feed = FeedConfig("F", server.url("/f"), 60)
        svc = make_service(tmp_path, config, [feed])
        await svc.poll(feed)
        await svc.poll(feed)
        _path, headers = server.requests[-1]
        assert headers["If-None-Match"] == odd
        assert headers["If-Modified-Since"] == "Sun, 29 Nov 2026  11:00:00 GMT"
        await svc.client.aclose()


async def test_unchanged_body_without_validators_is_not_parsed_again(tmp_path, config):
    with FeedServer() as server:
        body = rss(items(2))
        server.set("/f", body)
        feed = FeedConfig("F", server.url("/f"), 60)
        svc = make_service(tmp_path, config, [feed])
        await svc.poll(feed)
        # Forget the ETag: the server still answers 200 with the same bytes.
        svc.store.db.execute("UPDATE feeds SET etag = NULL")
        assert (await svc.poll(feed)).status == "unchanged"
        await svc.client.aclose()


async def test_corrected_title_is_not_news_again(tmp_path, config):
    with FeedServer() as server:
        server.set("/f", rss(items(2)))
        feed = FeedConfig("F", server.url("/f"), 60)
        svc = make_service(tmp_path, config, [feed])
        await svc.poll(feed)
        fixed = [Item("Story number 0 about markets (corrected)", "x", "https://news.example/story/0-fixed", T0,
                      guid="Story-0")] + items(1, start=1)
        server.set("/f", rss(fixed))
        assert (await svc.poll(feed)).new == 0
        await svc.client.aclose()


async def test_same_story_from_two_feeds_is_one_article_with_two_sources(tmp_path, config):
    with FeedServer() as server:
        feeds = [FeedConfig("A", server.url("/a"), 60), FeedConfig("B", server.url("/b"), 60)]
        for path in ("/a", "/b"):
            server.set(path, rss([]))
        svc = make_service(tmp_path, config, feeds)
        svc.store.upsert_chat(1, "private", "u", T0)
        svc.store.add_follow(Follow(1, "term", "alibaba", "alibaba"), T0)
        for f in feeds:
            await svc.poll(f)
        story = "Alibaba opens a new data centre in Frankfurt"
        server.set("/a", rss([Item(story, "Alibaba said...", "https://a.example/1?utm_source=rss", T0)]))
        server.set("/b", rss([Item(story + " ", "Alibaba said more...", "https://b.example/other-url", T0)]))
        first = await svc.poll(feeds[0])
        second = await svc.poll(feeds[1])
        assert (first.new, first.queued) == (1, 1)
        assert (second.new, second.queued) == (0, 0)
        stats = svc.store.stats()
        assert stats["articles"] == 1 and stats["pending"] == 1
        sources = list(svc.store.db.query("SELECT feed_id FROM article_sources"))
        assert len(sources) == 2
        await svc.client.aclose()


async def test_permanent_redirect_moves_the_feed_and_tells_admins(tmp_path, config):
    with FeedServer() as server:
        server.set("/old", b"", status=301, headers={"Location": "/new"})
        server.set("/new", rss(items(1)))
        feed = FeedConfig("F", server.url("/old"), 60)
        svc = make_service(tmp_path, config, [feed])
        result = await svc.poll(feed)
        assert result.status == "primed"
        assert any("moved permanently" in n for n in result.notices)
        assert svc.store.feed_state(feed.url)["fetch_url"] == server.url("/new")
        await svc.poll(feed)
        assert server.requests[-1][0] == "/new"
        await svc.client.aclose()


async def test_temporary_redirect_keeps_the_url(tmp_path, config):
    with FeedServer() as server:
        server.set("/old", b"", status=302, headers={"Location": "/new"})
        server.set("/new", rss(items(1)))
        feed = FeedConfig("F", server.url("/old"), 60)
        svc = make_service(tmp_path, config, [feed])
        result = await svc.poll(feed)
        assert result.status == "primed" and not result.notices
        assert svc.store.feed_state(feed.url)["fetch_url"] is None
        await svc.client.aclose()


async def test_failures_back_off_exponentially_and_admins_hear_once(tmp_path, config):
    clock = Clock()
    with FeedServer() as server:
        server.set("/f", b"oops", status=500, content_type="text/plain")
        feed = FeedConfig("F", server.url("/f"), 60)
        svc = make_service(tmp_path, config, [feed], clock=clock)
        waits, notices = [], []
        for _ in range(16):
            result = await svc.poll(feed)
            assert result.status == "error" and result.error == "HTTP 500 Internal Server Error"
            notices += result.notices
            nxt = svc.store.feed_state(feed.url)["next_poll_at"]
            waits.append((datetime_from(nxt) - clock.now).total_seconds())
            clock.advance(seconds=waits[-1])
        assert waits[:4] == [60, 120, 240, 480]
        assert max(waits) == 7 * 24 * 3600  # capped at a week, never disabled
        assert len(notices) == 1 and "failing (3 times in a row)" in notices[0]
        server.set("/f", rss(items(1)))
        recovered = await svc.poll(feed)
        assert recovered.status == "primed" and recovered.notices == ["Feed “F” has recovered."]
        await svc.client.aclose()


async def test_retry_after_and_cache_hints_stretch_the_schedule(tmp_path, config):
    clock = Clock()
    with FeedServer() as server:
        server.set("/busy", b"slow down", status=429, content_type="text/plain", headers={"Retry-After": "900"})
        server.set("/cached", rss(items(1)), headers={"Cache-Control": "public, max-age=1800"})
        busy, cached = FeedConfig("B", server.url("/busy"), 60), FeedConfig("C", server.url("/cached"), 60)
        svc = make_service(tmp_path, config, [busy, cached], clock=clock)
        result = await svc.poll(busy)
        assert result.retry_after == timedelta(seconds=900)
        assert datetime_from(svc.store.feed_state(busy.url)["next_poll_at"]) - T0 == timedelta(seconds=900)
        await svc.poll(cached)
        assert datetime_from(svc.store.feed_state(cached.url)["next_poll_at"]) - T0 == timedelta(seconds=1800)
        await svc.client.aclose()


def datetime_from(text: str):
    from datetime import datetime

    return datetime.fromisoformat(text)


SEED_PAGE = """<!doctype html><html><head><title>Alibaba collaborerà con Apple - Esempio</title></head><body>
<nav><a href="/">Home</a> <a href="/tech">Tecnologia</a></nav>
<article><h1>Alibaba collaborerà con Apple per i pagamenti online</h1>
<p>Alibaba apre le porte a Apple. L'amministratore delegato del colosso cinese, Jack Ma, ha detto che è pronto
a collaborare con Cupertino sul sistema di pagamento mobile.</p>
<p>Alibaba possiede Alipay, il più grande sistema di pagamento online della Cina, mentre Apple ha appena
lanciato Apple Pay.</p>
<div class="share">Share on FacebookTweet about this on TwitterPin on PinterestShare on LinkedIn</div>
<h3>Articoli correlati</h3>
<ul><li><a href="/1">Usa 2020, Trump contro media e big tech</a></li>
<li><a href="/2">Fondo Dni-Google per il giornalismo</a></li></ul>
</article><footer>© Esempio</footer></body></html>"""


async def test_full_text_feeds_fetch_and_extract_the_article_page(tmp_path, config):
    from bot.store import summary_from_json

    with FeedServer() as server:
        server.set("/page", SEED_PAGE, content_type="text/html; charset=utf-8")
        server.set("/f", rss([]))
        feed = FeedConfig("F", server.url("/f"), 60, full_text=True)
        svc = make_service(tmp_path, config, [feed])
        await svc.poll(feed)
        teaser = Item("Alibaba collaborerà con Apple per i pagamenti online", "Alibaba apre le porte a Apple...",
                      server.url("/page"), T0, guid="seed")
        server.set("/f", rss([teaser]))
        assert (await svc.poll(feed)).new == 1
        row = next(svc.store.db.query("SELECT summary_json FROM articles"))
        summary = summary_from_json(row["summary_json"])
        assert "Alipay" in summary.text and "Apple Pay" in summary.mentioned
        for junk in ("Articoli correlati", "Trump", "Google", "Share on Facebook", "Home"):
            assert junk not in summary.text
        assert ("/page", ) in {(p,) for p, _h in server.requests}
        await svc.client.aclose()


async def test_same_headline_from_two_full_text_feeds_polled_together_is_one_alert(tmp_path, config):
    import asyncio

    with FeedServer() as server:
        server.set("/page-a", SEED_PAGE, content_type="text/html; charset=utf-8", stall=0.3)
        server.set("/page-b", SEED_PAGE, content_type="text/html; charset=utf-8", stall=0.3)
        feeds = [FeedConfig("A", server.url("/a"), 60, full_text=True), FeedConfig("B", server.url("/b"), 60, full_text=True)]
        for path in ("/a", "/b"):
            server.set(path, rss([]))
        svc = make_service(tmp_path, config, feeds)
        svc.store.upsert_chat(1, "private", "u", T0)
        svc.store.add_follow(Follow(1, "entity", "Alibaba", "Alibaba"), T0)
        for f in feeds:
            await svc.poll(f)
        title = "Alibaba collaborerà con Apple per i pagamenti online"
        server.set("/a", rss([Item(title, "teaser", server.url("/page-a"), T0, guid="a1")]))
        server.set("/b", rss([Item(title, "teaser", server.url("/page-b"), T0, guid="b1")]))
        results = await asyncio.gather(*(svc.poll(f) for f in feeds))
        assert sorted(r.queued for r in results) == [0, 1]
        assert svc.store.stats()["articles"] == 1 and svc.store.stats()["pending"] == 1
        await svc.client.aclose()


async def test_a_new_item_reusing_the_feeds_link_is_news(tmp_path, config):
    with FeedServer() as server:
        live = "https://news.example/live"
        server.set("/f", rss([Item("Markets open higher in Milan", "x", live, T0, guid="u1")]))
        feed = FeedConfig("F", server.url("/f"), 60)
        svc = make_service(tmp_path, config, [feed])
        await svc.poll(feed)
        server.set("/f", rss([Item("Markets close lower after a volatile day", "y", live, T0, guid="u2"),
                              Item("Markets open higher in Milan", "x", live, T0, guid="u1")]))
        assert (await svc.poll(feed)).new == 1
        await svc.client.aclose()


async def test_feed_removed_then_readded_primes_again_and_a_moved_url_keeps_its_history(tmp_path, config):
    from dataclasses import replace

    with FeedServer() as server:
        server.set("/f", rss(items(2)))
        server.set("/g", rss(items(2)))
        feed = FeedConfig("F", server.url("/f"), 60)
        svc = make_service(tmp_path, config, [feed])
        await svc.poll(feed)
        svc.apply_config(replace(svc.config, feeds=()))
        assert svc.store.feed_state(feed.url)["active"] == 0  # no feeds at all still deactivates
        server.set("/f", rss(items(3, start=10) + items(2)))
        svc.apply_config(replace(svc.config, feeds=(feed,)))
        state = svc.store.feed_state(feed.url)
        assert state["active"] == 1 and state["primed"] == 0 and state["next_poll_at"] is None
        assert (await svc.poll(feed)).status == "primed"  # what it published while removed is history
        # The admin moves the same feed (same name) to a new URL: its seen entries stay seen.
        moved = FeedConfig("F", server.url("/g"), 60)
        svc.apply_config(replace(svc.config, feeds=(moved,)))
        assert svc.store.feed_state(moved.url)["primed"] == 1
        server.set("/g", rss(items(3, start=10) + items(2)))
        assert (await svc.poll(moved)).new == 0
        await svc.client.aclose()


async def test_retry_after_is_capped_and_persisted_for_the_host(tmp_path, config):
    clock = Clock()
    with FeedServer() as server:
        server.set("/busy", b"", status=503, headers={"Retry-After": "31536000"})
        server.set("/other", rss(items(1)))
        busy, other = FeedConfig("B", server.url("/busy"), 60), FeedConfig("O", server.url("/other"), 60)
        svc = make_service(tmp_path, config, [busy, other], clock=clock)
        await svc.poll(busy)
        for f in (busy, other):
            assert datetime_from(svc.store.feed_state(f.url)["next_poll_at"]) - T0 == timedelta(days=1)
        await svc.client.aclose()


async def test_a_claimed_feed_is_polled_from_its_claimed_row(tmp_path, config, monkeypatch):
    with FeedServer() as server:
        server.set("/f", rss(items(2)))
        feed = FeedConfig("F", server.url("/f"), 60)
        svc = make_service(tmp_path, config, [feed])
        await svc.poll(feed)
        svc.store.release_feeds([feed.url], T0 - timedelta(hours=1))  # due again
        [row] = svc.store.claim_due_feeds(T0, T0 + timedelta(minutes=5))
        assert row["url"] == feed.url and row["etag"] == svc.store.feed_state(feed.url)["etag"]
        monkeypatch.setattr(svc.store, "feed_state", lambda url: (_ for _ in ()).throw(AssertionError("read again")))
        result = await svc.poll(feed, row)
        assert result.status == "unchanged"
        assert server.requests[-1][1]["If-None-Match"] == row["etag"]
        assert svc.store.claim_due_feeds(T0, T0 + timedelta(minutes=5)) == []  # the poll set its next time
        await svc.client.aclose()


async def primed_feeds(server, tmp_path, config, n: int):
    """A service with ``n`` feeds on ``server``, each polled once (their next answer: 304)."""
    feeds = [FeedConfig(f"F{i}", server.url(f"/f{i}"), 60) for i in range(n)]
    for i in range(n):
        server.set(f"/f{i}", rss(items(2, prefix=f"S{i}")))
    svc = make_service(tmp_path, config, feeds)
    for feed in feeds:
        await svc.poll(feed)
    return svc, feeds


async def test_feeds_found_unchanged_together_share_one_write_and_each_poll_returns_after_it(tmp_path, config):
    with FeedServer() as server:
        svc, feeds = await primed_feeds(server, tmp_path, config, 6)
        writes = []
        record = svc.store.record_not_modified_many
        svc.store.record_not_modified_many = lambda polls: (writes.append(len(polls)), record(polls))[1]
        svc.clock.advance(minutes=5)
        for i in range(6):  # the same bodies, answered after a pause: no answer comes before every request is out
            server.set(f"/f{i}", rss(items(2, prefix=f"S{i}")), stall=0.2)

        async def poll(feed):
            result = await svc.poll(feed)
            return result.status, svc.store.feed_state(feed.url)["last_success_at"]  # read as soon as it returns

        asked = len(server.requests)
        tasks = [asyncio.create_task(poll(f)) for f in feeds]
        while len(server.requests) < asked + 6:  # every request sent...
            await asyncio.sleep(0.001)
        time.sleep(0.5)  # ...and answered while the loop is held: the answers arrive in one turn
        results = await asyncio.gather(*tasks)
        assert results == [("unchanged", svc.clock().isoformat())] * 6
        assert sum(writes) == 6 and len(writes) < 6
        await svc.client.aclose()


async def test_a_failed_write_of_unchanged_polls_is_each_polls_failure(tmp_path, config):
    with FeedServer() as server:
        svc, feeds = await primed_feeds(server, tmp_path, config, 3)

        def broken(polls):
            raise RuntimeError("disk full")

        svc.store.record_not_modified_many = broken
        results = await asyncio.gather(*(svc.poll(f) for f in feeds))
        assert {(r.status, r.error) for r in results} == {("error", "disk full")}
        assert all(svc.store.feed_state(f.url)["consecutive_failures"] == 1 for f in feeds)
        assert svc._not_modified == []
        await svc.client.aclose()

"""Feeds the internet can serve at us. Each case: the poll ends with one clear error (or a sane
result), memory stays bounded, and the other feeds keep flowing.
"""

from __future__ import annotations

import asyncio
import gzip
import time
import tracemalloc

import pytest

from bot.fetch import BACKENDS, DEFAULT_LIMITS, Limits, make_client
from bot.localserver import FeedServer, Item
from bot.types import FeedConfig
from tests.ingest_helpers import T0, items, make_service, rss

MiB = 1024 * 1024
BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(b' <!ENTITY lol%d "%s">\n' % (i, b"".join(b"&lol%s;" % (str(i - 1).encode() if i > 1 else b"") for _ in range(10)))
               for i in range(1, 10))
    + b']>\n<rss version="2.0"><channel><title>&lol9;</title></channel></rss>'
)
XXE = (b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
       b'<rss version="2.0"><channel><title>x</title><item><title>&xxe;</title></item></channel></rss>')


def gzip_bomb(size: int = 64 * MiB) -> bytes:
    return gzip.compress(b"<rss>" + b" " * size, compresslevel=9)


async def poll_once(tmp_path, config, route_kwargs: dict, limits: Limits = DEFAULT_LIMITS, path: str = "/f", trace=True,
                    backend: str = BACKENDS[0]):
    with FeedServer() as server:
        server.set(path, **route_kwargs)
        feed = FeedConfig("Hostile", server.url(path), 60)
        svc = make_service(tmp_path, config, [feed], limits=limits)
        svc.client = make_client(backend=backend)  # the guards are fetch's: each transport must meet them
        if trace:  # tracemalloc slows allocation-heavy parsing tenfold: only where memory is the point
            tracemalloc.start()
        try:
            result = await svc.poll(feed)
            _current, peak = tracemalloc.get_traced_memory() if trace else (0, 0)
        finally:
            if trace:
                tracemalloc.stop()
            await svc.client.aclose()
        state = svc.store.feed_state(feed.url)
        return result, state, peak


@pytest.mark.parametrize(
    "name, route, error",
    [
        ("billion laughs", {"body": BILLION_LAUGHS}, "declares XML entities"),
        ("external entity", {"body": XXE}, "declares XML entities"),
        ("gzip bomb", {"body": gzip_bomb(), "headers": {"Content-Encoding": "gzip"}}, "byte cap"),
        ("declared 200 MB", {"body": b"x" * 1024, "headers": {"Content-Length": str(200 * MiB)}}, "byte cap"),
        ("streamed 200 MB", {"body": b"<rss>" + b"x" * (MiB - 5), "repeat": 200}, "byte cap"),
        ("not found", {"body": b"gone", "status": 404, "content_type": "text/plain"}, "HTTP 404 Not Found"),
        ("server error", {"body": b"boom", "status": 500, "content_type": "text/plain"}, "HTTP 500"),
        ("rate limited", {"body": b"", "status": 429, "headers": {"Retry-After": "60"}}, "HTTP 429"),
        ("html page", {"body": b"<!doctype html><html><head><title>Home</title></head><body><p>Hi</p></body></html>",
                       "content_type": "text/html"}, "not an RSS/Atom/RDF feed"),
        ("empty body", {"body": b""}, "not an RSS/Atom/RDF feed"),
        ("binary junk", {"body": bytes(range(256)) * 8, "content_type": "application/octet-stream"},
         "not an RSS/Atom/RDF feed"),
        ("a 1 MiB header", {"body": b"<rss/>", "headers": {"X-Padding": "p" * MiB}}, "HTTP error"),
    ],
)
@pytest.mark.parametrize("backend", BACKENDS)
async def test_hostile_response_gives_one_clear_error(tmp_path, config, name, route, error, backend):
    result, state, peak = await poll_once(tmp_path, config, route, backend=backend)
    assert result.status == "error", name
    assert error in result.error
    assert "\n" not in result.error and len(result.error) < 300
    assert state["consecutive_failures"] == 1 and state["last_error"] == result.error
    assert peak < 40 * MiB, f"{name}: peak {peak / MiB:.0f} MiB"


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_dripping_server_hits_the_deadline(tmp_path, config, backend):
    started = time.monotonic()
    result, _state, _peak = await poll_once(tmp_path, config, {"body": rss(items(2)).encode(), "drip": 0.5},
                                            limits=Limits(deadline=1.5), backend=backend)
    assert result.status == "error" and "no complete response within 1.5s" in result.error
    assert time.monotonic() - started < 10


async def test_a_silent_server_hits_the_deadline(tmp_path, config):
    result, _state, _peak = await poll_once(tmp_path, config, {"body": rss(items(1)).encode(), "stall": 5},
                                            limits=Limits(deadline=1.0))
    assert result.status == "error" and "within 1s" in result.error


@pytest.mark.parametrize("backend", BACKENDS)
async def test_redirect_loop_and_chain(tmp_path, config, backend):
    with FeedServer() as server:
        server.set("/a", b"", status=302, headers={"Location": "/b"})
        server.set("/b", b"", status=302, headers={"Location": "/a"})
        for i in range(8):
            server.set(f"/r{i}", b"", status=302, headers={"Location": f"/r{i + 1}"})
        loop, chain = FeedConfig("Loop", server.url("/a"), 60), FeedConfig("Chain", server.url("/r0"), 60)
        svc = make_service(tmp_path, config, [loop, chain])
        svc.client = make_client(backend=backend)
        assert "redirect loop" in (await svc.poll(loop)).error
        assert "more than 5 redirects" in (await svc.poll(chain)).error
        await svc.client.aclose()


@pytest.mark.parametrize(
    "name, body, headers, expected_title",
    [
        ("mislabelled charset", '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>t</title>'
         "<item><title>Perché la città è più cara</title><guid>1</guid></item></channel></rss>".encode(),
         {"Content-Type": "application/rss+xml; charset=ISO-8859-1"}, "Perché la città è più cara"),
        ("real latin-1", '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>t</title>'
         "<item><title>Perché la città</title><guid>1</guid></item></channel></rss>".encode("latin-1"),
         {"Content-Type": "text/xml"}, "Perché la città"),
        ("invalid utf-8", b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
         b"<item><title>Citt\xc3\xa0 \xff\xfe ok</title><guid>1</guid></item></channel></rss>", {},
         "Città \ufffd\ufffd ok"),
        ("script in title", b'<rss version="2.0"><channel><title>t</title><item><title>&lt;script&gt;alert(1)'
         b"&lt;/script&gt;&lt;b&gt;Breaking&lt;/b&gt; news</title><guid>1</guid></item></channel></rss>", {},
         "Breaking news"),
    ],
)
async def test_odd_encodings_and_markup_are_read_right(tmp_path, config, name, body, headers, expected_title):
    result, state, _peak = await poll_once(tmp_path, config, {"body": body, "headers": headers})
    assert result.status == "primed", result.error
    title = next(iter(state_titles(tmp_path)))
    assert title == expected_title, name


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
async def test_compressed_feeds_are_inflated_once(tmp_path, config, backend, encoding):
    import zlib

    body = rss(items(3)).encode()
    packed = gzip.compress(body) if encoding == "gzip" else zlib.compress(body)
    result, _state, _peak = await poll_once(tmp_path, config, {"body": packed, "headers": {"Content-Encoding": encoding}},
                                            backend=backend)
    assert (result.status, result.entries) == ("primed", 3), result.error


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_long_but_sane_header_is_read(tmp_path, config, backend):
    policy = "default-src 'self'; " + " ".join(f"https://cdn{i}.example" for i in range(1000))  # ~20 KiB, as some sites send
    result, _state, _peak = await poll_once(tmp_path, config, {"body": rss(items(1)), "headers": {"Content-Security-Policy": policy}},
                                            backend=backend)
    assert result.status == "primed", result.error


def state_titles(tmp_path):
    from bot.store import Store

    store = Store(str(tmp_path / "ingest.db"))
    titles = [r["title"] for r in store.db.query("SELECT title FROM articles ORDER BY id")]
    store.close()
    return titles


async def test_empty_feed_and_entries_without_title_link_or_date(tmp_path, config):
    empty, _state, _ = await poll_once(tmp_path, config, {"body": rss([]).encode()})
    assert (empty.status, empty.entries) == ("primed", 0)
    bare = b'<rss version="2.0"><channel><title>t</title><item><description>only text</description></item>' \
           b"<item><title>only a title</title></item><item><link>https://e.example/only-link</link></item></channel></rss>"
    (tmp_path / "bare").mkdir()
    result, _state, _ = await poll_once(tmp_path / "bare", config, {"body": bare})
    assert (result.status, result.entries) == ("primed", 3)


async def test_ten_thousand_entries_are_capped(tmp_path, config):
    body = rss([Item(f"Entry {i} of many", "b", f"https://e.example/{i}", T0, guid=str(i)) for i in range(10_000)])
    result, _state, _peak = await poll_once(tmp_path, config, {"body": body.encode()}, trace=False)
    assert (result.status, result.entries) == ("primed", 1000)


async def test_other_feeds_keep_flowing_beside_hostile_ones(tmp_path, config):
    """One dispatcher round over hostile feeds and a good one: the good one's news still goes out."""
    from bot.app import build_application, serve
    from bot.emulator import BotAPIEmulator

    with FeedServer() as server, BotAPIEmulator() as emu:
        server.set("/good", rss(items(2)))
        server.set("/bomb", gzip_bomb(), headers={"Content-Encoding": "gzip"})
        server.set("/laughs", BILLION_LAUGHS)
        server.set("/drip", rss(items(1)).encode(), drip=1.0)
        server.set("/loop", b"", status=301, headers={"Location": "/loop"})
        from dataclasses import replace

        from bot.store import Store

        feeds = tuple(FeedConfig(p.strip("/"), server.url(p), 1) for p in ("/good", "/bomb", "/laughs", "/drip", "/loop"))
        store = Store(str(tmp_path / "flow.db"))
        app = build_application(replace(config, feeds=feeds, admins=(900,)), store, "1:hostile", base_url=emu.base_url,
                                limits=Limits(deadline=2.0))
        stop = asyncio.Event()
        task = asyncio.create_task(serve(app, stop))
        try:
            emu.inject_message("/follow markets", user_id=900)
            await emu.await_messages(900, 1)
            deadline = time.monotonic() + 20
            while not store.feed_state(server.url("/good"))["primed"]:
                assert time.monotonic() < deadline
                await asyncio.sleep(0.05)
            store.upsert_chat(900, "private", "admin", T0)
            server.set("/good", rss(items(1, start=50) + items(2)))
            while not any("number 50" in m["plain_text"] for m in emu.sent_messages(900)):
                assert time.monotonic() < deadline, [m["plain_text"] for m in emu.sent_messages(900)]
                await asyncio.sleep(0.05)
        finally:
            stop.set()
            await asyncio.wait_for(task, 20)
        for path, needle in (("/bomb", "byte cap"), ("/laughs", "entities"), ("/drip", "within 2s"), ("/loop", "loop")):
            state = Store(str(tmp_path / "flow.db")).feed_state(server.url(path))
            assert needle in (state["last_error"] or ""), (path, state["last_error"])

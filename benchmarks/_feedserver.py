"""A feed server for benchmarks, run in its own process so its CPU is not the bot's.

``python benchmarks/_feedserver.py FEEDS ENTRIES`` prints its port, then serves /feed/N with ETag
and 304 support. Each GET /_next-cycle changes every tenth feed: five new entries at the top, and
from the third cycle on the five oldest fall off the bottom, as a real feed's window slides.

A bare asyncio protocol with responses built once: the machine is shared with the bot being
measured, and http.server's thread per connection took several times the CPU per request, CPU the
bot's process then competed with in the middle of the timed cycle.
"""

from __future__ import annotations

import asyncio
import hashlib
import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

WORDS = ("market payments mobile wallet bank china tech phone launch growth revenue quarter users "
         "network cloud chip regulator europe italy startup funding deal merger profit app store").split()
MAX_REQUEST = 64 * 1024


def body_for(feed: int, entries: int, cycle: int) -> bytes:
    shift = 5 * (cycle - 1) if feed % 10 == 0 else 0
    first, last = -shift, entries - max(shift - 5, 0)
    start = datetime(2026, 11, 1, tzinfo=UTC)
    out = ['<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>',
           f"<title>Benchmark feed {feed}</title><link>https://bench.example/{feed}</link><description>d</description>"]
    for i in range(first, last):
        words = " ".join(WORDS[(feed * 7 + i * 3 + k) % len(WORDS)] for k in range(60))
        date = format_datetime(start - timedelta(minutes=i))
        out.append(f"<item><title>Feed {feed} story {1000 + i}: {words[:70]}</title>"  # no sign: title keys drop "-"
                   f"<link>https://bench.example/{feed}/story/{i}</link><guid>bench-{feed}-{i}</guid>"
                   f"<pubDate>{date}</pubDate><description>&lt;p&gt;{words}&lt;/p&gt;</description></item>")
    out.append("</channel></rss>")
    return "\n".join(out).encode()


def response(status: str, body: bytes, headers: dict[str, str]) -> bytes:
    head = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers.items()), f"Content-Length: {len(body)}", "", ""]
    return "\r\n".join(head).encode("latin-1") + body


class Feeds:
    """Every feed's current body, ETag and prebuilt answers (200 and 304), built on first request."""

    def __init__(self, entries: int):
        self.entries = entries
        self.cycle = 1
        self.cache: dict[tuple[int, int], tuple[bytes, bytes, bytes]] = {}

    def answer(self, path: bytes, if_none_match: bytes | None) -> bytes:
        if path == b"/_next-cycle":
            self.cycle += 1
            return response("200 OK", b"ok", {})
        try:
            feed = int(path.rsplit(b"/", 1)[1])
        except ValueError:
            return response("404 Not Found", b"", {})
        key = (feed, self.cycle if feed % 10 == 0 else 1)
        cached = self.cache.get(key)
        if cached is None:
            body = body_for(feed, self.entries, key[1])
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            cached = self.cache[key] = (
                etag.encode(),
                response("200 OK", body, {"ETag": etag, "Content-Type": "application/rss+xml; charset=utf-8"}),
                response("304 Not Modified", b"", {"ETag": etag}),
            )
        etag, full, not_modified = cached
        return not_modified if if_none_match == etag else full


class Connection(asyncio.Protocol):
    def __init__(self, feeds: Feeds):
        self.feeds = feeds
        self.buffer = b""

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:  # GETs only: a request ends at its blank line
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            lines = head.split(b"\r\n")
            path = lines[0].split(b" ")[1] if len(lines[0].split(b" ")) > 1 else b""
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                headers[name.strip().lower()] = value.strip()
            self.transport.write(self.feeds.answer(path, headers.get(b"if-none-match")))
            if headers.get(b"connection", b"").lower() == b"close":
                self.transport.close()
                return
        if len(self.buffer) > MAX_REQUEST:
            self.transport.close()


async def serve(entries: int) -> None:
    feeds = Feeds(entries)
    server = await asyncio.get_running_loop().create_server(lambda: Connection(feeds), "127.0.0.1", 0, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


def main() -> None:
    _feeds, entries = int(sys.argv[1]), int(sys.argv[2])
    asyncio.run(serve(entries))


if __name__ == "__main__":
    main()

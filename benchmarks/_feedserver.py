"""A feed server for benchmarks, run in its own process so its CPU is not the bot's.

``python benchmarks/_feedserver.py FEEDS ENTRIES`` prints its port, then serves /feed/N with ETag
and 304 support. Each GET /_next-cycle changes every tenth feed: five new entries at the top, and
from the third cycle on the five oldest fall off the bottom, as a real feed's window slides.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WORDS = ("market payments mobile wallet bank china tech phone launch growth revenue quarter users "
         "network cloud chip regulator europe italy startup funding deal merger profit app store").split()


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


def main() -> None:
    _feeds, entries = int(sys.argv[1]), int(sys.argv[2])
    state = {"cycle": 1}
    cache: dict[tuple[int, int], tuple[bytes, str]] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802
            if self.path == "/_next-cycle":
                state["cycle"] += 1
                return self._send(200, b"ok", {})
            try:
                feed = int(self.path.rsplit("/", 1)[1])
            except ValueError:
                return self._send(404, b"", {})
            key = (feed, state["cycle"] if feed % 10 == 0 else 1)
            if key not in cache:
                body = body_for(feed, entries, key[1])
                cache[key] = (body, '"' + hashlib.sha1(body).hexdigest()[:16] + '"')
            body, etag = cache[key]
            if self.headers.get("If-None-Match") == etag:
                return self._send(304, b"", {"ETag": etag})
            self._send(200, body, {"ETag": etag, "Content-Type": "application/rss+xml; charset=utf-8"})

        def _send(self, status, body, headers):
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

"""A small local HTTP server for feeds: the demo serves its sample feeds with it, tests their scenarios.

Routes map a path to a response that a test or the demo can swap while the bot runs.
"""

from __future__ import annotations

import hashlib
import html
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    # Misbehaviour, for the hostile-feed tests: send the body one byte every ``drip`` seconds, or
    # stream it ``repeat`` times without a Content-Length (a huge body that never sits in memory),
    # or wait ``stall`` seconds before answering at all.
    drip: float = 0.0
    repeat: int = 1
    stall: float = 0.0


class FeedServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self.in_flight = 0  # requests being answered now, and the most at once: concurrency tests
        self.max_in_flight = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (http.server's naming)
                with server._lock:
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    self._answer()
                finally:
                    with server._lock:
                        server.in_flight -= 1

            def _answer(self):
                with server._lock:
                    server.requests.append((self.path, dict(self.headers)))
                    route = server.routes.get(self.path)
                if route is None:
                    self._send(404, b"not found", "text/plain", {})
                    return
                if route.stall:
                    time.sleep(route.stall)
                etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
                if route.status == 200 and self.headers.get("If-None-Match") == etag:
                    self._send(304, b"", None, {"ETag": etag})
                    return
                headers = dict(route.headers)
                if route.status == 200:
                    headers.setdefault("ETag", etag)
                if route.drip or route.repeat > 1:
                    self._send_slowly(route, headers)
                    return
                self._send(route.status, route.body, route.content_type, headers)

            def _send_slowly(self, route, headers):
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                try:
                    if route.drip:
                        for i in range(len(route.body)):
                            self.wfile.write(route.body[i : i + 1])
                            self.wfile.flush()
                            if server._stopping.wait(route.drip):
                                return
                    else:
                        for _ in range(route.repeat):
                            self.wfile.write(route.body)
                except OSError:  # the client hung up, as it should on an oversized body
                    return

            def _send(self, status, body, content_type, headers):
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                for k, v in headers.items():
                    self.send_header(k, v)
                if not any(k.lower() == "content-length" for k in headers):  # a test may declare a lie
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)

            def log_message(self, format, *args):  # quiet: the demo prints its own story
                pass

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def set(self, path: str, body: bytes | str, **kwargs) -> None:
        if isinstance(body, str):
            body = body.encode("utf-8")
        with self._lock:
            self.routes[path] = Route(body, **kwargs)

    def start(self) -> FeedServer:
        self._thread = threading.Thread(target=self._server.serve_forever, name="feed-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@dataclass(frozen=True)
class Item:
    title: str
    body: str
    link: str
    published: datetime | None = None
    guid: str | None = None


def render_rss(title: str, link: str, items: list[Item], description: str = "") -> str:
    """An RSS 2.0 document; bodies are plain text paragraphs, sent as escaped HTML like real feeds do."""
    e = html.escape
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0"><channel>',
        f"<title>{e(title)}</title><link>{e(link)}</link><description>{e(description or title)}</description>",
    ]
    for item in items:
        paragraphs = "".join(f"<p>{e(p)}</p>" for p in item.body.split("\n\n") if p.strip())
        date = format_datetime(item.published or datetime(2026, 11, 1, tzinfo=UTC))
        out.append(
            f"<item><title>{e(item.title)}</title><link>{e(item.link)}</link>"
            f"<guid isPermaLink=\"false\">{e(item.guid or item.link)}</guid><pubDate>{date}</pubDate>"
            f"<description>{e(paragraphs)}</description></item>"
        )
    out.append("</channel></rss>")
    return "\n".join(out)

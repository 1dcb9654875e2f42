"""Downloading feeds and pages: explicit timeouts, conditional GET and hard size caps.

The body is streamed and counted as it arrives, both as sent on the wire (compressed) and as
decoded, so neither a 200 MB body nor a gzip bomb can fill memory; a total deadline bounds a
server that drips one byte at a time. Redirects are followed by hand so that loops are named and a
permanent move can be reported.

Every guard lives in ``fetch`` and works on a plain response (status, raw headers, raw chunks), so
the two transports behind ``FeedClient`` get the same ones. aiohttp carries the traffic: its C
parser answers a conditional GET for a tenth of httpx's CPU (benchmarks/ingest.py measures both in
one run). httpx remains for the one request aiohttp cannot write: validators that are not UTF-8.
"""

from __future__ import annotations

import asyncio
import ssl
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import aiohttp
import certifi
import httpx

from bot import __version__
from bot.errors import FetchError

USER_AGENT = f"newsbell/{__version__} (RSS alert bot; +https://github.com/newsbell/newsbell)"
MAX_BODY_BYTES = 10 * 1024 * 1024
CONNECT_SECONDS = 5.0
READ_SECONDS = 20.0  # the longest silence between two reads
POOL_SECONDS = 30.0  # the longest wait for a free connection
TIMEOUT = httpx.Timeout(connect=CONNECT_SECONDS, read=READ_SECONDS, write=10.0, pool=POOL_SECONDS)
DEADLINE_SECONDS = 30.0
MAX_HEADER_BYTES = 64 * 1024  # one header line
MAX_REDIRECTS = 5
BACKENDS = ("aiohttp", "httpx")
_PERMANENT = {301, 308}
_REDIRECTS = {301, 302, 303, 307, 308}
HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept-Encoding": "gzip, deflate",  # only what _read_capped can inflate within the cap
    "Accept": "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, "
              "text/xml;q=0.9, */*;q=0.5",
}


@dataclass(frozen=True)
class Limits:
    max_bytes: int = MAX_BODY_BYTES
    deadline: float = DEADLINE_SECONDS
    max_redirects: int = MAX_REDIRECTS


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class FetchResult:
    status: int  # 200 or 304
    body: bytes
    headers: dict[str, str]  # lower-cased names; repeated headers joined with ", "
    url: str  # after redirects
    etag: str | None
    last_modified: str | None
    permanent_redirect: str | None = None  # every hop was permanent: the feed has moved here
    redirects: list[str] = field(default_factory=list)


@dataclass
class _Response:
    """What the guards need of a response, whichever library read it."""

    status: int
    reason: str
    raw_headers: list[tuple[bytes, bytes]]
    chunks: AsyncIterator[bytes]  # the body as sent: de-chunked, still content-encoded

    def header(self, name: bytes) -> str | None:
        """A header's exact bytes as Latin-1 text (a lossless round trip), or None."""
        for key, value in self.raw_headers:
            if key.lower() == name:
                return value.decode("latin-1")
        return None

    def headers(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, value in self.raw_headers:
            name = key.decode("latin-1").lower()
            try:
                text = value.decode("utf-8")
            except UnicodeDecodeError:
                text = value.decode("latin-1")
            out[name] = f"{out[name]}, {text}" if name in out else text
        return out


class FeedClient:
    """The one HTTP client for feeds and article pages. It can be shared between tasks.

    Sessions open on first use, inside the running loop (aiohttp binds to it). ``backend="httpx"``
    sends everything through httpx: the benchmark's comparison, and a fallback should aiohttp misbehave.
    """

    def __init__(self, max_connections: int = 32, backend: str = "aiohttp"):
        if backend not in BACKENDS:
            raise ValueError(f"unknown HTTP backend {backend!r}; one of {', '.join(BACKENDS)}")
        self.backend = backend
        self.max_connections = max_connections
        self._session: aiohttp.ClientSession | None = None
        self._httpx: httpx.AsyncClient | None = None

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._httpx is not None:
            await self._httpx.aclose()
            self._httpx = None

    def open(self, url: str, headers: dict[str, bytes]):
        """``async with client.open(url, headers) as response``; foreign errors come out as FetchError."""
        if self.backend == "httpx" or not all(_is_utf8(v) for v in headers.values()):
            # aiohttp writes header text as UTF-8, so a Latin-1 ETag byte would change on the way out.
            return self._open_httpx(url, headers)
        return self._open_aiohttp(url, headers)

    @asynccontextmanager
    async def _open_aiohttp(self, url: str, headers: dict[str, bytes]) -> AsyncIterator[_Response]:
        if self._session is None:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self.max_connections, ssl=_ssl_context()),
                timeout=aiohttp.ClientTimeout(total=None, connect=POOL_SECONDS, sock_connect=CONNECT_SECONDS,
                                              sock_read=READ_SECONDS),
                headers=HEADERS,
                auto_decompress=False,  # _read_capped inflates, bounded at every step
                cookie_jar=aiohttp.DummyCookieJar(),  # feeds are public documents; no state across polls
                # httpx reads up to 100 KiB of headers; aiohttp's 8 KiB per line refuses sites with a long
                # Content-Security-Policy or cookie. The body caps are what bound memory.
                max_line_size=MAX_HEADER_BYTES, max_field_size=MAX_HEADER_BYTES,
                # trust_env stays off: reading proxy variables and ~/.netrc on every request triples a 304's CPU.
            )
        try:
            async with self._session.get(url, headers={k: v.decode("utf-8") for k, v in headers.items()},
                                         allow_redirects=False) as response:
                yield _Response(response.status, response.reason or "", list(response.raw_headers),
                                response.content.iter_any())
        except TimeoutError as exc:  # a socket timeout; the overall deadline is fetch's, outside this
            raise FetchError(f"timed out ({exc.__class__.__name__})") from None
        except aiohttp.ClientError as exc:
            raise FetchError(f"HTTP error: {exc.__class__.__name__}: {exc}".rstrip(": ")) from None

    @asynccontextmanager
    async def _open_httpx(self, url: str, headers: dict[str, bytes]) -> AsyncIterator[_Response]:
        if self._httpx is None:
            self._httpx = httpx.AsyncClient(
                timeout=TIMEOUT, follow_redirects=False, headers=HEADERS,
                limits=httpx.Limits(max_connections=self.max_connections,
                                    max_keepalive_connections=self.max_connections),
            )
        try:
            async with self._httpx.stream("GET", url, headers=headers) as response:
                yield _Response(response.status_code, response.reason_phrase, list(response.headers.raw),
                                response.aiter_raw())
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out ({exc.__class__.__name__})") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"HTTP error: {exc.__class__.__name__}: {exc}".rstrip(": ")) from None


def make_client(max_connections: int = 32, backend: str = "aiohttp") -> FeedClient:
    return FeedClient(max_connections=max_connections, backend=backend)


_SSL: ssl.SSLContext | None = None


def _ssl_context() -> ssl.SSLContext:
    """certifi's roots, as httpx uses: the same sites verify under either transport. Built once (~10 ms)."""
    global _SSL
    if _SSL is None:
        _SSL = ssl.create_default_context(cafile=certifi.where())
    return _SSL


def _is_utf8(value: bytes) -> bool:
    if value.isascii():
        return True
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


async def _read_capped(response: _Response, cap: int) -> bytes:
    """The body, decompressed by hand so that no step can expand past ``cap``.

    A library would inflate a whole network chunk at once: 64 KiB of a gzip bomb becomes 64 MiB
    before any check runs. zlib's ``max_length`` bounds every step instead. Bytes on the wire count too.
    """
    encoding = (response.header(b"content-encoding") or "identity").strip().lower()
    if encoding in ("gzip", "x-gzip"):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        inflater = zlib.decompressobj()
    elif encoding in ("identity", ""):
        inflater = None
    else:
        raise FetchError(f"unsupported Content-Encoding {encoding!r}")
    chunks: list[bytes] = []
    size = wire = 0
    try:
        async for raw in response.chunks:
            wire += len(raw)
            if wire > cap:
                raise FetchError(f"body over the {cap} byte cap")
            if inflater is None:
                pieces = [raw]
            else:
                pieces = [inflater.decompress(raw, cap - size + 1)]
                while inflater.unconsumed_tail and size + sum(map(len, pieces)) <= cap:
                    pieces.append(inflater.decompress(inflater.unconsumed_tail, cap - size + 1))
            for piece in pieces:
                size += len(piece)
                if size > cap:
                    raise FetchError(f"body over the {cap} byte cap (after decompression)")
                chunks.append(piece)
        if inflater is not None:
            tail = inflater.flush()
            size += len(tail)
            if size > cap:
                raise FetchError(f"body over the {cap} byte cap (after decompression)")
            chunks.append(tail)
    except zlib.error as exc:
        raise FetchError(f"corrupt {encoding} body: {exc}") from None
    return b"".join(chunks)


async def fetch(
    client: FeedClient,
    url: str,
    etag: str | None = None,
    last_modified: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> FetchResult:
    """GET ``url``. Raises ``FetchError`` with a one-line reason on any failure."""
    headers: dict[str, bytes] = {}
    # Validators go back byte for byte: stored as Latin-1 text of the raw bytes, sent as those bytes.
    if etag:
        headers["If-None-Match"] = etag.encode("latin-1", "replace")
    if last_modified:
        headers["If-Modified-Since"] = last_modified.encode("latin-1", "replace")
    try:
        async with asyncio.timeout(limits.deadline):  # no extra task per request, unlike wait_for
            return await _get(client, url, headers, limits)
    except TimeoutError:
        raise FetchError(f"no complete response within {limits.deadline:g}s") from None


async def _get(client: FeedClient, url: str, headers: dict[str, bytes], limits: Limits) -> FetchResult:
    seen = [url]
    permanent = True
    current = url
    while True:
        async with client.open(current, headers) as response:
            status = response.status
            if status in _REDIRECTS or status == 304:
                # Read the (tiny) body so the connection goes back to the pool: an unread
                # response is closed, and every conditional GET would pay a new TCP handshake.
                await _read_capped(response, 64 * 1024)
            if status in _REDIRECTS:
                location = response.header(b"location")
                if not location:
                    raise FetchError(f"HTTP {status} redirect without a Location", status=status)
                target = urljoin(current, _header_text(location).strip())
                if urlsplit(target).scheme not in ("http", "https"):
                    raise FetchError(f"redirect to a non-HTTP URL: {target[:200]}", status=status)
                if target in seen:
                    raise FetchError(f"redirect loop: {' -> '.join(seen[-3:])} -> {target}", status=status)
                if len(seen) > limits.max_redirects:
                    raise FetchError(f"more than {limits.max_redirects} redirects", status=status)
                permanent = permanent and status in _PERMANENT
                seen.append(target)
                current = target
                continue
            moved = seen[-1] if permanent and len(seen) > 1 else None
            if status == 304:
                return FetchResult(304, b"", response.headers(), current, response.header(b"etag"),
                                   response.header(b"last-modified"), moved, seen[1:])
            if status != 200:
                retry_after = response.header(b"retry-after")
                raise FetchError(
                    f"HTTP {status} {response.reason}".strip(), status=status,
                    retry_after=_header_text(retry_after) if retry_after is not None else None,
                )
            declared = (response.header(b"content-length") or "").strip()
            if declared.isdigit() and int(declared) > limits.max_bytes:
                raise FetchError(f"body of {int(declared)} bytes is over the {limits.max_bytes} byte cap")
            body = await _read_capped(response, limits.max_bytes)
            return FetchResult(
                status=200,
                body=body,
                headers=response.headers(),
                url=current,
                etag=response.header(b"etag"),
                last_modified=response.header(b"last-modified"),
                permanent_redirect=moved,
                redirects=seen[1:],
            )


def _header_text(latin1: str) -> str:
    """A header value read as UTF-8 where its bytes are UTF-8 (a Location with a raw "è"), else as sent."""
    raw = latin1.encode("latin-1")
    return raw.decode("utf-8") if _is_utf8(raw) else latin1

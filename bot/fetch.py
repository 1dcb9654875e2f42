"""Downloading feeds and pages: httpx with explicit timeouts, conditional GET and hard size caps.

The body is streamed and counted as it arrives, both as sent on the wire (compressed) and as
decoded, so neither a 200 MB body nor a gzip bomb can fill memory; a total deadline bounds a
server that drips one byte at a time. Redirects are followed by hand so that loops are named and a
permanent move can be reported.
"""

from __future__ import annotations

import asyncio
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from bot import __version__
from bot.errors import FetchError

USER_AGENT = f"newsbell/{__version__} (RSS alert bot; +https://github.com/newsbell/newsbell)"
MAX_BODY_BYTES = 10 * 1024 * 1024
TIMEOUT = httpx.Timeout(connect=5.0, read=20.0, write=10.0, pool=30.0)
DEADLINE_SECONDS = 30.0
MAX_REDIRECTS = 5
_PERMANENT = {301, 308}
_REDIRECTS = {301, 302, 303, 307, 308}


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
    headers: dict[str, str]
    url: str  # after redirects
    etag: str | None
    last_modified: str | None
    permanent_redirect: str | None = None  # every hop was permanent: the feed has moved here
    redirects: list[str] = field(default_factory=list)


def _raw_header(response: httpx.Response, name: bytes) -> str | None:
    """A header's exact bytes as Latin-1 text (a lossless round trip), or None."""
    for key, value in response.headers.raw:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


async def _read_capped(response: httpx.Response, cap: int) -> bytes:
    """The body, decompressed by hand so that no step can expand past ``cap``.

    httpx would inflate a whole network chunk at once: 64 KiB of a gzip bomb becomes 64 MiB before
    any check runs. zlib's ``max_length`` bounds every step instead. Bytes on the wire count too.
    """
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
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
        async for raw in response.aiter_raw():
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


def make_client(transport: httpx.AsyncBaseTransport | None = None, max_connections: int = 32) -> httpx.AsyncClient:
    """The one HTTP client; a test passes a transport instead of patching methods."""
    return httpx.AsyncClient(
        timeout=TIMEOUT,
        follow_redirects=False,
        headers={
            "User-Agent": USER_AGENT,
            "Accept-Encoding": "gzip, deflate",  # only what _read_capped can inflate within the cap
            "Accept": "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, "
                      "text/xml;q=0.9, */*;q=0.5",
        },
        limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
        transport=transport,
    )


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    etag: str | None = None,
    last_modified: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> FetchResult:
    """GET ``url``. Raises ``FetchError`` with a one-line reason on any failure."""
    headers: dict[str, bytes] = {}
    # Validators go back byte for byte: stored as Latin-1 text of the raw bytes, sent as those bytes
    # (httpx would refuse a non-ASCII str, and some servers do send one).
    if etag:
        headers["If-None-Match"] = etag.encode("latin-1", "replace")
    if last_modified:
        headers["If-Modified-Since"] = last_modified.encode("latin-1", "replace")
    try:
        async with asyncio.timeout(limits.deadline):  # no extra task per request, unlike wait_for
            return await _get(client, url, headers, limits)
    except TimeoutError:
        raise FetchError(f"no complete response within {limits.deadline:g}s") from None
    except httpx.TimeoutException as exc:
        raise FetchError(f"timed out ({exc.__class__.__name__})") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"HTTP error: {exc.__class__.__name__}: {exc}".rstrip(": ")) from None


async def _get(client: httpx.AsyncClient, url: str, headers: dict[str, bytes], limits: Limits) -> FetchResult:
    seen = [url]
    permanent = True
    current = url
    while True:
        async with client.stream("GET", current, headers=headers) as response:
            status = response.status_code
            if status in _REDIRECTS or status == 304:
                # Read the (tiny) body so the connection goes back to the pool: an unread
                # response is closed, and every conditional GET would pay a new TCP handshake.
                await _read_capped(response, 64 * 1024)
            if status in _REDIRECTS:
                location = response.headers.get("location")
                if not location:
                    raise FetchError(f"HTTP {status} redirect without a Location", status=status)
                target = urljoin(current, location.strip())
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
                return FetchResult(304, b"", dict(response.headers), current, _raw_header(response, b"etag"),
                                   _raw_header(response, b"last-modified"), moved, seen[1:])
            if status != 200:
                raise FetchError(
                    f"HTTP {status} {response.reason_phrase}".strip(), status=status,
                    retry_after=response.headers.get("retry-after"),
                )
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limits.max_bytes:
                raise FetchError(f"body of {int(declared)} bytes is over the {limits.max_bytes} byte cap")
            body = await _read_capped(response, limits.max_bytes)
            return FetchResult(
                status=200,
                body=body,
                headers=dict(response.headers),
                url=current,
                etag=_raw_header(response, b"etag"),
                last_modified=_raw_header(response, b"last-modified"),
                permanent_redirect=moved,
                redirects=seen[1:],
            )

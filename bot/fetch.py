"""Downloading feeds: httpx with explicit timeouts, conditional GET and a hard size cap.

The body is streamed and counted as it arrives (decompressed bytes: a gzip bomb stops at the cap),
and a total deadline bounds a server that drips one byte at a time.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from bot import __version__
from bot.errors import FetchError

USER_AGENT = f"newsbell/{__version__} (+https://github.com/newsbell/newsbell; RSS alert bot)"
MAX_BODY_BYTES = 10 * 1024 * 1024
TIMEOUT = httpx.Timeout(connect=5.0, read=20.0, write=10.0, pool=5.0)
DEADLINE_SECONDS = 30.0
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class FetchResult:
    status: int  # 200 or 304
    body: bytes
    headers: dict[str, str]
    url: str  # after redirects
    etag: str | None
    last_modified: str | None


def make_client(transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    """The one HTTP client; a test passes a transport instead of patching methods."""
    return httpx.AsyncClient(
        timeout=TIMEOUT,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"},
        limits=httpx.Limits(max_connections=32, max_keepalive_connections=16),
        transport=transport,
    )


async def fetch_feed(
    client: httpx.AsyncClient,
    url: str,
    etag: str | None = None,
    last_modified: str | None = None,
    max_bytes: int = MAX_BODY_BYTES,
    deadline: float = DEADLINE_SECONDS,
) -> FetchResult:
    """GET a feed. Raises ``FetchError`` with a one-line reason on any failure."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag  # sent back byte for byte, as received
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        return await asyncio.wait_for(_get(client, url, headers, max_bytes), timeout=deadline)
    except TimeoutError:
        raise FetchError(f"no complete response within {deadline:.0f}s") from None
    except httpx.TooManyRedirects:
        raise FetchError(f"more than {MAX_REDIRECTS} redirects (or a redirect loop)") from None
    except httpx.TimeoutException as exc:
        raise FetchError(f"timed out ({exc.__class__.__name__})") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"HTTP error: {exc.__class__.__name__}: {exc}") from None


async def _get(client: httpx.AsyncClient, url: str, headers: dict[str, str], max_bytes: int) -> FetchResult:
    async with client.stream("GET", url, headers=headers) as response:
        if response.status_code == 304:
            return FetchResult(304, b"", dict(response.headers), str(response.url), None, None)
        if response.status_code != 200:
            raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(f"body of {int(declared)} bytes exceeds the {max_bytes} byte cap")
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"body exceeds the {max_bytes} byte cap")
            chunks.append(chunk)
        return FetchResult(
            status=200,
            body=b"".join(chunks),
            headers=dict(response.headers),
            url=str(response.url),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )

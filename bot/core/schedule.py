"""When to poll a feed next: a pure decision from the last outcome and what the server said.

- Success: the feed's interval, stretched by the server's caching hints (Cache-Control max-age,
  Expires, RSS <ttl>) when they ask for longer, capped at ``MAX_HINT``; then jitter.
- Failure: exponential backoff from the interval (interval * 2^(failures-1)), capped at one week,
  never disabled for good.
- 429/503 with Retry-After: no sooner than the server asked, capped at ``MAX_RETRY_AFTER``.
Jitter (±10%) comes in as a number in [0, 1) so the function stays deterministic under test.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

MAX_BACKOFF = timedelta(days=7)
MAX_HINT = timedelta(hours=6)
MAX_RETRY_AFTER = timedelta(days=1)
JITTER = 0.1


def next_poll(
    now: datetime,
    interval_seconds: int,
    failures: int = 0,
    retry_after: timedelta | None = None,
    cache_hint: timedelta | None = None,
    jitter: float = 0.5,
) -> datetime:
    """The next poll time. ``failures`` counts consecutive failures including this one (0 on success)."""
    base = timedelta(seconds=interval_seconds)
    if failures > 0:
        # Clamp in integer seconds first: a day's interval doubled 30 times overflows timedelta.
        cap = max(MAX_BACKOFF, base).total_seconds()
        wait = timedelta(seconds=min(interval_seconds * 2 ** min(failures - 1, 62), cap))
    else:
        wait = base
        if cache_hint and cache_hint > wait:
            wait = min(cache_hint, max(MAX_HINT, base))
    if retry_after and retry_after > wait:
        wait = min(retry_after, MAX_RETRY_AFTER)
    factor = 1 + JITTER * (2 * min(max(jitter, 0.0), 1.0) - 1)
    return now + wait * factor


def parse_retry_after(value: str | None, now: datetime) -> timedelta | None:
    """Retry-After as seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return timedelta(seconds=int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(when - now, timedelta(0))


_MAX_AGE = re.compile(r"(?:^|[,\s])(?:s-)?max-age\s*=\s*\"?(\d+)", re.IGNORECASE)


def cache_hint(headers: dict[str, str], now: datetime, ttl_minutes: int | None = None) -> timedelta | None:
    """How long the server says the feed stays fresh, from Cache-Control, Expires or RSS <ttl>."""
    lower = {k.lower(): v for k, v in headers.items()}
    hints: list[timedelta] = []
    cc = lower.get("cache-control", "")
    if "no-cache" not in cc.lower() and "no-store" not in cc.lower():
        match = _MAX_AGE.search(cc)
        if match:
            hints.append(timedelta(seconds=int(match.group(1))))
        elif lower.get("expires"):
            try:
                expires = parsedate_to_datetime(lower["expires"])
                if expires.tzinfo is not None:
                    hints.append(expires - now)
            except (TypeError, ValueError, IndexError):
                pass
    if ttl_minutes and ttl_minutes > 0:
        hints.append(timedelta(minutes=ttl_minutes))
    hints = [h for h in hints if h > timedelta(0)]
    return max(hints) if hints else None

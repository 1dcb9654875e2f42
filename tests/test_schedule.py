"""The pure scheduling decision."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.schedule import MAX_BACKOFF, cache_hint, next_poll, parse_retry_after

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("jitter, seconds", [(0.0, 540), (0.5, 600), (0.999999, 660)])
def test_jitter_is_ten_percent_either_way(jitter, seconds):
    assert round((next_poll(NOW, 600, jitter=jitter) - NOW).total_seconds()) == seconds


def test_long_backoff_of_a_daily_feed_does_not_overflow():
    assert next_poll(NOW, 86400, failures=31) - NOW == MAX_BACKOFF
    assert next_poll(NOW, 604800, failures=10_000) - NOW == MAX_BACKOFF


def test_backoff_doubles_and_caps_at_a_week():
    waits = [next_poll(NOW, 300, failures=n) - NOW for n in (1, 2, 3, 30, 1000)]
    assert waits[:3] == [timedelta(seconds=300), timedelta(seconds=600), timedelta(seconds=1200)]
    assert waits[3] == waits[4] == MAX_BACKOFF


def test_hints_stretch_but_never_shorten_and_are_capped():
    assert next_poll(NOW, 600, cache_hint=timedelta(seconds=60)) - NOW == timedelta(seconds=600)
    assert next_poll(NOW, 600, cache_hint=timedelta(hours=1)) - NOW == timedelta(hours=1)
    assert next_poll(NOW, 600, cache_hint=timedelta(days=30)) - NOW == timedelta(hours=6)
    assert next_poll(NOW, 600, retry_after=timedelta(days=30)) - NOW == timedelta(days=1)


def test_retry_after_seconds_and_http_date():
    assert parse_retry_after("120", NOW) == timedelta(seconds=120)
    assert parse_retry_after("Sun, 29 Nov 2026 12:30:00 GMT", NOW) == timedelta(minutes=30)
    assert parse_retry_after("Sun, 29 Nov 2026 11:00:00 GMT", NOW) == timedelta(0)
    assert parse_retry_after("soon", NOW) is None and parse_retry_after(None, NOW) is None


def test_cache_hint_sources():
    assert cache_hint({"Cache-Control": "public, max-age=900"}, NOW) == timedelta(seconds=900)
    assert cache_hint({"Cache-Control": "no-cache, max-age=900"}, NOW) is None
    assert cache_hint({"Expires": "Sun, 29 Nov 2026 14:00:00 GMT"}, NOW) == timedelta(hours=2)
    assert cache_hint({}, NOW, ttl_minutes=45) == timedelta(minutes=45)
    assert cache_hint({"Expires": "garbage"}, NOW) is None

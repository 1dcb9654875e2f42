"""Helpers for ingestion tests: a Service on a real SQLite file, real httpx, a local feed server."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.fetch import DEFAULT_LIMITS, Limits, make_client
from bot.localserver import Item, render_rss
from bot.pipeline import Service
from bot.store import Store
from bot.types import FeedConfig

T0 = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


class Clock:
    """A clock a test moves by hand."""

    def __init__(self, now: datetime = T0):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs) -> None:
        self.now += timedelta(**kwargs)


def items(n: int, prefix: str = "Story", start: int = 0) -> list[Item]:
    return [Item(f"{prefix} number {i} about markets", f"Body of {prefix.lower()} {i}.",
                 f"https://news.example/{prefix.lower()}/{i}", T0 - timedelta(minutes=i), guid=f"{prefix}-{i}")
            for i in range(start, start + n)]


def rss(entries: list[Item], title: str = "Sample") -> str:
    return render_rss(title, "https://news.example/", entries)


def make_service(tmp_path, config, feeds: list[FeedConfig], clock=None, limits: Limits = DEFAULT_LIMITS) -> Service:
    store = Store(str(tmp_path / "ingest.db"))
    cfg = replace(config, feeds=tuple(feeds))
    return Service(cfg, store, make_client(), clock=clock or Clock(), limits=limits, jitter=lambda: 0.5)

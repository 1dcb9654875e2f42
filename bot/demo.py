"""``python -m bot demo``: the whole pipeline in one process, with no token and no network.

A local feed server serves the bundled sample feeds, the Bot API emulator stands in for Telegram,
the real python-telegram-bot application runs against it, and scripted subscribers follow things.
The feeds first show old items (history: nobody is alerted), then publish new ones (news).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
import tomllib
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

from bot.app import build_application, serve
from bot.config import load_config
from bot.emulator import BotAPIEmulator
from bot.localserver import FeedServer, Item, render_rss
from bot.store import Store
from bot.types import FeedConfig

DEMO_TOKEN = "123456:DEMO-token-not-a-secret"
# (user id, name, command, Telegram language): Chiara's Telegram is in Italian, so newsbell answers
# her in Italian and her topic's Italian name finds it.
SUBSCRIBERS = [
    (1001, "Anna", "/follow alibaba", "en"),
    (1002, "Bruno", "/follow tencent", "en"),
    (1003, "Chiara", "/follow pagamenti mobili", "it"),
    (1004, "Dario", "/follow chinese tech", "en"),
    (1005, "Elena", '/follow "apple pie"', "en"),
]
POLL_SECONDS = 1
TIMEOUT = 25.0


def load_demo_feeds() -> tuple[list[dict], list[Item], list[Item], dict[str, str]]:
    base = resources.files("bot") / "data" / "demo"
    spec = tomllib.loads((base / "items.toml").read_text(encoding="utf-8"))
    start = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    phases: dict[str, dict[str, list[Item]]] = {"before": {}, "after": {}}
    for n, raw in enumerate(spec["items"]):
        if "seed" in raw:
            title, _, body = (base / raw["seed"]).read_text(encoding="utf-8").partition("\n")
        else:
            title, body = raw["title"], raw["body"]
        link = f"https://news.example{raw['feed'].removesuffix('.xml')}/{n}"
        item = Item(title=title.strip(), body=body.strip(), link=link, published=start + timedelta(minutes=n))
        phases[raw["phase"]].setdefault(raw["feed"], []).append(item)
    names = {f["path"]: f["name"] for f in spec["feeds"]}
    return spec["feeds"], phases["before"], phases["after"], names


async def run_demo(config_path: str) -> int:
    started = time.monotonic()
    base_config = load_config(config_path)
    feeds, before, after, names = load_demo_feeds()
    print("newsbell demo: sample feeds -> summaries -> matching -> Telegram (a local Bot API emulator)\n")
    with FeedServer() as server, BotAPIEmulator() as emu, tempfile.TemporaryDirectory() as tmp:
        for f in feeds:
            server.set(f["path"], render_rss(f["name"], server.url(f["path"]), before.get(f["path"], [])))
        config = replace(base_config, feeds=tuple(
            FeedConfig(name=f["name"], url=server.url(f["path"]), interval_seconds=POLL_SECONDS) for f in feeds))
        store = Store(str(Path(tmp) / "demo.db"))
        app = build_application(config, store, DEMO_TOKEN, base_url=emu.base_url)
        stop = asyncio.Event()
        runner = asyncio.create_task(serve(app, stop))
        try:
            print("Subscribers:")
            for user_id, name, command, language in SUBSCRIBERS:
                emu.inject_message(command, user_id=user_id, first_name=name, language_code=language)
            for user_id, name, command, _language in SUBSCRIBERS:
                reply = await _wait(lambda uid=user_id: emu.sent_messages(uid), "a reply to " + command)
                print(f"  {name:<7} {command:<28} -> {reply[0]['plain_text'].splitlines()[0]}")
            await _wait(lambda: store.stats()["feeds_primed"] == len(config.feeds), "the first polls")
            print("\nFirst poll done: the items already in the feeds are history, nobody is alerted.")
            for f in feeds:
                items = before.get(f["path"], []) + after.get(f["path"], [])
                server.set(f["path"], render_rss(f["name"], server.url(f["path"]), items))
            n_new = sum(len(v) for v in after.values())
            print(f"The feeds now publish {n_new} new items (the seed article among them).\n")
            await _wait(lambda: _settled(store), "the new items to be processed")
        finally:
            stop.set()
            await runner
        print("What each subscriber received:")
        for user_id, name, command, _language in SUBSCRIBERS:
            alerts = emu.sent_messages(user_id)[1:]
            print(f"\n== {name} ({command}): {len(alerts)} alert(s)")
            for msg in alerts:
                for line in msg["plain_text"].splitlines():
                    print(f"   | {line}")
                print("   |")
            if not alerts:
                print("   (nothing matched)")
    print(f"\nDone in {time.monotonic() - started:.1f}s. To run it for real: `python -m bot init`, then see README.")
    return 0


def _settled(store: Store) -> bool:
    """Every feed has published its news and no alert is left in the queue."""
    stats = store.stats()
    return stats["feeds_with_news"] == stats["feeds"] and stats["pending"] == 0


async def _wait(check, what: str, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        await asyncio.sleep(0.1)
    raise TimeoutError(f"demo: gave up waiting for {what} after {timeout:.0f}s")

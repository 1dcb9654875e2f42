"""Admin side: /feeds health, /reload, and config edits picked up by a running bot."""

from __future__ import annotations

import asyncio
import re
import shutil
import time

import pytest

import bot.jobs
import handlers
from bot.app import build_application, serve
from bot.config import load_config
from bot.emulator import BotAPIEmulator
from bot.localserver import FeedServer
from bot.store import Store
from tests.conftest import ROOT
from tests.ingest_helpers import items, rss

ADMIN, USER = 900, 901


def write_config(path, feeds: list[tuple[str, str, int]], extra: str = "") -> None:
    lines = ["[bot]", f"admins = [{ADMIN}]", "poll_interval_seconds = 60", ""]
    for name, url, interval in feeds:
        lines += ["[[feeds]]", f'name = "{name}"', f'url = "{url}"', f"interval_seconds = {interval}", extra, ""]
    lines += ["[topics.markets]", 'name = "Markets"', 'keywords = ["markets"]']
    path.write_text("\n".join(lines), encoding="utf-8")


async def until(check, what: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


@pytest.fixture
async def running(tmp_path, monkeypatch):
    """A running bot whose config file the test can edit."""
    monkeypatch.setattr(bot.jobs, "CONFIG_WATCH_SECONDS", 0.3)
    shutil.copy(ROOT / "config" / "entities.toml", tmp_path / "entities.toml")
    cfg_path = tmp_path / "feeds.toml"
    with FeedServer() as server, BotAPIEmulator() as emu:
        for path in ("/a", "/b", "/c"):
            server.set(path, rss(items(2, prefix=path.strip("/"))))
        write_config(cfg_path, [("Feed A", server.url("/a"), 1), ("Feed B", server.url("/b"), 1)])
        store = Store(str(tmp_path / "admin.db"))
        app = build_application(load_config(cfg_path), store, "5:admin", base_url=emu.base_url, config_path=str(cfg_path))
        stop = asyncio.Event()
        task = asyncio.create_task(serve(app, stop))

        async def say(text: str, user: int = ADMIN) -> list[str]:
            before = len(emu.sent_messages(user))
            emu.inject_message(text, user_id=user)
            await until(lambda: len(emu.sent_messages(user)) > before, f"a reply to {text}")
            await asyncio.sleep(0.2)  # a reply may come in several messages
            return [m["plain_text"] for m in emu.sent_messages(user)[before:]]

        try:
            yield {"server": server, "emu": emu, "store": store, "path": cfg_path, "say": say}
        finally:
            stop.set()
            await asyncio.wait_for(task, 15)


def requests_for(server, path: str) -> int:
    return sum(1 for p, _h in server.requests if p == path)


async def test_feeds_is_for_admins_only(running):
    reply = (await running["say"]("/feeds", user=USER))[0]
    assert "for this bot's admins" in reply


async def test_feeds_shows_health(running):
    server, store = running["server"], running["store"]
    await until(lambda: store.stats()["feeds_primed"] == 2, "first polls")
    server.set("/b", b"nope", status=500, content_type="text/plain")
    await until(lambda: store.feed_state(server.url("/b"))["consecutive_failures"] >= 1, "a failure")
    text = "\n".join(await running["say"]("/feeds"))
    assert "2 feeds, 1 failing" in text
    assert re.search(r"Feed A\n\s+last success \d+s ago\n\s+2 entries in 24h", text)
    assert "last error: HTTP 500 Internal Server Error" in text


async def test_admin_help_lists_admin_commands(running):
    admin_help = (await running["say"]("/help"))[0]
    user_help = (await running["say"]("/help", user=USER))[0]
    for name, _a, _d in handlers.ADMIN_COMMANDS:
        assert f"/{name}" in admin_help and f"/{name}" not in user_help


async def test_config_edit_is_picked_up_without_restart(running):
    server, store, emu, path = running["server"], running["store"], running["emu"], running["path"]
    await until(lambda: store.stats()["feeds_primed"] == 2, "first polls")
    write_config(path, [("Feed A", server.url("/a"), 1), ("Feed C", server.url("/c"), 1)])
    await until(lambda: requests_for(server, "/c") >= 1, "the new feed's first poll")
    await until(lambda: any("Config reloaded" in m["plain_text"] for m in emu.sent_messages(ADMIN)), "the admin notice")
    notice = next(m["plain_text"] for m in emu.sent_messages(ADMIN) if "Config reloaded" in m["plain_text"])
    assert "Added: Feed C" in notice and "Removed: Feed B" in notice
    polls_b = requests_for(server, "/b")
    await asyncio.sleep(2.5)
    assert requests_for(server, "/b") == polls_b, "a removed feed is still polled"
    assert requests_for(server, "/a") >= 3


async def test_invalid_edit_is_refused_and_admins_are_told(running):
    server, store, emu, path = running["server"], running["store"], running["emu"], running["path"]
    await until(lambda: store.stats()["feeds_primed"] == 2, "first polls")
    path.write_text(path.read_text() + '\n[[feeds]]\nname = "Bad"\nurl = "gopher://x"\n', encoding="utf-8")
    await until(lambda: any("refused" in m["plain_text"] for m in emu.sent_messages(ADMIN)), "the refusal")
    refusal = next(m["plain_text"] for m in emu.sent_messages(ADMIN) if "refused" in m["plain_text"])
    assert "feeds[2].url: not an http(s) URL" in refusal and "previous config stays in force" in refusal
    before = requests_for(server, "/b")
    await until(lambda: requests_for(server, "/b") > before, "the old config to keep polling")


async def test_reload_command(running):
    server, path = running["server"], running["path"]
    write_config(path, [("Feed A", server.url("/a"), 1), ("Feed B", server.url("/b"), 1),
                        ("Feed C", server.url("/c"), 1)])
    replies = await running["say"]("/reload")
    assert any("Config reloaded (/reload): 3 feeds" in r for r in replies)
    assert "for this bot's admins" in (await running["say"]("/reload", user=USER))[0]


def test_admin_commands_are_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, _args, _desc in handlers.ADMIN_COMMANDS:
        assert re.search(rf"`/{name}\b", readme), f"/{name} missing from README"


async def test_gazetteer_edit_is_picked_up_too(running, tmp_path):
    emu, store = running["emu"], running["store"]
    await until(lambda: store.stats()["feeds_primed"] == 2, "first polls")
    gazetteer = tmp_path / "entities.toml"
    gazetteer.write_text(gazetteer.read_text(encoding="utf-8")
                         + '\n[[entities]]\nname = "Newsbell Widgets"\ntype = "company"\n', encoding="utf-8")
    await until(lambda: any("Config reloaded (file changed)" in m["plain_text"] for m in emu.sent_messages(ADMIN)),
                "the reload after a gazetteer edit")


async def test_stats_for_admins_in_both_languages_and_nothing_for_others(running):
    store, say = running["store"], running["say"]
    await until(lambda: store.stats()["feeds_primed"] == 2, "first polls")
    await say("/follow alibaba", user=USER)
    text = (await say("/stats"))[0]
    assert "Chats: 2 active, 0 inactive" in text and "Follows and mutes: 1" in text
    assert "Articles today:" in text and "Alerts today: 0 sent, 0 failed" in text
    assert "Queue: 0 pending, oldest -" in text
    refusal = await say("/stats", user=USER)
    assert refusal == ["Sorry, /stats is for this bot's admins. /help lists what you can do."]
    await say("/lang it")
    assert "Chat: 2 attive, 0 inattive" in (await say("/stats"))[0]
    await say("/lang it", user=USER)
    assert (await say("/stats", user=USER)) == [
        "Spiacente, /stats è riservato agli amministratori del bot. /help elenca cosa puoi fare."]

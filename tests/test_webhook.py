"""Webhook mode: the emulator POSTs updates to PTB's own webhook server, which checks Telegram's
secret token; `python -m bot run --webhook` answers and stops like its polling twin."""

from __future__ import annotations

import asyncio
import http.server
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import replace

import pytest
import telegram
from telegram import Update
from telegram.error import BadRequest
from telegram.ext import TypeHandler

from bot.app import build_application, serve
from bot.emulator import BotAPIEmulator
from bot.settings import WebhookSettings
from bot.store import Store
from tests.conftest import ROOT

TOKEN = "8123456:SECRET-webhook-token"
USER = 77


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def local_env(port: int, **extra: str) -> dict[str, str]:
    return {"WEBHOOK_URL": f"http://127.0.0.1:{port}", "PORT": str(port), "WEBHOOK_LISTEN": "127.0.0.1", **extra}


# -- settings ------------------------------------------------------------------------------------


def test_settings_derive_a_stable_secret_and_path_that_reveal_nothing():
    a = WebhookSettings.from_env(TOKEN, {"WEBHOOK_URL": "https://bell.example.com/"})
    again = WebhookSettings.from_env(TOKEN, {"WEBHOOK_URL": "https://bell.example.com"})
    other = WebhookSettings.from_env("999:other", {"WEBHOOK_URL": "https://bell.example.com"})
    assert a == again and a.secret_token == again.secret_token  # a restart keeps what Telegram was told
    assert a.secret_token != other.secret_token and a.url != other.url
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,256}", a.secret_token)
    for part in (TOKEN, TOKEN.split(":")[0], TOKEN.split(":")[1]):
        assert part not in a.url and part not in a.secret_token
    assert a.secret_token not in repr(a)
    assert a.url == "https://bell.example.com" + a.url_path and a.port == 8443 and a.listen == "0.0.0.0"


def test_settings_from_the_environment_win_and_keep_the_url_path():
    s = WebhookSettings.from_env(TOKEN, {"WEBHOOK_URL": "https://bell.example.com/bots/", "PORT": "5000",
                                         "WEBHOOK_SECRET": "s3cret_-X", "WEBHOOK_PATH": "/hook/"})
    assert (s.url, s.url_path, s.port, s.secret_token) == ("https://bell.example.com/bots/hook", "/bots/hook",
                                                           5000, "s3cret_-X")


@pytest.mark.parametrize("env, key", [
    ({}, "WEBHOOK_URL"),
    ({"WEBHOOK_URL": "  "}, "WEBHOOK_URL"),
    ({"WEBHOOK_URL": "bell.example.com"}, "WEBHOOK_URL"),
    ({"WEBHOOK_URL": "http://bell.example.com"}, "WEBHOOK_URL"),
    ({"WEBHOOK_URL": "https://bell.example.com/?a=1"}, "WEBHOOK_URL"),
    ({"WEBHOOK_URL": "https://bell.example.com", "PORT": "http"}, "PORT"),
    ({"WEBHOOK_URL": "https://bell.example.com", "PORT": "70000"}, "PORT"),
    ({"WEBHOOK_URL": "https://bell.example.com", "WEBHOOK_SECRET": "has space"}, "WEBHOOK_SECRET"),
    ({"WEBHOOK_URL": "https://bell.example.com", "WEBHOOK_SECRET": "x" * 257}, "WEBHOOK_SECRET"),
    ({"WEBHOOK_URL": "https://bell.example.com", "WEBHOOK_PATH": "a?b"}, "WEBHOOK_PATH"),
])
def test_bad_settings_name_the_variable(env, key):
    from bot.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        WebhookSettings.from_env(TOKEN, env)
    assert caught.value.key == key


def test_plain_http_is_only_for_this_machine():
    for host in ("127.0.0.1", "localhost"):
        assert WebhookSettings.from_env(TOKEN, {"WEBHOOK_URL": f"http://{host}:8080"}).url.startswith("http://")


# -- the emulator's delivery ---------------------------------------------------------------------


class Receiver(http.server.ThreadingHTTPServer):
    """A webhook that answers the statuses it is given in turn (then 200) and keeps what it got."""

    def __init__(self, statuses: list[int]):
        self.statuses = list(statuses)
        self.received: list[tuple[str | None, bytes]] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - stdlib naming
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append((self.headers.get("X-Telegram-Bot-Api-Secret-Token"), body))
                self.send_response(outer.statuses.pop(0) if outer.statuses else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


@pytest.fixture
def receiver():
    servers: list[Receiver] = []

    def make(statuses: list[int]) -> Receiver:
        servers.append(Receiver(statuses))
        return servers[-1]

    yield make
    for server in servers:
        server.shutdown()
        server.server_close()


async def test_emulator_posts_updates_with_the_secret_and_retries_failures(receiver):
    hook = receiver([500, 502])
    with BotAPIEmulator() as emu:
        emu.webhook_backoff = 0.01
        async with telegram.Bot(TOKEN, base_url=emu.base_url) as bot:
            emu.inject_message("queued before", user_id=USER)  # waits for a webhook, as on Telegram
            assert await bot.set_webhook(hook.url, secret_token="abc_DEF-1")
            deliveries = await asyncio.to_thread(emu.wait_for_deliveries, 3)
            assert [d["status"] for d in deliveries] == [500, 502, 200]
            assert [d["attempt"] for d in deliveries] == [1, 2, 3]
            assert all(secret == "abc_DEF-1" for secret, _ in hook.received)
            assert b'"queued before"' in hook.received[-1][1]
            info = await bot.get_webhook_info()
            assert info.pending_update_count == 0 and "502" in info.last_error_message
            assert "abc_DEF-1" not in str(info.to_dict())  # Telegram never shows the secret
            assert emu.webhook()["secret_token"] == "abc_DEF-1"
            emu.inject_message("second", user_id=USER)
            await asyncio.to_thread(emu.wait_for_deliveries, 4)
            assert b'"second"' in hook.received[-1][1] and emu.pending_updates() == []


async def test_emulator_drops_an_update_the_webhook_keeps_refusing(receiver):
    hook = receiver([403] * 10)
    with BotAPIEmulator() as emu:
        emu.webhook_backoff, emu.webhook_attempts = 0.01, 3
        async with telegram.Bot(TOKEN, base_url=emu.base_url) as bot:
            await bot.set_webhook(hook.url)
            emu.inject_message("refused", user_id=USER)
            deliveries = await asyncio.to_thread(emu.wait_for_deliveries, 3)
            assert [d["status"] for d in deliveries] == [403, 403, 403]
            assert all(secret is None for secret, _ in hook.received)  # none set, none sent
            assert emu.pending_updates() == []  # given up on, so later updates are not stuck behind it
            assert (await bot.get_webhook_info()).last_error_message.startswith("Wrong response from the webhook: 403")


async def test_emulator_refuses_webhooks_telegram_refuses():
    with BotAPIEmulator() as emu:
        async with telegram.Bot(TOKEN, base_url=emu.base_url) as bot:
            with pytest.raises(BadRequest, match="(?i)HTTPS URL"):
                await bot.set_webhook("http://bell.example.com/hook")
            with pytest.raises(BadRequest, match="(?i)ports"):
                await bot.set_webhook("https://bell.example.com:8080/hook")
            with pytest.raises(BadRequest, match="(?i)secret token"):
                await bot.set_webhook("https://bell.example.com/hook", secret_token="no spaces")
            # Elsewhere than this machine: accepted, but the emulator never posts there.
            assert await bot.set_webhook("https://bell.example.com/hook")
            emu.inject_message("stays", user_id=USER)
            assert (await bot.get_webhook_info()).pending_update_count == 1
            assert emu.webhook_deliveries() == []


# -- the real application ------------------------------------------------------------------------


def forged_start(update_id: int) -> dict:
    user = {"id": USER, "is_bot": False, "first_name": "Mallory"}
    return {"update_id": update_id, "message": {
        "message_id": 900, "date": 1_700_000_000, "chat": {"id": USER, "type": "private", "first_name": "Mallory"},
        "from": user, "text": "/start", "entities": [{"type": "bot_command", "offset": 0, "length": 6}]}}


async def test_webhook_mode_answers_and_refuses_a_wrong_secret(config):
    port = free_port()
    hook = WebhookSettings.from_env(TOKEN, local_env(port))
    with BotAPIEmulator() as emu:
        store = Store(None)
        app = build_application(replace(config, feeds=()), store, TOKEN, base_url=emu.base_url)
        seen: list[int] = []

        async def record(update: Update, context: object) -> None:
            seen.append(update.update_id)

        app.add_handler(TypeHandler(Update, record), group=-100)
        stop = asyncio.Event()
        task = asyncio.create_task(serve(app, stop, webhook=hook))
        try:
            emu.inject_message("/start", user_id=USER)
            [reply] = await emu.await_messages(USER, 1, timeout=20)
            assert "/follow" in reply["plain_text"]
            assert emu.webhook()["url"] == hook.url and emu.webhook()["secret_token"] == hook.secret_token
            assert emu.webhook_deliveries()[-1]["status"] == 200 and emu.pending_updates() == []
            assert emu.calls("getUpdates") == []  # it came by the webhook, not by polling

            forged = forged_start(10_000)
            assert await asyncio.to_thread(emu.post_update_raw, forged, secret="wrong-secret") == 403
            assert await asyncio.to_thread(emu.post_update_raw, forged, secret=None) == 403
            # The next update of the same chat is handled after anything queued before it.
            emu.inject_message("/help", user_id=USER)
            messages = await emu.await_messages(USER, 2, timeout=20)
            assert "/follow" in messages[1]["plain_text"] and 10_000 not in seen
            # The same POST with the right secret is handled: the refusal was the secret's doing.
            assert await asyncio.to_thread(emu.post_update_raw, forged) == 200
            await emu.await_messages(USER, 3, timeout=20)
            assert seen[-1] == 10_000
        finally:
            stop.set()
            await asyncio.wait_for(task, 15)


def test_run_webhook_answers_and_stops_on_sigint(tmp_path):
    cfg = tmp_path / "feeds.toml"
    cfg.write_text("[bot]\nadmins = [77]\n")
    port = free_port()
    with BotAPIEmulator() as emu:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": emu.base_url,
               "BOT_CONFIG": str(cfg), "BOT_DB": str(tmp_path / "run.db"), **local_env(port)}
        env.pop("WEBHOOK_SECRET", None)
        proc = subprocess.Popen([sys.executable, "-m", "bot", "run", "--webhook"], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            emu.inject_message("/start", user_id=USER)
            emu.wait_for_messages(USER, 1, timeout=30)
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                out, _ = proc.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                out, _ = proc.communicate()
        secret = emu.webhook()["secret_token"]
        assert emu.calls("getUpdates") == [] and emu.webhook()["url"].startswith(f"http://127.0.0.1:{port}/")
    assert proc.returncode == 0, out[-2000:]
    assert secret == WebhookSettings.from_env(TOKEN, local_env(port)).secret_token
    assert TOKEN not in out and secret not in out
    assert "newsbell starting" in out


def test_run_webhook_without_a_url_exits_2_with_one_line(tmp_path):
    cfg = tmp_path / "feeds.toml"
    cfg.write_text("[bot]\nadmins = [77]\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEBHOOK_")}
    env.update({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_CONFIG": str(cfg), "BOT_DB": str(tmp_path / "run.db")})
    result = subprocess.run([sys.executable, "-m", "bot", "run", "--webhook"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "WEBHOOK_URL" in result.stderr
    assert result.stdout == "" and not (tmp_path / "run.db").exists()

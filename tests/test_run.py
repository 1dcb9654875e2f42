"""`python -m bot run` for real, against the emulator: it answers, reloads on SIGHUP, stops on SIGINT,
and never prints its token."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys

from bot.emulator import BotAPIEmulator
from bot.settings import RedactSecrets
from tests.conftest import ROOT

TOKEN = "8123456:SECRET-token-value"


def test_redaction_filter_hides_the_token(caplog):
    record = logging.LogRecord("httpx", logging.INFO, __file__, 1, "POST %s/getMe", (f"https://x/bot{TOKEN}",), None)
    RedactSecrets([TOKEN]).filter(record)
    assert TOKEN not in record.getMessage() and "<token>" in record.getMessage()


def test_run_answers_reloads_and_stops(tmp_path):
    shutil.copy(ROOT / "config" / "entities.toml", tmp_path / "entities.toml")
    cfg = tmp_path / "feeds.toml"
    cfg.write_text('[bot]\nadmins = [77]\n\n[topics.markets]\nname = "Markets"\nkeywords = ["markets"]\n')
    with BotAPIEmulator() as emu:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": emu.base_url,
               "BOT_CONFIG": str(cfg), "BOT_DB": str(tmp_path / "run.db")}
        proc = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            emu.inject_message("/start", user_id=77)
            emu.wait_for_messages(77, 1, timeout=20)
            before = os.stat(cfg)
            cfg.write_text(cfg.read_text() + '\n[topics.fintech]\nname = "Fintech"\nkeywords = ["fintech"]\n')
            os.utime(cfg, ns=(before.st_atime_ns, before.st_mtime_ns))  # only the signal may trigger this reload
            proc.send_signal(signal.SIGHUP)
            messages = emu.wait_for_messages(77, 2, timeout=20)
            assert "Config reloaded (SIGHUP): 0 feeds, 2 topics" in messages[1]["plain_text"]
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                out, _ = proc.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                out, _ = proc.communicate()
        assert proc.returncode == 0, out[-2000:]
        assert TOKEN not in out
        assert "newsbell starting" in out


def test_a_rejected_token_exits_2_without_printing_it(tmp_path):
    bad = "not-a-valid-token-SECRET42"
    cfg = tmp_path / "feeds.toml"
    cfg.write_text("[bot]\nadmins = [77]\n")
    with BotAPIEmulator() as emu:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": bad, "TELEGRAM_API_URL": emu.base_url,
               "BOT_CONFIG": str(cfg), "BOT_DB": str(tmp_path / "run.db")}
        result = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, capture_output=True,
                                text=True, timeout=60)
    assert result.returncode == 2
    assert "rejected TELEGRAM_BOT_TOKEN" in result.stderr
    assert bad not in result.stdout + result.stderr


def test_an_unreachable_database_url_exits_1_with_one_line_and_no_password(tmp_path):
    cfg = tmp_path / "feeds.toml"
    cfg.write_text("[bot]\nadmins = [77]\n")
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "BOT_CONFIG": str(cfg),
           "DATABASE_URL": "postgresql://newsbell:hunter2@127.0.0.1:1/newsbell?connect_timeout=1"}
    result = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "cannot open PostgreSQL at 127.0.0.1/newsbell" in result.stderr
    assert "hunter2" not in result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1

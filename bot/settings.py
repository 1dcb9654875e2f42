"""Settings from the environment. The token is a secret: it is kept out of every log line."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bot.errors import ConfigError

DEFAULT_API_URL = "https://api.telegram.org/bot"
DEFAULT_WEBHOOK_PORT = 8443
# Telegram's rule for setWebhook's secret_token.
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
_PATH_RE = re.compile(r"[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)*")
# Telegram only posts to https; plain http is for a webhook on this machine (tests, a local proxy).
_LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True)
class Settings:
    token: str | None
    api_url: str
    config_path: str
    db_path: str

    @classmethod
    def from_env(cls, config_path: str | None = None, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ) if env is None else env
        return cls(
            token=(env.get("TELEGRAM_BOT_TOKEN") or "").strip() or None,
            api_url=(env.get("TELEGRAM_API_URL") or "").strip() or DEFAULT_API_URL,
            config_path=config_path or env.get("BOT_CONFIG") or "config/feeds.toml",
            db_path=env.get("BOT_DB") or "newsbell.db",
        )


def _derived(token: str, purpose: str) -> str:
    """A stable value from the token (restarts keep it) that reveals nothing about the token."""
    return hmac.new(token.encode(), f"newsbell webhook {purpose}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class WebhookSettings:
    """Webhook mode: Telegram POSTs updates to ``url``; PTB's server answers on ``listen``:``port``
    at ``url_path`` and refuses (403) any request without ``secret_token`` in its header."""

    url: str  # the public URL handed to setWebhook, path included
    url_path: str  # the path the local server answers on: the public URL's, as routers pass it unchanged
    port: int
    listen: str = "0.0.0.0"  # a platform's router reaches the process from outside its loopback
    secret_token: str = field(default="", repr=False)

    @classmethod
    def from_env(cls, token: str, env: dict[str, str] | None = None) -> WebhookSettings:
        """WEBHOOK_URL (required), PORT, WEBHOOK_SECRET, WEBHOOK_PATH, WEBHOOK_LISTEN; a bad value is a
        ConfigError naming the variable."""
        env = dict(os.environ) if env is None else env
        base = (env.get("WEBHOOK_URL") or "").strip()
        if not base:
            raise ConfigError("WEBHOOK_URL", "is not set; webhook mode needs the bot's public https:// address "
                                             "(e.g. https://newsbell.example.com)")
        parts = urlsplit(base)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError("WEBHOOK_URL", "must be a full https:// address, e.g. https://newsbell.example.com")
        if scheme != "https" and parts.hostname not in _LOCAL_HOSTS:
            raise ConfigError("WEBHOOK_URL", "must start with https:// (Telegram only posts to https)")
        if parts.query or parts.fragment or parts.username or parts.password:
            raise ConfigError("WEBHOOK_URL", "must not carry a query, a fragment or credentials")
        path = (env.get("WEBHOOK_PATH") or "").strip().strip("/") or "telegram-" + _derived(token, "path")[:16]
        if not _PATH_RE.fullmatch(path):
            raise ConfigError("WEBHOOK_PATH", "may hold only letters, digits, '.', '_', '~', '-' and '/'")
        raw_port = (env.get("PORT") or "").strip() or str(DEFAULT_WEBHOOK_PORT)
        if not re.fullmatch(r"[0-9]{1,5}", raw_port) or not 1 <= int(raw_port) <= 65535:
            raise ConfigError("PORT", f"must be a port number (1-65535), not {raw_port!r}")
        secret = (env.get("WEBHOOK_SECRET") or "").strip() or _derived(token, "secret")
        if not _SECRET_RE.fullmatch(secret):
            raise ConfigError("WEBHOOK_SECRET", "must be 1-256 characters, only A-Z, a-z, 0-9, _ and -")
        url_path = f"{parts.path.rstrip('/')}/{path}"
        return cls(
            url=f"{scheme}://{parts.netloc}{url_path}",
            url_path=url_path,
            port=int(raw_port),
            listen=(env.get("WEBHOOK_LISTEN") or "").strip() or "0.0.0.0",
            secret_token=secret,
        )


class RedactSecrets(logging.Filter):
    """Replaces secrets in every log record: the token appears in Bot API URLs that libraries log."""

    def __init__(self, secrets: list[str]):
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            message = record.getMessage()
            if any(s in message for s in self.secrets):
                for s in self.secrets:
                    message = message.replace(s, "<token>")
                record.msg, record.args = message, None
        return True


class RedactingFormatter(logging.Formatter):
    """Redacts secrets from the whole formatted record, tracebacks included (PTB puts the token in
    InvalidToken's message, which a traceback prints)."""

    def __init__(self, fmt: str, secrets: list[str]):
        super().__init__(fmt)
        self.secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self.secrets:
            text = text.replace(secret, "<token>")
        return text


def setup_logging(level: int = logging.INFO, secrets: list[str] | None = None) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets or []))
    handler.addFilter(RedactSecrets(secrets or []))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, and Bot API URLs carry the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)

"""Settings from the environment. The token is a secret: it is kept out of every log line."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

DEFAULT_API_URL = "https://api.telegram.org/bot"


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

"""Config reload without a restart: on a file change, SIGHUP or /reload.

An invalid edit is refused: the old config stays in force and admins are told what is wrong.
"""

from __future__ import annotations

import logging
import os

from telegram.ext import Application

from bot.config import load_config
from bot.errors import ConfigError

log = logging.getLogger(__name__)


def _mtime(path: str) -> float | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def remember_config_file(app: Application, path: str) -> None:
    app.bot_data["config_path"] = path
    app.bot_data["config_mtime"] = _mtime(path)


async def reload_config(app: Application, reason: str) -> str:
    """Load the config again and apply it; returns a one-paragraph report (also sent to admins)."""
    from bot.jobs import notify_admins

    path = app.bot_data.get("config_path")
    svc = app.bot_data["service"]
    if not path:
        return "This bot was started without a config file; nothing to reload."
    app.bot_data["config_mtime"] = _mtime(path)
    try:
        config = load_config(path)
    except ConfigError as exc:
        report = f"Config reload ({reason}) refused, the previous config stays in force: {exc}"
        log.error(report)
        if reason != "/reload":  # /reload answers the admin who asked
            await notify_admins(app, report)
        return report
    old = svc.config
    added, removed = svc.apply_config(config)
    changed = [f.name for f in config.feeds if f.url in {o.url for o in old.feeds}
               and f.interval_seconds != next(o for o in old.feeds if o.url == f.url).interval_seconds]
    for url in [f.url for f in config.feeds if f.name in changed]:
        state = svc.store.feed_state(url)
        svc.store.schedule(state["id"], svc.clock())  # a new interval applies from the next poll, now
    parts = [f"Config reloaded ({reason}): {len(config.feeds)} feeds, {len(config.topics)} topics."]
    if added:
        parts.append("Added: " + ", ".join(added) + ".")
    if removed:
        parts.append("Removed: " + ", ".join(removed) + ".")
    if changed:
        parts.append("New interval: " + ", ".join(changed) + ".")
    report = " ".join(parts)
    log.info(report)
    if reason != "/reload":
        await notify_admins(app, report)
    return report


async def reload_if_changed(app: Application) -> None:
    path = app.bot_data.get("config_path")
    if path and _mtime(path) != app.bot_data.get("config_mtime"):
        await reload_config(app, "file changed")

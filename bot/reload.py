"""Config reload without a restart: on a file change, SIGHUP or /reload.

An invalid edit is refused: the old config stays in force and admins are told what is wrong.
"""

from __future__ import annotations

import gettext
import logging
import os

from telegram.ext import Application

from bot.config import load_config
from bot.errors import ConfigError
from bot.notices import notify_admins

log = logging.getLogger(__name__)


def _mtimes(app: Application) -> tuple[int | None, ...]:
    """Modification times of the config file and the gazetteer it names: an edit to either reloads."""
    paths = [app.bot_data.get("config_path"), app.bot_data["service"].config.entities_source]
    out = []
    for path in paths:
        try:
            out.append(os.stat(path).st_mtime_ns if path else None)
        except OSError:
            out.append(None)
    return tuple(out)


def remember_config_file(app: Application, path: str) -> None:
    app.bot_data["config_path"] = path
    app.bot_data["config_mtime"] = _mtimes(app)


async def reload_config(app: Application, reason: str, tr: gettext.NullTranslations | None = None) -> str:
    """Load the config again and apply it; returns a one-paragraph report (also sent to admins).

    ``tr`` is the language of the admin who asked (/reload); notices to all admins use the default.
    """
    tr = tr if tr is not None else gettext.NullTranslations()

    path = app.bot_data.get("config_path")
    svc = app.bot_data["service"]
    if not path:
        return tr.gettext("This bot was started without a config file; nothing to reload.")
    app.bot_data["config_mtime"] = _mtimes(app)
    try:
        config = load_config(path)
    except ConfigError as exc:
        report = tr.gettext("Config reload ({reason}) refused, the previous config stays in force: {error}").format(
            reason=reason, error=exc)
        log.error(report)
        if reason != "/reload":  # /reload answers the admin who asked
            await notify_admins(app, report)
        return report
    old = svc.config
    added, removed = svc.apply_config(config)
    app.bot_data["config_mtime"] = _mtimes(app)  # the gazetteer named may have changed too
    old_by_url = {o.url: o for o in old.feeds}
    changed = [f.name for f in config.feeds
               if f.url in old_by_url and f.interval_seconds != old_by_url[f.url].interval_seconds]
    for url in [f.url for f in config.feeds if f.name in changed]:
        state = svc.store.feed_state(url)
        svc.store.schedule(state["id"], svc.clock())  # a new interval applies from the next poll, now
    parts = [tr.gettext("Config reloaded ({reason}): {feeds} feeds, {topics} topics.").format(
        reason=reason, feeds=len(config.feeds), topics=len(config.topics))]
    if added:
        parts.append(tr.gettext("Added: {names}.").format(names=", ".join(added)))
    if removed:
        parts.append(tr.gettext("Removed: {names}.").format(names=", ".join(removed)))
    if changed:
        parts.append(tr.gettext("New interval: {names}.").format(names=", ".join(changed)))
    report = " ".join(parts)
    log.info(report)
    if reason != "/reload":
        await notify_admins(app, report)
    return report


async def reload_if_changed(app: Application) -> None:
    if app.bot_data.get("config_path") and _mtimes(app) != app.bot_data.get("config_mtime"):
        await reload_config(app, "file changed")

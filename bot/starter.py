"""The config newsbell ships: the demo's, and the starter that ``python -m bot init`` writes.

``bot/data/config/`` holds the same files as the repository's ``config/`` (links in a checkout,
copies in a wheel), so a pip-installed newsbell has them too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from bot.errors import InputError

FILES = ("feeds.toml", "entities.toml")


@contextlib.contextmanager
def shipped_config() -> Iterator[Path]:
    """A real path to the shipped feeds.toml, beside its entities.toml, for as long as the block runs."""
    with resources.as_file(resources.files("bot") / "data" / "config") as folder:
        yield Path(folder) / "feeds.toml"


def write_starter_config(folder: Path, force: bool = False) -> str:
    """Copy the shipped config into ``folder``; returns what was written and what to edit next."""
    targets = [folder / name for name in FILES]
    existing = [str(t) for t in targets if t.exists()]
    if existing and not force:
        raise InputError(f"not overwriting {', '.join(existing)}: edit it, or pass --force to overwrite")
    folder.mkdir(parents=True, exist_ok=True)
    source = resources.files("bot") / "data" / "config"
    for name, target in zip(FILES, targets, strict=True):
        target.write_bytes((source / name).read_bytes())
    feeds = targets[0]
    return "\n".join([
        f"Wrote {feeds} and {targets[1]}. Next:",
        f"  1. In {feeds}, put your Telegram user id in [bot] admins (ask @userinfobot for it),",
        "     and choose the [[feeds]] and [topics.*] you want.",
        f"  2. Check it: python -m bot check-config --config {feeds}",
        f"  3. Run it:   TELEGRAM_BOT_TOKEN=<from @BotFather> python -m bot run --config {feeds}",
    ])

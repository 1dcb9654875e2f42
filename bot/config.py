"""Load and validate the admin-edited configuration (``config/feeds.toml`` and its gazetteer).

Every error names the key and the reason, e.g. ``feeds[2].url: not an http(s) URL: 'ftp://x'``,
because the person reading it is an admin editing a file, not a developer reading a traceback.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.errors import ConfigError
from bot.types import ENTITY_TYPES, Config, DeliveryConfig, Entity, FeedConfig, Topic

DEFAULT_POLL_INTERVAL = 600
MAX_INTERVAL = 7 * 24 * 3600  # beyond a week a feed is effectively dead; the backoff cap is a week too
DEFAULT_ENTITIES_FILE = "entities.toml"

_BOT_KEYS = {
    "admins", "poll_interval_seconds", "entities_file", "suggested_topics", "max_concurrent_fetches",
    "max_fetches_per_host", "max_follows_per_chat", "command_burst", "command_window_seconds",
}
_FEED_KEYS = {"name", "url", "interval_seconds", "full_text"}
_TOPIC_KEYS = {"name", "keywords", "exclude", "names", "aliases"}
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
NOUN_LANGUAGES = ("it", "en", "de", "fr", "es")  # Latin-script languages: a name may be a word of theirs
_ENTITY_KEYS = {"name", "type", "aliases", "exact_case", "weak", "related", "sport", "noun_in", "platform"}
_TOPIC_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def load_config(path: str | Path) -> Config:
    """Read, validate and return the configuration at ``path`` (plus the gazetteer it names)."""
    path = Path(path)
    data = _read_toml(path)
    return parse_config(data, source=str(path), base_dir=path.parent)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError("(file)", "not found", str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("(syntax)", f"invalid TOML: {exc}", str(path)) from None
    except OSError as exc:
        raise ConfigError("(file)", f"cannot be read: {exc.strerror}", str(path)) from None


def parse_config(data: dict[str, Any], source: str = "", base_dir: Path | None = None) -> Config:
    """Validate an already-parsed TOML document. ``base_dir`` locates the gazetteer file."""

    def fail(key: str, reason: str) -> ConfigError:
        return ConfigError(key, reason, source or None)

    _no_unknown_keys(data, {"bot", "feeds", "topics", "delivery"}, "", fail)

    bot = data.get("bot", {})
    if not isinstance(bot, dict):
        raise fail("bot", "must be a table ([bot])")
    _no_unknown_keys(bot, _BOT_KEYS, "bot.", fail)
    admins = bot.get("admins", [])
    if not isinstance(admins, list) or not all(_is_int(a) and a > 0 for a in admins):
        raise fail("bot.admins", "must be a list of positive Telegram user ids, e.g. [123456789]")
    poll = bot.get("poll_interval_seconds", DEFAULT_POLL_INTERVAL)
    if not _is_int(poll) or not 0 < poll <= MAX_INTERVAL:
        raise fail("bot.poll_interval_seconds",
                   f"must be a whole number of seconds from 1 to {MAX_INTERVAL} (a week), not {poll!r}")

    limits = {}
    for key, default, top in (("max_concurrent_fetches", 16, 1000), ("max_fetches_per_host", 2, 1000),
                              ("max_follows_per_chat", 50, 10000), ("command_burst", 10, 1000),
                              ("command_window_seconds", 10, 3600)):
        value = bot.get(key, default)
        if not _is_int(value) or not 1 <= value <= top:
            raise fail(f"bot.{key}", f"must be an integer from 1 to {top}, not {value!r}")
        limits[key] = value

    topics = _parse_topics(data.get("topics", {}), fail)
    topic_ids = {t.id for t in topics}
    suggested = bot.get("suggested_topics", [])
    if not isinstance(suggested, list) or not all(isinstance(s, str) for s in suggested):
        raise fail("bot.suggested_topics", "must be a list of topic ids")
    for i, sid in enumerate(suggested):
        if sid not in topic_ids:
            raise fail(f"bot.suggested_topics[{i}]", f"unknown topic {sid!r}; known: {', '.join(sorted(topic_ids))}")

    feeds = _parse_feeds(data.get("feeds", []), poll, fail)

    entities: tuple[Entity, ...] = ()
    entities_source = ""
    entities_file = bot.get("entities_file", DEFAULT_ENTITIES_FILE)
    if not isinstance(entities_file, str) or not entities_file:
        raise fail("bot.entities_file", "must be a file name, relative to the config file")
    if base_dir is not None:
        epath = base_dir / entities_file
        if epath.exists():
            entities = parse_entities(_read_toml(epath), source=str(epath))
            entities_source = str(epath)
        elif "entities_file" in bot:
            raise fail("bot.entities_file", f"file not found: {epath}")

    return Config(
        admins=tuple(admins),
        poll_interval_seconds=poll,
        feeds=tuple(feeds),
        topics=tuple(topics),
        entities=entities,
        source=source,
        suggested_topics=tuple(suggested),
        entities_source=entities_source,
        delivery=_parse_delivery(data.get("delivery", {}), fail),
        **limits,
    )


def _parse_feeds(raw: Any, default_interval: int, fail) -> list[FeedConfig]:
    if not isinstance(raw, list):
        raise fail("feeds", "must be an array of tables ([[feeds]])")
    feeds: list[FeedConfig] = []
    names: dict[str, int] = {}
    urls: dict[str, int] = {}
    for i, item in enumerate(raw):
        key = f"feeds[{i}]"
        if not isinstance(item, dict):
            raise fail(key, "must be a table")
        _no_unknown_keys(item, _FEED_KEYS, f"{key}.", fail)
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise fail(f"{key}.name", "is required and must be a non-empty string")
        name = name.strip()
        url = item.get("url")
        if not isinstance(url, str):
            raise fail(f"{key}.url", "is required and must be a string")
        reason = url_problem(url)
        if reason:
            raise fail(f"{key}.url", f"{reason}: {url!r}")
        interval = item.get("interval_seconds", default_interval)
        if not _is_int(interval) or not 0 < interval <= MAX_INTERVAL:
            raise fail(f"{key}.interval_seconds",
                       f"must be a whole number of seconds from 1 to {MAX_INTERVAL} (a week), not {interval!r}")
        full_text = item.get("full_text", False)
        if not isinstance(full_text, bool):
            raise fail(f"{key}.full_text", "must be true or false")
        if name.casefold() in names:
            raise fail(f"{key}.name", f"duplicate feed name {name!r} (also feeds[{names[name.casefold()]}])")
        norm_url = url.strip()
        if norm_url in urls:
            raise fail(f"{key}.url", f"duplicate feed URL {norm_url!r} (also feeds[{urls[norm_url]}])")
        names[name.casefold()] = i
        urls[norm_url] = i
        feeds.append(FeedConfig(name=name, url=norm_url, interval_seconds=interval, full_text=full_text))
    return feeds


def _parse_topics(raw: Any, fail) -> list[Topic]:
    if not isinstance(raw, dict):
        raise fail("topics", "must be a table of topics ([topics.some-id])")
    topics: list[Topic] = []
    seen_names: dict[str, str] = {}
    for tid, item in raw.items():
        key = f"topics.{tid}"
        if not _TOPIC_ID.match(tid):
            raise fail(key, "a topic id is lowercase letters, digits and dashes, e.g. topics.mobile-payments")
        if not isinstance(item, dict):
            raise fail(key, "must be a table")
        _no_unknown_keys(item, _TOPIC_KEYS, f"{key}.", fail)
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise fail(f"{key}.name", "is required and must be a non-empty string")
        if name.casefold() in seen_names:
            raise fail(f"{key}.name", f"duplicate topic name {name!r} (also topics.{seen_names[name.casefold()]})")
        seen_names[name.casefold()] = tid
        keywords = item.get("keywords")
        if not isinstance(keywords, list) or not keywords:
            raise fail(f"{key}.keywords", "is required: a non-empty list of words or phrases")
        for j, kw in enumerate(keywords):
            if not isinstance(kw, str) or not kw.strip():
                raise fail(f"{key}.keywords[{j}]", "must be a non-empty string")
        exclude = item.get("exclude", [])
        if not isinstance(exclude, list) or not all(isinstance(x, str) and x.strip() for x in exclude):
            raise fail(f"{key}.exclude", "must be a list of non-empty strings")
        names = item.get("names", {})
        if not isinstance(names, dict):
            raise fail(f"{key}.names", 'must be a table of names by language, e.g. names = {it = "Pagamenti mobili"}')
        for lang, local in names.items():
            if not _LANGUAGE_CODE.match(lang):
                raise fail(f"{key}.names.{lang}", "a language code is two or three lowercase letters, e.g. it")
            if not isinstance(local, str) or not local.strip():
                raise fail(f"{key}.names.{lang}", "must be a non-empty string")
        aliases = item.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise fail(f"{key}.aliases", "must be a list of non-empty strings")
        spellings = [name, *names.values(), *aliases]
        for spelling in spellings:
            owner = seen_names.get(spelling.strip().casefold())
            if owner is not None and owner != tid:
                raise fail(f"{key}", f"the name or alias {spelling!r} also names topics.{owner}")
            seen_names[spelling.strip().casefold()] = tid
        topics.append(Topic(id=tid, name=name.strip(), keywords=tuple(k.strip() for k in keywords),
                            exclude=tuple(x.strip() for x in exclude),
                            names=tuple((lang, local.strip()) for lang, local in sorted(names.items())),
                            aliases=tuple(a.strip() for a in aliases)))
    return topics


def parse_entities(data: dict[str, Any], source: str = "") -> tuple[Entity, ...]:
    """Validate a gazetteer document (``[[entities]]`` tables)."""

    def fail(key: str, reason: str) -> ConfigError:
        return ConfigError(key, reason, source or None)

    _no_unknown_keys(data, {"entities"}, "", fail)
    raw = data.get("entities", [])
    if not isinstance(raw, list):
        raise fail("entities", "must be an array of tables ([[entities]])")
    out: list[Entity] = []
    names: dict[str, int] = {}
    for i, item in enumerate(raw):
        key = f"entities[{i}]"
        if not isinstance(item, dict):
            raise fail(key, "must be a table")
        _no_unknown_keys(item, _ENTITY_KEYS, f"{key}.", fail)
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise fail(f"{key}.name", "is required and must be a non-empty string")
        if name.casefold() in names:
            raise fail(f"{key}.name", f"duplicate entity {name!r} (also entities[{names[name.casefold()]}])")
        names[name.casefold()] = i
        etype = item.get("type")
        if etype not in ENTITY_TYPES:
            raise fail(f"{key}.type", f"must be one of {', '.join(ENTITY_TYPES)}, not {etype!r}")
        lists = {}
        for field_name in ("aliases", "weak", "related", "sport"):
            value = item.get(field_name, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise fail(f"{key}.{field_name}", "must be a list of non-empty strings")
            lists[field_name] = tuple(v.strip() for v in value)
        exact = item.get("exact_case", False)
        if not isinstance(exact, bool):
            raise fail(f"{key}.exact_case", "must be true or false")
        noun_in = item.get("noun_in", [])
        if not isinstance(noun_in, list) or not all(v in NOUN_LANGUAGES for v in noun_in):
            raise fail(f"{key}.noun_in", f"must be a list of language codes among {', '.join(NOUN_LANGUAGES)}")
        platform = item.get("platform", False)
        if not isinstance(platform, bool):
            raise fail(f"{key}.platform", "must be true or false")
        if platform and etype != "product":
            raise fail(f"{key}.platform", f"only a product can be a platform, not a {etype}")
        out.append(Entity(name=name.strip(), type=etype, exact_case=exact, noun_in=tuple(noun_in), platform=platform,
                          **lists))
    return tuple(out)


def url_problem(url: str) -> str | None:
    """Why ``url`` is not a usable feed URL, or None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "not a valid URL"
    if parts.scheme not in ("http", "https"):
        return "not an http(s) URL"
    if not parts.hostname:
        return "has no host"
    if any(c.isspace() for c in url.strip()):
        return "contains whitespace"
    try:
        _ = parts.port  # raises on a port outside 0-65535 or not a number
    except ValueError:
        return "has an invalid port"
    return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _no_unknown_keys(table: dict[str, Any], allowed: set[str], prefix: str, fail) -> None:
    for key in table:
        if key not in allowed:
            raise fail(f"{prefix}{key}", f"unknown key (allowed: {', '.join(sorted(allowed))})")


def describe(config: Config) -> str:
    """A human summary of a valid config, for ``check-config``."""
    lines = [f"config OK: {config.source or '(in memory)'}"]
    lines.append(f"  admins: {len(config.admins)}; default poll interval: {config.poll_interval_seconds}s")
    lines.append(f"  feeds: {len(config.feeds)}")
    for feed in config.feeds:
        lines.append(f"    - {feed.name}: {feed.url} (every {feed.interval_seconds}s)")
    lines.append(f"  topics: {len(config.topics)}")
    for topic in config.topics:
        local = "".join(f", {lang}: {n}" for lang, n in topic.names)
        lines.append(f"    - {topic.id} ({topic.name}{local}): {len(topic.keywords)} keywords")
    types: dict[str, int] = {}
    for ent in config.entities:
        types[ent.type] = types.get(ent.type, 0) + 1
    detail = ", ".join(f"{n} {t}" for t, n in sorted(types.items()))
    lines.append(f"  gazetteer entities: {len(config.entities)}" + (f" ({detail})" if detail else ""))
    return "\n".join(lines)


# [delivery] key -> (lowest, highest): pacing above Telegram's documented limits only earns 429s.
_DELIVERY_RANGES = {
    "messages_per_second": (1, 1000), "chat_burst": (1, 20), "chat_messages_per_second": (0.01, 100),
    "group_messages_per_minute": (1, 1000), "storm_threshold": (1, 1000), "storm_window_seconds": (1, 86400),
}


def _parse_delivery(raw: Any, fail) -> DeliveryConfig:
    if not isinstance(raw, dict):
        raise fail("delivery", "must be a table ([delivery])")
    _no_unknown_keys(raw, set(_DELIVERY_RANGES), "delivery.", fail)
    values = {}
    for key, value in raw.items():
        low, high = _DELIVERY_RANGES[key]
        number_ok = _is_int(value) or (isinstance(low, float) and isinstance(value, float))
        if not number_ok or not low <= value <= high:
            raise fail(f"delivery.{key}", f"must be a number from {low} to {high}, not {value!r}")
        values[key] = value
    return DeliveryConfig(**values)

"""The admin's config: the shipped one is valid, and every mistake is named with its key and reason."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from bot.config import load_config, parse_config
from bot.errors import ConfigError
from tests.conftest import CONFIG_PATH, ROOT

GOOD = {
    "bot": {"admins": [1], "poll_interval_seconds": 60},
    "feeds": [{"name": "A", "url": "https://a.example/feed"}],
    "topics": {"mobile-payments": {"name": "Mobile payments", "keywords": ["Apple Pay"]}},
}


def variant(**changes):
    import copy

    data = copy.deepcopy(GOOD)
    for path, value in changes.items():
        target = data
        keys = path.split("__")
        for k in keys[:-1]:
            target = target[int(k)] if isinstance(target, list) else target[k]
        target[keys[-1]] = value
    return data


def test_shipped_config_is_valid(config):
    assert len(config.feeds) >= 6
    assert {t.id for t in config.topics} >= {"mobile-payments", "chinese-tech"}
    assert len(config.entities) >= 200
    assert config.topic("Mobile payments").id == "mobile-payments"


def test_feed_interval_defaults_to_bot_interval():
    config = parse_config(GOOD)
    assert config.feeds[0].interval_seconds == 60


@pytest.mark.parametrize(
    "data, key, reason",
    [
        (variant(bot__colour="blue"), "bot.colour", "unknown key"),
        (variant(feeds__0__urll="x"), "feeds[0].urll", "unknown key"),
        (variant(feeds__0__url="ftp://a.example/feed"), "feeds[0].url", "not an http(s) URL"),
        (variant(feeds__0__url="https:///nohost"), "feeds[0].url", "has no host"),
        (variant(feeds__0__interval_seconds=0), "feeds[0].interval_seconds", "from 1 to 604800"),
        (variant(feeds__0__interval_seconds="5"), "feeds[0].interval_seconds", "from 1 to 604800"),
        (variant(feeds__0__interval_seconds=10**12), "feeds[0].interval_seconds", "from 1 to 604800"),
        (variant(bot__poll_interval_seconds=-1), "bot.poll_interval_seconds", "from 1 to 604800"),
        (variant(bot__admins=["me"]), "bot.admins", "Telegram user ids"),
        (variant(bot__suggested_topics=["cooking"]), "bot.suggested_topics[0]", "unknown topic"),
        (variant(topics__Bad_Id={"name": "x", "keywords": ["y"]}), "topics.Bad_Id", "topic id"),
        (variant(**{"topics__mobile-payments": {"name": "M", "keywords": []}}), "topics.mobile-payments.keywords", "non-empty"),
    ],
)
def test_bad_config_names_key_and_reason(data, key, reason):
    with pytest.raises(ConfigError) as info:
        parse_config(data)
    assert info.value.key == key
    assert reason in info.value.reason


def test_duplicate_feed_is_refused():
    data = variant()
    data["feeds"].append({"name": "B", "url": "https://a.example/feed"})
    with pytest.raises(ConfigError, match=r"feeds\[1\].url: duplicate feed URL"):
        parse_config(data)
    data["feeds"][1] = {"name": "a", "url": "https://b.example/feed"}
    with pytest.raises(ConfigError, match=r"feeds\[1\].name: duplicate feed name"):
        parse_config(data)


def test_syntax_error_is_reported_with_the_file(tmp_path):
    path = tmp_path / "feeds.toml"
    path.write_text("[bot\nadmins = [1]\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(path)


def _check_config(path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", "check-config", "--config", str(path)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )


def test_check_config_command_accepts_shipped_config():
    result = _check_config(CONFIG_PATH)
    assert result.returncode == 0, result.stderr
    assert "config OK" in result.stdout and "mobile-payments" in result.stdout


@pytest.mark.parametrize(
    "body, needle",
    [
        ('[[feeds]]\nname = "A"\nurl = "https://a.example/f"\ncolour = "red"\n', "feeds[0].colour: unknown key"),
        ('[[feeds]]\nname = "A"\nurl = "not a url"\n', "feeds[0].url: not an http(s) URL"),
    ],
)
def test_check_config_command_rejects_and_names_the_key(tmp_path, body, needle):
    path = tmp_path / "feeds.toml"
    path.write_text(textwrap.dedent(body))
    result = _check_config(path)
    assert result.returncode == 2
    assert needle in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("entry", "key", "reason"),
    [
        ({"name": "Zelle", "type": "product", "noun_in": ["german"]}, "entities[0].noun_in", "language codes"),
        ({"name": "Zelle", "type": "product", "noun_in": "de"}, "entities[0].noun_in", "language codes"),
        ({"name": "Zelle", "type": "product", "noun_in": ["zh"]}, "entities[0].noun_in", "language codes"),
    ],
)
def test_a_bad_noun_in_names_the_key(entry, key, reason):
    from bot.config import parse_entities

    with pytest.raises(ConfigError) as info:
        parse_entities({"entities": [entry]})
    assert info.value.key == key and reason in info.value.reason
    assert parse_entities({"entities": [{**entry, "noun_in": ["de"]}]})[0].noun_in == ("de",)


def test_topic_names_and_aliases_and_conversation_limits():
    data = variant(**{"topics__mobile-payments__names": {"it": "Pagamenti mobili"},
                      "topics__mobile-payments__aliases": ["pagamenti digitali"],
                      "bot__max_follows_per_chat": 20, "bot__command_burst": 5, "bot__command_window_seconds": 30})
    config = parse_config(data)
    topic = config.topics[0]
    assert topic.name_in("it") == "Pagamenti mobili" and topic.name_in("en") == "Mobile payments"
    for spelling in ("pagamenti mobili", "PAGAMENTI DIGITALI", "mobile payments", "mobile-payments"):
        assert config.topic(spelling) is topic
    assert (config.max_follows_per_chat, config.command_burst, config.command_window_seconds) == (20, 5, 30)
    assert parse_config(GOOD).max_follows_per_chat == 50


@pytest.mark.parametrize("changes, key, reason", [
    ({"topics__mobile-payments__names": ["Pagamenti"]}, "topics.mobile-payments.names", "table of names by language"),
    ({"topics__mobile-payments__names": {"italiano": "X"}}, "topics.mobile-payments.names.italiano", "language code"),
    ({"topics__mobile-payments__names": {"it": " "}}, "topics.mobile-payments.names.it", "non-empty"),
    ({"topics__mobile-payments__aliases": "pay"}, "topics.mobile-payments.aliases", "list of non-empty strings"),
    ({"topics__tech": {"name": "Tech", "keywords": ["x"], "aliases": ["Mobile payments"]}}, "topics.tech",
     "also names topics.mobile-payments"),
    ({"bot__max_follows_per_chat": 0}, "bot.max_follows_per_chat", "from 1 to 10000"),
    ({"bot__command_burst": "8"}, "bot.command_burst", "from 1 to 1000"),
])
def test_bad_topic_names_and_limits_are_named(changes, key, reason):
    with pytest.raises(ConfigError) as info:
        parse_config(variant(**changes))
    assert info.value.key == key
    assert reason in info.value.reason

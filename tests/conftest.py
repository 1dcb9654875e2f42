"""Shared fixtures: the shipped config and gazetteer, a fresh in-memory store, the test data."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from bot.config import load_config
from bot.core.entities import Gazetteer
from bot.store import Store

pytest_plugins = ["tests.pg"]  # the PostgreSQL server fixtures, for the shared store suite

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CONFIG_PATH = ROOT / "config" / "feeds.toml"


def pytest_configure(config):
    # Lemma tables (bot/lemma_tables.py) built by the tests, in process or by a `python -m bot run` child,
    # go to one directory per test session instead of the user's cache, and are removed with it.
    if not os.environ.get("NEWSBELL_CACHE_DIR"):
        config._newsbell_cache = tempfile.mkdtemp(prefix="newsbell-test-cache-")
        os.environ["NEWSBELL_CACHE_DIR"] = config._newsbell_cache


def pytest_unconfigure(config):
    cache = getattr(config, "_newsbell_cache", None)
    if cache:
        shutil.rmtree(cache, ignore_errors=True)
        os.environ.pop("NEWSBELL_CACHE_DIR", None)


def load_articles() -> list[dict]:
    with (DATA / "articles.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def seed() -> tuple[str, str]:
    title, _, body = (DATA / "alibaba-apple-pay.it.txt").read_text(encoding="utf-8").partition("\n")
    return title.strip(), body


@pytest.fixture(scope="session")
def config():
    return load_config(CONFIG_PATH)


@pytest.fixture(scope="session")
def gazetteer(config):
    return Gazetteer(config.entities)


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_store(request):
    """A fresh, migrated store on each engine: the shared store suite runs against both. PostgreSQL
    is a real server started by the tests (tests/pg.py), never a mock."""
    if request.param == "sqlite":
        store = Store(None)
    else:
        store = Store(url=request.getfixturevalue("pg_migrated_url"))
    yield store
    store.close()

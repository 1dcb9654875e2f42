"""Shared fixtures: the shipped config and gazetteer, a fresh in-memory store, the test data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.config import load_config
from bot.core.entities import Gazetteer
from bot.store import Store

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CONFIG_PATH = ROOT / "config" / "feeds.toml"


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


@pytest.fixture
def fresh_store():
    store = Store(None)
    yield store
    store.close()

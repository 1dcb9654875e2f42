"""``python -m bot summarise``: the summariser's command-line contract (how summaries are evaluated).

PATH is a feed document (every entry is summarised) or an article file: ``.txt`` (first line the
title, the rest the body) or ``.html`` (main text extracted).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from bot import lemma_tables
from bot.config import load_config
from bot.core.entities import Gazetteer
from bot.core.extract import extract_article
from bot.core.follows import resolve_follow
from bot.core.format import describe_reason
from bot.core.match import FollowIndex
from bot.core.parse import parse_feed
from bot.core.summarise import summarise
from bot.errors import InputError, ParseError
from bot.types import Follow, Summary

MAX_INPUT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Doc:
    title: str
    body: str
    link: str
    source: str


def read_docs(path: Path) -> list[Doc]:
    try:
        raw = path.read_bytes()[: MAX_INPUT_BYTES + 1]
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(f"{path}: larger than {MAX_INPUT_BYTES} bytes")
    suffix = path.suffix.lower()
    if suffix == ".txt":
        text = _decode(raw, path)
        title, _, body = text.lstrip("\ufeff").partition("\n")
        return [Doc(title.strip(), body, "", path.name)]
    if suffix in (".html", ".htm", ".xhtml"):
        title, body = extract_article(_decode(raw, path))
        return [Doc(title, body, "", path.name)]
    try:
        feed = parse_feed(raw, url="")
    except ParseError as exc:
        raise InputError(f"{path}: {exc}") from None
    return [Doc(e.title, e.summary, e.link, feed.title or path.name) for e in feed.entries]


def _decode(raw: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path}: not readable as UTF-8 or Windows-1252 text")


def run_summarise(config_path: str, paths: list[str], follows: list[str], as_json: bool) -> int:
    config = load_config(config_path)
    lemma_tables.install()  # the bot's lemma tries: many languages without reloading dictionaries per article
    gazetteer = Gazetteer(config.entities)
    follow_objs = []
    for i, term in enumerate(follows):
        try:
            res = resolve_follow(term, config.topics, gazetteer)
        except ValueError as exc:
            raise InputError(f"--follow {term!r}: {exc}") from None
        follow_objs.append(Follow(chat_id=i, kind=res.kind, value=res.value, label=term))
        # "apple -pie": the mutes belong to this --follow, as they would to a chat's /follow.
        follow_objs += [Follow(chat_id=i, kind=m.kind, value=m.value, label=m.label) for m in res.mutes]
    index = FollowIndex(follow_objs, config.topics, gazetteer)
    docs: list[Doc] = []
    for p in paths:
        docs.extend(read_docs(Path(p)))
    out = sys.stdout
    for doc in docs:
        summary = summarise(doc.title, doc.body, gazetteer)
        topics = sorted(index.matching_topics(summary))
        matched = index.match(summary)
        hits = [follows[i] for i in sorted(matched)]
        if as_json:
            out.write(json.dumps(_record(doc, summary, topics, hits), ensure_ascii=False) + "\n")
        else:
            out.write(_render(doc, summary, topics, [r for i in sorted(matched) for r in matched[i]], config) + "\n\n")
    return 0


def _record(doc: Doc, summary: Summary, topics: list[str], hits: list[str]) -> dict:
    return {
        "title": doc.title,
        "headline": summary.headline,
        "link": doc.link,
        "language": summary.language,
        "entities": list(summary.entities),
        "entity_types": summary.entity_types,
        "topics": topics,
        "follows": hits,
    }


def _render(doc: Doc, summary: Summary, topics: list[str], reasons, config) -> str:
    names = {t.id: t.name for t in config.topics}
    lines = [summary.headline, f"  source: {doc.source} · language: {summary.language}"]
    if summary.entities:
        lines.append("  entities: " + ", ".join(
            f"{e} ({summary.entity_types[e]})" if e in summary.entity_types else e for e in summary.entities))
    if doc.link:
        lines.append(f"  link: {doc.link}")
    if topics:
        lines.append("  topics: " + ", ".join(names.get(t, t) for t in topics))
    if reasons:
        lines.append("  why: " + "; ".join(describe_reason(r) for r in reasons))
    return "\n".join(lines)

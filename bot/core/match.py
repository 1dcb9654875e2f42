"""Which chats an article reaches, and why. Pure: a summary and a follow index in, reasons out.

Three kinds of follow:
- ``entity``: a gazetteer entity (``/follow alibaba``); matches any of its names in any script, with
  the gazetteer's case rules (Apple the company, not apple the fruit).
- ``topic``: a configured topic; matches when its keyword evidence reaches ``TOPIC_THRESHOLD``.
- ``term``: any other word or phrase; case-insensitive, accent-insensitive, whole words (CJK as substrings).

Term and topic keywords live in one Aho-Corasick automaton, so matching an article costs one
scan of its text whatever the number of chats.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from bot.core.entities import Gazetteer
from bot.core.text import at_word_boundaries, fold, is_cjk
from bot.types import Follow, Reason, Summary, Topic

# Evidence a topic needs: a keyword in the headline (3) or three mentions in the body (1 each).
TOPIC_THRESHOLD = 3
TITLE_WEIGHT = 3
MAX_BODY_HITS_PER_KEYWORD = 3


@dataclass(frozen=True)
class _Pattern:
    kind: str  # "term" | "topic"
    key: str  # the folded term, or the topic id
    surface: str  # as the user or admin wrote it
    cjk: bool


class FollowIndex:
    """Every follow of every chat, compiled for one-pass matching. Rebuild it when follows change."""

    def __init__(self, follows: Iterable[Follow], topics: Iterable[Topic], gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.topics = {t.id: t for t in topics}
        self._term_chats: dict[str, list[Follow]] = defaultdict(list)
        self._entity_chats: dict[str, list[Follow]] = defaultdict(list)
        self._topic_chats: dict[str, list[Follow]] = defaultdict(list)
        for f in follows:
            if f.kind == "term":
                self._term_chats[fold(f.value)].append(f)
            elif f.kind == "entity":
                self._entity_chats[f.value].append(f)
            elif f.kind == "topic" and f.value in self.topics:
                self._topic_chats[f.value].append(f)
        # Topic keywords that name a gazetteer entity are matched through the gazetteer (all its
        # names and scripts, its case rules); the rest go into the automaton as plain terms.
        self._topic_entities: dict[str, list[tuple[str, str]]] = defaultdict(list)
        patterns: dict[str, list[_Pattern]] = defaultdict(list)
        for key in self._term_chats:
            if key.strip():
                patterns[key].append(_Pattern("term", key, self._term_chats[key][0].value, _cjk(key)))
        for topic in self.topics.values():
            for kw in topic.keywords:
                ent = gazetteer.lookup(kw)
                if ent is not None:
                    self._topic_entities[ent.name].append((topic.id, kw))
                else:
                    key = fold(kw)
                    patterns[key].append(_Pattern("topic", topic.id, kw, _cjk(key)))
        self._automaton = ahocorasick.Automaton()
        for key, plist in patterns.items():
            self._automaton.add_word(key, (len(key), tuple(plist)))
        self._has_patterns = bool(patterns)
        if self._has_patterns:
            self._automaton.make_automaton()

    def topic_evidence(self, summary: Summary) -> dict[str, dict[str, int]]:
        """``{topic_id: {keyword: score}}`` for every topic with any evidence in the article."""
        evidence: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for part, text in (("title", summary.headline), ("body", summary.text)):
            for pattern, _start in self._scan(text):
                if pattern.kind == "topic":
                    evidence[pattern.key][pattern.surface] += TITLE_WEIGHT if part == "title" else 1
        for mention in summary.mentions:
            for topic_id, kw in self._topic_entities.get(mention.name, ()):
                body = mention.count - (1 if mention.in_title else 0)
                evidence[topic_id][kw] += (TITLE_WEIGHT if mention.in_title else 0) + body
        return {
            tid: {kw: min(score, TITLE_WEIGHT + MAX_BODY_HITS_PER_KEYWORD) for kw, score in kws.items()}
            for tid, kws in evidence.items()
        }

    def matching_topics(self, summary: Summary) -> dict[str, tuple[str, ...]]:
        """Topics whose evidence passes the threshold, with their keyword hits, strongest first."""
        out = {}
        for tid, kws in self.topic_evidence(summary).items():
            if sum(kws.values()) >= TOPIC_THRESHOLD:
                out[tid] = tuple(sorted(kws, key=lambda k: -kws[k]))
        return out

    def match(self, summary: Summary) -> dict[int, list[Reason]]:
        """``{chat_id: [reasons]}`` for every chat the article should reach."""
        reasons: dict[int, list[Reason]] = defaultdict(list)
        term_hits: set[str] = set()
        for text in (summary.headline, summary.text):
            for pattern, _start in self._scan(text):
                if pattern.kind == "term":
                    term_hits.add(pattern.key)
        for key in sorted(term_hits):
            for f in self._term_chats[key]:
                reasons[f.chat_id].append(Reason("term", f.label, (f.value,)))
        for mention in summary.mentions:
            for f in self._entity_chats.get(mention.name, ()):
                reasons[f.chat_id].append(Reason("entity", f.label, (mention.name,)))
        for tid, hits in self.matching_topics(summary).items():
            for f in self._topic_chats.get(tid, ()):
                reasons[f.chat_id].append(Reason("topic", f.label, hits[:4]))
        return dict(reasons)

    def _scan(self, text: str):
        if not self._has_patterns or not text:
            return
        folded = fold(text)
        for end, (length, plist) in self._automaton.iter(folded):
            start = end - length + 1
            for pattern in plist:
                if pattern.cjk or at_word_boundaries(folded, start, end + 1):
                    yield pattern, start


def _cjk(text: str) -> bool:
    return any(is_cjk(c) for c in text)


MAX_FOLLOW_LENGTH = 100
_QUOTES = ('"', "“", "”", "«", "»", "'", "„")


@dataclass(frozen=True)
class Resolution:
    """What a user's ``/follow`` argument became, for the store and for the reply."""

    kind: str  # "term" | "entity" | "topic"
    value: str
    label: str
    literal_alternative: str | None = None  # how to follow the words literally instead


def resolve_follow(raw: str, topics: Iterable[Topic], gazetteer: Gazetteer) -> Resolution:
    """Turn ``/follow`` text into a follow. Raises ``ValueError`` with a message for the user."""
    text = " ".join(raw.split())
    if not text:
        raise ValueError("empty")
    if len(text) > MAX_FOLLOW_LENGTH:
        raise ValueError(f"That is {len(text)} characters; a follow is at most {MAX_FOLLOW_LENGTH}.")
    quoted = len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES
    if quoted:
        text = text[1:-1].strip()
    if not any(c.isalnum() for c in text):
        raise ValueError("A follow needs at least one letter or digit.")
    if not quoted:
        wanted = fold(text)
        for topic in topics:
            if wanted in (fold(topic.id), fold(topic.name), fold(topic.id.replace("-", " "))):
                return Resolution("topic", topic.id, topic.name, literal_alternative=f'/follow "{text}"')
        ent = gazetteer.lookup(text)
        if ent is not None:
            return Resolution("entity", ent.name, ent.name, literal_alternative=f'/follow "{text}"')
    return Resolution("term", fold(text), text)

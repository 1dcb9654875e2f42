"""Every term and topic keyword of every chat in two Aho-Corasick automata, and one scan of a text for them. Pure.

How a text is read:
- Both sides are folded: NFKC, casefold, accents removed, apostrophes unified (``fold``).
- Latin-script terms match whole words on Unicode word boundaries (pay is not PayPal, apple is not
  pineapple); CJK terms match as substrings, since Chinese has no spaces.
- Inflections: every token of the article is lemmatised in the article's language (simplemma ships
  its dictionaries), and every term is lemmatised in each language we serve; a term hits where its
  lemma sequence appears. Lemmas are compared within one language only, so a word never meets a
  look-alike lemma of another language. "pagamenti mobili" ~ "pagamento mobile", payments ~ payment.

A topic keyword written with a leading ``*`` ("*Pay") stands for a family of brand names glued to the
word (GoPay, 楽天ペイ: ``bot.core.brands``). No user-supplied regular expression is ever compiled:
terms go into Aho-Corasick automata as plain strings; families are the admin's, from the config.

The two automata hold folded surface forms and lemma sequences per language, so reading an article
costs one scan of its text whatever the number of chats. Compiled automata are reused while the set
of distinct terms is unchanged, and term lemmas are memoised, so rebuilding the index after a follow
costs little more than grouping the follows (``bot.core.match``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick

from bot.core import lemmas
from bot.core.brands import Families, compile_families, is_family
from bot.core.entities import Gazetteer
from bot.core.follows import term_key
from bot.core.text import fold, has_cjk, is_cjk
from bot.types import Topic

# Languages simplemma lemmatises for us; Chinese needs no inflection handling.
LEMMA_LANGUAGES = ("it", "en", "de", "fr", "es")

_TOKEN = re.compile(r"\w+")
_SPLIT = re.compile(r"(\w+)")
_BREAK = re.compile(r"[^\s'\-]")  # a gap holding anything else (a full stop, a comma) ends a phrase
_LEMMA_CACHE_MAX = 300_000
_lemma_cache: dict[str, dict[str, str]] = {lang: {} for lang in LEMMA_LANGUAGES}
# A word and its lemma share their first three letters (torte/torta, paghi/pagare, pays/pay; only
# irregular forms such as went/go do not): the lookup gate in ``scan`` compares them.
PREFIX = 3


# --- folding and lemmas -----------------------------------------------------------------------------


def _casefold(text: str) -> str:
    """NFKC and casefold, accents kept: the lemmatiser needs them (numériques, not numeriques)."""
    return unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()


_APOSTROPHES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                              "\u00b4": "'", "`": "'"})


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _lemma(token: str, lang: str) -> str:
    """The folded lemma of a casefolded token; memoised because news vocabulary repeats."""
    cache = _lemma_cache[lang]
    lem = cache.get(token)
    if lem is None:
        if len(token) < 3 or not token.isalpha() or has_cjk(token):
            lem = _strip_accents(token)
        else:
            lem = fold(lemmas.lemmatize(token, lang))
        if len(cache) >= _LEMMA_CACHE_MAX:
            cache.clear()
        cache[token] = lem
    return lem


@lru_cache(maxsize=200_000)
def lemma_keys(term: str) -> tuple[tuple[str, str], ...]:
    """``((language, lemma sequence), ...)`` for a term, or ``()`` when only its exact form should match.

    Terms with CJK or with punctuation inside (jd.com, c++) match literally only.
    """
    folded_tokens = _TOKEN.findall(fold(term))
    if not folded_tokens or has_cjk(term):
        return ()
    casefolded = _casefold(term)
    tokens = list(_TOKEN.finditer(casefolded))
    for prev, nxt in zip(tokens, tokens[1:], strict=False):
        if _BREAK.search(casefolded[prev.end():nxt.start()]):
            return ()
    if _BREAK.search(casefolded[: tokens[0].start()] + casefolded[tokens[-1].end():]):
        return ()
    # The surface form is a key too: simplemma gets some words wrong (torta -> torto), and then the
    # term still meets its inflections (torte -> torta).
    surface = " ".join(_strip_accents(t.group()) for t in tokens)
    keys = {(lang, " ".join(_lemma(t.group(), lang) for t in tokens)) for lang in LEMMA_LANGUAGES}
    keys |= {(lang, surface) for lang in LEMMA_LANGUAGES}
    return tuple(sorted(keys))


# --- the automata -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Role:
    """What a pattern stands for: a term (followed or muted) or a topic keyword (or exclude keyword)."""

    kind: str  # "term" | "topic"
    key: str  # the folded term, or the topic id
    surface: str = ""  # the keyword as the admin wrote it
    exclude: bool = False


@dataclass
class Compiled:
    """Both automata for one set of terms and topics, and what a scan needs beside them."""

    literal: ahocorasick.Automaton | None
    lemma: ahocorasick.Automaton | None
    topic_entities: dict[str, list[tuple[str, str]]]  # entity name -> [(topic id, keyword)]
    # The first PREFIX letters of every lemma the lemma automaton knows: a word that starts otherwise
    # cannot lemmatise to one of them, so it is never looked up.
    lemma_prefixes: frozenset[str] = frozenset()
    families: dict[str, Families] = field(default_factory=dict)  # topic id -> its brand families


@dataclass
class Analysis:
    """One article read once: which terms, keywords and entities it names, in prose."""

    terms: set[str] = field(default_factory=set)
    # (topic id, keyword, exclude) -> [title literal, body literal, title lemma, body lemma]
    keywords: dict[tuple[str, str, bool], list[int]] = field(default_factory=dict)
    entities: dict[str, list[int]] = field(default_factory=dict)  # name -> [title hits, body hits]
    brands: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (topic, "GoPay") -> [title, body]
    channels: frozenset[str] = frozenset()  # platforms named only as where something was posted (no topic evidence)


_compiled_cache: dict[str, object] = {}


def compile_automata(terms: frozenset[str], topics: tuple[Topic, ...], gazetteer: Gazetteer,
                     cache: bool = True) -> Compiled:
    """Both automata for a set of distinct terms and the topics; the last result is reused (``cache``:
    a delta's small automata would only push the main one out)."""
    if (cache and _compiled_cache.get("terms") == terms and _compiled_cache.get("topics") == topics
            and _compiled_cache.get("gazetteer") is gazetteer):
        return _compiled_cache["value"]  # type: ignore[return-value]
    literal: dict[str, list[_Role]] = defaultdict(list)
    lemma: dict[str, dict[str, list[_Role]]] = defaultdict(lambda: defaultdict(list))

    for key in terms:
        role = _Role("term", key)
        literal[key].append(role)
        for lang, lkey in lemma_keys(key):
            lemma[f" {lkey} "][lang].append(role)
    topic_entities: dict[str, list[tuple[str, str]]] = defaultdict(list)
    topic_families: dict[str, Families] = {}
    for topic in topics:
        # Keywords sharing a lemma ("mobile payment", "mobile payments") are one keyword, so one
        # occurrence that hits both literally and by lemma is counted once.
        canonical: dict[tuple[bool, str, str], str] = {}
        families = compile_families(topic.keywords)
        if families is not None:
            topic_families[topic.id] = families
        for kw, exclude in [(k, False) for k in topic.keywords] + [(x, True) for x in topic.exclude]:
            if is_family(kw):
                continue
            ent = None if exclude else gazetteer.lookup(kw)
            if ent is not None:
                # One entity is one keyword, however many of its names the admin listed (鸿蒙, HarmonyOS).
                if not any(tid == topic.id for tid, _kw in topic_entities[ent.name]):
                    topic_entities[ent.name].append((topic.id, kw))
                continue
            key = term_key(kw)
            if not key:
                continue
            lkeys = lemma_keys(kw)
            surface = next((canonical[(exclude, *k)] for k in lkeys if (exclude, *k) in canonical), kw)
            role = _Role("topic", topic.id, surface, exclude)
            if role not in literal[key]:
                literal[key].append(role)
            for lang, lkey in lkeys:
                canonical.setdefault((exclude, lang, lkey), surface)
                roles = lemma[f" {lkey} "][lang]
                if role not in roles:
                    roles.append(role)
    lem_auto = None
    lit_auto = _automaton({key: (len(key), has_cjk(key), tuple(roles)) for key, roles in literal.items()})
    if lemma:
        lem_auto = ahocorasick.Automaton()
        for key, by_lang in lemma.items():
            lem_auto.add_word(key, (len(key), {lang: tuple(r) for lang, r in by_lang.items()}))
        lem_auto.make_automaton()
    prefixes = frozenset(token[:PREFIX] for key in lemma for token in key.split())
    compiled = Compiled(lit_auto, lem_auto, dict(topic_entities), prefixes, topic_families)
    if cache:
        _compiled_cache.update(terms=terms, topics=topics, gazetteer=gazetteer, value=compiled)
    return compiled


def _automaton(words: dict[str, object]) -> ahocorasick.Automaton | None:
    if not words:
        return None
    auto = ahocorasick.Automaton()
    for key, value in words.items():
        auto.add_word(key, value)
    auto.make_automaton()
    return auto


# --- reading a text -------------------------------------------------------------------------------


def scan(compiled: Compiled, text: str, part: int, lang: str, found: Analysis) -> None:
    """Record in ``found`` the terms and keywords of ``compiled`` that ``text`` holds (``part``: 0 headline, 1 body)."""
    # Every term is also matched as written (folded): the user may type "collaborera" for
    # "collaborerà", whose lemma (collaborare) the accentless form never reaches.
    literal = compiled.literal
    if literal is not None:
        folded = fold(text)
        n = len(folded)
        for end, (length, cjk, roles) in literal.iter(folded):
            if not cjk:  # whole words only: nothing alphanumeric glued on either side (CJK aside)
                start = end - length + 1
                if start:
                    c = folded[start - 1]
                    if (c.isalnum() or c == "_") and (c < "\u3040" or not is_cjk(c)):  # CJK starts at U+3040
                        continue
                if end + 1 < n:
                    c = folded[end + 1]
                    if (c.isalnum() or c == "_") and (c < "\u3040" or not is_cjk(c)):  # CJK starts at U+3040
                        continue
            _record(found, roles, part)
    if compiled.lemma is None or not lang:
        return
    pieces = _SPLIT.split(_casefold(text))  # [gap, token, gap, token, ..., gap]
    cache = _lemma_cache[lang]
    prefixes = compiled.lemma_prefixes
    stream = [""]
    for i in range(1, len(pieces), 2):
        gap = pieces[i - 1]
        if i > 1 and gap != " " and _BREAK.search(gap):
            stream.append("|")
        token = pieces[i]
        lem = cache.get(token)
        if lem is None:
            # Lemmatising costs a dictionary search; a word whose start no known lemma shares cannot
            # lemmatise to one (simplemma's compact tables made this the matcher's main cost).
            lem = _lemma(token, lang) if _strip_accents(token[:PREFIX]) in prefixes else token
        stream.append(lem)
    stream.append("")
    for _end, (_length, by_lang) in compiled.lemma.iter(" ".join(stream)):
        roles = by_lang.get(lang)
        if roles is not None:
            _record(found, roles, part + 2)


def _record(found: Analysis, roles: tuple[_Role, ...], slot: int) -> None:
    for role in roles:
        if role.kind == "term":
            found.terms.add(role.key)
        else:
            counts = found.keywords.setdefault((role.key, role.surface, role.exclude), [0, 0, 0, 0])
            counts[slot] += 1

"""Which chats an article reaches, and why. Pure: a summary and a follow index in, reasons out.

Kinds of follow (``Follow.kind``):
- ``entity``: a gazetteer entity (``/follow alibaba``); matches any of its names in any script, with
  the gazetteer's case rules, and products named after it (Apple Pay and Apple Watch name Apple).
- ``topic``: a configured topic; matches when its keyword evidence reaches ``TOPIC_THRESHOLD`` and
  its ``exclude`` keywords do not reach it too.
- ``term``: any other word or phrase; case-, accent- and inflection-insensitive, whole words (CJK as substrings).
- ``mute``: ``term:pie``, ``entity:Apple`` or ``topic:chinese-tech``. ``/mute pie`` mutes for the whole
  chat: an article that hits it reaches that chat through no follow. ``/follow apple -pie`` mutes inside
  one follow: the value carries the follow after a tab (``term:pie\tentity:Apple``), and only that
  follow stops matching; the chat's other follows still can.

How a text is read:
- Both sides are folded: NFKC, casefold, accents removed, apostrophes unified (``fold``).
- Latin-script terms match whole words on Unicode word boundaries (pay is not PayPal, apple is not
  pineapple); CJK terms match as substrings, since Chinese has no spaces.
- Inflections: every token of the article is lemmatised in the article's language (simplemma ships
  its dictionaries), and every term is lemmatised in each language we serve; a term hits where its
  lemma sequence appears. Lemmas are compared within one language only, so a word never meets a
  look-alike lemma of another language. "pagamenti mobili" ~ "pagamento mobile", payments ~ payment.
- Page furniture does not count: a run of three or more short lines (a product box, a sidebar, a
  list of links) is not prose. The headline always counts.

The ambiguity rule. An entity whose name is also an ordinary word is marked ``exact_case`` in the
gazetteer (Apple/apple, Amazon/amazon, TIM/tim, Visa/visa); its weak forms (Ma for Jack Ma) already
count only capitalised, mid-sentence and beside the full name. A single-word exact-case form such as
"Apple" counts as the entity only where the text uses it as one:
- written as the gazetteer writes it (so "apple pie" and "pineapple" never count);
- not in a Title Case line of an English text ("Classic Apple Pie"), where capitals prove nothing;
- and, at the start of a sentence or headline, only if the text never uses the word in lower case
  ("Apple pie is easy. Peel the apples" is about fruit).
Unambiguous aliases (苹果公司, "Apple Inc.") and CJK forms always count by this rule. In a text about
orchards, fields or kitchens (``bot.core.homographs``), a form the produce shares ("Apple", "アップル",
小米) counts only beside a form no farm uses ("Apple Inc.", 小米集团, "Apple Pay"). A name beside a
venue noun ("PayPal Park", "みずほPayPayドーム", ``bot.core.venues``) names the place, not the firm.
A topic keyword written with a leading ``*`` ("*Pay") stands for a family of brand names glued to the
word (GoPay, 楽天ペイ: ``bot.core.brands``). No user-supplied regular expression is ever compiled:
terms go into Aho-Corasick automata as plain strings; families are the admin's, from the config.

All terms and topic keywords of every chat live in two automata (folded surface forms, and lemma
sequences per language), so matching an article costs one scan of its text whatever the number of
chats. Compiled automata are reused while the set of distinct terms is unchanged, and term lemmas
are memoised, so rebuilding the index after a follow costs little more than grouping the follows.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick

from bot.core import lemmas
from bot.core.brands import Families, compile_families, is_family
from bot.core.channels import only_as_channel
from bot.core.entities import GENITIVE_S, STRONG, TITLE_CASE_LANGUAGES, Gazetteer, is_title_case
from bot.core.follows import (  # noqa: F401 (resolving lives there; callers import it from here too)
    _MUTE_KINDS,
    MAX_FOLLOW_LENGTH,
    MUTE,
    SCOPE_SEPARATOR,
    FollowError,
    Resolution,
    mute_parts,
    resolve_follow,
    resolve_mute,
    split_negatives,
    term_key,
)
from bot.core.furniture import short_line_runs
from bot.core.homographs import is_plain, speaks_of_produce, used_as_entity
from bot.core.roles import INFLECTING_LANGUAGES
from bot.core.text import fold, is_cjk
from bot.core.venues import is_venue, mentions_venue
from bot.types import Follow, Reason, Summary, Topic

# Evidence a topic needs: a keyword in the headline (3) or three mentions in the body (1 each).
TOPIC_THRESHOLD = 3
TITLE_WEIGHT = 3
MAX_BODY_HITS_PER_KEYWORD = 3

# Languages simplemma lemmatises for us; Chinese needs no inflection handling.
LEMMA_LANGUAGES = ("it", "en", "de", "fr", "es")
# Entity types whose products carry their name ("Apple Pay" names Apple; "China Mobile" is no China story).
MAKER_TYPES = ("company", "organisation")

_TOKEN = re.compile(r"\w+")
_SPLIT = re.compile(r"(\w+)")
_BREAK = re.compile(r"[^\s'\-]")  # a gap holding anything else (a full stop, a comma) ends a phrase
_LEMMA_CACHE_MAX = 300_000
_lemma_cache: dict[str, dict[str, str]] = {lang: {} for lang in LEMMA_LANGUAGES}
# A word and its lemma share their first three letters (torte/torta, paghi/pagare, pays/pay; only
# irregular forms such as went/go do not): the lookup gate in ``FollowIndex._scan_with`` compares them.
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
        if len(token) < 3 or not token.isalpha() or _cjk(token):
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
    if not folded_tokens or _cjk(term):
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


def _cjk(text: str) -> bool:
    return any(is_cjk(c) for c in text)


# --- the index ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Role:
    """What a pattern stands for: a term (followed or muted) or a topic keyword (or exclude keyword)."""

    kind: str  # "term" | "topic"
    key: str  # the folded term, or the topic id
    surface: str = ""  # the keyword as the admin wrote it
    exclude: bool = False


@dataclass
class _Compiled:
    literal: ahocorasick.Automaton | None
    lemma: ahocorasick.Automaton | None
    topic_entities: dict[str, list[tuple[str, str]]]  # entity name -> [(topic id, keyword)]
    # The first PREFIX letters of every lemma the lemma automaton knows: a word that starts otherwise
    # cannot lemmatise to one of them, so it is never looked up.
    lemma_prefixes: frozenset[str] = frozenset()
    families: dict[str, Families] = field(default_factory=dict)  # topic id -> its brand families


@dataclass
class _Analysis:
    """One article read once: which terms, keywords and entities it names, in prose."""

    terms: set[str] = field(default_factory=set)
    # (topic id, keyword, exclude) -> [title literal, body literal, title lemma, body lemma]
    keywords: dict[tuple[str, str, bool], list[int]] = field(default_factory=dict)
    entities: dict[str, list[int]] = field(default_factory=dict)  # name -> [title hits, body hits]
    brands: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (topic, "GoPay") -> [title, body]
    channels: frozenset[str] = frozenset()  # platforms named only as where something was posted (no topic evidence)


_compiled_cache: dict[str, object] = {}


class FollowIndex:
    """Every follow of every chat, compiled for one-pass matching.

    A follow made or dropped later costs in proportion to it (``add``, ``remove``): its chat joins or
    leaves a group, and a term new to the index goes into a small second automaton (the delta) until
    the next full build folds it into the main one (``delta_terms`` says when that is worth it).
    """

    def __init__(self, follows: Iterable[Follow], topics: Iterable[Topic], gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.topics = {t.id: t for t in topics}
        self._entity_keys: dict[str, str] = {}  # a followed entity's stored name -> its canonical name now
        # Reasons are built once here and shared by every chat with the same follow: an article that
        # reaches thousands of chats then costs one list append per chat.
        # key -> {reason: [chat, ...]}: one group per way of writing the follow.
        self._term_chats: dict[str, dict[Reason, list[int]]] = defaultdict(dict)
        self._entity_chats: dict[str, dict[Reason, list[int]]] = defaultdict(dict)
        self._topic_chats: dict[str, dict[str, list[int]]] = defaultdict(dict)  # topic id -> {label: chats}
        self._shared: dict[tuple[str, str, str], Reason] = {}
        self._mute_chats: dict[tuple[str, str], set[int]] = defaultdict(set)
        # (chat, follow kind, follow value) -> what mutes that one follow
        self._scoped_mutes: dict[tuple[int, str, str], list[tuple[str, str]]] = defaultdict(list)
        self._muted_terms: set[str] = set()
        self._muted_entities: set[str] = set()
        self._mutes_of: Counter = Counter()  # target -> how many mutes it has: the mute-sensitive chats
        for f in follows:
            self._place(f)
        self._entities_by_name = {e.name: e for e in gazetteer.entities}
        # Entities with a name that is also a word ("Apple", 小米): their mentions are always re-checked.
        self._homographic = frozenset(e.name for e in gazetteer.entities
                                      if e.exact_case or any(is_plain(f, False) for f in e.related))
        # Products named after their maker: "Apple Pay" -> Apple. Computed per index: a few hundred entities.
        self._makers: dict[str, list[str]] = defaultdict(list)
        for ent in gazetteer.entities:
            if ent.type in ("place", "person"):
                continue  # the Amazon rainforest is nobody's product
            words = ent.name.split()
            for k in range(1, len(words)):
                maker = self._entities_by_name.get(" ".join(words[:k]))
                if maker is not None and maker.type in MAKER_TYPES:
                    self._makers[ent.name].append(maker.name)
            # A variant marked by a sign ("Alipay+", "Disney+") belongs to the entity it varies, whatever its type.
            base = self._entities_by_name.get(ent.name.rstrip("+"))
            if base is not None and base.name != ent.name and base.type not in ("place", "person"):
                self._makers[ent.name].append(base.name)
        self._terms = frozenset(set(self._term_chats) | self._muted_terms)
        self._compiled = _compile(self._terms, tuple(self.topics.values()), gazetteer)
        self._delta_terms: set[str] = set()
        self._delta: _Compiled | None = None
        self._refresh()

    def _place(self, f: Follow, fresh: bool = True) -> str | None:
        """Put one follow in the groups; returns the term the automata must know, if it has one.

        ``fresh``: the index is being built and nobody reads it yet, so containers grow in place. Later
        (``add``) a poll may be matching with this index in a worker thread, so every container the
        matcher iterates is replaced by a changed copy, never changed under its feet.
        """
        kind = f.kind
        target = f.target  # the chat id, or (chat, forum topic): opaque to matching
        if kind == "term" or kind == "entity":
            reason = self._shared.get((kind, f.label, f.value))
            if reason is None:
                reason = self._shared[(kind, f.label, f.value)] = Reason(kind, f.label, (f.value,))
            key = term_key(f.value) if kind == "term" else self._entity_key(f.value)
            if key:
                table = self._term_chats if kind == "term" else self._entity_chats
                groups = table[key]
                chats = groups.get(reason)
                if fresh:
                    if chats is None:
                        groups[reason] = [target]
                    else:
                        chats.append(target)
                else:
                    table[key] = {**groups, reason: [*(chats or ()), target]}
                return key if kind == "term" else None
        elif kind == "topic" and f.value in self.topics:
            labels = self._topic_chats[f.value]
            if fresh:
                labels.setdefault(f.label, []).append(target)
            else:
                self._topic_chats[f.value] = {**labels, f.label: [*labels.get(f.label, ()), target]}
        elif kind == MUTE:
            (mkind, value), scope = mute_parts(f.value)
            value = self._mute_key(mkind, value)
            if mkind not in _MUTE_KINDS or not value:
                return None
            if scope is None:
                if fresh:
                    self._mute_chats[(mkind, value)].add(target)
                else:
                    self._mute_chats[(mkind, value)] = self._mute_chats.get((mkind, value), set()) | {target}
            else:
                skind, svalue = scope
                where = (target, skind, self._mute_key(skind, svalue))
                if fresh:
                    self._scoped_mutes[where].append((mkind, value))
                else:
                    self._scoped_mutes[where] = [*self._scoped_mutes.get(where, ()), (mkind, value)]
            self._mutes_of[target] += 1
            if mkind == "term":
                self._muted_terms.add(value)
                return value
            if mkind == "entity":
                self._muted_entities.add(value)
        return None

    def _entity_key(self, name: str) -> str:
        """The gazetteer's canonical name for a followed entity: a follow stored under a name the admins
        have since renamed (kept as an alias: "Banco Santander" under "Santander") reaches the entity."""
        key = self._entity_keys.get(name)
        if key is None:
            entity = self.gazetteer.lookup(name)
            key = self._entity_keys[name] = entity.name if entity is not None else name
        return key

    def _mute_key(self, kind: str, value: str) -> str:
        return term_key(value) if kind == "term" else self._entity_key(value) if kind == "entity" else value

    def _unplace(self, f: Follow) -> None:
        """Take one follow out of the groups, replacing each changed container (see ``_place``). Its term
        stays in the automata: matching it costs a lookup that finds no chat, until the next full build."""
        kind = f.kind
        target = f.target
        if kind == "term" or kind == "entity":
            key = term_key(f.value) if kind == "term" else self._entity_key(f.value)
            table = self._term_chats if kind == "term" else self._entity_chats
            groups = table.get(key)
            reason = self._shared.get((kind, f.label, f.value))
            chats = groups.get(reason) if groups is not None and reason is not None else None
            if chats is not None and target in chats:
                left = [c for c in chats if c != target]
                table[key] = {**groups, reason: left} if left else {r: c for r, c in groups.items() if r != reason}
        elif kind == "topic":
            labels = self._topic_chats.get(f.value, {})
            chats = labels.get(f.label)
            if chats is not None and target in chats:
                self._topic_chats[f.value] = {**labels, f.label: [c for c in chats if c != target]}
        elif kind == MUTE:
            (mkind, value), scope = mute_parts(f.value)
            value = self._mute_key(mkind, value)
            if scope is None:
                found = target in self._mute_chats.get((mkind, value), ())
                if found:
                    self._mute_chats[(mkind, value)] = self._mute_chats[(mkind, value)] - {target}
            else:
                skind, svalue = scope
                where = (target, skind, self._mute_key(skind, svalue))
                scoped = self._scoped_mutes.get(where, [])
                found = (mkind, value) in scoped
                if found:
                    self._scoped_mutes[where] = [m for m in scoped if m != (mkind, value)]
            if found:
                self._mutes_of[target] -= 1
                if self._mutes_of[target] <= 0:
                    del self._mutes_of[target]

    def _refresh(self) -> None:
        """What depends on the whole set of follows, recomputed from a few hundred entity names."""
        # Entities worth checking in an article: followed, muted, named by a topic, or products of those.
        wanted = {name for name, groups in self._entity_chats.items() if groups} | self._muted_entities
        wanted |= set(self._compiled.topic_entities)
        wanted |= {child for child, makers in self._makers.items() if wanted.intersection(makers)}
        self._wanted_entities = frozenset(wanted)
        self._mute_sensitive = frozenset(self._mutes_of)  # a snapshot: a matching thread may be reading the old one

    # --- changes ---

    def add(self, follows: Iterable[Follow]) -> None:
        """Follows made since the index was built, in time proportional to them."""
        new = {key for f in follows if (key := self._place(f, fresh=False)) and key not in self._terms}
        if new - self._delta_terms:
            self._delta_terms |= new
            self._delta = _compile(frozenset(self._delta_terms), (), self.gazetteer, cache=False)
        self._refresh()

    def remove(self, follows: Iterable[Follow]) -> None:
        """Follows dropped since the index was built."""
        for f in follows:
            self._unplace(f)
        self._refresh()

    @property
    def delta_terms(self) -> int:
        """Terms matched by the second automaton: a full build folds them in and makes matching one pass again."""
        return len(self._delta_terms)

    # --- public API ---

    def topic_evidence(self, summary: Summary) -> dict[str, dict[str, int]]:
        """``{topic_id: {keyword: score}}`` for every topic with any keyword evidence in the article."""
        return self._evidence(self._analyse(summary))[0]

    def matching_topics(self, summary: Summary) -> dict[str, tuple[str, ...]]:
        """Topics whose evidence passes the threshold, with their keyword hits, strongest first."""
        return self._topics(self._analyse(summary))

    def match(self, summary: Summary) -> dict[int, tuple[Reason, ...]]:
        """``{target: (reasons)}`` for every chat the article should reach; a target is a ``Follow.target``
        (the chat id, or (chat id, forum topic))."""
        found = self._analyse(summary)
        topics = self._topics(found)
        entities = sorted(found.entities)
        # An entity follow hits on the entity itself or on a product named after it (Apple Pay -> Apple).
        via: dict[str, list[str]] = defaultdict(list)
        for name in entities:
            via[name].append(name)
            for maker in self._makers.get(name, ()):
                via[maker].append(name)
        muted: set[int] = set()
        hit: set[tuple[str, str]] = set()  # what a mute could name: terms, entities (and makers), topics
        if self._mute_sensitive:
            hit = {("term", key) for key in found.terms} | {("topic", tid) for tid in topics}
            hit |= {("entity", name) for name in via}
            for key in hit:
                muted |= self._mute_chats.get(key, set())
        scoped = self._scoped_mutes

        def allowed(chat: int, kind: str, key: str) -> bool:
            return chat not in muted and not any(m in hit for m in scoped.get((chat, kind, key), ()))

        groups: list[tuple[Reason, list[int], str, str]] = []
        for key in sorted(found.terms):
            groups += [(reason, chats, "term", key) for reason, chats in self._term_chats.get(key, {}).items()]
        for name, evidence in via.items():
            indirect = None if name in evidence else tuple(evidence)
            for reason, chats in self._entity_chats.get(name, {}).items():
                groups.append((reason if indirect is None else Reason("entity", reason.label, indirect), chats,
                               "entity", name))
        for tid, hits in topics.items():
            for label, chats in self._topic_chats.get(tid, {}).items():
                groups.append((Reason("topic", label, hits[:4]), chats, "topic", tid))
        reasons: dict[int, tuple[Reason, ...]] = {}
        get = reasons.get
        sensitive = self._mute_sensitive
        for reason, chats, kind, key in groups:
            # Most chats are reached for one reason: they all share this group's tuple, so the hot loop
            # allocates nothing for them (a list each was a third of matching's time at 100,000 chats).
            one = (reason,)
            for chat in chats:  # the hot loop: one pass per chat reached, kept free of calls
                if sensitive and chat in sensitive and not allowed(chat, kind, key):
                    continue
                got = get(chat)
                reasons[chat] = one if got is None else got + one
        return reasons

    # --- evidence ---

    def _topics(self, found: _Analysis) -> dict[str, tuple[str, ...]]:
        evidence, vetoes = self._evidence(found)
        out = {}
        for tid, kws in evidence.items():
            if sum(kws.values()) >= TOPIC_THRESHOLD and sum(vetoes.get(tid, {}).values()) < TOPIC_THRESHOLD:
                out[tid] = tuple(sorted(kws, key=lambda k: -kws[k]))
        return out

    def _evidence(self, found: _Analysis) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
        evidence: dict[str, dict[str, int]] = defaultdict(dict)
        vetoes: dict[str, dict[str, int]] = defaultdict(dict)
        # The same occurrence may hit literally and by lemma: count the larger, not the sum.
        for (tid, kw, exclude), (t_lit, b_lit, t_lem, b_lem) in found.keywords.items():
            title, body = max(t_lit, t_lem), max(b_lit, b_lem)
            score = TITLE_WEIGHT * min(title, 1) + min(body, MAX_BODY_HITS_PER_KEYWORD)
            if score:
                (vetoes if exclude else evidence)[tid][kw] = score
        for name, (title, body) in found.entities.items():
            if name in found.channels:
                continue  # "via Instagram en TikTok": where a footballer posted says nothing of the story
            for tid, kw in self._compiled.topic_entities.get(name, ()):
                score = TITLE_WEIGHT * min(title, 1) + min(body, MAX_BODY_HITS_PER_KEYWORD)
                if score:
                    evidence[tid][kw] = max(evidence[tid].get(kw, 0), score)
        # A brand of a family ("GoPay" of "*Pay") the keywords or the gazetteer may name too: counted once.
        for (tid, brand), (title, body) in found.brands.items():
            score = TITLE_WEIGHT * min(title, 1) + min(body, MAX_BODY_HITS_PER_KEYWORD)
            counted = evidence.get(tid, {})
            if brand in counted or self._brand_named(tid, brand, counted):
                continue
            evidence[tid][brand] = score
        return dict(evidence), dict(vetoes)

    def _brand_named(self, tid: str, brand: str, evidence: dict[str, int]) -> bool:
        """True when a keyword or entity already counted names ``brand`` ("PayPay", "Kakao Pay" for 카카오페이)."""
        ent = self.gazetteer.lookup(brand)
        return ent is not None and any(kw in evidence for t, kw in self._compiled.topic_entities.get(ent.name, ())
                                       if t == tid)

    def _analyse(self, summary: Summary) -> _Analysis:
        found = _Analysis()
        lang = summary.language if summary.language in LEMMA_LANGUAGES else ""
        furniture = short_line_runs(summary.text) if summary.text else frozenset()
        if summary.headline:
            self._scan(summary.headline, 0, lang, found)
        body = summary.text
        if body:
            if furniture:  # blank the furniture out, keeping the lines where they were
                body = "\n".join("" if i in furniture else line for i, line in enumerate(body.split("\n")))
            self._scan(body, 1, lang, found)
        for tid, families in self._compiled.families.items():
            for part, text in ((0, summary.headline), (1, body)):
                for m in families.find(text):
                    if not is_venue(text, m.start(), m.end()):  # "みずほPayPayドーム" is a ballpark
                        found.brands.setdefault((tid, m.group()), [0, 0])[part] += 1
        declining = summary.language in INFLECTING_LANGUAGES
        # The summary's mentions hold the forms the gazetteer lists; a declined name ("Huaweivel") is read here.
        wanted = self._wanted_entities if declining else self._wanted_entities.intersection(summary.mentioned)
        if wanted and not furniture and self._homographic.isdisjoint(wanted) \
                and not declining \
                and not mentions_venue(summary.headline) and not mentions_venue(summary.text):
            # Nothing to re-check (no furniture, no name that is also a word, no name declined out of the
            # gazetteer's forms, no stadium that could carry a sponsor's name): the summary's counts stand.
            found.entities = {m.name: [int(m.in_title), m.count - int(m.in_title)]
                              for m in summary.mentions if m.name in wanted}
        elif wanted:
            found.entities = self._entities(summary, wanted, furniture)
        found.channels = frozenset(name for name in found.entities
                                   if only_as_channel(name, (summary.headline, summary.text)))
        return found

    def _scan(self, text: str, part: int, lang: str, found: _Analysis) -> None:
        self._scan_with(self._compiled, text, part, lang, found)
        if self._delta is not None:  # terms followed since the last full build
            self._scan_with(self._delta, text, part, lang, found)

    def _scan_with(self, compiled: _Compiled, text: str, part: int, lang: str, found: _Analysis) -> None:
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

    def _entities(self, summary: Summary, wanted: frozenset[str], furniture: frozenset[int]) -> dict[str, list[int]]:
        """Entities named as themselves in prose: ``{name: [title hits, body hits]}``."""
        gaz = self.gazetteer
        # A text too short to tell its language gets English's caution: a Title Case line proves nothing.
        english = summary.language in TITLE_CASE_LANGUAGES
        counts: dict[str, list[int]] = {}
        strong: set[str] = set()
        plain_only: dict[str, bool] = {}  # name -> named only by forms an orchard or a field also uses
        whole = f"{summary.headline}\n{summary.text}"
        for part, text in ((0, summary.headline), (1, summary.text)):
            if not text:
                continue
            lines = text.split("\n") if part else [text]
            starts = _line_starts(text) if part else [0]
            context = summary.text if not part else summary.headline
            for hit in gaz.find(text, title_case=not part and english and is_title_case(text), context=context,
                                genitive=summary.language in GENITIVE_S, nouns_of=summary.language,
                                declined=summary.language if summary.language in INFLECTING_LANGUAGES else ""):
                ent = gaz.entities[hit.entity]
                if ent.name not in wanted:
                    continue
                line = bisect_right(starts, hit.start) - 1
                if part and line in furniture or is_venue(text, hit.start, hit.end):
                    continue  # page furniture, or a stadium's sponsor ("PayPal Park")
                if ent.exact_case and hit.kind == STRONG and not used_as_entity(
                        text, hit.start, hit.end, lines[line], english, whole, part):
                    continue
                counts.setdefault(ent.name, [0, 0])[part] += 1
                surface = text[hit.start:hit.end]
                plain_only[ent.name] = plain_only.get(ent.name, True) and is_plain(surface, ent.exact_case)
                # A Chinese metonym (苹果) comes back from the gazetteer only in a business text: it names.
                if hit.kind == STRONG or _cjk(surface):
                    strong.add(ent.name)
        # A weak form or metonym counts only beside a full name that survived the checks above.
        found = {name: c for name, c in counts.items() if name in strong}
        doubtful = [name for name in found if plain_only[name]]
        if doubtful and speaks_of_produce(whole, summary.language):
            # Orchards and kitchens: "Apple", "アップル", "小米" name the firm only beside a form no farm
            # uses, its own ("Apple Inc.", "小米集团") or a product's ("Apple Pay").
            vouched = {name for name in found if not plain_only[name]}
            vouched |= {maker for name in vouched for maker in self._makers.get(name, ())}
            for name in doubtful:
                if name not in vouched:
                    del found[name]
        return found


def _record(found: _Analysis, roles: tuple[_Role, ...], slot: int) -> None:
    for role in roles:
        if role.kind == "term":
            found.terms.add(role.key)
        else:
            counts = found.keywords.setdefault((role.key, role.surface, role.exclude), [0, 0, 0, 0])
            counts[slot] += 1


def _compile(terms: frozenset[str], topics: tuple[Topic, ...], gazetteer: Gazetteer, cache: bool = True) -> _Compiled:
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
    lit_auto = _automaton({key: (len(key), _cjk(key), tuple(roles)) for key, roles in literal.items()})
    if lemma:
        lem_auto = ahocorasick.Automaton()
        for key, by_lang in lemma.items():
            lem_auto.add_word(key, (len(key), {lang: tuple(r) for lang, r in by_lang.items()}))
        lem_auto.make_automaton()
    prefixes = frozenset(token[:PREFIX] for key in lemma for token in key.split())
    compiled = _Compiled(lit_auto, lem_auto, dict(topic_entities), prefixes, topic_families)
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


def _line_starts(text: str) -> list[int]:
    starts = [0]
    i = text.find("\n")
    while i != -1:
        starts.append(i + 1)
        i = text.find("\n", i + 1)
    return starts

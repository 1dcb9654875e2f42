"""Which chats an article reaches, and why. Pure: a summary and a follow index in, reasons out.

Kinds of follow (``Follow.kind``; ``bot.core.follows`` turns what a user types into one):
- ``entity``: a gazetteer entity (``/follow alibaba``); matches any of its names in any script, with
  the gazetteer's case rules and the ambiguity rule (``bot.core.ambiguity``), and products named after
  it (Apple Pay and Apple Watch name Apple).
- ``topic``: a configured topic; matches when its keyword evidence reaches ``TOPIC_THRESHOLD``, is more
  than names in passing (``PASSING_KEYWORDS``), and its ``exclude`` keywords do not reach the threshold too.
- ``term``: any other word or phrase; case-, accent- and inflection-insensitive, whole words (CJK as
  substrings), as ``bot.core.automata`` reads a text.
- ``mute``: ``term:pie``, ``entity:Apple`` or ``topic:chinese-tech``. ``/mute pie`` mutes for the whole
  chat: an article that hits it reaches that chat through no follow. ``/follow apple -pie`` mutes inside
  one follow: the value carries the follow after a tab (``term:pie\tentity:Apple``), and only that
  follow stops matching; the chat's other follows still can.

Page furniture does not count: a run of three or more short lines (a product box, a sidebar, a list of
links) is not prose. The headline always counts.

All terms and topic keywords of every chat live in one pair of automata (``bot.core.automata``), so
matching an article costs one scan of its text whatever the number of chats; the index groups the
chats behind each term, entity and topic, and a follow made or dropped later costs in proportion to it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

from bot.core.ambiguity import named_entities
from bot.core.automata import LEMMA_LANGUAGES, Analysis, Compiled, compile_automata, scan
from bot.core.channels import only_as_channel
from bot.core.entities import Gazetteer
from bot.core.follows import _MUTE_KINDS, MUTE, mute_parts, term_key
from bot.core.furniture import short_line_runs
from bot.core.homographs import is_plain
from bot.core.roles import INFLECTING_LANGUAGES
from bot.core.venues import is_venue, mentions_venue
from bot.types import Follow, Reason, Summary, Topic

# Evidence a topic needs: a keyword in the headline (3) or three mentions in the body (1 each).
TOPIC_THRESHOLD = 3
TITLE_WEIGHT = 3
MAX_BODY_HITS_PER_KEYWORD = 3
# Names given once each are passing mentions ("Huawei and ZTE" in a budget story, "Alipay, WeChat Pay and
# UnionPay" among a QR scheme's partners, Alibaba, Tencent and Xiaomi in a markets wrap): a story is about a
# topic when it names a keyword again or in its headline, uses two of the topic's own words (not names:
# "plăți mobile", "portofel digital"), or names this many keywords.
PASSING_KEYWORDS = 4

# Entity types whose products carry their name ("Apple Pay" names Apple; "China Mobile" is no China story).
MAKER_TYPES = ("company", "organisation")


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
        self._makers = makers_of(gazetteer)
        self._terms = frozenset(set(self._term_chats) | self._muted_terms)
        self._compiled = compile_automata(self._terms, tuple(self.topics.values()), gazetteer)
        self._delta_terms: set[str] = set()
        self._delta: Compiled | None = None
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
            self._delta = compile_automata(frozenset(self._delta_terms), (), self.gazetteer, cache=False)
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

    def _topics(self, found: Analysis) -> dict[str, tuple[str, ...]]:
        evidence, vetoes = self._evidence(found)
        out = {}
        for tid, kws in evidence.items():
            words = sum((tid, kw, False) in found.keywords for kw in kws)  # the topic's words, not names
            if (sum(kws.values()) >= TOPIC_THRESHOLD and sum(vetoes.get(tid, {}).values()) < TOPIC_THRESHOLD
                    and (max(kws.values()) > 1 or len(kws) >= PASSING_KEYWORDS or words >= 2)):
                out[tid] = tuple(sorted(kws, key=lambda k: -kws[k]))
        return out

    def _evidence(self, found: Analysis) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
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

    def _analyse(self, summary: Summary) -> Analysis:
        found = Analysis()
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
            found.entities = named_entities(self.gazetteer, summary, wanted, furniture, self._makers)
        found.channels = frozenset(name for name in found.entities
                                   if only_as_channel(name, (summary.headline, summary.text)))
        return found

    def _scan(self, text: str, part: int, lang: str, found: Analysis) -> None:
        scan(self._compiled, text, part, lang, found)
        if self._delta is not None:  # terms followed since the last full build
            scan(self._delta, text, part, lang, found)


@lru_cache(maxsize=4)
def makers_of(gazetteer: Gazetteer) -> dict[str, tuple[str, ...]]:
    """Products named after their maker ("Apple Pay" -> Apple), read from every Latin-script name of the
    product ("Tencent Yuanbao", listed beside 腾讯元宝, for Yuanbao). It depends on the gazetteer alone, so
    it is computed once per gazetteer, not per index build; callers never change it."""
    makers: dict[str, list[str]] = defaultdict(list)
    by_name = {e.name: e for e in gazetteer.entities}
    for ent in gazetteer.entities:
        if ent.type in ("place", "person"):
            continue  # the Amazon rainforest is nobody's product
        for form in (ent.name, *ent.aliases):
            words = form.split()
            for k in range(1, len(words)):
                maker = gazetteer.lookup(" ".join(words[:k]))
                if maker is not None and maker.type in MAKER_TYPES and maker.name not in (ent.name, *makers[ent.name]):
                    makers[ent.name].append(maker.name)
        # A variant marked by a sign ("Alipay+", "Disney+") belongs to the entity it varies, whatever its type.
        base = by_name.get(ent.name.rstrip("+"))
        if base is not None and base.name != ent.name and base.type not in ("place", "person"):
            makers[ent.name].append(base.name)
    return {name: tuple(found) for name, found in makers.items() if found}

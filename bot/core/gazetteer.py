"""The gazetteer: every known entity and every way to name it, as one Aho-Corasick automaton.

The automaton holds the folded forms of every name, alias, weak form and related term, so a text is
scanned once whatever the gazetteer's size. Hits are then checked against the original text:
exact-case names (Apple, not apple), weak forms (Ma counts only capitalised, mid-sentence, beside a
full mention of Jack Ma). Countries in every language come from CLDR (``bot.core.places``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from os.path import commonprefix

import ahocorasick

from bot.core.languages import _german_inflections
from bot.core.lemmas import case_of
from bot.core.places import with_homonym_cities, with_territories
from bot.core.text import (
    at_word_boundaries,
    fold,
    fold_with_map,
    has_cjk,
    is_cjk,
    is_common_word,
    is_sentence_start,
    zipf,
)
from bot.core.venues import is_venue, mentions_venue
from bot.types import Entity

STRONG, WEAK, RELATED = "strong", "weak", "related"
# Languages that write a name's genitive with a bare -s: "Apples iPhone", "Huaweis vinst", "Chinas Wirtschaft".
GENITIVE_S = frozenset({"de", "nl", "sv", "da", "nb", "no", "nn"})
SPORT = "sport"  # a club's short name (Milan, Roma): it names the club only in a sports text
INITIAL = "initial"  # an exact-case name that is also a common word, opening a sentence


# Entity types that name grounds and halls after themselves.
_SPONSORS = frozenset({"company", "product", "organisation"})


@dataclass(frozen=True)
class Hit:
    """One occurrence of a gazetteer form in a text (offsets into the original text)."""

    entity: int  # index into Gazetteer.entities
    kind: str  # STRONG | WEAK | RELATED
    start: int
    end: int


@dataclass(frozen=True)
class _Form:
    entity: int
    kind: str
    surface: str  # as written in the gazetteer, for exact-case checks
    exact_case: bool
    cjk: bool
    acronym: bool = False  # BoE, ECB, SAP: only as written, but Title Case does not hide them
    noun_in: tuple[str, ...] = ()  # languages where this one-word form is an ordinary noun
    person: bool = False  # a person's name: in a cased script it names them only capitalised


class Gazetteer:
    """Every known entity and every way to name it; built once per config."""

    def __init__(self, entities: Iterable[Entity], territories: bool = True):
        # Every country in every language we read comes from CLDR (``bot.core.places``); the entries
        # given here keep their own forms and canonical names.
        # Cities named like an exact-case brand ("Apple Valley") come from geonames, so the longer name wins.
        self.entities: tuple[Entity, ...] = (with_homonym_cities(with_territories(tuple(entities))) if territories
                                             else tuple(entities))
        self.platforms = frozenset(ent.name for ent in self.entities if ent.platform)  # iPhone, Android, Facebook
        # A maker's product families by the words after the maker's name: {"Huawei": (("Mate", "Huawei Mate"),)}.
        companies = {ent.name for ent in self.entities if ent.type == "company"}
        tails: dict[str, list[tuple[str, str]]] = {}
        for ent in self.entities:
            maker, _, tail = ent.name.partition(" ")
            if ent.type == "product" and tail and maker in companies and tail[:1].isupper():
                tails.setdefault(maker, []).append((tail, ent.name))
        self.family_tails = {maker: tuple(found) for maker, found in tails.items()}
        self._by_folded: dict[str, int] = {}
        forms: dict[str, list[_Form]] = {}
        for idx, ent in enumerate(self.entities):
            for surface, kind in _forms_of(ent):
                key = fold(surface)
                if not key.strip():
                    continue
                # Thai, Lao, Khmer and Burmese, like Chinese, put no spaces between words: no boundary to check.
                cjk = any(is_cjk(c) for c in key) or _UNSPACED.search(key) is not None
                exact = kind in (WEAK, SPORT) or (ent.exact_case and not cjk)
                noun_in = ent.noun_in if " " not in surface and not cjk else ()
                person = ent.type == "person" and not cjk
                forms.setdefault(key, []).append(_Form(idx, kind, surface, exact, cjk, _is_acronym(surface), noun_in,
                                                       person))
                if kind == STRONG:
                    self._by_folded.setdefault(key, idx)
        for idx, ent in enumerate(self.entities):
            for surface, kind in _forms_of(ent):
                for variant in _german_inflections(surface) if kind == STRONG else ():
                    key = fold(variant)
                    if key not in forms:  # never take a form another entry lists
                        forms[key] = [_Form(idx, kind, variant, ent.exact_case, False, False)]
                for variant in _arabic_clitics(surface):
                    key = fold(variant)
                    if key not in forms:
                        forms[key] = [_Form(idx, kind, variant, False, False, False, (), ent.type == "person")]
        self._automaton = ahocorasick.Automaton()
        for key, flist in forms.items():
            # A club's sports name comes first: in a sports text "Milan" is the club, not the city.
            flist.sort(key=lambda f: f.kind != SPORT)
            # The third item says whether two entries share the form (Amazon): only then are all read.
            self._automaton.add_word(key, (len(key), tuple(flist), len({f.entity for f in flist}) > 1))
        self._empty = not forms
        self._stem_index: dict[str, list[tuple[str, int]]] | None = None  # built on first inflected()
        # One-word exact-case names (Apple, Meta): a declining language glues endings on them as written
        # ("Applen", Finnish "Apple's"), where the English word is no word of its own.
        self._exact_words = {surface: idx for idx, ent in enumerate(self.entities) if ent.exact_case
                             for surface, kind in _forms_of(ent)
                             if kind == STRONG and len(surface) >= 4 and surface.isalpha() and not has_cjk(surface)}
        if not self._empty:
            self._automaton.make_automaton()

    def lookup(self, term: str) -> Entity | None:
        """The entity a user's term names (by canonical name or strong alias), if any."""
        idx = self._by_folded.get(fold(term.strip()))
        return self.entities[idx] if idx is not None else None

    def inflected(self, word: str) -> Entity | None:
        """The entity a one-word name names in an inflected form: "Polsce" (Polska), "России" (Россия),
        "Huaweia" (Huawei), "Warszawie" (Warszawa). The word shares all but the last two letters of a
        known one-word form, at least four, and adds no more than four letters of ending."""
        idx = self._inflected_index(word)
        return self.entities[idx] if idx is not None else None

    def _inflected_index(self, word: str) -> int | None:
        key = fold(word)
        if len(key) < 4 or any(is_cjk(c) for c in key) or key in self._by_folded:
            return None
        # Forms of exact-case entries are words too ("Apples" is no inflection of Apple).
        best, best_len = None, 0
        for form, idx in self._stems().get(key[:4], ()):
            shared = len(commonprefix((key, form)))
            if shared >= max(4, len(form) - 2) and len(key) - shared <= 4 and shared > best_len:
                best, best_len = idx, shared
        return best

    def _stems(self) -> dict[str, list[tuple[str, int]]]:
        if self._stem_index is None:
            index: dict[str, list[tuple[str, int]]] = {}
            for key, idx in self._by_folded.items():
                if (len(key) >= 4 and key.isalpha() and not any(is_cjk(c) for c in key)
                        and not self.entities[idx].exact_case):
                    index.setdefault(key[:4], []).append((key, idx))
            self._stem_index = index
        return self._stem_index

    def forms(self, name: str) -> list[str]:
        """Every strong surface form of an entity (for follow matching)."""
        ent = self.lookup(name)
        if ent is None:
            return []
        return [s for s, kind in _forms_of(ent) if kind == STRONG]

    def find(
        self, text: str, title_case: bool = False, genitive: bool = False, language: str = "", sport: bool = False,
        context: str = "", nouns_of: str = "", declined: str = "",
    ) -> list[Hit]:
        """All valid, non-overlapping hits in ``text`` (leftmost, then longest, wins).

        ``title_case``: the text capitalises every word (an English headline), so a capital proves
        nothing and exact-case forms ("Apple" in "Classic Apple Pie") do not count there.
        ``genitive``: the text's language writes a name's genitive with a bare -s (``GENITIVE_S``:
        "Chinas Wirtschaft", "Alibabas Umsatz", "Apples vinst"); the hit then covers the name and its ending.
        ``language``: the text's language; an exact-case name that is a common word of it ("Block",
        "Square" in English) proves nothing at a sentence start, so there it counts only beside a
        mention elsewhere, like a weak form.
        ``sport``: the text is a sports report, where a club's short name ("la Roma", "il Milan")
        names the club rather than its city.
        ``nouns_of``: the text's language for the ``noun_in`` rule alone (defaults to ``language``): a
        name that is an ordinary noun of it ("Zelle", "Block" in German) counts only beside another
        form of its entity, like a related form.
        ``context``: the rest of the article (the body for a title, the title for a body). A form two
        entries share ("Amazon": the company, and the rainforest's short name) goes to the one the
        text or its context names unambiguously ("the Amazon rainforest"), unless both or neither are.
        ``declined``: the text's language, when it declines names (``roles.INFLECTING_LANGUAGES``): a capitalised
        word no form covers, whose lemma is a listed name or that ``inflected`` reads as one, names that
        entity ("Huaweivel", "w Polsce"); one the dictionary reads as a common noun's case does not.
        """
        if self._empty or not text:
            return []
        flags = {"title_case": title_case, "genitive": genitive, "language": language, "sport": sport,
                 "nouns_of": nouns_of or language}
        chosen, alternatives = self._scan(text, **flags)
        if declined:
            chosen = self._with_declined(text, chosen, declined)
        if chosen and mentions_venue(text):  # "PayPal Park", "Stade PayPal": the ground, not the firm
            chosen = [h for h in chosen if self.entities[h.entity].type not in _SPONSORS
                      or not is_venue(text, h.start, h.end)]
        if alternatives:
            parts = [(text, chosen, alternatives)]
            if context:
                parts.append((context, *self._scan(context, **flags)))
            # Named unambiguously somewhere ("Amazon rainforest", "Amazon.com"), and the readings an
            # article before a shared form vouches for ("the Amazon" is the forest, not the firm).
            present = {h.entity for _, hits, alts in parts for h in hits if (h.start, h.end) not in alts}
            vouched = {alt.entity for source, hits, alts in parts for h in hits
                       if (h.start, h.end) in alts and _ARTICLE_BEFORE.search(source, max(0, h.start - 5), h.start)
                       for alt in alts[(h.start, h.end)] if alt.entity in present}
            for k, hit in enumerate(chosen):
                options = [alt for alt in alternatives.get((hit.start, hit.end), []) if alt.entity in present]
                if hit.entity in present or not options:
                    continue  # the first reading is named too, or nothing else is: it stands
                if _ARTICLE_BEFORE.search(text, max(0, hit.start - 5), hit.start) or options[0].entity in vouched:
                    chosen[k] = Hit(options[0].entity, STRONG, hit.start, hit.end)
        strong = {h.entity for h in chosen if h.kind == STRONG}
        # A weak form or a metonym alone proves nothing: "Ma" without "Jack Ma" is the Italian "but".
        # Initial hits are left to the caller, who may know of a mention in another part (the title).
        # A Chinese metonym that is also a word (苹果 apple, 小米 millet) names the company in a business
        # text: one naming two companies or products for sure, together at least a third as often as the metonym
        # ("超越蘋果和三星", "苹果iPhone"). A farming story says 苹果 twenty times and a courier's name once.
        metonyms = Counter(h.entity for h in chosen if h.kind == RELATED and has_cjk(text[h.start:h.end]))
        if not metonyms:
            return [h for h in chosen if h.kind in (STRONG, INITIAL) or h.entity in strong]
        firms = Counter(h.entity for h in chosen if h.kind == STRONG and self.entities[h.entity].type in ("company", "product"))
        business = sum(firms.values()) if len(firms) >= 2 else 0  # two firms or products, not one courier
        return [h for h in chosen if h.kind in (STRONG, INITIAL) or h.entity in strong
                or h.entity in metonyms and 3 * business >= metonyms[h.entity] and has_cjk(text[h.start:h.end])]

    def _with_declined(self, text: str, chosen: list[Hit], language: str) -> list[Hit]:
        """``chosen`` and the declined names (see ``find``) in the words between its hits, in text order."""
        chosen = [self._declined_tail(text, h) for h in chosen]
        spans = [(h.start, h.end) for h in chosen]
        extra = []
        for m in _WORD.finditer(text):
            word = m.group()
            if not word[0].isupper() or any(s < m.end() and m.start() < e for s, e in spans):
                continue
            idx = self._declined_index(word, language)
            if idx is not None:
                extra.append(Hit(idx, STRONG, m.start(), m.end()))
        if not extra:
            return chosen
        return sorted(chosen + extra, key=lambda h: h.start)

    def _declined_tail(self, text: str, hit: Hit) -> Hit:
        """The hit, or the longer name it opens whose last word the text declines: "z Apple Payem" (Polish
        instrumental) is Apple Pay, not Apple and a stray word; "Google Payu" alike."""
        tail = _WORD.match(text, hit.end + 1) if text[hit.end:hit.end + 1] == " " else None
        if tail is None or not tail.group()[:1].isupper():
            return hit
        word = tail.group()
        for cut in range(len(word) - 1, max(1, len(word) - 4), -1):
            idx = self._by_folded.get(fold(text[hit.start:hit.end] + " " + word[:cut]))
            if idx is not None and idx != hit.entity:
                return Hit(idx, STRONG, hit.start, tail.end())
        return hit

    def declined(self, word: str, language: str) -> Entity | None:
        """The entity a capitalised word names in a case of a declining language: its lemma is a listed
        name (Polish "Warszawie": Warszawa), or ``inflected`` reads it as one ("Huaweivel"), or it is a
        one-word exact-case name with an ending ("Applen"). A word the dictionary reads as a common noun's
        case ("Unii", "Bölgesi") names nothing, whatever letters it shares with a name."""
        idx = self._declined_index(word, language)
        return self.entities[idx] if idx is not None else None

    def _declined_index(self, word: str, language: str) -> int | None:
        lemma, proper = case_of(word, language)
        if not proper:
            return None
        idx = self._by_folded.get(fold(lemma)) if lemma != word else None
        if idx is None:
            idx = self._inflected_index(word)
        if idx is None:
            idx = self._declined_exact(word, language)
        return idx

    def _declined_exact(self, word: str, language: str) -> int | None:
        """The exact-case name ``word`` writes with a case ending of up to four letters ("Applen",
        "Metával"), unless the name is a word of the text's language."""
        for cut in range(len(word) - 1, max(3, len(word) - 5), -1):
            idx = self._exact_words.get(word[:cut])
            if idx is not None:
                return None if is_common_word(word[:cut], language) else idx
        return None

    def _scan(
        self, text: str, title_case: bool, genitive: bool, language: str, sport: bool, nouns_of: str
    ) -> tuple[list[Hit], dict[tuple[int, int], list[Hit]]]:
        """Non-overlapping hits, each with the other entries' valid readings of its span."""
        folded, index = fold_with_map(text)
        alternatives: dict[tuple[int, int], list[Hit]] = {}
        candidates: list[Hit] = []
        for end, (length, flist, shared) in self._automaton.iter(folded):
            fstart = end - length + 1
            valid: list[Hit] = []
            settled = False
            for form in flist:
                if form.kind == SPORT and not sport:
                    continue
                extra = 0
                if not form.cjk and not at_word_boundaries(folded, fstart, end + 1):
                    if not (genitive and form.kind == STRONG and _genitive_s(folded, fstart, end + 1)):
                        continue
                    extra = 1
                start = index[fstart]
                stop = index[end] + 1
                if form.exact_case and title_case and not form.acronym:
                    continue
                if (form.exact_case or form.acronym) and text[start:stop] != form.surface:
                    # An exact-case entity's forms are words or given names too (TIM, Tim): as written only.
                    if not (form.acronym and not form.exact_case
                            and _house_style_acronym(text, start, stop, form.surface, language)):
                        continue
                if extra and text[stop:stop + 1] != "s":
                    continue
                if form.person and not form.exact_case and not _capitalised_as(text[start:stop], form.surface):
                    continue  # "Jack ma nowy dom" (Polish: Jack has a new home) is no Jack Ma
                if form.cjk and text[stop - 1:stop + 1] in _COMPASS_PARTS:
                    continue  # 中东部 is "the central-east part" (中 + 东部), not the Middle East (中东)
                if form.person and _quoted(text, start, stop):
                    continue  # "katten «Jack Ma»": a famous name given to a pet, a boat or a dish
                stop += extra
                if form.kind == WEAK and is_sentence_start(text, start):
                    continue
                kind = STRONG if form.kind == SPORT else form.kind
                if kind == STRONG and nouns_of in form.noun_in:
                    kind = RELATED  # "eine Zelle", "der Block": in German it names the entity only beside another form
                if (language and form.exact_case and kind == STRONG and is_sentence_start(text, start)
                        and is_common_word(form.surface, language)):
                    kind = INITIAL
                valid.append(Hit(form.entity, kind, start, stop))
                settled = settled or form.kind == SPORT
                if not shared:
                    break  # one entry's forms: the first valid is the strongest listed
            if valid:
                candidates.append(valid[0])  # the first form listed is the strongest
                others = [h for h in valid[1:] if h.entity != valid[0].entity]
                if others and not settled:  # a sports text has chosen the club already
                    alternatives[(valid[0].start, valid[0].end)] = others
        candidates.sort(key=lambda h: (h.start, -(h.end - h.start)))
        chosen: list[Hit] = []
        last_end = -1
        for hit in candidates:
            if hit.start >= last_end:
                chosen.append(hit)
                last_end = hit.end
        return chosen, alternatives


# A compass point and 部 or 侧 ("part", "side") is one word that a form ending in the compass point must not
# take apart: 中东部 (the central-eastern part), 华北部, 西北侧.
_COMPASS_PARTS = frozenset(d + p for d in "东西南北東" for p in "部侧側")

# A definite article before a shared form ("the Amazon", "l'Amazon") reads as a place, never a firm.
_ARTICLE_BEFORE = re.compile(r"(?:\b(?:the|la|le|el|der|die|dem|den|des|del|al|du|lo)\s+|\bl')$", re.IGNORECASE)


def _is_acronym(surface: str) -> bool:
    """Short forms with two capitals (BoE, ECB, SAP, M5S) are written so; lowercase they are other words."""
    return (len(surface) <= 6 and " " not in surface and sum(c.isupper() for c in surface) >= 2
            and not any(is_cjk(c) for c in surface))


def _house_style_acronym(text: str, start: int, stop: int, surface: str, language: str) -> bool:
    """Italian and Spanish papers write acronyms as names: "Byd", "Bce", "quelli del Pd". Such a form
    counts mid-sentence, standing alone (not "Tim Cook"), when it is no function word of the language
    ("Ma", "Se") and the text never writes it in lowercase ("mela", "sap")."""
    written = text[start:stop]
    if len(surface) >= 5 and not surface.isupper() and written == surface.capitalize():
        return True  # a camel-case brand as German and Italian papers write it: Paypal, Tiktok, Bafin
    if not (len(surface) >= 2 and surface.isupper() and surface.isalpha() and written == surface.capitalize()):
        return False
    if is_sentence_start(text, start) or zipf(written, language or "en") >= 5.5:
        return False
    after = text[stop:stop + 2]
    if len(after) == 2 and after[0] == " " and after[1].isupper():
        return False  # the first name of a person or a longer name
    return re.search(r"(?<!\w)" + re.escape(written.lower()) + r"(?!\w)", text) is None


_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
_WORD = re.compile(r"(?<![\w'-])[^\W\d_]{4,}(?![\w'-])")  # a word that may be a declined name
# Arabic writes "and", "with", "for" and "so" as one letter glued to the next word: "وهواوي" (and Huawei),
# "لآبل" (for Apple).
_ARABIC_CLITICS = ("و", "ب", "ل", "ف")


def _arabic_clitics(surface: str) -> tuple[str, ...]:
    """The forms a name in Arabic letters takes behind a one-letter conjunction or preposition."""
    if not surface or not "\u0620" <= surface[0] <= "\u064a":
        return ()
    return tuple(c + surface for c in _ARABIC_CLITICS)


_OPENING_QUOTES = "«\"“„‘'‚‹「『"
_CLOSING_QUOTES = "»\"”“’'›」』"


def _quoted(text: str, start: int, stop: int) -> bool:
    """True when quotation marks enclose exactly text[start:stop]: a name used as a name for something else."""
    return 0 < start and stop < len(text) and text[start - 1] in _OPENING_QUOTES and text[stop] in _CLOSING_QUOTES


def _capitalised_as(written: str, surface: str) -> bool:
    """True when every word of ``written`` that ``surface`` capitalises is capitalised too, or the text
    is in capitals throughout ("JACK MA"): "Jack Ma", "jack Ma" is not, nor is "Jack ma"."""
    if written.isupper():
        return True
    return all(not want[:1].isupper() or got[:1].isupper()
               for got, want in zip(written.split(), surface.split(), strict=False))


def _genitive_s(folded: str, start: int, stop: int) -> bool:
    """folded[start:stop] is a whole word but for one trailing "s" (not after s, x, z or ß)."""
    if stop >= len(folded) or folded[stop] != "s" or folded[stop - 1] in "sxzß":
        return False
    return at_word_boundaries(folded, start, stop + 1)


# Languages whose press writes headlines (and the lists of them around a story) in Title Case: English,
# Indonesian and Malay ("Tokopedia Kuasai Pasar E-commerce"), Tagalog. A text too short to tell its
# language ("") is read with the same caution. Elsewhere a capital mid-line says more.
TITLE_CASE_LANGUAGES = frozenset({"en", "id", "ms", "tl", ""})


def is_title_case(text: str) -> bool:
    """True for headlines in Title Case, where capitals carry no information about names."""
    words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 3]
    if len(words) < 2:
        return False
    return sum(1 for w in words if w[0].isupper()) / len(words) >= 0.75


def _forms_of(ent: Entity) -> list[tuple[str, str]]:
    out = [(ent.name, STRONG)]
    out += [(a, STRONG) for a in ent.aliases]
    out += [(w, WEAK) for w in ent.weak]
    out += [(r, RELATED) for r in ent.related]
    out += [(c, SPORT) for c in ent.sport]
    return out



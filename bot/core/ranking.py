"""Key entities: the candidates of a story, scored by salience (bot.core.salience) and the rules that
adjust what the scores alone would get wrong (datelines, product models, lists, declined names)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core import salience as sal
from bot.core.chinese import titled_people
from bot.core.entities import (
    GENITIVE_S,
    MAKER_MODEL,
    PRODUCT_SUFFIX,
    Candidate,
    Gazetteer,
    initials,
    is_mixed_case,
    scoreline_sides,
    surname_of,
    unknown_names,
)
from bot.core.inflection import resolve_inflected
from bot.core.places import home_country, region_names
from bot.core.roles import INFLECTING_LANGUAGES
from bot.core.romanize import needs_romanizing, romanize
from bot.core.text import collapse_space, fold, has_cjk
from bot.types import Mention

MAX_ENTITIES = 6
# Unknown names scoring below this are dropped (see bot.core.salience for the score).
_MIN_UNKNOWN_SCORE = 1.2
# A short article leaves slots free: an unknown name the text gives once, late, may fill one
# ("chief executive Pat Cullen" in the last paragraph), if it is a multi-word name.
_SPARE_UNKNOWN_SCORE = 0.7
_LEAD_MIN = 80  # characters: the first line this long is the lead (shorter ones are bylines, dates, kickers)
_LEAD_MAX = 400  # characters: a lead is a few sentences, though a page may run its whole text on one line
# A wire dateline opens a paragraph: "Madrid (EFE).- Bizum...", "Frankfurt/Main (dpa) - Der...",
# "PARIS - ...". It says where the reporter filed from, not what the story is about.
_DATELINE = re.compile(
    r"(?:^|\n)([A-Z][\w.'-]*(?:[ /][A-Z][\w.'-]*){0,3})(?:\s*\([^()\n]{1,30}\))?\s*(?:[-–—]+|\.-)\s"
)

# A company's legal form closing a name the gazetteer does not know: editors list the firm without it.
_LEGAL_FORM = re.compile(
    r"(?<=\w) (?:AB|ASA|A/S|AG|GmbH|NV|N\.V\.|BV|B\.V\.|S\.A\.|S\.p\.A\.|SpA|S\.r\.l\.|Srl|Ltd\.?|Inc\.?|plc|PLC"
    r"|LLC|Corp\.?|Oyj|Oy|Kft\.|Zrt\.|Nyrt\.|a\.s\.|s\.r\.o\.|AŞ|A\.Ş\.|Tbk|Sdn Bhd|Bhd|Berhad|PJSC|JSC)$"
)

# A press release's or an American wire's dateline: "SAN JOSE, Calif., Oct. 28, 2026 /PRNewswire/ --",
# "WASHINGTON, D.C. --": the city in capitals, a comma, then the state or the date.
_WIRE_DATELINE = re.compile(
    r"(?:^|\n)((?:[A-Z][A-Z.'-]+)(?: [A-Z][A-Z.'-]+){0,3},(?: (?:[A-Z][a-z]+\.?|[A-Z]\.[A-Z]\.),?)?)"
    r"(?= (?:[A-Z][a-z]{2}\.? \d{1,2}|\d{1,2} [A-Z][a-z]{2}|[A-Z]{2,}|--|[-–—]))"
)

_WIRE_DATELINE_WHOLE = re.compile(_WIRE_DATELINE.pattern + r"[^\n]{0,60}?(?:--|[-–—])(?= )")


def key_entities(
    gazetteer: Gazetteer, found: list[Mention], headline: str, text: str, body_start: str, lang: str, sport: bool,
    credits: list[str],
) -> tuple[tuple[str, ...], dict[str, str]]:
    """The key entities of a story (at most ``MAX_ENTITIES``, most salient first) and their types where known.

    ``found``: the gazetteer's mentions in headline and text; ``body_start``: the body's opening as the
    page gives it (datelines); ``credits``: the agencies the body credits. Names are ranked by
    :func:`bot.core.salience.salience`: headline, lead, position, count and kind.
    """
    ranking = _Ranking(total=max(1, len(headline) + len(text)), lead=_lead(text, len(headline) + 1))
    datelines = _dateline_places(gazetteer, body_start, lang)
    _rank_known(ranking, found, product_models(gazetteer, headline, text), headline, datelines, gazetteer.platforms)
    # Where a release was filed is not what it is about: its dateline is blanked (offsets kept) for names
    # the gazetteer does not know, whose comma list would otherwise vouch for "Oct" as a place.
    unknown_text = text
    for filed in _WIRE_DATELINE_WHOLE.finditer(text, 0, 600):
        start, end = filed.span()
        unknown_text = unknown_text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + unknown_text[end:]
    _rank_unknown(ranking, gazetteer, found, headline, unknown_text, lang, sport)
    # "the Mate 80" under Huawei: the family's bare word, read as an unknown name too, is the model's.
    model_words = {w for n in ranking.scores if n in ranking.types and any(c.isdigit() for c in n) for w in n.split()}
    for name in [n for n in ranking.scores if n not in ranking.types and n in model_words]:
        del ranking.scores[name]
    if lang == "zh":
        _rank_chinese_events(ranking, gazetteer, found, headline, text)
    for agency in credits:
        entity = gazetteer.lookup(agency)
        name = entity.name if entity else (agency.upper() if len(agency) <= 5 else agency)
        if fold(name) not in {fold(n) for n in ranking.scores}:
            ranking.scores[name] = 0.9  # credited, so part of the story's record, but never its subject
            ranking.types[name] = "organisation"
    for name in [n for n in ranking.scores if n not in ranking.types and _LEGAL_FORM.search(n)]:
        plain = _LEGAL_FORM.sub("", name)  # "Getswish AB" is Getswish, as editors list firms
        if fold(plain) not in {fold(n) for n in ranking.scores}:
            ranking.scores[plain] = ranking.scores.pop(name)
    _drop_near_duplicates(ranking)
    ranked = sorted(ranking.scores, key=lambda n: -ranking.scores[n])[:MAX_ENTITIES]
    spare = [n for n in sorted(ranking.spare, key=lambda n: -ranking.spare[n]) if n not in ranked]
    ranked += spare[: MAX_ENTITIES - len(ranked)]
    home = gazetteer.lookup(home_country(lang)) if len(ranked) < MAX_ENTITIES else None
    if home is not None and fold(home.name) not in {fold(n) for n in ranked}:
        # A slot the story leaves free goes to where it is set: a story in Danish or Korean, which one
        # country reads, is set there unless it says otherwise ("danske butikker", "국내").
        ranked.append(home.name)
        ranking.types[home.name] = home.type
    types = {n: ranking.types[n] for n in ranked if n in ranking.types}
    if any(needs_romanizing(n) for n in ranked):  # names the gazetteer does not know, in Greek or Cyrillic
        shown = {n: romanize(n, lang) for n in ranked}
        types = {shown[n]: t for n, t in types.items()}
        ranked = list(dict.fromkeys(shown[n] for n in ranked))
    return tuple(ranked), types


def _lead(text: str, base: int) -> tuple[int, int]:
    """Offsets (from ``base``) of the text's lead: its first line long enough to be a paragraph."""
    start = 0
    for line in text.split("\n"):
        if len(line) >= _LEAD_MIN:
            return base + start, base + start + min(len(line), _LEAD_MAX)
        start += len(line) + 1
    return base, base + min(len(text), _LEAD_MAX)


@dataclass
class _Ranking:
    total: int  # characters of headline and text, to turn offsets into positions
    lead: tuple[int, int] = (0, 0)  # the lead paragraph's offsets, in the same coordinates
    scores: dict[str, float] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    spare: dict[str, float] = field(default_factory=dict)  # weaker unknown names, for slots left free

    def add(self, name: str, kind: str, weight: float, count: int, in_title: bool, first: int) -> None:
        in_lead = self.lead[0] <= first < self.lead[1]
        score = sal.salience(kind, weight, count, in_title, max(0, first) / self.total, in_lead, sal.WEIGHTS)
        if score > self.scores.get(name, -1.0):
            self.scores[name] = score
            if kind:
                self.types[name] = kind


# Chinese names a games or a fair after its host city: 杭州亚运会 is the Hangzhou Asian Games, not Hangzhou.
_ZH_EVENTS = {
    "亚运会": "Asian Games", "亞運會": "Asian Games", "大运会": "Universiade", "大運會": "Universiade",
    "冬奥会": "Winter Olympics", "冬奧會": "Winter Olympics", "奥运会": "Olympics", "奧運會": "Olympics",
    "世博会": "Expo", "世博會": "Expo", "全运会": "National Games", "全運會": "National Games",
    "亚冬会": "Asian Winter Games", "亞冬會": "Asian Winter Games",
}
_ZH_EVENT = re.compile("|".join(sorted(_ZH_EVENTS, key=len, reverse=True)))


def _rank_chinese_events(ranking: _Ranking, gazetteer: Gazetteer, found: list[Mention], headline: str, text: str) -> None:
    """"成都大运会" names the Chengdu Universiade: score the event and take it back from the city."""
    events: dict[str, list] = {}
    for part, source, base in (("title", headline, 0), ("body", text, len(headline) + 1)):
        for hit in gazetteer.find(source):
            entity = gazetteer.entities[hit.entity]
            match = _ZH_EVENT.match(source, hit.end)
            if entity.type != "place" or match is None or not has_cjk(source[hit.start:hit.end]):
                continue
            name = f"{entity.name} {_ZH_EVENTS[match.group(0)]}"
            entry = events.setdefault(name, [entity.name, 0, False, base + hit.start])
            entry[1] += 1
            entry[2] = entry[2] or part == "title"
    for name, (place, count, in_title, first) in events.items():
        ranking.add(name, "organisation", sal.WEIGHTS.of("organisation"), count, in_title, first)
        mention = next((m for m in found if m.name == place), None)
        if mention is not None and place in ranking.scores:
            if mention.count <= count and not mention.in_title:
                del ranking.scores[place]
            else:
                ranking.scores[place] -= sal.WEIGHTS.of("place") * count


def _dateline_places(gazetteer: Gazetteer, start: str, language: str) -> dict[str, int]:
    """Places named by datelines in the first paragraphs, with how many datelines name each."""
    out: dict[str, int] = {}
    for match in [*_DATELINE.finditer(start), *_WIRE_DATELINE.finditer(start)]:
        if match.start(1) > 600:
            continue
        for hit in gazetteer.find(match.group(1), language=language):
            entity = gazetteer.entities[hit.entity]
            if entity.type == "place":
                out[entity.name] = out.get(entity.name, 0) + 1
    return out


def _names_surname(headline: str, name: str) -> bool:
    """The headline writes the person's surname, capitalised, as a word of its own."""
    surname = surname_of(name)
    return len(surname) > 2 and re.search(r"(?<!\w)" + re.escape(surname) + r"(?!\w)", headline) is not None


def _rank_known(
    ranking: _Ranking,
    found: list[Mention],
    models: dict[str, dict[str, tuple[int, bool, int]]],
    headline: str,
    datelines: dict[str, int],
    platforms: frozenset[str] = frozenset(),
) -> None:
    """Score gazetteer entities, their product models, and the makers their products are named after.
    A platform (``platforms``: iPhone, Android, Facebook) is weighed as the means it usually is."""
    found_names = {m.name for m in found}
    headline_companies = {m.name for m in found if m.in_title and m.type in ("company", "organisation")}
    headline_subjects = {m.name for m in found if m.in_title and m.type in ("company", "organisation", "product")}
    implied: dict[str, int] = {}
    implied_title: set[str] = set()
    for m in found:
        # Apple Pay names Apple, Google Pay names Google: a product named after its maker counts for it.
        maker = _maker(m.name, found_names, m.type)
        if maker:
            implied[maker] = implied.get(maker, 0) + m.count
            if m.in_title:
                implied_title.add(maker)
    for m in found:
        family = models.get(m.name)
        if family:
            for model, (count, in_title, first) in family.items():
                ranking.add(model, "product", sal.WEIGHTS.of("product"), count, in_title, first)
            # "iPhone 15" and "iPhone 15 Pro" are the news and imply the family; a family that is a
            # model already (Xiaomi SU7 beside Xiaomi SU7 Ultra) or a maker (Huawei) stays.
            if m.type == "product" and not any(c.isdigit() for c in m.name):
                continue
        weight = sal.WEIGHTS.of("platform" if m.name in platforms else m.type)
        # "Draghi e le sfide fintech": a headline names a person by surname, the body in full.
        in_title = m.in_title or (m.type == "person" and _names_surname(headline, m.name))
        count = m.count + implied.get(m.name, 0) - datelines.get(m.name, 0)
        if count <= 0 and not in_title:
            continue  # named only where the reporter filed from
        # The dateline is the first mention; the story's own is somewhere later: score it as mid-text.
        first = m.first_offset if not datelines.get(m.name) else ranking.total // 2
        if m.type == "place" and m.name in region_names() and (not in_title or headline_subjects):
            # "in Europe", "across Asia": a continent is the story's setting, not its subject; so too in a
            # headline that names a firm or a product ("Xiaomi brings the YU7 to Europe"): its market.
            continue
        ranking.add(m.name, m.type, weight, count, in_title, first)
        if m.type == "product" and not in_title and any(
                m.name.startswith(t + " ") for t in headline_companies):
            ranking.scores[m.name] += sal.WEIGHTS.title / 4  # the headline's company, through its product (Apple Pay)
        if m.name in implied_title and not m.in_title:
            ranking.scores[m.name] += sal.WEIGHTS.title / 2  # the headline names its product, so half-names it


def _rank_unknown(
    ranking: _Ranking, gazetteer: Gazetteer, found: list[Mention], headline: str, text: str, lang: str, sport: bool,
) -> None:
    """Score names the gazetteer does not know, found in the body and, failing that, in the headline."""
    scored = ranking.scores
    hits = gazetteer.find(text, genitive=lang in GENITIVE_S, sport=sport)
    # A place or an institution may open a longer name: Frankfurt Airport, ITTF World Tour Grand Finals.
    openers = [h.start for h in hits if gazetteer.entities[h.entity].type in ("place", "organisation")]
    candidates = unknown_names(text, [(h.start, h.end) for h in hits], lang, prefixes=openers)
    # Names the headline alone gives ("le parole di Giancarlo Betta"): the body may never repeat them.
    body_lowercase = {w.casefold() for w in re.findall(r"\w+", text) if w.islower()}
    title_spans = [(h.start, h.end) for h in gazetteer.find(headline, genitive=lang in GENITIVE_S, sport=sport)]
    for name, cand in unknown_names(headline, title_spans, lang).items():
        parts = name.split()
        if any(_sub_span(parts, other.split()) for other in candidates) or all(
                p.casefold() in body_lowercase for p in parts):
            continue  # the body has it, or writes its words in lowercase ("el premio igualdad")
        cand.first = -len(headline) - 1
        candidates[name] = cand
    if lang == "de":  # "Red Hats kommerzielle Plattform" under "Red Hat gibt WildFly frei"
        for name in [n for n in candidates if n.endswith("s") and n[:-1] in candidates]:
            candidates[name[:-1]].count += candidates.pop(name).count

    listed = _listed_names(gazetteer, text, candidates)
    for side in (scoreline_sides(headline, lang) + scoreline_sides(text, lang)) if sport else ():
        # "Serie A Juventus-Inter 2-1": a competition the gazetteer knows may open the side.
        known = [h for h in gazetteer.find(side, sport=True) if h.start == 0]
        name = side[known[0].end:].strip() if known else side
        if name and len(name) >= 3:
            listed.setdefault(name, "")  # a scoreline vouches for both teams, as a list for its items
    if lang == "zh":  # 副总裁汤道生表示: a title and a verb of saying vouch for a person
        for written, person in titled_people(text).items():
            if gazetteer.lookup(written) is None:  # 余承東 is the gazetteer's Richard Yu
                candidates[person.name] = Candidate(person.name, person.count + headline.count(written),
                                                    person.first, True, False, True)
                listed[person.name] = "person"
    for name in listed:
        if name not in candidates:  # a list vouches for words the dictionaries know (Erlangen, Ansbach)
            count = len(re.findall(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text))
            candidates[name] = Candidate(name, max(1, count), max(0, text.find(name)), False, False, True)
    if lang in INFLECTING_LANGUAGES:
        _rank_inflected(ranking, gazetteer, candidates, headline, text, lang)
        resolve_inflected(candidates, lang)
    known = {fold(n) for n in scored} | {fold(m.name) for m in found}
    surnames = {fold(surname_of(m.name)) for m in found if m.type == "person" and surname_of(m.name)}
    acronyms = {initials(m.name): m.name for m in found if initials(m.name)}
    folded_headline = fold(headline)
    for cand in candidates.values():
        key = fold(cand.name)
        if key in known or key in surnames:
            continue  # known already, or a known person's surname
        full = acronyms.get(cand.name)
        if full is not None:  # NPCI beside National Payments Corporation of India
            if full in scored:
                scored[full] += sal.WEIGHTS.of(ranking.types.get(full, "")) * min(cand.count, 3)
            continue
        # A word that opens in lowercase and is capitalised inside (bitFlyer, iQiyi) is a brand as surely
        # as a full name is a person; "FinTech" or "BEVs", capitalised first, may be a sector or a plural.
        brand = cand.name[0].islower() and is_mixed_case(cand.name) and cand.name.isalpha()
        multi = " " in cand.name or any(c.isupper() for c in cand.name[1:])
        kind = "person_like" if cand.person_like or brand else ("span" if multi else "single")
        in_title = _contains_word(folded_headline, key) or (cand.person_like and _names_surname(headline, cand.name))
        before = scored.get(cand.name)
        weight, etype = sal.WEIGHTS.of(kind), ""
        if listed.get(cand.name) in ("place", "person"):
            etype = listed[cand.name]
            weight = sal.WEIGHTS.of("place") if etype == "place" else sal.WEIGHTS.of("person_like")
        ranking.add(cand.name, etype, weight, cand.count, in_title, len(headline) + 1 + cand.first)
        if scored[cand.name] < _MIN_UNKNOWN_SCORE and cand.name not in listed:  # a list vouches for its items
            if kind != "single" and scored[cand.name] >= _SPARE_UNKNOWN_SCORE:
                ranking.spare[cand.name] = scored[cand.name]
            if before is None:
                del scored[cand.name]
            else:
                scored[cand.name] = before
        for place in (cand.prefix, cand.closer):
            if place:
                _take_back(ranking, gazetteer, found, cand, place)


# Languages that decline names (bot.core.roles.INFLECTING_LANGUAGES), so that a known name appears with
# endings the gazetteer does not list: Polish "w Polsce", "Huaweia"; Russian "России"; Hungarian "Kínában".


_CAPITALISED = re.compile(r"(?<![\w'-])[^\W\d_a-zа-я][^\W\d_]{3,}(?![\w'-])")


def _rank_inflected(
    ranking: _Ranking, gazetteer: Gazetteer, candidates: dict[str, Candidate], headline: str, text: str, lang: str
) -> None:
    """Capitalised words that are known names with a case ending ("w Polsce", "в России", "Huaweia")
    count for the known entity; none of them is a new name. Such words are often frequent words of
    their language, so they are read from the text, not only from the candidates. The lemma
    dictionary decides first: a proper noun's lemma may be the listed name (Polish "Warszawie": Warszawa),
    and an inflected common word ("Unii", "Bölgesi") is no name, whatever letters it shares with one."""
    found: dict[str, list] = {}  # entity name -> [entity, count, in_title, first]
    for part, source, base in ((0, headline, 0), (1, text, len(headline) + 1)):
        for match in _CAPITALISED.finditer(source):
            word = match.group(0)
            if not word[0].isupper():
                continue
            entity = gazetteer.declined(word, lang)
            if entity is None:
                continue
            candidates.pop(word, None)
            entry = found.setdefault(entity.name, [entity, 0, False, base + match.start()])
            entry[1] += part
            entry[2] = entry[2] or part == 0
    for name, (entity, count, in_title, first) in found.items():
        weight = sal.WEIGHTS.of(entity.type)
        count = min(count, sal.WEIGHTS.place_count_cap) if entity.type == "place" else count
        if name in ranking.scores:
            # Scored already from its listed forms; the headline's inflected form adds the headline's bonus
            # unless the headline writes the name as listed too.
            title_bonus = in_title and all(gazetteer.entities[h.entity].name != name for h in gazetteer.find(headline))
            ranking.scores[name] += weight * count + sal.WEIGHTS.title * title_bonus
        else:
            ranking.add(name, entity.type, weight, count, in_title, first)


# "Nürnberg, Ansbach, Erlangen und Künzelsau", "Granny Smith, Cortland, Jonagold, and Empire": three
# or more capitalised names in a list.
_ITEM = r"[A-ZÀ-ÖØ-Þ][\w'-]++(?: [A-ZÀ-ÖØ-Þ][\w'-]++){0,2}"
_LIST_SEPARATOR = r",? (?:und|and|e|y|et|sowie|oder|or|o|ou) |, "
_ENUMERATION = re.compile(f"(?<![\\w'-]){_ITEM}(?:(?:{_LIST_SEPARATOR}){_ITEM}){{2,}}")
_ENUMERATION_SPLIT = re.compile(_LIST_SEPARATOR)


def _listed_names(gazetteer: Gazetteer, text: str, candidates: dict[str, Candidate]) -> dict[str, str]:
    """A list is of one kind of thing: unknown words listed beside known places are places, and words
    listed among names that are mostly known or found already are names (an apple variety, a town).
    Returns {name: type}, the type "" where the list does not say."""
    out: dict[str, str] = {}
    for match in _ENUMERATION.finditer(text):
        items = _ENUMERATION_SPLIT.split(match.group(0))
        kinds = [gazetteer.lookup(item) for item in items]
        if any(k is None and gazetteer.find(item, genitive=True) for item, k in zip(items, kinds, strict=True)):
            continue  # an item holds a known name ("Googles Android Pay"): not a list of plain names
        if any(k is not None and k.type == "place" for k in kinds) and all(
                k is None or k.type == "place" for k in kinds):
            out.update((item, "place") for item, k in zip(items, kinds, strict=True) if k is None)
        elif 2 * sum(k is not None or item in candidates for item, k in zip(items, kinds, strict=True)) > len(items):
            out.update((item, "") for item, k in zip(items, kinds, strict=True) if k is None and item not in candidates)
    return out


_LEGAL_SUFFIXES = {
    fold(w) for w in "Group Holdings Holding Technologies Technology Inc Ltd Limited Corp Corporation Co Company "
    "SpA S.p.A. AG GmbH SA SE NV plc Gruppo Groupe Grupo Konzern International".split()
}


def _drop_near_duplicates(ranking: _Ranking) -> None:
    """One entity, one line: "Astràgali" beside "Astràgali Teatro", "Huawei Technologies" beside Huawei."""
    scores = ranking.scores
    words = {n: fold(n).split() for n in scores}
    for name in sorted(scores, key=lambda n: -scores[n]):
        if name not in scores or name in ranking.types:
            continue  # only names the gazetteer does not know give way
        mine = words[name]
        for other in list(scores):
            theirs = words[other]
            if other == name or other not in scores:
                continue
            if other in ranking.types:
                # The known company under its legal name: Huawei Technologies, Alibaba Group Holding.
                if (ranking.types[other] in ("company", "organisation") and mine[: len(theirs)] == theirs
                        and len(mine) > len(theirs) and all(w in _LEGAL_SUFFIXES for w in mine[len(theirs):])):
                    scores[other] = max(scores[other], scores.pop(name))
                    break
            elif len(mine) < len(theirs) and (theirs[: len(mine)] == mine or theirs[-len(mine):] == mine):
                scores[other] = max(scores[other], scores.pop(name))
                break


def _take_back(ranking: _Ranking, gazetteer: Gazetteer, found: list[Mention], cand: Candidate, place: str) -> None:
    """"Frankfurt Airport" and "Politecnico di Milano" are not mentions of Frankfurt and Milan: take
    those occurrences back from the place."""
    entity = gazetteer.lookup(place)
    mention = next((m for m in found if entity is not None and m.name == entity.name), None)
    if mention is None or mention.name not in ranking.scores:
        return
    if mention.count <= cand.count and not mention.in_title:
        del ranking.scores[mention.name]
    else:
        ranking.scores[mention.name] -= sal.WEIGHTS.of(mention.type) * min(cand.count, mention.count)


def _maker(name: str, known: set[str], kind: str) -> str:
    """The entity a product is named after ("Apple" for "Apple Pay"), when the text names it too."""
    if kind != "product" or " " not in name:
        return ""
    head = name.split(" ", 1)[0]
    return head if head in known and head != name else ""


def _sub_span(parts: list[str], other: list[str]) -> bool:
    """parts opens or closes other (Astràgali / Astràgali Teatro), or equals it."""
    return other[: len(parts)] == parts or other[-len(parts):] == parts


def _contains_word(folded_text: str, folded_word: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(folded_word) + r"(?!\w)", folded_text) is not None


def product_models(gazetteer: Gazetteer, headline: str, text: str) -> dict[str, dict[str, tuple[int, bool, int]]]:
    """Models of known products named with their number: ``{"iPhone": {"iPhone 15 Pro": (count, in_title, first)}}``.

    A maker's family may be named without the maker once the text names it ("Huawei launched the Mate
    80"): the model then counts for the maker, as "Huawei Mate 80" would."""
    out: dict[str, dict[str, list]] = {}
    makers: set[str] = set()
    taken: list[tuple[str, int, int]] = []  # (part, start, end) of what the gazetteer and the models read

    def count(family: str, model: str, part: str, first: int) -> None:
        entry = out.setdefault(family, {}).setdefault(model, [0, False, first])
        entry[0] += 1
        entry[1] = entry[1] or part == "title"

    parts = [(part, source, base, gazetteer.find(source))
             for part, source, base in (("title", headline, 0), ("body", text, len(headline) + 1))]
    named = {hit.entity for *_, hits in parts for hit in hits if hit.kind == "strong"}
    for part, source, base, hits in parts:
        for hit in hits:
            entity = gazetteer.entities[hit.entity]
            # A short form that is also a word (小米, millet) names the maker before a model once the text
            # has named the maker in full (小米集团 ... 小米YU7).
            if hit.kind not in ("strong", "related") or hit.entity not in named or entity.type not in ("product", "company"):
                continue
            if hit.kind == "related" and entity.type == "product":
                continue
            taken.append((part, hit.start, hit.end))
            if entity.type == "company":
                makers.add(entity.name)
            pattern = PRODUCT_SUFFIX if entity.type == "product" else MAKER_MODEL
            match = pattern.match(source, hit.end)
            if not match or not match.group(0).strip() or hit.kind == "related" and not match.group(0)[:1].strip():
                continue
            taken.append((part, hit.start, match.end()))
            count(entity.name, f"{entity.name} {collapse_space(match.group(0))}", part, base + hit.start)
    for maker in makers:
        for tail, product in gazetteer.family_tails.get(maker, ()):
            for part, source, base in (("title", headline, 0), ("body", text, len(headline) + 1)):
                for found in re.finditer(r"(?<!\w)" + re.escape(tail), source):
                    if any(p == part and s <= found.start() < e for p, s, e in taken):
                        continue
                    suffix = PRODUCT_SUFFIX.match(source, found.end())
                    if suffix and any(c.isdigit() for c in suffix.group(0)):
                        count(maker, f"{product} {collapse_space(suffix.group(0))}", part, base + found.start())
    return {family: {m: (c, t, f) for m, (c, t, f) in models.items()} for family, models in out.items()}

"""Finding named entities in a text: the gazetteer's mentions, and whether a text is a match report.

The gazetteer (``bot.core.gazetteer``) finds the names it lists (``mentions``); ``bot.core.names``
finds the others as capitalised spans (``unknown_names``, re-exported here). Ranking them is
``bot.core.ranking``'s work.
"""

from __future__ import annotations

import re
from collections import Counter

from bot.core.gazetteer import (
    GENITIVE_S,
    INITIAL,
    RELATED,
    SPORT,
    STRONG,
    TITLE_CASE_LANGUAGES,
    WEAK,
    Gazetteer,
    Hit,
    is_title_case,
)
from bot.core.name_shapes import initials, is_mixed_case, surname_of  # re-exported, as below
from bot.core.name_words import MAKER_MODEL, NOT_NAMES, PRODUCT_SUFFIX
from bot.core.names import (  # re-exported: the callers' one door to name finding
    Candidate,
    unknown_names,
)
from bot.core.text import (
    fold,
    is_common_word,
    is_sentence_start,
)
from bot.types import Mention

__all__ = [
    "GENITIVE_S", "INITIAL", "TITLE_CASE_LANGUAGES", "MAKER_MODEL", "PRODUCT_SUFFIX", "RELATED", "SPORT", "STRONG", "WEAK", "Candidate", "Gazetteer", "Hit",
    "initials", "is_mixed_case", "is_title_case", "surname_of", "unknown_names",
]

def mentions(
    gazetteer: Gazetteer, title: str, body: str, language: str = "", sport: bool | None = None
) -> list[Mention]:
    """Gazetteer mentions in a title and a body, one per entity, in order of first appearance."""
    # Title Case is an English (and Indonesian) habit; German capitalises every noun, so there it says nothing.
    title_case = language in TITLE_CASE_LANGUAGES and is_title_case(title)
    if sport is None:  # the caller may know already
        sport = is_sports_text(f"{title}\n{body}", language)
    stats: dict[int, list] = {}
    parts = []
    for part, text, base, context in (("title", title, 0, body), ("body", body, len(title) + 1, title)):
        hits = gazetteer.find(text, title_case=part == "title" and title_case, genitive=language in GENITIVE_S,
                              language=language, sport=sport, context=context)
        parts.append((part, base, hits))
    # A common word that opens a sentence once ("Block by block", "Discover the recipe") is no name;
    # named mid-sentence too, or opening two sentences, it is.
    strong = {h.entity for _, _, hits in parts for h in hits if h.kind == STRONG}
    initial = Counter(h.entity for _, _, hits in parts for h in hits if h.kind == INITIAL)
    strong |= {entity for entity, n in initial.items() if n >= 2}
    for part, base, hits in parts:
        for hit in hits:
            if hit.kind == INITIAL:
                if hit.entity not in strong:
                    continue
                hit = Hit(hit.entity, STRONG, hit.start, hit.end)
            entry = stats.setdefault(hit.entity, [0, False, base + hit.start])
            entry[0] += 1
            if part == "title" and hit.kind == STRONG:
                entry[1] = True
    out = []
    for idx, (count, in_title, first) in stats.items():
        ent = gazetteer.entities[idx]
        out.append(Mention(name=ent.name, type=ent.type, count=count, in_title=in_title, first_offset=first))
    out.sort(key=lambda m: m.first_offset)
    return out


# Words of match reports, per language. Three different ones make a sports text, where "la Roma" and
# "il Milan" are clubs. The lists leave out words with an everyday sense ("partita IVA", French "but",
# Spanish "partido", English "goal" and "manager"), so business news stays business news.
_SPORTS_WORDS = {
    "it": "calcio gol campionato allenatore pareggio pareggiando tifosi derby stadio panchina "
          "attaccante centrocampista difensore scudetto trasferta nerazzurri rossoneri giallorossi bianconeri "
          "biancocelesti doppietta capocannoniere fuorigioco autogol",
    "en": "football soccer match striker midfielder defender goalkeeper stadium penalty fixture kick-off derby "
          "scored equaliser equalizer hat-trick relegation referee half-time goalless stoppage-time offside free-kick",
    "de": "fußball fussball tore torwart trainer bundesliga stürmer stadion elfmeter abstieg spieltag "
          "schiedsrichter torschütze anpfiff abpfiff gegentor eckball führungstreffer siegtreffer ausgleichstreffer",
    "fr": "football entraîneur championnat stade attaquant gardien penalty défenseur buteur égalisation hors-jeu",
    "es": "fútbol futbol gol goles entrenador estadio delantero portero penalti campeonato marcador "
          "azulgrana rojiblancos goleador remontada goleada",
}
# A result names two teams: "Nebros-Modica 2 a 1", "Juventus-Inter 2-1", "Real Madrid - Barcelona 3:1".
_SIDE = r"[A-ZÀ-ÖØ-Þ][\w'.]*+(?: [A-ZÀ-ÖØ-Þ][\w'.]*+){0,2}"
_SCORELINE = re.compile(
    rf"(?<![\w'.-])({_SIDE}) ?[-–] ?({_SIDE}),? (1?\d) ?(?:-|–|:| a ) ?(1?\d)(?![\d.,:]\d|\w| ?(?:Uhr|h\b|ore\b|horas|heures))"
)
_SPORTS_RE = {
    lang: re.compile(r"(?<!\w)(" + "|".join(re.escape(fold(w)) for w in words.split()) + r")(?!\w)")
    for lang, words in _SPORTS_WORDS.items()
}


def scoreline_sides(text: str, language: str) -> list[str]:
    """The two teams of every result the text gives; a sentence's opening word goes if it is common,
    and days and months are no teams ("Montag-Freitag 9-12")."""
    out: list[str] = []
    for match in _SCORELINE.finditer(text):
        for k, side in enumerate(match.group(1, 2)):
            words = side.split()
            if k == 0 and len(words) > 1 and is_sentence_start(text, match.start(1)) and is_common_word(
                    words[0], language):
                words = words[1:]  # "Ieri Juventus-Inter 2-1"
            name = " ".join(words)
            if len(name) >= 3 and name not in out and fold(words[-1]) not in NOT_NAMES:
                out.append(name)
    return out


def is_sports_text(text: str, language: str) -> bool:
    """Three different words of match reports ("gol", "allenatore", "tifosi") make a sports text; a
    result ("Juventus-Inter 2-1") counts as one."""
    pattern = _SPORTS_RE.get(language)
    if pattern is None:
        return False
    return len(set(pattern.findall(fold(text)))) + (_SCORELINE.search(text) is not None) >= 3


# --- names the gazetteer does not know -------------------------------------------------------------

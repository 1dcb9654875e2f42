"""Names that sponsor a place: "PayPal Park", "Allianz Arena", "みずほPayPayドーム", "Estadio Mercedes".

A stadium, arena or hall named after a company is not a story about the company: a match report at
PayPal Park names the ground, and a PayPal follower does not want it. Any gazetteer name written
beside a venue noun (after it in most languages, before it in those that say "Stade X") names the
place there, whatever the company. A form the gazetteer lists with the noun ("Apple Park", Apple's
offices) is the gazetteer's own and never reaches this rule: the longest form wins before it.
Pure: text and offsets in, a yes or no out.
"""

from __future__ import annotations

import re

import ahocorasick

# Nouns of venues that are named after sponsors, written after the name ("PayPal Park", "Tauron
# Arena", "Ülker Stadyumu", "ВТБ Арена"). Capitalised, as in a venue's name: "Huawei fields a team" is
# no venue.
_AFTER = (
    "Park|Parque|Parken|Arena|Aréna|Areena|Areną|Arenie|Stadium|Stadion|Stadionu|Stadionie|Stadyumu|Stadyum|"
    "Field|Dome|Hall|Halle|Hallen|Theater|Theatre|Amphitheatre|Amphitheater|Ballpark|Coliseum|Colosseum|Garden|"
    "Gardens|Bowl|Speedway|Raceway|Pavilion|Velodrome|Center|Centre|Sportpark|Sporthalle|Eisarena|"
    "Арена|Арене|Арены|Стадион|Стадиона|Арені|Стадіон|Αρένα|Στάδιο"
)
# Nouns written before the name in languages that put the kind of place first ("Stade PayPal",
# "Estadio Mercedes", "стадион «Газпром Арена»"): capitalised, or lower case before a quote.
_BEFORE = (
    "Stade|Stadio|Estadio|Estádio|Stadion|Stadionul|Arena|Aréna|Palais des sports|Palacio de los Deportes|"
    "Palazzetto|Pabellón|Parque|Ginásio|Стадион|Арена|Стадіон|Στάδιο"
)
_BEFORE_QUOTED = "стадион|стадионе|арена|арене|стадіон|stadion|stadionie|stadyumu"
# Venue nouns glued to the name in scripts without spaces: "みずほPayPayドーム", "华为体育场".
_CJK_AFTER = ("ドーム|スタジアム|アリーナ|ホール|フィールド|球場|競技場|体育场|體育場|体育馆|體育館|球场|竞技场|"
              "아레나|스타디움|돔|경기장|구장")

_AFTER_RE = re.compile(rf"(?:[\s\u00a0]+|[\-–])(?:{_AFTER})(?![^\W\d_])")
_BEFORE_RE = re.compile(rf"(?<![^\W\d_])(?:(?:{_BEFORE})[\s\u00a0]+[«\"“„]?|(?:{_BEFORE_QUOTED})[\s\u00a0]*[«\"“„])$")
_CJK_AFTER_RE = re.compile(rf"\s?(?:{_CJK_AFTER})")
# How far before a name the venue noun may sit ("Palacio de los Deportes " is 25 characters).
_LOOKBEHIND = 28


def is_venue(text: str, start: int, end: int) -> bool:
    """True when the name at ``text[start:end]`` is part of a venue's name ("PayPal Park")."""
    if _AFTER_RE.match(text, end) is not None or _CJK_AFTER_RE.match(text, end) is not None:
        return True
    return _BEFORE_RE.search(text[max(0, start - _LOOKBEHIND):start]) is not None


# Any venue noun at all: an article without one needs no venue check (the matcher's fast path). One
# Aho-Corasick scan: a regex of sixty alternatives costs more than the rest of matching an article.
_NOUNS = ahocorasick.Automaton()
_GLUED = frozenset(_CJK_AFTER.split("|"))  # written without spaces: no word boundary to check
for _noun in {*_AFTER.split("|"), *_BEFORE.split("|"), *_BEFORE_QUOTED.split("|"), *_GLUED}:
    _NOUNS.add_word(_noun, (len(_noun), _noun in _GLUED))
_NOUNS.make_automaton()


def mentions_venue(text: str) -> bool:
    """True when ``text`` names any kind of venue, so a name in it may be a venue's."""
    n = len(text)
    for end, (length, glued) in _NOUNS.iter(text):
        start = end - length + 1
        if glued or (start == 0 or not text[start - 1].isalpha()) and (end + 1 == n or not text[end + 1].isalpha()):
            return True
    return False

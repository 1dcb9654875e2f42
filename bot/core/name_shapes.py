"""The shape of a name: what makes a capitalised word a given name, a brand or a common word of its
language, read from the frequency and lemma lists. Shared by the name finder (``bot.core.names``) and
the references that point back to a name (initials, surnames)."""

from __future__ import annotations

from bot.core import lemmas
from bot.core.gazetteer import is_title_case
from bot.core.languages import _CONNECTORS
from bot.core.text import LATIN_LANGUAGES, is_common_word, is_dictionary_word, zipf


RARE_OPENER = 4.3  # Zipf: below this a capitalised word opening a name may be a given name
GERMAN_NOUN_ZIPF = 4.8
VERY_FREQUENT = 5.5  # Zipf: "ora", "usa", "qui" are words even in capitals


def person_after(words: list[tuple[int, str]]) -> bool:
    """A given name and a surname: the first word is in (nearly) every language's lists, as names
    travel (Matteo, Patrick), and neither it nor the last is a common English word, as the words of
    institutions often are ("Economic Review", "Stock Exchange", "Fashion Week"). The text's own
    language is not asked: its given names and surnames are its frequent words (Matteo, Salvini)."""
    if not 2 <= len(words) <= 3:
        return False
    first, last = words[0][1], words[-1][1]
    return in_most_lists(first) and not is_common_word(first, "en") and not is_common_word(last, "en")


def travels(word: str) -> bool:
    """A given name the frequency lists of nearly every language share (Peter, Michael, Faith)."""
    return word.isalpha() and word[:1].isupper() and word[1:].islower() and in_most_lists(word)


def in_most_lists(word: str) -> bool:
    """In the frequency lists of four of the five Latin-script languages: given names travel (Matteo, Peter)."""
    return sum(zipf(word, lang) > 0 for lang in LATIN_LANGUAGES) >= 4


def brand_like(word: str) -> bool:
    """A brand's shape: capitals inside (PayNet, not an acronym: "Sporting KC" is one name)."""
    return is_mixed_case(word) and not word.isupper()


def given_name_before_surname(words: list[tuple[int, str]], language: str) -> bool:
    """Two or three words: the first rare and no word the lemma lists know (so a given name, not an
    adverb), the rest no words at all."""
    first = words[0][1]
    return (2 <= len(words) <= 3 and first.isalpha() and first[1:].islower() and zipf(first, language) < RARE_OPENER
            and not any(is_dictionary_word(w) for _, w in words[1:])
            and not lemmas.is_known(first.lower(), language))  # "Overnight", "Interpellato" are words


def common_in(word: str, language: str) -> bool:
    """A common word of the language (each part of a hyphenated word common); iPhone-like words never are,
    nor acronyms frequent in one language only (SPD, PNV)."""
    if is_mixed_case(word):
        return False
    if word.isupper() and 2 <= len(word) <= 6 and word.isalpha():
        return zipf(word, language) >= VERY_FREQUENT
    if "-" in word and language != "de":
        return all(is_common_word(part, language) for part in word.split("-") if part)
    return is_common_word(word, language)


def is_mixed_case(word: str) -> bool:
    """iPhone, JoyBuy, bitFlyer; not Online-Shop, where each hyphenated part opens with its capital."""
    return any(c.isupper() for part in word.split("-") for c in part[1:]) and any(c.islower() for c in word)


def initials(name: str) -> str:
    """RCN for Royal College of Nursing: the acronym a text may use after the full name."""
    words = [w for w in name.replace("-", " ").split() if w.lower() not in _CONNECTORS]
    if len(words) < 2 or not all(w[:1].isalpha() for w in words):
        return ""
    return "".join(w[0] for w in words).upper()


def surname_of(name: str) -> str:
    """The last word of a person's name: how a text refers back to them."""
    return name.split()[-1] if " " in name else ""


def title_case_lines(text: str) -> set[int]:
    """Offsets of short lines written in Title Case (headings, teasers)."""
    out = set()
    offset = 0
    for line in text.split("\n"):
        if line and len(line) < 160 and is_title_case(line) and not line.rstrip().endswith("."):
            out.add(offset)
        offset += len(line) + 1
    return out


def line_of(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1

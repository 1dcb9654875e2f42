"""A person's name behind the role a text writes before it, in any language.

News names people with their office: "Teknoloji Bakanı Mehmet Fatih Kacır", "Cumhurbaşkanı Recep Tayyip
Erdoğan", "prezes UOKiK Tomasz Chróstny", "Deputi Gubernur BI Filianingsih Hendarta". Capitalised, the
office and the name read as one span; the entity is the person. Two signs tell the office from the name
without a list of titles per language (one short list of office head nouns the languages share,
``OFFICES``, covers the offices a text never writes in lowercase):

- an office is a word the same text also writes in lowercase ("the commerce secretary said", "bakan
  açıkladı"), or an inflected common noun (Turkish "Bakanı", "Cumhurbaşkanı": the minister *of*), or one
  of the titles or office nouns every language shares (President, Minister, Secretary); a person's given name and surname are
  never written in lowercase, even where the dictionaries list them as words (Turkish "Fatih", "Erdoğan");
- an agency's acronym (BI, ABW, UOKiK) standing before two or three capitalised words that are no English
  words is the person's employer, not part of their name ("BYD Dolphin Surf" stays).

A span that is an office and nothing else ("Chief Financial Officer", "Directeur Général") is no entity.
"""

from __future__ import annotations

from collections.abc import Collection

from bot.core import lemmas
from bot.core.text import fold, is_common_word

# Languages that decline nouns, so that an office before a name may stand in another case (Turkish "Bakanı").
INFLECTING_LANGUAGES = frozenset("pl ru uk be cs sk sl hr sr bs bg mk lt lv et fi hu tr el ro".split())
_NAME_MAX = 3  # words of a person's name: given name(s) and surname
_OFFICE_ONLY_MAX = 4  # words: "Chief Financial Officer", "Directeur Général", "Secretary of State"
# Head nouns of offices, shared by the languages the bot reads (their given names never take these
# forms): what makes "Chief Financial Officer" or "Direttore Generale" a role rather than an organisation,
# whose words are as common ("European Payments Initiative").
OFFICES = frozenset(fold(w) for w in (
    "Officer Executive Chief Secretary Director Directora Directeur Directrice Direttore Direttrice Direktor Direktorin "
    "Commissioner Commissaire Commissario Comisario Kommissar Kommissarin Spokesman Spokeswoman Spokesperson "
    "Sprecher Sprecherin Portavoce Porte-parole Portavoz Treasurer Chancellor Kanzler Kanzlerin Vorsitzender "
    "Vorsitzende Secretario Secretaria Segretario Segretaria Sekretär Sekretärin Secrétaire"
).split())


def _is_office(word: str, language: str, lowercase: Collection[str], titles: Collection[str]) -> bool:
    lower = word.casefold()
    if lower in lowercase or fold(word) in titles or fold(word) in OFFICES:
        return True
    if language not in INFLECTING_LANGUAGES or not word.isalpha() or not lemmas.is_known(lower, language):
        return False  # only a declining language hides an office in an inflected form
    lemma = lemmas.lemmatize(lower, language)
    return lemma != lower and lemma[:1].islower() and lemma.casefold() in lower[: len(lemma) + 1]


def _is_acronym(word: str) -> bool:
    """BI, ABW, UOKiK: two to six letters, most of them capitals."""
    return 2 <= len(word) <= 6 and word.isalpha() and sum(c.isupper() for c in word) >= max(2, len(word) - 1)


def _name_like(word: str) -> bool:
    """Capitalised as a name is: one capital, then lowercase (hyphenated parts alike)."""
    return all(p[:1].isupper() and p[1:].islower() for p in word.split("-") if p)


def strip_role(words: list[str], language: str, lowercase: Collection[str], titles: Collection[str] = ()) -> int:
    """How many leading words of a capitalised span are an office, or an employer's acronym, before a
    person's name (0 when none are). ``lowercase``: the words the text writes in lowercase, casefolded;
    ``titles``: folded titles shared by every language. What remains is two or three name-like words."""
    n = len(words)
    if n < 3 or not all(_name_like(w) for w in words[-2:]) or any(
            _is_office(w, language, lowercase, titles) for w in words[-2:]):
        return 0
    offices = [k for k in range(n - 2) if _is_office(words[k], language, lowercase, titles)]
    cut = offices[-1] + 1 if offices else 0
    if n - cut > _NAME_MAX and not _is_acronym(words[cut]):
        return 0  # more than a name after the office: an institution, or no office at all
    rest = words[cut + 1:]
    if (_is_acronym(words[cut]) and 2 <= len(rest) <= _NAME_MAX and all(_name_like(w) for w in rest)
            and not any(is_common_word(w.casefold(), "en") for w in rest)):
        cut += 1  # "BI Filianingsih Hendarta": the employer's acronym, then the person
    return cut


def is_office_only(words: list[str], language: str, connectors: Collection[str] = ()) -> bool:
    """The span names an office and nothing else: an office noun, with common words of the language
    around it ("Chief Financial Officer", "Directeur Général", "Secretary of State")."""
    if not 1 <= len(words) <= _OFFICE_ONLY_MAX or not any(fold(w) in OFFICES for w in words):
        return False
    return all(fold(w) in OFFICES or w.casefold() in connectors or is_common_word(w.casefold(), language)
               for w in words)

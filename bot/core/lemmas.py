"""Lemmas and known words, per language: the one door to the lemma dictionaries.

Language codes are the identifier's (py3langid): where it and the dictionaries spell a language
differently the code is translated (Norwegian "no" is Bokmål, "nb"); a language with no dictionary
knows no words and lemmatises every word to itself, instead of raising as simplemma does.

The rules are simplemma's (dictionary lookup, then affixes, hyphens and per-language rules); where its
dictionaries are held is the caller's choice (``use_dictionaries``). By default they are simplemma's
low-memory store, which decodes a compressed block per lookup (~20 µs); the running bot installs
memory-mapped tries (``bot.lemma_tables``), the same data at ~1 µs a lookup. Results are the same.
"""

from __future__ import annotations

from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES, DictionaryFactory
from simplemma.strategies.dictionaries import LOW_MEMORY_DICTIONARY_FACTORY
from simplemma.utils import normalize_token

# The identifier's code -> the dictionaries' code, where they differ.
ALIASES = {"no": "nb"}


class _Door:
    """The lemmatiser and the membership test over one dictionary store."""

    __slots__ = ("dictionaries", "known", "lemmatizer")

    def __init__(self, dictionaries: DictionaryFactory) -> None:
        self.dictionaries = dictionaries
        # No cache of its own: callers memoise (the matcher keeps plain str -> str dicts), and an lru_cache of
        # 65,536 linked entries is that many objects for the cyclic collector to walk, again and again.
        self.lemmatizer = Lemmatizer(cache_max_size=0,
                                     lemmatization_strategy=DefaultStrategy(dictionary_factory=dictionaries))
        self.known = DictionaryLookupStrategy(dictionaries)


_door = _Door(LOW_MEMORY_DICTIONARY_FACTORY)


def use_dictionaries(dictionaries: DictionaryFactory | None) -> None:
    """Read lemmas from ``dictionaries`` (a simplemma ``DictionaryFactory``) from now on; ``None``
    returns to simplemma's low-memory store. Called by the composition root, before any article."""
    global _door
    _door = _Door(dictionaries or LOW_MEMORY_DICTIONARY_FACTORY)


def dictionaries() -> DictionaryFactory:
    """The dictionary store the door reads now."""
    return _door.dictionaries


def dictionary_language(lang: str) -> str | None:
    """The dictionaries' code for ``lang``, or ``None`` when no dictionary reads it."""
    code = ALIASES.get(lang, lang)
    return code if code in SUPPORTED_LANGUAGES else None


def is_known(word: str, lang: str) -> bool:
    """Whether ``word`` is a word (an inflected form or a lemma) of ``lang``'s dictionary."""
    code = dictionary_language(lang)
    return code is not None and bool(word) and _door.known.get_lemma(normalize_token(word), code) is not None


def lemmatize(word: str, lang: str) -> str:
    """The lemma of ``word`` in ``lang``; the word itself where ``lang`` has no dictionary."""
    code = dictionary_language(lang)
    return word if code is None else _door.lemmatizer.lemmatize(word, code)


def case_of(word: str, language: str) -> tuple[str, bool]:
    """(lemma, proper): the word's lemma when it is an inflected form the dictionary knows, with whether
    that lemma is a proper noun; (word, True) when the word is no inflected form."""
    if not word.isalpha():
        return word, True
    lower = word.casefold()
    if not is_known(lower, language):
        return word, True
    lemma = lemmatize(lower, language)
    if lemma == lower or lemma.casefold() == lower:
        return word, True
    return lemma, lemma[:1].isupper()

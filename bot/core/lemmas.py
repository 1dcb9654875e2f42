"""Lemmas and known words, per language: the one door to the lemma dictionaries.

Language codes are the identifier's (py3langid): where it and the dictionaries spell a language
differently the code is translated (Norwegian "no" is Bokmål, "nb"); a language with no dictionary
knows no words and lemmatises every word to itself, instead of raising as simplemma does.
"""

from __future__ import annotations

import simplemma
from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

# The identifier's code -> the dictionaries' code, where they differ.
ALIASES = {"no": "nb"}


def dictionary_language(lang: str) -> str | None:
    """The dictionaries' code for ``lang``, or ``None`` when no dictionary reads it."""
    code = ALIASES.get(lang, lang)
    return code if code in SUPPORTED_LANGUAGES else None


def is_known(word: str, lang: str) -> bool:
    """Whether ``word`` is a word (an inflected form or a lemma) of ``lang``'s dictionary."""
    code = dictionary_language(lang)
    return code is not None and simplemma.is_known(word, lang=code, low_memory=True)


def lemmatize(word: str, lang: str) -> str:
    """The lemma of ``word`` in ``lang``; the word itself where ``lang`` has no dictionary."""
    code = dictionary_language(lang)
    return word if code is None else simplemma.lemmatize(word, lang=code, low_memory=True)

"""Word frequencies per language, stored compactly: wordfreq's "small" lists in a trie.

wordfreq ships, inside its wheel, a list of the words of each language with a Zipf frequency of 3 or
more (about 40,000 a language), and hands them out as a ``dict[str, float]``: about 4.5 MB of Python
objects per language, kept twice over by its own caches. A bot reading 17 languages held 80 MB of
them. Here each list becomes a MARISA trie (the words, about 1 MB a language) and an array of the
words' frequency buckets indexed by the trie's key ids: about 1.2 MB a language, a lookup ~1 µs.
Frequencies are the same numbers wordfreq's dict gives (``zipf`` is bit-identical).
"""

from __future__ import annotations

import math
from array import array
from functools import cache

import marisa_trie


class Wordlist:
    """One language's frequency list: ``zipf(word)`` for a casefolded word, 0.0 when it is not listed."""

    __slots__ = ("_buckets", "_get", "_trie")

    def __init__(self, buckets: list[list[str]]) -> None:
        # Bucket i holds the words of frequency 10^(-i/100); a word listed twice keeps its last bucket,
        # as wordfreq's own dict does.
        bucket_of: dict[str, int] = {}
        for index, bucket in enumerate(buckets):
            for word in bucket:
                bucket_of[word] = index
        self._trie = marisa_trie.Trie(bucket_of)
        self._buckets = array("H", bytes(2 * len(self._trie)))
        for word, index in bucket_of.items():
            self._buckets[self._trie[word]] = index
        self._get = self._trie.get

    def zipf(self, word: str) -> float:
        key = self._get(word)
        return 0.0 if key is None else _ZIPF[self._buckets[key]]

    def __contains__(self, word: str) -> bool:
        return word in self._trie

    def __len__(self) -> int:
        return len(self._trie)


# Zipf of each bucket, computed as wordfreq computes frequencies (10^(-i/100)), so values match its dict's.
_ZIPF = tuple(math.log10(10 ** (-index / 100)) + 9.0 for index in range(1000))


@cache
def wordlist(language: str) -> Wordlist:
    """The compact list of ``language`` (a code wordfreq has a "small" list for); built once per process."""
    from wordfreq import get_frequency_list  # bundled data, read on first use

    # __wrapped__: wordfreq's lru_cache would keep its list of lists alive beside ours.
    return Wordlist(get_frequency_list.__wrapped__(language, "small"))

"""Compact word lists: the same frequencies wordfreq's dicts give, from a trie."""

import math

import pytest
from wordfreq import get_frequency_dict

from bot.core.text import zipf
from bot.core.wordlists import Wordlist, wordlist


@pytest.mark.parametrize("lang", ["en", "de", "ja", "pl"])
def test_every_listed_word_has_wordfreqs_own_zipf(lang):
    freqs = get_frequency_dict(lang, "small")
    words = wordlist(lang)
    assert len(words) == len(freqs)
    assert all(words.zipf(word) == math.log10(freq) + 9.0 for word, freq in freqs.items())


def test_unlisted_words_are_zero_and_lookups_go_through_the_language_aliases():
    assert wordlist("en").zipf("qwzxv") == 0.0
    assert zipf("The", "en") == wordlist("en").zipf("the") > 7
    assert zipf("betaling", "no") == wordlist("nb").zipf("betaling") > 3  # Norwegian reads Bokmål's list


def test_a_word_listed_twice_keeps_its_last_bucket_as_wordfreq_does():
    words = Wordlist([["alpha"], [], ["beta", "alpha"]])
    assert words.zipf("alpha") == words.zipf("beta") < Wordlist([["alpha"]]).zipf("alpha") == 9.0
    assert "beta" in words and "gamma" not in words

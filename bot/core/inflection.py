"""Names the text declines: the form an entity is listed under, or no entity at all.

Polish, Russian, Czech, Turkish and the other inflecting languages write a name in the case the sentence
needs: "w Grójcu", "sadowników z Grójca" (Grójec), "в России" (Россия), "Avrupa Birliği'nin". Read as
written, each case is a new entity. The lemma dictionaries (bot.core.lemmas) tell the two kinds apart:

- a word whose lemma the dictionary writes capitalised is a proper noun in another case: the name is
  shown in its lemma (Grójca, Grójcu -> Grójec; Tomasza -> Tomasz);
- a word whose lemma is a lowercase common word ("Unii" -> unia, "Ochrony" -> ochrona, "Bölgesi" ->
  bölge) marks an institution's or a phrase's oblique case ("Urzędu Ochrony Konkurencji", "Unii
  Europejskiej"): the span is not the institution's name as it would be listed, so it is no entity;
- a name whose last word is another candidate's last word plus a short ending ("Wang Weijinga" beside
  "Wang Weijing") is that candidate in another case.
"""

from __future__ import annotations

import dataclasses
from os.path import commonprefix

from bot.core.entities import Candidate
from bot.core.lemmas import case_of

__all__ = ["case_of", "resolve_inflected"]

_ENDING_MAX = 3  # letters of a case ending: -a, -owi, -em, -ын


def resolve_inflected(candidates: dict[str, Candidate], language: str) -> None:
    """Rename, merge or drop, in place, candidates that are declined forms (see the module's docstring)."""
    for name in list(candidates):
        cand = candidates.get(name)
        if cand is None:
            continue
        words = name.split(" ")
        cases = [case_of(w, language) for w in words]
        if any(not proper for _, proper in cases):
            del candidates[name]
            continue
        listed = " ".join(lemma for lemma, _ in cases)
        if listed != name:
            _merge(candidates, name, listed)
    for name in sorted(candidates, key=len, reverse=True):
        if name not in candidates:
            continue
        head, _, last = name.rpartition(" ")
        for other in candidates:
            o_head, _, o_last = other.rpartition(" ")
            ending = len(last) - len(o_last)
            if other != name and o_head == head and last.startswith(o_last) and 0 < ending <= _ENDING_MAX and len(
                    o_last) >= 3:
                _merge(candidates, name, other)
                break
            # "Sandra Kulenovića" beside "Sandro Kulenović", "Marka Livaje" beside "Marko Livaja": every word
            # declined; the shorter form (the nominative drops the ending), then the more frequent, is kept.
            if other != name and " " in name and _same_declined(name, other) and (
                    len(other), -candidates[other].count) < (len(name), -candidates[name].count):
                _merge(candidates, name, other)
                break


def _same_declined(a: str, b: str) -> bool:
    """Two spellings of one name, each word in another case: same number of words, each pair equal or
    sharing all but a short ending (three letters at most), on a stem of four letters or more."""
    words_a, words_b = a.split(" "), b.split(" ")
    if len(words_a) != len(words_b) or a == b:
        return False
    for x, y in zip(words_a, words_b):
        if x == y:
            continue
        stem = len(commonprefix((x, y)))
        if stem < 4 or len(x) - stem > _ENDING_MAX or len(y) - stem > _ENDING_MAX:
            return False
    return True


def _merge(candidates: dict[str, Candidate], name: str, into: str) -> None:
    cand = candidates.pop(name)
    kept = candidates.get(into)
    if kept is None:
        candidates[into] = dataclasses.replace(cand, name=into)
    else:
        kept.count += cand.count
        kept.first = min(kept.first, cand.first)

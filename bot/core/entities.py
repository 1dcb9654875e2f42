"""Finding named entities in a text: a gazetteer automaton plus capitalised spans.

The gazetteer is one Aho-Corasick automaton over the folded forms of every name, alias,
weak form and related term, so a text is scanned once whatever the gazetteer's size.
Hits are then checked against the original text: exact-case names (Apple, not apple),
weak forms (Ma counts only capitalised, mid-sentence, beside a full mention of Jack Ma).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from bot.core.text import at_word_boundaries, fold, fold_with_map, is_cjk, is_sentence_start
from bot.types import Entity, Mention

STRONG, WEAK, RELATED = "strong", "weak", "related"


@dataclass(frozen=True)
class Hit:
    """One occurrence of a gazetteer form in a text (offsets into the original text)."""

    entity: int  # index into Gazetteer.entities
    kind: str  # STRONG | WEAK | RELATED
    start: int
    end: int


@dataclass(frozen=True)
class _Form:
    entity: int
    kind: str
    surface: str  # as written in the gazetteer, for exact-case checks
    exact_case: bool
    cjk: bool


class Gazetteer:
    """Every known entity and every way to name it; built once per config."""

    def __init__(self, entities: Iterable[Entity]):
        self.entities: tuple[Entity, ...] = tuple(entities)
        self._by_folded: dict[str, int] = {}
        forms: dict[str, list[_Form]] = {}
        for idx, ent in enumerate(self.entities):
            for surface, kind in _forms_of(ent):
                key = fold(surface)
                if not key.strip():
                    continue
                cjk = any(is_cjk(c) for c in key)
                exact = kind == WEAK or (ent.exact_case and not cjk)
                forms.setdefault(key, []).append(_Form(idx, kind, surface, exact, cjk))
                if kind == STRONG:
                    self._by_folded.setdefault(key, idx)
        self._automaton = ahocorasick.Automaton()
        for key, flist in forms.items():
            self._automaton.add_word(key, (len(key), tuple(flist)))
        self._empty = not forms
        if not self._empty:
            self._automaton.make_automaton()

    def lookup(self, term: str) -> Entity | None:
        """The entity a user's term names (by canonical name or strong alias), if any."""
        idx = self._by_folded.get(fold(term.strip()))
        return self.entities[idx] if idx is not None else None

    def forms(self, name: str) -> list[str]:
        """Every strong surface form of an entity (for follow matching)."""
        ent = self.lookup(name)
        if ent is None:
            return []
        return [s for s, kind in _forms_of(ent) if kind == STRONG]

    def find(self, text: str, title_case: bool = False) -> list[Hit]:
        """All valid, non-overlapping hits in ``text`` (leftmost, then longest, wins).

        ``title_case``: the text capitalises every word (an English headline), so a capital proves
        nothing and exact-case forms ("Apple" in "Classic Apple Pie") do not count there.
        """
        if self._empty or not text:
            return []
        folded, index = fold_with_map(text)
        candidates: list[Hit] = []
        for end, (length, flist) in self._automaton.iter(folded):
            fstart = end - length + 1
            for form in flist:
                if not form.cjk and not at_word_boundaries(folded, fstart, end + 1):
                    continue
                start = index[fstart]
                stop = index[end] + 1
                if form.exact_case and (title_case or text[start:stop] != form.surface):
                    continue
                if form.kind == WEAK and is_sentence_start(text, start):
                    continue
                candidates.append(Hit(form.entity, form.kind, start, stop))
                break  # one form per span is enough; the first is the strongest listed
        candidates.sort(key=lambda h: (h.start, -(h.end - h.start)))
        chosen: list[Hit] = []
        last_end = -1
        for hit in candidates:
            if hit.start >= last_end:
                chosen.append(hit)
                last_end = hit.end
        strong = {h.entity for h in chosen if h.kind == STRONG}
        # A weak form or a metonym alone proves nothing: "Ma" without "Jack Ma" is the Italian "but".
        return [h for h in chosen if h.kind == STRONG or h.entity in strong]


def is_title_case(text: str) -> bool:
    """True for headlines in Title Case, where capitals carry no information about names."""
    words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 3]
    if len(words) < 2:
        return False
    return sum(1 for w in words if w[0].isupper()) / len(words) >= 0.75


def _forms_of(ent: Entity) -> list[tuple[str, str]]:
    out = [(ent.name, STRONG)]
    out += [(a, STRONG) for a in ent.aliases]
    out += [(w, WEAK) for w in ent.weak]
    out += [(r, RELATED) for r in ent.related]
    return out


def mentions(gazetteer: Gazetteer, title: str, body: str, language: str = "") -> list[Mention]:
    """Gazetteer mentions in a title and a body, one per entity, in order of first appearance."""
    # Title Case is an English habit; German capitalises every noun, so there it says nothing.
    title_case = language == "en" and is_title_case(title)
    stats: dict[int, list] = {}
    for part, text, base in (("title", title, 0), ("body", body, len(title) + 1)):
        for hit in gazetteer.find(text, title_case=part == "title" and title_case):
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


# --- names the gazetteer does not know -------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_][\w'’.&-]*[\w]|[^\W\d_]", re.UNICODE)
_CONNECTORS = {
    "di", "de", "del", "della", "dei", "degli", "delle", "da", "van", "von", "der", "den", "du", "des",
    "la", "le", "of", "al", "bin",
}
# Capitalised words that are not names even mid-sentence: days, months, honorifics, pronouns.
_NOT_NAMES = {
    fold(w)
    for w in (
        "I Il Lo La Le Gli Un Una The A An Der Die Das Ein Eine Le La Les Un Une El Los Las Mr Mrs Ms Dr "
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
        "July August September October November December Lunedì Martedì Mercoledì Giovedì Venerdì Sabato "
        "Domenica Gennaio Febbraio Marzo Aprile Maggio Giugno Luglio Agosto Settembre Ottobre Novembre "
        "Dicembre Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Januar Februar März Mai Juni "
        "Juli Oktober Dezember Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche Janvier Février Mars Avril "
        "Juin Juillet Août Septembre Octobre Novembre Décembre Lunes Martes Miércoles Jueves Viernes Sábado "
        "Enero Febrero Marzo Abril Mayo Junio Julio Agosto Septiembre Octubre Noviembre Diciembre Ma Mai "
        "Ich Sie Er Wir Ihr Je Nous Vous Il Elle Ils Yo Usted Io Lui Lei Noi Voi Loro We You He She They It "
        "Share Tweet Pin Foto Photo Video Copyright Cookie Cookies Home News Leggi Read Mehr Lire Leer Più"
    ).split()
}


def unknown_names(text: str, known_spans: list[tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Capitalised spans that look like names: ``{name: (count, first_offset)}``.

    Conservative by design: a span must sit mid-sentence, and a one-word span must recur,
    because a capital after a full stop or a lone capitalised word proves little.
    """
    found: dict[str, list[int]] = {}
    words = list(_WORD.finditer(text))
    i = 0
    while i < len(words):
        w = words[i]
        token = w.group().rstrip(".")
        if not _capitalised(token) or fold(token) in _NOT_NAMES or _inside(w.start(), known_spans):
            i += 1
            continue
        if is_sentence_start(text, w.start()):
            i += 1
            continue
        parts = [token]
        end = w.start() + len(token)
        j = i + 1
        while j < len(words):
            nxt = words[j]
            gap = text[end:nxt.start()]
            if gap not in (" ", "\u00a0") or _inside(nxt.start(), known_spans):
                break
            ntoken = nxt.group().rstrip(".")
            if _capitalised(ntoken) and fold(ntoken) not in _NOT_NAMES:
                parts.append(ntoken)
                end = nxt.start() + len(ntoken)
                j += 1
            elif ntoken.lower() in _CONNECTORS and j + 1 < len(words) and _capitalised(words[j + 1].group()):
                parts.append(ntoken)
                end = nxt.start() + len(ntoken)
                j += 1
            else:
                break
        while parts and parts[-1].lower() in _CONNECTORS:
            parts.pop()
        name = " ".join(parts)
        if len(name) > 2 and not (name.isupper() and len(name) <= 3):
            entry = found.setdefault(name, [0, w.start()])
            entry[0] += 1
        i = max(j, i + 1)
    out: dict[str, tuple[int, int]] = {}
    for name, (count, first) in found.items():
        if " " in name or count >= 2:
            out[name] = (count, first)
    return out


def _capitalised(token: str) -> bool:
    return bool(token) and token[0].isupper() and not token.isupper() or (token.isupper() and 2 <= len(token) <= 6 and token.isalpha())


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in spans)

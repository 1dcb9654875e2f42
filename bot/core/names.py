"""Names the gazetteer does not know: capitalised spans, trimmed to the name they hold.

A capital proves a name only mid-sentence and outside German nouns and Title Case lines; elsewhere a
span needs a word the dictionaries do not know as a common word of the language. The rules of each
language live in ``bot.core.languages``; offices before a person's name in ``bot.core.roles``; the
words that are never names, and titles, in ``bot.core.name_words``; what a given name, a brand or a
common word looks like in ``bot.core.name_shapes``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from bot.core.gazetteer import TITLE_CASE_LANGUAGES
from bot.core.languages import (
    _AND,
    _CASE_SUFFIX,
    _CONNECTORS,
    _CONNECTORS_BY_LANGUAGE,
    _FRENCH_ARTICLE_BEFORE,
    _FRENCH_NATIONALITY,
    _GERMAN_NOUN_ENDING,
    _GERMAN_ROLE_COMPOUND,
    _GERMAN_TITLE,
    _INSTITUTIONS,
    _LATIN_RUN,
    _NAME_PARTICLES,
    _PORTUGUESE_PARTICLES,
    _after_german_title,
)
from bot.core.name_shapes import (
    GERMAN_NOUN_ZIPF,
    VERY_FREQUENT,
    brand_like,
    common_in,
    given_name_before_surname,
    initials,
    line_of,
    person_after,
    title_case_lines,
    travels,
)
from bot.core.name_words import NOT_NAMES, SAINTS, TITLES
from bot.core.roles import is_office_only, strip_role
from bot.core.text import (
    fold,
    has_cjk,
    is_common_word,
    is_dictionary_word,
    is_sentence_start,
    zipf,
)

_WORD = re.compile(r"[^\W\d_][\w'.&-]*\w|[^\W\d_]", re.UNICODE)
_ELIDED = re.compile(  # dell'Unione, l'Apple, d'Italia, qu'Apple
    r"^(?:l|d|s|n|m|t|c|j|un|qu|dell|all|nell|sull|dall|coll|quell|quest|lorsqu|puisqu|jusqu)'(?=[^\W\d_])",
    re.IGNORECASE,
)


@dataclass
class Candidate:
    """A name the gazetteer does not know, as the text shows it."""

    name: str
    count: int
    first: int
    person_like: bool  # two or three name words: a person, or an organisation written like one
    plain: bool  # the text also writes every word in lowercase: common words dressed as a heading
    mid: bool = False  # seen mid-sentence at least once
    prefix: str = ""  # the known place the name starts with ("Frankfurt" in "Frankfurt Airport")
    closer: str = ""  # the known place the name ends with ("Milano" in "Politecnico di Milano")


def unknown_names(
    text: str, known_spans: list[tuple[int, int]], language: str = "en", prefixes: Iterable[int] = ()
) -> dict[str, Candidate]:
    """Capitalised spans that look like names, keyed by name.

    A capital proves something only mid-sentence and outside German nouns and Title Case lines;
    elsewhere a span needs a word the dictionary does not know as a common word of the language.
    A surname alone ("Collison") counts for the full name already seen ("Patrick Collison").
    ``prefixes``: starts of known spans (places) that may open a longer name: Frankfurt Airport.
    """
    # Word lists are read in the text's own language (wordfreq has 40); the rules written for one of the
    # five fall back to English's.
    lang = language or "en"
    strict_lines = title_case_lines(text) if lang in TITLE_CASE_LANGUAGES else set()
    connectors = _CONNECTORS_BY_LANGUAGE.get(lang, _CONNECTORS_BY_LANGUAGE["en"])
    found: dict[str, Candidate] = {}
    tokens = _tokens(text, known_spans, set(prefixes))
    known_ends = {end for _, end in known_spans}
    lowercase = {t.casefold() for _, t in tokens if t.islower() and len(t) > 2}
    i = 0
    while i < len(tokens):
        start, token = tokens[i]
        prefix = ""
        if token.startswith(_PREFIX):
            nxt = tokens[i + 1] if i + 1 < len(tokens) else (0, "")
            surface = token[1:]
            # Not in German, where any noun after a place is capitalised ("in Deutschland Kunden").
            if (lang != "de" and text[start + len(surface):nxt[0]] == " " and _name_word(nxt[1], lang)
                    and fold(nxt[1]) not in NOT_NAMES and line_of(text, start) not in strict_lines):
                prefix = surface
                token = surface
            else:
                i += 1
                continue
        elif not _name_word(token, lang) or fold(token) in NOT_NAMES:
            i += 1
            continue
        span = [(start, token)]
        closer = ""
        head: list[tuple[int, str]] = []  # a name before an institution's: "School of Management"
        j = i + 1
        while j < len(tokens):
            nstart, ntoken = tokens[j]
            prev_end = span[-1][0] + len(span[-1][1])
            gap = text[prev_end:nstart]
            if gap == ". " and len(span[-1][1]) == 1 and span[-1][1].isupper() and len(span) > 1 and _name_word(
                    ntoken, lang) and not common_in(span[-2][1], lang) and not common_in(ntoken, lang):
                # ...but "Plan B. Officials said" is two sentences: a surname is no common word
                span[-1] = (span[-1][0], span[-1][1] + ".")  # a middle initial: John F. Kennedy
            elif gap not in (" ", "\u00a0"):
                break
            closing = (ntoken.lower() in connectors and j + 1 < len(tokens) and tokens[j + 1][1].startswith(_PREFIX)
                       and text[nstart + len(ntoken):tokens[j + 1][0]] == " " and not prefix)
            if closing:
                cut = max((k + 1 for k, (_, w) in enumerate(span) if w.lower() in connectors), default=0)
                institution = span[cut:]  # "School of Management del Politecnico": the last name before "di"
            if closing and len(institution) <= 2 and fold(institution[0][1]) not in TITLES and all(
                    is_dictionary_word(w) for _, w in institution) and zipf(institution[0][1], lang) < VERY_FREQUENT and (
                    not person_after(institution)):  # "In the Premier League", "Luca Bianchi di Torino"
                # "Politecnico di Milano", "Auditorium de Lyon": an institution, named with a word or two
                # and its place ("Eixample de Barcelona", a name and a place, stays two).
                closer = tokens[j + 1][1][1:]
                head, span = span[:max(0, cut - 1)], institution + [(nstart, ntoken), (tokens[j + 1][0], closer)]
                j += 2
                break
            if _name_word(ntoken, lang) and fold(ntoken) not in NOT_NAMES:
                span.append((nstart, ntoken))
                j += 1
            elif (ntoken.lower() in connectors or ntoken.lower() in _ARTICLES and span[-1][1].lower() in connectors) and (
                    _connects(tokens, j, text, connectors, lang, span)):
                span.append((nstart, ntoken))
                j += 1
            elif len(ntoken) == 1 and ntoken.isupper():  # Serie A, Formula E
                span.append((nstart, ntoken))
                j += 1
                break
            else:
                break
        i = max(j, i + 1)
        if len(span) > _MAX_NAME_WORDS:
            continue  # a run of capitals this long is a heading or a shout, not one name
        if not prefix and start - 1 in known_ends and text[start - 1] == " " and all(
                common_in(w, lang) or is_common_word(w, "en") or fold(w) in NOT_NAMES for _, w in span):
            continue  # "Orange Money", "DeepSeek Artificial Intelligence": the known name's own longer name
        title_line = line_of(text, start) in strict_lines
        if prefix and (not all(is_dictionary_word(w) for _, w in span[1:]) or person_after(span[1:])) and (not (
                len(span) > 2 and common_in(span[-1][1], "en"))  # "Leeds Beckett University" is one name
                or strip_role([w for _, w in span[1:]], lang, lowercase, TITLES)):  # "CFPB Director Rohit Chopra"
            # An institution is a place plus common words (China Economic Review); a place or a party
            # before a person's name is two names ("Lega Massimiliano Capitanio", "Lega Matteo Salvini").
            prefix, span = "", span[1:]
        if closer and title_line:
            closer, span = "", head + span[:-2]  # a Title Case heading proves nothing; the place stays a place
            head = []
        if head:
            for group in _split_pairs(_trim(head, text, lang, strict=lang == "de", title_line=title_line, lowercase=lowercase)):
                _count(found, group, text, connectors, lowercase, "")
        if closer:
            words = span
        else:
            words = span if prefix else _trim(span, text, lang, strict=lang == "de", title_line=title_line, lowercase=lowercase)
        words = _with_kin_noun(words, text, lang)
        for group in _split_pairs(words):
            _count(found, group, text, connectors, lowercase, prefix, closer)
    _shared_surnames(text, found, lang, known_spans)
    _lowercase_institutions(text, found, lang, known_spans)
    if lang == "de":  # "Red Hats" is the genitive of "Red Hat"
        for name in [n for n in found if n.endswith("s") and n[:-1] in found]:
            found[name[:-1]].count += found.pop(name).count
    _merge_references(found)
    out: dict[str, Candidate] = {}
    for name, cand in found.items():
        single = " " not in name
        # One lone capitalised word is weak evidence: it must recur, or be no word of any dictionary,
        # and be seen mid-sentence at least once; a common word capitalised ("Chinese", "Olympic",
        # "Governo") is an adjective or a title.
        if single and cand.count < 2 and (is_dictionary_word(name) or not name.isalpha() or not cand.mid):
            continue
        if single and (common_in(name, lang) or lang == "de" and not name.isupper() and zipf(name, "de") >= GERMAN_NOUN_ZIPF):
            continue  # ...and a German noun as frequent as "Bank" is a noun, whatever other languages say
        # Words the same text also writes in lowercase are common words capitalised for a heading
        # or an award ("Premio Igualdad" beside "el premio igualdad"), not a name.
        if cand.plain:
            continue
        if is_office_only(name.split(), lang, connectors):
            continue  # "Chief Financial Officer": a role; the person holding it is named apart
        if lang == "de" and cand.count < 2 and all(common_in(w, lang) for w in name.split() if w.lower() not in connectors) and (
                not _after_german_title(text, cand.first)):
            continue
        out[name] = cand
    return out


_PREFIX = "\x01"  # marks a known span that may open a longer name
_MAX_NAME_WORDS = 10  # "Festival de Cine Ópera Prima de Tudela" is seven


_LEGAL_FORMS = {"AG", "SE", "SA", "NV", "BV", "SPA", "SRL", "PLC", "LLC", "INC", "LTD", "KG", "KGAA", "GMBH", "SAS"}
_ARTICLES = {"der", "den", "dem", "la", "le", "les", "los", "las", "el"}  # "von der Leyen", "de los Diputados"


def _connects(
    tokens: list[tuple[int, str]], j: int, text: str, connectors: set[str], language: str,
    span: list[tuple[int, str]],
) -> bool:
    """The connector at ``j``, alone or with one more ("de los", "von der"), leads to a name word.

    Two connectors in a row join an institution's words ("Congreso de los Diputados") or a
    particle name ("Rafael van der Vaart"), not a person to the body they work for ("Kévin Mouchard
    de la Fédération"). The Portuguese particles are Spanish verbs too ("El Gobierno da luz verde"):
    they join only a name no dictionary knows as a word.
    """
    if tokens[j][1].lower() in _PORTUGUESE_PARTICLES and (j + 1 >= len(tokens) or common_in(tokens[j + 1][1], language)):
        return False
    if (tokens[j][1].lower() not in _NAME_PARTICLES | _ARTICLES and all(w[:1].isupper() for _, w in span)
            and person_after(span)):
        return False  # "Sarah Okafor of Leeds Beckett University": a person, then where she works
    for k in (j + 1, j + 2):
        if k >= len(tokens) or text[tokens[k - 1][0] + len(tokens[k - 1][1]):tokens[k][0]] != " ":
            return False
        if _name_word(tokens[k][1], language):
            return k == j + 1 or len(span) == 1 or all(common_in(w, language) for _, w in span)
        if k == j + 2 or tokens[k][1].lower() not in connectors | _ARTICLES:
            return False
    return False


# A family or a dynasty is named by its name and a plain noun: "the Zuellig brothers", "China's Ming
# dynasty", "la dinastia Ming", "les frères Lumière". The noun makes it one name, not the bare surname.
_KIN_AFTER = re.compile(r" (dynasty|brothers|sisters)\b")
_KIN_BEFORE = {
    "it": re.compile(r"\b(dinastia|fratelli|sorelle) $"),
    "es": re.compile(r"\b(dinastía|hermanos|hermanas) $"),
    "fr": re.compile(r"\b(dynastie|frères|sœurs) $"),
}


def _with_kin_noun(words: list[tuple[int, str]], text: str, language: str) -> list[tuple[int, str]]:
    """The name with its family noun, adjectives before it left out ("the Swiss Zuellig brothers")."""
    if not words:
        return words
    if language == "en":
        end = words[-1][0] + len(words[-1][1])
        match = _KIN_AFTER.match(text, end)
        if match is None:
            return words
        named = list(words)
        while len(named) > 1 and common_in(named[0][1], language):
            named = named[1:]
        if common_in(named[0][1], language) or len(named) > 1:
            return words  # "Chinese brothers": no name to hold the noun; a full name is a person's
        return [*named, (match.start(1), match.group(1))]
    before = _KIN_BEFORE.get(language)
    start = words[0][0]
    match = before.search(text, max(0, start - 12), start) if before is not None else None
    if match is None or len(words) > 1 or is_sentence_start(text, words[0][0]) and common_in(words[0][1], language):
        return words  # "i fratelli Giuseppe Rossi e Anna Rossi" are people with full names
    return [(match.start(1), match.group(1)), *words]


def _split_pairs(words: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """"Maribel Verdú y Emma Suárez" is two people: an "and" between two names of two or three
    words each splits the span; "Loterías y Apuestas del Estado" and "Procter & Gamble" stay whole."""
    for k, (_, w) in enumerate(words):
        if w.lower() in _AND and 2 <= k <= 3 and 2 <= len(words) - k - 1 <= 3:
            left, right = words[:k], words[k + 1:]
            if not any(x.lower() in _CONNECTORS for _, x in left + right):
                return [left, right]
    return [words] if words else []


def _count(
    found: dict[str, Candidate], words: list[tuple[int, str]], text: str, connectors: set[str],
    lowercase: set[str], prefix: str, closer: str = "",
) -> None:
    """Record one occurrence of the name ``words`` spell."""
    name = " ".join(w for _, w in words)
    if len(name) < 2 or (len(words) == 1 and len(name) <= 2):
        return
    mid = not is_sentence_start(text, words[0][0])
    cand = found.get(name)
    if cand is None:
        names = [w for _, w in words if w.lower() not in connectors]
        found[name] = Candidate(
            name=name,
            count=1,
            first=words[0][0],
            person_like=2 <= len(words) <= 3 and len(names) == len(words),
            plain=all(w.casefold() in lowercase for w in names),
            mid=mid,
            prefix=prefix,
            closer=closer,
        )
    else:
        cand.count += 1
        cand.mid = cand.mid or mid


def _lowercase_institutions(
    text: str, found: dict[str, Candidate], language: str, known_spans: Iterable[tuple[int, int]]
) -> None:
    pattern = _INSTITUTIONS.get(language)
    if pattern is None:
        return
    spans = list(known_spans)
    for match in pattern.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in spans):
            continue
        name = match.group(0)
        if name in found:
            found[name].count += 1
        else:
            found[name] = Candidate(name, 1, match.start(), False, False, not is_sentence_start(text, match.start()))


_SHARED_SURNAME = re.compile(
    r"\b([A-Z][a-zà-ÿ]+) (?:and|&|e|und|et|y) ([A-Z][a-zà-ÿ]+ [A-Z][\w'-]+)"
)


def _shared_surnames(
    text: str, found: dict[str, Candidate], language: str, known_spans: list[tuple[int, int]] = ()
) -> None:
    """"brothers Patrick and John Collison": the first given name shares the surname, whether the
    full name is new or the gazetteer's."""
    known = set(known_spans)
    for match in _SHARED_SURNAME.finditer(text):
        first, full = match.group(1), match.group(2)
        before = text[max(0, match.start(1) - 30):match.start(1)].split()
        if before and before[-1][:1].isupper() and not is_sentence_start(text, match.start(1)):
            continue  # "Maribel Verdú y Emma Suárez": the first word is a surname, two people
        cand = found.get(full)
        named = (cand is not None and cand.person_like) or (match.start(2), match.end(2)) in known
        if not named or is_common_word(first, language) or not is_dictionary_word(first):
            continue  # given names are in every frequency list; "Accel et Echo Street" are two firms
        name = f"{first} {full.split(' ', 1)[1]}"
        if name in found:
            found[name].count += 1
        else:
            found[name] = Candidate(name, 1, match.start(1), True, False, True)


def _tokens(text: str, known_spans: list[tuple[int, int]], prefixes: set[int] = frozenset()) -> list[tuple[int, str]]:
    """Words outside known spans, elided articles and possessives removed: (offset, word)."""
    out: list[tuple[int, str]] = []
    spans = sorted(known_spans)
    k = 0
    for m in _WORD.finditer(text):
        start, token = m.start(), m.group()
        if has_cjk(token):  # "LINE Pay則仍以…", "NFC之争": Chinese runs on without a space
            latin = _LATIN_RUN.search(token)
            if latin is None:
                continue
            start += latin.start()
            token = latin.group()
        elided = _ELIDED.match(token)
        if elided and (token[0].islower() or is_sentence_start(text, start)):  # dell'Unione; L'Unione opening a sentence
            start += elided.end()
            token = token[elided.end():]
        while k < len(spans) and spans[k][1] <= start:
            k += 1
        if k < len(spans) and spans[k][0] <= start < spans[k][1]:
            s0, e0 = spans[k]
            if s0 in prefixes:
                if start == s0:
                    out.append((s0, _PREFIX + text[s0:e0]))
                continue  # later words of the same known span
            out.append((start, "\x00"))  # a known name breaks any span it sits in
            continue
        if token.endswith(("'s", "'S")):
            token = token[:-2]
        suffix = _CASE_SUFFIX.match(token) if token[0].isupper() else None
        if suffix is not None:
            token = suffix.group(1)  # Turkish writes a name's case ending after an apostrophe: Yılmaz'ın, Park'ta
        head = _GERMAN_ROLE_COMPOUND.match(token)
        if head is not None:
            token = head.group(1)  # "Siemens-Chef Roland Busch": the firm, then a person
        token = token.rstrip(".'-&")
        if token:
            out.append((start, token))
    # Two capitalised-throughout words in a row are shouting ("OFFERTA SPECIALE", "CLICCA QUI"), not
    # acronyms: read them as lowercase words.
    shouted = [len(t) > 1 and t.isupper() and t.isalpha() and t not in _LEGAL_FORMS for _, t in out]

    def adjacent(a: int, b: int) -> bool:
        return shouted[a] and shouted[b] and text[out[a][0] + len(out[a][1]):out[b][0]] == " "

    for k, (start, token) in enumerate(out):
        if k > 0 and adjacent(k - 1, k) or k + 1 < len(out) and adjacent(k, k + 1):
            out[k] = (start, token.lower())
    return out


def _name_word(token: str, language: str) -> bool:
    if not token or token == "\x00" or not token[0].isalpha():
        return False
    if token.isupper():
        # Acronyms are names (NPCI, BYD, PNV, SPD), though a party's or agency's acronym is frequent
        # in its own language only; shouted words ("CLICCA QUI") come in runs, which _tokens lowercases,
        # and the most frequent words ("USA", "ORA") are words however written.
        return 2 <= len(token) <= 6 and token.isalpha() and zipf(token, language) < VERY_FREQUENT or len(token) == 1
    if token[0].isupper():
        return True
    return any(c.isupper() for c in token[1:])  # iPhone, eBay, bitFlyer


def _trim(
    span: list[tuple[int, str]], text: str, language: str, strict: bool, title_line: bool,
    lowercase: Collection[str] = (),
) -> list[tuple[int, str]]:
    words = list(span)
    if strict:
        # "Außenministerin Annalena Baerbock", "Bundesbank-Präsident Joachim Nagel": after a German
        # title, two or three words are a person's name, however common German makes them.
        titled = [k for k, (_, w) in enumerate(words) if _GERMAN_TITLE.search(w)]
        named = words[titled[-1] + 1:] if titled else words
        while named and named[0][1].lower() in _CONNECTORS:
            named = named[1:]  # "ein Sprecher von Hendrik Wüst"
        # "Varta-Chef Markus Hackstein": the title may be the compound just before the span.
        vouched = bool(titled) or _after_german_title(text, words[0][0])
        if (vouched and len(named) in (2, 3) and not title_line and not _GERMAN_NOUN_ENDING.search(named[0][1])
                and not any(w.lower() in _CONNECTORS for _, w in named)):
            return named
    # A sentence's first word is capitalised anyway: keep it only if it is not a common word, or if it
    # is a rare one opening a name ("Marlène Schiappa dénonce", "Sébastien Lecornu a annoncé": given
    # names of one language count as its words, but not as its frequent ones).
    if words and is_sentence_start(text, words[0][0]) and (is_common_word(words[0][1], language) or len(words) == 1 and is_dictionary_word(words[0][1])):
        role_compound = len(words) == 1 and _GERMAN_ROLE_COMPOUND.match(  # "Siemens-Chef Roland Busch sagte"
            text[words[0][0]:words[0][0] + 60].split(maxsplit=1)[0].rstrip(".,;:!?\"'")) is not None
        if not given_name_before_surname(words, language) and not role_compound:
            words = words[1:]
    while words and (words[0][1].lower() in _CONNECTORS or len(words[0][1]) == 1):
        if words[0][1][0].isupper() and words[0][1].lower() in _NAME_PARTICLES and len(words) > 1 and not (
                is_sentence_start(text, words[0][0])):
            break  # "Al Maya Supermarket", "De Gasperi", "Van Gogh": a capitalised particle opens the name
        words = words[1:]
    while words and words[-1][1].lower() in _CONNECTORS:
        words = words[:-1]
    if not words:
        return []
    # "Teknoloji Bakanı Mehmet Fatih Kacır", "UOKiK Tomasz Chróstny": the office or employer, then the person.
    if len(words) < 2 or fold(words[0][1]) not in SAINTS:
        words = words[strip_role([w for _, w in words], language, lowercase, TITLES):]
    if len(words) in (3, 4) and fold(words[0][1]) in TITLES and not common_in(words[-1][1], language):
        words = words[1:]  # "Chef Alton Brown": a title, then a name whose words may be words too
    common = [common_in(w, language) or fold(w) in TITLES for _, w in words]
    if (language == "fr" and len(words) in (2, 3) and common[0]
            and (len(words) == 3 or not common[1] and not is_dictionary_word(words[1][1]))
            and _FRENCH_NATIONALITY.search(words[0][1])
            and _FRENCH_ARTICLE_BEFORE.search(text, max(0, words[0][0] - 4), words[0][0])):
        return [] if title_line else words[1:]  # "le Norvégien Boe": French capitalises a nationality
    # "ministro della Difesa Guido Crosetto", "Canadian President Justin Trudeau": titles before a name.
    first_name_like = next((k for k, c in enumerate(common) if not c), None)
    if first_name_like and len(words) - first_name_like in (2, 3):  # what remains is a person's name
        words, common = words[first_name_like:], common[first_name_like:]
    elif all(w[:1].isupper() for _, w in words) and first_name_like == len(words) - 1 and brand_like(words[-1][1]):
        words, common = words[-1:], common[-1:]  # "Pegawai Eksekutif PayNet": an office, then its firm
    elif all(w[:1].isupper() for _, w in words):
        # "Afisa Mkuu Mtendaji Peter Ndegwa", "HNB-a Michael Faulend": words no list knows (an office in a
        # language without frequency lists, a declined acronym), then a given name that travels.
        given = next((k for k in range(1, len(words) - 1) if travels(words[k][1])), None)
        if (given and person_after(words[given:]) and all(len(w) > 1 and w[1:].islower() for _, w in words[given:])
                and not any(travels(w) for _, w in words[:given])):
            words, common = words[given:], common[given:]
    if strict:
        # German nouns are capitalised whatever they are: trim common words before the name and keep
        # the span only if a name-like word remains (a surname may be a word: Griffin Peng).
        while words and common[0]:
            words, common = words[1:], common[1:]
        # ...and long common nouns after it ("Red Hats Plattform"); a short one may be a surname (Peng).
        while len(words) > 1 and common[-1] and len(words[-1][1]) >= 6:
            words, common = words[:-1], common[:-1]
        if not words or all(common):
            return []
    if title_line:
        return []  # a Title Case heading capitalises every word: its capitals prove nothing
    return words


def _merge_references(found: dict[str, Candidate]) -> None:
    """"Collison" after "Patrick Collison", "Ham United" beside "West Ham United", "RCN" after
    "Royal College of Nursing": one name, its counts summed."""
    longer = sorted((c for c in found.values() if " " in c.name), key=lambda c: -len(c.name))
    by_initials = {initials(c.name): c for c in longer if initials(c.name)}
    for cand in list(found.values()):
        full_name = by_initials.get(cand.name) if cand.name.isupper() else None
        if full_name is not None:
            full_name.count += cand.count
            del found[cand.name]
            continue
        for full in longer:
            if full is cand or len(full.name) <= len(cand.name):
                continue
            parts, fparts = fold(cand.name).split(), fold(full.name).split()
            tail = fparts[-len(parts):] == parts
            head = fparts[: len(parts)] == parts
            # Two words or more inside a longer name refer to it too: "Opera Prima" in "Festival de
            # Cine Ópera Prima de Tudela".
            inner = len(parts) >= 2 and any(fparts[k:k + len(parts)] == parts for k in range(len(fparts)))
            if tail or head or inner:
                full.count += cand.count
                full.first = min(full.first, cand.first)
                del found[cand.name]
                break

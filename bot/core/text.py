"""Text cleaning shared by parsing, summarising and matching."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache, lru_cache
from html.parser import HTMLParser

from bot.core.wordlists import wordlist

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "blockquote", "section", "article", "header", "footer", "figure", "figcaption", "pre", "hr",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "iframe", "svg", "head", "object"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


_TAGLIKE = re.compile(r"<[a-zA-Z/!][^>]*>")


def html_to_text(value: str) -> str:
    """Plain text from an HTML fragment: tags dropped, scripts removed, entities decoded, blocks as lines."""
    if not value:
        return ""
    if "<" not in value and "&" not in value:
        return normalise_space_lines(value)
    parser = _TextExtractor()
    try:
        parser.feed(value)
        parser.close()
        text = "".join(parser.parts)
    except Exception:  # html.parser is lenient; this is the last resort for pathological input
        text = html.unescape(_TAGLIKE.sub(" ", value))
    return normalise_space_lines(text)


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANKS = re.compile(r"\n\s*\n+")


def normalise_space_lines(text: str) -> str:
    """Collapse runs of spaces inside lines and runs of blank lines; keep paragraph breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", text)
    lines = [line.strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def collapse_space(text: str) -> str:
    """One line: every whitespace run becomes one space."""
    return " ".join(text.split())


_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"', "\u2033": '"',
})

# Italian writers without an accented keyboard type e' for è and piu' for più. Only the common words:
# a blind rule would turn quoted speech (l'a') into nonsense.
_IT_ACCENT = {
    "e'": "è", "piu'": "più", "perche'": "perché", "poiche'": "poiché", "cioe'": "cioè", "gia'": "già",
    "puo'": "può", "sara'": "sarà", "citta'": "città", "societa'": "società", "attivita'": "attività",
    "novita'": "novità", "possibilita'": "possibilità", "liberta'": "libertà", "realta'": "realtà",
    "qualita'": "qualità", "pero'": "però", "cosi'": "così", "affinche'": "affinché",
    "finche'": "finché", "ne'": "né", "universita'": "università", "identita'": "identità",
    "capacita'": "capacità", "avra'": "avrà", "fara'": "farà", "potra'": "potrà",
    "dovra'": "dovrà", "verra'": "verrà", "andra'": "andrà",
}
_IT_ACCENT_RE = re.compile(r"(?<![\w'])(" + "|".join(re.escape(k) for k in sorted(_IT_ACCENT, key=len, reverse=True)) + r")(?=[\s.,;:!?)\"]|$)", re.IGNORECASE)


# An elided article or preposition typed with a space after the apostrophe: "l' amministratore".
_ELISION = {
    "it": re.compile(
        r"\b((?:[lLdDsScCnNmMtTvV]|[Dd]ell|[Aa]ll|[Nn]ell|[Ss]ull|[Dd]all|[Cc]oll|[Uu]n|[Qq]uell|[Qq]uest|[Bb]ell|"
        r"[Ss]ant|[Tt]utt|[Cc]om|[Dd]ov|[Cc]ent|[Qq]uant)') +(?=[aeiouhAEIOUHàèéìòùÀÈÉ])"
    ),
    "fr": re.compile(
        r"\b((?:[lLdDjJmMnNsStTcC]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu|[Qq]uoiqu|[Aa]ujourd)') +(?=[aeiouyhAEIOUYHéèêàâîô])"
    ),
}
_ACCENT_APOSTROPHE = re.compile(r"(?<![\w'])([^\W\d_]{2,}[aeiouAEIOU])'(?![\w])")
_ACCENTED = {"a": ("à",), "e": ("è", "é"), "i": ("ì",), "o": ("ò",), "u": ("ù",)}
_KEEP_APOSTROPHE = {"po'", "mo'", "de'", "ca'", "va'", "fa'", "sta'", "di'", "da'", "to'", "be'"}


_GUILLEMET_SPACE = re.compile(r"([«‹])[ \u00a0\u202f]+|[ \u00a0\u202f]+([»›])")


def normalise_typography(text: str, language: str | None = None) -> str:
    """Typographic quotes and apostrophes to ASCII; for Italian, e' -> è and friends; elisions joined.
    French spaces inside guillemets go with them: « Apple Pay arrive » -> "Apple Pay arrive"."""
    if language == "fr":  # German opens with », so only French guillemets lose their spaces
        text = _GUILLEMET_SPACE.sub(lambda m: m.group(1) or m.group(2), text)
    text = text.translate(_QUOTES)
    if language == "it":
        def fix(match: re.Match[str]) -> str:
            word = match.group(1)
            fixed = _IT_ACCENT[word.lower()]
            return fixed.capitalize() if word[0].isupper() else fixed

        text = _IT_ACCENT_RE.sub(fix, text)
        text = _ACCENT_APOSTROPHE.sub(_accent_from_dictionary, text)
    elision = _ELISION.get(language or "")
    if elision is not None:
        text = elision.sub(r"\1", text)
    return text


def _accent_from_dictionary(match: re.Match[str]) -> str:
    """rendera' -> renderà when the accented word is Italian and the plain one is not a better reading."""
    word = match.group(1)
    if f"{word.lower()}'" in _KEEP_APOSTROPHE:
        return match.group(0)
    stem, last = word[:-1], word[-1]
    best, best_z = "", 3.0
    for accented in _ACCENTED[last.lower()]:
        candidate = stem + (accented.upper() if last.isupper() else accented)
        z = zipf(candidate, "it")
        if z >= best_z:
            best, best_z = candidate, z
    return best or match.group(0)


# Every combining mark (canonical combining class > 0) lies below U+20000 (test_text checks it for the
# running Python's Unicode): deleting them from an NFD text removes accents in one C-level pass.
_MARKS_END = 0x20000


@cache
def _combining_marks() -> dict[int, None]:
    return dict.fromkeys(cp for cp in range(_MARKS_END) if unicodedata.combining(chr(cp)))


def fold(text: str) -> str:
    """The matching form of a text: NFKC, casefold, accents removed, apostrophes unified."""
    if text.isascii():  # NFKC and accents leave ASCII alone, and its casefold is lower()
        return text.replace("`", "'").lower()
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).translate(_combining_marks()))


@lru_cache(maxsize=8)
def fold_with_map(text: str) -> tuple[str, tuple[int, ...]]:
    """``fold(text)`` plus, for each folded character, the index of the original character it came from.

    Matching runs on the folded text; the map lets a hit be checked against the original
    (was it capitalised? at a sentence start?). A summary scans the same body several times, so the
    last few results are kept; the map is a tuple, so no caller can change a kept one.
    """
    if text.isascii() and "`" not in text:
        return text.lower(), tuple(range(len(text)))
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            f = ch.lower() if ch != "`" else "'"
        else:
            f = _fold_char(ch)
        out.append(f)
        if len(f) == 1:
            index.append(i)
        else:
            index.extend([i] * len(f))
    return "".join(out), tuple(index)


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    return fold(ch)


def is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
        or 0xF900 <= cp <= 0xFAFF or 0x3040 <= cp <= 0x30FF or 0xAC00 <= cp <= 0xD7AF
    )


def has_cjk(text: str) -> bool:
    return any(is_cjk(c) for c in text)


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


_SENTENCE_END = ".!?…:;\"'»)]"


def is_sentence_start(text: str, offset: int) -> bool:
    """True when the word at ``offset`` opens a sentence, a line or a paragraph."""
    i = offset - 1
    while i >= 0 and text[i] in " \t\u00a0\"'«“‘(-–—":
        if text[i] in "-–—" and i > 0 and text[i - 1] not in " \n":
            break
        i -= 1
    if i < 0:
        return True
    ch = text[i]
    if ch == "\n":
        return True
    return ch in ".!?…:"


def at_word_boundaries(folded: str, start: int, stop: int) -> bool:
    """True when folded[start:stop] is a whole word: no letter or digit glued to either side (CJK aside)."""
    before = folded[start - 1] if start > 0 else " "
    after = folded[stop] if stop < len(folded) else " "
    if is_word_char(before) and not is_cjk(before):
        return False
    if is_word_char(after) and not is_cjk(after):
        return False
    return True


# --- dictionary words -------------------------------------------------------------------------------
# wordfreq's "small" lists (words of Zipf frequency >= 3, about 35,000 per language) ship in its wheel;
# each is kept as a trie (bot/core/wordlists.py): about 1 MB and 0.1 s once per process and language.

LATIN_LANGUAGES = ("it", "en", "de", "fr", "es")
# Every language wordfreq has a "small" list for (its wheel ships them all; each loads on first use,
# about 5 MB): a sentence-initial "När", "Ifølge" or "Door" is a word of its own language.
WORDLIST_LANGUAGES = frozenset(
    "ar bg bn ca cs da de el en es fa fi fil fr he hi hu id is it ja ko lt lv mk ms nb nl pl pt ro ru sh sk sl sv "
    "ta tr uk ur vi zh".split()
)
_WORDLIST_ALIASES = {"no": "nb", "nn": "nb", "hr": "sh", "sr": "sh", "bs": "sh", "tl": "fil"}
_VERY_COMMON = 5.5  # Zipf: function words and the most frequent content words ("the", "will", "plus")
_SPECIFIC_MARGIN = 1.0  # a word this much more frequent in its language than in the others is that language's


def wordlist_language(language: str) -> str:
    """The wordfreq list that reads ``language``; English for a language it lacks (or none)."""
    language = _WORDLIST_ALIASES.get(language, language)
    return language if language in WORDLIST_LANGUAGES else "en"


def zipf(word: str, language: str) -> float:
    """Zipf frequency (0 for unknown, 3 = once per million words, 7 = "the") of a word in a language."""
    return wordlist(wordlist_language(language)).zipf(word.casefold())


@lru_cache(maxsize=65536)
def is_common_word(word: str, language: str) -> bool:
    """True for a dictionary word of ``language`` that is not a name.

    Names travel: "Mario", "Samsung", "Griffin" are about as frequent in every language's text, while
    "secondo", "Kunden" or "canadian" are frequent in one language only. So a word is common when it is
    very frequent, or clearly more frequent in its own language than on average in the other four
    (or, for a language beyond those five, than on average in the five).
    """
    lang = wordlist_language(language)
    own = zipf(word, lang)
    if own >= _VERY_COMMON:
        return True
    if own < 3.0:
        return lang == "de" and _german_compound(word.casefold())
    others = [zipf(word, other) for other in LATIN_LANGUAGES if other != lang]
    return own - sum(others) / len(others) >= _SPECIFIC_MARGIN


# Endings of German adjectives and abstract nouns, inflected: bargeldlose, chinesischen, Zahlungen.
_GERMAN_SUFFIX = re.compile(r"(?:lich|isch|ig|los|bar|sam|haft|ung|heit|keit|schaft|tät|ierung)(?:e|en|er|es|em|n|s)?$")


def _german_compound(word: str) -> bool:
    """Unwetterwarnung = Unwetter + Warnung, Online-Shop, Sturmböen: German nouns glue words, names rarely do."""
    if "-" in word:
        return zipf(word.rsplit("-", 1)[1], "de") >= 3.0
    if not word.isalpha():
        return False
    # Inflected forms the frequency list lacks: Drogerien (Drogerie), Geschäftes (Geschäft).
    for ending in ("en", "n", "es", "s", "er", "e"):
        if len(word) - len(ending) >= 4 and word.endswith(ending) and zipf(word[: -len(ending)], "de") >= 3.0:
            return True
    if len(word) >= 7 and _GERMAN_SUFFIX.search(word):
        return True
    if len(word) < 8:
        return False
    for i in range(3, len(word) - 3):
        tail = word[i:]
        if zipf(tail, "de") >= 3.0 and (len(tail) >= 5 or zipf(word[:i], "de") >= 3.0):
            return True
    return False


def is_dictionary_word(word: str) -> bool:
    """True when the word is in any of the five Latin-script lists at all."""
    return any(zipf(word, lang) > 0 for lang in LATIN_LANGUAGES)

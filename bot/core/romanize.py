"""Names in Greek and Cyrillic letters in the Latin script, as the international press writes them.

Key entities are shown under canonical names in Latin script; a name the gazetteer does not know has no
canonical form but its romanisation. Each language has its own scheme, the one its passports and the
English-language press use:

- Greek: ELOT 743 (Κώστας Μαυρομμάτης -> Kostas Mavrommatis; αυ/ευ are av/ev, or af/ef before a
  voiceless consonant; μπ at a word's start is B);
- Russian and Belarusian: the BGN/PCGN system, soft and hard signs dropped, with the endings and the
  "ye" the English-language press writes (Ольга Скоробогатова -> Olga Skorobogatova, Алексей ->
  Aleksei, Дмитрий -> Dmitry, Евгений Артемьев -> Yevgeny Artemyev, Шойгу -> Shoigu);
- Ukrainian: the national system of 2010 (Олексій Шабан -> Oleksii Shaban, Гороховський -> Horokhovskyi);
- Bulgarian: the official streamlined system (Щ -> Sht, Ъ -> A);
- Serbian and Macedonian Cyrillic: their own Latin alphabets, letter for letter.

Pure and table-driven: no I/O, no package data.
"""

from __future__ import annotations

import re

_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "і": "i", "ў": "w",
}
_UK = {**_RU, "г": "h", "ґ": "g", "е": "e", "є": "ie", "и": "y", "і": "i", "ї": "i", "й": "i", "ю": "iu",
       "я": "ia", "щ": "shch", "ь": "", "'": "", "’": ""}
# Word-initial forms of the Ukrainian system: Євген -> Yevhen, Юлія -> Yuliia, Їжакевич -> Yizhakevych.
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_BG = {**_RU, "ж": "zh", "х": "h", "ц": "ts", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya", "й": "y"}
_SR = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z", "и": "i",
    "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
    "ѓ": "gj", "ѕ": "dz", "ќ": "kj",
}
_CYRILLIC = {"ru": _RU, "be": _RU, "uk": _UK, "bg": _BG, "sr": _SR, "mk": _SR}

_EL = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i", "κ": "k",
    "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t",
    "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}
_EL_PAIRS = {"ου": "ou", "γγ": "ng", "γκ": "gk", "γξ": "nx", "γχ": "nch"}
_EL_VOICELESS = set("θκξπσςτφχψ")
_ACCENTS = str.maketrans("άέήίόύώϊϋΐΰ", "αεηιουωιυιυ")
_GREEK = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")
_CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")


def needs_romanizing(name: str) -> bool:
    """True when ``name`` is written in Greek or Cyrillic letters."""
    return bool(_GREEK.search(name) or _CYRILLIC_LETTER.search(name))


def romanize(name: str, language: str) -> str:
    """``name`` in Latin letters by ``language``'s scheme (Russian's for a Cyrillic name of another language)."""
    if _GREEK.search(name):
        return " ".join(_greek_word(w) for w in name.split(" "))
    if _CYRILLIC_LETTER.search(name):
        table = _CYRILLIC.get(language, _RU)
        return " ".join(_cyrillic_word(w, table, language == "uk") for w in name.split(" "))
    return name


def _cased(latin: str, upper: bool, whole_upper: bool) -> str:
    if whole_upper:
        return latin.upper()
    return latin[:1].upper() + latin[1:] if upper else latin


_RU_VOWELS = set("аеёиоуыэюяьъ")


def _russian(word: str, i: int) -> str | None:
    """The English press's spelling of Russian letters where it departs from letter-for-letter BGN/PCGN:
    е opening a word or after a vowel or a sign is "ye" (Yevgeny, Artemyev); a final -ий/-ый is "-y"
    (Dmitry, Ratmansky) and a final -ей/-ай is "-ei"/"-ai" (Sergei, Nikolai); й before a consonant is
    "i" (Shoigu); a final -ия is "-ia" (Maria). None where the letter's table value stands."""
    low = word.lower()
    ch = low[i]
    before = low[i - 1] if i and low[i - 1].isalpha() else ""
    after = low[i + 1] if i + 1 < len(low) and low[i + 1].isalpha() else ""
    if ch == "е" and (not before or before in _RU_VOWELS and before != "и"):
        return "ye"  # but Гергиев is Gergiev
    if ch == "я" and before == "и" and not after:
        return "a"  # Мария -> Maria
    if ch in "иы" and after == "й" and not low[i + 2:i + 3].isalpha():
        return "y"
    if ch == "й":
        if before in ("и", "ы") and not after:
            return ""  # the ending was written as "-y" with its vowel
        if before in ("е", "а") and not after:
            return "i"
        if after and after not in _RU_VOWELS:
            return "i"
    return None


def _cyrillic_word(word: str, table: dict[str, str], ukrainian: bool) -> str:
    out = []
    whole_upper = len(word) > 1 and word.isupper()
    russian = table is _RU
    for i, ch in enumerate(word):
        low = ch.lower()
        at_start = i == 0 or not word[i - 1].isalpha()
        latin = _UK_INITIAL.get(low) if ukrainian and at_start and low in _UK_INITIAL else table.get(low)
        if russian and latin is not None:
            press = _russian(word, i)
            latin = latin if press is None else press
        if latin is None:
            out.append(ch)
            continue
        out.append(_cased(latin, ch != low, whole_upper))
    return "".join(out)


def _greek_word(word: str) -> str:
    whole_upper = len(word) > 1 and word.isupper()
    low = word.lower().translate(_ACCENTS)
    out = []
    i = 0
    while i < len(low):
        pair = low[i:i + 2]
        nxt = low[i + 2:i + 3]
        upper = word[i] != word[i].lower()
        if pair in ("αυ", "ευ", "ηυ"):
            second = "f" if nxt and nxt in _EL_VOICELESS or not nxt else "v"
            latin = _EL[pair[0]] + second
            i += 2
        elif pair == "μπ" and (i == 0 or not low[i - 1].isalpha()):
            latin, i = "b", i + 2
        elif pair == "ντ" and (i == 0 or not low[i - 1].isalpha()):
            latin, i = "d", i + 2
        elif pair in _EL_PAIRS:
            latin, i = _EL_PAIRS[pair], i + 2
        elif low[i] in _EL:
            latin, i = _EL[low[i]], i + 1
        else:
            latin, i = low[i], i + 1
        out.append(_cased(latin, upper, whole_upper))
    return "".join(out)

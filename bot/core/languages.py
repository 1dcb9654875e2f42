"""Name rules that belong to one language (or a few), kept together so that a German rule sits beside
the other German rules: connectors inside names, German titles, compounds and declined adjectives,
French nationality nouns, French and Italian institutions written with one capital, Turkish case
endings, Latin names inside Japanese and Korean. ``bot.core.entities`` applies them."""

from __future__ import annotations

import re

# --- connectors inside names, by language --------------------------------------------------------
# Lowercase words that may sit inside a name, per language (Banca d'Italia, Loterías y Apuestas del Estado).
_CONNECTORS_BY_LANGUAGE = {
    "it": {"di", "del", "della", "dei", "degli", "delle", "dello", "da", "de", "d"},
    "en": {"of", "the", "&", "de", "van", "von", "bin", "al", "da", "dos", "das"},
    "de": {"von", "van", "zu", "vom", "&", "de", "da", "dos"},
    "fr": {"de", "du", "des", "la", "le", "d", "&", "da", "dos", "das"},
    "es": {"de", "del", "la", "las", "los", "y", "&", "da", "dos", "das"},
    "pt": {"de", "do", "da", "dos", "das", "&"},
    "nl": {"van", "der", "den", "de", "ter", "ten", "&"},
}
_CONNECTORS = set().union(*_CONNECTORS_BY_LANGUAGE.values())
_NAME_PARTICLES = {"al", "el", "de", "del", "della", "di", "da", "van", "von", "bin", "le", "la", "du"}
_PORTUGUESE_PARTICLES = {"da", "dos", "das"}
_AND = {"y", "and", "&", "e", "et", "und"}



# --- German ------------------------------------------------------------------------------------------
_GERMAN_ADJECTIVE_NAME = re.compile(r"^([A-ZÄÖÜ][a-zäöüß]+sch)(e|er|en|es|em)( [^\W\d_].*)$")


def _german_inflections(surface: str) -> list[str]:
    """German declines the adjective that opens a name: der Deutsche Wetterdienst, bei der Deutschen
    Bank, des Europäischen Parlaments (the genitive -s is matched separately)."""
    match = _GERMAN_ADJECTIVE_NAME.match(surface)
    if match is None:
        return []
    stem, ending, rest = match.groups()
    return [f"{stem}{e}{rest}" for e in ("e", "er", "en", "es", "em") if e != ending]


# German joins a name to the noun it qualifies: "Siemens-Chef", "Alipay-Manager", "Tesla-Fabrik". With
# one of these nouns after the hyphen, the part before it is the name ("Baden-Württemberg" is whole).
_GERMAN_ROLE_COMPOUND = re.compile(
    r"^([A-ZÄÖÜ][\w.&]*)-(?:Chef|Chefin|Konzernchef|Vorstandschef|Boss|Gründer|Gründerin|Manager|Managerin|Sprecher|"
    r"Sprecherin|Konzern|Gruppe|Tochter|Mutter|Vorstand|Aufsichtsrat|Betriebsrat|Werk|Werke|Fabrik|Zentrale|Aktie|"
    r"Aktien|Aktionäre|Anteile|Börsengang|Übernahme|Deal|App|Dienst|Plattform|Kunden|Nutzer|Mitarbeiter|Filiale|"
    r"Filialen|Händler|Produkte|Modell|Modelle|Smartphone|Smartphones|Chip|Chips|Angebot|Kooperation|Partner)$"
)
_GERMAN_TITLE = re.compile(
    r"(?:minister|kanzler|präsident|chef|sprecher|vorsitzende|vorsitzender|direktor|gründer|manager|trainer|"
    r"bürgermeister|botschafter|abgeordnete|abgeordneter|senator|gouverneur|analyst|ökonom)(?:in)?$",
    re.IGNORECASE,
)

_GERMAN_NOUN_ENDING = re.compile(r"(?:ung|heit|keit|schaft|tion|ität|ismus|nis|tum|ment)$")


def _after_german_title(text: str, offset: int) -> bool:
    """The word before ``offset``, past a "von", is a German title ("Sprecher von Hendrik Wüst")."""
    before = text[max(0, offset - 60):offset].split()
    while before and before[-1].lower() in _CONNECTORS:
        before.pop()
    return bool(before) and _GERMAN_TITLE.search(before[-1]) is not None



# --- French ------------------------------------------------------------------------------------------
# Américaine, Norvégien, Britannique, Allemand, Espagnol, Russe: how French nationality nouns end.
_FRENCH_NATIONALITY = re.compile(
    r"(?:ais|aise|ois|oise|ien|ienne|éen|éenne|ain|aine|and|ande|ol|ole|ite|ote|ique|Russe|Belge|Suisse)$"
)
_FRENCH_ARTICLE_BEFORE = re.compile(r"(?:\b(?:le|la|les|un|une|du|des|au|aux) |\bl')$", re.IGNORECASE)

# --- French and Italian institutions -----------------------------------------------------------------
# French and Italian write an institution's name with one capital: "l'Autorité de la concurrence", "la
# Cour des comptes", "l'Assemblée nationale", "l'Agenzia delle entrate", "la Corte dei conti".
_FR_LOWER = "a-zàâçéèêëîïôûùüÿœ"
_IT_LOWER = "a-zàèéìíòóù"
# "des marchés financiers", "dei dati personali": the adjective that often closes such a name.
_ADJECTIVE_END = r"(?:iers|ières|ier|ière|aux|ales|ale|al|ique|iques|elle|elles|els|el|ifs|ives|if|ive|aires|aire|ali|ale|ici|ico|iche|ica|ivi|iva|ivo)\b"
_INSTITUTIONS = {
    "fr": re.compile(
        r"(?<!\w)(Autorité|Haute Autorité|Cour|Conseil|Agence|Caisse|Commission|Direction|Inspection|Office|"
        r"Ministère|Assemblée|Institut|Observatoire|Fédération|Confédération|Chambre|Banque)"
        rf"((?: (?:de la|de l'|des|du|de|d'|pour la|pour le) ?[{_FR_LOWER}]{{3,}}(?: [{_FR_LOWER}]+{_ADJECTIVE_END})?){{1,2}}"
        r"| (?:nationale|européenne|centrale|générale|fédérale|constitutionnelle)(?: européenne)?"
        r"(?! (?:de|des|du|de la|d')\s?[A-ZÉÈ]))(?![\w'])"  # "Banque centrale des États de l'Afrique de l'Ouest" is longer
    ),
    "it": re.compile(
        r"(?<!\w)(Autorità|Corte|Consiglio|Agenzia|Guardia|Cassa|Commissione|Ministero|Camera|Garante|Istituto|"
        r"Confederazione|Osservatorio)"
        rf"((?: (?:di|dei|degli|delle|della|del|dello|dell'|per la|per il) ?[{_IT_LOWER}]{{3,}}(?: [{_IT_LOWER}]+{_ADJECTIVE_END})?){{1,2}}"
        r"| (?:nazionale|europea|centrale|generale|federale|costituzionale)(?! (?:di|dei|della|del|delle) [A-Z]))"
        r"(?![\w'])"
    ),
}



# --- Turkish -----------------------------------------------------------------------------------------
# A lowercase ending after an apostrophe is a case suffix, not part of the name (Turkish "Çin'de").
_CASE_SUFFIX = re.compile(r"^(.*\w)['\u2019][a-zçğıöşüâîû]{1,6}$")

# --- Japanese, Korean, Chinese: no spaces between words ----------------------------------------------
# Japanese and Korean run on without spaces too: "アリペイとWeChat", "PAYなどを".
_LATIN_RUN = re.compile(r"[^\W\d_\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af][\w'.&-]*?"
                        r"(?=[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]|$)")

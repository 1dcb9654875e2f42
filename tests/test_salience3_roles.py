"""Job titles and employers' acronyms before a person's name are not part of the name, in any language."""

from __future__ import annotations

import pytest

from bot.core.entities import unknown_names
from bot.core.summarise import summarise

CASES = [
    ("tr", "Törende konuşan Teknoloji Bakanı Mehmet Fatih Kacır yatırımın önemli olduğunu söyledi. "
           "Bakan, fabrikanın gelecek yıl açılacağını da açıkladı.", "Mehmet Fatih Kacır"),
    ("tr", "Açılışa Cumhurbaşkanı Recep Tayyip Erdoğan da katıldı ve fabrikayı gezdi.", "Recep Tayyip Erdoğan"),
    ("en", "The rules were announced on Monday by Commerce Secretary Wilbur Ross in Washington. "
           "The commerce secretary said the list would grow.", "Wilbur Ross"),
    ("it", "Alla cerimonia ha parlato anche il Premier Ministro Giorgia Meloni, accolta dagli operai. "
           "Il ministro ha poi lasciato lo stabilimento.", "Giorgia Meloni"),
    ("pl", "Decyzję ogłosił w środę prezes UOKiK Tomasz Chróstny podczas konferencji w Warszawie.", "Tomasz Chróstny"),
    ("id", "Menurut Deputi Gubernur BI Filianingsih Hendarta, transaksi tumbuh pesat tahun ini. "
           "Deputi gubernur itu menambahkan bahwa sistem sudah siap.", "Filianingsih Hendarta"),
]


@pytest.mark.parametrize(("lang", "text", "person"), CASES, ids=[c[0] + str(i) for i, c in enumerate(CASES)])
def test_office_before_a_name_is_not_part_of_it(lang, text, person):
    names = unknown_names(text, [], lang)
    assert person in names, sorted(names)
    assert not any(n != person and n.endswith(person) for n in names), sorted(names)



OFFICES_ONLY = [
    ("en", "The company named Jane Moore as Chief Financial Officer on Monday, after a search of six months.",
     "Chief Financial Officer", "Jane Moore"),
    ("fr", "Le Directeur Général de la société, Jean Dupont, a annoncé la fermeture du site.",
     "Directeur Général", "Jean Dupont"),
    ("es", "El Director Ejecutivo de la empresa, Juan Pérez, anunció el cierre de la planta.",
     "Director Ejecutivo", "Juan Pérez"),
    ("it", "Il Direttore Generale della società, Mario Rossi, ha annunciato la chiusura dello stabilimento.",
     "Direttore Generale", "Mario Rossi"),
]


@pytest.mark.parametrize(("lang", "text", "office", "person"), OFFICES_ONLY, ids=[c[0] for c in OFFICES_ONLY])
def test_an_office_alone_is_no_entity(lang, text, office, person):
    names = unknown_names(text, [], lang)
    assert office not in names and person in names, sorted(names)


def test_an_office_the_text_never_writes_in_lowercase_is_still_cut():
    names = unknown_names("US Commerce Secretary Howard Lutnick said on Tuesday that the curbs would stay.", [], "en")
    assert "Howard Lutnick" in names and not any("Secretary" in n for n in names), sorted(names)


def test_an_office_after_a_known_institution_opens_no_longer_name(gazetteer):
    body = ("The rule was announced by CFPB Director Rohit Chopra on Thursday. Chopra said big tech firms must "
            "follow the same rules as banks.")
    s = summarise("Regulator targets payment apps", body, gazetteer, language="en")
    assert "Rohit Chopra" in s.entities
    assert not any("Director" in name for name in s.entities)

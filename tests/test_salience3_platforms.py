"""Share and follow rows name platforms in any language; they are not what the story is about."""

from __future__ import annotations

import pytest

from bot.core.summarise import summarise

ROWS = [
    ("da", "Del artiklen: Facebook LinkedIn Mail",
     "Vipps MobilePay hæver gebyrerne for butikkerne fra januar. Ifølge selskabet skal pengene bruges på "
     "sikkerhed, og Dansk Erhverv kalder stigningen unødvendig."),
    ("it", "Seguici anche su Facebook e Instagram",
     "Il Comune di Prato ha approvato il progetto per il Macrolotto Zero. Il cantiere dovrebbe partire entro "
     "la primavera e durare due anni, secondo l'assessore Valentina Mazzoni."),
    ("ja", "この記事をシェアする\u3000X\u3000Facebook\u3000LINE\u3000はてなブックマーク",
     "PayPayは来年に米国で上場する計画を発表した。ソフトバンクグループの孫正義会長は成長の加速に期待を示した。"),
    ("tr", "Bizi takip edin: Instagram YouTube LinkedIn",
     "Merkez Bankası politika faizini yüzde 40 seviyesinde sabit tuttu. Başkan Fatih Karahan, enflasyonun "
     "yılın ikinci yarısında düşmesini beklediklerini söyledi."),
]


@pytest.mark.parametrize(("lang", "row", "story"), ROWS, ids=[r[0] for r in ROWS])
def test_a_share_or_follow_row_names_no_entity(gazetteer, lang, row, story):
    s = summarise("Nyheder" if lang == "da" else "Notizie", f"{story}\n{row}\n", gazetteer, language=lang)
    for platform in ("Facebook", "LinkedIn", "Instagram", "YouTube", "LINE", "X"):
        assert platform not in s.entities, s.entities
        assert platform not in s.mentioned

"""The gazetteer names the world's cities, legislatures, parties, weather and statistics offices,
East Asian ministries and football clubs as the press writes them in its own language and script,
and the ordinary words and given names that share a spelling with them name nobody."""

from __future__ import annotations

import pytest

from bot.core.summarise import summarise


@pytest.mark.parametrize(
    "form, canonical",
    [
        ("Стамбул", "Istanbul"),
        ("イスタンブール", "Istanbul"),
        ("伊斯坦布尔", "Istanbul"),
        ("İstanbul", "Istanbul"),
        ("إسطنبول", "Istanbul"),
        ("Київ", "Kyiv"),
        ("Warszawa", "Warsaw"),
        ("Αθήνα", "Athens"),
        ("București", "Bucharest"),
        ("Thành phố Hồ Chí Minh", "Ho Chi Minh City"),
        ("กรุงเทพมหานคร", "Bangkok"),
        ("부산", "Busan"),
        ("תל אביב", "Tel Aviv"),
        ("मुंबई", "Mumbai"),
        ("Ciudad de México", "Mexico City"),
        ("Госдума", "State Duma"),
        ("Tweede Kamer", "House of Representatives (Netherlands)"),
        ("衆議院", "House of Representatives of Japan"),
        ("국회", "National Assembly of South Korea"),
        ("全国人大", "National People's Congress"),
        ("Türkiye Büyük Millet Meclisi", "Grand National Assembly of Turkey"),
        ("Prawo i Sprawiedliwość", "Law and Justice"),
        ("自民党", "Liberal Democratic Party (Japan)"),
        ("더불어민주당", "Democratic Party of Korea"),
        ("국민의힘", "People Power Party"),
        ("भारतीय जनता पार्टी", "Bharatiya Janata Party"),
        ("Единая Россия", "United Russia"),
        ("気象庁", "Japan Meteorological Agency"),
        ("기상청", "Korea Meteorological Administration"),
        ("통계청", "Statistics Korea"),
        ("Statistisches Bundesamt", "Destatis"),
        ("Główny Urząd Statystyczny", "Statistics Poland"),
        ("TÜİK", "Turkish Statistical Institute"),
        ("国家统计局", "National Bureau of Statistics of China"),
        ("経済産業省", "Ministry of Economy, Trade and Industry"),
        ("工信部", "Ministry of Industry and Information Technology"),
        ("과학기술정보통신부", "Ministry of Science and ICT"),
        ("Fenerbahçe", "Fenerbahçe"),
        ("Ajax Amsterdam", "AFC Ajax"),
        ("Sport Lisboa e Benfica", "SL Benfica"),
        ("Маріуполь", "Mariupol"),
        ("宇宙航空研究開発機構", "Japan Aerospace Exploration Agency"),
        ("Роскосмос", "Roscosmos"),
    ],
)
def test_forms_in_other_languages_and_scripts_resolve(gazetteer, form, canonical):
    entity = gazetteer.lookup(form)
    assert entity is not None and entity.name == canonical


@pytest.mark.parametrize(
    "language, title, body, expected",
    [
        ("ru", "Госдума приняла закон",
         "В Стамбуле и Киеве прошли встречи. Росстат сообщил об инфляции в Москве.",
         {"State Duma", "Istanbul", "Kyiv", "Rosstat", "Moscow"}),
        ("ko", "국회, 기상청 예산 통과",
         "더불어민주당과 국민의힘은 부산과 인천에서 회의를 열었다.",
         {"National Assembly of South Korea", "Korea Meteorological Administration",
          "Democratic Party of Korea", "People Power Party", "Busan", "Incheon"}),
        ("zh", "国家统计局公布数据",
         "工信部与国家发改委发文。伊斯坦布尔和雅典的游客增加。",
         {"National Bureau of Statistics of China", "Ministry of Industry and Information Technology",
          "National Development and Reform Commission", "Istanbul", "Athens"}),
        ("es", "Vox y Junts votan en contra",
         "El PSOE, Sumar y Junts apoyaron la ley. Vox votó en contra.",
         {"Vox", "Junts", "PSOE", "Sumar"}),
        ("tr", "TBMM'de bütçe görüşmesi",
         "AKP ve CHP milletvekilleri tartıştı. TÜİK enflasyonu açıkladı.",
         {"Grand National Assembly of Turkey", "Justice and Development Party",
          "Republican People's Party", "Turkish Statistical Institute"}),
    ],
)
def test_articles_name_their_cities_and_institutions(gazetteer, language, title, body, expected):
    found = set(summarise(title, body, gazetteer, language=language).entities)
    assert expected <= found


def test_a_club_named_like_its_city_is_the_club_only_in_a_match_report(gazetteer):
    report = summarise("Ajax-Feyenoord 2-1",
                       "Il Porto e il Benfica: gol, allenatore e tifosi. Lo Sporting ha pareggiato.",
                       gazetteer, language="it").entities
    assert {"AFC Ajax", "Feyenoord", "FC Porto", "SL Benfica", "Sporting CP"} <= set(report)
    news = summarise("Il porto di Porto", "Il sindaco di Porto ha presentato il nuovo piano per il porto.",
                     gazetteer, language="it").entities
    assert "Porto" in news and "FC Porto" not in news


@pytest.mark.parametrize(
    "language, text, absent",
    [
        ("en", "What a nice day. Santiago Giménez scored twice and Sofia smiled.", {"Santiago de Chile", "Nice"}),
        ("id", "Ada lima orang di sana dan baku tembak terjadi di Bali.", {"Lima", "Baku"}),
        ("it", "La nave entra nel porto e leggo la riga successiva.", {"Porto", "Riga"}),
        ("pl", "Sklep daje rabat dla stałych klientów.", {"Rabat"}),
        ("da", "Det lille hus ved havet er til salg.", {"Lille"}),
        ("es", "Vamos a sumar los votos: podemos ganar en los lagos del sur.", {"Sumar", "Podemos", "Lagos"}),
        ("nl", "Ze bergen de spullen op in de schuur.", {"Bergen"}),
        ("tr", "Eski kazan bozuldu, yeni bir kazan aldık.", {"Kazan"}),
        ("pl", "Policzono sumy wszystkich wydatków.", {"Sumy"}),
        ("en", "He won by KO in the third round; the NPC in the game was sold to a new firm.",
         {"Civic Coalition", "National People's Congress"}),
        ("zh", "这里加上新的功能，年轻人喜欢这款手机。", {"Riga", "BSC Young Boys"}),
        # Exonyms that fold onto everyday words or given names elsewhere: Spanish "Haga clic", "damas",
        # German "Abo" (Turku's Swedish Åbo), "Sam" (Turkish Şam, Damascus), "Bale" (French Bâle, Basel).
        ("es", "Haga clic aquí. Damas y caballeros, bienvenidos.", {"The Hague", "Damascus"}),
        ("de", "Jetzt ein Abo abschließen und weiterlesen.", {"Turku"}),
        ("en", "Sam Panopoulos and Gareth Bale met in Den Haag.", {"Damascus", "Basel"}),
    ],
)
def test_everyday_words_and_given_names_name_no_city_or_party(gazetteer, language, text, absent):
    found = {gazetteer.entities[h.entity].name for h in gazetteer.find(text, language=language)}
    assert not found & absent

"""Headlines, languages and key entities."""

from __future__ import annotations

import pytest

from bot.core.entities import scoreline_sides
from bot.core.summarise import clean_body, clean_headline, detect_language, summarise
from tests.conftest import load_articles, seed


def test_seed_summary(gazetteer):
    title, body = seed()
    s = summarise(title, body, gazetteer)
    assert s.headline == "Alibaba collaborerà con Apple per i pagamenti online"
    assert s.language == "it"
    assert {"Alibaba", "Apple", "Jack Ma", "Alipay", "Apple Pay"} <= set(s.entities)
    assert {"Alibaba", "Apple", "Jack Ma", "Alipay", "Apple Pay"} <= s.mentioned
    for boilerplate in ("Trump", "Donald Trump", "Conte", "Google", "Facebook", "Twitter", "Pinterest", "LinkedIn", "Ma"):
        assert boilerplate not in s.entities
        assert boilerplate not in s.mentioned


def test_seed_boilerplate_is_removed():
    _title, body = seed()
    text = clean_body(body, "it")
    assert "Articoli correlati" not in text
    assert "Share on Facebook" not in text
    assert "Trump" not in text
    assert "\nJack Ma\n" not in f"\n{text}\n"  # the repeated photo caption
    assert "è pronto" in text and "più grande" in text  # e' and piu' restored


@pytest.mark.parametrize(
    "marker",
    ["Articoli correlati", "Leggi anche:", "Related articles", "Read more", "Ähnliche Artikel", "Lire aussi",
     "Artículos relacionados", "相关阅读"],
)
def test_everything_after_a_related_list_marker_goes(marker):
    text = clean_body(f"The story itself.\n\n{marker}\n\nAnother story about Google")
    assert text == "The story itself."


@pytest.mark.parametrize(
    "line",
    ["Share on FacebookTweet about this on TwitterPin on Pinterest", "Condividi su Facebook WhatsApp",
     "This site uses cookies. By continuing you accept our cookie policy."],
)
def test_share_and_cookie_lines_go(line):
    assert clean_body(f"Real text.\n{line}\nMore real text.") == "Real text.\nMore real text."


def test_weak_alias_needs_the_full_name_and_mid_sentence(gazetteer):
    s = summarise("Ma il prossimo anno", "Ma il prossimo fine settimana piove. Lo ha detto Ma.", gazetteer, language="it")
    assert "Jack Ma" not in s.mentioned
    s = summarise("Jack Ma in Europa", "Il fondatore Jack Ma parla. Secondo Ma, il futuro è mobile.", gazetteer)
    jack = next(m for m in s.mentions if m.name == "Jack Ma")
    assert jack.count == 3


def test_lowercase_gazetteer_names_still_count(gazetteer):
    s = summarise("Pagamenti", "Il sistema alipay cresce ancora in Cina e in Europa.", gazetteer, language="it")
    assert "Alipay" in s.mentioned


def test_exact_case_entity_is_not_the_fruit(gazetteer):
    s = summarise("Recipe", "Slice the apple and bake the apple pie for an hour.", gazetteer, language="en")
    assert "Apple" not in s.mentioned


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Alibaba apre a Apple - ANSA.it", "Alibaba apre a Apple"),
        ("Stocks rally on rate hopes | Reuters", "Stocks rally on rate hopes"),
        ("Apple &amp; Alibaba: a   deal", "Apple & Alibaba: a deal"),
        ("L’amministratore delegato parla", "L'amministratore delegato parla"),
    ],
)
def test_headline_cleaning(title, expected):
    assert clean_headline(title) == expected


def test_long_headline_is_cut_at_a_word():
    headline = clean_headline("word " * 60)
    assert len(headline) <= 120 and headline.endswith("…") and not headline.endswith(" …")


def test_no_title_falls_back_to_first_sentence():
    assert clean_headline("", "First sentence here. Second one.") == "First sentence here."
    assert clean_headline("", "台风杜鹃今日登陆台湾。沿海地区将有大到暴雨。") == "台风杜鹃今日登陆台湾。"
    assert clean_headline("", "Il 3.5% degli utenti paga così. Poi il resto.") == "Il 3.5% degli utenti paga così."


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Huawei rinvia il lancio – Il Sole 24 ORE", "Huawei rinvia il lancio"),
        ("Alibaba wächst langsamer | tagesschau.de", "Alibaba wächst langsamer"),
        ("Apple - Samsung: la sfida continua", "Apple - Samsung: la sfida continua"),  # no site after the dash
        ("Bizum crece :: EFE", "Bizum crece :: EFE"),  # too little would be left
        ("Q&amp;A: what &quot;open banking&quot; means", 'Q&A: what "open banking" means'),
    ],
)
def test_site_suffixes_go_and_the_rest_stays(title, expected):
    assert clean_headline(title) == expected


@pytest.mark.parametrize("article", load_articles(), ids=lambda a: a["id"])
def test_language_of_labelled_articles(article):
    assert detect_language(f"{article['title']}\n{article['body']}") == article["language"]


def test_a_photo_caption_signed_by_its_photographer_goes():
    text = clean_body("ROME, ITALY - AUGUST 25: Domenico Criscito reacts during the match at Stadio Olimpico "
                      "in Rome, Italy. (Photo by Paolo Bruno/Getty Images)\nLa Roma pareggia ancora.", "it")
    assert "Criscito" not in text and "Olimpico" not in text
    assert text == "La Roma pareggia ancora."


def test_a_headline_surname_counts_as_naming_the_person(gazetteer):
    body = ("Il governo ha detto sì a Tencent su Satispay. Square, PayPal e Visa seguono il mercato da tempo, "
            "e Square e PayPal investono. Satispay cresce, Satispay assume, Satispay investe ancora. "
            "Lo ha deciso il Consiglio dei ministri presieduto da Mario Draghi.")
    with_surname = summarise("Satispay, sì a Tencent. Draghi e le sfide fintech", body, gazetteer, language="it")
    without = summarise("Satispay, sì a Tencent e le sfide fintech", body, gazetteer, language="it")
    assert with_surname.entities[:3] == ("Satispay", "Tencent", "Mario Draghi")
    assert "Mario Draghi" not in without.entities[:3]


def test_a_late_unknown_name_fills_a_free_slot_only(gazetteer):
    body = ("Nurses at the Royal College of Nursing have rejected the pay offer in England. " * 3
            + "The offer was not enough, the union says, and the strike goes on in every ward. " * 6
            + "The general secretary Pat Cullen has said the dispute must close.")
    s = summarise("Nurses reject pay offer", body, gazetteer, language="en")
    assert "Pat Cullen" in s.entities
    assert s.entities[0] == "Royal College of Nursing"


def test_a_ranking_widget_of_short_lines_goes_and_prose_stays():
    widget = "Die besten Huawei-Smartphones\n\nPlatz 1\nP30 Pro\n\n1,8\n\nPlatz 2\nMate 50 Pro\n\n2,4\n\nPlatz 3"
    text = clean_body(f"Alipay kommt zu dm.\n\n{widget}\n\nAlipay ist der größte Bezahldienst.", "de")
    assert "Huawei" not in text and "Platz" not in text
    assert text.startswith("Alipay kommt zu dm.") and text.endswith("Alipay ist der größte Bezahldienst.")
    short = "Zutaten\n\nMehl\nZucker\n\nDas Rezept ist einfach."
    assert clean_body(short, "de") == short  # three short lines are a list, not a widget


def test_a_name_inside_a_longer_unknown_name_is_one_entity(gazetteer):
    body = ("Gli Astràgali portano in scena la fiaba di Alì Babà con Emanuele Luzzati. Gli Astràgali tornano "
            "a Lecce.")
    s = summarise("Astràgali Teatro, arriva Alì Babà", body, gazetteer, language="it")
    assert "Astràgali Teatro" in s.entities and "Astràgali" not in s.entities


def test_a_long_paragraph_ending_in_a_photo_credit_stays():
    paragraph = "Jack Ma ha parlato ieri a Hangzhou davanti agli investitori di Alibaba. " * 8 + "(Foto: Reuters)"
    assert "Jack Ma" in clean_body(paragraph, "it")


def test_a_repeated_country_does_not_outrank_the_headline_companys_product(gazetteer):
    s = summarise("Huawei cuts its prices for European buyers",
                  "Huawei said on Monday that Germany is a key market. Huawei Pay will also launch in Germany, "
                  "where rivals are strong. Germany's regulators welcomed the move, and shops across Germany "
                  "will take it.", gazetteer, language="en")
    assert s.entities.index("Huawei Pay") < s.entities.index("Germany")


@pytest.mark.parametrize(
    ("text", "language", "sides"),
    [
        ("Nebros-Modica 2 a 1, le parole del mister", "it", ["Nebros", "Modica"]),  # "modica" is a word too
        ("Ieri Juventus-Inter 2-1 allo Stadium.", "it", ["Juventus", "Inter"]),
        ("Real Madrid - Atlético Madrid 3:1", "es", ["Real Madrid", "Atlético Madrid"]),
        ("Baden-Württemberg meldet 12 Unwetter", "de", []),  # a hyphenated name, then a number: no result
        ("Coca-Cola 2024-2025 results", "en", []),  # years are no score
    ],
)
def test_a_scoreline_names_both_teams(text, language, sides):
    assert scoreline_sides(text, language) == sides


def test_teams_of_a_headline_result_are_entities(gazetteer):
    body = ("Partita strana allo stadio, abbiamo perso per un gol nato da un episodio. Giovedì c'è la coppa e "
            "vogliamo andare avanti: giocheremo due volte in dieci giorni.")
    s = summarise("Nebros-Modica 2 a 1, le parole del mister", body, gazetteer, language="it")
    assert {"Nebros", "Modica"} <= set(s.entities)


def test_a_brand_written_in_lowercase_first_fills_a_free_slot(gazetteer):
    body = ("PayPal chiude un trimestre record con 15 milioni di nuovi utenti. " * 3
            + "La crescita continua anche grazie ai commercianti, raddoppiati durante la pandemia. " * 4
            + "Prima è arrivata l'integrazione con l'exchange bitFlyer, poi le criptovalute.")
    s = summarise("PayPal, trimestre record", body, gazetteer, language="it")
    assert "bitFlyer" in s.entities
    # Capitalised first, a camel-case word may be a sector ("l'ambito FinTech"): no free pass.
    s = summarise("PayPal, trimestre record", body.replace("bitFlyer", "FinTech"), gazetteer, language="it")
    assert "FinTech" not in s.entities


@pytest.mark.parametrize(
    "marker", ["OFFERTA SPECIALE - POCHI PEZZI DISPONIBILI", "Advertisement", "ANZEIGE", "Publicidad:", "广告"]
)
def test_an_advert_and_its_marker_go(marker):
    body = f"Il sugo della nonna.\n\n{marker}\n\nOne Power Zoom: occhiali autoregolabili, due al prezzo di uno\n\nIngredienti"
    assert clean_body(body, "it") == "Il sugo della nonna.\n\nIngredienti"


@pytest.mark.parametrize("line", ["Ad esempio: la Juventus ha vinto.", "Offerta valida fino al 30 giugno."])
def test_prose_that_opens_like_an_advert_marker_stays(line):
    body = f"Il sugo della nonna.\n{line}\nIngredienti"
    assert clean_body(body, "it") == body


def test_a_german_genitive_in_the_body_is_the_headlines_name(gazetteer):
    s = summarise("Java-Anwendungsserver: Red Hat gibt WildFly 10 frei",
                  "Die Version 10 ist die Basis für Red Hats kommerzielle JBoss Enterprise Application Platform 7.",
                  gazetteer, language="de")
    assert "Red Hat" in s.entities and "Red Hats" not in s.entities


def test_a_party_before_its_leaders_name_is_two_names(gazetteer):
    s = summarise("Salvini critica l'incontro", "Ma il leader della Lega Matteo Salvini ha criticato l'incontro di ieri.",
                  gazetteer, language="it")
    assert "Lega Matteo Salvini" not in s.entities
    assert {"Lega", "Matteo Salvini"} <= set(s.entities)
    s = summarise("Review", "The China Economic Review says growth slowed.", gazetteer, language="en")
    assert "China Economic Review" in s.entities  # an institution's words are common English words


@pytest.mark.parametrize("listing", ["(NASDAQ: PYPL)", "(NYSE:V)", "(Nasdaq: PYPL; NYSE: PYPL)", "(HKEX: 0700)"])
def test_a_stock_listing_in_brackets_goes(listing):
    assert clean_body(f"PayPal Holdings Inc {listing} on Monday named a new chief.", "en") == (
        "PayPal Holdings Inc on Monday named a new chief.")


def test_a_chinese_share_row_goes():
    assert clean_body("正文。\n分享：Facebook | WhatsApp | 複製連結\n结尾。", "zh") == "正文。\n结尾。"


def test_the_big_apple_is_new_york(gazetteer):
    s = summarise("Big Apple swelters as heat index tops 105", "The Big Apple baked on Tuesday as a heat wave "
                  "settled over the city.", gazetteer, language="en")
    assert "New York" in s.entities and "Apple" not in s.mentioned


@pytest.mark.parametrize(
    "text",
    ["Ad-hoc-Mitteilung nach Art. 17 MAR\nDie Varta AG senkt ihre Prognose.\nDer Vorstand tagt.",
     "OFFERTA PUBBLICA DI ACQUISTO\nMediobanca ha lanciato un'offerta.\nIl cda si riunirà domani."],
)
def test_subheads_that_open_like_adverts_stay(text):
    assert clean_body(text, "de") == text


def test_an_em_dash_dateline_keeps_its_place_apart():
    assert clean_body("NEW YORK (AP) — Shares of Klarna jumped on Wednesday.", "en").startswith("NEW YORK - Shares")


def test_a_spanish_share_row_goes():
    assert clean_body("Texto.\nCompartir en Facebook Compartir en X Copiar enlace\nMás texto.", "es") == "Texto.\nMás texto."


def test_language_identifier_keeps_only_the_languages_it_answers():
    # py3langid keeps its whole 142-language model beside the restricted one unless told otherwise;
    # nothing restricts it again, so only the identified languages' columns may stay in memory.
    from bot.core.summarise import _identifier

    ident = _identifier()
    arrays = [ident.nb_ptc, *[a for a in ident._full_model if hasattr(a, "shape")]]
    assert all(a.shape[-1] == len(ident.nb_classes) for a in arrays)
    assert detect_language("Danske Bank og Nordea hæver renten igen, oplyser bankerne i en meddelelse tirsdag.") == "da"

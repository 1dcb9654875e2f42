"""Names the gazetteer does not know, and product models of names it does."""

from __future__ import annotations

import pytest

from bot.core.entities import scoreline_sides, unknown_names
from bot.core.summarise import summarise


def names(text: str, language: str) -> set[str]:
    return set(unknown_names(text, [], language))


def test_connectors_stay_inside_a_name():
    text = "Il presidente della Banca Centrale Europea ha parlato. La Banca Centrale Europea decide giovedì."
    assert "Banca Centrale Europea" in names(text, "it")
    text = "Ha vinto la Loterías y Apuestas del Estado, dice el informe."
    assert "Loterías y Apuestas del Estado" in names(text, "es")


def test_a_connector_does_not_end_a_name():
    assert "Griffin Peng" in names("Das sagte Griffin Peng der Deutschen Presse-Agentur am Montag.", "de")


def test_sentence_initial_common_words_are_not_names():
    found = names("Secondo fonti vicine. Dopo il voto, il governo tace. Secondo Marco Rossi la crisi resta.", "it")
    assert "Secondo" not in found and "Dopo" not in found
    assert "Marco Rossi" in found


def test_titles_before_a_name_are_trimmed():
    found = names("Yesterday Canadian President Justin Trudeau spoke. Later Justin Trudeau left.", "en")
    assert "Justin Trudeau" in found
    assert not any(n.startswith("Canadian") for n in found)
    found = names("Lo ha detto il ministro della Difesa Guido Crosetto ai giornalisti.", "it")
    assert "Guido Crosetto" in found


def test_german_nouns_are_not_names_but_german_names_are():
    text = ("Die Kunden zahlen an der Kasse. Der Konzern meldet eine Unwetterwarnung für die Region. "
            "Das bestätigte Griffin Peng am Montag, wie der Lieferdienst JoyExpress mitteilte.")
    found = names(text, "de")
    assert {"Kunden", "Kasse", "Konzern", "Unwetterwarnung", "Region"}.isdisjoint(found)
    assert "Griffin Peng" in found
    assert "JoyExpress" in found


def test_a_surname_counts_for_the_full_name_already_seen():
    found = unknown_names("Stripe is run by Patrick Collison, the founder. Collison said the round closed.", [], "en")
    assert "Collison" not in found
    assert found["Patrick Collison"].count == 2


def test_a_lone_capitalised_word_needs_to_recur_or_be_unknown_to_every_dictionary():
    assert "Nebros" in names("La squadra del Nebros ha vinto ieri sera.", "it")
    assert "Sotto" not in names("Il libro si chiama davvero Sotto il cielo.", "it")
    assert "Chinese" not in names("The Chinese market grew. Chinese buyers came. Chinese demand rose.", "en")


def test_elided_articles_and_possessives_are_not_part_of_names():
    found = names("Il piano dell'Unione Bancaria Europea piace. L'Unione Bancaria Europea decide. "
                  "Stripe's founder met Patrick Collison.", "it")
    assert "Unione Bancaria Europea" in found
    assert "Patrick Collison" in found


def test_title_case_headings_prove_nothing():
    text = "Creator Of The Hotly Debated Hawaiian Pizza Dies\n\nHis friend Sam Panopoulos said so."
    found = names(text, "en")
    assert "Sam Panopoulos" in found
    assert not any("Pizza" in n for n in found)


def test_shouted_ad_words_are_not_acronyms():
    assert names("Offerta limitata: CLICCA QUI per avere POCHI PEZZI. La NPCI dice di no.", "it") <= {"NPCI"}


@pytest.mark.parametrize(
    "title, body, expected",
    [
        ("Apple presenta iPhone 15", "Il nuovo iPhone 15 Pro costa di più. L'iPhone 15 arriva venerdì.",
         {"iPhone 15", "iPhone 15 Pro"}),
        ("Alibaba e Apple", "Apple Pay funziona su iPhone 6 e nuovi iPad.", {"iPhone 6"}),
    ],
)
def test_product_numbers_name_the_model(gazetteer, title, body, expected):
    s = summarise(title, body, gazetteer, language="it")
    assert expected <= set(s.entities)
    assert s.entity_types["iPhone 6" if "iPhone 6" in expected else "iPhone 15"] == "product"
    assert "iPhone" in s.mentioned  # followers of the family still match


def test_a_known_persons_surname_is_not_a_new_name(gazetteer):
    s = summarise("Apple", "Apple chief executive Tim Cook spoke. Cook said sales rose. Cook left.", gazetteer,
                  language="en")
    assert "Tim Cook" in s.entities and "Cook" not in s.entities


def test_credited_agency_is_kept_as_a_minor_entity_but_not_in_the_text(gazetteer):
    s = summarise("Bizum crece", "Madrid (EFE).- Bizum tiene ya más usuarios en España que nunca.", gazetteer,
                  language="es")
    assert "EFE" in s.credits
    assert "(EFE)" not in s.text
    assert s.entities[0] == "Bizum" and "EFE" in s.entities


def test_words_the_text_also_writes_in_lowercase_are_not_a_name():
    text = ("Ha ganado el Premio Igualdad del festival. El jurado le dio el premio igualdad por su película, "
            "dijo Luis Alegre.")
    found = names(text, "es")
    assert "Premio Igualdad" not in found
    assert "Luis Alegre" in found


def test_names_specific_to_one_language_still_count_mid_sentence():
    assert "Giuseppe Conte" in names("Le parole di Giuseppe Conte, leader del partito, sono dure.", "it")


def test_an_acronym_counts_for_the_name_it_abbreviates():
    found = unknown_names("Nurses at the Royal College of Nursing voted. The RCN says no. The RCN will strike.", [],
                          "en")
    assert "RCN" not in found
    assert found["Royal College of Nursing"].count == 3


def test_a_name_only_the_headline_gives_is_kept(gazetteer):
    s = summarise("Partita persa, le parole di Giancarlo Betta", "Abbiamo sbagliato tutto, ha detto il tecnico.",
                  gazetteer, language="it")
    assert s.entities[:1] == ("Giancarlo Betta",)


def test_a_product_named_after_its_maker_counts_for_the_maker(gazetteer):
    body = ("Apple Pay arriva in Francia. Con Apple Pay si paga con lo smartphone. Apple Pay funziona con "
            "Carrefour, Visa e Mastercard, ha detto Apple.")
    s = summarise("Apple Pay in Francia", body, gazetteer, language="it")
    assert s.entities[:2] == ("Apple Pay", "Apple")


def test_a_known_place_may_open_a_longer_name(gazetteer):
    s = summarise("Stripe", "Stripe opened an office at Frankfurt Airport this week, Stripe said.", gazetteer,
                  language="en")
    assert "Frankfurt Airport" in s.entities
    assert "Frankfurt" not in s.entities  # its only mention was part of the airport's name


def test_german_genitive_names_the_entity(gazetteer):
    s = summarise("Alibabas Umsatz wächst", "Chinas Wirtschaft stützt Alibabas Geschäft, sagt Apples Chef.", gazetteer,
                  language="de")
    assert {"Alibaba", "China", "Apple"} <= s.mentioned
    s = summarise("Visas", "Visas were issued to the Chinas team.", gazetteer, language="en")
    assert "Visa" not in s.mentioned and "China" not in s.mentioned  # only German inflects names so


@pytest.mark.parametrize(
    "title, body, language, expected, absent",
    [
        ("小米SU7 Ultra发布", "小米SU7 Ultra售价52万元。小米SU7销量很好。", "zh", {"Xiaomi SU7 Ultra", "Xiaomi SU7"}, set()),
        ("華為Pura 80現身", "華為Pura 80搭載麒麟晶片。", "zh", {"Huawei Pura 80", "Huawei"}, set()),
        ("Samsung", "Samsung Galaxy S24 Ultra costs more. Samsung said so.", "en", {"Samsung Galaxy S24 Ultra"}, set()),
        ("Apple", "The iPhone 2024 line and the iPhone 15,5 inch screen.", "en", set(), {"iPhone 2024", "iPhone 15"}),
    ],
)
def test_makers_and_families_name_their_models(gazetteer, title, body, language, expected, absent):
    s = summarise(title, body, gazetteer, language=language)
    assert expected <= set(s.entities)
    assert not absent & set(s.entities)


def test_short_acronyms_match_only_as_written(gazetteer):
    s = summarise("Ski", "Le Norvégien Boe a gagné devant Martin Fourcade.", gazetteer, language="fr")
    assert "Bank of England" not in s.mentioned
    s = summarise("BoE Raises Rates Again As Inflation Bites", "The BoE said so.", gazetteer, language="en")
    assert "Bank of England" in s.mentioned and s.mentions[0].in_title


def test_german_genitive_of_an_unknown_name_is_the_same_name():
    found = unknown_names("Red Hat gibt WildFly frei. Die Kunden von Red Hats Plattform warten.", [], "de")
    assert "Red Hats" not in found and found["Red Hat"].count == 2


def test_two_given_names_share_one_surname():
    found = unknown_names("Stripe is run by brothers Patrick and John Collison, who founded it in 2010.", [], "en")
    assert {"Patrick Collison", "John Collison"} <= set(found)
    found = unknown_names("The Bank of Canada and Jack Ramsey Dorsey met.", [], "en")
    assert "Canada Ramsey" not in found


def test_a_known_institution_before_a_persons_name_is_two_names(gazetteer):
    s = summarise("5G", "Lo ha detto il deputato della Lega Massimiliano Capitanio ieri sera.", gazetteer,
                  language="it")
    assert "Lega" in s.entities and "Massimiliano Capitanio" in s.entities
    assert not any(e.startswith("Lega ") for e in s.entities)


def test_headline_words_the_body_writes_in_lowercase_are_not_names(gazetteer):
    s = summarise("Urresola gana el Premio Igualdad en Tudela",
                  "El jurado le dio el premio igualdad a Estíbaliz Urresola por su película.", gazetteer, language="es")
    assert "Premio Igualdad" not in s.entities
    assert "Estíbaliz Urresola" in s.entities


def test_a_brand_that_is_a_common_word_does_not_count_opening_a_sentence_alone(gazetteer):
    s = summarise("Housing", "Block by block, the city rebuilt. Square meals were served.", gazetteer, language="en")
    assert {"Block", "Square"}.isdisjoint(s.mentioned)
    s = summarise("Square raises prices", "Square said the fees of Block would rise.", gazetteer, language="en")
    assert {"Block", "Square"} <= s.mentioned
    assert next(m for m in s.mentions if m.name == "Square").in_title


def test_a_club_named_like_its_city_is_the_club_in_a_sports_text(gazetteer):
    body = ("Falsa partenza per la Roma di Fonseca, che pareggia in casa davanti ai tifosi. Il Milan di "
            "Giampaolo perde a Udine: l'allenatore cambia modulo, ma il gol non arriva. Domani tocca alla Lazio.")
    s = summarise("Serie A, la prima giornata", body, gazetteer, language="it")
    assert {"AS Roma", "AC Milan", "SS Lazio"} <= s.mentioned
    assert not {"Rome", "Milan", "Lazio"} & s.mentioned
    business = "A Roma il governo discute con le banche di Milan e della Lazio, dice il ministro."
    s = summarise("Banche, vertice a Roma", business, gazetteer, language="it")
    assert {"Rome", "Milan", "Lazio"} <= s.mentioned
    assert not {"AS Roma", "AC Milan", "SS Lazio"} & s.mentioned


def test_everyday_words_do_not_make_a_sports_text():
    from bot.core.entities import is_sports_text

    assert is_sports_text("Il gol al 90', poi i tifosi in festa e l'allenatore soddisfatto.", "it")
    assert not is_sports_text("Apri la partita IVA: la giornata e la classifica delle reti 5G.", "it")
    assert not is_sports_text("Le but de la réforme: une équipe et une journée de travail.", "fr")


def test_two_people_joined_by_and_are_two_names():
    found = names("Estuvieron presentes Maribel Verdú y Emma Suárez en la gala de ayer.", "es")
    assert {"Maribel Verdú", "Emma Suárez"} <= found
    assert not any(" y " in n for n in found) and "Verdú Suárez" not in found
    assert "Loterías y Apuestas del Estado" in names("Lo dijo la Loterías y Apuestas del Estado ayer.", "es")


def test_two_words_inside_a_longer_name_refer_to_it():
    text = ("Ganó en el Festival de Cine Ópera Prima de Tudela ayer. La directora volvió a la Opera Prima "
            "con su película.")
    found = unknown_names(text, [], "es")
    assert "Opera Prima" not in found
    assert found["Festival de Cine Ópera Prima de Tudela"].count == 2


def test_a_title_before_a_name_goes_in_every_language():
    found = names('He disagrees. Chef Alton Brown, however, takes a neutral stance. Chef Gordon Ramsay said no.', "en")
    assert {"Alton Brown", "Gordon Ramsay"} <= found
    assert not any(n.startswith("Chef") for n in found)


def test_a_hyphenated_german_noun_is_not_a_brand():
    found = names("Zunächst liefert JoyExpress nur Bestellungen aus dem konzerneigenen Online-Shop JoyBuy aus.", "de")
    assert "JoyBuy" in found and "Online-Shop JoyBuy" not in found


def test_an_acronym_written_as_a_name_counts_mid_sentence_only(gazetteer):
    s = summarise("Auto elettriche", "Xiaomi sfida grandi concorrenti come Tesla o Byd in Cina.", gazetteer,
                  language="it")
    assert "BYD" in s.mentioned
    s = summarise("Auto", "Byd sale. Mangia un po' di sap con Sap ogni giorno.", gazetteer, language="it")
    assert "BYD" not in s.mentioned and "SAP" not in s.mentioned
    s = summarise("Manovra", "La legge non piace a quelli del Pd, dice il governo.", gazetteer, language="it")
    assert "Partito Democratico" in s.mentioned
    s = summarise("Apple", "Ieri ha parlato Tim Cook, poi Ma Long ha giocato.", gazetteer, language="it")
    assert "Tim Cook" in s.mentioned and not {"TIM", "Telecom Italia"} & s.mentioned


def test_a_dateline_place_is_not_the_story(gazetteer):
    body = ("Madrid (EFE).- Bizum, la solución de pago de los bancos, tiene ya 25 millones de usuarios en España. "
            "Bizum crece en España y llega a Andorra.")
    s = summarise("Bizum crece", body, gazetteer, language="es")
    assert "Madrid" not in s.entities and "Madrid" in s.mentioned
    s = summarise("Bizum crece", body.replace("llega a Andorra", "llega a Madrid y Andorra"), gazetteer, language="es")
    assert "Madrid" in s.entities  # named in the story too


def test_a_chinese_games_named_after_its_city_is_the_event(gazetteer):
    body = "隨着成都大運會、杭州亞運會的臨近,越來越多的境外遊客來到中國。杭州亞運會官方支付合作夥伴支付寶表示歡迎。"
    s = summarise("支付寶:外國朋友來中國可刷支付寶", body, gazetteer, language="zh")
    assert {"Hangzhou Asian Games", "Chengdu Universiade"} <= set(s.entities)
    assert "Hangzhou" not in s.entities


def test_a_given_name_shares_the_surname_of_a_known_person(gazetteer):
    body = "Patrick and John Collison founded Stripe. Stripe grew fast, and Stripe raised money from Sequoia."
    s = summarise("Stripe raises money", body, gazetteer, language="en")
    assert {"John Collison", "Patrick Collison"} <= set(s.entities)


def test_a_capitalised_particle_opens_a_name_mid_sentence():
    found = names("Payments were made at the Al Maya Supermarket in Dubai. Parlarono di De Gasperi ieri.", "en")
    assert {"Al Maya Supermarket", "De Gasperi"} <= found


def test_unknown_words_listed_beside_known_places_are_places(gazetteer):
    body = ("Der Deutsche Wetterdienst warnt vor Gewittern in Bayern. Betroffen sind etwa Nürnberg, Ansbach, "
            "Feuchtwangen und Künzelsau. Der Deutsche Wetterdienst rät zur Vorsicht.")
    s = summarise("Unwetterwarnung", body, gazetteer, language="de")
    assert {"Ansbach", "Feuchtwangen", "Künzelsau"} <= set(s.entities)
    assert s.entity_types["Ansbach"] == "place"
    s = summarise("Unwetterwarnung", body.replace("Nürnberg", "Schmidt"), gazetteer, language="de")
    assert "Ansbach" not in s.entities  # no known place in the list: one mention of an unknown word


def test_german_declines_the_adjective_that_opens_a_name(gazetteer):
    from bot.core.entities import mentions

    body = "Der Deutsche Wetterdienst warnt. Bei der Deutschen Bank und im Europäischen Parlament ist es ruhig."
    found = {m.name for m in mentions(gazetteer, "Wetter", body, "de")}
    assert {"Deutscher Wetterdienst", "Deutsche Bank", "European Parliament"} <= found
    assert gazetteer.lookup("Deutschen Bank") is None  # /follow still resolves only the listed names


def test_words_listed_among_names_are_names(gazetteer):
    body = ("Use an assortment of apples. Try mixing some Macoun with Granny Smith, Cortland, Jonagold, and "
            "Empire. Most important, buy the fruits fresh and firm, then bake the pie for an hour.")
    s = summarise("Classic apple pie", body, gazetteer, language="en")
    assert "Empire" in s.entities
    s = summarise("Classic apple pie", body.replace("Granny Smith, Cortland, Jonagold", "sugar, butter, flour"),
                  gazetteer, language="en")
    assert "Empire" not in s.entities  # a list of common words vouches for nothing


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("The vase was collected over fifty years by the Swiss Zuellig brothers, who sold it.", "en", "Zuellig brothers"),
        ("Porcelain from the Ming dynasty is older than Qing ware.", "en", "Ming dynasty"),
        ("La collezione dei fratelli Zuellig è stata venduta ieri.", "it", "fratelli Zuellig"),
        ("Les frères Lumière ont inventé le cinématographe.", "fr", "frères Lumière"),
    ],
)
def test_a_family_or_dynasty_is_named_with_its_noun(text, language, name):
    found = names(text, language)
    assert name in found
    assert not any(n in found for n in ("Zuellig", "Ming", "Swiss Zuellig", "Lumière"))


def test_a_family_noun_needs_a_name_before_it():
    assert names("Two Chinese brothers opened a shop in the city centre last year.", "en") == set()


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("Hulot : Marlène Schiappa dénonce un article irresponsable", "fr", "Marlène Schiappa"),
        ("Sébastien Lecornu a annoncé une réforme des armées.", "fr", "Sébastien Lecornu"),
    ],
)
def test_a_given_name_of_one_language_opening_a_sentence_stays_with_its_surname(text, language, name):
    assert name in names(text, language)


def test_a_frequent_word_opening_a_sentence_is_not_a_given_name():
    assert "Ieri Zuckerberg" not in names("Ieri Zuckerberg ha parlato a lungo con Zuckerberg Junior.", "it")


def test_a_french_nationality_before_a_surname_is_not_part_of_the_name():
    assert names("La victoire de l'Américaine Shiffrin est nette, devant la Suissesse Gut-Behrami.", "fr") >= {"Shiffrin"}
    assert "Américaine Shiffrin" not in names("La victoire de l'Américaine Shiffrin est nette.", "fr")
    assert "Banque Populaire" in names("La Banque Populaire a signé hier avec la Caisse.", "fr")


def test_a_spanish_match_report_and_a_result_make_a_sports_text(gazetteer):
    from bot.core.entities import is_sports_text

    report = ("El Real Madrid se impuso por 3-1 al Barcelona. Vinícius abrió el marcador y Bellingham batió al "
              "portero antes del descanso; el técnico azulgrana lamentó las ocasiones.")
    assert is_sports_text(report, "es")
    s = summarise("El Real Madrid gana 3-1 al Barcelona", report, gazetteer, language="es")
    assert "FC Barcelona" in s.mentioned and "Barcelona" not in s.mentioned
    # A result and two words of match reports are enough.
    assert is_sports_text("Juventus-Inter 2-1: i tifosi e l'allenatore in festa.", "it")
    assert not is_sports_text("I tifosi e l'allenatore in festa.", "it")


@pytest.mark.parametrize(("text", "name"), [("Eine Alternative zu Paypal", "PayPal"), ("Tiktok und Wechat", "TikTok"),
                                            ("Die Bafin prüft den Fall", "BaFin")])
def test_a_camel_case_brand_counts_as_papers_write_it(gazetteer, text, name):
    assert name in summarise("Zahlungen", text, gazetteer, language="de").mentioned


@pytest.mark.parametrize(("text", "language"), [("El BOE publica la ley de pagos.", "es"),
                                                ("Il partito FDI cresce nei sondaggi.", "it")])
def test_a_short_camel_case_form_still_needs_its_case(gazetteer, text, language):
    mentioned = summarise("Notizie", text, gazetteer, language=language).mentioned
    assert "Bank of England" not in mentioned and "Fratelli d'Italia" not in mentioned


def test_a_firm_and_a_two_word_firm_do_not_share_a_surname():
    found = names("La levée de fonds est menée par Accel et Echo Street, selon le communiqué.", "fr")
    assert "Accel Street" not in found and "Echo Street" in found


@pytest.mark.parametrize("language", ["en", "it", "es", "fr"])
def test_a_portuguese_particle_stays_inside_a_name(language):
    assert "Luiz Inácio Lula da Silva" in names("Ieri, secondo il presidente Luiz Inácio Lula da Silva, tutto va.", language)


def test_an_elided_article_does_not_hide_a_known_name(gazetteer):
    report = ("L'Inter vince il derby e allunga in classifica. I nerazzurri battono il Milan grazie alla doppietta "
              "di Lautaro Martinez; l'allenatore rossonero protesta per un rigore.")
    s = summarise("Inter-Milan 2-1, Lautaro decide il derby", report, gazetteer, language="it")
    assert {"Inter Milan", "AC Milan"} <= set(s.entities)
    assert "Inter" not in s.entities and "Milan" not in s.entities


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("El presidente habló ayer en el Congreso de los Diputados durante dos horas.", "es", "Congreso de los Diputados"),
        ("The former midfielder Rafael van der Vaart spoke in Hamburg yesterday.", "en", "Rafael van der Vaart"),
    ],
)
def test_two_connectors_in_a_row_stay_inside_a_name(text, language, name):
    assert name in names(text, language)


def test_an_acronym_frequent_in_its_own_language_is_still_a_name():
    found = names("Die SPD verliert. Nach der Wahl will die SPD in die Opposition gehen, sagte ein Sprecher.", "de")
    assert "SPD" in found
    found = names("La Cgil e la UIL scioperano. Secondo la UIL e la CISL lo sciopero è riuscito, dice la UIL.", "it")
    assert "UIL" in found


def test_shouting_is_not_a_run_of_acronyms():
    assert names("Leggi qui. CLICCA QUI PER VEDERE. Poi ancora CLICCA QUI PER VEDERE e basta.", "it") == set()


def test_a_german_role_compound_names_the_firm_before_the_hyphen():
    text = ("Scholz wurde von den Chefs von Siemens und anderen begleitet. Siemens-Chef Roland Busch sagte, "
            "China bleibe ein wichtiger Markt.")
    found = names(text, "de")
    assert {"Siemens", "Roland Busch"} <= found and "Siemens-Chef" not in found
    assert "Baden" not in names("Im Süden meldet Baden-Württemberg Unwetter, so Baden-Württemberg.", "de")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Die Grünen kritisierten die Reise: Außenministerin Annalena Baerbock hatte gewarnt.", "Annalena Baerbock"),
        ("Wirtschaftsminister Robert Habeck sagte am Montag, der Plan stehe.", "Robert Habeck"),
        ("Der Bundesbank-Präsident Joachim Nagel warnte vor Risiken.", "Joachim Nagel"),
    ],
)
def test_a_german_title_vouches_for_the_name_after_it(text, name):
    assert name in names(text, "de")


def test_german_nouns_after_a_title_are_not_a_name():
    assert names("Der Trainer Mannschaft Erfolg feierte gestern lange.", "de") == set()


def test_an_endless_run_of_capitals_is_no_name():
    text = "Alpha Beta Gamma Delta " * 50 + "ha detto ieri."
    assert all(len(n.split()) <= 10 for n in names(text, "it"))


def test_a_middle_initial_stays_inside_a_name():
    found = names("Flights at John F. Kennedy International Airport were delayed, said George W. Bush.", "en")
    assert {"John F. Kennedy International Airport", "George W. Bush"} <= found
    assert "Mario Rossi" in names("Il piano B. Poi arrivò Mario Rossi, e Mario Rossi parlò.", "it")


def test_common_words_after_a_known_name_are_its_longer_name_not_another(gazetteer):
    s = summarise("Mobile money", "Le marché, longtemps dominé par Orange Money, a changé. Orange Money a baissé ses tarifs.",
                  gazetteer, language="fr")
    assert "Money" not in s.entities
    s = summarise("DeepSeek bloccata", "Le società Hangzhou DeepSeek Artificial Intelligence e Beijing DeepSeek "
                  "Artificial Intelligence non hanno risposto.", gazetteer, language="it")
    assert "Artificial Intelligence" not in s.entities


@pytest.mark.parametrize(
    ("text", "language", "name", "place"),
    [
        ("I dati del Politecnico di Milano mostrano una crescita. Secondo il Politecnico, il transato cresce.", "it",
         "Politecnico di Milano", "Milan"),
        ("Pomme a chanté à l'Auditorium de Lyon hier soir, devant un public conquis.", "fr", "Auditorium de Lyon",
         "Lyon"),
        ("Secondo l'Osservatorio della School of Management del Politecnico di Milano i pagamenti crescono.", "it",
         "Politecnico di Milano", "Milan"),
    ],
)
def test_an_institution_named_after_its_place_is_one_name(gazetteer, text, language, name, place):
    s = summarise("Notizie", text, gazetteer, language=language)
    assert name in s.entities
    assert place not in s.entities


def test_a_name_and_a_place_joined_by_a_connector_stay_two(gazetteer):
    s = summarise("Incendi", "Un incendi a l'Eixample de Barcelona. L'Eixample és un barri i els Bombers hi van anar.",
                  gazetteer, language="es")
    assert "Eixample de Barcelona" not in s.entities


def test_acronyms_of_common_nouns_are_not_names():
    assert not {"SUV", "ATM", "VAT"} & names(
        "El nuevo SUV llega en junio. Cada SUV cuesta más por el VAT, dice el ATM del banco; otro SUV y otro ATM.", "es")


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("L'Autorité de la concurrence a infligé une amende. Selon l'Autorité, Apple a abusé.", "fr",
         {"Autorité de la concurrence"}),
        ("La Cour des comptes et l'Assemblée nationale ont réagi hier soir.", "fr",
         {"Cour des comptes", "Assemblée nationale"}),
        ("Lo ha detto l'Agenzia delle entrate, mentre la Corte dei conti e la Guardia di finanza indagano.", "it",
         {"Agenzia delle entrate", "Corte dei conti", "Guardia di finanza"}),
    ],
)
def test_an_institution_written_with_one_capital_is_one_name(text, language, expected):
    assert expected <= names(text, language)


def test_a_capitalised_word_before_a_verb_is_no_institution():
    assert names("La Commission doit décider demain, et le Conseil a voté.", "fr") == set()


@pytest.mark.parametrize(
    ("title", "body", "language", "club"),
    [
        ("Derby", "I rossoneri hanno vinto il derby: gol al 90', tifosi in festa, l'allenatore soddisfatto.", "it",
         "AC Milan"),
        ("OM-Nice 2-0", "Les Phocéens ont battu les Aiglons au Vélodrome; l'entraîneur et le gardien sont ravis.", "fr",
         "OGC Nice"),
        ("Köln - Mainz 2:1", "Der 1. FC Köln schlägt Mainz: Der Trainer lobt die Tore, der Torwart hält einen Elfmeter.",
         "de", "1. FSV Mainz 05"),
    ],
)
def test_a_match_report_names_clubs_by_nickname_and_city(gazetteer, title, body, language, club):
    assert club in summarise(title, body, gazetteer, language=language).mentioned


def test_a_nickname_outside_a_match_report_is_a_word(gazetteer):
    s = summarise("Moda", "Il granata è il colore della stagione, dice lo stilista milanese.", gazetteer, language="it")
    assert "Torino FC" not in s.mentioned


# --- cases a review found ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "language", "wanted", "unwanted"),
    [
        ("The government has a Plan B. Officials said it was ready.", "en", set(), {"Plan B. Officials"}),
        ("Ha ringraziato i fratelli Giuseppe Rossi e Anna Rossi per il lavoro.", "it", {"Giuseppe Rossi"},
         {"fratelli Giuseppe Rossi"}),
        ("The talks ended. Overnight Zelensky urged allies to act.", "en", set(), {"Overnight Zelensky"}),
        ("Le départ de Kévin Mouchard de la Fédération a surpris les clubs.", "fr", {"Kévin Mouchard"},
         {"Kévin Mouchard de la Fédération"}),
        ("El Gobierno da Luz verde al plan de vivienda.", "es", set(), {"Gobierno da Luz"}),
        ("Das sagte ein Sprecher von Hendrik Wüst am Montag.", "de", {"Hendrik Wüst"}, {"von Hendrik Wüst"}),
        ("Das sagte Varta-Chef Markus Hackstein am Montag in Ellwangen.", "de", {"Markus Hackstein"}, set()),
        ("Las escuelas IESE, ESADE y EADA lideran el ranking.", "es", {"IESE"}, set()),
        ("The deal was advised by KKR.\nTPG declined to comment on KKR.", "en", {"KKR"}, set()),
        ("La Banque Delubac a publié ses comptes hier.", "fr", {"Banque Delubac"}, {"Delubac"}),
    ],
)
def test_review_cases(text, language, wanted, unwanted):
    found = names(text, language)
    assert wanted <= found and not unwanted & found


@pytest.mark.parametrize(
    ("text", "language"),
    [("Die Filiale hat neue Öffnungszeiten: Montag-Freitag 9-18 Uhr.", "de"), ("Orari: Lunedì-Venerdì 9-13", "it"),
     ("Il Frecciarossa Milano-Roma 10:30 è in ritardo.", "it")],
)
def test_hours_and_timetables_are_no_results(text, language):
    assert scoreline_sides(text, language) == []


def test_a_result_outside_a_match_report_vouches_for_nothing(gazetteer):
    s = summarise("Orari", "Lo sportello Alfa-Beta 2-1 apre alle nove.", gazetteer, language="it")
    assert not {"Alfa", "Beta"} & set(s.entities)


def test_political_words_do_not_make_a_sports_text(gazetteer):
    body = ("Il senatore è stato espulso dal Movimento dopo il voto; l'arbitro del regolamento ha chiesto rigore. "
            "La decisione è arrivata a Roma nella notte.")
    s = summarise("M5S, senatore espulso dopo il voto", body, gazetteer, language="it")
    assert "Rome" in s.mentioned and "AS Roma" not in s.mentioned


@pytest.mark.parametrize(
    "body",
    ["A." * 20000, "A'" * 20000, "A-" * 20000, "Ab Cd " * 8000, "Aa, " * 10000, "Ab de Cd " * 5000, "董事长王" * 5000],
)
def test_pathological_text_is_summarised(gazetteer, body):
    # Each took minutes before the regexes were made linear; none is a text of names.
    s = summarise("Titel", body, gazetteer, language="de")
    assert all(len(name.split()) <= 10 and len(name) <= 120 for name in s.entities)


def test_an_institution_adjective_before_a_longer_name_is_not_the_name():
    found = names("La Banque centrale des États de l'Afrique de l'Ouest a réagi, comme l'Assemblée nationale.", "fr")
    assert "Banque centrale" not in found and "Assemblée nationale" in found


@pytest.mark.parametrize(
    ("text", "language", "wanted", "unwanted"),
    [
        ("支付宝与银联的NFC之争仍在继续，LINE Pay則仍以綁定信用卡付款為主力。", "zh", {"LINE Pay"},
         {"NFC之争", "LINE Pay則仍以綁定信用卡付款為主力"}),
        ("auprès de l'Autorité des marchés financiers (AMF), un statut allégé", "fr",
         {"Autorité des marchés financiers"}, set()),
        ("Le Grand Prix est revenu au Norvégien Joachim Trier pour son film.", "fr", {"Joachim Trier"},
         {"Norvégien Joachim Trier"}),
        ("Vorstandschefin Bettina Orlopp sieht die Bank damit auf Kurs. Die Bank wächst.", "de", {"Bettina Orlopp"},
         {"Bank"}),
    ],
)
def test_second_blind_set_cases(text, language, wanted, unwanted):
    found = names(text, language)
    assert wanted <= found and not unwanted & found


def test_a_person_then_of_and_a_workplace_are_two_names():
    found = names("Sarah Okafor of Beckett University said so, and the Royal College of Nursing agreed.", "en")
    assert "Sarah Okafor" in found and "Royal College of Nursing" in found
    assert not any(n.startswith("Sarah Okafor of") for n in found)


@pytest.mark.parametrize(
    ("text", "language", "entity"),
    [("Il presidente ha incontrato a Rabat il re del Marocco.", "it", "Morocco"),
     ("Der Bundestag hat den Haushalt beschlossen; die AfD stimmte dagegen.", "de", "Bundestag"),
     ("Le Rassemblement national et La France insoumise ont voté contre.", "fr", "Rassemblement national"),
     ("塞内加尔总统周二访问北京。", "zh", "Senegal")],
)
def test_countries_parliaments_and_parties_are_known(gazetteer, text, language, entity):
    assert entity in summarise("Notizie", text, gazetteer, language=language).mentioned


def test_an_island_is_not_iceland(gazetteer):
    s = summarise("Storm", "The storm hit the island overnight, and the Island Council met.", gazetteer, language="en")
    assert "Iceland" not in s.mentioned
